test('file 3, first', () => expect(3).toBe(3))
test('file 3, second', () => expect(String(3)).toMatch(/^3$/))
