// The server for privacy-demo: logs the user in, and keeps the profile the user agreed to share
// once its signature checks against the session key.
const sessions = {}; // token -> { openid, sessionKey }
const profiles = {}; // openid -> nickName
let next = 1;

module.exports = {
  'POST /login': async (req) => {
    const s = await wechat.code2Session(req.data.code);
    if (s.errcode) return { statusCode: 400, data: s };
    const token = 'tok-' + next++;
    sessions[token] = { openid: s.openid, sessionKey: s.session_key };
    return { token };
  },

  'POST /profile': async (req) => {
    const session = sessions[(req.header.authorization || '').replace('Bearer ', '')];
    if (!session) return { statusCode: 401, data: { error: 'log in first' } };
    if (wechat.signature(req.data.rawData, session.sessionKey) !== req.data.signature) {
      return { statusCode: 400, data: { error: 'signature does not match' } };
    }
    profiles[session.openid] = JSON.parse(req.data.rawData).nickName;
    console.log('saved the profile of ' + session.openid);
    return { saved: true };
  },
};
