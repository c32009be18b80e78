Page({
  data: { name: 'Ann', title: 'first', log: '' },
  add(s) { this.setData({ log: this.data.log + s + ';' }) },
  onTap() { this.add('tap') },
  onLong() { this.add('long') },
  onTouch(e) { this.add('touch ' + e.touches.length + ' ' + e.touches[0].clientX) },
  onPicked(e) { this.add('picked ' + e.detail.which) },
})
