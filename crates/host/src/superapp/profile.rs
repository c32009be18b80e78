//! The simulated superapp's profile: `wxbox.toml` in the app directory or `--profile FILE`.
//! Every field has a default, so an empty file (or none) is a complete profile. Unknown keys are
//! errors, reported with the file, line and column, so a typo never silently keeps a default.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::soter::SoterError;

pub use super::answers::{Answers, Decision};

/// A profile that cannot be used.
#[derive(Debug, thiserror::Error)]
#[error("{file}: {message}")]
pub struct ProfileError {
    /// The profile file.
    pub file: String,
    /// What is wrong, with line and column when the TOML parser gives them.
    pub message: String,
}

/// The whole profile.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Profile {
    /// Seeds every random value (codes, keys), so runs repeat.
    pub seed: u64,
    /// The mini-program's account.
    pub app: AppProfile,
    /// The user.
    pub user: UserProfile,
    /// What the user decides when asked.
    pub decisions: Decisions,
    /// Login session rules.
    pub session: SessionProfile,
    /// The privacy contract.
    pub privacy: PrivacyProfile,
    /// Subscription templates and rules.
    pub subscriptions: SubscriptionProfile,
    /// Biometrics.
    pub soter: SoterProfile,
    /// WeChat Pay: the merchants and their keys.
    pub payment: PaymentProfile,
    /// Fields that override the simulated device's `getSystemInfoSync` answer.
    pub device: Map<String, Value>,
    /// The fake WeChat interface service.
    pub service: ServiceProfile,
    /// `wx.request` routing: the allowed domains and where each one goes.
    pub request: RequestProfile,
    /// `[cloud]`: `wx.cloud`'s functions folder and seeded collections.
    pub cloud: crate::cloud::CloudProfile,
    /// `[test]`: settings of `wxbox test` (roots, timeouts, the app), read by the test runner;
    /// kept here so one `wxbox.toml` holds both and the superapp ignores them.
    pub test: Map<String, Value>,
    /// The directory relative paths in the profile (mock backend scripts) start from: the
    /// profile file's directory; unset for a profile that came from no file.
    #[serde(skip)]
    pub base_dir: Option<PathBuf>,
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

/// `[request]`: which domains `wx.request` may reach, as the mini-program's "request legal
/// domains" list does, and what answers for each.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RequestProfile {
    /// `"https://api.example.com" = { upstream = "http://127.0.0.1:8000" }` or
    /// `"https://test.com" = { mock = "backend/server.js" }`. With `url_check = false` a domain
    /// may also be `http://host[:port]`, and `"*"` routes every origin not listed.
    pub domains: BTreeMap<String, RouteProfile>,
    /// Check request origins as a phone does: `https://` and on the list only. `false` is
    /// DevTools' "do not verify domain names" (`setting.urlCheck: false` in
    /// `project.config.json`): any origin, `http://` included, goes to its route, the `"*"`
    /// route, or fails as an unreachable host.
    pub url_check: bool,
}

impl Default for RequestProfile {
    fn default() -> Self {
        RequestProfile {
            domains: BTreeMap::new(),
            url_check: true,
        }
    }
}

impl RequestProfile {
    /// Turns origin checking off, as `setting.urlCheck: false` does in DevTools (for an
    /// embedder that read the project's config after the profile).
    pub fn without_url_check(&mut self) -> &mut Self {
        self.url_check = false;
        self
    }
}

/// Where one allowed domain goes: a real server or a mock backend script (exactly one).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RouteProfile {
    /// A real server (`http://host:port`), reached over HTTP.
    #[serde(default)]
    pub upstream: Option<String>,
    /// A JavaScript file exporting route handlers, run in its own sandbox context; relative to
    /// the profile's directory.
    #[serde(default)]
    pub mock: Option<String>,
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

/// An allow / deny answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[allow(missing_docs)]
pub enum Consent {
    Allow,
    Deny,
}

impl Decision for Consent {
    fn accepted() -> &'static str {
        "\"allow\" or \"deny\""
    }
}

impl Consent {
    /// `allow` / `deny`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Consent::Allow => "allow",
            Consent::Deny => "deny",
        }
    }
}

/// What the user does with a payment sheet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[allow(missing_docs)]
pub enum PayChoice {
    Pay,
    Cancel,
    Fail,
}

/// `[decisions]`: the scripted user. Every decision is one answer or a list answered in turn,
/// the last repeating: `user_profile = ["deny", "allow"]` denies the first popup and allows
/// every later one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Decisions {
    /// Per-scope answers to authorization popups.
    pub scopes: BTreeMap<String, Answers<Consent>>,
    /// The answer for scopes not listed.
    pub default_scope: Answers<Consent>,
    /// Switches the user sets in the settings page (`openSetting`), one answer per visit.
    pub open_setting: BTreeMap<String, Answers<bool>>,
    /// The getUserProfile popup.
    pub user_profile: Answers<Consent>,
    /// The getPhoneNumber button's popup.
    pub phone_number: Answers<Consent>,
    /// The getEmailAddress button's popup.
    pub email_address: Answers<Consent>,
    /// The chooseAvatar button's sheet: `allow` picks an image, `deny` cancels.
    pub choose_avatar: Answers<Consent>,
    /// The nickname keyboard: `allow` takes the WeChat nickname it offers.
    pub nickname: Answers<Consent>,
    /// Whether a nickname passes the security review (`bindnicknamereview`'s `pass`).
    pub nickname_review: Answers<bool>,
    /// The payment sheet.
    pub payment: Answers<PayChoice>,
    /// The detail for `payment = "fail"`.
    pub payment_fail_reason: String,
    /// The superapp's own privacy popup.
    pub privacy: Answers<Consent>,
    /// showModal: `confirm` true or false.
    pub modal_confirm: Answers<bool>,
    /// Text typed into an editable modal.
    pub modal_content: Answers<String>,
    /// showActionSheet: the index tapped, or -1 to cancel.
    pub action_sheet: Answers<i64>,
}

impl Default for Decisions {
    fn default() -> Self {
        Decisions {
            scopes: BTreeMap::new(),
            default_scope: Consent::Allow.into(),
            open_setting: BTreeMap::new(),
            user_profile: Consent::Allow.into(),
            phone_number: Consent::Allow.into(),
            email_address: Consent::Allow.into(),
            choose_avatar: Consent::Allow.into(),
            nickname: Consent::Allow.into(),
            nickname_review: true.into(),
            payment: PayChoice::Pay.into(),
            payment_fail_reason: "payment failed".into(),
            privacy: Consent::Allow.into(),
            modal_confirm: true.into(),
            modal_content: String::new().into(),
            action_sheet: 0.into(),
        }
    }
}

impl Decision for PayChoice {
    fn accepted() -> &'static str {
        "\"pay\", \"cancel\" or \"fail\""
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

/// `[privacy]`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PrivacyProfile {
    /// The contract's name.
    pub contract_name: String,
    /// The user agreed before this run.
    pub agreed: bool,
    /// APIs the contract covers (they wait for consent).
    pub covered: Vec<String>,
}

impl Default for PrivacyProfile {
    fn default() -> Self {
        PrivacyProfile {
            contract_name: "《小程序隐私保护指引》".into(),
            agreed: false,
            // The user-information and device APIs WeChat's privacy guide lists (docs,
            // user-privacy/miniprogram-intro); a profile narrows or widens it.
            covered: [
                "getUserProfile",
                "getUserInfo",
                "authorize",
                "getLocation",
                "getFuzzyLocation",
                "chooseLocation",
                "chooseAddress",
                "chooseImage",
                "chooseMedia",
                "chooseVideo",
                "getClipboardData",
                "setClipboardData",
                "startRecord",
                "saveImageToPhotosAlbum",
                "getWeRunData",
                "chooseInvoice",
                "chooseInvoiceTitle",
                "addPhoneContact",
            ]
            .iter()
            .map(|s| (*s).to_string())
            .collect(),
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

/// The user's answer for a template.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[allow(missing_docs)]
pub enum TemplateChoice {
    Accept,
    Reject,
}

/// `[[subscriptions.templates]]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Template {
    /// Template id.
    pub id: String,
    /// Title (two ids with one title: the second is filtered).
    pub title: String,
    /// One-time, long-term or device.
    #[serde(default = "one_time")]
    pub kind: TemplateKind,
    /// The user's answer (or answers, one per request, the last repeating).
    #[serde(default = "accept")]
    pub decision: Answers<TemplateChoice>,
    /// Banned by the platform: always `ban`.
    #[serde(default)]
    pub banned: bool,
    /// The user ticks "always keep this choice".
    #[serde(default)]
    pub remember: bool,
}

fn one_time() -> TemplateKind {
    TemplateKind::OneTime
}

fn accept() -> Answers<TemplateChoice> {
    TemplateChoice::Accept.into()
}

impl Decision for TemplateChoice {
    fn accepted() -> &'static str {
        "\"accept\" or \"reject\""
    }
}

/// `[subscriptions]`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SubscriptionProfile {
    /// The user's main switch.
    pub main_switch: bool,
    /// Templates per call: 3 in the seeds and older base libraries, 5 since 3.12.1.
    pub max_per_call: usize,
    /// The app is banned from subscribing (20005).
    pub app_banned: bool,
    /// Fail every request with this errCode (10002, 10003, 10005: network and UI faults).
    pub fail_with: Option<i64>,
    /// The app's templates.
    pub templates: Vec<Template>,
}

impl Default for SubscriptionProfile {
    fn default() -> Self {
        SubscriptionProfile {
            main_switch: true,
            max_per_call: 3,
            app_banned: false,
            fail_with: None,
            templates: Vec::new(),
        }
    }
}

/// `[soter]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SoterProfile {
    /// Modes the device supports.
    pub support: Vec<String>,
    /// Modes with something enrolled.
    pub enrolled: Vec<String>,
    /// Make authentication fail this way (`cancel`, `failed`, `frozen`, ...); success when unset.
    pub fail_with: Option<SoterError>,
    /// The device's signing key (PKCS#8 PEM file, relative to the profile); wxbox's published
    /// test key when unset.
    pub device_key: Option<String>,
    /// The key's PEM text, read when the profile is loaded.
    #[serde(skip)]
    pub device_key_pem: Option<String>,
}

impl Default for SoterProfile {
    fn default() -> Self {
        SoterProfile {
            support: vec!["fingerPrint".into(), "facial".into()],
            enrolled: vec!["fingerPrint".into()],
            fail_with: None,
            device_key: None,
            device_key_pem: None,
        }
    }
}

impl SoterProfile {
    /// The device key's PEM: the profile's, else the published test key.
    #[must_use]
    pub fn key_pem(&self) -> &str {
        self.device_key_pem
            .as_deref()
            .unwrap_or(crate::signing::SOTER_TEST_KEY)
    }
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

/// The dotted key whose value holds byte `at` of a TOML text: the `key = value` line's key
/// under the nearest `[table]` header above it. `None` where that cannot be read off the lines
/// (a header, a multi-line value), so an error then keeps toml's position alone.
fn key_at(text: &str, at: usize) -> Option<String> {
    let before = text.get(..at)?;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let line = text[line_start..].lines().next()?;
    let (key, _) = line.split_once('=')?;
    let key = key.trim();
    if key.is_empty() || key.starts_with('[') || key.starts_with('#') || at < line_start + key.len()
    {
        return None;
    }
    let table = text[..line_start].lines().rev().find_map(|l| {
        let l = l.trim();
        l.starts_with('[')
            .then(|| l.trim_matches(|c| c == '[' || c == ']').trim().to_string())
    });
    Some(match table {
        Some(t) if !t.is_empty() => format!("{t}.{key}"),
        _ => key.to_string(),
    })
}

impl Profile {
    /// Parses TOML; `file` names it in errors.
    ///
    /// # Errors
    /// Bad TOML, unknown keys, wrong types, with line and column.
    pub fn from_toml(text: &str, file: &str) -> Result<Self, ProfileError> {
        Profile::parse(text, file, None)
    }

    fn parse(text: &str, file: &str, base: Option<&Path>) -> Result<Self, ProfileError> {
        let mut profile: Profile = toml::from_str(text).map_err(|e| {
            // toml's report is "TOML parse error at line L, column C", a source excerpt, and
            // the message under a caret: keep the position and the message on one line.
            let report = e.to_string();
            let position = report.lines().next().unwrap_or_default().to_string();
            let position = position.trim_start_matches("TOML parse error at ");
            // serde's messages say what is wrong but not where in the profile's tree: name the
            // key, so `decisions.user_profile: ...` needs no reading of the excerpt.
            let key = e
                .span()
                .and_then(|span| key_at(text, span.start))
                .map(|k| format!("{k}: "))
                .unwrap_or_default();
            ProfileError {
                file: file.into(),
                message: format!("{position}: {key}{}", e.message()),
            }
        })?;
        profile.check(file)?;
        profile.read_keys(file, base)?;
        Ok(profile)
    }

    /// Reads and parses a profile file.
    ///
    /// # Errors
    /// Unreadable file, or see [`Profile::from_toml`].
    pub fn load(path: &Path) -> Result<Self, ProfileError> {
        let file = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| ProfileError {
            file: file.clone(),
            message: e.to_string(),
        })?;
        let mut profile = Profile::parse(&text, &file, path.parent())?;
        profile.base_dir = path.parent().map(Path::to_path_buf);
        Ok(profile)
    }

    /// Reads and checks the key files the profile names (relative to `base`, else the working
    /// directory).
    fn read_keys(&mut self, file: &str, base: Option<&Path>) -> Result<(), ProfileError> {
        let read = |what: String, rel: &str| -> Result<String, ProfileError> {
            let path = base.map_or_else(|| PathBuf::from(rel), |b| b.join(rel));
            let bad = |message: String| ProfileError {
                file: file.into(),
                message: format!("{what}: {message}"),
            };
            let pem = std::fs::read_to_string(&path)
                .map_err(|e| bad(format!("cannot read {}: {e}", path.display())))?;
            crate::signing::private_key(&pem)
                .map_err(|e| bad(format!("{}: {e}", path.display())))?;
            Ok(pem)
        };
        for (i, m) in self.payment.merchants.iter_mut().enumerate() {
            if let Some(rel) = &m.private_key {
                m.private_key_pem = Some(read(format!("payment.merchants[{i}].private_key"), rel)?);
            }
        }
        if let Some(rel) = &self.soter.device_key {
            self.soter.device_key_pem = Some(read("soter.device_key".into(), rel)?);
        }
        Ok(())
    }

    fn check(&self, file: &str) -> Result<(), ProfileError> {
        let bad = |message: String| ProfileError {
            file: file.into(),
            message,
        };
        if !["develop", "trial", "release"].contains(&self.app.env_version.as_str()) {
            return Err(bad(format!(
                "app.env_version must be develop, trial or release, not {:?}",
                self.app.env_version
            )));
        }
        for s in self.decisions.scopes.keys() {
            if !crate::settings::SCOPES.contains(&s.as_str()) {
                return Err(bad(format!("decisions.scopes: unknown scope {s:?}")));
            }
        }
        for m in self.soter.support.iter().chain(&self.soter.enrolled) {
            if !crate::soter::MODES.contains(&m.as_str()) {
                return Err(bad(format!(
                    "soter: unknown mode {m:?} (fingerPrint, facial, speech)"
                )));
            }
        }
        for (i, f) in self.service.faults.iter().enumerate() {
            f.check()
                .map_err(|e| bad(format!("service.faults[{i}]: {e}")))?;
        }
        for (domain, route) in &self.request.domains {
            crate::network::check_route(domain, route)
                .map_err(|e| bad(format!("request.domains.{domain:?}: {e}")))?;
        }
        let mut mchids = std::collections::HashSet::new();
        for (i, m) in self.payment.merchants.iter().enumerate() {
            if !mchids.insert(&m.mchid) {
                return Err(bad(format!(
                    "payment.merchants[{i}]: mchid {:?} listed twice",
                    m.mchid
                )));
            }
            for (field, key) in [("apiv3_key", &m.apiv3_key), ("v2_key", &m.v2_key)] {
                if key.len() != 32 {
                    return Err(bad(format!(
                        "payment.merchants[{i}].{field} must be 32 characters, not {}",
                        key.len()
                    )));
                }
            }
        }
        let mut ids = std::collections::HashSet::new();
        for t in &self.subscriptions.templates {
            if !ids.insert(&t.id) {
                return Err(bad(format!(
                    "subscriptions.templates: id {:?} listed twice",
                    t.id
                )));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_name_the_key_and_what_is_accepted() {
        let e = Profile::from_toml(
            "seed = 1\n[decisions]\nuser_profile = \"maybe\"\n",
            "w.toml",
        )
        .expect_err("a bad decision");
        assert_eq!(
            e.to_string(),
            "w.toml: line 3, column 16: decisions.user_profile: \"maybe\" is not accepted here: \
             expected \"allow\" or \"deny\", or a list of them answered in turn (the last repeats)"
        );
        let e = Profile::from_toml(
            "[decisions.scopes]\n\"scope.record\" = [\"deny\", 1]\n",
            "w",
        )
        .expect_err("a bad item");
        assert!(
            e.message
                .contains("decisions.scopes.\"scope.record\": item 2 of the list"),
            "{e}"
        );
    }

    #[test]
    fn decisions_may_be_sequences() {
        let p = Profile::from_toml(
            "[decisions]\nuser_profile = [\"deny\", \"allow\"]\nmodal_confirm = [false, true]\n\
             action_sheet = [-1, 2]\npayment = [\"cancel\", \"pay\"]\n",
            "w.toml",
        )
        .expect("sequences");
        let mut d = p.decisions;
        assert_eq!(d.user_profile.take(), Consent::Deny);
        assert_eq!(d.user_profile.take(), Consent::Allow);
        assert_eq!(d.user_profile.take(), Consent::Allow);
        assert_eq!(d.modal_confirm.values(), [false, true]);
        assert_eq!(d.action_sheet.values(), [-1, 2]);
        assert_eq!(d.payment.take(), PayChoice::Cancel);
    }
}
