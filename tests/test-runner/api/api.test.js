// The automator's Element and MiniProgram calls the sample suites do not reach: gestures other
// than tap, component properties, methods and data, WXML, style, systemInfo, pageScrollTo.
const automator = require('miniprogram-automator')
const path = require('path')

let mp
let page
beforeEach(async () => {
  mp = await automator.launch({ projectPath: path.join(__dirname, 'app') })
  page = await mp.currentPage()
})
afterEach(() => mp.close())

const log = () => page.data('log')

test('longpress fires the longpress handler, not the tap one', async () => {
  await (await page.$('#pad')).longpress()
  expect(await log()).toBe('long;')
  await (await page.$('#pad')).tap()
  expect(await log()).toBe('long;tap;')
})

test('touchstart carries the touches it was given', async () => {
  const touches = [{ identifier: 0, pageX: 5, pageY: 6, clientX: 5, clientY: 6 }]
  await (await page.$('#pad')).touchstart({ touches, changedTouches: touches })
  expect(await log()).toBe('touch 1 5;')
})

test('a custom component: property, data, callMethod, setData, and its event reaching the page', async () => {
  const card = await page.$('#card')
  expect(card.tagName).toBe('my-card')
  expect(await card.property('title')).toBe('first')
  expect(await card.data('count')).toBe(0)
  expect(await card.callMethod('bump', 2)).toBe(2)
  expect(await (await card.$('.card')).text()).toBe('first #2')
  await card.setData({ count: 7 })
  expect(await card.wxml()).toContain('first #7')
  await page.setData({ title: 'second' })
  expect(await card.property('title')).toBe('second')
  await card.callMethod('pick')
  expect(await log()).toBe('picked second;')
  await expect((await page.$('#pad')).callMethod('x')).rejects.toThrow('is not a custom component')
})

test('trigger sends an event with a detail through the bindings', async () => {
  await (await page.$('#card')).trigger('picked', { which: 'by trigger' })
  expect(await log()).toBe('picked by trigger;')
})

test('attribute, style, value, outerWxml', async () => {
  const pad = await page.$('#pad')
  expect(await pad.attribute('id')).toBe('pad')
  expect(await pad.attribute('nope')).toBeNull()
  expect(await pad.style('font-size')).toBe('12px')
  expect(await pad.outerWxml()).toMatch(/^<view id="pad"/)
  const input = await page.$('#name')
  expect(await input.value()).toBe('Ann')
  await input.input('Bob')
  expect(await input.value()).toBe('Bob')
  expect(await input.property('value')).toBe('Bob')
})

test('systemInfo, pageScrollTo and a stale element handle', async () => {
  const info = await mp.systemInfo()
  expect(info.windowWidth).toBeGreaterThan(0)
  expect((await page.size()).width).toBe(info.windowWidth)
  await mp.pageScrollTo(100)
  expect(await page.$('.missing')).toBeNull()
  // The page's own template: the card's view is inside the component, out of the page's scope.
  expect(await page.$$('view')).toHaveLength(1)
  expect(await (await page.$('#card')).$$('view')).toHaveLength(1)
})
