//! CommonJS modules as mini-programs use them: every file is a module with `module`, `exports`
//! and its own `require`, resolved as DevTools resolves it ([`resolve`]), cached, cycles allowed.
//!
//! Sources come from a [`SourceProvider`] (the app directory, or memory in tests). Files are
//! parsed ahead of time where the caller wants syntax errors early ([`Modules::compile`]) and
//! evaluated on first `require`, as WeChat evaluates page code on first use.
//!
//! Files with ES module syntax and TypeScript files first go through `wxbox-compile` (swc), as
//! DevTools compiles them before upload; [`cache`] decides which and keeps the output. Errors in
//! compiled files are located in the original through the file's source map
//! ([`Modules::locate`]). `require('./x.json')` gives the parsed JSON. `require.async(path)` and
//! `require(path, callback, error)` load a module on the next turn of the loop, WeChat's
//! subpackage async require.

pub mod cache;
pub mod resolve;

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;
use std::sync::Arc;

use boa_engine::object::builtins::JsPromise;
use boa_engine::object::{FunctionObjectBuilder, ObjectInitializer};
use boa_engine::property::Attribute;
use boa_engine::{
    js_string, Context, JsError, JsNativeError, JsObject, JsResult, JsString, JsValue,
    NativeFunction, Script,
};

use crate::code_cache::CodeCache;
use crate::errors::{ErrorKind, ScriptError};
use cache::{CompileCache, Compiled};
pub use resolve::{dir_of, normalize, npm_candidates};

/// The wrapper's opening; it shares line 1 with the file, so line numbers stay true.
///
/// WeChat's compiler wraps every file as `define(path, function(require, module, exports,
/// window, document, frames, self, location, navigator, localStorage, history, Caches, screen,
/// alert, confirm, prompt, XMLHttpRequest, WebSocket, Reporter, webkit, WeixinJSCore) {...})`
/// and calls it with the first three only (a package compiled by WeChat's tools:
/// github.com/PBK-B/wxapp-decompile-xybsyw `app-service.js` line 11206, every `define`). So the
/// browser globals are parameters left `undefined` in each file: a UMD bundle's `})(window,
/// function () {...})` (wxml-to-canvas) reads `undefined` where a bare global would be a
/// `ReferenceError`, and a file cannot reach another file's `window`.
///
/// The file itself runs in an inner function (same `this` and `arguments`): with `es6` on,
/// DevTools compiles a file's top-level `const self = this` to `var`, which may share a name
/// with a parameter; wxbox runs such files as written, and a `const` beside a parameter of the
/// same function would be a SyntaxError, while in the inner function it shadows it.
pub const WRAPPER_PREFIX: &str = "(function (require, module, exports, window, document, frames, \
     self, location, navigator, localStorage, history, Caches, screen, alert, confirm, prompt, \
     XMLHttpRequest, WebSocket, Reporter, webkit, WeixinJSCore) { return function () {";
const WRAPPER_SUFFIX: &str = "\n}.apply(this, arguments); })";

/// Where module sources come from. Paths are app-relative with `/` separators (`utils/util.js`).
pub trait SourceProvider {
    /// The file's text, or `None` when there is no such file.
    fn read(&self, path: &str) -> Option<String>;

    /// Whether the file exists; resolution asks this many times per `require`.
    fn exists(&self, path: &str) -> bool {
        self.read(path).is_some()
    }
}

/// Sources from a directory on disk.
#[derive(Debug, Clone)]
pub struct DirSource {
    root: std::path::PathBuf,
}

impl DirSource {
    /// Sources under `root`.
    #[must_use]
    pub fn new(root: impl Into<std::path::PathBuf>) -> Self {
        Self { root: root.into() }
    }
}

impl SourceProvider for DirSource {
    fn read(&self, path: &str) -> Option<String> {
        let full = self.root.join(path);
        if !full.is_file() {
            return None;
        }
        std::fs::read_to_string(full).ok()
    }

    fn exists(&self, path: &str) -> bool {
        self.root.join(path).is_file()
    }
}

/// Sources held in memory (tests, embedded apps).
#[derive(Debug, Clone, Default)]
pub struct MemorySource(pub HashMap<String, String>);

impl SourceProvider for MemorySource {
    fn read(&self, path: &str) -> Option<String> {
        self.0.get(path).cloned()
    }

    fn exists(&self, path: &str) -> bool {
        self.0.contains_key(path)
    }
}

/// The module registry of one sandbox.
pub struct Modules {
    provider: Box<dyn SourceProvider>,
    compiled: RefCell<HashMap<String, Script>>,
    /// Source maps of the files that went through the compiler.
    maps: RefCell<HashMap<String, Arc<Compiled>>>,
    cache: RefCell<HashMap<String, JsObject>>,
    compiler: RefCell<CompileCache>,
    compiler_calls: Cell<usize>,
    /// Compiled code shared with the other sandboxes of the thread (see [`CodeCache`]).
    code: CodeCache,
}

/// The registry, reachable from `require` natives through context data.
#[derive(Clone)]
pub struct ModulesRef(pub Rc<Modules>);

impl Modules {
    /// A registry over `provider`, caching compiled output on disk at the default place.
    #[must_use]
    pub fn new(provider: Box<dyn SourceProvider>) -> Self {
        Self::with_code_cache(provider, CodeCache::new())
    }

    /// A registry over `provider` whose scripts are compiled through `code` (shared with other
    /// registries of this thread).
    #[must_use]
    pub fn with_code_cache(provider: Box<dyn SourceProvider>, code: CodeCache) -> Self {
        Self {
            provider,
            compiled: RefCell::default(),
            maps: RefCell::default(),
            cache: RefCell::default(),
            compiler: RefCell::new(CompileCache::new(cache::default_dir())),
            compiler_calls: Cell::new(0),
            code,
        }
    }

    /// Where compiled output is cached on disk (`None`: in process only).
    pub fn set_cache_dir(&self, dir: Option<std::path::PathBuf>) {
        *self.compiler.borrow_mut() = CompileCache::new(dir);
    }

    /// How many times this registry ran the compiler (cache hits do not count).
    #[must_use]
    pub fn compiler_calls(&self) -> usize {
        self.compiler_calls.get()
    }

    /// Reads a file from the provider (for non-module files such as `app.json`).
    #[must_use]
    pub fn read(&self, path: &str) -> Option<String> {
        self.provider.read(path)
    }

    /// Whether the provider has `path`, without reading it.
    #[must_use]
    pub fn exists(&self, path: &str) -> bool {
        self.provider.exists(path)
    }

    /// Resolves `spec` as required from the module `from` (an app-relative file path); the
    /// order is [`resolve`]'s.
    #[must_use]
    pub fn resolve(&self, from: &str, spec: &str) -> Option<String> {
        let exists = |p: &str| self.compiled.borrow().contains_key(p) || self.provider.exists(p);
        let read = |p: &str| self.provider.read(p);
        resolve::bases(from, spec)
            .iter()
            .find_map(|base| resolve::file_of(base, &exists, &read))
    }

    /// The file that holds `path`'s code: `x.ts` for an `x.js` that exists only as TypeScript
    /// (DevTools compiles `x.ts` to the `x.js` that `app.json` pages and components name).
    #[must_use]
    pub fn source_of(&self, path: &str) -> String {
        if let Some(stem) = path.strip_suffix(".js") {
            if !self.compiled.borrow().contains_key(path) && !self.provider.exists(path) {
                let ts = format!("{stem}.ts");
                if self.provider.exists(&ts) {
                    return ts;
                }
            }
        }
        path.to_string()
    }

    /// Parses `path` now, so syntax errors surface before anything runs. ES module and
    /// TypeScript files are compiled first.
    ///
    /// # Errors
    /// [`ScriptError`] naming the file and position (in the original text) when it does not
    /// parse; kind [`ErrorKind::NotFound`] when the file is missing.
    pub fn compile(&self, ctx: &mut Context, path: &str) -> Result<(), ScriptError> {
        let path = &self.source_of(path);
        if self.compiled.borrow().contains_key(path) {
            return Ok(());
        }
        let Some(src) = self.provider.read(path) else {
            return Err(ScriptError {
                kind: ErrorKind::NotFound,
                message: "file not found".into(),
                file: Some(path.to_string()),
                line: None,
                column: None,
                stack: String::new(),
            });
        };
        let output = match cache::options_for(path, &src) {
            Some(options) => {
                let compiled = self
                    .compiler
                    .borrow()
                    .get(path, &src, options, &self.compiler_calls)
                    .map_err(|e| ScriptError {
                        kind: ErrorKind::Syntax,
                        message: format!("SyntaxError: {}", e.message),
                        file: Some(path.to_string()),
                        line: Some(e.line),
                        column: Some(e.col),
                        stack: String::new(),
                    })?;
                Some(compiled)
            }
            None => None,
        };
        let code = output.as_ref().map_or(src.as_str(), |c| c.code.as_str());
        let wrapped = format!("{WRAPPER_PREFIX}{code}{WRAPPER_SUFFIX}");
        let script = self.code.script(ctx, Some(path), &wrapped).map_err(|e| {
            let err = ScriptError::syntax(&e, path, code);
            match &output {
                Some(c) => relocate(err, &c.map),
                None => err,
            }
        })?;
        self.compiled.borrow_mut().insert(path.to_string(), script);
        if let Some(c) = output {
            self.maps.borrow_mut().insert(path.to_string(), c);
        }
        Ok(())
    }

    /// `file:line:col` of a generated position in `file`, in the original text: unchanged for
    /// files that were not compiled, `None` when the map has no token there.
    #[must_use]
    pub fn original_position(&self, file: &str, line: u32, col: u32) -> Option<(u32, u32)> {
        match self.maps.borrow().get(file) {
            Some(c) => c.map.lookup(line, col).map(|p| (p.line, p.col)),
            None => Some((line, col)),
        }
    }

    /// `err` with its position and stack frames moved from compiled output to the original
    /// files. Errors in files that were not compiled come back unchanged.
    #[must_use]
    pub fn locate(&self, mut err: ScriptError) -> ScriptError {
        let maps = self.maps.borrow();
        if maps.is_empty() {
            return err;
        }
        if let Some(c) = err.file.as_ref().and_then(|f| maps.get(f)) {
            err = relocate(err, &c.map);
        }
        err.stack = err
            .stack
            .lines()
            .map(|frame| relocate_frame(frame, &maps))
            .collect::<Vec<_>>()
            .join("\n");
        err
    }

    /// Evaluates the module at `path` (once) and returns its `module.exports`.
    ///
    /// # Errors
    /// A `SyntaxError` (message `file:line:col: ...`) when it does not parse, or whatever the
    /// module's top level throws.
    pub fn require(self: &Rc<Self>, ctx: &mut Context, path: &str) -> JsResult<JsValue> {
        let path = &self.source_of(path);
        if let Some(module) = self.cache.borrow().get(path).cloned() {
            return module.get(js_string!("exports"), ctx);
        }
        if path.ends_with(".json") {
            return self.require_json(ctx, path);
        }
        if let Err(e) = self.compile(ctx, path) {
            return Err(JsNativeError::syntax().with_message(e.to_string()).into());
        }
        let script = self.compiled.borrow().get(path).cloned();
        let Some(script) = script else {
            return Err(JsNativeError::error()
                .with_message(format!("module \"{path}\" is not defined"))
                .into());
        };
        let exports = JsObject::with_object_proto(ctx.intrinsics());
        let module = ObjectInitializer::new(ctx)
            .property(js_string!("exports"), exports.clone(), Attribute::all())
            .property(
                js_string!("id"),
                JsString::from(path.as_str()),
                Attribute::all(),
            )
            .build();
        self.cache
            .borrow_mut()
            .insert(path.to_string(), module.clone());
        let result = (|| {
            let factory = script.evaluate(ctx)?;
            let factory = factory.as_callable().ok_or_else(|| {
                JsError::from(JsNativeError::typ().with_message("module wrapper is not a function"))
            })?;
            let require = require_function(ctx, path)?;
            factory.call(
                &exports.clone().into(),
                &[require.into(), module.clone().into(), exports.into()],
                ctx,
            )
        })();
        if let Err(e) = result {
            // As in Node: a module that threw is not cached, so a later require retries it.
            self.cache.borrow_mut().remove(path);
            return Err(e);
        }
        module.get(js_string!("exports"), ctx)
    }

    /// A `.json` file's parsed value, as `require` gives it (UNVERIFIED that WeChat's runtime
    /// accepts every JSON file; DevTools packs `require`d JSON as a module).
    fn require_json(&self, ctx: &mut Context, path: &str) -> JsResult<JsValue> {
        let Some(text) = self.provider.read(path) else {
            return Err(JsNativeError::error()
                .with_message(format!("module \"{path}\" is not defined"))
                .into());
        };
        let value: serde_json::Value = serde_json::from_str(&text).map_err(|e| {
            JsNativeError::syntax().with_message(format!(
                "{path}:{}:{}: SyntaxError: {e}",
                e.line(),
                e.column()
            ))
        })?;
        let exports = JsValue::from_json(&value, ctx)?;
        let module = ObjectInitializer::new(ctx)
            .property(js_string!("exports"), exports.clone(), Attribute::all())
            .property(js_string!("id"), JsString::from(path), Attribute::all())
            .build();
        self.cache.borrow_mut().insert(path.to_string(), module);
        Ok(exports)
    }
}

/// The registry's [`Modules::locate`] for an error raised in `ctx`; unchanged when `ctx` has
/// no registry. The event loop and the app layer call this on every error they report.
#[must_use]
pub fn locate_error(ctx: &Context, err: ScriptError) -> ScriptError {
    match ctx.get_data::<ModulesRef>() {
        Some(m) => m.0.locate(err),
        None => err,
    }
}

fn relocate(mut err: ScriptError, map: &wxbox_compile::Map) -> ScriptError {
    if let (Some(line), Some(col)) = (err.line, err.column) {
        if let Some(p) = map.lookup(line, col) {
            err.line = Some(p.line);
            err.column = Some(p.col);
        }
    }
    err
}

/// `at f (pages/a/a.ts:3:10)` with the position moved to the original, for compiled files.
fn relocate_frame(frame: &str, maps: &HashMap<String, Arc<Compiled>>) -> String {
    let moved = (|| {
        let inner = frame.trim_end().strip_suffix(')')?;
        let open = inner.rfind('(')?;
        let loc = &inner[open + 1..];
        let mut parts = loc.rsplitn(3, ':');
        let col: u32 = parts.next()?.parse().ok()?;
        let line: u32 = parts.next()?.parse().ok()?;
        let file = parts.next()?;
        let c = maps.get(file)?;
        let prefix = u32::try_from(WRAPPER_PREFIX.len()).unwrap_or(0);
        let col = match (line, col > prefix) {
            (1, true) => col - prefix,
            // Inside the wrapper's own text: the file's first column.
            (1, false) => 1,
            _ => col,
        };
        let p = c.map.lookup(line, col)?;
        Some(format!(
            "{}({file}:{}:{})",
            &inner[..=open].trim_end_matches('('),
            p.line,
            p.col
        ))
    })();
    moved.unwrap_or_else(|| frame.to_string())
}

fn registry(ctx: &Context) -> JsResult<Rc<Modules>> {
    ctx.get_data::<ModulesRef>()
        .map(|m| m.0.clone())
        .ok_or_else(|| {
            JsNativeError::typ()
                .with_message("no module registry")
                .into()
        })
}

/// WeChat's wording for a module that cannot be found, so developers recognise it.
fn not_defined(from: &str, spec: &str) -> String {
    format!(
        "module \"{}\" is not defined, require args is '{spec}'",
        normalize(&format!("{}/{spec}", dir_of(from))).unwrap_or_else(|| spec.to_string())
    )
}

fn spec_arg(args: &[JsValue], what: &str) -> JsResult<String> {
    args.first()
        .and_then(JsValue::as_string)
        .map(|s| s.to_std_string_escaped())
        .ok_or_else(|| {
            JsNativeError::typ()
                .with_message(format!("{what}: the path must be a string"))
                .into()
        })
}

/// Loads `spec` from `from` on the next turn of the loop, then settles: `ok(exports)` or
/// `fail(error)`. The error is an `Error` naming the path, carrying WeChat's `errMsg` and `mod`
/// (its docs destructure `({ errMsg, mod })` in the failure callback and in `.catch`).
fn load_later(
    ctx: &mut Context,
    from: &str,
    spec: String,
    ok: JsObject,
    fail: Option<JsObject>,
) -> JsResult<()> {
    let from = from.to_string();
    let event_loop = crate::timers::event_loop(ctx)?;
    event_loop.post(
        "require.async",
        Box::new(move |ctx: &mut Context| {
            let modules = registry(ctx)?;
            let loaded = match modules.resolve(&from, &spec) {
                Some(target) => modules.require(ctx, &target),
                None => Err(JsNativeError::error()
                    .with_message(not_defined(&from, &spec))
                    .into()),
            };
            match loaded {
                Ok(exports) => {
                    ok.call(&JsValue::undefined(), &[exports], ctx)?;
                }
                Err(e) => {
                    let value = e.into_opaque(ctx)?;
                    if let Some(obj) = value.as_object() {
                        let msg = obj.get(js_string!("message"), ctx)?;
                        obj.set(js_string!("errMsg"), msg, false, ctx)?;
                        obj.set(js_string!("mod"), JsString::from(spec.as_str()), false, ctx)?;
                    }
                    match fail {
                        Some(f) => {
                            f.call(&JsValue::undefined(), &[value], ctx)?;
                        }
                        None => return Err(JsError::from_opaque(value)),
                    }
                }
            }
            Ok(())
        }),
    );
    Ok(())
}

/// The `require` given to the module at `path`, with `require.async`.
fn require_function(ctx: &mut Context, path: &str) -> JsResult<JsObject> {
    let require = NativeFunction::from_copy_closure_with_captures(
        |_, args, from: &JsString, ctx| {
            let spec = spec_arg(args, "require")?;
            let from = from.to_std_string_escaped();
            // `require(path, callback, error)`: WeChat's callback form of the async require.
            if let Some(callback) = args.get(1).and_then(JsValue::as_callable) {
                let fail = args.get(2).and_then(JsValue::as_callable);
                load_later(ctx, &from, spec, callback, fail)?;
                return Ok(JsValue::undefined());
            }
            let modules = registry(ctx)?;
            match modules.resolve(&from, &spec) {
                Some(target) => modules.require(ctx, &target),
                None => Err(JsNativeError::error()
                    .with_message(not_defined(&from, &spec))
                    .into()),
            }
        },
        JsString::from(path),
    );
    let require = FunctionObjectBuilder::new(ctx.realm(), require)
        .name(js_string!("require"))
        .length(1)
        .build();
    let require_async = NativeFunction::from_copy_closure_with_captures(
        |_, args, from: &JsString, ctx| {
            let spec = spec_arg(args, "require.async")?;
            let (promise, resolvers) = JsPromise::new_pending(ctx);
            load_later(
                ctx,
                &from.to_std_string_escaped(),
                spec,
                resolvers.resolve.into(),
                Some(resolvers.reject.into()),
            )?;
            Ok(promise.into())
        },
        JsString::from(path),
    );
    let require_async = FunctionObjectBuilder::new(ctx.realm(), require_async)
        .name(js_string!("async"))
        .length(1)
        .build();
    require.set(js_string!("async"), require_async, false, ctx)?;
    Ok(require.into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_normalise_inside_the_root() {
        assert_eq!(
            normalize("pages/a/../../utils/u.js").as_deref(),
            Some("utils/u.js")
        );
        assert_eq!(normalize("../x.js"), None);
        assert_eq!(dir_of("pages/index/index.js"), "pages/index");
    }

    #[test]
    fn resolution_tries_relative_then_root() {
        let mut files = HashMap::new();
        files.insert("utils/util.js".to_string(), String::new());
        files.insert("lib/index.js".to_string(), String::new());
        let m = Modules::new(Box::new(MemorySource(files)));
        let from = "pages/index/index.js";
        assert_eq!(
            m.resolve(from, "../../utils/util").as_deref(),
            Some("utils/util.js")
        );
        assert_eq!(
            m.resolve(from, "/utils/util.js").as_deref(),
            Some("utils/util.js")
        );
        assert_eq!(
            m.resolve(from, "utils/util").as_deref(),
            Some("utils/util.js")
        );
        assert_eq!(m.resolve(from, "/lib").as_deref(), Some("lib/index.js"));
        assert_eq!(m.resolve(from, "./missing"), None);
        assert_eq!(m.resolve(from, "../../../../etc/passwd"), None);
    }
}
