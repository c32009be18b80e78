//! What each page and custom component is made of, loaded the first time a page opens: its
//! `.json` (`usingComponents`), its script (parsed), its compiled WXML, and every component it
//! reaches. A broken file fails only what uses it, as in WeChat, where a page's code is compiled
//! when it is first needed: a page whose own files are broken fails its navigation, a component
//! that cannot load is reported and renders as a plain element, and every other page still opens.
//!
//! Component paths resolve as DevTools resolves them after "build npm": relative to the `.json`,
//! then `miniprogram_npm/` of the nearest ancestor folder, then from the app root; a package
//! folder means its `index` component. `weui-miniprogram/...` (app.json `useExtendedLib`) comes
//! from an installed `weui-miniprogram` package, mounted by [`crate::sources`].
//!
//! This module knows nothing about rendering or JavaScript objects: it loads and checks.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::rc::Rc;

use boa_engine::{Context, JsResult};
use serde_json::Value;
use wxbox_engine::modules::{normalize, npm_candidates, ModulesRef};
use wxbox_engine::timers::event_loop;
use wxbox_engine::{ErrorKind, Event, ScriptError};
use wxbox_view::Compiled;

use crate::config::{parse_json, ConfigError};
use crate::state::app_state;

/// A page's or component's view: its template and the components it uses.
#[derive(Debug, Clone, Default)]
pub struct Unit {
    /// The compiled `.wxml`, when there is one.
    pub compiled: Option<Rc<Compiled>>,
    /// `usingComponents`: tag -> component path (app-relative, no extension).
    pub using: BTreeMap<String, String>,
}

/// Why a page or component could not be loaded.
#[derive(Debug, Clone, thiserror::Error)]
pub enum LoadError {
    /// A `.json` or `.wxml` is malformed, or a file is missing.
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// A script does not parse.
    #[error(transparent)]
    Script(ScriptError),
}

impl LoadError {
    /// The file, line and column it points at.
    #[must_use]
    pub fn position(&self) -> (Option<String>, Option<u32>, Option<u32>) {
        match self {
            LoadError::Config(c) => (
                Some(c.file.clone()),
                c.position.and_then(|(l, _)| u32::try_from(l).ok()),
                c.position.and_then(|(_, c)| u32::try_from(c).ok()),
            ),
            LoadError::Script(s) => (s.file.clone(), s.line, s.column),
        }
    }

    /// The message without its position.
    #[must_use]
    pub fn message(&self) -> String {
        match self {
            LoadError::Config(c) => c.message.clone(),
            LoadError::Script(s) => s.message.clone(),
        }
    }
}

/// The views loaded so far.
#[derive(Debug, Clone, Default)]
pub struct Catalog {
    /// `app.json` `usingComponents`, resolved: every page may use them.
    global: BTreeMap<String, String>,
    /// By route.
    pub pages: HashMap<String, Unit>,
    /// By component path.
    pub components: HashMap<String, Unit>,
    /// Components that could not load (reported once; their tags render as plain elements).
    failed: HashSet<String>,
    /// WXML warnings are errors.
    strict: bool,
}

/// The script of a page or component at `base`: `.js`, or `.ts` for TypeScript sources.
#[must_use]
pub fn script_of(base: &str, exists: &dyn Fn(&str) -> bool) -> Option<String> {
    [format!("{base}.js"), format!("{base}.ts")]
        .into_iter()
        .find(|p| exists(p))
}

/// The script file of the page or component at `base` (`.js` when neither exists, for the error).
#[must_use]
pub fn script_in(ctx: &Context, base: &str) -> String {
    ctx.get_data::<ModulesRef>()
        .and_then(|m| script_of(base, &|p: &str| m.0.exists(p)))
        .unwrap_or_else(|| format!("{base}.js"))
}

fn dir_of(path: &str) -> &str {
    path.rsplit_once('/').map_or("", |(d, _)| d)
}

/// Resolves a `usingComponents` entry of `json_file` to a component path (no extension).
///
/// # Errors
/// Why it names no component: the message is what a developer needs to fix it.
pub fn component_path(
    json_file: &str,
    spec: &str,
    exists: &dyn Fn(&str) -> bool,
) -> Result<String, String> {
    if spec.starts_with("plugin://") {
        return Err(format!(
            "\"{spec}\": plugin components are not available in wxbox"
        ));
    }
    let spec = spec.trim_end_matches(".js");
    let dir = dir_of(json_file);
    let bases: Vec<String> = if let Some(abs) = spec.strip_prefix('/') {
        vec![abs.to_string()]
    } else if spec.starts_with("./") || spec.starts_with("../") {
        vec![format!("{dir}/{spec}")]
    } else {
        // A bare path: relative first, then npm (nearest first), then the app root.
        let mut v = vec![format!("{dir}/{spec}")];
        v.extend(npm_candidates(dir, spec));
        v.push(spec.to_string());
        v
    };
    let mut escaped = false;
    for base in &bases {
        let Some(base) = normalize(base) else {
            escaped = true;
            continue;
        };
        for candidate in [base.clone(), format!("{base}/index")] {
            if script_of(&candidate, exists).is_some() {
                return Ok(candidate);
            }
        }
    }
    if escaped && bases.len() == 1 {
        return Err(format!("\"{spec}\" leaves the app directory"));
    }
    let first = normalize(&bases[0]).unwrap_or_else(|| spec.to_string());
    Err(format!("\"{spec}\": no component at {first}.js"))
}

fn config_error(file: &str, message: String) -> ConfigError {
    ConfigError {
        file: file.to_string(),
        position: None,
        message,
    }
}

/// Reads a unit's `.json` and `.wxml`. Bad `usingComponents` entries are returned as problems
/// (the tag then renders as a plain element), a malformed file fails the unit.
fn read_unit(
    base: &str,
    global: &BTreeMap<String, String>,
    read: &dyn Fn(&str) -> Option<String>,
    exists: &dyn Fn(&str) -> bool,
    strict: bool,
    problems: &mut Vec<ConfigError>,
) -> Result<Unit, LoadError> {
    let mut using = global.clone();
    let json_file = format!("{base}.json");
    if let Some(text) = read(&json_file) {
        let v: Value = parse_json(&json_file, &text)?;
        if let Some(map) = v.get("usingComponents").and_then(Value::as_object) {
            for (tag, spec) in map {
                let Some(spec) = spec.as_str() else {
                    problems.push(config_error(
                        &json_file,
                        format!("usingComponents.{tag} must be a path string"),
                    ));
                    continue;
                };
                match component_path(&json_file, spec, exists) {
                    Ok(path) => {
                        using.insert(tag.clone(), path);
                    }
                    Err(why) => {
                        using.remove(tag);
                        problems.push(config_error(
                            &json_file,
                            format!("usingComponents.{tag}: {why}"),
                        ));
                    }
                }
            }
        }
    }
    let options = wxbox_view::Options { strict };
    let compiled =
        wxbox_view::compile_with(&format!("{base}.wxml"), &read, options).map_err(|e| {
            ConfigError {
                file: e.file,
                position: Some((e.line as usize, e.col as usize)),
                message: e.message,
            }
        })?;
    Ok(Unit {
        compiled: compiled.map(Rc::new),
        using,
    })
}

impl Catalog {
    /// A catalog for an app whose `app.json` lists `app_using` (`exists` says which files the
    /// app has). Entries that name no component
    /// are returned as problems to report; they are left out.
    #[must_use]
    pub fn new(
        app_using: &BTreeMap<String, String>,
        exists: &dyn Fn(&str) -> bool,
        strict: bool,
    ) -> (Self, Vec<ConfigError>) {
        let mut problems = Vec::new();
        let mut global = BTreeMap::new();
        for (tag, spec) in app_using {
            match component_path("app.json", spec, exists) {
                Ok(path) => {
                    global.insert(tag.clone(), path);
                }
                Err(why) => problems.push(config_error(
                    "app.json",
                    format!("usingComponents.{tag}: {why}"),
                )),
            }
        }
        (
            Catalog {
                global,
                strict,
                ..Catalog::default()
            },
            problems,
        )
    }
}

/// Loads the page `route` and every component it reaches, once. Problems with components are
/// reported as errors in the trace; the page's own broken files are returned.
///
/// # Errors
/// Only engine failures; the inner `Err` is the page's own load failure.
pub fn ensure_page(ctx: &mut Context, route: &str) -> JsResult<Result<(), LoadError>> {
    let state = app_state(ctx)?;
    if state.borrow().catalog.pages.contains_key(route) {
        return Ok(Ok(()));
    }
    let Some(modules) = ctx.get_data::<ModulesRef>().map(|m| m.0.clone()) else {
        return Ok(Ok(()));
    };
    let read = |p: &str| modules.read(p);
    let exists = |p: &str| modules.exists(p);
    let (global, strict) = {
        let s = state.borrow();
        (s.catalog.global.clone(), s.catalog.strict)
    };
    let mut problems = Vec::new();
    let Some(script) = script_of(route, &exists) else {
        return Ok(Err(LoadError::Config(config_error(
            "app.json",
            format!("page \"{route}\" is listed but {route}.js does not exist"),
        ))));
    };
    if let Err(e) = modules.compile(ctx, &script) {
        return Ok(Err(LoadError::Script(e)));
    }
    let page = match read_unit(route, &global, &read, &exists, strict, &mut problems) {
        Ok(u) => u,
        Err(e) => return Ok(Err(e)),
    };
    let mut todo: Vec<String> = page.using.values().cloned().collect();
    let mut loaded: Vec<(String, Unit)> = Vec::new();
    let mut failed: Vec<(String, LoadError)> = Vec::new();
    while let Some(path) = todo.pop() {
        let known = {
            let s = state.borrow();
            s.catalog.components.contains_key(&path) || s.catalog.failed.contains(&path)
        };
        if known || loaded.iter().any(|(p, _)| *p == path) || failed.iter().any(|(p, _)| *p == path)
        {
            continue;
        }
        let unit = match script_of(&path, &exists) {
            None => Err(LoadError::Config(config_error(
                &format!("{path}.js"),
                "not found (a component in usingComponents)".into(),
            ))),
            Some(js) => match modules.compile(ctx, &js) {
                Err(e) if e.kind == ErrorKind::NotFound => Err(LoadError::Config(config_error(
                    &js,
                    "not found (a component in usingComponents)".into(),
                ))),
                Err(e) => Err(LoadError::Script(e)),
                Ok(()) => read_unit(&path, &global, &read, &exists, strict, &mut problems),
            },
        };
        match unit {
            Ok(u) => {
                todo.extend(u.using.values().cloned());
                loaded.push((path, u));
            }
            Err(e) => failed.push((path, e)),
        }
    }
    let l = event_loop(ctx)?;
    let units = std::iter::once((route, &page)).chain(loaded.iter().map(|(p, u)| (p.as_str(), u)));
    for (_, unit) in units {
        for w in unit.compiled.iter().flat_map(|c| c.warnings.iter()) {
            l.trace().push(Event::Warning {
                origin: "wxml".into(),
                message: w.message.clone(),
                file: Some(w.file.clone()),
                line: Some(w.line),
                column: Some(w.col),
            });
        }
    }
    let mut errors = 0;
    for p in &problems {
        errors += 1;
        l.trace()
            .push(error_of(&LoadError::Config(p.clone()), "component"));
    }
    for (_, e) in &failed {
        errors += 1;
        l.trace().push(error_of(e, "component"));
    }
    let mut s = state.borrow_mut();
    s.uncaught += errors;
    s.catalog.failed.extend(failed.into_iter().map(|(p, _)| p));
    let failed_set = s.catalog.failed.clone();
    let drop_failed = |u: &mut Unit| u.using.retain(|_, p| !failed_set.contains(p));
    for (path, mut u) in loaded {
        drop_failed(&mut u);
        s.catalog.components.insert(path, u);
    }
    let mut page = page;
    drop_failed(&mut page);
    s.catalog.pages.insert(route.to_string(), page);
    Ok(Ok(()))
}

/// The trace event for a load failure, with `origin`.
#[must_use]
pub fn error_of(e: &LoadError, origin: &str) -> Event {
    let (file, line, column) = e.position();
    Event::Error {
        origin: origin.to_string(),
        message: e.message(),
        file,
        line,
        column,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bare_component_paths_resolve_through_the_nearest_miniprogram_npm() {
        let files = [
            "pages/home/miniprogram_npm/ui/button/index.js",
            "miniprogram_npm/ui/button/index.js",
            "miniprogram_npm/@vant/weapp/cell/index.js",
            "miniprogram_npm/mp-html/index.js",
            "components/card/card.js",
            "pages/home/local/local.js",
        ];
        let exists = |p: &str| files.contains(&p);
        let r = |json: &str, spec: &str| component_path(json, spec, &exists);
        assert_eq!(
            r("pages/home/home.json", "ui/button/index").as_deref(),
            Ok("pages/home/miniprogram_npm/ui/button/index")
        );
        assert_eq!(
            r("pages/other/other.json", "ui/button/index").as_deref(),
            Ok("miniprogram_npm/ui/button/index")
        );
        assert_eq!(
            r("pages/a/a.json", "@vant/weapp/cell/index").as_deref(),
            Ok("miniprogram_npm/@vant/weapp/cell/index")
        );
        assert_eq!(
            r("app.json", "mp-html").as_deref(),
            Ok("miniprogram_npm/mp-html/index"),
            "a package name means its index component"
        );
        assert_eq!(
            r("pages/home/home.json", "local/local").as_deref(),
            Ok("pages/home/local/local"),
            "relative first"
        );
        assert_eq!(
            r("pages/home/home.json", "components/card/card").as_deref(),
            Ok("components/card/card"),
            "then from the root"
        );
        assert_eq!(
            r("pages/home/home.json", "/components/card/card.js").as_deref(),
            Ok("components/card/card")
        );
        let e = r("pages/home/home.json", "t-search/search").expect_err("missing");
        assert!(e.contains("pages/home/t-search/search.js"), "{e}");
        assert!(r("app.json", "../outside")
            .expect_err("outside")
            .contains("leaves"));
        assert!(r("app.json", "plugin://p/c")
            .expect_err("plugin")
            .contains("plugin"));
    }

    #[test]
    fn typescript_scripts_count() {
        let files = ["pages/a/a.ts"];
        let exists = |p: &str| files.contains(&p);
        assert_eq!(
            script_of("pages/a/a", &exists).as_deref(),
            Some("pages/a/a.ts")
        );
        assert_eq!(
            component_path("app.json", "pages/a/a", &exists).as_deref(),
            Ok("pages/a/a")
        );
    }
}
