//! Routing: the page stack. The app model implements these (it owns the pages).
//!
//! Parameters from the official typings (`miniprogram-api-typings`, `NavigateToOption` etc.).

use crate::spec::{opt, promised, req, ApiSpec, Family, Ty};

/// The routing table.
pub const APIS: &[ApiSpec] = &[
    promised(
        "navigateTo",
        Family::Route,
        &[req("url", Ty::String), opt("events", Ty::Object)],
    ),
    promised("redirectTo", Family::Route, &[req("url", Ty::String)]),
    promised("navigateBack", Family::Route, &[opt("delta", Ty::Number)]),
    promised("reLaunch", Family::Route, &[req("url", Ty::String)]),
    promised("switchTab", Family::Route, &[req("url", Ty::String)]),
];
