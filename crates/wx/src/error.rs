//! Typed failures of `wx` calls, and their one mapping to WeChat's `errMsg` / `errno` / `errCode`.

use wxbox_host::{Failure, StorageError};

/// Why a `wx` call failed. Each variant maps to the reason text after `"<api>:fail "`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WxError {
    /// Validation failed; the text is the concatenated `parameter.X should be ...;` list.
    #[error("parameter error: {0}")]
    Params(String),
    /// `getStorage` of a missing key.
    #[error("data not found")]
    DataNotFound,
    /// A storage limit.
    #[error(transparent)]
    Storage(#[from] StorageError),
    /// A routing failure (unknown page, tab rules, stack limit); the text is WeChat's.
    #[error("{0}")]
    Route(String),
    /// getUserProfile, openSetting and requestSubscribeMessage outside a tap handler
    /// (fact sheet section 1, trailing period included).
    #[error("can only be invoked by user TAP gesture.")]
    TapGesture,
    /// A method in the table that this sandbox does not implement.
    #[error("not supported")]
    NotSupported,
    /// A failure a host reported, with the codes it carries.
    #[error(transparent)]
    Host(#[from] Failure),
    /// A bug in wxbox or a host (a handler that never answered, a conversion that failed).
    #[error("internal error: {0}")]
    Internal(String),
}

impl WxError {
    /// A failure with WeChat's reason text and nothing else.
    #[must_use]
    pub fn fail(reason: impl Into<String>) -> Self {
        WxError::Host(Failure::new(reason))
    }

    /// A host family's typed failure (`ScopeError`, `SoterError`, ...).
    #[must_use]
    pub fn host(e: impl Into<Failure>) -> Self {
        WxError::Host(e.into())
    }

    /// `"<api>:fail <reason>"`.
    #[must_use]
    pub fn err_msg(&self, api: &str) -> String {
        format!("{api}:fail {self}")
    }

    /// The errno WeChat sets on this failure, when known.
    #[must_use]
    pub fn errno(&self) -> Option<i64> {
        match self {
            WxError::Host(f) => f.errno,
            _ => None,
        }
    }

    /// The fail object's fields besides `errMsg`: `errCode` and `errno` when WeChat sets them.
    #[must_use]
    pub fn codes(&self) -> serde_json::Map<String, serde_json::Value> {
        let mut m = serde_json::Map::new();
        if let Some(code) = self.err_code() {
            m.insert("errCode".into(), code.into());
        }
        if let Some(errno) = self.errno() {
            m.insert("errno".into(), errno.into());
        }
        m
    }

    /// The whole fail object as JSON: `errMsg` and [`WxError::codes`].
    #[must_use]
    pub fn fail_object(&self, api: &str) -> serde_json::Map<String, serde_json::Value> {
        let mut m = serde_json::Map::new();
        m.insert("errMsg".into(), self.err_msg(api).into());
        m.extend(self.codes());
        m
    }

    /// The errCode WeChat sets on this failure (subscriptions, Soter), when it does.
    #[must_use]
    pub fn err_code(&self) -> Option<i64> {
        match self {
            WxError::Host(f) => f.err_code,
            _ => None,
        }
    }
}
