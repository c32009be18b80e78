//! The API tables, one module per family, each with the bindings implemented in this crate.

pub mod route;
pub mod storage;

use crate::install::Binding;
use crate::spec::ApiSpec;

/// Every family's table: the one list of `wx` methods.
pub const TABLE: &[&[ApiSpec]] = &[storage::APIS, route::APIS];

/// The bindings this crate implements (families whose state lives in the app model bind there).
#[must_use]
pub fn bindings() -> Vec<Binding> {
    storage::BINDINGS.to_vec()
}
