//! `this.selectComponent(selector)`, `this.selectAllComponents(selector)` and
//! `this.selectOwnerComponent()` over the rendered tree.
//!
//! Rules (WeChat docs, custom-component/events "获取组件实例"; glass-easel `selectComponent`):
//! the selector matches inside the caller's own template (its shadow tree; slot content given to
//! it belongs to its owner), `>>>` crossing into components; only custom components count; a
//! component with the built-in behavior `wx://component-export` and an `export()` method is
//! represented by what `export()` returns. `selectOwnerComponent` is the page or component whose
//! template holds the caller. UNVERIFIED: a selector WeChat accepts and wxbox does not parse
//! matches nothing here (WeChat may warn).
//!
//! This module reads the view; it does not render.

use boa_engine::object::builtins::JsArray;
use boa_engine::{js_string, Context, JsObject, JsResult, JsValue};
use wxbox_view::Selector;

use crate::instance::id_of;
use crate::state::app_state;

/// The component instances `selector` matches in `this`'s template, in document order.
fn matches(
    this: &JsValue,
    args: &[JsValue],
    ctx: &mut Context,
) -> JsResult<Vec<(u32, String, JsObject)>> {
    let selector = match args.first() {
        Some(v) if !v.is_undefined() => v.to_string(ctx)?.to_std_string_escaped(),
        _ => return Ok(Vec::new()),
    };
    let Some(owner) = id_of(this, ctx)? else {
        return Ok(Vec::new());
    };
    let Ok(sel) = Selector::parse(&selector) else {
        return Ok(Vec::new());
    };
    let state = app_state(ctx)?;
    let s = state.borrow();
    // The page's tree, or the shadow tree of a component whose render is running (an
    // observer of its first properties selecting into its own template).
    let Some(tree) = crate::view::tree_of(&s, owner) else {
        return Ok(Vec::new());
    };
    Ok(sel
        .find_all(tree, owner)
        .iter()
        .filter_map(|path| wxbox_view::tree::at(tree, path))
        .filter_map(|el| el.component)
        .filter_map(|id| {
            s.instances
                .get(&id)
                .map(|i| (id, i.page.route.clone(), i.page.obj.clone()))
        })
        .collect())
}

/// What stands for a selected component: its `export()` result under `wx://component-export`.
fn exported(ctx: &mut Context, path: &str, obj: &JsObject) -> JsResult<JsValue> {
    let export_behavior = js_string!("wx://component-export").into();
    if crate::relations::has_behavior(ctx, path, &export_behavior) {
        if let Some(f) = obj.get(js_string!("export"), ctx)?.as_callable() {
            return f.call(&obj.clone().into(), &[], ctx);
        }
    }
    Ok(obj.clone().into())
}

/// `this.selectComponent(selector)`: the first match, or `null`.
///
/// # Errors
/// A throwing `export()` or selector `toString`.
pub(crate) fn select_component(
    this: &JsValue,
    args: &[JsValue],
    ctx: &mut Context,
) -> JsResult<JsValue> {
    match matches(this, args, ctx)?.into_iter().next() {
        Some((_, path, obj)) => exported(ctx, &path, &obj),
        None => Ok(JsValue::null()),
    }
}

/// `this.selectAllComponents(selector)`: every match, in document order.
///
/// # Errors
/// A throwing `export()` or selector `toString`.
pub(crate) fn select_all_components(
    this: &JsValue,
    args: &[JsValue],
    ctx: &mut Context,
) -> JsResult<JsValue> {
    let arr = JsArray::new(ctx)?;
    for (_, path, obj) in matches(this, args, ctx)? {
        let v = exported(ctx, &path, &obj)?;
        arr.push(v, ctx)?;
    }
    Ok(arr.into())
}

/// `this.selectOwnerComponent()`: the page or component whose template holds `this`; `null`
/// for a page.
///
/// # Errors
/// Only engine failures.
pub(crate) fn select_owner_component(
    this: &JsValue,
    _: &[JsValue],
    ctx: &mut Context,
) -> JsResult<JsValue> {
    let Some(id) = id_of(this, ctx)? else {
        return Ok(JsValue::null());
    };
    let state = app_state(ctx)?;
    let s = state.borrow();
    let Some(owner) = s.instances.get(&id).map(|i| i.owner()) else {
        return Ok(JsValue::null());
    };
    if let Some(v) = s.views.get(&owner) {
        return Ok(v.obj.clone().into());
    }
    Ok(s.instances
        .get(&owner)
        .map_or(JsValue::null(), |i| i.page.obj.clone().into()))
}
