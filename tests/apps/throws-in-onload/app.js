App({
  onError(msg) {
    console.error('App.onError:', msg.split('\n')[0])
  },
  onUnhandledRejection(res) {
    console.error('App.onUnhandledRejection:', res.reason.errMsg)
  }
})
