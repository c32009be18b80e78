Page({
  data: {},
  onLoad() {
    const x = ;
  }
})
