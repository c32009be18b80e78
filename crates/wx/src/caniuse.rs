//! `wx.canIUse(schema)` answered from the table.
//!
//! Schemas (docs, api/base/wx.canIUse): `${API}.${method}.${param}.${option}` or
//! `${component}.${attribute}.${option}`, for example `getSystemInfoSync.return.safeArea.left`,
//! `getSystemInfo.success.screenWidth`, `showToast.object.image`, `request.object.method.GET`,
//! `onCompassChange.callback.direction`, `button.open-type.getUserInfo`.
//!
//! A method this sandbox does not support answers false, as a superapp without it would, so apps
//! take their fallback path instead of calling something that fails.

use crate::install::Tier;
use crate::spec::Field;
use crate::surface::Surface;

fn walk(fields: &[Field], rest: &[&str]) -> bool {
    let Some((first, rest)) = rest.split_first() else {
        return true;
    };
    let Some(f) = fields.iter().find(|f| f.name == *first) else {
        return false;
    };
    if rest.is_empty() {
        return true;
    }
    // The last segment may be one of the field's enum values (`method.GET`).
    if rest.len() == 1 && f.values.iter().any(|v| v.as_str() == Some(rest[0])) {
        return true;
    }
    walk(&f.fields, rest)
}

/// Whether `schema` is available.
pub fn can_i_use(surface: &Surface, tier: impl Fn(&str) -> Option<Tier>, schema: &str) -> bool {
    let parts: Vec<&str> = schema.trim().split('.').collect();
    let Some((&head, rest)) = parts.split_first() else {
        return false;
    };
    if head.is_empty() {
        return false;
    }
    if let Some(m) = surface.method(head) {
        if tier(head).is_none_or(|t| t == Tier::Device) {
            return false;
        }
        let Some((&section, path)) = rest.split_first() else {
            return true;
        };
        return match section {
            "object" => walk(&m.params, path),
            "success" => walk(&m.success, path),
            "return" => walk(&m.ret, path),
            "callback" => m
                .params
                .first()
                .is_some_and(|listener| walk(&listener.callback, path)),
            _ => false,
        };
    }
    let Some(c) = surface.component(head) else {
        return false;
    };
    match rest {
        [] => true,
        [attr] => c.attributes.iter().any(|a| a.name == *attr),
        [attr, value] => c.attributes.iter().any(|a| {
            a.name == *attr
                && (a.values.iter().any(|v| v == value)
                    || a.extension_values.iter().any(|v| v == value))
        }),
        _ => false,
    }
}
