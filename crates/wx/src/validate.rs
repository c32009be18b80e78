//! Parameter validation with WeChat's message format:
//! `parameter.timeStamp should be String instead of Undefined;` per failure, concatenated.

use boa_engine::{Context, JsObject, JsResult, JsString, JsValue};
use wxbox_engine::convert::type_name;

use crate::spec::{Param, Ty};

fn accepts(ty: Ty, v: &JsValue) -> bool {
    ty == Ty::Any || type_name(v) == ty.name()
}

fn check(p: &Param, v: &JsValue, out: &mut String) {
    let present = !v.is_undefined();
    // `Any` accepts undefined too: `setStorageSync('k', undefined)` stores undefined.
    if (p.required || present) && !accepts(p.ty, v) {
        out.push_str(&format!(
            "parameter.{} should be {} instead of {};",
            p.name,
            p.ty.name(),
            type_name(v)
        ));
    }
}

/// Checks option fields; `Some(message)` when any fails.
///
/// # Errors
/// When reading an option throws (a getter or proxy).
pub fn options(params: &[Param], opts: &JsObject, ctx: &mut Context) -> JsResult<Option<String>> {
    let mut out = String::new();
    for p in params {
        let v = opts.get(JsString::from(p.name), ctx)?;
        check(p, &v, &mut out);
    }
    Ok((!out.is_empty()).then_some(out))
}

/// Checks positional arguments; `Some(message)` when any fails.
#[must_use]
pub fn positional(params: &[Param], args: &[JsValue]) -> Option<String> {
    let mut out = String::new();
    for (i, p) in params.iter().enumerate() {
        check(p, args.get(i).unwrap_or(&JsValue::undefined()), &mut out);
    }
    (!out.is_empty()).then_some(out)
}
