//! The custom tab bar (`"tabBar": {"custom": true}` in app.json): the component at
//! `custom-tab-bar/index`, one instance per tab page (docs: framework/ability/custom-tabbar,
//! "each tab page has its own custom tabBar instance; `getTabBar()` of a page or component gets
//! the current page's"), what `this.getTabBar()` returns.
//!
//! The instance is created on the page's first `getTabBar()` (`created`, `attached`, `ready`),
//! and detaches when its page unloads. It has data, methods and `setData`, but it is not rendered:
//! it is not part of the page's tree. UNVERIFIED: WeChat creates it when the tab page first
//! shows, and renders it below the page; `getTabBar()` on a page that is not a tab page (or
//! without a custom tab bar) gives `undefined` here.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use boa_engine::{Context, JsResult, JsValue};

use crate::instance::id_of;
use crate::state::{app_state, PageDef, PageInstance};

/// Where WeChat looks for the custom tab bar.
pub const TAB_BAR_PATH: &str = "custom-tab-bar/index";

#[derive(Clone, Default)]
struct TabBars(Rc<RefCell<HashMap<u32, PageInstance>>>);

fn bars(ctx: &mut Context) -> Rc<RefCell<HashMap<u32, PageInstance>>> {
    if let Some(b) = ctx.get_data::<TabBars>() {
        return b.0.clone();
    }
    let b = TabBars::default();
    ctx.insert_data(b.clone());
    b.0
}

/// A tab page closed (`reLaunch`): its tab bar detaches.
///
/// # Errors
/// Only engine failures; the tab bar's own errors are reported.
pub(crate) fn forget(ctx: &mut Context, page: u32) -> JsResult<()> {
    let bar = bars(ctx).borrow_mut().remove(&page);
    match bar {
        Some(bar) => crate::pages::lifetime(ctx, &bar, "detached"),
        None => Ok(()),
    }
}

/// `this.getTabBar()`.
///
/// # Errors
/// Only engine failures; the tab bar's own errors are reported.
pub(crate) fn get_tab_bar(this: &JsValue, _: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    let Some(id) = id_of(this, ctx)? else {
        return Ok(JsValue::undefined());
    };
    let state = app_state(ctx)?;
    let page = {
        let s = state.borrow();
        let page = crate::view::page_of(&s, id).unwrap_or(id);
        let route = s
            .stack
            .iter()
            .chain(s.tabs.iter())
            .find(|p| p.id == page)
            .map(|p| p.route.clone());
        let custom = s.config.tab_bar.as_ref().is_some_and(|t| t.custom);
        match route {
            Some(r) if custom && s.config.is_tab(&r) => page,
            _ => return Ok(JsValue::undefined()),
        }
    };
    if let Some(bar) = bars(ctx).borrow().get(&page) {
        return Ok(bar.obj.clone().into());
    }
    let Some(options) = crate::view::component_def(ctx, TAB_BAR_PATH)? else {
        return Ok(JsValue::undefined());
    };
    let def = PageDef {
        options,
        component: true,
    };
    let inst = crate::pages::create(ctx, TAB_BAR_PATH, &def, &[])?;
    bars(ctx).borrow_mut().insert(page, inst.clone());
    for hook in ["created", "attached", "ready"] {
        crate::pages::lifetime(ctx, &inst, hook)?;
    }
    Ok(inst.obj.into())
}
