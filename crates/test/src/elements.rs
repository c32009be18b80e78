//! The automator's `Element` reads and gestures over one element handle. There is no layout
//! in wxbox, so `size`, `offset` and the scroll sizes are zero, as the sandbox's own
//! `createSelectorQuery` answers (documented in README's testing section).

use serde_json::{json, Value};
use wxbox_app::{Gesture, Sandbox};

use crate::bridge::element_ref;

fn nth(a: &Value, i: usize) -> &Value {
    a.get("args").and_then(|v| v.get(i)).unwrap_or(&Value::Null)
}

fn name_arg(a: &Value, what: &str) -> Result<String, String> {
    nth(a, 0)
        .as_str()
        .map(str::to_string)
        .ok_or_else(|| format!("element.{what}(name): the name must be a string"))
}

/// One declaration of an inline `style` (`color: red; width: 10px`).
fn style_of(style: &str, name: &str) -> Option<String> {
    style.split(';').find_map(|decl| {
        let (k, v) = decl.split_once(':')?;
        (k.trim() == name).then(|| v.trim().to_string())
    })
}

/// An element read: `text`, `attribute`, `property`, `value`, `style`, `wxml`, `outerWxml`,
/// `size`, `offset`, and a custom component's `data`, `setData`, `callMethod`.
///
/// # Errors
/// A stale handle, a missing argument, a component method on a built-in element.
pub fn query(sandbox: &mut Sandbox, a: &Value) -> Result<Value, String> {
    let r = element_ref(a)?.ok_or("element: no element")?;
    let what = a.get("what").and_then(Value::as_str).unwrap_or_default();
    let el = sandbox.element(&r).ok_or_else(|| {
        format!(
            "element.{what}(): the <{}> is no longer on the page (a render removed it)",
            r.tag
        )
    })?;
    let component = el.component;
    let need_component = |name: &str| {
        component.ok_or_else(|| format!("element.{name}(): <{}> is not a custom component", el.tag))
    };
    Ok(match what {
        "text" => json!(el.text()),
        "attribute" => {
            let name = name_arg(a, what)?;
            el.attr(&name)
                .map_or(Value::Null, |v| json!(wxbox_view::expr::to_text(v)))
        }
        "property" => {
            let name = name_arg(a, what)?;
            if let Some(c) = component {
                return sandbox.data_of(c, Some(&name));
            }
            if name == "value" {
                if let Some(typed) = sandbox.typed_value(&r) {
                    return Ok(json!(typed));
                }
            }
            el.attr(&name)
                // `property('fooBar')` also reads the attribute `foo-bar`, as WXML writes it.
                .or_else(|| el.attr(&wxbox_view::tree::kebab(&name)))
                .cloned()
                .unwrap_or(Value::Null)
        }
        "value" => match sandbox.typed_value(&r) {
            Some(v) => json!(v),
            None => el
                .attr("value")
                .map_or(json!(""), |v| json!(wxbox_view::expr::to_text(v))),
        },
        "style" => {
            let name = name_arg(a, what)?;
            json!(style_of(&el.attr_text("style"), &name))
        }
        "wxml" => json!(sandbox.element_wxml(&r, false)?),
        "outerWxml" => json!(sandbox.element_wxml(&r, true)?),
        "size" => json!({"width": 0, "height": 0}),
        "offset" => json!({"left": 0, "top": 0}),
        "scrollWidth" | "scrollHeight" => json!(0),
        "data" => {
            let c = need_component("data")?;
            sandbox.data_of(c, nth(a, 0).as_str())?
        }
        "setData" => {
            let c = need_component("setData")?;
            sandbox.set_data_of(c, nth(a, 0))?;
            Value::Null
        }
        "callMethod" => {
            let c = need_component("callMethod")?;
            let method = name_arg(a, what)?;
            let args: Vec<Value> = a
                .get("args")
                .and_then(Value::as_array)
                .map(|v| v.iter().skip(1).cloned().collect())
                .unwrap_or_default();
            sandbox
                .call_method_of(c, &method, &args)
                .map_err(|e| format!("element.callMethod('{method}'): {e}"))?
        }
        other => return Err(format!("element.{other}() is not an Element method")),
    })
}

/// The gesture an op asks for.
///
/// # Errors
/// A gesture that needs an argument it was not given.
pub fn gesture(a: &Value) -> Result<Gesture, String> {
    let name = a.get("gesture").and_then(Value::as_str).unwrap_or_default();
    Ok(match name {
        "tap" => Gesture::Tap,
        "longpress" => Gesture::LongPress,
        "touchstart" | "touchmove" | "touchend" | "touchcancel" => Gesture::Touch {
            kind: name.to_string(),
            options: match nth(a, 0) {
                Value::Null => json!({}),
                v => v.clone(),
            },
        },
        "trigger" => Gesture::Trigger {
            kind: nth(a, 0)
                .as_str()
                .ok_or("element.trigger(type, detail): the type must be a string")?
                .to_string(),
            detail: match nth(a, 1) {
                Value::Null => json!({}),
                v => v.clone(),
            },
        },
        "input" => Gesture::Input(match nth(a, 0) {
            Value::String(s) => s.clone(),
            Value::Null => return Err("element.input(value): the value is missing".into()),
            v => wxbox_view::expr::to_text(v),
        }),
        other => return Err(format!("element.{other}() is not a gesture")),
    })
}
