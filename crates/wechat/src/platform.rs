//! WeChat's server side, as one value shared by the two parties that touch it: the superapp
//! (which issues login, phone and auth codes and sets session keys when the user acts) and the
//! interface service (which the developer's server calls to redeem them, over HTTP). Both hold an
//! [`SharedPlatform`]; the HTTP layer only parses and forwards to [`Platform::handle`].
//!
//! Endpoints, request forms, response fields and errcodes follow the fact sheet, section 4. Time
//! is the sandbox clock, so "valid for five minutes" means five minutes of sandbox time.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::{Arc, Mutex, MutexGuard};

use serde::Serialize;
use serde_json::{json, Map, Value};

use rsa::RsaPublicKey;

use crate::crypto;
use crate::rng::{openid, SeededRng};
use crate::setup::{FaultProfile, Setup, TemplateKind, TemplateSpec};
use crate::wechatpay::WechatPay;

/// Codes (login, phone, auth) stay valid this long (fact sheet section 2: five minutes).
pub const CODE_LIFETIME_MS: u64 = 5 * 60 * 1000;
/// Access tokens last two hours (`expires_in: 7200`).
pub const TOKEN_LIFETIME_MS: u64 = 7200 * 1000;
/// After a refresh the previous access token keeps working this long (docs,
/// getAccessToken: "新老 access_token 在 5 分钟内都可使用").
pub const TOKEN_OVERLAP_MS: u64 = 5 * 60 * 1000;
/// The window of the per-user minute quota.
const MINUTE_MS: u64 = 60_000;

/// Sandbox time, as the platform reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Time {
    /// Milliseconds since the sandbox started.
    pub ms: u64,
    /// Wall-clock milliseconds since the Unix epoch.
    pub wall_ms: i64,
}

/// The platform's clock: the sandbox clock, readable from the service's threads.
pub type PlatformClock = Arc<dyn Fn() -> Time + Send + Sync>;

/// The platform, shared by the superapp and the interface service.
pub type SharedPlatform = Arc<Mutex<Platform>>;

/// Locks a shared platform; a panic elsewhere while holding it does not make it unusable.
pub fn lock(p: &SharedPlatform) -> MutexGuard<'_, Platform> {
    p.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// What a code is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum CodeKind {
    /// `wx.login`: redeemed at code2Session.
    Login,
    /// `wx.getAuthCode` (superapp extension, seed 000): also redeemed at code2Session.
    AuthCode,
    /// The getPhoneNumber button: redeemed at getuserphonenumber.
    Phone,
    /// The getEmailAddress button (superapp extension, seed 000): redeemed at getuseremail.
    Email,
}

#[derive(Debug, Clone)]
struct CodeRecord {
    kind: CodeKind,
    issued_ms: u64,
    used: bool,
    /// The session key the login set, returned by code2Session.
    session_key: [u8; 16],
}

/// Calls the log keeps when nobody takes them (a standalone `wxbox serve`).
pub const LOG_CAP: usize = 1024;

/// Request bodies larger than this are logged by their size only.
pub const LOG_BODY_CAP: usize = 64 * 1024;

/// A login session (one per user and app).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    /// The session key (16 bytes; base64 on the wire).
    pub key: [u8; 16],
    /// When it started, on the sandbox clock.
    pub started_ms: u64,
}

impl Session {
    /// The key as WeChat sends it.
    #[must_use]
    pub fn key_b64(&self) -> String {
        crypto::b64(&self.key)
    }
}

#[derive(Debug, Clone)]
struct Token {
    value: String,
    expires_ms: u64,
}

/// A subscription message the developer's server sent.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SentMessage {
    /// When, on the sandbox clock.
    pub t: u64,
    /// The receiving openid.
    pub touser: String,
    /// The template.
    pub template_id: String,
    /// The page the message opens, if any.
    pub page: Option<String>,
    /// The template data.
    pub data: Value,
}

/// One call to the interface service, as the trace shows it (secrets masked).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ServiceCall {
    /// Numbers the calls in this platform's life (`s1`, `s2`, ... in the trace).
    pub seq: u64,
    /// The endpoint's name (`code2Session`), or the path when none matched.
    pub api: String,
    /// `GET` or `POST`.
    pub method: String,
    /// The path and query, secrets masked.
    pub url: String,
    /// The JSON body, if any.
    pub body: Option<Value>,
    /// The HTTP status.
    pub status: u16,
    /// The JSON answer.
    pub response: Value,
}

/// A request to the interface service, parsed by the HTTP layer.
#[derive(Debug, Clone, Default)]
pub struct ServiceRequest {
    /// `GET`, `POST`, ...
    pub method: String,
    /// The path (`/sns/jscode2session`).
    pub path: String,
    /// The path and query as sent (what WeChat Pay v3 signatures cover).
    pub target: String,
    /// Request headers, names lowercase.
    pub headers: BTreeMap<String, String>,
    /// Query parameters.
    pub query: BTreeMap<String, String>,
    /// The raw body (JSON for the POST endpoints).
    pub body: Vec<u8>,
    /// The caller records this call in its own trace (a mock backend's client), so the platform
    /// does not log it.
    pub traced_by_caller: bool,
}

/// The service's answer.
#[derive(Debug, Clone, PartialEq)]
pub struct ServiceResponse {
    /// HTTP status (WeChat answers 200 even for errcodes).
    pub status: u16,
    /// The JSON body.
    pub body: Value,
    /// Injected latency the HTTP layer waits before answering.
    pub latency_ms: u64,
    /// Extra headers (WeChat Pay signs its v3 responses: `Wechatpay-*`).
    pub headers: Vec<(String, String)>,
}

/// An interface-service error: WeChat's `{errcode, errmsg}`. The texts are WeChat's where known
/// (fact sheet section 4); the comment on each says where one is not.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[allow(missing_docs)]
pub enum ServiceError {
    #[error("system error")]
    System,
    #[error("invalid credential, access_token is invalid or not latest")]
    InvalidCredential,
    #[error("invalid grant_type")]
    InvalidGrantType,
    #[error("invalid openid")]
    InvalidOpenid,
    #[error("invalid appid")]
    InvalidAppid,
    #[error("invalid code")]
    InvalidCode,
    #[error("invalid template_id")]
    InvalidTemplateId,
    #[error("invalid url")]
    InvalidUrl,
    /// UNVERIFIED: errcode and text seen only in third-party code (fact sheet section 4).
    #[error("invalid appsecret")]
    InvalidSecret,
    /// UNVERIFIED: live only, per the fact sheet.
    #[error("code been used")]
    CodeUsed,
    #[error("high risk user")]
    HighRisk,
    #[error("access_token missing")]
    TokenMissing,
    #[error("appid missing")]
    AppidMissing,
    #[error("appsecret missing")]
    SecretMissing,
    #[error("code missing")]
    CodeMissing,
    #[error("access_token expired")]
    TokenExpired,
    #[error("require GET method")]
    RequireGet,
    #[error("require POST method")]
    RequirePost,
    #[error("user refuse to accept the msg")]
    Refused,
    #[error("api minute-quota reach limit  mustslower  retry next minute")]
    MinuteQuota,
    #[error("data format error")]
    DataFormat,
    #[error("argument invalid! {0}")]
    Argument(String),
    #[error("invalid signature")]
    InvalidSignature,
    /// A WeChat Pay v3 error: its own HTTP status and `{code, message}` body.
    #[error(transparent)]
    Pay(#[from] crate::wechatpay::PayApiError),
    /// An injected fault with a code not in this table.
    #[error("injected fault")]
    Injected(i64),
}

impl ServiceError {
    /// WeChat's errcode.
    #[must_use]
    pub fn errcode(&self) -> i64 {
        match self {
            ServiceError::System => -1,
            ServiceError::InvalidCredential => 40001,
            ServiceError::InvalidGrantType => 40002,
            ServiceError::InvalidOpenid => 40003,
            ServiceError::InvalidAppid => 40013,
            ServiceError::InvalidCode => 40029,
            ServiceError::InvalidTemplateId => 40037,
            ServiceError::InvalidUrl => 40066,
            ServiceError::InvalidSecret => 40125,
            ServiceError::CodeUsed => 40163,
            ServiceError::HighRisk => 40226,
            ServiceError::TokenMissing => 41001,
            ServiceError::AppidMissing => 41002,
            ServiceError::SecretMissing => 41004,
            ServiceError::CodeMissing => 41008,
            ServiceError::TokenExpired => 42001,
            ServiceError::RequireGet => 43001,
            ServiceError::RequirePost => 43002,
            ServiceError::Refused => 43101,
            ServiceError::MinuteQuota => 45011,
            ServiceError::DataFormat => 47001,
            ServiceError::Argument(_) => 47003,
            ServiceError::InvalidSignature => 87009,
            ServiceError::Pay(e) => i64::from(e.status),
            ServiceError::Injected(c) => *c,
        }
    }

    /// The error for an injected errcode: the table's text when the code is known.
    #[must_use]
    pub fn from_errcode(code: i64) -> Self {
        [
            ServiceError::System,
            ServiceError::InvalidCredential,
            ServiceError::InvalidCode,
            ServiceError::CodeUsed,
            ServiceError::HighRisk,
            ServiceError::TokenExpired,
            ServiceError::Refused,
            ServiceError::MinuteQuota,
            ServiceError::InvalidSignature,
        ]
        .into_iter()
        .find(|e| e.errcode() == code)
        .unwrap_or(ServiceError::Injected(code))
    }

    fn body(&self) -> Value {
        match self {
            ServiceError::Pay(e) => e.body(),
            _ => json!({ "errcode": self.errcode(), "errmsg": self.to_string() }),
        }
    }

    /// The HTTP status: 200 for WeChat's errcodes, v3's own for WeChat Pay.
    fn status(&self) -> u16 {
        match self {
            ServiceError::Pay(e) => e.status,
            _ => 200,
        }
    }
}

type Handler = fn(&mut Platform, &ServiceRequest) -> Result<Value, ServiceError>;

struct Endpoint {
    name: &'static str,
    method: &'static str,
    path: &'static str,
    handler: Handler,
}

/// The interface service's endpoints (fact sheet section 4), in one table: routing, the names
/// faults refer to, and the listing in `wxbox serve`.
const ENDPOINTS: &[Endpoint] = &[
    Endpoint {
        name: "code2Session",
        method: "GET",
        path: "/sns/jscode2session",
        handler: Platform::code2session,
    },
    Endpoint {
        name: "getAccessToken",
        method: "GET",
        path: "/cgi-bin/token",
        handler: Platform::access_token,
    },
    Endpoint {
        name: "getStableAccessToken",
        method: "POST",
        path: "/cgi-bin/stable_token",
        handler: Platform::stable_token,
    },
    Endpoint {
        name: "checkSessionKey",
        method: "GET",
        path: "/wxa/checksession",
        handler: Platform::check_session_key,
    },
    Endpoint {
        name: "getPhoneNumber",
        method: "POST",
        path: "/wxa/business/getuserphonenumber",
        handler: Platform::phone_number,
    },
    // Seed 000 shows only the button's `{code}` and that the backend exchanges it; the exchange
    // endpoint is wxbox's model, shaped like getuserphonenumber (UNVERIFIED path and fields).
    Endpoint {
        name: "getEmailAddress",
        method: "POST",
        path: "/wxa/business/getuseremail",
        handler: Platform::email_address,
    },
    Endpoint {
        name: "subscribeMessage.send",
        method: "POST",
        path: "/cgi-bin/message/subscribe/send",
        handler: Platform::subscribe_send,
    },
    // Soter (docs, soter.verifySignature).
    Endpoint {
        name: "soter.verifySignature",
        method: "POST",
        path: "/cgi-bin/soter/verify_signature",
        handler: Platform::soter_verify,
    },
    // WeChat Pay v3 (api.mch.weixin.qq.com; served here too, see crate::wechatpay).
    Endpoint {
        name: "pay.jsapi",
        method: "POST",
        path: "/v3/pay/transactions/jsapi",
        handler: Platform::pay_jsapi,
    },
    Endpoint {
        name: "pay.queryByOutTradeNo",
        method: "GET",
        path: "/v3/pay/transactions/out-trade-no/{out_trade_no}",
        handler: Platform::pay_query,
    },
];

/// Whether `path` matches an endpoint's `pattern`, where a `{name}` segment matches any one
/// non-empty segment.
fn path_matches(pattern: &str, path: &str) -> bool {
    let (mut p, mut q) = (pattern.split('/'), path.split('/'));
    loop {
        match (p.next(), q.next()) {
            (None, None) => return true,
            (Some(a), Some(b)) if a.starts_with('{') && a.ends_with('}') => {
                if b.is_empty() {
                    return false;
                }
            }
            (Some(a), Some(b)) if a == b => {}
            _ => return false,
        }
    }
}

/// `(method, path, name)` of every endpoint.
#[must_use]
pub fn endpoints() -> Vec<(&'static str, &'static str, &'static str)> {
    ENDPOINTS
        .iter()
        .map(|e| (e.method, e.path, e.name))
        .collect()
}

/// Whether `name` is an endpoint's name (what faults refer to).
#[must_use]
pub fn is_endpoint(name: &str) -> bool {
    ENDPOINTS.iter().any(|e| e.name == name)
}

#[derive(Debug, Clone)]
struct Fault {
    spec: FaultProfile,
    used: u32,
}

/// WeChat's server-side state for one app and one user.
pub struct Platform {
    appid: String,
    secret: String,
    openid: String,
    unionid: Option<String>,
    phone: String,
    country_code: String,
    email: String,
    high_risk: bool,
    session_lifetime_ms: u64,
    minute_quota: u32,
    templates: Vec<TemplateSpec>,
    clock: PlatformClock,
    rng: SeededRng,
    codes: HashMap<String, CodeRecord>,
    session: Option<Session>,
    /// code2Session calls in the current minute window.
    quota: Vec<u64>,
    tokens: Vec<Token>,
    stable: Option<Token>,
    acceptances: BTreeMap<String, u32>,
    long_term: BTreeSet<String>,
    sends: Vec<SentMessage>,
    next_msgid: u64,
    faults: Vec<Fault>,
    /// Calls not yet taken for a trace; a standalone `wxbox serve` has no taker, so the log
    /// keeps the latest [`LOG_CAP`] and counts the rest.
    log: std::collections::VecDeque<ServiceCall>,
    log_dropped: u64,
    calls: u64,
    /// WeChat Pay: merchants and orders.
    pay: WechatPay,
    /// The user's device Soter key (public half), for verify_signature.
    soter_key: Option<RsaPublicKey>,
}

impl std::fmt::Debug for Platform {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Platform")
            .field("appid", &self.appid)
            .field("codes", &self.codes.len())
            .finish_non_exhaustive()
    }
}

fn token_text(rng: &mut SeededRng, len: usize) -> String {
    // Access tokens look like `80_xxxx...`: a version prefix and url-safe characters.
    let mut s = String::from("80_");
    while s.len() < len {
        s.push_str(&rng.code());
    }
    s.truncate(len);
    s
}

impl Platform {
    /// The platform for `profile`'s app and user, reading time from `clock`. `seed` separates
    /// its random stream from the superapp's.
    #[must_use]
    pub fn new(setup: &Setup, clock: PlatformClock, seed: u64) -> Self {
        let u = &setup.user;
        Platform {
            appid: setup.app.appid.clone(),
            secret: setup.app.secret.clone(),
            openid: openid(&u.id, &setup.app.appid),
            unionid: (!u.unionid.is_empty()).then(|| u.unionid.clone()),
            phone: u.phone.clone(),
            country_code: u.country_code.clone(),
            email: u.email.clone(),
            high_risk: u.high_risk,
            session_lifetime_ms: setup.session.lifetime_s.saturating_mul(1000),
            minute_quota: setup.service.minute_quota,
            templates: setup.templates.clone(),
            clock,
            rng: SeededRng::new(seed),
            codes: HashMap::new(),
            session: None,
            quota: Vec::new(),
            tokens: Vec::new(),
            stable: None,
            acceptances: BTreeMap::new(),
            long_term: BTreeSet::new(),
            sends: Vec::new(),
            next_msgid: 1,
            faults: setup
                .service
                .faults
                .iter()
                .map(|f| Fault {
                    spec: f.clone(),
                    used: 0,
                })
                .collect(),
            log: std::collections::VecDeque::new(),
            log_dropped: 0,
            calls: 0,
            pay: WechatPay::new(setup, seed ^ 0x0070_6179),
            soter_key: crate::signing::private_key(setup.soter_key_pem())
                .ok()
                .map(|k| k.to_public_key()),
        }
    }

    /// WeChat Pay's state.
    #[must_use]
    pub fn pay(&self) -> &WechatPay {
        &self.pay
    }

    /// WeChat Pay's state, for the payment sheet.
    pub fn pay_mut(&mut self) -> &mut WechatPay {
        &mut self.pay
    }

    /// The platform as a shared value.
    #[must_use]
    pub fn shared(self) -> SharedPlatform {
        Arc::new(Mutex::new(self))
    }

    /// How many codes have been issued.
    #[must_use]
    pub fn codes_issued(&self) -> usize {
        self.codes.len()
    }

    /// Sandbox time now.
    #[must_use]
    pub fn now(&self) -> Time {
        (self.clock)()
    }

    /// The app's id.
    #[must_use]
    pub fn appid(&self) -> &str {
        &self.appid
    }

    /// The user's openid in this app.
    #[must_use]
    pub fn openid(&self) -> &str {
        &self.openid
    }

    /// The user's unionid, when the app is bound to an open-platform account.
    #[must_use]
    pub fn unionid(&self) -> Option<&str> {
        self.unionid.as_deref()
    }

    // ----- the superapp's side -----

    /// A fresh code of `kind`. A login code also starts a new session with a new key, as
    /// `wx.login` does.
    pub fn issue_code(&mut self, kind: CodeKind) -> String {
        let now = self.now().ms;
        let key = if kind == CodeKind::Login {
            let key = self.rng.bytes16();
            self.session = Some(Session {
                key,
                started_ms: now,
            });
            key
        } else {
            self.session.as_ref().map(|s| s.key).unwrap_or_default()
        };
        let code = self.rng.code();
        self.codes.insert(
            code.clone(),
            CodeRecord {
                kind,
                issued_ms: now,
                used: false,
                session_key: key,
            },
        );
        code
    }

    /// Starts a session without a code, as if the user had logged in before this run.
    pub fn start_session(&mut self) {
        let key = self.rng.bytes16();
        self.session = Some(Session {
            key,
            started_ms: self.now().ms,
        });
    }

    /// The current session, if it has not expired or been invalidated.
    #[must_use]
    pub fn live_session(&self) -> Option<&Session> {
        let now = self.now().ms;
        self.session
            .as_ref()
            .filter(|s| now.saturating_sub(s.started_ms) < self.session_lifetime_ms)
    }

    /// Ends the session (WeChat may do this at any time; `checkSession` then fails).
    pub fn invalidate_session(&mut self) {
        self.session = None;
    }

    /// Records a one-time acceptance (`accept` in requestSubscribeMessage) of `template`, or
    /// marks a long-term template accepted.
    pub fn accept_subscription(&mut self, template: &str, kind: TemplateKind) {
        match kind {
            TemplateKind::OneTime => *self.acceptances.entry(template.into()).or_default() += 1,
            TemplateKind::LongTerm | TemplateKind::Device => {
                self.long_term.insert(template.into());
            }
        }
    }

    /// Unused one-time acceptances of `template`.
    #[must_use]
    pub fn acceptances(&self, template: &str) -> u32 {
        self.acceptances.get(template).copied().unwrap_or(0)
    }

    /// Adds a fault while the service runs (a test's `mp.server.fault`): the next calls of
    /// `spec.api` answer as it says, exactly as a `[[service.faults]]` entry would.
    ///
    /// # Errors
    /// A fault the service could not honour (see [`FaultProfile::check`]).
    ///
    /// [`FaultProfile::check`]: crate::setup::FaultProfile::check
    pub fn add_fault(&mut self, spec: crate::setup::FaultProfile) -> Result<(), String> {
        spec.check()?;
        self.faults.push(Fault { spec, used: 0 });
        Ok(())
    }

    /// Subscription messages sent so far.
    #[must_use]
    pub fn sends(&self) -> &[SentMessage] {
        &self.sends
    }

    /// Takes the calls logged since the last take (for the trace).
    pub fn take_log(&mut self) -> Vec<ServiceCall> {
        std::mem::take(&mut self.log).into()
    }

    /// Calls that fell out of the log before anyone took them.
    #[must_use]
    pub fn log_dropped(&self) -> u64 {
        self.log_dropped
    }

    // ----- the interface service's side -----

    /// Handles one HTTP request to the interface service and logs it.
    pub fn handle(&mut self, req: &ServiceRequest) -> ServiceResponse {
        let endpoint = ENDPOINTS.iter().find(|e| path_matches(e.path, &req.path));
        let (api, latency, result) = match endpoint {
            None => (req.path.clone(), 0, Err(ServiceError::InvalidUrl)),
            Some(e) => {
                let (latency, fault) = self.fault(e.name);
                let result = if let Some(f) = fault {
                    Err(f)
                } else if req.method != e.method {
                    Err(if e.method == "GET" {
                        ServiceError::RequireGet
                    } else {
                        ServiceError::RequirePost
                    })
                } else {
                    (e.handler)(self, req)
                };
                (e.name.to_string(), latency, result)
            }
        };
        let (status, body) = match result {
            Ok(v) => (200, v),
            Err(e) => (e.status(), e.body()),
        };
        let status = if endpoint.is_some() { status } else { 404 };
        self.calls += 1;
        if !req.traced_by_caller {
            if self.log.len() >= LOG_CAP {
                self.log.pop_front();
                self.log_dropped += 1;
            }
            // A body past LOG_BODY_CAP is logged by its size: the trace needs what was sent,
            // not megabytes of it, and a long-running service must not keep them.
            let logged_body = if req.body.len() > LOG_BODY_CAP {
                Some(Value::String(format!("<{} bytes>", req.body.len())))
            } else {
                serde_json::from_slice::<Value>(&req.body)
                    .ok()
                    .map(mask_secret)
            };
            self.log.push_back(ServiceCall {
                seq: self.calls,
                api,
                method: req.method.clone(),
                url: masked_url(req),
                body: logged_body,
                status,
                response: body.clone(),
            });
        }
        // WeChat Pay signs every v3 answer, errors included, over the exact body text.
        let headers = if req.path.starts_with("/v3/") {
            let now = self.now();
            self.pay.response_headers(&body.to_string(), now)
        } else {
            Vec::new()
        };
        ServiceResponse {
            status,
            body,
            latency_ms: latency,
            headers,
        }
    }

    /// The injected fault for the next call of `api`: (latency, error).
    fn fault(&mut self, api: &str) -> (u64, Option<ServiceError>) {
        let mut latency = 0;
        let mut error = None;
        for f in &mut self.faults {
            if f.spec.api != "*" && f.spec.api != api {
                continue;
            }
            if f.spec.times.is_some_and(|n| f.used >= n) {
                continue;
            }
            f.used += 1;
            latency = latency.max(f.spec.latency_ms);
            if error.is_none() {
                error = f.spec.errcode.map(ServiceError::from_errcode);
            }
        }
        (latency, error)
    }

    fn check_app(&self, q: &BTreeMap<String, String>) -> Result<(), ServiceError> {
        let appid = q.get("appid").ok_or(ServiceError::AppidMissing)?;
        if *appid != self.appid {
            return Err(ServiceError::InvalidAppid);
        }
        Ok(())
    }

    /// `GET /sns/jscode2session?appid&secret&js_code&grant_type=authorization_code`.
    fn code2session(&mut self, req: &ServiceRequest) -> Result<Value, ServiceError> {
        let q = &req.query;
        self.check_app(q)?;
        let secret = q.get("secret").ok_or(ServiceError::SecretMissing)?;
        if *secret != self.secret {
            return Err(ServiceError::InvalidSecret);
        }
        if q.get("grant_type").map(String::as_str) != Some("authorization_code") {
            return Err(ServiceError::InvalidGrantType);
        }
        let code = q.get("js_code").ok_or(ServiceError::CodeMissing)?;
        let now = self.now().ms;
        self.quota.retain(|t| now.saturating_sub(*t) < MINUTE_MS);
        if self.quota.len() >= self.minute_quota as usize {
            return Err(ServiceError::MinuteQuota);
        }
        self.quota.push(now);
        let record = self.redeem(code, &[CodeKind::Login, CodeKind::AuthCode], now)?;
        if self.high_risk {
            return Err(ServiceError::HighRisk);
        }
        let mut out = json!({
            "openid": self.openid,
            "session_key": crypto::b64(&record.session_key),
        });
        if let Some(u) = &self.unionid {
            out["unionid"] = json!(u);
        }
        Ok(out)
    }

    /// Marks `code` used. Unknown, wrong-kind and expired codes are 40029; a code used before
    /// is 40163.
    fn redeem(
        &mut self,
        code: &str,
        kinds: &[CodeKind],
        now: u64,
    ) -> Result<CodeRecord, ServiceError> {
        let record = self
            .codes
            .get_mut(code)
            .filter(|r| kinds.contains(&r.kind))
            .ok_or(ServiceError::InvalidCode)?;
        if record.used {
            return Err(ServiceError::CodeUsed);
        }
        if now.saturating_sub(record.issued_ms) >= CODE_LIFETIME_MS {
            return Err(ServiceError::InvalidCode);
        }
        record.used = true;
        Ok(record.clone())
    }

    /// `GET /cgi-bin/token?grant_type=client_credential&appid&secret`.
    fn access_token(&mut self, req: &ServiceRequest) -> Result<Value, ServiceError> {
        let q = &req.query;
        if q.get("grant_type").map(String::as_str) != Some("client_credential") {
            return Err(ServiceError::InvalidGrantType);
        }
        self.check_app(q)?;
        if q.get("secret") != Some(&self.secret) {
            return Err(ServiceError::InvalidCredential);
        }
        let now = self.now().ms;
        // A refresh leaves the previous token usable for five more minutes.
        for t in &mut self.tokens {
            t.expires_ms = t.expires_ms.min(now + TOKEN_OVERLAP_MS);
        }
        self.tokens.retain(|t| t.expires_ms > now);
        let value = token_text(&mut self.rng, 136);
        self.tokens.push(Token {
            value: value.clone(),
            expires_ms: now + TOKEN_LIFETIME_MS,
        });
        Ok(json!({ "access_token": value, "expires_in": 7200 }))
    }

    /// `POST /cgi-bin/stable_token {grant_type, appid, secret, force_refresh}`: the same token
    /// until it expires, unless `force_refresh`. Independent of getAccessToken's tokens.
    fn stable_token(&mut self, req: &ServiceRequest) -> Result<Value, ServiceError> {
        let body = json_body(req)?;
        let field = |k: &str| body.get(k).and_then(Value::as_str).map(str::to_string);
        if field("grant_type").as_deref() != Some("client_credential") {
            return Err(ServiceError::InvalidGrantType);
        }
        let q: BTreeMap<String, String> = ["appid", "secret"]
            .iter()
            .filter_map(|k| field(k).map(|v| ((*k).to_string(), v)))
            .collect();
        self.check_app(&q)?;
        if q.get("secret") != Some(&self.secret) {
            return Err(ServiceError::InvalidCredential);
        }
        let force = body
            .get("force_refresh")
            .and_then(Value::as_bool)
            .unwrap_or(false);
        let now = self.now().ms;
        let current = self.stable.as_ref().filter(|t| t.expires_ms > now);
        let token = match current {
            Some(t) if !force => t.clone(),
            // UNVERIFIED: whether a forced refresh keeps the old stable token for a while;
            // here it ends at once.
            _ => {
                let t = Token {
                    value: token_text(&mut self.rng, 136),
                    expires_ms: now + TOKEN_LIFETIME_MS,
                };
                self.stable = Some(t.clone());
                t
            }
        };
        Ok(json!({
            "access_token": token.value,
            "expires_in": (token.expires_ms - now) / 1000,
        }))
    }

    fn check_token(&self, q: &BTreeMap<String, String>) -> Result<(), ServiceError> {
        let token = q
            .get("access_token")
            .filter(|t| !t.is_empty())
            .ok_or(ServiceError::TokenMissing)?;
        let now = self.now().ms;
        let found = self
            .tokens
            .iter()
            .chain(self.stable.as_ref())
            .find(|t| t.value == *token)
            .ok_or(ServiceError::InvalidCredential)?;
        if found.expires_ms <= now {
            return Err(ServiceError::TokenExpired);
        }
        Ok(())
    }

    /// `GET /wxa/checksession?access_token&openid&signature&sig_method=hmac_sha256`.
    fn check_session_key(&mut self, req: &ServiceRequest) -> Result<Value, ServiceError> {
        let q = &req.query;
        self.check_token(q)?;
        if q.get("openid") != Some(&self.openid) {
            return Err(ServiceError::InvalidOpenid);
        }
        if q.get("sig_method").map(String::as_str) != Some("hmac_sha256") {
            return Err(ServiceError::Argument("sig_method".into()));
        }
        let expected = self
            .live_session()
            .map(|s| crypto::session_key_signature(&s.key_b64()));
        match (expected, q.get("signature")) {
            (Some(e), Some(s)) if e == *s => Ok(json!({"errcode": 0, "errmsg": "ok"})),
            _ => Err(ServiceError::InvalidSignature),
        }
    }

    /// Checks the access token and redeems the body's `{code}` of `kind`; the time it did.
    fn redeem_body_code(
        &mut self,
        req: &ServiceRequest,
        kind: CodeKind,
    ) -> Result<Time, ServiceError> {
        self.check_token(&req.query)?;
        let body = json_body(req)?;
        let code = body
            .get("code")
            .and_then(Value::as_str)
            .ok_or(ServiceError::CodeMissing)?;
        let now = self.now();
        self.redeem(code, &[kind], now.ms)?;
        Ok(now)
    }

    /// `POST /wxa/business/getuserphonenumber?access_token {code}`.
    fn phone_number(&mut self, req: &ServiceRequest) -> Result<Value, ServiceError> {
        let now = self.redeem_body_code(req, CodeKind::Phone)?;
        // Numbers outside mainland China carry their country code (docs,
        // getuserphonenumber: "国外手机号会有区号").
        let phone = if self.country_code == "86" {
            self.phone.clone()
        } else {
            format!("+{}{}", self.country_code, self.phone)
        };
        Ok(json!({
            "errcode": 0,
            "errmsg": "ok",
            "phone_info": {
                "phoneNumber": phone,
                "purePhoneNumber": self.phone,
                "countryCode": self.country_code,
                "watermark": {"timestamp": now.wall_ms / 1000, "appid": self.appid},
            }
        }))
    }

    /// `POST /wxa/business/getuseremail?access_token {code}` (see the endpoint table).
    fn email_address(&mut self, req: &ServiceRequest) -> Result<Value, ServiceError> {
        let now = self.redeem_body_code(req, CodeKind::Email)?;
        Ok(json!({
            "errcode": 0,
            "errmsg": "ok",
            "email_info": {
                "email": self.email,
                "watermark": {"timestamp": now.wall_ms / 1000, "appid": self.appid},
            }
        }))
    }

    /// `POST /cgi-bin/message/subscribe/send?access_token {touser, template_id, page?, data}`:
    /// a one-time template consumes one acceptance; none left is 43101.
    fn subscribe_send(&mut self, req: &ServiceRequest) -> Result<Value, ServiceError> {
        self.check_token(&req.query)?;
        let body = json_body(req)?;
        let touser = body.get("touser").and_then(Value::as_str).unwrap_or("");
        if touser != self.openid {
            return Err(ServiceError::InvalidOpenid);
        }
        let id = body
            .get("template_id")
            .and_then(Value::as_str)
            .unwrap_or("");
        let template = self
            .templates
            .iter()
            .find(|t| t.id == id)
            .cloned()
            .ok_or(ServiceError::InvalidTemplateId)?;
        let data = body.get("data").cloned().unwrap_or(Value::Null);
        check_template_data(&data)?;
        match template.kind {
            TemplateKind::OneTime => {
                let left = self.acceptances.get_mut(id).filter(|n| **n > 0);
                match left {
                    Some(n) => *n -= 1,
                    None => return Err(ServiceError::Refused),
                }
            }
            TemplateKind::LongTerm | TemplateKind::Device => {
                if !self.long_term.contains(id) {
                    return Err(ServiceError::Refused);
                }
            }
        }
        self.sends.push(SentMessage {
            t: self.now().ms,
            touser: touser.into(),
            template_id: id.into(),
            page: body.get("page").and_then(Value::as_str).map(str::to_string),
            data,
        });
        let msgid = self.next_msgid;
        self.next_msgid += 1;
        Ok(json!({"errcode": 0, "errmsg": "ok", "msgid": msgid}))
    }
}

impl Platform {
    /// `POST /cgi-bin/soter/verify_signature?access_token {openid, json_string, json_signature}`:
    /// `{is_ok}` for the user's device key (docs, soter.verifySignature).
    fn soter_verify(&mut self, req: &ServiceRequest) -> Result<Value, ServiceError> {
        self.check_token(&req.query)?;
        let body = json_body(req)?;
        let field = |k: &str| {
            body.get(k)
                .and_then(Value::as_str)
                .ok_or_else(|| ServiceError::Argument(format!("{k} missing")))
        };
        let openid = field("openid")?;
        let (text, signature) = (field("json_string")?, field("json_signature")?);
        if openid != self.openid {
            return Err(ServiceError::InvalidOpenid);
        }
        let ok = self
            .soter_key
            .as_ref()
            .is_some_and(|k| crate::signing::pss_verify(k, text, signature));
        Ok(json!({ "errcode": 0, "errmsg": "ok", "is_ok": ok }))
    }

    fn pay_jsapi(&mut self, req: &ServiceRequest) -> Result<Value, ServiceError> {
        let now = self.now();
        let openid = self.openid.clone();
        Ok(self.pay.jsapi(req, now, &openid)?)
    }

    fn pay_query(&mut self, req: &ServiceRequest) -> Result<Value, ServiceError> {
        Ok(self.pay.query(req, self.now())?)
    }
}

fn json_body(req: &ServiceRequest) -> Result<Map<String, Value>, ServiceError> {
    match serde_json::from_slice::<Value>(&req.body) {
        Ok(Value::Object(m)) => Ok(m),
        _ => Err(ServiceError::DataFormat),
    }
}

/// Template data is `{key: {value: "..."}}`.
fn check_template_data(data: &Value) -> Result<(), ServiceError> {
    let Value::Object(fields) = data else {
        return Err(ServiceError::Argument("data invalid".into()));
    };
    for (k, v) in fields {
        if !v.get("value").is_some_and(Value::is_string) {
            return Err(ServiceError::Argument(format!("data.{k}.value invalid")));
        }
    }
    Ok(())
}

/// A JSON body with its `secret` field masked, as the trace shows it.
#[must_use]
pub fn mask_secret(mut v: Value) -> Value {
    if let Some(s) = v.get_mut("secret") {
        *s = json!("***");
    }
    v
}

/// A path and query with `secret=` masked, as the trace shows it.
#[must_use]
pub fn mask_query(path_and_query: &str) -> String {
    let Some((path, query)) = path_and_query.split_once('?') else {
        return path_and_query.to_string();
    };
    let q: Vec<String> = query
        .split('&')
        .map(|kv| match kv.split_once('=') {
            Some(("secret", _)) => "secret=***".to_string(),
            _ => kv.to_string(),
        })
        .collect();
    format!("{path}?{}", q.join("&"))
}

fn masked_url(req: &ServiceRequest) -> String {
    let q: Vec<String> = req.query.iter().map(|(k, v)| format!("{k}={v}")).collect();
    if q.is_empty() {
        return req.path.clone();
    }
    mask_query(&format!("{}?{}", req.path, q.join("&")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicU64, Ordering};

    fn platform() -> (Platform, Arc<AtomicU64>) {
        let t = Arc::new(AtomicU64::new(0));
        let clock_t = t.clone();
        let clock: PlatformClock = Arc::new(move || Time {
            ms: clock_t.load(Ordering::SeqCst),
            wall_ms: 1_710_036_000_000,
        });
        (Platform::new(&Setup::default(), clock, 1), t)
    }

    fn get(p: &mut Platform, path: &str, q: &[(&str, &str)]) -> Value {
        p.handle(&ServiceRequest {
            method: "GET".into(),
            path: path.into(),
            query: q
                .iter()
                .map(|(k, v)| ((*k).to_string(), (*v).to_string()))
                .collect(),
            body: Vec::new(),
            traced_by_caller: false,
            ..ServiceRequest::default()
        })
        .body
    }

    fn code2session(p: &mut Platform, code: &str, secret: &str) -> Value {
        let appid = p.appid().to_string();
        get(
            p,
            "/sns/jscode2session",
            &[
                ("appid", &appid),
                ("secret", secret),
                ("js_code", code),
                ("grant_type", "authorization_code"),
            ],
        )
    }

    const SECRET: &str = "wxbox-app-secret-0123456789abcdef";

    #[test]
    fn a_login_code_redeems_once_within_five_minutes() {
        let (mut p, t) = platform();
        let code = p.issue_code(CodeKind::Login);
        let key = p.live_session().map(Session::key_b64);
        let ok = code2session(&mut p, &code, SECRET);
        assert_eq!(ok["openid"], p.openid());
        assert_eq!(ok["session_key"].as_str(), key.as_deref());
        assert_eq!(code2session(&mut p, &code, SECRET)["errcode"], 40163);
        let late = p.issue_code(CodeKind::Login);
        t.store(CODE_LIFETIME_MS, Ordering::SeqCst);
        assert_eq!(code2session(&mut p, &late, SECRET)["errcode"], 40029);
        assert_eq!(code2session(&mut p, "nope", SECRET)["errcode"], 40029);
        let fresh = p.issue_code(CodeKind::Login);
        assert_eq!(code2session(&mut p, &fresh, "wrong")["errcode"], 40125);
        // A refused secret does not use the code up.
        assert!(code2session(&mut p, &fresh, SECRET)["session_key"].is_string());
    }

    #[test]
    fn phone_codes_are_not_login_codes_and_tokens_are_checked() {
        let (mut p, t) = platform();
        let phone = p.issue_code(CodeKind::Phone);
        assert_eq!(code2session(&mut p, &phone, SECRET)["errcode"], 40029);
        let path = "/wxa/business/getuserphonenumber";
        let body = json!({"code": phone});
        assert_eq!(post(&mut p, path, "", &body)["errcode"], 41001);
        assert_eq!(post(&mut p, path, "x", &body)["errcode"], 40001);
        let token = token(&mut p);
        let ok = post(&mut p, path, &token, &body);
        assert_eq!(ok["phone_info"]["purePhoneNumber"], "13800138000");
        assert_eq!(ok["phone_info"]["watermark"]["appid"], p.appid());
        assert_eq!(post(&mut p, path, &token, &body)["errcode"], 40163);
        t.store(TOKEN_LIFETIME_MS, Ordering::SeqCst);
        assert_eq!(
            post(&mut p, path, &token, &json!({"code": "x"}))["errcode"],
            42001
        );
    }

    fn post(p: &mut Platform, path: &str, token: &str, body: &Value) -> Value {
        p.handle(&ServiceRequest {
            method: "POST".into(),
            path: path.into(),
            query: [("access_token".to_string(), token.to_string())].into(),
            body: body.to_string().into_bytes(),
            traced_by_caller: false,
            ..ServiceRequest::default()
        })
        .body
    }

    fn token(p: &mut Platform) -> String {
        let appid = p.appid().to_string();
        let t = get(
            p,
            "/cgi-bin/token",
            &[
                ("grant_type", "client_credential"),
                ("appid", &appid),
                ("secret", SECRET),
            ],
        );
        t["access_token"].as_str().unwrap_or_default().to_string()
    }

    #[test]
    fn auth_codes_redeem_and_sessions_end_by_lifetime_or_invalidation() {
        let mut profile = Setup::default();
        profile.session.lifetime_s = 60;
        let t = Arc::new(AtomicU64::new(0));
        let clock_t = t.clone();
        let clock: PlatformClock = Arc::new(move || Time {
            ms: clock_t.load(Ordering::SeqCst),
            wall_ms: 0,
        });
        let mut p = Platform::new(&profile, clock, 1);
        p.issue_code(CodeKind::Login);
        let auth = p.issue_code(CodeKind::AuthCode);
        assert_eq!(
            code2session(&mut p, &auth, SECRET)["openid"].as_str(),
            Some(p.openid())
        );
        assert!(p.live_session().is_some());
        t.store(60_000, Ordering::SeqCst);
        assert!(p.live_session().is_none(), "past session.lifetime_s");
        p.start_session();
        p.invalidate_session();
        assert!(p.live_session().is_none(), "invalidated");
    }

    #[test]
    fn check_session_key_takes_the_hmac_of_the_live_key() {
        let (mut p, _) = platform();
        p.issue_code(CodeKind::Login);
        let key = p.live_session().map(Session::key_b64).unwrap_or_default();
        let token = token(&mut p);
        let openid = p.openid().to_string();
        let check = |p: &mut Platform, sig: &str| {
            get(
                p,
                "/wxa/checksession",
                &[
                    ("access_token", &token),
                    ("openid", &openid),
                    ("signature", sig),
                    ("sig_method", "hmac_sha256"),
                ],
            )["errcode"]
                .clone()
        };
        assert_eq!(check(&mut p, &crypto::session_key_signature(&key)), 0);
        assert_eq!(check(&mut p, "00"), 87009);
    }

    #[test]
    fn a_one_time_acceptance_allows_one_send() {
        let mut profile = Setup::default();
        profile.templates.push(TemplateSpec {
            id: "T1".into(),
            kind: TemplateKind::OneTime,
        });
        let clock: PlatformClock = Arc::new(|| Time { ms: 0, wall_ms: 0 });
        let mut p = Platform::new(&profile, clock, 1);
        p.accept_subscription("T1", TemplateKind::OneTime);
        let token = token(&mut p);
        let msg =
            json!({"touser": p.openid(), "template_id": "T1", "data": {"thing1": {"value": "x"}}});
        let path = "/cgi-bin/message/subscribe/send";
        assert_eq!(post(&mut p, path, &token, &msg)["errcode"], 0);
        assert_eq!(post(&mut p, path, &token, &msg)["errcode"], 43101);
        assert_eq!(p.sends().len(), 1);
        let bad = json!({"touser": p.openid(), "template_id": "T1", "data": {"thing1": 1}});
        assert_eq!(post(&mut p, path, &token, &bad)["errcode"], 47003);
        let other = json!({"touser": "someone", "template_id": "T1", "data": {}});
        assert_eq!(post(&mut p, path, &token, &other)["errcode"], 40003);
    }

    #[test]
    fn faults_apply_to_the_next_calls_only() {
        let mut profile = Setup::default();
        profile.service.faults.push(FaultProfile {
            api: "code2Session".into(),
            errcode: Some(-1),
            latency_ms: 0,
            times: Some(1),
        });
        let clock: PlatformClock = Arc::new(|| Time { ms: 0, wall_ms: 0 });
        let mut p = Platform::new(&profile, clock, 1);
        let code = p.issue_code(CodeKind::Login);
        let first = code2session(&mut p, &code, SECRET);
        assert_eq!(first, json!({"errcode": -1, "errmsg": "system error"}));
        assert_eq!(p.fault("code2Session"), (0, None), "used up");
        assert!(code2session(&mut p, &code, SECRET)["openid"].is_string());
        assert_eq!(p.take_log().len(), 2);
        let too_slow = FaultProfile {
            api: "*".into(),
            errcode: None,
            latency_ms: u64::MAX,
            times: None,
        };
        assert!(p
            .add_fault(too_slow)
            .expect_err("refused")
            .starts_with("latency_ms 18446744073709551615 is over the limit"));
    }

    #[test]
    fn an_untaken_log_keeps_the_latest_calls_and_no_large_bodies() {
        let (mut p, _) = platform();
        let big = vec![b'x'; LOG_BODY_CAP + 1];
        for _ in 0..(LOG_CAP + 10) {
            p.handle(&ServiceRequest {
                method: "POST".into(),
                path: "/wxa/msg_sec_check".into(),
                body: big.clone(),
                ..ServiceRequest::default()
            });
        }
        assert_eq!(p.log_dropped(), 10);
        let log = p.take_log();
        assert_eq!(log.len(), LOG_CAP);
        assert_eq!(log[0].seq, 11, "the oldest went first");
        assert_eq!(
            log[0].body,
            Some(Value::String(format!("<{} bytes>", LOG_BODY_CAP + 1)))
        );
    }
}
