// jest 29.7 wrote snapfail.fixture.js.snap with V = "A"; with V = "B" it printed snapfail.expected.json.
const B = globalThis.V === "B";
describe('s', () => {
  test('obj', () => { expect(B ? {a: 1, b: [1, 2, 4], c: 'x'} : {a: 1, b: [1, 2, 3], c: 'x'}).toMatchSnapshot(); });
  test('str', () => { expect(B ? 'hello wurld' : 'hello world').toMatchSnapshot(); });
  test('multi', () => { expect(B ? 'line one\nline 2\nline three' : 'line one\nline two\nline three').toMatchSnapshot(); });
  test('num', () => { expect(B ? 2 : 1).toMatchSnapshot('hinted'); });
  test('quote', () => { expect(B ? 'say "hi"' : 'say "ho"').toMatchSnapshot(); });
  test('arr', () => { expect(B ? [{id: 1}, {id: 3}] : [{id: 1}, {id: 2}]).toMatchSnapshot(); });
  test('long', () => { expect(Array.from({length: 30}, (_, i) => B && i === 15 ? 'changed' : 'item ' + i)).toMatchSnapshot(); });
  test('props', () => { expect({id: B ? 'x' : 5, n: 1}).toMatchSnapshot({id: expect.any(Number)}); });
  test('throws', () => { expect(() => { throw new Error(B ? 'bad two' : 'bad one'); }).toThrowErrorMatchingSnapshot(); });
});
