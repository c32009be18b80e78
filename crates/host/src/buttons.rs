//! Open-type buttons and the nickname input: what the superapp sends to the page's handler
//! after the user decides (fact sheet section 3). The view layer turns a tap on
//! `<button open-type=...>` into one of these calls and the answer into the button's event.

use serde::{Deserialize, Serialize};

use crate::reply::{Failure, Reply};
use crate::user::UserData;

/// A code the developer's server exchanges at the interface service.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ButtonCode {
    /// Single use, five minutes.
    pub code: String,
}

/// The chooseAvatar button's result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Avatar {
    /// A temporary file path (`wxfile://tmp_...`).
    pub avatar_url: String,
}

/// The nickname security review (`bindnicknamereview`'s detail).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct NicknameReview {
    /// The nickname passed.
    pub pass: bool,
    /// The review timed out.
    pub timeout: bool,
}

/// Why a button gave no data.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ButtonError {
    /// getUserInfo refused.
    #[error("auth deny")]
    AuthDeny,
    /// getPhoneNumber / getEmailAddress refused (fact sheet section 3: `fail user deny`).
    #[error("user deny")]
    UserDeny,
    /// chooseAvatar dismissed. UNVERIFIED text: WeChat's cancel convention.
    #[error("cancel")]
    Cancel,
}

impl From<ButtonError> for Failure {
    fn from(e: ButtonError) -> Self {
        Failure::new(e.to_string())
    }
}

/// Implements the open-type buttons.
pub trait ButtonHost {
    /// `open-type="getUserInfo"`: the user data, after scope.userInfo consent.
    fn user_info(&mut self, lang: &str, reply: Reply<UserData>);
    /// `open-type="getPhoneNumber"`: a phone code for getuserphonenumber.
    fn phone_number(&mut self, reply: Reply<ButtonCode>);
    /// `open-type="getEmailAddress"` (superapp extension): an email code.
    fn email_address(&mut self, reply: Reply<ButtonCode>);
    /// `open-type="chooseAvatar"`: a temporary avatar file.
    fn choose_avatar(&mut self, reply: Reply<Avatar>);
    /// `<input type="nickname">` focused: the WeChat nickname the keyboard offers, if the user
    /// takes it (`Ok(None)` when they do not).
    fn nickname(&mut self, reply: Reply<Option<String>>);
    /// The review of a nickname typed or taken into `<input type="nickname">`.
    fn review_nickname(&mut self, value: &str, reply: Reply<NicknameReview>);
}
