test('file 1, first', () => expect(1).toBe(1))
test('file 1, second', () => expect(String(1)).toMatch(/^1$/))
