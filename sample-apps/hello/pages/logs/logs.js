const util = require('../../utils/util.js')

Page({
  data: {
    logs: []
  },
  onLoad() {
    this.setData({
      logs: (wx.getStorageSync('logs') || []).map(log => util.formatTime(new Date(log)))
    }, () => console.log('logs rendered:', this.data.logs.join(', ')))
    const info = wx.getStorageInfoSync()
    console.log('storage keys:', info.keys.join(','), '-', info.currentSize, 'KB of', info.limitSize, 'KB')
    wx.navigateTo({ url: '/pages/index/index', fail: err => console.warn(err.errMsg) })
  }
})
