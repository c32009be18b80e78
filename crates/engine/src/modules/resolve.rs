//! Where a `require` / `import` specifier points, as WeChat DevTools lays an app out after
//! "build npm". Pure path arithmetic over an `exists` predicate: it reads no file except through
//! the caller's closures, and knows nothing about JavaScript.
//!
//! The order, from WeChat's `require` reference ("a path relative to the current file, or an npm
//! module name, or an npm module path";
//! developers.weixin.qq.com/miniprogram/dev/reference/api/require.md) and the npm guide (a bare
//! package name means the package's `index.js`; `node_modules` may sit in any subdirectory of
//! the app and "build npm" writes `miniprogram_npm/` beside it;
//! developers.weixin.qq.com/miniprogram/dev/devtools/npm.html):
//! 1. `/x` from the app root; `./x`, `../x` from the file's directory;
//! 2. a bare `x`: relative to the file first (WeChat's own sample `require('common.js')`), then
//!    from the app root (apps write `require('utils/auth')` from any depth and it works in
//!    WeChat), then `miniprogram_npm/x` of the nearest ancestor directory, walking up to the root
//!    as Node walks `node_modules`. The walk is UNVERIFIED in WeChat's docs; built packages rely
//!    on it (TDesign's `tdesign-miniprogram/miniprogram_npm/tslib`, imported from inside the
//!    package, exists nowhere else).
//!
//! A base path is a file when it names one with its extension, else `base.js`, `base.ts`, then a
//! folder: its `package.json` `main`, then `index.js`, `index.ts`. A `.js` name whose file exists
//! only as `.ts` resolves to the `.ts` (DevTools compiles it to that `.js`).

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

/// The directory part of an app-relative path (`""` at the root).
#[must_use]
pub fn dir_of(path: &str) -> &str {
    path.rfind('/').map_or("", |i| &path[..i])
}

/// The folder name DevTools' "build npm" writes packages into.
pub const NPM_DIR: &str = "miniprogram_npm";

/// Candidate base paths of the bare npm specifier `spec` (`dayjs`, `@vant/weapp/button/index`,
/// `tinycolor2/esm/tinycolor`) seen from the app-relative directory `from_dir`: the
/// `miniprogram_npm/spec` of each ancestor, nearest first, ending at the root's.
///
/// These are bases, not files: the caller adds what its kind of file needs (`.js`, `/index.js`
/// for scripts; `.json` + `.js` + `.wxml` for a `usingComponents` entry). A directory that is
/// itself a `miniprogram_npm` folder is skipped (no package lives in
/// `miniprogram_npm/miniprogram_npm`). An empty list when `spec` climbs out of the root.
///
/// ```
/// use wxbox_engine::modules::npm_candidates;
/// assert_eq!(
///     npm_candidates("miniprogram_npm/tdesign-miniprogram/button", "tslib"),
///     [
///         "miniprogram_npm/tdesign-miniprogram/button/miniprogram_npm/tslib",
///         "miniprogram_npm/tdesign-miniprogram/miniprogram_npm/tslib",
///         "miniprogram_npm/tslib",
///     ]
/// );
/// ```
#[must_use]
pub fn npm_candidates(from_dir: &str, spec: &str) -> Vec<String> {
    let Some(dir) = normalize(from_dir) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut cur: Option<&str> = Some(dir.as_str());
    while let Some(d) = cur {
        let last = d.rsplit('/').next().unwrap_or(d);
        if last != NPM_DIR {
            let base = if d.is_empty() {
                format!("{NPM_DIR}/{spec}")
            } else {
                format!("{d}/{NPM_DIR}/{spec}")
            };
            if let Some(base) = normalize(&base) {
                out.push(base);
            }
        }
        cur = if d.is_empty() { None } else { Some(dir_of(d)) };
    }
    out
}

/// Whether `spec` is bare (`x`, `@scope/x`), not `/x`, `./x` or `../x`.
#[must_use]
pub fn is_bare(spec: &str) -> bool {
    !(spec.starts_with('/')
        || spec.starts_with("./")
        || spec.starts_with("../")
        || spec == "."
        || spec == "..")
}

/// Extensions a module file may carry.
const MODULE_EXTENSIONS: [&str; 3] = [".js", ".ts", ".json"];

/// The base paths `spec` may mean when required from the file `from`, in order.
#[must_use]
pub fn bases(from: &str, spec: &str) -> Vec<String> {
    let dir = dir_of(from);
    let raw: Vec<String> = if let Some(abs) = spec.strip_prefix('/') {
        vec![abs.to_string()]
    } else if !is_bare(spec) {
        vec![format!("{dir}/{spec}")]
    } else {
        let mut v = vec![format!("{dir}/{spec}"), spec.to_string()];
        v.extend(npm_candidates(dir, spec));
        v
    };
    let mut out: Vec<String> = Vec::new();
    for b in raw {
        if let Some(b) = normalize(&b) {
            if !b.is_empty() && !out.contains(&b) {
                out.push(b);
            }
        }
    }
    out
}

/// The file `base` names: itself with a known extension, `.js`, `.ts`, or the folder's entry.
/// `read` is used only for `package.json`.
pub fn file_of(
    base: &str,
    exists: &dyn Fn(&str) -> bool,
    read: &dyn Fn(&str) -> Option<String>,
) -> Option<String> {
    if let Some(f) = plain_file(base, exists) {
        return Some(f);
    }
    if let Some(main) = read(&format!("{base}/package.json")).and_then(|t| package_main(&t)) {
        if let Some(target) = normalize(&format!("{base}/{main}")) {
            if let Some(f) = plain_file(&target, exists).or_else(|| index_of(&target, exists)) {
                return Some(f);
            }
        }
    }
    index_of(base, exists)
}

fn plain_file(base: &str, exists: &dyn Fn(&str) -> bool) -> Option<String> {
    if MODULE_EXTENSIONS.iter().any(|e| base.ends_with(e)) && exists(base) {
        return Some(base.to_string());
    }
    if let Some(stem) = base.strip_suffix(".js") {
        let ts = format!("{stem}.ts");
        if exists(&ts) {
            return Some(ts);
        }
    }
    [".js", ".ts"]
        .iter()
        .map(|e| format!("{base}{e}"))
        .find(|c| exists(c))
}

fn index_of(base: &str, exists: &dyn Fn(&str) -> bool) -> Option<String> {
    ["index.js", "index.ts"]
        .iter()
        .map(|i| format!("{base}/{i}"))
        .find(|c| exists(c))
}

/// `package.json`'s `main`, when it is a non-empty string; a broken `package.json` is ignored
/// (Node falls back to `index.js` the same way).
fn package_main(text: &str) -> Option<String> {
    let v: serde_json::Value = serde_json::from_str(text).ok()?;
    let main = v.get("main")?.as_str()?.trim();
    (!main.is_empty()).then(|| main.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn npm_candidates_walk_up_nearest_first() {
        assert_eq!(
            npm_candidates("a/b", "@vant/weapp/button/index"),
            [
                "a/b/miniprogram_npm/@vant/weapp/button/index",
                "a/miniprogram_npm/@vant/weapp/button/index",
                "miniprogram_npm/@vant/weapp/button/index",
            ]
        );
        assert_eq!(npm_candidates("", "x"), ["miniprogram_npm/x"]);
        assert!(npm_candidates("../..", "x").is_empty());
    }

    #[test]
    fn bare_names_try_relative_root_then_npm() {
        assert_eq!(
            bases("pages/a/a.js", "utils/auth"),
            [
                "pages/a/utils/auth",
                "utils/auth",
                "pages/a/miniprogram_npm/utils/auth",
                "pages/miniprogram_npm/utils/auth",
                "miniprogram_npm/utils/auth",
            ]
        );
        assert_eq!(bases("pages/a/a.js", "./b"), ["pages/a/b"]);
        assert_eq!(bases("pages/a/a.js", "/b"), ["b"]);
        assert!(bases("a.js", "../../x").is_empty());
    }

    #[test]
    fn main_then_index() {
        let files = ["p/lib/main.js", "p/index.js", "q/index.ts", "r.ts"];
        let exists = |p: &str| files.contains(&p);
        let with_main =
            |p: &str| (p == "p/package.json").then(|| r#"{"main": "./lib/main"}"#.to_string());
        assert_eq!(
            file_of("p", &exists, &with_main).as_deref(),
            Some("p/lib/main.js")
        );
        assert_eq!(
            file_of("p", &exists, &|_| None).as_deref(),
            Some("p/index.js")
        );
        let broken = |_: &str| Some("{".to_string());
        assert_eq!(
            file_of("p", &exists, &broken).as_deref(),
            Some("p/index.js")
        );
        assert_eq!(
            file_of("q", &exists, &|_| None).as_deref(),
            Some("q/index.ts")
        );
        assert_eq!(file_of("r.js", &exists, &|_| None).as_deref(), Some("r.ts"));
        assert_eq!(file_of("r", &exists, &|_| None).as_deref(), Some("r.ts"));
        assert_eq!(file_of("s", &exists, &|_| None), None);
    }
}
