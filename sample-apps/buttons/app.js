// The seeds' page samples as a mini-program: each page is one sample, tapped by tests/view.rs.
// Logging in first gives the session key that getUserInfo's signature and encryptedData use.
App({
  globalData: { code: null },
  onLaunch() {
    wx.login({
      success: (res) => {
        this.globalData.code = res.code;
      },
    });
  },
});
