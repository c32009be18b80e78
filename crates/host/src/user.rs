//! User-info family: `wx.getUserInfo` and `wx.getUserProfile`.

use serde::{Deserialize, Serialize};

use crate::reply::{Failure, Reply};

/// WeChat's `UserInfo` object.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UserInfo {
    /// Nickname.
    pub nick_name: String,
    /// Avatar address.
    pub avatar_url: String,
    /// 0 unknown, 1 male, 2 female (0 since base library 2.27.1).
    pub gender: u8,
    /// Empty since 2.27.1.
    pub country: String,
    /// Empty since 2.27.1.
    pub province: String,
    /// Empty since 2.27.1.
    pub city: String,
    /// Always `zh_CN` since 2.27.1.
    pub language: String,
}

/// The success result of getUserInfo / getUserProfile.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UserData {
    /// The user's public profile.
    pub user_info: UserInfo,
    /// `userInfo` as the JSON text the signature covers.
    pub raw_data: String,
    /// `sha1(rawData + session_key)`, lowercase hex; with a live login session only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub signature: Option<String>,
    /// The full user data, AES-128-CBC under the session key, base64.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub encrypted_data: Option<String>,
    /// The iv of `encryptedData`, base64.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub iv: Option<String>,
}

/// What the app asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserInfoRequest {
    /// `en`, `zh_CN` or `zh_TW`.
    pub lang: String,
    /// getUserProfile's `desc` (shown in the popup); `None` for getUserInfo.
    pub desc: Option<String>,
    /// getUserInfo's `withCredentials`.
    pub with_credentials: bool,
}

/// Why a user-info call failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UserError {
    /// The user refused (getUserProfile popup, or scope.userInfo denied).
    #[error("auth deny")]
    AuthDeny,
    /// getUserInfo without scope.userInfo granted. UNVERIFIED text (common in developer code).
    #[error("scope unauthorized")]
    ScopeUnauthorized,
}

impl From<UserError> for Failure {
    fn from(e: UserError) -> Self {
        Failure::new(e.to_string())
    }
}

/// Implements the user-info family.
pub trait UserHost {
    /// getUserInfo: no popup; needs scope.userInfo.
    fn user_info(&mut self, req: UserInfoRequest, reply: Reply<UserData>);
    /// getUserProfile: a popup every time.
    fn user_profile(&mut self, req: UserInfoRequest, reply: Reply<UserData>);
}
