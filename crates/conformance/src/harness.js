// The conformance harness: the page script every case runs in. Each tap of the page's `run`
// method starts the next case (so every case starts inside a user tap, as the tap-gesture rule
// requires, and the first `wx` call of a case must come before its first `await`). A case
// reports through `h`: `h.check(cond, reason)`, `h.na(reason)`; the harness records one
// outcome per case in `globalThis.__conformance`. A case that never settles leaves no outcome:
// the runner reports it once the event loop has gone idle.
(function () {
  const out = (globalThis.__conformance = []);

  function typeName(v) {
    if (v === undefined) return 'Undefined';
    if (v === null) return 'Null';
    if (Array.isArray(v)) return 'Array';
    if (typeof ArrayBuffer !== 'undefined' && v instanceof ArrayBuffer) return 'ArrayBuffer';
    const t = typeof v;
    if (t === 'object') return 'Object';
    return t.charAt(0).toUpperCase() + t.slice(1);
  }

  function show(v) {
    try {
      const s = JSON.stringify(v);
      return s === undefined ? String(v) : s.length > 200 ? s.slice(0, 200) + '...' : s;
    } catch (e) {
      return String(v);
    }
  }

  // Calls wx[name] with callbacks and resolves once `complete` has run and one more timer
  // turn has passed (so a second success / fail / complete is seen too).
  function observe(name, args) {
    return new Promise((resolve) => {
      const seen = [];
      const early = [];
      let inCall = true;
      let ret;
      const rec = (kind) => (res) => {
        seen.push({ kind, res });
        if (inCall) early.push(kind);
        if (kind === 'complete' && seen.filter((s) => s.kind === 'complete').length === 1) {
          setTimeout(() => resolve({ seen, early, ret }), 0);
        }
      };
      const opts = Object.assign({}, args, {
        success: rec('success'),
        fail: rec('fail'),
        complete: rec('complete'),
      });
      try {
        ret = wx[name](opts);
      } catch (e) {
        inCall = false;
        resolve({ threw: e, seen, early });
        return;
      }
      inCall = false;
    });
  }

  function outcome(r) {
    const main = r.seen.filter((s) => s.kind !== 'complete');
    return main.length ? main[0] : null;
  }

  const h = {
    wx,
    typeName,
    show,
    observe,
    failures: null,
    skip: null,
    check(cond, reason) {
      if (!cond) h.failures.push(reason);
      return !!cond;
    },
    na(reason) {
      h.skip = reason;
    },

    // success / fail / complete: exactly one of the first two, complete last, each once,
    // never inside the call; errMsg `<name>:ok` or `<name>:fail ...`.
    async callbacks(name, args, returnsTask) {
      const r = await observe(name, args);
      if (!h.check(!r.threw, 'the call threw: ' + (r.threw && r.threw.message))) return;
      const kinds = r.seen.map((s) => s.kind);
      h.check(r.early.length === 0, 'called ' + r.early.join(', ') + ' synchronously inside the call');
      const main = kinds.filter((k) => k !== 'complete');
      h.check(main.length === 1, 'expected exactly one of success / fail, got [' + kinds.join(', ') + ']');
      h.check(kinds.filter((k) => k === 'complete').length === 1, 'complete ran ' + kinds.filter((k) => k === 'complete').length + ' times');
      h.check(kinds[kinds.length - 1] === 'complete', 'complete was not last: [' + kinds.join(', ') + ']');
      if (!returnsTask) h.check(r.ret === undefined, 'with callbacks the call returned ' + show(r.ret) + ', not undefined');
      const o = outcome(r);
      if (o) {
        const msg = o.res && o.res.errMsg;
        const want = o.kind === 'success' ? name + ':ok' : name + ':fail';
        h.check(typeof msg === 'string' && msg.startsWith(want), o.kind + ' errMsg ' + show(msg) + ' does not start with ' + show(want));
        const complete = r.seen.find((s) => s.kind === 'complete');
        h.check(complete && complete.res && complete.res.errMsg === msg, 'complete got errMsg ' + show(complete && complete.res && complete.res.errMsg) + ', ' + o.kind + ' got ' + show(msg));
      }
    },

    // Without success / fail / complete: a Promise, resolved with `<name>:ok`, rejected with
    // `<name>:fail ...` (base library >= 2.10.2).
    async promise(name, args) {
      let p;
      try {
        p = wx[name](args);
      } catch (e) {
        h.check(false, 'the call threw: ' + e.message);
        return;
      }
      if (!h.check(p && typeof p.then === 'function', 'without callbacks the call returned ' + show(p) + ', not a Promise')) return;
      let settled;
      await p.then((v) => (settled = { ok: true, v }), (v) => (settled = { ok: false, v }));
      const msg = settled.v && settled.v.errMsg;
      const want = settled.ok ? name + ':ok' : name + ':fail';
      h.check(typeof msg === 'string' && msg.startsWith(want), (settled.ok ? 'resolved' : 'rejected') + ' with errMsg ' + show(msg) + ', expected it to start with ' + show(want));
    },

    // A parameter error: fail with exactly this errMsg.
    async paramError(name, args, expected) {
      const r = await observe(name, args);
      if (!h.check(!r.threw, 'the call threw: ' + (r.threw && r.threw.message))) return;
      const o = outcome(r);
      if (!h.check(o && o.kind === 'fail', 'expected fail, got ' + (o ? o.kind + ' ' + show(o.res && o.res.errMsg) : 'no callback'))) return;
      h.check(o.res.errMsg === expected, 'errMsg ' + show(o.res.errMsg) + ', expected ' + show(expected));
    },

    // Succeeds with the documented result fields, of the documented types.
    async result(name, args, fields) {
      const r = await observe(name, args);
      if (!h.check(!r.threw, 'the call threw: ' + (r.threw && r.threw.message))) return;
      const o = outcome(r);
      if (!h.check(o && o.kind === 'success', 'expected success, got ' + (o ? o.kind + ' ' + show(o.res && o.res.errMsg) : 'no callback'))) return;
      h.check(o.res.errMsg === name + ':ok', 'errMsg ' + show(o.res.errMsg) + ', expected ' + show(name + ':ok'));
      h.fields(o.res, fields, 'result');
    },

    // Each required field present with one of its types; optional ones, when present, too.
    fields(obj, fields, where) {
      for (const f of fields) {
        const v = obj == null ? undefined : obj[f.name];
        if (v === undefined) {
          h.check(!f.required, where + '.' + f.name + ' is missing');
          continue;
        }
        if (!f.types.length || f.types.includes('Any')) continue;
        const t = typeName(v);
        // Object-typed fields accept arrays and functions in the typings (IAnyObject).
        const ok = f.types.includes(t) || (f.types.includes('Object') && t !== 'Undefined' && t !== 'Null' && typeof v === 'object');
        h.check(ok, where + '.' + f.name + ' is ' + t + ', expected ' + f.types.join('/'));
      }
    },

    // A sync method: callable with these arguments without throwing; its return value's
    // fields when the table lists them.
    sync(name, args, fields) {
      let v;
      try {
        v = wx[name].apply(wx, args);
      } catch (e) {
        h.check(false, 'threw ' + (e && e.message));
        return;
      }
      if (fields.length) h.fields(v, fields, 'return value');
    },

    // A `create*` / `get*Manager` method: the object has every method of its interface.
    object(name, args, methods) {
      let v;
      try {
        v = wx[name].apply(wx, args);
      } catch (e) {
        h.check(false, 'threw ' + (e && e.message));
        return;
      }
      if (!h.check(v && typeof v === 'object', 'returned ' + show(v) + ', not an object')) return;
      const missing = methods.filter((m) => typeof v[m] !== 'function');
      h.check(missing.length === 0, 'the object lacks ' + missing.join(', '));
    },
  };

  let next = 0;
  globalThis.__conformanceRun = function () {
    const i = next++;
    const c = globalThis.__conformanceCases[i];
    if (!c) return;
    h.failures = [];
    h.skip = null;
    let p;
    try {
      p = Promise.resolve(c(h));
    } catch (e) {
      p = Promise.reject(e);
    }
    p.then(
      () => {
        out[i] = h.skip !== null ? { status: 'na', reasons: [h.skip] } : { status: h.failures.length ? 'fail' : 'pass', reasons: h.failures };
      },
      (e) => {
        h.failures.push('the case threw: ' + (e && e.stack ? e.message : String(e)));
        out[i] = { status: 'fail', reasons: h.failures };
      },
    );
  };
})();
