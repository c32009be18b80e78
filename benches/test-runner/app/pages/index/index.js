// The page the benchmark taps: wx.login's success (res.code, a one-time login code in WeChat)
// goes into the page data with a tap count.
Page({
  data: {
    code: '',
    taps: 0
  },
  onLogin() {
    wx.login({
      success: (res) => {
        this.setData({ code: res.code, taps: this.data.taps + 1 })
      }
    })
  }
})
