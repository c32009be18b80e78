test('still runs beside the others', () => {
  expect([1, 2, 3]).toContain(2)
})
