// Behaviour tests for this app: jest's globals and the miniprogram-automator API, run by
// `wxbox test` (no IDE, no QR code). `mp.user` is the scripted user behind every popup.
const automator = require('miniprogram-automator');
const path = require('path');

let mp;

beforeEach(async () => {
  mp = await automator.launch({ projectPath: path.join(__dirname, '..') });
});

afterEach(async () => {
  await mp.close();
});

test('onLaunch logs in through the server and keeps its token', async () => {
  await mp.currentPage();
  expect(await mp.storage.get('token')).toMatch(/^tk_/);
  const state = await mp.server.state();
  expect(state.codesIssued).toBe(1);
});

test('the user says no to the profile popup, then yes', async () => {
  const page = await mp.currentPage();
  await mp.user.denyUserProfile();
  await (await page.$('#profile')).tap();
  expect(await page.data('denied')).toBe(true);
  expect(await (await page.$('.greeting')).text()).toBe('Hello, guest');

  await mp.user.allowUserProfile();
  await (await page.$('#profile')).tap();
  expect(await page.data('denied')).toBe(false);
  expect(await (await page.$('.greeting')).text()).toBe('Hello, 微信用户');
});
