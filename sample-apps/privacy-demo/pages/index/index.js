Page({
  data: { nickName: '', error: '', showPrivacy: false, referrer: '', contract: '' },

  onLoad() {
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
  },

  getProfile() {
    wx.getUserProfile({
      desc: 'Show your name on your orders',
      success: (res) => this.setData({ nickName: res.userInfo.nickName, error: '' }),
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
