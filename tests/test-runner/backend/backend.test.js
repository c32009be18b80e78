// The developer's own backend, started for the launch and stopped with it: here Python's
// static file server, serving server/hello.json on the port the app's domain is routed to.
const automator = require('miniprogram-automator')
const path = require('path')

test('the page shows what the backend answered', async () => {
  const mp = await automator.launch({
    projectPath: path.join(__dirname, 'app'),
    backend: { command: 'exec python3 -m http.server 47931 --bind 127.0.0.1', port: 47931, cwd: path.join(__dirname, 'server') },
  })
  const page = await mp.currentPage()
  await (await page.$('#load')).tap()
  expect(await (await page.$('.greeting')).text()).toBe('hello from the backend')
  const [req] = (await mp.requests()).filter((r) => r.from === 'miniprogram')
  expect(req.to).toBe('https://api.example.com')
  expect(req.response.status).toBe(200)
  await mp.close()
})

test('a backend that never listens fails the launch, saying so', async () => {
  await expect(
    automator.launch({ projectPath: path.join(__dirname, 'app'), backend: { command: 'exit 3', port: 47932 } })
  ).rejects.toThrow('exited (exit status: 3) before listening on port 47932')
})
