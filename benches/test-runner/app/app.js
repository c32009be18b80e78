// The benchmark's one-page app: nothing at App level.
App({})
