//! Mock backends: a developer server written as a JavaScript file of route handlers, run in its
//! own engine on its own thread (an engine is single-threaded, and a backend must not block the
//! mini-program's loop).
//!
//! ```js
//! module.exports = {
//!   'POST /onLogin': async (req) => {
//!     const s = await wechat.code2Session(req.data.code);
//!     return { statusCode: 200, data: { token: 't-' + s.openid } };
//!   },
//! };
//! ```
//!
//! A handler gets `{method, url, path, query, header, data}` and returns (or resolves to)
//! `{statusCode, header, data}`; anything else is taken as `data` with status 200. Keys are
//! `"METHOD /path"` or `"/path"` for any method. Time: the backend's clock is moved to the
//! mini-program's time when a request arrives, so `Date.now()` agrees and the request's `timeout`
//! counts the backend's own (virtual) waiting.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use boa_engine::builtins::promise::{PromiseState, ResolvingFunctions};
use boa_engine::object::builtins::JsPromise;
use boa_engine::object::ObjectInitializer;
use boa_engine::property::Attribute;
use boa_engine::{
    js_string, Context, JsNativeError, JsObject, JsResult, JsString, JsValue, NativeFunction,
    Source,
};
use crossbeam_channel::{Receiver, Sender};
use serde_json::{json, Map, Value};
use wxbox_engine::convert::{inspect, to_json};
use wxbox_engine::modules::DirSource;
use wxbox_engine::timers::event_loop;
use wxbox_engine::{EngineConfig, Event, RunBudget, RunEnd, Runtime};
use wxbox_host::network::{Exchange, HttpRequest, HttpResponse, NetworkError};
use wxbox_host::{crypto, Reply};
use wxbox_server::{Fetch, FetchError};

const CLIENT_SHIM: &str = include_str!("../../../js-shims/wechat-client.js");

/// What a backend needs to reach the interface service as the app's server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WechatConfig {
    /// The service's address (`http://127.0.0.1:PORT`).
    pub base_url: String,
    /// The app's id.
    pub appid: String,
    /// The app secret.
    pub secret: String,
}

struct Job {
    req: HttpRequest,
    now_ms: u64,
    cancelled: Arc<AtomicBool>,
    reply: Reply<Exchange>,
}

/// A running mock backend. Dropping it ends its thread once the queue is empty.
pub struct MockBackend {
    tx: Sender<Job>,
}

impl std::fmt::Debug for MockBackend {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("MockBackend")
    }
}

impl MockBackend {
    /// Starts the backend in `script` for requests to `party` (its domain).
    ///
    /// # Errors
    /// The thread could not be started.
    pub fn start(
        script: PathBuf,
        party: String,
        wechat: WechatConfig,
        engine: EngineConfig,
    ) -> Result<Self, String> {
        let (tx, rx) = crossbeam_channel::unbounded::<Job>();
        std::thread::Builder::new()
            .name(format!("wxbox-backend {party}"))
            // Same generous stack as sandbox threads: the engine recurses deeply in debug builds.
            .stack_size(256 * 1024 * 1024)
            .spawn(move || serve(&script, &party, &wechat, engine, &rx))
            .map_err(|e| format!("cannot start the mock backend thread: {e}"))?;
        Ok(MockBackend { tx })
    }

    /// Queues a request; answered through `reply` from the backend thread.
    pub fn send(&self, req: HttpRequest, now_ms: u64, reply: Reply<Exchange>) -> Arc<AtomicBool> {
        let cancelled = Arc::new(AtomicBool::new(false));
        let job = Job {
            req,
            now_ms,
            cancelled: cancelled.clone(),
            reply,
        };
        if let Err(e) = self.tx.send(job) {
            // The thread is gone (it could not build its engine): answer here.
            let job = e.into_inner();
            job.reply.ok(Exchange {
                outcome: Err(NetworkError::Failed("mock backend stopped".into())),
                far: Vec::new(),
            });
        }
        cancelled
    }
}

/// The backend as loaded: its engine and exported handlers, or why it could not load.
struct Loaded {
    rt: Runtime,
    exports: Result<JsObject, String>,
}

fn serve(
    script: &Path,
    party: &str,
    wechat: &WechatConfig,
    engine: EngineConfig,
    rx: &Receiver<Job>,
) {
    let dir = script
        .parent()
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
    let file = script
        .file_name()
        .map(|f| f.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut loaded = match Runtime::new(engine, Box::new(DirSource::new(dir))) {
        Ok(rt) => Loaded {
            rt,
            exports: Err(String::new()),
        },
        Err(e) => {
            for job in rx {
                job.reply.ok(Exchange {
                    outcome: Err(NetworkError::Failed(e.to_string())),
                    far: Vec::new(),
                });
            }
            return;
        }
    };
    loaded.exports = load(&mut loaded.rt, &file, party, wechat);
    for job in rx {
        if job.cancelled.load(Ordering::SeqCst) {
            drop(job.reply);
            continue;
        }
        let exchange = handle(&mut loaded, &file, party, &job);
        job.reply.ok(exchange);
    }
}

fn load(
    rt: &mut Runtime,
    file: &str,
    party: &str,
    wechat: &WechatConfig,
) -> Result<JsObject, String> {
    install_wechat(rt.context(), party, wechat)
        .map_err(|e| format!("{file}: cannot install the wechat client: {e}"))?;
    let exports = rt.require(file).map_err(|e| {
        let err = wxbox_engine::ScriptError::runtime(&e);
        format!("{file}: {err}")
    })?;
    exports
        .as_object()
        .ok_or_else(|| format!("{file}: module.exports is not an object of route handlers"))
}

fn handle(loaded: &mut Loaded, file: &str, party: &str, job: &Job) -> Exchange {
    let rt = &mut loaded.rt;
    rt.event_loop().clock().advance_to(job.now_ms);
    let exports = match &loaded.exports {
        Ok(e) => e.clone(),
        Err(why) => {
            return Exchange {
                outcome: Ok(text_response(500, &json!({"errmsg": why}))),
                far: vec![error_event(party, why)],
            }
        }
    };
    let (path, query) = split_url(&job.req.url);
    let key = format!("{} {path}", job.req.method);
    let ctx = rt.context();
    let handler = [key.as_str(), path.as_str()].iter().find_map(|k| {
        exports
            .get(JsString::from(*k), ctx)
            .ok()
            .and_then(|v| v.as_callable())
    });
    let Some(handler) = handler else {
        let why = format!("{file} has no handler for \"{key}\" (nor \"{path}\")");
        return Exchange {
            outcome: Ok(text_response(404, &json!({"errmsg": why}))),
            far: drain(rt, party),
        };
    };
    let outcome = call(rt, &handler, &job.req, &path, query, job.now_ms, party);
    let mut far = drain(rt, party);
    let outcome = match outcome {
        Ok(resp) => Ok(resp),
        Err(Failure::Timeout) => Err(NetworkError::Timeout),
        Err(Failure::Threw(why)) => {
            far.push(error_event(party, &why));
            Ok(text_response(500, &json!({"errmsg": why})))
        }
    };
    Exchange { outcome, far }
}

enum Failure {
    Timeout,
    Threw(String),
}

fn call(
    rt: &mut Runtime,
    handler: &JsObject,
    req: &HttpRequest,
    path: &str,
    query: Map<String, Value>,
    now_ms: u64,
    party: &str,
) -> Result<HttpResponse, Failure> {
    let ctx = rt.context();
    let arg = request_value(req, path, query);
    let arg = JsValue::from_json(&arg, ctx).map_err(|e| Failure::Threw(e.to_string()))?;
    let returned = handler
        .call(&JsValue::undefined(), &[arg], ctx)
        .map_err(|e| Failure::Threw(thrown(&e, ctx)))?;
    let promise = returned
        .as_object()
        .and_then(|o| JsPromise::from_object(o.clone()).ok());
    let value = match promise {
        None => returned,
        Some(p) => {
            // The outcome is read below; a rejection is the handler's failure, not an
            // unhandled one.
            let ignore = NativeFunction::from_fn_ptr(|_, _, _| Ok(JsValue::undefined()))
                .to_js_function(ctx.realm());
            let _ = p.catch(ignore, ctx);
            let end = rt.run(RunBudget {
                until: Some(now_ms.saturating_add(req.timeout_ms)),
                max_jobs: 2_000_000,
                wall: Duration::from_secs(20),
            });
            match promise_state(&p) {
                Ok(Some(v)) => v,
                Err(reason) => {
                    let ctx = rt.context();
                    return Err(Failure::Threw(inspect(&reason, ctx, true)));
                }
                Ok(None) => {
                    return match end {
                        RunEnd::Budget(why) => Err(Failure::Threw(format!("{party}: {why}"))),
                        _ => Err(Failure::Timeout),
                    }
                }
            }
        }
    };
    let ctx = rt.context();
    let v = to_json(&value, ctx).unwrap_or(Value::Null);
    Ok(response_from(v))
}

fn promise_state(p: &JsPromise) -> Result<Option<JsValue>, JsValue> {
    match p.state() {
        PromiseState::Pending => Ok(None),
        PromiseState::Fulfilled(v) => Ok(Some(v)),
        PromiseState::Rejected(r) => Err(r),
    }
}

fn thrown(e: &boa_engine::JsError, ctx: &mut Context) -> String {
    let _ = ctx;
    wxbox_engine::ScriptError::runtime(e).to_string()
}

/// `{statusCode, header, data}` from what a handler returned.
fn response_from(v: Value) -> HttpResponse {
    let shaped = v
        .as_object()
        .is_some_and(|m| m.contains_key("statusCode") || m.contains_key("data"));
    let (status, header, data) = if shaped {
        let status = v
            .get("statusCode")
            .and_then(Value::as_u64)
            .and_then(|s| u16::try_from(s).ok())
            .unwrap_or(200);
        let header = v.get("header").cloned().unwrap_or(Value::Null);
        (
            status,
            header,
            v.get("data").cloned().unwrap_or(Value::Null),
        )
    } else {
        (200, Value::Null, v)
    };
    let mut headers: Vec<(String, String)> = header
        .as_object()
        .map(|m| {
            m.iter()
                .map(|(k, v)| {
                    let text = v.as_str().map_or_else(|| v.to_string(), str::to_string);
                    (k.to_lowercase(), text)
                })
                .collect()
        })
        .unwrap_or_default();
    let body = match &data {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    };
    if !headers.iter().any(|(k, _)| k == "content-type") {
        let ct = if data.is_string() {
            "text/plain; charset=utf-8"
        } else {
            "application/json; charset=utf-8"
        };
        headers.push(("content-type".into(), ct.into()));
    }
    HttpResponse {
        status,
        header: headers,
        body: body.into_bytes(),
    }
}

fn text_response(status: u16, body: &Value) -> HttpResponse {
    HttpResponse {
        status,
        header: vec![(
            "content-type".into(),
            "application/json; charset=utf-8".into(),
        )],
        body: body.to_string().into_bytes(),
    }
}

fn error_event(party: &str, message: &str) -> Value {
    json!({"kind": "error", "origin": party, "message": message})
}

/// The backend's trace since the last request, as far events: its console lines marked with
/// its party, its calls to the service as they are.
fn drain(rt: &Runtime, party: &str) -> Vec<Value> {
    rt.trace()
        .drain()
        .into_iter()
        .map(|e| {
            let event = match e.event {
                Event::Console { level, text, .. } => Event::Console {
                    level,
                    text,
                    party: Some(party.to_string()),
                },
                Event::Error {
                    origin,
                    message,
                    file,
                    line,
                    column,
                } => Event::Error {
                    origin: format!("{party} {origin}"),
                    message,
                    file,
                    line,
                    column,
                },
                other => other,
            };
            let mut v = serde_json::to_value(&event).unwrap_or(Value::Null);
            if let Value::Object(m) = &mut v {
                m.remove("t");
            }
            v
        })
        .collect()
}

/// `(path, query)` of a URL.
fn split_url(url: &str) -> (String, Map<String, Value>) {
    let after_scheme = url.split_once("://").map_or(url, |(_, r)| r);
    let path_and_query = after_scheme.find('/').map_or("/", |i| &after_scheme[i..]);
    let path_and_query = path_and_query.split('#').next().unwrap_or_default();
    let (path, q) = path_and_query
        .split_once('?')
        .unwrap_or((path_and_query, ""));
    let mut query = Map::new();
    for pair in q.split('&').filter(|p| !p.is_empty()) {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        query.insert(percent_decode(k), json!(percent_decode(v)));
    }
    (
        if path.is_empty() {
            "/".into()
        } else {
            path.to_string()
        },
        query,
    )
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' if i + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok();
                match hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                    Some(b) => {
                        out.push(b);
                        i += 3;
                    }
                    None => {
                        out.push(b'%');
                        i += 1;
                    }
                }
            }
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The handler's argument.
fn request_value(req: &HttpRequest, path: &str, query: Map<String, Value>) -> Value {
    let form = req.header.iter().any(|(k, v)| {
        k.eq_ignore_ascii_case("content-type") && v.contains("application/x-www-form-urlencoded")
    });
    let data = if req.body.is_empty() {
        Value::Null
    } else if form {
        Value::Object(split_url(&format!("/?{}", req.body)).1)
    } else {
        serde_json::from_str(&req.body).unwrap_or_else(|_| Value::String(req.body.clone()))
    };
    let header: Map<String, Value> = req
        .header
        .iter()
        .map(|(k, v)| (k.to_lowercase(), json!(v)))
        .collect();
    json!({
        "method": req.method,
        "url": req.url,
        "path": path,
        "query": query,
        "header": header,
        "data": data,
    })
}

// ----- the `wechat` global -----

fn install_wechat(ctx: &mut Context, party: &str, wechat: &WechatConfig) -> JsResult<()> {
    ctx.insert_data(Calls::default());
    let factory = ctx.eval(Source::from_bytes(CLIENT_SHIM))?;
    let factory = factory
        .as_callable()
        .ok_or_else(|| JsNativeError::typ().with_message("wechat client shim is not a function"))?;
    let base = JsString::from(wechat.base_url.as_str());
    let party = JsString::from(party);
    let fetch = NativeFunction::from_copy_closure_with_captures(
        |_, args, (base, party): &(JsString, JsString), ctx| {
            native_fetch(
                args,
                &base.to_std_string_escaped(),
                &party.to_std_string_escaped(),
                ctx,
            )
        },
        (base, party),
    );
    let decrypt = NativeFunction::from_copy_closure(|_, args, ctx| {
        let s = |i: usize, ctx: &mut Context| -> JsResult<String> {
            Ok(args
                .get(i)
                .cloned()
                .unwrap_or_default()
                .to_string(ctx)?
                .to_std_string_escaped())
        };
        let (key, data, iv) = (s(0, ctx)?, s(1, ctx)?, s(2, ctx)?);
        match crypto::decrypt(&key, &data, &iv) {
            Ok(v) => Ok(JsString::from(v.to_string()).into()),
            Err(e) => Err(JsNativeError::error().with_message(e.to_string()).into()),
        }
    });
    let raw_sig = NativeFunction::from_copy_closure(|_, args, ctx| {
        let raw = args.first().cloned().unwrap_or_default().to_string(ctx)?;
        let key = args.get(1).cloned().unwrap_or_default().to_string(ctx)?;
        Ok(JsString::from(crypto::raw_data_signature(
            &raw.to_std_string_escaped(),
            &key.to_std_string_escaped(),
        ))
        .into())
    });
    let hmac_sig = NativeFunction::from_copy_closure(|_, args, ctx| {
        let key = args.first().cloned().unwrap_or_default().to_string(ctx)?;
        Ok(JsString::from(crypto::session_key_signature(&key.to_std_string_escaped())).into())
    });
    let native = ObjectInitializer::new(ctx)
        .function(fetch, js_string!("fetch"), 3)
        .function(decrypt, js_string!("decrypt"), 3)
        .function(raw_sig, js_string!("rawDataSignature"), 2)
        .function(hmac_sig, js_string!("hmacSignature"), 1)
        .build();
    let config = JsValue::from_json(
        &json!({"appid": wechat.appid, "secret": wechat.secret, "baseUrl": wechat.base_url}),
        ctx,
    )?;
    let client = factory.call(&JsValue::undefined(), &[native.into(), config], ctx)?;
    ctx.register_global_property(js_string!("wechat"), client, Attribute::all())?;
    Ok(())
}

/// `native.fetch(method, pathAndQuery, body)`: a Promise of the service's JSON answer. The
/// request and response go into the backend's trace (and so into the sandbox's, in order).
fn native_fetch(args: &[JsValue], base: &str, party: &str, ctx: &mut Context) -> JsResult<JsValue> {
    let arg = |i: usize, ctx: &mut Context| -> JsResult<Option<String>> {
        let v = args.get(i).cloned().unwrap_or_default();
        if v.is_undefined() {
            return Ok(None);
        }
        Ok(Some(v.to_string(ctx)?.to_std_string_escaped()))
    };
    let method = arg(0, ctx)?.unwrap_or_else(|| "GET".into());
    let path = arg(1, ctx)?.unwrap_or_else(|| "/".into());
    let body = arg(2, ctx)?;
    let l = event_loop(ctx)?;
    let n = NEXT_CALL.with(|c| {
        c.set(c.get() + 1);
        c.get()
    });
    let id = format!("w{n}");
    let masked = mask(&path);
    l.trace().push(Event::Request {
        id: id.clone(),
        from: party.to_string(),
        to: "wechat".into(),
        method: method.clone(),
        url: masked,
        data: body
            .as_deref()
            .and_then(|b| serde_json::from_str::<Value>(b).ok())
            .map(mask_body)
            .unwrap_or(Value::Null),
    });
    let (promise, resolvers) = JsPromise::new_pending(ctx);
    if let Some(calls) = ctx.get_data::<Calls>() {
        calls.0.borrow_mut().insert(n, resolvers);
    }
    let ticket = l.ticket("wechat client");
    let mut headers = vec![("x-wxbox-traced".to_string(), "1".to_string())];
    if body.is_some() {
        headers.push(("content-type".into(), "application/json".into()));
    }
    let fetch = Fetch {
        method,
        url: format!("{base}{path}"),
        headers,
        body: body.unwrap_or_default().into_bytes(),
        timeout: Duration::from_secs(30),
    };
    let party = party.to_string();
    let _cancel = wxbox_server::client::fetch(fetch, move |result| {
        ticket.complete(Box::new(move |ctx| {
            let l = event_loop(ctx)?;
            let resolvers = ctx
                .get_data::<Calls>()
                .and_then(|c| c.0.borrow_mut().remove(&n));
            let Some(resolvers) = resolvers else {
                return Ok(());
            };
            match result {
                Ok(r) => {
                    let json = serde_json::from_slice::<Value>(&r.body).unwrap_or_else(|_| {
                        Value::String(String::from_utf8_lossy(&r.body).into_owned())
                    });
                    l.trace().push(Event::Response {
                        id,
                        from: "wechat".into(),
                        to: party,
                        status: Some(r.status),
                        data: json.clone(),
                        error: None,
                    });
                    let v = JsValue::from_json(&json, ctx)?;
                    resolvers.resolve.call(&JsValue::undefined(), &[v], ctx)?;
                }
                Err(e) => {
                    let text = match e {
                        FetchError::Timeout => "timeout".to_string(),
                        other => other.to_string(),
                    };
                    l.trace().push(Event::Response {
                        id,
                        from: "wechat".into(),
                        to: party,
                        status: None,
                        data: Value::Null,
                        error: Some(text.clone()),
                    });
                    let err = JsNativeError::error()
                        .with_message(format!("wechat interface service: {text}"))
                        .into_opaque(ctx);
                    resolvers
                        .reject
                        .call(&JsValue::undefined(), &[err.into()], ctx)?;
                }
            }
            Ok(())
        }));
    });
    Ok(promise.into())
}

/// The Promises of the backend's calls in flight, by number: the answers arrive from the
/// network runtime's threads, and JS values stay on the backend's.
#[derive(Default)]
struct Calls(std::cell::RefCell<std::collections::HashMap<u64, ResolvingFunctions>>);

std::thread_local! {
    /// Numbers the backend's calls to the service (`w1`, `w2`, ...): one backend per thread.
    static NEXT_CALL: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

/// Hides `secret=` in a path's query.
fn mask(path: &str) -> String {
    let Some((p, q)) = path.split_once('?') else {
        return path.to_string();
    };
    let q: Vec<String> = q
        .split('&')
        .map(|kv| match kv.split_once('=') {
            Some(("secret", _)) => "secret=***".to_string(),
            _ => kv.to_string(),
        })
        .collect();
    format!("{p}?{}", q.join("&"))
}

fn mask_body(mut v: Value) -> Value {
    if let Some(s) = v.get_mut("secret") {
        *s = json!("***");
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_split_and_decode() {
        let (p, q) = split_url("https://a.com/x/y?code=a%20b&n=1");
        assert_eq!(p, "/x/y");
        assert_eq!(q["code"], "a b");
        assert_eq!(split_url("https://a.com").0, "/");
        assert_eq!(mask("/p?appid=1&secret=s&x=2"), "/p?appid=1&secret=***&x=2");
    }
}
