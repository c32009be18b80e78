// Cases shared by the reference generator (real jest 29) and run.mjs (the wxbox shims).
// Each matcher case is a function body evaluated with `expect` and `fn` (jest.fn) in scope;
// it may return a promise. The recorded outcome is 'PASS' or the thrown error's message.

// pretty-format: [value source, options]
export const prettyValues = `[
 1, -0, NaN, Infinity, -Infinity, 1n, 'a"b\\\\c', '', true, null, undefined, Symbol('x'), Symbol(),
 function foo(){}, ()=>{}, new Date(Date.UTC(2020,0,1)), new Date(NaN), /a.b/gi, new Error('boom'), new TypeError('t'),
 {}, [], {b:1,a:[1,{c:2}],z:undefined}, [1,[2,[3,[4]]]], new Map([['k',1],[{a:1},[2]]]), new Set([1,'a',{b:2}]), new Map(), new Set(),
 (function(){ class Foo { constructor(){ this.x=1; } } return new Foo(); })(),
 (function(){ const o={a:1}; o.self=o; return o; })(), Object.create(null), {[Symbol('s')]: 1, a: 2},
 new Uint8Array([1,2]), (function(){ return arguments; })(1,2), [ , 1], new WeakMap(), {toJSON(){ return {j:1}; }},
 {'a-b': 1, 'B': 2, '10': 3, '9': 4}, [undefined, null], {nested:{deep:{deeper:{deepest:{x:1}}}}},
 Array.from({length: 12}, (_, i) => i), 'multi\\nline', {s: 'x\\ny'}, new Boolean(true), new String('s'), new Number(3),
 {a: expect.any(Number), b: expect.objectContaining({x: 1}), c: expect.arrayContaining([1]), d: expect.stringMatching(/x/), e: expect.anything()},
 {f: expect.not.stringContaining('q'), g: expect.closeTo(1.5, 1)},
]`;
export const prettyOptions = [{}, { min: true }, { indent: 4 }, { printBasicPrototype: false, escapeString: false }, { maxDepth: 2 },
  { min: true, maxDepth: 1 }, { escapeRegex: true, printFunctionName: false }, { maxWidth: 3 }];

// jest-diff: pairs [a, b] (expand false and true are both checked)
export const diffPairs = `(function(){
 const big = n => Array.from({length:n}, (_, i) => ({id: i, name: 'n' + i}));
 const b2 = big(30); const b3 = big(30); b3[3].name = 'X'; b3[25].name = 'Y';
 return [
 [{a:1},{a:2}], [{a:1,b:2},{a:1}], [[1,2,3],[1,3,2]], [[1,2,3],[3,2,1]], [{a:{b:{c:1}}},{a:{b:{c:1,d:2}}}],
 [b2, b3], ['a\\nb\\nc', 'a\\nc\\nd'], [new Map([['a',1]]), new Map([['a',2],['b',1]])], [new Set([1,2]), new Set([2,3])],
 [{a:[1,2]}, {a:{0:1,1:2}}], [[{x:1},{y:2}], [{y:2},{x:1}]], [{a:'x',b:'y',c:'z'}, {c:'z',b:'Y',a:'x'}],
 [['a','b','c','d','e','f','g','h','i','j','k','l','m','n'], ['a','b','c','d','e','f','X','h','i','j','k','l','m','n']],
 [{a:1}, [1]], [{toJSON(){return 1}}, {toJSON(){return 1}, x: 2}], [{x:'', y:' '}, {x:' ', y:''}], [[1,[2,[3]]],[1,[2,[4]]]],
 [{k:['a','b','c']}, {k:['a','c','b','d']}], [{}, {a:undefined}], ['', 'x'], [1, 'x'],
 ];})()`;

export const matcherCases = [
  // toBe
  'expect(1).toBe(1)', 'expect(1).toBe(2)', 'expect(1).not.toBe(1)', "expect('a').toBe('b')", 'expect({a: 1}).toBe({a: 1})',
  'expect([1]).toBe([1])', 'expect(new Map()).toBe(new Map())', 'expect({a: undefined}).toBe({})', 'expect(NaN).toBe(NaN)', 'expect(-0).toBe(0)',
  "expect('a\\nb').toBe('a\\nc')", "expect('  x ').toBe('x')", 'expect(undefined).toBe(null)', 'expect(1n).toBe(2n)',
  // toEqual / toStrictEqual
  'expect({a: 1, b: undefined}).toEqual({a: 1})', 'expect({a: 1}).toEqual({a: 2})', 'expect({a: 1}).not.toEqual({a: 1})',
  'expect([1, 2, 3]).toEqual([1, 2, 4])', 'expect({a: 1, b: undefined}).toStrictEqual({a: 1})', 'expect([, 1]).toStrictEqual([undefined, 1])',
  'class A { constructor() { this.x = 1; } } expect(new A()).toStrictEqual({x: 1})', 'class A { constructor() { this.x = 1; } } expect(new A()).toEqual({x: 1})',
  'expect(new Set([1, 2])).toEqual(new Set([2, 1]))', 'expect(new Set([1, 2])).toEqual(new Set([1, 3]))',
  "expect(new Map([['a', {b: 1}]])).toEqual(new Map([['a', {b: 2}]]))", 'expect(new Date(0)).toEqual(new Date(1))',
  'expect(/a/g).toEqual(/a/i)', "expect({a: 'x', n: 1, d: new Date(0)}).toEqual({a: expect.any(String), n: expect.any(Number), d: expect.anything()})",
  "expect({a: 'x', n: 1}).toEqual({a: expect.any(Number), n: 1})", "expect({id: 5, name: 'bob', extra: true}).toEqual(expect.objectContaining({name: 'alice'}))",
  "expect(['a', 'b', 'c']).toEqual(expect.arrayContaining(['b', 'z']))", "expect('hello world').toEqual(expect.stringContaining('wor'))",
  "expect('hello').toEqual(expect.stringMatching(/^h.*o$/))", "expect('hello').toEqual(expect.not.stringMatching(/^h/))",
  "expect({x: [1, 2]}).toEqual({x: expect.not.arrayContaining([3])})", "expect({a: {b: 1}}).toEqual({a: expect.not.objectContaining({b: 1})})",
  'expect(1.23).toEqual(expect.closeTo(1.2, 1))', 'expect(new Error("a")).toEqual(new Error("b"))', "expect('a\\nb\\nc').toEqual('a\\nB\\nc')",
  'expect({a: [1, {b: 2}], c: "x"}).toEqual({a: [1, {b: 3}], c: "x"})', 'expect(undefined).toEqual(null)', 'expect({a: 1}).toEqual([1])',
  // toMatchObject
  "expect({a: 1, b: 2, c: {d: 3, e: 4}}).toMatchObject({a: 1, c: {d: 3}})", "expect({a: 1, b: 2, c: {d: 3, e: 4}}).toMatchObject({a: 2, c: {d: 3}})",
  "expect({a: 1}).not.toMatchObject({a: 1})", "expect([{a: 1, b: 2}]).toMatchObject([{a: 1}])", 'expect(1).toMatchObject({})', 'expect({}).toMatchObject(null)',
  // truthiness and friends
  'expect(0).toBeTruthy()', 'expect(1).toBeTruthy()', 'expect(1).toBeFalsy()', "expect('').not.toBeFalsy()", 'expect(1).toBeNull()', 'expect(null).not.toBeNull()',
  'expect(1).toBeUndefined()', 'expect(undefined).toBeDefined()', 'expect(1).toBeNaN()', 'expect(NaN).not.toBeNaN()', 'expect(1).toBeTruthy(2)',
  // numbers
  'expect(1).toBeGreaterThan(2)', 'expect(3).not.toBeGreaterThan(2)', 'expect(1).toBeGreaterThanOrEqual(2)', 'expect(2).not.toBeGreaterThanOrEqual(2)',
  'expect(3).toBeLessThan(2)', 'expect(1).not.toBeLessThan(2)', 'expect(3).toBeLessThanOrEqual(2)', 'expect(2).not.toBeLessThanOrEqual(2)',
  "expect('1').toBeGreaterThan(2)", 'expect(1).toBeLessThan(undefined)', 'expect(0.1 + 0.2).toBeCloseTo(0.3)', 'expect(0.1 + 0.2).not.toBeCloseTo(0.3)',
  'expect(1.5).toBeCloseTo(1.4)', 'expect(1.5).toBeCloseTo(1.4, 5)', 'expect(1e-10).not.toBeCloseTo(0, 20)', 'expect(1).not.toBeCloseTo(1)', "expect('x').toBeCloseTo(1)",
  // toBeInstanceOf
  'expect([]).toBeInstanceOf(Array)', 'expect({}).toBeInstanceOf(Array)', 'class A {} class B extends A {} expect(new B()).not.toBeInstanceOf(A)',
  'expect(1).toBeInstanceOf(Number)', 'expect(Object.create(null)).toBeInstanceOf(Object)', 'expect({}).toBeInstanceOf(1)',
  // toContain / toContainEqual
  "expect([1, 2, 3]).toContain(4)", "expect([1, 2, 3]).not.toContain(2)", "expect('abc').toContain('d')", "expect('abc').not.toContain('b')",
  "expect([{a: 1}]).toContain({a: 1})", "expect(new Set([1])).toContain(2)", 'expect(null).toContain(1)', "expect('abc').toContain(1)",
  "expect([{a: 1}]).toContainEqual({a: 2})", "expect([{a: 1}, {b: 2}]).not.toContainEqual({b: 2})", 'expect([[1]]).toContainEqual([1])',
  // toHaveLength
  'expect([1, 2]).toHaveLength(3)', "expect('abc').not.toHaveLength(3)", 'expect({}).toHaveLength(1)', 'expect([]).toHaveLength(-1)', 'expect([1]).toHaveLength(1)',
  // toHaveProperty
  "expect({a: {b: [1, {c: 2}]}}).toHaveProperty('a.b[1].c', 2)", "expect({a: {b: [1, {c: 2}]}}).toHaveProperty('a.b[1].c', 3)",
  "expect({a: {b: 1}}).toHaveProperty('a.x.y')", "expect({a: {b: 1}}).toHaveProperty(['a', 'b'])", "expect({a: {b: 1}}).not.toHaveProperty('a.b')",
  "expect({a: {b: 1}}).not.toHaveProperty('a.b', 1)", "expect({a: {b: 1}}).toHaveProperty('a', {b: 2})", "expect({'a.b': 1}).toHaveProperty(['a.b'], 1)",
  "expect({a: undefined}).toHaveProperty('a')", "expect({}).toHaveProperty('a', undefined)", 'expect(null).toHaveProperty("a")', 'expect({}).toHaveProperty(1)',
  "expect([1, 2]).toHaveProperty('length', 2)", "expect({a: {b: 1}}).toHaveProperty('a.b.c', 1)",
  // toMatch
  "expect('hello').toMatch(/ell/)", "expect('hello').toMatch(/xyz/)", "expect('hello').toMatch('xyz')", "expect('hello').not.toMatch('ell')",
  "expect('hello').not.toMatch(/l+/)", 'expect(1).toMatch(/1/)', "expect('a').toMatch(1)",
  // toThrow
  "expect(() => { throw new Error('boom'); }).toThrow()", 'expect(() => {}).toThrow()', "expect(() => { throw new Error('boom'); }).not.toThrow()",
  "expect(() => { throw new Error('boom'); }).toThrow('oo')", "expect(() => { throw new Error('boom'); }).toThrow('zz')",
  "expect(() => { throw new Error('boom'); }).not.toThrow('oo')", "expect(() => { throw new Error('boom'); }).toThrow(/^b/)",
  "expect(() => { throw new Error('boom'); }).toThrow(/^z/)", "expect(() => { throw new Error('boom'); }).not.toThrow(/^b/)",
  "expect(() => { throw new TypeError('boom'); }).toThrow(TypeError)", "expect(() => { throw new Error('boom'); }).toThrow(TypeError)",
  "expect(() => { throw new TypeError('boom'); }).not.toThrow(Error)", "expect(() => { throw new Error('boom'); }).toThrow(new Error('boom'))",
  "expect(() => { throw new Error('boom'); }).toThrow(new Error('bam'))", "expect(() => { throw new Error('boom'); }).not.toThrow(new Error('boom'))",
  "expect(() => { throw 'str'; }).toThrow('x')", "expect(() => { throw 'str'; }).toThrow()", "expect(() => { throw 'str'; }).not.toThrow()",
  "expect(() => { throw {message: 'm'}; }).toThrow('m')", "expect(() => {}).toThrow(TypeError)", "expect(() => {}).toThrow('x')", 'expect(() => {}).toThrow(/x/)',
  "expect(() => { throw new Error('boom'); }).toThrowError(expect.objectContaining({message: 'zz'}))", 'expect(1).toThrow()', 'expect(() => {}).toThrow(1)',
  "expect(() => { throw new Error('a', {cause: new Error('c')}); }).toThrow(new Error('a'))",
  // promises
  'return expect(Promise.resolve(1)).resolves.toBe(2)', 'return expect(Promise.resolve(1)).resolves.not.toBe(1)', 'return expect(Promise.reject(1)).resolves.toBe(1)',
  'return expect(Promise.resolve(1)).rejects.toBe(1)', "return expect(Promise.reject(new Error('x'))).rejects.toThrow('y')",
  "return expect(Promise.reject(new Error('x'))).rejects.toThrow('x')", 'return expect(Promise.reject(2)).rejects.toEqual(3)', 'expect(1).resolves.toBe(1)',
  "return expect(() => Promise.reject(new Error('x'))).rejects.toThrow(TypeError)", 'return expect(Promise.resolve({a: 1})).resolves.toEqual({a: 1})',
  // mocks
  'const f = fn(); expect(f).toHaveBeenCalled()', 'const f = fn(); f(1, "a"); expect(f).not.toHaveBeenCalled()', 'const f = fn(); f(); f(2); f(3); f(4); expect(f).not.toBeCalled()',
  'const f = fn(); f(); expect(f).toHaveBeenCalledTimes(2)', 'const f = fn(); f(); expect(f).not.toHaveBeenCalledTimes(1)', 'expect(() => {}).toHaveBeenCalled()',
  'const f = fn(); f(1, {a: 1}); expect(f).toHaveBeenCalledWith(1, {a: 2})', 'const f = fn(); f(1); f(2); expect(f).toHaveBeenCalledWith(3)',
  'const f = fn(); expect(f).toHaveBeenCalledWith(3)', 'const f = fn(); f(1); f(2); expect(f).not.toHaveBeenCalledWith(2)', 'const f = fn(); f(1); expect(f).not.toHaveBeenCalledWith(1)',
  'const f = fn().mockName("named"); f({x: [1, 2]}, 3); expect(f).toBeCalledWith({x: [1, 3]}, 3)', 'const f = fn(); f(1, 2); expect(f).toHaveBeenCalledWith(1)',
  'const f = fn(); f(1); f(2); f(3); expect(f).toHaveBeenLastCalledWith(2)', 'const f = fn(); f(1); f(2); expect(f).not.lastCalledWith(2)',
  'const f = fn(); f(1); f(2); f(3); expect(f).toHaveBeenNthCalledWith(2, 3)', 'const f = fn(); f(1); f(2); f(3); expect(f).not.toHaveBeenNthCalledWith(2, 2)',
  'const f = fn(); f(1); expect(f).toHaveBeenNthCalledWith(3, 1)', 'const f = fn(); expect(f).toHaveBeenNthCalledWith(0, 1)',
  'const f = fn(); f({a: 1}); f({a: 2}); expect(f).toHaveBeenCalledWith({a: 3})', 'const f = fn(); f({a: 1}); f({a: 2}); expect(f).toHaveBeenLastCalledWith({a: 3})',
  'const f = fn(() => 1); expect(f).toHaveReturned()', 'const f = fn(() => 1); f(); expect(f).not.toHaveReturned()', 'const f = fn(() => { throw new Error(); }); try { f(); } catch (e) {} expect(f).toHaveReturned()',
  'const f = fn(() => 1); f(); expect(f).toHaveReturnedTimes(2)', 'const f = fn(() => 1); f(); expect(f).not.toReturnTimes(1)',
  'const f = fn(x => x * 2); f(1); f(2); expect(f).toHaveReturnedWith(3)', 'const f = fn(x => x * 2); f(1); f(2); expect(f).not.toHaveReturnedWith(4)',
  'const f = fn(x => x * 2); f(1); expect(f).not.toReturnWith(2)', 'const f = fn(x => x * 2); f(1); f(2); expect(f).toHaveLastReturnedWith(2)',
  'const f = fn(x => x * 2); f(1); f(2); f(3); expect(f).toHaveNthReturnedWith(2, 2)', 'const f = fn(x => x * 2); f(1); f(2); f(3); expect(f).not.nthReturnedWith(2, 4)',
  'expect({}).toHaveReturned()', 'const f = fn(); f.mockReturnValueOnce(1).mockReturnValue(2); expect([f(), f(), f()]).toEqual([1, 2, 3])',
  // asymmetric misuse, extend, assertions
  'expect.any()', "expect.stringContaining(1)", "expect(1).toEqual(expect.arrayContaining(1))",
  "expect.extend({toBeEven(r) { return {pass: r % 2 === 0, message: () => 'expected ' + this.utils.printReceived(r) + (this.isNot ? ' not' : '') + ' to be even'}; }}); expect(3).toBeEven()",
  "expect.extend({toBeEven(r) { return {pass: r % 2 === 0, message: () => 'expected ' + this.utils.printReceived(r) + (this.isNot ? ' not' : '') + ' to be even'}; }}); expect(2).not.toBeEven()",
  "expect.extend({toBeEven(r) { return {pass: r % 2 === 0, message: () => 'even'}; }}); expect({n: 3}).toEqual({n: expect.toBeEven()})",
  "expect.extend({toBad() { return 1; }}); expect(1).toBad()", "expect.extend({toNoMsg() { return {pass: false}; }}); expect(1).toNoMsg()",
  "expect.extend({async toAsync(r) { return {pass: r === 1, message: () => 'async ' + r}; }}); return expect(2).toAsync()",
  'expect(1, 2)',
  // passing checks (the shims decide these without compiling the full matchers)
  'expect(1).not.toBe(2)', 'expect({a: [1]}).toEqual({a: [1]})', 'expect({a: 1}).not.toEqual({a: 2})', 'expect([1]).toStrictEqual([1])', 'expect(null).not.toBeTruthy()',
  'expect(undefined).not.toBeDefined()', 'expect(2n).toBeGreaterThan(1n)', 'expect(1).not.toBeGreaterThan(1)', "expect('abc').toContain('b')", 'expect([1, 2]).not.toContain(3)',
  'expect([, 1]).toContain(undefined)', 'expect([{a: 1}]).toContainEqual({a: 1})', "expect('ab').toHaveLength(2)", "expect('abc').toMatch(/b/g)", "expect({a: 1, b: 2}).toMatchObject({a: 1})",
  'expect(new Date()).toBeInstanceOf(Date)', 'const f = fn(); f(1, 2); expect(f).toHaveBeenCalledWith(1, 2); expect(f).toBeCalledTimes(1); expect(f).toHaveBeenLastCalledWith(1, 2)',
  'const f = fn(); expect(f).not.toHaveBeenCalled(); expect(f).not.toBeCalledWith()', "expect(() => { throw new Error('x1'); }).toThrow('x')", "expect(() => { throw new Error('x1'); }).toThrow(/1$/)",
  "expect(() => { throw new RangeError('x'); }).toThrow(RangeError)", 'expect(() => {}).not.toThrow()', "const r = /x/g; expect(() => { throw new Error('x'); }).not.toThrow(r)",
  "const r = /x/g; expect(() => { throw new Error('x'); }).toThrow(r); expect(r.lastIndex).toBe(0)",
  "let n = 0; expect(() => { n++; throw new Error('a'); }).toThrow('b'); ", "let n = 0; try { expect(() => { n++; throw new Error('a'); }).toThrow('b'); } catch (e) {} expect(n).toBe(1)",
  'return expect(Promise.resolve([1])).resolves.toEqual([1])', "return expect(Promise.reject(new Error('q'))).rejects.toThrow('q')",
  "expect({a: 1}).toEqual({a: expect.any(Number)})",
  // more spy and property messages
  'const f = fn(); f({a: 1, b: [1, 2]}, "x"); f({a: 2}, "y"); f(3); f(4); expect(f).toHaveBeenCalledWith({a: 1, b: [1, 3]}, "x")',
  'const f = fn(); f({a: 1}, "x"); f({a: 2}, "y"); f({a: 3}, "z"); expect(f).toHaveBeenNthCalledWith(2, {a: 1}, "y")',
  'const f = fn(); f({a: 1}, "x"); f({a: 2}, "y"); expect(f).toHaveBeenLastCalledWith({a: 1}, "y")', 'const f = fn(); f(1, 2, 3); expect(f).toHaveBeenCalledWith(1, 2)',
  'const f = fn(); f(); expect(f).toHaveBeenCalledWith(1)', 'const f = fn(); f(1); f(1); f(1); f(1); expect(f).not.toHaveBeenCalledWith(1)',
  'const f = fn(); f(1); f(2); f(1); expect(f).not.toHaveBeenNthCalledWith(3, 1)', 'const f = fn(); f([1]); expect(f).not.toHaveBeenLastCalledWith([1])',
  'const f = fn((x) => { if (x) throw new Error("t"); return {v: x}; }); f(0); try { f(1); } catch (e) {} expect(f).toHaveReturnedWith({v: 1})',
  'const f = fn((x) => ({v: x})); f(1); f(2); f(3); f(4); expect(f).toHaveLastReturnedWith({v: 5})', 'const f = fn(() => 1); f(); f(); expect(f).not.toHaveLastReturnedWith(1)',
  'const f = fn(() => 1); f(); expect(f).toHaveNthReturnedWith(2, 1)', 'const f = fn(() => 1); f(); expect(f).toHaveNthReturnedWith(1.5, 1)',
  'const f = fn(); expect(f).toHaveReturnedTimes(1)', 'const f = fn(() => { throw 1; }); try { f(); } catch (e) {} expect(f).toHaveReturnedTimes(1)',
  "expect({a: [{b: 1}]}).toHaveProperty('a.0.b', 2)", "expect({a: [{b: 1}]}).toHaveProperty(['a', 0, 'b'], 1)", "expect({a: {}}).toHaveProperty('a.b.c')",
  "expect({a: 1}).toHaveProperty([])", "expect({a: {b: {c: 1}}}).toHaveProperty('a.b', {c: 2})", "expect('str').toHaveProperty('length', 4)",
  "expect(0.5).toBeCloseTo(0.51, 3)", "expect(Infinity).toBeCloseTo(Infinity)", "expect(1).toBeCloseTo(Infinity)", "expect(-0).toBeCloseTo(0, 1)",
  "expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]).toEqual([1])", "expect({a: 1, b: 2, c: 3, d: 4, e: 5, f: 6, g: 7, h: 8, i: 9, j: 10, k: 11}).toBe(1)",
  "expect('abc   ').toBe('abc')", "expect(['a  ']).toEqual(['a'])", "expect(new Map([[1, {a: 1}]])).toEqual(new Map([[1, {a: 2}]]))",
  "expect(new Set([{a: 1}])).toEqual(new Set([{a: 2}]))", "expect([1, 2]).toContain('1')", "expect(new Set([1, 2])).not.toContain(1)", "expect('hello').toContain('')",
  "expect(() => { throw new Error('x'); }).toThrowError()", "expect(() => { throw null; }).toThrow('x')", "expect(() => { throw undefined; }).not.toThrow()",
  "class E extends Error { constructor(m) { super(m); this.name = 'E'; } } expect(() => { throw new E('m'); }).not.toThrow(E)",
  "expect(() => { throw new Error('a\\nb'); }).toThrow('c')", "expect(1).toEqual(expect.not.anything())",
  // multi-line strings (jest diffs them by characters, then regroups into lines)
  "expect('one\\ntwo\\nthree').toEqual('one\\n2\\nthree')", "expect('a\\nb').toBe('a\\nb\\n')", "expect('line one\\nline two').toEqual('line 1\\nline two\\nline three')",
  "expect('x\\ny\\nz').toBe('z\\ny\\nx')", "expect('abc\\ndef').toEqual('abd\\ndef')", "expect('  lead\\ntrail  ').toEqual('lead\\ntrail')",
  "expect({s: 'a\\nb'}).toEqual({s: 'a\\nc'})", "expect('\\nstart').toBe('start')", "expect('foo bar baz\\nqux').toEqual('foo baz bar\\nqux')",
  "expect('alpha\\nbeta\\ngamma\\ndelta').toEqual('alpha\\nBETA\\ngamma\\nepsilon')",
];

// Seeded random line sequences for the line diff (ties between equally long common
// subsequences are where diff implementations differ).
export function randomLinePairs() {
  let seed = 11;
  const rnd = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
  const gen = (n, k) => Array.from({ length: Math.floor(rnd() * n) }, () => 'abcdef'[Math.floor(rnd() * k)]);
  return Array.from({ length: 300 }, (_, i) => [gen(i < 150 ? 8 : 30, 2 + (i % 5)), gen(i < 150 ? 8 : 30, 2 + (i % 5))]);
}

// Seeded random multi-line strings for diffStringsUnified (character diff regrouped by lines).
export function randomStringPairs() {
  let seed = 5;
  const rnd = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
  const words = ['foo', 'bar', 'baz', ' ', ' ', '\n', '\n', 'x', 'ab', 'ba', '  ', 'qux\n'];
  const gen = (n) => Array.from({ length: 1 + Math.floor(rnd() * n) }, () => words[Math.floor(rnd() * words.length)]).join('');
  return Array.from({ length: 300 }, (_, i) => { const a = gen(i < 150 ? 6 : 25); return [a, rnd() < 0.3 ? a.replace(/o/g, '0') : gen(i < 150 ? 6 : 25)]; });
}
