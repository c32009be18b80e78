test('while (true) {}', () => {
  while (true) {}
})
