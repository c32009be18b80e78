//! A plain HTTP/1.1 client (hyper) for loopback upstreams and the interface service. Calls run on
//! the shared runtime; callers on other threads get the answer through a callback, and can abort.

use std::time::Duration;

use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;

/// One request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fetch {
    /// `GET`, `POST`, ...
    pub method: String,
    /// An `http://` URL.
    pub url: String,
    /// Headers, in order.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Vec<u8>,
    /// Give up after this long.
    pub timeout: Duration,
}

/// A response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fetched {
    /// HTTP status.
    pub status: u16,
    /// Headers, in order, names lowercase.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Vec<u8>,
}

/// Why a request got no response.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FetchError {
    /// No response within the timeout.
    #[error("timeout")]
    Timeout,
    /// The request could not be built (bad URL, method or header).
    #[error("invalid request: {0}")]
    Invalid(String),
    /// Connecting or exchanging failed.
    #[error("{0}")]
    Io(String),
    /// The runtime is gone (the process is shutting down).
    #[error("network runtime unavailable: {0}")]
    Runtime(String),
}

/// Cancels a request started with [`fetch`]; its callback then never runs.
#[derive(Debug)]
pub struct Cancel(Option<tokio::task::AbortHandle>);

impl Cancel {
    /// Cancels the request.
    pub fn cancel(self) {
        if let Some(h) = self.0 {
            h.abort();
        }
    }
}

async fn send(f: Fetch) -> Result<Fetched, FetchError> {
    let client: Client<_, Full<Bytes>> = Client::builder(TokioExecutor::new()).build_http();
    let mut b = hyper::Request::builder()
        .method(f.method.as_str())
        .uri(f.url.as_str());
    for (k, v) in &f.headers {
        b = b.header(k.as_str(), v.as_str());
    }
    let req = b
        .body(Full::new(Bytes::from(f.body)))
        .map_err(|e| FetchError::Invalid(e.to_string()))?;
    let exchange = async {
        let resp = client.request(req).await.map_err(|e| {
            // hyper-util's error hides the cause (connection refused, reset) in its source chain.
            let mut text = e.to_string();
            let mut src = std::error::Error::source(&e);
            while let Some(s) = src {
                text = format!("{text}: {s}");
                src = s.source();
            }
            FetchError::Io(text)
        })?;
        let status = resp.status().as_u16();
        let headers = resp
            .headers()
            .iter()
            .map(|(k, v)| {
                (
                    k.as_str().to_string(),
                    String::from_utf8_lossy(v.as_bytes()).into_owned(),
                )
            })
            .collect();
        let body = resp
            .into_body()
            .collect()
            .await
            .map_err(|e| FetchError::Io(e.to_string()))?
            .to_bytes()
            .to_vec();
        Ok(Fetched {
            status,
            headers,
            body,
        })
    };
    tokio::time::timeout(f.timeout, exchange)
        .await
        .map_err(|_| FetchError::Timeout)?
}

/// Sends `f` on the shared runtime and calls `done` with the outcome (on a runtime thread).
pub fn fetch(f: Fetch, done: impl FnOnce(Result<Fetched, FetchError>) + Send + 'static) -> Cancel {
    match crate::runtime() {
        Ok(rt) => {
            let task = rt.spawn(async move { done(send(f).await) });
            Cancel(Some(task.abort_handle()))
        }
        Err(e) => {
            done(Err(FetchError::Runtime(e)));
            Cancel(None)
        }
    }
}

/// Sends `f` and waits for the outcome. Not for use on a runtime thread.
///
/// # Errors
/// See [`FetchError`].
pub fn fetch_blocking(f: Fetch) -> Result<Fetched, FetchError> {
    crate::runtime()
        .map_err(FetchError::Runtime)?
        .block_on(send(f))
}
