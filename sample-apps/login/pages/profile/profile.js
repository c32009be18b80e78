// Uses the seed App's storage-backed user info, then opens the seed's login page when there is
// no user yet.
const app = getApp()

Page({
  data: {
    user: null
  },
  onLoad: function() {
    const stored = app.getGlobalUserInfo()
    console.log('stored user on first launch:', JSON.stringify(stored))
    if (!stored) {
      app.setGlobalUserInfo({ nickName: 'Guest', avatarUrl: '', gender: 0 })
    }
    this.setData({ user: app.getGlobalUserInfo() })
    console.log('user is now', this.data.user.nickName)
  },
  onReady: function() {
    if (this.data.user.nickName === 'Guest') {
      wx.navigateTo({ url: '../login/login' })
    }
  }
})
