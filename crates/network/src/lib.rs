//! `wx.request` as a superapp routes it. The profile's `[request.domains]` is the app's request
//! domain list: a request to any other origin fails `url not in domain list` as in WeChat; each
//! listed origin goes to a real upstream over HTTP or to a [`mock`] backend script.
//!
//! Calls a real upstream makes to the interface service meanwhile are taken from the platform's
//! log and put in the trace before the response, so the three parties show in order.

pub mod mock;

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::atomic::Ordering;
use std::time::Duration;

use serde_json::Value;
use wxbox_engine::{EngineConfig, Event};
use wxbox_host::network::{
    origin, split_origin, Abort, Exchange, HttpRequest, HttpResponse, NetworkError, NetworkHost,
};
use wxbox_host::platform::{self, SharedPlatform};
use wxbox_host::{Profile, Reply};
use wxbox_server::{Fetch, FetchError};

pub use mock::{MockBackend, WechatConfig};

enum Route {
    Upstream(String),
    Mock(MockBackend),
}

/// The router: the [`NetworkHost`] of a sandbox whose profile lists request domains.
pub struct Router {
    routes: BTreeMap<String, Route>,
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
        let mut routes = BTreeMap::new();
        for (domain, route) in &profile.request.domains {
            let key = origin(domain).unwrap_or_else(|| domain.clone());
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
                    Route::Mock(
                        MockBackend::start(script, key.clone(), wechat, engine)
                            .map_err(RouterError)?,
                    )
                }
                (None, None) => continue,
            };
            routes.insert(key, r);
        }
        Ok(Router { routes, platform })
    }
}

impl NetworkHost for Router {
    fn request(&mut self, req: HttpRequest, reply: Reply<Exchange>) -> Abort {
        let route = split_origin(&req.url).and_then(|(o, tail)| {
            let tail = tail.to_string();
            self.routes.get(&o).map(|r| (r, tail))
        });
        match route {
            None => {
                reply.ok(Exchange {
                    outcome: Err(NetworkError::NotInDomainList),
                    far: Vec::new(),
                });
                Abort::none()
            }
            Some((Route::Mock(m), _)) => {
                let now = platform::lock(&self.platform).now().ms;
                let cancelled = m.send(req, now, reply);
                Abort::new(move || cancelled.store(true, Ordering::SeqCst))
            }
            Some((Route::Upstream(base), tail)) => {
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
