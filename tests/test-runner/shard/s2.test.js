test('file 2, first', () => expect(2).toBe(2))
test('file 2, second', () => expect(String(2)).toMatch(/^2$/))
