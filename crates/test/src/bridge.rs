//! The one native a test file's engine has, `__wxbox_call(op, json)`: what `automator.js`
//! asks of the sandboxes a file launched. Each op plays its effect out at the sandbox's current
//! instant (sandbox time moves only for `waitFor`, `clock.advance` and awaited Promises) and
//! answers `{"value", "events"}`, the events being what the app printed or threw meanwhile and
//! the calls it made to exposed functions.
//!
//! A sandbox starts lazily: `automator.launch()` opens the app (config and scripts are checked
//! then) but runs `app.js` at the first call that looks at the app, so `mockWxMethod`,
//! `mp.storage`, `mp.user` and `exposeFunction` made right after `launch` are in place when
//! `App.onLaunch` runs. (DevTools cannot do this: its `launch` resolves after `onLaunch`.)

use std::cell::RefCell;
use std::path::{Path, PathBuf};
use std::rc::Rc;

use serde_json::{json, Map, Value};
use wxbox_app::{load_profile, ElementRef, Event, MockAnswer, Sandbox, SandboxOptions, Scope};

/// Launch settings that come from `wxbox.toml`'s `[test]` section and the command line.
#[derive(Debug, Clone, Default)]
pub struct Defaults {
    /// Where relative `projectPath`s start (the directory `wxbox test` ran in).
    pub cwd: PathBuf,
    /// The app `launch()` opens when it is given no `projectPath`.
    pub app: Option<PathBuf>,
    /// The backend `launch()` starts when it is given none (`[test] backend`).
    pub backend: Option<Value>,
}

struct Session {
    /// The developer's backend started for this launch (`launch({backend})`); killed with it.
    _backend: Option<Backend>,
    sandbox: Sandbox,
    started: bool,
    entry: Option<String>,
    exposed: bool,
}

/// The sandboxes of one test file.
pub struct Bridge {
    sessions: Vec<Option<Session>>,
    defaults: Defaults,
    /// Compiled scripts shared by the file's sandboxes: the app's scripts and the shims parse
    /// once per file, not once per launch (each launch still gets fresh globals).
    code: wxbox_engine::CodeCache,
}

/// The bridge, in the test engine's context data.
#[derive(Clone)]
pub struct BridgeRef(pub Rc<RefCell<Bridge>>);

type OpResult = Result<Value, String>;

fn arg<'a>(a: &'a Value, key: &str) -> &'a Value {
    a.get(key).unwrap_or(&Value::Null)
}

fn str_arg(a: &Value, key: &str, op: &str) -> Result<String, String> {
    arg(a, key)
        .as_str()
        .map(str::to_string)
        .ok_or_else(|| format!("{op}: `{key}` must be a string"))
}

fn u32_arg(a: &Value, key: &str, op: &str) -> Result<u32, String> {
    arg(a, key)
        .as_u64()
        .and_then(|n| u32::try_from(n).ok())
        .ok_or_else(|| format!("{op}: `{key}` must be a number"))
}

fn list_arg(a: &Value, key: &str) -> Vec<Value> {
    arg(a, key).as_array().cloned().unwrap_or_default()
}

/// Calls a wx method in the app: sync ones return, async ones resolve with the success result
/// or reject with an Error of the `fail` errMsg. UNVERIFIED against DevTools' exact rejection
/// value (the automator docs say only that the call's result comes back).
const CALL_WX_JS: &str = r"function (m, sync, args, raw) {
  var origins = raw && wx.__wxbox_origins__;
  var f = origins && Object.prototype.hasOwnProperty.call(origins, m) ? origins[m] : wx[m];
  if (typeof f !== 'function') throw new Error('wx.' + m + ' does not exist');
  if (sync) return f.apply(wx, args);
  return new Promise(function (resolve, reject) {
    var o = Object.assign({}, args[0] || {});
    o.success = resolve;
    o.fail = function (e) { reject(new Error(e && e.errMsg ? e.errMsg : String(e))); };
    f.apply(wx, [o].concat(args.slice(1)));
  });
}";

const ROUTE_JS: &str = r"function (kind, url) {
  return new Promise(function (resolve, reject) {
    var o = { success: function () { resolve(); }, fail: function (e) { reject(new Error(e.errMsg)); } };
    if (url !== null) o.url = url;
    wx[kind](o);
  });
}";

const EXPOSE_JS: &str = r"function (name) {
  globalThis[name] = function () {
    var q = globalThis.__wxbox_exposed__ || (globalThis.__wxbox_exposed__ = []);
    q.push([name, JSON.parse(JSON.stringify(Array.prototype.slice.call(arguments)))]);
  };
}";

const DRAIN_EXPOSED_JS: &str = r"function () {
  var q = globalThis.__wxbox_exposed__ || [];
  globalThis.__wxbox_exposed__ = [];
  return q;
}";

impl Bridge {
    /// A bridge with no sandboxes yet.
    #[must_use]
    pub fn new(defaults: Defaults) -> Self {
        Self {
            sessions: Vec::new(),
            defaults,
            code: wxbox_engine::CodeCache::new(),
        }
    }

    /// Runs one op; the answer is `{"value": ..., "events": [...]}`.
    ///
    /// # Errors
    /// What the op could not do, in words for the test's failure message.
    pub fn call(&mut self, op: &str, args: &Value) -> Result<Value, String> {
        if op == "launch" {
            return Ok(json!({"value": self.launch(args)?}));
        }
        let id = u32_arg(args, "mp", op)? as usize;
        let result = self.session_op(id, op, args);
        let events = self.events(id);
        let value = result?;
        Ok(json!({"value": value, "events": events}))
    }

    fn launch(&mut self, a: &Value) -> OpResult {
        let dir = match arg(a, "projectPath").as_str() {
            Some(p) => self.defaults.cwd.join(p),
            None => self.defaults.app.clone().ok_or(
                "launch: projectPath is required (or set `app` in wxbox.toml's [test] section)",
            )?,
        };
        let profile_file = arg(a, "profile")
            .as_str()
            .map(|p| self.defaults.cwd.join(p));
        let profile = load_profile(&dir, profile_file.as_deref())
            .map_err(|e| format!("launch: {}: {}", e.file, e.message))?;
        let sandbox = Sandbox::open(
            &dir,
            SandboxOptions {
                profile,
                code_cache: Some(self.code.clone()),
                ..SandboxOptions::default()
            },
        )
        .map_err(|e| format!("launch: {}: {e}", dir.display()))?;
        sandbox.trace().listen();
        let backend = match (arg(a, "backend"), &self.defaults.backend) {
            (Value::Null, None) => None,
            (Value::Null, Some(b)) => Some(Backend::start(
                b,
                &self.defaults.cwd,
                sandbox.service_url(),
            )?),
            (b, _) => Some(Backend::start(
                b,
                &self.defaults.cwd,
                sandbox.service_url(),
            )?),
        };
        self.sessions.push(Some(Session {
            _backend: backend,
            sandbox,
            started: false,
            entry: arg(a, "page").as_str().map(str::to_string),
            exposed: false,
        }));
        Ok(json!(self.sessions.len() - 1))
    }

    fn session(&mut self, id: usize) -> Result<&mut Session, String> {
        self.sessions
            .get_mut(id)
            .and_then(Option::as_mut)
            .ok_or_else(|| "this MiniProgram was closed".to_string())
    }

    fn started(&mut self, id: usize) -> Result<&mut Session, String> {
        let s = self.session(id)?;
        if !s.started {
            s.started = true;
            s.sandbox
                .launch(s.entry.as_deref())
                .map_err(|e| format!("the app could not start: {e}"))?;
            s.sandbox.settle();
        }
        Ok(s)
    }

    fn session_op(&mut self, id: usize, op: &str, a: &Value) -> OpResult {
        match op {
            "close" => {
                if let Some(slot) = self.sessions.get_mut(id) {
                    *slot = None;
                }
                Ok(Value::Null)
            }
            "mockWx" => {
                let method = str_arg(a, "method", "mockWxMethod")?;
                let answer = match arg(a, "fn").as_str() {
                    Some(src) => MockAnswer::Function {
                        source: src.to_string(),
                        extra: list_arg(a, "args"),
                    },
                    None => MockAnswer::Value(arg(a, "value").clone()),
                };
                let s = self.session(id)?;
                s.sandbox.mock_wx(&method, &answer)?;
                Ok(Value::Null)
            }
            "restoreWx" => {
                let method = str_arg(a, "method", "restoreWxMethod")?;
                Ok(json!(self.session(id)?.sandbox.restore_wx(&method)?))
            }
            "expose" => {
                let name = str_arg(a, "name", "exposeFunction")?;
                let s = self.session(id)?;
                s.exposed = true;
                s.sandbox.evaluate(EXPOSE_JS, &[json!(name)])
            }
            "user" => {
                let s = self.session(id)?;
                decide(&mut s.sandbox, arg(a, "decisions"))?;
                Ok(Value::Null)
            }
            "subscription" => {
                let template = str_arg(a, "template", "subscription")?;
                let decision = str_arg(a, "decision", "subscription")?;
                let s = self.session(id)?;
                subscription(&mut s.sandbox, &template, &decision)?;
                Ok(Value::Null)
            }
            // Before the app starts, so the launch login meets it.
            "fault" => {
                let spec = serde_json::from_value(arg(a, "fault").clone()).map_err(|e| {
                    format!("mp.server.fault: {e} (a [[service.faults]] entry: {{api, errcode, latency_ms, times}})")
                })?;
                let s = self.session(id)?;
                let platform = s.sandbox.superapp().borrow().platform().clone();
                wxbox_wechat::platform::lock(&platform)
                    .add_fault(spec)
                    .map_err(|e| format!("mp.server.fault: {e}"))?;
                Ok(Value::Null)
            }
            "callWx" if arg(a, "before").as_bool() == Some(true) => {
                let s = self.session(id)?;
                call_wx(&mut s.sandbox, a)
            }
            _ => {
                let s = self.started(id)?;
                started_op(&mut s.sandbox, op, a)
            }
        }
    }

    /// What the app printed or threw since the last op, and its calls to exposed functions.
    fn events(&mut self, id: usize) -> Vec<Value> {
        let Ok(s) = self.session(id) else {
            return Vec::new();
        };
        let new = s.sandbox.trace().take_listened();
        let mut out = Vec::new();
        for e in new {
            match e.event {
                Event::Console { level, text, party } if party.is_none() => {
                    out.push(
                        json!({"mp": id, "kind": "console", "level": level.as_str(), "text": text}),
                    );
                }
                Event::Error {
                    origin,
                    message,
                    file,
                    line,
                    column,
                } => {
                    let at = match (file, line, column) {
                        (Some(f), Some(l), Some(c)) => format!("{f}:{l}:{c}"),
                        (Some(f), _, _) => f,
                        _ => origin,
                    };
                    out.push(json!({"mp": id, "kind": "exception", "message": message, "stack": format!("    at {at}")}));
                }
                // A rejection whose reason is not an Error is a warning in the trace (WeChat does
                // not report it as an error), but the app still raised it: the test's exception
                // listeners hear it as before. UNVERIFIED: what DevTools' automator sends for one.
                Event::Warning {
                    origin, message, ..
                } if origin == "unhandledrejection" => {
                    out.push(json!({"mp": id, "kind": "exception", "message": message, "stack": format!("    at {origin}")}));
                }
                _ => {}
            }
        }
        if s.exposed {
            if let Ok(Value::Array(calls)) = s.sandbox.evaluate(DRAIN_EXPOSED_JS, &[]) {
                for c in calls {
                    out.push(json!({"mp": id, "kind": "exposed", "name": c[0], "args": c[1]}));
                }
            }
        }
        out
    }
}

fn call_wx(sandbox: &mut Sandbox, a: &Value) -> OpResult {
    let method = str_arg(a, "method", "callWxMethod")?;
    let sync = wxbox_app::wx_method_is_sync(&method);
    sandbox
        .evaluate(
            CALL_WX_JS,
            &[
                json!(method),
                json!(sync),
                Value::Array(list_arg(a, "args")),
            ],
        )
        .map_err(|e| format!("callWxMethod('{method}'): {e}"))
}

fn started_op(sandbox: &mut Sandbox, op: &str, a: &Value) -> OpResult {
    match op {
        "pageStack" => Ok(json!(sandbox.pages())),
        "currentPage" => Ok(json!(sandbox.pages().pop())),
        "route" => {
            let kind = str_arg(a, "kind", "route")?;
            let url = arg(a, "url").clone();
            sandbox
                .evaluate(ROUTE_JS, &[json!(kind), url])
                .map_err(|e| format!("{kind}: {e}"))?;
            Ok(json!(sandbox.pages().pop()))
        }
        "callWx" => call_wx(sandbox, a),
        "evaluate" => {
            let src = str_arg(a, "source", "evaluate")?;
            sandbox.evaluate(&src, &list_arg(a, "args"))
        }
        "advance" => {
            let ms = arg(a, "ms").as_f64().filter(|m| *m >= 0.0).ok_or(
                "waitFor / clock.advance: the time must be a number of milliseconds, 0 or more",
            )?;
            // Sandbox time is whole milliseconds; a fraction waits for the next one.
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            sandbox.advance(ms.ceil() as u64);
            Ok(Value::Null)
        }
        "now" => Ok(json!(sandbox.now_ms())),
        "step" => {
            let now = sandbox.now_ms();
            let start = arg(a, "since").as_u64().unwrap_or(now);
            let left = (start + wxbox_engine::DEFAULT_HORIZON_MS).saturating_sub(now);
            let moved = sandbox.advance_to_next_timer(left).is_some();
            let idle = !moved && sandbox.next_timer_due().is_none();
            Ok(json!({"moved": moved, "idle": idle, "start": start}))
        }
        "server" => Ok(server_state(sandbox)),

        "serverUrl" => Ok(json!(sandbox.service_url())),
        "requests" => Ok(requests(sandbox)),
        "trace" => Ok(json!(sandbox.trace().events())),
        "select" => {
            let selector = str_arg(a, "selector", "$")?;
            let found = match element_ref(a)? {
                Some(r) => sandbox.select(Scope::Element(&r), &selector),
                None => sandbox.select(Scope::Page(u32_arg(a, "page", "$")?), &selector),
            }
            .map_err(|e| format!("$('{selector}'): {e}"))?;
            let found: Vec<Value> = if arg(a, "all").as_bool() == Some(true) {
                found.iter().map(|r| json!({"ref": r})).collect()
            } else {
                found.iter().take(1).map(|r| json!({"ref": r})).collect()
            };
            Ok(Value::Array(found))
        }
        "data" => {
            let target = u32_arg(a, "target", "data")?;
            sandbox.data_of(target, arg(a, "path").as_str())
        }
        "setData" => {
            let target = u32_arg(a, "target", "setData")?;
            sandbox.set_data_of(target, arg(a, "data"))?;
            Ok(Value::Null)
        }
        "callMethod" => {
            let target = u32_arg(a, "target", "callMethod")?;
            let method = str_arg(a, "method", "callMethod")?;
            sandbox
                .call_method_of(target, &method, &list_arg(a, "args"))
                .map_err(|e| format!("callMethod('{method}'): {e}"))
        }
        "pageSize" => {
            let info = call_wx(sandbox, &json!({"method": "getSystemInfoSync", "args": []}))?;
            // No layout: a page is as wide as the simulated window and as tall as it.
            Ok(json!({"width": info["windowWidth"], "height": info["windowHeight"]}))
        }
        "scrollTop" => Ok(json!(0)),
        "element" => crate::elements::query(sandbox, a),
        "gesture" => {
            let r = element_ref(a)?.ok_or("gesture: no element")?;
            let g = crate::elements::gesture(a)?;
            sandbox.gesture(&r, &g)?;
            Ok(Value::Null)
        }
        other => Err(format!("unknown automation call `{other}`")),
    }
}

/// What the fake WeChat servers hold: the user's openid, the login session, codes issued, the
/// subscription messages the developer's server sent, WeChat Pay's orders.
fn server_state(sandbox: &Sandbox) -> Value {
    let app = sandbox.superapp().borrow();
    // Asked before the platform is locked: they lock it themselves.
    let openid = app.openid();
    let session = app
        .session()
        .map(|s| json!({"sessionKey": s.key_b64(), "startedMs": s.started_ms}));
    let codes = app.codes_issued();
    let platform = app.platform().clone();
    let p = wxbox_wechat::platform::lock(&platform);
    let orders: Vec<Value> = p
        .pay()
        .orders()
        .iter()
        .map(|o| {
            json!({
                "mchid": o.mchid, "appid": o.appid, "outTradeNo": o.out_trade_no,
                "description": o.description, "total": o.total, "currency": o.currency,
                "openid": o.openid, "prepayId": o.prepay_id, "tradeState": o.state.as_str(),
                "transactionId": o.transaction_id, "successTime": o.success_time,
            })
        })
        .collect();
    json!({
        "openid": openid,
        "session": session,
        "codesIssued": codes,
        "sentMessages": p.sends(),
        "orders": orders,
    })
}

/// The element handle an op names, if any.
pub(crate) fn element_ref(a: &Value) -> Result<Option<ElementRef>, String> {
    match arg(a, "element") {
        Value::Null => Ok(None),
        v => serde_json::from_value(v.clone())
            .map(Some)
            .map_err(|e| format!("bad element handle: {e}")),
    }
}

/// `mp.user.set(patch)`: merges `patch` (the profile's `[decisions]` keys) into the scripted
/// user's decisions; a key or value the profile does not accept is an error naming it.
fn decide(sandbox: &mut Sandbox, patch: &Value) -> Result<(), String> {
    let Value::Object(patch) = patch else {
        return Err("mp.user.set: expected an object of decisions ({user_profile: 'deny'})".into());
    };
    let superapp = sandbox.superapp().clone();
    let mut app = superapp.borrow_mut();
    let profile = app.profile_mut();
    let mut current = serde_json::to_value(&profile.decisions).map_err(|e| e.to_string())?;
    merge(&mut current, patch);
    profile.decisions = serde_json::from_value(current)
        .map_err(|e| format!("mp.user: {e} (the keys and values of [decisions] in wxbox.toml)"))?;
    Ok(())
}

fn merge(into: &mut Value, patch: &Map<String, Value>) {
    for (k, v) in patch {
        match (into.get_mut(k), v) {
            (Some(Value::Object(_)), Value::Object(p)) => {
                if let Some(slot) = into.get_mut(k) {
                    merge(slot, p);
                }
            }
            _ => {
                if let Value::Object(m) = into {
                    m.insert(k.clone(), v.clone());
                }
            }
        }
    }
}

fn subscription(sandbox: &mut Sandbox, template: &str, decision: &str) -> Result<(), String> {
    let superapp = sandbox.superapp().clone();
    let mut app = superapp.borrow_mut();
    let subs = &mut app.profile_mut().subscriptions;
    let ids: Vec<String> = subs.templates.iter().map(|t| t.id.clone()).collect();
    let Some(t) = subs.templates.iter_mut().find(|t| t.id == template) else {
        return Err(format!(
            "mp.user: no subscription template `{template}` in the profile (it lists: {})",
            if ids.is_empty() {
                "none".to_string()
            } else {
                ids.join(", ")
            }
        ));
    };
    t.decision = serde_json::from_value(json!(decision)).map_err(|e| e.to_string())?;
    Ok(())
}

/// `mp.requests()`: each `wx.request` the app made (and the calls its servers made), with the
/// response or the error.
fn requests(sandbox: &Sandbox) -> Value {
    let mut out: Vec<Value> = Vec::new();
    for e in sandbox.trace().events() {
        match e.event {
            Event::Request {
                id,
                from,
                to,
                method,
                url,
                data,
                ..
            } => out.push(json!({"id": id, "t": e.t, "from": from, "to": to, "method": method, "url": url, "data": data, "response": null})),
            Event::Response {
                id,
                status,
                data,
                error,
                ..
            } => {
                if let Some(r) = out.iter_mut().find(|r| r["id"] == json!(id)) {
                    r["response"] = json!({"t": e.t, "status": status, "data": data, "error": error});
                }
            }
            _ => {}
        }
    }
    Value::Array(out)
}

/// A developer backend process: `launch({backend: {command, port, cwd?}})` runs `command` with
/// `sh -c`, the interface service's address in `WXBOX_WECHAT_API`, and waits (up to 10 s of
/// wall time) until `127.0.0.1:port` accepts connections. It is killed when the MiniProgram
/// closes or the test file ends.
struct Backend {
    child: std::process::Child,
}

impl Backend {
    fn start(spec: &Value, cwd: &Path, service: Option<String>) -> Result<Self, String> {
        let command = str_arg(spec, "command", "launch({backend})")?;
        let port = arg(spec, "port")
            .as_u64()
            .and_then(|p| u16::try_from(p).ok())
            .ok_or("launch({backend}): `port` must be the port the backend listens on")?;
        let dir = arg(spec, "cwd")
            .as_str()
            .map_or_else(|| cwd.to_path_buf(), |d| cwd.join(d));
        let mut cmd = std::process::Command::new("sh");
        cmd.arg("-c").arg(&command).current_dir(&dir);
        cmd.stdin(std::process::Stdio::null());
        // The worker's stdout carries messages to the runner: the backend's output goes to stderr.
        cmd.stdout(std::process::Stdio::null());
        if let Some(url) = service {
            cmd.env("WXBOX_WECHAT_API", url);
        }
        let child = cmd
            .spawn()
            .map_err(|e| format!("launch({{backend}}): `{command}`: {e}"))?;
        let mut b = Backend { child };
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        loop {
            if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                return Ok(b);
            }
            if let Ok(Some(status)) = b.child.try_wait() {
                return Err(format!(
                    "launch({{backend}}): `{command}` exited ({status}) before listening on port {port}"
                ));
            }
            if std::time::Instant::now() >= deadline {
                return Err(format!(
                    "launch({{backend}}): `{command}` did not listen on port {port} within 10 s"
                ));
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
    }
}

impl Drop for Backend {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
