// `wx.worklet` and `wx.router`: the animation side of Skyline's worklets, as it behaves on the JS thread
// (developers.weixin.qq.com/miniprogram/dev/api/ui/worklet/wx.worklet.html, base library
// 2.29.2+). wxbox has no UI thread and draws nothing, so a worklet function runs where it is
// called, and an animation assigned to a SharedValue plays out on the sandbox's (virtual) clock:
// the value holds the start until the animation's duration has passed, then the target, and the
// callback gets `true` (or `false` when cancelled), as the docs describe. UNVERIFIED: the
// intermediate frames (none are computed), spring and decay durations (taken from their options,
// else 300 ms), and `runOnJS` timing (a microtask: the docs only say it is asynchronous).
// Evaluated on first use of `wx.worklet`; `setTimeout` / `clearTimeout` are the sandbox's.
(function (setTimeout, clearTimeout) {
  var ANIMATION = typeof Symbol === 'function' ? Symbol('wxbox.animation') : '__wxboxAnimation';
  function animation(kind, toValue, duration, callback, extra) {
    var a = { kind: kind, toValue: toValue, duration: duration, callback: callback };
    for (var k in extra) a[k] = extra[k];
    a[ANIMATION] = true;
    return a;
  }
  function isAnimation(v) {
    return v !== null && typeof v === 'object' && v[ANIMATION] === true;
  }
  function durationOf(options, fallback) {
    var d = options && typeof options.duration === 'number' ? options.duration : fallback;
    return d >= 0 ? d : 0;
  }
  // How long an animation runs and where it ends, resolving sequence / repeat / delay.
  function plan(a) {
    if (a.kind === 'sequence') {
      var total = 0, end;
      for (var i = 0; i < a.parts.length; i++) {
        var p = plan(a.parts[i]);
        total += p.duration;
        end = p.toValue;
      }
      return { duration: total, toValue: end };
    }
    if (a.kind === 'repeat') {
      var inner = plan(a.inner);
      var reps = a.reps > 0 ? a.reps : 1;
      // An even number of reversed repeats ends where it started (UNVERIFIED for -1: forever,
      // which would never end; treated as once here so a run still goes idle).
      return { duration: inner.duration * reps, toValue: a.reverse && reps % 2 === 0 ? a.from : inner.toValue };
    }
    if (a.kind === 'delay') {
      var d = plan(a.inner);
      return { duration: d.duration + a.delay, toValue: d.toValue };
    }
    return { duration: a.duration, toValue: a.toValue };
  }
  function SharedValue(initial) {
    this._value = initial;
    this._timer = null;
    this._running = null;
  }
  function finish(sv, ok) {
    var a = sv._running;
    sv._running = null;
    sv._timer = null;
    if (a && typeof a.callback === 'function') a.callback(ok);
  }
  Object.defineProperty(SharedValue.prototype, 'value', {
    get: function () { return this._value; },
    set: function (v) {
      if (this._running) {
        clearTimeout(this._timer);
        finish(this, false);
      }
      if (!isAnimation(v)) {
        this._value = v;
        return;
      }
      if (v.kind === 'repeat') v.from = this._value;
      var p = plan(v);
      var self = this;
      this._running = v;
      this._timer = setTimeout(function () {
        self._value = p.toValue;
        finish(self, true);
      }, p.duration);
    },
    enumerable: true,
  });
  function DerivedValue(updater) {
    this._updater = updater;
  }
  Object.defineProperty(DerivedValue.prototype, 'value', {
    get: function () { return this._updater(); },
    enumerable: true,
  });
  // Easing functions: the same curves as React Native's Easing, which the docs' module mirrors.
  function bezier(x1, y1, x2, y2) {
    function at(t, a, b) {
      var u = 1 - t;
      return 3 * u * u * t * a + 3 * u * t * t * b + t * t * t;
    }
    return function (x) {
      if (x <= 0) return 0;
      if (x >= 1) return 1;
      var lo = 0, hi = 1, t = x;
      for (var i = 0; i < 30; i++) {
        t = (lo + hi) / 2;
        if (at(t, x1, x2) < x) lo = t; else hi = t;
      }
      return at(t, y1, y2);
    };
  }
  var Easing = {
    linear: function (t) { return t; },
    ease: bezier(0.42, 0, 1, 1),
    quad: function (t) { return t * t; },
    cubic: function (t) { return t * t * t; },
    poly: function (n) { return function (t) { return Math.pow(t, n); }; },
    sin: function (t) { return 1 - Math.cos((t * Math.PI) / 2); },
    circle: function (t) { return 1 - Math.sqrt(1 - t * t); },
    exp: function (t) { return Math.pow(2, 10 * (t - 1)); },
    elastic: function (b) {
      var p = (b === undefined ? 1 : b) * Math.PI;
      return function (t) { return 1 - Math.pow(Math.cos((t * Math.PI) / 2), 3) * Math.cos(t * p); };
    },
    back: function (s) {
      var k = s === undefined ? 1.70158 : s;
      return function (t) { return t * t * ((k + 1) * t - k); };
    },
    bounce: function (t) {
      if (t < 1 / 2.75) return 7.5625 * t * t;
      if (t < 2 / 2.75) { t -= 1.5 / 2.75; return 7.5625 * t * t + 0.75; }
      if (t < 2.5 / 2.75) { t -= 2.25 / 2.75; return 7.5625 * t * t + 0.9375; }
      t -= 2.625 / 2.75;
      return 7.5625 * t * t + 0.984375;
    },
    // `bezier` gives a factory (as in Reanimated): the demo's album calls `.factory()` on it.
    bezier: function (x1, y1, x2, y2) { return { factory: function () { return bezier(x1, y1, x2, y2); } }; },
    cubicBezier: bezier,
    in: function (f) { return f; },
    out: function (f) { return function (t) { return 1 - f(1 - t); }; },
    inOut: function (f) {
      return function (t) { return t < 0.5 ? f(t * 2) / 2 : 1 - f((1 - t) * 2) / 2; };
    },
  };
  var worklet = {
    shared: function (initial) { return new SharedValue(initial); },
    derived: function (updater) { return new DerivedValue(updater); },
    cancelAnimation: function (sv) {
      if (sv instanceof SharedValue && sv._running) {
        clearTimeout(sv._timer);
        finish(sv, false);
      }
    },
    runOnUI: function (fn) {
      return function () { return fn.apply(this, arguments); };
    },
    runOnJS: function (fn) {
      return function () {
        var self = this, args = arguments;
        Promise.resolve().then(function () { fn.apply(self, args); });
      };
    },
    timing: function (toValue, options, callback) {
      return animation('timing', toValue, durationOf(options, 300), callback, { options: options });
    },
    spring: function (toValue, options, callback) {
      return animation('spring', toValue, durationOf(options, 300), callback, { options: options });
    },
    decay: function (options, callback) {
      var to = options && typeof options.clamp === 'object' && options.clamp ? options.clamp[1] : undefined;
      return animation('decay', to, durationOf(options, 300), callback, { options: options });
    },
    sequence: function () {
      var parts = Array.prototype.slice.call(arguments).filter(isAnimation);
      return animation('sequence', undefined, 0, undefined, { parts: parts });
    },
    repeat: function (inner, reps, reverse, callback) {
      return animation('repeat', undefined, 0, callback, { inner: inner, reps: reps, reverse: !!reverse });
    },
    delay: function (ms, inner) {
      return animation('delay', undefined, 0, inner && inner.callback, { inner: inner, delay: ms > 0 ? ms : 0 });
    },
    Easing: Easing,
    scrollViewContext: { scrollTo: function () {} },
  };
  // `wx.router`: custom route builders (developers.weixin.qq.com/miniprogram/dev/api/route/
  // router/base/router.addRouteBuilder.html) and a page's route context, whose shared values
  // drive the transition (framework/runtime/skyline/custom-route.html). wxbox plays no
  // transitions: a page's context shows its route finished (primaryAnimation 1, status
  // completed), which is where a real transition ends. UNVERIFIED: the context on the webview
  // renderer (the demo guards with `|| {}`, so it may be absent there).
  var COMPLETED = 3;
  var builders = {};
  var contexts = new WeakMap();
  var router = {
    addRouteBuilder: function (name, builder) { builders[name] = builder; },
    removeRouteBuilder: function (name) { delete builders[name]; },
    getRouteContext: function (page) {
      if (page === null || typeof page !== 'object') return null;
      var c = contexts.get(page);
      if (!c) {
        c = {
          primaryAnimation: worklet.shared(1),
          primaryAnimationStatus: worklet.shared(COMPLETED),
          secondaryAnimation: worklet.shared(0),
          secondaryAnimationStatus: worklet.shared(0),
          userGestureInProgress: worklet.shared(0),
          shareEnabled: worklet.shared(false),
          startUserGesture: function () { c.userGestureInProgress.value++; },
          stopUserGesture: function () { if (c.userGestureInProgress.value > 0) c.userGestureInProgress.value--; },
          didPop: function () {},
        };
        contexts.set(page, c);
      }
      return c;
    },
  };
  return { worklet: worklet, router: router };
})
