Page({
  onLoad() {
    const start = Date.now()
    setTimeout(() => console.log('fired after', (Date.now() - start) / 60000, 'minutes'), 5 * 60 * 1000)
  }
})
