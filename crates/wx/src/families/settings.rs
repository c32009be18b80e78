//! Settings and scopes: `authorize`, `getSetting`, `openSetting` over
//! [`wxbox_host::SettingsHost`]. openSetting is under the tap-gesture rule.

use boa_engine::{Context, JsResult};

use super::{boolean, string};
use crate::bridge::{empty, fields, reply};
use crate::call::Request;
use crate::hosts;
use crate::install::{Binding, Tier};

/// The settings bindings.
pub const BINDINGS: &[Binding] = &[
    Binding::run("authorize", Tier::Deep, authorize),
    Binding::run("getSetting", Tier::Deep, get_setting),
    Binding::run("openSetting", Tier::Deep, open_setting),
];

fn authorize(req: Request, ctx: &mut Context) -> JsResult<()> {
    let scope = string(&req.options, "scope", ctx)?;
    let h = hosts(ctx)?.settings;
    reply(ctx, req.completion, empty, |r| {
        h.borrow_mut().authorize(&scope, r);
    })
}

fn get_setting(req: Request, ctx: &mut Context) -> JsResult<()> {
    let subs = boolean(&req.options, "withSubscriptions", false, ctx)?;
    let h = hosts(ctx)?.settings;
    reply(ctx, req.completion, fields, |r| {
        h.borrow_mut().get_setting(subs, r);
    })
}

fn open_setting(req: Request, ctx: &mut Context) -> JsResult<()> {
    let subs = boolean(&req.options, "withSubscriptions", false, ctx)?;
    let h = hosts(ctx)?.settings;
    reply(ctx, req.completion, fields, |r| {
        h.borrow_mut().open_setting(subs, r);
    })
}
