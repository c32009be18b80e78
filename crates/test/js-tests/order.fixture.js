// The hook order jest 29.7 printed for this file is in run.mjs.
const log = [];
beforeAll(() => log.push('ba0'));
afterAll(() => { log.push("aa0"); globalThis.printed = JSON.stringify(log); });
beforeEach(() => log.push('be0'));
afterEach(() => log.push('ae0'));
test('t0', () => log.push('t0'));
describe('A', () => {
  beforeAll(() => log.push('baA'));
  afterAll(() => log.push('aaA'));
  beforeEach(() => log.push('beA'));
  afterEach(() => log.push('aeA'));
  test('t1', () => log.push('t1'));
  describe('B', () => {
    beforeEach(() => log.push('beB'));
    afterEach(() => log.push('aeB'));
    test('t2', () => log.push('t2'));
    test.skip('t3', () => log.push('t3'));
  });
  describe('C', () => {
    beforeAll(() => log.push('baC'));
    afterAll(() => log.push('aaC'));
    test.skip('t4', () => log.push('t4'));
    test.todo('t5');
  });
  describe('D', () => {
    beforeAll(() => log.push('baD'));
    afterAll(() => log.push('aaD'));
    test.skip('t6', () => log.push('t6'));
  });
});
describe('E', () => {
  beforeAll(() => { log.push('baE'); throw new Error('baE failed'); });
  afterAll(() => log.push('aaE'));
  beforeEach(() => log.push('beE'));
  afterEach(() => log.push('aeE'));
  test('t7', () => log.push('t7'));
});
describe('F', () => {
  beforeEach(() => { log.push('beF'); throw new Error('beF failed'); });
  beforeEach(() => log.push('beF2'));
  afterEach(() => log.push('aeF'));
  test('t8', () => log.push('t8'));
});
