// wxs-demo as a user sees it: WXS modules (a file that requires another, and an inline one)
// format the page; a WXS tap handler calls the page through its owner instance and changes
// the tapped element's class and style; a WXS error surfaces as an exception and renders
// nothing. Written with jest's globals and the miniprogram-automator API.
const automator = require('miniprogram-automator')
const path = require('path')

let mp
let page
let lines
let exceptions

beforeEach(async () => {
  mp = await automator.launch({ projectPath: path.join(__dirname, '..') })
  lines = []
  exceptions = []
  mp.on('console', (m) => lines.push(m.type + ': ' + m.args.join(' ')))
  mp.on('exception', (e) => exceptions.push(e.message))
  page = await mp.currentPage()
})

afterEach(async () => {
  await mp.close()
})

const text = async (selector) => (await page.$(selector)).text()

test('prices come from filters.wxs, which requires fmt.wxs', async () => {
  const rows = await page.$$('.row')
  expect(await Promise.all(rows.map((r) => r.text()))).toEqual(['¥12.50', '¥39.00'])
  expect(await rows[1].attribute('data-id')).toBe('2')
})

test('WXS built-ins: constructor names, getDate, getRegExp, and no wx / App / Page in WXS', async () => {
  expect(await text('#kinds')).toBe('Number,String,Boolean,Object,Array')
  expect(await text('#is-array')).toBe('true false')
  expect(await text('#day')).toBe('2024-3-10')
  expect(await text('#digits')).toBe('1|22|333')
  expect(await text('#world')).toBe('undefined,undefined,undefined,undefined')
  expect(await text('#const')).toBe('14 42 OK')
})

test('a WXS function that throws renders nothing and reports the error', async () => {
  expect(await text('#broken')).toBe('[]')
  expect(exceptions.length).toBeGreaterThan(0)
  expect(exceptions[0]).toContain('missing is not defined')
})

test('the WXS tap handler calls the page method and styles the tapped row only', async () => {
  const rows = await page.$$('.row')
  await rows[1].tap()
  expect(lines).toEqual(['log: picked {"id":2,"twice":4}'])
  expect(await page.data('picked')).toBe(2)
  expect(await text('#picked')).toBe('2')
  expect(await rows[1].attribute('class')).toBe('row picked')
  expect(await rows[1].style('color')).toBe('red')
  expect(await rows[0].attribute('class')).toBe('row')
  expect(await rows[1].outerWxml()).toMatchSnapshot()
})

test('new data re-runs the WXS formatting', async () => {
  const [first] = await page.$$('.row')
  await page.setData({ 'rows[0].cents': 5 })
  expect(await first.text()).toBe('¥0.05')
  await page.setData({ rows: [...(await page.data('rows')), { id: 3, cents: 100000 }] })
  const rows = await page.$$('.row')
  expect(await rows[2].text()).toBe('¥1000.00')
})

test('a component has its own WXS modules: the page\'s `f` is not visible in it', async () => {
  const tag = await page.$('tag')
  expect(await tag.data()).toEqual({ label: '¥0.99' })
  expect(await (await tag.$('.tag')).text()).toBe('<¥0.99> ')
})
