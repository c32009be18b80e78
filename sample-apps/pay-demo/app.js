// pay-demo: logs in, then buys through the developer's server, which creates the WeChat Pay
// order, signs the payment parameters and receives the payment notification.
App({
  globalData: { token: '' },
});
