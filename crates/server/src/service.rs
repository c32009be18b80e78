//! The fake WeChat interface service: an HTTP server on loopback that answers the endpoints of
//! the fact sheet, section 4, from a shared [`Platform`]. The HTTP layer only parses and forwards;
//! every rule lives in [`Platform::handle`].
//!
//! Besides WeChat's endpoints it answers a few of its own under `/_wxbox/`, for people and
//! backends testing without a mini-program: `POST /_wxbox/login` and `POST /_wxbox/phone-code`
//! issue codes as the user's `wx.login` / getPhoneNumber button would, `GET /_wxbox/sends` lists
//! subscription messages sent, `GET /_wxbox/pay/keys` gives a merchant server outside wxbox the
//! merchants' keys and the WeChat Pay platform's public key, and `POST /_wxbox/advance?ms=N`
//! moves a standalone service's virtual clock. WeChat Pay's v3 endpoints (`/v3/pay/...`) are
//! served at the same address as `api.weixin.qq.com`'s: point `api.mch.weixin.qq.com` here too.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::http::{header, HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::Router;
use serde_json::{json, Value};
use wxbox_wechat::platform::{self, CodeKind, ServiceRequest, SharedPlatform};

/// Moves a standalone service's clock forward by the given milliseconds.
pub type Advance = Arc<dyn Fn(u64) + Send + Sync>;

/// How long a client may take to send a request's headers, and then its body. A client that
/// sends half a request and stops would otherwise hold its connection and task forever.
pub const READ_TIMEOUT: Duration = Duration::from_secs(10);

/// The largest request body the service reads (413 past it).
pub const BODY_LIMIT: usize = 2 * 1024 * 1024;

/// How to start the service.
#[derive(Clone, Default)]
pub struct ServiceOptions {
    /// Address to bind; loopback port 0 (a free port) when `None`.
    pub addr: Option<SocketAddr>,
    /// Allow a non-loopback address. The service hands out session keys for any code: it must
    /// not be reachable from other machines unless someone means it.
    pub allow_remote: bool,
    /// The clock control for `/_wxbox/advance`, when the service owns its clock.
    pub advance: Option<Advance>,
    /// Overrides [`READ_TIMEOUT`] (tests of slow clients).
    pub read_timeout: Option<Duration>,
}

/// Why the service could not start.
#[derive(Debug, thiserror::Error)]
pub enum BindError {
    /// A non-loopback address without `allow_remote`.
    #[error("refusing to listen on {0}: not a loopback address (pass --allow-remote to mean it)")]
    NotLoopback(IpAddr),
    /// The OS refused the address.
    #[error("cannot listen on {addr}: {why}")]
    Io {
        /// The address.
        addr: SocketAddr,
        /// The OS's reason.
        why: String,
    },
    /// No runtime.
    #[error("network runtime unavailable: {0}")]
    Runtime(String),
}

/// A running service. Dropping it stops the server.
pub struct Service {
    addr: SocketAddr,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
}

impl std::fmt::Debug for Service {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Service").field("addr", &self.addr).finish()
    }
}

#[derive(Clone)]
struct State {
    platform: SharedPlatform,
    advance: Option<Advance>,
    read_timeout: Duration,
}

impl Service {
    /// Starts the service over `platform`.
    ///
    /// # Errors
    /// A non-loopback address without `allow_remote`, or an address the OS refuses.
    pub fn start(platform: SharedPlatform, options: ServiceOptions) -> Result<Self, BindError> {
        let addr = options
            .addr
            .unwrap_or_else(|| SocketAddr::from(([127, 0, 0, 1], 0)));
        if !addr.ip().is_loopback() && !options.allow_remote {
            return Err(BindError::NotLoopback(addr.ip()));
        }
        let rt = crate::runtime().map_err(BindError::Runtime)?;
        let listener = rt
            .block_on(tokio::net::TcpListener::bind(addr))
            .map_err(|e| BindError::Io {
                addr,
                why: e.to_string(),
            })?;
        let local = listener.local_addr().map_err(|e| BindError::Io {
            addr,
            why: e.to_string(),
        })?;
        let read_timeout = options.read_timeout.unwrap_or(READ_TIMEOUT);
        let state = State {
            platform,
            advance: options.advance,
            read_timeout,
        };
        let app = Router::new().fallback(
            move |method: Method, uri: Uri, headers: HeaderMap, body: Body| {
                let state = state.clone();
                async move {
                    match read_body(body, state.read_timeout).await {
                        Ok(body) => answer(&state, &method, &uri, &headers, body).await,
                        Err(refusal) => refusal,
                    }
                }
            },
        );
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        rt.spawn(serve(listener, app, read_timeout, stopped));
        tracing::info!(target: "wxbox::service", "interface service on http://{local}");
        Ok(Service {
            addr: local,
            stop: Some(stop),
        })
    }

    /// The address it listens on.
    #[must_use]
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://127.0.0.1:PORT`, what backends use instead of `https://api.weixin.qq.com`.
    #[must_use]
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }
}

impl Drop for Service {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

/// Accepts connections until `stopped`, each served by hyper with a deadline for the request
/// headers (axum's own `serve` sets none, so a half-sent request held its connection forever).
/// On stop, open connections finish the request in hand and close.
async fn serve(
    listener: tokio::net::TcpListener,
    app: Router,
    read_timeout: Duration,
    mut stopped: tokio::sync::oneshot::Receiver<()>,
) {
    let (closing_tx, closing) = tokio::sync::watch::channel(false);
    loop {
        let accepted = tokio::select! {
            _ = &mut stopped => break,
            a = listener.accept() => a,
        };
        let Ok((stream, _)) = accepted else { continue };
        let service = hyper_util::service::TowerToHyperService::new(app.clone());
        let mut closing = closing.clone();
        tokio::spawn(async move {
            let conn = hyper::server::conn::http1::Builder::new()
                .timer(hyper_util::rt::TokioTimer::new())
                .header_read_timeout(read_timeout)
                .serve_connection(hyper_util::rt::TokioIo::new(stream), service);
            tokio::pin!(conn);
            tokio::select! {
                _ = conn.as_mut() => {}
                _ = closing.changed() => {
                    conn.as_mut().graceful_shutdown();
                    let _ = conn.await;
                }
            }
        });
    }
    let _ = closing_tx.send(true);
}

/// The whole body within `timeout` and [`BODY_LIMIT`], or the response refusing it.
async fn read_body(body: Body, timeout: Duration) -> Result<Bytes, Response> {
    match tokio::time::timeout(timeout, axum::body::to_bytes(body, BODY_LIMIT)).await {
        Ok(Ok(bytes)) => Ok(bytes),
        // to_bytes fails past the limit or when the client breaks off; both end the request.
        Ok(Err(_)) => Err(json_response(
            413,
            &json!({"errcode": 413, "errmsg": format!("request body over {BODY_LIMIT} bytes or cut off")}),
        )),
        Err(_) => Err(json_response(
            408,
            &json!({"errcode": 408, "errmsg": format!("request body not received within {} ms", timeout.as_millis())}),
        )),
    }
}

fn json_response(status: u16, body: &Value) -> Response {
    json_response_with(status, body, &[])
}

fn json_response_with(status: u16, body: &Value, extra: &[(String, String)]) -> Response {
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let mut resp = (
        status,
        [(header::CONTENT_TYPE, "application/json; encoding=utf-8")],
        body.to_string(),
    )
        .into_response();
    for (k, v) in extra {
        if let (Ok(name), Ok(value)) = (
            header::HeaderName::from_bytes(k.as_bytes()),
            header::HeaderValue::from_str(v),
        ) {
            resp.headers_mut().insert(name, value);
        }
    }
    resp
}

async fn answer(
    state: &State,
    method: &Method,
    uri: &Uri,
    headers: &HeaderMap,
    body: Bytes,
) -> Response {
    let query = uri
        .query()
        .map(|q| {
            form_urlencoded::parse(q.as_bytes())
                .into_owned()
                .collect::<std::collections::BTreeMap<_, _>>()
        })
        .unwrap_or_default();
    let path = uri.path();
    if let Some(own) = path.strip_prefix("/_wxbox/") {
        let (status, body) = wxbox_endpoint(state, method, own, &query);
        return json_response(status, &body);
    }
    let req = ServiceRequest {
        method: method.as_str().to_string(),
        path: path.to_string(),
        target: uri
            .path_and_query()
            .map_or_else(|| path.to_string(), |pq| pq.as_str().to_string()),
        headers: headers
            .iter()
            .filter_map(|(k, v)| Some((k.as_str().to_string(), v.to_str().ok()?.to_string())))
            .collect(),
        query,
        body: body.to_vec(),
        traced_by_caller: headers.contains_key("x-wxbox-traced"),
    };
    let resp = platform::lock(&state.platform).handle(&req);
    if resp.latency_ms > 0 {
        tokio::time::sleep(Duration::from_millis(resp.latency_ms)).await;
    }
    json_response_with(resp.status, &resp.body, &resp.headers)
}

fn wxbox_endpoint(
    state: &State,
    method: &Method,
    path: &str,
    query: &std::collections::BTreeMap<String, String>,
) -> (u16, Value) {
    let mut p = platform::lock(&state.platform);
    match (method.as_str(), path) {
        ("POST", "login") => (200, json!({ "code": p.issue_code(CodeKind::Login) })),
        ("POST", "phone-code") => (200, json!({ "code": p.issue_code(CodeKind::Phone) })),
        ("GET", "sends") => (200, json!({ "sends": p.sends() })),
        // What a merchant server outside wxbox needs to use WeChat Pay here (test keys only:
        // the service refuses non-loopback addresses unless told).
        ("GET", "pay/keys") => {
            let (platform_pem, platform_serial) = wxbox_wechat::wechatpay::platform_key()
                .map(|(k, serial)| (wxbox_wechat::signing::public_pem(&k), serial))
                .unwrap_or_default();
            let merchants: Vec<Value> = p
                .pay()
                .merchants()
                .iter()
                .map(|m| {
                    json!({
                        "mchid": m.mchid, "appid": m.appid, "serial_no": m.serial,
                        "apiv3_key": m.apiv3_key, "v2_key": m.v2_key,
                        "private_key_pem": wxbox_wechat::signing::private_pem(&m.key),
                    })
                })
                .collect();
            (
                200,
                json!({
                    "merchants": merchants,
                    "platform": {"serial_no": platform_serial, "public_key_pem": platform_pem},
                }),
            )
        }
        ("POST", "advance") => {
            let Some(advance) = &state.advance else {
                return (
                    409,
                    json!({"error": "this service runs on a sandbox's clock; advance the sandbox"}),
                );
            };
            match query.get("ms").and_then(|v| v.parse::<u64>().ok()) {
                Some(ms) => {
                    advance(ms);
                    (200, json!({ "now_ms": p.now().ms }))
                }
                None => (
                    400,
                    json!({"error": "query parameter ms must be a whole number"}),
                ),
            }
        }
        _ => (
            404,
            json!({"error": format!("no wxbox endpoint {} /_wxbox/{path}", method.as_str())}),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::client::{fetch_blocking, Fetch};
    use wxbox_wechat::platform::{Platform, Time};
    use wxbox_wechat::Setup;

    fn get(url: String) -> (u16, Value) {
        let r = fetch_blocking(Fetch {
            method: "GET".into(),
            url,
            headers: Vec::new(),
            body: Vec::new(),
            timeout: Duration::from_secs(5),
        })
        .expect("service answers");
        (
            r.status,
            serde_json::from_slice(&r.body).unwrap_or(Value::Null),
        )
    }

    #[test]
    fn answers_over_http_and_refuses_remote_addresses() {
        let clock = Arc::new(|| Time { ms: 0, wall_ms: 0 });
        let platform = Platform::new(&Setup::default(), clock, 3).shared();
        let code = platform::lock(&platform).issue_code(CodeKind::Login);
        let svc = Service::start(platform.clone(), ServiceOptions::default()).expect("starts");
        let base = svc.base_url();
        let url = format!(
            "{base}/sns/jscode2session?appid=wx0123456789abcdef&secret=wxbox-app-secret-0123456789abcdef&js_code={code}&grant_type=authorization_code"
        );
        let (status, body) = get(url.clone());
        assert_eq!(status, 200);
        assert!(body["session_key"].is_string(), "{body}");
        assert_eq!(get(url).1["errcode"], 40163);
        assert_eq!(get(format!("{base}/nope")).0, 404);
        let remote = Service::start(
            platform,
            ServiceOptions {
                addr: Some(SocketAddr::from(([0, 0, 0, 0], 0))),
                ..ServiceOptions::default()
            },
        );
        assert!(matches!(remote, Err(BindError::NotLoopback(_))));
    }

    /// Writes `sent` to the service and returns what comes back before it closes the
    /// connection (or `None` if it is still open after `within`).
    fn exchange(base: &str, sent: &[u8], within: Duration) -> Option<String> {
        use std::io::{Read, Write};
        let addr = base.trim_start_matches("http://");
        let mut s = std::net::TcpStream::connect(addr).expect("connects");
        s.write_all(sent).expect("writes");
        s.set_read_timeout(Some(within)).expect("timeout");
        let mut got = Vec::new();
        match s.read_to_end(&mut got) {
            Ok(_) => Some(String::from_utf8_lossy(&got).into_owned()),
            Err(_) => None,
        }
    }

    #[test]
    fn half_sent_requests_are_dropped_at_the_read_timeout() {
        let clock = Arc::new(|| Time { ms: 0, wall_ms: 0 });
        let platform = Platform::new(&Setup::default(), clock, 1).shared();
        let svc = Service::start(
            platform,
            ServiceOptions {
                read_timeout: Some(Duration::from_millis(300)),
                ..ServiceOptions::default()
            },
        )
        .expect("starts");
        let base = svc.base_url();
        // Headers that never end: the connection is closed.
        let closed = exchange(
            &base,
            b"GET /sns/jscode2session HTTP/1.1\r\nHost: x\r\n",
            Duration::from_secs(5),
        );
        assert!(closed.is_some(), "a half-sent head is not held open");
        // A body shorter than its length: 408, then closed.
        let answer = exchange(
            &base,
            b"POST /cgi-bin/stable_token HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{\"a\":",
            Duration::from_secs(5),
        )
        .expect("answered");
        assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
        // A whole request still works after them.
        let ok = exchange(
            &base,
            b"GET /nope HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
            Duration::from_secs(5),
        )
        .expect("answered");
        assert!(ok.starts_with("HTTP/1.1 404"), "{ok}");
    }
}
