//! The `wx` API surface: declarative tables, parameter validation and WeChat call semantics.
//!
//! - [`spec`]: what a table entry says about an API.
//! - [`families`]: the tables, one per family, with the bindings this crate implements.
//! - [`call`]: success / fail / complete, the Promise rule, errMsg, delivery on the loop.
//! - [`validate`]: `parameter.X should be T instead of U;` messages.
//! - [`error`]: typed failures and their mapping to `errMsg` / `errno`.
//! - [`install`]: the `wx` global, built from the tables and bindings.
//!
//! Bindings owned by other layers (routing belongs to the app model) are attached by name with
//! [`install::Binding`]; the table stays the one list of APIs.

pub mod call;
pub mod error;
pub mod families;
pub mod install;
pub mod spec;
pub mod validate;

use std::cell::RefCell;
use std::rc::Rc;

use wxbox_host::StorageHost;

pub use call::{CallResult, Completion, Handler, Payload, Request};
pub use error::WxError;
pub use install::{Binding, InstallError};

/// The hosts behind the bindings, kept in context data.
#[derive(Clone)]
pub struct Hosts {
    /// Backs the storage family.
    pub storage: Rc<RefCell<dyn StorageHost>>,
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
