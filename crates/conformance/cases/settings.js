// The permission model (wx-protocol.md section 2: authorize -> {} | auth deny | invalid scope;
// getSetting -> {authSetting}; docs open-api/authorize/wx.authorize: a denied scope is not asked
// again, authorize fails at once).

kase('authorize.deny-is-remembered', {
  method: 'authorize',
  source: 'docs wx.authorize: once denied, authorize fails without a popup; getSetting reports false',
  profile: { decisions: { default_scope: 'deny' } },
}, async (h) => {
  const first = await h.observe('authorize', { scope: 'scope.userLocation' });
  const f1 = first.seen.find((s) => s.kind === 'fail');
  if (!h.check(f1, 'a denied authorize succeeded')) return;
  h.check(/^authorize:fail/.test(f1.res.errMsg), 'errMsg ' + h.show(f1.res.errMsg));
  const s = await h.wx.getSetting();
  h.check(s.authSetting['scope.userLocation'] === false, 'authSetting scope.userLocation is ' + h.show(s.authSetting['scope.userLocation']) + ', expected false');
  const second = await h.observe('authorize', { scope: 'scope.userLocation' });
  h.check(second.seen.some((x) => x.kind === 'fail'), 'a second authorize after a denial succeeded');
});

kase('authorize.allow', {
  method: 'authorize',
  source: 'docs wx.authorize: granted scopes show true in getSetting',
  profile: { decisions: { default_scope: 'allow' } },
}, async (h) => {
  const r = await h.wx.authorize({ scope: 'scope.record' });
  h.check(r.errMsg === 'authorize:ok', 'errMsg ' + h.show(r.errMsg));
  const s = await h.wx.getSetting();
  h.check(s.authSetting['scope.record'] === true, 'authSetting scope.record is ' + h.show(s.authSetting['scope.record']));
});

kase('authorize.invalid-scope', {
  method: 'authorize',
  source: 'wx-protocol.md section 2: authorize fails with invalid scope',
}, async (h) => {
  const r = await h.observe('authorize', { scope: 'scope.nonsense' });
  const fail = r.seen.find((s) => s.kind === 'fail');
  if (!h.check(fail, 'an unknown scope was granted')) return;
  h.check(/invalid scope/.test(fail.res.errMsg), 'errMsg ' + h.show(fail.res.errMsg));
});
