//! The bindings, one module per family. Each binds table entries by name to a handler that
//! reads the options, asks its host trait, and converts the typed answer.

pub mod account;
pub mod app;
pub mod auth;
pub mod base;
mod canvas;
pub mod cloud;
pub mod encoding;
pub mod events;
pub mod fs;
pub mod gaps;
pub mod network;
pub mod objects;
pub mod payment;
pub mod privacy;
pub mod query;
pub mod settings;
pub mod soter;
pub mod storage;
pub mod subscribe;
pub mod ui;
pub mod user;

use boa_engine::{Context, JsObject, JsResult, JsString, JsValue};

use crate::install::Binding;

/// Every binding this crate implements (families whose state lives in the app model, such as
/// routing, bind there). Methods without one get a handler from the gap policy
/// ([`gaps`], [`objects`]) when `wx` is installed.
#[must_use]
pub fn bindings() -> Vec<Binding> {
    let mut all = Vec::new();
    for family in [
        storage::BINDINGS,
        auth::BINDINGS,
        user::BINDINGS,
        settings::BINDINGS,
        privacy::BINDINGS,
        payment::BINDINGS,
        subscribe::BINDINGS,
        soter::BINDINGS,
        account::BINDINGS,
        ui::BINDINGS,
        network::BINDINGS,
        base::BINDINGS,
        app::BINDINGS,
        encoding::BINDINGS,
    ] {
        all.extend_from_slice(family);
    }
    let bound: Vec<&str> = all.iter().map(|b| b.name).collect();
    all.extend(events::bindings(&bound));
    all
}

/// An option's value.
fn get(opts: &JsObject, name: &str, ctx: &mut Context) -> JsResult<JsValue> {
    opts.get(JsString::from(name), ctx)
}

/// A string option (validation already checked the type), or `None` when absent.
fn opt_string(opts: &JsObject, name: &str, ctx: &mut Context) -> JsResult<Option<String>> {
    let v = get(opts, name, ctx)?;
    if v.is_undefined() || v.is_null() {
        return Ok(None);
    }
    Ok(Some(v.to_string(ctx)?.to_std_string_escaped()))
}

/// A string option, or `""`.
fn string(opts: &JsObject, name: &str, ctx: &mut Context) -> JsResult<String> {
    Ok(opt_string(opts, name, ctx)?.unwrap_or_default())
}

/// A boolean option, or `default` when absent.
fn boolean(opts: &JsObject, name: &str, default: bool, ctx: &mut Context) -> JsResult<bool> {
    let v = get(opts, name, ctx)?;
    Ok(if v.is_undefined() {
        default
    } else {
        v.to_boolean()
    })
}

/// A number option.
fn number(opts: &JsObject, name: &str, ctx: &mut Context) -> JsResult<Option<f64>> {
    let v = get(opts, name, ctx)?;
    Ok(if v.is_undefined() {
        None
    } else {
        Some(v.to_number(ctx)?)
    })
}

/// An array option's elements: strings as they are; `Err(index)` for the first non-string.
fn strings(opts: &JsObject, name: &str, ctx: &mut Context) -> JsResult<Result<Vec<String>, usize>> {
    let v = get(opts, name, ctx)?;
    let Some(arr) = v.as_object().filter(|o| o.is_array()) else {
        return Ok(Ok(Vec::new()));
    };
    let len = arr
        .get(boa_engine::js_string!("length"), ctx)?
        .to_length(ctx)?;
    let mut out = Vec::new();
    for i in 0..len {
        let item = arr.get(i, ctx)?;
        match item.as_string() {
            Some(s) => out.push(s.to_std_string_escaped()),
            None => return Ok(Err(usize::try_from(i).unwrap_or(usize::MAX))),
        }
    }
    Ok(Ok(out))
}
