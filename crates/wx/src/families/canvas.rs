//! The drawing actions a `CanvasContext` keeps until `draw()`, and the old `getActions()` /
//! `clearActions()` pair that hands them to `wx.drawCanvas({canvasId, actions})` (documented
//! with wx.drawCanvas in the pre-1.9 docs: "actions: 由 wx.createContext 创建的 context, 调用
//! getActions 方法导出绘图动作数组"; the demo's accelerometer and worker pages still use it).
//! Each action is `{method, data}`: the method name and its arguments. UNVERIFIED: WeChat's
//! internal action names (its base library translates some, e.g. `setFillStyle`); here the
//! method called is what is kept. `getActions` empties the list, as `draw()` does.

use std::cell::RefCell;
use std::collections::HashMap;

use boa_engine::{js_string, Context, JsObject, JsResult, JsValue, NativeFunction};
use serde_json::{json, Value};

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
