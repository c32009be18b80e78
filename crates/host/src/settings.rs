//! Settings and scopes family: `wx.authorize`, `wx.getSetting`, `wx.openSetting`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::reply::{Failure, Reply};

/// The scopes WeChat knows (docs, open-ability/authorize; seed 002 adds scope.addFriend).
pub const SCOPES: &[&str] = &[
    "scope.userInfo",
    "scope.userLocation",
    "scope.userFuzzyLocation",
    "scope.userLocationBackground",
    "scope.record",
    "scope.camera",
    "scope.bluetooth",
    "scope.writePhotosAlbum",
    "scope.addPhoneContact",
    "scope.addPhoneCalendar",
    "scope.werun",
    "scope.address",
    "scope.invoiceTitle",
    "scope.invoice",
    "scope.addFriend",
];

/// Scopes `getSetting` reports true before any request (docs: address and invoices need no popup).
pub const GRANTED_BY_DEFAULT: &[&str] = &["scope.address", "scope.invoiceTitle", "scope.invoice"];

/// `subscriptionsSetting`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SubscriptionsSetting {
    /// The user's main switch for subscription messages.
    pub main_switch: bool,
    /// Choices the user asked to remember, by template id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub item_settings: Option<BTreeMap<String, String>>,
}

/// getSetting / openSetting success.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Settings {
    /// Scope -> granted, for scopes that were asked about (and the default-granted ones).
    pub auth_setting: BTreeMap<String, bool>,
    /// Present when `withSubscriptions` was set.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subscriptions_setting: Option<SubscriptionsSetting>,
}

/// Why authorize failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ScopeError {
    /// Denied now or earlier. errno 103 is UNVERIFIED (fact sheet section 1).
    #[error("auth deny")]
    AuthDeny,
    /// Not a scope WeChat knows.
    #[error("invalid scope")]
    InvalidScope,
}

impl From<ScopeError> for Failure {
    fn from(e: ScopeError) -> Self {
        let errno = match e {
            ScopeError::AuthDeny => Some(103),
            ScopeError::InvalidScope => None,
        };
        Failure {
            reason: e.to_string(),
            errno,
            err_code: None,
        }
    }
}

/// Implements the settings family. State lives in the host: a scope once allowed or denied
/// stays so until the user changes it in the settings page (`open_setting`).
pub trait SettingsHost {
    /// The current settings.
    fn get_setting(&mut self, with_subscriptions: bool, reply: Reply<Settings>);
    /// Opens the settings page; the user may change switches; answers the settings after.
    fn open_setting(&mut self, with_subscriptions: bool, reply: Reply<Settings>);
    /// Asks for `scope` (a popup unless already decided).
    fn authorize(&mut self, scope: &str, reply: Reply<()>);
    /// Whether `scope` is granted now (APIs behind a scope check this).
    fn is_granted(&self, scope: &str) -> bool;
}
