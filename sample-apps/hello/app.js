// The WeChat quick-start app: keep a launch log in storage.
App({
  onLaunch(options) {
    const logs = wx.getStorageSync('logs') || []
    logs.unshift(Date.now())
    wx.setStorageSync('logs', logs)
    console.log('launched on', options.path, 'scene', options.scene)
  },
  onShow() {
    this.globalData.shownAt = Date.now()
  },
  globalData: {
    userInfo: null,
    shownAt: 0
  }
})
