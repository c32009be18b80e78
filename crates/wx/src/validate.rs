//! Parameter validation with WeChat's message format:
//! `parameter.timeStamp should be String instead of Undefined;` per failure, concatenated in the
//! order of the method's params: its documentation page's order where `api/docs-order.json`
//! gives it (`requestPayment`: timeStamp, nonceStr, package, signType, paySign, as WeChat reports
//! them), else the typings' (required fields alphabetically, then optional ones).

use boa_engine::{Context, JsObject, JsResult, JsString, JsValue};
use wxbox_engine::convert::type_name;

use crate::spec::{Field, Ty};

fn accepts(types: &[Ty], v: &JsValue) -> bool {
    let actual = type_name(v);
    types.iter().any(|t| *t == Ty::Any || t.name() == actual)
}

fn check(p: &Field, v: &JsValue, out: &mut String) {
    let present = !v.is_undefined();
    if p.types.is_empty() || !(p.required || present) || accepts(&p.types, v) {
        return;
    }
    // A union is named with its members joined by `/` (UNVERIFIED: WeChat's text for unions has
    // not been seen; single types follow the documented form).
    let expected: Vec<&str> = p.types.iter().map(|t| t.name()).collect();
    out.push_str(&format!(
        "parameter.{} should be {} instead of {};",
        p.name,
        expected.join("/"),
        type_name(v)
    ));
}

/// Checks option fields; `Some(message)` when any fails.
///
/// # Errors
/// When reading an option throws (a getter or proxy).
pub fn options(params: &[Field], opts: &JsObject, ctx: &mut Context) -> JsResult<Option<String>> {
    let mut out = String::new();
    for p in params {
        let v = opts.get(JsString::from(p.name.as_str()), ctx)?;
        check(p, &v, &mut out);
    }
    Ok((!out.is_empty()).then_some(out))
}

/// Checks positional arguments; `Some(message)` when any fails.
#[must_use]
pub fn positional(params: &[Field], args: &[JsValue]) -> Option<String> {
    let mut out = String::new();
    for (i, p) in params.iter().enumerate() {
        check(p, args.get(i).unwrap_or(&JsValue::undefined()), &mut out);
    }
    (!out.is_empty()).then_some(out)
}
