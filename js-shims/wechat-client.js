// The `wechat` global of a mock backend script: a small client for the WeChat interface service,
// shaped like the server SDKs developers use (code2Session, access tokens, phone numbers,
// subscription messages, Soter checks), WeChat Pay v3 as a merchant (`wechat.pay`: orders, paySign,
// notification checks), and the open-data helpers of WeChat's WXBizDataCrypt demo.
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

  // WeChat Pay v3 as a merchant's server uses it (what the official SDKs do): every request
  // carries `Authorization: WECHATPAY2-SHA256-RSA2048 mchid=...,nonce_str=...,timestamp=...,
  // serial_no=...,signature=...`, the signature being SHA256withRSA by the merchant's key over
  // `METHOD\nURL\ntimestamp\nnonce\nbody\n`. The private key stays in wxbox: `native`
  // signs with it.
  function merchant(m) {
    function request(method, url, body) {
      var text = body === undefined ? '' : JSON.stringify(body);
      var timestamp = String(Math.floor(Date.now() / 1000));
      var nonce = native.nonce();
      var message = method + '\n' + url + '\n' + timestamp + '\n' + nonce + '\n' + text + '\n';
      var auth = 'WECHATPAY2-SHA256-RSA2048 mchid="' + m.mchid + '",nonce_str="' + nonce +
        '",timestamp="' + timestamp + '",serial_no="' + m.serialNo +
        '",signature="' + native.merchantSign(m.mchid, message) + '"';
      var headers = { Authorization: auth, Accept: 'application/json' };
      return native.fetch(method, url, body === undefined ? undefined : text, headers);
    }
    function sign(message) {
      return native.merchantSign(m.mchid, message);
    }
    return Object.freeze({
      mchid: m.mchid,
      appid: m.appid,
      serialNo: m.serialNo,
      // POST /v3/pay/transactions/jsapi; appid and mchid are filled in. Resolves to
      // `{prepay_id}` or WeChat Pay's `{code, message}`.
      jsapi: function (order) {
        var body = Object.assign({ appid: m.appid, mchid: m.mchid }, order);
        return request('POST', '/v3/pay/transactions/jsapi', body);
      },
      // GET /v3/pay/transactions/out-trade-no/{out_trade_no}?mchid=
      queryOrder: function (outTradeNo) {
        return request('GET', '/v3/pay/transactions/out-trade-no/' +
          encodeURIComponent(outTradeNo) + '?mchid=' + encodeURIComponent(m.mchid));
      },
      // SHA256withRSA by the merchant's key, base64.
      sign: sign,
      // The v2 paySign (MD5 or HMAC-SHA256 keyed by the v2 API key), for apps still on v2.
      signV2: function (fields, signType) {
        return native.merchantSignV2(m.mchid, fields, signType || 'MD5');
      },
      // The parameters wx.requestPayment takes for a v3 prepay_id.
      requestPaymentParams: function (prepayId) {
        var timeStamp = String(Math.floor(Date.now() / 1000));
        var nonceStr = native.nonce();
        var pkg = 'prepay_id=' + prepayId;
        return {
          timeStamp: timeStamp, nonceStr: nonceStr, package: pkg, signType: 'RSA',
          paySign: sign(m.appid + '\n' + timeStamp + '\n' + nonceStr + '\n' + pkg + '\n')
        };
      },
      // Checks a notification's Wechatpay-Signature (the platform's key, over
      // `timestamp\nnonce\nbody\n`) and serial; `header` as the handler received it.
      verifyNotification: function (header, body) {
        var h = header || {};
        if (h['wechatpay-serial'] !== config.platformSerial) return false;
        var message = h['wechatpay-timestamp'] + '\n' + h['wechatpay-nonce'] + '\n' + body + '\n';
        return native.platformVerify(message, h['wechatpay-signature'] || '');
      },
      // Decrypts a notification's `resource` (AEAD_AES_256_GCM under the APIv3 key); throws
      // when the tag does not check.
      decryptResource: function (resource) {
        return JSON.parse(native.merchantDecrypt(m.mchid, resource.nonce,
          resource.associated_data || '', resource.ciphertext));
      }
    });
  }
  var merchants = (config.merchants || []).map(merchant);

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
    // The first merchant of the profile's [[payment.merchants]]; others by mchid.
    pay: merchants[0],
    merchant: function (mchid) {
      var found = merchants.filter(function (m) { return m.mchid === mchid; })[0];
      if (!found) throw new Error('no merchant ' + mchid + " in the profile's [[payment.merchants]]");
      return found;
    },
    // Soter: checks a startSoterAuthentication result against the user's device key.
    verifySoterSignature: function (openid, resultJSON, resultJSONSignature) {
      return accessToken().then(function (token) {
        return post('/cgi-bin/soter/verify_signature', { access_token: token },
          { openid: openid, json_string: resultJSON, json_signature: resultJSONSignature });
      });
    },
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
