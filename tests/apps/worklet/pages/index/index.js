// Skyline's worklet animations on the virtual clock: a timing animation holds its start value
// until its duration has passed, then its target, and its callback says it finished; a cancelled
// one says it did not. A route context shows the route finished.
const { shared, timing, derived, cancelAnimation, Easing, runOnJS } = wx.worklet
Page({
  onLoad() {
    const offset = shared(0)
    const double = derived(() => offset.value * 2)
    offset.value = timing(100, { duration: 500, easing: Easing.inOut(Easing.quad) }, (done) => {
      console.log('finished', done, offset.value, double.value)
    })
    console.log('start', offset.value)
    setTimeout(() => console.log('midway', offset.value), 250)
    const other = shared(5)
    other.value = timing(50, {}, (done) => console.log('cancelled', done, other.value))
    setTimeout(() => cancelAnimation(other), 100)
    runOnJS((x) => console.log('on js', x))(7)
    const ctx = wx.router.getRouteContext(this)
    console.log('route', ctx.primaryAnimation.value, ctx === wx.router.getRouteContext(this))
    this.applyAnimatedStyle('#box', () => ({ opacity: offset.value }), {}, (res) => console.log('bound', res.styleId))
  },
})
