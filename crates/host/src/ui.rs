//! UI feedback family: toasts, loading, modals and action sheets, answered by the user.

use serde::{Deserialize, Serialize};

use crate::reply::{Failure, Reply};

/// showModal's options.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Modal {
    /// Title.
    pub title: String,
    /// Body.
    pub content: String,
    /// Whether a cancel button is shown.
    pub show_cancel: bool,
    /// Editable modal (an input box).
    pub editable: bool,
}

/// showModal success.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ModalResult {
    /// Confirm tapped.
    pub confirm: bool,
    /// Cancel tapped.
    pub cancel: bool,
    /// The text typed, for an editable modal.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub content: Option<String>,
}

/// showActionSheet success.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ActionSheetResult {
    /// The item tapped, from 0.
    pub tap_index: u32,
}

/// Why a UI call failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UiError {
    /// The user dismissed the action sheet.
    #[error("cancel")]
    Cancel,
}

impl From<UiError> for Failure {
    fn from(e: UiError) -> Self {
        Failure::new(e.to_string())
    }
}

/// What a toast or loading indicator showed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Toast {
    /// `toast` or `loading`.
    pub kind: String,
    /// Its title.
    pub title: String,
    /// Icon (`success`, `error`, `loading`, `none`), for a toast.
    pub icon: Option<String>,
    /// How long it stays, ms (toasts).
    pub duration: Option<f64>,
}

/// Implements the UI family.
pub trait UiHost {
    /// Shows a toast or loading indicator, replacing the one shown (WeChat shows one at a time).
    fn show(&mut self, toast: Toast);
    /// Hides the indicator of `kind`; false when none of that kind was showing.
    fn hide(&mut self, kind: &str) -> bool;
    /// Shows a modal and answers with the user's button.
    fn modal(&mut self, modal: Modal, reply: Reply<ModalResult>);
    /// Shows an action sheet and answers with the user's choice.
    fn action_sheet(&mut self, items: Vec<String>, reply: Reply<ActionSheetResult>);
}
