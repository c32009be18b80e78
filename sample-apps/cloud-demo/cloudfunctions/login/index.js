// The template's login function: who is calling, from getWXContext.
const cloud = require('wx-server-sdk')
cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV })

exports.main = async (event, context) => {
  const wxContext = cloud.getWXContext()
  console.log('login called by', wxContext.OPENID, 'source', wxContext.SOURCE)
  return {
    openid: wxContext.OPENID,
    appid: wxContext.APPID,
    env: wxContext.ENV,
    event: event.hello + ':' + (event.userInfo.openId === wxContext.OPENID),
    fn: context.function_name,
  }
}
