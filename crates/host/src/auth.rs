//! Login family: `wx.login`, `wx.checkSession`, and the superapp's `wx.getAuthCode`.

use serde::{Deserialize, Serialize};

use crate::reply::{Failure, Reply};

/// `wx.login` success: a one-time code the developer's server exchanges at code2session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoginCode {
    /// The code.
    pub code: String,
}

/// Why a login-family call failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AuthError {
    /// The session expired, was invalidated, or never existed.
    /// UNVERIFIED text (fact sheet section 2; seen in developer code).
    #[error("session time out, need relogin")]
    SessionExpired,
    /// The login timed out (the `timeout` option).
    #[error("timeout")]
    Timeout,
    /// The host could not issue a code (the interface service is failing).
    #[error("system error")]
    System,
}

impl From<AuthError> for Failure {
    fn from(e: AuthError) -> Self {
        Failure::new(e.to_string())
    }
}

/// Implements the login family.
pub trait AuthHost {
    /// Issues a login code for the current app and user, and starts a session.
    fn login(&mut self, timeout_ms: Option<f64>, reply: Reply<LoginCode>);
    /// Succeeds while the session from the last login is valid.
    fn check_session(&mut self, reply: Reply<()>);
    /// Issues an auth code for the superapp's custom `scopes` (seed 000).
    fn get_auth_code(&mut self, scopes: Vec<String>, reply: Reply<LoginCode>);
}
