// login-demo as a user sees it: onLaunch logs in (wx.login -> the developer's server ->
// code2Session at wxbox's WeChat interface service -> a token kept in storage), a stored token
// is reused while checkSession holds, and the profile button sends the signed, encrypted
// profile to the server. Written with jest's globals and the miniprogram-automator API.
const automator = require('miniprogram-automator')
const path = require('path')

// A wx.login code is 32 characters of [A-Za-z0-9]; the server's token is tk_ + 24 hex digits.
const CODE = /^[A-Za-z0-9]{32}$/
const TOKEN = /^tk_[0-9a-f]{24}$/

let mp
let lines

beforeEach(async () => {
  mp = await automator.launch({ projectPath: path.join(__dirname, '..') })
  lines = []
  mp.on('console', (m) => lines.push(m.type + ': ' + m.args.join(' ')))
})

afterEach(async () => {
  await mp.close()
})

const fromApp = (reqs) => reqs.filter((r) => r.from === 'miniprogram')

describe('login on launch', () => {
  test('WeChat down for one code2Session: the server fails the login; the next one works', async () => {
    await mp.server.fault({ api: 'code2Session', errcode: -1, times: 1 })
    await mp.currentPage()
    const [first] = fromApp(await mp.requests())
    expect(first.response.status).not.toBe(200)
    expect(await mp.storage.get('token')).toBe('')
    expect(lines[0]).toMatch(/^error: login refused: .*-1/)

    await mp.evaluate(() => getApp().login())
    expect(await mp.storage.get('token')).toMatch(TOKEN)
  })

  test('the wx.login code goes to the server, which answers with a token the app keeps', async () => {
    await mp.currentPage()
    const token = await mp.storage.get('token')
    expect(token).toMatch(TOKEN)
    expect(await mp.evaluate(() => getApp().globalData.token)).toBe(token)

    const [login] = fromApp(await mp.requests())
    expect(login.method).toBe('POST')
    expect(login.url).toBe('https://test.com/onLogin')
    expect(login.data.code).toMatch(CODE)
    expect(login.response.status).toBe(200)
    expect(login.response.data).toEqual({ token, openid: expect.stringMatching(/^o/) })
    // The server exchanged exactly that code at code2Session.
    const exchange = (await mp.requests()).find((r) => r.to === 'wechat')
    expect(exchange.url).toContain('/sns/jscode2session?')
    expect(exchange.url).toContain('js_code=' + login.data.code)

    const state = await mp.server.state()
    expect(state.codesIssued).toBe(1)
    expect(lines).toEqual(['log: logged in as ' + state.openid])
  })

  test('mocked wx.login: onLaunch sends code X, which WeChat refuses; the restored wx.login gives a real code', async () => {
    // Before anything looks at the app, so App.onLaunch already sees the mock.
    await mp.mockWxMethod('login', { code: 'X' })
    await mp.currentPage()
    const [first] = fromApp(await mp.requests())
    expect(first.data).toEqual({ code: 'X' })
    expect(first.response.status).toBe(401)
    expect(first.response.data).toEqual({ errcode: 40029, errmsg: 'invalid code' })
    expect(lines).toEqual(['error: login refused: {"errcode":40029,"errmsg":"invalid code"}'])
    expect(await mp.storage.get('token')).toBe('')
    expect((await mp.server.state()).codesIssued).toBe(0)

    await mp.restoreWxMethod('login')
    await mp.evaluate(() => getApp().login())
    const second = fromApp(await mp.requests())[1]
    expect(second.data.code).toMatch(CODE)
    expect(second.data.code).not.toBe('X')
    expect(second.response.status).toBe(200)
    expect(await mp.storage.get('token')).toMatch(TOKEN)
    expect(lines[1]).toMatch(/^log: logged in as o/)
  })

  test('a stored token without a WeChat session: checkSession fails and the app logs in again', async () => {
    await mp.storage.set('token', 'tk_stale')
    await mp.currentPage()
    expect(lines[0]).toBe('log: session expired: logging in again')
    expect(lines[1]).toMatch(/^log: logged in as o/)
    const token = await mp.storage.get('token')
    expect(token).toMatch(TOKEN)
    expect(token).not.toBe('tk_stale')
  })

  test('a stored token while checkSession holds is reused without a request', async () => {
    await mp.storage.set('token', 'tk_kept')
    await mp.mockWxMethod('checkSession', { errMsg: 'checkSession:ok' })
    await mp.currentPage()
    expect(lines).toEqual(['log: session still valid: reusing token tk_kept'])
    expect(await mp.evaluate(() => getApp().globalData.token)).toBe('tk_kept')
    expect(await mp.requests()).toEqual([])
  })

  test('exposeFunction: the test sees the token onLaunch stores, as it stores it', async () => {
    const stored = []
    await mp.exposeFunction('onStored', (key, value) => stored.push([key, value]))
    await mp.mockWxMethod('setStorageSync', function (key, value) {
      onStored(key, value) // the exposed binding, a global in the app
      return this.origin(key, value)
    })
    await mp.currentPage()
    expect(stored).toHaveLength(1)
    expect(stored[0][0]).toBe('token')
    expect(stored[0][1]).toMatch(TOKEN)
    expect(await mp.evaluate(() => getApp().globalData.token)).toBe(stored[0][1])
  })

  test('after the launch login, the session holds', async () => {
    await mp.currentPage()
    expect(await mp.evaluate(() => wx.checkSession().then((r) => r.errMsg))).toBe('checkSession:ok')
  })

  test('three idle days of sandbox time later, the session has expired', async () => {
    await mp.currentPage()
    const check = () => mp.evaluate(() => wx.checkSession().then((r) => r.errMsg, (e) => e.errMsg))
    await mp.clock.advance(3 * 24 * 3600 * 1000 - 1000)
    expect(await check()).toBe('checkSession:ok')
    await mp.clock.advance(2000)
    expect(await check()).toMatch(/^checkSession:fail/)
  })
})

describe('the profile button', () => {
  test('denied, then allowed: the page shows the name the server decrypted', async () => {
    const page = await mp.currentPage()
    const button = await page.$('button')
    const name = await page.$('text')
    expect(await button.text()).toBe('完善资料')

    await mp.user.denyUserProfile()
    await button.tap()
    expect(lines).toContain('error: getUserProfile:fail auth deny')
    expect(await page.data('nickName')).toBe('')
    expect(await name.text()).toBe('')
    expect(fromApp(await mp.requests())).toHaveLength(1)

    await mp.user.allowUserProfile()
    await button.tap()
    expect(await page.data('nickName')).toBe('微信用户')
    expect(await name.text()).toBe('微信用户')
    expect(lines).toContain('log: server decrypted the profile: {"nickName":"微信用户","appid":"wx0123456789abcdef"}')
    const profile = fromApp(await mp.requests())[1]
    expect(profile.url).toBe('https://test.com/profile')
    expect(profile.response.status).toBe(200)
    expect(Object.keys(profile.data).sort()).toEqual(['encryptedData', 'iv', 'rawData', 'signature'])
  })

  test('getUserProfile needs a tap: calling the handler directly is refused', async () => {
    const page = await mp.currentPage()
    await page.callMethod('onProfileTap')
    expect(lines).toContain('error: getUserProfile:fail can only be invoked by user TAP gesture.')
    expect(await page.data('nickName')).toBe('')
  })
})
