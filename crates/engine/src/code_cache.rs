//! [`CodeCache`]: compiled scripts shared by the sandboxes of one thread.
//!
//! Every sandbox is a fresh boa context, and each used to parse and compile the same text again:
//! the engine's own shims (the `Date` fix), the app layer's (behaviors, the event channel, the
//! worklet stubs) and, in a test file that launches the app 200 times, the same `app.js` and
//! page scripts 200 times. Parsing is boa's slowest phase (about 1,000 instructions per byte of
//! source: the 1.5 KB date shim alone was 10% of opening a sandbox). A cache hands the second
//! and later contexts the compiled code (boa's `CodeBlock`, immutable once built) and skips the
//! parser and the compiler.
//!
//! Isolation is kept: what is shared is code, never a value. Each context still gets its own
//! `Script` (realm, loaded modules, host data) and runs the code against its own globals; a
//! script qualifies only when its code looks every global up by name (boa's
//! `script::PortableCode`, a patch in `vendor/boa_engine`), and anything else is parsed as before.
//!
//! A cache lives as long as its owner keeps a clone: [`Runtime::new`](crate::Runtime::new)
//! gives each runtime a fresh one (nothing shared), and an embedder that opens many sandboxes on
//! one thread passes the same cache to each
//! ([`Runtime::with_code_cache`](crate::Runtime::with_code_cache)). It must be dropped on the
//! thread that filled it, before that thread's garbage collector goes away, which is why it is a
//! value with an owner and not a thread-local.

use std::cell::RefCell;
use std::collections::HashMap;
use std::path::Path;
use std::rc::Rc;

use boa_engine::script::PortableCode;
use boa_engine::{Context, JsResult, JsValue, Script, Source};

/// Source bytes a cache keeps code for; sources past it are parsed every time. Generous (a large
/// real app's scripts are a few MB), and bounded so a long-lived embedder that evaluates ever
/// new text does not grow without end.
const MAX_SOURCE_BYTES: usize = 64 << 20;

#[derive(Default)]
struct Entries {
    /// By file name (`""` for unnamed shims), then by exact text.
    by_path: HashMap<String, Vec<(String, PortableCode)>>,
    bytes: usize,
    hits: usize,
}

/// Compiled scripts by name and text, for the contexts of one thread. Cloning shares it.
#[derive(Clone, Default)]
pub struct CodeCache(Rc<RefCell<Entries>>);

impl std::fmt::Debug for CodeCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let e = self.0.borrow();
        f.debug_struct("CodeCache")
            .field("scripts", &e.by_path.values().map(Vec::len).sum::<usize>())
            .field("bytes", &e.bytes)
            .field("hits", &e.hits)
            .finish()
    }
}

/// The cache of the runtime that owns a context, in its context data.
#[derive(Clone)]
pub struct CodeCacheRef(pub CodeCache);

impl CodeCache {
    /// An empty cache.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// How many scripts were served from the cache instead of parsed.
    #[must_use]
    pub fn hits(&self) -> usize {
        self.0.borrow().hits
    }

    /// `text` (named `path` in errors and stacks) as a script of `ctx`'s current realm: the cached
    /// code when this text was compiled before on this thread, else parsed (and cached when it
    /// qualifies).
    ///
    /// # Errors
    /// The parser's `SyntaxError`, as `Script::parse` gives it.
    pub fn script(&self, ctx: &mut Context, path: Option<&str>, text: &str) -> JsResult<Script> {
        let name = path.unwrap_or("");
        let cached = self.0.borrow().by_path.get(name).and_then(|v| {
            v.iter()
                .find(|(t, _)| t == text)
                .map(|(_, code)| code.clone())
        });
        if let Some(code) = cached {
            if let Some(script) = Script::from_portable(&code, ctx) {
                self.0.borrow_mut().hits += 1;
                return Ok(script);
            }
        }
        let source = Source::from_bytes(text.as_bytes());
        let script = match path {
            Some(p) => Script::parse(source.with_path(Path::new(p)), None, ctx)?,
            None => Script::parse(source, None, ctx)?,
        };
        let fits = self.0.borrow().bytes + text.len() <= MAX_SOURCE_BYTES;
        // Compiled now rather than at the first run: the callers run (or require) it next.
        if fits {
            if let Some(code) = script.portable(ctx)? {
                let mut entries = self.0.borrow_mut();
                entries.bytes += text.len();
                entries
                    .by_path
                    .entry(name.to_string())
                    .or_default()
                    .push((text.to_string(), code));
            }
        }
        Ok(script)
    }
}

/// Evaluates `text` in `ctx` as `Context::eval` does, through the cache of the runtime that owns
/// `ctx` (parsed as usual in a context without one).
///
/// # Errors
/// A `SyntaxError`, or whatever the script throws.
pub fn eval(ctx: &mut Context, text: &str) -> JsResult<JsValue> {
    let cache = ctx
        .get_data::<CodeCacheRef>()
        .map_or_else(CodeCache::new, |c| c.0.clone());
    cache.script(ctx, None, text)?.evaluate(ctx)
}
