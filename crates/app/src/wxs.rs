//! WXS as WeChat runs it: `<wxs>` modules evaluated in a scope of their own and called from
//! `{{ }}` while a page renders, and WXS functions bound as event handlers.
//!
//! WeChat runs WXS in the view layer, apart from the app's JavaScript: a WXS module sees no
//! `wx`, no `App` / `Page` / `getApp`, nothing the app defines
//! (developers.weixin.qq.com/miniprogram/dev/reference/wxs/). So WXS here gets its own boa
//! [`Context`], sharing only the virtual clock, the time zone, the limits and the trace with the
//! app's. Values cross as JSON, as they cross WeChat's layers.
//!
//! What the WXS world has (reference/wxs/07basic-library.html and 06datatype.html): `console`,
//! `Math`, `JSON`, `Number`, `Date`-free time through `getDate(...)`, `getRegExp(pattern,
//! flags)`, `require('./other.wxs')` (relative to the requiring file; a module is evaluated once
//! and shared: "wxs 模块均为单例"), `module.exports`. The one quirk real libraries lean on: in
//! WXS, `x.constructor` is a string (`'Array'`, `'Object'`, `'Number'`, `'String'`,
//! `'Boolean'`, `'Function'`, `'Date'`, `'RegExp'`; 06datatype.html), which vant's
//! `wxs/array.wxs` and TDesign's `common/utils.wxs` test. It is done by reading `.constructor`
//! in WXS source as a property whose getter gives that string, so the engine's own uses of the
//! real `constructor` (array species) still work. UNVERIFIED: that WeChat's WXS also lacks
//! `Date` / `RegExp` constructors; they are left in (lenient).
//!
//! Errors in WXS are `error` events naming the `.wxs` file (or the `.wxml` of an inline module,
//! at its line); a module that fails to load makes every call into it `undefined` and the page
//! still renders.
//!
//! This module knows nothing of pages' data or components: the view calls it through
//! [`wxbox_view::Wxs`], the event code through [`handle`] (in `wxs/handler.rs`, with the descriptors).

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use boa_engine::object::ObjectInitializer;
use boa_engine::property::Attribute;
use boa_engine::{
    js_string, Context, JsError, JsObject, JsResult, JsString, JsValue, NativeFunction,
};
use boa_gc::{Finalize, Trace};
use serde_json::{json, Map, Value};
use wxbox_engine::code_cache::{CodeCache, CodeCacheRef};
use wxbox_engine::convert::to_json;
use wxbox_engine::event_loop::error_event;
use wxbox_engine::modules::ModulesRef;
use wxbox_engine::timers::{event_loop, LoopRef};
use wxbox_engine::{Event, ScriptError};
use wxbox_view::tree::Node;
use wxbox_view::wxs::resolve_src;
use wxbox_view::{Element, WxsModule};

mod handler;
pub use handler::handle;

/// The property `.constructor` reads as in WXS source.
const CTOR: &str = "__wxsConstructor__";

/// Set up once in the WXS context: constructor strings, `getDate`, `getRegExp`.
const PRELUDE: &str = r"(function (g) {
  var d = function (p, n) {
    Object.defineProperty(p, '__wxsConstructor__', { get: function () { return n; }, configurable: true });
  };
  d(Object.prototype, 'Object'); d(Array.prototype, 'Array'); d(Number.prototype, 'Number');
  d(String.prototype, 'String'); d(Boolean.prototype, 'Boolean'); d(Function.prototype, 'Function');
  d(Date.prototype, 'Date'); d(RegExp.prototype, 'RegExp');
  var D = Date, R = RegExp;
  g.getDate = function () {
    var a = Array.prototype.slice.call(arguments);
    if (a.length === 0) return new D();
    if (a.length === 1) return new D(a[0]);
    return new (Function.prototype.bind.apply(D, [null].concat(a)))();
  };
  g.getRegExp = function (pattern, flags) {
    if (flags !== undefined && !/^[gim]*$/.test(flags)) {
      throw new SyntaxError('getRegExp: flags may only be g, i, m, not ' + flags);
    }
    return new R(pattern, flags);
  };
})(this);";

/// `.constructor` (outside strings and comments) read as [`CTOR`].
fn rewrite_constructor(src: &str) -> String {
    let b = src.as_bytes();
    let mut out = String::with_capacity(src.len());
    let mut i = 0;
    let mut last = 0;
    while i < b.len() {
        match b[i] {
            q @ (b'\'' | b'"' | b'`') => {
                i += 1;
                while i < b.len() && b[i] != q {
                    i += if b[i] == b'\\' { 2 } else { 1 };
                }
                i += 1;
            }
            b'/' if b.get(i + 1) == Some(&b'/') => {
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
            }
            b'/' if b.get(i + 1) == Some(&b'*') => {
                i += 2;
                while i + 1 < b.len() && !(b[i] == b'*' && b[i + 1] == b'/') {
                    i += 1;
                }
                i += 2;
            }
            b'.' if src[i + 1..].starts_with("constructor")
                && !b
                    .get(i + 12)
                    .is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'_' || *c == b'$') =>
            {
                out.push_str(&src[last..=i]);
                out.push_str(CTOR);
                i += 12;
                last = i;
            }
            _ => i += 1,
        }
    }
    if last < src.len() {
        out.push_str(&src[last.min(src.len())..]);
    }
    out
}

/// State the WXS context's natives reach through context data.
struct WxsData {
    /// Exports by module id (`None`: it failed to load; calls are `undefined`).
    cache: RefCell<HashMap<String, Option<JsValue>>>,
    /// Modules being evaluated (a `require` cycle gets the partial exports, as CommonJS does).
    loading: RefCell<Vec<(String, JsObject)>>,
    /// What descriptors asked for during a handler, in order.
    ops: RefCell<Vec<Op>>,
    /// The tree a handler runs over, and its owner.
    tree: RefCell<Option<(Vec<Node>, u32)>>,
    /// `getState()` objects by (owner, element key).
    states: RefCell<HashMap<(u32, String), JsObject>>,
    /// Classes added / removed and styles set by handlers, by (owner, element key).
    overlay: RefCell<HashMap<(u32, String), Overlay>>,
}

/// A request a WXS handler made of the page.
#[derive(Debug, Clone)]
enum Op {
    /// `callMethod(name, args)` on the owner.
    CallMethod(u32, String, Value),
    /// `setStyle`, `addClass`, `removeClass`, `triggerEvent`, ...: recorded; class and style
    /// changes are applied to the rendered tree.
    View(String, String, Value),
}

/// The WXS world of one sandbox, built when a page first needs it.
pub struct WxsRuntime {
    /// Built on the first call: most pages of most apps never need it.
    ctx: RefCell<Option<Context>>,
    setup: Setup,
    /// The context could not be built (reported once).
    broken: std::cell::Cell<bool>,
}

/// What the WXS context shares with the app's, taken when the runtime is made.
struct Setup {
    event_loop: Rc<wxbox_engine::EventLoop>,
    modules: Option<ModulesRef>,
    /// The sandbox's compiled-code cache, shared by its WXS engine (same thread).
    code: Option<CodeCacheRef>,
    tz: i32,
    limits: boa_engine::vm::RuntimeLimits,
}

#[derive(Debug, Clone, Default)]
struct Overlay {
    add: Vec<String>,
    remove: Vec<String>,
    style: Option<String>,
}

impl std::fmt::Debug for WxsRuntime {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("WxsRuntime")
    }
}

#[derive(Clone)]
struct WxsRef(Rc<WxsRuntime>);

/// The sandbox's WXS runtime (made on first use; its engine is built on the first WXS call).
/// `None` only when `ctx` has no event loop (not a sandbox).
pub fn runtime(ctx: &mut Context) -> Option<Rc<WxsRuntime>> {
    if let Some(r) = ctx.get_data::<WxsRef>() {
        return Some(r.0.clone());
    }
    let setup = Setup {
        event_loop: event_loop(ctx).ok()?,
        modules: ctx.get_data::<ModulesRef>().cloned(),
        code: ctx.get_data::<CodeCacheRef>().cloned(),
        tz: ctx.host_hooks().local_timezone_offset_seconds(0),
        limits: ctx.runtime_limits(),
    };
    let r = Rc::new(WxsRuntime {
        ctx: RefCell::new(None),
        setup,
        broken: std::cell::Cell::new(false),
    });
    ctx.insert_data(WxsRef(r.clone()));
    Some(r)
}

fn build(setup: &Setup) -> JsResult<Context> {
    let l = setup.event_loop.clone();
    let tz = setup.tz;
    let mut ctx = Context::builder()
        .clock(Rc::new(wxbox_engine::clock::BoaClock(l.clock().clone())))
        .host_hooks(wxbox_engine::hooks::hooks(tz, &l, false))
        .build()
        .map_err(|e| JsError::from_opaque(JsValue::from(JsString::from(e.to_string()))))?;
    *ctx.runtime_limits_mut() = setup.limits;
    ctx.insert_data(LoopRef(l));
    if let Some(m) = &setup.modules {
        ctx.insert_data(m.clone());
    }
    if let Some(c) = &setup.code {
        ctx.insert_data(c.clone());
    }
    ctx.insert_data(Rc::new(WxsData {
        cache: RefCell::new(HashMap::new()),
        loading: RefCell::new(Vec::new()),
        ops: RefCell::new(Vec::new()),
        tree: RefCell::new(None),
        states: RefCell::new(HashMap::new()),
        overlay: RefCell::new(HashMap::new()),
    }));
    // `to_json` and `object_keys` use the built-ins as they were before any script ran.
    let originals = wxbox_engine::convert::Originals::capture(&mut ctx)?;
    ctx.insert_data(originals);
    wxbox_engine::console::install(&mut ctx)?;
    wxbox_engine::date::install(&mut ctx, tz)?;
    wxbox_engine::code_cache::eval(&mut ctx, PRELUDE)?;
    Ok(ctx)
}

fn data(ctx: &Context) -> Option<Rc<WxsData>> {
    ctx.get_data::<Rc<WxsData>>().cloned()
}

fn report(ctx: &mut Context, err: &ScriptError) {
    if let Ok(l) = event_loop(ctx) {
        l.trace().push(error_event(err, "wxs"));
    }
}

fn report_js(ctx: &mut Context, err: &JsError, file: &str, line: u32) {
    let mut e = ScriptError::runtime(err);
    if e.file.is_none() {
        e.file = Some(file.to_string());
        e.line = Some(line);
    }
    report(ctx, &e);
}

/// The module's source as a function of `(module, exports, require)`, with the lines of the
/// file it is written in.
fn wrapped(body: &str, first_line: u32) -> String {
    let pad = "\n".repeat(first_line.saturating_sub(1) as usize);
    format!(
        "{pad}(function (module, exports, require) {{{}\n}})",
        rewrite_constructor(body)
    )
}

#[derive(Trace, Finalize)]
struct Base {
    #[unsafe_ignore_trace]
    file: String,
}

fn require_fn(ctx: &mut Context, file: &str) -> JsObject {
    NativeFunction::from_copy_closure_with_captures(
        |_, args, base: &Base, ctx| {
            let spec = args
                .first()
                .and_then(JsValue::as_string)
                .map(|s| s.to_std_string_escaped())
                .unwrap_or_default();
            // "只能引用 .wxs 文件模块，且必须使用相对路径" (reference/wxs/01wxs-module.html).
            if !spec.ends_with(".wxs") {
                return Err(boa_engine::JsNativeError::error()
                    .with_message(format!(
                        "require(\"{spec}\") in {}: WXS can only require .wxs files",
                        base.file
                    ))
                    .into());
            }
            let Some(path) = resolve_src(&base.file, &spec) else {
                return Err(boa_engine::JsNativeError::error()
                    .with_message(format!(
                        "require(\"{spec}\") in {} leaves the app directory",
                        base.file
                    ))
                    .into());
            };
            match load(ctx, &path, None, &base.file, 0) {
                Some(v) => Ok(v),
                None => Err(boa_engine::JsNativeError::error()
                    .with_message(format!(
                        "require(\"{spec}\") in {}: {path} could not be loaded",
                        base.file
                    ))
                    .into()),
            }
        },
        Base {
            file: file.to_string(),
        },
    )
    .to_js_function(ctx.realm())
    .into()
}

/// The exports of module `id`: from the cache, or evaluated now (`body` for an inline module,
/// else read from the app's files). `None` when it failed (reported once).
fn load(
    ctx: &mut Context,
    id: &str,
    body: Option<(&str, u32)>,
    declared_in: &str,
    declared_at: u32,
) -> Option<JsValue> {
    let d = data(ctx)?;
    if let Some(v) = d.cache.borrow().get(id) {
        return v.clone();
    }
    if let Some((_, module)) = d.loading.borrow().iter().find(|(p, _)| p == id) {
        return module.get(js_string!("exports"), ctx).ok();
    }
    let (file, text, first_line) = match body {
        Some((b, line)) => (declared_in.to_string(), b.to_string(), line),
        None => {
            let text = ctx.get_data::<ModulesRef>().and_then(|m| m.0.read(id));
            let Some(text) = text else {
                report(
                    ctx,
                    &ScriptError {
                        kind: wxbox_engine::ErrorKind::Runtime,
                        message: format!("WXS module {id} not found"),
                        file: Some(declared_in.to_string()),
                        line: (declared_at > 0).then_some(declared_at),
                        column: None,
                        stack: String::new(),
                    },
                );
                d.cache.borrow_mut().insert(id.to_string(), None);
                return None;
            };
            (id.to_string(), text, 1)
        }
    };
    let result = evaluate(ctx, &d, id, &file, &text, first_line);
    let exports = match result {
        Ok(v) => Some(v),
        Err(e) => {
            report(ctx, &e);
            None
        }
    };
    d.cache.borrow_mut().insert(id.to_string(), exports.clone());
    exports
}

fn evaluate(
    ctx: &mut Context,
    d: &WxsData,
    id: &str,
    file: &str,
    text: &str,
    first_line: u32,
) -> Result<JsValue, ScriptError> {
    let src = wrapped(text, first_line);
    let cache = ctx
        .get_data::<CodeCacheRef>()
        .map_or_else(CodeCache::new, |c| c.0.clone());
    let script = cache
        .script(ctx, Some(file), &src)
        .map_err(|e| ScriptError::syntax(&e, file, &src))?;
    let f = script.evaluate(ctx).map_err(|e| ScriptError::runtime(&e))?;
    let exports = JsObject::with_object_proto(ctx.intrinsics());
    let module = JsObject::with_object_proto(ctx.intrinsics());
    module
        .set(js_string!("exports"), exports.clone(), false, ctx)
        .map_err(|e| ScriptError::runtime(&e))?;
    let require = require_fn(ctx, file);
    d.loading
        .borrow_mut()
        .push((id.to_string(), module.clone()));
    let called = match f.as_callable() {
        Some(f) => f
            .call(
                &JsValue::undefined(),
                &[module.clone().into(), exports.into(), require.into()],
                ctx,
            )
            .map(|_| ()),
        None => Ok(()),
    };
    d.loading.borrow_mut().retain(|(p, _)| p != id);
    called.map_err(|e| {
        let mut s = ScriptError::runtime(&e);
        if s.file.is_none() {
            s.file = Some(file.to_string());
        }
        s
    })?;
    module
        .get(js_string!("exports"), ctx)
        .map_err(|e| ScriptError::runtime(&e))
}

fn module_exports(ctx: &mut Context, m: &WxsModule) -> Option<JsValue> {
    let body = m.body.as_deref().map(|b| (b, m.line));
    load(ctx, &m.id, body, &m.file, m.line)
}

/// `obj[path[0]][path[1]]...` and the object the last step was read from (`this` for a call).
fn walk(ctx: &mut Context, mut v: JsValue, path: &[Value]) -> JsResult<Option<(JsValue, JsValue)>> {
    let mut this = JsValue::undefined();
    for k in path {
        let key = match k {
            Value::String(s) => s.clone(),
            other => wxbox_view::expr::to_text(other),
        };
        let key = if key == "constructor" {
            CTOR.into()
        } else {
            key
        };
        if v.is_null_or_undefined() {
            return Ok(None);
        }
        let obj = v.to_object(ctx)?;
        let next = obj.get(JsString::from(key.as_str()), ctx)?;
        this = v;
        v = next;
    }
    Ok(Some((this, v)))
}

fn json_of(ctx: &mut Context, v: &JsValue) -> Option<Value> {
    if v.is_undefined() {
        return None;
    }
    to_json(v, ctx).ok()
}

impl WxsRuntime {
    fn with<T>(&self, f: impl FnOnce(&mut Context) -> Option<T>) -> Option<T> {
        // A WXS function cannot reach the renderer, so this is never re-entered; if it ever
        // were, the inner call is `undefined` rather than a panic.
        let mut guard = self.ctx.try_borrow_mut().ok()?;
        if guard.is_none() {
            if self.broken.get() {
                return None;
            }
            match build(&self.setup) {
                Ok(c) => *guard = Some(c),
                Err(e) => {
                    self.broken.set(true);
                    // A bug in the prelude, not in the app: said once, and WXS stays off.
                    self.setup.event_loop.trace().push(Event::Error {
                        origin: "wxs".into(),
                        message: format!("the WXS runtime could not start: {e}"),
                        file: None,
                        line: None,
                        column: None,
                    });
                    return None;
                }
            }
        }
        let ctx = guard.as_mut()?;
        f(ctx)
    }

    /// Classes and styles WXS handlers set, applied to a freshly rendered tree.
    pub fn decorate(&self, nodes: &mut [Node]) {
        let Ok(guard) = self.ctx.try_borrow() else {
            return;
        };
        let Some(d) = guard.as_ref().and_then(data) else {
            return;
        };
        let overlay = d.overlay.borrow();
        if !overlay.is_empty() {
            decorate(nodes, &overlay);
        }
    }
}

fn decorate(nodes: &mut [Node], overlay: &HashMap<(u32, String), Overlay>) {
    for n in nodes {
        let Node::Element(e) = n else { continue };
        if let Some(o) = overlay.get(&(e.owner, e.key.to_string())) {
            apply(e, o);
        }
        decorate(&mut e.children, overlay);
    }
}

fn apply(e: &mut Element, o: &Overlay) {
    let mut classes = e.classes();
    classes.retain(|c| !o.remove.contains(c));
    for c in &o.add {
        if !classes.contains(c) {
            classes.push(c.clone());
        }
    }
    let set = |e: &mut Element, name: &str, v: String| {
        e.attrs.retain(|(n, _)| &**n != name);
        e.attrs.push((Rc::from(name), Value::String(v)));
    };
    set(e, "class", classes.join(" "));
    if let Some(s) = &o.style {
        let base = e.attr_text("style");
        // A tree already decorated keeps its style (decorating is idempotent).
        let joined = if base.ends_with(s.as_str()) {
            base
        } else if base.trim().is_empty() {
            s.clone()
        } else {
            format!("{}; {s}", base.trim_end_matches([';', ' ']))
        };
        set(e, "style", joined);
    }
}

impl wxbox_view::Wxs for WxsRuntime {
    fn value(&self, module: &WxsModule, path: &[Value]) -> Option<Value> {
        self.with(|ctx| {
            let exports = module_exports(ctx, module)?;
            match walk(ctx, exports, path) {
                Ok(Some((_, v))) => json_of(ctx, &v),
                Ok(None) => None,
                Err(e) => {
                    report_js(ctx, &e, &module.file, module.line);
                    None
                }
            }
        })
    }

    fn call(&self, module: &WxsModule, path: &[Value], args: &[Option<Value>]) -> Option<Value> {
        self.with(|ctx| {
            let exports = module_exports(ctx, module)?;
            let (this, f) = match walk(ctx, exports, path) {
                Ok(Some(p)) => p,
                Ok(None) => return None,
                Err(e) => {
                    report_js(ctx, &e, &module.file, module.line);
                    return None;
                }
            };
            let Some(callable) = f.as_callable() else {
                let name = path
                    .iter()
                    .map(wxbox_view::expr::to_text)
                    .collect::<Vec<_>>()
                    .join(".");
                report(
                    ctx,
                    &ScriptError {
                        kind: wxbox_engine::ErrorKind::Runtime,
                        message: format!("TypeError: {}.{name} is not a function", module.name),
                        file: Some(module.file.clone()),
                        line: Some(module.line),
                        column: None,
                        stack: String::new(),
                    },
                );
                return None;
            };
            let mut js_args = Vec::with_capacity(args.len());
            for a in args {
                js_args.push(match a {
                    Some(v) => JsValue::from_json(v, ctx).ok()?,
                    None => JsValue::undefined(),
                });
            }
            match callable.call(&this, &js_args, ctx) {
                Ok(v) => json_of(ctx, &v),
                Err(e) => {
                    report_js(ctx, &e, module.src.as_deref().unwrap_or(&module.file), 0);
                    None
                }
            }
        })
    }
}
