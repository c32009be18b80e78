//! The simulated superapp's profile: `wxbox.toml` in the app directory or `--profile FILE`.
//! Every field has a default, so an empty file (or none) is a complete profile. Unknown keys are
//! errors, reported with the file, line and column, so a typo never silently keeps a default.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use wxbox_host::network::{origin, ANY_ORIGIN};
use wxbox_host::soter::SoterError;
pub use wxbox_wechat::setup::{
    AppProfile, FaultProfile, MerchantProfile, PaymentProfile, PluginProfile, ServiceProfile,
    SessionProfile, TemplateKind, UserProfile,
};
use wxbox_wechat::setup::{Setup, TemplateSpec};

pub use crate::answers::{Answers, Decision};

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
    pub cloud: wxbox_host::cloud::CloudProfile,
    /// `[test]`: settings of `wxbox test` (roots, timeouts, the app), read by the test runner;
    /// kept here so one `wxbox.toml` holds both and the superapp ignores them.
    pub test: Map<String, Value>,
    /// The directory relative paths in the profile (mock backend scripts) start from: the
    /// profile file's directory; unset for a profile that came from no file.
    #[serde(skip)]
    pub base_dir: Option<PathBuf>,
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

/// Checks one `[request.domains]` entry. Whether an `http://` domain or `"*"` may be used
/// depends on `url_check`, which the router checks (an embedder may turn it off after loading).
///
/// # Errors
/// A domain that is not `https://host`, `http://host` or `"*"`, or a route that does not name
/// exactly one of `upstream` (an `http://` address) and `mock`.
pub fn check_route(domain: &str, route: &RouteProfile) -> Result<(), String> {
    let web = |o: &str| o.starts_with("https://") || o.starts_with("http://");
    match origin(domain) {
        _ if domain == ANY_ORIGIN => {}
        Some(o) if web(&o) && o == domain.trim_end_matches('/') => {}
        _ => {
            return Err(
                "a request domain is https://host[:port] with no path (http:// and \"*\" need url_check = false)"
                    .into(),
            )
        }
    }
    match (&route.upstream, &route.mock) {
        (Some(u), None) => {
            if !u.starts_with("http://") || origin(u).is_none() {
                return Err(format!(
                    "upstream {u:?} must be an http:// address (wxbox does not speak TLS to upstreams)"
                ));
            }
            Ok(())
        }
        (None, Some(m)) if !m.is_empty() => Ok(()),
        _ => Err("give exactly one of upstream = \"http://...\" or mock = \"file.js\"".into()),
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
            .unwrap_or(wxbox_wechat::signing::SOTER_TEST_KEY)
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
    /// What WeChat's servers are built from: the profile's WeChat-side sections.
    #[must_use]
    pub fn setup(&self) -> Setup {
        Setup {
            app: self.app.clone(),
            user: self.user.clone(),
            session: self.session.clone(),
            service: self.service.clone(),
            templates: self
                .subscriptions
                .templates
                .iter()
                .map(|t| TemplateSpec {
                    id: t.id.clone(),
                    kind: t.kind,
                })
                .collect(),
            soter_key_pem: self.soter.device_key_pem.clone().unwrap_or_default(),
            payment: self.payment.clone(),
        }
    }

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
            wxbox_wechat::signing::private_key(&pem)
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
            if !wxbox_host::settings::SCOPES.contains(&s.as_str()) {
                return Err(bad(format!("decisions.scopes: unknown scope {s:?}")));
            }
        }
        for m in self.soter.support.iter().chain(&self.soter.enrolled) {
            if !wxbox_host::soter::MODES.contains(&m.as_str()) {
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
            check_route(domain, route)
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
    fn request_routes_are_checked() {
        let up = |u: &str| RouteProfile {
            upstream: Some(u.into()),
            mock: None,
        };
        assert!(check_route("https://a.com", &up("http://127.0.0.1:8000")).is_ok());
        assert!(check_route("http://a.com", &up("http://127.0.0.1:8000")).is_ok());
        assert!(check_route("*", &up("http://127.0.0.1:8000")).is_ok());
        assert!(check_route("ftp://a.com", &up("http://127.0.0.1:8000")).is_err());
        assert!(check_route("https://a.com/x", &up("http://127.0.0.1:8000")).is_err());
        assert!(check_route("https://a.com", &up("https://x")).is_err());
        let both = RouteProfile {
            upstream: Some("http://x".into()),
            mock: Some("m.js".into()),
        };
        assert!(check_route("https://a.com", &both).is_err());
    }

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
