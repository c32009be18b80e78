test('asks for gigabytes', () => {
  const s = 'x'.repeat(1 << 30)
  expect(s.length).toBe(1 << 30)
})
