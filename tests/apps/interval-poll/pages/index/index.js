// A page that polls: every 5 s it calls wx APIs, asks its server and sets data. Everything a
// tick causes is the interval's, so the run still ends at the horizon.
Page({
  data: { n: 0 },
  onLoad() {
    setInterval(() => {
      const n = this.data.n + 1
      wx.setStorage({ key: 'n', data: n })
      wx.request({
        url: 'https://api.example.com/status',
        success: (r) => this.setData({ n, status: r.data.ok }),
      })
    }, 5000)
  },
})
