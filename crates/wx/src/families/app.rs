//! Facts about the running mini-program: `getExtConfigSync` / `getExtConfig` (the `ext` field of
//! the app's `ext.json`), `getLaunchOptionsSync` / `getEnterOptionsSync` (the launch route, set by
//! the app layer with [`set_launch`]), and `nextTick`.
//!
//! This module reads the app directory only through [`wxbox_host::AccountHost::app_dir`]; it
//! does not know the app model.

use boa_engine::{Context, JsResult, JsValue};
use serde_json::{json, Map, Value};
use wxbox_engine::timers::event_loop;

use crate::call::{Payload, Request};
use crate::error::WxError;
use crate::hosts;
use crate::install::{Binding, Tier};
use crate::spec::ApiSpec;

/// The app bindings.
pub const BINDINGS: &[Binding] = &[
    Binding::sync("getExtConfigSync", Tier::Simulated, ext_config_sync),
    Binding::run("getExtConfig", Tier::Simulated, ext_config),
    Binding::sync("getLaunchOptionsSync", Tier::Simulated, launch_options),
    Binding::sync("getEnterOptionsSync", Tier::Simulated, launch_options),
    Binding::sync("nextTick", Tier::Deep, next_tick),
];

/// How the app was opened, as `getLaunchOptionsSync` reports it.
#[derive(Debug, Clone, PartialEq)]
pub struct Launch {
    /// The page route without a leading `/` (`pages/index/index`).
    pub path: String,
    /// The launch query.
    pub query: Map<String, Value>,
    /// The scene value; 1001 is "opened from the chat's top pull-down list / recent use",
    /// the ordinary launch (docs: developers.weixin.qq.com/miniprogram/dev/reference/scene-list.html).
    pub scene: u32,
}

/// Records how the app was opened; the app layer calls this when it knows the first route.
/// Until then the answer is the app's entry page (`entryPagePath`, else the first of `pages` in
/// `app.json`), no query, scene 1001.
pub fn set_launch(ctx: &mut Context, launch: Launch) {
    ctx.insert_data(launch);
}

fn read_json(name: &str, ctx: &Context) -> JsResult<Option<Value>> {
    let Some(dir) = hosts(ctx)?.account.borrow().app_dir() else {
        return Ok(None);
    };
    let Ok(text) = std::fs::read_to_string(dir.join(name)) else {
        return Ok(None);
    };
    Ok(serde_json::from_str(&text).ok())
}

/// `ext.json`'s `ext` object, or `{}` when there is none or `extEnable` is false (third-party
/// platform docs: developers.weixin.qq.com/miniprogram/dev/devtools/ext.html, "extEnable:
/// 配置 ext.json 是否生效"). An `ext.json` that does not parse counts as absent (UNVERIFIED: the
/// devtools refuse to compile it).
fn ext(ctx: &Context) -> JsResult<Map<String, Value>> {
    let Some(Value::Object(file)) = read_json("ext.json", ctx)? else {
        return Ok(Map::new());
    };
    if file.get("extEnable") == Some(&Value::Bool(false)) {
        return Ok(Map::new());
    }
    Ok(match file.get("ext") {
        Some(Value::Object(m)) => m.clone(),
        _ => Map::new(),
    })
}

fn ext_config_sync(
    _: &'static ApiSpec,
    _: &[JsValue],
    ctx: &mut Context,
) -> JsResult<Result<JsValue, WxError>> {
    let m = ext(ctx)?;
    Ok(Ok(JsValue::from_json(&Value::Object(m), ctx)?))
}

fn ext_config(req: Request, ctx: &mut Context) -> JsResult<()> {
    let mut m = Map::new();
    m.insert("extConfig".into(), Value::Object(ext(ctx)?));
    req.completion.complete(Ok(Payload::Json(m)));
    Ok(())
}

fn entry_page(ctx: &Context) -> JsResult<String> {
    let app = read_json("app.json", ctx)?;
    let path = app.as_ref().and_then(|a| {
        a.get("entryPagePath")
            .and_then(Value::as_str)
            .or_else(|| a.get("pages")?.get(0)?.as_str())
    });
    Ok(path.unwrap_or_default().trim_start_matches('/').to_string())
}

fn launch_options(
    _: &'static ApiSpec,
    _: &[JsValue],
    ctx: &mut Context,
) -> JsResult<Result<JsValue, WxError>> {
    let launch = match ctx.get_data::<Launch>() {
        Some(l) => l.clone(),
        None => Launch {
            path: entry_page(ctx)?,
            query: Map::new(),
            scene: 1001,
        },
    };
    let v = json!({
        "path": launch.path,
        "query": launch.query,
        "scene": launch.scene,
        "referrerInfo": {},
        "forwardMaterials": [],
        "apiCategory": "default",
    });
    Ok(Ok(JsValue::from_json(&v, ctx)?))
}

/// `nextTick(callback)`: runs `callback` after the current task, before timers.
fn next_tick(
    _: &'static ApiSpec,
    args: &[JsValue],
    ctx: &mut Context,
) -> JsResult<Result<JsValue, WxError>> {
    if let Some(f) = args.first().and_then(JsValue::as_callable) {
        event_loop(ctx)?.post(
            "wx.nextTick",
            Box::new(move |ctx| {
                if let Err(e) = f.call(&JsValue::undefined(), &[], ctx) {
                    event_loop(ctx)?.report_error(ctx, &e, "wx.nextTick");
                }
                Ok(())
            }),
        );
    }
    Ok(Ok(JsValue::undefined()))
}
