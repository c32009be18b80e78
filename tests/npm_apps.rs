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
