// The `behaviors` of a `Component()` or `Page()` definition merged into it, evaluated (and parsed)
// only when an app first uses behaviors, so apps without them pay nothing at launch.
//
// The rules are glass-easel's (wechat-miniprogram/glass-easel, `Behavior.prepare` in
// glass-easel/src/behavior.ts, and the adapter's definitionFilter in
// glass-easel-miniprogram-adapter/src/behavior.ts), which match the official guide
// (developers.weixin.qq.com/miniprogram/dev/framework/custom-component/behaviors.html):
// - each behavior is first merged with its own `behaviors` (depth-first), then the definition's
//   `behaviors` are folded in list order, then the definition's own fields;
// - properties and methods: a later source wins (the component over its behaviors, a later behavior
//   over an earlier one, a behavior over the behaviors it includes);
// - data: objects are merged key by key (recursively), anything else is replaced the same way;
// - lifetimes, pageLifetimes: all run, in merge order (behaviors' first, the component's last); the
//   same function reached twice through two paths runs once;
// - observers: all kept, in merge order (glass-easel does not deduplicate them);
// - `definitionFilter(def, filtersOfItsOwnBehaviors)` of each listed behavior runs on the
//   definition that lists it, before anything is merged;
// - `export`: the definition's own, else that of the last listed behavior that has one.
// Built-in behaviors (`wx://form-field` ...) are names: they stay in the flat `behaviors` list the
// result carries (every behavior reached, depth-first, then the built-in names), which is what
// `hasBehavior` asks. `wx://form-field` adds the `name` and `value` properties (official guide,
// "内置 behaviors"); the others only mark the component.
(function () {
  var LIFETIMES = ['created', 'attached', 'ready', 'moved', 'detached', 'error'];
  var BUILTIN_PROPS = {
    'wx://form-field': { name: { type: String, value: '' }, value: { type: null, value: null } },
  };
  // A behavior's merged fields, computed once per behavior object.
  var cache = [];
  var cached = [];
  function isObj(v) {
    return v !== null && typeof v === 'object';
  }
  // glass-easel's `shallowMerge`: plain objects merge key by key, copying the destination first.
  function mergeData(dest, src) {
    for (var k in src) {
      var s = src[k];
      if (Object.prototype.hasOwnProperty.call(dest, k) && isObj(dest[k]) && isObj(s) && !Array.isArray(s)) {
        dest[k] = Array.isArray(dest[k]) ? dest[k].slice() : Object.assign({}, dest[k]);
        mergeData(dest[k], s);
      } else {
        dest[k] = s;
      }
    }
  }
  function emptyRecord() {
    return {
      data: {}, properties: {}, methods: {}, lifetimes: [], pageLifetimes: [], observers: [],
      relations: {}, externalClasses: [], flat: [], exp: undefined,
    };
  }
  function pushOnce(list, items) {
    for (var i = 0; i < items.length; i++) if (list.indexOf(items[i]) < 0) list.push(items[i]);
  }
  function fold(into, r) {
    mergeData(into.data, r.data);
    Object.assign(into.methods, r.methods);
    Object.assign(into.properties, r.properties);
    pushOnce(into.lifetimes, r.lifetimes);
    pushOnce(into.pageLifetimes, r.pageLifetimes);
    for (var i = 0; i < r.observers.length; i++) into.observers.push(r.observers[i]);
    Object.assign(into.relations, r.relations);
    pushOnce(into.externalClasses, r.externalClasses);
    pushOnce(into.flat, r.flat);
  }
  // The filter a behavior applies to definitions listing it (bound to its own behaviors' filters).
  function boundFilter(b) {
    if (typeof b.definitionFilter !== 'function') return null;
    return function (childDef) {
      var parents = Array.isArray(b.behaviors) ? b.behaviors : [];
      var args = parents.map(function (p) { return isObj(p) ? boundFilter(p) : null; });
      b.definitionFilter(childDef, args);
    };
  }
  // `def` merged with its behaviors; `isPage` takes methods from the top level, as `Page()` does.
  function prepare(def, isPage, stack) {
    var r = emptyRecord();
    var list = Array.isArray(def.behaviors) ? def.behaviors : [];
    for (var i = 0; i < list.length; i++) {
      var f = isObj(list[i]) ? boundFilter(list[i]) : null;
      if (f) f(def);
    }
    list = Array.isArray(def.behaviors) ? def.behaviors : [];
    for (var j = 0; j < list.length; j++) {
      var b = list[j];
      if (typeof b === 'string') {
        if (BUILTIN_PROPS[b]) Object.assign(r.properties, BUILTIN_PROPS[b]);
        pushOnce(r.flat, [b]);
        continue;
      }
      if (!isObj(b) || stack.indexOf(b) >= 0) continue;
      var at = cache.indexOf(b);
      var br;
      if (at >= 0) {
        br = cached[at];
      } else {
        br = prepare(b, false, stack.concat([b]));
        cache.push(b);
        cached.push(br);
      }
      fold(r, br);
      pushOnce(r.flat, [b]);
      if (br.exp !== undefined) r.exp = br.exp;
    }
    if (isObj(def.data)) mergeData(r.data, def.data);
    if (isPage) {
      for (var k in def) if (typeof def[k] === 'function') r.methods[k] = def[k];
    } else if (isObj(def.methods)) {
      Object.assign(r.methods, def.methods);
    }
    if (isObj(def.properties)) Object.assign(r.properties, def.properties);
    var own = isObj(def.lifetimes) ? def.lifetimes : {};
    for (var l = 0; l < LIFETIMES.length; l++) {
      var n = LIFETIMES[l];
      // `lifetimes.x` wins over a top-level `x` in one definition.
      var fn = typeof own[n] === 'function' ? own[n] : (!isPage && typeof def[n] === 'function' ? def[n] : null);
      if (fn) r.lifetimes.push({ name: n, fn: fn });
    }
    for (var p in def.pageLifetimes) {
      if (typeof def.pageLifetimes[p] === 'function') r.pageLifetimes.push({ name: p, fn: def.pageLifetimes[p] });
    }
    if (Array.isArray(def.observers)) {
      for (var a = 0; a < def.observers.length; a++) {
        var item = def.observers[a];
        if (isObj(item)) r.observers.push({ fields: item.fields === undefined ? '**' : item.fields, observer: item.observer });
      }
    } else if (isObj(def.observers)) {
      for (var o in def.observers) r.observers.push({ fields: o, observer: def.observers[o] });
    }
    if (isObj(def.relations)) Object.assign(r.relations, def.relations);
    if (Array.isArray(def.externalClasses)) pushOnce(r.externalClasses, def.externalClasses);
    if (def.export !== undefined) r.exp = def.export;
    return r;
  }
  // Lifetime entries are `{name, fn}` records, one per definition that declares it: a behavior
  // reached twice contributes the same record, kept once by `pushOnce`.
  function chain(entries, name) {
    var fns = [];
    for (var i = 0; i < entries.length; i++) if (entries[i].name === name) fns.push(entries[i].fn);
    if (fns.length === 0) return undefined;
    if (fns.length === 1) return fns[0];
    return function () {
      for (var j = 0; j < fns.length; j++) fns[j].apply(this, arguments);
    };
  }
  function names(entries) {
    var out = [];
    for (var i = 0; i < entries.length; i++) if (out.indexOf(entries[i].name) < 0) out.push(entries[i].name);
    return out;
  }
  function merge(def, isPage) {
    var r = prepare(def, isPage, [def]);
    var out = Object.assign({}, def);
    out.data = r.data;
    if (isPage) {
      for (var m in r.methods) out[m] = r.methods[m];
    } else {
      out.methods = r.methods;
      out.properties = r.properties;
      out.lifetimes = {};
      var ls = names(r.lifetimes);
      for (var i = 0; i < ls.length; i++) out.lifetimes[ls[i]] = chain(r.lifetimes, ls[i]);
      for (var k = 0; k < LIFETIMES.length; k++) delete out[LIFETIMES[k]];
      out.pageLifetimes = {};
      var ps = names(r.pageLifetimes);
      for (var j = 0; j < ps.length; j++) out.pageLifetimes[ps[j]] = chain(r.pageLifetimes, ps[j]);
      out.relations = r.relations;
      out.externalClasses = r.externalClasses;
      if (r.exp !== undefined) out.export = r.exp;
    }
    out.observers = r.observers;
    out.behaviors = r.flat;
    return out;
  }
  return merge;
})
