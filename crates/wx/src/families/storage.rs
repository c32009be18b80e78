//! Storage: `setStorage`, `getStorage`, `removeStorage`, `clearStorage`, `getStorageInfo` and their
//! `Sync` forms, over the [`wxbox_host::StorageHost`] of the sandbox.
//!
//! Values keep their type, as WeChat keeps them: numbers, booleans, objects, arrays, null,
//! undefined, and Dates (restored as Dates). A missing key is `getStorage:fail data not found`
//! for the async form and `''` for `getStorageSync`.

use boa_engine::builtins::date::Date;
use boa_engine::object::builtins::JsDate;
use boa_engine::object::ObjectInitializer;
use boa_engine::property::Attribute;
use boa_engine::{js_string, Context, JsResult, JsString, JsValue};
use serde_json::{Map, Value};
use wxbox_engine::convert::{string_arg, to_json, type_name};
use wxbox_host::{StoredValue, ValueKind};

use crate::call::{Handler, Payload, Request};
use crate::error::WxError;
use crate::hosts;
use crate::install::Binding;
use crate::install::Tier;
use crate::spec::ApiSpec;

/// The storage bindings.
pub const BINDINGS: &[Binding] = &[
    Binding {
        name: "setStorage",
        tier: Tier::Deep,
        handler: Handler::Async(set),
    },
    Binding {
        name: "getStorage",
        tier: Tier::Deep,
        handler: Handler::Async(get),
    },
    Binding {
        name: "removeStorage",
        tier: Tier::Deep,
        handler: Handler::Async(remove),
    },
    Binding {
        name: "clearStorage",
        tier: Tier::Deep,
        handler: Handler::Async(clear),
    },
    Binding {
        name: "getStorageInfo",
        tier: Tier::Deep,
        handler: Handler::Async(info),
    },
    Binding {
        name: "setStorageSync",
        tier: Tier::Deep,
        handler: Handler::Sync(set_sync),
    },
    Binding {
        name: "getStorageSync",
        tier: Tier::Deep,
        handler: Handler::Sync(get_sync),
    },
    Binding {
        name: "removeStorageSync",
        tier: Tier::Deep,
        handler: Handler::Sync(remove_sync),
    },
    Binding {
        name: "clearStorageSync",
        tier: Tier::Deep,
        handler: Handler::Sync(clear_sync),
    },
    Binding {
        name: "getStorageInfoSync",
        tier: Tier::Deep,
        handler: Handler::Sync(info_sync),
    },
];

fn encode(v: &JsValue, ctx: &mut Context) -> JsResult<Result<StoredValue, WxError>> {
    let kind = match type_name(v) {
        "String" => ValueKind::String,
        "Number" => ValueKind::Number,
        "Boolean" => ValueKind::Boolean,
        "Array" => ValueKind::Array,
        "Null" => ValueKind::Null,
        "Undefined" => ValueKind::Undefined,
        _ if v.as_object().is_some_and(|o| o.is::<Date>()) => ValueKind::Date,
        _ => ValueKind::Object,
    };
    let json = if kind == ValueKind::Date {
        let ms = v.to_number(ctx)?;
        serde_json::Number::from_f64(ms).map_or(Value::Null, Value::Number)
    } else {
        match to_json(v, ctx) {
            Ok(j) => j,
            Err(e) => return Ok(Err(WxError::fail(format!("data cannot be stored: {e}")))),
        }
    };
    Ok(Ok(StoredValue { kind, json }))
}

fn decode(v: &StoredValue, ctx: &mut Context) -> JsResult<JsValue> {
    match v.kind {
        ValueKind::Undefined => Ok(JsValue::undefined()),
        ValueKind::Date => {
            let d = JsDate::new(ctx);
            d.set_time(v.json.as_f64().unwrap_or(f64::NAN), ctx)?;
            Ok(d.into())
        }
        _ => JsValue::from_json(&v.json, ctx),
    }
}

fn key_of(opts: &boa_engine::JsObject, ctx: &mut Context) -> JsResult<String> {
    Ok(opts
        .get(js_string!("key"), ctx)?
        .to_string(ctx)?
        .to_std_string_escaped())
}

fn store(key: &str, value: &JsValue, ctx: &mut Context) -> JsResult<Result<(), WxError>> {
    let encoded = match encode(value, ctx)? {
        Ok(v) => v,
        Err(e) => return Ok(Err(e)),
    };
    let storage = hosts(ctx)?.storage;
    let result = storage.borrow_mut().set(key, encoded);
    Ok(result.map_err(WxError::from))
}

fn set(req: Request, ctx: &mut Context) -> JsResult<()> {
    let key = key_of(&req.options, ctx)?;
    let data = req.options.get(js_string!("data"), ctx)?;
    let result = store(&key, &data, ctx)?;
    req.completion.complete(result.map(|()| Payload::empty()));
    Ok(())
}

fn get(req: Request, ctx: &mut Context) -> JsResult<()> {
    let key = key_of(&req.options, ctx)?;
    let found = hosts(ctx)?.storage.borrow().get(&key);
    let result = match found {
        Some(v) => {
            let data = decode(&v, ctx)?;
            let obj = ObjectInitializer::new(ctx)
                .property(js_string!("data"), data, Attribute::all())
                .build();
            Ok(Payload::Js(obj))
        }
        None => Err(WxError::DataNotFound),
    };
    req.completion.complete(result);
    Ok(())
}

fn remove(req: Request, ctx: &mut Context) -> JsResult<()> {
    let key = key_of(&req.options, ctx)?;
    hosts(ctx)?.storage.borrow_mut().remove(&key);
    req.completion.complete(Ok(Payload::empty()));
    Ok(())
}

fn clear(req: Request, ctx: &mut Context) -> JsResult<()> {
    hosts(ctx)?.storage.borrow_mut().clear();
    req.completion.complete(Ok(Payload::empty()));
    Ok(())
}

fn info_fields(ctx: &Context) -> JsResult<Map<String, Value>> {
    let info = hosts(ctx)?.storage.borrow().info();
    Ok(match serde_json::to_value(info) {
        Ok(Value::Object(m)) => m,
        _ => Map::new(),
    })
}

fn info(req: Request, ctx: &mut Context) -> JsResult<()> {
    let fields = info_fields(ctx)?;
    req.completion.complete(Ok(Payload::Json(fields)));
    Ok(())
}

fn set_sync(
    _: &'static ApiSpec,
    args: &[JsValue],
    ctx: &mut Context,
) -> JsResult<Result<JsValue, WxError>> {
    let key = string_arg(args, 0, ctx)?;
    let data = args.get(1).cloned().unwrap_or_default();
    Ok(store(&key, &data, ctx)?.map(|()| JsValue::undefined()))
}

fn get_sync(
    _: &'static ApiSpec,
    args: &[JsValue],
    ctx: &mut Context,
) -> JsResult<Result<JsValue, WxError>> {
    let key = string_arg(args, 0, ctx)?;
    let found = hosts(ctx)?.storage.borrow().get(&key);
    Ok(Ok(match found {
        Some(v) => decode(&v, ctx)?,
        None => JsString::default().into(),
    }))
}

fn remove_sync(
    _: &'static ApiSpec,
    args: &[JsValue],
    ctx: &mut Context,
) -> JsResult<Result<JsValue, WxError>> {
    let key = string_arg(args, 0, ctx)?;
    hosts(ctx)?.storage.borrow_mut().remove(&key);
    Ok(Ok(JsValue::undefined()))
}

fn clear_sync(
    _: &'static ApiSpec,
    _: &[JsValue],
    ctx: &mut Context,
) -> JsResult<Result<JsValue, WxError>> {
    hosts(ctx)?.storage.borrow_mut().clear();
    Ok(Ok(JsValue::undefined()))
}

fn info_sync(
    _: &'static ApiSpec,
    _: &[JsValue],
    ctx: &mut Context,
) -> JsResult<Result<JsValue, WxError>> {
    let fields = info_fields(ctx)?;
    Ok(Ok(JsValue::from_json(&Value::Object(fields), ctx)?))
}
