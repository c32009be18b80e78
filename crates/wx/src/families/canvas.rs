//! The drawing actions a `CanvasContext` keeps until `draw()`, and the old `getActions()` /
//! `clearActions()` pair that hands them to `wx.drawCanvas({canvasId, actions})` (documented
//! with wx.drawCanvas in the pre-1.9 docs: "actions: 由 wx.createContext 创建的 context, 调用
//! getActions 方法导出绘图动作数组"; the demo's accelerometer and worker pages still use it).
//! Each action is `{method, data}`: the method name and its arguments. UNVERIFIED: WeChat's
//! internal action names (its base library translates some, e.g. `setFillStyle`); here the
//! method called is what is kept. `getActions` empties the list, as `draw()` does.

use std::cell::RefCell;
use std::collections::HashMap;

use boa_engine::{
    js_string, Context, JsNativeError, JsObject, JsResult, JsString, JsValue, NativeFunction,
};
use serde_json::{json, Map, Value};

#[derive(Default)]
struct Actions(RefCell<HashMap<u32, Vec<Value>>>);

fn actions(ctx: &mut Context) -> &Actions {
    if ctx.get_data::<Actions>().is_none() {
        ctx.insert_data(Actions::default());
    }
    // Inserted just above.
    #[allow(clippy::expect_used)]
    ctx.get_data::<Actions>().expect("inserted")
}

/// Records a call of a `CanvasContext` method (`draw` flushes, queries record nothing).
pub(crate) fn record(id: u32, method: &str, args: &[Value], ctx: &mut Context) {
    let list = &actions(ctx).0;
    match method {
        "draw" => {
            list.borrow_mut().remove(&id);
        }
        m if m.starts_with("create") || m == "measureText" => {}
        m => list
            .borrow_mut()
            .entry(id)
            .or_default()
            .push(json!({ "method": m, "data": args })),
    }
}

/// Adds `getActions` / `clearActions` to the context object `obj` with id `id`.
///
/// # Errors
/// Only when `obj` refuses a property.
pub(crate) fn install(obj: &JsObject, id: u32, ctx: &mut Context) -> JsResult<()> {
    let realm = ctx.realm().clone();
    let get = NativeFunction::from_copy_closure(move |_, _, ctx| {
        let taken = actions(ctx).0.borrow_mut().remove(&id).unwrap_or_default();
        JsValue::from_json(&Value::Array(taken), ctx)
    });
    let clear = NativeFunction::from_copy_closure(move |_, _, ctx| {
        actions(ctx).0.borrow_mut().remove(&id);
        Ok(JsValue::undefined())
    });
    obj.set(
        js_string!("getActions"),
        get.to_js_function(&realm),
        false,
        ctx,
    )?;
    obj.set(
        js_string!("clearActions"),
        clear.to_js_function(&realm),
        false,
        ctx,
    )?;
    Ok(())
}

/// `js-shims/canvas.js`: the Canvas node and its recording 2D context (what it models and what
/// stays unverified is written there).
const CANVAS_SHIM: &str = include_str!("../../../../js-shims/canvas.js");

/// The shim's factory and the Canvas node of each element, by the element's key.
#[derive(Default)]
struct Nodes {
    factory: RefCell<Option<JsObject>>,
    by_key: RefCell<HashMap<String, JsObject>>,
}

fn nodes(ctx: &mut Context) -> &Nodes {
    if ctx.get_data::<Nodes>().is_none() {
        ctx.insert_data(Nodes::default());
    }
    // Inserted just above.
    #[allow(clippy::expect_used)]
    ctx.get_data::<Nodes>().expect("inserted")
}

/// A length in px from an attribute value or a style declaration's value: `300`, `"300"`,
/// `"300px"`; `None` for anything else (`%`, `rpx`, `vw`: no layout headlessly).
fn px(v: &Value) -> Option<f64> {
    match v {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => {
            let s = s.trim();
            let s = s.strip_suffix("px").unwrap_or(s).trim();
            s.parse::<f64>().ok()
        }
        _ => None,
    }
    .filter(|n| n.is_finite() && *n >= 0.0)
}

/// The bitmap size of a canvas element: its `width` / `height` attributes, else `width` /
/// `height` in px in its `style`, else HTML's default 300 x 150. UNVERIFIED: WeChat's initial
/// bitmap of a `type="2d"` canvas (the docs' samples always assign `width` / `height` from the
/// node's box times the pixel ratio, which is what apps do).
fn canvas_size(attrs: &Map<String, Value>) -> (f64, f64) {
    let style = attrs
        .get("style")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let from_style = |name: &str| {
        style.split(';').find_map(|decl| {
            let (k, v) = decl.split_once(':')?;
            (k.trim() == name)
                .then(|| px(&Value::String(v.to_string())))
                .flatten()
        })
    };
    let side = |name: &str, default: f64| {
        attrs
            .get(name)
            .and_then(px)
            .or_else(|| from_style(name))
            .unwrap_or(default)
            .floor()
    };
    (side("width", 300.0), side("height", 150.0))
}

/// The Canvas node `node()` gives for `n`: for a `<canvas type="2d" | "webgl" | "webgl2">`
/// (docs: developers.weixin.qq.com/miniprogram/dev/component/canvas.html, "type: 指定 canvas
/// 类型，支持 2d 和 webgl"; webgl2 as the demo's pages use it), the same object for the same
/// element on every query; `None` for other elements (the old `canvas-id` canvas has no node,
/// it is drawn through `wx.createCanvasContext`).
///
/// # Errors
/// When the shim cannot be evaluated (a wxbox bug) or its factory throws.
pub(crate) fn node(n: &super::query::Node, ctx: &mut Context) -> JsResult<Option<JsObject>> {
    if n.tag != "canvas" {
        return Ok(None);
    }
    let kind = match n.attrs.get("type").and_then(Value::as_str) {
        Some(k @ ("2d" | "webgl" | "webgl2")) => k.to_string(),
        _ => return Ok(None),
    };
    if !n.key.is_empty() {
        if let Some(obj) = nodes(ctx).by_key.borrow().get(&n.key) {
            return Ok(Some(obj.clone()));
        }
    }
    let factory = nodes(ctx).factory.borrow().clone();
    let factory = match factory {
        Some(f) => f,
        None => {
            let broken = || JsNativeError::typ().with_message("canvas shim is broken");
            let f = wxbox_engine::code_cache::eval(ctx, CANVAS_SHIM)?
                .as_callable()
                .ok_or_else(broken)?
                .call(&JsValue::undefined(), &[], ctx)?
                .as_callable()
                .ok_or_else(broken)?;
            *nodes(ctx).factory.borrow_mut() = Some(f.clone());
            f
        }
    };
    let (w, h) = canvas_size(&n.attrs);
    let obj = factory
        .call(
            &JsValue::undefined(),
            &[JsString::from(kind).into(), w.into(), h.into()],
            ctx,
        )?
        .as_object()
        .ok_or_else(|| JsNativeError::typ().with_message("canvas shim is broken"))?;
    if !n.key.is_empty() {
        nodes(ctx)
            .by_key
            .borrow_mut()
            .insert(n.key.clone(), obj.clone());
    }
    Ok(Some(obj))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn canvas_size_reads_attributes_then_style_px_then_defaults() {
        let m = |v: Value| v.as_object().cloned().unwrap_or_default();
        assert_eq!(canvas_size(&m(json!({}))), (300.0, 150.0));
        assert_eq!(
            canvas_size(&m(json!({"style": "width: 200px; height:80px"}))),
            (200.0, 80.0)
        );
        assert_eq!(
            canvas_size(&m(
                json!({"width": "120", "style": "width: 50%; height: 10rpx"})
            )),
            (120.0, 150.0)
        );
    }
}
