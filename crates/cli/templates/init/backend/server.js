// The app's own server, as a wxbox mock backend (wxbox.toml routes https://api.example.com
// here). Each key is 'METHOD /path'; a handler gets the request and returns the response.
// `wechat` calls wxbox's fake WeChat interface service over real HTTP.
const sessions = {};

module.exports = {
  'POST /login': async (req) => {
    const s = await wechat.code2Session(req.data.code);
    if (s.errcode) {
      return { statusCode: 401, data: { errcode: s.errcode, errmsg: s.errmsg } };
    }
    // The session key stays on the server; the app gets a token of the server's own.
    const token = 'tk_' + Object.keys(sessions).length;
    sessions[token] = { openid: s.openid, sessionKey: s.session_key };
    return { statusCode: 200, data: { token } };
  },
};
