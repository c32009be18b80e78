//! Login family: `login`, `checkSession`, `getAuthCode` over [`wxbox_host::AuthHost`].

use boa_engine::{Context, JsResult};

use super::{number, strings};
use crate::bridge::{empty, fields, reply};
use crate::call::Request;
use crate::error::WxError;
use crate::hosts;
use crate::install::{Binding, Tier};

/// The login bindings.
pub const BINDINGS: &[Binding] = &[
    Binding::run("login", Tier::Deep, login),
    Binding::run("checkSession", Tier::Deep, check_session),
    Binding::run("getAuthCode", Tier::Deep, get_auth_code),
];

fn login(req: Request, ctx: &mut Context) -> JsResult<()> {
    let timeout = number(&req.options, "timeout", ctx)?;
    let h = hosts(ctx)?.auth;
    reply(ctx, req.completion, fields, |r| {
        h.borrow_mut().login(timeout, r);
    })
}

fn check_session(req: Request, ctx: &mut Context) -> JsResult<()> {
    let h = hosts(ctx)?.auth;
    reply(ctx, req.completion, empty, |r| {
        h.borrow_mut().check_session(r);
    })
}

fn get_auth_code(req: Request, ctx: &mut Context) -> JsResult<()> {
    let scopes = match strings(&req.options, "scopes", ctx)? {
        Ok(s) => s,
        Err(i) => {
            req.completion.complete(Err(WxError::Params(format!(
                "parameter.scopes[{i}] should be String;"
            ))));
            return Ok(());
        }
    };
    let h = hosts(ctx)?.auth;
    reply(ctx, req.completion, fields, |r| {
        h.borrow_mut().get_auth_code(scopes, r);
    })
}
