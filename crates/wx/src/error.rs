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

    /// The errCode WeChat sets on this failure (subscriptions, Soter), when it does.
    #[must_use]
    pub fn err_code(&self) -> Option<i64> {
        match self {
            WxError::Host(f) => f.err_code,
            _ => None,
        }
    }
}
