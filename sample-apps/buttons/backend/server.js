// The developer's server for the buttons sample: exchanges the getPhoneNumber and
// getEmailAddress codes at the WeChat interface service.
module.exports = {
  'POST /getPhoneNumber': async (req) => {
    const r = await wechat.getPhoneNumber(req.data.code);
    if (r.errcode) return { statusCode: 400, data: r };
    return { statusCode: 200, data: { phoneNumber: r.phone_info.phoneNumber } };
  },
  'POST /getEmail': async (req) => {
    const r = await wechat.getEmailAddress(req.data.code);
    if (r.errcode) return { statusCode: 400, data: r };
    return { statusCode: 200, data: { email: r.email_info.email } };
  },
};
