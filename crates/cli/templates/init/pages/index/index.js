Page({
  data: { nickName: '', denied: false },

  // getUserProfile opens a popup, so WeChat allows it only inside a tap handler.
  onProfileTap() {
    wx.getUserProfile({
      desc: 'to greet you by name',
      success: (res) => this.setData({ nickName: res.userInfo.nickName, denied: false }),
      fail: (err) => {
        console.warn(err.errMsg);
        this.setData({ denied: true });
      },
    });
  },
});
