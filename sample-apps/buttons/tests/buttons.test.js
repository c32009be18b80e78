// The buttons sample as a user sees it: the open-type buttons (getUserInfo, chooseAvatar,
// getPhoneNumber, getEmailAddress), the nickname input, getUserProfile from a tap, and a list
// page with a template, a custom component with a slot and triggerEvent, and a form. Written
// with jest's globals and the miniprogram-automator API.
const automator = require('miniprogram-automator')
const path = require('path')

const CODE = /^[A-Za-z0-9]{32}$/
const DEFAULT_AVATAR = 'https://mmbiz.qpic.cn/mmbiz/icTdbqWNOwNRna42FI242Lcia07jQodd2FJGIYQfG0LAJGFxM4FbnQP6yfMxBgJ0F3YRqJCJ1aPAK2dQagdusBZg/0'

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

describe('wx.login in onLaunch', () => {
  test('mocked before launch: onLaunch keeps code X; restored, a later login gets a real code', async () => {
    await mp.mockWxMethod('login', { code: 'X' })
    await mp.currentPage()
    expect(await mp.evaluate(() => getApp().globalData.code)).toBe('X')

    await mp.restoreWxMethod('login')
    const code = await mp.evaluate(() => new Promise((resolve) => wx.login({ success: (r) => resolve(r.code) })))
    expect(code).toMatch(CODE)
    expect(code).not.toBe('X')
  })

  test('a mock function gets the extra arguments and this.origin, the real method', async () => {
    const exceptions = []
    mp.on('exception', (e) => exceptions.push(e.message))
    // The automator's documented form: the function runs in the app; for an async method,
    // what it returns (here a Promise) is what success gets.
    await mp.mockWxMethod('login', function (options, suffix) {
      return new Promise((resolve) => {
        this.origin({ success: (r) => resolve({ code: r.code + suffix }) })
      })
    }, '-seen')
    await mp.currentPage()
    expect(await mp.evaluate(() => getApp().globalData.code)).toMatch(/^[A-Za-z0-9]{32}-seen$/)
    expect(exceptions).toEqual([])
  })

  test('unmocked, onLaunch keeps the code wx.login gave', async () => {
    await mp.currentPage()
    const code = await mp.evaluate(() => getApp().globalData.code)
    expect(code).toMatch(CODE)
    const result = (await mp.trace()).find((e) => e.kind === 'result' && e.api === 'login')
    expect(result.result.code).toBe(code)
  })
})

describe('userinfo page', () => {
  test('canIUse shows the getUserInfo button; a tap hands the handler the user info', async () => {
    const page = await mp.currentPage()
    expect(page.path).toBe('pages/userinfo/userinfo')
    expect(await page.data('canIUse')).toBe(true)
    const button = await page.$('button')
    expect(await button.text()).toBe('Authorized login')
    expect(await button.attribute('open-type')).toBe('getUserInfo')
    expect(await page.$('view')).toBeNull()
    await button.tap()
    expect(lines).toHaveLength(1)
    expect(lines[0]).toContain('nickName: "微信用户"')
    expect(lines[0]).toContain('language: "zh_CN"')
  })
})

describe('profile page', () => {
  let page
  beforeEach(async () => {
    page = await mp.reLaunch('/pages/profile/profile')
  })

  test('getUserProfile outside a tap (onLoad) is refused', async () => {
    expect(lines).toEqual(['warn: onLoad: getUserProfile:fail can only be invoked by user TAP gesture.'])
    expect(await page.$('#greeting')).toBeNull()
  })

  test('profile denied, then allowed: the greeting appears only after the allowed tap', async () => {
    const button = await page.$('#profile')
    await mp.user.denyUserProfile()
    await button.tap()
    expect(lines).toContain('warn: tap: getUserProfile:fail auth deny')
    expect(await page.data('nickName')).toBe('')
    expect(await page.$('#greeting')).toBeNull()

    await mp.user.allowUserProfile()
    await button.tap()
    expect(await page.data('nickName')).toBe('微信用户')
    expect(await (await page.$('#greeting')).text()).toBe('Hello, 微信用户')
  })

  test('typing a nickname updates the greeting and passes the review', async () => {
    const input = await page.$('input')
    expect(await input.attribute('type')).toBe('nickname')
    await input.input('Bob')
    expect(await input.value()).toBe('Bob')
    expect(await page.data('nickName')).toBe('Bob')
    expect(await (await page.$('#greeting')).text()).toBe('Hello, Bob')
    expect(lines).toContain('log: nickname review pass=true')
  })

  test('a nickname that fails the review is reported so', async () => {
    await mp.user.set({ nickname_review: false })
    await (await page.$('input')).input('Bad')
    expect(lines).toContain('log: nickname review pass=false')
  })

  test('chooseAvatar: a picked image replaces the default avatar; a cancelled sheet keeps it', async () => {
    const avatarButton = await page.$('button')
    const image = await page.$('image')
    expect(await image.attribute('src')).toBe(DEFAULT_AVATAR)

    await mp.user.set({ choose_avatar: 'deny' })
    await avatarButton.tap()
    expect(await page.data('userHead')).toBe(DEFAULT_AVATAR)

    await mp.user.set({ choose_avatar: 'allow' })
    await avatarButton.tap()
    const picked = await page.data('userHead')
    expect(picked).toMatch(/^wxfile:\/\/tmp_[0-9a-f]+\.jpg$/)
    expect(await image.attribute('src')).toBe(picked)
    expect(lines).toContain('log: onChooseAvatar=== ' + picked)
  })
})

describe('contact page', () => {
  let page
  beforeEach(async () => {
    page = await mp.reLaunch('/pages/contact/contact')
  })

  test('phone number denied, then allowed: the server exchanges the code for the number', async () => {
    const button = await page.$('button[open-type=getPhoneNumber]')
    await mp.user.denyPhoneNumber()
    await button.tap()
    expect(lines).toContain('error: getPhoneNumber:fail user deny')
    expect(await (await page.$('#phone')).text()).toBe('')

    await mp.user.allowPhoneNumber()
    await button.tap()
    expect(await (await page.$('#phone')).text()).toBe('13800138000')
    expect(lines).toContain('log: phone: 13800138000')
    const req = (await mp.requests()).find((r) => r.url === 'https://example.com/getPhoneNumber')
    expect(req.method).toBe('POST')
    expect(req.data.code).toMatch(CODE)
    expect(req.response.data).toEqual({ phoneNumber: '13800138000' })
  })

  test('the email button shows the address the server got back', async () => {
    await (await page.$('button[open-type=getEmailAddress]')).tap()
    expect(await page.data()).toEqual({ phone: '', email: 'user@example.com' })
    expect(await (await page.$('#email')).text()).toBe('user@example.com')
  })

  test('a refused email address leaves the page empty', async () => {
    await mp.user.set({ email_address: 'deny' })
    await (await page.$('button[open-type=getEmailAddress]')).tap()
    expect(await page.data('email')).toBe('')
    expect(lines).toEqual([expect.stringMatching(/^error: getEmailAddress:fail /)])
    expect((await mp.requests()).filter((r) => r.from === 'miniprogram')).toEqual([])
  })
})

describe('list page', () => {
  let page
  beforeEach(async () => {
    await mp.currentPage()
    page = await mp.navigateTo('/pages/list/list')
  })

  test('navigateTo stacks it on the first page; navigateBack pops it', async () => {
    expect(page.path).toBe('pages/list/list')
    expect(await stack()).toEqual(['pages/userinfo/userinfo', 'pages/list/list'])
    const back = await mp.navigateBack()
    expect(back.path).toBe('pages/userinfo/userinfo')
    expect(await stack()).toEqual(['pages/userinfo/userinfo'])
  })

  test('rows come from a template with dataset and mark; a tap reports them', async () => {
    const rows = await page.$$('.row')
    expect(rows).toHaveLength(2)
    expect(await rows[0].text()).toBe('1. apples')
    expect(await rows[1].attribute('class')).toBe('row done')
    expect(await (await page.$('.footer')).text()).toBe('2 items')
    expect(await page.$('.empty')).toBeNull()
    await rows[1].tap()
    expect(lines).toContain('log: row b2 bread mark list')
  })

  test('each item-card gets its title, shows the slot, and counts its own taps', async () => {
    const cards = await page.$$('item-card')
    expect(cards.map((c) => c.tagName)).toEqual(['item-card', 'item-card'])
    expect(await cards[0].data()).toEqual({ taps: 0, title: 'apples', itemId: 'a1' })
    expect(await (await cards[1].$('.title')).text()).toBe('bread (0)')
    expect(await cards[0].text()).toContain('card 0')
    expect(lines).toEqual(['log: card attached a1', 'log: card attached b2'])

    await cards[1].setData({ taps: 5 })
    expect(await (await cards[1].$('.title')).text()).toBe('bread (5)')
  })

  test('remove on a card: triggerEvent reaches the page, which drops the item and the card', async () => {
    const cards = await page.$$('item-card')
    await (await cards[0].$('.remove')).tap()
    expect(await page.data('list')).toEqual([{ id: 'b2', name: 'bread', done: true }])
    expect(await page.$$('item-card')).toHaveLength(1)
    expect(await (await page.$('.footer')).text()).toBe('1 items')
    expect(lines).toEqual(expect.arrayContaining(['log: remove a1', 'log: card detached a1']))

    // A component method called from the test does what the tap does.
    const [bread] = await page.$$('item-card')
    await bread.callMethod('onRemoveTap')
    expect(await page.data('list')).toEqual([])
    expect(await (await page.$('.empty')).text()).toBe('Nothing yet')
  })

  test('the page event binding also answers an event triggered on the card', async () => {
    const [apples] = await page.$$('item-card')
    await apples.trigger('remove', { id: 'b2' })
    expect(lines).toContain('log: remove b2')
    expect(await page.data('list')).toEqual([{ id: 'a1', name: 'apples', done: false }])
    expect(await page.data('list[0].name')).toBe('apples')
    expect(await page.data('list[1].name')).toBeNull()
  })

  test('a handle to an element a render removed is stale', async () => {
    const rows = await page.$$('.row')
    await page.setData({ list: [] })
    expect(await page.$$('.row')).toHaveLength(0)
    await expect(rows[0].text()).rejects.toThrow('no longer on the page')
    expect(await (await page.$('.empty')).text()).toBe('Nothing yet')
  })

  test('Add appends an item; the form submits the typed title', async () => {
    await (await page.$('#add')).tap()
    await (await page.$('form input')).input('milk')
    await (await page.$('form button')).tap()
    expect(lines).toContain('log: submit {"title":"milk"}')
    expect(await page.data('list')).toEqual([
      { id: 'a1', name: 'apples', done: false },
      { id: 'b2', name: 'bread', done: true },
      { id: 'n2', name: 'item 2', done: false },
      { id: 'f3', name: 'milk', done: false },
    ])
    const rows = await page.$$('.row')
    expect(await rows[3].text()).toBe('4. milk')
    expect(await (await page.$('.footer')).text()).toBe('4 items')
  })

  test('a page the app does not declare cannot be opened', async () => {
    await expect(mp.navigateTo('/pages/nope/nope')).rejects.toThrow('navigateTo:fail page "pages/nope/nope" is not found')
    expect(await stack()).toEqual(['pages/userinfo/userinfo', 'pages/list/list'])
  })

  test('redirectTo replaces the list page', async () => {
    const contact = await mp.redirectTo('/pages/contact/contact')
    expect(contact.path).toBe('pages/contact/contact')
    expect(await stack()).toEqual(['pages/userinfo/userinfo', 'pages/contact/contact'])
    await expect(page.data()).rejects.toThrow('no longer alive')
  })
})
