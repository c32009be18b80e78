//! Soter family: `checkIsSupportSoterAuthentication`, `checkIsSoterEnrolledInDevice`,
//! `startSoterAuthentication` over [`wxbox_host::SoterHost`]. Length limits on challenge (512)
//! and authContent (42) are checked here, with their errCodes (fact sheet section 2).

use boa_engine::{Context, JsResult};
use serde_json::json;
use wxbox_host::soter::{SoterError, SoterRequest};

use super::{string, strings};
use crate::bridge::{fields, reply};
use crate::call::{CallResult, Request};
use crate::error::WxError;
use crate::hosts;
use crate::install::{Binding, Tier};

/// The Soter bindings.
pub const BINDINGS: &[Binding] = &[
    Binding::run("checkIsSupportSoterAuthentication", Tier::Deep, support),
    Binding::run("checkIsSoterEnrolledInDevice", Tier::Deep, enrolled),
    Binding::run("startSoterAuthentication", Tier::Deep, start),
];

/// Longest challenge accepted.
pub const CHALLENGE_MAX: usize = 512;
/// Longest authContent accepted.
pub const AUTH_CONTENT_MAX: usize = 42;

fn fail(req: Request, e: SoterError) {
    req.completion.complete(Err(WxError::host(e)));
}

fn support_modes(modes: Vec<String>) -> CallResult {
    fields(json!({ "supportMode": modes }))
}

fn is_enrolled(yes: bool) -> CallResult {
    fields(json!({ "isEnrolled": yes }))
}

fn support(req: Request, ctx: &mut Context) -> JsResult<()> {
    let h = hosts(ctx)?.soter;
    reply(ctx, req.completion, support_modes, |r| {
        h.borrow_mut().support_modes(r);
    })
}

fn enrolled(req: Request, ctx: &mut Context) -> JsResult<()> {
    let mode = string(&req.options, "checkAuthMode", ctx)?;
    if !wxbox_host::soter::MODES.contains(&mode.as_str()) {
        fail(req, SoterError::ModeUnsupported);
        return Ok(());
    }
    let h = hosts(ctx)?.soter;
    reply(ctx, req.completion, is_enrolled, |r| {
        h.borrow_mut().is_enrolled(&mode, r);
    })
}

fn start(req: Request, ctx: &mut Context) -> JsResult<()> {
    let challenge = string(&req.options, "challenge", ctx)?;
    let auth_content = string(&req.options, "authContent", ctx)?;
    let Ok(modes) = strings(&req.options, "requestAuthModes", ctx)? else {
        fail(req, SoterError::ModeUnsupported);
        return Ok(());
    };
    if challenge.is_empty() || challenge.chars().count() > CHALLENGE_MAX {
        fail(req, SoterError::BadChallenge);
        return Ok(());
    }
    if auth_content.chars().count() > AUTH_CONTENT_MAX {
        fail(req, SoterError::BadAuthContent);
        return Ok(());
    }
    if modes.is_empty()
        || modes
            .iter()
            .any(|m| !wxbox_host::soter::MODES.contains(&m.as_str()))
    {
        fail(req, SoterError::ModeUnsupported);
        return Ok(());
    }
    let request = SoterRequest {
        modes,
        challenge,
        auth_content,
    };
    let h = hosts(ctx)?.soter;
    reply(ctx, req.completion, fields, |r| {
        h.borrow_mut().authenticate(request, r);
    })
}
