//! User-info family: `getUserInfo`, `getUserProfile` over [`wxbox_host::UserHost`].
//!
//! getUserProfile's `desc` must be 1 to 30 characters (seeds); the tap-gesture rule and privacy
//! consent apply before the host is asked (see [`crate::rules`]).

use boa_engine::{Context, JsResult};
use wxbox_host::user::UserInfoRequest;

use super::{boolean, opt_string, string};
use crate::bridge::{fields, reply};
use crate::call::Request;
use crate::error::WxError;
use crate::hosts;
use crate::install::{Binding, Tier};

/// The user-info bindings.
pub const BINDINGS: &[Binding] = &[
    Binding::run("getUserInfo", Tier::Deep, get_user_info),
    Binding::run("getUserProfile", Tier::Deep, get_user_profile),
];

/// getUserProfile's `desc` limit, in characters.
pub const DESC_MAX_CHARS: usize = 30;

fn get_user_info(req: Request, ctx: &mut Context) -> JsResult<()> {
    let request = UserInfoRequest {
        lang: opt_string(&req.options, "lang", ctx)?.unwrap_or_else(|| "en".into()),
        desc: None,
        // UNVERIFIED default: the docs give none; apps that omit it get encryptedData when
        // logged in (the seed 003 samples rely on it), so unset counts as true.
        with_credentials: boolean(&req.options, "withCredentials", true, ctx)?,
    };
    let h = hosts(ctx)?.user;
    reply(ctx, req.completion, fields, |r| {
        h.borrow_mut().user_info(request, r);
    })
}

fn get_user_profile(req: Request, ctx: &mut Context) -> JsResult<()> {
    let desc = string(&req.options, "desc", ctx)?;
    let chars = desc.chars().count();
    if chars == 0 || chars > DESC_MAX_CHARS {
        req.completion.complete(Err(WxError::fail(
            "desc length does not meet the requirements",
        )));
        return Ok(());
    }
    let request = UserInfoRequest {
        lang: opt_string(&req.options, "lang", ctx)?.unwrap_or_else(|| "en".into()),
        desc: Some(desc),
        with_credentials: true,
    };
    let h = hosts(ctx)?.user;
    reply(ctx, req.completion, fields, |r| {
        h.borrow_mut().user_profile(request, r);
    })
}
