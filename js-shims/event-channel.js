// EventChannel, the two linked ends `wx.navigateTo({events})` makes: the opener's (in the
// success result as `eventChannel`) and the opened page's (`this.getOpenerEventChannel()`).
// `emit` on one end calls the listeners on the other; `on` / `once` / `off` manage listeners
// on the end they are called on; `events` are the opener end's first listeners.
// Docs: developers.weixin.qq.com/miniprogram/dev/api/route/EventChannel.html.
// UNVERIFIED: whether WeChat buffers events emitted before the other end listens (here they
// are dropped), and the order of listeners added during an emit (they wait for the next one).
(function () {
  function EventChannel() {
    Object.defineProperty(this, '__listeners', { value: {} });
    Object.defineProperty(this, '__peer', { value: null, writable: true });
  }
  EventChannel.prototype.on = function (name, fn) {
    if (typeof fn !== 'function') return;
    (this.__listeners[name] = this.__listeners[name] || []).push({ fn: fn, once: false });
  };
  EventChannel.prototype.once = function (name, fn) {
    if (typeof fn !== 'function') return;
    (this.__listeners[name] = this.__listeners[name] || []).push({ fn: fn, once: true });
  };
  EventChannel.prototype.off = function (name, fn) {
    var list = this.__listeners[name];
    if (!list) return;
    if (typeof fn !== 'function') { delete this.__listeners[name]; return; }
    this.__listeners[name] = list.filter(function (l) { return l.fn !== fn; });
  };
  EventChannel.prototype.emit = function (name) {
    var peer = this.__peer;
    if (!peer) return;
    var list = peer.__listeners[name];
    if (!list || list.length === 0) return;
    var args = Array.prototype.slice.call(arguments, 1);
    var now = list.slice();
    peer.__listeners[name] = list.filter(function (l) { return !l.once; });
    for (var i = 0; i < now.length; i++) now[i].fn.apply(peer, args);
  };
  // pair(events) -> [opener end, page end]; unpaired() -> an end nobody listens to yet.
  return {
    pair: function (events) {
      var opener = new EventChannel(), page = new EventChannel();
      opener.__peer = page;
      page.__peer = opener;
      if (events && typeof events === 'object') {
        for (var k in events) opener.on(k, events[k]);
      }
      return [opener, page];
    },
    unpaired: function () { return new EventChannel(); },
    // link(pageEnd) -> an opener end for a page end made before anyone asked for the opener's.
    link: function (page) {
      var opener = new EventChannel();
      opener.__peer = page;
      page.__peer = opener;
      return opener;
    },
  };
})
