//! `wx.cloud`: the CloudBase client SDK as an object namespace on `wx` (made on first read,
//! like `wx.worklet`). Its builders are JavaScript (`js-shims/cloud-sdk.js`, shared with the cloud
//! functions' `wx-server-sdk`); every terminal call (`callFunction`, `collection.add`,
//! `document.get`, ...) comes back here as one entry of the namespace's own declarative table
//! (`api/cloud.json`), runs through WeChat's call semantics ([`crate::call`]: validation,
//! callbacks or a Promise, `errMsg` named after the entry, `cloud.callFunction:ok`), and asks the
//! [`wxbox_host::CloudHost`] with a `Reply`. Each call is also a `request` / `response` pair in
//! the trace (`to: "cloud:<env>"`), with what the cloud function printed in between, as
//! `wx.request` shows its backend's.
//!
//! Failures are Error objects carrying `errCode` and `errMsg` (errcode.html: "在使用云能力时抛出
//! 的异常(fail 回调 / Promise reject)Error 对象中会带有 errCode 和 errMsg"), see
//! [`crate::call`].

use std::cell::Cell;
use std::sync::LazyLock;

use boa_engine::object::builtins::JsFunction;
use boa_engine::object::FunctionObjectBuilder;
use boa_engine::{
    js_string, Context, JsNativeError, JsObject, JsResult, JsString, JsValue, NativeFunction,
};
use serde::Deserialize;
use serde_json::{Map, Value};
use wxbox_engine::convert::{string_arg, to_json};
use wxbox_engine::timers::event_loop;
use wxbox_engine::Event;
use wxbox_host::cloud::{CloudCall, CloudError, CloudOp};

use crate::call::{call_async_as, Payload, Request};
use crate::error::WxError;
use crate::hosts;
use crate::spec::ApiSpec;

const SHIM: &str = include_str!("../../../../js-shims/cloud-sdk.js");
const TABLE_JSON: &str = include_str!("../../api/cloud.json");

/// The environment `wx.cloud.init()` without an `env` selects: WeChat picks the first
/// environment created (init docs); wxbox's one simulated environment is called this.
pub const DEFAULT_ENV: &str = "wxbox-cloud";

#[derive(Deserialize)]
struct Table {
    methods: Vec<ApiSpec>,
}

/// The namespace's entries; a malformed table (caught by the tests) reads as empty.
fn table() -> &'static [ApiSpec] {
    static TABLE: LazyLock<Vec<ApiSpec>> = LazyLock::new(|| {
        serde_json::from_str::<Table>(TABLE_JSON)
            .map(|t| t.methods)
            .unwrap_or_default()
    });
    &TABLE
}

/// The sandbox's `wx.cloud` and the shim's decoder.
struct Shim {
    cloud: JsObject,
    decode: JsObject,
    next: Cell<u64>,
}

fn shim(ctx: &mut Context) -> JsResult<&Shim> {
    if ctx.get_data::<Shim>().is_none() {
        let factory = wxbox_engine::code_cache::eval(ctx, SHIM)?;
        let send = FunctionObjectBuilder::new(ctx.realm(), NativeFunction::from_fn_ptr(send))
            .name(js_string!("send"))
            .length(2)
            .build();
        let sdk = factory
            .as_callable()
            .map(|f| {
                f.call(
                    &JsValue::undefined(),
                    &[send.into(), js_string!("client").into()],
                    ctx,
                )
            })
            .transpose()?
            .and_then(|v| v.as_object())
            .ok_or_else(|| JsNativeError::typ().with_message("cloud shim is broken"))?;
        let state = JsValue::from_json(
            &serde_json::json!({"inited": false, "defaultEnv": DEFAULT_ENV}),
            ctx,
        )?;
        let make = sdk.get(js_string!("makeCloud"), ctx)?;
        let cloud = make
            .as_callable()
            .map(|f| f.call(&JsValue::undefined(), &[state], ctx))
            .transpose()?
            .and_then(|v| v.as_object())
            .ok_or_else(|| JsNativeError::typ().with_message("cloud shim is broken"))?;
        let class = sdk.get(js_string!("cloudClass"), ctx)?;
        let class = class
            .as_callable()
            .map(|f| {
                f.call(
                    &JsValue::undefined(),
                    &[js_string!(DEFAULT_ENV).into()],
                    ctx,
                )
            })
            .transpose()?
            .unwrap_or_default();
        cloud.set(js_string!("Cloud"), class, true, ctx)?;
        let decode = sdk
            .get(js_string!("decode"), ctx)?
            .as_object()
            .ok_or_else(|| JsNativeError::typ().with_message("cloud shim is broken"))?;
        ctx.insert_data(Shim {
            cloud,
            decode,
            next: Cell::new(0),
        });
    }
    ctx.get_data::<Shim>().ok_or_else(|| {
        JsNativeError::typ()
            .with_message("cloud shim is missing")
            .into()
    })
}

/// The getter behind `wx.cloud`.
pub(crate) fn getter(ctx: &mut Context) -> (JsString, JsFunction) {
    let f = FunctionObjectBuilder::new(
        ctx.realm(),
        NativeFunction::from_fn_ptr(|_, _, ctx| Ok(shim(ctx)?.cloud.clone().into())),
    )
    .name(js_string!("get cloud"))
    .build();
    (js_string!("cloud"), f)
}

/// The shim's `send(api, options)`: the entry's call semantics around [`run`].
fn send(_: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    let api = string_arg(args, 0, ctx)?;
    let spec = table()
        .iter()
        .find(|s| s.name == api)
        .ok_or_else(|| JsNativeError::typ().with_message(format!("{api} is not a cloud API")))?;
    // `wx.cloud.callFunction` traces as `cloud.callFunction`; a database call as
    // `cloud.db.collection.add`.
    let label = if api.starts_with("cloud.") {
        api.clone()
    } else {
        format!("cloud.db.{api}")
    };
    call_async_as(spec, &label, run, &args[1..], ctx)
}

fn complete_err(req: Request, e: CloudError) {
    req.completion.complete(Err(WxError::host(e)));
}

fn run(req: Request, ctx: &mut Context) -> JsResult<()> {
    let api = req.spec.name.as_str();
    let options = to_json(&req.options.clone().into(), ctx).unwrap_or(Value::Null);
    let Some(env) = options
        .get("env")
        .and_then(Value::as_str)
        .map(str::to_string)
    else {
        complete_err(req, CloudError::NotInitialised);
        return Ok(());
    };
    if api == "cloud.callContainer" {
        // CloudBase Run (containers) is not simulated: the device tier's answer.
        req.completion.complete(Err(WxError::NotSupported));
        return Ok(());
    }
    let bytes = if api == "cloud.uploadFile" {
        let path = options
            .get("filePath")
            .and_then(Value::as_str)
            .unwrap_or_default();
        // A file under wx.env.USER_DATA_PATH has real bytes; a temp file (chooseImage,
        // canvasToTempFilePath) has none in a headless sandbox and uploads empty.
        match super::fs::read_user_file(path, ctx) {
            Ok(b) => Some(b),
            Err(_) if !path.starts_with(crate::install::USER_DATA_PATH) => Some(Vec::new()),
            Err(e) => {
                req.completion.complete(Err(e));
                return Ok(());
            }
        }
    } else {
        None
    };
    let op = match CloudOp::from_options(api, &options, bytes) {
        Ok(op) => op,
        Err(e) => {
            complete_err(req, e);
            return Ok(());
        }
    };
    let n = {
        let s = shim(ctx)?;
        s.next.set(s.next.get() + 1);
        s.next.get()
    };
    let id = format!("c{n}");
    let to = format!("cloud:{env}");
    let (method, url, data) = describe(&op);
    trace(
        ctx,
        Event::Request {
            id: id.clone(),
            from: "miniprogram".into(),
            to: to.clone(),
            method,
            url,
            data,
            header: std::collections::BTreeMap::new(),
        },
    );
    let host = hosts(ctx)?.cloud;
    let completion = req.completion;
    crate::bridge::ask(
        ctx,
        "wx.cloud",
        |reply| host.borrow_mut().call(CloudCall { env, op }, reply),
        move |ctx, answer| {
            let answer = match answer.result {
                Ok(a) => a,
                Err(f) => {
                    // A host bug (it dropped the call): the failure as it is.
                    completion.complete(Err(WxError::Host(f)));
                    return Ok(());
                }
            };
            if let Ok(l) = event_loop(ctx) {
                for v in answer.far {
                    if let Ok(e) = serde_json::from_value(v) {
                        l.trace().push(e);
                    }
                }
            }
            let (data, error) = match &answer.outcome {
                Ok(m) => (Value::Object(m.clone()), None),
                Err(e) => (Value::Null, Some(e.to_string())),
            };
            trace(
                ctx,
                Event::Response {
                    id,
                    from: to,
                    to: "miniprogram".into(),
                    status: None,
                    data,
                    error,
                },
            );
            let result = match answer.outcome {
                Ok(m) => decode(m, ctx)
                    .map(Payload::Js)
                    .map_err(|e| WxError::Internal(e.to_string())),
                Err(e) => Err(WxError::host(e)),
            };
            completion.complete(result);
            Ok(())
        },
    )
}

/// The success fields as the app gets them: `{$date}` back to `Date`.
fn decode(m: Map<String, Value>, ctx: &mut Context) -> JsResult<JsObject> {
    let decode = shim(ctx)?.decode.clone();
    let v = JsValue::from_json(&Value::Object(m), ctx)?;
    decode
        .call(&JsValue::undefined(), &[v], ctx)?
        .as_object()
        .ok_or_else(|| {
            JsNativeError::typ()
                .with_message("cloud decode returned nothing")
                .into()
        })
}

/// `(method, url, data)` of the trace's request event.
fn describe(op: &CloudOp) -> (String, String, Value) {
    match op {
        CloudOp::CallFunction { name, data } => ("callFunction".into(), name.clone(), data.clone()),
        CloudOp::Database(d) => {
            let mut data = Map::new();
            if !d.query.is_empty() {
                data.insert("where".into(), Value::Array(d.query.clone()));
            }
            if !d.data.is_null() {
                data.insert("data".into(), d.data.clone());
            }
            let action = serde_json::to_value(d.action)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default();
            let url = match &d.doc {
                Some(id) => format!("{}/{id}", d.collection),
                None => d.collection.clone(),
            };
            (format!("database.{action}"), url, Value::Object(data))
        }
        CloudOp::Upload { cloud_path, bytes } => (
            "uploadFile".into(),
            cloud_path.clone(),
            serde_json::json!({ "bytes": bytes.len() }),
        ),
        CloudOp::Download { file_id } => ("downloadFile".into(), file_id.clone(), Value::Null),
        CloudOp::TempUrls(files) => (
            "getTempFileURL".into(),
            String::new(),
            Value::Array(
                files
                    .iter()
                    .map(|(f, _)| Value::String(f.clone()))
                    .collect(),
            ),
        ),
        CloudOp::Delete(files) => (
            "deleteFile".into(),
            String::new(),
            Value::Array(files.iter().cloned().map(Value::String).collect()),
        ),
    }
}

fn trace(ctx: &Context, event: Event) {
    if let Ok(l) = event_loop(ctx) {
        l.trace().push(event);
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_table_parses_and_names_every_api_the_shim_sends() {
        let names: Vec<&str> = super::table().iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names.len(), 15);
        for n in names {
            assert!(super::SHIM.contains(&format!("'{n}'")), "{n} is never sent");
            let spec = super::table().iter().find(|s| s.name == n).expect("entry");
            assert!(spec.params.check().is_ok());
        }
    }
}
