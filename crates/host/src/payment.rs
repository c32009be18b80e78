//! Payment family: `wx.requestPayment`.

use std::collections::BTreeMap;

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

/// A request WeChat Pay's server makes to the merchant's server (the payment notification).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notification {
    /// The order's `notify_url`.
    pub url: String,
    /// Headers, names lowercase (`wechatpay-signature`, ...).
    pub headers: BTreeMap<String, String>,
    /// The JSON body.
    pub body: String,
}

/// A successful payment.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Paid {
    /// What WeChat Pay sends the merchant's server now: the `wx` layer delivers it through the
    /// sandbox's request routing before the app's `success` runs. `None` when the host tells
    /// the merchant some other way.
    pub notification: Option<Notification>,
}

/// Implements the payment family.
pub trait PaymentHost {
    /// Checks the order and paySign, shows the payment sheet, and reports the user's action.
    fn request_payment(&mut self, req: PaymentRequest, reply: Reply<Paid>);
}
