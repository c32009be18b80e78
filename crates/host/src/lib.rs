//! Host traits behind the `wx` API, grouped by family, and the simulated superapp that
//! implements all of them by default.
//!
//! A host never touches JavaScript: the `wx` layer converts arguments to Rust values, calls a host
//! trait with a [`Reply`], and the host answers now or later, from any thread, with a typed
//! result or a typed failure (each family's error enum converts to a [`Failure`]). The answer
//! reaches the JS thread as an event on the loop. An embedder who wants to test their own
//! superapp implements these traits.
//!
//! - [`auth`]: login, checkSession, getAuthCode.
//! - [`crypto`]: open-data encryption and the signatures around it.
//! - [`signing`]: RSA keys and signatures, WeChat Pay's sign formats and notification AEAD.
//! - [`user`]: getUserInfo, getUserProfile.
//! - [`buttons`]: open-type buttons (getUserInfo, getPhoneNumber, getEmailAddress, chooseAvatar)
//!   and the nickname input.
//! - [`settings`]: authorize, getSetting, openSetting (scopes).
//! - [`privacy`]: consent and the privacy contract.
//! - [`network`]: `wx.request`, routed by the superapp.
//! - [`cloud`]: `wx.cloud` (CloudBase): functions, database, storage; simulated by `wxbox-cloud`.
//! - [`platform`]: WeChat's server side (codes, sessions, tokens), shared by the superapp and
//!   the interface service.
//! - [`payment`], [`subscription`], [`soter`]: requestPayment, requestSubscribeMessage, Soter.
//! - [`wechatpay`]: WeChat Pay's side: merchants, orders, the v3 endpoints, notifications.
//! - [`account`]: getAccountInfoSync and the device facts.
//! - [`ui`]: toasts, loading, modals, action sheets.
//! - [`storage`]: `wx.setStorage` and friends, with WeChat's per-key and total limits.
//! - [`superapp`]: the default implementation, driven by a TOML profile.

pub mod account;
pub mod auth;
pub mod buttons;
pub mod cloud;
pub mod crypto;
pub mod network;
pub mod payment;
pub mod platform;
pub mod privacy;
pub mod reply;
pub mod settings;
pub mod signing;
pub mod soter;
pub mod storage;
pub mod subscription;
pub mod superapp;
pub mod ui;
pub mod user;
pub mod wechatpay;

pub use account::AccountHost;
pub use auth::AuthHost;
pub use buttons::ButtonHost;
pub use cloud::CloudHost;
pub use network::NetworkHost;
pub use payment::PaymentHost;
pub use platform::{Platform, SharedPlatform};
pub use privacy::PrivacyHost;
pub use reply::{Answer, Failure, Prompt, Reply};
pub use settings::SettingsHost;
pub use soter::SoterHost;
pub use storage::{MemoryStorage, StorageError, StorageHost, StorageInfo, StoredValue, ValueKind};
pub use subscription::SubscriptionHost;
pub use superapp::{Profile, ProfileError, Superapp};
pub use ui::UiHost;
pub use user::UserHost;
