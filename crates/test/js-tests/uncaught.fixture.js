// jest 29.7 reported: timer throws failed [toBe message, done timeout]; next passed; unhandled rejection failed ["floating"].
test('timer throws', (done) => { setTimeout(() => { expect(1).toBe(2); done(); }, 10); }, 200);
test('next', () => {});
test('unhandled rejection', async () => { Promise.reject(new Error('floating')); await new Promise((r) => setTimeout(r, 20)); });
