//! CommonJS modules as mini-programs use them: every file is a module with `module`, `exports`
//! and its own `require`, resolved relative to the file, cached, cycles allowed.
//!
//! Sources come from a [`SourceProvider`] (the app directory, or memory in tests). Files are
//! parsed ahead of time where the caller wants syntax errors early ([`Modules::compile`]) and
//! evaluated on first `require`, as WeChat evaluates page code on first use.

use std::cell::RefCell;
use std::collections::HashMap;
use std::path::Path;
use std::rc::Rc;

use boa_engine::object::ObjectInitializer;
use boa_engine::property::Attribute;
use boa_engine::{
    js_string, Context, JsError, JsNativeError, JsObject, JsResult, JsString, JsValue,
    NativeFunction, Script, Source,
};

use crate::errors::ScriptError;

/// The wrapper's opening; it shares line 1 with the file, so line numbers stay true.
pub const WRAPPER_PREFIX: &str = "(function (module, exports, require) {";
const WRAPPER_SUFFIX: &str = "\n})";

/// Where module sources come from. Paths are app-relative with `/` separators (`utils/util.js`).
pub trait SourceProvider {
    /// The file's text, or `None` when there is no such file.
    fn read(&self, path: &str) -> Option<String>;
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
}

/// Sources held in memory (tests, embedded apps).
#[derive(Debug, Clone, Default)]
pub struct MemorySource(pub HashMap<String, String>);

impl SourceProvider for MemorySource {
    fn read(&self, path: &str) -> Option<String> {
        self.0.get(path).cloned()
    }
}

/// The module registry of one sandbox.
pub struct Modules {
    provider: Box<dyn SourceProvider>,
    compiled: RefCell<HashMap<String, Script>>,
    cache: RefCell<HashMap<String, JsObject>>,
}

/// The registry, reachable from `require` natives through context data.
#[derive(Clone)]
pub struct ModulesRef(pub Rc<Modules>);

/// Normalises `a/./b/../c` to `a/c`; `None` when it climbs out of the app root.
#[must_use]
pub fn normalize(path: &str) -> Option<String> {
    let mut out: Vec<&str> = Vec::new();
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                out.pop()?;
            }
            s => out.push(s),
        }
    }
    Some(out.join("/"))
}

fn dir_of(path: &str) -> &str {
    path.rfind('/').map_or("", |i| &path[..i])
}

impl Modules {
    /// A registry over `provider`.
    #[must_use]
    pub fn new(provider: Box<dyn SourceProvider>) -> Self {
        Self {
            provider,
            compiled: RefCell::default(),
            cache: RefCell::default(),
        }
    }

    /// Reads a file from the provider (for non-module files such as `app.json`).
    #[must_use]
    pub fn read(&self, path: &str) -> Option<String> {
        self.provider.read(path)
    }

    /// Resolves `spec` as required from the module `from` (an app-relative file path).
    #[must_use]
    pub fn resolve(&self, from: &str, spec: &str) -> Option<String> {
        let dir = dir_of(from);
        let bases: Vec<String> = if let Some(abs) = spec.strip_prefix('/') {
            vec![abs.to_string()]
        } else if spec.starts_with("./") || spec.starts_with("../") {
            vec![format!("{dir}/{spec}")]
        } else {
            // WeChat also resolves bare paths relative to the file, then from the root, then npm.
            vec![
                format!("{dir}/{spec}"),
                spec.to_string(),
                format!("miniprogram_npm/{spec}"),
            ]
        };
        for base in bases {
            let Some(base) = normalize(&base) else {
                continue;
            };
            for candidate in [
                base.clone(),
                format!("{base}.js"),
                format!("{base}/index.js"),
            ] {
                if Path::new(&candidate).extension().is_some_and(|e| e == "js")
                    && (self.compiled.borrow().contains_key(&candidate)
                        || self.provider.read(&candidate).is_some())
                {
                    return Some(candidate);
                }
            }
        }
        None
    }

    /// Parses `path` now, so syntax errors surface before anything runs.
    ///
    /// # Errors
    /// [`ScriptError`] naming the file and position when it does not parse; kind
    /// [`crate::ErrorKind::NotFound`] when the file is missing.
    pub fn compile(&self, ctx: &mut Context, path: &str) -> Result<(), ScriptError> {
        if self.compiled.borrow().contains_key(path) {
            return Ok(());
        }
        let Some(src) = self.provider.read(path) else {
            return Err(ScriptError {
                kind: crate::errors::ErrorKind::NotFound,
                message: "file not found".into(),
                file: Some(path.to_string()),
                line: None,
                column: None,
                stack: String::new(),
            });
        };
        let wrapped = format!("{WRAPPER_PREFIX}{src}{WRAPPER_SUFFIX}");
        let source = Source::from_bytes(wrapped.as_bytes()).with_path(Path::new(path));
        let script =
            Script::parse(source, None, ctx).map_err(|e| ScriptError::syntax(&e, path, &src))?;
        self.compiled.borrow_mut().insert(path.to_string(), script);
        Ok(())
    }

    /// Evaluates the module at `path` (once) and returns its `module.exports`.
    ///
    /// # Errors
    /// A `SyntaxError` (message `file:line:col: ...`) when it does not parse, or whatever the
    /// module's top level throws.
    pub fn require(self: &Rc<Self>, ctx: &mut Context, path: &str) -> JsResult<JsValue> {
        if let Some(module) = self.cache.borrow().get(path).cloned() {
            return module.get(js_string!("exports"), ctx);
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
            .property(js_string!("id"), JsString::from(path), Attribute::all())
            .build();
        self.cache
            .borrow_mut()
            .insert(path.to_string(), module.clone());
        let result = (|| {
            let factory = script.evaluate(ctx)?;
            let factory = factory.as_callable().ok_or_else(|| {
                JsError::from(JsNativeError::typ().with_message("module wrapper is not a function"))
            })?;
            let require = require_function(ctx, path);
            factory.call(
                &exports.clone().into(),
                &[module.clone().into(), exports.into(), require.into()],
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
}

/// The `require` given to the module at `path`.
fn require_function(ctx: &mut Context, path: &str) -> JsObject {
    NativeFunction::from_copy_closure_with_captures(
        |_, args, from: &JsString, ctx| {
            let spec = match args.first().and_then(JsValue::as_string) {
                Some(s) => s.to_std_string_escaped(),
                None => {
                    return Err(JsNativeError::typ()
                        .with_message("require: the path must be a string")
                        .into())
                }
            };
            let modules = ctx
                .get_data::<ModulesRef>()
                .map(|m| m.0.clone())
                .ok_or_else(|| JsNativeError::typ().with_message("no module registry"))?;
            let from = from.to_std_string_escaped();
            match modules.resolve(&from, &spec) {
                Some(target) => modules.require(ctx, &target),
                // WeChat's wording, so developers recognise it.
                None => Err(JsNativeError::error()
                    .with_message(format!(
                        "module \"{}\" is not defined, require args is '{spec}'",
                        normalize(&format!("{}/{spec}", dir_of(&from)))
                            .unwrap_or_else(|| spec.clone())
                    ))
                    .into()),
            }
        },
        JsString::from(path),
    )
    .to_js_function(ctx.realm())
    .into()
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
