// privacy-demo: the app's own privacy popup, shown when an API the privacy contract covers is
// called before the user agreed (WeChat's onNeedPrivacyAuthorization pattern).
App({});
