test('file 5, first', () => expect(5).toBe(5))
test('file 5, second', () => expect(String(5)).toMatch(/^5$/))
