// The quick-start app as a user sees it: a launch log in storage, a ticker on the home page that
// opens the detail page after three seconds, the detail page closing itself after 500 ms, and
// the Logs tab. Written with jest's globals and the miniprogram-automator API
// (developers.weixin.qq.com/miniprogram/dev/devtools/auto/); sandbox time only moves when a
// test lets it (`page.waitFor(ms)`), so the timers are exact.
const automator = require('miniprogram-automator')
const path = require('path')

// wxbox's sandbox starts every run at 2024-03-10 10:00:00 (UTC+8).
const START = 1710036000000

let mp
let lines
let exceptions

beforeEach(async () => {
  mp = await automator.launch({ projectPath: path.join(__dirname, '..') })
  lines = []
  exceptions = []
  mp.on('console', (m) => lines.push(m.type + ': ' + m.args.join(' ')))
  mp.on('exception', (e) => exceptions.push(e.message))
})

afterEach(async () => {
  await mp.close()
})

const stack = async () => (await mp.pageStack()).map((p) => p.path)

describe('launch', () => {
  test('onLaunch keeps a launch log in storage and the home page greets', async () => {
    const page = await mp.currentPage()
    expect(page.path).toBe('pages/index/index')
    expect(page.query).toEqual({})
    expect(await page.data()).toEqual({ motto: 'Hello wxbox', ticks: 0, visits: ['2024/03/10 10:00:00'] })
    expect(await (await page.$('.motto')).text()).toBe('Hello wxbox')
    const texts = await page.$$('text')
    expect(texts).toHaveLength(2)
    expect(await texts[1].text()).toBe('ticks: 0')

    expect(await mp.storage.get('logs')).toEqual([START])
    expect(await mp.storage.keys()).toEqual(['logs', 'readyAt', 'greeting'])
    expect(await mp.storage.get('greeting')).toEqual({ text: 'Hello wxbox' })
    expect(lines).toEqual([
      'log: launched on pages/index/index scene 1001',
      'log: index loaded at 2024/03/10 10:00:00 launch log has 1 entries',
      `log: index shown; app shown at ${START}`,
      'log: stored greeting: Hello wxbox true',
    ])
    expect(exceptions).toEqual([])
  })

  test('a launch log already in storage grows by one entry, newest first', async () => {
    // Seeded before the app starts: onLaunch reads it.
    await mp.storage.set('logs', [1700000000000])
    const page = await mp.currentPage()
    expect(await mp.storage.get('logs')).toEqual([START, 1700000000000])
    expect(lines).toContain('log: index loaded at 2024/03/10 10:00:00 launch log has 2 entries')
    const logs = await mp.switchTab('/pages/logs/logs')
    expect(await logs.data('logs')).toEqual(['2024/03/10 10:00:00', '2023/11/15 06:13:20'])
    expect(page.path).toBe('pages/index/index')
  })

  test('the app sees the sandbox clock', async () => {
    await mp.currentPage()
    expect(await mp.clock.now()).toBe(0)
    expect(await mp.evaluate(() => Date.now())).toBe(START)
    expect(await mp.evaluate(() => getApp().globalData.shownAt)).toBe(START)
  })
})

describe('the ticker', () => {
  test('counts once a second of sandbox time', async () => {
    const page = await mp.currentPage()
    const ticks = (await page.$$('text'))[1]
    await page.waitFor(999)
    expect(await page.data('ticks')).toBe(0)
    await page.waitFor(1)
    expect(await page.data('ticks')).toBe(1)
    expect(await ticks.text()).toBe('ticks: 1')
    await page.waitFor(1000)
    expect(await ticks.text()).toBe('ticks: 2')
    expect(await mp.clock.now()).toBe(2000)
  })

  test('waitFor(fn) and waitFor(selector) let time run until they hold', async () => {
    const page = await mp.currentPage()
    await page.waitFor(() => page.data('ticks').then((t) => t === 2))
    expect(await mp.clock.now()).toBe(2000)
    await page.waitFor(async () => (await (await page.$$('text'))[1].text()) === 'ticks: 3')
    expect(await mp.clock.now()).toBe(3000)
    await expect(page.waitFor('.no-such-thing')).rejects.toThrow(/never appeared/)
  })

  test('at three ticks the detail page opens; it goes back after 500 ms and the app switches to Logs', async () => {
    const home = await mp.currentPage()
    await home.waitFor(3000)
    expect(await stack()).toEqual(['pages/index/index', 'pages/detail/detail'])
    const detail = await mp.currentPage()
    expect(detail.path).toBe('pages/detail/detail')
    expect(detail.query).toEqual({ id: '42', from: 'index' })
    expect(await detail.data()).toEqual({ id: '42' })
    expect(lines).toEqual(
      expect.arrayContaining([
        'log: index hidden',
        'log: detail for 42 from index - stack depth 2',
        'log: navigateTo:ok',
        'log: navigateTo complete',
      ])
    )

    await detail.waitFor(499)
    expect((await mp.currentPage()).path).toBe('pages/detail/detail')
    await detail.waitFor(1)
    // navigateBack, then onDetailClosed's switchTab: a tab switch closes every non-tab page.
    expect(await stack()).toEqual(['pages/logs/logs'])
    const logs = await mp.currentPage()
    expect(await logs.data()).toEqual({ logs: ['2024/03/10 10:00:00'] })
    expect(lines).toContain('log: detail unloaded')
    expect(lines).toContain('log: storage keys: logs,readyAt,greeting - 1 KB of 10240 KB')
    // The Logs page tries to navigateTo the home tab: WeChat refuses a tab page there.
    expect(lines).toContain('warn: navigateTo:fail can not navigateTo a tabbar page')
    expect(await mp.clock.now()).toBe(3500)
    expect(exceptions).toEqual([])
  })
})

describe('navigation from the test', () => {
  test('navigateTo passes the query, navigateBack returns to the home page', async () => {
    await mp.currentPage()
    const detail = await mp.navigateTo('/pages/detail/detail?id=7&from=test')
    expect(detail.path).toBe('pages/detail/detail')
    expect(detail.query).toEqual({ id: '7', from: 'test' })
    expect(await detail.data('id')).toBe('7')
    expect(await stack()).toEqual(['pages/index/index', 'pages/detail/detail'])
    expect(lines).toContain('log: detail for 7 from test - stack depth 2')

    const home = await mp.navigateBack()
    expect(home.path).toBe('pages/index/index')
    expect(await stack()).toEqual(['pages/index/index'])
    expect(lines.slice(-2)).toEqual(['log: detail unloaded', `log: index shown; app shown at ${START}`])

    // The detail page's 500 ms timer outlives the page: its navigateBack from the first page
    // rejects, and nothing in the app catches it.
    await home.waitFor(500)
    expect(exceptions).toEqual([expect.stringContaining('navigateBack:fail cannot navigate back at first page.')])
    expect(await stack()).toEqual(['pages/index/index'])
  })

  test('Logs is a tab: navigateTo refuses it, switchTab opens it', async () => {
    await mp.currentPage()
    await expect(mp.navigateTo('/pages/logs/logs')).rejects.toThrow('navigateTo:fail can not navigateTo a tabbar page')
    const logs = await mp.switchTab('/pages/logs/logs')
    expect(logs.path).toBe('pages/logs/logs')
    expect(await logs.data('logs')).toEqual(['2024/03/10 10:00:00'])
    expect(await stack()).toEqual(['pages/logs/logs'])
    await expect(mp.navigateBack()).rejects.toThrow('navigateBack:fail cannot navigate back at first page.')
  })

  test('reLaunch onto the detail page leaves it alone on the stack', async () => {
    await mp.currentPage()
    const detail = await mp.reLaunch('/pages/detail/detail?id=9')
    expect(detail.query).toEqual({ id: '9' })
    expect(await stack()).toEqual(['pages/detail/detail'])
    expect(lines).toContain('log: detail for 9 from undefined - stack depth 1')
  })
})
