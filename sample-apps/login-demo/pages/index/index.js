const app = getApp();

Page({
  data: { nickName: '' },

  // Bound to a button: getUserProfile needs a tap. The server checks the signature and
  // decrypts the profile with the session key it got from code2Session.
  onProfileTap() {
    wx.getUserProfile({
      desc: '用于完善会员资料',
      success: (res) => {
        wx.request({
          url: 'https://test.com/profile',
          method: 'POST',
          header: { authorization: 'Bearer ' + app.globalData.token },
          data: {
            rawData: res.rawData,
            signature: res.signature,
            encryptedData: res.encryptedData,
            iv: res.iv,
          },
          success: (r) => {
            if (r.statusCode !== 200) {
              console.error('profile refused: ' + JSON.stringify(r.data));
              return;
            }
            this.setData({ nickName: r.data.nickName });
            console.log('server decrypted the profile: ' + JSON.stringify(r.data));
          },
        });
      },
      fail: (e) => console.error(e.errMsg),
    });
  },
});
