// The comparison side of the test-runner benchmark: the work of ../wxbox/login.test.js (200 tests,
// each rendering the login page, tapping its button, whose handler calls wx.login then setData,
// and checking the page data) under miniprogram-simulate + jsdom, as a plain Node script.
//
// Written as a miniprogram-simulate user writes it:
// - simulate needs a DOM (its README: "jsdom + nodejs (e.g. jest)"). jest's jsdom environment
//   makes the jsdom window the test file's global; here one JSDOM window is made and its
//   properties are put on the Node global, once for the file, as jest does once per test file.
// - simulate renders custom components, not pages, so the page is loaded through the usual
//   `Page` shim: `Page(options)` becomes `Component({data, methods})`, and simulate.load() runs
//   the page's own .js/.json/.wxml (the .wxml through the official wcc compiler, simulate's
//   default for a path).
// - wx.login is simulate's own wx mock (src/api/index.js: success with {code: '123456789'} from a
//   setTimeout(0)), the one a simulate user gets without writing anything.
// Prints the elapsed milliseconds and `N passed, N failed`; exits 1 if any check fails.
const t0 = process.hrtime.bigint()

const path = require('path')
const { performance } = require('perf_hooks')
const { JSDOM } = require('jsdom')

const dom = new JSDOM('<!DOCTYPE html><html><head></head><body></body></html>', {
  url: 'https://jest.test/', // simulate's own jest config uses testURL https://jest.test
  pretendToBeVisual: true, // requestAnimationFrame, as jest-environment-jsdom sets it
})
// Node 20 has its own Event, EventTarget, CustomEvent, ...: under jest's jsdom environment these
// are jsdom's (the window is the global), and j-component's dispatchEvent needs jsdom's
// CustomEvent for jsdom's dispatchEvent. The JS builtins, timers and console stay Node's.
const JSDOM_WINS = new Set(['EventTarget', 'Event', 'CustomEvent', 'MessageEvent', 'DOMException',
  'Blob', 'File', 'FormData', 'Headers', 'AbortController', 'AbortSignal'])
for (const key of Object.getOwnPropertyNames(dom.window)) {
  if (!(key in global) || JSDOM_WINS.has(key)) global[key] = dom.window[key]
}
global.window = dom.window
global.document = dom.window.document

const simulate = require('miniprogram-simulate')

// Page(options) -> Component: data stays data, the page's functions become methods (this.data and
// this.setData behave as on a page).
global.Page = (options) => {
  const methods = {}
  const data = options.data || {}
  for (const [key, value] of Object.entries(options)) {
    if (typeof value === 'function') methods[key] = value
  }
  global.Component({ data, methods })
}

const RUNS = 200
const pagePath = path.join(__dirname, '../app/pages/index/index')

function expectEqual(actual, expected, what) {
  if (actual !== expected) {
    throw new Error(`${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`)
  }
}

async function loginTest() {
  const id = simulate.load(pagePath)
  const comp = simulate.render(id)
  const parent = document.createElement('parent-wrapper')
  comp.attach(parent)

  // Two hops, each a macrotask: j-component dispatches the tap from a microtask, and the handler's
  // wx.login (simulate's mock) calls success from a setTimeout(0). One `await simulate.sleep(0)`
  // is not enough: its timer is set before the tap reaches the handler, so it fires before
  // wx.login's and the check sees code ''. The second sleep's timer is set after wx.login's.
  comp.querySelector('#login').dispatchEvent('tap')
  await simulate.sleep(0)
  await simulate.sleep(0)

  const code = comp.data.code
  expectEqual(typeof code, 'string', 'typeof data.code')
  if (!(code.length > 0)) throw new Error(`data.code is empty: ${JSON.stringify(code)}`)
  expectEqual(comp.instance.data.taps, 1, 'data.taps')
  comp.detach()
}

async function main() {
  const tReady = process.hrtime.bigint()
  const cpuReady = process.cpuUsage()
  const eluReady = performance.eventLoopUtilization()
  let passed = 0
  let failed = 0
  for (let i = 1; i <= RUNS; i++) {
    try {
      await loginTest()
      passed++
    } catch (err) {
      failed++
      if (failed <= 5) console.error(`test ${i} failed: ${err.message}`)
    }
  }
  const tEnd = process.hrtime.bigint()
  const cpu = process.cpuUsage(cpuReady)
  const elu = performance.eventLoopUtilization(eluReady)
  const ms = (a, b) => (Number(b - a) / 1e6).toFixed(1)
  console.log(`setup (jsdom + miniprogram-simulate): ${ms(t0, tReady)} ms`)
  // The event loop's idle time during the tests is the waiting on timers: Node's setTimeout(0)
  // waits at least 1 ms, and each test has three (two sleeps, wx.login's reply). The CPU time
  // counts every thread of the process (V8's GC threads too).
  console.log(`${RUNS} tests: ${ms(tReady, tEnd)} ms (event loop idle ${elu.idle.toFixed(1)} ms; ` +
    `${((cpu.user + cpu.system) / 1000).toFixed(1)} ms CPU)`)
  console.log(`elapsed: ${ms(t0, tEnd)} ms`)
  console.log(`${passed} passed, ${failed} failed`)
  process.exitCode = failed === 0 ? 0 : 1
}

main()
