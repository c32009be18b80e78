//! The compiled-code cache shared by runtimes on one thread: later runtimes skip the parser, and
//! share no value with the earlier ones.

use std::collections::HashMap;

use boa_engine::{js_string, JsValue, Source};
use wxbox_engine::code_cache;
use wxbox_engine::modules::MemorySource;
use wxbox_engine::{CodeCache, EngineConfig, Runtime};

fn runtime(files: &[(&str, &str)], cache: &CodeCache) -> Runtime {
    let map: HashMap<String, String> = files
        .iter()
        .map(|(k, v)| ((*k).to_string(), (*v).to_string()))
        .collect();
    let rt = Runtime::with_code_cache(
        EngineConfig::default(),
        Box::new(MemorySource(map)),
        cache.clone(),
    )
    .expect("engine");
    rt.modules().set_cache_dir(None);
    rt
}

fn text(v: &JsValue, rt: &mut Runtime) -> String {
    v.to_string(rt.context())
        .expect("a string")
        .to_std_string_escaped()
}

fn export(rt: &mut Runtime, main: &str, name: &str) -> String {
    let exports = rt.require(main).expect("main runs");
    let v = exports
        .as_object()
        .expect("exports")
        .get(js_string!(name), rt.context())
        .expect("read");
    text(&v, rt)
}

/// A module that counts its runs on the global object and in a closure, keeps a tagged
/// template's strings object, and throws on request from a known line.
const COUNTER: &str = "globalThis.runs = (globalThis.runs || 0) + 1;
var seen = [];
function tag(strings) { seen.push(strings); return strings; }
exports.runs = String(globalThis.runs);
exports.same = String(tag`a` === (function () { return seen[0]; })());
exports.wx = typeof wx;
exports.date = String(new Date('2024/03/10 10:00:00').getTime());
";

#[test]
fn a_second_runtime_reuses_the_code_and_none_of_the_values() {
    let cache = CodeCache::new();
    let files = [("app.js", COUNTER)];
    let mut first = runtime(&files, &cache);
    assert_eq!(export(&mut first, "app.js", "runs"), "1");
    let hits = cache.hits();
    let mut second = runtime(&files, &cache);
    // Globals are the second runtime's own: the first one's run is not seen.
    assert_eq!(export(&mut second, "app.js", "runs"), "1");
    // The date shim and the module came from the cache.
    assert!(
        cache.hits() >= hits + 2,
        "hits {} then {}",
        hits,
        cache.hits()
    );
    assert_eq!(export(&mut second, "app.js", "same"), "true");
    assert_eq!(export(&mut second, "app.js", "wx"), "undefined");
    // The shared date shim still reads local time (+08:00) in the second runtime.
    assert_eq!(export(&mut second, "app.js", "date"), "1710036000000");
    // And the first runtime is untouched by the second.
    let g = first
        .context()
        .global_object()
        .get(js_string!("runs"), first.context())
        .expect("read");
    assert_eq!(text(&g, &mut first), "1");
}

#[test]
fn changed_text_under_the_same_name_is_parsed_again() {
    let cache = CodeCache::new();
    let mut a = runtime(&[("m.js", "exports.v = 'old';")], &cache);
    assert_eq!(export(&mut a, "m.js", "v"), "old");
    let mut b = runtime(&[("m.js", "exports.v = 'new';")], &cache);
    assert_eq!(export(&mut b, "m.js", "v"), "new");
}

#[test]
fn errors_in_cached_code_name_the_file_and_line() {
    let cache = CodeCache::new();
    let files = [("bad.js", "var x = 1;\nnull.boom;\n")];
    for _ in 0..2 {
        let mut rt = runtime(&files, &cache);
        let e = rt.require("bad.js").expect_err("throws");
        let err = wxbox_engine::ScriptError::runtime(&e);
        assert_eq!(err.file.as_deref(), Some("bad.js"), "{err}");
        assert_eq!(err.line, Some(2), "{err}");
    }
}

#[test]
fn a_realm_with_global_lexical_bindings_parses_instead() {
    let cache = CodeCache::new();
    let mut a = runtime(&[], &cache);
    let src = "(function () { return typeof shadow; })";
    let f = code_cache::eval(a.context(), src).expect("runs");
    assert!(f.is_callable());
    let mut b = runtime(&[], &cache);
    // A top-level `let` is a binding of the realm's global scope, not of the global object:
    // code compiled elsewhere would not see it, so this realm must not take the cached code.
    b.context()
        .eval(Source::from_bytes("let shadow = 1;"))
        .expect("declares");
    let hits = cache.hits();
    let f = code_cache::eval(b.context(), src).expect("runs");
    assert_eq!(
        cache.hits(),
        hits,
        "no cached code for a realm with global lets"
    );
    let r = f
        .as_callable()
        .expect("a function")
        .call(&JsValue::undefined(), &[], b.context())
        .expect("calls");
    assert_eq!(text(&r, &mut b), "number");
}

#[test]
fn scripts_that_declare_globals_are_never_shared() {
    let cache = CodeCache::new();
    let src = "var declared = 1; let lexical = 2;";
    let mut a = runtime(&[], &cache);
    code_cache::eval(a.context(), src).expect("runs");
    let mut b = runtime(&[], &cache);
    let hits = cache.hits();
    code_cache::eval(b.context(), src).expect("runs");
    assert_eq!(cache.hits(), hits);
    let v = b
        .context()
        .eval(Source::from_bytes("declared + lexical"))
        .expect("both defined");
    assert_eq!(text(&v, &mut b), "3");
}

#[test]
fn tagged_templates_of_cached_and_fresh_code_stay_apart() {
    // A tagged template's strings object is cached per realm under an id made of the parser's
    // number and the template's position. Code compiled in one runtime and run in another must
    // not share that id with a script parsed there, or the second script would get the first
    // one's strings.
    let cache = CodeCache::new();
    let cached = "(function (tag) { return tag`x`; })";
    let fresh = "(function (tag) { return tag`y`; })";
    let first = |rt: &mut Runtime, src: &str, via_cache: bool| -> String {
        let f = if via_cache {
            code_cache::eval(rt.context(), src)
        } else {
            rt.context().eval(Source::from_bytes(src))
        }
        .expect("runs");
        let id = rt
            .context()
            .eval(Source::from_bytes("(function (s) { return s[0]; })"))
            .expect("runs");
        let r = f
            .as_callable()
            .expect("a function")
            .call(&JsValue::undefined(), &[id], rt.context())
            .expect("calls");
        text(&r, rt)
    };
    let mut a = runtime(&[], &cache);
    assert_eq!(first(&mut a, cached, true), "x");
    let mut b = runtime(&[], &cache);
    assert_eq!(first(&mut b, cached, true), "x");
    for _ in 0..4 {
        assert_eq!(first(&mut b, fresh, false), "y");
    }
}
