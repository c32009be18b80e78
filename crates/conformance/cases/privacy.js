// The privacy flow (wx-protocol.md section 2: requirePrivacyAuthorize, onNeedPrivacyAuthorization;
// section 1: errno 104 privacy permission is not authorized).

kase('privacy.disagree', {
  method: 'requirePrivacyAuthorize',
  source: 'wx-protocol.md sections 1-2: disagree -> fail, errno 104',
}, async (h) => {
  h.wx.onNeedPrivacyAuthorization((resolve) => resolve({ event: 'disagree' }));
  const r = await h.observe('requirePrivacyAuthorize', {});
  const fail = r.seen.find((s) => s.kind === 'fail');
  if (!h.check(fail, 'a refused privacy contract succeeded')) return;
  h.check(fail.res.errno === 104, 'errno ' + h.show(fail.res.errno) + ', expected 104');
});

kase('privacy.agree', {
  method: 'requirePrivacyAuthorize',
  source: 'wx-protocol.md section 2: resolve({event: "agree"}) lets the call succeed',
}, async (h) => {
  h.wx.onNeedPrivacyAuthorization((resolve) => resolve({ event: 'agree' }));
  const r = await h.observe('requirePrivacyAuthorize', {});
  h.check(r.seen.some((s) => s.kind === 'success'), 'failed after agreeing: ' + h.show(r.seen[0] && r.seen[0].res));
  const s = await h.observe('getPrivacySetting', {}).then((x) => (x.seen[0] || {}).res || {});
  h.check(s.needAuthorization === false, 'needAuthorization ' + h.show(s.needAuthorization) + ' after agreeing');
});

kase('privacy.setting-before', {
  method: 'getPrivacySetting',
  source: 'wx-protocol.md section 2: getPrivacySetting -> {needAuthorization, privacyContractName}',
}, async (h) => {
  // getPrivacySetting is typed void (wx-protocol.md section 2): callbacks, not a Promise.
  const s = await h.observe('getPrivacySetting', {}).then((x) => (x.seen[0] || {}).res || {});
  h.check(s.needAuthorization === true, 'needAuthorization ' + h.show(s.needAuthorization) + ' before any consent');
  h.check(typeof s.privacyContractName === 'string', 'privacyContractName ' + h.show(s.privacyContractName));
});
