//! Engine gaps found in real mini-programs, fixed in vendored boa crates (vendor/README.md) or
//! in engine modules: each test fails on stock boa 0.22.0.

use std::collections::HashMap;

use wxbox_engine::modules::MemorySource;
use wxbox_engine::{EngineConfig, Event, RunBudget, RunEnd, Runtime};

fn runtime(src: &str) -> Runtime {
    let map = HashMap::from([("main.js".to_string(), src.to_string())]);
    Runtime::new(EngineConfig::default(), Box::new(MemorySource(map))).expect("engine builds")
}

/// Runs `main.js`; returns the console lines and the error events (`origin message @file:l:c`).
fn run(src: &str) -> (Vec<String>, Vec<String>) {
    let mut rt = runtime(src);
    if let Err(e) = rt.require("main.js") {
        let ctx = rt.context();
        let l = wxbox_engine::timers::event_loop(ctx).expect("loop");
        l.report_error(ctx, &e, "main");
    }
    assert_eq!(rt.run(RunBudget::default()), RunEnd::Idle);
    let mut console = Vec::new();
    let mut errors = Vec::new();
    for e in rt.trace().events() {
        match e.event {
            Event::Console { text, .. } => console.push(text),
            Event::Error {
                origin,
                message,
                file,
                line,
                column,
            } => errors.push(format!(
                "{origin} {message} @{}:{}:{}",
                file.unwrap_or_default(),
                line.unwrap_or_default(),
                column.unwrap_or_default()
            )),
            _ => {}
        }
    }
    (console, errors)
}

fn console(src: &str) -> Vec<String> {
    let (console, errors) = run(src);
    assert!(errors.is_empty(), "{errors:?}");
    console
}

#[test]
fn a_function_named_async_can_be_called() {
    let lines = console(
        "function async(f, b) { return typeof f === 'function' ? f() : f + (b || 0); }\n\
         async(function () { console.log('called back'); });\n\
         const x = async(1);\n\
         const y = async (2, 3);\n\
         const z = async\n(4);\n\
         console.log(x, y, z, async(...[5, 6]), async(1).toFixed(1));",
    );
    assert_eq!(lines, ["called back", "1 5 4 11 1.0"]);
}

#[test]
fn async_arrow_functions_still_parse_after_the_call_cover() {
    let lines = console(
        "const a = async (p, q = 2, {r} = {r: 3}, [s] = [4], ...rest) => p + q + r + s + rest.length;\n\
         const b = async () => 'b';\n\
         const c = async x => x * 2;\n\
         const d = async ({u, v}) => u + v;\n\
         Promise.all([a(1, undefined, undefined, undefined, 9, 9), b(), c(5), d({u: 1, v: 2})])\n\
           .then(r => console.log(r.join(' ')));",
    );
    assert_eq!(lines, ["12 b 10 3"]);
}

#[test]
fn invalid_async_arrow_heads_are_still_syntax_errors() {
    for src in [
        "const f = async\n(x) => x;",
        "const f = async (await) => 1;",
        "const f = async (...a, b) => 1;",
        "const f = async (a.b) => 1;",
    ] {
        let mut rt = runtime(src);
        let err = rt.compile("main.js").expect_err(src);
        assert!(err.message.starts_with("SyntaxError"), "{src}: {err}");
    }
}

#[test]
fn legacy_regexp_statics_follow_the_last_successful_match() {
    let lines = console(
        "console.log(JSON.stringify(RegExp.$1), JSON.stringify(RegExp.lastMatch));\n\
         /(\\d+)-(\\d+)/.test('tel 010-8888 ok');\n\
         console.log(RegExp.$1, RegExp.$2, JSON.stringify(RegExp.$3), RegExp.lastMatch, RegExp['$&']);\n\
         console.log(RegExp.leftContext + '|' + RegExp.rightContext + '|' + RegExp.input + '|' + RegExp.lastParen);\n\
         /nomatch(x)/.test('abc');\n\
         console.log('kept', RegExp.$1);\n\
         'a1b22c333'.replace(/([a-z])(\\d+)/g, '');\n\
         console.log('replace', RegExp.$1, RegExp.$2);\n\
         'k=v'.match(/(\\w)=(\\w)/); console.log('match', RegExp.$1, RegExp.$2);\n\
         'x9y'.search(/(\\d)/); console.log('search', RegExp.$1);\n\
         'a,b;c'.split(/([,;])/); console.log('split', RegExp.$1);\n\
         /(é)(\\w)$/.exec('caféx'); console.log('exec', RegExp.$2, RegExp.leftContext);",
    );
    assert_eq!(
        lines,
        [
            "\"\" \"\"",
            "010 8888 \"\" 010-8888 010-8888",
            "tel | ok|tel 010-8888 ok|8888",
            "kept 010",
            "replace c 333",
            "match k v",
            "search 9",
            "split ;",
            "exec x caf",
        ]
    );
}

#[test]
fn regexp_exec_keeps_its_shape() {
    let lines = console(
        "const e = RegExp.prototype.exec;\n\
         console.log(e.name, e.length, typeof e);\n\
         try { e.call({}, 'x'); } catch (err) { console.log(err instanceof TypeError); }",
    );
    assert_eq!(lines, ["exec 1 function", "true"]);
}

#[test]
fn an_unhandled_rejection_names_where_the_error_was_made() {
    let (_, errors) =
        run("function load() {\n  return Promise.reject(new Error('lost'));\n}\nload();");
    assert_eq!(errors, ["unhandledrejection Error: lost @main.js:2:25"]);
    let (_, errors) = run("async function f() {\n  const o = undefined;\n  return o.x;\n}\nf();");
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].ends_with("@main.js:3:12"), "{errors:?}");
    let (_, errors) = run("Promise.reject('plain');");
    assert_eq!(errors, ["unhandledrejection plain @:0:0"]);
}

/// The message `main.js` throws when it is required, as `catch (e)` sees it.
fn caught(src: &str) -> String {
    let wrapped = format!("try {{\n{src}\n}} catch (e) {{ console.log(String(e)); }}");
    let lines = console(&wrapped);
    assert_eq!(lines.len(), 1, "{lines:?}");
    lines[0].clone()
}

#[test]
fn calling_a_non_function_names_the_callee_as_v8_does() {
    let cases = [
        (
            "const page = {}; page.selectComponent('#x');",
            "page.selectComponent",
        ),
        (
            "const o = { m() { return this.selectComponent('#x'); } }; o.m();",
            "this.selectComponent",
        ),
        ("const wx = {}; wx.foo({});", "wx.foo"),
        ("const x = { y: { z: 1 } }; x.y.z();", "x.y.z"),
        ("const x = { y: { z: {} } }; x.y.z();", "x.y.z"),
        ("let f; f();", "f"),
        ("const a = [1]; a[0]();", "a[0]"),
        ("const k = 'q', o = {}; o[k](1, 2);", "o[k]"),
        ("const x = { y: {} }; x\n  .y\n  .z();", "x.y.z"),
        ("const f = () => 1; f()();", "f(...)"),
        (
            "const g = () => ({ h: {} }); g(1, [2]).h.i();",
            "g(...).h.i",
        ),
        ("const a = [{}]; a[(0)].b();", "a[(0)].b"),
        ("const o = {}; o.g(...[1]);", "o.g"),
        ("const o = {}; console.log(o.h());", "o.h"),
    ];
    for (src, callee) in cases {
        assert_eq!(
            caught(src),
            format!("TypeError: {callee} is not a function"),
            "{src}"
        );
    }
}

#[test]
fn calls_inside_natives_keep_their_own_messages() {
    // The callback is not callable inside a native: no call site of ours to name.
    let msg = caught("[1].map({});");
    assert!(!msg.contains("[1].map"), "{msg}");
    assert!(msg.starts_with("TypeError"), "{msg}");
}

#[test]
fn reading_a_property_of_undefined_is_worded_as_v8_does() {
    assert_eq!(
        caught("let o; o.x;"),
        "TypeError: Cannot read properties of undefined (reading 'x')"
    );
    assert_eq!(
        caught("const o = { a: null }; o.a.b;"),
        "TypeError: Cannot read properties of null (reading 'b')"
    );
    assert_eq!(
        caught("let a; a[3];"),
        "TypeError: Cannot read properties of undefined (reading '3')"
    );
    assert_eq!(
        caught("let a; const k = 'key'; a[k];"),
        "TypeError: Cannot read properties of undefined (reading 'key')"
    );
}

/// Language features real apps use, checked once against boa 0.22 (none needed a patch). Each
/// case is a function body and the text its result converts to.
#[test]
fn modern_syntax_and_builtins_work() {
    let cases = [
        ("function add(a, b) { return a + b; } return String(add);", "function add(a, b) { return a + b; }"),
        ("return JSON.stringify([1, [2, [3, [4]]]].flat(2));", "[1,2,3,[4]]"),
        ("return JSON.stringify(Object.fromEntries([['a', 1], ['b', 2]]));", "{\"a\":1,\"b\":2}"),
        ("const o = { a: { b: null } }; return String(o?.a?.b?.c) + String(o.x?.()) + o.a?.['b'];", "undefinedundefinednull"),
        ("let u; let z = 0; u ??= 5; z ??= 6; return u + ',' + z;", "5,0"),
        ("let p = 0; p ||= 2; let q = 1; q &&= 3; return p + q;", "5"),
        ("class A { x = 1; static s = 2; #p = 3; get p() { return this.#p; } set p(v) { this.#p = v; } } const a = new A(); a.p = 9; return [a.x, A.s, a.p].join();", "1,2,9"),
        ("class B { static #c = 0; static inc() { return ++B.#c; } } B.inc(); return B.inc();", "2"),
        ("const { a = 1, ...rest } = { b: 2, c: 3 }; return a + Object.keys(rest).join('');", "1bc"),
        ("return `${1 + 1}px`;", "2px"),
        ("return 'abc'.padStart(5, '-') + 'x'.repeat(2) + [3, 1, 2].includes(2);", "--abcxxtrue"),
        ("return Array.from({ length: 3 }, (_, i) => i * 2).join();", "0,2,4"),
        ("return 'a-b-c'.replaceAll('-', '+');", "a+b+c"),
        ("return [1, 2, 3].at(-1);", "3"),
        ("return Object.entries({ a: 1 }).flatMap(([k, v]) => [k, v]).join();", "a,1"),
        ("return String(10n ** 3n);", "1000"),
    ];
    let src: String = cases
        .iter()
        .enumerate()
        .map(|(i, (body, _))| {
            format!(
                "function case{i}() {{ {body} }}\n\
                 try {{ console.log(String(case{i}())); }} catch (e) {{ console.log('threw ' + e); }}\n"
            )
        })
        .collect();
    let lines = console(&src);
    let want: Vec<String> = cases.iter().map(|(_, w)| (*w).to_string()).collect();
    assert_eq!(lines, want);
}

#[test]
fn constructing_a_non_constructor_names_it() {
    assert_eq!(
        caught("const f = () => 1; new f();"),
        "TypeError: f is not a constructor"
    );
    assert_eq!(
        caught("const wx = {}; new wx.Foo(...[1]);"),
        "TypeError: wx.Foo is not a constructor"
    );
    let lines = console("class C {} console.log(String(new C()));");
    assert_eq!(lines, ["[object Object]"]);
}

/// The callee's text is found by line: deep in a large file, after CRLF and U+2028 line ends,
/// and for many errors in a row (each after the first costs a lookup, not a scan of the file).
#[test]
fn callee_names_are_found_deep_in_large_files() {
    // U+2028 is a line terminator for positions, and allowed raw in a string literal.
    let mut src = String::from("var pad = 0;\r\nvar sep = 'a\u{2028}b';\n");
    for i in 0..5000 {
        src.push_str(&format!("pad += {i}; // 注释 ünïcode\r\n"));
    }
    src.push_str(
        "const o = { list: {} };\nlet last = '';\n\
         for (let i = 0; i < 2000; i++) { try { o.list.forEach(i); } catch (e) { last = String(e); } }\n\
         console.log(last);",
    );
    assert_eq!(
        console(&src),
        ["TypeError: o.list.forEach is not a function"]
    );
}
