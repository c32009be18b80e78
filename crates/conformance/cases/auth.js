// Login codes (wx-protocol.md section 2: login -> {code}; code valid 5 min, single use).

kase('login.codes-differ', {
  method: 'login',
  source: 'wx-protocol.md section 2: login gives a code, valid 5 minutes, single use',
}, async (h) => {
  const a = await h.wx.login();
  const b = await h.wx.login();
  h.check(typeof a.code === 'string' && a.code.length > 0, 'code ' + h.show(a.code));
  h.check(a.code !== b.code, 'two logins gave the same code ' + h.show(a.code));
  h.check(a.errMsg === 'login:ok', 'errMsg ' + h.show(a.errMsg));
});

kase('checkSession.after-login', {
  method: 'checkSession',
  source: 'wx-protocol.md section 2: checkSession succeeds while the login session lives',
}, async (h) => {
  await h.wx.login();
  const r = await h.wx.checkSession();
  h.check(r.errMsg === 'checkSession:ok', 'errMsg ' + h.show(r.errMsg));
});

kase('checkSession.without-login', {
  method: 'checkSession',
  source: 'wx-protocol.md section 2: checkSession fails without a live session',
}, async (h) => {
  const r = await h.observe('checkSession', {});
  h.check(r.seen.some((s) => s.kind === 'fail'), 'succeeded with no session');
});
