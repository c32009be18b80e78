// requestSubscribeMessage: the errCodes of wx-protocol.md section 6 (docs:
// open-api/subscribe-message/wx.requestSubscribeMessage, "错误码").

kase('subscribe.over-the-limit', {
  method: 'requestSubscribeMessage',
  source: 'wx-protocol.md section 6: 20003 Templates count out of max bounds (max per call 3 in the seeds)',
  profile: { subscriptions: { max_per_call: 3, templates: [
    { id: 'T1', title: 'a' }, { id: 'T2', title: 'b' }, { id: 'T3', title: 'c' }, { id: 'T4', title: 'd' },
  ] } },
}, async (h) => {
  const r = await h.observe('requestSubscribeMessage', { tmplIds: ['T1', 'T2', 'T3', 'T4'] });
  const fail = r.seen.find((s) => s.kind === 'fail');
  if (!h.check(fail, 'four ids under a limit of three succeeded')) return;
  h.check(fail.res.errCode === 20003, 'errCode ' + h.show(fail.res.errCode) + ', expected 20003');
  h.check(/^requestSubscribeMessage:fail/.test(fail.res.errMsg), 'errMsg ' + h.show(fail.res.errMsg));
});

kase('subscribe.empty-list', {
  method: 'requestSubscribeMessage',
  source: "wx-protocol.md section 6: 10001 TmplIds can't be empty",
}, async (h) => {
  const r = await h.observe('requestSubscribeMessage', { tmplIds: [] });
  const fail = r.seen.find((s) => s.kind === 'fail');
  if (!h.check(fail, 'an empty list succeeded')) return;
  h.check(fail.res.errCode === 10001, 'errCode ' + h.show(fail.res.errCode) + ', expected 10001');
});

kase('subscribe.mixed-kinds', {
  method: 'requestSubscribeMessage',
  source: 'wx-protocol.md section 6: 20002 Templates type must be same (one-time and long-term cannot be mixed)',
  profile: { subscriptions: { templates: [
    { id: 'T1', title: 'a', kind: 'one-time' }, { id: 'L1', title: 'b', kind: 'long-term' },
  ] } },
}, async (h) => {
  const r = await h.observe('requestSubscribeMessage', { tmplIds: ['T1', 'L1'] });
  const fail = r.seen.find((s) => s.kind === 'fail');
  if (!h.check(fail, 'mixing one-time and long-term templates succeeded')) return;
  h.check(fail.res.errCode === 20002, 'errCode ' + h.show(fail.res.errCode) + ', expected 20002');
});

kase('subscribe.answers', {
  method: 'requestSubscribeMessage',
  source: "wx-protocol.md section 6: result {[tmplId]: 'accept' | 'reject' | 'ban' | 'filter', errMsg}",
  profile: { subscriptions: { templates: [
    { id: 'T1', title: 'a' }, { id: 'T2', title: 'b', decision: 'reject' }, { id: 'T3', title: 'c', banned: true },
  ] } },
}, async (h) => {
  const r = await h.observe('requestSubscribeMessage', { tmplIds: ['T1', 'T2', 'T3'] });
  const ok = r.seen.find((s) => s.kind === 'success');
  if (!h.check(ok, 'failed: ' + h.show(r.seen[0] && r.seen[0].res))) return;
  h.check(ok.res.errMsg === 'requestSubscribeMessage:ok', 'errMsg ' + h.show(ok.res.errMsg));
  h.check(ok.res.T1 === 'accept', 'T1 is ' + h.show(ok.res.T1) + ', expected accept');
  h.check(ok.res.T2 === 'reject', 'T2 is ' + h.show(ok.res.T2) + ', expected reject');
  h.check(ok.res.T3 === 'ban', 'T3 is ' + h.show(ok.res.T3) + ', expected ban');
});
