// The seed's "Applet login" page, as written there. `doLogin` runs when the button is tapped;
// note that the seed's WXML binds `bindgetusrinfo` (sic), so a real tap never reaches it.
const app = getApp()
Page({
  data: {
  },
  onLoad: function(params) {
  },
  // Sign in
  doLogin: function(e) {
    console.log(e.detail.errMsg)
    console.log(e.detail.userInfo)
    console.log(e.detail.rawData)
    wx.login({
      success (res) {
        if (res.code) {
          //Initiate network request
          wx.request({
            url: 'https://test.com/onLogin',
            data: {
              code: res.code
            }
          })
        } else {
          console.log('Login failed!' + res.errMsg)
        }
      }
    })
  }
})
