// The npm shop as a user sees it: vant cells list the items (labels made by ES modules), the
// total and today's date (dayjs), and both checkout buttons (vant and TDesign) open the
// TypeScript page with the total in its query. Needs the npm packages laid out in
// miniprogram_npm/ as DevTools' "Build npm" does (`npm ci` here, then
// `node tools/build-npm.mjs sample-apps/shop-npm` at the repository root; .ci/run does it).
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
  page = await mp.currentPage()
})

afterEach(async () => {
  await mp.close()
})

const stack = async () => (await mp.pageStack()).map((p) => p.path)

test('the launch runs the ES modules and CommonJS interop', async () => {
  expect(lines).toEqual(['log: launch ¥12.50', 'log: namespace function currency CNY'])
})

test('the list, the total and the date', async () => {
  expect(await page.data()).toEqual({
    rows: [
      { name: 'Tea', text: 'Tea ¥12.50' },
      { name: 'Cup', text: 'Cup ¥39.00' },
    ],
    total: '¥64.00',
    day: '2024-03-10',
  })
  const cells = await page.$$('van-cell')
  expect(cells).toHaveLength(2)
  expect(await cells[1].attribute('title')).toBe('Cup ¥39.00')
  expect(await (await cells[0].$('.van-cell__title')).text()).toBe('Tea ¥12.50')
  expect(await (await page.$('#total')).text()).toBe('¥64.00')
  expect(await (await page.$('#day')).text()).toBe('2024-03-10')
  expect(await (await page.$('mp-navigation-bar')).attribute('title')).toBe('npm shop')
})

test.each([
  ['vant', '#vant-checkout'],
  ['TDesign', '#td-checkout'],
])('the %s checkout button opens the TypeScript page with the total', async (_, selector) => {
  // The tap lands on the library's inner <button>, which emits the event the page binds.
  const inner = await (await page.$(selector)).$('button')
  expect(inner).not.toBeNull()
  await inner.tap()
  const ts = await mp.currentPage()
  expect(ts.path).toBe('pages/ts/ts')
  expect(ts.query).toEqual({ total: '6400' })
  expect(await ts.data()).toEqual({ cents: 6400, shown: 'total 64.00' })
  expect(await (await ts.$('#shown')).text()).toBe('total 64.00')
  expect(await stack()).toEqual(['pages/index/index', 'pages/ts/ts'])

  const back = await mp.navigateBack()
  expect(back.path).toBe('pages/index/index')
  expect(await stack()).toEqual(['pages/index/index'])
})

test('the TypeScript page without a total shows zero', async () => {
  const ts = await mp.navigateTo('/pages/ts/ts')
  expect(await ts.data()).toEqual({ cents: 0, shown: 'total 0.00' })
  const other = await mp.redirectTo('/pages/ts/ts?total=99')
  expect(await (await other.$('#shown')).text()).toBe('total 0.99')
  expect(await stack()).toEqual(['pages/index/index', 'pages/ts/ts'])
})
