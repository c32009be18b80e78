// Date parsing as mini-program code expects it. The phone runtimes accept '2024/03/10',
// '2024/03/10 10:00:00' and '2024-03-10 10:00:00' as local time; boa returns NaN for them.
// `parseLocal` (native) reads those forms and returns NaN for anything else, which then goes
// to the engine's own parser. Evaluated once at start-up; nothing here stays on the global scope
// but the replaced Date.
(function (parseLocal) {
  var NativeDate = Date;
  var nativeParse = NativeDate.parse;
  var construct = Reflect.construct;
  var defineProperty = Object.defineProperty;
  function WxDate(...args) {
    if (new.target === undefined) return NativeDate();
    if (args.length === 1 && typeof args[0] === 'string') {
      var ms = parseLocal(args[0]);
      if (ms === ms) args[0] = ms;
    }
    return construct(NativeDate, args, new.target);
  }
  // A declaration named Date would shadow the global above (hoisting), hence WxDate renamed.
  defineProperty(WxDate, 'name', { value: 'Date' });
  defineProperty(WxDate, 'length', { value: 7 });
  WxDate.prototype = NativeDate.prototype;
  WxDate.now = NativeDate.now;
  WxDate.UTC = NativeDate.UTC;
  WxDate.parse = function parse(s) {
    s = String(s);
    var ms = parseLocal(s);
    return ms === ms ? ms : nativeParse(s);
  };
  defineProperty(NativeDate.prototype, 'constructor', { value: WxDate, writable: true, configurable: true });
  defineProperty(globalThis, 'Date', { value: WxDate, writable: true, configurable: true });
})
