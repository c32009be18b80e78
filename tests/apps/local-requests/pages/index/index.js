// Requests as a developer runs them in DevTools with "do not verify domain names": a local
// http:// server, a listed mock with patterns, and an origin nobody routed.
function get(url, method) {
  return new Promise((resolve) => wx.request({
    url, method: method || 'GET',
    success: (r) => resolve(r.statusCode + ' ' + JSON.stringify(r.data)),
    fail: (e) => resolve('fail ' + e.errMsg + ' ' + e.errno),
  }))
}
Page({
  async onLoad() {
    console.log(await get('http://127.0.0.1:3000/goods/42?x=1'))
    console.log(await get('http://127.0.0.1:3000/goods/new'))
    console.log(await get('http://127.0.0.1:3000/api/users/7', 'POST'))
    console.log(await get('http://127.0.0.1:3000/anything/else', 'DELETE'))
    console.log(await get('http://localhost:8080/'))
  },
})
