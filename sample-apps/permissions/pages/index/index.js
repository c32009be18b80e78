Page({
  data: { location: false },
  async onLoad() {
    const before = await wx.getSetting()
    if (!before.authSetting['scope.userLocation']) {
      try {
        await wx.authorize({ scope: 'scope.userLocation' })
      } catch (e) {
        console.log('location refused:', e.errMsg)
      }
    }
    const after = await wx.getSetting()
    this.setData({ location: after.authSetting['scope.userLocation'] })
    console.log('scope.userLocation =', this.data.location)
  },
  // Bound to a "Open settings" button: the settings page needs a tap.
  async openSettings() {
    const s = await wx.openSetting()
    this.setData({ location: s.authSetting['scope.userLocation'] })
    console.log('after the settings page:', this.data.location)
  },
  // Bound to a "Notify me" button.
  subscribe() {
    wx.requestSubscribeMessage({
      tmplIds: ['TPL_ORDER_SHIPPED'],
      success: (res) => console.log('subscription:', res.TPL_ORDER_SHIPPED),
      fail: (err) => console.log('subscription failed:', err.errCode, err.errMsg),
    })
  },
})
