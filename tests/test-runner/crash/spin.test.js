// Never returns: the loop limit counts per function, so the engine cannot stop it; the
// worker's watchdog must.
test('spins', () => {
  function inner() { for (let i = 0; i < 5e6; i++) {} }
  while (true) inner()
})
