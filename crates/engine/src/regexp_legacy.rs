//! The legacy static match properties of `RegExp` that boa 0.22 lacks and real mini-programs
//! read after `.test()` / `.replace()`: `RegExp.$1`-`$9`, `lastMatch` (`$&`), `leftContext`
//! (`` $` ``), `rightContext` (`$'`), `input` (`$_`) and `lastParen` (`$+`).
//!
//! They follow every successful match. The spec's `RegExpExec` (which `test`, `match`,
//! `matchAll`, `replace`, `search` and `split` all go through) calls `R.exec`, and boa 0.22 does
//! so too (`RegExp::abstract_exec` reads the `exec` property each time), so wrapping
//! `RegExp.prototype.exec` sees every match. The wrapper keeps the last match's result array,
//! input and index; the getters read from them (a result array the app later mutates is read as
//! mutated, which V8 would not do).
//!
//! Semantics from the TC39 "Legacy RegExp features" proposal
//! (<https://github.com/tc39/proposal-regexp-legacy-features>): the values are empty strings
//! until something matches, and a failed match leaves them as they were. UNVERIFIED: whether
//! WeChat's iOS runtime (JavaScriptCore) also updates them for subclasses of RegExp; here it does.
//!
//! This module must not know about the event loop or the app.

use std::cell::RefCell;

use boa_engine::object::FunctionObjectBuilder;
use boa_engine::property::PropertyDescriptor;
use boa_engine::{
    js_string, Context, JsNativeError, JsObject, JsResult, JsString, JsValue, NativeFunction,
};
use boa_gc::{Finalize, Trace};

/// The last successful match, kept in the context's data.
#[derive(Default)]
struct LastMatch(RefCell<Option<Matched>>);

#[derive(Clone)]
struct Matched {
    result: JsObject,
    input: JsString,
    index: usize,
}

#[derive(Trace, Finalize)]
struct Original {
    exec: JsObject,
}

#[derive(Clone, Copy)]
enum Static {
    Group(u32),
    LastMatch,
    LeftContext,
    RightContext,
    Input,
    LastParen,
}

/// Wraps `RegExp.prototype.exec` and defines the static accessors on `RegExp`.
///
/// # Errors
/// When the realm's `RegExp.prototype.exec` is missing (never in a fresh context).
pub fn install(ctx: &mut Context) -> JsResult<()> {
    ctx.insert_data(LastMatch::default());
    let regexp = ctx.intrinsics().constructors().regexp().constructor();
    let proto = ctx.intrinsics().constructors().regexp().prototype();
    let exec = proto
        .get(js_string!("exec"), ctx)?
        .as_callable()
        .ok_or_else(|| JsNativeError::typ().with_message("RegExp.prototype.exec is missing"))?;
    let wrapper = FunctionObjectBuilder::new(
        ctx.realm(),
        NativeFunction::from_copy_closure_with_captures(
            |this, args, original: &Original, ctx| {
                let result = original.exec.call(this, args, ctx)?;
                if let Some(obj) = result.as_object() {
                    remember(&obj, ctx)?;
                }
                Ok(result)
            },
            Original { exec },
        ),
    )
    .name(js_string!("exec"))
    .length(1)
    .build();
    proto.define_property_or_throw(
        js_string!("exec"),
        PropertyDescriptor::builder()
            .value(wrapper)
            .writable(true)
            .enumerable(false)
            .configurable(true),
        ctx,
    )?;

    let mut statics: Vec<(String, Static)> = (1..=9)
        .map(|n| (format!("${n}"), Static::Group(n)))
        .collect();
    for (names, which) in [
        (["lastMatch", "$&"], Static::LastMatch),
        (["leftContext", "$`"], Static::LeftContext),
        (["rightContext", "$'"], Static::RightContext),
        (["input", "$_"], Static::Input),
        (["lastParen", "$+"], Static::LastParen),
    ] {
        for name in names {
            statics.push((name.to_string(), which));
        }
    }
    for (name, which) in statics {
        let getter = FunctionObjectBuilder::new(
            ctx.realm(),
            NativeFunction::from_copy_closure(move |_, _, ctx| read(which, ctx)),
        )
        .name(js_string!(format!("get {name}")))
        .length(0)
        .build();
        regexp.define_property_or_throw(
            JsString::from(name.as_str()),
            PropertyDescriptor::builder()
                .get(getter)
                .enumerable(false)
                .configurable(true),
            ctx,
        )?;
    }
    Ok(())
}

/// Keeps a successful `exec` result (own data properties of a fresh array: reading them runs no
/// app code).
fn remember(result: &JsObject, ctx: &mut Context) -> JsResult<()> {
    let input = result
        .get(js_string!("input"), ctx)?
        .as_string()
        .unwrap_or_default();
    let index = result.get(js_string!("index"), ctx)?.to_length(ctx)?;
    let index = usize::try_from(index)
        .unwrap_or(usize::MAX)
        .min(input.len());
    if let Some(last) = ctx.get_data::<LastMatch>() {
        *last.0.borrow_mut() = Some(Matched {
            result: result.clone(),
            input,
            index,
        });
    }
    Ok(())
}

fn read(which: Static, ctx: &mut Context) -> JsResult<JsValue> {
    let Some(m) = ctx
        .get_data::<LastMatch>()
        .and_then(|l| l.0.borrow().clone())
    else {
        return Ok(js_string!().into());
    };
    let s = match which {
        Static::Group(n) => group(&m, u64::from(n), ctx)?,
        Static::LastMatch => group(&m, 0, ctx)?,
        Static::Input => m.input.clone(),
        Static::LeftContext => m.input.slice(0, m.index),
        Static::RightContext => {
            let len = group(&m, 0, ctx)?.len();
            let end = m.index.saturating_add(len).min(m.input.len());
            m.input.slice(end, m.input.len())
        }
        Static::LastParen => {
            let len = m.result.get(js_string!("length"), ctx)?.to_length(ctx)?;
            if len > 1 {
                group(&m, len - 1, ctx)?
            } else {
                js_string!()
            }
        }
    };
    Ok(s.into())
}

/// Group `i` of the match, `""` when it did not take part.
fn group(m: &Matched, i: u64, ctx: &mut Context) -> JsResult<JsString> {
    Ok(m.result.get(i, ctx)?.as_string().unwrap_or_default())
}
