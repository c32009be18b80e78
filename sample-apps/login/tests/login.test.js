// The "Applet login" seed app as a user sees it: the profile page keeps the user in storage,
// stores a Guest on first launch and then opens the login page. The seed's WXML binds
// `bindgetusrinfo` (sic), so tapping "WeChat login" never reaches doLogin; the app has no
// wxbox.toml, so test.com is not a request domain. Written with jest's globals and the
// miniprogram-automator API.
const automator = require('miniprogram-automator')
const path = require('path')

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

const stack = async () => (await mp.pageStack()).map((p) => p.path)
const GUEST = { nickName: 'Guest', avatarUrl: '', gender: 0 }

test('first launch: a Guest is stored and the login page opens over the profile', async () => {
  const page = await mp.currentPage()
  expect(page.path).toBe('pages/login/login')
  expect(await stack()).toEqual(['pages/profile/profile', 'pages/login/login'])
  expect(await mp.storage.get('userInfo')).toEqual(GUEST)
  const [profile] = await mp.pageStack()
  expect(await profile.data('user')).toEqual(GUEST)
  expect(await profile.data('user.nickName')).toBe('Guest')
  expect(lines).toEqual(['log: stored user on first launch: ""', 'log: user is now Guest'])
})

test('a stored user stays on the profile page', async () => {
  const ada = { nickName: 'Ada', avatarUrl: '', gender: 2 }
  await mp.storage.set('userInfo', ada)
  const page = await mp.currentPage()
  expect(page.path).toBe('pages/profile/profile')
  expect(await stack()).toEqual(['pages/profile/profile'])
  expect(await page.data('user')).toEqual(ada)
  expect(lines).toEqual([`log: stored user on first launch: ${JSON.stringify(ada)}`, 'log: user is now Ada'])
})

test('navigateBack from the login page shows the Guest profile', async () => {
  await mp.currentPage()
  const profile = await mp.navigateBack()
  expect(profile.path).toBe('pages/profile/profile')
  expect(await stack()).toEqual(['pages/profile/profile'])
})

test('the seed\'s typo: tapping "WeChat login" shows the popup but never runs doLogin', async () => {
  const page = await mp.currentPage()
  const button = await page.$('.goRegistBtn')
  expect(await button.text()).toBe('WeChat login')
  expect(await button.attribute('open-type')).toBe('getUserInfo')
  // A binding is no attribute; the WXML shows the misspelt one.
  expect(await button.outerWxml()).toContain('bindgetusrinfo="doLogin"')
  await button.tap()
  const trace = await mp.trace()
  expect(trace.filter((e) => e.kind === 'prompt').map((e) => e.prompt + ' ' + e.decision)).toEqual(['getUserInfo allow'])
  expect(trace.some((e) => e.kind === 'handler' && e.method === 'doLogin')).toBe(false)
  expect(await mp.requests()).toEqual([])
  expect(lines).toHaveLength(2)
})

test('doLogin, called directly: the mocked code X goes out, then the real code once restored', async () => {
  await mp.mockWxMethod('login', { code: 'X' })
  const page = await mp.currentPage()
  await page.callMethod('doLogin', { detail: { errMsg: 'getUserInfo:ok', userInfo: { nickName: 'A' }, rawData: '{}' } })
  expect(lines.slice(2)).toEqual(['log: getUserInfo:ok', 'log: { nickName: "A" }', 'log: {}'])
  let reqs = await mp.requests()
  expect(reqs).toHaveLength(1)
  expect(reqs[0]).toMatchObject({ method: 'GET', url: 'https://test.com/onLogin?code=X', data: { code: 'X' } })
  // No wxbox.toml lists test.com: the request fails as on a phone.
  expect(reqs[0].response).toMatchObject({ status: null, error: 'url not in domain list' })

  await mp.restoreWxMethod('login')
  await page.callMethod('doLogin', { detail: { errMsg: 'getUserInfo:ok' } })
  reqs = await mp.requests()
  expect(reqs).toHaveLength(2)
  expect(reqs[1].data.code).toMatch(/^[A-Za-z0-9]{32}$/)
  expect(reqs[1].data.code).not.toBe('X')
})
