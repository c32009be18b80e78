//! Skyline's instance methods `applyAnimatedStyle` / `clearAnimatedStyle`, which bind a worklet
//! style updater to the nodes a selector matches (developers.weixin.qq.com/miniprogram/dev/
//! framework/runtime/skyline/worklet.html). wxbox draws nothing, so the updater runs once when
//! bound (its errors surface as they would on the UI thread) and the binding's callback gets a
//! style id a microtask later. UNVERIFIED: the callback's argument shape (`{ styleId }`) and
//! whether WeChat calls the updater before the first frame.

use boa_engine::object::builtins::JsPromise;
use boa_engine::object::FunctionObjectBuilder;
use boa_engine::property::Attribute;
use boa_engine::{js_string, Context, JsObject, JsResult, JsValue, NativeFunction};

#[derive(Default, Clone, Copy)]
struct StyleIds(u32);

fn apply(args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    if let Some(updater) = args.get(1).and_then(JsValue::as_callable) {
        updater.call(&JsValue::undefined(), &[], ctx)?;
    }
    let id = ctx.get_data::<StyleIds>().map_or(0, |ids| ids.0) + 1;
    ctx.insert_data(StyleIds(id));
    if let Some(callback) = args.get(3).and_then(JsValue::as_callable) {
        let result = boa_engine::object::ObjectInitializer::new(ctx)
            .property(js_string!("styleId"), id, Attribute::all())
            .build();
        let done = FunctionObjectBuilder::new(
            ctx.realm(),
            NativeFunction::from_copy_closure_with_captures(
                |_, _, (f, r): &(JsObject, JsObject), ctx| {
                    f.call(&JsValue::undefined(), &[r.clone().into()], ctx)
                },
                (callback.clone(), result),
            ),
        )
        .build();
        JsPromise::resolve(JsValue::undefined(), ctx)?.then(Some(done), None, ctx)?;
    }
    Ok(JsValue::undefined())
}

/// Adds the two methods to the prototype every page and component object gets.
///
/// # Errors
/// Only engine failures.
pub fn install(proto: &JsObject, ctx: &mut Context) -> JsResult<()> {
    let apply_fn = FunctionObjectBuilder::new(
        ctx.realm(),
        NativeFunction::from_fn_ptr(|_, args, ctx| apply(args, ctx)),
    )
    .name(js_string!("applyAnimatedStyle"))
    .length(4)
    .build();
    let clear_fn = FunctionObjectBuilder::new(
        ctx.realm(),
        NativeFunction::from_fn_ptr(|_, args, ctx| {
            if let Some(callback) = args.get(2).and_then(JsValue::as_callable) {
                callback.call(&JsValue::undefined(), &[], ctx)?;
            }
            Ok(JsValue::undefined())
        }),
    )
    .name(js_string!("clearAnimatedStyle"))
    .length(3)
    .build();
    proto.set(js_string!("applyAnimatedStyle"), apply_fn, false, ctx)?;
    proto.set(js_string!("clearAnimatedStyle"), clear_fn, false, ctx)?;
    Ok(())
}
