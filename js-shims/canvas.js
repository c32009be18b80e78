// The Canvas node that `SelectorQuery.select('#c').node()` (and `fields({node: true})`) gives
// for `<canvas type="2d">` / `type="webgl"` / `type="webgl2"`, headless.
// Docs: developers.weixin.qq.com/miniprogram/dev/api/canvas/Canvas.html (width, height,
// getContext, createImage, createImageData, createPath2D, requestAnimationFrame,
// cancelAnimationFrame, toDataURL) and .../CanvasRenderingContext2D.html (the HTML canvas 2D API).
//
// - `width` / `height` are the bitmap's size: from the element (see canvas.rs), 300 x 150 as
//   in HTML when it says nothing; assignable, as apps set `canvas.width = w * dpr`. Assigning
//   resets the 2D context's state, as in HTML.
// - `getContext('2d')` is a recording CanvasRenderingContext2D: its state (fillStyle, font,
//   transform, ...; save / restore) is kept, and every drawing call is recorded as
//   `{method, data}` (the same shape as CanvasContext's getActions; a property set as
//   `set fillStyle`) in `__wxboxActions`, capped at ACTION_LIMIT (the older half goes when it
//   is reached; `__wxboxDropped` counts what went). Nothing is rasterised:
//   getImageData returns transparent pixels. `measureText(text).width` is an approximation: the
//   font's px size times 0.6 per ASCII character and 1.0 per wider one (there are no font files
//   headlessly; UNVERIFIED against any real font).
// - `getContext('webgl' | 'webgl2' | 'experimental-webgl')` is null: there is no GPU headlessly,
//   the same answer a browser without WebGL gives; this is wxbox's device tier (the hardware is
//   missing, the call does not pretend to work).
// - `requestAnimationFrame(cb)` calls `cb(timestamp)` after 16 ms of sandbox time (about 60
//   frames a second) on the virtual clock; `cancelAnimationFrame(id)` cancels it.
(function () {
  var ACTION_LIMIT = 10000;
  var timeout = setTimeout;
  var clear = clearTimeout;
  var now = function () { return Date.now(); };

  function record(ctx, method, args) {
    var list = ctx.__wxboxActions;
    if (list.length >= ACTION_LIMIT) {
      // The older half goes at once, so a long animation does not shift on every call.
      var half = list.length >> 1;
      list.splice(0, half);
      ctx.__wxboxDropped += half;
    }
    list.push({ method: method, data: Array.prototype.slice.call(args) });
  }

  function defaults() {
    return {
      fillStyle: '#000000', strokeStyle: '#000000', lineWidth: 1, lineCap: 'butt',
      lineJoin: 'miter', miterLimit: 10, lineDashOffset: 0, font: '10px sans-serif',
      textAlign: 'start', textBaseline: 'alphabetic', direction: 'inherit',
      globalAlpha: 1, globalCompositeOperation: 'source-over', shadowBlur: 0,
      shadowColor: 'rgba(0, 0, 0, 0)', shadowOffsetX: 0, shadowOffsetY: 0,
      imageSmoothingEnabled: true, imageSmoothingQuality: 'low', filter: 'none',
      __dash: [], __transform: [1, 0, 0, 1, 0, 0],
    };
  }
  var STATE = Object.keys(defaults()).filter(function (k) { return k.indexOf('__') !== 0; });

  function Context2D(canvas) {
    Object.defineProperty(this, 'canvas', { value: canvas });
    Object.defineProperty(this, '__wxboxActions', { value: [] });
    Object.defineProperty(this, '__wxboxDropped', { value: 0, writable: true });
    Object.defineProperty(this, '__state', { value: defaults(), writable: true });
    Object.defineProperty(this, '__stack', { value: [], writable: true });
  }
  STATE.forEach(function (k) {
    Object.defineProperty(Context2D.prototype, k, {
      get: function () { return this.__state[k]; },
      set: function (v) {
        this.__state[k] = v;
        record(this, 'set ' + k, [v]);
      },
      enumerable: true,
    });
  });
  function copy(state) {
    var out = {};
    Object.keys(state).forEach(function (k) {
      out[k] = Array.isArray(state[k]) ? state[k].slice() : state[k];
    });
    return out;
  }
  function multiply(m, a, b, c, d, e, f) {
    return [
      m[0] * a + m[2] * b, m[1] * a + m[3] * b,
      m[0] * c + m[2] * d, m[1] * c + m[3] * d,
      m[0] * e + m[2] * f + m[4], m[1] * e + m[3] * f + m[5],
    ];
  }
  var P = Context2D.prototype;
  P.save = function () { this.__stack.push(copy(this.__state)); record(this, 'save', arguments); };
  P.restore = function () {
    if (this.__stack.length) this.__state = this.__stack.pop();
    record(this, 'restore', arguments);
  };
  P.reset = function () {
    this.__state = defaults();
    this.__stack = [];
    record(this, 'reset', arguments);
  };
  P.scale = function (x, y) {
    this.__state.__transform = multiply(this.__state.__transform, x, 0, 0, y, 0, 0);
    record(this, 'scale', arguments);
  };
  P.rotate = function (r) {
    var c = Math.cos(r), s = Math.sin(r);
    this.__state.__transform = multiply(this.__state.__transform, c, s, -s, c, 0, 0);
    record(this, 'rotate', arguments);
  };
  P.translate = function (x, y) {
    this.__state.__transform = multiply(this.__state.__transform, 1, 0, 0, 1, x, y);
    record(this, 'translate', arguments);
  };
  P.transform = function (a, b, c, d, e, f) {
    this.__state.__transform = multiply(this.__state.__transform, a, b, c, d, e, f);
    record(this, 'transform', arguments);
  };
  P.setTransform = function (a, b, c, d, e, f) {
    if (typeof a === 'object' && a !== null) {
      this.__state.__transform = [a.a, a.b, a.c, a.d, a.e, a.f].map(function (v) {
        return v === undefined ? 0 : v;
      });
    } else {
      this.__state.__transform = [a, b, c, d, e, f];
    }
    record(this, 'setTransform', arguments);
  };
  P.resetTransform = function () {
    this.__state.__transform = [1, 0, 0, 1, 0, 0];
    record(this, 'resetTransform', arguments);
  };
  P.getTransform = function () {
    var m = this.__state.__transform;
    return { a: m[0], b: m[1], c: m[2], d: m[3], e: m[4], f: m[5], is2D: true };
  };
  P.setLineDash = function (segments) {
    this.__state.__dash = Array.isArray(segments) ? segments.slice() : [];
    record(this, 'setLineDash', arguments);
  };
  P.getLineDash = function () { return this.__state.__dash.slice(); };
  [
    'beginPath', 'closePath', 'moveTo', 'lineTo', 'bezierCurveTo', 'quadraticCurveTo', 'arc',
    'arcTo', 'ellipse', 'rect', 'roundRect', 'fill', 'stroke', 'clip', 'fillRect', 'strokeRect',
    'clearRect', 'fillText', 'strokeText', 'drawImage', 'putImageData', 'drawFocusIfNeeded',
  ].forEach(function (name) {
    P[name] = function () { record(this, name, arguments); };
  });
  P.isPointInPath = function () { return false; };
  P.isPointInStroke = function () { return false; };
  function fontPx(font) {
    var m = /(\d+(?:\.\d+)?)px/.exec(String(font));
    return m ? parseFloat(m[1]) : 10;
  }
  P.measureText = function (text) {
    var s = String(text), px = fontPx(this.__state.font), w = 0;
    for (var i = 0; i < s.length; i++) w += s.charCodeAt(i) < 0x80 ? 0.6 : 1.0;
    return {
      width: w * px,
      actualBoundingBoxLeft: 0, actualBoundingBoxRight: w * px,
      actualBoundingBoxAscent: px * 0.8, actualBoundingBoxDescent: px * 0.2,
      fontBoundingBoxAscent: px * 0.8, fontBoundingBoxDescent: px * 0.2,
    };
  };
  function imageData(w, h) {
    w = Math.max(0, Math.floor(Number(w) || 0));
    h = Math.max(0, Math.floor(Number(h) || 0));
    return { width: w, height: h, data: new Uint8ClampedArray(w * h * 4) };
  }
  P.createImageData = function (w, h) {
    if (typeof w === 'object' && w !== null) return imageData(w.width, w.height);
    return imageData(w, h);
  };
  P.getImageData = function (x, y, w, h) { return imageData(w, h); };
  function Gradient() { Object.defineProperty(this, 'stops', { value: [] }); }
  Gradient.prototype.addColorStop = function (offset, color) {
    this.stops.push([offset, color]);
  };
  P.createLinearGradient = function () { return new Gradient(); };
  P.createRadialGradient = function () { return new Gradient(); };
  P.createConicGradient = function () { return new Gradient(); };
  P.createPattern = function (image, repetition) {
    return { image: image, repetition: repetition, setTransform: function () {} };
  };

  function Path2D() { Object.defineProperty(this, '__wxboxActions', { value: [] }); }
  [
    'addPath', 'closePath', 'moveTo', 'lineTo', 'bezierCurveTo', 'quadraticCurveTo', 'arc',
    'arcTo', 'ellipse', 'rect', 'roundRect',
  ].forEach(function (name) {
    Path2D.prototype[name] = function () {
      this.__wxboxActions.push({ method: name, data: Array.prototype.slice.call(arguments) });
    };
  });

  // An image the canvas can draw: `src` is kept; `onload` runs on the loop (no file is read,
  // so every image is 0 x 0 unless the app sets a size; UNVERIFIED what WeChat reports for an
  // image it cannot decode).
  function Image() {
    this.width = 0;
    this.height = 0;
    this.onload = null;
    this.onerror = null;
    this.complete = false;
    var src = '';
    var self = this;
    Object.defineProperty(this, 'src', {
      get: function () { return src; },
      set: function (v) {
        src = String(v);
        timeout(function () {
          self.complete = true;
          if (typeof self.onload === 'function') self.onload({ type: 'load' });
        }, 0);
      },
      enumerable: true,
    });
  }

  function Canvas(kind, width, height) {
    var w = width, h = height, ctx2d = null;
    Object.defineProperty(this, '__wxboxType', { value: kind });
    Object.defineProperty(this, 'width', {
      get: function () { return w; },
      set: function (v) {
        w = Math.max(0, Math.floor(Number(v) || 0));
        if (ctx2d) ctx2d.reset();
      },
      enumerable: true,
    });
    Object.defineProperty(this, 'height', {
      get: function () { return h; },
      set: function (v) {
        h = Math.max(0, Math.floor(Number(v) || 0));
        if (ctx2d) ctx2d.reset();
      },
      enumerable: true,
    });
    Object.defineProperty(this, '__context', {
      value: function (type) {
        if (type === '2d' && kind === '2d') {
          if (!ctx2d) ctx2d = new Context2D(this);
          return ctx2d;
        }
        return null;
      },
    });
  }
  var C = Canvas.prototype;
  C.getContext = function (type) { return this.__context(String(type)); };
  C.createImage = function () { return new Image(); };
  C.createImageData = function (w, h) { return imageData(w, h); };
  C.createPath2D = function (path) {
    var p = new Path2D();
    if (path && path.__wxboxActions) {
      path.__wxboxActions.forEach(function (a) { p.__wxboxActions.push(a); });
    }
    return p;
  };
  C.requestAnimationFrame = function (cb) {
    return timeout(function () { if (typeof cb === 'function') cb(now()); }, 16);
  };
  C.cancelAnimationFrame = function (id) { clear(id); };
  // Nothing is rasterised headlessly, so there is no image to encode: an empty PNG data URL
  // (UNVERIFIED: what WeChat returns for a canvas it has not drawn).
  C.toDataURL = function () {
    return 'data:image/png;base64,';
  };

  return function (kind, width, height) {
    return new Canvas(kind, width, height);
  };
})
