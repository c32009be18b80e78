// The tap-gesture rule (wx-protocol.md section 1): getUserProfile, openSetting and
// requestSubscribeMessage fail outside a user tap handler with
// `<api>:fail can only be invoked by user TAP gesture.` (trailing period).

for (const [api, args] of [
  ['getUserProfile', { desc: 'conformance' }],
  ['openSetting', {}],
  ['requestSubscribeMessage', { tmplIds: ['T1'] }],
]) {
  kase('gesture.' + api + '.outside-a-tap', {
    method: api,
    source: 'wx-protocol.md section 1: tap-gesture rule',
    profile: { subscriptions: { templates: [{ id: 'T1', title: 'a' }] } },
  }, async (h) => {
    // A timer turn ends the tap's synchronous part: the call is no longer inside the gesture.
    await new Promise((resolve) => setTimeout(resolve, 0));
    const r = await h.observe(api, args);
    const fail = r.seen.find((s) => s.kind === 'fail');
    if (!h.check(fail, 'succeeded outside a tap')) return;
    const want = api + ':fail can only be invoked by user TAP gesture.';
    h.check(fail.res.errMsg === want, 'errMsg ' + h.show(fail.res.errMsg) + ', expected ' + h.show(want));
  });

  kase('gesture.' + api + '.inside-a-tap', {
    method: api,
    source: 'wx-protocol.md section 1: tap-gesture rule',
    profile: { subscriptions: { templates: [{ id: 'T1', title: 'a' }] } },
  }, async (h) => {
    const r = await h.observe(api, args);
    const fail = r.seen.find((s) => s.kind === 'fail');
    h.check(!fail || !/TAP gesture/.test(fail.res.errMsg), 'refused inside a tap: ' + h.show(fail && fail.res.errMsg));
  });
}
