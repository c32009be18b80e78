const { formatTime } = require('../../utils/util.js')
const app = getApp()

Page({
  data: {
    motto: 'Hello World',
    ticks: 0,
    visits: []
  },
  onLoad(query) {
    this.setData({ motto: 'Hello wxbox', 'visits[0]': formatTime(new Date()) })
    console.log('index loaded at', this.data.visits[0], 'launch log has', wx.getStorageSync('logs').length, 'entries')
    const timer = setInterval(() => {
      this.setData({ ticks: this.data.ticks + 1 })
      if (this.data.ticks === 3) {
        clearInterval(timer)
        this.openDetail()
      }
    }, 1000)
  },
  onShow() {
    console.log('index shown; app shown at', app.globalData.shownAt)
  },
  onReady() {
    // Storage keeps the type of the value it is given: a Date comes back a Date.
    wx.setStorageSync('readyAt', new Date())
    wx.setStorage({ key: 'greeting', data: { text: this.data.motto } })
      .then(() => wx.getStorage({ key: 'greeting' }))
      .then(res => console.log('stored greeting:', res.data.text, wx.getStorageSync('readyAt') instanceof Date))
  },
  onHide() {
    console.log('index hidden')
  },
  openDetail() {
    wx.navigateTo({
      url: '/pages/detail/detail?id=42&from=index',
      success: res => console.log(res.errMsg),
      complete: () => console.log('navigateTo complete')
    })
  },
  onDetailClosed() {
    wx.switchTab({ url: '/pages/logs/logs' })
  }
})
