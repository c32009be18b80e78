// The App from the seed "Applet login" post (shared/seeds/003_befe158f764beb64.txt), as written
// there: the user info lives in storage behind two App methods.
App({
  serverUrl: "",
  userInfo: null,
  setGlobalUserInfo: function(user) {
    wx.setStorageSync("userInfo", user);
  },
  getGlobalUserInfo: function() {
    return wx.getStorageSync("userInfo");
  },
})
