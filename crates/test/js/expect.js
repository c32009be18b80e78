// wxbox test: jest 29's `expect`, without colours. Ported from expect/build (index.js,
// matchers.js, spyMatchers.js, toThrowMatchers.js, asymmetricMatchers.js, print.js),
// @jest/expect-utils (jasmineUtils.equals, utils.js), jest-matcher-utils (matcherHint,
// printDiffOrStringify, replaceMatchedToAsymmetricMatcher) and jest-snapshot (toMatchSnapshot,
// printSnapshotAndReceived, deepMerge). Messages are jest's text; differences are noted inline.
//
// Hot code: equality, the expect() machinery and a pass check for the common matchers. A
// matcher whose check passes needs nothing else; the full matchers (with jest's messages),
// the asymmetric matchers and the snapshot matchers are strings compiled on first use (see
// pretty.js for why), so a passing test file rarely compiles them.
(function (G) {
  'use strict';
  var P = G.__wxbox_pretty, stringify = P.stringify, pE = P.printExpected, pR = P.printReceived, getType = P.getType;
  var has = function (o, k) { return Object.prototype.hasOwnProperty.call(o, k); };
  var isA = function (t, v) { return Object.prototype.toString.apply(v) === '[object ' + t + ']'; };
  var ASYM = Symbol.for('jest.asymmetricMatcher');
  var state = { assertionCalls: 0, expectedAssertionsNumber: null, isExpectingAssertions: false, suppressedErrors: [], expand: false };
  var customTesters = [];
  class JestAssertionError extends Error {}
  function isPrimitive(v) { return Object(v) !== v; }
  function isPromise(v) { return !!v && (typeof v === 'object' || typeof v === 'function') && typeof v.then === 'function'; }

  // ---- equality (@jest/expect-utils jasmineUtils) ----
  function isAsym(o) { return !!o && isA('Function', o.asymmetricMatch); }
  function equals(a, b, testers, strict) { return eq(a, b, [], [], testers || [], strict); }
  function keys(o) {
    var ks = [];
    for (var k in o) if (has(o, k)) ks.push(k);
    return ks.concat(Object.getOwnPropertySymbols(o).filter(function (s) { return Object.getOwnPropertyDescriptor(o, s).enumerable; }));
  }
  function eq(a, b, aS, bS, testers, strict) {
    var A = isAsym(a), B = isAsym(b);
    if (A && !B) return a.asymmetricMatch(b);
    if (B && !A) return b.asymmetricMatch(a);
    for (var i = 0; i < testers.length; i++) {
      var r = testers[i].call({ equals: equals }, a, b, testers);
      if (r !== undefined) return r;
    }
    if (a instanceof Error && b instanceof Error) return a.message == b.message;
    if (Object.is(a, b)) return true;
    if (a === null || b === null) return a === b;
    var cn = Object.prototype.toString.call(a);
    if (cn != Object.prototype.toString.call(b)) return false;
    switch (cn) {
      case '[object Boolean]': case '[object String]': case '[object Number]':
        if (typeof a !== typeof b) return false;
        if (typeof a !== 'object') return Object.is(a, b);
        return Object.is(a.valueOf(), b.valueOf());
      case '[object Date]': return +a == +b;
      case '[object RegExp]': return a.source === b.source && a.flags === b.flags;
    }
    if (typeof a !== 'object' || typeof b !== 'object') return false;
    var len = aS.length;
    while (len--) { if (aS[len] === a) return bS[len] === b; else if (bS[len] === b) return false; }
    aS.push(a); bS.push(b);
    if (strict && cn == '[object Array]' && a.length !== b.length) return false;
    var ak = keys(a), bk = keys(b), k, idx;
    if (!strict) {
      for (idx = 0; idx !== bk.length; ++idx) { k = bk[idx]; if ((isAsym(b[k]) || b[k] === undefined) && !has(a, k)) ak.push(k); }
      for (idx = 0; idx !== ak.length; ++idx) { k = ak[idx]; if ((isAsym(a[k]) || a[k] === undefined) && !has(b, k)) bk.push(k); }
    }
    var size = ak.length, res = true;
    if (bk.length !== size) return false;
    while (size--) {
      k = ak[size];
      res = strict ? has(b, k) && eq(a[k], b[k], aS, bS, testers, strict)
        : (has(b, k) || isAsym(a[k]) || a[k] === undefined) && eq(a[k], b[k], aS, bS, testers, strict);
      if (!res) return false;
    }
    aS.pop(); bS.pop();
    return res;
  }
  function iterableEquality(a, b, testers, aS, bS) {
    testers = testers || []; aS = aS || []; bS = bS || [];
    if (typeof a !== 'object' || typeof b !== 'object' || Array.isArray(a) || Array.isArray(b) || !a || !b || !a[Symbol.iterator] || !b[Symbol.iterator]) return undefined;
    if (a.constructor !== b.constructor) return false;
    var len = aS.length;
    while (len--) if (aS[len] === a) return bS[len] === b;
    aS.push(a); bS.push(b);
    var withStack = function (x, y) { return iterableEquality(x, y, ts.slice(), aS.slice(), bS.slice()); };
    var ts = testers.filter(function (t) { return t !== iterableEquality; }).concat([withStack]);
    var all = true;
    if (a.size !== undefined) {
      if (a.size !== b.size) return false;
      if (isA('Set', a)) {
        for (var av of a) if (!b.has(av)) { var found = false; for (var bv of b) if (equals(av, bv, ts) === true) found = true; if (!found) { all = false; break; } }
        aS.pop(); bS.pop(); return all;
      }
      if (isA('Map', a)) {
        for (var ae of a) {
          if (!b.has(ae[0]) || !equals(ae[1], b.get(ae[0]), ts)) {
            var f = false;
            for (var be of b) if (equals(ae[0], be[0], ts) === true && equals(ae[1], be[1], ts) === true) f = true;
            if (!f) { all = false; break; }
          }
        }
        aS.pop(); bS.pop(); return all;
      }
    }
    var it = b[Symbol.iterator]();
    for (var x of a) { var n = it.next(); if (n.done || !equals(x, n.value, ts)) return false; }
    if (!it.next().done) return false;
    if (!equals(Object.entries(a), Object.entries(b))) return false;
    aS.pop(); bS.pop();
    return true;
  }
  var isObj = function (a) { return a !== null && typeof a === 'object'; };
  var isObjWithKeys = function (a) { return isObj(a) && !(a instanceof Error) && !Array.isArray(a) && !(a instanceof Date); };
  function hasPropIn(o, k) { return !(!o || typeof o !== 'object' || o === Object.prototype) && (has(o, k) || hasPropIn(Object.getPrototypeOf(o), k)); }
  function objKeys(o) { return Object.keys(o).concat(Object.getOwnPropertySymbols(o)); }
  function subsetEquality(object, subset, testers) {
    var ft = (testers || []).filter(function (t) { return t !== subsetEquality; });
    var ctx = function (seen) {
      return function (o, s) {
        if (!isObjWithKeys(s)) return undefined;
        return objKeys(s).every(function (k) {
          if (isObjWithKeys(s[k])) { if (seen.has(s[k])) return equals(o[k], s[k], ft); seen.set(s[k], true); }
          var r = o != null && hasPropIn(o, k) && equals(o[k], s[k], ft.concat([ctx(seen)]));
          seen.delete(s[k]);
          return r;
        });
      };
    };
    return ctx(new WeakMap())(object, subset);
  }
  function typeEquality(a, b) {
    return a == null || b == null || a.constructor === b.constructor || (Array.isArray(a) && Array.isArray(b)) ? undefined : false;
  }
  function sparseArrayEquality(a, b, testers) {
    if (!Array.isArray(a) || !Array.isArray(b)) return undefined;
    return equals(a, b, (testers || []).filter(function (t) { return t !== sparseArrayEquality; }), true) && equals(Object.keys(a), Object.keys(b));
  }
  function arrayBufferEquality(a, b) {
    if (!(a instanceof ArrayBuffer) || !(b instanceof ArrayBuffer)) return undefined;
    var x = new Uint8Array(a), y = new Uint8Array(b);
    if (x.length !== y.length) return false;
    for (var i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
    return true;
  }
  var strictTesters = [iterableEquality, typeEquality, sparseArrayEquality, arrayBufferEquality];
  var strictTesters = [iterableEquality, typeEquality, sparseArrayEquality, arrayBufferEquality];
  class AsymmetricMatcher {
    constructor(sample, inverse) { this.$$typeof = ASYM; this.sample = sample; this.inverse = !!inverse; }
  }

  var H = {
    P: P, getType: getType, has: has, isA: isA, ASYM: ASYM, state: state, customTesters: customTesters, JestAssertionError: JestAssertionError,
    isPrimitive: isPrimitive, isPromise: isPromise, equals: equals, iterableEquality: iterableEquality, subsetEquality: subsetEquality,
    strictTesters: strictTesters, isObj: isObj, isObjWithKeys: isObjWithKeys, hasPropIn: hasPropIn, objKeys: objKeys, AsymmetricMatcher: AsymmetricMatcher
  };
  function chunk(src) { var v; return function () { return v || (v = new Function('H', src())(H)); }; }
  var COLD = chunk(function () { return COLD_SOURCE; }), ASYMS = chunk(function () { return ASYM_SOURCE; });
  var M = {}, NAMES = ["toBe", "toBeCloseTo", "toBeDefined", "toBeUndefined", "toBeFalsy", "toBeTruthy", "toBeNull", "toBeNaN", "toBeGreaterThan", "toBeGreaterThanOrEqual", "toBeLessThan", "toBeLessThanOrEqual", "toBeInstanceOf", "toContain", "toContainEqual", "toEqual", "toStrictEqual", "toHaveLength", "toHaveProperty", "toMatch", "toMatchObject", "toHaveBeenCalled", "toBeCalled", "toHaveBeenCalledTimes", "toBeCalledTimes", "toHaveReturned", "toReturn", "toHaveReturnedTimes", "toReturnTimes", "toHaveBeenCalledWith", "toBeCalledWith", "toHaveBeenLastCalledWith", "lastCalledWith", "toHaveBeenNthCalledWith", "nthCalledWith", "toHaveReturnedWith", "toReturnWith", "toHaveLastReturnedWith", "lastReturnedWith", "toHaveNthReturnedWith", "nthReturnedWith", "toThrow", "toThrowError", "toMatchSnapshot", "toThrowErrorMatchingSnapshot", "toThrowErrorMatchingInlineSnapshot", "toMatchInlineSnapshot"];
  NAMES.forEach(function (n) { M[n] = function () { return COLD().M[n].apply(this, arguments); }; });

  // Pass checks, each exactly the full matcher's `pass` for well-typed arguments; undefined
  // means "ask the full matcher" (which also validates and builds the failure message).
  var num = function (v) { return typeof v === 'number' || typeof v === 'bigint'; };
  var noArg = function (f) { return function (r, a) { return a.length === 0 || a[0] === undefined ? f(r) : undefined; }; };
  var cmp = function (f) { return function (r, a) { return num(r) && num(a[0]) ? f(r, a[0]) : undefined; }; };
  var eqT = function () { return customTesters.concat([iterableEquality]); };
  var mockCalls = function (r) { return r != null && r._isMockFunction === true ? r.mock.calls : null; };
  var isEqualCall = function (e, c) { return c.length === e.length && equals(e, c, eqT()); };
  var FAST = {
    toBe: function (r, a) { return Object.is(r, a[0]); },
    toEqual: function (r, a) { return equals(r, a[0], eqT()); },
    toStrictEqual: function (r, a) { return equals(r, a[0], customTesters.concat(strictTesters), true); },
    toBeTruthy: noArg(function (r) { return !!r; }), toBeFalsy: noArg(function (r) { return !r; }),
    toBeNull: noArg(function (r) { return r === null; }), toBeUndefined: noArg(function (r) { return r === void 0; }),
    toBeDefined: noArg(function (r) { return r !== void 0; }), toBeNaN: noArg(function (r) { return Number.isNaN(r); }),
    toBeGreaterThan: cmp(function (r, e) { return r > e; }), toBeGreaterThanOrEqual: cmp(function (r, e) { return r >= e; }),
    toBeLessThan: cmp(function (r, e) { return r < e; }), toBeLessThanOrEqual: cmp(function (r, e) { return r <= e; }),
    toBeInstanceOf: function (r, a) { return typeof a[0] === 'function' ? r instanceof a[0] : undefined; },
    toContain: function (r, a) { return typeof r === 'string' ? (typeof a[0] === 'string' ? r.indexOf(a[0]) !== -1 : undefined) : Array.isArray(r) ? Array.from(r).indexOf(a[0]) !== -1 : undefined; },
    toContainEqual: function (r, a) { return Array.isArray(r) ? Array.from(r).some(function (x) { return equals(x, a[0], eqT()); }) : undefined; },
    toHaveLength: function (r, a) { return r != null && typeof r.length === 'number' && typeof a[0] === 'number' && Number.isSafeInteger(a[0]) && a[0] >= 0 ? r.length === a[0] : undefined; },
    toMatch: function (r, a) { var e = a[0]; return typeof r !== 'string' ? undefined : typeof e === 'string' ? r.includes(e) : e && typeof e.test === 'function' ? new RegExp(e).test(r) : undefined; },
    toMatchObject: function (r, a) { return isObj(r) && isObj(a[0]) ? equals(r, a[0], customTesters.concat([iterableEquality, subsetEquality])) : undefined; },
    toHaveBeenCalled: function (r, a) { var c = mockCalls(r); return c && a[0] === undefined ? c.length > 0 : undefined; },
    toHaveBeenCalledTimes: function (r, a) { var c = mockCalls(r); return c && typeof a[0] === 'number' && Number.isSafeInteger(a[0]) && a[0] >= 0 ? c.length === a[0] : undefined; },
    toHaveBeenCalledWith: function (r, a) { var c = mockCalls(r); return c ? c.some(function (x) { return isEqualCall(a, x); }) : undefined; },
    toHaveBeenLastCalledWith: function (r, a) { var c = mockCalls(r); return c ? c.length > 0 && isEqualCall(a, c[c.length - 1]) : undefined; }
  };
  FAST.toBeCalled = FAST.toHaveBeenCalled; FAST.toBeCalledTimes = FAST.toHaveBeenCalledTimes;
  FAST.toBeCalledWith = FAST.toHaveBeenCalledWith; FAST.lastCalledWith = FAST.toHaveBeenLastCalledWith;
  // toThrow calls the function once: a failing check hands the full matcher a function that
  // replays what happened.
  function fastThrow(r, a, isNot) {
    if (typeof r !== 'function') return;
    var threw = false, v, e = a[0];
    try { r(); } catch (x) { threw = true; v = x; }
    var replay = function () { if (threw) throw v; };
    if (!threw) return [e === undefined ? false : undefined, replay];
    var msg = v !== null && v !== undefined && typeof v.message === 'string' ? v.message : String(v);
    if (e !== null && typeof e === 'object' && typeof e.test === 'function') {
      var li = e.lastIndex, ok = e.test(msg);
      if (ok === isNot) e.lastIndex = li; // the full matcher tests again
      return [ok, replay];
    }
    return [e === undefined ? true : typeof e === 'function' ? v instanceof e : typeof e === 'string' ? msg.includes(e) : undefined, replay];
  }

  // ---- expect() (expect/build/index.js) ----
  function validate(r) {
    if (typeof r !== 'object' || r === null || typeof r.pass !== 'boolean' || (r.message && typeof r.message !== 'string' && typeof r.message !== 'function'))
      throw new Error("Unexpected return from a matcher function.\nMatcher functions should return an object in the following format:\n  {message?: string | function, pass: boolean}\n'" + stringify(r) + "' was returned");
  }
  function getMessage(m) { return (m && (typeof m === 'function' ? m() : m)) || 'No message was specified for this matcher.'; }
  function makeThrowing(name, isNot, promise, actual, err) {
    return function throwingMatcher() {
      var throws = true, args = Array.prototype.slice.call(arguments);
      if (M[name] === COLD_STUBS[name]) {
        var fast = FAST[name], t;
        if (name === 'toThrow' || name === 'toThrowError') { if (!promise && (t = fastThrow(actual, args, isNot))) { actual = t[1]; t = t[0]; } }
        else if (fast) t = fast(actual, args);
        if (typeof t === 'boolean' && t !== isNot) { state.assertionCalls++; return; }
      }
      var ctx = Object.assign({}, state, {
        customTesters: customTesters, dontThrow: function () { throws = false; }, equals: equals, error: err, isNot: isNot, promise: promise,
        expand: state.expand
      });
      Object.defineProperty(ctx, 'utils', { get: function () { return COLD().utils; } });
      // The stack is captured here, at the matcher call, for the Rust side's code frame.
      var stackErr = err || new JestAssertionError();
      function process(result) {
        validate(result);
        state.assertionCalls++;
        if ((result.pass && isNot) || (!result.pass && !isNot)) {
          var error = stackErr;
          error.message = getMessage(result.message);
          error.matcherResult = Object.assign({}, result, { message: error.message });
          if (throws) throw error;
          state.suppressedErrors.push(error);
        }
      }
      if (name === 'toThrowErrorMatchingSnapshot' && promise) args = [args[0], true];
      var fn = promise && (name === 'toThrow' || name === 'toThrowError') ? COLD().throwMatcher(name, true) : M[name];
      var r = fn.apply(ctx, [actual].concat(args));
      if (isPromise(r)) return r.then(process);
      return process(r);
    };
  }
  var COLD_STUBS = Object.assign({}, M);
  function promiseMatcher(name, isNot, actual, rejects, outer) {
    return function () {
      var args = arguments, o = { isNot: isNot, promise: rejects ? 'rejects' : 'resolves' }, C;
      var p = rejects && typeof actual === 'function' ? actual() : actual;
      if (!isPromise(p)) {
        C = COLD();
        throw new JestAssertionError(C.matcherErrorMessage(C.matcherHint(name, undefined, '', o), 'received value must be a promise' + (rejects ? ' or a function returning a promise' : ''), C.printWithType('Received', actual, pR)));
      }
      var inner = new JestAssertionError();
      return p.then(function (v) {
        if (!rejects) return makeThrowing(name, isNot, 'resolves', v, inner).apply(null, args);
        outer.message = COLD().matcherHint(name, undefined, '', o) + '\n\nReceived promise resolved instead of rejected\nResolved to value: ' + pR(v);
        throw outer;
      }, function (v) {
        if (rejects) return makeThrowing(name, isNot, 'rejects', v, inner).apply(null, args);
        outer.message = COLD().matcherHint(name, undefined, '', o) + '\n\nReceived promise rejected instead of resolved\nRejected to value: ' + pR(v);
        throw outer;
      });
    };
  }
  // The six matcher sets of an expectation share prototypes (one method per matcher), so an
  // expect() call makes six small objects instead of a closure per matcher and set.
  var protos = [[false, ''], [true, ''], [false, 'resolves'], [true, 'resolves'], [false, 'rejects'], [true, 'rejects']].map(function (k) {
    return { isNot: k[0], promise: k[1], proto: {} };
  });
  function define(n) {
    protos.forEach(function (p) {
      p.proto[n] = p.promise ? function () { return promiseMatcher(n, p.isNot, this.__actual, p.promise === 'rejects', this.__err).apply(null, arguments); }
        : function () { return makeThrowing(n, p.isNot, '', this.__actual).apply(null, arguments); };
    });
  }
  Object.keys(M).forEach(define);
  function expect(actual) {
    if (arguments.length > 1) throw new Error('Expect takes at most one argument.');
    var err = new JestAssertionError(), o = protos.map(function (p) {
      var x = Object.create(p.proto);
      Object.defineProperty(x, '__actual', { value: actual });
      Object.defineProperty(x, '__err', { value: err });
      return x;
    });
    o[0].not = o[1]; o[2].not = o[3]; o[4].not = o[5]; o[0].resolves = o[2]; o[0].rejects = o[4];
    return o[0];
  }
  expect.not = {};
  ['any', 'anything', 'arrayContaining', 'objectContaining', 'stringContaining', 'stringMatching', 'closeTo'].forEach(function (n) {
    expect[n] = function () { return ASYMS()[n].apply(null, arguments); };
    if (n !== 'any' && n !== 'anything') expect.not[n] = function () { return ASYMS().not[n].apply(null, arguments); };
  });
  // expect.extend: custom matchers get jest's context; each also becomes an asymmetric matcher
  // `expect.name(...)` / `expect.not.name(...)` (jest's CustomMatcher in jestMatchersObject.js).
  expect.extend = function (ms) {
    Object.keys(ms).forEach(function (n) {
      var fn = ms[n];
      if (typeof fn !== 'function') throw new TypeError('expect.extend: \x60' + n + '\x60 is not a valid matcher. Must be a function, is "' + getType(fn) + '"');
      M[n] = fn;
      define(n);
      var C = class extends AsymmetricMatcher {
        asymmetricMatch(o) {
          var r = fn.apply({ isNot: this.inverse, equals: equals, utils: COLD().utils, customTesters: customTesters, promise: '', dontThrow: function () {} }, [o].concat(this.sample));
          return this.inverse ? !r.pass : r.pass;
        }
        toString() { return (this.inverse ? 'not.' : '') + n; }
        getExpectedType() { return 'any'; }
        toAsymmetricMatcher() { return this.toString() + '<' + this.sample.map(function (s) { return stringify(s); }).join(', ') + '>'; }
      };
      expect[n] = function () { return new C(Array.prototype.slice.call(arguments)); };
      expect.not[n] = function () { return new C(Array.prototype.slice.call(arguments), true); };
    });
  };
  expect.addSnapshotSerializer = function (p) { P.addSerializer(p); };
  expect.addEqualityTesters = function (ts) {
    if (!Array.isArray(ts)) throw new TypeError('expect.customEqualityTesters: Must be set to an array of Testers. Was given "' + getType(ts) + '"');
    customTesters.push.apply(customTesters, ts);
  };
  expect.assertions = function (n) { state.expectedAssertionsNumber = n; state.expectedAssertionsNumberError = new Error(); };
  expect.hasAssertions = function (a) {
    if (a !== undefined) COLD().ensureNoExpected(a, '.hasAssertions');
    state.isExpectingAssertions = true; state.isExpectingAssertionsError = new Error();
  };
  expect.getState = function () { return state; };
  expect.setState = function (s) { Object.assign(state, s); };
  // extractExpectedAssertionsErrors (expect/build/extractExpectedAssertionsErrors.js), with the
  // per-test state reset; the runner calls it after each test.
  expect.extractExpectedAssertionsErrors = function () {
    var out = [], s = state, matcherHint = function () { return COLD().matcherHint.apply(null, arguments); }, pluralize = function (w, n) { return COLD().pluralize(w, n); };
    if (typeof s.expectedAssertionsNumber === 'number' && s.assertionCalls !== s.expectedAssertionsNumber) {
      s.expectedAssertionsNumberError.message = matcherHint('.assertions', '', String(s.expectedAssertionsNumber), { isDirectExpectCall: true }) + '\n\nExpected ' +
        pluralize('assertion', s.expectedAssertionsNumber) + ' to be called but received ' + pluralize('assertion call', s.assertionCalls || 0) + '.';
      out.push(s.expectedAssertionsNumberError);
    }
    if (s.isExpectingAssertions && s.assertionCalls === 0) {
      s.isExpectingAssertionsError.message = matcherHint('.hasAssertions', '', '', { isDirectExpectCall: true }) + '\n\nExpected at least one assertion to be called but received none.';
      out.push(s.isExpectingAssertionsError);
    }
    Object.assign(s, { assertionCalls: 0, expectedAssertionsNumber: null, isExpectingAssertions: false, suppressedErrors: [] });
    return out;
  };
  expect.JestAssertionError = JestAssertionError;
  G.expect = expect;
  G.expect = expect;

  // ---- the asymmetric matchers (expect/build/asymmetricMatchers.js) ----
  var ASYM_SOURCE = String.raw`'use strict';
  var equals = H.equals, customTesters = H.customTesters, objKeys = H.objKeys, has = H.has, isA = H.isA, AsymmetricMatcher = H.AsymmetricMatcher;
  function fnName(f) {
    if (f.name) return f.name;
    var m = Function.prototype.toString.call(f).match(/^(?:async)?\s*function\s*\*?\s*([\w$]+)\s*\(/);
    return m ? m[1] : '<anonymous>';
  }
  function asym(name, ctor, match, type, print) {
    var C = class extends AsymmetricMatcher {
      constructor(s, inv) { if (ctor) s = ctor(s, inv, name); super(s, inv); }
      asymmetricMatch(o) { var r = match.call(this, o); return this.inverse ? !r : r; }
      toString() { return name.replace('%', this.inverse ? 'Not' : ''); }
      getExpectedType() { return type; }
    };
    if (print) C.prototype.toAsymmetricMatcher = print;
    return C;
  }
  var Any = asym('Any', function (s) {
    if (typeof s === 'undefined') throw new TypeError('any() expects to be passed a constructor function. Please pass one or use anything() to match any object.');
    return s;
  }, function (o) {
    var s = this.sample, t = { String: 'string', Number: 'number', Function: 'function', Boolean: 'boolean', BigInt: 'bigint', Symbol: 'symbol' };
    for (var n in t) if (s == globalThis[n]) return typeof o == t[n] || o instanceof globalThis[n];
    if (s == Object) return typeof o == 'object';
    return o instanceof s;
  }, null, function () { return 'Any<' + fnName(this.sample) + '>'; });
  Any.prototype.getExpectedType = function () {
    var s = this.sample;
    return s == String ? 'string' : s == Number ? 'number' : s == Function ? 'function' : s == Object ? 'object' : s == Boolean ? 'boolean' : fnName(s);
  };
  var Anything = asym('Anything', null, function (o) { return o != null; }, undefined, function () { return 'Anything'; });
  var ArrayContaining = asym('Array%Containing', null, function (o) {
    if (!Array.isArray(this.sample)) throw new Error('You must provide an array to ' + this.toString() + ", not '" + typeof this.sample + "'.");
    return this.sample.length === 0 || (Array.isArray(o) && this.sample.every(function (i) { return o.some(function (x) { return equals(i, x, customTesters); }); }));
  }, 'array');
  var ObjectContaining = asym('Object%Containing', null, function (o) {
    if (typeof this.sample !== 'object') throw new Error('You must provide an object to ' + this.toString() + ", not '" + typeof this.sample + "'.");
    var s = this.sample;
    return objKeys(s).every(function (k) { return hasProp(o, k) && equals(s[k], o[k], customTesters); });
  }, 'object');
  function hasProp(o, k) { return !!o && (has(o, k) || hasProp(Object.getPrototypeOf(o), k)); }
  var StringContaining = asym('String%Containing', function (s) {
    if (!isA('String', s)) throw new Error('Expected is not a string');
    return s;
  }, function (o) { return isA('String', o) && o.includes(this.sample); }, 'string');
  var StringMatching = asym('String%Matching', function (s) {
    if (!isA('String', s) && !isA('RegExp', s)) throw new Error('Expected is not a String or a RegExp');
    return new RegExp(s);
  }, function (o) { return isA('String', o) && this.sample.test(o); }, 'string');
  var CloseTo = asym('Number%CloseTo', null, function (o) {
    if (!isA('Number', o)) return false;
    var s = this.sample;
    return (o === Infinity && s === Infinity) || (o === -Infinity && s === -Infinity) || Math.abs(s - o) < Math.pow(10, -this.precision) / 2;
  }, 'number', function () { return this.toString() + ' ' + this.sample + ' (' + this.precision + ' digit' + (this.precision === 1 ? '' : 's') + ')'; });
  function closeTo(inv) {
    return function (s, p) {
      if (!isA('Number', s)) throw new Error('Expected is not a Number');
      if (p === undefined) p = 2;
      if (!isA('Number', p)) throw new Error('Precision is not a Number');
      var m = new CloseTo(s, inv); m.precision = p; return m;
    };
  }

  return {
    any: function (s) { return new Any(s); }, anything: function () { return new Anything(); },
    arrayContaining: function (s) { return new ArrayContaining(s); }, objectContaining: function (s) { return new ObjectContaining(s); },
    stringContaining: function (s) { return new StringContaining(s); }, stringMatching: function (s) { return new StringMatching(s); }, closeTo: closeTo(false),
    not: {
      arrayContaining: function (s) { return new ArrayContaining(s, true); }, objectContaining: function (s) { return new ObjectContaining(s, true); },
      stringContaining: function (s) { return new StringContaining(s, true); }, stringMatching: function (s) { return new StringMatching(s, true); }, closeTo: closeTo(true)
    }
  };
`;

  // ---- the full matchers ----
  var COLD_SOURCE = String.raw`'use strict';
  var P = H.P, getType = H.getType, stringify = P.stringify, pE = P.printExpected, pR = P.printReceived, has = H.has, isA = H.isA, ASYM = H.ASYM;
  var state = H.state, customTesters = H.customTesters, JestAssertionError = H.JestAssertionError, isPrimitive = H.isPrimitive, isPromise = H.isPromise;
  var equals = H.equals, iterableEquality = H.iterableEquality, subsetEquality = H.subsetEquality, strictTesters = H.strictTesters;
  var isObj = H.isObj, isObjWithKeys = H.isObjWithKeys, hasPropIn = H.hasPropIn, objKeys = H.objKeys;
  var NUMBERS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve', 'thirteen'];
  function pluralize(w, n) { return (NUMBERS[n] || n) + ' ' + w + (n === 1 ? '' : 's'); }
  function getObjectSubset(o, s, ts, seen) {
    ts = ts || []; seen = seen || new WeakMap();
    if (Array.isArray(o)) {
      if (Array.isArray(s) && s.length === o.length) return s.map(function (x, i) { return getObjectSubset(o[i], x, ts); });
    } else if (o instanceof Date) return o;
    else if (isObj(o) && isObj(s)) {
      if (equals(o, s, ts.concat([iterableEquality, subsetEquality]))) return s;
      var t = {};
      seen.set(o, t);
      objKeys(o).filter(function (k) { return hasPropIn(s, k); }).forEach(function (k) {
        t[k] = seen.has(o[k]) ? seen.get(o[k]) : getObjectSubset(o[k], s[k], ts, seen);
      });
      if (objKeys(t).length > 0) return t;
    }
    return o;
  }
  function pathAsArray(p) {
    var out = [];
    if (p === '') return [''];
    if (p[0] === '.') out.push('');
    p.replace(/[^.[\]]+|(?=(?:\.)(?:\.|$))/g, function (m) { out.push(m); return m; });
    return out;
  }
  function getPath(o, path) {
    if (!Array.isArray(path)) path = pathAsArray(path);
    if (path.length) {
      var last = path.length === 1, prop = path[0], next = o[prop];
      if (!last && (next === null || next === undefined)) return { hasEndProp: false, lastTraversedObject: o, traversedPath: [] };
      var r = getPath(next, path.slice(1));
      if (r.lastTraversedObject === null) r.lastTraversedObject = o;
      r.traversedPath.unshift(prop);
      if (last) {
        r.endPropIsDefined = !isPrimitive(o) && prop in o;
        r.hasEndProp = next !== undefined || r.endPropIsDefined;
        if (!r.hasEndProp) r.traversedPath.shift();
      }
      return r;
    }
    return { lastTraversedObject: null, traversedPath: [], value: o };
  }

  // ---- jest-matcher-utils ----
  function matcherHint(name, received, expected, o) {
    received = received === undefined ? 'received' : received;
    expected = expected === undefined ? 'expected' : expected;
    o = o || {};
    var hint = '', dim = 'expect';
    if (!o.isDirectExpectCall && received !== '') { hint += dim + '(' + received; dim = ')'; }
    if (o.promise) { hint += dim + '.' + o.promise; dim = ''; }
    if (o.isNot) { hint += dim + '.not'; dim = ''; }
    if (name.includes('.')) dim += name; else { hint += dim + '.' + name; dim = ''; }
    if (expected === '') dim += '()';
    else { hint += dim + '(' + expected; if (o.secondArgument) hint += ', ' + o.secondArgument; dim = ')'; }
    if (o.comment) dim += ' // ' + o.comment;
    return hint + dim;
  }
  function printWithType(name, v, print) {
    var t = getType(v);
    return (t !== 'null' && t !== 'undefined' ? name + ' has type:  ' + t + '\n' : '') + name + ' has value: ' + print(v);
  }
  function matcherErrorMessage(hint, generic, specific) {
    return hint + '\n\nMatcher error: ' + generic + (typeof specific === 'string' ? '\n\n' + specific : '');
  }
  function matcherError(name, o, exp, generic, label, v, recv) {
    return new Error(matcherErrorMessage(matcherHint(name, undefined, exp, o), generic, printWithType(label, v, label === 'Received' ? pR : pE)));
  }
  function ensureNoExpected(v, name, o) {
    if (typeof v !== 'undefined') throw matcherError((o ? '' : '[.not]') + name, o, '', 'this matcher must not have an expected argument', 'Expected', v);
  }
  function ensureNumbers(a, e, name, o) {
    if (typeof a !== 'number' && typeof a !== 'bigint') throw matcherError(name, o, undefined, 'received value must be a number or bigint', 'Received', a);
    if (typeof e !== 'number' && typeof e !== 'bigint') throw matcherError(name, o, undefined, 'expected value must be a number or bigint', 'Expected', e);
  }
  function ensureNonNegInt(e, name, o) {
    if (typeof e !== 'number' || !Number.isSafeInteger(e) || e < 0) throw matcherError(name, o, undefined, 'expected value must be a non-negative integer', 'Expected', e);
  }
  function getLabelPrinter() {
    var max = 0;
    for (var i = 0; i < arguments.length; i++) max = Math.max(max, arguments[i].length);
    return function (s) { return s + ': ' + ' '.repeat(max - s.length); };
  }
  function isLineDiffable(e, r) {
    var et = getType(e), rt = getType(r);
    if (et !== rt) return false;
    if (isPrimitive(e)) return typeof e === 'string' && typeof r === 'string' && e.length !== 0 && r.length !== 0 && (/\n/.test(e) || /\n/.test(r));
    if (et === 'date' || et === 'function' || et === 'regexp') return false;
    if (e instanceof Error && r instanceof Error) return false;
    if (rt === 'object' && typeof r.asymmetricMatch === 'function') return false;
    return true;
  }
  function isAsymMatcher(d) { return getType(d) === 'object' && typeof d.asymmetricMatch === 'function'; }
  function replaceable(a, b) { var t = getType(a); return t === getType(b) && (t === 'object' || t === 'array'); }
  function copy(o, seen) {
    if (!replaceable(o, o) || isAsymMatcher(o)) return o;
    if (seen.has(o)) return seen.get(o);
    var c = Array.isArray(o) ? [] : Object.create(Object.getPrototypeOf(o));
    seen.set(o, c);
    // deepCyclicCopyReplaceable: arrays are copied index by index (holes become undefined).
    if (Array.isArray(o)) for (var i = 0; i < o.length; i++) c[i] = copy(o[i], seen);
    else objKeys(o).forEach(function (k) { if (Object.getOwnPropertyDescriptor(o, k).enumerable) c[k] = copy(o[k], seen); });
    return c;
  }
  function replaceMatched(e, r, eC, rC) {
    if (!replaceable(e, r) || eC.includes(e) || rC.includes(r)) return [e, r];
    eC.push(e); rC.push(r);
    objKeys(e).forEach(function (k) {
      var ev = e[k], rv = r[k];
      if (isAsymMatcher(ev)) { if (ev.asymmetricMatch(rv)) r[k] = ev; }
      else if (isAsymMatcher(rv)) { if (rv.asymmetricMatch(ev)) e[k] = rv; }
      else if (replaceable(ev, rv)) { var x = replaceMatched(ev, rv, eC, rC); e[k] = x[0]; r[k] = x[1]; }
    });
    return [e, r];
  }
  function replaceMatchedToAsymmetricMatcher(e, r) { return replaceMatched(copy(e, new Map()), copy(r, new Map()), [], []); }
  function printDiffOrStringify(e, r, eL, rL, expand) {
    if (typeof e === 'string' && typeof r === 'string' && e.length !== 0 && r.length !== 0 && e.length <= 20000 && r.length <= 20000 && e !== r) {
      if (e.includes('\n') || r.includes('\n')) return P.diffStringsUnified(e, r, { aAnnotation: eL, bAnnotation: rL, expand: expand, includeChangeCounts: true, emptyFirstOrLastLinePlaceholder: '\u21b5' });
      var pl = getLabelPrinter(eL, rL);
      return pl(eL) + pE(e) + '\n' + pl(rL) + pR(r);
    }
    if (isLineDiffable(e, r)) {
      var x = replaceMatchedToAsymmetricMatcher(e, r);
      var d = diff(x[0], x[1], { aAnnotation: eL, bAnnotation: rL, expand: expand, includeChangeCounts: true });
      if (typeof d === 'string' && d.includes('- ' + eL) && d.includes('+ ' + rL)) return d;
    }
    var p = getLabelPrinter(eL, rL);
    return p(eL) + pE(e) + '\n' + p(rL) + (stringify(e) === stringify(r) ? 'serializes to the same string' : pR(r));
  }
  function diff(a, b, o) {
    var t = typeof a;
    return (t === 'number' || t === 'bigint' || t === 'boolean') && typeof b === t ? null : P.diff(a, b, o);
  }
  var esc = function (s) { return s.replace(/"|\\/g, '\\$&'); };
  // print.js: without colours the inverted substring is not visible; the quoted string stays.
  var printStrContain = function (s) { return '"' + esc(s) + '"'; };
  var printArrContain = function (a) { return '[' + a.map(function (i) { return stringify(i); }).join(', ') + ']'; };
  function printCloseTo(rd, ed, prec, isNot) {
    var rs = stringify(rd), es = rs.includes('e') ? ed.toExponential(0) : 0 <= prec && prec < 20 ? ed.toFixed(prec + 1) : stringify(ed);
    return 'Expected precision:  ' + (isNot ? '    ' : '') + '  ' + stringify(prec) + '\nExpected difference: ' + (isNot ? 'not ' : '') + '< ' + es +
      '\nReceived difference: ' + (isNot ? '    ' : '') + '  ' + rs;
  }
  function ctorName(label, c, isNot, isE) {
    return typeof c.name !== 'string' ? label + ' name is not a string' : c.name.length === 0 ? label + ' name is an empty string'
      : label + ': ' + (!isNot ? '' : isE ? 'not ' : '    ') + c.name;
  }
  function recvCtorNot(label, r, e) {
    return typeof e.name === 'string' && e.name.length !== 0 && typeof r.name === 'string' && r.name.length !== 0
      ? ctorName(label, r, true, false) + ' ' + (Object.getPrototypeOf(r) === e ? 'extends' : 'extends … extends') + ' ' + e.name + '\n'
      : ctorName(label, r, false, false) + '\n';
  }
  var utils = {
    stringify: stringify, printExpected: pE, printReceived: pR, matcherHint: matcherHint, printWithType: printWithType,
    matcherErrorMessage: matcherErrorMessage, diff: diff, printDiffOrStringify: printDiffOrStringify, getLabelPrinter: getLabelPrinter,
    ensureNoExpected: ensureNoExpected, ensureNumbers: ensureNumbers, pluralize: pluralize, iterableEquality: iterableEquality, subsetEquality: subsetEquality,
    EXPECTED_COLOR: String, RECEIVED_COLOR: String, DIM_COLOR: String, BOLD_WEIGHT: String, INVERTED_COLOR: String
  };

  // ---- matchers (expect/build/matchers.js) ----
  var M = {};
  function opts(c, extra) { return Object.assign({ isNot: c.isNot, promise: c.promise }, extra); }
  function res(pass, message) { return { pass: pass, message: message }; }
  M.toBe = function (r, e) {
    var self = this, o = opts(this, { comment: 'Object.is equality' }), pass = Object.is(r, e);
    return res(pass, pass ? function () { return matcherHint('toBe', undefined, undefined, o) + '\n\nExpected: not ' + pE(e); } : function () {
      var t = getType(e), deep = null;
      if (t !== 'map' && t !== 'set') {
        if (equals(r, e, self.customTesters.concat(strictTesters), true)) deep = 'toStrictEqual';
        else if (equals(r, e, self.customTesters.concat([iterableEquality]))) deep = 'toEqual';
      }
      return matcherHint('toBe', undefined, undefined, o) + '\n\n' + (deep !== null ? 'If it should pass with deep equality, replace "toBe" with "' + deep + '"\n\n' : '') +
        printDiffOrStringify(e, r, 'Expected', 'Received', self.expand !== false);
    });
  };
  M.toBeCloseTo = function (r, e, prec) {
    var o = opts(this, { secondArgument: arguments.length === 3 ? 'precision' : undefined }), isNot = this.isNot;
    if (prec === undefined) prec = 2;
    if (typeof e !== 'number') throw matcherError('toBeCloseTo', o, undefined, 'expected value must be a number', 'Expected', e);
    if (typeof r !== 'number') throw matcherError('toBeCloseTo', o, undefined, 'received value must be a number', 'Received', r);
    var pass, ed = 0, rd = 0;
    if ((r === Infinity && e === Infinity) || (r === -Infinity && e === -Infinity)) pass = true;
    else { ed = Math.pow(10, -prec) / 2; rd = Math.abs(e - r); pass = rd < ed; }
    var h = matcherHint('toBeCloseTo', undefined, undefined, o) + '\n\n';
    return res(pass, pass ? function () {
      return h + 'Expected: not ' + pE(e) + '\n' + (rd === 0 ? '' : 'Received:     ' + pR(r) + '\n\n' + printCloseTo(rd, ed, prec, isNot));
    } : function () { return h + 'Expected: ' + pE(e) + '\nReceived: ' + pR(r) + '\n\n' + printCloseTo(rd, ed, prec, isNot); });
  };
  function unary(name, test) {
    M[name] = function (r, e) {
      var o = opts(this);
      ensureNoExpected(e, name, o);
      return res(test(r), function () { return matcherHint(name, undefined, '', o) + '\n\nReceived: ' + pR(r); });
    };
  }
  unary('toBeDefined', function (r) { return r !== void 0; });
  unary('toBeUndefined', function (r) { return r === void 0; });
  unary('toBeFalsy', function (r) { return !r; });
  unary('toBeTruthy', function (r) { return !!r; });
  unary('toBeNull', function (r) { return r === null; });
  unary('toBeNaN', function (r) { return Number.isNaN(r); });
  function compare(name, op, test) {
    M[name] = function (r, e) {
      var o = opts(this), isNot = this.isNot;
      ensureNumbers(r, e, name, o);
      return res(test(r, e), function () {
        return matcherHint(name, undefined, undefined, o) + '\n\nExpected:' + (isNot ? ' not' : '') + ' ' + op + ' ' + pE(e) + '\nReceived:' + (isNot ? '    ' : '') + ' '.repeat(op.length + 2) + pR(r);
      });
    };
  }
  compare('toBeGreaterThan', '>', function (r, e) { return r > e; });
  compare('toBeGreaterThanOrEqual', '>=', function (r, e) { return r >= e; });
  compare('toBeLessThan', '<', function (r, e) { return r < e; });
  compare('toBeLessThanOrEqual', '<=', function (r, e) { return r <= e; });
  M.toBeInstanceOf = function (r, e) {
    var o = opts(this);
    if (typeof e !== 'function') throw matcherError('toBeInstanceOf', o, undefined, 'expected value must be a function', 'Expected', e);
    var pass = r instanceof e, h = matcherHint('toBeInstanceOf', undefined, undefined, o) + '\n\n';
    return res(pass, pass ? function () {
      return h + ctorName('Expected constructor', e, true, true) + '\n' + (typeof r.constructor === 'function' && r.constructor !== e ? recvCtorNot('Received constructor', r.constructor, e) : '');
    } : function () {
      return h + ctorName('Expected constructor', e, false, true) + '\n' + (isPrimitive(r) || Object.getPrototypeOf(r) === null ? '\nReceived value has no prototype\nReceived value: ' + pR(r)
        : typeof r.constructor !== 'function' ? '\nReceived value: ' + pR(r) : ctorName('Received constructor', r.constructor, false, false) + '\n');
    });
  };
  var SUGGEST = 'Looks like you wanted to test for object/array equality with the stricter \x60toContain\x60 matcher. You probably need to use \x60toContainEqual\x60 instead.';
  M.toContain = function (r, e) {
    var self = this, isNot = this.isNot, o = opts(this, { comment: 'indexOf' });
    if (r == null) throw matcherError('toContain', o, undefined, 'received value must not be null nor undefined', 'Received', r);
    if (typeof r === 'string') {
      if (typeof e !== 'string') throw new Error(matcherErrorMessage(matcherHint('toContain', r, String(e), o), 'expected value must be a string if received value is a string', printWithType('Expected', e, pE) + '\n' + printWithType('Received', r, pR)));
      var i = r.indexOf(String(e));
      return res(i !== -1, function () {
        var le = 'Expected ' + (typeof e === 'string' ? 'substring' : 'value'), pl = getLabelPrinter(le, 'Received string');
        return matcherHint('toContain', undefined, undefined, o) + '\n\n' + pl(le) + (isNot ? 'not ' : '') + pE(e) + '\n' + pl('Received string') + (isNot ? '    ' : '') + (isNot ? printStrContain(r) : pR(r));
      });
    }
    var arr = Array.from(r), idx = arr.indexOf(e);
    return res(idx !== -1, function () {
      var lr = 'Received ' + getType(r), pl = getLabelPrinter('Expected value', lr);
      return matcherHint('toContain', undefined, undefined, o) + '\n\n' + pl('Expected value') + (isNot ? 'not ' : '') + pE(e) + '\n' + pl(lr) + (isNot ? '    ' : '') +
        (isNot && Array.isArray(r) ? printArrContain(r) : pR(r)) +
        (!isNot && arr.findIndex(function (x) { return equals(x, e, self.customTesters.concat([iterableEquality])); }) !== -1 ? '\n\n' + SUGGEST : '');
    });
  };
  M.toContainEqual = function (r, e) {
    var self = this, isNot = this.isNot, o = opts(this, { comment: 'deep equality' });
    if (r == null) throw matcherError('toContainEqual', o, undefined, 'received value must not be null nor undefined', 'Received', r);
    var idx = Array.from(r).findIndex(function (x) { return equals(x, e, self.customTesters.concat([iterableEquality])); });
    return res(idx !== -1, function () {
      var lr = 'Received ' + getType(r), pl = getLabelPrinter('Expected value', lr);
      return matcherHint('toContainEqual', undefined, undefined, o) + '\n\n' + pl('Expected value') + (isNot ? 'not ' : '') + pE(e) + '\n' + pl(lr) + (isNot ? '    ' : '') +
        (isNot && Array.isArray(r) ? printArrContain(r) : pR(r));
    });
  };
  function equalMatcher(name, comment, testers, strict) {
    M[name] = function (r, e) {
      var self = this, o = opts(this, { comment: comment }), pass = equals(r, e, this.customTesters.concat(testers), strict);
      return res(pass, pass ? function () {
        return matcherHint(name, undefined, undefined, o) + '\n\nExpected: not ' + pE(e) + '\n' + (stringify(e) !== stringify(r) ? 'Received:     ' + pR(r) : '');
      } : function () { return matcherHint(name, undefined, undefined, o) + '\n\n' + printDiffOrStringify(e, r, 'Expected', 'Received', self.expand !== false); });
    };
  }
  equalMatcher('toEqual', 'deep equality', [iterableEquality]);
  equalMatcher('toStrictEqual', 'deep equality', strictTesters, true);
  M.toHaveLength = function (r, e) {
    var isNot = this.isNot, o = opts(this);
    if (r == null || typeof r.length !== 'number') throw matcherError('toHaveLength', o, undefined, 'received value must have a length property whose value must be a number', 'Received', r);
    ensureNonNegInt(e, 'toHaveLength', o);
    return res(r.length === e, function () {
      var lv = 'Received ' + getType(r), pl = getLabelPrinter('Expected length', 'Received length', lv);
      return matcherHint('toHaveLength', undefined, undefined, o) + '\n\n' + pl('Expected length') + (isNot ? 'not ' : '') + pE(e) + '\n' +
        (isNot ? '' : pl('Received length') + pR(r.length) + '\n') + pl(lv) + (isNot ? '    ' : '') + pR(r);
    });
  };
  M.toHaveProperty = function (r, path, value) {
    var self = this, hasValue = arguments.length === 3, o = opts(this, { secondArgument: hasValue ? 'value' : '' });
    if (r === null || r === undefined) throw matcherError('toHaveProperty', o, 'path', 'received value must not be null nor undefined', 'Received', r);
    var pt = getType(path);
    if (pt !== 'string' && pt !== 'array') throw matcherError('toHaveProperty', o, 'path', 'expected path must be a string or array', 'Expected', path);
    var plen = typeof path === 'string' ? pathAsArray(path).length : path.length;
    if (pt === 'array' && plen === 0) throw matcherError('toHaveProperty', o, 'path', 'expected path must not be an empty array', 'Expected', path);
    var g = getPath(r, path), rp = g.traversedPath, complete = rp.length === plen, rv = complete ? g.value : g.lastTraversedObject;
    var pass = hasValue && g.endPropIsDefined ? equals(g.value, value, this.customTesters.concat([iterableEquality])) : Boolean(g.hasEndProp);
    var h = matcherHint('toHaveProperty', undefined, 'path', o) + '\n\n';
    return res(pass, pass ? function () {
      return h + (hasValue ? 'Expected path: ' + pE(path) + '\n\nExpected value: not ' + pE(value) + (stringify(value) !== stringify(rv) ? '\nReceived value:     ' + pR(rv) : '')
        : 'Expected path: not ' + pE(path) + '\n\nReceived value: ' + pR(rv));
    } : function () {
      return h + 'Expected path: ' + pE(path) + '\n' + (complete ? '\n' + printDiffOrStringify(value, rv, 'Expected value', 'Received value', self.expand !== false)
        : 'Received path: ' + pR(pt === 'array' || rp.length === 0 ? rp : rp.join('.')) + '\n\n' + (hasValue ? 'Expected value: ' + pE(value) + '\n' : '') + 'Received value: ' + pR(rv));
    });
  };
  M.toMatch = function (r, e) {
    var o = opts(this);
    if (typeof r !== 'string') throw matcherError('toMatch', o, undefined, 'received value must be a string', 'Received', r);
    if (!(typeof e === 'string') && !(e && typeof e.test === 'function')) throw matcherError('toMatch', o, undefined, 'expected value must be a string or regular expression', 'Expected', e);
    var pass = typeof e === 'string' ? r.includes(e) : new RegExp(e).test(r), h = matcherHint('toMatch', undefined, undefined, o) + '\n\n';
    return res(pass, pass ? function () {
      return h + (typeof e === 'string' ? 'Expected substring: not ' + pE(e) + '\nReceived string:        ' : 'Expected pattern: not ' + pE(e) + '\nReceived string:      ') + printStrContain(r);
    } : function () {
      var le = 'Expected ' + (typeof e === 'string' ? 'substring' : 'pattern'), pl = getLabelPrinter(le, 'Received string');
      return h + pl(le) + pE(e) + '\n' + pl('Received string') + pR(r);
    });
  };
  M.toMatchObject = function (r, e) {
    var self = this, o = opts(this);
    if (typeof r !== 'object' || r === null) throw matcherError('toMatchObject', o, undefined, 'received value must be a non-null object', 'Received', r);
    if (typeof e !== 'object' || e === null) throw matcherError('toMatchObject', o, undefined, 'expected value must be a non-null object', 'Expected', e);
    var pass = equals(r, e, this.customTesters.concat([iterableEquality, subsetEquality])), h = matcherHint('toMatchObject', undefined, undefined, o) + '\n\n';
    return res(pass, pass ? function () { return h + 'Expected: not ' + pE(e) + (stringify(e) !== stringify(r) ? '\nReceived:     ' + pR(r) : ''); }
      : function () { return h + printDiffOrStringify(e, getObjectSubset(r, e, self.customTesters), 'Expected', 'Received', self.expand !== false); });
  };

  // ---- spy matchers (expect/build/spyMatchers.js) ----
  var NO_ARGS = 'called with 0 arguments';
  function isEqualValue(e, r) { return equals(e, r, customTesters.concat([iterableEquality])); }
  function isEqualCall(e, r) { return r.length === e.length && isEqualValue(e, r); }
  function isEqualReturn(e, r) { return r.type === 'return' && isEqualValue(e, r.value); }
  function pExpArgs(e) { return e.length === 0 ? NO_ARGS : e.map(pE).join(', '); }
  function pRecvArgs(r, e) {
    return r.length === 0 ? NO_ARGS : r.map(function (a, i) { return Array.isArray(e) && i < e.length && isEqualValue(e[i], a) ? stringify(a) : pR(a); }).join(', ');
  }
  function countReturns(rs) { return rs.reduce(function (n, r) { return r.type === 'return' ? n + 1 : n; }, 0); }
  function pNumReturns(cr, cc) { return '\nNumber of returns: ' + pR(cr) + (cc !== cr ? '\nNumber of calls:   ' + pR(cc) : ''); }
  function aligned(label) {
    var i = label.indexOf(':'), suffix = label.slice(i);
    return function (s, isE) { return (isE ? '->' + ' '.repeat(Math.max(0, i - 2 - s.length)) : ' '.repeat(Math.max(0, i - s.length))) + s + suffix; };
  }
  function isLineDiffableArg(e, r) {
    var et = getType(e), rt = getType(r);
    if (et !== rt || isPrimitive(e) || et === 'date' || et === 'function' || et === 'regexp') return false;
    if (e instanceof Error && r instanceof Error) return false;
    return !(et === 'object' && typeof e.asymmetricMatch === 'function') && !(rt === 'object' && typeof r.asymmetricMatch === 'function');
  }
  function isLineDiffableCall(e, r) { return e.some(function (a, i) { return i < r.length && isLineDiffableArg(a, r[i]); }); }
  function argDiff(e, r, expand) {
    if (!isLineDiffableArg(e, r)) return null;
    var d = diff(e, r, { expand: expand });
    return typeof d === 'string' && d.includes('- Expected') && d.includes('+ Received') ? d.split('\n').slice(3) : null;
  }
  var INDENT = '        ';
  function pDiffCall(e, r, expand) {
    return r.map(function (a, i) {
      if (i < e.length) {
        if (isEqualValue(e[i], a)) return INDENT + '  ' + stringify(a) + ',';
        var d = argDiff(e[i], a, expand);
        if (d) return d.map(function (l) { return INDENT + l; }).join('\n') + ',';
      }
      return INDENT + (i < e.length ? '  ' + pR(a) : '+ ' + stringify(a)) + ',';
    }).join('\n');
  }
  function pCallsNeg(e, calls, only, iE) {
    if (calls.length === 0) return '';
    var label = 'Received:     ';
    if (only) return label + pRecvArgs(calls[0][1], e) + '\n';
    var pa = aligned(label);
    return 'Received\n' + calls.reduce(function (p, c) { return p + pa(String(c[0] + 1), c[0] === iE) + pRecvArgs(c[1], e) + '\n'; }, '');
  }
  function pCallsPos(e, calls, expand, only, iE) {
    var el = 'Expected: ' + pExpArgs(e) + '\n';
    if (calls.length === 0) return el;
    if (only && (iE === 0 || iE === undefined)) {
      var r = calls[0][1];
      if (isLineDiffableCall(e, r)) {
        var lines = ['- Expected', '+ Received', ''];
        for (var i = 0; i < Math.max(e.length, r.length); i++) {
          if (i < e.length && i < r.length) {
            if (isEqualValue(e[i], r[i])) { lines.push('  ' + stringify(r[i]) + ','); continue; }
            var d = argDiff(e[i], r[i], expand);
            if (d) { lines.push(d.join('\n') + ','); continue; }
          }
          if (i < e.length) lines.push('- ' + stringify(e[i]) + ',');
          if (i < r.length) lines.push('+ ' + stringify(r[i]) + ',');
        }
        return lines.join('\n') + '\n';
      }
      return el + 'Received: ' + pRecvArgs(r, e) + '\n';
    }
    var pa = aligned('Received: ');
    return el + 'Received\n' + calls.reduce(function (p, c) {
      var a = pa(String(c[0] + 1), c[0] === iE);
      return p + ((c[0] === iE || iE === undefined) && isLineDiffableCall(e, c[1]) ? a.replace(': ', '\n') + pDiffCall(e, c[1], expand) : a + pRecvArgs(c[1], e)) + '\n';
    }, '');
  }
  function pResult(r, e) {
    return r.type === 'throw' ? 'function call threw an error' : r.type === 'incomplete' ? 'function call has not returned yet' : isEqualValue(e, r.value) ? stringify(r.value) : pR(r.value);
  }
  function pResults(label, e, rs, only, iE) {
    if (rs.length === 0) return '';
    if (only && (iE === 0 || iE === undefined)) return label + pResult(rs[0][1], e) + '\n';
    var pa = aligned(label);
    return label.replace(':', '').trim() + '\n' + rs.reduce(function (p, x) { return p + pa(String(x[0] + 1), x[0] === iE) + pResult(x[1], e) + '\n'; }, '');
  }
  function isMock(r) { return r != null && r._isMockFunction === true; }
  function isSpy(r) { return r != null && r.calls != null && typeof r.calls.all === 'function' && typeof r.calls.count === 'function'; }
  function spyInfo(r, name, exp, o, mockOnly) {
    if (mockOnly ? !isMock(r) : !isMock(r) && !isSpy(r)) throw matcherError(name, o, exp, 'received value must be a mock' + (mockOnly ? '' : ' or spy') + ' function', 'Received', r);
    var spy = !mockOnly && isSpy(r);
    return { name: spy ? 'spy' : r.getMockName(), calls: spy ? r.calls.all().map(function (x) { return x.args; }) : r.mock.calls };
  }
  // around(i, list, eq, step): the nearest index from i in direction step whose item is equal, else i.
  function nearest(list, from, test, step, fallback) {
    for (var i = from; i >= 0 && i < list.length; i += step) if (test(list[i])) return i;
    return fallback;
  }
  // Builds toHaveBeenCalledWith / toHaveBeenLastCalledWith / toHaveBeenNthCalledWith and the
  // *ReturnedWith counterparts; which is 'any', 'last' or 'nth'.
  function withMatcher(name, which, returns) {
    return function (r) {
      var self = this, args = Array.prototype.slice.call(arguments, 1), nth;
      if (which === 'nth') nth = args.shift();
      var exp = returns ? args[0] : args;
      var o = opts(this, which === 'nth' ? { secondArgument: returns ? 'expected' : '...expected' } : {});
      var ea = which === 'nth' ? 'n' : returns ? 'expected' : '...expected';
      var info = spyInfo(r, name, ea, o, returns);
      if (which === 'nth' && (!Number.isSafeInteger(nth) || nth < 1))
        throw new Error(matcherErrorMessage(matcherHint(name, undefined, 'n', o), 'n must be a positive integer', printWithType('n', nth, stringify)));
      var calls = info.calls, results = returns ? r.mock.results : null, list = returns ? results : calls;
      var test = returns ? function (x) { return isEqualReturn(exp, x); } : function (x) { return isEqualCall(exp, x); };
      var len = list.length, iT = which === 'last' ? len - 1 : which === 'nth' ? nth - 1 : undefined;
      var pass = which === 'any' ? list.some(test) : iT >= 0 && iT < len && test(list[iT]);
      var h = matcherHint(name, info.name, ea, o) + '\n\n' + (which === 'nth' ? 'n: ' + nth + '\n' : '');
      var idx = [], i;
      if (which === 'any') {
        for (i = 0; i < len && idx.length < 3; i++) if (!pass || test(list[i])) idx.push(i);
      } else if (pass) {
        if (iT > 0) idx.push(iT - 1);
        idx.push(iT);
        if (which === 'nth' && iT + 1 < len) idx.push(iT + 1);
      } else if (iT < len) {
        if (iT > 0) idx.push(nearest(list, iT - 1, test, -1, iT - 1));
        if (iT >= 0) idx.push(iT);
        if (which === 'nth' && iT + 1 < len) idx.push(nearest(list, iT + 1, test, 1, iT + 1));
      } else if (len > 0) idx.push(nearest(list, len - 1, test, -1, len - 1));
      var indexed = idx.map(function (j) { return [j, list[j]]; }), only = len === 1;
      return res(pass, function () {
        if (returns) {
          var same = only && results[0].type === 'return' && stringify(results[0].value) === stringify(exp);
          return h + 'Expected: ' + (pass ? 'not ' : '') + pE(exp) + '\n' + (pass && same ? '' : pResults(pass ? 'Received:     ' : 'Received: ', exp, indexed, only, iT)) +
            pNumReturns(countReturns(results), calls.length);
        }
        return h + (pass ? 'Expected: not ' + pExpArgs(exp) + '\n' + (only && stringify(calls[0]) === stringify(exp) ? '' : pCallsNeg(exp, indexed, only, iT))
          : pCallsPos(exp, indexed, self.expand !== false, only, iT)) + '\nNumber of calls: ' + pR(calls.length);
      });
    };
  }
  function calledMatcher(name) {
    return function (r, e) {
      var o = opts(this);
      ensureNoExpected(e, name, o);
      var info = spyInfo(r, name, '', o), count = info.calls.length, h = matcherHint(name, info.name, '', o) + '\n\n';
      return res(count > 0, count > 0 ? function () {
        return h + 'Expected number of calls: ' + pE(0) + '\nReceived number of calls: ' + pR(count) + '\n\n' +
          info.calls.slice(0, 3).map(function (a, i) { return i + 1 + ': ' + pRecvArgs(a); }).join('\n');
      } : function () { return h + 'Expected number of calls: >= ' + pE(1) + '\nReceived number of calls:    ' + pR(count); });
    };
  }
  function returnedMatcher(name) {
    return function (r, e) {
      var o = opts(this);
      ensureNoExpected(e, name, o);
      var info = spyInfo(r, name, '', o, true), rs = r.mock.results, count = countReturns(rs), nc = r.mock.calls.length;
      var h = matcherHint(name, info.name, '', o) + '\n\n';
      return res(count > 0, count > 0 ? function () {
        return h + 'Expected number of returns: ' + pE(0) + '\nReceived number of returns: ' + pR(count) + '\n\n' +
          rs.reduce(function (l, x, i) { if (x.type === 'return' && l.length < 3) l.push(i + 1 + ': ' + pR(x.value)); return l; }, []).join('\n') +
          (nc !== count ? '\n\nReceived number of calls:   ' + pR(nc) : '');
      } : function () {
        return h + 'Expected number of returns: >= ' + pE(1) + '\nReceived number of returns:    ' + pR(count) + (nc !== count ? '\nReceived number of calls:      ' + pR(nc) : '');
      });
    };
  }
  function timesMatcher(name, returns) {
    return function (r, e) {
      var o = opts(this);
      ensureNonNegInt(e, name, o);
      var info = spyInfo(r, name, 'expected', o, returns), nc = info.calls.length, count = returns ? countReturns(r.mock.results) : nc;
      var what = returns ? 'returns' : 'calls', h = matcherHint(name, info.name, 'expected', o) + '\n\n', extra = returns && nc !== count;
      return res(count === e, count === e ? function () {
        return h + 'Expected number of ' + what + ': not ' + pE(e) + (extra ? '\n\nReceived number of calls:       ' + pR(nc) : '');
      } : function () {
        return h + 'Expected number of ' + what + ': ' + pE(e) + '\nReceived number of ' + what + ': ' + pR(count) + (extra ? '\nReceived number of calls:   ' + pR(nc) : '');
      });
    };
  }
  [['toHaveBeenCalled', 'toBeCalled', calledMatcher], ['toHaveBeenCalledTimes', 'toBeCalledTimes', timesMatcher],
    ['toHaveReturned', 'toReturn', returnedMatcher], ['toHaveReturnedTimes', 'toReturnTimes', function (n) { return timesMatcher(n, true); }]
  ].forEach(function (x) { M[x[0]] = x[2](x[0]); M[x[1]] = x[2](x[1]); });
  [['toHaveBeenCalledWith', 'any', 0], ['toBeCalledWith', 'any', 0], ['toHaveBeenLastCalledWith', 'last', 0], ['lastCalledWith', 'last', 0],
    ['toHaveBeenNthCalledWith', 'nth', 0], ['nthCalledWith', 'nth', 0], ['toHaveReturnedWith', 'any', 1], ['toReturnWith', 'any', 1],
    ['toHaveLastReturnedWith', 'last', 1], ['lastReturnedWith', 'last', 1], ['toHaveNthReturnedWith', 'nth', 1], ['nthReturnedWith', 'nth', 1]
  ].forEach(function (x) { M[x[0]] = withMatcher(x[0], x[1], x[2]); });

  // ---- toThrow (expect/build/toThrowMatchers.js). Jest also prints the thrown error's stack
  // after "Received message:"; the Rust side shows the stack separately, so it is left out. ----
  var DID_NOT_THROW = 'Received function did not throw';
  function getThrown(e) {
    var hm = e !== null && e !== undefined && typeof e.message === 'string';
    return { hasMessage: hm, isError: hm && typeof e.name === 'string' && typeof e.stack === 'string', message: hm ? e.message : String(e), value: e };
  }
  function isError(v) { return isA('Error', v) || v instanceof Error; }
  function fmtR(label, t, key, e) {
    if (t === null) return '';
    if (key === 'message') return label + (typeof e === 'string' && t.message.includes(e) || e instanceof RegExp && e.exec(t.message) ? printStrContain(t.message) : pR(t.message)) + '\n';
    if (key === 'name') return t.isError ? label + pR(t.value.name) + '\n' : '';
    return t.isError ? '' : label + pR(t.value) + '\n';
  }
  function msgAndCause(e) { return '{ message: ' + e.message + (e.cause instanceof Error ? ', cause: ' + msgAndCause(e.cause) + '}' : ' }'); }
  function createMessageAndCause(e) { return e.cause instanceof Error ? msgAndCause(e) : e.message; }
  function throwMatcher(name, fromPromise) {
    return function (r, e) {
      var o = opts(this), t = null;
      if (fromPromise && isError(r)) t = getThrown(r);
      else if (typeof r !== 'function') {
        if (!fromPromise) throw matcherError(name, o, e === undefined ? '' : 'expected', 'received value must be a function', 'Received', r);
      } else {
        try { r(); } catch (x) { t = getThrown(x); }
      }
      var h = matcherHint(name, undefined, e === undefined ? '' : undefined, o) + '\n\n', pass, m;
      if (e === undefined) {
        pass = t !== null;
        m = pass ? function () { return h + (t.hasMessage ? fmtR('Error name:    ', t, 'name') + fmtR('Error message: ', t, 'message') : fmtR('Thrown value: ', t, 'value')); }
          : function () { return h + DID_NOT_THROW; };
      } else if (typeof e === 'function') {
        pass = t !== null && t.value instanceof e;
        m = pass ? function () {
          return h + ctorName('Expected constructor', e, true, true) + '\n' + (t.value != null && typeof t.value.constructor === 'function' && t.value.constructor !== e ? recvCtorNot('Received constructor', t.value.constructor, e) : '') +
            '\n' + (t.hasMessage ? fmtR('Received message: ', t, 'message') : fmtR('Received value: ', t, 'value'));
        } : function () {
          return h + ctorName('Expected constructor', e, false, true) + '\n' + (t === null ? '\n' + DID_NOT_THROW
            : (t.value != null && typeof t.value.constructor === 'function' ? ctorName('Received constructor', t.value.constructor, false, false) + '\n' : '') + '\n' +
              (t.hasMessage ? fmtR('Received message: ', t, 'message') : fmtR('Received value: ', t, 'value')));
        };
      } else if (typeof e === 'string' || (e !== null && typeof e.test === 'function')) {
        var str = typeof e === 'string', L = str ? 'substring' : 'pattern';
        pass = t !== null && (str ? t.message.includes(e) : e.test(t.message));
        m = pass ? function () {
          return h + 'Expected ' + L + ': not ' + pE(e) + '\n' + (t.hasMessage ? fmtR(str ? 'Received message:       ' : 'Received message:     ', t, 'message', e) : fmtR(str ? 'Received value:         ' : 'Received value:       ', t, 'value'));
        } : function () {
          return h + 'Expected ' + L + ': ' + pE(e) + '\n' + (t === null ? '\n' + DID_NOT_THROW : t.hasMessage ? fmtR(str ? 'Received message:   ' : 'Received message: ', t, 'message') : fmtR(str ? 'Received value:     ' : 'Received value:   ', t, 'value'));
        };
      } else if (e !== null && typeof e.asymmetricMatch === 'function') {
        pass = t !== null && e.asymmetricMatch(t.value);
        m = function () {
          return h + 'Expected asymmetric matcher: ' + (pass ? 'not ' : '') + pE(e) + '\n\n' + (t === null ? DID_NOT_THROW : t.hasMessage
            ? fmtR('Received name:    ', t, 'name') + fmtR('Received message: ', t, 'message') : fmtR('Thrown value: ', t, 'value'));
        };
      } else if (e !== null && typeof e === 'object') {
        var em = createMessageAndCause(e), tm = t !== null ? createMessageAndCause(t.value) : null, lab = e.cause === undefined ? 'message' : 'message and cause';
        pass = t !== null && t.message === e.message && tm === em;
        m = pass ? function () { return h + 'Expected ' + lab + ': not ' + pE(em) + '\n' + (t.hasMessage ? '' : fmtR('Received value:       ', t, 'value')); }
          : function () {
            return h + (t === null ? 'Expected ' + lab + ': ' + pE(em) + '\n\n' + DID_NOT_THROW : t.hasMessage
              ? printDiffOrStringify(em, tm, 'Expected ' + lab, 'Received ' + (t.value.cause === undefined ? 'message' : 'message and cause'), true) + '\n'
              : 'Expected ' + lab + ': ' + pE(em) + '\n' + fmtR('Received value:   ', t, 'value'));
          };
      } else throw matcherError(name, o, undefined, 'expected value must be a string or regular expression or class or error', 'Expected', e);
      return res(pass, m);
    };
  }
  M.toThrow = throwMatcher('toThrow');
  M.toThrowError = throwMatcher('toThrowError');

  // ---- snapshots (jest-snapshot/build/index.js); the state is jest.js' ----
  function isPlain(i) { return i != null && typeof i === 'object' && !Array.isArray(i); }
  function deepMerge(t, s) {
    if (isPlain(t) && isPlain(s)) {
      var out = Object.assign({}, t);
      Object.keys(s).forEach(function (k) {
        if (isPlain(s[k]) && !s[k].$$typeof) out[k] = k in t ? deepMerge(t[k], s[k]) : s[k];
        else if (Array.isArray(s[k])) out[k] = deepMergeArray(t[k], s[k]);
        else out[k] = s[k];
      });
      return out;
    }
    return Array.isArray(t) && Array.isArray(s) ? deepMergeArray(t, s) : t;
  }
  function deepMergeArray(t, s) {
    var out = Array.from(t);
    s.forEach(function (x, i) { out[i] = Array.isArray(t[i]) ? deepMergeArray(t[i], x) : isPlain(out[i]) ? deepMerge(t[i], x) : x; });
    return out;
  }
  var escBt = function (s) { return s.replace(/\x60|\\|\$\{/g, '\\$&'); };
  function snapHint(name, c, props, hint) {
    var o = opts(c), ex = '';
    if (typeof props === 'object') { ex = 'properties'; if (typeof hint === 'string' && hint.length) o.secondArgument = 'hint'; }
    else if (typeof hint === 'string' && hint.length) ex = 'hint';
    return matcherHint(name, undefined, ex, o);
  }
  function snapName(names, hint, count) {
    names = names || ''; hint = hint || '';
    return 'Snapshot name: \x60' + escBt(names) + (names && hint ? ': ' : '') + escBt(hint) + ' ' + count + '\x60';
  }
  function printSnapshotAndReceived(a, b, received) {
    var o = { aAnnotation: 'Snapshot', bAnnotation: 'Received', includeChangeCounts: true, expand: state.expand, emptyFirstOrLastLinePlaceholder: '\u21b5' };
    if (typeof received === 'string') {
      if (a.length >= 2 && a[0] === '"' && a[a.length - 1] === '"' && b === P.format(received)) {
        if (!a.includes('\n') && !b.includes('\n')) return 'Snapshot: ' + a + '\nReceived: ' + b;
        a = a.slice(1, -1).replace(/\\("|\\)/g, '$1'); b = received;
      }
      return a.length <= 20000 && b.length <= 20000 ? P.diffStringsUnified(a, b, o) : P.diffLinesUnified(a.split('\n'), b.split('\n'), o);
    }
    var t = getType(received);
    if (isPrimitive(received) || t === 'date' || t === 'function' || t === 'regexp' || received instanceof Error || (t === 'object' && typeof received.asymmetricMatch === 'function'))
      return 'Snapshot: ' + a + '\nReceived: ' + b;
    var b0 = P.serialize(received, 0);
    return b0 !== b ? P.diffLinesUnified2(a.split('\n'), b.split('\n'), a.split('\n').map(function (l) { return l.trimStart(); }), b0.split('\n'), o)
      : P.diffLinesUnified(a.split('\n'), b.split('\n'), o);
  }
  function snapshotMatcher(name, c, received, props, hint) {
    if (c.dontThrow) c.dontThrow();
    var st = state.snapshotState, test = state.currentTestName;
    if (c.isNot) throw new Error(matcherErrorMessage(snapHint(name, c, props, hint), 'Snapshot matchers cannot be used with not'));
    if (!st) throw new Error(snapHint(name, c, props, hint) + '\n\nSnapshot state must be initialized');
    var full = test && hint ? test + ': ' + hint : test || '';
    if (typeof props === 'object') {
      if (typeof received !== 'object' || received === null)
        throw new Error(matcherErrorMessage(snapHint(name, c, props, hint), 'received value must be an object when the matcher has properties', printWithType('Received', received, function (v) { return P.format(v, { min: true, escapeRegex: true, printFunctionName: false, snapshot: true }); })));
      if (!equals(received, props, [iterableEquality, subsetEquality])) {
        var key = st.fail(full), count = Number(/(\d+)$/.exec(key)[1]);
        return res(false, function () {
          var x = replaceMatchedToAsymmetricMatcher(props, received);
          return snapHint(name, c, props, hint) + '\n\n' + snapName(test, hint, count) + '\n\n' +
            P.diffLinesUnified(P.serialize(x[0], 2, true).split('\n'), P.serialize(getObjectSubset(x[1], x[0]), 2, true).split('\n'), { aAnnotation: 'Expected properties', bAnnotation: 'Received value', includeChangeCounts: true, expand: state.expand });
        });
      }
      received = deepMerge(received, props);
    }
    var r = st.match(full, received);
    if (r.pass) return res(true, function () { return ''; });
    return res(false, r.expected === undefined ? function () {
      return snapHint(name, c, props, hint) + '\n\n' + snapName(test, hint, r.count) + '\n\nNew snapshot was not written. The update flag must be explicitly passed to write a new snapshot.\n\n' +
        'This is likely because this test is run in a continuous integration (CI) environment in which snapshots are not written by default.\n\nReceived:' + (r.actual.includes('\n') ? '\n' : ' ') + r.actual;
    } : function () { return snapHint(name, c, props, hint) + '\n\n' + snapName(test, hint, r.count) + '\n\n' + printSnapshotAndReceived(r.expected, r.actual, received); });
  }
  M.toMatchSnapshot = function (r, propsOrHint, hint) {
    var props;
    if (arguments.length === 2 && typeof propsOrHint === 'string') hint = propsOrHint;
    else if (arguments.length >= 2) {
      if (typeof propsOrHint !== 'object' || propsOrHint === null)
        throw new Error(matcherErrorMessage(matcherHint('toMatchSnapshot', undefined, 'properties', opts(this, arguments.length === 3 ? { secondArgument: 'hint' } : {})), 'Expected properties must be an object', printWithType('Expected properties', propsOrHint, pE)));
      props = propsOrHint;
    }
    return snapshotMatcher('toMatchSnapshot', this, r, props, hint);
  };
  M.toThrowErrorMatchingSnapshot = function (r, hint, fromPromise) {
    var o = opts(this), err;
    if (this.dontThrow) this.dontThrow();
    if (!fromPromise && typeof r !== 'function') throw matcherError('toThrowErrorMatchingSnapshot', o, '', 'received value must be a function', 'Received', r);
    if (this.isNot) throw new Error(matcherErrorMessage(snapHint('toThrowErrorMatchingSnapshot', this, undefined, hint), 'Snapshot matchers cannot be used with not'));
    if (fromPromise) err = r; else try { r(); } catch (x) { err = x; }
    if (err === undefined) throw new Error(snapHint('toThrowErrorMatchingSnapshot', this, undefined, hint) + '\n\n' + DID_NOT_THROW);
    return snapshotMatcher('toThrowErrorMatchingSnapshot', this, err.message, undefined, hint);
  };
  M.toMatchInlineSnapshot = M.toThrowErrorMatchingInlineSnapshot = function () {
    throw new Error('wxbox test: inline snapshots (toMatchInlineSnapshot) are not supported; use toMatchSnapshot');
  };
  return {
    M: M, utils: utils, matcherHint: matcherHint, matcherErrorMessage: matcherErrorMessage, printWithType: printWithType, pluralize: pluralize,
    ensureNoExpected: ensureNoExpected, throwMatcher: throwMatcher
  };
`;
})(globalThis);
