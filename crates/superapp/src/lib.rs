//! The simulated superapp: the default implementation of the host contract (`wxbox-host`). A
//! scripted user (the profile's decisions) answers every popup, and the superapp keeps the state
//! WeChat keeps: granted and denied scopes, the login session, privacy consent, remembered
//! subscription choices, the toast on screen. WeChat's server side (codes, sessions, open-data
//! crypto, WeChat Pay) is `wxbox-wechat`, which this crate drives; the superapp knows nothing of
//! JavaScript or of the mini-program beyond what the host traits carry.
//!
//! Every popup is reported as a [`Prompt`] with the decision, so it lands in the trace.

mod answers;
pub mod profile;

use serde_json::{json, Map, Value};
use std::collections::BTreeMap;

pub use profile::{Consent, PayChoice, Profile, ProfileError, TemplateChoice, TemplateKind};
use wxbox_host::account::{AccountHost, AccountInfo, MiniProgramAccount, PluginAccount};
use wxbox_host::auth::{AuthError, AuthHost, LoginCode};
use wxbox_host::buttons::{Avatar, ButtonCode, ButtonError, ButtonHost, NicknameReview};
use wxbox_host::network::{Abort, Exchange, HttpRequest, NetworkError, NetworkHost};
use wxbox_host::payment::{Paid, PaymentError, PaymentHost, PaymentRequest};
use wxbox_host::privacy::{PrivacyDecision, PrivacyHost, PrivacySetting};
use wxbox_host::reply::{Prompt, Reply};
use wxbox_host::settings::{
    ScopeError, Settings, SettingsHost, SubscriptionsSetting, GRANTED_BY_DEFAULT, SCOPES,
};
use wxbox_host::soter::{SoterError, SoterHost, SoterRequest, SoterResult};
use wxbox_host::subscription::{SubscribeError, SubscriptionHost};
use wxbox_host::ui::{ActionSheetResult, Modal, ModalResult, Toast, UiError, UiHost};
use wxbox_host::user::{UserData, UserError, UserHost, UserInfo, UserInfoRequest};
use wxbox_wechat::platform::{self, CodeKind, Platform, PlatformClock, Session, SharedPlatform};
pub use wxbox_wechat::SeededRng;

/// The simulated superapp.
pub struct Superapp {
    profile: Profile,
    rng: SeededRng,
    /// WeChat's server side: codes, sessions, subscriptions; shared with the interface service.
    platform: SharedPlatform,
    /// Scopes the user has decided: granted (true) or denied (false).
    scopes: BTreeMap<String, bool>,
    privacy_agreed: bool,
    /// Template choices the user asked to remember.
    remembered: BTreeMap<String, String>,
    showing: Option<Toast>,
}

impl std::fmt::Debug for Superapp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Superapp")
            .field("appid", &self.profile.app.appid)
            .field("scopes", &self.scopes)
            .finish_non_exhaustive()
    }
}

impl Superapp {
    /// A superapp following `profile`, reading sandbox time from `clock`.
    #[must_use]
    pub fn new(profile: Profile, clock: PlatformClock) -> Self {
        let rng = SeededRng::new(profile.seed);
        // A separate stream for the platform, so codes do not shift when the superapp draws.
        let mut platform = Platform::new(&profile.setup(), clock, profile.seed ^ 0x5745_4348_4154);
        if profile.session.logged_in {
            platform.start_session();
        }
        let privacy_agreed = profile.privacy.agreed;
        Superapp {
            profile,
            rng,
            platform: platform.shared(),
            scopes: BTreeMap::new(),
            privacy_agreed,
            remembered: BTreeMap::new(),
            showing: None,
        }
    }

    /// WeChat's server side, to hand to the interface service.
    #[must_use]
    pub fn platform(&self) -> &SharedPlatform {
        &self.platform
    }

    /// The profile.
    #[must_use]
    pub fn profile(&self) -> &Profile {
        &self.profile
    }

    /// The profile, to change the scripted user's decisions while the app runs (a test's
    /// "deny once, then allow"). Decisions are read when each popup opens, so a change applies
    /// from the next one; the app, session and service settings were read at start and stay.
    pub fn profile_mut(&mut self) -> &mut Profile {
        &mut self.profile
    }

    /// The user's openid for the current app: stable for a (user, appid) pair, as WeChat's is.
    #[must_use]
    pub fn openid(&self) -> String {
        wxbox_wechat::rng::openid(&self.profile.user.id, &self.profile.app.appid)
    }

    /// The current session, if it is live.
    #[must_use]
    pub fn session(&self) -> Option<Session> {
        platform::lock(&self.platform).live_session().cloned()
    }

    /// How many codes (login, auth, phone, email) the platform has issued so far.
    #[must_use]
    pub fn codes_issued(&self) -> usize {
        platform::lock(&self.platform).codes_issued()
    }

    /// Unused one-time acceptances of `template`.
    #[must_use]
    pub fn acceptances(&self, template: &str) -> u32 {
        platform::lock(&self.platform).acceptances(template)
    }

    /// The toast or loading indicator on screen.
    #[must_use]
    pub fn showing(&self) -> Option<&Toast> {
        self.showing.as_ref()
    }

    /// The scripted answer to this scope's popup, which uses it up (a sequence moves on).
    fn scope_decision(&mut self, scope: &str) -> Consent {
        let d = &mut self.profile.decisions;
        match d.scopes.get_mut(scope) {
            Some(answers) => answers.take(),
            None => d.default_scope.take(),
        }
    }

    fn settings(&self, with_subscriptions: bool) -> Settings {
        let mut auth_setting: BTreeMap<String, bool> = GRANTED_BY_DEFAULT
            .iter()
            .map(|s| ((*s).to_string(), true))
            .collect();
        auth_setting.extend(self.scopes.iter().map(|(k, v)| (k.clone(), *v)));
        Settings {
            auth_setting,
            subscriptions_setting: with_subscriptions.then(|| SubscriptionsSetting {
                main_switch: self.profile.subscriptions.main_switch,
                item_settings: (!self.remembered.is_empty()).then(|| self.remembered.clone()),
            }),
        }
    }

    /// A button that asks the user, then hands the app a code its server redeems.
    fn code_button(
        &mut self,
        prompt: &str,
        shown: Value,
        d: Consent,
        kind: CodeKind,
        mut reply: Reply<ButtonCode>,
    ) {
        reply.prompt(Prompt::new(prompt, shown, d.as_str()));
        match d {
            Consent::Allow => {
                let code = self.issue_code(kind);
                reply.ok(ButtonCode { code });
            }
            Consent::Deny => reply.fail(ButtonError::UserDeny),
        }
    }

    fn issue_code(&mut self, kind: CodeKind) -> String {
        platform::lock(&self.platform).issue_code(kind)
    }

    /// Since base library 2.27.1 only nickname and avatar are real; the rest is blank and
    /// `language` is always zh_CN whatever `lang` asked (fact sheet section 2).
    ///
    /// With a live login session the data is also signed and encrypted under the session key
    /// (fact sheet section 5). The encrypted copy carries `openId` / `unionId` for getUserInfo
    /// only (`with_ids`) and the watermark. Without a session there is no key the developer's
    /// server could know, so those fields are left out.
    fn user_data(&mut self, with_ids: bool, credentials: bool) -> UserData {
        let u = &self.profile.user;
        let user_info = UserInfo {
            nick_name: u.nick_name.clone(),
            avatar_url: u.avatar_url.clone(),
            gender: 0,
            country: String::new(),
            province: String::new(),
            city: String::new(),
            language: "zh_CN".into(),
        };
        let raw_data = serde_json::to_string(&user_info).unwrap_or_default();
        let mut data = UserData {
            user_info,
            raw_data,
            signature: None,
            encrypted_data: None,
            iv: None,
        };
        let session = self.session().filter(|_| credentials);
        if let Some(session) = session {
            let key = session.key_b64();
            let (appid, openid, unionid, wall_ms) = {
                let p = platform::lock(&self.platform);
                (
                    p.appid().to_string(),
                    p.openid().to_string(),
                    p.unionid().map(str::to_string),
                    p.now().wall_ms,
                )
            };
            let mut plain = Map::new();
            if with_ids {
                plain.insert("openId".into(), json!(openid));
            }
            if let Ok(Value::Object(fields)) = serde_json::to_value(&data.user_info) {
                plain.extend(fields);
            }
            if let (true, Some(u)) = (with_ids, unionid) {
                plain.insert("unionId".into(), json!(u));
            }
            plain.insert(
                "watermark".into(),
                json!({ "timestamp": wall_ms / 1000, "appid": appid }),
            );
            let iv = self.rng.bytes16();
            let text = Value::Object(plain).to_string();
            data.signature = Some(wxbox_wechat::crypto::raw_data_signature(
                &data.raw_data,
                &key,
            ));
            data.encrypted_data = Some(wxbox_wechat::crypto::encrypt(
                &session.key,
                &iv,
                text.as_bytes(),
            ));
            data.iv = Some(wxbox_wechat::crypto::b64(&iv));
        }
        data
    }
}

impl AuthHost for Superapp {
    fn login(&mut self, _timeout_ms: Option<f64>, reply: Reply<LoginCode>) {
        let code = self.issue_code(CodeKind::Login);
        reply.ok(LoginCode { code });
    }

    fn check_session(&mut self, reply: Reply<()>) {
        if self.session().is_some() {
            reply.ok(());
        } else {
            reply.fail(AuthError::SessionExpired);
        }
    }

    fn get_auth_code(&mut self, scopes: Vec<String>, mut reply: Reply<LoginCode>) {
        // Custom scopes are consented to in the superapp's own popup (seed 000).
        if !scopes.is_empty() {
            let d = self.profile.decisions.default_scope.take();
            reply.prompt(Prompt::new(
                "getAuthCode",
                json!({ "scopes": scopes }),
                d.as_str(),
            ));
            if d == Consent::Deny {
                return reply.fail(ScopeError::AuthDeny);
            }
        }
        let code = self.issue_code(CodeKind::AuthCode);
        reply.ok(LoginCode { code });
    }
}

impl UserHost for Superapp {
    fn user_info(&mut self, req: UserInfoRequest, reply: Reply<UserData>) {
        match self.scopes.get("scope.userInfo") {
            Some(true) => reply.ok(self.user_data(true, req.with_credentials)),
            Some(false) => reply.fail(UserError::AuthDeny),
            None => reply.fail(UserError::ScopeUnauthorized),
        }
    }

    fn user_profile(&mut self, req: UserInfoRequest, mut reply: Reply<UserData>) {
        let d = self.profile.decisions.user_profile.take();
        reply.prompt(Prompt::new(
            "getUserProfile",
            json!({ "desc": req.desc, "nickName": self.profile.user.nick_name }),
            d.as_str(),
        ));
        match d {
            Consent::Allow => reply.ok(self.user_data(false, true)),
            Consent::Deny => reply.fail(UserError::AuthDeny),
        }
    }
}

impl ButtonHost for Superapp {
    fn user_info(&mut self, lang: &str, mut reply: Reply<UserData>) {
        // Granted: no popup. Otherwise the button asks every time (a denied user can change
        // their mind here, unlike with wx.authorize).
        if self.scopes.get("scope.userInfo") != Some(&true) {
            let d = self.scope_decision("scope.userInfo");
            reply.prompt(Prompt::new(
                "getUserInfo",
                json!({ "scope": "scope.userInfo", "lang": lang }),
                d.as_str(),
            ));
            self.scopes
                .insert("scope.userInfo".into(), d == Consent::Allow);
            if d == Consent::Deny {
                return reply.fail(ButtonError::AuthDeny);
            }
        }
        reply.ok(self.user_data(true, true));
    }

    fn phone_number(&mut self, reply: Reply<ButtonCode>) {
        let d = self.profile.decisions.phone_number.take();
        let shown = json!({ "phone": self.profile.user.phone });
        self.code_button("getPhoneNumber", shown, d, CodeKind::Phone, reply);
    }

    fn email_address(&mut self, reply: Reply<ButtonCode>) {
        let d = self.profile.decisions.email_address.take();
        let shown = json!({ "email": self.profile.user.email });
        self.code_button("getEmailAddress", shown, d, CodeKind::Email, reply);
    }

    fn choose_avatar(&mut self, mut reply: Reply<Avatar>) {
        let d = self.profile.decisions.choose_avatar.take();
        let choice = match d {
            Consent::Allow => "choose",
            Consent::Deny => "cancel",
        };
        reply.prompt(Prompt::new("chooseAvatar", json!({}), choice));
        match d {
            Consent::Allow => {
                let name = hex::encode(self.rng.bytes16());
                reply.ok(Avatar {
                    avatar_url: format!("wxfile://tmp_{name}.jpg"),
                });
            }
            Consent::Deny => reply.fail(ButtonError::Cancel),
        }
    }

    fn nickname(&mut self, mut reply: Reply<Option<String>>) {
        let d = self.profile.decisions.nickname.take();
        let offered = self.profile.user.nick_name.clone();
        reply.prompt(Prompt::new(
            "nickname",
            json!({ "offered": offered }),
            match d {
                Consent::Allow => "use",
                Consent::Deny => "ignore",
            },
        ));
        reply.ok((d == Consent::Allow).then_some(offered));
    }

    fn review_nickname(&mut self, _value: &str, reply: Reply<NicknameReview>) {
        reply.ok(NicknameReview {
            pass: self.profile.decisions.nickname_review.take(),
            timeout: false,
        });
    }
}

impl SettingsHost for Superapp {
    fn get_setting(&mut self, with_subscriptions: bool, reply: Reply<Settings>) {
        reply.ok(self.settings(with_subscriptions));
    }

    fn open_setting(&mut self, with_subscriptions: bool, mut reply: Reply<Settings>) {
        let changes: BTreeMap<String, bool> = self
            .profile
            .decisions
            .open_setting
            .iter_mut()
            .map(|(scope, on)| (scope.clone(), on.take()))
            .collect();
        for (scope, on) in &changes {
            // The settings page lists only scopes the app has asked for.
            if self.scopes.contains_key(scope) {
                self.scopes.insert(scope.clone(), *on);
            }
        }
        reply.prompt(Prompt::new(
            "openSetting",
            json!({ "switches": self.scopes }),
            if changes.is_empty() {
                "close"
            } else {
                "change"
            },
        ));
        reply.ok(self.settings(with_subscriptions));
    }

    fn authorize(&mut self, scope: &str, mut reply: Reply<()>) {
        if !SCOPES.contains(&scope) {
            return reply.fail(ScopeError::InvalidScope);
        }
        if GRANTED_BY_DEFAULT.contains(&scope) {
            return reply.ok(());
        }
        match self.scopes.get(scope) {
            Some(true) => reply.ok(()),
            // A denied scope fails at once: WeChat does not ask again until the user changes
            // it in the settings page.
            Some(false) => reply.fail(ScopeError::AuthDeny),
            None => {
                let d = self.scope_decision(scope);
                reply.prompt(Prompt::new(
                    "authorize",
                    json!({ "scope": scope }),
                    d.as_str(),
                ));
                self.scopes.insert(scope.to_string(), d == Consent::Allow);
                match d {
                    Consent::Allow => reply.ok(()),
                    Consent::Deny => reply.fail(ScopeError::AuthDeny),
                }
            }
        }
    }

    fn is_granted(&self, scope: &str) -> bool {
        GRANTED_BY_DEFAULT.contains(&scope) || self.scopes.get(scope) == Some(&true)
    }
}

impl PrivacyHost for Superapp {
    fn setting(&self) -> PrivacySetting {
        PrivacySetting {
            need_authorization: !self.privacy_agreed,
            privacy_contract_name: self.profile.privacy.contract_name.clone(),
        }
    }

    fn covers(&self, api: &str) -> bool {
        self.profile.privacy.covered.iter().any(|a| a == api)
    }

    fn record(&mut self, decision: PrivacyDecision) {
        self.privacy_agreed = decision == PrivacyDecision::Agree;
    }

    fn ask(&mut self, referrer: &str, mut reply: Reply<PrivacyDecision>) {
        let d = self.profile.decisions.privacy.take();
        reply.prompt(Prompt::new(
            "privacy",
            json!({ "referrer": referrer, "contract": self.profile.privacy.contract_name }),
            match d {
                Consent::Allow => "agree",
                Consent::Deny => "disagree",
            },
        ));
        let decision = match d {
            Consent::Allow => PrivacyDecision::Agree,
            Consent::Deny => PrivacyDecision::Disagree,
        };
        self.record(decision);
        reply.ok(decision);
    }
}

impl PaymentHost for Superapp {
    fn request_payment(&mut self, req: PaymentRequest, mut reply: Reply<Paid>) {
        // The sheet checks the order and the signature before the user sees anything.
        let appid = self.profile.app.appid.clone();
        let mut p = platform::lock(&self.platform);
        let now = p.now();
        let (index, merchant) = match p.pay().check(&appid, &req, now) {
            Ok(found) => found,
            Err(e) => return reply.fail(e),
        };
        let shown = p.pay().order(index).map_or(Value::Null, |o| {
            json!({
                "merchant": merchant,
                "description": o.description,
                "total": o.total,
                "currency": o.currency,
                "signType": req.sign_type,
            })
        });
        let choice = self.profile.decisions.payment.take();
        reply.prompt(Prompt::new(
            "requestPayment",
            shown,
            match choice {
                PayChoice::Pay => "pay",
                PayChoice::Cancel => "cancel",
                PayChoice::Fail => "fail",
            },
        ));
        match choice {
            PayChoice::Pay => {
                let notification = p.pay_mut().pay(index, now);
                drop(p);
                reply.ok(Paid { notification });
            }
            PayChoice::Cancel => reply.fail(PaymentError::Cancel),
            PayChoice::Fail => reply.fail(PaymentError::Fail(
                self.profile.decisions.payment_fail_reason.clone(),
            )),
        }
    }
}

impl SubscriptionHost for Superapp {
    fn request_subscribe(
        &mut self,
        tmpl_ids: Vec<String>,
        mut reply: Reply<BTreeMap<String, String>>,
    ) {
        let subs = self.profile.subscriptions.clone();
        let fault = subs.fail_with.and_then(|code| {
            [
                SubscribeError::RequestList,
                SubscribeError::RequestSubscribe,
                SubscribeError::NoUi,
            ]
            .into_iter()
            .find(|e| e.code() == code)
        });
        if let Some(e) = fault {
            return reply.fail(e);
        }
        if tmpl_ids.is_empty() {
            return reply.fail(SubscribeError::Empty);
        }
        if tmpl_ids.len() > subs.max_per_call {
            return reply.fail(SubscribeError::TooMany);
        }
        if subs.app_banned {
            return reply.fail(SubscribeError::Banned);
        }
        let mut templates = Vec::new();
        for id in &tmpl_ids {
            match subs.templates.iter().find(|t| &t.id == id) {
                Some(t) => templates.push(t),
                None => return reply.fail(SubscribeError::NoTemplateData),
            }
        }
        if templates.iter().any(|t| t.kind == TemplateKind::Device) {
            return reply.fail(SubscribeError::DeviceMsg);
        }
        if templates.iter().any(|t| t.kind != templates[0].kind) {
            return reply.fail(SubscribeError::MixedTypes);
        }
        if !subs.main_switch {
            return reply.fail(SubscribeError::MainSwitchOff);
        }
        let mut out = BTreeMap::new();
        let mut titles = Vec::new();
        let mut asked = Vec::new();
        for t in &templates {
            let outcome = if t.banned {
                "ban".to_string()
            } else if titles.contains(&&t.title) {
                "filter".to_string()
            } else if let Some(kept) = self.remembered.get(&t.id) {
                kept.clone()
            } else {
                // Taken from the live profile, not the copy, so a sequence moves on.
                let decision = self
                    .profile
                    .subscriptions
                    .templates
                    .iter_mut()
                    .find(|live| live.id == t.id)
                    .map_or_else(|| t.decision.peek(), |live| live.decision.take());
                let choice = match decision {
                    TemplateChoice::Accept => "accept",
                    TemplateChoice::Reject => "reject",
                };
                asked.push(json!({ "id": t.id, "title": t.title, "decision": choice, "remember": t.remember }));
                if t.remember {
                    self.remembered.insert(t.id.clone(), choice.to_string());
                }
                choice.to_string()
            };
            titles.push(&t.title);
            if outcome == "accept" {
                platform::lock(&self.platform).accept_subscription(&t.id, t.kind);
            }
            out.insert(t.id.clone(), outcome);
        }
        if !asked.is_empty() {
            reply.prompt(Prompt::new(
                "requestSubscribeMessage",
                json!({ "templates": asked }),
                "choose",
            ));
        }
        reply.ok(out);
    }
}

impl SoterHost for Superapp {
    fn support_modes(&mut self, reply: Reply<Vec<String>>) {
        reply.ok(self.profile.soter.support.clone());
    }

    fn is_enrolled(&mut self, mode: &str, reply: Reply<bool>) {
        reply.ok(self.profile.soter.enrolled.iter().any(|m| m == mode));
    }

    fn authenticate(&mut self, req: SoterRequest, mut reply: Reply<SoterResult>) {
        let soter = &self.profile.soter;
        if soter.support.is_empty() {
            return reply.fail(SoterError::DeviceUnsupported);
        }
        let Some(mode) = req
            .modes
            .iter()
            .find(|m| soter.support.contains(m))
            .cloned()
        else {
            return reply.fail(SoterError::ModeUnsupported);
        };
        if !soter.enrolled.contains(&mode) {
            return reply.fail(SoterError::NotEnrolled);
        }
        let outcome = soter.fail_with;
        reply.prompt(Prompt::new(
            "startSoterAuthentication",
            json!({ "authMode": mode, "authContent": req.auth_content }),
            &outcome.map_or("pass".to_string(), |e| {
                serde_json::to_value(e)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_string))
                    .unwrap_or_default()
            }),
        ));
        if let Some(e) = outcome {
            return reply.fail(e);
        }
        // resultJSON as WeChat documents it: the challenge (raw), a counter and device facts.
        let counter = self.rng.next_u64() % 1_000_000;
        let result_json = json!({
            "raw": req.challenge,
            "fid": "0",
            "counter": counter,
            "tee_n": "wxbox",
            "tee_v": "1.0",
            "fp_n": "wxbox",
            "fp_v": "1.0",
            "cpu_id": "wxbox-device",
            "uid": self.profile.user.id,
        })
        .to_string();
        // The device's key signs; the interface service's verify_signature holds its public
        // half (as WeChat registers a device's key when Soter is first used).
        let signature = wxbox_wechat::signing::private_key(self.profile.soter.key_pem())
            .and_then(|k| wxbox_wechat::signing::pss_sign(&k, &result_json, self.rng.next_u64()));
        match signature {
            Ok(result_json_signature) => reply.ok(SoterResult {
                auth_mode: mode,
                err_code: 0,
                result_json,
                result_json_signature,
            }),
            Err(_) => reply.fail(SoterError::Internal),
        }
    }
}

/// The superapp alone routes nowhere: an app with no request domains configured gets what WeChat
/// gives it. A sandbox whose profile lists domains puts a router in front (crate
/// `wxbox-network`).
impl NetworkHost for Superapp {
    fn request(&mut self, _: HttpRequest, reply: Reply<Exchange>) -> Abort {
        reply.ok(Exchange {
            outcome: Err(NetworkError::NotInDomainList),
            far: Vec::new(),
        });
        Abort::none()
    }
}

impl UiHost for Superapp {
    fn show(&mut self, toast: Toast) {
        self.showing = Some(toast);
    }

    fn hide(&mut self, kind: &str) -> bool {
        if self.showing.as_ref().is_some_and(|t| t.kind == kind) {
            self.showing = None;
            true
        } else {
            false
        }
    }

    fn modal(&mut self, modal: Modal, mut reply: Reply<ModalResult>) {
        let d = &mut self.profile.decisions;
        // Without a cancel button only confirm can be tapped.
        let confirm = d.modal_confirm.take() || !modal.show_cancel;
        let content = modal.editable.then(|| d.modal_content.take());
        reply.prompt(Prompt::new(
            "showModal",
            serde_json::to_value(&modal).unwrap_or(Value::Null),
            if confirm { "confirm" } else { "cancel" },
        ));
        reply.ok(ModalResult {
            confirm,
            cancel: !confirm,
            content,
        });
    }

    fn action_sheet(&mut self, items: Vec<String>, mut reply: Reply<ActionSheetResult>) {
        let choice = self.profile.decisions.action_sheet.take();
        let tapped = u32::try_from(choice)
            .ok()
            .filter(|&i| (i as usize) < items.len());
        reply.prompt(Prompt::new(
            "showActionSheet",
            json!({ "itemList": items }),
            &tapped.map_or("cancel".to_string(), |i| format!("tap {i}")),
        ));
        match tapped {
            Some(tap_index) => reply.ok(ActionSheetResult { tap_index }),
            None => reply.fail(UiError::Cancel),
        }
    }
}

impl AccountHost for Superapp {
    fn account_info(&self) -> AccountInfo {
        let app = &self.profile.app;
        AccountInfo {
            mini_program: MiniProgramAccount {
                app_id: app.appid.clone(),
                env_version: app.env_version.clone(),
                // Only the release version reports its version (seed 002).
                version: if app.env_version == "release" {
                    app.version.clone()
                } else {
                    String::new()
                },
            },
            plugin: app.plugin.as_ref().map(|p| PluginAccount {
                app_id: p.appid.clone(),
                version: p.version.clone(),
            }),
        }
    }

    fn system_info(&self) -> Map<String, Value> {
        let mut info = default_device();
        for (k, v) in &self.profile.device {
            info.insert(k.clone(), v.clone());
        }
        info
    }

    fn app_dir(&self) -> Option<std::path::PathBuf> {
        self.profile.base_dir.clone()
    }

    fn menu_button_rect(&self) -> Map<String, Value> {
        let info = self.system_info();
        let width = info
            .get("windowWidth")
            .and_then(Value::as_f64)
            .unwrap_or(375.0);
        let status = info
            .get("statusBarHeight")
            .and_then(Value::as_f64)
            .unwrap_or(20.0);
        // The capsule's place on iOS devices: 87x32, 7 px from the right, 4 px below the bar.
        let (w, h) = (87.0, 32.0);
        let right = width - 7.0;
        let top = status + 4.0;
        match json!({
            "width": w, "height": h, "top": top, "bottom": top + h,
            "left": right - w, "right": right,
        }) {
            Value::Object(m) => m,
            _ => Map::new(),
        }
    }
}

/// The simulated device: an iPhone 15 on WeChat 8.0.50, base library 3.5.8.
fn default_device() -> Map<String, Value> {
    let v = json!({
        "SDKVersion": "3.5.8",
        "albumAuthorized": true,
        "benchmarkLevel": 1,
        "bluetoothEnabled": false,
        "brand": "iPhone",
        "cameraAuthorized": true,
        "deviceOrientation": "portrait",
        "enableDebug": false,
        "fontSizeScaleFactor": 1,
        "fontSizeSetting": 17,
        "language": "zh_CN",
        "locationAuthorized": true,
        "locationEnabled": true,
        "locationReducedAccuracy": false,
        "memorySize": "6144",
        "microphoneAuthorized": true,
        "model": "iPhone 15<iPhone15,4>",
        "notificationAlertAuthorized": true,
        "notificationAuthorized": true,
        "notificationBadgeAuthorized": true,
        "notificationSoundAuthorized": true,
        "phoneCalendarAuthorized": true,
        "pixelRatio": 3,
        "platform": "ios",
        "safeArea": {"bottom": 818, "height": 759, "left": 0, "right": 393, "top": 59, "width": 393},
        "screenHeight": 852,
        "screenTop": 0,
        "screenWidth": 393,
        "statusBarHeight": 59,
        "system": "iOS 17.5",
        "theme": "light",
        "version": "8.0.50",
        "wifiEnabled": true,
        "windowHeight": 852,
        "windowWidth": 393,
        "host": {"appId": ""}
    });
    match v {
        Value::Object(m) => m,
        _ => Map::new(),
    }
}
