// subscribe-demo: asks the user for subscription messages, then has the server send them.
App({
  globalData: { token: '' },
});
