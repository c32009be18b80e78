const app = getApp();
const SERVER = 'https://notify.example.com';
// Template ids from the mini-program's admin console (here: the profile's templates).
const SHIPPED = 'TPL_SHIPPED_01';
const SHIPPED_COPY = 'TPL_SHIPPED_02'; // same title as SHIPPED: WeChat filters it
const REMINDER = 'TPL_REMINDER_01';
const ACCOUNT = 'TPL_ACCOUNT_LT'; // long-term

function call(method, path, data) {
  return new Promise((resolve, reject) => {
    wx.request({
      url: SERVER + path,
      method,
      data,
      header: { authorization: 'Bearer ' + app.globalData.token },
      success: resolve,
      fail: reject,
    });
  });
}

Page({
  data: { outcomes: [], sent: '' },

  async onLoad() {
    const { code } = await wx.login();
    const r = await call('POST', '/login', { code });
    app.globalData.token = r.data.token;
  },

  // requestSubscribeMessage needs a tap; each template gets accept / reject / ban / filter.
  async subscribe() {
    try {
      const res = await wx.requestSubscribeMessage({ tmplIds: [SHIPPED, SHIPPED_COPY, REMINDER] });
      const outcomes = [SHIPPED, SHIPPED_COPY, REMINDER].map((id) => ({ id, outcome: res[id] }));
      this.setData({ outcomes });
    } catch (e) {
      console.error(e.errCode + ' ' + e.errMsg);
    }
  },

  async ship() {
    const r = await call('POST', '/ship', { item: 'Green tea' });
    console.log('send: ' + r.data.errcode + ' ' + r.data.errmsg);
    this.setData({ sent: r.data.errcode === 0 ? 'message sent' : 'not sent: ' + r.data.errcode });
  },

  async mixed() {
    try {
      await wx.requestSubscribeMessage({ tmplIds: [SHIPPED, ACCOUNT] });
    } catch (e) {
      console.error(e.errCode + ' ' + e.errMsg);
    }
  },

  async settings() {
    const s = await wx.getSetting({ withSubscriptions: true });
    console.log('subscriptions: ' + JSON.stringify(s.subscriptionsSetting));
  },
});
