//! Typed failures of `wx` calls, and their one mapping to WeChat's `errMsg` / `errno`.

use wxbox_host::StorageError;

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
    /// A failure with WeChat's reason text and, where WeChat gives one, an errno.
    #[error("{reason}")]
    Fail {
        /// The reason after `:fail `.
        reason: String,
        /// The errno WeChat attaches, if any.
        errno: Option<i64>,
    },
    /// A bug in wxbox or a host (a handler that never answered, a conversion that failed).
    #[error("internal error: {0}")]
    Internal(String),
}

impl WxError {
    /// `"<api>:fail <reason>"`.
    #[must_use]
    pub fn err_msg(&self, api: &str) -> String {
        format!("{api}:fail {self}")
    }

    /// The errno WeChat sets on this failure, when known.
    #[must_use]
    pub fn errno(&self) -> Option<i64> {
        match self {
            WxError::Fail { errno, .. } => *errno,
            _ => None,
        }
    }
}
