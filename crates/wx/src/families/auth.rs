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
    let r = reply(ctx, req.completion, fields)?;
    hosts(ctx)?.auth.borrow_mut().login(timeout, r);
    Ok(())
}

fn check_session(req: Request, ctx: &mut Context) -> JsResult<()> {
    let r = reply(ctx, req.completion, empty)?;
    hosts(ctx)?.auth.borrow_mut().check_session(r);
    Ok(())
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
    let r = reply(ctx, req.completion, fields)?;
    hosts(ctx)?.auth.borrow_mut().get_auth_code(scopes, r);
    Ok(())
}
