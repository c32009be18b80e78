//! `wx.createSelectorQuery()` (SelectorQuery / NodesRef) and `wx.createIntersectionObserver()`,
//! answered by a [`ViewQuery`]: what the headless view knows about the nodes a selector matches.
//! The default, [`NoView`], matches nothing, so `select(...)` results are `null` and
//! `selectAll(...)` results `[]`, as on a page without those nodes; the app layer installs its
//! own over the render tree with [`set_view_query`].
//!
//! Results are delivered asynchronously, on the loop, as WeChat does (docs:
//! developers.weixin.qq.com/miniprogram/dev/api/wxml/SelectorQuery.exec.html): each field
//! request's callback with its own result, then `exec`'s callback with all of them in order.
//! This module does not know how nodes are rendered or laid out.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use boa_engine::object::builtins::JsArray;
use boa_engine::{js_string, Context, JsNativeError, JsObject, JsResult, JsValue};
use serde_json::{json, Map, Value};
use wxbox_engine::timers::event_loop;

use super::objects::make;
use crate::hosts;
use crate::spec::ApiSpec;

/// A box in px, as `boundingClientRect` reports it.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Rect {
    /// Left edge.
    pub left: f64,
    /// Top edge.
    pub top: f64,
    /// Width.
    pub width: f64,
    /// Height.
    pub height: f64,
}

/// What the view knows about one matched node.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Node {
    /// Its `id` attribute (`""` when none).
    pub id: String,
    /// Its `data-*` attributes, camel-cased as WeChat passes them.
    pub dataset: Map<String, Value>,
    /// Its layout box; zero when the sandbox does no layout.
    pub rect: Rect,
    /// Scroll position and content size (`scrollLeft`, `scrollTop`, `scrollWidth`,
    /// `scrollHeight`).
    pub scroll: Rect,
    /// Component properties, for `fields({properties: [...]})`.
    pub properties: Map<String, Value>,
    /// Its tag (`canvas`, `view`, ...; `""` when unknown).
    pub tag: String,
    /// Its attributes as rendered (`type`, `style`, `width`, ...), for the node handles
    /// `node()` gives.
    pub attrs: Map<String, Value>,
    /// Names the element across queries (the same element gives the same Canvas node);
    /// `""` when the view has no identity for it.
    pub key: String,
}

/// Answers selectors against the rendered view.
pub trait ViewQuery {
    /// The nodes `selector` matches, in document order: in the current page, or inside the
    /// component instance `scope` when the query was narrowed with `.in(component)`.
    fn select(&self, ctx: &mut Context, scope: Option<&JsObject>, selector: &str) -> Vec<Node>;
}

/// A view that matches nothing (the default until the app layer installs its own).
#[derive(Debug, Clone, Copy, Default)]
pub struct NoView;

impl ViewQuery for NoView {
    fn select(&self, _: &mut Context, _: Option<&JsObject>, _: &str) -> Vec<Node> {
        Vec::new()
    }
}

/// The installed view, in context data.
struct ViewHost(Rc<dyn ViewQuery>);

/// Makes `view` answer selector queries and intersection observers in `ctx`.
pub fn set_view_query(ctx: &mut Context, view: Rc<dyn ViewQuery>) {
    ctx.insert_data(ViewHost(view));
}

fn view(ctx: &Context) -> Rc<dyn ViewQuery> {
    ctx.get_data::<ViewHost>()
        .map_or_else(|| Rc::new(NoView) as Rc<dyn ViewQuery>, |v| v.0.clone())
}

#[derive(Clone)]
enum Target {
    One(String),
    All(String),
    Viewport,
}

#[derive(Clone)]
enum Kind {
    Rect,
    Scroll,
    Fields(Map<String, Value>),
    /// `node()`, `context()`, `ref()`: objects a headless view does not have.
    Handle(&'static str),
}

struct Request {
    target: Target,
    kind: Kind,
    callback: Option<JsObject>,
}

struct QueryState {
    obj: JsObject,
    scope: Option<JsObject>,
    requests: Vec<Request>,
}

struct Observer {
    scope: Option<JsObject>,
    all: bool,
    live: bool,
}

/// Query, NodesRef and observer state, by object id.
#[derive(Default)]
pub struct Queries {
    queries: RefCell<HashMap<u32, QueryState>>,
    refs: RefCell<HashMap<u32, (u32, Target)>>,
    observers: Rc<RefCell<HashMap<u32, Observer>>>,
}

fn queries(ctx: &Context) -> JsResult<&Queries> {
    ctx.get_data::<Queries>().ok_or_else(|| {
        JsNativeError::typ()
            .with_message("wx is not initialised")
            .into()
    })
}

/// A new SelectorQuery, narrowed to the component instance `scope` when given (what
/// `this.createSelectorQuery()` in a page or component returns).
///
/// # Errors
/// Only when `wx` is not initialised.
pub fn selector_query(scope: Option<JsObject>, ctx: &mut Context) -> JsResult<JsObject> {
    let (obj, id) = make("SelectorQuery", ctx)?;
    queries(ctx)?.queries.borrow_mut().insert(
        id,
        QueryState {
            obj: obj.clone(),
            scope,
            requests: Vec::new(),
        },
    );
    Ok(obj)
}

/// `wx.createIntersectionObserver(component, options)`.
///
/// # Errors
/// Only when `wx` is not initialised or a hostile option throws.
pub fn intersection_observer(args: &[JsValue], ctx: &mut Context) -> JsResult<JsObject> {
    let scope = args.first().and_then(JsValue::as_object);
    let all = match args.get(1).and_then(JsValue::as_object) {
        Some(o) => o.get(js_string!("observeAll"), ctx)?.to_boolean(),
        None => false,
    };
    let (obj, id) = make("IntersectionObserver", ctx)?;
    queries(ctx)?.observers.borrow_mut().insert(
        id,
        Observer {
            scope,
            all,
            live: true,
        },
    );
    Ok(obj)
}

fn callback(args: &[JsValue], i: usize) -> Option<JsObject> {
    args.get(i).and_then(JsValue::as_callable)
}

fn string_arg(args: &[JsValue], ctx: &mut Context) -> JsResult<String> {
    Ok(match args.first() {
        Some(v) if !v.is_undefined() => v.to_string(ctx)?.to_std_string_escaped(),
        _ => String::new(),
    })
}

/// A method of SelectorQuery, NodesRef or IntersectionObserver; `None` leaves it to the generic
/// object behaviour.
///
/// # Errors
/// A hostile argument that throws, or a missing loop.
pub fn method(
    iface: &str,
    m: &ApiSpec,
    id: u32,
    this: Option<&JsObject>,
    args: &[JsValue],
    ctx: &mut Context,
) -> JsResult<Option<JsValue>> {
    match (iface, m.name.as_str()) {
        ("SelectorQuery", "select" | "selectAll" | "selectViewport") => {
            let selector = string_arg(args, ctx)?;
            let target = match m.name.as_str() {
                "select" => Target::One(selector),
                "selectAll" => Target::All(selector),
                _ => Target::Viewport,
            };
            let (nodes, rid) = make("NodesRef", ctx)?;
            queries(ctx)?.refs.borrow_mut().insert(rid, (id, target));
            Ok(Some(nodes.into()))
        }
        ("SelectorQuery", "in") => {
            if let Some(q) = queries(ctx)?.queries.borrow_mut().get_mut(&id) {
                q.scope = args.first().and_then(JsValue::as_object);
            }
            Ok(Some(
                this.map_or(JsValue::undefined(), |t| t.clone().into()),
            ))
        }
        ("SelectorQuery", "exec") => {
            exec(id, callback(args, 0), ctx)?;
            Ok(Some(
                this.map_or(JsValue::undefined(), |t| t.clone().into()),
            ))
        }
        ("NodesRef", name) => {
            let (kind, cb) = match name {
                "boundingClientRect" => (Kind::Rect, callback(args, 0)),
                "scrollOffset" => (Kind::Scroll, callback(args, 0)),
                "fields" => {
                    let wanted = match args.first() {
                        Some(v) if v.is_object() => match wxbox_engine::convert::to_json(v, ctx) {
                            Ok(Value::Object(m)) => m,
                            _ => Map::new(),
                        },
                        _ => Map::new(),
                    };
                    (Kind::Fields(wanted), callback(args, 1))
                }
                "node" => (Kind::Handle("node"), callback(args, 0)),
                "context" => (Kind::Handle("context"), callback(args, 0)),
                "ref" => (Kind::Handle("ref"), callback(args, 0)),
                _ => return Ok(None),
            };
            let q = queries(ctx)?;
            let Some((qid, target)) = q.refs.borrow().get(&id).cloned() else {
                return Ok(Some(JsValue::undefined()));
            };
            let mut all = q.queries.borrow_mut();
            let Some(state) = all.get_mut(&qid) else {
                return Ok(Some(JsValue::undefined()));
            };
            state.requests.push(Request {
                target,
                kind,
                callback: cb,
            });
            Ok(Some(state.obj.clone().into()))
        }
        ("IntersectionObserver", "relativeTo" | "relativeToViewport") => {
            // UNVERIFIED simplification: intersections are computed against the viewport
            // whichever reference node is named.
            Ok(Some(
                this.map_or(JsValue::undefined(), |t| t.clone().into()),
            ))
        }
        ("IntersectionObserver", "observe") => {
            let selector = string_arg(args, ctx)?;
            if let Some(cb) = callback(args, 1) {
                observe(id, selector, cb, ctx)?;
            }
            Ok(Some(JsValue::undefined()))
        }
        ("IntersectionObserver", "disconnect") => {
            if let Some(o) = queries(ctx)?.observers.borrow_mut().get_mut(&id) {
                o.live = false;
            }
            Ok(Some(JsValue::undefined()))
        }
        _ => Ok(None),
    }
}

fn viewport(ctx: &Context) -> JsResult<Node> {
    let info = hosts(ctx)?.account.borrow().system_info();
    let num = |k: &str| info.get(k).and_then(Value::as_f64).unwrap_or(0.0);
    let (w, h) = (num("windowWidth"), num("windowHeight"));
    Ok(Node {
        rect: Rect {
            left: 0.0,
            top: 0.0,
            width: w,
            height: h,
        },
        // The page has not scrolled headlessly; its content height is not known (UNVERIFIED).
        scroll: Rect {
            left: 0.0,
            top: 0.0,
            width: w,
            height: h,
        },
        ..Node::default()
    })
}

fn rect_fields(out: &mut Map<String, Value>, r: &Rect) {
    out.insert("left".into(), json!(r.left));
    out.insert("right".into(), json!(r.left + r.width));
    out.insert("top".into(), json!(r.top));
    out.insert("bottom".into(), json!(r.top + r.height));
}

fn size_fields(out: &mut Map<String, Value>, r: &Rect) {
    out.insert("width".into(), json!(r.width));
    out.insert("height".into(), json!(r.height));
}

fn scroll_fields(out: &mut Map<String, Value>, s: &Rect) {
    out.insert("scrollLeft".into(), json!(s.left));
    out.insert("scrollTop".into(), json!(s.top));
    out.insert("scrollWidth".into(), json!(s.width));
    out.insert("scrollHeight".into(), json!(s.height));
}

fn ident(out: &mut Map<String, Value>, n: &Node) {
    out.insert("id".into(), json!(n.id));
    out.insert("dataset".into(), Value::Object(n.dataset.clone()));
}

fn describe(n: &Node, kind: &Kind) -> Value {
    let mut out = Map::new();
    match kind {
        Kind::Rect => {
            ident(&mut out, n);
            rect_fields(&mut out, &n.rect);
            size_fields(&mut out, &n.rect);
        }
        Kind::Scroll => {
            ident(&mut out, n);
            scroll_fields(&mut out, &n.scroll);
        }
        Kind::Fields(want) => {
            let on = |k: &str| want.get(k).is_some_and(|v| v.as_bool().unwrap_or(false));
            if on("id") {
                out.insert("id".into(), json!(n.id));
            }
            if on("dataset") {
                out.insert("dataset".into(), Value::Object(n.dataset.clone()));
            }
            if on("rect") {
                rect_fields(&mut out, &n.rect);
            }
            if on("size") {
                size_fields(&mut out, &n.rect);
            }
            if on("scrollOffset") {
                scroll_fields(&mut out, &n.scroll);
            }
            if on("mark") {
                out.insert("mark".into(), json!({}));
            }
            if on("node") {
                out.insert("node".into(), Value::Null);
            }
            for key in ["properties", "computedStyle"] {
                if let Some(Value::Array(names)) = want.get(key) {
                    for name in names.iter().filter_map(Value::as_str) {
                        let v = if key == "properties" {
                            n.properties.get(name).cloned().unwrap_or(Value::Null)
                        } else {
                            // No styles are computed headlessly (UNVERIFIED: WeChat gives "").
                            json!("")
                        };
                        out.insert(name.to_string(), v);
                    }
                }
            }
        }
        // WeChat answers `{node: <Canvas | ScrollViewContext ...>}`: [`described`] puts in the
        // Canvas of a canvas element; other handles a headless view does not have.
        Kind::Handle(name) => {
            out.insert((*name).to_string(), Value::Null);
        }
    }
    Value::Object(out)
}

/// What a request gives for one node, as a JS value: [`describe`]'s fields, with the node
/// handle (`node()`, `fields({node: true})`) a real object where the view has one: the Canvas
/// of a `<canvas type="2d|webgl|webgl2">` (see [`super::canvas::node`]).
fn described(n: &Node, kind: &Kind, ctx: &mut Context) -> JsResult<JsValue> {
    let value = JsValue::from_json(&describe(n, kind), ctx)?;
    let wants_node = match kind {
        Kind::Handle(name) => *name == "node",
        Kind::Fields(want) => want.get("node").is_some_and(|v| v.as_bool() == Some(true)),
        _ => false,
    };
    if wants_node {
        if let (Some(obj), Some(handle)) = (value.as_object(), super::canvas::node(n, ctx)?) {
            obj.set(js_string!("node"), handle, true, ctx)?;
        }
    }
    Ok(value)
}

fn exec(id: u32, done: Option<JsObject>, ctx: &mut Context) -> JsResult<()> {
    let (requests, scope) = {
        let q = queries(ctx)?;
        let mut all = q.queries.borrow_mut();
        match all.get_mut(&id) {
            Some(s) => (std::mem::take(&mut s.requests), s.scope.clone()),
            None => (Vec::new(), None),
        }
    };
    event_loop(ctx)?.post(
        "SelectorQuery.exec",
        Box::new(move |ctx| {
            let v = view(ctx);
            let mut results = Vec::with_capacity(requests.len());
            let mut calls = Vec::new();
            for r in &requests {
                let value = match &r.target {
                    Target::Viewport => {
                        JsValue::from_json(&describe(&viewport(ctx)?, &r.kind), ctx)?
                    }
                    Target::One(sel) => match v.select(ctx, scope.as_ref(), sel).first() {
                        Some(n) => described(n, &r.kind, ctx)?,
                        None => JsValue::null(),
                    },
                    Target::All(sel) => {
                        let nodes = v.select(ctx, scope.as_ref(), sel);
                        let mut out = Vec::with_capacity(nodes.len());
                        for n in &nodes {
                            out.push(described(n, &r.kind, ctx)?);
                        }
                        JsArray::from_iter(out, ctx).into()
                    }
                };
                if let Some(cb) = &r.callback {
                    calls.push((cb.clone(), value.clone()));
                }
                results.push(value);
            }
            for (cb, arg) in calls {
                if let Err(e) = cb.call(&JsValue::undefined(), &[arg], ctx) {
                    event_loop(ctx)?.report_error(ctx, &e, "SelectorQuery callback");
                }
            }
            if let Some(done) = done {
                let arg: JsValue = JsArray::from_iter(results, ctx).into();
                if let Err(e) = done.call(&JsValue::undefined(), &[arg], ctx) {
                    event_loop(ctx)?.report_error(ctx, &e, "SelectorQuery.exec");
                }
            }
            Ok(())
        }),
    );
    Ok(())
}

/// The part of `a` inside `b`.
fn overlap(a: &Rect, b: &Rect) -> Rect {
    let left = a.left.max(b.left);
    let top = a.top.max(b.top);
    let right = (a.left + a.width).min(b.left + b.width);
    let bottom = (a.top + a.height).min(b.top + b.height);
    Rect {
        left,
        top,
        width: (right - left).max(0.0),
        height: (bottom - top).max(0.0),
    }
}

fn rect_json(r: &Rect) -> Value {
    let mut m = Map::new();
    rect_fields(&mut m, r);
    size_fields(&mut m, r);
    Value::Object(m)
}

/// Fires `cb` once, on the loop, for each observed node that intersects the viewport (the
/// initial notification; nothing moves afterwards headlessly).
fn observe(id: u32, selector: String, cb: JsObject, ctx: &mut Context) -> JsResult<()> {
    let observers = queries(ctx)?.observers.clone();
    event_loop(ctx)?.post(
        "IntersectionObserver.observe",
        Box::new(move |ctx| {
            let (scope, all) = match observers.borrow().get(&id) {
                Some(o) if o.live => (o.scope.clone(), o.all),
                _ => return Ok(()),
            };
            let vp = viewport(ctx)?.rect;
            let mut nodes = view(ctx).select(ctx, scope.as_ref(), &selector);
            if !all {
                nodes.truncate(1);
            }
            let now = event_loop(ctx)?.clock().now_ms();
            for n in nodes {
                let inter = overlap(&n.rect, &vp);
                let area = n.rect.width * n.rect.height;
                let ratio = if area > 0.0 {
                    inter.width * inter.height / area
                } else {
                    0.0
                };
                if ratio <= 0.0 {
                    continue;
                }
                let res = json!({
                    "id": n.id, "dataset": n.dataset, "time": now,
                    "intersectionRatio": ratio,
                    "intersectionRect": rect_json(&inter),
                    "boundingClientRect": rect_json(&n.rect),
                    "relativeRect": rect_json(&vp),
                });
                let arg = JsValue::from_json(&res, ctx)?;
                if let Err(e) = cb.call(&JsValue::undefined(), &[arg], ctx) {
                    event_loop(ctx)?.report_error(ctx, &e, "IntersectionObserver.observe");
                }
            }
            Ok(())
        }),
    );
    Ok(())
}
