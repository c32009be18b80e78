// Seed 000's handlers; the backend (backend/server.js) exchanges the codes with the interface
// service and the page shows what it got back.
Page({
  data: { phone: '', email: '' },
  handleGetPhoneNumber(e) {
    const { code, errMsg } = e.detail
    if (code) {
      // Initiate a network request to retrieve the phone number from the backend.
      wx.request({
        url: 'https://example.com/getPhoneNumber',
        method: 'POST',
        data: { code },
        success: res => {
          console.log('phone:', res.data.phoneNumber)
          this.setData({ phone: res.data.phoneNumber })
        }
      })
    } else {
      console.error(errMsg)
    }
  },
  handleGetEmailAddress(e) {
    const { code, errMsg } = e.detail
    if (code) {
      // Initiate a network request to retrieve the email address from the backend.
      wx.request({
        url: 'https://example.com/getEmail',
        method: 'POST',
        data: { code },
        success: res => {
          console.log('mail:', res.data.email)
          this.setData({ email: res.data.email })
        }
      })
    } else {
      console.error(errMsg)
    }
  },
});
