//! The host contract: the traits behind the `wx` API, grouped by family, and the values they
//! pass. An embedder that hosts mini-programs (a superapp) implements these traits; wxbox's
//! simulated superapp (`wxbox-superapp`) is one implementation. This crate knows nothing of the
//! simulation, of WeChat's servers, of JavaScript or of the mini-program: it is the boundary
//! between the `wx` layer and whoever answers it.
//!
//! A host never touches JavaScript: the `wx` layer converts arguments to Rust values, calls a host
//! trait with a [`Reply`], and the host answers now or later, from any thread, with a typed
//! result or a typed failure (each family's error enum converts to a [`Failure`]). The answer
//! reaches the JS thread as an event on the loop.
//!
//! - [`auth`]: login, checkSession, getAuthCode.
//! - [`user`]: getUserInfo, getUserProfile.
//! - [`buttons`]: open-type buttons (getUserInfo, getPhoneNumber, getEmailAddress, chooseAvatar)
//!   and the nickname input.
//! - [`settings`]: authorize, getSetting, openSetting (scopes).
//! - [`privacy`]: consent and the privacy contract.
//! - [`network`]: `wx.request` as the superapp receives it.
//! - [`cloud`]: `wx.cloud` (CloudBase): functions, database, storage; simulated by `wxbox-cloud`.
//! - [`payment`], [`subscription`], [`soter`]: requestPayment, requestSubscribeMessage, Soter.
//! - [`account`]: getAccountInfoSync and the device facts.
//! - [`ui`]: toasts, loading, modals, action sheets.
//! - [`storage`]: `wx.setStorage` and friends, with WeChat's per-key and total limits (and
//!   [`MemoryStorage`], a store that keeps them, for hosts without their own).

pub mod account;
pub mod auth;
pub mod buttons;
pub mod cloud;
pub mod network;
pub mod payment;
pub mod privacy;
pub mod reply;
pub mod settings;
pub mod soter;
pub mod storage;
pub mod subscription;
pub mod ui;
pub mod user;

pub use account::AccountHost;
pub use auth::AuthHost;
pub use buttons::ButtonHost;
pub use cloud::CloudHost;
pub use network::NetworkHost;
pub use payment::PaymentHost;
pub use privacy::PrivacyHost;
pub use reply::{Answer, Failure, Prompt, Reply};
pub use settings::SettingsHost;
pub use soter::SoterHost;
pub use storage::{MemoryStorage, StorageError, StorageHost, StorageInfo, StoredValue, ValueKind};
pub use subscription::SubscriptionHost;
pub use ui::UiHost;
pub use user::UserHost;
