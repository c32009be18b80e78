Page({
  onLoad() {
    setTimeout(() => console.log('timer after the error still runs'), 100)
    // A Promise-form wx call whose failure nobody catches.
    wx.getStorage({ key: 'missing' })
    this.undefinedMethod()
  },
  onReady() {
    console.log('onReady still runs')
  }
})
