//! `console`: every level is captured into the trace (and forwarded to `tracing` by the trace).

use boa_engine::object::ObjectInitializer;
use boa_engine::property::Attribute;
use boa_engine::{js_string, Context, JsResult, JsString, JsValue, NativeFunction};

use crate::convert::format_console_args;
use crate::timers::event_loop;
use crate::trace::{Event, Level};

fn emit(ctx: &mut Context, level: Level, text: String) -> JsResult<JsValue> {
    event_loop(ctx)?.trace().push(Event::Console {
        level,
        text,
        party: None,
    });
    Ok(JsValue::undefined())
}

/// The console methods and the level each one records at.
const METHODS: &[(&str, Level)] = &[
    ("log", Level::Log),
    ("info", Level::Info),
    ("warn", Level::Warn),
    ("error", Level::Error),
    ("debug", Level::Debug),
    ("trace", Level::Debug),
    ("table", Level::Log),
    ("dir", Level::Log),
    ("group", Level::Log),
    ("groupCollapsed", Level::Log),
];

fn level_of(index: usize) -> Level {
    METHODS.get(index).map_or(Level::Log, |m| m.1)
}

/// Registers the global `console` object.
///
/// # Errors
/// When the global cannot be defined (never in a fresh context).
pub fn install(ctx: &mut Context) -> JsResult<()> {
    let mut init = ObjectInitializer::new(ctx);
    for (index, (name, _)) in METHODS.iter().enumerate() {
        init.function(
            NativeFunction::from_copy_closure(move |_, args, ctx| {
                let text = format_console_args(args, ctx);
                emit(ctx, level_of(index), text)
            }),
            JsString::from(*name),
            0,
        );
    }
    init.function(
        NativeFunction::from_fn_ptr(|_, args, ctx| {
            if args.first().is_some_and(JsValue::to_boolean) {
                return Ok(JsValue::undefined());
            }
            let rest = args.get(1..).unwrap_or_default();
            let text = format_console_args(rest, ctx);
            let text = if text.is_empty() {
                "Assertion failed".to_string()
            } else {
                format!("Assertion failed: {text}")
            };
            emit(ctx, Level::Error, text)
        }),
        js_string!("assert"),
        0,
    );
    init.function(
        NativeFunction::from_fn_ptr(|_, _, _| Ok(JsValue::undefined())),
        js_string!("groupEnd"),
        0,
    );
    let console = init.build();
    ctx.register_global_property(js_string!("console"), console, Attribute::all())?;
    Ok(())
}
