Component({
  properties: { title: String },
  data: { count: 0 },
  methods: {
    bump(by) { this.setData({ count: this.data.count + by }); return this.data.count },
    pick() { this.triggerEvent('picked', { which: this.data.title }) },
  },
})
