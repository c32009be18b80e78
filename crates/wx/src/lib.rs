//! The `wx` API surface: the declarative table, parameter validation, WeChat call semantics, and
//! the bindings that connect each API family to its host trait.
//!
//! - [`surface`] / [`spec`]: the one list of methods and components (generated from the official
//!   typings, plus superapp extensions) and what an entry says.
//! - [`install`]: the `wx` global built from the table; bindings by name, with a tier; every
//!   unbound method gets the handler its tier in the gap policy (`api/tiers.json`) calls for.
//! - [`call`]: success / fail / complete, the Promise rule, errMsg, delivery on the loop.
//! - [`rules`]: the tap-gesture rule and privacy consent, between a call and its handler.
//! - [`bridge`]: host replies back to the JS thread as loop events.
//! - [`validate`]: `parameter.X should be T instead of U;` messages.
//! - [`caniuse`]: `wx.canIUse` schemas answered from the table.
//! - [`error`]: typed failures and their one mapping to `errMsg` / `errno` / `errCode`.
//! - [`families`]: the bindings, one module per family.
//!
//! Bindings owned by other layers (routing belongs to the app model) are attached by name with
//! [`install::Binding`]; the table stays the one list of APIs.

pub mod bridge;
pub mod call;
pub mod caniuse;
pub mod error;
pub mod families;
pub mod install;
pub mod lazy;
pub mod rules;
pub mod spec;
pub mod surface;
pub mod validate;
mod worklet;

use std::cell::RefCell;
use std::rc::Rc;

use wxbox_host::{
    AccountHost, AuthHost, ButtonHost, NetworkHost, PaymentHost, PrivacyHost, SettingsHost,
    SoterHost, StorageHost, SubscriptionHost, UiHost, UserHost,
};

pub use call::{CallResult, Completion, Handler, Payload, Request};
pub use error::WxError;
pub use install::{Binding, InstallError, Tier};

/// The hosts behind the bindings, one per family, kept in context data. Swap any of them to test
/// another implementation.
#[derive(Clone)]
pub struct Hosts {
    /// Storage.
    pub storage: Rc<RefCell<dyn StorageHost>>,
    /// login, checkSession, getAuthCode.
    pub auth: Rc<RefCell<dyn AuthHost>>,
    /// getUserInfo, getUserProfile.
    pub user: Rc<RefCell<dyn UserHost>>,
    /// Open-type buttons and the nickname input (driven by the view layer).
    pub buttons: Rc<RefCell<dyn ButtonHost>>,
    /// authorize, getSetting, openSetting.
    pub settings: Rc<RefCell<dyn SettingsHost>>,
    /// Privacy consent.
    pub privacy: Rc<RefCell<dyn PrivacyHost>>,
    /// requestPayment.
    pub payment: Rc<RefCell<dyn PaymentHost>>,
    /// requestSubscribeMessage.
    pub subscription: Rc<RefCell<dyn SubscriptionHost>>,
    /// Soter.
    pub soter: Rc<RefCell<dyn SoterHost>>,
    /// Account and device facts.
    pub account: Rc<RefCell<dyn AccountHost>>,
    /// Toasts, modals, action sheets.
    pub ui: Rc<RefCell<dyn UiHost>>,
    /// `wx.request`.
    pub network: Rc<RefCell<dyn NetworkHost>>,
    /// `wx.cloud` (a sandbox puts the simulated cloud here; alone, the superapp has none).
    pub cloud: Rc<RefCell<dyn wxbox_host::CloudHost>>,
}

impl Hosts {
    /// Every family served by one host (the simulated superapp, or an embedder's own), storage
    /// by `storage`.
    #[must_use]
    pub fn all<H>(superapp: &Rc<RefCell<H>>, storage: Rc<RefCell<dyn StorageHost>>) -> Self
    where
        H: AuthHost
            + UserHost
            + ButtonHost
            + SettingsHost
            + PrivacyHost
            + PaymentHost
            + SubscriptionHost
            + SoterHost
            + AccountHost
            + UiHost
            + NetworkHost
            + 'static,
    {
        Hosts {
            storage,
            auth: superapp.clone(),
            user: superapp.clone(),
            buttons: superapp.clone(),
            settings: superapp.clone(),
            privacy: superapp.clone(),
            payment: superapp.clone(),
            subscription: superapp.clone(),
            soter: superapp.clone(),
            account: superapp.clone(),
            ui: superapp.clone(),
            network: superapp.clone(),
            cloud: Rc::new(RefCell::new(wxbox_host::cloud::NoCloud)),
        }
    }
}

/// The hosts of the sandbox that owns `ctx`.
///
/// # Errors
/// When the sandbox was built without hosts (a wiring bug).
pub fn hosts(ctx: &boa_engine::Context) -> boa_engine::JsResult<Hosts> {
    ctx.get_data::<Hosts>().cloned().ok_or_else(|| {
        boa_engine::JsNativeError::typ()
            .with_message("no hosts installed")
            .into()
    })
}

/// The table paired with its bindings, worked out once per thread for each `extra` list: the
/// pairing is the same for every sandbox, and `wxbox test` opens hundreds in one process (it
/// was 8% of opening one).
fn paired(extra: &'static [Binding]) -> Result<Vec<install::Method>, InstallError> {
    thread_local! {
        static PAIRED: std::cell::RefCell<Vec<(usize, std::rc::Rc<[install::Method]>)>> =
            const { std::cell::RefCell::new(Vec::new()) };
    }
    let key = extra.as_ptr() as usize ^ extra.len();
    if let Some(m) = PAIRED.with(|p| {
        p.borrow()
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, m)| m.clone())
    }) {
        return Ok(m.to_vec());
    }
    let mut bindings = families::bindings();
    bindings.extend_from_slice(extra);
    let methods = install::pair(surface::surface(), &bindings)?;
    let shared: std::rc::Rc<[install::Method]> = methods.clone().into();
    PAIRED.with(|p| p.borrow_mut().push((key, shared)));
    Ok(methods)
}

/// Installs `wx` into `ctx` with `hosts` and the table's bindings plus `extra` (from other
/// layers, such as routing).
///
/// # Errors
/// A binding that does not fit the table (a wiring bug), or a context that refuses the global.
pub fn install_wx(
    ctx: &mut boa_engine::Context,
    hosts: Hosts,
    extra: &'static [Binding],
) -> boa_engine::JsResult<()> {
    let methods =
        paired(extra).map_err(|e| boa_engine::JsNativeError::typ().with_message(e.to_string()))?;
    ctx.insert_data(hosts);
    ctx.insert_data(bridge::Pending::default());
    ctx.insert_data(rules::Privacy::default());
    ctx.insert_data(rules::Gesture::default());
    ctx.insert_data(families::events::Listeners::default());
    ctx.insert_data(families::network::Tasks::default());
    ctx.insert_data(families::objects::Objects::default());
    ctx.insert_data(families::query::Queries::default());
    ctx.insert_data(families::fs::Files::default());
    install::install(ctx, methods)
}
