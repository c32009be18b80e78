// subscribe-demo as a user sees it: the subscription popup with the templates of wxbox.toml
// (one accepted, one filtered because it repeats a title, one rejected and remembered), and
// the server sending one message per one-time acceptance through the interface service.
// Written with jest's globals and the miniprogram-automator API.
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
const outcomes = async () => Promise.all((await page.$$('.outcome')).map((e) => e.text()))
const sent = async () => (await page.$('.sent')).text()

describe('with the choices of wxbox.toml', () => {
  beforeEach(async () => {
    page = await mp.currentPage()
  })

  test('logs in on load', async () => {
    expect(await mp.evaluate(() => getApp().globalData.token)).toBe('tok-1')
    expect(await outcomes()).toEqual([])
    expect(await sent()).toBe('')
  })

  test('the popup: accept, filter (same title), reject', async () => {
    await tap('#subscribe')
    expect(await page.data('outcomes')).toEqual([
      { id: 'TPL_SHIPPED_01', outcome: 'accept' },
      { id: 'TPL_SHIPPED_02', outcome: 'filter' },
      { id: 'TPL_REMINDER_01', outcome: 'reject' },
    ])
    expect(await outcomes()).toEqual(['TPL_SHIPPED_01: accept', 'TPL_SHIPPED_02: filter', 'TPL_REMINDER_01: reject'])
    const prompt = (await mp.trace()).find((e) => e.kind === 'prompt')
    // The filtered copy is not shown to the user.
    expect(prompt.shown.templates.map((t) => t.id)).toEqual(['TPL_SHIPPED_01', 'TPL_REMINDER_01'])
  })

  test('one acceptance allows one message', async () => {
    await tap('#subscribe')
    await tap('#ship')
    expect(await sent()).toBe('message sent')
    expect(lines).toEqual(['log: send: 0 ok'])
    await tap('#ship')
    expect(await sent()).toBe('not sent: 43101')
    expect(lines[1]).toBe('log: send: 43101 user refuse to accept the msg')
    // What reached the user, as WeChat's servers recorded it.
    const { sentMessages, openid } = await mp.server.state()
    expect(sentMessages).toHaveLength(1)
    expect(sentMessages[0]).toMatchObject({ touser: openid, template_id: 'TPL_SHIPPED_01' })
  })

  test('nothing accepted, nothing sent', async () => {
    await tap('#ship')
    expect(await sent()).toBe('not sent: 43101')
  })

  test('one-time and long-term templates in one call are refused', async () => {
    await tap('#mixed')
    expect(lines).toEqual(['error: 20002 requestSubscribeMessage:fail Templates type must be same'])
  })

  test('the remembered rejection shows in getSetting', async () => {
    await tap('#subscribe')
    await tap('#settings')
    expect(lines).toEqual(['log: subscriptions: {"mainSwitch":true,"itemSettings":{"TPL_REMINDER_01":"reject"}}'])
  })

  test('the popup needs a tap', async () => {
    await page.callMethod('subscribe')
    expect(await page.data('outcomes')).toEqual([])
    expect(lines).toEqual([expect.stringMatching(/requestSubscribeMessage:fail can only be invoked by user TAP gesture\.$/)])
  })
})

describe('the user changes their mind', () => {
  test('rejected: the server cannot send; accepted later: it can', async () => {
    await mp.user.rejectSubscription('TPL_SHIPPED_01')
    page = await mp.currentPage()
    await tap('#subscribe')
    expect((await outcomes())[0]).toBe('TPL_SHIPPED_01: reject')
    await tap('#ship')
    expect(await sent()).toBe('not sent: 43101')

    await mp.user.acceptSubscription('TPL_SHIPPED_01')
    await tap('#subscribe')
    expect((await outcomes())[0]).toBe('TPL_SHIPPED_01: accept')
    await tap('#ship')
    expect(await sent()).toBe('message sent')
    const send = (await mp.requests()).filter((r) => r.url.startsWith('/cgi-bin/message/subscribe/send'))
    expect(send).toHaveLength(2)
    expect(send[1].data).toMatchObject({ template_id: 'TPL_SHIPPED_01', data: { thing1: { value: 'Green tea' } } })
    expect(send[1].response.data).toEqual({ errcode: 0, errmsg: 'ok', msgid: expect.any(Number) })
  })
})
