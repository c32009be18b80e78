Page({
  onLoad() {
    let n = 0
    while (true) {
      n++
    }
  },
  onReady() {
    console.log('the page still becomes ready')
  }
})
