// Permissions demo: location consent, the settings page, subscriptions, under the scripted user
// in wxbox.toml (this user refuses location at first and turns it on in the settings page).
App({})
