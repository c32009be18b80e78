// wxbox test: a pretty-format 29 compatible serializer and a jest-diff 29 compatible line
// diff, without colours. Ported from pretty-format/build/index.js (printBasicValue,
// printComplexValue, printListItems, printObjectProperties, printIteratorEntries), its
// AsymmetricMatcher plugin, jest-snapshot's mockSerializer, jest-matcher-utils' stringify /
// printExpected / printReceived, and jest-diff's diff / diffLinesUnified(2) /
// joinAlignedDiffsNoExpand, and diff-sequences (the line diff itself).
//
// Only getType and the lazy loader are code; the rest is a string compiled on the first call
// (`new Function`): boa parses a string literal about 25 times faster than code, and most test
// files never print a failure or a snapshot. The harness (js-tests/run.mjs) runs all of it.
(function (G) {
  'use strict';
  function getType(v) {
    if (v === undefined) return 'undefined';
    if (v === null) return 'null';
    if (Array.isArray(v)) return 'array';
    var t = typeof v;
    if (t !== 'object') return t;
    if (v.constructor === RegExp) return 'regexp';
    if (v.constructor === Map) return 'map';
    if (v.constructor === Set) return 'set';
    if (v.constructor === Date) return 'date';
    return 'object';
  }
  var impl, api = { getType: getType, NO_DIFF: 'Compared values have no visual difference.' };
  ['format', 'stringify', 'printExpected', 'printReceived', 'serialize', 'diff', 'diffLinesUnified', 'diffLinesUnified2', 'diffStringsUnified', 'addSerializer'].forEach(function (n) {
    api[n] = function () {
      impl = impl || new Function('getType', 'NO_DIFF', SOURCE)(getType, api.NO_DIFF);
      return impl[n].apply(null, arguments);
    };
  });
  G.__wxbox_pretty = api;
  var SOURCE = String.raw`'use strict';
  var toStr = Object.prototype.toString;
  var ASYM = Symbol.for('jest.asymmetricMatcher');
  var ARRAYISH = /^\[object (Array|ArrayBuffer|DataView|Float32Array|Float64Array|Int8Array|Int16Array|Int32Array|Uint8Array|Uint8ClampedArray|Uint16Array|Uint32Array|BigInt64Array|BigUint64Array)\]$/;
  function ctorName(v) {
    return (typeof v.constructor === 'function' && v.constructor.name) || 'Object';
  }
  function printFn(v, named) {
    return named ? '[Function ' + (v.name || 'anonymous') + ']' : '[Function]';
  }
  function printSym(v) {
    return String(v).replace(/^Symbol\((.*)\)(.*)$/, 'Symbol($1)');
  }
  function printError(v) {
    return '[' + Error.prototype.toString.call(v) + ']';
  }
  function basic(v, c) {
    if (v === true || v === false) return '' + v;
    if (v === undefined) return 'undefined';
    if (v === null) return 'null';
    var t = typeof v;
    if (t === 'number') return Object.is(v, -0) ? '-0' : String(v);
    if (t === 'bigint') return String(v) + 'n';
    if (t === 'string') return '"' + (c.escapeString ? v.replace(/"|\\/g, '\\$&') : v) + '"';
    if (t === 'function') return printFn(v, c.printFunctionName);
    if (t === 'symbol') return printSym(v);
    var s = toStr.call(v);
    if (s === '[object WeakMap]') return 'WeakMap {}';
    if (s === '[object WeakSet]') return 'WeakSet {}';
    if (s === '[object Function]' || s === '[object GeneratorFunction]') return printFn(v, c.printFunctionName);
    if (s === '[object Symbol]') return printSym(v);
    if (s === '[object Date]') return isNaN(+v) ? 'Date { NaN }' : Date.prototype.toISOString.call(v);
    if (s === '[object Error]') return printError(v);
    if (s === '[object RegExp]') {
      var r = RegExp.prototype.toString.call(v);
      return c.escapeRegex ? r.replace(/[\\^$*+?.()|[\]{}]/g, '\\$&') : r;
    }
    if (v instanceof Error) return printError(v);
    return null;
  }
  function list(l, c, ind, depth, refs) {
    var out = '';
    if (l.length) {
      out += c.spacingOuter;
      var next = ind + c.indent;
      for (var i = 0; i < l.length; i++) {
        out += next;
        if (i === c.maxWidth) { out += '…'; break; }
        if (i in l) out += printer(l[i], c, next, depth, refs);
        if (i < l.length - 1) out += ',' + c.spacingInner;
        else if (!c.min) out += ',';
      }
      out += c.spacingOuter + ind;
    }
    return out;
  }
  function keysOf(o) {
    var ks = Object.keys(o).sort();
    Object.getOwnPropertySymbols(o).forEach(function (s) {
      if (Object.getOwnPropertyDescriptor(o, s).enumerable) ks.push(s);
    });
    return ks;
  }
  function props(o, c, ind, depth, refs) {
    var out = '', ks = keysOf(o);
    if (ks.length) {
      out += c.spacingOuter;
      var next = ind + c.indent;
      for (var i = 0; i < ks.length; i++) {
        out += next + printer(ks[i], c, next, depth, refs) + ': ' + printer(o[ks[i]], c, next, depth, refs);
        if (i < ks.length - 1) out += ',' + c.spacingInner;
        else if (!c.min) out += ',';
      }
      out += c.spacingOuter + ind;
    }
    return out;
  }
  function entries(it, c, ind, depth, refs, sep) {
    var out = '', w = 0, cur = it.next();
    if (!cur.done) {
      out += c.spacingOuter;
      var next = ind + c.indent;
      while (!cur.done) {
        out += next;
        if (w++ === c.maxWidth) { out += '…'; break; }
        out += sep === null ? printer(cur.value, c, next, depth, refs) : printer(cur.value[0], c, next, depth, refs) + sep + printer(cur.value[1], c, next, depth, refs);
        cur = it.next();
        if (!cur.done) out += ',' + c.spacingInner;
        else if (!c.min) out += ',';
      }
      out += c.spacingOuter + ind;
    }
    return out;
  }
  function complex(v, c, ind, depth, refs, calledToJSON) {
    if (refs.indexOf(v) !== -1) return '[Circular]';
    refs = refs.concat([v]);
    var hit = ++depth > c.maxDepth, min = c.min;
    if (c.callToJSON && !hit && v.toJSON && typeof v.toJSON === 'function' && !calledToJSON)
      return printer(v.toJSON(), c, ind, depth, refs, true);
    var s = toStr.call(v);
    if (s === '[object Arguments]') return hit ? '[Arguments]' : (min ? '' : 'Arguments ') + '[' + list(v, c, ind, depth, refs) + ']';
    if (ARRAYISH.test(s)) {
      var n = v.constructor.name;
      return hit ? '[' + n + ']' : (min || (!c.printBasicPrototype && n === 'Array') ? '' : n + ' ') + '[' + list(v, c, ind, depth, refs) + ']';
    }
    if (s === '[object Map]') {
      return hit ? '[Map]' : 'Map {' + entries(v.entries(), c, ind, depth, refs, ' => ') + '}';
    }
    if (s === '[object Set]') {
      return hit ? '[Set]' : 'Set {' + entries(v.values(), c, ind, depth, refs, null) + '}';
    }
    var cn = ctorName(v);
    return hit ? '[' + cn + ']' : (min || (!c.printBasicPrototype && cn === 'Object') ? '' : cn + ' ') + '{' + props(v, c, ind, depth, refs) + '}';
  }
  // Snapshot serializers added by expect.addSnapshotSerializer (the last added is tried
  // first), jest-snapshot's mockSerializer, then the AsymmetricMatcher plugin
  // (pretty-format/build/plugins/AsymmetricMatcher.js); printPlugin's contract for both plugin
  // kinds ({test, serialize} and the older {test, print}).
  var custom = [], none = { open: '', close: '' }, COLORS = { comment: none, content: none, prop: none, tag: none, value: none };
  function plugin(v, c, ind, depth, refs) {
    if (c.snapshot) for (var i = 0; i < custom.length; i++) {
      var p = custom[i];
      if (!p.test(v)) continue;
      var out = typeof p.serialize === 'function' ? p.serialize(v, c, ind, depth, refs, printer)
        : p.print(v, function (x) { return printer(x, c, ind, depth, refs); }, function (str) { var n = ind + c.indent; return n + str.replace(/\n/g, '\n' + n); },
          { edgeSpacing: c.spacingOuter, min: c.min, spacing: c.spacingInner }, COLORS);
      if (typeof out !== 'string') throw new Error('pretty-format: Plugin must return type "string" but instead returned "' + typeof out + '".');
      return out;
    }
    if (v && v.$$typeof === ASYM) {
      var s = v.toString();
      if (s === 'ArrayContaining' || s === 'ArrayNotContaining')
        return ++depth > c.maxDepth ? '[' + s + ']' : s + ' [' + list(v.sample, c, ind, depth, refs) + ']';
      if (s === 'ObjectContaining' || s === 'ObjectNotContaining')
        return ++depth > c.maxDepth ? '[' + s + ']' : s + ' {' + props(v.sample, c, ind, depth, refs) + '}';
      if (/^String(Not)?(Matching|Containing)$/.test(s)) return s + ' ' + printer(v.sample, c, ind, depth, refs);
      return v.toAsymmetricMatcher();
    }
    if (c.snapshot && v && v._isMockFunction === true && typeof v.getMockName === 'function') {
      var name = v.getMockName(), calls = '';
      if (v.mock.calls.length) {
        var next = ind + c.indent;
        calls = ' {' + c.spacingOuter + next + '"calls": ' + printer(v.mock.calls, c, next, depth, refs) + (c.min ? ', ' : ',') + c.spacingOuter +
          next + '"results": ' + printer(v.mock.results, c, next, depth, refs) + (c.min ? '' : ',') + c.spacingOuter + ind + '}';
      }
      return '[MockFunction' + (name === 'jest.fn()' ? '' : ' ' + name) + ']' + calls;
    }
    return null;
  }
  function printer(v, c, ind, depth, refs, calledToJSON) {
    var r = plugin(v, c, ind, depth, refs);
    if (r !== null) return r;
    r = basic(v, c);
    if (r !== null) return r;
    return complex(v, c, ind, depth, refs, calledToJSON);
  }
  function format(v, o) {
    o = o || {};
    var c = {
      callToJSON: o.callToJSON !== false, escapeRegex: !!o.escapeRegex, escapeString: o.escapeString !== false,
      indent: o.min ? '' : ' '.repeat(o.indent === undefined ? 2 : o.indent), maxDepth: o.maxDepth === undefined ? Infinity : o.maxDepth,
      maxWidth: o.maxWidth === undefined ? Infinity : o.maxWidth, min: !!o.min, printBasicPrototype: o.printBasicPrototype !== false,
      printFunctionName: o.printFunctionName !== false, snapshot: !!o.snapshot, spacingOuter: o.min ? '' : '\n', spacingInner: o.min ? ' ' : '\n', colors: COLORS
    };
    var b = plugin(v, c, '', 0, []);
    if (b !== null) return b;
    b = basic(v, c);
    return b !== null ? b : complex(v, c, '', 0, []);
  }
  // jest-matcher-utils stringify / printExpected / printReceived.
  function stringify(v, maxDepth, maxWidth) {
    maxDepth = maxDepth === undefined ? 10 : maxDepth;
    maxWidth = maxWidth === undefined ? 10 : maxWidth;
    var r;
    try { r = format(v, { maxDepth: maxDepth, maxWidth: maxWidth, min: true }); }
    catch (e) { r = format(v, { callToJSON: false, maxDepth: maxDepth, maxWidth: maxWidth, min: true }); }
    if (r.length >= 10000 && maxDepth > 1) return stringify(v, Math.floor(maxDepth / 2), maxWidth);
    if (r.length >= 10000 && maxWidth > 1) return stringify(v, maxDepth, Math.floor(maxWidth / 2));
    return r;
  }
  function trailing(t) {
    return t.replace(/\s+$/gm, function (s) { return '\u00b7'.repeat(s.length); });
  }
  function printValue(v) { return trailing(stringify(v)); }
  // jest-snapshot serialize with jest 29's snapshotFormat defaults;
  // plain: without jest 29's snapshotFormat, as printPropertiesAndReceived serializes.
  function serialize(v, indent, plain) {
    return format(v, { escapeRegex: true, printFunctionName: false, escapeString: !!plain, printBasicPrototype: !!plain, indent: indent, snapshot: true })
      .replace(/\r\n|\r/g, '\n');
  }

  // ---- jest-diff ----
  // diff-sequences 29 (jest's linear-space Myers with a middle snake), ported so that lines
  // align exactly as jest aligns them when several longest common subsequences exist.
  function diffSequences(aLength, bLength, isCommon, found) {
    function cF(ai, aE, bi, bE, ic) { var n = 0; while (ai < aE && bi < bE && ic(ai, bi)) { ai++; bi++; n++; } return n; }
    function cR(aS, ai, bS, bi, ic) { var n = 0; while (aS <= ai && bS <= bi && ic(ai, bi)) { ai--; bi--; n++; } return n; }
    function extF(d, aE, bE, bF, ic, xF, iMax) {
      var i = 0, k = -d, aFirst = xF[i], prev = aFirst;
      xF[i] += cF(aFirst + 1, aE, bF + aFirst - k + 1, bE, ic);
      var n = d < iMax ? d : iMax;
      for (i += 1, k += 2; i <= n; i += 1, k += 2) {
        if (i !== d && prev < xF[i]) aFirst = xF[i];
        else { aFirst = prev + 1; if (aE <= aFirst) return i - 1; }
        prev = xF[i];
        xF[i] = aFirst + cF(aFirst + 1, aE, bF + aFirst - k + 1, bE, ic);
      }
      return iMax;
    }
    function extR(d, aS, bS, bR, ic, xR, iMax) {
      var i = 0, k = d, aFirst = xR[i], prev = aFirst;
      xR[i] -= cR(aS, aFirst - 1, bS, bR + aFirst - k - 1, ic);
      var n = d < iMax ? d : iMax;
      for (i += 1, k -= 2; i <= n; i += 1, k -= 2) {
        if (i !== d && xR[i] < prev) aFirst = xR[i];
        else { aFirst = prev - 1; if (aFirst < aS) return i - 1; }
        prev = xR[i];
        xR[i] = aFirst - cR(aS, aFirst - 1, bS, bR + aFirst - k - 1, ic);
      }
      return iMax;
    }
    function ovF(d, aS, aE, bS, bE, ic, xF, iMaxF, xR, iMaxR, dv) {
      var bF = bS - aS, delta = (bE - bS) - (aE - aS), kMin = -delta - (d - 1), kMax = -delta + (d - 1), prev = 0, n = d < iMaxF ? d : iMaxF;
      for (var i = 0, k = -d; i <= n; i += 1, k += 2) {
        var ins = i === 0 || (i !== d && prev < xF[i]), aLP = ins ? xF[i] : prev, aFirst = ins ? aLP : aLP + 1, bFirst = bF + aFirst - k;
        var ncF = cF(aFirst + 1, aE, bFirst + 1, bE, ic), aLast = aFirst + ncF;
        prev = xF[i]; xF[i] = aLast;
        if (kMin <= k && k <= kMax) {
          var iR = (d - 1 - (k + delta)) / 2;
          if (iR <= iMaxR && xR[iR] - 1 <= aLast) {
            var bLP = bF + aLP - (ins ? k + 1 : k - 1), ncR = cR(aS, aLP, bS, bLP, ic), aEP = aLP - ncR + 1, bEP = bLP - ncR + 1;
            dv.nChangePreceding = d - 1;
            if (d - 1 === aEP + bEP - aS - bS) { dv.aEndPreceding = aS; dv.bEndPreceding = bS; } else { dv.aEndPreceding = aEP; dv.bEndPreceding = bEP; }
            dv.nCommonPreceding = ncR;
            if (ncR !== 0) { dv.aCommonPreceding = aEP; dv.bCommonPreceding = bEP; }
            dv.nCommonFollowing = ncF;
            if (ncF !== 0) { dv.aCommonFollowing = aFirst + 1; dv.bCommonFollowing = bFirst + 1; }
            var aSF = aLast + 1, bSF = bFirst + ncF + 1;
            dv.nChangeFollowing = d - 1;
            if (d - 1 === aE + bE - aSF - bSF) { dv.aStartFollowing = aE; dv.bStartFollowing = bE; } else { dv.aStartFollowing = aSF; dv.bStartFollowing = bSF; }
            return true;
          }
        }
      }
      return false;
    }
    function ovR(d, aS, aE, bS, bE, ic, xF, iMaxF, xR, iMaxR, dv) {
      var bR = bE - aE, delta = (bE - bS) - (aE - aS), kMin = delta - d, kMax = delta + d, prev = 0, n = d < iMaxR ? d : iMaxR;
      for (var i = 0, k = d; i <= n; i += 1, k -= 2) {
        var ins = i === 0 || (i !== d && xR[i] < prev), aLP = ins ? xR[i] : prev, aFirst = ins ? aLP : aLP - 1, bFirst = bR + aFirst - k;
        var ncR = cR(aS, aFirst - 1, bS, bFirst - 1, ic), aLast = aFirst - ncR;
        prev = xR[i]; xR[i] = aLast;
        if (kMin <= k && k <= kMax) {
          var iF = (d + (k - delta)) / 2;
          if (iF <= iMaxF && aLast - 1 <= xF[iF]) {
            var bLast = bFirst - ncR;
            dv.nChangePreceding = d;
            if (d === aLast + bLast - aS - bS) { dv.aEndPreceding = aS; dv.bEndPreceding = bS; } else { dv.aEndPreceding = aLast; dv.bEndPreceding = bLast; }
            dv.nCommonPreceding = ncR;
            if (ncR !== 0) { dv.aCommonPreceding = aLast; dv.bCommonPreceding = bLast; }
            dv.nChangeFollowing = d - 1;
            if (d === 1) { dv.nCommonFollowing = 0; dv.aStartFollowing = aE; dv.bStartFollowing = bE; }
            else {
              var bLP = bR + aLP - (ins ? k - 1 : k + 1), ncF = cF(aLP, aE, bLP, bE, ic);
              dv.nCommonFollowing = ncF;
              if (ncF !== 0) { dv.aCommonFollowing = aLP; dv.bCommonFollowing = bLP; }
              var aSF = aLP + ncF, bSF = bLP + ncF;
              if (d - 1 === aE + bE - aSF - bSF) { dv.aStartFollowing = aE; dv.bStartFollowing = bE; } else { dv.aStartFollowing = aSF; dv.bStartFollowing = bSF; }
            }
            return true;
          }
        }
      }
      return false;
    }
    function divide(nChange, aS, aE, bS, bE, ic, xF, xR, dv) {
      var bF = bS - aS, bR = bE - aE, aL = aE - aS, bL = bE - bS, delta = bL - aL, iMaxF = aL, iMaxR = aL, d, dMin, dMax;
      xF[0] = aS - 1; xR[0] = aE;
      if (delta % 2 === 0) {
        dMin = (nChange || delta) / 2; dMax = (aL + bL) / 2;
        for (d = 1; d <= dMax; d++) {
          iMaxF = extF(d, aE, bE, bF, ic, xF, iMaxF);
          if (d < dMin) iMaxR = extR(d, aS, bS, bR, ic, xR, iMaxR);
          else if (ovR(d, aS, aE, bS, bE, ic, xF, iMaxF, xR, iMaxR, dv)) return;
        }
      } else {
        dMin = ((nChange || delta) + 1) / 2; dMax = (aL + bL + 1) / 2;
        d = 1;
        iMaxF = extF(d, aE, bE, bF, ic, xF, iMaxF);
        for (d += 1; d <= dMax; d++) {
          iMaxR = extR(d - 1, aS, bS, bR, ic, xR, iMaxR);
          if (d < dMin) iMaxF = extF(d, aE, bE, bF, ic, xF, iMaxF);
          else if (ovF(d, aS, aE, bS, bE, ic, xF, iMaxF, xR, iMaxR, dv)) return;
        }
      }
      throw new Error('diff-sequences: no overlap');
    }
    function sub(nChange, aS, aE, bS, bE, tr, cbs, xF, xR, dv) {
      if (bE - bS < aE - aS) {
        tr = !tr;
        if (tr && cbs.length === 1) {
          var f0 = cbs[0].found, i0 = cbs[0].isCommon;
          cbs[1] = { found: function (n, bC, aC) { f0(n, aC, bC); }, isCommon: function (bi, ai) { return i0(ai, bi); } };
        }
        var t = aS; aS = bS; bS = t; t = aE; aE = bE; bE = t;
      }
      var cb = cbs[tr ? 1 : 0];
      divide(nChange, aS, aE, bS, bE, cb.isCommon, xF, xR, dv);
      var v = Object.assign({}, dv);
      if (aS < v.aEndPreceding && bS < v.bEndPreceding) sub(v.nChangePreceding, aS, v.aEndPreceding, bS, v.bEndPreceding, tr, cbs, xF, xR, dv);
      if (v.nCommonPreceding !== 0) cb.found(v.nCommonPreceding, v.aCommonPreceding, v.bCommonPreceding);
      if (v.nCommonFollowing !== 0) cb.found(v.nCommonFollowing, v.aCommonFollowing, v.bCommonFollowing);
      if (v.aStartFollowing < aE && v.bStartFollowing < bE) sub(v.nChangeFollowing, v.aStartFollowing, aE, v.bStartFollowing, bE, tr, cbs, xF, xR, dv);
    }
    var ncF = cF(0, aLength, 0, bLength, isCommon);
    if (ncF !== 0) found(ncF, 0, 0);
    if (aLength !== ncF || bLength !== ncF) {
      var ncR = cR(ncF, aLength - 1, ncF, bLength - 1, isCommon), aE = aLength - ncR, bE = bLength - ncR;
      if (aLength !== ncF + ncR && bLength !== ncF + ncR) sub(0, ncF, aE, ncF, bE, false, [{ found: found, isCommon: isCommon }], [0], [0], {});
      if (ncR !== 0) found(ncR, aE, bE);
    }
  }
  // jest-diff diffLinesRaw: [[op, line]], op -1 delete (a), 1 insert (b), 0 common (b's line).
  function diffRaw(a, b) {
    var out = [], ai = 0, bi = 0;
    diffSequences(a.length, b.length, function (i, j) { return a[i] === b[j]; }, function (n, aC, bC) {
      for (; ai !== aC; ai++) out.push([-1, a[ai]]);
      for (; bi !== bC; bi++) out.push([1, b[bi]]);
      for (; n !== 0; n--, ai++, bi++) out.push([0, b[bi]]);
    });
    for (; ai !== a.length; ai++) out.push([-1, a[ai]]);
    for (; bi !== b.length; bi++) out.push([1, b[bi]]);
    return out;
  }
  function line(l, ind, firstOrLast, o) {
    return l.length !== 0 ? ind + ' ' + l : ind !== ' ' ? ind : firstOrLast && o.emptyFirstOrLastLinePlaceholder ? ind + ' ' + o.emptyFirstOrLastLinePlaceholder : '';
  }
  function annotation(o, diffs) {
    var a = o.aAnnotation || 'Expected', b = o.bAnnotation || 'Received', ar = '', br = '';
    if (o.includeChangeCounts) {
      var ac = 0, bc = 0;
      diffs.forEach(function (d) { if (d[0] < 0) ac++; else if (d[0] > 0) bc++; });
      ac = String(ac); bc = String(bc);
      var ld = b.length - a.length, cd = bc.length - ac.length;
      ar = ' '.repeat(Math.max(0, ld)) + '  - ' + ' '.repeat(Math.max(0, cd)) + ac;
      br = ' '.repeat(Math.max(0, -ld)) + '  + ' + ' '.repeat(Math.max(0, -cd)) + bc;
    }
    return '- ' + a + ar + '\n+ ' + b + br + '\n\n';
  }
  // joinAlignedDiffsNoExpand (contextLines 5) or joinAlignedDiffsExpand.
  function join(diffs, o) {
    var L = diffs.length, nC = o.contextLines === undefined ? 5 : o.contextLines, nC2 = nC + nC;
    var sym = { '-1': '-', 0: ' ', 1: '+' };
    if (o.expand) return diffs.map(function (d, i) { return line(d[1], sym[d[0]], i === 0 || i === L - 1, o); }).join('\n');
    var jLen = L, excessEnds = false, nBetween = 0, i = 0, s;
    while (i !== L) {
      s = i;
      while (i !== L && diffs[i][0] === 0) i++;
      if (s !== i) {
        if (s === 0) { if (i > nC) { jLen -= i - nC; excessEnds = true; } }
        else if (i === L) { if (i - s > nC) { jLen -= i - s - nC; excessEnds = true; } }
        else if (i - s > nC2) { jLen -= i - s - nC2; nBetween++; }
      }
      while (i !== L && diffs[i][0] !== 0) i++;
    }
    var patch = nBetween !== 0 || excessEnds;
    if (nBetween !== 0) jLen += nBetween + 1; else if (excessEnds) jLen += 1;
    var jLast = jLen - 1, lines = [], jMark = 0, aS = 0, bS = 0, aE = 0, bE = 0;
    if (patch) lines.push('');
    function push(l, ind) {
      var j = lines.length;
      lines.push(line(l, ind, j === 0 || j === jLast, o));
      if (ind !== '+') aE++;
      if (ind !== '-') bE++;
    }
    function mark() { return '@@ -' + (aS + 1) + ',' + (aE - aS) + ' +' + (bS + 1) + ',' + (bE - bS) + ' @@'; }
    i = 0;
    while (i !== L) {
      s = i;
      while (i !== L && diffs[i][0] === 0) i++;
      if (s !== i) {
        var c;
        if (s === 0) {
          if (i > nC) { s = i - nC; aS = bS = aE = bE = s; }
          for (c = s; c !== i; c++) push(diffs[c][1], ' ');
        } else if (i === L) {
          var e = i - s > nC ? s + nC : i;
          for (c = s; c !== e; c++) push(diffs[c][1], ' ');
        } else if (i - s > nC2) {
          for (c = s; c !== s + nC; c++) push(diffs[c][1], ' ');
          lines[jMark] = mark();
          jMark = lines.length;
          lines.push('');
          var omit = i - s - nC2;
          aS = aE + omit; bS = bE + omit; aE = aS; bE = bS;
          for (c = i - nC; c !== i; c++) push(diffs[c][1], ' ');
        } else for (c = s; c !== i; c++) push(diffs[c][1], ' ');
      }
      while (i !== L && diffs[i][0] === -1) push(diffs[i++][1], '-');
      while (i !== L && diffs[i][0] === 1) push(diffs[i++][1], '+');
    }
    if (patch) lines[jMark] = mark();
    return lines.join('\n');
  }
  // jest-diff diffStringsUnified: a character diff (diff-sequences, then diff-match-patch's
  // cleanupSemantic, as jest-diff/build/cleanupSemantic.js) regrouped into lines
  // (getAlignedDiffs.js); without colours the changed substrings are not marked.
  function commonPrefix(a, b) {
    if (!a || !b || a.charAt(0) != b.charAt(0)) return 0;
    var min = 0, max = Math.min(a.length, b.length), mid = max, start = 0;
    while (min < mid) {
      if (a.substring(start, mid) == b.substring(start, mid)) { min = mid; start = min; } else max = mid;
      mid = Math.floor((max - min) / 2 + min);
    }
    return mid;
  }
  function commonSuffix(a, b) {
    if (!a || !b || a.charAt(a.length - 1) != b.charAt(b.length - 1)) return 0;
    var min = 0, max = Math.min(a.length, b.length), mid = max, end = 0;
    while (min < mid) {
      if (a.substring(a.length - mid, a.length - end) == b.substring(b.length - mid, b.length - end)) { min = mid; end = min; } else max = mid;
      mid = Math.floor((max - min) / 2 + min);
    }
    return mid;
  }
  function commonOverlap(a, b) {
    var al = a.length, bl = b.length;
    if (al == 0 || bl == 0) return 0;
    if (al > bl) a = a.substring(al - bl); else if (al < bl) b = b.substring(0, al);
    var tl = Math.min(al, bl);
    if (a == b) return tl;
    var best = 0, len = 1;
    for (;;) {
      var found = b.indexOf(a.substring(tl - len));
      if (found == -1) return best;
      len += found;
      if (found == 0 || a.substring(tl - len) == b.substring(0, len)) { best = len; len++; }
    }
  }
  function cleanupSemantic(diffs) {
    var changes = false, eqs = [], eqsLen = 0, lastEq = null, p = 0, ins1 = 0, del1 = 0, ins2 = 0, del2 = 0;
    while (p < diffs.length) {
      if (diffs[p][0] == 0) { eqs[eqsLen++] = p; ins1 = ins2; del1 = del2; ins2 = 0; del2 = 0; lastEq = diffs[p][1]; }
      else {
        if (diffs[p][0] == 1) ins2 += diffs[p][1].length; else del2 += diffs[p][1].length;
        if (lastEq && lastEq.length <= Math.max(ins1, del1) && lastEq.length <= Math.max(ins2, del2)) {
          diffs.splice(eqs[eqsLen - 1], 0, [-1, lastEq]);
          diffs[eqs[eqsLen - 1] + 1][0] = 1;
          eqsLen -= 2;
          p = eqsLen > 0 ? eqs[eqsLen - 1] : -1;
          ins1 = del1 = ins2 = del2 = 0; lastEq = null; changes = true;
        }
      }
      p++;
    }
    if (changes) cleanupMerge(diffs);
    cleanupSemanticLossless(diffs);
    p = 1;
    while (p < diffs.length) {
      if (diffs[p - 1][0] == -1 && diffs[p][0] == 1) {
        var del = diffs[p - 1][1], ins = diffs[p][1], o1 = commonOverlap(del, ins), o2 = commonOverlap(ins, del);
        if (o1 >= o2) {
          if (o1 >= del.length / 2 || o1 >= ins.length / 2) {
            diffs.splice(p, 0, [0, ins.substring(0, o1)]);
            diffs[p - 1][1] = del.substring(0, del.length - o1);
            diffs[p + 1][1] = ins.substring(o1);
            p++;
          }
        } else if (o2 >= del.length / 2 || o2 >= ins.length / 2) {
          diffs.splice(p, 0, [0, del.substring(0, o2)]);
          diffs[p - 1][0] = 1; diffs[p - 1][1] = ins.substring(0, ins.length - o2);
          diffs[p + 1][0] = -1; diffs[p + 1][1] = del.substring(o2);
          p++;
        }
        p++;
      }
      p++;
    }
  }
  function semanticScore(one, two) {
    if (!one || !two) return 6;
    var c1 = one.charAt(one.length - 1), c2 = two.charAt(0), n1 = c1.match(/[^a-zA-Z0-9]/), n2 = c2.match(/[^a-zA-Z0-9]/);
    var w1 = n1 && c1.match(/\s/), w2 = n2 && c2.match(/\s/), l1 = w1 && c1.match(/[\r\n]/), l2 = w2 && c2.match(/[\r\n]/);
    var b1 = l1 && one.match(/\n\r?\n$/), b2 = l2 && two.match(/^\r?\n\r?\n/);
    return b1 || b2 ? 5 : l1 || l2 ? 4 : n1 && !w1 && w2 ? 3 : w1 || w2 ? 2 : n1 || n2 ? 1 : 0;
  }
  function cleanupSemanticLossless(diffs) {
    var p = 1;
    while (p < diffs.length - 1) {
      if (diffs[p - 1][0] == 0 && diffs[p + 1][0] == 0) {
        var e1 = diffs[p - 1][1], edit = diffs[p][1], e2 = diffs[p + 1][1], off = commonSuffix(e1, edit);
        if (off) {
          var cs = edit.substring(edit.length - off);
          e1 = e1.substring(0, e1.length - off); edit = cs + edit.substring(0, edit.length - off); e2 = cs + e2;
        }
        var bE1 = e1, bEdit = edit, bE2 = e2, best = semanticScore(e1, edit) + semanticScore(edit, e2);
        while (edit.charAt(0) === e2.charAt(0)) {
          e1 += edit.charAt(0); edit = edit.substring(1) + e2.charAt(0); e2 = e2.substring(1);
          var score = semanticScore(e1, edit) + semanticScore(edit, e2);
          if (score >= best) { best = score; bE1 = e1; bEdit = edit; bE2 = e2; }
        }
        if (diffs[p - 1][1] != bE1) {
          if (bE1) diffs[p - 1][1] = bE1; else { diffs.splice(p - 1, 1); p--; }
          diffs[p][1] = bEdit;
          if (bE2) diffs[p + 1][1] = bE2; else { diffs.splice(p + 1, 1); p--; }
        }
      }
      p++;
    }
  }
  function cleanupMerge(diffs) {
    diffs.push([0, '']);
    var p = 0, cd = 0, ci = 0, td = '', ti = '', cl;
    while (p < diffs.length) {
      switch (diffs[p][0]) {
        case 1: ci++; ti += diffs[p][1]; p++; break;
        case -1: cd++; td += diffs[p][1]; p++; break;
        case 0:
          if (cd + ci > 1) {
            if (cd !== 0 && ci !== 0) {
              cl = commonPrefix(ti, td);
              if (cl !== 0) {
                if (p - cd - ci > 0 && diffs[p - cd - ci - 1][0] == 0) diffs[p - cd - ci - 1][1] += ti.substring(0, cl);
                else { diffs.splice(0, 0, [0, ti.substring(0, cl)]); p++; }
                ti = ti.substring(cl); td = td.substring(cl);
              }
              cl = commonSuffix(ti, td);
              if (cl !== 0) {
                diffs[p][1] = ti.substring(ti.length - cl) + diffs[p][1];
                ti = ti.substring(0, ti.length - cl); td = td.substring(0, td.length - cl);
              }
            }
            p -= cd + ci;
            diffs.splice(p, cd + ci);
            if (td.length) { diffs.splice(p, 0, [-1, td]); p++; }
            if (ti.length) { diffs.splice(p, 0, [1, ti]); p++; }
            p++;
          } else if (p !== 0 && diffs[p - 1][0] == 0) { diffs[p - 1][1] += diffs[p][1]; diffs.splice(p, 1); }
          else p++;
          ci = 0; cd = 0; td = ''; ti = '';
          break;
      }
    }
    if (diffs[diffs.length - 1][1] === '') diffs.pop();
    var changes = false;
    p = 1;
    while (p < diffs.length - 1) {
      if (diffs[p - 1][0] == 0 && diffs[p + 1][0] == 0) {
        var x = diffs[p][1], prev = diffs[p - 1][1], next = diffs[p + 1][1];
        if (x.substring(x.length - prev.length) == prev) {
          diffs[p][1] = prev + x.substring(0, x.length - prev.length);
          diffs[p + 1][1] = prev + next;
          diffs.splice(p - 1, 1);
          changes = true;
        } else if (x.substring(0, next.length) == next) {
          diffs[p - 1][1] += next;
          diffs[p][1] = x.substring(next.length) + next;
          diffs.splice(p + 1, 1);
          changes = true;
        }
      }
      p++;
    }
    if (changes) cleanupMerge(diffs);
  }
  function diffStringsRaw(a, b) {
    var ai = 0, bi = 0, diffs = [];
    diffSequences(a.length, b.length, function (i, j) { return a[i] === b[j]; }, function (n, aC, bC) {
      if (ai !== aC) diffs.push([-1, a.slice(ai, aC)]);
      if (bi !== bC) diffs.push([1, b.slice(bi, bC)]);
      ai = aC + n; bi = bC + n;
      diffs.push([0, b.slice(bC, bi)]);
    });
    if (ai !== a.length) diffs.push([-1, a.slice(ai)]);
    if (bi !== b.length) diffs.push([1, b.slice(bi)]);
    cleanupSemantic(diffs);
    return diffs;
  }
  // getAlignedDiffs: ChangeBuffer collects one side's changed lines, CommonBuffer the result.
  function changeBuffer(op) {
    var line = [], lines = [];
    var b = {
      lines: lines,
      push: function (d) { line.push(d); },
      empty: function () { return line.length === 0; },
      pushLine: function () {
        lines.push(line.length !== 1 ? [op, line.reduce(function (r, d) { return r + (d[0] === 0 ? d[1] : d[0] === op && d[1].length !== 0 ? d[1] : ''); }, '')]
          : line[0][0] === op ? line[0] : [op, line[0][1]]);
        line.length = 0;
      },
      align: function (d) {
        if (!d[1].includes('\n')) return b.push(d);
        var subs = d[1].split('\n'), last = subs.length - 1;
        subs.forEach(function (s, i) { if (i < last) { b.push([op, s]); b.pushLine(); } else if (s.length !== 0) b.push([op, s]); });
      },
      moveTo: function (out) { if (!b.empty()) b.pushLine(); out.push.apply(out, lines); lines.length = 0; }
    };
    return b;
  }
  function alignedDiffs(diffs) {
    var del = changeBuffer(-1), ins = changeBuffer(1), lines = [];
    var flush = function () { del.moveTo(lines); ins.moveTo(lines); };
    var pushChange = function (d) {
      var emptyD = d[1].length === 0;
      if (!emptyD || del.empty()) del.push(d);
      if (!emptyD || ins.empty()) ins.push(d);
    };
    diffs.forEach(function (d) {
      if (d[0] === -1) return del.align(d);
      if (d[0] === 1) return ins.align(d);
      if (!d[1].includes('\n')) return pushChange(d);
      var subs = d[1].split('\n'), last = subs.length - 1;
      subs.forEach(function (s, i) {
        if (i === 0) {
          if (del.empty() && ins.empty()) { flush(); lines.push([0, s]); } else { pushChange([0, s]); flush(); }
        } else if (i < last) lines.push([0, s]);
        else if (s.length !== 0) pushChange([0, s]);
      });
    });
    flush();
    return lines;
  }
  function diffStringsUnified(a, b, o) {
    if (a !== b && a.length !== 0 && b.length !== 0) {
      var multi = a.includes('\n') || b.includes('\n'), diffs = diffStringsRaw(multi ? a + '\n' : a, multi ? b + '\n' : b), last = diffs.length - 1;
      if (diffs.some(function (d, i) { return d[0] === 0 && (!multi || i !== last || d[1] !== '\n'); })) return printDiffLines(alignedDiffs(diffs), o || {});
    }
    return diffLinesUnified(a.split('\n'), b.split('\n'), o);
  }
  function isEmpty(ls) { return ls.length === 1 && ls[0].length === 0; }
  function printDiffLines(diffs, o) { return annotation(o, diffs) + join(diffs, o); }
  function diffLinesUnified(a, b, o) {
    return printDiffLines(diffRaw(isEmpty(a) ? [] : a, isEmpty(b) ? [] : b), o || {});
  }
  function diffLinesUnified2(aD, bD, aC, bC, o) {
    if (isEmpty(aD) && isEmpty(aC)) { aD = []; aC = []; }
    if (isEmpty(bD) && isEmpty(bC)) { bD = []; bC = []; }
    if (aD.length !== aC.length || bD.length !== bC.length) return diffLinesUnified(aD, bD, o);
    var diffs = diffRaw(aC, bC), ai = 0, bi = 0;
    diffs.forEach(function (d) {
      if (d[0] < 0) d[1] = aD[ai++];
      else if (d[0] > 0) d[1] = bD[bi++];
      else { d[1] = bD[bi++]; ai++; }
    });
    return printDiffLines(diffs, o || {});
  }
  function objDiff(a, b, fo, o) {
    var z = Object.assign({}, fo, { indent: 0 }), ac = format(a, z), bc = format(b, z);
    if (ac === bc) return NO_DIFF;
    return diffLinesUnified2(format(a, fo).split('\n'), format(b, fo).split('\n'), ac.split('\n'), bc.split('\n'), o);
  }
  function compareObjects(a, b, o) {
    var d, threw = false;
    try { d = objDiff(a, b, {}, o); } catch (e) { threw = true; }
    if (d === undefined || d === NO_DIFF) {
      d = objDiff(a, b, { callToJSON: false, maxDepth: 10 }, o);
      if (d !== NO_DIFF && !threw) d = 'Compared values serialize to the same structure.\nPrinting internal object structure without calling \x60toJSON\x60 instead.\n\n' + d;
    }
    return d;
  }
  // jest-diff's diff(a, b, options).
  function diff(a, b, o) {
    o = o || {};
    if (Object.is(a, b)) return NO_DIFF;
    var at = getType(a), et = at, omit = false;
    if (at === 'object' && typeof a.asymmetricMatch === 'function') {
      if (a.$$typeof !== ASYM || typeof a.getExpectedType !== 'function') return null;
      et = a.getExpectedType();
      omit = et === 'string';
    }
    if (et !== getType(b)) {
      return '  Comparing two different types of values. Expected ' + et + ' but received ' + getType(b) + '.';
    }
    if (omit) return null;
    switch (at) {
      case 'string': return diffLinesUnified(a.split('\n'), b.split('\n'), o);
      case 'boolean': case 'number': return null; // comparePrimitive: jest-matcher-utils never asks
      case 'map': return compareObjects(new Map(Array.from(a.entries()).sort()), new Map(Array.from(b.entries()).sort()), o);
      case 'set': return compareObjects(new Set(Array.from(a.values()).sort()), new Set(Array.from(b.values()).sort()), o);
      default: return compareObjects(a, b, o);
    }
  }
  return {
    format: format, stringify: stringify, printExpected: printValue, printReceived: printValue, serialize: serialize,
    diff: diff, diffLinesUnified: diffLinesUnified, diffLinesUnified2: diffLinesUnified2, diffStringsUnified: diffStringsUnified,
    addSerializer: function (p) { custom.unshift(p); }
  };
`;
})(globalThis);
