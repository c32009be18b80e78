// jest 29.7 wrote snap.fixture.js.snap for this file; run.mjs checks the shims write the same text.
describe('d', () => {
  test('obj', () => { expect({b: [1, {c: 'x'}], a: new Map([['k', 1]])}).toMatchSnapshot(); expect('str`${x}\\').toMatchSnapshot('hint'); });
  test('multi', () => { expect('line1\nline2').toMatchSnapshot(); expect(2).toMatchSnapshot(); });
  test('props', () => { expect({id: 7, name: 'n', at: new Date(0)}).toMatchSnapshot({id: expect.any(Number)}); });
  test('throws', () => { expect(() => { throw new Error('kaput'); }).toThrowErrorMatchingSnapshot(); });
  test('item 10', () => { expect(10).toMatchSnapshot(); });
  test('item 9', () => { expect(9).toMatchSnapshot(); });
  test('misc', () => { expect([function f() {}, Symbol('s'), undefined, null, -0, NaN, 1n, /a.b/g, new Set([1]), new Error('e'), class K {}, new (class K { constructor() { this.q = 1; } })(), {}, []]).toMatchSnapshot(); });
  test('mock', () => { const f = jest.fn(); f(1); expect(f).toMatchSnapshot(); expect(jest.fn().mockName('nm')).toMatchSnapshot(); });
});
