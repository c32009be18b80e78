// privacy-demo as a user sees it: the user has not agreed to the privacy contract
// (wxbox.toml's [privacy] agreed = false), so getUserProfile waits while the app's own popup
// (WeChat's onNeedPrivacyAuthorization pattern) asks; Agree lets the call go on, Disagree fails
// it with errno 104. With the app's listener mocked away, WeChat's own privacy popup asks
// instead, answered by wxbox's scripted user (mp.user.agreePrivacy / disagreePrivacy). Written
// with jest's globals and the miniprogram-automator API.
const automator = require('miniprogram-automator')
const path = require('path')

const CONTRACT = '《privacy-demo 隐私保护指引》'

let mp
let page
let lines

beforeEach(async () => {
  mp = await automator.launch({ projectPath: path.join(__dirname, '..') })
  lines = []
  mp.on('console', (m) => lines.push(m.type + ': ' + m.args.join(' ')))
})

afterEach(async () => {
  await mp.close()
})

const tap = async (selector) => (await page.$(selector)).tap()
const text = async (selector) => (await page.$(selector)).text()

describe("the app's own popup (onNeedPrivacyAuthorization)", () => {
  beforeEach(async () => {
    page = await mp.currentPage()
  })

  test('no popup until a covered API is called; wx.login is not covered', async () => {
    expect(await page.$('.popup')).toBeNull()
    expect(await page.data()).toEqual({ nickName: '', error: '', showPrivacy: false, referrer: '', contract: '' })
    const [login] = (await mp.requests()).filter((r) => r.from === 'miniprogram')
    expect(login.url).toBe('https://privacy.example.com/login')
    expect(login.response.data).toEqual({ token: 'tok-1' })
    await tap('#check')
    expect(lines).toEqual(['log: needAuthorization true ' + CONTRACT])
  })

  test('getUserProfile before consent shows the app popup naming the API and the contract', async () => {
    await tap('#profile')
    expect(await page.data()).toMatchObject({ showPrivacy: true, referrer: 'getUserProfile', contract: CONTRACT })
    expect(await page.$$('.popup')).toHaveLength(1)
    expect(await text('.popup text')).toBe(`Before getUserProfile, please read ${CONTRACT}.`)
    expect(await (await page.$('#agree-btn')).attribute('open-type')).toBe('agreePrivacyAuthorization')
    // The call waits for the answer: no profile yet, no error yet.
    expect(await text('.name')).toBe('')
    expect(await text('.error')).toBe('')
  })

  test('Agree: the popup closes, the waiting getUserProfile goes on and the server keeps the profile', async () => {
    await tap('#profile')
    await tap('#agree-btn')
    expect(await page.$('.popup')).toBeNull()
    expect(await text('.name')).toBe('微信用户')
    expect(await text('.error')).toBe('')
    expect(lines).toEqual(['log: server: {"saved":true}'])
    await tap('#check')
    expect(lines[1]).toBe('log: needAuthorization false ' + CONTRACT)

    // Agreed once: the next call asks no more.
    await page.setData({ nickName: '' })
    await tap('#profile')
    expect(await page.data('showPrivacy')).toBe(false)
    expect(await text('.name')).toBe('微信用户')
  })

  test('Disagree: the popup closes and getUserProfile fails with errno 104', async () => {
    await tap('#profile')
    await tap('#disagree-btn')
    expect(await page.$('.popup')).toBeNull()
    expect(await text('.error')).toBe('getUserProfile:fail privacy permission is not authorized')
    expect(await text('.name')).toBe('')
    expect(lines).toEqual(['error: getUserProfile:fail privacy permission is not authorized errno 104'])
    await tap('#check')
    expect(lines[1]).toBe('log: needAuthorization true ' + CONTRACT)
    // Asked again on the next call.
    await tap('#profile')
    expect(await page.$$('.popup')).toHaveLength(1)
  })

  test('consent given but the profile denied: the page shows the denial, then the allowed profile', async () => {
    await mp.user.denyUserProfile()
    await tap('#profile')
    await tap('#agree-btn')
    expect(await text('.error')).toBe('getUserProfile:fail auth deny')
    expect(await text('.name')).toBe('')

    await mp.user.allowUserProfile()
    await tap('#profile')
    expect(await page.$('.popup')).toBeNull()
    expect(await text('.name')).toBe('微信用户')
    expect(await text('.error')).toBe('')
    const prompts = (await mp.trace()).filter((e) => e.kind === 'prompt').map((e) => e.prompt + ' ' + e.decision)
    expect(prompts).toEqual(['privacy (app popup) agree', 'getUserProfile deny', 'getUserProfile allow'])
  })
})

describe("without the app's listener, WeChat's own privacy popup asks", () => {
  // wx.onNeedPrivacyAuthorization mocked away before onLoad registers the page's listener.
  beforeEach(async () => {
    await mp.mockWxMethod('onNeedPrivacyAuthorization', function () {})
  })

  test('disagreePrivacy: getUserProfile fails with errno 104', async () => {
    await mp.user.disagreePrivacy()
    page = await mp.currentPage()
    await tap('#profile')
    expect(await page.data()).toMatchObject({ showPrivacy: false, nickName: '', error: 'getUserProfile:fail privacy permission is not authorized' })
    expect(lines).toEqual(['error: getUserProfile:fail privacy permission is not authorized errno 104'])
    const prompts = (await mp.trace()).filter((e) => e.kind === 'prompt')
    expect(prompts).toHaveLength(1)
    expect(prompts[0]).toMatchObject({ prompt: 'privacy', decision: 'disagree', shown: { referrer: 'getUserProfile', contract: CONTRACT } })
  })

  test('agreePrivacy: the profile comes through and the server keeps it', async () => {
    await mp.user.agreePrivacy()
    page = await mp.currentPage()
    await tap('#profile')
    expect(await page.data()).toMatchObject({ showPrivacy: false, nickName: '微信用户', error: '' })
    expect(lines).toEqual(['log: server: {"saved":true}'])
    const prompts = (await mp.trace()).filter((e) => e.kind === 'prompt').map((e) => e.prompt + ' ' + e.decision)
    expect(prompts).toEqual(['privacy agree', 'getUserProfile allow'])
    await tap('#check')
    expect(lines[1]).toBe('log: needAuthorization false ' + CONTRACT)
  })
})
