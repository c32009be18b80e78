// `require('path')` in a wxbox test: Node's POSIX `path` for what tests do with it (join a
// project path onto `__dirname`, resolve, split names). `resolve` starts from `process.cwd()`.
'use strict';
function normalizeParts(parts, absolute) {
  var out = [];
  for (var i = 0; i < parts.length; i++) {
    var p = parts[i];
    if (p === '' || p === '.') continue;
    if (p === '..') {
      if (out.length && out[out.length - 1] !== '..') out.pop();
      else if (!absolute) out.push('..');
      continue;
    }
    out.push(p);
  }
  return out;
}
function check(p) {
  if (typeof p !== 'string') throw new TypeError('The "path" argument must be of type string. Received ' + (p === null ? 'null' : typeof p));
}
var path = {
  sep: '/',
  delimiter: ':',
  isAbsolute: function (p) { check(p); return p.charAt(0) === '/'; },
  normalize: function (p) {
    check(p);
    if (p === '') return '.';
    var abs = p.charAt(0) === '/';
    var trailing = p.charAt(p.length - 1) === '/';
    var s = normalizeParts(p.split('/'), abs).join('/');
    if (!s && !abs) s = '.';
    if (s && trailing) s += '/';
    return (abs ? '/' : '') + s;
  },
  join: function () {
    var parts = [];
    for (var i = 0; i < arguments.length; i++) {
      check(arguments[i]);
      if (arguments[i]) parts.push(arguments[i]);
    }
    return parts.length ? path.normalize(parts.join('/')) : '.';
  },
  resolve: function () {
    var resolved = '';
    for (var i = arguments.length - 1; i >= -1 && resolved.charAt(0) !== '/'; i--) {
      var p = i >= 0 ? arguments[i] : process.cwd();
      check(p);
      if (!p) continue;
      resolved = p + (resolved ? '/' + resolved : '');
    }
    var s = normalizeParts(resolved.split('/'), true).join('/');
    return '/' + s;
  },
  relative: function (from, to) {
    var a = path.resolve(from).split('/').filter(Boolean);
    var b = path.resolve(to).split('/').filter(Boolean);
    var i = 0;
    while (i < a.length && i < b.length && a[i] === b[i]) i++;
    var up = [];
    for (var j = i; j < a.length; j++) up.push('..');
    return up.concat(b.slice(i)).join('/');
  },
  dirname: function (p) {
    check(p);
    if (p === '') return '.';
    var s = p.replace(/\/+$/, '');
    if (s === '') return '/';
    var i = s.lastIndexOf('/');
    if (i < 0) return '.';
    if (i === 0) return '/';
    return s.slice(0, i).replace(/\/+$/, '') || '/';
  },
  basename: function (p, ext) {
    check(p);
    var s = p.replace(/\/+$/, '');
    var b = s.slice(s.lastIndexOf('/') + 1);
    if (ext && b.length > ext.length && b.slice(-ext.length) === ext) b = b.slice(0, -ext.length);
    return b;
  },
  extname: function (p) {
    var b = path.basename(p);
    var i = b.lastIndexOf('.');
    return i <= 0 ? '' : b.slice(i);
  },
  parse: function (p) {
    var root = p.charAt(0) === '/' ? '/' : '';
    var base = path.basename(p);
    var ext = path.extname(p);
    var dir = path.dirname(p);
    return { root: root, dir: dir === '.' && !p.includes('/') ? '' : dir, base: base, ext: ext, name: ext ? base.slice(0, -ext.length) : base };
  },
  format: function (o) {
    var dir = o.dir || o.root || '';
    var base = o.base || (o.name || '') + (o.ext || '');
    return dir ? (dir === o.root ? dir + base : dir + '/' + base) : base;
  }
};
path.posix = path;
module.exports = path;
