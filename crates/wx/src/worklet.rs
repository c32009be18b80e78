//! `wx.worklet` (Skyline's animation worklets) and `wx.router` (custom routes), from
//! `js-shims/worklet.js`: what they model and what stays unverified is written there. The shim is
//! parsed on the first read of either, so apps that never touch them pay nothing at launch.

use boa_engine::object::builtins::JsFunction;
use boa_engine::object::FunctionObjectBuilder;
use boa_engine::{
    js_string, Context, JsNativeError, JsObject, JsResult, JsString, JsValue, NativeFunction,
};

const SHIM: &str = include_str!("../../../js-shims/worklet.js");

#[derive(Clone)]
struct Worklet(JsObject);

/// The shim's `{ worklet, router }`: made once per sandbox.
fn shim(ctx: &mut Context) -> JsResult<JsObject> {
    if let Some(w) = ctx.get_data::<Worklet>() {
        return Ok(w.0.clone());
    }
    let factory = wxbox_engine::code_cache::eval(ctx, SHIM)?;
    let global = ctx.global_object();
    let set = global.get(js_string!("setTimeout"), ctx)?;
    let clear = global.get(js_string!("clearTimeout"), ctx)?;
    let worklet = factory
        .as_callable()
        .map(|f| f.call(&JsValue::undefined(), &[set, clear], ctx))
        .transpose()?
        .and_then(|w| w.as_object())
        .ok_or_else(|| JsNativeError::typ().with_message("worklet shim is broken"))?;
    ctx.insert_data(Worklet(worklet.clone()));
    Ok(worklet)
}

/// The getters behind `wx.worklet` and `wx.router`.
pub(crate) fn getters(ctx: &mut Context) -> [(JsString, JsFunction); 2] {
    let worklet = FunctionObjectBuilder::new(
        ctx.realm(),
        NativeFunction::from_fn_ptr(|_, _, ctx| shim(ctx)?.get(js_string!("worklet"), ctx)),
    )
    .name(js_string!("get worklet"))
    .build();
    let router = FunctionObjectBuilder::new(
        ctx.realm(),
        NativeFunction::from_fn_ptr(|_, _, ctx| shim(ctx)?.get(js_string!("router"), ctx)),
    )
    .name(js_string!("get router"))
    .build();
    [
        (js_string!("worklet"), worklet),
        (js_string!("router"), router),
    ]
}
