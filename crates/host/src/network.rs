//! `wx.request` on the host side: the request as the superapp receives it, the response, what
//! happened beyond the app while it was answered (the developer server's console, its calls to
//! the interface service), and the failures WeChat reports.
//!
//! A host answers through a [`Reply`] like every family, and returns an [`Abort`] the `wx` layer
//! calls when the app aborts the `RequestTask` (the reply is then ignored).

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::Value;

use crate::reply::{Failure, Reply};

/// WeChat's default `wx.request` timeout (fact sheet section 2).
pub const DEFAULT_TIMEOUT_MS: u64 = 60_000;

/// A request as the app made it, after the `wx` layer encoded `data`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HttpRequest {
    /// `GET`, `POST`, ...
    pub method: String,
    /// The full URL, query included.
    pub url: String,
    /// Request headers, names as the app wrote them.
    pub header: BTreeMap<String, String>,
    /// The encoded body.
    pub body: String,
    /// Milliseconds before `request:fail timeout`.
    pub timeout_ms: u64,
}

/// A response.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct HttpResponse {
    /// HTTP status.
    pub status: u16,
    /// Response headers (names lowercase); `set-cookie` lines become `cookies`.
    pub header: Vec<(String, String)>,
    /// The body.
    pub body: Vec<u8>,
}

/// What came of one request: the response or why there was none, and what the parties beyond the
/// app did meanwhile (`far`): trace events in the engine's JSON form (`{"kind": "console",
/// "level": "log", "text": ..., "party": ...}`, `request` / `response` events for the developer
/// server's calls to the interface service), put in the trace before the response, in order.
#[derive(Debug, Clone, PartialEq)]
pub struct Exchange {
    /// The response, or the failure WeChat reports.
    pub outcome: Result<HttpResponse, NetworkError>,
    /// Events from beyond the app.
    pub far: Vec<Value>,
}

/// Why a request failed, as WeChat reports it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NetworkError {
    /// Not an `https://` URL WeChat can parse.
    #[error("invalid url \"{0}\"")]
    InvalidUrl(String),
    /// The domain is not on the app's request domain list (docs: errno 600002).
    #[error("url not in domain list")]
    NotInDomainList,
    /// No response within the timeout. UNVERIFIED text and errno.
    #[error("timeout")]
    Timeout,
    /// The connection failed. UNVERIFIED: WeChat surfaces the platform's network error text.
    #[error("{0}")]
    Failed(String),
}

impl From<NetworkError> for Failure {
    fn from(e: NetworkError) -> Self {
        let errno = match e {
            NetworkError::InvalidUrl(_) => 600_009,
            NetworkError::NotInDomainList => 600_002,
            NetworkError::Timeout => 5,
            NetworkError::Failed(_) => 600_001,
        };
        Failure {
            reason: e.to_string(),
            errno: Some(errno),
            err_code: None,
        }
    }
}

/// Cancels a request in flight. Dropping it does nothing.
#[must_use]
pub struct Abort(Option<Box<dyn FnOnce() + Send>>);

impl std::fmt::Debug for Abort {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Abort")
    }
}

impl Abort {
    /// An abort that runs `f`.
    pub fn new(f: impl FnOnce() + Send + 'static) -> Self {
        Abort(Some(Box::new(f)))
    }

    /// Nothing to cancel (the request was answered at once).
    pub fn none() -> Self {
        Abort(None)
    }

    /// Lets the request run to its end: nobody will cancel it.
    pub fn forget(mut self) {
        self.0 = None;
    }

    /// Cancels.
    pub fn abort(mut self) {
        if let Some(f) = self.0.take() {
            f();
        }
    }
}

/// The network family.
pub trait NetworkHost {
    /// Sends `req`; answers through `reply` (any thread). The returned [`Abort`] cancels it.
    /// Network failures are an [`Exchange`] outcome; a `Reply` failure means a host bug.
    fn request(&mut self, req: HttpRequest, reply: Reply<Exchange>) -> Abort;
}

/// `url` split into its origin `scheme://host[:port]`, lowercased (the key of the domain list),
/// and the rest as written (path, query, fragment).
#[must_use]
pub fn split_origin(url: &str) -> Option<(String, &str)> {
    let (scheme, rest) = url.split_once("://")?;
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (host, tail) = rest.split_at(end);
    if scheme.is_empty() || host.is_empty() || host.contains(char::is_whitespace) {
        return None;
    }
    Some((
        format!("{}://{}", scheme.to_lowercase(), host.to_lowercase()),
        tail,
    ))
}

/// `scheme://host[:port]` of `url`, lowercased: the key of the domain list.
#[must_use]
pub fn origin(url: &str) -> Option<String> {
    split_origin(url).map(|(o, _)| o)
}

/// The `[request.domains]` key that routes every origin not listed (with `url_check = false`).
pub const ANY_ORIGIN: &str = "*";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_and_routes() {
        assert_eq!(
            origin("https://API.example.com/a?b=1").as_deref(),
            Some("https://api.example.com")
        );
        assert_eq!(origin("nonsense"), None);
        // The rest is cut where it was written, whatever lowercasing does to the host's length.
        assert_eq!(
            split_origin("https://İ.example/a?b=1"),
            Some(("https://i̇.example".to_string(), "/a?b=1"))
        );
    }
}
