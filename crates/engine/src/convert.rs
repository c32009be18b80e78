//! Conversions between JS values and Rust: JSON for traces and host calls, WeChat type names for
//! validation messages, and console formatting.
//!
//! boa's own `to_json` fails on functions reachable through `prototype.constructor` and aborts the
//! process on very deep objects, so these walk values themselves with a depth cap. Own keys come
//! from the original `Object.keys`, captured before app code could replace it.

use std::fmt::Write as _;

use boa_engine::builtins::date::Date;
use boa_engine::builtins::error::Error as ErrorData;
use boa_engine::object::builtins::JsDate;
use boa_engine::{js_string, Context, JsObject, JsResult, JsString, JsValue, JsVariant};
use serde_json::{Map, Number, Value};

/// Objects nested deeper than this are cut off (JSON) or elided (console), never recursed into.
pub const MAX_DEPTH: usize = 64;

/// Why a JS value could not become JSON.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConvertError {
    /// The value nests deeper than [`MAX_DEPTH`] (or is cyclic).
    #[error("value nests deeper than {MAX_DEPTH} levels (or is cyclic)")]
    TooDeep,
    /// A getter or proxy threw while reading the value.
    #[error("reading the value threw: {0}")]
    Threw(String),
}

/// Functions captured from the realm before any app code runs.
#[derive(Debug, Clone)]
pub struct Originals {
    object_keys: JsObject,
}

impl Originals {
    /// Captures `Object.keys`.
    ///
    /// # Errors
    /// When the realm has no `Object.keys` (never in a fresh context).
    pub fn capture(ctx: &mut Context) -> JsResult<Self> {
        let object = ctx.intrinsics().constructors().object().constructor();
        let keys = object.get(js_string!("keys"), ctx)?;
        let object_keys = keys.as_callable().ok_or_else(|| {
            boa_engine::JsNativeError::typ().with_message("Object.keys is not callable")
        })?;
        Ok(Self { object_keys })
    }
}

/// Enumerable own string keys, as `Object.keys` gives them.
///
/// # Errors
/// When a proxy trap throws.
pub fn object_keys(obj: &JsObject, ctx: &mut Context) -> JsResult<Vec<JsString>> {
    let keys_fn = ctx
        .get_data::<Originals>()
        .map(|o| o.object_keys.clone())
        .ok_or_else(|| boa_engine::JsNativeError::typ().with_message("engine not initialised"))?;
    let arr = keys_fn.call(&JsValue::undefined(), &[obj.clone().into()], ctx)?;
    let Some(arr) = arr.as_object() else {
        return Ok(Vec::new());
    };
    let len = arr.get(js_string!("length"), ctx)?.to_length(ctx)?;
    let mut out = Vec::with_capacity(usize::try_from(len).unwrap_or(0));
    for i in 0..len {
        if let Some(s) = arr.get(i, ctx)?.as_string() {
            out.push(s);
        }
    }
    Ok(out)
}

/// WeChat's type name for a value in validation messages: String, Number, Boolean, Object, Array,
/// Function, Undefined, Null (and Symbol / BigInt, which WeChat never names).
#[must_use]
pub fn type_name(v: &JsValue) -> &'static str {
    match v.variant() {
        JsVariant::Null => "Null",
        JsVariant::Undefined => "Undefined",
        JsVariant::Boolean(_) => "Boolean",
        JsVariant::String(_) => "String",
        JsVariant::Float64(_) | JsVariant::Integer32(_) => "Number",
        JsVariant::BigInt(_) => "BigInt",
        JsVariant::Symbol(_) => "Symbol",
        JsVariant::Object(o) => {
            if o.is_callable() {
                "Function"
            } else if o.is_array() {
                "Array"
            } else if o.is::<boa_engine::builtins::array_buffer::ArrayBuffer>() {
                "ArrayBuffer"
            } else {
                "Object"
            }
        }
    }
}

fn number(n: f64) -> Value {
    if n.is_finite() && n.fract() == 0.0 && n.abs() < 9.0e15 {
        // Integral values print as integers, as JSON.stringify does.
        #[allow(clippy::cast_possible_truncation)]
        Value::Number(Number::from(n as i64))
    } else {
        Number::from_f64(n).map_or(Value::Null, Value::Number)
    }
}

/// Argument `i` as a string, as JavaScript's `String(x)` gives it (`"undefined"` when absent).
///
/// # Errors
/// What a hostile `toString` throws.
pub fn string_arg(args: &[JsValue], i: usize, ctx: &mut Context) -> JsResult<String> {
    Ok(args
        .get(i)
        .cloned()
        .unwrap_or_default()
        .to_string(ctx)?
        .to_std_string_escaped())
}

/// Converts `v` to JSON with `JSON.stringify`'s rules (functions, undefined and symbols dropped from
/// objects, `null` in arrays; dates as ISO strings; NaN as null), without calling `toJSON`.
///
/// # Errors
/// [`ConvertError::TooDeep`] past [`MAX_DEPTH`]; [`ConvertError::Threw`] when a getter throws.
pub fn to_json(v: &JsValue, ctx: &mut Context) -> Result<Value, ConvertError> {
    Ok(to_json_inner(v, ctx, 0)?.unwrap_or(Value::Null))
}

fn threw(e: &boa_engine::JsError) -> ConvertError {
    ConvertError::Threw(e.to_string())
}

fn to_json_inner(
    v: &JsValue,
    ctx: &mut Context,
    depth: usize,
) -> Result<Option<Value>, ConvertError> {
    Ok(Some(match v.variant() {
        JsVariant::Null => Value::Null,
        JsVariant::Undefined | JsVariant::Symbol(_) => return Ok(None),
        JsVariant::Boolean(b) => Value::Bool(b),
        JsVariant::String(s) => Value::String(s.to_std_string_escaped()),
        JsVariant::Float64(n) => number(n),
        JsVariant::Integer32(n) => Value::Number(n.into()),
        JsVariant::BigInt(b) => Value::String(b.to_string()),
        JsVariant::Object(o) => {
            if o.is_callable() {
                return Ok(None);
            }
            if depth >= MAX_DEPTH {
                return Err(ConvertError::TooDeep);
            }
            if o.is::<Date>() {
                return Ok(Some(date_iso(&o, ctx).map_or(Value::Null, Value::String)));
            }
            if o.is_array() {
                let len = o
                    .get(js_string!("length"), ctx)
                    .and_then(|l| l.to_length(ctx))
                    .map_err(|e| threw(&e))?;
                let mut items = Vec::new();
                for i in 0..len {
                    let item = o.get(i, ctx).map_err(|e| threw(&e))?;
                    items.push(to_json_inner(&item, ctx, depth + 1)?.unwrap_or(Value::Null));
                }
                Value::Array(items)
            } else {
                let mut map = Map::new();
                for key in object_keys(&o, ctx).map_err(|e| threw(&e))? {
                    let item = o.get(key.clone(), ctx).map_err(|e| threw(&e))?;
                    if let Some(j) = to_json_inner(&item, ctx, depth + 1)? {
                        map.insert(key.to_std_string_escaped(), j);
                    }
                }
                Value::Object(map)
            }
        }
    }))
}

fn date_iso(o: &JsObject, ctx: &mut Context) -> Option<String> {
    let d = JsDate::from_object(o.clone()).ok()?;
    d.to_iso_string(ctx)
        .ok()?
        .as_string()
        .map(|s| s.to_std_string_escaped())
}

/// Formats console arguments the way developer tools print them: strings bare, other values
/// inspected, joined by spaces; `%s %d %i %f %o %O %j` substitutions in a leading string.
#[must_use]
pub fn format_console_args(args: &[JsValue], ctx: &mut Context) -> String {
    let mut out = String::new();
    let mut rest = args;
    if let Some(first) = args.first().and_then(JsValue::as_string) {
        let fmt = first.to_std_string_escaped();
        rest = &args[1..];
        let mut chars = fmt.chars().peekable();
        while let Some(c) = chars.next() {
            if c == '%' {
                match chars.peek().copied() {
                    Some(spec @ ('s' | 'd' | 'i' | 'f' | 'o' | 'O' | 'j')) if !rest.is_empty() => {
                        chars.next();
                        let v = &rest[0];
                        rest = &rest[1..];
                        match spec {
                            's' => out.push_str(&inspect(v, ctx, true)),
                            'd' | 'i' => {
                                let n = v.to_number(ctx).unwrap_or(f64::NAN);
                                let n = if spec == 'i' { n.trunc() } else { n };
                                out.push_str(&JsValue::new(n).display().to_string());
                            }
                            'f' => {
                                let n = v.to_number(ctx).unwrap_or(f64::NAN);
                                out.push_str(&JsValue::new(n).display().to_string());
                            }
                            _ => out.push_str(&inspect(v, ctx, false)),
                        }
                        continue;
                    }
                    Some('%') => {
                        chars.next();
                        out.push('%');
                        continue;
                    }
                    _ => {}
                }
            }
            out.push(c);
        }
    }
    for v in rest {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&inspect(v, ctx, true));
    }
    out
}

/// A readable one-line rendering of `v`; `top` strings are printed bare.
#[must_use]
pub fn inspect(v: &JsValue, ctx: &mut Context, top: bool) -> String {
    let mut out = String::new();
    let mut seen = Vec::new();
    inspect_into(&mut out, v, ctx, top, 0, &mut seen);
    out
}

fn inspect_into(
    out: &mut String,
    v: &JsValue,
    ctx: &mut Context,
    top: bool,
    depth: usize,
    seen: &mut Vec<JsObject>,
) {
    match v.variant() {
        JsVariant::String(s) if top => out.push_str(&s.to_std_string_escaped()),
        JsVariant::String(s) => {
            let _ = write!(out, "{}", Value::String(s.to_std_string_escaped()));
        }
        JsVariant::Object(o) => {
            if seen.iter().any(|s| JsObject::equals(s, &o)) {
                out.push_str("[Circular]");
                return;
            }
            if o.is_callable() {
                let name = o
                    .get(js_string!("name"), ctx)
                    .ok()
                    .and_then(|n| n.as_string())
                    .map(|n| n.to_std_string_escaped())
                    .unwrap_or_default();
                if name.is_empty() {
                    out.push_str("[Function (anonymous)]");
                } else {
                    let _ = write!(out, "[Function: {name}]");
                }
                return;
            }
            if o.is::<ErrorData>() {
                let text = v
                    .to_string(ctx)
                    .map(|s| s.to_std_string_escaped())
                    .unwrap_or_default();
                out.push_str(&text);
                return;
            }
            if o.is::<Date>() {
                out.push_str(&date_iso(&o, ctx).unwrap_or_else(|| "Invalid Date".into()));
                return;
            }
            if depth >= 4 {
                out.push_str(if o.is_array() { "[Array]" } else { "[Object]" });
                return;
            }
            seen.push(o.clone());
            if o.is_array() {
                let len = o
                    .get(js_string!("length"), ctx)
                    .and_then(|l| l.to_length(ctx))
                    .unwrap_or(0);
                out.push('[');
                for i in 0..len.min(100) {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    let item = o.get(i, ctx).unwrap_or_default();
                    inspect_into(out, &item, ctx, false, depth + 1, seen);
                }
                if len > 100 {
                    let _ = write!(out, ", ... {} more", len - 100);
                }
                out.push(']');
            } else {
                let keys = object_keys(&o, ctx).unwrap_or_default();
                if keys.is_empty() {
                    out.push_str("{}");
                } else {
                    out.push_str("{ ");
                    for (i, key) in keys.iter().enumerate() {
                        if i > 0 {
                            out.push_str(", ");
                        }
                        let _ = write!(out, "{}: ", key.to_std_string_escaped());
                        let item = o.get(key.clone(), ctx).unwrap_or_default();
                        inspect_into(out, &item, ctx, false, depth + 1, seen);
                    }
                    out.push_str(" }");
                }
            }
            seen.pop();
        }
        _ => {
            let _ = write!(out, "{}", v.display());
        }
    }
}
