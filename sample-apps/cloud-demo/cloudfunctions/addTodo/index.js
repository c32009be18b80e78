// Writes as the admin (no permission rules), on the user's behalf.
const cloud = require('wx-server-sdk')
const stamp = require('./lib/stamp')
cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV })
const db = cloud.database()

exports.main = async (event) => {
  const { OPENID } = cloud.getWXContext()
  const res = await db.collection('todos').add({
    data: { title: stamp(event.title), done: false, priority: 3, by: 'server', _openid: OPENID, at: db.serverDate() },
  })
  // The admin sees everyone's documents.
  const all = await db.collection('todos').count()
  const who = await cloud.callFunction({ name: 'login', data: { hello: 'nested' } })
  console.log('nested login', who.result.openid === OPENID)
  return { _id: res._id, count: all.total }
}
