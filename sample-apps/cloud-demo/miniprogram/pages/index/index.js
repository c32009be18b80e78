const db = wx.cloud.database()
const _ = db.command

Page({
  data: { openid: '', todos: [], status: '' },

  onLoad() {
    // Callback form.
    wx.cloud.callFunction({
      name: 'login',
      data: { hello: 'cloud' },
      success: (res) => {
        console.log('login', res.errMsg, res.result.openid, res.result.env, res.result.event)
        this.setData({ openid: res.result.openid })
        this.refresh()
      },
      fail: (err) => console.error('login failed', err.errMsg),
    })
  },

  // Promise form; only the user's own documents come back (the collection is private).
  refresh() {
    return db.collection('todos').where({ done: false }).orderBy('priority', 'desc').get()
      .then((res) => {
        console.log('todos', res.errMsg, res.data.map((t) => t.title).join(','))
        this.setData({ todos: res.data })
      })
  },

  async addTodo() {
    const res = await db.collection('todos').add({
      data: { title: 'write tests', done: false, priority: 5, created: db.serverDate(), tags: ['a'] },
    })
    const doc = await db.collection('todos').doc(res._id).get()
    console.log('added', res.errMsg, doc.data._openid === this.data.openid,
      doc.data.created instanceof Date, doc.data.created.toISOString())
    await db.collection('todos').doc(res._id).update({
      data: { priority: _.inc(2), tags: _.push(['b', 'c']), note: 'x' },
    })
    const again = await db.collection('todos').doc(res._id).field({ priority: true, tags: true }).get()
    console.log('updated', JSON.stringify(again.data))
    await this.refresh()
  },

  async queries() {
    const c = db.collection('todos')
    const gt = await c.where({ priority: _.gt(1).and(_.lt(9)) }).count()
    const or = await c.where(_.or([{ title: 'buy milk' }, { title: db.RegExp({ regexp: '^WRITE', options: 'i' }) }])).get()
    const theirs = await c.where({ _openid: 'someone-else' }).count()
    const notices = await db.collection('notices').get()
    console.log('queries', gt.total, or.data.length, theirs.total, notices.data[0].text)
    try {
      await db.collection('notices').doc('n1').update({ data: { text: 'hacked' } })
      const n = await db.collection('notices').doc('n1').get()
      console.log('notice still', n.data.text)
    } catch (e) {
      console.log('notice update failed', e.errCode)
    }
  },

  async completeAll() {
    const up = await db.collection('todos').where({ done: false }).update({ data: { done: true } })
    const rm = await db.collection('todos').where({ done: true }).remove()
    console.log('completed', up.stats.updated, 'removed', rm.stats.removed)
    await this.refresh()
  },

  async serverAdd() {
    const res = await wx.cloud.callFunction({ name: 'addTodo', data: { title: 'from the server' } })
    const doc = await db.collection('todos').doc(res.result._id).get()
    console.log('server added', res.errMsg, typeof res.requestID, doc.data.title, doc.data.by, res.result.count)
  },

  missing() {
    wx.cloud.callFunction({ name: 'nope' }).catch((err) => {
      console.log('missing', err instanceof Error, err.errCode, err.errMsg)
    })
  },

  boom() {
    wx.cloud.callFunction({
      name: 'boom',
      fail: (err) => console.log('boom', err.errCode, err.errMsg),
      complete: () => console.log('boom complete'),
    })
  },

  noFs() {
    wx.cloud.callFunction({ name: 'usesFs' }).catch((err) => console.log('usesFs', err.errMsg))
  },

  slow() {
    wx.cloud.callFunction({ name: 'slow' }).catch((err) => console.log('slow', err.errCode, err.errMsg))
  },

  async files() {
    const fs = wx.getFileSystemManager()
    const path = `${wx.env.USER_DATA_PATH}/hello.txt`
    fs.writeFileSync(path, 'hello cloud', 'utf8')
    const up = await wx.cloud.uploadFile({ cloudPath: 'notes/hello.txt', filePath: path })
    const urls = await wx.cloud.getTempFileURL({ fileList: [up.fileID, 'cloud://demo-env.x/none.png'] })
    const down = await wx.cloud.downloadFile({ fileID: up.fileID })
    const del = await wx.cloud.deleteFile({ fileList: [up.fileID] })
    console.log('files', up.fileID, urls.fileList[0].tempFileURL, urls.fileList[0].status,
      urls.fileList[1].status, down.statusCode, del.fileList[0].status)
  },

  beforeInit() {
    const other = new wx.cloud.Cloud({ resourceEnv: 'other-env' })
    other.callFunction({ name: 'login' }).catch((err) => {
      console.log('before init', err.errCode, err.errMsg)
      return other.init().then(() => other.callFunction({ name: 'login' }))
    }).then((res) => console.log('after init', res.result.env))
  },
})
