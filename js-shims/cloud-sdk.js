// The CloudBase SDK's JavaScript side, shared by the mini-program's `wx.cloud` and the cloud
// functions' `require('wx-server-sdk')`: the database builders (collection, doc, where, orderBy,
// limit, skip, field, db.command, db.serverDate, db.RegExp), `cloud.init`, and the calls
// (callFunction, uploadFile, downloadFile, getTempFileURL, deleteFile), each one funnelled into
// `send(api, options)`, which the Rust side answers (the client's with WeChat's call semantics:
// callbacks or a Promise; the server's with a Promise). Nothing here knows where the data lives.
//
// References: developers.weixin.qq.com/miniprogram/dev/wxcloud/reference-client-api/ (database/
// collection, database/query, database/command, database/db.serverDate, database/db.regexp,
// functions/callFunction, storage/*, init) and reference-server-api/ (wx-server-sdk).
//
// Values JSON cannot carry cross tagged (crates/host/src/cloud.rs): {$date: ms},
// {$serverDate: offsetMs}, {$regex, $options}, {$cmd, args}.
(function (send, side) {
  'use strict';

  function Command(name, args) {
    this.$cmd = name;
    this.args = args;
  }
  Command.prototype.and = function () {
    return new Command('and', [this].concat(flat(arguments)));
  };
  Command.prototype.or = function () {
    return new Command('or', [this].concat(flat(arguments)));
  };

  function flat(args) {
    var list = Array.prototype.slice.call(args);
    return list.length === 1 && Array.isArray(list[0]) ? list[0] : list;
  }

  function ServerDate(options) {
    this.offset = (options && options.offset) || 0;
  }

  function CloudRegExp(options) {
    this.regexp = String((options && options.regexp) || '');
    this.options = String((options && options.options) || '');
  }

  var command = {};
  ['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'in', 'nin', 'exists', 'size', 'mod', 'all',
    'elemMatch', 'not', 'set', 'inc', 'mul', 'min', 'max', 'rename', 'push', 'pop', 'shift',
    'unshift', 'pull', 'pullAll', 'addToSet'].forEach(function (name) {
    command[name] = function () {
      return new Command(name, Array.prototype.slice.call(arguments));
    };
  });
  command.remove = function () {
    return new Command('remove', []);
  };
  command.and = function () {
    return new Command('and', flat(arguments));
  };
  command.or = function () {
    return new Command('or', flat(arguments));
  };
  command.nor = function () {
    return new Command('nor', flat(arguments));
  };

  // Data as it crosses to the cloud: special values tagged, functions and undefined dropped.
  function encode(v) {
    if (v === null || typeof v !== 'object') {
      return typeof v === 'function' ? undefined : v;
    }
    if (v instanceof Date) return { $date: v.getTime() };
    if (v instanceof ServerDate) return { $serverDate: v.offset };
    if (v instanceof CloudRegExp) return { $regex: v.regexp, $options: v.options };
    if (v instanceof RegExp) return { $regex: v.source, $options: v.flags };
    if (v instanceof Command) return { $cmd: v.$cmd, args: v.args.map(encode) };
    if (Array.isArray(v)) return v.map(encode);
    var out = {};
    Object.keys(v).forEach(function (k) {
      var e = encode(v[k]);
      if (e !== undefined) out[k] = e;
    });
    return out;
  }

  // Answers as the app gets them: {$date} back to a Date.
  function decode(v) {
    if (v === null || typeof v !== 'object') return v;
    if (Array.isArray(v)) return v.map(decode);
    var keys = Object.keys(v);
    if (keys.length === 1 && keys[0] === '$date' && typeof v.$date === 'number') {
      return new Date(v.$date);
    }
    var out = {};
    keys.forEach(function (k) { out[k] = decode(v[k]); });
    return out;
  }

  // The app's own options object (callbacks included) with the SDK's fields added.
  function withFields(options, fields) {
    var o = {};
    var src = options || {};
    Object.keys(src).forEach(function (k) { o[k] = src[k]; });
    Object.keys(fields).forEach(function (k) { o[k] = fields[k]; });
    return o;
  }

  // uploadFile / downloadFile with callbacks return an UploadTask / DownloadTask (storage/
  // uploadFile.html: "返回值 UploadTask", with a Promise only when no callback is given). The
  // transfer is instant here, so progress listeners register but never hear an update
  // (UNVERIFIED: whether WeChat reports a final 100% progress first).
  function task(returned) {
    if (returned !== undefined || side === 'server') return returned;
    var noop = function () {};
    return {
      onProgressUpdate: noop,
      offProgressUpdate: noop,
      onHeadersReceived: noop,
      offHeadersReceived: noop,
      abort: noop,
    };
  }

  function makeCloud(state) {
    function envOf(options) {
      var cfg = options && options.config;
      if (cfg && typeof cfg.env === 'string') return cfg.env;
      return state.env;
    }

    // `dbEnv`: the env of `database({env})`, which the call's own config.env still overrides.
    function call(api, options, fields, dbEnv) {
      fields = fields || {};
      var cfg = options && options.config;
      fields.env = cfg && typeof cfg.env === 'string' ? cfg.env : dbEnv || envOf(options);
      return send(api, withFields(options, fields));
    }

    function Query(db, collection, q) {
      this._db = db;
      this._c = collection;
      this._q = q || { query: [], orderBy: [] };
    }
    function derive(self, change) {
      var q = {
        query: self._q.query.slice(),
        orderBy: self._q.orderBy.slice(),
        limit: self._q.limit,
        skip: self._q.skip,
        field: self._q.field,
      };
      change(q);
      return new (self instanceof Collection ? Query : self.constructor)(self._db, self._c, q);
    }
    Query.prototype.where = function (cond) {
      return derive(this, function (q) { q.query.push(encode(cond)); });
    };
    Query.prototype.orderBy = function (field, order) {
      return derive(this, function (q) { q.orderBy.push([String(field), String(order || 'asc')]); });
    };
    Query.prototype.limit = function (n) {
      return derive(this, function (q) { q.limit = n; });
    };
    Query.prototype.skip = function (n) {
      return derive(this, function (q) { q.skip = n; });
    };
    Query.prototype.field = function (f) {
      return derive(this, function (q) { q.field = encode(f); });
    };
    Query.prototype._op = function (api, options, extra) {
      var fields = {
        collection: this._c,
        query: this._q.query,
        orderBy: this._q.orderBy,
        limit: this._q.limit,
        skip: this._q.skip,
        field: this._q.field,
      };
      Object.keys(extra || {}).forEach(function (k) { fields[k] = extra[k]; });
      return call(api, options, fields, this._db.env);
    };
    Query.prototype.get = function (options) { return this._op('collection.get', options); };
    Query.prototype.count = function (options) { return this._op('collection.count', options); };
    Query.prototype.update = function (options) {
      return this._op('collection.update', options, { data: encode(options && options.data) });
    };
    Query.prototype.remove = function (options) { return this._op('collection.remove', options); };
    Query.prototype.watch = function () {
      throw new Error('wxbox: collection.watch (realtime push) is not simulated');
    };

    function Collection(db, name) {
      Query.call(this, db, name);
      this.collectionName = name;
    }
    Collection.prototype = Object.create(Query.prototype);
    Collection.prototype.constructor = Collection;
    Collection.prototype.doc = function (id) { return new Doc(this._db, this._c, id); };
    Collection.prototype.add = function (options) {
      return this._op('collection.add', options, { data: encode(options && options.data) });
    };
    Collection.prototype.aggregate = function () {
      throw new Error('wxbox: collection.aggregate is not simulated');
    };

    function Doc(db, collection, id) {
      this._db = db;
      this._c = collection;
      this._id = id;
      this._field = undefined;
    }
    Doc.prototype.field = function (f) {
      var d = new Doc(this._db, this._c, this._id);
      d._field = encode(f);
      return d;
    };
    Doc.prototype._op = function (api, options, data) {
      var fields = { collection: this._c, doc: this._id, field: this._field };
      if (data !== undefined) fields.data = data;
      return call(api, options, fields, this._db.env);
    };
    Doc.prototype.get = function (options) { return this._op('document.get', options); };
    Doc.prototype.set = function (options) {
      return this._op('document.set', options, encode(options && options.data));
    };
    Doc.prototype.update = function (options) {
      return this._op('document.update', options, encode(options && options.data));
    };
    Doc.prototype.remove = function (options) { return this._op('document.remove', options); };

    function database(options) {
      var env = options && typeof options.env === 'string' ? options.env : undefined;
      var db = { env: env };
      db.command = command;
      db.serverDate = function (o) { return new ServerDate(o); };
      db.RegExp = function (o) { return new CloudRegExp(o); };
      db.collection = function (name) { return new Collection(db, String(name)); };
      db.Geo = {};
      return db;
    }

    var cloud = {
      init: function (options) {
        var env = options && (options.env || options.resourceEnv);
        if (env === DYNAMIC_CURRENT_ENV) env = state.defaultEnv;
        // init({env: {database, functions, storage}}): wxbox simulates one environment, so the
        // first one named stands for all.
        if (env && typeof env === 'object') env = env.database || env.functions || env.storage;
        state.env = typeof env === 'string' && env ? env : state.defaultEnv;
        state.inited = true;
        state.traceUser = !!(options && options.traceUser);
        // `new wx.cloud.Cloud({resourceEnv}).init()` is awaited; wx.cloud.init returns nothing.
        return state.promiseInit ? Promise.resolve() : undefined;
      },
      DYNAMIC_CURRENT_ENV: DYNAMIC_CURRENT_ENV,
      database: database,
      callFunction: function (options) {
        return call('cloud.callFunction', options, {
          name: options && options.name,
          // JSON as the SDK sends it: a Date arrives as its ISO text (functions/callFunction).
          data: options && options.data,
        });
      },
      uploadFile: function (options) { return task(call('cloud.uploadFile', options, {})); },
      downloadFile: function (options) { return task(call('cloud.downloadFile', options, {})); },
      getTempFileURL: function (options) { return call('cloud.getTempFileURL', options, {}); },
      deleteFile: function (options) { return call('cloud.deleteFile', options, {}); },
      callContainer: function (options) { return call('cloud.callContainer', options, {}); },
      CDN: function (v) { return v; },
    };
    return cloud;
  }

  // `cloud.DYNAMIC_CURRENT_ENV`: the environment the function runs in (wx-server-sdk).
  var DYNAMIC_CURRENT_ENV = { toString: function () { return 'DYNAMIC_CURRENT_ENV'; } };

  // `new wx.cloud.Cloud({resourceEnv})`: another environment's instance (cross-account resource
  // sharing); its `init()` returns a Promise. wxbox simulates one environment for all.
  function cloudClass(defaultEnv) {
    return function Cloud(options) {
      var state = { env: undefined, inited: false, defaultEnv: defaultEnv, promiseInit: true };
      var c = makeCloud(state);
      var init = c.init;
      c.init = function (more) {
        return init(more || options || {});
      };
      return c;
    };
  }

  return {
    makeCloud: makeCloud,
    cloudClass: cloudClass,
    DYNAMIC_CURRENT_ENV: DYNAMIC_CURRENT_ENV,
    encode: encode,
    decode: decode,
    command: command,
  };
});
