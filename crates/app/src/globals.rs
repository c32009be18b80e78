//! The mini-program globals: `App()`, `getApp()`, `Page()`, `Component()`, `getCurrentPages()`.

use boa_engine::object::ObjectInitializer;
use boa_engine::{js_string, Context, JsNativeError, JsObject, JsResult, JsValue, NativeFunction};

use crate::pages;
use crate::router;
use crate::state::{app_state, PageDef};

/// The behaviors shim: a function returning `merge(def)`.
const BEHAVIORS: &str = include_str!("../../../js-shims/behaviors.js");

fn options_arg(args: &[JsValue], ctx: &mut Context) -> JsObject {
    match args.first().and_then(JsValue::as_object) {
        Some(o) if !o.is_callable() => o,
        _ => JsObject::with_object_proto(ctx.intrinsics()),
    }
}

fn app(args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    let state = app_state(ctx)?;
    if state.borrow().app.is_some() {
        return Err(JsNativeError::error()
            .with_message("App() has already been called; a mini-program has one App")
            .into());
    }
    let options = options_arg(args, ctx);
    // WeChat's App instance is the object given to App(), with globalData as written.
    state.borrow_mut().app = Some(options);
    Ok(JsValue::undefined())
}

fn get_app(ctx: &mut Context) -> JsResult<JsValue> {
    Ok(app_state(ctx)?
        .borrow()
        .app
        .clone()
        .map_or(JsValue::undefined(), JsValue::from))
}

/// The merge function of the behaviors shim, evaluated once per sandbox on first use.
#[derive(Clone)]
struct BehaviorMerge(JsObject);

/// `def` with its `behaviors` merged in as WeChat merges them (the rules are cited in the shim).
/// `Page()` takes `behaviors` too (official `Page` reference: "behaviors ... 2.9.2"; glass-easel's
/// adapter builds a page as a component): there methods sit at the top level.
fn with_behaviors(def: JsObject, is_page: bool, ctx: &mut Context) -> JsResult<JsObject> {
    let list = def.get(js_string!("behaviors"), ctx)?;
    let used = match list.as_object() {
        Some(l) if l.is_array() => l.get(js_string!("length"), ctx)?.to_number(ctx)? > 0.0,
        _ => false,
    };
    if !used {
        return Ok(def);
    }
    let merge = match ctx.get_data::<BehaviorMerge>() {
        Some(m) => m.0.clone(),
        None => {
            let factory = wxbox_engine::code_cache::eval(ctx, BEHAVIORS)?;
            let merge = factory
                .as_callable()
                .map(|f| f.call(&JsValue::undefined(), &[], ctx))
                .transpose()?
                .and_then(|m| m.as_object())
                .ok_or_else(|| JsNativeError::typ().with_message("behaviors shim is broken"))?;
            ctx.insert_data(BehaviorMerge(merge.clone()));
            merge
        }
    };
    let merged = merge.call(
        &JsValue::undefined(),
        &[def.clone().into(), JsValue::new(is_page)],
        ctx,
    )?;
    Ok(merged.as_object().unwrap_or(def))
}

fn register(args: &[JsValue], ctx: &mut Context, component: bool) -> JsResult<JsValue> {
    let state = app_state(ctx)?;
    let component_path = state.borrow().loading_component.clone();
    if let (Some(path), true) = (component_path, component) {
        let raw = options_arg(args, ctx);
        crate::relations::remember_behaviors(ctx, &path, &raw)?;
        let options = with_behaviors(raw, false, ctx)?;
        state.borrow_mut().component_defs.insert(path, options);
        return Ok(JsValue::undefined());
    }
    let loading = state.borrow().loading.clone();
    let Some(route) = loading else {
        if component {
            // A component module evaluated outside the view layer (required by hand).
            return Ok(JsValue::undefined());
        }
        return Err(JsNativeError::error()
            .with_message("Page() can only be called while a page's own .js file is loading")
            .into());
    };
    let options = options_arg(args, ctx);
    // Pages take behaviors too (glass-easel builds pages as components), so `hasBehavior`
    // answers for both.
    crate::relations::remember_behaviors(ctx, &route, &options)?;
    let options = with_behaviors(options, !component, ctx)?;
    let mut s = state.borrow_mut();
    if s.defs.contains_key(&route) {
        return Err(JsNativeError::error()
            .with_message(format!("Page \"{route}\" is registered twice"))
            .into());
    }
    s.defs.insert(route, PageDef { options, component });
    Ok(JsValue::undefined())
}

/// Defines the globals, and the prototype every page object gets.
///
/// # Errors
/// When a global cannot be defined (never in a fresh context).
pub fn install(ctx: &mut Context) -> JsResult<JsObject> {
    ctx.register_global_callable(
        js_string!("App"),
        1,
        NativeFunction::from_fn_ptr(|_, args, ctx| app(args, ctx)),
    )?;
    ctx.register_global_callable(
        js_string!("getApp"),
        0,
        NativeFunction::from_fn_ptr(|_, _, ctx| get_app(ctx)),
    )?;
    ctx.register_global_callable(
        js_string!("Page"),
        1,
        NativeFunction::from_fn_ptr(|_, args, ctx| register(args, ctx, false)),
    )?;
    ctx.register_global_callable(
        js_string!("Component"),
        1,
        NativeFunction::from_fn_ptr(|_, args, ctx| register(args, ctx, true)),
    )?;
    ctx.register_global_callable(
        js_string!("getCurrentPages"),
        0,
        NativeFunction::from_fn_ptr(|_, _, ctx| router::current_pages(ctx)),
    )?;
    // `Behavior(def)` gives the definition back: it only means something inside `behaviors`,
    // which `Component()` merges (see `with_behaviors`).
    ctx.register_global_callable(
        js_string!("Behavior"),
        1,
        NativeFunction::from_fn_ptr(|_, args, ctx| Ok(options_arg(args, ctx).into())),
    )?;
    // `global`: one object every file of the app shares (the demo's app.js sets `global.isDemo`
    // and its pages read it). WeChat's is not the global scope itself: a property set on it is
    // not a global variable. UNVERIFIED: what else WeChat's `global` carries; it starts empty.
    let shared = JsObject::with_object_proto(ctx.intrinsics());
    ctx.register_global_property(
        js_string!("global"),
        shared,
        boa_engine::property::Attribute::WRITABLE | boa_engine::property::Attribute::CONFIGURABLE,
    )?;
    let proto = ObjectInitializer::new(ctx)
        .function(
            NativeFunction::from_fn_ptr(pages::set_data),
            js_string!("setData"),
            2,
        )
        .function(
            NativeFunction::from_fn_ptr(crate::interact::trigger_event),
            js_string!("triggerEvent"),
            3,
        )
        // `this.createSelectorQuery()` is `wx.createSelectorQuery().in(this)`.
        .function(
            NativeFunction::from_fn_ptr(|this, _, ctx| {
                let scope = this.as_object();
                Ok(wxbox_wx::families::query::selector_query(scope, ctx)?.into())
            }),
            js_string!("createSelectorQuery"),
            0,
        )
        .function(
            NativeFunction::from_fn_ptr(|this, args, ctx| {
                let mut all = vec![this.clone()];
                all.extend(args.iter().take(1).cloned());
                Ok(wxbox_wx::families::query::intersection_observer(&all, ctx)?.into())
            }),
            js_string!("createIntersectionObserver"),
            1,
        )
        .build();
    crate::instance::install(&proto, ctx)?;
    Ok(proto)
}
