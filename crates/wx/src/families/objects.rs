//! The objects tier: what `create*` / `get*Manager` return. Every such object has every method of
//! its typings interface (`interfaces` in wx-api.json), each call traced as a `call` event named
//! `Interface.method` (`InnerAudioContext.play`). Listener methods (`onCanplay` / `offCanplay`)
//! really register; methods returning an interface return an object of it (`this` when it is
//! the same one, so chains such as `animation.opacity(0).step()` work); async methods validate
//! and fail `not supported` like a device method. A few interfaces behave for real:
//! SelectorQuery / NodesRef / IntersectionObserver ([`super::query`]), FileSystemManager
//! ([`super::fs`]), UpdateManager (`onCheckForUpdate` hears `{hasUpdate: false}`).
//!
//! This module knows the interfaces only through the table; it does not know what any of them
//! does beyond those hooks.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;

use boa_engine::object::builtins::JsPromise;
use boa_engine::{Context, JsNativeError, JsObject, JsResult, JsString, JsValue, NativeFunction};
use serde_json::{json, Value};
use wxbox_engine::convert::to_json;
use wxbox_engine::timers::event_loop;
use wxbox_engine::Event;

use crate::call::{call_async_as, trace, AsyncHandler, Request};
use crate::error::WxError;
use crate::spec::{ApiSpec, Interface};
use crate::surface::surface;

/// Listeners registered on returned objects, by object and event.
#[derive(Default)]
pub struct Objects {
    next: Cell<u32>,
    listeners: RefCell<HashMap<(u32, String), Vec<JsObject>>>,
}

fn objects(ctx: &Context) -> JsResult<&Objects> {
    ctx.get_data::<Objects>().ok_or_else(|| {
        JsNativeError::typ()
            .with_message("wx is not initialised")
            .into()
    })
}

/// Events an object hears as soon as a listener is added, because the answer is known:
/// the sandbox runs the newest version of the app, so the update check finds nothing (docs:
/// developers.weixin.qq.com/miniprogram/dev/api/base/update/UpdateManager.onCheckForUpdate.html).
const ON_REGISTER: &[(&str, &str, &str)] =
    &[("UpdateManager", "CheckForUpdate", r#"{"hasUpdate":false}"#)];

/// Sync methods that take a completion callback at an argument position, called (with no
/// argument) on the loop once the headless work is done: `CanvasContext.draw(reserve, callback)`
/// draws nothing visible, so it is done at once (docs:
/// developers.weixin.qq.com/miniprogram/dev/api/canvas/CanvasContext.draw.html, "callback:
/// 绘制完成后执行的回调函数").
const CALLS_BACK: &[(&str, &str, usize)] = &[("CanvasContext", "draw", 1)];

/// The `wx.createX()` / `wx.getXManager()` binding for every method whose table entry returns
/// an interface.
///
/// # Errors
/// Only when `wx` is not initialised or a hostile argument throws.
pub fn create(
    spec: &'static ApiSpec,
    args: &[JsValue],
    ctx: &mut Context,
) -> JsResult<Result<JsValue, WxError>> {
    let Some(name) = spec.object.as_deref() else {
        return Ok(Ok(JsValue::undefined()));
    };
    let obj = match name {
        "SelectorQuery" => super::query::selector_query(None, ctx)?,
        "IntersectionObserver" => super::query::intersection_observer(args, ctx)?,
        "FileSystemManager" => super::fs::manager(ctx)?,
        _ => make(name, ctx)?.0,
    };
    Ok(Ok(obj.into()))
}

fn interface_index(name: &str) -> Option<(usize, &'static Interface)> {
    surface()
        .interfaces
        .iter()
        .enumerate()
        .find(|(_, i)| i.name == name)
}

/// A new object of interface `name`, and its id.
///
/// # Errors
/// Only when `wx` is not initialised.
pub fn make(name: &str, ctx: &mut Context) -> JsResult<(JsObject, u32)> {
    let obj = JsObject::with_object_proto(ctx.intrinsics());
    let id = populate(&obj, name, ctx)?;
    Ok((obj, id))
}

fn pack(iface: usize, method: usize, id: u32) -> u64 {
    let iface = u64::try_from(iface).unwrap_or(0) & 0xffff;
    let method = u64::try_from(method).unwrap_or(0) & 0xffff;
    (iface << 48) | (method << 32) | u64::from(id)
}

fn unpack(key: u64) -> (usize, usize, u32) {
    let iface = usize::try_from(key >> 48).unwrap_or(0);
    let method = usize::try_from((key >> 32) & 0xffff).unwrap_or(0);
    let id = u32::try_from(key & 0xffff_ffff).unwrap_or(0);
    (iface, method, id)
}

/// Gives `obj` every method of interface `name` it does not have yet (a binding's task keeps
/// its own `abort`), and returns the id its listeners are kept under.
///
/// # Errors
/// Only when `wx` is not initialised or `obj` refuses a property.
pub fn populate(obj: &JsObject, name: &str, ctx: &mut Context) -> JsResult<u32> {
    let o = objects(ctx)?;
    let id = o.next.get().wrapping_add(1);
    o.next.set(id);
    let Some((ii, iface)) = interface_index(name) else {
        return Ok(id);
    };
    let realm = ctx.realm().clone();
    for (mi, m) in iface.methods.iter().enumerate() {
        let key = JsString::from(m.name.as_str());
        if obj.has_own_property(key.clone(), ctx)? {
            continue;
        }
        let packed = pack(ii, mi, id);
        let f = NativeFunction::from_copy_closure(move |this, args, ctx| {
            method(packed, this, args, ctx)
        });
        obj.set(key, f.to_js_function(&realm), false, ctx)?;
    }
    if name == "CanvasContext" {
        super::canvas::install(obj, id, ctx)?;
    }
    Ok(id)
}

fn not_supported(req: Request, _: &mut Context) -> JsResult<()> {
    req.completion.complete(Err(WxError::NotSupported));
    Ok(())
}

/// Traces a sync method call of a returned object.
pub(crate) fn trace_call(label: &str, args: &[JsValue], ctx: &mut Context) {
    let args: Vec<Value> = args
        .iter()
        .map(|a| to_json(a, ctx).unwrap_or(Value::Null))
        .collect();
    trace(
        ctx,
        Event::Call {
            api: label.to_string(),
            args: Value::Array(args),
        },
    );
}

fn method(packed: u64, this: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    let (ii, mi, id) = unpack(packed);
    let Some(iface) = surface().interfaces.get(ii) else {
        return Ok(JsValue::undefined());
    };
    let Some(m) = iface.methods.get(mi) else {
        return Ok(JsValue::undefined());
    };
    let label = format!("{}.{}", iface.name, m.name);
    if m.is_async() {
        let handler: AsyncHandler = match iface.name.as_str() {
            "FileSystemManager" => super::fs::run,
            _ => not_supported,
        };
        return call_async_as(m, &label, handler, args, ctx);
    }
    trace_call(&label, args, ctx);
    let this_obj = this.as_object();
    match iface.name.as_str() {
        "SelectorQuery" | "NodesRef" | "IntersectionObserver" => {
            if let Some(v) = super::query::method(&iface.name, m, id, this_obj.as_ref(), args, ctx)?
            {
                return Ok(v);
            }
        }
        "FileSystemManager" => {
            if let Some(v) = super::fs::sync(m, args, ctx)? {
                return Ok(v);
            }
        }
        "CanvasContext" => {
            let data: Vec<Value> = args
                .iter()
                .map(|a| to_json(a, ctx).unwrap_or(Value::Null))
                .collect();
            super::canvas::record(id, &m.name, &data, ctx);
        }
        _ => {}
    }
    if let Some((event, on)) = m.listener() {
        listen(iface, id, event, on, args, ctx)?;
        // A listener method that returns an interface hands back its controller:
        // `CameraContext.onCameraFrame(cb)` returns the CameraFrameListener to `start()`.
        if m.object.is_none() {
            return Ok(JsValue::undefined());
        }
    }
    let done = CALLS_BACK
        .iter()
        .find(|(i, n, _)| *i == iface.name && *n == m.name)
        .and_then(|(_, _, at)| args.get(*at))
        .and_then(JsValue::as_callable);
    if let Some(f) = done {
        let origin = format!("{label} callback");
        event_loop(ctx)?.post(
            &label,
            Box::new(move |ctx| {
                if let Err(e) = f.call(&JsValue::undefined(), &[], ctx) {
                    event_loop(ctx)?.report_error(ctx, &e, &origin);
                }
                Ok(())
            }),
        );
    }
    returned(m, iface, this_obj, ctx)
}

fn listen(
    iface: &Interface,
    id: u32,
    event: &str,
    on: bool,
    args: &[JsValue],
    ctx: &mut Context,
) -> JsResult<()> {
    let f = args.first().and_then(JsValue::as_callable);
    {
        let mut map = objects(ctx)?.listeners.borrow_mut();
        let key = (id, event.to_string());
        match (&f, on) {
            (Some(f), true) => {
                let list = map.entry(key).or_default();
                if !list.iter().any(|g| g == f) {
                    list.push(f.clone());
                }
            }
            (Some(f), false) => {
                if let Some(list) = map.get_mut(&key) {
                    list.retain(|g| g != f);
                }
            }
            (None, false) => {
                map.remove(&key);
            }
            (None, true) => {}
        }
    }
    let known = ON_REGISTER
        .iter()
        .find(|(i, e, _)| *i == iface.name && *e == event);
    if let (Some(f), true, Some((_, _, arg))) = (f, on, known) {
        let arg: Value = serde_json::from_str(arg).unwrap_or(Value::Null);
        let origin = format!("{}.on{event}", iface.name);
        let label = origin.clone();
        event_loop(ctx)?.post(
            &origin,
            Box::new(move |ctx| {
                let v = JsValue::from_json(&arg, ctx)?;
                if let Err(e) = f.call(&JsValue::undefined(), &[v], ctx) {
                    event_loop(ctx)?.report_error(ctx, &e, &label);
                }
                Ok(())
            }),
        );
    }
    Ok(())
}

/// Calls the listeners of `event` on the object with `id` (for the layers that produce events
/// on returned objects: a video element, an ad). A throw is reported and the rest still run.
///
/// # Errors
/// Only when `wx` or the loop is missing.
pub fn emit(ctx: &mut Context, id: u32, event: &str, arg: &JsValue) -> JsResult<()> {
    let list = objects(ctx)?
        .listeners
        .borrow()
        .get(&(id, event.to_string()))
        .cloned()
        .unwrap_or_default();
    for f in list {
        if let Err(e) = f.call(&JsValue::undefined(), std::slice::from_ref(arg), ctx) {
            event_loop(ctx)?.report_error(ctx, &e, &format!("on{event}"));
        }
    }
    Ok(())
}

/// What a plain method returns: an object of the interface it names, else a neutral value of
/// its declared type.
fn returned(
    m: &ApiSpec,
    iface: &Interface,
    this: Option<JsObject>,
    ctx: &mut Context,
) -> JsResult<JsValue> {
    if let Some(next) = m.object.as_deref() {
        if next == iface.name {
            if let Some(t) = this {
                return Ok(t.into());
            }
        }
        return Ok(make(next, ctx)?.0.into());
    }
    let ret = m.returns.as_deref().unwrap_or("void");
    Ok(match ret {
        "boolean" => false.into(),
        "number" => 0.into(),
        "string" => JsValue::from(JsString::from("")),
        r if r.starts_with("Promise") => {
            let err: boa_engine::JsError = JsNativeError::error()
                .with_message(format!("{}.{}:fail not supported", iface.name, m.name))
                .into();
            JsPromise::reject(err, ctx)?.into()
        }
        "any[]" => JsValue::from_json(&json!([]), ctx)?,
        _ => JsValue::undefined(),
    })
}
