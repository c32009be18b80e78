//! WeChat call semantics, in one place, for every async and sync API.
//!
//! Async (`wx.x(options)`): validate; hand the call to its binding with a [`Completion`]; return a
//! Promise when the options carry none of `success` / `fail` / `complete` (and the API follows the
//! Promise rule), else `undefined`. The binding completes the call now or later; delivery is always
//! a task on the loop, never inside the `wx.x` call: exactly one of `success` / `fail`, then
//! `complete`, or the Promise settles. A throw inside one user callback is reported (App.onError,
//! trace) and the next callback still runs.
//!
//! Sync (`wx.xSync(args)`): validate; return the binding's value, or throw an `Error` whose
//! message is the `errMsg`.

use std::rc::Rc;

use boa_engine::object::builtins::JsPromise;
use boa_engine::{
    js_string, Context, JsError, JsNativeError, JsObject, JsResult, JsString, JsValue,
};
use serde_json::{Map, Value};
use wxbox_engine::convert::to_json;
use wxbox_engine::event_loop::EventLoop;
use wxbox_engine::timers::event_loop;
use wxbox_engine::Event;

use crate::error::WxError;
use crate::spec::{ApiSpec, Call};

/// A successful result: fields to put beside `errMsg`.
#[derive(Debug, Clone)]
pub enum Payload {
    /// Plain JSON fields (what host handlers produce).
    Json(Map<String, Value>),
    /// Fields as a JS object built on the JS thread (values JSON cannot carry, such as Dates).
    Js(JsObject),
}

impl Payload {
    /// No fields.
    #[must_use]
    pub fn empty() -> Self {
        Payload::Json(Map::new())
    }
}

/// The outcome a binding reports.
pub type CallResult = Result<Payload, WxError>;

struct Callbacks {
    success: Option<JsObject>,
    fail: Option<JsObject>,
    complete: Option<JsObject>,
    promise: Option<boa_engine::builtins::promise::ResolvingFunctions>,
}

/// The right to finish one async call. Completing posts the delivery to the loop; dropping it
/// unfinished delivers `fail internal error`, so no call is ever left hanging.
#[must_use = "a call must be completed"]
pub struct Completion {
    api: &'static str,
    callbacks: Option<Callbacks>,
    event_loop: Rc<EventLoop>,
    /// The name in the trace: the API, or `Interface.method` for a returned object's method.
    label: Rc<str>,
}

impl Completion {
    /// The API being completed.
    #[must_use]
    pub fn api(&self) -> &'static str {
        self.api
    }

    /// Delivers `result` on the loop.
    pub fn complete(mut self, result: CallResult) {
        self.post(result);
    }

    /// Posts the delivery, once: later calls (the drop after `complete`) find nothing to do.
    fn post(&mut self, result: CallResult) {
        if let Some(cbs) = self.callbacks.take() {
            let api = self.api;
            let label = self.label.clone();
            self.event_loop.post(
                &format!("wx.{api}"),
                Box::new(move |ctx| deliver(ctx, api, &label, cbs, result)),
            );
        }
    }
}

impl Drop for Completion {
    fn drop(&mut self) {
        self.post(Err(WxError::Internal(
            "the handler dropped the call".into(),
        )));
    }
}

/// An async call as a binding sees it.
pub struct Request {
    /// The API's table entry.
    pub spec: &'static ApiSpec,
    /// The options object (an empty one when the caller passed none).
    pub options: JsObject,
    /// Finishes the call.
    pub completion: Completion,
    /// The task object the call returns (`RequestTask`, `DownloadTask`, ...) for callback-style
    /// APIs whose table entry returns a `...Task`; the binding gives it its methods. Made before any rule can hold the
    /// call, so the caller always gets it back at once.
    pub task: Option<JsObject>,
}

/// A binding for an async API. It may complete at once or keep the completion for later.
pub type AsyncHandler = fn(Request, &mut Context) -> JsResult<()>;

/// A binding for a sync API: the return value, or the failure to throw. It gets its table entry
/// so one function can serve a family of similar methods (listeners, device facts).
pub type SyncHandler =
    fn(&'static ApiSpec, &[JsValue], &mut Context) -> JsResult<Result<JsValue, WxError>>;

/// An implementation attached to a table entry by name.
#[derive(Clone, Copy)]
pub enum Handler {
    /// For [`crate::spec::Kind::Async`] entries.
    Async(AsyncHandler),
    /// For [`crate::spec::Kind::Sync`] entries.
    Sync(SyncHandler),
}

pub(crate) fn trace(ctx: &Context, event: Event) {
    if let Ok(l) = event_loop(ctx) {
        l.trace().push(event);
    }
}

fn callable(opts: &JsObject, name: JsString, ctx: &mut Context) -> JsResult<Option<JsObject>> {
    Ok(opts.get(name, ctx)?.as_callable())
}

/// Runs an async API call.
///
/// # Errors
/// Only when reading the options throws (a hostile getter); WeChat failures go to callbacks.
pub fn call_async(
    spec: &'static ApiSpec,
    handler: AsyncHandler,
    args: &[JsValue],
    ctx: &mut Context,
) -> JsResult<JsValue> {
    call_async_as(spec, &spec.name, handler, args, ctx)
}

/// [`call_async`] for a method of a returned object: traced as `label`
/// (`FileSystemManager.readFile`), with the errMsg WeChat gives it (`readFile:ok`).
///
/// # Errors
/// As [`call_async`].
pub fn call_async_as(
    spec: &'static ApiSpec,
    label: &str,
    handler: AsyncHandler,
    args: &[JsValue],
    ctx: &mut Context,
) -> JsResult<JsValue> {
    let options = match args.first().and_then(JsValue::as_object) {
        Some(o) if !o.is_callable() => o,
        _ => JsObject::with_object_proto(ctx.intrinsics()),
    };
    let success = callable(&options, js_string!("success"), ctx)?;
    let fail = callable(&options, js_string!("fail"), ctx)?;
    let complete = callable(&options, js_string!("complete"), ctx)?;
    let (promise, resolvers) = if spec.call == Call::Promise
        && success.is_none()
        && fail.is_none()
        && complete.is_none()
    {
        let (p, r) = JsPromise::new_pending(ctx);
        (Some(p), Some(r))
    } else {
        (None, None)
    };
    let args_json =
        to_json(&options.clone().into(), ctx).unwrap_or_else(|e| Value::String(format!("<{e}>")));
    trace(
        ctx,
        Event::Call {
            api: label.to_string(),
            args: args_json,
        },
    );
    let completion = Completion {
        api: spec.name.as_str(),
        label: Rc::from(label),
        callbacks: Some(Callbacks {
            success,
            fail,
            complete,
            promise: resolvers,
        }),
        event_loop: event_loop(ctx)?,
    };
    let task = (spec.call == Call::Callback
        && spec.returns.as_deref().is_some_and(|r| r.ends_with("Task")))
    .then(|| JsObject::with_object_proto(ctx.intrinsics()));
    match crate::validate::options(&spec.params, &options, ctx)? {
        Some(msg) => completion.complete(Err(WxError::Params(msg))),
        None => crate::rules::enter(
            Request {
                spec,
                options,
                completion,
                task: task.clone(),
            },
            handler,
            ctx,
        )?,
    }
    Ok(match (promise, task) {
        (Some(p), _) => p.into(),
        (None, Some(t)) => t.into(),
        (None, None) => JsValue::undefined(),
    })
}

/// Runs a sync API call.
///
/// # Errors
/// An `Error` whose message is the call's `errMsg`, as WeChat's sync APIs throw.
pub fn call_sync(
    spec: &'static ApiSpec,
    handler: SyncHandler,
    args: &[JsValue],
    ctx: &mut Context,
) -> JsResult<JsValue> {
    let mut arr = Vec::with_capacity(args.len());
    for a in args {
        arr.push(to_json(a, ctx).unwrap_or(Value::Null));
    }
    trace(
        ctx,
        Event::Call {
            api: spec.name.to_string(),
            args: Value::Array(arr),
        },
    );
    // Overloaded methods (createOffscreenCanvas) take different argument lists; the table keeps
    // the first signature only, so their arguments are not checked against it.
    let checked = if spec.overloads.is_some() {
        None
    } else {
        crate::validate::positional(&spec.params, args)
    };
    let outcome = match checked {
        Some(msg) => Err(WxError::Params(msg)),
        None => handler(spec, args, ctx)?,
    };
    match outcome {
        Ok(v) => {
            let result = to_json(&v, ctx).unwrap_or(Value::Null);
            trace(
                ctx,
                Event::Result {
                    api: spec.name.to_string(),
                    err_msg: format!("{}:ok", spec.name),
                    result,
                },
            );
            Ok(v)
        }
        Err(e) => {
            let err_msg = e.err_msg(&spec.name);
            trace(
                ctx,
                Event::Result {
                    api: spec.name.to_string(),
                    err_msg: err_msg.clone(),
                    result: Value::Object(Map::new()),
                },
            );
            Err(JsNativeError::error().with_message(err_msg).into())
        }
    }
}

fn result_object(ctx: &mut Context, api: &str, result: &CallResult) -> JsResult<(JsObject, Value)> {
    match result {
        Ok(payload) => {
            let (obj, json) = match payload {
                Payload::Json(fields) => {
                    let fields = Value::Object(fields.clone());
                    let obj = JsValue::from_json(&fields, ctx)?
                        .as_object()
                        .unwrap_or_else(|| JsObject::with_object_proto(ctx.intrinsics()));
                    (obj, fields)
                }
                Payload::Js(obj) => {
                    let json = to_json(&obj.clone().into(), ctx).unwrap_or(Value::Null);
                    (obj.clone(), json)
                }
            };
            let ok = JsString::from(format!("{api}:ok"));
            obj.set(js_string!("errMsg"), ok, true, ctx)?;
            Ok((obj, json))
        }
        Err(e) => {
            let json = e.codes();
            // wx.cloud's calls (the only entries with a dotted name: `cloud.callFunction`,
            // `collection.add`) fail with an Error carrying errCode and errMsg (wxcloud
            // errcode.html: "fail 回调 / Promise reject)Error 对象中会带有 errCode 和 errMsg").
            if api.contains('.') {
                let err = JsNativeError::error()
                    .with_message(e.err_msg(api))
                    .into_opaque(ctx);
                for (k, v) in e.fail_object(api) {
                    let v = JsValue::from_json(&v, ctx)?;
                    err.set(JsString::from(k.as_str()), v, true, ctx)?;
                }
                return Ok((err, Value::Object(json)));
            }
            let obj = JsValue::from_json(&Value::Object(e.fail_object(api)), ctx)?
                .as_object()
                .unwrap_or_else(|| JsObject::with_object_proto(ctx.intrinsics()));
            Ok((obj, Value::Object(json)))
        }
    }
}

fn call_user(ctx: &mut Context, f: &JsObject, arg: &JsObject, origin: &str) {
    if let Err(e) = f.call(&JsValue::undefined(), &[arg.clone().into()], ctx) {
        report(ctx, &e, origin);
    }
}

fn report(ctx: &mut Context, e: &JsError, origin: &str) {
    if let Ok(l) = event_loop(ctx) {
        l.report_error(ctx, e, origin);
    }
}

fn deliver(
    ctx: &mut Context,
    api: &'static str,
    label: &str,
    cbs: Callbacks,
    result: CallResult,
) -> JsResult<()> {
    let (obj, json) = result_object(ctx, api, &result)?;
    let err_msg = match &result {
        Ok(_) => format!("{api}:ok"),
        Err(e) => e.err_msg(api),
    };
    trace(
        ctx,
        Event::Result {
            api: label.to_string(),
            err_msg,
            result: json,
        },
    );
    if let Some(r) = cbs.promise {
        let f = if result.is_ok() { r.resolve } else { r.reject };
        f.call(&JsValue::undefined(), &[obj.into()], ctx)?;
        return Ok(());
    }
    let (first, label) = if result.is_ok() {
        (cbs.success, "success")
    } else {
        (cbs.fail, "fail")
    };
    if let Some(f) = first {
        call_user(ctx, &f, &obj, &format!("wx.{api} {label}"));
    }
    if let Some(f) = cbs.complete {
        call_user(ctx, &f, &obj, &format!("wx.{api} complete"));
    }
    Ok(())
}
