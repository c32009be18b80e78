// A suite with one deliberate failure: `wxbox test` must show its file:line, a code frame and
// the diff, and exit 1 (tests/test_cmd.rs).
const automator = require('miniprogram-automator')
const path = require('path')

describe('login page', () => {
  test('a tap logs in', async () => {
    const mp = await automator.launch({ projectPath: path.join(__dirname, '../../../benches/test-runner/app') })
    const page = await mp.currentPage()
    await (await page.$('#login')).tap()
    expect(await page.data('taps')).toBe(1)
  })

  test('deliberately wrong', async () => {
    const mp = await automator.launch({ projectPath: path.join(__dirname, '../../../benches/test-runner/app') })
    const page = await mp.currentPage()
    await (await page.$('#login')).tap()
    expect(await page.data()).toEqual({ code: 'not-the-code', taps: 2 })
  })

  test.skip('skipped', () => {})
})
