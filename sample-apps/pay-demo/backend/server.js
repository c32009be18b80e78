// The shop's server for pay-demo: WeChat login, WeChat Pay v3 JSAPI orders, and the payment
// notification, done as a real merchant server does them.
const sessions = {}; // token -> openid
const orders = {}; // out_trade_no -> { item, total, state, transactionId }
const ITEMS = { tea: { description: 'Green tea', total: 1200 } };
const challenges = {}; // openid -> the challenge issued
let next = 1;

function openidOf(req) {
  const token = (req.header.authorization || '').replace('Bearer ', '');
  return sessions[token];
}

module.exports = {
  'POST /login': async (req) => {
    const s = await wechat.code2Session(req.data.code);
    if (s.errcode) return { statusCode: 400, data: s };
    const token = 'tok-' + next++;
    sessions[token] = s.openid;
    return { token };
  },

  'POST /orders': async (req) => {
    const openid = openidOf(req);
    const item = ITEMS[req.data.item];
    if (!openid || !item) return { statusCode: 400, data: { error: 'who or what?' } };
    const outTradeNo = 'ORDER' + String(100000 + next++);
    const r = await wechat.pay.jsapi({
      description: item.description,
      out_trade_no: outTradeNo,
      notify_url: 'https://shop.example.com/pay/notify',
      amount: { total: item.total, currency: 'CNY' },
      payer: { openid },
    });
    if (!r.prepay_id) return { statusCode: 502, data: r };
    orders[outTradeNo] = { item: req.data.item, total: item.total, state: 'NOTPAY' };
    // paySign: SHA256withRSA by the merchant key over appId\ntimeStamp\nnonceStr\npackage\n.
    const timeStamp = String(Math.floor(Date.now() / 1000));
    const nonceStr = 'n' + outTradeNo;
    const pkg = 'prepay_id=' + r.prepay_id;
    const paySign = wechat.pay.sign(wechat.appid + '\n' + timeStamp + '\n' + nonceStr + '\n' + pkg + '\n');
    return { outTradeNo, timeStamp, nonceStr, package: pkg, signType: 'RSA', paySign };
  },

  // WeChat Pay's notification: check the platform's signature over the raw body, decrypt the
  // resource with the APIv3 key, check the amount, then mark the order paid.
  'POST /pay/notify': async (req) => {
    if (!wechat.pay.verifyNotification(req.header, req.body)) {
      console.error('notification signature does not verify');
      return { statusCode: 401, data: { code: 'FAIL', message: 'bad signature' } };
    }
    const tx = wechat.pay.decryptResource(req.data.resource);
    const order = orders[tx.out_trade_no];
    if (!order || order.total !== tx.amount.total) {
      console.error('notification for an unknown order or amount: ' + tx.out_trade_no);
      return { statusCode: 400, data: { code: 'FAIL', message: 'unknown order' } };
    }
    order.state = tx.trade_state;
    order.transactionId = tx.transaction_id;
    console.log('notified: ' + tx.out_trade_no + ' ' + tx.trade_state + ' transaction ' + tx.transaction_id);
    return { statusCode: 204, data: '' };
  },

  'GET /soter/challenge': async (req) => {
    const openid = openidOf(req);
    if (!openid) return { statusCode: 401, data: { error: 'log in first' } };
    challenges[openid] = 'soter-' + next++;
    return { challenge: challenges[openid] };
  },

  // The signed resultJSON must carry our challenge, and WeChat must vouch for the signature.
  'POST /soter/verify': async (req) => {
    const openid = openidOf(req);
    const result = JSON.parse(req.data.resultJSON);
    if (!openid || result.raw !== challenges[openid]) {
      return { statusCode: 400, data: { verified: false, error: 'not our challenge' } };
    }
    delete challenges[openid];
    const v = await wechat.verifySoterSignature(openid, req.data.resultJSON, req.data.resultJSONSignature);
    return { verified: v.is_ok === true };
  },

  'GET /orders': async (req) => {
    const order = orders[req.query.no];
    if (!order) return { statusCode: 404, data: { error: 'no such order' } };
    // Not notified yet: ask WeChat Pay, as the docs advise.
    if (order.state === 'NOTPAY') {
      const q = await wechat.pay.queryOrder(req.query.no);
      if (q.trade_state) order.state = q.trade_state;
    }
    return { no: req.query.no, state: order.state };
  },
};
