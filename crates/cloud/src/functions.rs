//! Cloud functions: `<root>/<name>/index.js` exporting `main(event, context)`, each function in
//! its own engine on its own thread (started on its first call), like the mock backends of
//! `wxbox-network`, whose loop machinery ([`wxbox_network::settle`], [`wxbox_network::drain`])
//! runs them: the function's clock is moved to the app's time when a call arrives, and a
//! returned Promise is played out on that clock up to the function's timeout.
//!
//! What a function sees (docs: developers.weixin.qq.com/miniprogram/dev/wxcloud/guide/
//! functions/wx-server-sdk.html and reference-server-api/): `require('wx-server-sdk')` (init,
//! DYNAMIC_CURRENT_ENV, getWXContext, database, callFunction, uploadFile, getTempFileURL,
//! downloadFile, deleteFile; the database is the one the mini-program sees, without its
//! permission rules), relative files and JSON, its own `node_modules`, `process.env.TCB_ENV`,
//! `console` (into the trace, tagged `cloud:<name>`), timers. `event` is the caller's `data` plus
//! `userInfo: {appId, openId}`, which the cloud injects for calls from the mini-program (the
//! official demo's `login` function reads `event.userInfo.openId`). A Node built-in module
//! (`fs`, `crypto`, ...) is an error naming the function and the module.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, Weak};

use boa_engine::builtins::promise::ResolvingFunctions;
use boa_engine::object::builtins::JsPromise;
use boa_engine::object::ObjectInitializer;
use boa_engine::property::Attribute;
use boa_engine::{
    js_string, Context, JsNativeError, JsObject, JsResult, JsString, JsValue, NativeFunction,
};
use crossbeam_channel::{Receiver, Sender};
use serde_json::{json, Map, Value};
use wxbox_engine::convert::{inspect, string_arg, to_json};
use wxbox_engine::modules::SourceProvider;
use wxbox_engine::timers::event_loop;
use wxbox_engine::{EngineConfig, Runtime};
use wxbox_host::cloud::{CloudError, CloudOp};
use wxbox_network::Settled;

use crate::Shared;

const SDK_SHIM: &str = include_str!("../../../js-shims/cloud-sdk.js");

/// The glue that makes `wx-server-sdk` from the shared SDK and the natives.
const SERVER_GLUE: &str = r"(function (factory, native, env) {
  'use strict';
  var sdk;
  var send = function (api, options) {
    return native.send(api, options).then(function (r) { return sdk.decode(r); });
  };
  sdk = factory(send, 'server');
  var cloud = sdk.makeCloud({ env: env, inited: true, defaultEnv: env });
  cloud.getWXContext = function () { return native.context(); };
  cloud.DYNAMIC_CURRENT_ENV = sdk.DYNAMIC_CURRENT_ENV;
  cloud.logger = function () {
    return { log: console.log, info: console.info, warn: console.warn, error: console.error };
  };
  function unsupported(path) {
    return new Proxy(function () {}, {
      get: function (_, k) { return typeof k === 'string' ? unsupported(path + '.' + k) : undefined; },
      apply: function () {
        return Promise.reject(new Error('wxbox: ' + path + ' is not simulated'));
      },
    });
  }
  cloud.openapi = unsupported('cloud.openapi');
  cloud.cloudPay = unsupported('cloud.cloudPay');
  var process = {
    env: { TCB_ENV: env, SCF_NAMESPACE: env, TENCENTCLOUD_RUNENV: 'SCF' },
    platform: 'linux',
    version: 'v16.13.0',
    nextTick: function (f) {
      var args = Array.prototype.slice.call(arguments, 1);
      Promise.resolve().then(function () { f.apply(null, args); });
    },
  };
  return { cloud: cloud, process: process };
})";

/// Node's built-in modules: a function that requires one gets an error naming it, not a
/// silent `undefined`.
const NODE_BUILTINS: &[&str] = &[
    "assert",
    "async_hooks",
    "buffer",
    "child_process",
    "cluster",
    "crypto",
    "dgram",
    "dns",
    "events",
    "fs",
    "http",
    "http2",
    "https",
    "module",
    "net",
    "os",
    "path",
    "perf_hooks",
    "process",
    "querystring",
    "readline",
    "stream",
    "string_decoder",
    "timers",
    "tls",
    "tty",
    "url",
    "util",
    "v8",
    "vm",
    "worker_threads",
    "zlib",
];

/// Where DevTools' build would put packages, and where a function's own live.
const NPM: &str = "miniprogram_npm/";
const NODE_MODULES: &str = "node_modules/";

/// A function's files: its folder, with `node_modules` where the module resolver looks for
/// `miniprogram_npm`, `wx-server-sdk` provided, and Node's built-ins answering with an error.
struct FunctionSource {
    dir: PathBuf,
    name: String,
}

impl FunctionSource {
    fn real(&self, path: &str) -> PathBuf {
        self.dir.join(path.replace(NPM, NODE_MODULES))
    }

    /// A module wxbox provides instead of a file.
    fn provided(&self, path: &str) -> Option<String> {
        let at = path.rfind(NPM)?;
        let rest = &path[at + NPM.len()..];
        let package = rest.strip_suffix("/index.js")?;
        if package == "wx-server-sdk" {
            return Some("module.exports = __wxbox_cloud_sdk;".into());
        }
        let builtin = package.strip_prefix("node:").unwrap_or(package);
        if NODE_BUILTINS.contains(&builtin) && !self.real(path).is_file() {
            let why = format!(
                "cloud function {:?} requires Node's built-in module {builtin:?}, which wxbox's \
                 cloud functions do not provide (they have wx-server-sdk, relative files, their \
                 own node_modules, console and timers)",
                self.name
            );
            return Some(format!("throw new Error({});", Value::String(why)));
        }
        None
    }
}

impl SourceProvider for FunctionSource {
    fn read(&self, path: &str) -> Option<String> {
        if let Some(text) = self.provided(path) {
            return Some(text);
        }
        std::fs::read_to_string(self.real(path)).ok()
    }

    fn exists(&self, path: &str) -> bool {
        self.provided(path).is_some() || self.real(path).is_file()
    }
}

/// Called once with a function's result and the console lines it wrote.
pub type Done = Box<dyn FnOnce(Result<Value, CloudError>, Vec<Value>) + Send>;

/// One call of a function.
pub struct Invocation {
    /// The `event` (the caller's data and `userInfo`).
    pub event: Value,
    /// What `cloud.getWXContext()` answers.
    pub wx_context: Value,
    /// The environment.
    pub env: String,
    /// The caller's time (sandbox ms).
    pub now_ms: u64,
    /// The call's id.
    pub request_id: String,
    /// Receives the result (or failure) and the function's trace, on the function's thread.
    pub done: Done,
}

/// The functions of one cloud, each started on its first call.
pub struct Functions {
    root: Option<PathBuf>,
    engine: EngineConfig,
    timeout_ms: Option<u64>,
    threads: Mutex<HashMap<String, Sender<Invocation>>>,
}

impl std::fmt::Debug for Functions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Functions")
            .field("root", &self.root)
            .finish_non_exhaustive()
    }
}

/// SCF's default execution timeout (developers report "Invoking task timed out after 3
/// seconds", github.com/Mint-green/UnlearnableWord issue 10).
const DEFAULT_TIMEOUT_MS: u64 = 3_000;

impl Functions {
    /// The functions under `root` (none when `None`), run with `engine`'s clock settings.
    #[must_use]
    pub fn new(root: Option<PathBuf>, engine: EngineConfig, timeout_ms: Option<u64>) -> Self {
        Functions {
            root,
            engine,
            timeout_ms,
            threads: Mutex::new(HashMap::new()),
        }
    }

    /// The folder of function `name`, when it has an `index.js`.
    fn dir_of(&self, name: &str) -> Option<PathBuf> {
        let root = self.root.as_ref()?;
        let ok = !name.is_empty()
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        let dir = root.join(name);
        (ok && dir.join("index.js").is_file()).then_some(dir)
    }

    /// Runs `call` on function `name`'s thread; answers at once when there is no such function.
    pub fn invoke(&self, shared: &Arc<Shared>, name: &str, call: Invocation) {
        let Some(dir) = self.dir_of(name) else {
            (call.done)(
                Err(CloudError::FunctionNotFound(name.to_string())),
                Vec::new(),
            );
            return;
        };
        let mut threads = self
            .threads
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let tx = match threads.get(name) {
            Some(tx) => tx.clone(),
            None => {
                let (tx, rx) = crossbeam_channel::unbounded::<Invocation>();
                let weak = Arc::downgrade(shared);
                let engine = self.engine;
                let fname = name.to_string();
                let timeout = timeout_of(&dir)
                    .or(self.timeout_ms)
                    .unwrap_or(DEFAULT_TIMEOUT_MS);
                let started = std::thread::Builder::new()
                    .name(format!("wxbox-cloud {name}"))
                    // As the sandbox and backend threads: the engine recurses deeply.
                    .stack_size(256 * 1024 * 1024)
                    .spawn(move || serve(&dir, &fname, timeout, &weak, engine, &rx));
                if let Err(e) = started {
                    drop(threads);
                    (call.done)(
                        Err(CloudError::Unsupported(format!("cannot start {name}: {e}"))),
                        Vec::new(),
                    );
                    return;
                }
                threads.insert(name.to_string(), tx.clone());
                tx
            }
        };
        drop(threads);
        if let Err(e) = tx.send(call) {
            let call = e.into_inner();
            (call.done)(
                Err(CloudError::Unsupported(format!("function {name} stopped"))),
                Vec::new(),
            );
        }
    }
}

/// `config.json`'s `timeout` in seconds, when the function has one.
fn timeout_of(dir: &Path) -> Option<u64> {
    let text = std::fs::read_to_string(dir.join("config.json")).ok()?;
    let v: Value = serde_json::from_str(&text).ok()?;
    let s = v.get("timeout")?.as_f64().filter(|s| *s > 0.0)?;
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let ms = (s * 1000.0) as u64;
    Some(ms)
}

/// The running function, kept in its engine's context data.
struct Running {
    shared: Weak<Shared>,
    name: String,
    wx_context: std::cell::RefCell<Value>,
    env: std::cell::RefCell<String>,
    next: std::cell::Cell<u64>,
    waiting: std::cell::RefCell<HashMap<u64, ResolvingFunctions>>,
}

fn party(name: &str) -> String {
    format!("cloud:{name}")
}

fn serve(
    dir: &Path,
    name: &str,
    timeout_ms: u64,
    shared: &Weak<Shared>,
    engine: EngineConfig,
    rx: &Receiver<Invocation>,
) {
    let source = FunctionSource {
        dir: dir.to_path_buf(),
        name: name.to_string(),
    };
    let mut rt = match Runtime::new(engine, Box::new(source)) {
        Ok(rt) => rt,
        Err(e) => {
            for call in rx {
                (call.done)(Err(CloudError::Unsupported(e.to_string())), Vec::new());
            }
            return;
        }
    };
    let mut loaded: Option<Result<JsObject, String>> = None;
    for call in rx {
        rt.event_loop().clock().advance_to(call.now_ms);
        let exports = loaded
            .get_or_insert_with(|| load(&mut rt, name, &call.env, shared))
            .clone();
        let outcome = run(&mut rt, name, exports, &call, timeout_ms);
        let mut far = drain_all(&rt, name);
        if let Err(CloudError::FunctionFailed { message, .. }) = &outcome {
            far.push(json!({"kind": "error", "origin": party(name), "message": message}));
        }
        (call.done)(outcome, far);
    }
}

fn drain_all(rt: &Runtime, name: &str) -> Vec<Value> {
    wxbox_network::drain(rt, &party(name))
}

/// Installs the SDK and `process`, then loads `index.js`.
fn load(
    rt: &mut Runtime,
    name: &str,
    env: &str,
    shared: &Weak<Shared>,
) -> Result<JsObject, String> {
    install(rt.context(), name, env, shared)
        .map_err(|e| format!("{name}: cannot install wx-server-sdk: {e}"))?;
    let exports = rt.require("index.js").map_err(|e| {
        let err = wxbox_engine::ScriptError::runtime(&e).to_string();
        // A Node built-in's stand-in throws from a module path of wxbox's making: its message
        // alone says what happened.
        match err.find("Error: cloud function ") {
            Some(at) if err.contains("built-in module") => err[at..].to_string(),
            _ => format!("{name}/{err}"),
        }
    })?;
    exports
        .as_object()
        .ok_or_else(|| format!("{name}/index.js: module.exports is not an object"))
}

fn install(ctx: &mut Context, name: &str, env: &str, shared: &Weak<Shared>) -> JsResult<()> {
    ctx.insert_data(Running {
        shared: shared.clone(),
        name: name.to_string(),
        wx_context: std::cell::RefCell::new(Value::Null),
        env: std::cell::RefCell::new(env.to_string()),
        next: std::cell::Cell::new(0),
        waiting: std::cell::RefCell::new(HashMap::new()),
    });
    let factory = wxbox_engine::code_cache::eval(ctx, SDK_SHIM)?;
    let glue = wxbox_engine::code_cache::eval(ctx, SERVER_GLUE)?;
    let send = NativeFunction::from_fn_ptr(send);
    let context = NativeFunction::from_fn_ptr(|_, _, ctx| {
        let v = ctx
            .get_data::<Running>()
            .map(|r| r.wx_context.borrow().clone())
            .unwrap_or(Value::Null);
        JsValue::from_json(&v, ctx)
    });
    let native = ObjectInitializer::new(ctx)
        .function(send, js_string!("send"), 2)
        .function(context, js_string!("context"), 0)
        .build();
    let made = glue
        .as_callable()
        .ok_or_else(|| JsNativeError::typ().with_message("server glue is not a function"))?
        .call(
            &JsValue::undefined(),
            &[factory, native.into(), JsString::from(env).into()],
            ctx,
        )?;
    let made = made
        .as_object()
        .ok_or_else(|| JsNativeError::typ().with_message("server glue returned nothing"))?;
    let cloud = made.get(js_string!("cloud"), ctx)?;
    let process = made.get(js_string!("process"), ctx)?;
    ctx.register_global_property(js_string!("__wxbox_cloud_sdk"), cloud, Attribute::empty())?;
    ctx.register_global_property(js_string!("process"), process, Attribute::all())?;
    Ok(())
}

fn run(
    rt: &mut Runtime,
    name: &str,
    exports: Result<JsObject, String>,
    call: &Invocation,
    timeout_ms: u64,
) -> Result<Value, CloudError> {
    let failed = |message: String| CloudError::FunctionFailed {
        request_id: call.request_id.clone(),
        message,
    };
    let exports = exports.map_err(failed)?;
    let ctx = rt.context();
    if let Some(r) = ctx.get_data::<Running>() {
        *r.wx_context.borrow_mut() = call.wx_context.clone();
        *r.env.borrow_mut() = call.env.clone();
    }
    let main = exports
        .get(js_string!("main"), ctx)
        .ok()
        .and_then(|v| v.as_callable())
        .ok_or_else(|| failed(format!("{name}/index.js does not export a main function")))?;
    let event = JsValue::from_json(&call.event, ctx).map_err(|e| failed(e.to_string()))?;
    let context = JsValue::from_json(
        &json!({
            "request_id": call.request_id,
            "function_name": name,
            "function_version": "$LATEST",
            "namespace": call.env,
            "memory_limit_in_mb": 256,
            "time_limit_in_ms": timeout_ms,
            "callbackWaitsForEmptyEventLoop": false,
        }),
        ctx,
    )
    .map_err(|e| failed(e.to_string()))?;
    let returned = main
        .call(&JsValue::undefined(), &[event, context], ctx)
        .map_err(|e| {
            let v = e.into_opaque(ctx).unwrap_or_default();
            failed(error_text(&v, ctx))
        })?;
    let value =
        match wxbox_network::await_returned(rt, returned, call.now_ms.saturating_add(timeout_ms)) {
            Settled::Value(v) => v,
            Settled::Rejected(reason) => return Err(failed(error_text(&reason, rt.context()))),
            Settled::Budget(why) => return Err(failed(format!("{name}: {why}"))),
            Settled::Timeout => return Err(CloudError::FunctionTimeout(timeout_ms.div_ceil(1000))),
        };
    let ctx = rt.context();
    Ok(if value.is_undefined() {
        Value::Null
    } else {
        to_json(&value, ctx).unwrap_or(Value::Null)
    })
}

/// `Error: message` for a thrown Error (as WeChat's "error message Error: ..."), else the value
/// as the console shows it.
fn error_text(v: &JsValue, ctx: &mut Context) -> String {
    if let Some(o) = v.as_object() {
        if wxbox_engine::errors::is_error(v) {
            let name = o
                .get(js_string!("name"), ctx)
                .ok()
                .and_then(|n| n.as_string().map(|s| s.to_std_string_escaped()))
                .unwrap_or_else(|| "Error".into());
            let message = o
                .get(js_string!("message"), ctx)
                .ok()
                .and_then(|n| n.as_string().map(|s| s.to_std_string_escaped()))
                .unwrap_or_default();
            return format!("{name}: {message}");
        }
    }
    inspect(v, ctx, true)
}

/// `native.send(api, options)`: the server SDK's calls, as the admin. A Promise of the answer's
/// JSON (with `errMsg`), or a rejection with an Error carrying `errCode` and `errMsg`.
fn send(_: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    let api = string_arg(args, 0, ctx)?;
    let options = match args.get(1) {
        Some(v) => to_json(v, ctx).unwrap_or(Value::Null),
        None => Value::Null,
    };
    let (promise, resolvers) = JsPromise::new_pending(ctx);
    let running = ctx
        .get_data::<Running>()
        .ok_or_else(|| JsNativeError::typ().with_message("wx-server-sdk is not installed"))?;
    let shared = running.shared.upgrade();
    let me = running.name.clone();
    let env = options
        .get("env")
        .and_then(Value::as_str)
        .map_or_else(|| running.env.borrow().clone(), str::to_string);
    let Some(shared) = shared else {
        settle_now(
            ctx,
            &resolvers,
            &api,
            Err(CloudError::Unsupported("the cloud is gone".into())),
        )?;
        return Ok(promise.into());
    };
    // Server uploads carry `fileContent` (a Buffer in Node; text here).
    let bytes = options
        .get("fileContent")
        .and_then(Value::as_str)
        .map(|s| s.as_bytes().to_vec());
    let op = match CloudOp::from_options(&api, &options, bytes) {
        Ok(op) => op,
        Err(e) => {
            settle_now(ctx, &resolvers, &api, Err(e))?;
            return Ok(promise.into());
        }
    };
    if let CloudOp::CallFunction { name, data } = op {
        if name == me {
            let why =
                format!("wxbox runs one call of a function at a time: {me} cannot call itself");
            settle_now(ctx, &resolvers, &api, Err(CloudError::Unsupported(why)))?;
            return Ok(promise.into());
        }
        let (id, now) = {
            let l = event_loop(ctx)?;
            let running = ctx.get_data::<Running>().ok_or_else(|| {
                JsNativeError::typ().with_message("wx-server-sdk is not installed")
            })?;
            let id = running.next.get() + 1;
            running.next.set(id);
            running.waiting.borrow_mut().insert(id, resolvers);
            (id, l.clock().now_ms())
        };
        let mut wx = ctx
            .get_data::<Running>()
            .map(|r| r.wx_context.borrow().clone())
            .unwrap_or(Value::Null);
        if let Some(m) = wx.as_object_mut() {
            // SOURCE follows the chain (getWXContext docs: "wx_client,scf").
            let source = m
                .get("SOURCE")
                .and_then(Value::as_str)
                .unwrap_or("wx_client");
            let chained = format!("{source},scf");
            m.insert("SOURCE".into(), Value::String(chained));
        }
        let ticket = event_loop(ctx)?.ticket("cloud.callFunction");
        let api2 = api.clone();
        let request_id = shared.request_id();
        // The caller's user goes along (UNVERIFIED: that the cloud injects `userInfo` into a
        // call from another function as it does for the mini-program's).
        let mut event = match data {
            Value::Object(m) => m,
            _ => Map::new(),
        };
        if let Some(m) = wx.as_object() {
            event.insert(
                "userInfo".into(),
                json!({ "appId": m.get("APPID"), "openId": m.get("OPENID") }),
            );
        }
        let event = Value::Object(event);
        crate::Shared::call_function(
            &shared,
            &name,
            event,
            wx,
            env,
            now,
            request_id.clone(),
            Box::new(move |outcome, far| {
                ticket.complete(Box::new(move |ctx| {
                    let l = event_loop(ctx)?;
                    for v in far {
                        if let Ok(e) = serde_json::from_value(v) {
                            l.trace().push(e);
                        }
                    }
                    let resolvers = ctx
                        .get_data::<Running>()
                        .and_then(|r| r.waiting.borrow_mut().remove(&id));
                    let Some(resolvers) = resolvers else {
                        return Ok(());
                    };
                    let outcome = outcome.map(|result| {
                        let mut m = Map::new();
                        m.insert("result".into(), result);
                        m.insert("requestID".into(), Value::String(request_id));
                        m
                    });
                    settle_now(ctx, &resolvers, &api2, outcome)
                }));
            }),
        );
        return Ok(promise.into());
    }
    let outcome = shared.run_admin(&env, op);
    settle_now(ctx, &resolvers, &api, outcome)?;
    Ok(promise.into())
}

fn settle_now(
    ctx: &mut Context,
    resolvers: &ResolvingFunctions,
    api: &str,
    outcome: Result<Map<String, Value>, CloudError>,
) -> JsResult<()> {
    match outcome {
        Ok(mut m) => {
            m.insert("errMsg".into(), Value::String(format!("{api}:ok")));
            let v = JsValue::from_json(&Value::Object(m), ctx)?;
            resolvers.resolve.call(&JsValue::undefined(), &[v], ctx)?;
        }
        Err(e) => {
            let err_msg = format!("{api}:fail {e}");
            let err = JsNativeError::error()
                .with_message(err_msg.clone())
                .into_opaque(ctx);
            err.set(js_string!("errCode"), e.code(), true, ctx)?;
            err.set(js_string!("errMsg"), JsString::from(err_msg), true, ctx)?;
            resolvers
                .reject
                .call(&JsValue::undefined(), &[err.into()], ctx)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sdk_and_builtins_are_provided_and_node_modules_are_read() {
        let dir = std::env::temp_dir().join(format!("wxbox-cloud-src-{}", std::process::id()));
        let _ = std::fs::create_dir_all(dir.join("node_modules/left-pad"));
        let _ = std::fs::write(
            dir.join("node_modules/left-pad/index.js"),
            "module.exports = 1;",
        );
        let s = FunctionSource {
            dir: dir.clone(),
            name: "f".into(),
        };
        assert!(s
            .read("miniprogram_npm/wx-server-sdk/index.js")
            .is_some_and(|t| t.contains("__wxbox_cloud_sdk")));
        assert!(s
            .read("miniprogram_npm/fs/index.js")
            .is_some_and(|t| t.contains("built-in module \\\"fs\\\"")));
        assert!(s.exists("miniprogram_npm/left-pad/index.js"));
        assert!(!s.exists("miniprogram_npm/nope/index.js"));
        let _ = std::fs::remove_dir_all(dir);
    }
}
