//! Cases generated from a method's table entry: the call contract every async `wx` method keeps
//! (callbacks, the Promise rule, errMsg), its parameter validation (each required parameter
//! missing, each typed parameter of a wrong type, all missing at once in the documented order),
//! and for the tiers that answer (deep, simulated) the result's fields and types against the
//! typings' success interface. Sources: `../shared/reference/wx-protocol.md` section 1 (call
//! semantics, the validation message) and the typings the table is extracted from.

use serde_json::Value;
use wxbox_wx::install::{Method, Tier};
use wxbox_wx::spec::{ApiSpec, Call, Field, Ty};
use wxbox_wx::surface::surface;

use crate::suite::{Case, Kind};

/// Where the generated cases' facts come from.
const CALL_SOURCE: &str =
    "wx-protocol.md section 1 (call semantics; Promise rule, base library >= 2.10.2)";
const PARAM_SOURCE: &str =
    "wx-protocol.md section 1 (parameter validation message); order: crates/wx/api (documented order where known)";
const RESULT_SOURCE: &str = "miniprogram-api-typings: the method's SuccessCallbackResult";

/// A JS expression of a valid value for `f` (its first enum value, or a value of its first
/// type; objects get their required fields).
pub fn sample(f: &Field) -> String {
    if let Some(v) = f.values.first() {
        return v.to_string();
    }
    match f.types.first().copied().unwrap_or(Ty::Any) {
        Ty::String | Ty::Any => "\"wxbox\"".into(),
        Ty::Number => "1".into(),
        Ty::Boolean => "true".into(),
        Ty::Object => object(&f.fields),
        Ty::Array => "[]".into(),
        Ty::Function => "function () {}".into(),
        Ty::ArrayBuffer => "new ArrayBuffer(8)".into(),
        Ty::Null => "null".into(),
    }
}

/// An object literal with a sample of every required field.
fn object(fields: &[Field]) -> String {
    let parts: Vec<String> = fields
        .iter()
        .filter(|f| f.required)
        .map(|f| format!("{}: {}", Value::from(f.name.as_str()), sample(f)))
        .collect();
    format!("{{{}}}", parts.join(", "))
}

/// A value of a type `f` does not accept, with its type's name; `None` when it accepts anything.
fn wrong(f: &Field) -> Option<(&'static str, &'static str)> {
    if f.types.is_empty() || f.types.contains(&Ty::Any) {
        return None;
    }
    [
        ("1", Ty::Number),
        ("\"wxbox\"", Ty::String),
        ("true", Ty::Boolean),
        ("[]", Ty::Array),
        ("{}", Ty::Object),
    ]
    .into_iter()
    .find(|(_, t)| !f.types.contains(t))
    .map(|(v, t)| (v, t.name()))
}

/// The error line WeChat writes for one parameter.
fn param_line(f: &Field, actual: &str) -> String {
    let expected: Vec<&str> = f.types.iter().map(|t| t.name()).collect();
    format!(
        "parameter.{} should be {} instead of {};",
        f.name,
        expected.join("/"),
        actual
    )
}

fn js(v: impl Into<Value>) -> String {
    v.into().to_string()
}

/// The option object with every required parameter, `without` one, `with` one replaced.
fn options(params: &[Field], without: Option<&str>, with: Option<(&str, &str)>) -> String {
    let mut parts: Vec<String> = params
        .iter()
        .filter(|p| p.required && Some(p.name.as_str()) != without)
        .filter(|p| with.is_none_or(|(n, _)| n != p.name))
        .map(|p| format!("{}: {}", js(p.name.as_str()), sample(p)))
        .collect();
    if let Some((n, v)) = with {
        parts.push(format!("{}: {v}", js(n)));
    }
    format!("{{{}}}", parts.join(", "))
}

/// The fields a result is checked against; those `absent` names are not required.
fn fields_json(fields: &[Field], absent: &serde_json::Map<String, Value>) -> String {
    let list: Vec<Value> = fields
        .iter()
        .map(|f| {
            serde_json::json!({
                "name": f.name,
                "required": f.required && !absent.contains_key(&f.name),
                "types": f.types.iter().map(|t| t.name()).collect::<Vec<_>>(),
            })
        })
        .collect();
    Value::Array(list).to_string()
}

/// Every generated case of one method.
#[must_use]
pub fn cases(m: &Method) -> Vec<Case> {
    let spec = m.spec;
    let mut out = Vec::new();
    let case = |id: &str, kind: Kind, source: &str, body: String| Case {
        id: format!("{}.{id}", spec.name),
        method: spec.name.clone(),
        family: family(spec),
        kind,
        source: source.to_string(),
        profile: None,
        body,
    };
    let name = js(spec.name.as_str());
    let needs = crate::suite::needs_of(&spec.name);
    let result_case = |kind_case: &dyn Fn(String) -> Case, call: String| -> Case {
        let mut c = kind_case(match (&needs.na, &needs.before) {
            (Some(why), _) => format!("h.na({});", js(why.as_str())),
            (None, Some(before)) => format!("{before}\n    {call}"),
            (None, None) => call,
        });
        c.profile.clone_from(&needs.profile);
        c
    };
    if !spec.is_async() {
        let args: Vec<String> = spec.params.iter().map(sample).collect();
        let args = needs
            .args
            .as_ref()
            .map_or_else(|| format!("[{}]", args.join(", ")), Value::to_string);
        let methods = spec
            .object
            .as_deref()
            .and_then(|o| surface().interface(o))
            .map(|i| i.methods.iter().map(|m| m.name.clone()).collect::<Vec<_>>())
            .unwrap_or_default();
        if m.tier == Tier::Objects && !methods.is_empty() {
            out.push(result_case(
                &|body| {
                    case(
                        "object",
                        Kind::Result,
                        "miniprogram-api-typings: the returned interface's methods",
                        body,
                    )
                },
                format!("h.object({name}, {args}, {});", js(methods)),
            ));
        } else {
            let fields = if matches!(m.tier, Tier::Deep | Tier::Simulated) {
                fields_json(&spec.ret, &needs.absent)
            } else {
                "[]".into()
            };
            out.push(result_case(
                &|body| case("sync", Kind::Result, RESULT_SOURCE, body),
                format!("h.sync({name}, {args}, {fields});"),
            ));
        }
        return out;
    }
    let valid = options(&spec.params, None, None);
    let task = spec.call == Call::Callback;
    out.push(case(
        "callbacks",
        Kind::Contract,
        CALL_SOURCE,
        format!("await h.callbacks({name}, {valid}, {task});"),
    ));
    if spec.call == Call::Promise {
        out.push(case(
            "promise",
            Kind::Contract,
            CALL_SOURCE,
            format!("await h.promise({name}, {valid});"),
        ));
    }
    let required: Vec<&Field> = spec
        .params
        .iter()
        .filter(|p| p.required && !p.types.is_empty() && !p.types.contains(&Ty::Any))
        .collect();
    if !required.is_empty() {
        let all: String = required
            .iter()
            .map(|p| param_line(p, "Undefined"))
            .collect();
        out.push(case(
            "missing-all",
            Kind::Validation,
            PARAM_SOURCE,
            format!(
                "await h.paramError({name}, {{}}, {});",
                js(format!("{}:fail parameter error: {all}", spec.name))
            ),
        ));
        if required.len() > 1 {
            for p in &required {
                let args = options(&spec.params, Some(&p.name), None);
                let want = format!(
                    "{}:fail parameter error: {}",
                    spec.name,
                    param_line(p, "Undefined")
                );
                out.push(case(
                    &format!("missing.{}", p.name),
                    Kind::Validation,
                    PARAM_SOURCE,
                    format!("await h.paramError({name}, {args}, {});", js(want)),
                ));
            }
        }
    }
    for p in spec.params.iter() {
        let Some((value, actual)) = wrong(p) else {
            continue;
        };
        let args = options(&spec.params, None, Some((&p.name, value)));
        let want = format!(
            "{}:fail parameter error: {}",
            spec.name,
            param_line(p, actual)
        );
        out.push(case(
            &format!("type.{}", p.name),
            Kind::Validation,
            PARAM_SOURCE,
            format!("await h.paramError({name}, {args}, {});", js(want)),
        ));
    }
    if matches!(m.tier, Tier::Deep | Tier::Simulated) {
        let args = needs.args.as_ref().map_or(valid, Value::to_string);
        out.push(result_case(
            &|body| case("result", Kind::Result, RESULT_SOURCE, body),
            format!(
                "await h.result({name}, {args}, {});",
                fields_json(&spec.success, &needs.absent)
            ),
        ));
    }
    out
}

/// The family a method is reported under: its docs section's first part (`open-api`, `ui`,
/// `storage`, ...), or `superapp` / `legacy` for methods beyond the typings.
#[must_use]
pub fn family(spec: &ApiSpec) -> String {
    if spec.extension.is_some() {
        return "superapp".into();
    }
    if spec.legacy.is_some() {
        return "legacy".into();
    }
    let c = spec.category.split('/').next().unwrap_or("");
    if c.is_empty() {
        "base".into()
    } else {
        c.to_string()
    }
}
