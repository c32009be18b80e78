//! One test file in an engine of its own, as an automator test runs in Node beside DevTools:
//! jest's globals, `require` of relative files, of `path` and of `miniprogram-automator`,
//! `__dirname`, `console`, `process.cwd()` / `process.env`; its timers on a virtual clock of
//! its own (a test's `setTimeout(r, 5000)` costs nothing). It reaches the app only through the
//! automator's calls ([`crate::bridge`]).

use std::cell::RefCell;
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::time::{Duration, Instant};

use boa_engine::builtins::promise::PromiseState;
use boa_engine::object::builtins::JsPromise;
use boa_engine::{js_string, Context, JsNativeError, JsResult, JsString, JsValue, NativeFunction};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use wxbox_engine::convert::{inspect, to_json};
use wxbox_engine::modules::SourceProvider;
use wxbox_engine::{EngineConfig, Event, RunBudget, Runtime};

use crate::bridge::{Bridge, BridgeRef, Defaults};
use crate::frames;

/// What a worker is asked to run: one file, and how.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct FileJob {
    /// The test file (absolute).
    pub file: PathBuf,
    /// Where `wxbox test` runs (relative paths in tests and options start here).
    pub cwd: PathBuf,
    /// `-t`: run only tests whose full name matches this regular expression.
    pub pattern: Option<String>,
    /// Per-test timeout (ms of the test's own virtual clock), jest's `testTimeout`.
    pub timeout_ms: u64,
    /// `-u`: rewrite snapshots that do not match.
    pub update: bool,
    /// `--ci`: do not write new snapshots; a missing one fails.
    pub ci: bool,
    /// `--bail`: stop the file at its first failure.
    pub bail: bool,
    /// The app `launch()` opens without a `projectPath` (`[test] app`).
    pub app: Option<PathBuf>,
    /// Wall time the whole file may take inside the engine.
    pub wall_ms: u64,
    /// The backend `launch()` starts by default (`[test] backend`).
    pub backend: Option<Value>,
}

/// The shims every test file's engine evaluates first, with the names their stack frames show.
const SHIMS: &[(&str, &str)] = &[
    ("<wxbox>/pretty.js", include_str!("../js/pretty.js")),
    ("<wxbox>/expect.js", include_str!("../js/expect.js")),
    ("<wxbox>/jest.js", include_str!("../js/jest.js")),
];

/// Where `require('miniprogram-automator')` and `require('path')` lead: the resolver looks
/// for bare names in `miniprogram_npm/` up to the root, and the root here is `/`.
const BUILTINS: &[(&str, &str)] = &[
    (
        "miniprogram_npm/miniprogram-automator/index.js",
        include_str!("../js/automator.js"),
    ),
    (
        "miniprogram_npm/path/index.js",
        include_str!("../js/path.js"),
    ),
];

/// The file system from `/`, with the built-in modules, and each file's `__filename` and
/// `__dirname` declared on its first line (so line numbers stay true).
struct TestSource;

impl SourceProvider for TestSource {
    fn read(&self, path: &str) -> Option<String> {
        if let Some((_, src)) = BUILTINS.iter().find(|(p, _)| *p == path) {
            return Some((*src).to_string());
        }
        let full = Path::new("/").join(path);
        let text = std::fs::read_to_string(&full).ok()?;
        if !path.ends_with(".js") && !path.ends_with(".ts") && !path.ends_with(".mjs") {
            return Some(text);
        }
        let file = full.display().to_string();
        let dir = full
            .parent()
            .map_or_else(|| "/".to_string(), |d| d.display().to_string());
        Some(format!(
            "var __filename = {}, __dirname = {};{text}",
            json!(file),
            json!(dir)
        ))
    }

    fn exists(&self, path: &str) -> bool {
        BUILTINS.iter().any(|(p, _)| *p == path) || Path::new("/").join(path).is_file()
    }
}

/// Where messages go while the file runs: the worker's stdout, or a test's buffer.
pub type Sink = Rc<dyn Fn(&Value)>;

#[derive(Clone)]
struct SinkRef(Sink);

fn report(_: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    let v = args.first().cloned().unwrap_or_default();
    let v = to_json(&v, ctx).map_err(|e| JsNativeError::typ().with_message(e.to_string()))?;
    if let Some(sink) = ctx.get_data::<SinkRef>().cloned() {
        (sink.0)(&v);
    }
    Ok(JsValue::undefined())
}

fn automation(_: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    let op = wxbox_engine::convert::string_arg(args, 0, ctx)?;
    let payload = wxbox_engine::convert::string_arg(args, 1, ctx)?;
    let payload: Value = serde_json::from_str(&payload)
        .map_err(|e| JsNativeError::typ().with_message(format!("{op}: {e}")))?;
    let bridge = ctx
        .get_data::<BridgeRef>()
        .cloned()
        .ok_or_else(|| JsNativeError::typ().with_message("no automation bridge"))?;
    let answer = bridge.0.borrow_mut().call(&op, &payload);
    match answer {
        // The value JSON.parse would make of `v`'s text, built directly: printing and re-parsing
        // the answers was 5% of a launch-tap-check test.
        Ok(v) => JsValue::from_json(&v, ctx),
        Err(e) => Err(JsNativeError::error().with_message(e).into()),
    }
}

fn install(ctx: &mut Context, job: &FileJob) -> JsResult<()> {
    let global = ctx.global_object();
    global.set(
        js_string!("__wxbox_call"),
        NativeFunction::from_fn_ptr(automation).to_js_function(ctx.realm()),
        false,
        ctx,
    )?;
    global.set(
        js_string!("__wxbox_report"),
        NativeFunction::from_fn_ptr(report).to_js_function(ctx.realm()),
        false,
        ctx,
    )?;
    let env: serde_json::Map<String, Value> = std::env::vars()
        .map(|(k, v)| (k, Value::String(v)))
        .collect();
    let process = format!(
        "(function (cwd, env) {{ globalThis.process = {{ cwd: function () {{ return cwd; }}, env: env, platform: 'linux', argv: ['wxbox', 'test'], version: 'v20.0.0', versions: {{}}, exitCode: 0 }}; globalThis.global = globalThis; }})({}, {})",
        json!(job.cwd.display().to_string()),
        Value::Object(env)
    );
    ctx.eval(boa_engine::Source::from_bytes(process.as_bytes()))?;
    for (name, src) in SHIMS {
        let source = boa_engine::Source::from_bytes(src.as_bytes()).with_path(Path::new(name));
        ctx.eval(source)?;
    }
    Ok(())
}

/// The path the engine knows a file by (relative to `/`).
fn engine_path(p: &Path) -> String {
    p.display().to_string().trim_start_matches('/').to_string()
}

/// Runs one test file and returns its report (`file`, `tests`, `errors`, `console`,
/// `snapshot`, `script`); `sink` receives `test_start` / `test_end` as they happen.
#[must_use]
pub fn run_file(job: &FileJob, sink: Sink) -> Value {
    let started = Instant::now();
    let rel = engine_path(&job.file);
    let mut errors: Vec<Value> = Vec::new();
    let mut runtime = match Runtime::new(
        EngineConfig {
            code_strings: true,
            ..EngineConfig::default()
        },
        Box::new(TestSource),
    ) {
        Ok(r) => r,
        Err(e) => return failed_file(job, &e.to_string()),
    };
    runtime.modules().set_cache_dir(None);
    // Stack positions of compiled files (ES modules, TypeScript) map back to the source.
    let map: Rc<frames::Mapper> = {
        let modules = runtime.modules().clone();
        Rc::new(move |f: &str, l: u32, c: u32| modules.original_position(f, l, c))
    };
    // Failures are located in the test file before they leave the worker (it has the files).
    let current: Rc<RefCell<Option<Value>>> = Rc::default();
    let sink: Sink = {
        let rel = rel.clone();
        let current = current.clone();
        let map = map.clone();
        Rc::new(move |v: &Value| {
            let mut v = v.clone();
            if v["type"] == "test_start" {
                *current.borrow_mut() = Some(v.clone());
            }
            if v["type"] == "test_end" {
                *current.borrow_mut() = None;
                if let Some(fs) = v["result"]["failures"].as_array() {
                    let located = fs
                        .iter()
                        .map(|f| frames::failure_value(f, &rel, &*map))
                        .collect();
                    v["result"]["failures"] = Value::Array(located);
                }
            }
            sink(&v);
        })
    };
    let bridge = Rc::new(RefCell::new(Bridge::new(Defaults {
        cwd: job.cwd.clone(),
        app: job.app.clone(),
        backend: job.backend.clone(),
    })));
    {
        let ctx = runtime.context();
        ctx.insert_data(BridgeRef(bridge.clone()));
        ctx.insert_data(SinkRef(sink.clone()));
        if let Err(e) = install(ctx, job) {
            return failed_file(job, &format!("the test engine could not start: {e}"));
        }
    }
    let running: Running = Rc::new(RefCell::new(None));
    let limits: Rc<RefCell<Vec<wxbox_engine::ScriptError>>> = Rc::default();
    route_uncaught(&runtime, &running, &limits);
    let snap_path = snapshot_path(&job.file);
    let snap_text = std::fs::read_to_string(&snap_path).ok();
    let budget = RunBudget {
        horizon: None,
        wall: Duration::from_millis(job.wall_ms),
        max_jobs: u64::MAX,
        until: None,
    };
    let loaded = runtime.require(&rel);
    let mut summary = Value::Null;
    match loaded {
        Err(e) => {
            let ctx = runtime.context();
            let err =
                wxbox_engine::modules::locate_error(ctx, wxbox_engine::ScriptError::runtime(&e));
            errors.push(frames::error_value(
                &err.message,
                &err.stack,
                err.file
                    .as_deref()
                    .zip(err.line)
                    .map(|(f, l)| (f, l, err.column.unwrap_or(1))),
                &rel,
                &*map,
            ));
        }
        Ok(_) => {
            let options = json!({
                "testNamePattern": job.pattern,
                "testTimeout": job.timeout_ms,
                "bail": job.bail,
                "snapshot": {"text": snap_text, "update": job.update, "ci": job.ci},
            });
            match start_run(runtime.context(), &options) {
                Ok(promise) => {
                    *running.borrow_mut() = Some(promise.clone());
                    let end = runtime.run(budget);
                    if let wxbox_engine::RunEnd::Budget(why) = &end {
                        errors.push(json!({"message": format!("the test file ran out of time or work: {why}")}));
                    }
                    let ctx = runtime.context();
                    match promise.state() {
                        PromiseState::Fulfilled(v) => {
                            summary = to_json(&v, ctx).unwrap_or(Value::Null);
                        }
                        PromiseState::Rejected(r) => errors.push(
                            json!({"message": format!("the test framework failed: {}", inspect(&r, ctx, true))}),
                        ),
                        PromiseState::Pending => {
                            let limit = limits.borrow().first().cloned();
                            let test = current.borrow_mut().take();
                            match (limit, test) {
                                // A limit unwinds every frame: the test cannot end by itself.
                                (Some(l), Some(t)) => {
                                    let at = l.file.as_deref().zip(l.line).map(|(f, line)| (f, line, l.column.unwrap_or(1)));
                                    let failure = frames::error_value(&l.message, &l.stack, at, &rel, &*map);
                                    let mut result = t.clone();
                                    result["status"] = json!("failed");
                                    result["failures"] = json!([failure]);
                                    sink(&json!({"type": "test_end", "result": result}));
                                    errors.push(json!({"message": format!(
                                        "a limit stopped the test \"{}\"; the tests after it did not run",
                                        t["fullName"].as_str().unwrap_or("")
                                    )}));
                                }
                                (Some(l), None) => errors.push(json!({"message": l.message})),
                                (None, _) => errors.push(json!({
                                    "message": "the tests never finished: a Promise they wait on can never settle"
                                })),
                            }
                        }
                    }
                }
                Err(e) => {
                    errors.push(json!({"message": format!("the test framework failed: {e}")}))
                }
            }
        }
    }
    // Uncaught errors and unhandled rejections of the test file itself (its top-level
    // promise chains: the official demo's script is one `.then(async ...)`).
    let mut console = Vec::new();
    for e in runtime.trace().events() {
        match e.event {
            Event::Console { level, text, .. } => {
                console.push(json!({"level": level.as_str(), "text": text}));
            }
            Event::Error {
                origin,
                message,
                file,
                line,
                column,
            } => {
                let at = file
                    .as_deref()
                    .zip(line)
                    .map(|(f, l)| (f, l, column.unwrap_or(1)));
                errors.push(frames::error_value(
                    &format!("{origin}: {message}"),
                    "",
                    at,
                    &rel,
                    &*map,
                ));
            }
            _ => {}
        }
    }
    let snapshot = summary.get("snapshot").cloned().unwrap_or(Value::Null);
    if snapshot.get("deleted").and_then(Value::as_bool) == Some(true) {
        // `-u` removed every snapshot of the file: so goes the file, as with jest.
        let _ = std::fs::remove_file(&snap_path);
    } else if let Some(text) = snapshot.get("text").and_then(Value::as_str) {
        if let Some(dir) = snap_path.parent() {
            let _ = std::fs::create_dir_all(dir);
        }
        if let Err(e) = std::fs::write(&snap_path, text) {
            errors.push(json!({"message": format!("cannot write {}: {e}", snap_path.display())}));
        }
    }
    if let Some(errs) = summary.get("errors").and_then(Value::as_array) {
        for e in errs {
            errors.push(frames::failure_value(e, &rel, &*map));
        }
    }
    drop(runtime);
    let has_tests = summary
        .get("hasTests")
        .and_then(Value::as_bool)
        .unwrap_or(true);
    json!({
        "type": "file_end",
        "file": job.file,
        "script": !has_tests,
        "errors": errors,
        "console": console,
        "snapshot": snapshot,
        "wallMs": u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX),
    })
}

/// The framework's run while it is going: uncaught errors then belong to the running test.
type Running = Rc<RefCell<Option<JsPromise>>>;

fn run_pending(running: &Running) -> bool {
    running
        .borrow()
        .as_ref()
        .is_some_and(|p| matches!(p.state(), PromiseState::Pending))
}

/// A timer callback that throws or a rejection nobody handles fails the running test, as in
/// jest (`__wxbox_jest.uncaught`); outside the run (a plain script's own promise chain) it is
/// a file error, through the trace.
fn route_uncaught(
    runtime: &Runtime,
    running: &Running,
    limits: &Rc<RefCell<Vec<wxbox_engine::ScriptError>>>,
) {
    let trace = runtime.trace().clone();
    let r = running.clone();
    let limits = limits.clone();
    runtime
        .event_loop()
        .set_error_handler(Rc::new(move |ctx, err, origin| {
            if err.kind == wxbox_engine::ErrorKind::Limit && run_pending(&r) {
                limits.borrow_mut().push(err.clone());
                return;
            }
            if run_pending(&r) {
                let e = JsNativeError::error()
                    .with_message(err.message.clone())
                    .into_opaque(ctx);
                let at = match (&err.file, err.line, err.column) {
                    (Some(f), Some(l), Some(c)) => format!("    at {origin} ({f}:{l}:{c})"),
                    _ => String::new(),
                };
                let stack = format!("{}\n{at}\n{}", err.message, err.stack);
                let _ = e.set(js_string!("stack"), JsString::from(stack), false, ctx);
                if uncaught(ctx, e.into()) {
                    return;
                }
            }
            trace.push(wxbox_engine::event_loop::error_event(&err, origin));
        }));
    let trace = runtime.trace().clone();
    let r = running.clone();
    runtime
        .event_loop()
        .set_rejection_handler(Rc::new(move |ctx, reason, _promise| {
            if run_pending(&r) && uncaught(ctx, reason.clone()) {
                return;
            }
            trace.push(wxbox_engine::event_loop::rejection_event(&reason, ctx));
        }));
}

fn uncaught(ctx: &mut Context, error: JsValue) -> bool {
    let Ok(jest) = ctx.global_object().get(js_string!("__wxbox_jest"), ctx) else {
        return false;
    };
    let Some(f) = jest
        .as_object()
        .and_then(|j| j.get(js_string!("uncaught"), ctx).ok())
        .and_then(|f| f.as_callable())
    else {
        return false;
    };
    f.call(&jest, &[error], ctx).is_ok()
}

fn start_run(ctx: &mut Context, options: &Value) -> Result<JsPromise, String> {
    let jest = ctx
        .global_object()
        .get(js_string!("__wxbox_jest"), ctx)
        .map_err(|e| e.to_string())?;
    let run = jest
        .as_object()
        .and_then(|j| j.get(js_string!("run"), ctx).ok())
        .and_then(|r| r.as_callable())
        .ok_or("__wxbox_jest.run is missing")?;
    let opts = JsValue::from_json(options, ctx).map_err(|e| e.to_string())?;
    let p = run.call(&jest, &[opts], ctx).map_err(|e| e.to_string())?;
    p.as_object()
        .and_then(|o| JsPromise::from_object(o.clone()).ok())
        .ok_or_else(|| "__wxbox_jest.run did not return a Promise".to_string())
}

/// `dir/__snapshots__/name.test.js.snap`, as jest keeps them.
#[must_use]
pub fn snapshot_path(file: &Path) -> PathBuf {
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    file.parent()
        .unwrap_or_else(|| Path::new("."))
        .join("__snapshots__")
        .join(format!("{name}.snap"))
}

fn failed_file(job: &FileJob, why: &str) -> Value {
    json!({"type": "file_end", "file": job.file, "script": false, "errors": [{"message": why}], "console": [], "snapshot": null, "wallMs": 0})
}
