//! `wx.request` as a superapp routes it. The profile's `[request.domains]` is the app's request
//! domain list: a request to any other origin fails `url not in domain list` as in WeChat; each
//! listed origin goes to a real upstream over HTTP or to a [`mock`] backend script.
//!
//! With `[request] url_check = false` (DevTools' "do not verify domain names", which
//! `setting.urlCheck: false` in `project.config.json` turns on) any origin passes, `http://`
//! included: a listed one goes to its route, any other to the `"*"` route when there is one, else
//! it fails as WeChat fails a host it cannot reach. Nothing leaves for an origin nobody routed.
//!
//! Calls a real upstream makes to the interface service meanwhile are taken from the platform's
//! log and put in the trace before the response, so the three parties show in order.

pub mod mock;
pub mod routes;

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::atomic::Ordering;
use std::time::Duration;

use serde_json::{json, Value};
use wxbox_engine::{EngineConfig, Event};
use wxbox_host::network::{
    origin, split_origin, Abort, Exchange, HttpRequest, HttpResponse, NetworkError, NetworkHost,
    ANY_ORIGIN,
};
use wxbox_host::Reply;
use wxbox_server::{Fetch, FetchError};
use wxbox_superapp::Profile;
use wxbox_wechat::platform::{self, SharedPlatform};

pub use mock::{await_returned, drain, promise_state, settle, MockBackend, Settled, WechatConfig};

enum Route {
    Upstream(String),
    Mock(MockBackend),
}

/// How WeChat fails a request to a host it cannot reach. Android WeChat reports Chromium's net
/// error as `request:fail -<code>:net::<NAME>` with errno 600001 (developers.weixin.qq.com
/// community: "fail-109:net::ERR_ADDRESS_UNREACHABLE"; the HttpDNS guide shows `{"errno":
/// 600001, "errMsg": "request:fail net::ERR_PROXY_CONNECTION_FAILED ..."}`); -105 is Chromium's
/// code for a name that does not resolve. UNVERIFIED: the exact text for an unresolvable name,
/// and iOS, which reports the system's own words.
pub const UNREACHABLE: &str = "-105:net::ERR_NAME_NOT_RESOLVED";

/// The router: the [`NetworkHost`] of a sandbox whose profile lists request domains (or turns
/// `url_check` off).
pub struct Router {
    routes: BTreeMap<String, Route>,
    /// The `"*"` route, for origins not listed (only with `url_check` off).
    any: Option<Route>,
    url_check: bool,
    /// WeChat's server side: its clock is the sandbox's, its log has the service calls.
    platform: SharedPlatform,
}

impl std::fmt::Debug for Router {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Router")
            .field("domains", &self.routes.keys().collect::<Vec<_>>())
            .finish_non_exhaustive()
    }
}

/// Why the router could not be built.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct RouterError(pub String);

impl Router {
    /// Routes for `profile`'s domains. Mock scripts are found relative to the profile's
    /// `base_dir` (its file's directory, else the app's) and start at once, so a script that does not load
    /// is reported on its first request rather than lost.
    ///
    /// # Errors
    /// A mock script that does not exist, or a backend thread that cannot start.
    pub fn new(
        profile: &Profile,
        platform: SharedPlatform,
        service_url: &str,
        engine: EngineConfig,
    ) -> Result<Self, RouterError> {
        let base_dir = profile.base_dir.as_deref().unwrap_or(Path::new("."));
        let url_check = profile.request.url_check;
        let mut routes = BTreeMap::new();
        let mut any = None;
        for (domain, route) in &profile.request.domains {
            let any_origin = domain == ANY_ORIGIN;
            let key = origin(domain).unwrap_or_else(|| domain.clone());
            if url_check && (any_origin || !key.starts_with("https://")) {
                return Err(RouterError(format!(
                    "request.domains.{domain:?}: {} only with url_check = false (WeChat checks \
                     that a request goes to a listed https:// domain; DevTools' \"do not verify \
                     domain names\", setting.urlCheck: false, lifts it)",
                    if any_origin {
                        "a route for every origin works"
                    } else {
                        "an http:// domain is reachable"
                    }
                )));
            }
            let r = match (&route.upstream, &route.mock) {
                (Some(u), _) => Route::Upstream(u.trim_end_matches('/').to_string()),
                (None, Some(m)) => {
                    let script = base_dir.join(m);
                    if !script.is_file() {
                        return Err(RouterError(format!(
                            "request.domains.{domain:?}: mock script {} does not exist",
                            script.display()
                        )));
                    }
                    let wechat = WechatConfig {
                        base_url: service_url.to_string(),
                        appid: profile.app.appid.clone(),
                        secret: profile.app.secret.clone(),
                        merchants: platform::lock(&platform).pay().merchants().to_vec(),
                        seed: profile.seed ^ 0x6d6f_636b,
                    };
                    // Each backend draws its own Math.random stream, repeatable per domain.
                    let engine = EngineConfig {
                        seed: profile.seed ^ fnv1a(key.as_bytes()),
                        ..engine
                    };
                    Route::Mock(
                        MockBackend::start(script, key.clone(), wechat, engine)
                            .map_err(RouterError)?,
                    )
                }
                (None, None) => continue,
            };
            if any_origin {
                any = Some(r);
            } else {
                routes.insert(key, r);
            }
        }
        Ok(Router {
            routes,
            any,
            url_check,
            platform,
        })
    }
}

/// FNV-1a: a stable 64-bit hash (std's hasher is randomly keyed per process).
fn fnv1a(data: &[u8]) -> u64 {
    data.iter().fold(0xCBF2_9CE4_8422_2325, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0000_0100_0000_01B3)
    })
}

impl NetworkHost for Router {
    fn request(&mut self, req: HttpRequest, reply: Reply<Exchange>) -> Abort {
        let Some((o, tail)) = split_origin(&req.url).map(|(o, t)| (o, t.to_string())) else {
            reply.ok(Exchange {
                outcome: Err(NetworkError::NotInDomainList),
                far: Vec::new(),
            });
            return Abort::none();
        };
        let route = match self.routes.get(&o) {
            Some(r) => Some(r),
            None if !self.url_check => self.any.as_ref(),
            None => None,
        };
        match route {
            None if self.url_check => {
                reply.ok(Exchange {
                    outcome: Err(NetworkError::NotInDomainList),
                    far: Vec::new(),
                });
                Abort::none()
            }
            None => {
                // Checking is off but nobody routed this origin: nothing is sent, and the app
                // sees what an unreachable host gives on a phone.
                let why = format!(
                    "no route for {o}: wxbox sends nothing there (add it, or \"*\", to \
                     [request.domains] with an upstream or a mock)"
                );
                reply.ok(Exchange {
                    outcome: Err(NetworkError::Failed(UNREACHABLE.into())),
                    far: vec![json!({"kind": "warning", "origin": "network", "message": why})],
                });
                Abort::none()
            }
            Some(Route::Mock(m)) => {
                let now = platform::lock(&self.platform).now().ms;
                let cancelled = m.send(req, now, reply);
                Abort::new(move || cancelled.store(true, Ordering::SeqCst))
            }
            Some(Route::Upstream(base)) => {
                let url = format!("{base}{tail}");
                upstream(base, url, req, self.platform.clone(), reply)
            }
        }
    }
}

/// Sends `req` to the upstream at `base` (as `url`, the app's path and query on it).
fn upstream(
    base: &str,
    url: String,
    req: HttpRequest,
    platform: SharedPlatform,
    reply: Reply<Exchange>,
) -> Abort {
    let fetch = Fetch {
        method: req.method,
        url,
        headers: req.header.into_iter().collect(),
        body: req.body.into_bytes(),
        timeout: Duration::from_millis(req.timeout_ms),
    };
    let party = base.to_string();
    let cancel = wxbox_server::client::fetch(fetch, move |result| {
        let far = service_calls(&platform, party);
        let outcome = match result {
            Ok(r) => Ok(HttpResponse {
                status: r.status,
                header: r.headers,
                body: r.body,
            }),
            Err(FetchError::Timeout) => Err(NetworkError::Timeout),
            // UNVERIFIED: WeChat shows the platform's network error; this keeps the cause.
            Err(e) => Err(NetworkError::Failed(e.to_string())),
        };
        reply.ok(Exchange { outcome, far });
    });
    Abort::new(move || cancel.cancel())
}

/// The interface-service calls logged since the last look, as request/response trace events
/// from `party` (the upstream, which is who calls the service).
fn service_calls(platform: &SharedPlatform, party: String) -> Vec<Value> {
    let calls = platform::lock(platform).take_log();
    let mut out = Vec::new();
    for c in calls {
        let id = format!("s{}", c.seq);
        let events = [
            Event::Request {
                id: id.clone(),
                from: party.clone(),
                to: "wechat".into(),
                method: c.method,
                url: c.url,
                data: c.body.unwrap_or(Value::Null),
                header: BTreeMap::new(),
            },
            Event::Response {
                id,
                from: "wechat".into(),
                to: party.clone(),
                status: Some(c.status),
                data: c.response,
                error: None,
            },
        ];
        out.extend(events.iter().filter_map(|e| serde_json::to_value(e).ok()));
    }
    out
}
