Page({
  data: { id: '' },
  onLoad(query) {
    this.setData({ id: query.id })
    console.log('detail for', query.id, 'from', query.from, '- stack depth', getCurrentPages().length)
    setTimeout(() => {
      wx.navigateBack({ delta: 1 }).then(res => {
        const pages = getCurrentPages()
        pages[pages.length - 1].onDetailClosed()
      })
    }, 500)
  },
  onUnload() {
    console.log('detail unloaded')
  }
})
