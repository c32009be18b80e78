//! What a `Component()` / `Page()` definition says about its data, read once per definition: the
//! declared properties (type, `optionalTypes`, default, `observer`), the data observers in merge
//! order, `options.pureDataPattern`, `externalClasses`; and the rules that apply them: WeChat's
//! property type coercion and the pure-data filter of the rendered data.
//!
//! The rules are glass-easel's (glass-easel/src/data_proxy.ts `convertValueToType`,
//! `normalizePropertyTypeShortHand`, `getPropertyFallbackValue`; glass-easel/src/behavior.ts
//! `prepare`). This module knows definitions and values, not instances, setData or rendering.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use boa_engine::object::builtins::JsArray;
use boa_engine::{js_string, Context, JsObject, JsResult, JsString, JsValue};
use serde_json::Value;
use wxbox_engine::convert::{object_keys, to_json};

use crate::observers::{parse_key, Observer};

/// A property type, as `type` / `optionalTypes` name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PropType {
    /// `null`, missing, or a constructor glass-easel does not know (it reports those and treats
    /// them as any-typed).
    Any,
    /// `String`.
    String,
    /// `Number`.
    Number,
    /// `Boolean`.
    Boolean,
    /// `Object`.
    Object,
    /// `Array`.
    Array,
    /// `Function`.
    Function,
}

/// One declared property.
#[derive(Debug, Clone)]
pub struct PropSpec {
    /// The name.
    pub name: String,
    /// `type` (or the first of `optionalTypes` when `type` is missing or `null`).
    pub ty: PropType,
    /// `optionalTypes`: a value of one of these is kept as it is.
    pub optional: Vec<PropType>,
    /// `value`, when given (copied for each instance).
    pub value: Option<Value>,
    /// `observer`: a function, or a string naming a method; `undefined` when none.
    pub observer: JsValue,
}

/// The data-side facts of one definition.
#[derive(Debug, Default)]
pub struct DefMeta {
    /// Declared properties, in declaration order.
    pub props: Vec<PropSpec>,
    /// Data observers, behaviors' first (the merge shim's order).
    pub observers: Vec<Observer>,
    /// `options.pureDataPattern`.
    pub pure: Option<JsObject>,
    /// `externalClasses`.
    pub external_classes: Vec<String>,
    /// Problems found reading the definition (bad observer keys), for the caller to report once.
    pub problems: Vec<String>,
}

impl DefMeta {
    /// The declared property `name`.
    #[must_use]
    pub fn prop(&self, name: &str) -> Option<&PropSpec> {
        self.props.iter().find(|p| p.name == name)
    }
}

/// Definitions read so far, by definition object.
#[derive(Default, Clone)]
struct MetaCache(Rc<RefCell<HashMap<JsObject, Rc<DefMeta>>>>);

fn cache(ctx: &mut Context) -> MetaCache {
    if let Some(c) = ctx.get_data::<MetaCache>() {
        return c.clone();
    }
    let c = MetaCache::default();
    ctx.insert_data(c.clone());
    c
}

/// The facts of `def`, read on first use. `fresh` is true the first time (so problems are
/// reported once).
///
/// # Errors
/// A throwing getter in the definition.
pub fn meta(ctx: &mut Context, def: &JsObject) -> JsResult<(Rc<DefMeta>, bool)> {
    let c = cache(ctx);
    if let Some(m) = c.0.borrow().get(def) {
        return Ok((m.clone(), false));
    }
    let m = Rc::new(read(ctx, def)?);
    c.0.borrow_mut().insert(def.clone(), m.clone());
    Ok((m, true))
}

/// The facts of `def` if already read (for callers that cannot run JavaScript).
#[must_use]
pub fn cached(ctx: &Context, def: &JsObject) -> Option<Rc<DefMeta>> {
    ctx.get_data::<MetaCache>()
        .and_then(|c| c.0.borrow().get(def).cloned())
}

fn prop_type(v: &JsValue, ctx: &Context) -> PropType {
    let Some(o) = v.as_object() else {
        // `null`, `undefined`, or a type name string (glass-easel also takes 'string', ...).
        return match v.as_string().map(|s| s.to_std_string_escaped()).as_deref() {
            Some("string") => PropType::String,
            Some("number") => PropType::Number,
            Some("boolean") => PropType::Boolean,
            Some("object") => PropType::Object,
            Some("array") => PropType::Array,
            Some("function") => PropType::Function,
            _ => PropType::Any,
        };
    };
    let c = ctx.intrinsics().constructors();
    let is = |k: &JsObject| JsObject::equals(&o, k);
    if is(&c.string().constructor()) {
        PropType::String
    } else if is(&c.number().constructor()) {
        PropType::Number
    } else if is(&c.boolean().constructor()) {
        PropType::Boolean
    } else if is(&c.object().constructor()) {
        PropType::Object
    } else if is(&c.array().constructor()) {
        PropType::Array
    } else if is(&c.function().constructor()) {
        PropType::Function
    } else {
        PropType::Any
    }
}

pub(crate) fn read_prop(name: String, spec: &JsValue, ctx: &mut Context) -> JsResult<PropSpec> {
    // The short form `name: String` (or `null`) is a type with no default or observer.
    let full = spec.as_object().filter(|o| !o.is_callable());
    let Some(o) = full else {
        return Ok(PropSpec {
            name,
            ty: prop_type(spec, ctx),
            optional: Vec::new(),
            value: None,
            observer: JsValue::undefined(),
        });
    };
    let mut ty = prop_type(&o.get(js_string!("type"), ctx)?, ctx);
    let mut optional = Vec::new();
    if let Some(list) = o.get(js_string!("optionalTypes"), ctx)?.as_object() {
        if list.is_array() {
            let len = list.get(js_string!("length"), ctx)?.to_number(ctx)?;
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            for i in 0..(len.max(0.0) as u32).min(16) {
                optional.push(prop_type(&list.get(i, ctx)?, ctx));
            }
        }
    }
    // "type: null with optionalTypes" takes the first optional type as its type.
    if ty == PropType::Any {
        if let Some(first) = optional.first() {
            ty = *first;
        }
    }
    let value = o.get(js_string!("value"), ctx)?;
    let value = if value.is_undefined() {
        None
    } else {
        Some(to_json(&value, ctx).unwrap_or(Value::Null))
    };
    Ok(PropSpec {
        name,
        ty,
        optional,
        value,
        observer: o.get(js_string!("observer"), ctx)?,
    })
}

fn read(ctx: &mut Context, def: &JsObject) -> JsResult<DefMeta> {
    let mut m = DefMeta::default();
    if let Some(props) = def.get(js_string!("properties"), ctx)?.as_object() {
        for key in object_keys(&props, ctx)? {
            let spec = props.get(key.clone(), ctx)?;
            m.props
                .push(read_prop(key.to_std_string_escaped(), &spec, ctx)?);
        }
    }
    let observers = def.get(js_string!("observers"), ctx)?;
    if let Some(list) = observers.as_object() {
        let mut entries: Vec<(String, JsValue)> = Vec::new();
        if list.is_array() {
            // The merge shim's form (and glass-easel's array form): `[{fields, observer}]`.
            let len = list.get(js_string!("length"), ctx)?.to_number(ctx)?;
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            for i in 0..(len.max(0.0) as u32) {
                let Some(item) = list.get(i, ctx)?.as_object() else {
                    continue;
                };
                let fields = item.get(js_string!("fields"), ctx)?;
                let fields = if fields.is_undefined() {
                    "**".to_string()
                } else {
                    fields.to_string(ctx)?.to_std_string_escaped()
                };
                entries.push((fields, item.get(js_string!("observer"), ctx)?));
            }
        } else {
            for key in object_keys(&list, ctx)? {
                let f = list.get(key.clone(), ctx)?;
                entries.push((key.to_std_string_escaped(), f));
            }
        }
        for (key, func) in entries {
            match parse_key(&key) {
                Ok(paths) => m.observers.push(Observer { key, paths, func }),
                Err(e) => m.problems.push(format!("observers: {e}")),
            }
        }
    }
    if let Some(options) = def.get(js_string!("options"), ctx)?.as_object() {
        // Anything with a `test` method (a RegExp) serves.
        if let Some(p) = options.get(js_string!("pureDataPattern"), ctx)?.as_object() {
            if p.get(js_string!("test"), ctx)?.is_callable() {
                m.pure = Some(p);
            }
        }
    }
    if let Some(list) = def.get(js_string!("externalClasses"), ctx)?.as_object() {
        if list.is_array() {
            let len = list.get(js_string!("length"), ctx)?.to_number(ctx)?;
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            for i in 0..(len.max(0.0) as u32).min(256) {
                let v = list.get(i, ctx)?;
                if let Some(s) = v.as_string() {
                    m.external_classes.push(s.to_std_string_escaped());
                }
            }
        }
    }
    Ok(m)
}

/// The value a property starts with: a copy of `value`, else its type's fallback (glass-easel's
/// `getPropertyFallbackValue`: '' / 0 / false / [] / an empty function, `null` otherwise).
///
/// # Errors
/// Only engine failures.
pub fn default_value(spec: &PropSpec, ctx: &mut Context) -> JsResult<JsValue> {
    if let Some(v) = &spec.value {
        return JsValue::from_json(v, ctx);
    }
    Ok(match spec.ty {
        PropType::String => JsString::default().into(),
        PropType::Number => JsValue::new(0),
        PropType::Boolean => JsValue::new(false),
        PropType::Array => JsArray::new(ctx)?.into(),
        PropType::Function => wxbox_engine::code_cache::eval(ctx, "(function () {})")
            .unwrap_or_else(|_| JsValue::undefined()),
        PropType::Any | PropType::Object => JsValue::null(),
    })
}

fn matches(ty: PropType, v: &JsValue) -> bool {
    match ty {
        PropType::String => v.is_string(),
        PropType::Number => v.as_number().is_some_and(f64::is_finite),
        PropType::Boolean => v.is_boolean(),
        PropType::Object => {
            v.as_object()
                .is_some_and(|o| !o.is_array() && !o.is_callable())
                || v.is_null()
        }
        PropType::Array => v.as_object().is_some_and(|o| o.is_array()),
        PropType::Function => v.is_callable(),
        PropType::Any => !v.is_undefined(),
    }
}

/// `v` as property `spec` receives it, and what glass-easel warns about on the way
/// (`convertValueToType`): a value of one of `optionalTypes` stays; String takes `String(v)`
/// (null and undefined give the default); Number takes `Number(v)` when that is finite, else the
/// default; Boolean takes `!!v`; Array needs an array and Object anything `typeof` calls
/// "object" (null and arrays included), else the default; any-typed keeps all but `undefined`.
///
/// # Errors
/// A value whose conversion throws (an object with a throwing `toString`).
pub fn coerce(
    v: &JsValue,
    spec: &PropSpec,
    ctx: &mut Context,
) -> JsResult<(JsValue, Option<String>)> {
    if spec.optional.iter().any(|t| matches(*t, v)) {
        return Ok((v.clone(), None));
    }
    let name = &spec.name;
    let fallback = |why: &str, ctx: &mut Context| -> JsResult<(JsValue, Option<String>)> {
        Ok((
            default_value(spec, ctx)?,
            Some(format!(
                "property \"{name}\" received type-incompatible value: {why}. Used default value instead."
            )),
        ))
    };
    match spec.ty {
        PropType::String => {
            if v.is_null_or_undefined() {
                return fallback("expected <String> but get null value", ctx);
            }
            let warn = v.is_object().then(|| {
                format!("property \"{name}\" received type-incompatible value: expected <String> but got object-typed value. Force converted.")
            });
            Ok((v.to_string(ctx)?.into(), warn))
        }
        PropType::Number => {
            let n = v.to_number(ctx)?;
            if n.is_finite() {
                Ok((JsValue::new(n), None))
            } else if v.is_number() {
                fallback("expected <Number> but got NaN or Infinity", ctx)
            } else {
                fallback("expected <Number> but got non-number value", ctx)
            }
        }
        PropType::Boolean => Ok((JsValue::new(v.to_boolean()), None)),
        PropType::Array => {
            if v.as_object().is_some_and(|o| o.is_array()) {
                Ok((v.clone(), None))
            } else {
                fallback("expected <Array> but got non-array value", ctx)
            }
        }
        PropType::Object => {
            if v.is_null() || v.as_object().is_some_and(|o| !o.is_callable()) {
                Ok((v.clone(), None))
            } else {
                fallback("expected <Object> but got non-object value", ctx)
            }
        }
        PropType::Function => {
            if v.is_callable() {
                Ok((v.clone(), None))
            } else {
                fallback("expected <Function> but got non-function value", ctx)
            }
        }
        PropType::Any => {
            if v.is_undefined() {
                Ok((default_value(spec, ctx)?, None))
            } else {
                Ok((v.clone(), None))
            }
        }
    }
}

/// Whether the top-level field `name` is pure data (`options.pureDataPattern`): kept in
/// `this.data`, never rendered, and no property observer for it (glass-easel's `excluded`).
///
/// # Errors
/// A `test` that throws.
pub fn is_pure(m: &DefMeta, name: &str, ctx: &mut Context) -> JsResult<bool> {
    let Some(re) = &m.pure else {
        return Ok(false);
    };
    let test = re.get(js_string!("test"), ctx)?;
    let Some(f) = test.as_callable() else {
        return Ok(false);
    };
    // A pattern with the `g` flag keeps `lastIndex`: reset it so every test starts fresh.
    re.set(js_string!("lastIndex"), 0, false, ctx)?;
    Ok(
        f.call(&re.clone().into(), &[JsString::from(name).into()], ctx)?
            .to_boolean(),
    )
}

/// The data `obj` renders: `obj.data` as JSON without its pure fields.
///
/// # Errors
/// Only engine failures.
pub fn render_data(ctx: &mut Context, obj: &JsObject, def: Option<&JsObject>) -> JsResult<Value> {
    let data_val = obj.get(js_string!("data"), ctx)?;
    let mut data = to_json(&data_val, ctx).unwrap_or(Value::Null);
    let Some(def) = def else {
        return Ok(data);
    };
    let (m, _) = meta(ctx, def)?;
    if m.pure.is_some() {
        if let Value::Object(map) = &mut data {
            let keys: Vec<String> = map.keys().cloned().collect();
            for k in keys {
                if is_pure(&m, &k, ctx)? {
                    map.remove(&k);
                }
            }
        }
    }
    Ok(data)
}
