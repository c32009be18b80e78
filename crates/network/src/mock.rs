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
//! A handler gets `{method, url, path, query, params, header, data, body}` and returns (or resolves
//! to) `{statusCode, header, data}`; anything else is taken as `data` with status 200. Keys are
//! `"METHOD /path"` or `"/path"` for any method, with `:name` segments (`"GET /goods/:id"`,
//! `req.params.id`), a trailing `/*` (`"GET /api/*"`, `req.params["*"]`) or `"*"` for every
//! request; the most specific key wins ([`crate::routes`]). Time: the backend's clock is moved to the
//! mini-program's time when a request arrives, so `Date.now()` agrees and the request's `timeout`
//! counts the backend's own (virtual) waiting.

use std::collections::BTreeMap;
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
};
use crossbeam_channel::{Receiver, Sender};
use serde_json::{json, Map, Value};
use wxbox_engine::convert::{inspect, string_arg, to_json};
use wxbox_engine::modules::DirSource;
use wxbox_engine::timers::event_loop;
use wxbox_engine::{EngineConfig, Event, RunBudget, RunEnd, Runtime};
use wxbox_host::network::{split_origin, Exchange, HttpRequest, HttpResponse, NetworkError};
use wxbox_host::Reply;
use wxbox_server::{Fetch, FetchError};
use wxbox_superapp::SeededRng;
use wxbox_wechat::crypto;
use wxbox_wechat::platform::{mask_query, mask_secret};
use wxbox_wechat::signing;
use wxbox_wechat::wechatpay::{self, Merchant};

const CLIENT_SHIM: &str = include_str!("../../../js-shims/wechat-client.js");

/// What a backend needs to reach the interface service as the app's server, and WeChat Pay as
/// the app's merchants.
#[derive(Debug, Clone)]
pub struct WechatConfig {
    /// The service's address (`http://127.0.0.1:PORT`).
    pub base_url: String,
    /// The app's id.
    pub appid: String,
    /// The app secret.
    pub secret: String,
    /// The merchants, with their keys (the merchant's server holds them).
    pub merchants: Vec<Merchant>,
    /// Seeds the nonces the backend's `wechat.pay` draws, so runs repeat.
    pub seed: u64,
}

/// The keys the backend's `wechat.pay` signs and decrypts with; they stay on the Rust side.
struct PayKeys {
    merchants: Vec<Merchant>,
    platform: Option<signing::RsaPublicKey>,
    rng: std::cell::RefCell<SeededRng>,
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
    let mut rt = match Runtime::new(engine, Box::new(DirSource::new(dir))) {
        Ok(rt) => rt,
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
    // A script that does not load answers every request with its error, so nothing is lost.
    let exports = load(&mut rt, &file, party, wechat);
    for job in rx {
        if job.cancelled.load(Ordering::SeqCst) {
            // Aborted by the app: its reply is no longer awaited.
            drop(job.reply);
            continue;
        }
        let exchange = handle(&mut rt, &exports, &file, party, &job);
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

fn handle(
    rt: &mut Runtime,
    exports: &Result<JsObject, String>,
    file: &str,
    party: &str,
    job: &Job,
) -> Exchange {
    rt.event_loop().clock().advance_to(job.now_ms);
    let exports = match exports {
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
    // Declaration order, so equally specific keys go to the first declared.
    let keys: Vec<String> = exports
        .own_property_keys(ctx)
        .map(|ks| ks.iter().map(ToString::to_string).collect())
        .unwrap_or_default();
    let handler = crate::routes::pick(&keys, &job.req.method, &path).and_then(|(k, params)| {
        exports
            .get(JsString::from(k), ctx)
            .ok()
            .and_then(|v| v.as_callable())
            .map(|h| (h, params))
    });
    let Some((handler, params)) = handler else {
        let why = format!(
            "{file} has no handler for \"{key}\" (nor \"{path}\", a pattern such as \"GET /goods/:id\" or \"/api/*\" matching it, or \"*\")"
        );
        return Exchange {
            outcome: Ok(text_response(404, &json!({"errmsg": why}))),
            far: drain(rt, party),
        };
    };
    let mut arg = request_value(&job.req, &path, query);
    if let Some(m) = arg.as_object_mut() {
        m.insert("params".into(), Value::Object(params));
    }
    let outcome = call(rt, &handler, &arg, &job.req, job.now_ms, party);
    let mut far = drain(rt, party);
    let outcome = match outcome {
        Ok(resp) => Ok(resp),
        Err(HandlerError::Timeout) => Err(NetworkError::Timeout),
        Err(HandlerError::Threw(why)) => {
            far.push(error_event(party, &why));
            Ok(text_response(500, &json!({"errmsg": why})))
        }
    };
    Exchange { outcome, far }
}

/// Why a handler gave no response.
enum HandlerError {
    Timeout,
    Threw(String),
}

fn call(
    rt: &mut Runtime,
    handler: &JsObject,
    arg: &Value,
    req: &HttpRequest,
    now_ms: u64,
    party: &str,
) -> Result<HttpResponse, HandlerError> {
    let ctx = rt.context();
    let arg = JsValue::from_json(arg, ctx).map_err(|e| HandlerError::Threw(e.to_string()))?;
    let returned = handler
        .call(&JsValue::undefined(), &[arg], ctx)
        .map_err(|e| HandlerError::Threw(wxbox_engine::ScriptError::runtime(&e).to_string()))?;
    let value = match await_returned(rt, returned, now_ms.saturating_add(req.timeout_ms)) {
        Settled::Value(v) => v,
        Settled::Rejected(reason) => {
            let ctx = rt.context();
            return Err(HandlerError::Threw(inspect(&reason, ctx, true)));
        }
        Settled::Budget(why) => return Err(HandlerError::Threw(format!("{party}: {why}"))),
        Settled::Timeout => return Err(HandlerError::Timeout),
    };
    let ctx = rt.context();
    let v = to_json(&value, ctx).unwrap_or(Value::Null);
    Ok(response_from(v))
}

/// How a handler's returned value ended.
#[derive(Debug)]
pub enum Settled {
    /// The value, or the value its promise resolved with.
    Value(JsValue),
    /// The promise rejected with this reason.
    Rejected(JsValue),
    /// The engine's run budget stopped the loop first.
    Budget(String),
    /// Still pending at the deadline.
    Timeout,
}

/// `returned` as a handler's outcome: a promise is played out on the engine's loop (see
/// [`settle`]) until it settles or sandbox time reaches `deadline`; its rejection is the
/// handler's failure, not an unhandled one. Shared by mock backends and cloud functions.
pub fn await_returned(rt: &mut Runtime, returned: JsValue, deadline: u64) -> Settled {
    let promise = returned
        .as_object()
        .and_then(|o| JsPromise::from_object(o.clone()).ok());
    let Some(p) = promise else {
        return Settled::Value(returned);
    };
    let ctx = rt.context();
    let ignore =
        NativeFunction::from_fn_ptr(|_, _, _| Ok(JsValue::undefined())).to_js_function(ctx.realm());
    let _ = p.catch(ignore, ctx);
    let end = settle(rt, &p, deadline);
    match promise_state(&p) {
        Ok(Some(v)) => Settled::Value(v),
        Err(reason) => Settled::Rejected(reason),
        Ok(None) => match end {
            RunEnd::Budget(why) => Settled::Budget(why),
            _ => Settled::Timeout,
        },
    }
}

/// Plays the backend's loop instant by instant until the handler's promise settles, nothing is
/// left that could settle it, or sandbox time passes `deadline` (the request's timeout). Stopping
/// at the settlement matters: a backend's `setInterval` would otherwise run to the deadline on
/// every request and leave the backend's clock (its `Date.now()`, WeChat Pay timestamps) that far
/// ahead of the app's. Jobs and wall time are budgeted over the whole request.
pub fn settle(rt: &mut Runtime, p: &JsPromise, deadline: u64) -> RunEnd {
    const MAX_JOBS: u64 = 2_000_000;
    const WALL: Duration = Duration::from_secs(20);
    let started = std::time::Instant::now();
    let mut jobs_left = MAX_JOBS;
    let mut until = rt.event_loop().clock().now_ms();
    loop {
        let end = rt.run(RunBudget {
            until: Some(until),
            horizon: None,
            max_jobs: jobs_left,
            wall: WALL.saturating_sub(started.elapsed()),
        });
        jobs_left = jobs_left.saturating_sub(rt.event_loop().jobs_run());
        if !matches!(p.state(), PromiseState::Pending) || matches!(end, RunEnd::Budget(_)) {
            return end;
        }
        match rt.event_loop().next_timer_due() {
            Some(due) if due <= deadline => until = due,
            Some(_) => {
                // Nothing settles it before the timeout: the backend's time reaches it.
                rt.event_loop().clock().advance_to(deadline);
                return RunEnd::Until;
            }
            None => return end,
        }
    }
}

/// A promise's outcome: `Ok(None)` while pending, `Ok(Some(value))` fulfilled, `Err(reason)`.
///
/// # Errors
/// The rejection reason.
pub fn promise_state(p: &JsPromise) -> Result<Option<JsValue>, JsValue> {
    match p.state() {
        PromiseState::Pending => Ok(None),
        PromiseState::Fulfilled(v) => Ok(Some(v)),
        PromiseState::Rejected(r) => Err(r),
    }
}

/// `{statusCode, header, data}` from what a handler returned.
fn response_from(v: Value) -> HttpResponse {
    // A response envelope has only the envelope's keys: `{data: rows, total: 3}` is a body
    // (paged lists look like that), not an envelope that would silently drop `total`.
    let shaped = v.as_object().is_some_and(|m| {
        (m.contains_key("statusCode") || m.contains_key("data"))
            && m.keys()
                .all(|k| matches!(k.as_str(), "statusCode" | "header" | "data"))
    });
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
/// its party, its calls to the service as they are. Other script parties (cloud functions)
/// report theirs the same way.
pub fn drain(rt: &Runtime, party: &str) -> Vec<Value> {
    rt.trace()
        .drain()
        .into_iter()
        .map(|e| {
            let event = match e.event {
                // A line already tagged came from further away (a cloud function another
                // one called) and keeps its party.
                Event::Console {
                    level,
                    text,
                    party: from,
                } => Event::Console {
                    level,
                    text,
                    party: Some(from.unwrap_or_else(|| party.to_string())),
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
            serde_json::to_value(&event).unwrap_or(Value::Null)
        })
        .collect()
}

/// `(path, query)` of a URL.
fn split_url(url: &str) -> (String, Map<String, Value>) {
    let tail = split_origin(url).map_or(url, |(_, tail)| tail);
    let tail = tail.split('#').next().unwrap_or_default();
    let (path, q) = tail.split_once('?').unwrap_or((tail, ""));
    let query = form_urlencoded::parse(q.as_bytes())
        .map(|(k, v)| (k.into_owned(), json!(v)))
        .collect();
    let path = if path.is_empty() { "/" } else { path };
    (path.to_string(), query)
}

/// The handler's argument.
fn request_value(req: &HttpRequest, path: &str, query: Map<String, Value>) -> Value {
    let form = req.header.iter().any(|(k, v)| {
        k.eq_ignore_ascii_case("content-type") && v.contains("application/x-www-form-urlencoded")
    });
    let data = if req.body.is_empty() {
        Value::Null
    } else if form {
        form_urlencoded::parse(req.body.as_bytes())
            .map(|(k, v)| (k.into_owned(), json!(v)))
            .collect()
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
        // The raw text, for checks over the exact bytes (WeChat Pay notification signatures).
        "body": req.body,
    })
}

// ----- the `wechat` global -----

fn install_wechat(ctx: &mut Context, party: &str, wechat: &WechatConfig) -> JsResult<()> {
    ctx.insert_data(Calls::default());
    let factory = wxbox_engine::code_cache::eval(ctx, CLIENT_SHIM)?;
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
        let key = string_arg(args, 0, ctx)?;
        let (data, iv) = (string_arg(args, 1, ctx)?, string_arg(args, 2, ctx)?);
        match crypto::decrypt(&key, &data, &iv) {
            Ok(v) => Ok(JsString::from(v.to_string()).into()),
            Err(e) => Err(JsNativeError::error().with_message(e.to_string()).into()),
        }
    });
    let raw_sig = NativeFunction::from_copy_closure(|_, args, ctx| {
        let (raw, key) = (string_arg(args, 0, ctx)?, string_arg(args, 1, ctx)?);
        Ok(JsString::from(crypto::raw_data_signature(&raw, &key)).into())
    });
    let hmac_sig = NativeFunction::from_copy_closure(|_, args, ctx| {
        let key = string_arg(args, 0, ctx)?;
        Ok(JsString::from(crypto::session_key_signature(&key)).into())
    });
    let mut native = ObjectInitializer::new(ctx);
    native
        .function(fetch, js_string!("fetch"), 4)
        .function(decrypt, js_string!("decrypt"), 3)
        .function(raw_sig, js_string!("rawDataSignature"), 2)
        .function(hmac_sig, js_string!("hmacSignature"), 1);
    for (name, f, len) in pay_natives() {
        native.function(f, JsString::from(name), len);
    }
    let native = native.build();
    let platform = wechatpay::platform_key();
    let platform_serial = platform
        .as_ref()
        .map(|(_, s)| s.clone())
        .unwrap_or_default();
    let merchants: Vec<Value> = wechat
        .merchants
        .iter()
        .map(|m| json!({"mchid": m.mchid, "appid": m.appid, "serialNo": m.serial}))
        .collect();
    ctx.insert_data(PayKeys {
        merchants: wechat.merchants.clone(),
        platform: platform.map(|(k, _)| k.to_public_key()),
        rng: std::cell::RefCell::new(SeededRng::new(wechat.seed)),
    });
    let config = JsValue::from_json(
        &json!({
            "appid": wechat.appid, "secret": wechat.secret, "baseUrl": wechat.base_url,
            "merchants": merchants, "platformSerial": platform_serial,
        }),
        ctx,
    )?;
    let client = factory.call(&JsValue::undefined(), &[native.into(), config], ctx)?;
    ctx.register_global_property(js_string!("wechat"), client, Attribute::all())?;
    Ok(())
}

/// `native.fetch(method, pathAndQuery, body)`: a Promise of the service's JSON answer. The
/// request and response go into the backend's trace (and so into the sandbox's, in order).
fn native_fetch(args: &[JsValue], base: &str, party: &str, ctx: &mut Context) -> JsResult<JsValue> {
    // The shim always passes method and path; the body is absent for GET.
    let method = string_arg(args, 0, ctx)?;
    let path = string_arg(args, 1, ctx)?;
    let body = match args.get(2) {
        Some(v) if !v.is_undefined() => Some(string_arg(args, 2, ctx)?),
        _ => None,
    };
    let extra: Vec<(String, String)> = match args.get(3).map(|v| to_json(v, ctx)) {
        Some(Ok(Value::Object(m))) => m
            .into_iter()
            .map(|(k, v)| {
                (
                    k.to_lowercase(),
                    v.as_str().map_or_else(|| v.to_string(), str::to_string),
                )
            })
            .collect(),
        _ => Vec::new(),
    };
    let l = event_loop(ctx)?;
    let calls = ctx
        .get_data::<Calls>()
        .ok_or_else(|| JsNativeError::typ().with_message("wechat client not installed"))?;
    calls.next.set(calls.next.get() + 1);
    let n = calls.next.get();
    let id = format!("w{n}");
    l.trace().push(Event::Request {
        id: id.clone(),
        from: party.to_string(),
        to: "wechat".into(),
        method: method.clone(),
        url: mask_query(&path),
        data: body
            .as_deref()
            .and_then(|b| serde_json::from_str::<Value>(b).ok())
            .map(mask_secret)
            .unwrap_or(Value::Null),
        header: BTreeMap::new(),
    });
    let (promise, resolvers) = JsPromise::new_pending(ctx);
    if let Some(calls) = ctx.get_data::<Calls>() {
        calls.waiting.borrow_mut().insert(n, resolvers);
    }
    let ticket = l.ticket("wechat client");
    let mut headers = vec![("x-wxbox-traced".to_string(), "1".to_string())];
    if body.is_some() {
        headers.push(("content-type".into(), "application/json".into()));
    }
    headers.extend(extra);
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
                .and_then(|c| c.waiting.borrow_mut().remove(&n));
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

/// The merchant the backend signs for.
fn merchant<'a>(keys: &'a PayKeys, mchid: &str) -> JsResult<&'a Merchant> {
    keys.merchants
        .iter()
        .find(|m| m.mchid == mchid)
        .ok_or_else(|| {
            JsNativeError::error()
                .with_message(format!(
                    "no merchant {mchid} in the profile's [[payment.merchants]]"
                ))
                .into()
        })
}

fn pay_keys(ctx: &Context) -> JsResult<&PayKeys> {
    ctx.get_data::<PayKeys>().ok_or_else(|| {
        JsNativeError::typ()
            .with_message("wechat client not installed")
            .into()
    })
}

/// The natives behind `wechat.pay`: the merchant's private operations (sign, decrypt with the
/// APIv3 key) and WeChat Pay's public one (verify the platform's signature).
fn pay_natives() -> Vec<(&'static str, NativeFunction, usize)> {
    let nonce = NativeFunction::from_fn_ptr(|_, _, ctx| {
        let keys = pay_keys(ctx)?;
        let n = keys.rng.borrow_mut().bytes16();
        Ok(JsString::from(hex::encode_upper(n)).into())
    });
    let sign = NativeFunction::from_fn_ptr(|_, args, ctx| {
        let (mchid, message) = (string_arg(args, 0, ctx)?, string_arg(args, 1, ctx)?);
        let m = merchant(pay_keys(ctx)?, &mchid)?;
        signing::rsa_sign(&m.key, &message)
            .map(|s| JsString::from(s).into())
            .map_err(|e| JsNativeError::error().with_message(e.to_string()).into())
    });
    let sign_v2 = NativeFunction::from_fn_ptr(|_, args, ctx| {
        let mchid = string_arg(args, 0, ctx)?;
        let fields = match args.get(1).map(|v| to_json(v, ctx)) {
            Some(Ok(Value::Object(m))) => m,
            _ => {
                return Err(JsNativeError::typ()
                    .with_message("signV2: fields must be an object")
                    .into())
            }
        };
        let sign_type = string_arg(args, 2, ctx)?;
        let m = merchant(pay_keys(ctx)?, &mchid)?;
        let texts: Vec<(String, String)> = fields
            .iter()
            .map(|(k, v)| {
                (
                    k.clone(),
                    v.as_str().map_or_else(|| v.to_string(), str::to_string),
                )
            })
            .collect();
        let pairs: Vec<(&str, &str)> = texts
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        signing::v2_sign(&pairs, &m.v2_key, &sign_type)
            .map(|s| JsString::from(s).into())
            .ok_or_else(|| {
                JsNativeError::typ()
                    .with_message(format!(
                        "signV2: signType must be MD5 or HMAC-SHA256, not {sign_type:?}"
                    ))
                    .into()
            })
    });
    let verify = NativeFunction::from_fn_ptr(|_, args, ctx| {
        let (message, signature) = (string_arg(args, 0, ctx)?, string_arg(args, 1, ctx)?);
        let ok = pay_keys(ctx)?
            .platform
            .as_ref()
            .is_some_and(|k| signing::rsa_verify(k, &message, &signature));
        Ok(ok.into())
    });
    let decrypt = NativeFunction::from_fn_ptr(|_, args, ctx| {
        let mchid = string_arg(args, 0, ctx)?;
        let (nonce, aad, text) = (
            string_arg(args, 1, ctx)?,
            string_arg(args, 2, ctx)?,
            string_arg(args, 3, ctx)?,
        );
        let m = merchant(pay_keys(ctx)?, &mchid)?;
        signing::aead_decrypt(&m.apiv3_key, &nonce, &aad, &text)
            .map(|s| JsString::from(s).into())
            .map_err(|e| JsNativeError::error().with_message(e.to_string()).into())
    });
    vec![
        ("nonce", nonce, 0),
        ("merchantSign", sign, 2),
        ("merchantSignV2", sign_v2, 3),
        ("platformVerify", verify, 2),
        ("merchantDecrypt", decrypt, 4),
    ]
}

/// The backend's calls to the service: their numbers (`w1`, `w2`, ...) and the Promises of those
/// in flight. Answers arrive from the network runtime's threads; JS values stay here.
#[derive(Default)]
struct Calls {
    next: std::cell::Cell<u64>,
    waiting: std::cell::RefCell<std::collections::HashMap<u64, ResolvingFunctions>>,
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
    }

    #[test]
    fn only_an_object_of_envelope_keys_is_an_envelope() {
        let r = response_from(json!({"statusCode": 401, "data": {"errmsg": "x"}}));
        assert_eq!((r.status, r.body), (401, br#"{"errmsg":"x"}"#.to_vec()));
        let r = response_from(json!({"data": [1], "total": 3}));
        assert_eq!(
            (r.status, String::from_utf8_lossy(&r.body).into_owned()),
            (200, r#"{"data":[1],"total":3}"#.to_string())
        );
        let r = response_from(json!({"token": "t"}));
        assert_eq!(r.body, br#"{"token":"t"}"#.to_vec());
    }
}
