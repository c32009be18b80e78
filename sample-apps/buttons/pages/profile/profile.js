// Seed 000's onChooseAvatar, with the nickname input and getUserProfile (tap-gesture rule).
const defaultAvatar = 'https://mmbiz.qpic.cn/mmbiz/icTdbqWNOwNRna42FI242Lcia07jQodd2FJGIYQfG0LAJGFxM4FbnQP6yfMxBgJ0F3YRqJCJ1aPAK2dQagdusBZg/0';

Page({
  data: {
    userHead: defaultAvatar,
    nickName: '',
  },
  onLoad() {
    // Not a tap: WeChat refuses this outside a tap handler.
    wx.getUserProfile({
      desc: 'Show your profile',
      fail: (err) => console.warn('onLoad: ' + err.errMsg),
    });
  },
  onChooseAvatar(e) {
    console.log('onChooseAvatar===', e.detail.avatarUrl);
    const { avatarUrl } = e.detail;
    if (avatarUrl) {
      this.setData({
        userHead: avatarUrl,
      });
    }
  },
  onNickInput(e) {
    this.setData({ nickName: e.detail.value });
  },
  onNickReview(e) {
    console.log('nickname review pass=' + e.detail.pass);
  },
  onProfileTap() {
    wx.getUserProfile({
      desc: 'Show your profile',
      success: (res) => this.setData({ nickName: res.userInfo.nickName }),
      fail: (err) => console.warn('tap: ' + err.errMsg),
    });
  },
});
