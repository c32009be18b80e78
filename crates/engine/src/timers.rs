//! `setTimeout`, `setInterval`, `clearTimeout`, `clearInterval` on the sandbox loop.

use std::rc::Rc;

use boa_engine::{js_string, Context, JsNativeError, JsResult, JsValue, NativeFunction};

use crate::event_loop::EventLoop;

/// The sandbox's loop, reachable from natives through context data.
#[derive(Clone)]
pub struct LoopRef(pub Rc<EventLoop>);

/// The loop of the sandbox that owns `ctx`.
///
/// # Errors
/// When `ctx` was not built by [`crate::Runtime`].
pub fn event_loop(ctx: &Context) -> JsResult<Rc<EventLoop>> {
    ctx.get_data::<LoopRef>()
        .map(|l| l.0.clone())
        .ok_or_else(|| JsNativeError::typ().with_message("no event loop").into())
}

fn delay_ms(v: Option<&JsValue>, ctx: &mut Context) -> JsResult<u64> {
    let n = match v {
        Some(v) => v.to_number(ctx)?,
        None => 0.0,
    };
    // As in browsers: NaN and negatives mean 0; more than 2^31-1 ms overflows to 0 there, we clamp.
    if n.is_nan() || n <= 0.0 {
        Ok(0)
    } else {
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        Ok(n.min(f64::from(i32::MAX)) as u64)
    }
}

fn set_timer(args: &[JsValue], ctx: &mut Context, repeat: bool) -> JsResult<JsValue> {
    let name = if repeat { "setInterval" } else { "setTimeout" };
    let callback = match args.first() {
        Some(v) if v.is_callable() => v.as_callable(),
        Some(v) if v.is_string() => {
            return Err(JsNativeError::eval()
                .with_message(format!(
                    "{name}: a code string is compiled like eval, which mini-programs do not allow; pass a function"
                ))
                .into())
        }
        _ => None,
    };
    let Some(callback) = callback else {
        return Err(JsNativeError::typ()
            .with_message(format!("{name}: the callback must be a function"))
            .into());
    };
    let delay = delay_ms(args.get(1), ctx)?;
    let extra = args.get(2..).map(<[JsValue]>::to_vec).unwrap_or_default();
    let id = event_loop(ctx)?.set_timer(callback, extra, delay, repeat);
    Ok(JsValue::new(id))
}

fn clear_timer(args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    if let Some(id) = args.first().and_then(JsValue::as_number) {
        if id.is_finite() && id >= 1.0 && id <= f64::from(u32::MAX) {
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            event_loop(ctx)?.clear_timer(id as u32);
        }
    }
    Ok(JsValue::undefined())
}

/// Registers the four timer functions on the global object.
///
/// # Errors
/// When a global cannot be defined (never in a fresh context).
pub fn install(ctx: &mut Context) -> JsResult<()> {
    ctx.register_global_callable(
        js_string!("setTimeout"),
        2,
        NativeFunction::from_fn_ptr(|_, args, ctx| set_timer(args, ctx, false)),
    )?;
    ctx.register_global_callable(
        js_string!("setInterval"),
        2,
        NativeFunction::from_fn_ptr(|_, args, ctx| set_timer(args, ctx, true)),
    )?;
    ctx.register_global_callable(
        js_string!("clearTimeout"),
        1,
        NativeFunction::from_fn_ptr(|_, args, ctx| clear_timer(args, ctx)),
    )?;
    ctx.register_global_callable(
        js_string!("clearInterval"),
        1,
        NativeFunction::from_fn_ptr(|_, args, ctx| clear_timer(args, ctx)),
    )?;
    Ok(())
}
