//! Privacy family: the privacy contract, consent state, and the superapp's own consent popup.

use serde::{Deserialize, Serialize};

use crate::reply::{Failure, Reply};

/// `getPrivacySetting` success.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PrivacySetting {
    /// The user has not agreed to the current contract yet.
    pub need_authorization: bool,
    /// The contract's name (`《...小程序隐私保护指引》`).
    pub privacy_contract_name: String,
}

/// The user's answer to a privacy popup.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PrivacyDecision {
    /// Agreed: covered APIs proceed from now on.
    Agree,
    /// Refused: the pending API fails.
    Disagree,
}

/// Why a call was stopped by the privacy rules.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PrivacyError {
    /// The user has not agreed (errno 104, fact sheet section 1).
    #[error("privacy permission is not authorized")]
    NotAuthorized,
    /// The API is not declared in the contract (errno 112).
    #[error("api scope is not declared in the privacy agreement")]
    NotDeclared,
}

impl From<PrivacyError> for Failure {
    fn from(e: PrivacyError) -> Self {
        let errno = match e {
            PrivacyError::NotAuthorized => 104,
            PrivacyError::NotDeclared => 112,
        };
        Failure {
            reason: e.to_string(),
            errno: Some(errno),
            err_code: None,
        }
    }
}

/// Implements the privacy family.
pub trait PrivacyHost {
    /// The contract and whether consent is still needed.
    fn setting(&self) -> PrivacySetting;
    /// Whether `api` is covered by the contract (and so waits for consent).
    fn covers(&self, api: &str) -> bool;
    /// Records the user's answer given through the app's own popup (`resolve({event})`) or the
    /// `agreePrivacyAuthorization` button.
    fn record(&mut self, decision: PrivacyDecision);
    /// Shows the superapp's own popup (when the app registered no listener); the answer is also
    /// recorded.
    fn ask(&mut self, referrer: &str, reply: Reply<PrivacyDecision>);
}
