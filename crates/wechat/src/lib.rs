//! WeChat's server side, simulated: what the phone's superapp and the developer's server both
//! talk to. Login codes and sessions, access tokens, subscription sends, phone-number codes,
//! WeChat Pay's merchants and orders, and the crypto WeChat applies to open data and payments.
//!
//! The simulated superapp ([`wxbox_superapp`](../wxbox_superapp/index.html)) issues codes and
//! open data through a [`Platform`]; the interface service (`wxbox-server`) answers the
//! developer's server from the same [`SharedPlatform`]. This crate knows nothing of the scripted
//! user, the mini-program or JavaScript: it is built from a [`setup::Setup`] and driven by calls.
//!
//! - [`platform`]: codes, sessions, tokens, quota, faults, the service's endpoints.
//! - [`wechatpay`]: merchants, orders, the v3 endpoints, notifications.
//! - [`crypto`]: open-data encryption and the signatures around it.
//! - [`signing`]: RSA keys and signatures, WeChat Pay's sign formats and notification AEAD.
//! - [`rng`]: the seeded generator and the openid derivation.
//! - [`setup`]: what the servers are built from (the profile's WeChat-side sections).

pub mod crypto;
pub mod platform;
pub mod rng;
pub mod setup;
pub mod signing;
pub mod wechatpay;

pub use platform::{Platform, SharedPlatform};
pub use rng::SeededRng;
pub use setup::Setup;
