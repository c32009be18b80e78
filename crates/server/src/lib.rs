//! The network side of wxbox, on one process-wide tokio runtime:
//!
//! - [`service`]: the fake WeChat interface service (`api.weixin.qq.com`), a real HTTP server on
//!   loopback over a [`wxbox_wechat::SharedPlatform`].
//! - [`client`]: the HTTP client that carries `wx.request` to real upstreams and mock backends'
//!   calls to the service.
//!
//! Sandboxes stay single-threaded: they hand work to this runtime and get answers back through
//! their event loop, as with every host.

pub mod client;
pub mod service;

use std::sync::LazyLock;

pub use client::{Fetch, FetchError, Fetched};
pub use service::{BindError, Service, ServiceOptions};

static RUNTIME: LazyLock<Result<tokio::runtime::Runtime, String>> = LazyLock::new(|| {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .thread_name("wxbox-net")
        .enable_all()
        .build()
        .map_err(|e| e.to_string())
});

/// The shared runtime.
///
/// # Errors
/// The OS refused the runtime's threads (reported, never a panic).
pub fn runtime() -> Result<&'static tokio::runtime::Runtime, String> {
    RUNTIME.as_ref().map_err(Clone::clone)
}
