Page({
  onLoad() {
    setInterval(() => {}, 0)
  }
})
