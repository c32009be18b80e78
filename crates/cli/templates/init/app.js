// Logs in as WeChat mini-programs do: wx.login gives a one-time code, the app's own server
// exchanges it at WeChat's interface service (code2Session) and answers with its own token.
// Under wxbox the server is backend/server.js and the interface service is wxbox's own.
App({
  globalData: { token: '' },

  onLaunch() {
    wx.login({
      success: ({ code }) => {
        wx.request({
          url: 'https://api.example.com/login',
          method: 'POST',
          data: { code },
          success: (res) => {
            if (res.statusCode !== 200) {
              console.error('login refused: ' + JSON.stringify(res.data));
              return;
            }
            this.globalData.token = res.data.token;
            wx.setStorageSync('token', res.data.token);
            console.log('logged in');
          },
          fail: (err) => console.error('login request failed: ' + err.errMsg),
        });
      },
    });
  },
});
