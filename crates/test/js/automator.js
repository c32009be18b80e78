// `require('miniprogram-automator')` in a wxbox test: the official library's objects and
// method names (developers.weixin.qq.com/miniprogram/dev/devtools/auto/), each call a Promise
// that settles once the sandbox has played the effect out on its virtual clock. Every call goes
// through one native, `__wxbox_call(op, json)`, and values cross as JSON: a test never holds an
// app object, as a Node test never holds one of DevTools'.
'use strict';
var native = globalThis.__wxbox_call;

function op(name, args) {
  // The answer comes back as a value made from its JSON (what JSON.parse of its text would
  // give, without printing and re-parsing it).
  var out = native(name, JSON.stringify(args === undefined ? null : args));
  if (out.events) dispatch(out.events);
  return out.value;
}

// Async in the official library: a call that fails rejects (its Error made here, so its stack
// names the test's line).
function call(name, args) {
  return new Promise(function (resolve) {
    resolve(op(name, args));
  });
}

var programs = {};
function dispatch(events) {
  for (var i = 0; i < events.length; i++) {
    var e = events[i];
    var mp = programs[e.mp];
    if (!mp) continue;
    if (e.kind === 'console') mp._emit('console', { type: e.level, args: [e.text] });
    else if (e.kind === 'exception') mp._emit('exception', { message: e.message, stack: e.stack || '' });
    else if (e.kind === 'exposed') {
      var f = mp._exposed[e.name];
      if (f) f.apply(null, e.args);
    }
  }
}

function source(fn) {
  return typeof fn === 'function' ? fn.toString() : String(fn);
}

function MiniProgram(id) {
  this._id = id;
  this._listeners = { console: [], exception: [] };
  this._exposed = {};
  // What the official library cannot do: the scripted user, sandbox time, storage, the fake
  // WeChat servers, the traffic and the trace.
  function decide(patch) {
    return call('user', { mp: id, decisions: patch });
  }
  this.user = {
    set: decide,
    allowScope: function (scope) { var s = {}; s[scope] = 'allow'; return decide({ scopes: s }); },
    denyScope: function (scope) { var s = {}; s[scope] = 'deny'; return decide({ scopes: s }); },
    allowUserProfile: function () { return decide({ user_profile: 'allow' }); },
    denyUserProfile: function () { return decide({ user_profile: 'deny' }); },
    allowPhoneNumber: function () { return decide({ phone_number: 'allow' }); },
    denyPhoneNumber: function () { return decide({ phone_number: 'deny' }); },
    agreePrivacy: function () { return decide({ privacy: 'allow' }); },
    disagreePrivacy: function () { return decide({ privacy: 'deny' }); },
    willPay: function () { return decide({ payment: 'pay' }); },
    willCancelPayment: function () { return decide({ payment: 'cancel' }); },
    willFailPayment: function (reason) {
      var d = { payment: 'fail' };
      if (reason !== undefined) d.payment_fail_reason = reason;
      return decide(d);
    },
    confirmModal: function (yes) { return decide({ modal_confirm: yes !== false }); },
    chooseActionSheet: function (index) { return decide({ action_sheet: index }); },
    acceptSubscription: function (template) { return call('subscription', { mp: id, template: template, decision: 'accept' }); },
    rejectSubscription: function (template) { return call('subscription', { mp: id, template: template, decision: 'reject' }); }
  };
  this.clock = {
    advance: function (ms) { return call('advance', { mp: id, ms: ms }); },
    now: function () { return call('now', { mp: id }); }
  };
  // Storage may be seeded before the app starts, so these do not start it.
  function storage(method, args) {
    return call('callWx', { mp: id, method: method, args: args, before: true });
  }
  this.storage = {
    set: function (key, value) { return storage('setStorageSync', [key, value]).then(function () {}); },
    get: function (key) { return storage('getStorageSync', [key]); },
    remove: function (key) { return storage('removeStorageSync', [key]).then(function () {}); },
    clear: function () { return storage('clearStorageSync', []).then(function () {}); },
    keys: function () { return storage('getStorageInfoSync', []).then(function (i) { return i.keys; }); }
  };
  this.server = {
    state: function () { return call('server', { mp: id }); },
    fault: function (fault) { return call('fault', { mp: id, fault: fault }).then(function () {}); },
    url: function () { return call('serverUrl', { mp: id }); }
  };
}

MiniProgram.prototype = {
  constructor: MiniProgram,
  // A listener that throws fails the running test (as an uncaught error from an
  // EventEmitter does under jest), not the automator call that happened to deliver the event.
  _emit: function (kind, value) {
    var ls = (this._listeners[kind] || []).slice();
    for (var i = 0; i < ls.length; i++) {
      try {
        ls[i].call(this, value);
      } catch (e) {
        setTimeout(function () { throw e; }, 0);
      }
    }
  },
  on: function (kind, fn) {
    (this._listeners[kind] = this._listeners[kind] || []).push(fn);
    return this;
  },
  once: function (kind, fn) {
    var self = this;
      function once(v) { self.off(kind, once); fn.call(self, v); }
    return this.on(kind, once);
  },
  off: function (kind, fn) {
    var ls = this._listeners[kind] || [];
    var i = ls.indexOf(fn);
    if (i >= 0) ls.splice(i, 1);
    return this;
  },
  removeListener: function (kind, fn) { return this.off(kind, fn); },
  removeAllListeners: function (kind) {
    if (kind === undefined) this._listeners = { console: [], exception: [] };
    else this._listeners[kind] = [];
    return this;
  },
  pageStack: function () {
    var id = this._id;
    return call('pageStack', { mp: id }).then(function (ps) {
      return ps.map(function (p) { return new Page(id, p); });
    });
  },
  currentPage: function () {
    var id = this._id;
    return call('currentPage', { mp: id }).then(function (p) { return p ? new Page(id, p) : null; });
  },
  _route: function (kind, url) {
    var id = this._id;
    return call('route', { mp: id, kind: kind, url: url }).then(function (p) { return p ? new Page(id, p) : null; });
  },
  navigateTo: function (url) { return this._route('navigateTo', url); },
  redirectTo: function (url) { return this._route('redirectTo', url); },
  reLaunch: function (url) { return this._route('reLaunch', url); },
  switchTab: function (url) { return this._route('switchTab', url); },
  navigateBack: function () { return this._route('navigateBack', null); },
  systemInfo: function () { return this.callWxMethod('getSystemInfoSync'); },
  pageScrollTo: function (scrollTop) {
    return this.callWxMethod('pageScrollTo', { scrollTop: scrollTop, duration: 0 }).then(function () {});
  },
  callWxMethod: function (method) {
    return call('callWx', { mp: this._id, method: method, args: Array.prototype.slice.call(arguments, 1) });
  },
  callPluginWxMethod: function () {
    return Promise.reject(new Error('callPluginWxMethod: wxbox does not run plugins'));
  },
  mockWxMethod: function (method, result) {
    var extra = Array.prototype.slice.call(arguments, 2);
    var args = typeof result === 'function'
      ? { mp: this._id, method: method, fn: result.toString(), args: extra }
      : { mp: this._id, method: method, value: result === undefined ? null : result };
    return call('mockWx', args).then(function () {});
  },
  restoreWxMethod: function (method) {
    return call('restoreWx', { mp: this._id, method: method }).then(function () {});
  },
  evaluate: function (fn) {
    return call('evaluate', { mp: this._id, source: source(fn), args: Array.prototype.slice.call(arguments, 1) });
  },
  exposeFunction: function (name, fn) {
    if (typeof fn !== 'function') return Promise.reject(new TypeError('exposeFunction: the binding must be a function'));
    this._exposed[name] = fn;
    return call('expose', { mp: this._id, name: name }).then(function () {});
  },
  requests: function () { return call('requests', { mp: this._id }); },
  trace: function () { return call('trace', { mp: this._id }); },
  screenshot: function () {
    return Promise.reject(new Error('screenshot: wxbox renders no pixels; use page.$(...).wxml() or the render trace'));
  },
  testAccounts: function () { return Promise.resolve([]); },
  stopAudits: function () { return Promise.resolve({}); },
  remote: function () { return Promise.resolve(); },
  close: function () {
    var id = this._id;
    return call('close', { mp: id }).then(function () { delete programs[id]; });
  },
  disconnect: function () { return this.close(); }
};

function Page(mp, p) {
  this._mp = mp;
  this.id = p.id;
  this.pageId = p.id;
  this.path = p.path;
  this.query = p.query;
}

function scoped(mp, page, element) {
  return { mp: mp, page: page, element: element || null };
}

function select(mp, page, element, selector, all) {
  var args = scoped(mp, page, element);
  args.selector = selector;
  args.all = all;
  return call('select', args).then(function (found) {
    var els = found.map(function (e) { return new Element(mp, page, e); });
    return all ? els : (els[0] || null);
  });
}

Page.prototype = {
  constructor: Page,
  $: function (selector) { return select(this._mp, this.id, null, selector, false); },
  $$: function (selector) { return select(this._mp, this.id, null, selector, true); },
  // Milliseconds are sandbox time; a selector or a function is checked, then sandbox time runs
  // to the next timer, until it holds or nothing is left that could change it.
  waitFor: function (condition) {
    var self = this;
      if (typeof condition === 'number') return call('advance', { mp: this._mp, ms: condition }).then(function () {});
    var check = typeof condition === 'string'
      ? function () { return self.$$(condition).then(function (els) { return els.length > 0; }); }
      : function () { return Promise.resolve(condition()); };
    var what = typeof condition === 'string' ? '`' + condition + '` never appeared' : 'the condition never held';
    var start = null;
    // Sandbox time runs timer by timer, for up to a minute of it (an endless interval would
    // otherwise keep it going for ever).
    function loop() {
      return check().then(function (ok) {
        if (ok) return true;
        return call('step', { mp: self._mp, since: start }).then(function (s) {
          if (start === null) start = s.start;
          if (!s.moved) {
            throw new Error('waitFor: ' + what + (s.idle
              ? ': the sandbox has nothing left to run that could change it'
              : ' within 60000 ms of sandbox time'));
          }
          return loop();
        });
      });
    }
    return loop();
  },
  data: function (path) { return call('data', { mp: this._mp, target: this.id, path: path === undefined ? null : path }); },
  setData: function (data) { return call('setData', { mp: this._mp, target: this.id, data: data }).then(function () {}); },
  callMethod: function (method) {
    return call('callMethod', { mp: this._mp, target: this.id, method: method, args: Array.prototype.slice.call(arguments, 1) });
  },
  size: function () { return call('pageSize', { mp: this._mp, page: this.id }); },
  scrollTop: function () { return call('scrollTop', { mp: this._mp, page: this.id }); }
};

function Element(mp, page, e) {
  this._mp = mp;
  this._page = page;
  this._ref = e.ref;
  this.tagName = e.ref.tag;
  this.id = e.ref.owner + ':' + e.ref.key;
}

function element(name) {
  return function () {
    var args = scoped(this._mp, this._page, this._ref);
    args.what = name;
    args.args = Array.prototype.slice.call(arguments);
    return call('element', args);
  };
}

function gesture(name) {
  return function () {
    var args = scoped(this._mp, this._page, this._ref);
    args.gesture = name;
    args.args = Array.prototype.slice.call(arguments);
    return call('gesture', args).then(function () {});
  };
}

Element.prototype = {
  constructor: Element,
  $: function (selector) { return select(this._mp, this._page, this._ref, selector, false); },
  $$: function (selector) { return select(this._mp, this._page, this._ref, selector, true); },
  text: element('text'),
  attribute: element('attribute'),
  property: element('property'),
  value: element('value'),
  style: element('style'),
  wxml: element('wxml'),
  outerWxml: element('outerWxml'),
  size: element('size'),
  offset: element('offset'),
  scrollWidth: element('scrollWidth'),
  scrollHeight: element('scrollHeight'),
  tap: gesture('tap'),
  longpress: gesture('longpress'),
  touchstart: gesture('touchstart'),
  touchmove: gesture('touchmove'),
  touchend: gesture('touchend'),
  trigger: gesture('trigger'),
  input: gesture('input'),
  callMethod: element('callMethod'),
  data: element('data'),
  setData: function (data) {
    var args = scoped(this._mp, this._page, this._ref);
    args.what = 'setData';
    args.args = [data];
    return call('element', args).then(function () {});
  }
};

module.exports = {
  launch: function (options) {
    return call('launch', options || {}).then(function (id) {
      var mp = new MiniProgram(id);
      programs[id] = mp;
      return mp;
    });
  },
  connect: function () {
    return Promise.reject(new Error('connect: wxbox has no running DevTools to connect to; use automator.launch({projectPath})'));
  },
  MiniProgram: MiniProgram,
  Page: Page,
  Element: Element
};
