//! Network family: `wx.request` over [`wxbox_host::NetworkHost`], returning a `RequestTask`.
//!
//! The binding does what WeChat's client does before the superapp's network stack sees the
//! request: checks the URL, encodes `data` (query string for GET, JSON or form body otherwise),
//! adds the default `content-type` and the `Referer` WeChat sends, and after the answer parses
//! JSON (`dataType`), splits cookies and calls `onHeadersReceived` listeners. Each request and
//! response is a trace event, with what the far side did in between.

use std::cell::{Cell, RefCell};
use std::collections::{BTreeMap, HashMap};

use boa_engine::object::builtins::{AlignedVec, JsArrayBuffer};
use boa_engine::{js_string, Context, JsObject, JsResult, JsString, JsValue, NativeFunction};
use serde_json::{json, Map, Value};
use wxbox_engine::convert::to_json;
use wxbox_engine::timers::event_loop;
use wxbox_engine::Event;
use wxbox_host::network::{
    origin, Abort, Exchange, HttpRequest, HttpResponse, NetworkError, DEFAULT_TIMEOUT_MS,
};

use super::{get, number, opt_string, string};
use crate::call::{Completion, Payload, Request};
use crate::error::WxError;
use crate::hosts;
use crate::install::{Binding, Tier};

/// The network bindings.
pub const BINDINGS: &[Binding] = &[Binding::run("request", Tier::Deep, request)];

/// Methods WeChat accepts (the table's enum for `method`).
const METHODS: &[&str] = &[
    "OPTIONS", "GET", "HEAD", "POST", "PUT", "DELETE", "TRACE", "CONNECT",
];

struct Task {
    id: String,
    to: String,
    completion: Completion,
    abort: Option<Abort>,
    data_type: String,
    response_type: String,
    on_headers: Vec<JsObject>,
}

/// Requests in flight, by number (the `RequestTask` methods find theirs through it).
#[derive(Default)]
pub struct Tasks {
    next: Cell<u64>,
    live: RefCell<HashMap<u64, Task>>,
}

fn tasks(ctx: &Context) -> JsResult<&Tasks> {
    ctx.get_data::<Tasks>().ok_or_else(|| {
        boa_engine::JsNativeError::typ()
            .with_message("wx is not initialised")
            .into()
    })
}

fn trace(ctx: &Context, event: Event) {
    if let Ok(l) = event_loop(ctx) {
        l.trace().push(event);
    }
}

/// `encodeURIComponent`: everything but `A-Z a-z 0-9 - _ . ! ~ * ' ( )` is percent-encoded.
fn encode_component(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.!~*'()".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// `k=v&...` from an object's fields; nested values as JSON text, as WeChat's client does.
fn form(fields: &Map<String, Value>) -> String {
    fields
        .iter()
        .map(|(k, v)| {
            let text = match v {
                Value::String(s) => s.clone(),
                Value::Null => String::new(),
                other => other.to_string(),
            };
            format!("{}={}", encode_component(k), encode_component(&text))
        })
        .collect::<Vec<_>>()
        .join("&")
}

/// `(url, body)` for `data`: GET appends it to the query (an object as `k=v&...`, a string as
/// it is); other methods send it as the body (a string as it is, an object as JSON or, with a
/// form content-type, as `k=v&...`).
fn encode(url: &str, method: &str, data: &Value, form_body: bool) -> (String, String) {
    // The query goes before a `#fragment`, which is never sent: appended after it, the data
    // would be lost (URL standard; WeChat's own handling of a fragment is UNVERIFIED).
    let (base, fragment) = url
        .split_once('#')
        .map_or((url, None), |(b, f)| (b, Some(f)));
    let with_query = |q: &str| {
        let joined = match (q.is_empty(), base.contains('?')) {
            (true, _) => base.to_string(),
            (false, true) => format!("{base}&{q}"),
            (false, false) => format!("{base}?{q}"),
        };
        match fragment {
            Some(f) => format!("{joined}#{f}"),
            None => joined,
        }
    };
    match (data, method) {
        (Value::Null, _) => (url.to_string(), String::new()),
        (Value::Object(m), "GET") => (with_query(&form(m)), String::new()),
        (Value::String(s), "GET") => (with_query(s), String::new()),
        (Value::String(s), _) => (url.to_string(), s.clone()),
        (Value::Object(m), _) if form_body => (url.to_string(), form(m)),
        (other, _) => (url.to_string(), other.to_string()),
    }
}

fn request(req: Request, ctx: &mut Context) -> JsResult<()> {
    let o = &req.options;
    let url = string(o, "url", ctx)?;
    let method = opt_string(o, "method", ctx)?
        .unwrap_or_else(|| "GET".into())
        .to_uppercase();
    let data_type = opt_string(o, "dataType", ctx)?.unwrap_or_else(|| "json".into());
    let response_type = opt_string(o, "responseType", ctx)?.unwrap_or_else(|| "text".into());
    let timeout = number(o, "timeout", ctx)?
        .filter(|t| t.is_finite() && *t > 0.0)
        .map_or(DEFAULT_TIMEOUT_MS, |t| {
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            let ms = t.ceil() as u64;
            ms
        });
    let mut header = BTreeMap::new();
    if let Some(h) = get(o, "header", ctx)?.as_object() {
        if let Value::Object(m) = to_json(&h.clone().into(), ctx).unwrap_or(Value::Null) {
            for (k, v) in m {
                let text = match v {
                    Value::String(s) => s,
                    other => other.to_string(),
                };
                header.insert(k, text);
            }
        }
    }
    let data = get(o, "data", ctx)?;
    let data = if data.is_undefined() {
        Value::Null
    } else {
        to_json(&data, ctx).unwrap_or(Value::Null)
    };

    let Some(to) = origin(&url).filter(|o| o.starts_with("https://") || o.starts_with("http://"))
    else {
        req.completion
            .complete(Err(WxError::host(NetworkError::InvalidUrl(url))));
        return Ok(());
    };
    if !METHODS.contains(&method.as_str()) {
        // UNVERIFIED text: WeChat's message for a method outside its list.
        req.completion
            .complete(Err(WxError::fail(format!("invalid method \"{method}\""))));
        return Ok(());
    }
    if !header
        .keys()
        .any(|k| k.eq_ignore_ascii_case("content-type"))
    {
        header.insert("content-type".into(), "application/json".into());
    }
    let form_body = header.iter().any(|(k, v)| {
        k.eq_ignore_ascii_case("content-type") && v.contains("application/x-www-form-urlencoded")
    });
    let (full_url, body) = encode(&url, &method, &data, form_body);
    // WeChat's client names the app in the Referer; servers check it (docs, network
    // "Referer: https://servicewechat.com/{appid}/{version}/page-frame.html"; version 0 for
    // development and trial builds).
    let appid = hosts(ctx)?
        .account
        .borrow()
        .account_info()
        .mini_program
        .app_id;
    header.insert(
        "referer".into(),
        format!("https://servicewechat.com/{appid}/0/page-frame.html"),
    );

    let n = {
        let t = tasks(ctx)?;
        t.next.set(t.next.get() + 1);
        t.next.get()
    };
    let id = format!("r{n}");
    let traced_data = match &data {
        Value::Object(_) | Value::Array(_) => data.clone(),
        Value::Null => Value::Null,
        _ => serde_json::from_str(&body).unwrap_or(Value::String(body.clone())),
    };
    trace(
        ctx,
        Event::Request {
            id: id.clone(),
            from: "miniprogram".into(),
            to: to.clone(),
            method: method.clone(),
            url: full_url.clone(),
            data: traced_data,
            header: BTreeMap::new(),
        },
    );
    if let Some(task) = &req.task {
        install_task(task, n, ctx)?;
    }
    tasks(ctx)?.live.borrow_mut().insert(
        n,
        Task {
            id,
            to,
            completion: req.completion,
            abort: None,
            data_type,
            response_type,
            on_headers: Vec::new(),
        },
    );
    let http = HttpRequest {
        method,
        url: full_url,
        header,
        body,
        timeout_ms: timeout,
    };
    let host = hosts(ctx)?.network;
    let abort = RefCell::new(None);
    crate::bridge::ask(
        ctx,
        "wx.request",
        |reply| *abort.borrow_mut() = Some(host.borrow_mut().request(http, reply)),
        move |ctx, answer| finish(ctx, n, answer.result),
    )?;
    if let Some(a) = abort.into_inner() {
        if let Some(task) = tasks(ctx)?.live.borrow_mut().get_mut(&n) {
            task.abort = Some(a);
        }
    }
    Ok(())
}

/// Sends a request on behalf of a party beyond the app (WeChat Pay's notification to the
/// merchant's server) through the same routing, with its own `request` / `response` trace
/// events, and runs `then` with the response (or why there was none) on the JS thread.
///
/// # Errors
/// A missing loop (a wiring bug), or what `then` raises.
pub fn deliver(
    ctx: &mut Context,
    from: &str,
    http: HttpRequest,
    then: impl FnOnce(&mut Context, Result<HttpResponse, String>) -> JsResult<()> + 'static,
) -> JsResult<()> {
    let n = {
        let t = tasks(ctx)?;
        t.next.set(t.next.get() + 1);
        t.next.get()
    };
    let id = format!("r{n}");
    let to = origin(&http.url).unwrap_or_else(|| http.url.clone());
    trace(
        ctx,
        Event::Request {
            id: id.clone(),
            from: from.to_string(),
            to: to.clone(),
            method: http.method.clone(),
            url: http.url.clone(),
            data: serde_json::from_str(&http.body).unwrap_or(Value::String(http.body.clone())),
            // A far party's headers carry its protocol (signatures): the trace keeps them.
            header: http.header.clone(),
        },
    );
    let host = hosts(ctx)?.network;
    let from = from.to_string();
    crate::bridge::ask(
        ctx,
        "network",
        |reply| host.borrow_mut().request(http, reply).forget(),
        move |ctx, answer| {
            let outcome = match answer.result {
                Ok(exchange) => {
                    trace_far(ctx, exchange.far);
                    exchange.outcome.map_err(|e| e.to_string())
                }
                Err(f) => Err(f.reason),
            };
            let (status, data, error) = match &outcome {
                Ok(r) => {
                    let text = String::from_utf8_lossy(&r.body).into_owned();
                    let data = serde_json::from_str(&text).unwrap_or(Value::String(text));
                    (Some(r.status), data, None)
                }
                Err(e) => (None, Value::Null, Some(e.clone())),
            };
            trace(
                ctx,
                Event::Response {
                    id,
                    from: to,
                    to: from,
                    status,
                    data,
                    error,
                },
            );
            then(ctx, outcome)
        },
    )
}

/// Puts what the far side did meanwhile into the trace.
fn trace_far(ctx: &Context, far: Vec<Value>) {
    if let Ok(l) = event_loop(ctx) {
        for v in far {
            match serde_json::from_value::<Event>(v) {
                Ok(e) => l.trace().push(e),
                Err(e) => l.trace().push(Event::Error {
                    origin: "wx.request".into(),
                    message: format!("a host sent a trace event wxbox cannot read: {e}"),
                    file: None,
                    line: None,
                    column: None,
                }),
            }
        }
    }
}

fn finish(
    ctx: &mut Context,
    n: u64,
    result: Result<Exchange, wxbox_host::Failure>,
) -> JsResult<()> {
    // An aborted task is gone: its late answer has nobody to go to.
    let Some(task) = tasks(ctx)?.live.borrow_mut().remove(&n) else {
        return Ok(());
    };
    let exchange = match result {
        Ok(x) => x,
        Err(f) => {
            task.completion.complete(Err(WxError::from(f)));
            return Ok(());
        }
    };
    trace_far(ctx, exchange.far);
    match exchange.outcome {
        Err(e) => fail(ctx, task, &e.to_string(), WxError::host(e)),
        Ok(resp) => {
            let text = String::from_utf8_lossy(&resp.body).into_owned();
            let json_data = serde_json::from_str::<Value>(&text).ok();
            trace(
                ctx,
                Event::Response {
                    id: task.id.clone(),
                    from: task.to.clone(),
                    to: "miniprogram".into(),
                    status: Some(resp.status),
                    data: json_data.clone().unwrap_or(Value::String(text.clone())),
                    error: None,
                },
            );
            let result = response_object(ctx, &task, &resp, text, json_data)?;
            let headers = headers_object(ctx, &resp)?;
            for f in &task.on_headers {
                if let Err(e) = f.call(&JsValue::undefined(), &[headers.clone().into()], ctx) {
                    if let Ok(l) = event_loop(ctx) {
                        l.report_error(ctx, &e, "RequestTask.onHeadersReceived");
                    }
                }
            }
            task.completion.complete(Ok(Payload::Js(result)));
        }
    }
    Ok(())
}

fn split_headers(resp: &HttpResponse) -> (Map<String, Value>, Vec<Value>) {
    let mut header = Map::new();
    let mut cookies = Vec::new();
    for (k, v) in &resp.header {
        if k.eq_ignore_ascii_case("set-cookie") {
            cookies.push(json!(v));
        }
        // Repeated headers are joined, as a browser's fetch does.
        match header.get_mut(k) {
            Some(Value::String(prev)) => {
                prev.push_str(", ");
                prev.push_str(v);
            }
            _ => {
                header.insert(k.clone(), json!(v));
            }
        }
    }
    (header, cookies)
}

fn headers_object(ctx: &mut Context, resp: &HttpResponse) -> JsResult<JsObject> {
    let (header, cookies) = split_headers(resp);
    let v = JsValue::from_json(
        &json!({"header": header, "statusCode": resp.status, "cookies": cookies}),
        ctx,
    )?;
    Ok(v.as_object()
        .unwrap_or_else(|| JsObject::with_object_proto(ctx.intrinsics())))
}

fn response_object(
    ctx: &mut Context,
    task: &Task,
    resp: &HttpResponse,
    text: String,
    json_data: Option<Value>,
) -> JsResult<JsObject> {
    let (header, cookies) = split_headers(resp);
    let obj = JsValue::from_json(
        &json!({"statusCode": resp.status, "header": header, "cookies": cookies}),
        ctx,
    )?
    .as_object()
    .unwrap_or_else(|| JsObject::with_object_proto(ctx.intrinsics()));
    let data: JsValue = if task.response_type == "arraybuffer" {
        JsArrayBuffer::from_byte_block(AlignedVec::from_slice(0, &resp.body), ctx)?.into()
    } else {
        // dataType json: parse when the body is JSON, else keep the text (as WeChat does).
        match json_data.filter(|_| task.data_type == "json") {
            Some(v) => JsValue::from_json(&v, ctx)?,
            None => JsString::from(text).into(),
        }
    };
    obj.set(js_string!("data"), data, true, ctx)?;
    Ok(obj)
}

/// Gives the returned `RequestTask` its methods. Listener kinds WeChat has but wxbox never fires
/// (chunks: no chunked transfer) are accepted and kept, so apps that register them run.
fn install_task(task: &JsObject, n: u64, ctx: &mut Context) -> JsResult<()> {
    let abort = NativeFunction::from_copy_closure(move |_, _, ctx| {
        abort_task(ctx, n)?;
        Ok(JsValue::undefined())
    });
    let on_headers = NativeFunction::from_copy_closure(move |_, args, ctx| {
        if let Some(f) = args.first().and_then(JsValue::as_callable) {
            if let Some(t) = tasks(ctx)?.live.borrow_mut().get_mut(&n) {
                t.on_headers.push(f);
            }
        }
        Ok(JsValue::undefined())
    });
    let off_headers = NativeFunction::from_copy_closure(move |_, args, ctx| {
        if let Some(t) = tasks(ctx)?.live.borrow_mut().get_mut(&n) {
            match args.first().and_then(JsValue::as_callable) {
                Some(f) => t.on_headers.retain(|g| !JsObject::equals(g, &f)),
                None => t.on_headers.clear(),
            }
        }
        Ok(JsValue::undefined())
    });
    let ignore = NativeFunction::from_copy_closure(|_, _, _| Ok(JsValue::undefined()));
    let realm = ctx.realm().clone();
    let methods = [
        ("abort", abort),
        ("onHeadersReceived", on_headers),
        ("offHeadersReceived", off_headers),
        ("onChunkReceived", ignore.clone()),
        ("offChunkReceived", ignore),
    ];
    for (name, f) in methods {
        let f = f.to_js_function(&realm);
        task.set(JsString::from(name), f, false, ctx)?;
    }
    Ok(())
}

/// `RequestTask.abort()`: the call fails with `request:fail abort` and the host stops.
fn abort_task(ctx: &mut Context, n: u64) -> JsResult<()> {
    let Some(mut task) = tasks(ctx)?.live.borrow_mut().remove(&n) else {
        return Ok(());
    };
    if let Some(a) = task.abort.take() {
        a.abort();
    }
    fail(ctx, task, "abort", WxError::fail("abort"));
    Ok(())
}

/// Ends `task` without a response: the trace says why, the call fails with `error`.
fn fail(ctx: &Context, task: Task, why: &str, error: WxError) {
    trace(
        ctx,
        Event::Response {
            id: task.id,
            from: task.to,
            to: "miniprogram".into(),
            status: None,
            data: Value::Null,
            error: Some(why.to_string()),
        },
    );
    task.completion.complete(Err(error));
}

#[cfg(test)]
mod tests {
    use super::encode;
    use serde_json::json;

    #[test]
    fn get_data_goes_into_the_query_before_any_fragment() {
        let data = json!({"q": "v w"});
        assert_eq!(
            encode("https://a.com/x", "GET", &data, false).0,
            "https://a.com/x?q=v%20w"
        );
        assert_eq!(
            encode("https://a.com/x?p=1", "GET", &data, false).0,
            "https://a.com/x?p=1&q=v%20w"
        );
        assert_eq!(
            encode("https://a.com/x#frag", "GET", &data, false).0,
            "https://a.com/x?q=v%20w#frag"
        );
        assert_eq!(
            encode("https://a.com/x?p=1#f?g", "GET", &data, false).0,
            "https://a.com/x?p=1&q=v%20w#f?g"
        );
    }
}
