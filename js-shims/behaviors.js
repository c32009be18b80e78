// The `behaviors` of a `Component()` definition merged into it, evaluated (and parsed) only when an
// app first uses behaviors, so apps without them pay nothing at launch. WeChat's rules (developers.weixin.qq.com/miniprogram/dev/framework/custom-component/
// behaviors.html): nested behaviors first, depth-first, each once; same-named properties, data
// and methods: the component over its behaviors, a later behavior over an earlier one, object
// data merged; lifetimes and observers all run, behaviors' first in order, the component's last.
// Built-in behaviors (`wx://form-field` ...) are names, not objects: kept for the native side.
// UNVERIFIED here: definitionFilter (not run), and deep merging of nested data objects (one level).
(function () {
  var LIFETIMES = ['created', 'attached', 'ready', 'moved', 'detached', 'error'];
  function flatten(list, out, seen) {
    if (!Array.isArray(list)) return out;
    for (var i = 0; i < list.length; i++) {
      var b = list[i];
      if (!b || typeof b !== 'object' || seen.indexOf(b) >= 0) continue;
      seen.push(b);
      flatten(b.behaviors, out, seen);
      out.push(b);
    }
    return out;
  }
  function chain(fns) {
    if (fns.length === 1) return fns[0];
    return function () {
      for (var i = 0; i < fns.length; i++) fns[i].apply(this, arguments);
    };
  }
  function push(map, key, f) {
    if (typeof f !== 'function') return;
    (map[key] = map[key] || []).push(f);
  }
  function assignData(to, from) {
    for (var k in from) {
      var a = to[k], b = from[k];
      var plain = function (v) { return v && typeof v === 'object' && !Array.isArray(v); };
      to[k] = plain(a) && plain(b) ? Object.assign({}, a, b) : b;
    }
  }
  function merge(def) {
    var list = flatten(def.behaviors, [], []);
    if (list.length === 0) return def;
    var all = list.concat([def]);
    var out = Object.assign({}, def);
    var data = {}, properties = {}, methods = {}, lifetimes = {}, pageLifetimes = {}, observers = {};
    for (var i = 0; i < all.length; i++) {
      var b = all[i];
      if (b.data && typeof b.data === 'object') assignData(data, b.data);
      Object.assign(properties, b.properties);
      Object.assign(methods, b.methods);
      for (var j = 0; j < LIFETIMES.length; j++) {
        var n = LIFETIMES[j];
        // `lifetimes.x` wins over a top-level `x` in one definition.
        push(lifetimes, n, (b.lifetimes && b.lifetimes[n]) || b[n]);
      }
      for (var p in b.pageLifetimes) push(pageLifetimes, p, b.pageLifetimes[p]);
      for (var o in b.observers) push(observers, o, b.observers[o]);
    }
    out.data = data;
    out.properties = properties;
    out.methods = methods;
    out.lifetimes = {};
    for (var l in lifetimes) out.lifetimes[l] = chain(lifetimes[l]);
    for (var k = 0; k < LIFETIMES.length; k++) delete out[LIFETIMES[k]];
    out.pageLifetimes = {};
    for (var pl in pageLifetimes) out.pageLifetimes[pl] = chain(pageLifetimes[pl]);
    out.observers = {};
    for (var ob in observers) out.observers[ob] = chain(observers[ob]);
    out.behaviors = def.behaviors.filter(function (b) { return typeof b === 'string'; });
    return out;
  }
  return merge;
})
