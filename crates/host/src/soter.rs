//! Soter (biometric authentication) family.

use serde::{Deserialize, Serialize};

use crate::reply::{Failure, Reply};

/// The modes WeChat names.
pub const MODES: &[&str] = &["fingerPrint", "facial", "speech"];

/// startSoterAuthentication success.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SoterResult {
    /// The mode used.
    pub auth_mode: String,
    /// 0.
    pub err_code: i64,
    /// The signed statement, JSON text carrying the challenge.
    #[serde(rename = "resultJSON")]
    pub result_json: String,
    /// The device key's signature over `resultJSON`.
    #[serde(rename = "resultJSONSignature")]
    pub result_json_signature: String,
}

/// What the app asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SoterRequest {
    /// Acceptable modes, in preference order.
    pub modes: Vec<String>,
    /// The server's challenge.
    pub challenge: String,
    /// Text shown in the dialog.
    pub auth_content: String,
}

/// Soter errCodes (UNVERIFIED, from uni-app's implementation; fact sheet section 2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[allow(missing_docs)]
pub enum SoterError {
    #[error("device unsupported")]
    DeviceUnsupported,
    #[error("not authorized")]
    NotAuthorized,
    #[error("auth mode unsupported")]
    ModeUnsupported,
    #[error("challenge is missing or longer than 512 characters")]
    BadChallenge,
    #[error("authContent is longer than 42 characters")]
    BadAuthContent,
    #[error("internal error")]
    Internal,
    #[error("user cancel")]
    Cancel,
    #[error("recognition failed")]
    Failed,
    #[error("frozen after too many attempts")]
    Frozen,
    #[error("nothing enrolled")]
    NotEnrolled,
}

impl SoterError {
    /// The errCode.
    #[must_use]
    pub fn code(self) -> i64 {
        match self {
            SoterError::DeviceUnsupported => 90001,
            SoterError::NotAuthorized => 90002,
            SoterError::ModeUnsupported => 90003,
            SoterError::BadChallenge => 90004,
            SoterError::BadAuthContent => 90005,
            SoterError::Internal => 90007,
            SoterError::Cancel => 90008,
            SoterError::Failed => 90009,
            SoterError::Frozen => 90010,
            SoterError::NotEnrolled => 90011,
        }
    }
}

impl From<SoterError> for Failure {
    fn from(e: SoterError) -> Self {
        Failure {
            reason: e.to_string(),
            errno: None,
            err_code: Some(e.code()),
        }
    }
}

/// Implements the Soter family.
pub trait SoterHost {
    /// The modes the device supports.
    fn support_modes(&mut self, reply: Reply<Vec<String>>);
    /// Whether `mode` has something enrolled.
    fn is_enrolled(&mut self, mode: &str, reply: Reply<bool>);
    /// Runs the authentication dialog.
    fn authenticate(&mut self, req: SoterRequest, reply: Reply<SoterResult>);
}
