// pay-demo as a user sees it: the app logs in through the shop's server, which creates WeChat
// Pay v3 JSAPI orders and signs the payment parameters; the user pays, cancels or fails at the
// payment sheet, and the page shows what the server (told by the payment notification) says.
// Written with jest's globals and the miniprogram-automator API; the payment sheet's choice is
// wxbox's scripted user (mp.user.willPay / willCancelPayment / willFailPayment).
const automator = require('miniprogram-automator')
const path = require('path')

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
const status = async () => (await page.$('.status')).text()
const fromApp = async () => (await mp.requests()).filter((r) => r.from === 'miniprogram')

describe('the shop page', () => {
  beforeEach(async () => {
    page = await mp.currentPage()
  })

  test('shows the item and logs in through the server on load', async () => {
    expect(await (await page.$('.item')).text()).toBe('Green tea: 12 CNY')
    expect(await status()).toBe('not paid')
    expect(await mp.evaluate(() => getApp().globalData.token)).toBe('tok-1')
    const [login] = await fromApp()
    expect(login.url).toBe('https://shop.example.com/login')
    expect(login.data.code).toMatch(/^[A-Za-z0-9]{32}$/)
    expect(login.response.data).toEqual({ token: 'tok-1' })
  })

  test('Buy: the user pays, the notification reaches the server, the page shows SUCCESS', async () => {
    await tap('#buy')
    expect(await page.data('status')).toBe('SUCCESS')
    expect(await status()).toBe('SUCCESS')
    const last = await page.data('last')
    expect(last).toMatchObject({ outTradeNo: 'ORDER100002', signType: 'RSA', timeStamp: '1710036000', nonceStr: 'nORDER100002' })
    expect(last.package).toMatch(/^prepay_id=wx/)
    expect(lines).toEqual(['log: server says ORDER100002 is SUCCESS'])

    const trace = await mp.trace()
    const sheet = trace.find((e) => e.kind === 'prompt' && e.api === 'requestPayment')
    expect(sheet.shown).toEqual({ merchant: 'wxbox test shop', description: 'Green tea', total: 1200, currency: 'CNY', signType: 'RSA' })
    expect(sheet.decision).toBe('pay')
    // WeChat Pay's notification went to the notify_url on the shop's server.
    const notify = (await mp.requests()).find((r) => r.url.endsWith('/pay/notify'))
    expect(notify.response.status).toBe(204)
    // WeChat Pay's own record of the order.
    const { orders, openid } = await mp.server.state()
    expect(orders).toEqual([
      expect.objectContaining({ outTradeNo: 'ORDER100002', total: 1200, openid, tradeState: 'SUCCESS', transactionId: expect.any(String) }),
    ])
  })

  test('cancelled at the sheet, the page shows the cancel; paying the same order then succeeds', async () => {
    await mp.user.willCancelPayment()
    await tap('#buy')
    expect(await status()).toBe('failed: requestPayment:fail cancel')
    expect(lines).toEqual(['error: requestPayment:fail cancel'])
    // No notification: the order is still unpaid at the server.
    expect((await mp.requests()).some((r) => r.url.endsWith('/pay/notify'))).toBe(false)

    await mp.user.willPay()
    await tap('#again')
    expect(await status()).toBe('SUCCESS')
    expect(lines[1]).toBe('log: server says ORDER100002 is SUCCESS')
  })

  test('an order already paid cannot be paid again', async () => {
    await tap('#buy')
    await tap('#again')
    expect(await status()).toBe('failed: requestPayment:fail order ORDER100002 is already paid')
  })

  test('a failing payment shows its reason', async () => {
    await mp.user.willFailPayment('insufficient balance')
    await tap('#buy')
    expect(await status()).toBe('failed: requestPayment:fail insufficient balance')
  })

  test('a tampered paySign is refused by WeChat Pay before the sheet', async () => {
    await tap('#tampered')
    const s = await status()
    expect(s).toMatch(/^failed: requestPayment:fail /)
    expect(s).toContain('paySign does not verify')
    const trace = await mp.trace()
    expect(trace.some((e) => e.kind === 'prompt' && e.api === 'requestPayment')).toBe(false)
  })

  test('each order gets a new number from the server', async () => {
    const first = await page.callMethod('order')
    const second = await page.callMethod('order')
    expect(first.outTradeNo).toBe('ORDER100002')
    expect(second.outTradeNo).toBe('ORDER100003')
    expect(await page.data('last')).toEqual(second)
  })

  test('a mocked requestPayment answer replaces the sheet', async () => {
    await mp.mockWxMethod('requestPayment', { errMsg: 'requestPayment:fail mocked' })
    await tap('#buy')
    expect(await status()).toBe('failed: requestPayment:fail mocked')
    const trace = await mp.trace()
    expect(trace.some((e) => e.kind === 'prompt' && e.api === 'requestPayment')).toBe(false)
    await mp.restoreWxMethod('requestPayment')
    await tap('#again')
    expect(await status()).toBe('SUCCESS')
  })

  test('the fingerprint confirmation is verified by the server at WeChat', async () => {
    await tap('#soter')
    expect(await page.data('soter')).toBe('fingerprint verified')
    expect(await (await page.$('.soter')).text()).toBe('fingerprint verified')
  })
})
