// The permissions sample as a user sees it, under the scripted user of its wxbox.toml: location
// is refused when first asked and turned on in the settings page; the shipping subscription
// is accepted. Written with jest's globals and the miniprogram-automator API.
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

const location = async (page) => (await page.$('view')).text()
const [SETTINGS, NOTIFY] = [0, 1]
const button = async (page, i) => (await page.$$('button'))[i]

describe('location', () => {
  test('refused at first: the page says false', async () => {
    const page = await mp.currentPage()
    expect(await page.data('location')).toBe(false)
    expect(await location(page)).toBe('Location: false')
    expect(lines).toEqual(['log: location refused: authorize:fail auth deny', 'log: scope.userLocation = false'])
    const s = await mp.callWxMethod('getSetting')
    expect(s.authSetting['scope.userLocation']).toBe(false)
  })

  test('then turned on in the settings page (a tap opens it)', async () => {
    const page = await mp.currentPage()
    expect(await (await button(page, SETTINGS)).text()).toBe('Open settings')
    await (await button(page, SETTINGS)).tap()
    expect(await location(page)).toBe('Location: true')
    expect(lines).toContain('log: after the settings page: true')
    const s = await mp.callWxMethod('getSetting')
    expect(s.authSetting['scope.userLocation']).toBe(true)
    // Granted now: authorize asks no more.
    expect(await mp.evaluate(() => wx.authorize({ scope: 'scope.userLocation' }).then((r) => r.errMsg))).toBe('authorize:ok')
  })

  test('the settings page needs a tap: calling the handler directly fails', async () => {
    const page = await mp.currentPage()
    await expect(page.callMethod('openSettings')).rejects.toThrow('openSetting:fail can only be invoked by user TAP gesture.')
    expect(await location(page)).toBe('Location: false')
  })

  test('a user who allows location at once, and switches it off in the settings page', async () => {
    await mp.user.allowScope('scope.userLocation')
    await mp.user.set({ open_setting: { 'scope.userLocation': false } })
    const page = await mp.currentPage()
    expect(lines).toEqual(['log: scope.userLocation = true'])
    expect(await location(page)).toBe('Location: true')
    await (await button(page, SETTINGS)).tap()
    expect(await location(page)).toBe('Location: false')
    expect(lines).toContain('log: after the settings page: false')
  })

  test('denyScope overrides the allow: the authorize popup fails', async () => {
    await mp.user.allowScope('scope.userLocation')
    await mp.user.denyScope('scope.userLocation')
    const page = await mp.currentPage()
    expect(await location(page)).toBe('Location: false')
    expect(lines[0]).toBe('log: location refused: authorize:fail auth deny')
  })
})

describe('subscription', () => {
  test('accepted (wxbox.toml), then rejected', async () => {
    const page = await mp.currentPage()
    const notify = await button(page, NOTIFY)
    expect(await notify.text()).toBe('Notify me when it ships')
    await notify.tap()
    expect(lines).toContain('log: subscription: accept')
    await mp.user.rejectSubscription('TPL_ORDER_SHIPPED')
    await notify.tap()
    expect(lines[lines.length - 1]).toBe('log: subscription: reject')
  })

  test('requestSubscribeMessage needs a tap', async () => {
    const page = await mp.currentPage()
    await page.callMethod('subscribe')
    expect(lines[lines.length - 1]).toMatch(/^log: subscription failed: .*requestSubscribeMessage:fail can only be invoked by user TAP gesture\.$/)
  })
})
