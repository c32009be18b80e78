// The `wechat` global of a mock backend script: a small client for the WeChat interface service,
// shaped like the server SDKs developers use (code2Session, access tokens, phone numbers,
// subscription messages) plus the open-data helpers of WeChat's WXBizDataCrypt demo.
//
// Evaluated once per backend; returns a factory that takes the native helpers and the config
// (appid, secret, baseUrl). Every call goes over real HTTP to the service, and answers are the
// service's JSON as is: check `errcode`, as against the real service.
(function (native, config) {
  'use strict';
  var appid = config.appid;
  var secret = config.secret;

  function query(params) {
    return Object.keys(params || {})
      .filter(function (k) { return params[k] !== undefined && params[k] !== null; })
      .map(function (k) { return encodeURIComponent(k) + '=' + encodeURIComponent(String(params[k])); })
      .join('&');
  }

  function get(path, params) {
    var q = query(params);
    return native.fetch('GET', q ? path + '?' + q : path, undefined);
  }

  function post(path, params, body) {
    var q = query(params);
    return native.fetch('POST', q ? path + '?' + q : path, JSON.stringify(body === undefined ? {} : body));
  }

  // One cached access token, refreshed five minutes before it expires (sandbox time).
  var cached = null;
  function accessToken() {
    if (cached && Date.now() < cached.until) return Promise.resolve(cached.token);
    return get('/cgi-bin/token', { grant_type: 'client_credential', appid: appid, secret: secret })
      .then(function (res) {
        if (!res.access_token) {
          var err = new Error('getAccessToken failed: ' + res.errcode + ' ' + res.errmsg);
          err.errcode = res.errcode;
          throw err;
        }
        cached = { token: res.access_token, until: Date.now() + (res.expires_in - 300) * 1000 };
        return res.access_token;
      });
  }

  return Object.freeze({
    appid: appid,
    baseUrl: config.baseUrl,
    get: get,
    post: post,
    code2Session: function (code) {
      return get('/sns/jscode2session', {
        appid: appid, secret: secret, js_code: code, grant_type: 'authorization_code'
      });
    },
    getAccessToken: function () {
      return get('/cgi-bin/token', { grant_type: 'client_credential', appid: appid, secret: secret });
    },
    getStableAccessToken: function (forceRefresh) {
      return post('/cgi-bin/stable_token', null, {
        grant_type: 'client_credential', appid: appid, secret: secret, force_refresh: !!forceRefresh
      });
    },
    accessToken: accessToken,
    checkSessionKey: function (openid, sessionKey) {
      return accessToken().then(function (token) {
        return get('/wxa/checksession', {
          access_token: token, openid: openid,
          signature: native.hmacSignature(sessionKey), sig_method: 'hmac_sha256'
        });
      });
    },
    getPhoneNumber: function (code) {
      return accessToken().then(function (token) {
        return post('/wxa/business/getuserphonenumber', { access_token: token }, { code: code });
      });
    },
    // The getEmailAddress button's code (superapp extension; wxbox's endpoint, see platform.rs).
    getEmailAddress: function (code) {
      return accessToken().then(function (token) {
        return post('/wxa/business/getuseremail', { access_token: token }, { code: code });
      });
    },
    sendSubscribeMessage: function (message) {
      return accessToken().then(function (token) {
        return post('/cgi-bin/message/subscribe/send', { access_token: token }, message);
      });
    },
    // WXBizDataCrypt.decryptData: throws on a wrong key or iv, or a watermark for another app.
    decryptData: function (encryptedData, iv, sessionKey) {
      var data = JSON.parse(native.decrypt(sessionKey, encryptedData, iv));
      if (!data.watermark || data.watermark.appid !== appid) {
        throw new Error('Illegal Buffer: watermark.appid is not ' + appid);
      }
      return data;
    },
    // sha1(rawData + session_key), to check the `signature` of getUserInfo / getUserProfile.
    signature: function (rawData, sessionKey) {
      return native.rawDataSignature(rawData, sessionKey);
    }
  });
})
