// The server for subscribe-demo: WeChat login, and subscription messages sent through the
// interface service (each one-time acceptance allows one message).
const sessions = {}; // token -> openid
let next = 1;

module.exports = {
  'POST /login': async (req) => {
    const s = await wechat.code2Session(req.data.code);
    if (s.errcode) return { statusCode: 400, data: s };
    const token = 'tok-' + next++;
    sessions[token] = s.openid;
    return { token };
  },

  'POST /ship': async (req) => {
    const openid = sessions[(req.header.authorization || '').replace('Bearer ', '')];
    if (!openid) return { statusCode: 401, data: { errcode: -1, errmsg: 'log in first' } };
    const r = await wechat.sendSubscribeMessage({
      touser: openid,
      template_id: 'TPL_SHIPPED_01',
      page: 'pages/index/index',
      miniprogram_state: 'developer',
      data: {
        thing1: { value: req.data.item },
        time2: { value: '2024-03-10 10:00' },
      },
    });
    if (r.errcode === 43101) console.log('the user has no acceptance left for TPL_SHIPPED_01');
    return { errcode: r.errcode, errmsg: r.errmsg, msgid: r.msgid };
  },
};
