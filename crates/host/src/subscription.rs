//! Subscription family: `wx.requestSubscribeMessage`.

use std::collections::BTreeMap;

use crate::reply::{Failure, Reply};

/// Why a subscription request failed: WeChat's errCodes and texts (seeds 000/001, fact sheet
/// section 6).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[allow(missing_docs)]
pub enum SubscribeError {
    #[error("TmplIds can't be empty")]
    Empty,
    #[error("Request list fail")]
    RequestList,
    #[error("Request subscribe fail")]
    RequestSubscribe,
    #[error("Invalid template id")]
    InvalidTemplate,
    #[error("Cannot show subscribe message UI")]
    NoUi,
    #[error("No template data return, verify the template id exist")]
    NoTemplateData,
    #[error("Templates type must be same")]
    MixedTypes,
    #[error("Templates count out of max bounds")]
    TooMany,
    #[error("The main switch is switched off")]
    MainSwitchOff,
    #[error("This mini program was banned from subscribing messages")]
    Banned,
    #[error("Reject DeviceMsg Template")]
    DeviceMsg,
}

impl SubscribeError {
    /// The errCode.
    #[must_use]
    pub fn code(self) -> i64 {
        match self {
            SubscribeError::Empty => 10001,
            SubscribeError::RequestList => 10002,
            SubscribeError::RequestSubscribe => 10003,
            SubscribeError::InvalidTemplate => 10004,
            SubscribeError::NoUi => 10005,
            SubscribeError::NoTemplateData => 20001,
            SubscribeError::MixedTypes => 20002,
            SubscribeError::TooMany => 20003,
            SubscribeError::MainSwitchOff => 20004,
            SubscribeError::Banned => 20005,
            SubscribeError::DeviceMsg => 20013,
        }
    }
}

impl From<SubscribeError> for Failure {
    fn from(e: SubscribeError) -> Self {
        Failure {
            reason: e.to_string(),
            errno: None,
            err_code: Some(e.code()),
        }
    }
}

/// Implements the subscription family.
pub trait SubscriptionHost {
    /// Shows the subscription popup for `tmpl_ids`; answers each id's outcome
    /// (`accept` / `reject` / `ban` / `filter`).
    fn request_subscribe(&mut self, tmpl_ids: Vec<String>, reply: Reply<BTreeMap<String, String>>);
}
