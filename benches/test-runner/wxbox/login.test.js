// The wxbox side of the test-runner benchmark: 200 behaviour tests written as a
// miniprogram-automator + jest user writes them. Each test launches the one-page app in ../app,
// taps the login button (whose handler calls wx.login and then setData) and checks the page data.
//
// automator API used, as documented for miniprogram-automator:
//   automator.launch({projectPath}) -> MiniProgram; miniProgram.currentPage() -> Page;
//   page.$(selector) -> Element; element.tap(); page.data(path) -> the value at that data path;
//   miniProgram.close().
// jest globals: test(name, fn) with an async fn, expect(...).toBe / .toBeGreaterThan.
const automator = require('miniprogram-automator')
const path = require('path')

const RUNS = 200

for (let i = 1; i <= RUNS; i++) {
  test(`login tap ${i} of ${RUNS} puts the wx.login code in the page data`, async () => {
    const mp = await automator.launch({ projectPath: path.join(__dirname, '../app') })
    const page = await mp.currentPage()
    await (await page.$('#login')).tap()
    const code = await page.data('code')
    expect(typeof code).toBe('string')
    expect(code.length).toBeGreaterThan(0)
    expect(await page.data('taps')).toBe(1)
    await mp.close()
  })
}
