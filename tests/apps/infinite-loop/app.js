App({
  onError(msg) {
    console.log('App.onError got:', msg.split('\n')[0])
  }
})
