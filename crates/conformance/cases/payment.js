// requestPayment's checks (wx-protocol.md sections 1, 2, 5).

kase('payment.missing-in-documented-order', {
  method: 'requestPayment',
  source: 'wx-protocol.md section 1: parameter errors in the documented order (timeStamp, nonceStr, package, signType, paySign)',
}, async (h) => {
  const r = await h.observe('requestPayment', { package: 'prepay_id=x', signType: 'MD5' });
  const fail = r.seen.find((s) => s.kind === 'fail');
  if (!h.check(fail, 'succeeded without timeStamp, nonceStr, paySign')) return;
  const want = 'requestPayment:fail parameter error: parameter.timeStamp should be String instead of Undefined;' +
    'parameter.nonceStr should be String instead of Undefined;parameter.paySign should be String instead of Undefined;';
  h.check(fail.res.errMsg === want, 'errMsg ' + h.show(fail.res.errMsg) + ', expected ' + h.show(want));
});

kase('payment.bad-sign', {
  method: 'requestPayment',
  source: 'wx-protocol.md section 5: the paySign is checked; a wrong one fails (requestPayment:fail <detail>)',
}, async (h) => {
  const r = await h.observe('requestPayment', {
    timeStamp: '1700000000', nonceStr: 'n', package: 'prepay_id=nope', signType: 'RSA', paySign: 'bad',
  });
  const fail = r.seen.find((s) => s.kind === 'fail');
  if (!h.check(fail, 'a payment with an unknown prepay_id and a bad sign succeeded')) return;
  h.check(/^requestPayment:fail/.test(fail.res.errMsg), 'errMsg ' + h.show(fail.res.errMsg));
});
