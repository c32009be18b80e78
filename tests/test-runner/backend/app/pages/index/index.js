Page({
  data: { greeting: '' },
  load() {
    wx.request({
      url: 'https://api.example.com/hello.json',
      success: (res) => this.setData({ greeting: res.data.greeting }),
      fail: (err) => this.setData({ greeting: 'failed: ' + err.errMsg }),
    })
  },
})
