//! The instance methods every page and component object has beyond `setData` / `triggerEvent`
//! (installed on their shared prototype): `getRelationNodes`, `selectComponent`,
//! `selectAllComponents`, `selectOwnerComponent`, `getTabBar`, `getPageId`, `animate`,
//! `clearAnimation`, `hasBehavior`, `getOpenerEventChannel`; and `pageLifetimes` reaching
//! every component of a page.
//!
//! The methods live in their own modules ([`crate::relations`], [`crate::select`],
//! [`crate::tab_bar`], [`crate::event_channel`]); this one only binds them and holds the small
//! ones. It does not render.

use boa_engine::{js_string, Context, JsObject, JsResult, JsString, JsValue, NativeFunction};
use serde_json::{json, Value};
use wxbox_engine::convert::to_json;
use wxbox_engine::timers::event_loop;
use wxbox_engine::Event;

use crate::state::{app_state, PageInstance};

/// The page or component id of `this` (`__wxWebviewId__`).
///
/// # Errors
/// A hostile getter.
pub(crate) fn id_of(this: &JsValue, ctx: &mut Context) -> JsResult<Option<u32>> {
    let Some(obj) = this.as_object() else {
        return Ok(None);
    };
    let id = obj.get(js_string!("__wxWebviewId__"), ctx)?;
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    Ok(id
        .as_number()
        .filter(|n| n.is_finite() && *n >= 0.0)
        .map(|n| n as u32))
}

/// The route or component path of `this`, for traces.
fn name_of(this: &JsValue, ctx: &mut Context) -> JsResult<String> {
    Ok(match this.as_object() {
        Some(o) => o
            .get(js_string!("route"), ctx)?
            .as_string()
            .map(|s| s.to_std_string_escaped())
            .unwrap_or_default(),
        None => String::new(),
    })
}

/// `this.getPageId()`: the same string for every component of one page.
/// UNVERIFIED: WeChat's exact format (documented only as "a page identifier string").
fn page_id(this: &JsValue, _: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    let Some(id) = id_of(this, ctx)? else {
        return Ok(JsValue::undefined());
    };
    let page = crate::view::page_of(&app_state(ctx)?.borrow(), id).unwrap_or(id);
    Ok(JsString::from(format!("pageId:{page}")).into())
}

/// `this.hasBehavior(behavior)`: directly or through nested behaviors (docs: Component
/// instance methods, "checks recursively").
fn has_behavior(this: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    let path = name_of(this, ctx)?;
    let b = args.first().cloned().unwrap_or_default();
    Ok(crate::relations::has_behavior(ctx, &path, &b).into())
}

fn trace_call(ctx: &mut Context, api: &str, args: Value) -> JsResult<()> {
    event_loop(ctx)?.trace().push(Event::Call {
        api: api.to_string(),
        args,
    });
    Ok(())
}

/// `this.animate(selector, keyframes, duration, callback)`: recorded in the trace (there is no
/// layout to animate); the callback runs when the animation would end, on the virtual clock.
/// A 4th argument that is a ScrollTimeline object has no end, so nothing is called back.
fn animate(this: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    let target = name_of(this, ctx)?;
    let selector = match args.first() {
        Some(v) if !v.is_undefined() => v.to_string(ctx)?.to_std_string_escaped(),
        _ => String::new(),
    };
    let keyframes = args
        .get(1)
        .map(|v| to_json(v, ctx).unwrap_or(Value::Null))
        .unwrap_or(Value::Null);
    let duration = match args.get(2) {
        Some(v) if v.is_number() => v.to_number(ctx)?,
        _ => 0.0,
    };
    trace_call(
        ctx,
        "this.animate",
        json!({"target": target, "selector": selector, "keyframes": keyframes, "duration": duration}),
    )?;
    if let Some(cb) = args.get(3).and_then(JsValue::as_callable) {
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let delay = if duration.is_finite() && duration > 0.0 {
            duration as u64
        } else {
            0
        };
        event_loop(ctx)?.set_timer(cb, Vec::new(), delay, false);
    }
    Ok(JsValue::undefined())
}

/// `this.clearAnimation(selector, options?, callback?)`: recorded; the callback runs next.
fn clear_animation(this: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    let target = name_of(this, ctx)?;
    let selector = match args.first() {
        Some(v) if !v.is_undefined() => v.to_string(ctx)?.to_std_string_escaped(),
        _ => String::new(),
    };
    let (options, cb) = match args.get(1) {
        Some(v) if v.is_callable() => (Value::Null, v.as_callable()),
        Some(v) => (
            to_json(v, ctx).unwrap_or(Value::Null),
            args.get(2).and_then(JsValue::as_callable),
        ),
        None => (Value::Null, None),
    };
    trace_call(
        ctx,
        "this.clearAnimation",
        json!({"target": target, "selector": selector, "options": options}),
    )?;
    if let Some(cb) = cb {
        event_loop(ctx)?.set_timer(cb, Vec::new(), 0, false);
    }
    Ok(JsValue::undefined())
}

/// Defines the instance methods on `proto`, the prototype of page and component objects.
///
/// # Errors
/// Only engine failures.
pub fn install(proto: &JsObject, ctx: &mut Context) -> JsResult<()> {
    type Method = fn(&JsValue, &[JsValue], &mut Context) -> JsResult<JsValue>;
    let methods: [(&str, Method, usize); 10] = [
        ("getRelationNodes", crate::relations::relation_nodes, 1),
        ("selectComponent", crate::select::select_component, 1),
        (
            "selectAllComponents",
            crate::select::select_all_components,
            1,
        ),
        (
            "selectOwnerComponent",
            crate::select::select_owner_component,
            0,
        ),
        ("getTabBar", crate::tab_bar::get_tab_bar, 0),
        ("getPageId", page_id, 0),
        ("animate", animate, 4),
        ("clearAnimation", clear_animation, 3),
        ("hasBehavior", has_behavior, 1),
        (
            "getOpenerEventChannel",
            crate::event_channel::opener_channel,
            0,
        ),
    ];
    for (name, f, len) in methods {
        let f = boa_engine::object::FunctionObjectBuilder::new(
            ctx.realm(),
            NativeFunction::from_fn_ptr(f),
        )
        .name(JsString::from(name))
        .length(len)
        .build();
        proto.set(JsString::from(name), f, true, ctx)?;
    }
    Ok(())
}

/// `pageLifetimes.<name>` (`show`, `hide`, `resize`) of every component rendered in `page`, in
/// the order they were created (WeChat calls them on the page's whole component tree; glass-easel
/// `triggerPageLifetime` recurses through shadow roots and children). The page's first show
/// does not reach them (developers report `pageLifetimes.show` silent when the page first
/// loads, e.g. juejin.cn/post/7232164444985786428; UNVERIFIED in the official docs): wxbox
/// renders, and so creates components, after the first `onShow`.
///
/// # Errors
/// Only engine failures; hook errors are reported.
pub fn page_lifetime(ctx: &mut Context, page: u32, name: &str, args: &[JsValue]) -> JsResult<()> {
    let mut comps: Vec<PageInstance> = app_state(ctx)?
        .borrow()
        .instances
        .values()
        .filter(|i| i.in_page == page)
        .map(|i| i.page.clone())
        .collect();
    // Tree order (the last render's), creation order for ties.
    let mut keyed: Vec<(usize, u32, PageInstance)> = Vec::new();
    for c in comps.drain(..) {
        keyed.push((crate::relations::tree_position(ctx, c.id), c.id, c));
    }
    keyed.sort_by_key(|(pos, id, _)| (*pos, *id));
    let comps: Vec<PageInstance> = keyed.into_iter().map(|(_, _, c)| c).collect();
    for c in comps {
        crate::pages::hook(
            ctx,
            &c.route,
            &c.def.options,
            &["pageLifetimes", name],
            &c.obj,
            args,
        )?;
    }
    Ok(())
}
