// The login sequence of seed 003: wx.login -> wx.request(code) -> the developer server exchanges
// the code at the WeChat interface service (code2Session) and answers with its own token, which
// the app keeps. On a relaunch with a token stored, checkSession decides whether it still holds.
App({
  globalData: { token: '' },

  onLaunch() {
    const token = wx.getStorageSync('token');
    if (!token) {
      this.login();
      return;
    }
    wx.checkSession({
      success: () => {
        console.log('session still valid: reusing token ' + token);
        this.globalData.token = token;
      },
      fail: () => {
        console.log('session expired: logging in again');
        this.login();
      },
    });
  },

  login() {
    wx.login({
      success: (res) => {
        wx.request({
          url: 'https://test.com/onLogin',
          method: 'POST',
          data: { code: res.code },
          success: (r) => {
            if (r.statusCode !== 200) {
              console.error('login refused: ' + JSON.stringify(r.data));
              return;
            }
            wx.setStorageSync('token', r.data.token);
            this.globalData.token = r.data.token;
            console.log('logged in as ' + r.data.openid);
          },
          fail: (e) => console.error('login request failed: ' + e.errMsg),
        });
      },
    });
  },
});
