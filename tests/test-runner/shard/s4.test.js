test('file 4, first', () => expect(4).toBe(4))
test('file 4, second', () => expect(String(4)).toMatch(/^4$/))
