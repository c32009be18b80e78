//! Sample apps built on npm component libraries (vant, TDesign, weui), with ES modules and a
//! TypeScript page, as real apps are made: the packages are installed from the npm registry and
//! laid out in `miniprogram_npm/` as DevTools' "Build npm" lays them out (`.ci/run` does it; the
//! first test to need it does it too). The renders are golden files, reviewed.

mod support;

use std::sync::Once;

use support::{check_golden, root, run_json, stderr, wxbox};

const SHOP: &str = "sample-apps/shop-npm";

/// `npm ci` and `tools/build-npm.mjs` for the sample, once per test binary, when its
/// `miniprogram_npm/` is missing.
fn installed() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let app = root().join(SHOP);
        if app.join("miniprogram_npm").is_dir() {
            return;
        }
        let npm = std::process::Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund"])
            .current_dir(&app)
            .status()
            .expect("npm runs (Node.js and npm are needed for the npm sample apps)");
        assert!(npm.success(), "npm ci in {SHOP}");
        let build = std::process::Command::new("node")
            .args(["tools/build-npm.mjs", SHOP])
            .current_dir(root())
            .status()
            .expect("node runs");
        assert!(build.success(), "tools/build-npm.mjs {SHOP}");
    });
}

fn kinds<'a>(events: &'a [serde_json::Value], kind: &str) -> Vec<&'a serde_json::Value> {
    events.iter().filter(|e| e["kind"] == kind).collect()
}

#[test]
fn the_npm_shop_runs_clean_with_es_modules_and_npm_components() {
    installed();
    let (events, _) = run_json(&[SHOP]);
    assert!(
        kinds(&events, "error").is_empty(),
        "{:?}",
        kinds(&events, "error")
    );
    let texts = support::console_texts(&events);
    assert_eq!(
        texts,
        ["launch ¥12.50", "namespace function currency CNY"],
        "ES module imports, re-exports and CommonJS interop"
    );
    let out = wxbox(&["render", SHOP]);
    assert!(out.status.success(), "{}", stderr(&out));
    check_golden("render-shop-npm-index.wxml", &support::stdout(&out));
}

#[test]
fn the_typescript_page_opens_from_a_vant_and_a_tdesign_button() {
    installed();
    // The tap lands on the library's inner <button>, which emits the event the page binds.
    for button in ["#vant-checkout >>> button", "#td-checkout >>> button"] {
        let out = wxbox(&["render", SHOP, "--tap", button]);
        assert!(out.status.success(), "{button}: {}", stderr(&out));
        assert_eq!(
            support::stdout(&out).trim(),
            "<text id=\"shown\">total 64.00</text>",
            "{button}"
        );
    }
}

/// Writes `files` (path, text) under `dir`.
fn write_tree(dir: &std::path::Path, files: &[(&str, &str)]) {
    for (path, text) in files {
        let path = dir.join(path);
        std::fs::create_dir_all(path.parent().expect("a parent")).expect("mkdir");
        std::fs::write(path, text).expect("write");
    }
}

/// "Build npm" builds dependencies of dependencies, as DevTools does: a mini-program package's
/// own bare `require` (wxml-to-canvas's `require("widget-ui")`) finds its dependency, and a
/// second version nested in a dependent's node_modules stays that dependent's.
#[test]
fn build_npm_lays_out_dependencies_of_dependencies() {
    let dir = std::env::temp_dir().join(format!("wxbox-build-npm-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    write_tree(
        &dir,
        &[
            ("package.json", r#"{"dependencies": {"mp-a": "1"}}"#),
            (
                "app.json",
                r#"{"pages": ["pages/index/index"]}"#,
            ),
            ("app.js", "App({})"),
            (
                "pages/index/index.js",
                "const a = require('mp-a');\nPage({ onLoad() { console.log(a.describe()); } });",
            ),
            ("pages/index/index.wxml", "<view>x</view>"),
            (
                "node_modules/mp-a/package.json",
                r#"{"name": "mp-a", "version": "1.0.0", "miniprogram": "dist", "dependencies": {"plain-b": "1"}}"#,
            ),
            (
                "node_modules/mp-a/dist/index.js",
                "const b = require('plain-b');\nmodule.exports = { describe: () => 'a+' + b.describe() };",
            ),
            (
                "node_modules/plain-b/package.json",
                r#"{"name": "plain-b", "version": "1.0.0", "main": "lib/b.js", "dependencies": {"plain-c": "2"}}"#,
            ),
            (
                "node_modules/plain-b/lib/b.js",
                "const c = require('plain-c');\nmodule.exports = { describe: () => 'b+' + c.version };",
            ),
            (
                "node_modules/plain-b/node_modules/plain-c/package.json",
                r#"{"name": "plain-c", "version": "2.0.0"}"#,
            ),
            (
                "node_modules/plain-b/node_modules/plain-c/index.js",
                "module.exports = { version: 'c2' };",
            ),
            (
                "node_modules/plain-c/package.json",
                r#"{"name": "plain-c", "version": "1.0.0"}"#,
            ),
            (
                "node_modules/plain-c/index.js",
                "module.exports = { version: 'c1' };",
            ),
        ],
    );
    let build = std::process::Command::new("node")
        .arg(root().join("tools/build-npm.mjs"))
        .arg(&dir)
        .output()
        .expect("node runs");
    assert!(build.status.success(), "{}", stderr(&build));
    let npm = dir.join("miniprogram_npm");
    assert!(npm.join("mp-a/index.js").is_file());
    assert!(
        npm.join("plain-b/index.js").is_file(),
        "a dependency's dependency"
    );
    assert!(
        npm.join("plain-b/miniprogram_npm/plain-c/index.js")
            .is_file(),
        "a second version stays nested under its dependent"
    );
    assert!(
        !npm.join("plain-c").exists(),
        "nothing needs the top-level plain-c"
    );
    let app = dir.to_string_lossy().into_owned();
    let (events, _) = run_json(&[&app]);
    assert_eq!(support::console_texts(&events), ["a+b+c2"]);
    let _ = std::fs::remove_dir_all(&dir);
}
