// wxbox test: jest 29's test API (describe/test/hooks/each), mock functions and the runner, as
// jest-circus does it (jest-circus/build: index.js, eventHandler.js, run.js, utils.js;
// jest-each; jest-mock; jest-snapshot State.js and utils.js). The Rust side evaluates this
// after pretty.js and expect.js, then the test file, then awaits
// `__wxbox_jest.run(options)`; it reads files, this script never does.
(function (G) {
  'use strict';
  var P = G.__wxbox_pretty, expect = G.expect, format = P.format;
  // .each, mock functions and snapshot state are strings compiled on first use (see pretty.js).
  function chunk(src) { var v; return function () { return v || (v = new Function('P', src())(P)); }; }
  var EACH = chunk(function () { return EACH_SOURCE; }), SNAP = chunk(function () { return SNAP_SOURCE; });
  var slice = function (a, i) { return Array.prototype.slice.call(a, i || 0); };
  function mkDescribe(name, parent, mode) {
    return { type: 'describe', name: name, parent: parent, mode: mode || (parent ? parent.mode : undefined), children: [], hooks: [] };
  }
  var root = mkDescribe('ROOT_DESCRIBE_BLOCK', null), cur = root;
  var S = { hasFocused: false, started: false, running: null, errors: [], timeout: undefined, used: false };
  function describeName(d) {
    switch (typeof d) {
      case 'function': if (d.name) return d.name; break;
      case 'number': case 'undefined': return '' + d;
      case 'string': return d;
    }
    throw new Error('Invalid first argument, ' + d + '. It must be a named class, named function, number, or string.');
  }
  function hasTests(d) { return d.children.some(function (c) { return c.type === 'test' || hasTests(c); }); }

  // ---- definition (jest-circus index.js and eventHandler.js) ----
  var DescribeAbort = {};
  function dispatchDescribe(fn, name, mode) {
    var asyncError = new Error();
    if (fn === undefined) { asyncError.message = 'Missing second argument. It must be a callback function.'; throw asyncError; }
    if (typeof fn !== 'function') { asyncError.message = 'Invalid second argument, ' + fn + '. It must be a callback function.'; throw asyncError; }
    name = describeName(name);
    S.used = true;
    if (S.running) { S.running.errors.push([new Error('Cannot nest a describe inside a test. Describe block "' + name + '" cannot run because it is nested within "' + S.running.name + '".'), asyncError]); return; }
    var block = mkDescribe(name, cur, mode), parent = cur;
    parent.children.push(block);
    cur = block;
    try {
      var r = fn();
      if (r && typeof r.then === 'function') throw new Error('Returning a Promise from "describe" is not supported. Tests must be defined synchronously.');
    } catch (e) {
      // jest: the exception leaves the test file, which fails to run. Unwind to the top level.
      cur = parent;
      if (e !== DescribeAbort) { S.errors.push([e, asyncError]); S.abort = true; }
      if (parent !== root) throw DescribeAbort;
      return;
    }
    if (!hasTests(block)) block.hooks.forEach(function (h) {
      h.asyncError.message = 'Invalid: ' + h.type + '() may not be used in a describe block containing no tests.';
      S.errors.push([h.asyncError, h.asyncError]);
    });
    var passMode = !(block.mode === 'only' && block.children.some(function (c) { return c.type === 'test' && c.mode === 'only'; }));
    if (passMode) block.children.forEach(function (c) { if (c.type === 'test' && !c.mode) c.mode = block.mode; });
    if (!S.hasFocused && block.mode !== 'skip' && block.children.some(function (c) { return c.type === 'test' && c.mode === 'only'; })) S.hasFocused = true;
    cur = parent;
  }
  function addTest(name, fn, timeout, mode) {
    var asyncError = new Error();
    try { name = describeName(name); } catch (e) { asyncError.message = e.message; throw asyncError; }
    if (mode !== 'todo') {
      if (fn === undefined) { asyncError.message = 'Missing second argument. It must be a callback function. Perhaps you want to use `test.todo` for a test placeholder.'; throw asyncError; }
      if (typeof fn !== 'function') { asyncError.message = 'Invalid second argument, ' + fn + '. It must be a callback function.'; throw asyncError; }
    }
    S.used = true;
    if (S.running) { S.running.errors.push([new Error('Tests cannot be nested. Test "' + name + '" cannot run because it is nested within "' + S.running.name + '".'), asyncError]); return; }
    if (S.started) { S.errors.push([new Error('Cannot add a test after tests have started running. Tests must be defined synchronously.'), asyncError]); return; }
    var t = { type: 'test', name: name, fn: fn, mode: mode, parent: cur, timeout: timeout, asyncError: asyncError, errors: [], seenDone: false };
    if (cur.mode !== 'skip' && mode === 'only') S.hasFocused = true;
    cur.children.push(t);
  }
  function addHook(type) {
    return function (fn, timeout) {
      var asyncError = new Error();
      if (typeof fn !== 'function') { asyncError.message = 'Invalid first argument. It must be a callback function.'; throw asyncError; }
      if (S.running) { S.running.errors.push([new Error('Hooks cannot be defined inside tests. Hook of type "' + type + '" is nested within "' + S.running.name + '".'), asyncError]); return; }
      if (S.started) { S.errors.push([new Error('Cannot add a hook after tests have started running. Hooks must be defined synchronously.'), asyncError]); return; }
      cur.hooks.push({ type: type, fn: fn, timeout: timeout, asyncError: asyncError, parent: cur });
    };
  }

  function bindEach(register, supportsDone) {
    return function (table) {
      var values = slice(arguments, 1), rows = EACH().eachRows(table, values);
      return function (title, fn, timeout) {
        rows(describeName(title)).forEach(function (row) {
          register(row.title, supportsDone && row.args.length < fn.length
            ? function (done) { return fn.apply(this, row.args.concat([done])); }
            : function () { return fn.apply(this, row.args); }, timeout);
        });
      };
    };
  }
  function makeTest(mode) {
    var f = function (n, fn, t) { addTest(n, fn, t, mode); };
    f.each = bindEach(f, true);
    return f;
  }
  var test = makeTest(undefined);
  test.only = makeTest('only');
  test.skip = makeTest('skip');
  test.todo = function (name) {
    if (arguments.length > 1) { var e = new Error('Todo must be called with only a description.'); throw e; }
    if (typeof name !== 'string') throw new Error('Todo must be called with only a description.');
    addTest(name, function () {}, undefined, 'todo');
  };
  test.failing = function () { throw new Error('wxbox test: test.failing is not supported'); };
  test.concurrent = makeTest(undefined);
  test.concurrent.only = test.only;
  test.concurrent.skip = test.skip;
  function makeDescribe(mode) {
    var f = function (n, fn) { dispatchDescribe(fn, n, mode); };
    f.each = bindEach(f, false);
    return f;
  }
  var describe = makeDescribe(undefined);
  describe.only = makeDescribe('only');
  describe.skip = makeDescribe('skip');

  var MOCK = chunk(function () { return MOCK_SOURCE; }), mocked = false;
  function fn() { mocked = true; return MOCK().fn.apply(null, arguments); }
  function spyOn() { mocked = true; return MOCK().spyOn.apply(null, arguments); }
  function allMocks(m) { return function () { if (mocked) MOCK().registry.forEach(m); return jest; }; }
  var unsupported = function (what) { return function () { throw new Error('wxbox test: ' + what + ' is not supported (wxbox has no module system to mock; use jest.fn / jest.spyOn)'); }; };
  var jest = {
    fn: fn, spyOn: spyOn, isMockFunction: function (f) { return typeof f === 'function' && f._isMockFunction === true; },
    clearAllMocks: allMocks(function (m) { m.mockClear(); }), resetAllMocks: allMocks(function (m) { m.mockReset(); }),
    restoreAllMocks: allMocks(function (m) { if (m._restore) m.mockRestore(); }),
    setTimeout: function (ms) { S.timeout = ms; return jest; },
    mock: unsupported('jest.mock (module mocking)'), unmock: unsupported('jest.unmock (module mocking)'), doMock: unsupported('jest.doMock (module mocking)'),
    requireActual: unsupported('jest.requireActual'), useFakeTimers: unsupported('jest.useFakeTimers (timers are already virtual)')
  };

  // ---- running (jest-circus run.js, utils.js callAsyncCircusFn) ----
  function timeoutMessage(ms, isHook, takesDone) {
    return 'Exceeded timeout of ' + ms + ' ms for a ' + (isHook ? 'hook' : 'test') + (takesDone ? ' while waiting for `done()` to be called' : '') +
      '.\nAdd a timeout value to this test to increase the timeout, if this is a long-running test. See https://jestjs.io/docs/api#testname-fn-timeout.';
  }
  var isErr = function (e) { return !!(e && e.message && e.stack); };
  function callAsync(entry, ctx, isHook, timeout) {
    var tid, completed = false, f = entry.fn, takesDone = f.length > 0;
    return new Promise(function (resolve, reject) {
      tid = setTimeout(function () { reject(timeoutMessage(timeout, isHook, takesDone)); }, timeout);
      if (takesDone) {
        var returned;
        var done = function (reason) {
          var atDone = new Error();
          if (!completed && entry.seenDone) {
            atDone.message = 'Expected done to be called once, but it was called multiple times.' + (reason ? ' Reason: ' + format(reason, { maxDepth: 3 }) : '');
            reject(atDone);
            throw atDone;
          }
          entry.seenDone = true;
          Promise.resolve().then(function () {
            if (returned !== undefined) {
              entry.asyncError.message = "Test functions cannot both take a 'done' callback and return something. Either use a 'done' callback, or return a promise.\nReturned value: " + format(returned, { maxDepth: 3 });
              return reject(entry.asyncError);
            }
            var err = isErr(reason) ? reason : atDone;
            if (err === atDone) atDone.message = 'Failed: ' + format(reason, { maxDepth: 3 });
            return reason ? reject(err) : resolve();
          });
        };
        returned = f.call(ctx, done);
        return;
      }
      var r = f.call(ctx);
      if (r && typeof r.then === 'function') { r.then(function () { resolve(); }, reject); return; }
      if (!isHook && r !== undefined) { reject(new Error('test functions can only return Promise or undefined.\nReturned value: ' + format(r, { maxDepth: 3 }))); return; }
      resolve();
    }).then(function () { completed = true; clearTimeout(tid); }, function (e) { completed = true; clearTimeout(tid); throw e; });
  }
  function failure(pair) {
    // jest-circus _getError: non-errors become `thrown: <pretty-format>` on the definition-site error.
    var e = pair[0], a = pair[1];
    if (!(e && (typeof e.stack === 'string' || e.message))) { a.message = 'thrown: ' + format(e, { maxDepth: 3 }); e = a; }
    var name = e.name && e.name !== 'Error' ? e.name + ': ' : '';
    return { message: name + (e.message === undefined ? '' : e.message), stack: typeof e.stack === 'string' ? e.stack : String(e.message) };
  }
  function names(t) { var n = []; for (var b = t.parent; b && b !== root; b = b.parent) n.unshift(b.name); return n; }
  function testId(t) { return names(t).concat([t.name]).join(' '); }
  function run(options) {
    options = options || {};
    S.started = true;
    var pattern = options.testNamePattern ? new RegExp(options.testNamePattern, 'i') : null;
    // The snapshot state (and its chunk) is made when a snapshot matcher runs or a .snap exists.
    var snap = null, getSnap = function () { return snap || (snap = new (SNAP().SnapshotState)(options.snapshot)); };
    var snapState = { match: function (n, r) { return getSnap().match(n, r); }, fail: function (n) { return getSnap().fail(n); } }, report = G.__wxbox_report || function () {};
    var sum = { numPassed: 0, numFailed: 0, numSkipped: 0, numTodo: 0 }, bailed = false, results = [];
    var timeoutOf = function (x) { return x.timeout || S.timeout || options.testTimeout || 5000; };
    var skipped = function (t) { return t.mode === 'skip' || (S.hasFocused && t.mode === undefined) || (pattern && !pattern.test(testId(t))); };
    function enabled(d) { return d.children.some(function (c) { return c.type === 'describe' ? enabled(c) : !(c.mode === 'skip' || (S.hasFocused && c.mode !== 'only') || (pattern && !pattern.test(testId(c)))); }); }
    function addToAll(d, pair) { d.children.forEach(function (c) { if (c.type === 'test') c.errors.push(pair); else addToAll(c, pair); }); }
    function hook(h, test, ctx) {
      return callAsync(h, ctx, true, timeoutOf(h)).catch(function (e) {
        if (h.type === 'beforeAll') addToAll(h.parent, [e, h.asyncError]);
        else if (h.type === 'afterAll') S.errors.push([e, h.asyncError]);
        else test.errors.push([e, h.asyncError]);
      });
    }
    function eachHooks(t) {
      var be = [], ae = [];
      for (var b = t.parent; b; b = b.parent) {
        be = b.hooks.filter(function (h) { return h.type === 'beforeEach'; }).concat(be);
        ae = ae.concat(b.hooks.filter(function (h) { return h.type === 'afterEach'; }));
      }
      return [be, ae];
    }
    function runTest(t, parentSkipped) {
      var ancestors = names(t), fullName = testId(t), start = Date.now();
      report({ type: 'test_start', fullName: fullName, ancestors: ancestors, title: t.name });
      function end(status, failures) {
        var r = { fullName: fullName, ancestors: ancestors, title: t.name, status: status, duration: Date.now() - start, failures: failures || [] };
        sum[status === 'passed' ? 'numPassed' : status === 'failed' ? 'numFailed' : status === 'todo' ? 'numTodo' : 'numSkipped']++;
        if (snap && (status === 'skipped' || status === 'failed')) snap.markChecked(fullName);
        if (status === 'failed' && options.bail) bailed = true;
        results.push(r);
        report({ type: 'test_end', result: r });
      }
      if (parentSkipped || bailed || skipped(t)) return end('skipped');
      if (t.mode === 'todo') return end('todo');
      var ctx = Object.create(null), hs = eachHooks(t), p = Promise.resolve();
      expect.setState({ currentTestName: fullName, snapshotState: snapState });
      S.running = t;
      hs[0].forEach(function (h) { p = p.then(function () { if (!t.errors.length) return hook(h, t, ctx); }); });
      p = p.then(function () {
        if (t.errors.length) return;
        return callAsync(t, ctx, false, timeoutOf(t)).catch(function (e) { t.errors.push([e, t.asyncError]); });
      });
      hs[1].forEach(function (h) { p = p.then(function () { return hook(h, t, ctx); }); });
      return p.then(function () {
        S.running = null;
        var st = expect.getState(), extra = st.suppressedErrors.concat(expect.extractExpectedAssertionsErrors());
        extra.forEach(function (e) { t.errors.push([e, e]); });
        end(t.errors.length ? 'failed' : 'passed', t.errors.map(failure));
      });
    }
    function runDescribe(d) {
      var skip = d.mode === 'skip' || bailed, on = enabled(d), p = Promise.resolve();
      var hooks = function (type) { return on && !skip ? d.hooks.filter(function (h) { return h.type === type; }) : []; };
      hooks('beforeAll').forEach(function (h) { p = p.then(function () { return hook(h); }); });
      d.children.forEach(function (c) { p = p.then(function () { return c.type === 'describe' ? runDescribe(c) : runTest(c, skip); }); });
      hooks('afterAll').forEach(function (h) { p = p.then(function () { return hook(h); }); });
      return p;
    }
    var any = hasTests(root);
    if (S.used && !any && !S.errors.length) { S.errors.push([new Error('Your test suite must contain at least one test.'), new Error()]); S.abort = true; }
    var start = S.abort ? Promise.resolve() : runDescribe(root);
    return start.then(function () {
      return Object.assign(sum, { snapshot: snap || (options.snapshot && options.snapshot.text != null) ? getSnap().finish() : { text: null, deleted: false, added: 0, updated: 0, matched: 0, unmatched: 0, obsolete: [], unchecked: 0 }, hasTests: any || S.used, errors: S.errors.map(failure), results: results });
    });
  }
  // An error nobody caught while the file runs (a timer callback threw, a rejected promise was
  // never handled): the host calls this, and as jest-circus' 'error' event it fails the running
  // test (which still waits for its end, as in jest) or, between tests, the file.
  function uncaught(e) { (S.running ? S.running.errors : S.errors).push([e, new Error()]); }
  G.__wxbox_jest = { run: run, uncaught: uncaught, naturalCompare: function (a, b) { return SNAP().naturalCompare(a, b); } };
  G.describe = describe; G.fdescribe = describe.only; G.xdescribe = describe.skip;
  G.test = G.it = test; G.fit = test.only; G.xit = G.xtest = test.skip;
  G.beforeAll = addHook('beforeAll'); G.beforeEach = addHook('beforeEach');
  G.afterEach = addHook('afterEach'); G.afterAll = addHook('afterAll');
  G.jest = jest;
  G.wxbox = { fn: fn, spyOn: spyOn, isMockFunction: jest.isMockFunction, clearAllMocks: jest.clearAllMocks, resetAllMocks: jest.resetAllMocks, restoreAllMocks: jest.restoreAllMocks };
  var EACH_SOURCE = String.raw`'use strict';
  var format = P.format;
  // ---- .each (jest-each: table/array.js, table/template.js, table/interpolation.js) ----
  var PLACEHOLDERS = /%[sdifjoOp#]/g, ESC = '@@__JEST_EACH_PLACEHOLDER_ESCAPE__@@';
  function inspect(v, depth) {
    // A small stand-in for Node's util.inspect (used by util.format's %s %o %O for objects).
    if (typeof v === 'string') return depth ? "'" + v.replace(/'/g, "\\'") + "'" : v;
    if (typeof v === 'bigint') return v + 'n';
    if (typeof v === 'number') return Object.is(v, -0) ? '-0' : String(v);
    if (typeof v === 'function') return '[Function: ' + (v.name || '(anonymous)') + ']';
    if (v === null || typeof v !== 'object') return String(v);
    if (v instanceof Date) return v.toISOString();
    if (v instanceof RegExp || v instanceof Error) return String(v);
    if (depth > 1) return Array.isArray(v) ? '[Array]' : '[Object]';
    if (Array.isArray(v)) return v.length ? '[ ' + v.map(function (x) { return inspect(x, depth + 1); }).join(', ') + ' ]' : '[]';
    var ks = Object.keys(v);
    return ks.length ? '{ ' + ks.map(function (k) { return (/^[A-Za-z_$][\w$]*$/.test(k) ? k : "'" + k + "'") + ': ' + inspect(v[k], depth + 1); }).join(', ') + ' }' : '{}';
  }
  // util.format(title, value) with one value: replaces the first placeholder only.
  function utilFormat(title, v) {
    var done = false;
    return title.replace(/%[sdifjoOc%]/g, function (m) {
      if (m === '%%') return '%';
      if (done) return m;
      done = true;
      switch (m[1]) {
        case 's': return typeof v === 'object' && v !== null ? inspect(v, 1) : inspect(v, 0);
        case 'd': return typeof v === 'bigint' ? v + 'n' : typeof v === 'symbol' ? 'NaN' : inspect(Number(v), 0);
        case 'i': return typeof v === 'bigint' ? v + 'n' : typeof v === 'symbol' ? 'NaN' : String(parseInt(v));
        case 'f': return typeof v === 'symbol' ? 'NaN' : String(parseFloat(v));
        case 'j': try { return JSON.stringify(v); } catch (e) { return '[Circular]'; }
        case 'c': return '';
        default: return inspect(v, 1);
      }
    });
  }
  function eachPath(o, ks) {
    return !ks.length || !ks[0] || !Object.prototype.hasOwnProperty.call(o, ks[0]) ? o : eachPath(o[ks[0]], ks.slice(1));
  }
  function interpolate(title, row, i) {
    return title.replace(new RegExp('\\$(' + Object.keys(row).join('|') + ')[.\\w]*', 'g'), function (m) {
      var v = eachPath(row, m.slice(1).split('.'));
      return Object(v) !== v ? String(v) : format(v, { maxDepth: 1, min: true });
    }).replace('$#', '' + i);
  }
  function eachRows(table, values) {
    return function (title) {
      if (Array.isArray(table) && table.raw) {
        // tagged template: headings 'a | b', then the interpolated values row by row.
        var heads = table[0].replace(/\s/g, '').split('|');
        if (!values.length || values.length % heads.length !== 0) throw new Error('Not enough arguments supplied for given headings:\n' + heads.join(' | ') + '\n\nReceived:\n' + format(values) + '\n\nMissing ' + (heads.length - values.length % heads.length) + ' argument(s)');
        var rows = [];
        for (var r = 0; r < values.length; r += heads.length) {
          var o = {};
          heads.forEach(function (h, j) { o[h] = values[r + j]; });
          rows.push({ args: [o], title: interpolate(title, o, rows.length) });
        }
        return rows;
      }
      if (!Array.isArray(table)) throw new Error('\x60.each\x60 must be called with an Array or Tagged Template Literal.\n\nInstead was called with: ' + format(table, { maxDepth: 1, min: true }) + '\n');
      if (table.length === 0) throw new Error('Error: \x60.each\x60 called with an empty Array of table data.\n');
      var esc = title.replace(/%%/g, ESC);
      if (!/%[sdifjoOp#]/.test(esc) && !table.every(Array.isArray) && table.every(function (c) { return c != null && typeof c === 'object'; })) {
        return table.map(function (o, i) { return { args: [o], title: interpolate(title, o, i).replace(/%%/, '%') }; });
      }
      return (table.every(Array.isArray) ? table : table.map(function (c) { return [c]; })).map(function (row, i) {
        var t = row.reduce(function (t, v) {
          var ph = (t.match(PLACEHOLDERS) || [])[0];
          var nv = typeof v === 'string' ? v.replace(/%/g, ESC) : v;
          if (!ph) return t;
          if (ph === '%p') return t.replace('%p', format(nv, { maxDepth: 1, min: true }));
          return utilFormat(t, nv);
        }, esc.replace('%#', '' + i));
        return { args: row, title: t.split(ESC).join('%') };
      });
    };
  }
  return { eachRows: eachRows };
`;
  var MOCK_SOURCE = String.raw`'use strict';
  var slice = function (a, i) { return Array.prototype.slice.call(a, i || 0); };
  // ---- mock functions (jest-mock) ----
  var registry = [], callOrder = 0;
  function fn(implementation) {
    var st, cfg;
    function clearState() { st = { calls: [], instances: [], contexts: [], invocationCallOrder: [], results: [] }; Object.defineProperty(st, 'lastCall', { get: function () { return st.calls[st.calls.length - 1]; } }); }
    function resetCfg() { cfg = { impl: undefined, once: [], name: 'jest.fn()' }; }
    clearState(); resetCfg();
    var f = function mockConstructor() {
      var args = slice(arguments), result = { type: 'incomplete', value: undefined };
      st.calls.push(args); st.instances.push(this); st.contexts.push(this); st.results.push(result);
      st.invocationCallOrder.push(++callOrder);
      var impl = cfg.once.length ? cfg.once.shift() : cfg.impl, ret;
      try {
        ret = impl === undefined ? undefined : new.target && /^class\b/.test(Function.prototype.toString.call(impl)) ? Reflect.construct(impl, args, new.target) : impl.apply(this, args);
      } catch (e) { result.type = 'throw'; result.value = e; throw e; }
      result.type = 'return'; result.value = ret;
      return ret;
    };
    Object.defineProperty(f, 'mock', { get: function () { return st; }, set: function (v) { st = v; } });
    var me = function (k, g) { f[k] = function () { g.apply(null, arguments); return f; }; };
    f._isMockFunction = true;
    f.getMockImplementation = function () { return cfg.impl; };
    f.getMockName = function () { return cfg.name; };
    me('mockName', function (n) { cfg.name = n; });
    me('mockClear', clearState);
    me('mockReset', function () { clearState(); resetCfg(); });
    f.mockRestore = function () { f.mockReset(); if (f._restore) f._restore(); };
    me('mockImplementation', function (i) { cfg.impl = i; });
    me('mockImplementationOnce', function (i) { cfg.once.push(i); });
    me('mockReturnThis', function () { cfg.impl = function () { return this; }; });
    me('mockReturnValue', function (v) { cfg.impl = function () { return v; }; });
    me('mockReturnValueOnce', function (v) { cfg.once.push(function () { return v; }); });
    me('mockResolvedValue', function (v) { cfg.impl = function () { return Promise.resolve(v); }; });
    me('mockResolvedValueOnce', function (v) { cfg.once.push(function () { return Promise.resolve(v); }); });
    me('mockRejectedValue', function (v) { cfg.impl = function () { return Promise.reject(v); }; });
    me('mockRejectedValueOnce', function (v) { cfg.once.push(function () { return Promise.reject(v); }); });
    f.withImplementation = function (i, cb) {
      var prev = cfg.impl, prevOnce = cfg.once;
      cfg.impl = i; cfg.once = [];
      var back = function () { cfg.impl = prev; cfg.once = prevOnce; }, r = cb();
      if (r && typeof r.then === 'function') return r.then(back);
      back();
    };
    if (implementation) cfg.impl = implementation;
    registry.push(f);
    return f;
  }
  function spyOn(obj, key, access) {
    if (typeof obj !== 'object' && typeof obj !== 'function' || obj === null) throw new Error('Cannot use spyOn on a primitive value; ' + (obj === null ? 'null' : typeof obj) + ' given');
    if (access) {
      var d = Object.getOwnPropertyDescriptor(obj, key), proto = Object.getPrototypeOf(obj);
      while (!d && proto) { d = Object.getOwnPropertyDescriptor(proto, key); proto = Object.getPrototypeOf(proto); }
      if (!d) throw new Error(String(key) + ' property does not exist');
      if (!d.configurable) throw new Error(String(key) + ' is not declared configurable');
      if (!d[access]) throw new Error('Property ' + String(key) + ' does not have access type ' + access);
      var orig = d[access], own = Object.getOwnPropertyDescriptor(obj, key);
      if (orig._isMockFunction) return orig;
      var m = fn(function () { return orig.apply(this, arguments); }), nd = Object.assign({}, d);
      nd[access] = m;
      m._restore = function () { if (own) Object.defineProperty(obj, key, own); else delete obj[key]; };
      Object.defineProperty(obj, key, nd);
      return m;
    }
    var original = obj[key];
    if (!(key in obj)) throw new Error('Property \x60' + String(key) + '\x60 does not exist in the provided object');
    if (typeof original !== 'function') throw new Error('Cannot spy on the \x60' + String(key) + '\x60 property because it is not a function; ' + typeof original + ' given instead');
    if (original._isMockFunction) return original;
    var isOwner = Object.prototype.hasOwnProperty.call(obj, key);
    var mock = fn(function () { return original.apply(this, arguments); });
    mock._restore = function () { if (isOwner) obj[key] = original; else delete obj[key]; };
    obj[key] = mock;
    return mock;
  }
  return { fn: fn, spyOn: spyOn, registry: registry };
`;
  var SNAP_SOURCE = String.raw`'use strict';
  // ---- snapshots (jest-snapshot State.js, utils.js) ----
  function naturalCompare(a, b) {
    // natural-compare 1.4.0 (Lauri Rooden), which jest-snapshot sorts keys with.
    var i, codeA, codeB = 1, posA = 0, posB = 0;
    function getCode(str, pos, code) {
      if (code) { for (i = pos; code = getCode(str, i), code < 76 && code > 65;) ++i; return +str.slice(pos - 1, i); }
      code = str.charCodeAt(pos) || 0;
      return code < 45 || code > 127 ? code : code < 46 ? 65 : code < 48 ? code - 1 : code < 58 ? code + 18 : code < 65 ? code - 11 : code < 91 ? code + 11 : code < 97 ? code - 37 : code < 123 ? code + 5 : code - 63;
    }
    if ((a += '') != (b += '')) for (; codeB;) {
      codeA = getCode(a, posA++); codeB = getCode(b, posB++);
      if (codeA < 76 && codeB < 76 && codeA > 66 && codeB > 66) { codeA = getCode(a, posA, posA); codeB = getCode(b, posB, posA = i); posB = i; }
      if (codeA != codeB) return codeA < codeB ? -1 : 1;
    }
    return 0;
  }
  var bt = function (s) { return '\x60' + s.replace(/\x60|\\|\$\{/g, '\\$&') + '\x60'; };
  function SnapshotState(o) {
    o = o || {};
    var data = Object.create(null), self = this;
    if (o.text != null) new Function('exports', o.text)(data);
    var mode = o.update ? 'all' : o.ci ? 'none' : 'new', persisted = o.text != null, unchecked = new Set(Object.keys(data)), counters = new Map(), dirty = false;
    Object.assign(this, { added: 0, updated: 0, matched: 0, unmatched: 0, expand: false });
    function next(name) { counters.set(name, (counters.get(name) || 0) + 1); return counters.get(name); }
    this.fail = function (name) { var key = name + ' ' + next(name); unchecked.delete(key); self.unmatched++; return key; };
    this.match = function (name, received) {
      var count = next(name), key = name + ' ' + count;
      unchecked.delete(key);
      var s = P.serialize(received);
      if (s.includes('\n')) s = '\n' + s + '\n';
      var exp = data[key], pass = exp === s, hasSnap = exp !== undefined;
      var strip = function (x) { return x.length > 2 && x[0] === '\n' && x[x.length - 1] === '\n' ? x.slice(1, -1) : x; };
      if (pass) data[key] = s;
      if ((hasSnap && mode === 'all') || ((!hasSnap || !persisted) && mode !== 'none')) {
        if (mode === 'all') { if (!pass) { if (hasSnap) self.updated++; else self.added++; data[key] = s; dirty = true; } else self.matched++; }
        else { data[key] = s; dirty = true; self.added++; }
        return { pass: true, count: count };
      }
      if (!pass) { self.unmatched++; return { pass: false, count: count, actual: strip(s), expected: hasSnap ? strip(exp) : undefined }; }
      self.matched++;
      return { pass: true, count: count };
    };
    this.markChecked = function (name) { unchecked.forEach(function (k) { if (k.replace(/ \d+$/, '') === name) unchecked.delete(k); }); };
    this.finish = function () {
      var obsolete = Array.from(unchecked), deleted = false, text = null;
      if (obsolete.length && mode === 'all') { dirty = true; obsolete.forEach(function (k) { delete data[k]; }); unchecked.clear(); }
      var ks = Object.keys(data);
      if (dirty && ks.length) {
        text = '// Jest Snapshot v1, https://goo.gl/fbAQLP\n\n' + ks.sort(naturalCompare).map(function (k) {
          return 'exports[' + bt(k) + '] = ' + bt(data[k].replace(/\r\n|\r/g, '\n')) + ';';
        }).join('\n\n') + '\n';
      } else if (!ks.length && persisted && mode === 'all') deleted = true;
      return { text: text, deleted: deleted, added: self.added, updated: self.updated, matched: self.matched, unmatched: self.unmatched, obsolete: obsolete, unchecked: deleted || mode === 'all' ? 0 : obsolete.length };
    };
  }

  return { SnapshotState: SnapshotState, naturalCompare: naturalCompare };
`;
})(globalThis);
