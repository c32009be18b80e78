//! Account family: `wx.getAccountInfoSync`, and the device facts `getSystemInfo*` report.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// `miniProgram` of getAccountInfoSync.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MiniProgramAccount {
    /// The appid.
    pub app_id: String,
    /// `develop`, `trial` or `release`.
    pub env_version: String,
    /// The online version; only the release version has one (empty otherwise).
    pub version: String,
}

/// `plugin` of getAccountInfoSync (only when called inside a plugin).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PluginAccount {
    /// Plugin appid.
    pub app_id: String,
    /// Plugin version.
    pub version: String,
}

/// getAccountInfoSync's answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AccountInfo {
    /// The mini-program.
    pub mini_program: MiniProgramAccount,
    /// The plugin, when the caller is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub plugin: Option<PluginAccount>,
}

/// Implements the account and device family (plain facts, answered synchronously as WeChat's
/// sync APIs are).
pub trait AccountHost {
    /// The running app's account.
    fn account_info(&self) -> AccountInfo;
    /// The `getSystemInfoSync` object (device, window, app base info merged).
    fn system_info(&self) -> Map<String, Value>;
    /// The `getMenuButtonBoundingClientRect` object.
    fn menu_button_rect(&self) -> Map<String, Value>;
    /// The mini-program's directory, where `ext.json` and `app.json` live (the profile's
    /// base directory), when the host knows it.
    fn app_dir(&self) -> Option<std::path::PathBuf> {
        None
    }
}
