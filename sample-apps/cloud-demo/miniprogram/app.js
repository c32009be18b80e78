// Cloud development as the official template sets it up: init once at launch.
App({
  onLaunch() {
    wx.cloud.init({ env: 'demo-env', traceUser: true })
  },
  globalData: { openid: '' },
})
