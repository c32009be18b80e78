const app = getApp();
const SHOP = 'https://shop.example.com';

// wx.request as a Promise of the response.
function call(method, path, data) {
  return new Promise((resolve, reject) => {
    wx.request({
      url: SHOP + path,
      method,
      data,
      header: { authorization: 'Bearer ' + app.globalData.token },
      success: resolve,
      fail: reject,
    });
  });
}

Page({
  data: { item: { id: 'tea', name: 'Green tea', price: 1200 }, status: 'not paid', soter: '', last: null },

  async onLoad() {
    const { code } = await wx.login();
    const r = await call('POST', '/login', { code });
    app.globalData.token = r.data.token;
  },

  // The server creates the order and signs the parameters; the app only passes them on.
  async order() {
    const r = await call('POST', '/orders', { item: this.data.item.id });
    if (r.statusCode !== 200) throw new Error('order refused: ' + JSON.stringify(r.data));
    this.setData({ last: r.data });
    return r.data;
  },

  async pay(params) {
    try {
      await wx.requestPayment({
        timeStamp: params.timeStamp,
        nonceStr: params.nonceStr,
        package: params.package,
        signType: params.signType,
        paySign: params.paySign,
      });
    } catch (e) {
      console.error(e.errMsg);
      this.setData({ status: 'failed: ' + e.errMsg });
      return;
    }
    // WeChat's success only says the sheet closed paid; the server's word (from the
    // notification) is what counts.
    const r = await call('GET', '/orders?no=' + params.outTradeNo);
    console.log('server says ' + params.outTradeNo + ' is ' + r.data.state);
    this.setData({ status: r.data.state });
  },

  async buy() {
    await this.pay(await this.order());
  },

  async buyTampered() {
    const params = await this.order();
    const last = params.paySign.slice(-2, -1) === 'A' ? 'B' : 'A';
    params.paySign = params.paySign.slice(0, -2) + last + params.paySign.slice(-1);
    await this.pay(params);
  },

  async payAgain() {
    await this.pay(this.data.last);
  },

  // Soter: the server issues a challenge, the device signs it after the fingerprint, and the
  // server checks the signature at WeChat's verify_signature.
  async confirmWithFingerprint() {
    const { supportMode } = await wx.checkIsSupportSoterAuthentication();
    if (!supportMode.includes('fingerPrint')) return this.setData({ soter: 'no fingerprint' });
    const { isEnrolled } = await wx.checkIsSoterEnrolledInDevice({ checkAuthMode: 'fingerPrint' });
    if (!isEnrolled) return this.setData({ soter: 'no fingerprint enrolled' });
    const c = await call('GET', '/soter/challenge');
    try {
      const res = await wx.startSoterAuthentication({
        requestAuthModes: ['fingerPrint'],
        challenge: c.data.challenge,
        authContent: 'Confirm the payment',
      });
      const v = await call('POST', '/soter/verify', {
        resultJSON: res.resultJSON,
        resultJSONSignature: res.resultJSONSignature,
      });
      this.setData({ soter: v.data.verified ? 'fingerprint verified' : 'fingerprint NOT verified' });
    } catch (e) {
      console.error(e.errCode + ' ' + e.errMsg);
      this.setData({ soter: 'cancelled' });
    }
  },
});
