const SERVER = 'https://privacy.example.com';
let token = '';

function call(method, path, data) {
  return new Promise((resolve, reject) => {
    wx.request({
      url: SERVER + path, method, data,
      header: { authorization: 'Bearer ' + token },
      success: resolve, fail: reject,
    });
  });
}

Page({
  data: { nickName: '', error: '', showPrivacy: false, referrer: '', contract: '' },

  async onLoad() {
    // Called when a covered API waits for consent: show our popup and keep `resolve` to answer.
    wx.onNeedPrivacyAuthorization((resolve, eventInfo) => {
      this.resolvePrivacy = resolve;
      wx.getPrivacySetting({
        success: (s) => {
          this.setData({ showPrivacy: true, referrer: eventInfo.referrer, contract: s.privacyContractName });
          resolve({ event: 'exposureAuthorization' });
        },
      });
    });
    // wx.login is not covered by the privacy contract: it runs before consent.
    const { code } = await wx.login();
    token = (await call('POST', '/login', { code })).data.token;
  },

  getProfile() {
    wx.getUserProfile({
      desc: 'Show your name on your orders',
      success: async (res) => {
        this.setData({ nickName: res.userInfo.nickName, error: '' });
        const r = await call('POST', '/profile', { rawData: res.rawData, signature: res.signature });
        console.log('server: ' + JSON.stringify(r.data));
      },
      fail: (e) => {
        console.error(e.errMsg + ' errno ' + e.errno);
        this.setData({ error: e.errMsg });
      },
    });
  },

  // The agree button records the consent; the app then resolves the waiting call.
  onAgree() {
    this.resolvePrivacy({ buttonId: 'agree-btn', event: 'agree' });
    this.setData({ showPrivacy: false });
  },

  onDisagree() {
    this.resolvePrivacy({ event: 'disagree' });
    this.setData({ showPrivacy: false });
  },

  checkPrivacy() {
    wx.getPrivacySetting({
      success: (s) => console.log('needAuthorization ' + s.needAuthorization + ' ' + s.privacyContractName),
    });
  },
});
