//! Payment family: `wx.requestPayment`.

use crate::reply::{Failure, Reply};

/// The parameters as the app passed them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaymentRequest {
    /// Seconds since the epoch, as a string.
    pub time_stamp: String,
    /// Random string, up to 32 characters.
    pub nonce_str: String,
    /// `prepay_id=...`.
    pub package: String,
    /// `RSA` (v3), `MD5` or `HMAC-SHA256` (v2).
    pub sign_type: String,
    /// The signature over the above.
    pub pay_sign: String,
}

/// Why a payment failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PaymentError {
    /// The user closed the payment sheet (`requestPayment:fail cancel`).
    #[error("cancel")]
    Cancel,
    /// The payment failed, with the superapp's detail.
    #[error("{0}")]
    Fail(String),
}

impl From<PaymentError> for Failure {
    fn from(e: PaymentError) -> Self {
        Failure::new(e.to_string())
    }
}

/// Implements the payment family.
pub trait PaymentHost {
    /// Shows the payment sheet for the order and reports the user's action.
    fn request_payment(&mut self, req: PaymentRequest, reply: Reply<()>);
}
