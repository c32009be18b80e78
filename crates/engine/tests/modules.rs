//! Modules as DevTools builds them: ES modules and TypeScript compiled to CommonJS, errors in
//! the original file's lines, npm resolution through `miniprogram_npm/`, JSON, `require.async`,
//! and the compile cache.

use std::collections::HashMap;

use wxbox_engine::modules::{locate_error, MemorySource};
use wxbox_engine::{EngineConfig, ErrorKind, Event, RunBudget, RunEnd, Runtime, ScriptError};

fn runtime(files: &[(&str, &str)]) -> Runtime {
    let map: HashMap<String, String> = files
        .iter()
        .map(|(k, v)| ((*k).to_string(), (*v).to_string()))
        .collect();
    let rt = Runtime::new(EngineConfig::default(), Box::new(MemorySource(map))).expect("engine");
    // Tests keep their compiled output in process: no files in the developer's cache.
    rt.modules().set_cache_dir(None);
    rt
}

fn console(rt: &Runtime) -> Vec<String> {
    rt.trace()
        .events()
        .into_iter()
        .filter_map(|e| match e.event {
            Event::Console { text, .. } => Some(text),
            Event::Error { message, .. } => Some(format!("ERROR {message}")),
            _ => None,
        })
        .collect()
}

fn run(files: &[(&str, &str)], main: &str) -> Runtime {
    let mut rt = runtime(files);
    if let Err(e) = rt.require(main) {
        let err = ScriptError::runtime(&e);
        panic!("{main} threw: {}", locate_error(rt.context(), err));
    }
    assert_eq!(rt.run(RunBudget::default()), RunEnd::Idle);
    rt
}

/// The runtime error `main` throws, located in the original files.
fn thrown(files: &[(&str, &str)], main: &str) -> ScriptError {
    let mut rt = runtime(files);
    let e = rt.require(main).expect_err("it throws");
    let err = ScriptError::runtime(&e);
    locate_error(rt.context(), err)
}

const MATH: &str = "export const PI = 3;
export function add(a, b) { return a + b; }
export let counter = 0;
export function inc() { counter++; }
export default function mul(a, b) { return a * b; }
";

#[test]
fn every_import_and_export_form_interoperates_as_babel_does() {
    let rt = run(
        &[
            ("lib/math.js", MATH),
            (
                "lib/cjs.js",
                "module.exports = function greet() { return 'hi'; };\nmodule.exports.extra = 1;\n",
            ),
            (
                "lib/reexport.js",
                "export * from './math';\nexport { add as plus, default as times } from './math';\nexport * as ns from './math';\n",
            ),
            ("lib/side.js", "globalThis.sideEffect = (globalThis.sideEffect || 0) + 1;\n"),
            (
                "main.js",
                "import mul, { PI, add, counter, inc } from './lib/math';
import * as math from './lib/math';
import greet from './lib/cjs';
import * as cjs from './lib/cjs';
import { plus, times, ns, PI as PI2 } from './lib/reexport';
import './lib/side';
import './lib/side';
const before = counter;
inc();
console.log(JSON.stringify([mul(2, 3), PI, add(1, 2), before, counter, math.counter,
  typeof greet, greet(), cjs.default === greet, cjs.extra, plus(1, 1), times(2, 2), ns.PI, PI2,
  globalThis.sideEffect]));
const m = require('./lib/math');
console.log(JSON.stringify([m.__esModule, typeof m.default, Object.keys(m).sort()]));
export const done = true;
",
            ),
        ],
        "main.js",
    );
    assert_eq!(
        console(&rt),
        [
            "[6,3,3,0,1,1,\"function\",\"hi\",true,1,2,4,3,3,1]",
            "[true,\"function\",[\"PI\",\"add\",\"counter\",\"default\",\"inc\"]]",
        ]
    );
}

#[test]
fn an_es_module_seen_from_commonjs_has_the_marker_and_live_bindings() {
    let rt = run(
        &[
            ("lib/math.js", MATH),
            (
                "main.js",
                "const m = require('./lib/math.js');
const before = m.counter;
m.inc(); m.inc();
console.log(m.__esModule, before, m.counter, m.default(2, 5));
",
            ),
        ],
        "main.js",
    );
    assert_eq!(console(&rt), ["true 0 2 10"]);
}

const TS_PAGE: &str = "interface Opts {
  n: number;
}
const opts: Opts = { n: 1 };
export function boom(o: Opts): number {
  const missing: any = undefined;
  return missing.prop + o.n;
}
boom(opts);
";

#[test]
fn a_typescript_runtime_error_names_the_ts_line() {
    // Asked for as `.js`, as app.json names pages: the `.ts` is what runs.
    let err = thrown(&[("pages/a/a.ts", TS_PAGE)], "pages/a/a.js");
    assert_eq!(err.kind, ErrorKind::Runtime);
    assert_eq!(err.file.as_deref(), Some("pages/a/a.ts"), "{err}");
    assert_eq!(err.line, Some(7), "{err}\n{}", err.stack);
    assert!(err.message.contains("TypeError"), "{err}");
    assert!(
        err.stack
            .lines()
            .next()
            .is_some_and(|f| f.contains("pages/a/a.ts:7:")),
        "the top frame is mapped too: {}",
        err.stack
    );
}

#[test]
fn a_typescript_syntax_error_names_the_ts_line() {
    let mut rt = runtime(&[(
        "pages/a/a.ts",
        "const a: number = 1;\nconst b: = 2;\nexport default a;\n",
    )]);
    let err = rt.compile("pages/a/a.ts").expect_err("does not compile");
    assert_eq!(err.kind, ErrorKind::Syntax);
    assert_eq!(
        (err.file.as_deref(), err.line, err.column),
        (Some("pages/a/a.ts"), Some(2), Some(10)),
        "{err}"
    );
    // The same, reached through require from another file.
    let mut rt = runtime(&[
        ("pages/a/a.ts", "const a: number = 1;\nconst b: = 2;\n"),
        ("main.js", "require('./pages/a/a');\n"),
    ]);
    let e = rt.require("main.js").expect_err("throws");
    assert!(e.to_string().contains("pages/a/a.ts:2:10"), "{e}");
}

#[test]
fn a_page_that_exists_only_as_ts_resolves() {
    let rt = run(
        &[
            ("utils/fmt.ts", "export const fmt = (n: number): string => `#${n}`;\n"),
            (
                "pages/a/a.js",
                "const { fmt } = require('../../utils/fmt');\nconst again = require('../../utils/fmt.js');\nconsole.log(fmt(3), again.fmt === fmt);\n",
            ),
        ],
        "pages/a/a.js",
    );
    assert_eq!(console(&rt), ["#3 true"]);
}

#[test]
fn npm_names_resolve_through_the_nearest_miniprogram_npm() {
    let rt = run(
        &[
            (
                "pages/home/home.js",
                "const t = require('tslib');
const d = require('dayjs');
const btn = require('tdesign-miniprogram/button/button');
const v = require('@vant/weapp/button/index');
const pkg = require('withmain');
const auth = require('utils/auth');
console.log(t.version, d, btn.which, v, pkg, auth);
",
            ),
            ("utils/auth.js", "module.exports = 'auth';"),
            (
                "miniprogram_npm/tdesign-miniprogram/button/button.js",
                "import { version } from 'tslib';\nexport const which = version;\n",
            ),
            (
                "miniprogram_npm/tdesign-miniprogram/miniprogram_npm/tslib/index.js",
                "exports.version = 'nested';",
            ),
            (
                "miniprogram_npm/tslib/index.js",
                "exports.version = 'root';",
            ),
            (
                "pages/miniprogram_npm/dayjs/index.js",
                "module.exports = 'pages-dayjs';",
            ),
            (
                "miniprogram_npm/dayjs/index.js",
                "module.exports = 'root-dayjs';",
            ),
            (
                "miniprogram_npm/@vant/weapp/button/index.js",
                "module.exports = 'vant';",
            ),
            (
                "miniprogram_npm/withmain/package.json",
                "{\"main\": \"dist/entry.js\"}",
            ),
            (
                "miniprogram_npm/withmain/dist/entry.js",
                "module.exports = 'main';",
            ),
            (
                "miniprogram_npm/withmain/index.js",
                "module.exports = 'index';",
            ),
        ],
        "pages/home/home.js",
    );
    assert_eq!(console(&rt), ["root pages-dayjs nested vant main auth"]);
}

#[test]
fn require_of_json_gives_the_value_and_bad_json_names_its_position() {
    let rt = run(
        &[
            ("data/cfg.json", "{\"a\": [1, 2], \"b\": {\"c\": \"x\"}}"),
            (
                "pages/a/a.js",
                "const cfg = require('../../data/cfg.json');\nconsole.log(cfg.a.length, cfg.b.c, require('../../data/cfg.json') === cfg);\n",
            ),
        ],
        "pages/a/a.js",
    );
    assert_eq!(console(&rt), ["2 x true"]);
    let err = thrown(
        &[
            ("data/bad.json", "{\n  \"a\": 1,\n  \"b\": \n}\n"),
            ("main.js", "require('./data/bad.json');\n"),
        ],
        "main.js",
    );
    assert!(err.message.contains("data/bad.json:4:1"), "{err}");
}

#[test]
fn require_async_resolves_on_the_loop_and_rejects_naming_the_path() {
    let rt = run(
        &[
            ("sub/x.js", "export const v = 1;\n"),
            (
                "main.js",
                "require.async('./sub/x').then(m => console.log('ok ' + m.v));
require.async('./sub/nope').catch(e => console.log('fail', e instanceof Error, e.mod, e.errMsg === e.message, e.message));
require('./sub/x', m => console.log('callback ' + m.v), () => console.log('never'));
require('./sub/gone', () => console.log('never'), ({ errMsg, mod }) => console.log('error callback', mod));
console.log('sync first');
",
            ),
        ],
        "main.js",
    );
    assert_eq!(
        console(&rt),
        [
            "sync first",
            "ok 1",
            "fail true ./sub/nope true module \"sub/nope\" is not defined, require args is './sub/nope'",
            "callback 1",
            "error callback ./sub/gone",
        ]
    );
}

#[test]
fn compiled_output_is_cached_and_commonjs_skips_the_compiler() {
    // Text no other test compiles, so the process-wide cache starts cold for it.
    let src = format!(
        "export const nonce = '{}-{:?}';\n",
        std::process::id(),
        std::time::SystemTime::now()
    );
    let files = [("a.js", src.as_str()), ("b.js", "module.exports = 1;\n")];
    let mut first = runtime(&files);
    first.require("a.js").expect("runs");
    first.require("b.js").expect("runs");
    assert_eq!(
        first.modules().compiler_calls(),
        1,
        "b.js is plain CommonJS"
    );
    let mut second = runtime(&files);
    second.require("a.js").expect("runs");
    assert_eq!(
        second.modules().compiler_calls(),
        0,
        "served from the cache"
    );
}

#[test]
fn browser_globals_are_undefined_parameters_of_each_file_as_in_wechat() {
    // wxml-to-canvas's UMD header: `})(window, function () {...})`, a bare `window` that must read
    // `undefined` (WeChat's wrapper declares it), not throw a ReferenceError.
    let umd = "(function webpackUniversalModuleDefinition(root, factory) {
  if (typeof exports === 'object' && typeof module === 'object') module.exports = factory();
  else root.lib = factory();
})(window, function () { return { ok: true }; });";
    let main = "const lib = require('./umd');
console.log(lib.ok, typeof window, typeof document, typeof self, typeof navigator,
  typeof XMLHttpRequest, typeof WeixinJSCore);
console.log(arguments.length, typeof arguments[0], arguments[1] === module, arguments[2] === exports);
// A file's `window` is its own parameter: setting it does not reach another file.
window = { shared: 1 };
console.log(require('./other').seen);
// The demo's compiled page-scroll component: a top-level `const self`, which DevTools' es6
// compile turns into `var`; beside the wrapper's `self` it must not be a SyntaxError.
console.log(require('./lexical').same);";
    let rt = run(
        &[
            ("umd.js", umd),
            ("main.js", main),
            ("other.js", "module.exports = { seen: typeof window };"),
            (
                "lexical.js",
                "const globalThis = this; const\n  self = this\nmodule.exports = { same: self === exports };",
            ),
        ],
        "main.js",
    );
    assert_eq!(
        console(&rt),
        [
            "true undefined undefined undefined undefined undefined undefined",
            "3 function true true",
            "undefined",
            "true"
        ]
    );
}

#[test]
fn an_error_on_a_files_first_line_keeps_its_column_behind_the_longer_wrapper() {
    // boa places a failed property read at the property's name: `x`, column 17.
    let e = thrown(&[("main.js", "let a = 1; null.x;")], "main.js");
    assert_eq!(
        (e.file.as_deref(), e.line, e.column),
        (Some("main.js"), Some(1), Some(17)),
        "{e}"
    );
}
