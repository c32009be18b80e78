// The developer's server for login-demo, as a wxbox mock backend: route handlers that get
// {method, path, query, header, data} and return {statusCode, header, data}. `wechat` is the
// client for the WeChat interface service that wxbox runs (real HTTP, real errcodes).

// token -> { openid, sessionKey }. The session key never leaves the server.
const sessions = {};
const SERVER_KEY = 'login-demo-server-key';

function tokenFor(openid) {
  return 'tk_' + wechat.signature(openid, SERVER_KEY).slice(0, 24);
}

module.exports = {
  'POST /onLogin': async (req) => {
    const s = await wechat.code2Session(req.data.code);
    if (s.errcode) {
      console.warn('code2Session failed: ' + s.errcode + ' ' + s.errmsg);
      return { statusCode: 401, data: { errcode: s.errcode, errmsg: s.errmsg } };
    }
    const token = tokenFor(s.openid);
    sessions[token] = { openid: s.openid, sessionKey: s.session_key };
    console.log('new session for ' + s.openid);
    return { statusCode: 200, data: { token: token, openid: s.openid } };
  },

  'POST /profile': (req) => {
    const token = (req.header.authorization || '').replace('Bearer ', '');
    const s = sessions[token];
    if (!s) return { statusCode: 401, data: { errmsg: 'unknown token' } };
    if (wechat.signature(req.data.rawData, s.sessionKey) !== req.data.signature) {
      return { statusCode: 400, data: { errmsg: 'rawData signature does not match' } };
    }
    const user = wechat.decryptData(req.data.encryptedData, req.data.iv, s.sessionKey);
    return { statusCode: 200, data: { nickName: user.nickName, appid: user.watermark.appid } };
  },
};
