// waitFor on an app whose interval never stops: sandbox time runs timer by timer for a minute
// of it, then the wait fails with that said (it does not spin for ever).
const automator = require('miniprogram-automator')
const path = require('path')

test('a selector that never appears gives up after 60 s of sandbox time', async () => {
  const mp = await automator.launch({ projectPath: path.join(__dirname, '../../apps/interval') })
  const lines = []
  mp.on('console', (m) => lines.push(m.args[0]))
  const page = await mp.currentPage()
  await expect(page.waitFor('.never')).rejects.toThrow('within 60000 ms of sandbox time')
  expect(await mp.clock.now()).toBe(60000)
  expect(lines).toHaveLength(60)
  expect(lines[0]).toBe('tick')
})

test('waitFor(ms) is sandbox time: an hour costs nothing', async () => {
  const mp = await automator.launch({ projectPath: path.join(__dirname, '../../apps/interval') })
  const page = await mp.currentPage()
  await page.waitFor(3600 * 1000)
  expect(await mp.clock.now()).toBe(3600 * 1000)
})
