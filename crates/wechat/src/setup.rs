//! What WeChat's servers know about the world they serve: the app's account, the user's WeChat
//! account, session rules, the interface service's quota and faults, the subscription templates
//! and WeChat Pay's merchants. The simulated superapp's profile holds these sections as they are
//! written in `wxbox.toml` (`[app]`, `[user]`, `[session]`, `[service]`, `[payment]`) and hands
//! them to [`crate::platform::Platform::new`] as a [`Setup`]; nothing here knows about the
//! scripted user's decisions.

use serde::{Deserialize, Serialize};

/// Everything [`crate::platform::Platform`] is built from.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Setup {
    /// The mini-program's account.
    pub app: AppProfile,
    /// The user's WeChat account.
    pub user: UserProfile,
    /// Login session rules.
    pub session: SessionProfile,
    /// The interface service's quota and faults.
    pub service: ServiceProfile,
    /// The app's subscription templates, as the platform registered them.
    pub templates: Vec<TemplateSpec>,
    /// The public half of this key verifies Soter signatures (PKCS#8 PEM); the published
    /// test key when empty.
    pub soter_key_pem: String,
    /// WeChat Pay's merchants.
    pub payment: PaymentProfile,
}

impl Setup {
    /// The Soter key's PEM: the setup's, else the published test key.
    #[must_use]
    pub fn soter_key_pem(&self) -> &str {
        if self.soter_key_pem.is_empty() {
            crate::signing::SOTER_TEST_KEY
        } else {
            &self.soter_key_pem
        }
    }
}

/// A subscription template as the platform knows it (the user's answers are the superapp's).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateSpec {
    /// Template id.
    pub id: String,
    /// One-time, long-term or device.
    pub kind: TemplateKind,
}

/// `[service]`: the fake WeChat interface service (`api.weixin.qq.com`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ServiceProfile {
    /// Loopback port to listen on; 0 picks a free one. A fixed port lets a backend started
    /// outside wxbox find the service.
    pub port: u16,
    /// code2Session calls allowed per user per minute before errcode 45011 (fact sheet: 100).
    pub minute_quota: u32,
    /// Injected faults, matched in order.
    pub faults: Vec<FaultProfile>,
}

impl Default for ServiceProfile {
    fn default() -> Self {
        ServiceProfile {
            port: 0,
            minute_quota: 100,
            faults: Vec::new(),
        }
    }
}

/// `[[service.faults]]`: make the next calls of an endpoint fail or slow down.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FaultProfile {
    /// The endpoint's name as `wxbox serve` lists it (`code2Session`, `subscribeMessage.send`,
    /// `pay.jsapi`, ...), or `*` for all.
    pub api: String,
    /// Answer this errcode instead (-1 is WeChat's "system error").
    #[serde(default)]
    pub errcode: Option<i64>,
    /// Wait this long (real milliseconds) before answering.
    #[serde(default)]
    pub latency_ms: u64,
    /// How many calls the fault applies to; unset means every call.
    #[serde(default)]
    pub times: Option<u32>,
}

impl FaultProfile {
    /// The longest latency a fault may ask for: longer than any `wx.request` timeout (60 s by
    /// default) is already "never answers"; more would hold a connection, and the service's
    /// threads, for hours.
    pub const MAX_LATENCY_MS: u64 = 120_000;

    /// Refuses what the service could not honour.
    ///
    /// # Errors
    /// An unknown endpoint, or a latency over [`FaultProfile::MAX_LATENCY_MS`].
    pub fn check(&self) -> Result<(), String> {
        if self.api != "*" && !crate::platform::is_endpoint(&self.api) {
            let names: Vec<&str> = crate::platform::endpoints()
                .into_iter()
                .map(|(_, _, name)| name)
                .collect();
            return Err(format!(
                "unknown api {:?} (one of {}, or *)",
                self.api,
                names.join(", ")
            ));
        }
        if self.latency_ms > Self::MAX_LATENCY_MS {
            return Err(format!(
                "latency_ms {} is over the limit of {} ms (a request times out long before)",
                self.latency_ms,
                Self::MAX_LATENCY_MS
            ));
        }
        Ok(())
    }
}

/// `[app]`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AppProfile {
    /// The appid.
    pub appid: String,
    /// The app secret the developer's server uses at the interface service.
    pub secret: String,
    /// `develop`, `trial` or `release`.
    pub env_version: String,
    /// The online version (reported only for `release`).
    pub version: String,
    /// Set when the code runs inside a plugin: its appid and version.
    pub plugin: Option<PluginProfile>,
}

impl Default for AppProfile {
    fn default() -> Self {
        AppProfile {
            appid: "wx0123456789abcdef".into(),
            secret: "wxbox-app-secret-0123456789abcdef".into(),
            env_version: "develop".into(),
            version: "1.0.0".into(),
            plugin: None,
        }
    }
}

/// `[app.plugin]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PluginProfile {
    /// Plugin appid.
    pub appid: String,
    /// Plugin version.
    pub version: String,
}

/// `[user]`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct UserProfile {
    /// A stable identity; openids are derived from it and the appid.
    pub id: String,
    /// Nickname (getUserInfo, open-data).
    pub nick_name: String,
    /// Avatar address.
    pub avatar_url: String,
    /// Phone number without country code.
    pub phone: String,
    /// Country calling code.
    pub country_code: String,
    /// Email (the superapp's getEmailAddress button).
    pub email: String,
    /// The user's unionid, for an app bound to an open-platform account; empty when unbound
    /// (code2Session and open data then carry no unionid).
    pub unionid: String,
    /// WeChat judges this user high-risk: code2Session answers 40226.
    pub high_risk: bool,
}

impl Default for UserProfile {
    fn default() -> Self {
        UserProfile {
            id: "wxbox-user-1".into(),
            nick_name: "微信用户".into(),
            avatar_url: "https://thirdwx.qlogo.cn/mmopen/vi_32/POgEwh4mIHO4nibH0KlMECNjjGxQUq24ZEaGT4poC6icRiccVGKSyXwibcPq4BWmiaIGuG1icwxaQX6grC9VemZoJ8rg/132".into(),
            phone: "13800138000".into(),
            country_code: "86".into(),
            email: "user@example.com".into(),
            unionid: String::new(),
            high_risk: false,
        }
    }
}

/// `[session]`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SessionProfile {
    /// Seconds a login session stays valid for checkSession. WeChat does not publish its rule
    /// (it depends on use); three days is wxbox's choice.
    pub lifetime_s: u64,
    /// Start with a valid session, as if the user logged in before this run.
    pub logged_in: bool,
}

impl Default for SessionProfile {
    fn default() -> Self {
        SessionProfile {
            lifetime_s: 3 * 24 * 3600,
            logged_in: false,
        }
    }
}

/// A template's type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[allow(missing_docs)]
pub enum TemplateKind {
    OneTime,
    LongTerm,
    /// Device messages: refused by requestSubscribeMessage (20013).
    Device,
}

/// `[payment]`: WeChat Pay as the merchants see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PaymentProfile {
    /// The merchants (`[[payment.merchants]]`); one test merchant bound to the app by default.
    pub merchants: Vec<MerchantProfile>,
    /// Seconds a prepay_id stays payable (WeChat Pay docs, JSAPI order: two hours).
    pub prepay_lifetime_s: u64,
}

impl Default for PaymentProfile {
    fn default() -> Self {
        PaymentProfile {
            merchants: vec![MerchantProfile::default()],
            prepay_lifetime_s: 7200,
        }
    }
}

/// `[[payment.merchants]]`: a merchant account and its keys.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct MerchantProfile {
    /// The merchant id.
    pub mchid: String,
    /// The appid the merchant is bound to; the app's when unset.
    pub appid: Option<String>,
    /// The name the payment sheet shows.
    pub name: String,
    /// The merchant's API private key (`apiclient_key.pem`, PKCS#8 PEM), relative to the
    /// profile; wxbox's published test key when unset.
    pub private_key: Option<String>,
    /// The APIv3 key (32 characters): notification resources are encrypted under it.
    pub apiv3_key: String,
    /// The v2 API key (32 characters): v2 `paySign`s (MD5, HMAC-SHA256) are keyed by it.
    pub v2_key: String,
    /// The private key's PEM text, read when the profile is loaded.
    #[serde(skip)]
    pub private_key_pem: Option<String>,
}

impl Default for MerchantProfile {
    fn default() -> Self {
        MerchantProfile {
            mchid: "1230000109".into(),
            appid: None,
            name: "wxbox test shop".into(),
            private_key: None,
            apiv3_key: "wxbox-apiv3-key-0123456789abcdef".into(),
            v2_key: "wxbox-v2-api-key-0123456789abcde".into(),
            private_key_pem: None,
        }
    }
}

impl MerchantProfile {
    /// The private key's PEM: the profile's, else the published test key.
    #[must_use]
    pub fn key_pem(&self) -> &str {
        self.private_key_pem
            .as_deref()
            .unwrap_or(crate::signing::MERCHANT_TEST_KEY)
    }
}
