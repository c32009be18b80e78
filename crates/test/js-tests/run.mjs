// Node harness for the wxbox test shims (crates/test/js): `node crates/test/js-tests/run.mjs`.
// 1. Differential checks against jest-reference.json, recorded from real jest 29 by
//    gen-reference.mjs (pretty-format, jest-diff, expect messages).
// 2. Runner behaviour (hook order, only/skip/todo/each, timeouts, done, errors, -t, bail,
//    snapshots, mocks); expected values marked "jest:" were observed with jest 29.7.
// Exits non-zero on any failure.
import vm from 'node:vm';
import { readFileSync } from 'node:fs';
import { load, sizes } from './load.mjs';
import { prettyValues, prettyOptions, diffPairs, matcherCases, randomLinePairs, randomStringPairs } from './cases.mjs';

let passed = 0, failed = 0;
const fails = [];
function check(name, cond, detail) {
  if (cond) passed++;
  else { failed++; fails.push(name + (detail ? '\n' + detail : '')); }
}
function eq(name, got, want) {
  const g = JSON.stringify(got), w = JSON.stringify(want);
  check(name, g === w, `  want: ${w}\n  got:  ${g}`);
}

// ---- 1. differential checks ----
const ref = JSON.parse(readFileSync(new URL('./jest-reference.json', import.meta.url), 'utf8'));
{
  const ctx = load();
  const P = ctx.__wxbox_pretty, Fn = vm.runInContext('Function', ctx);
  const values = Fn('expect', 'return ' + prettyValues)(ctx.expect);
  let i = 0;
  for (const v of values) for (const o of prettyOptions) {
    let g; try { g = P.format(v, o); } catch (e) { g = 'THROW ' + e.message; }
    eq(`pretty-format #${i} ${JSON.stringify(o)}`, g, ref.pretty[i]); i++;
  }
  i = 0;
  for (const [a, b] of Fn('return ' + diffPairs)()) for (const expand of [false, true]) {
    const g = P.diff(a, b, { expand, includeChangeCounts: true });
    eq(`jest-diff #${i}`, g, ref.diffs[i]);
    i++;
  }
  randomStringPairs().forEach(([a, b], j) => eq(`diffStringsUnified random #${j}`, P.diffStringsUnified(a, b, { expand: j % 2 === 0, includeChangeCounts: true }), ref.stringDiffs[j]));
  randomLinePairs().forEach(([a, b], j) => eq(`diffLinesUnified random #${j}`, P.diffLinesUnified(a, b, { expand: j % 2 === 0, includeChangeCounts: true }), ref.lineDiffs[j]));
  i = 0;
  for (const src of matcherCases) {
    let out;
    try {
      const r = Fn('expect', 'fn', src)(ctx.expect, ctx.jest.fn);
      if (r && typeof r.then === 'function') await r;
      out = 'PASS';
    } catch (e) { out = String(e && e.message); }
    eq(`matcher #${i}: ${src}`, out, ref.matchers[i]);
    i++;
  }
}

// ---- 2. runner ----
async function runFile(src, options = {}, extra = {}) {
  const events = [];
  const ctx = load({ __wxbox_report: (o) => events.push(o), ...extra });
  vm.runInContext(src, ctx, { filename: 'file.test.js' });
  const summary = await ctx.__wxbox_jest.run({ testNamePattern: null, testTimeout: 5000, snapshot: { text: null, update: false, ci: false }, bail: false, ...options });
  const byName = {};
  for (const r of summary.results) byName[r.fullName] = r;
  return { summary, events, byName, ctx, log: ctx.log };
}
const statuses = (s) => s.results.map((r) => r.fullName + ':' + r.status);

{ // hook order and scoping, beforeAll/beforeEach failures (jest 29.7 printed this log)
  const src = readFileSync(new URL('./order.fixture.js', import.meta.url), 'utf8');
  const { summary, byName, ctx } = await runFile(src);
  eq('hook order', JSON.parse(ctx.printed), ["ba0", "be0", "t0", "ae0", "baA", "be0", "beA", "t1", "aeA", "ae0", "be0", "beA", "beB", "t2", "aeB", "aeA", "ae0", "baC", "aaC", "aaA", "baE", "aeE", "ae0", "aaE", "be0", "beF", "aeF", "ae0", "aa0"]);
  // jest: t0, t1 and t2 fail too, as log.push returns a number ("test functions can only return Promise or undefined").
  eq('order statuses', statuses(summary), ['t0:failed', 'A t1:failed', 'A B t2:failed', 'A B t3:skipped', 'A C t4:skipped', 'A C t5:todo', 'A D t6:skipped', 'E t7:failed', 'F t8:failed']);
  eq('counts', [summary.numPassed, summary.numFailed, summary.numSkipped, summary.numTodo, summary.hasTests], [0, 5, 3, 1, true]);
  eq('returned number', byName['A t1'].failures.map((f) => f.message), ['test functions can only return Promise or undefined.\nReturned value: 8']);
  eq('beforeAll failure fails its tests', byName['E t7'].failures.map((f) => f.message), ['baE failed']);
  eq('beforeEach failure', byName['F t8'].failures.map((f) => f.message), ['beF failed']);
  check('failure stack is the raw Error stack', /baE failed/.test(byName['E t7'].failures[0].stack) && /file\.test\.js:\d+:\d+/.test(byName['E t7'].failures[0].stack));
}
{ // report events
  const { events } = await runFile(`describe('d', () => { describe('e', () => { test('t', () => {}); }); });`);
  eq('events', events.map((e) => e.type === 'test_start' ? [e.type, e.fullName, e.ancestors, e.title] : [e.type, e.result.fullName, e.result.status, e.result.ancestors, e.result.failures]),
    [['test_start', 'd e t', ['d', 'e'], 't'], ['test_end', 'd e t', 'passed', ['d', 'e'], []]]);
  check('duration is a number', typeof events[1].result.duration === 'number');
}
{ // only / skip / todo
  const { summary } = await runFile(`
    test('a', () => {}); test.only('b', () => {}); it.skip('c', () => {}); test.todo('d'); fit('e', () => {}); xit('f', () => {}); xtest('g', () => {});
    describe.only('D', () => { test('h', () => {}); test('i', () => {}); });
    fdescribe('F', () => { test('j', () => {}); test.only('k', () => {}); });
    describe.skip('S', () => { test.only('l', () => {}); });
    xdescribe('X', () => { test('m', () => {}); });
    describe('N', () => { test('n', () => {}); });`);
  eq('focus', statuses(summary), ['a:skipped', 'b:passed', 'c:skipped', 'd:todo', 'e:passed', 'f:skipped', 'g:skipped', 'D h:passed', 'D i:passed', 'F j:skipped', 'F k:passed', 'S l:skipped', 'X m:skipped', 'N n:skipped']);
}
{ // each titles (jest 29.7 printed these)
  const src = readFileSync(new URL('./each.fixture.js', import.meta.url), 'utf8');
  const { summary } = await runFile(src);
  eq('each titles', summary.results.map((r) => r.fullName), ['row 1 a {"x": 1} [1,2] %d %f 0 % %o', 'row 2 b%c null [] %d %f 1 % %o', 'value 1', 'value 2', 'obj 1 x 0 $missing', 'obj 2 [1] 1 $missing',
    'tpl 1 x {"k": 1} 0', 'tpl 2 [1, 2] null 1', 'desc d1 inner', 'desc d2 inner', 's|-0|10n|Symbol(q)|undefined', '{ a: [Array] } and x']);
  check('each passes', summary.numFailed === 0, JSON.stringify(summary.results.filter((r) => r.status === 'failed')));
  const r2 = await runFile(`test.each([[1, 2, 3], [2, 2, 5]])('add(%i, %i) = %i', (a, b, c) => { expect(a + b).toBe(c); });
    test.each([[1]])('done %i', (a, done) => { setTimeout(() => { expect(a).toBe(1); done(); }, 1); });
    test.each\`x | y\n\${1} | \${2}\`('tpl $x', ({x, y}) => { expect(y).toBe(x + 1); });`);
  eq('each args', statuses(r2.summary), ['add(1, 2) = 3:passed', 'add(2, 2) = 5:failed', 'done 1:passed', 'tpl 1:passed']);
}
{ // timeouts, done, async, thrown values, return values
  const t0 = Date.now();
  const { byName } = await runFile(`
    test('promise', () => new Promise(() => {}), 50);
    test('done never', (done) => {}, 50);
    test('default', () => new Promise(() => {}));
    describe('h', () => { beforeEach(() => new Promise(() => {}), 30); test('t', () => {}); });
    test('done ok', (done) => { setTimeout(done, 5); });
    test('done err', (done) => { done(new Error('from done')); });
    test('done str', (done) => { done('bad'); });
    test('done twice', (done) => { done(); done(); });
    test('async ok', async () => { await new Promise((r) => setTimeout(r, 5)); expect(1).toBe(1); });
    test('async fail', async () => { await null; expect(1).toBe(2); });
    test('rejects', () => Promise.reject(new TypeError('nope')));
    test('throw str', () => { throw 'x'; });
    test('throw obj', () => { throw {a: 1}; });
    test('returns', () => 1);
    test('setTimeout', () => { jest.setTimeout(40); }); test('after setTimeout', () => new Promise(() => {}));
  `, { testTimeout: 60 });
  const msg = (n) => byName[n].failures.map((f) => f.message);
  const tm = (ms, kind, done) => `thrown: "Exceeded timeout of ${ms} ms for a ${kind}${done ? ' while waiting for `done()` to be called' : ''}.\nAdd a timeout value to this test to increase the timeout, if this is a long-running test. See https://jestjs.io/docs/api#testname-fn-timeout."`;
  eq('test timeout', msg('promise'), [tm(50, 'test')]);
  eq('done timeout', msg('done never'), [tm(50, 'test', true)]);
  eq('default timeout from options', msg('default'), [tm(60, 'test')]);
  eq('hook timeout', msg('h t'), [tm(30, 'hook')]);
  check('timeout stack points at the test definition', /file\.test\.js:2:/.test(byName['promise'].failures[0].stack), byName['promise'].failures[0].stack);
  eq('done ok', byName['done ok'].status, 'passed');
  eq('done(err)', msg('done err'), ['from done']);
  eq('done(str)', msg('done str'), ['Failed: "bad"']);
  eq('done twice', msg('done twice'), ['Expected done to be called once, but it was called multiple times.']);
  eq('async ok', byName['async ok'].status, 'passed');
  eq('async fail', msg('async fail'), ['expect(received).toBe(expected) // Object.is equality\n\nExpected: 2\nReceived: 1']);
  eq('rejected promise', msg('rejects'), ['TypeError: nope']);
  eq('thrown string', msg('throw str'), ['thrown: "x"']);
  eq('thrown object', msg('throw obj'), ['thrown: Object {\n  "a": 1,\n}']);
  eq('returned value', msg('returns'), ['test functions can only return Promise or undefined.\nReturned value: 1']);
  eq('jest.setTimeout', msg('after setTimeout'), [tm(40, 'test')]);
  check('timeouts ran on real short timers', Date.now() - t0 < 3000);
}
{ // expect.assertions / hasAssertions, snapshot failures do not stop the test
  const { byName } = await runFile(`
    test('a', () => { expect.assertions(2); expect(1).toBe(1); });
    test('b', () => { expect.hasAssertions(); });
    test('c', async () => { expect.assertions(1); await expect(Promise.resolve(2)).resolves.toBe(2); });
    test('d', () => { expect(1).toBe(1); });`);
  eq('assertions', byName['a'].failures.map((f) => f.message), ['expect.assertions(2)\n\nExpected two assertions to be called but received one assertion call.']);
  eq('hasAssertions', byName['b'].failures.map((f) => f.message), ['expect.hasAssertions()\n\nExpected at least one assertion to be called but received none.']);
  eq('assertions ok', [byName['c'].status, byName['d'].status], ['passed', 'passed']);
}
{ // file-level errors
  const r1 = await runFile(`test('before', () => {}); describe('bad', () => { test('x', () => {}); throw new Error('in describe'); }); test('after', () => {});`);
  eq('describe error', [r1.summary.errors.map((e) => e.message), r1.summary.results.length, r1.summary.hasTests], [['in describe'], 0, true]);
  const r2 = await runFile(`describe('a', () => { describe('b', () => { throw new Error('deep'); }); test('never', () => {}); }); test('t', () => {});`);
  eq('nested describe error unwinds', [r2.summary.errors.map((e) => e.message), r2.summary.results.length], [['deep'], 0]);
  const r3 = await runFile(`afterAll(() => { throw new Error('aa'); }); test('t', () => {});`);
  eq('afterAll error', [r3.summary.errors.map((e) => e.message), statuses(r3.summary)], [['aa'], ['t:passed']]);
  const r4 = await runFile(`var x = 1 + 1;`);
  eq('no tests: a script', [r4.summary.hasTests, r4.summary.errors, r4.summary.results], [false, [], []]);
  const r5 = await runFile(`describe('empty', () => { beforeEach(() => {}); });`);
  eq('describe without tests', r5.summary.errors.map((e) => e.message), ['Invalid: beforeEach() may not be used in a describe block containing no tests.']);
  const r6 = await runFile(`test('outer', () => { test('inner', () => {}); });`);
  eq('nested test', r6.byName['outer'].failures.map((f) => f.message), ['Tests cannot be nested. Test "inner" cannot run because it is nested within "outer".']);
  let threw = ''; try { await runFile(`test('no fn');`); } catch (e) { threw = e.message; }
  eq('missing fn', threw, 'Missing second argument. It must be a callback function. Perhaps you want to use `test.todo` for a test placeholder.');
  threw = ''; try { await runFile(`jest.mock('./x');`); } catch (e) { threw = e.message; }
  check('jest.mock is refused', /not supported/.test(threw), threw);
}
{ // -t and bail
  const src = `describe('math', () => { test('adds', () => {}); test('subtracts', () => { throw new Error('x'); }); }); describe('other', () => { beforeAll(() => { globalThis.ranOther = true; }); test('adds too', () => {}); });`;
  const r1 = await runFile(src, { testNamePattern: 'math ADD' });
  eq('-t (case-insensitive, full name)', statuses(r1.summary), ['math adds:passed', 'math subtracts:skipped', 'other adds too:skipped']);
  check('beforeAll skipped for blocks with no enabled test', r1.ctx.ranOther !== true);
  const r2 = await runFile(src, { bail: true });
  eq('bail', statuses(r2.summary), ['math adds:passed', 'math subtracts:failed', 'other adds too:skipped']);
}
{ // snapshots
  const src = `
    describe('d', () => {
      test('obj', () => { expect({b: [1, {c: 'x'}], a: new Map([['k', 1]])}).toMatchSnapshot(); expect('str\`\${x}\\\\').toMatchSnapshot('hint'); });
      test('multi', () => { expect('line1\\nline2').toMatchSnapshot(); expect(2).toMatchSnapshot(); });
      test('props', () => { expect({id: 7, name: 'n', at: new Date(0)}).toMatchSnapshot({id: expect.any(Number)}); });
      test('throws', () => { expect(() => { throw new Error('kaput'); }).toThrowErrorMatchingSnapshot(); });
      test('item 10', () => { expect(10).toMatchSnapshot(); });
      test('item 9', () => { expect(9).toMatchSnapshot(); });
    });`;
  const r1 = await runFile(src);
  const text = r1.summary.snapshot.text;
  const want = '// Jest Snapshot v1, https://goo.gl/fbAQLP\n\n' +
    'exports[`d item 9 1`] = `9`;\n\nexports[`d item 10 1`] = `10`;\n\n' +
    'exports[`d multi 1`] = `\n"line1\nline2"\n`;\n\nexports[`d multi 2`] = `2`;\n\n' +
    'exports[`d obj 1`] = `\n{\n  "a": Map {\n    "k" => 1,\n  },\n  "b": [\n    1,\n    {\n      "c": "x",\n    },\n  ],\n}\n`;\n\n' +
    'exports[`d obj: hint 1`] = `"str\\`\\${x}\\\\"`;\n\n' +
    'exports[`d props 1`] = `\n{\n  "at": 1970-01-01T00:00:00.000Z,\n  "id": Any<Number>,\n  "name": "n",\n}\n`;\n\n' +
    'exports[`d throws 1`] = `"kaput"`;\n';
  eq('new snapshot file', text, want);
  eq('added', [r1.summary.snapshot.added, r1.summary.numPassed], [8, 6]);
  // matches
  const r2 = await runFile(src, { snapshot: { text, update: false, ci: true } });
  eq('all match', [r2.summary.snapshot.text, r2.summary.snapshot.matched, r2.summary.numPassed, r2.summary.snapshot.obsolete], [null, 8, 6, []]);
  // mismatch, obsolete, CI not writing new ones
  const changed = src.replace("expect(2)", "expect(3)").replace("test('item 9', () => { expect(9).toMatchSnapshot(); });", "test('new', () => { expect(1).toMatchSnapshot(); });");
  const r3 = await runFile(changed, { snapshot: { text, update: false, ci: true } });
  eq('mismatch message', r3.byName['d multi'].failures.map((f) => f.message), ['expect(received).toMatchSnapshot()\n\nSnapshot name: `d multi 2`\n\nSnapshot: 2\nReceived: 3']);
  eq('ci does not write', r3.byName['d new'].failures.map((f) => f.message), ['expect(received).toMatchSnapshot()\n\nSnapshot name: `d new 1`\n\nNew snapshot was not written. The update flag must be explicitly passed to write a new snapshot.\n\nThis is likely because this test is run in a continuous integration (CI) environment in which snapshots are not written by default.\n\nReceived: 1']);
  eq('obsolete reported, not removed', [r3.summary.snapshot.obsolete, r3.summary.snapshot.unchecked, r3.summary.snapshot.text, r3.summary.snapshot.unmatched], [['d item 9 1'], 1, null, 2]);
  // update: rewrites the mismatch, adds the new one, removes the obsolete one
  const r4 = await runFile(changed, { snapshot: { text, update: true, ci: true } });
  eq('update', [r4.summary.numFailed, r4.summary.snapshot.updated, r4.summary.snapshot.added, r4.summary.snapshot.obsolete],
    [0, 1, 1, ['d item 9 1']]);
  check('update text', r4.summary.snapshot.text.includes('exports[`d multi 2`] = `3`;') && r4.summary.snapshot.text.includes('exports[`d new 1`] = `1`;') && !r4.summary.snapshot.text.includes('item 9'));
  // skipped and failing tests keep their snapshots (jest marks them checked)
  const r5 = await runFile(src.replace("test('multi'", "test.skip('multi'").replace("test('item 9', () => {", "test('item 9', () => { throw new Error('x');"), { snapshot: { text, update: true, ci: false } });
  eq('skipped keep snapshots', [r5.summary.snapshot.obsolete, r5.summary.snapshot.text], [[], null]);
  const r6 = await runFile(src, { snapshot: { text, update: false, ci: false }, testNamePattern: 'obj' });
  eq('-t keeps snapshots', r6.summary.snapshot.obsolete, []);
  // object diff
  const r7 = await runFile(src.replace("c: 'x'", "c: 'y'"), { snapshot: { text, update: false, ci: false } });
  eq('object snapshot diff', r7.byName['d obj'].failures[0].message, 'expect(received).toMatchSnapshot()\n\nSnapshot name: `d obj 1`\n\n- Snapshot  - 1\n+ Received  + 1\n\n@@ -3,9 +3,9 @@\n      "k" => 1,\n    },\n    "b": [\n      1,\n      {\n-       "c": "x",\n+       "c": "y",\n      },\n    ],\n  }');
  const r8 = await runFile(`test('x', () => { expect({id: 'a'}).toMatchSnapshot({id: expect.any(Number)}); });`);
  eq('property matcher failure', r8.byName['x'].failures[0].message, 'expect(received).toMatchSnapshot(properties)\n\nSnapshot name: `x 1`\n\n- Expected properties  - 1\n+ Received value       + 1\n\n  Object {\n-   "id": Any<Number>,\n+   "id": "a",\n  }');
  const r9 = await runFile(`test('x', () => { expect(1).toMatchSnapshot(); });`, { snapshot: { text: '// Jest Snapshot v1, https://goo.gl/fbAQLP\n\nexports[`gone 1`] = `1`;\n', update: true, ci: false } });
  eq('all removed: file deleted', [r9.summary.snapshot.text.includes('exports[`x 1`]'), r9.summary.snapshot.obsolete], [true, ['gone 1']]);
  const r10 = await runFile(`test.skip('x', () => {});`, { snapshot: { text: '// Jest Snapshot v1, https://goo.gl/fbAQLP\n\nexports[`gone 1`] = `1`;\n', update: true, ci: false } });
  eq('only obsolete: delete', [r10.summary.snapshot.text, r10.summary.snapshot.deleted], [null, true]);
  let inl = ''; try { load().expect(1).toMatchInlineSnapshot(); } catch (e) { inl = e.message; }
  check('inline snapshots refused', /not supported/.test(inl), inl);
}
{ // mock functions
  const ctx = load();
  const { wxbox, jest } = ctx;
  const f = wxbox.fn((a, b) => a + b);
  eq('calls/results', [f(1, 2), f.mock.calls, f.mock.results], [3, [[1, 2]], [{ type: 'return', value: 3 }]]);
  f.mockImplementationOnce(() => 'once').mockReturnValueOnce('v1');
  eq('once queue', [f(), f(), f(2, 2)], ['once', 'v1', 4]);
  f.mockReturnValue(9); eq('mockReturnValue', f(), 9);
  const thrower = wxbox.fn(() => { throw new Error('t'); });
  try { thrower(); } catch (e) {}
  eq('throw result', [thrower.mock.results[0].type, thrower.mock.results[0].value.message], ['throw', 't']);
  const C = wxbox.fn(function () { this.x = 1; });
  const inst = new C();
  check('instances', C.mock.instances[0] === inst && inst.x === 1);
  f.mockClear(); eq('mockClear', [f.mock.calls.length, f()], [0, 9]);
  f.mockReset(); eq('mockReset', [f(), f.mock.calls.length], [undefined, 1]);
  eq('names', [f.getMockName(), f.mockName('adder').getMockName(), f._isMockFunction, jest.isMockFunction(f), jest.isMockFunction(() => {})], ['jest.fn()', 'adder', true, true, false]);
  const r = wxbox.fn().mockResolvedValue(5), rj = wxbox.fn().mockRejectedValueOnce(new Error('no'));
  eq('resolved', await r(), 5);
  let rejected = ''; try { await rj(); } catch (e) { rejected = e.message; } eq('rejected', rejected, 'no');
  const obj = { n: 2, twice(x) { return x * this.n; } };
  const spy = wxbox.spyOn(obj, 'twice');
  eq('spy calls through', [obj.twice(3), spy.mock.calls], [6, [[3]]]);
  spy.mockImplementation(() => 0); eq('spy impl', obj.twice(3), 0);
  spy.mockRestore(); eq('restored', [obj.twice(3), jest.isMockFunction(obj.twice)], [6, false]);
  const proto = new (class { get v() { return 1; } })();
  const g = jest.spyOn(proto, 'v', 'get').mockReturnValue(2);
  eq('getter spy', proto.v, 2); g.mockRestore(); eq('getter restored', proto.v, 1);
  let e1 = ''; try { wxbox.spyOn({ a: 1 }, 'a'); } catch (e) { e1 = e.message; }
  eq('spy non-function', e1, 'Cannot spy on the `a` property because it is not a function; number given instead');
  const all = jest.fn(); all(1); jest.clearAllMocks(); eq('clearAllMocks', all.mock.calls.length, 0);
  const ctxMock = jest.fn().mockReturnThis(); const holder = { m: ctxMock }; check('mockReturnThis', holder.m() === holder);
  eq('lastCall', (() => { const m = jest.fn(); m(1); m(2, 3); return m.mock.lastCall; })(), [2, 3]);
  // toMatchSnapshot of a mock (jest-snapshot's mock serializer)
  const sm = ctx.jest.fn(); sm('a');
  eq('mock serializer', ctx.__wxbox_pretty.serialize(sm), '[MockFunction] {\n  "calls": [\n    [\n      "a",\n    ],\n  ],\n  "results": [\n    {\n      "type": "return",\n      "value": undefined,\n    },\n  ],\n}');
}
{ // the .snap text real jest 29.7 wrote for snap.fixture.js
  const r = await runFile(readFileSync(new URL('./snap.fixture.js', import.meta.url), 'utf8'));
  eq('same .snap as jest', r.summary.snapshot.text, readFileSync(new URL('./snap.fixture.js.snap', import.meta.url), 'utf8'));
  const again = await runFile(readFileSync(new URL('./snap.fixture.js', import.meta.url), 'utf8'), { snapshot: { text: readFileSync(new URL('./snap.fixture.js.snap', import.meta.url), 'utf8'), update: false, ci: true } });
  eq('jest .snap matches', [again.summary.numFailed, again.summary.snapshot.matched], [0, 11]);
}
{ // snapshot mismatch messages as jest 29.7 printed them (snapfail.*)
  const src = readFileSync(new URL('./snapfail.fixture.js', import.meta.url), 'utf8');
  const text = readFileSync(new URL('./snapfail.fixture.js.snap', import.meta.url), 'utf8');
  const want = JSON.parse(readFileSync(new URL('./snapfail.expected.json', import.meta.url), 'utf8'));
  const a = await runFile(src, { snapshot: { text, update: false, ci: true } }, { V: 'A' });
  eq('snapfail A matches', [a.summary.numFailed, a.summary.snapshot.matched], [0, 9]);
  const b = await runFile(src, { snapshot: { text, update: false, ci: true } }, { V: 'B' });
  for (const name of Object.keys(want)) eq('snapshot message ' + name, b.byName[name].failures.map((f) => f.message), want[name]);
}
{ // a file of failing tests of all kinds, as jest 29.7 reported it (runner.*); jest also prints
  // the code frame of the error a toThrow matcher received, which the shims leave out.
  const want = JSON.parse(readFileSync(new URL('./runner.expected.json', import.meta.url), 'utf8'));
  const r = await runFile(readFileSync(new URL('./runner.fixture.js', import.meta.url), 'utf8'));
  eq('runner: same tests', r.summary.results.map((x) => x.fullName), Object.keys(want));
  for (const x of r.summary.results) eq('runner: ' + x.fullName, [x.status, x.failures.map((f) => f.message)], want[x.fullName]);
  eq('runner: .snap', r.summary.snapshot.text, readFileSync(new URL('./runner.fixture.js.snap', import.meta.url), 'utf8'));
}
{ // expect.addSnapshotSerializer, both plugin kinds (serializer.*, written by jest 29.7)
  const r = await runFile(readFileSync(new URL('./serializer.fixture.js', import.meta.url), 'utf8'));
  eq('snapshot serializers', r.summary.snapshot.text, readFileSync(new URL('./serializer.fixture.js.snap', import.meta.url), 'utf8'));
}
{ // uncaught errors (uncaught.fixture.js): the host reports them with __wxbox_jest.uncaught
  let ctxRef;
  const guard = (f) => function () { try { return f.apply(this, arguments); } catch (e) { ctxRef.__wxbox_jest.uncaught(e); } };
  const extra = { setTimeout: (f, ms, ...a) => setTimeout(guard(f), ms, ...a) };
  const events = [], ctx = load({ ...extra, __wxbox_report: (o) => events.push(o) });
  ctxRef = ctx;
  const onRejection = (e) => ctx.__wxbox_jest.uncaught(e);
  process.on('unhandledRejection', onRejection);
  vm.runInContext(readFileSync(new URL('./uncaught.fixture.js', import.meta.url), 'utf8'), ctx);
  const s = await ctx.__wxbox_jest.run({ testTimeout: 5000, snapshot: { text: null } });
  process.off('unhandledRejection', onRejection);
  eq('uncaught errors', s.results.map((r) => [r.fullName, r.status, r.failures.map((f) => f.message)]), [
    ['timer throws', 'failed', ['expect(received).toBe(expected) // Object.is equality\n\nExpected: 2\nReceived: 1', 'thrown: "Exceeded timeout of 200 ms for a test while waiting for `done()` to be called.\nAdd a timeout value to this test to increase the timeout, if this is a long-running test. See https://jestjs.io/docs/api#testname-fn-timeout."']],
    ['next', 'passed', []], ['unhandled rejection', 'failed', ['floating']]]);
}
{ // a custom matcher may replace a built-in one
  const ctx = load();
  ctx.expect.extend({ toBe(r, e) { return { pass: r === e + 1, message: () => 'custom toBe' }; } });
  ctx.expect(2).toBe(1);
  let m = ''; try { ctx.expect(1).toBe(1); } catch (e) { m = e.message; }
  eq('extend overrides toBe', m, 'custom toBe');
}
{ // naturalCompare as jest-snapshot sorts keys
  const { naturalCompare } = load().__wxbox_jest;
  eq('naturalCompare', ['a 10', 'a 9', 'B', 'a', 'a 1', 'a-b', 'a b 2'].sort(naturalCompare), ['B', 'a', 'a 1', 'a 9', 'a 10', 'a b 2', 'a-b']); // what natural-compare 1.4.0 returns
}

{ // the lazily compiled chunks (String.raw strings) hold no backtick and no \${
  for (const f of ['pretty.js', 'expect.js', 'jest.js']) {
    const text = readFileSync(new URL('../js/' + f, import.meta.url), 'utf8');
    const chunks = text.split('String.raw`').slice(1).map((c) => c.slice(0, c.indexOf('`')));
    check(f + ' has lazy chunks', chunks.length > 0);
    chunks.forEach((c, i) => check(`${f} chunk ${i} has no \${`, !c.includes('${'), c.slice(c.indexOf('${') - 80, c.indexOf('${') + 20)));
  }
}

const total = sizes.reduce((n, [, s]) => n + s, 0);
console.log('shim sizes: ' + sizes.map(([f, s]) => `${f} ${s} B`).join(', ') + `, total ${total} B`);
for (const f of fails) console.log('FAIL ' + f);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
