// jest 29.7 printed the titles run.mjs expects for this file.
test.each([[1, 'a', {x: 1}, [1, 2]], [2.5, 'b%c', null, []]])('row %i %s %p %j %d %f %# %% %o', () => {});
test.each([1, 2])('value %d', () => {});
test.each([{a: 1, b: {c: 'x'}}, {a: 2, b: {c: [1]}}])('obj $a $b.c $# $missing', () => {});
test.each`
  a    | b        | expected
  ${1} | ${'x'}   | ${{k: 1}}
  ${2} | ${[1,2]} | ${null}
`('tpl $a $b $expected $#', () => {});
describe.each([['d1'], ['d2']])('desc %s', (n) => { test('inner', () => {}); });
test.each([['s', -0, 10n, Symbol('q'), undefined]])('%s|%d|%i|%s|%s', () => {});
test.each([[{a: [1, {b: 2}]}, 'x']])('%s and %s', () => {});
