//! UI feedback: `showToast`, `hideToast`, `showLoading`, `hideLoading` (recorded: the superapp
//! keeps what is on screen), `showModal` and `showActionSheet` (answered by the scripted user),
//! over [`wxbox_host::UiHost`].

use boa_engine::{Context, JsResult};
use wxbox_host::ui::{Modal, Toast};

use super::{boolean, number, opt_string, string, strings};
use crate::bridge::{fields, reply};
use crate::call::{Payload, Request};
use crate::error::WxError;
use crate::hosts;
use crate::install::{Binding, Tier};

/// The UI bindings.
pub const BINDINGS: &[Binding] = &[
    Binding::run("showToast", Tier::Simulated, show_toast),
    Binding::run("showLoading", Tier::Simulated, show_loading),
    Binding::run("hideToast", Tier::Simulated, hide_toast),
    Binding::run("hideLoading", Tier::Simulated, hide_loading),
    Binding::run("showModal", Tier::Deep, show_modal),
    Binding::run("showActionSheet", Tier::Deep, show_action_sheet),
];

/// Most items an action sheet takes (docs: itemList, at most 6).
pub const ACTION_SHEET_MAX: usize = 6;

fn show_toast(req: Request, ctx: &mut Context) -> JsResult<()> {
    let toast = Toast {
        kind: "toast".into(),
        title: string(&req.options, "title", ctx)?,
        icon: Some(opt_string(&req.options, "icon", ctx)?.unwrap_or_else(|| "success".into())),
        duration: Some(number(&req.options, "duration", ctx)?.unwrap_or(1500.0)),
    };
    hosts(ctx)?.ui.borrow_mut().show(toast);
    req.completion.complete(Ok(Payload::empty()));
    Ok(())
}

fn show_loading(req: Request, ctx: &mut Context) -> JsResult<()> {
    let toast = Toast {
        kind: "loading".into(),
        title: string(&req.options, "title", ctx)?,
        icon: None,
        duration: None,
    };
    hosts(ctx)?.ui.borrow_mut().show(toast);
    req.completion.complete(Ok(Payload::empty()));
    Ok(())
}

fn hide(req: Request, kind: &str, ctx: &mut Context) -> JsResult<()> {
    // WeChat answers ok whether or not something was showing.
    hosts(ctx)?.ui.borrow_mut().hide(kind);
    req.completion.complete(Ok(Payload::empty()));
    Ok(())
}

fn hide_toast(req: Request, ctx: &mut Context) -> JsResult<()> {
    hide(req, "toast", ctx)
}

fn hide_loading(req: Request, ctx: &mut Context) -> JsResult<()> {
    hide(req, "loading", ctx)
}

fn show_modal(req: Request, ctx: &mut Context) -> JsResult<()> {
    let modal = Modal {
        title: string(&req.options, "title", ctx)?,
        content: string(&req.options, "content", ctx)?,
        show_cancel: boolean(&req.options, "showCancel", true, ctx)?,
        editable: boolean(&req.options, "editable", false, ctx)?,
    };
    let h = hosts(ctx)?.ui;
    reply(ctx, req.completion, fields, |r| {
        h.borrow_mut().modal(modal, r);
    })
}

fn show_action_sheet(req: Request, ctx: &mut Context) -> JsResult<()> {
    let items = match strings(&req.options, "itemList", ctx)? {
        Ok(items) => items,
        Err(i) => {
            req.completion.complete(Err(WxError::Params(format!(
                "parameter.itemList[{i}] should be String;"
            ))));
            return Ok(());
        }
    };
    if items.is_empty() || items.len() > ACTION_SHEET_MAX {
        // UNVERIFIED text, seen in developer reports.
        req.completion.complete(Err(WxError::Params(format!(
            "itemList should not be {} than {ACTION_SHEET_MAX}",
            if items.is_empty() { "less" } else { "large" }
        ))));
        return Ok(());
    }
    let h = hosts(ctx)?.ui;
    reply(ctx, req.completion, fields, |r| {
        h.borrow_mut().action_sheet(items, r);
    })
}
