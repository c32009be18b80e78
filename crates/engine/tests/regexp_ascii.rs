//! The vendored boa's ASCII fast path for regular expressions (vendor/README.md): a match over
//! ASCII text reads it in place instead of copying it to UTF-16 on every `exec`, with the same
//! results as before (its speed is measured by `cargo bench -p wxbox-app --bench page_open`).

use std::collections::HashMap;

use wxbox_engine::modules::MemorySource;
use wxbox_engine::{EngineConfig, Event, RunBudget, RunEnd, Runtime};

fn console(src: &str) -> Vec<String> {
    let map = HashMap::from([("main.js".to_string(), src.to_string())]);
    let mut rt =
        Runtime::new(EngineConfig::default(), Box::new(MemorySource(map))).expect("engine builds");
    rt.require("main.js").expect("the script runs");
    assert_eq!(rt.run(RunBudget::default()), RunEnd::Idle);
    rt.trace()
        .events()
        .into_iter()
        .filter_map(|e| match e.event {
            Event::Console { text, .. } => Some(text),
            _ => None,
        })
        .collect()
}

#[test]
fn ascii_latin1_and_utf16_inputs_match_alike() {
    let out = console(
        r"
        const triples = (s) => s.replace(/[\s\S]{1,3}/g, (m) => '[' + m + ']');
        console.log(triples('abcdefg'));
        console.log(triples('caf\u00e9 ok'));
        console.log(triples('\u4e2d\u6587abc'));
        const re = /o/g;
        re.lastIndex = 5;
        console.log(re.exec('foo boo').index, re.lastIndex);
        console.log('Hello World'.replace(/o/gi, '0'), /^\w+$/.test('abc_1'), /\bW/.test('Hello World'));
        console.log('a1b22c333'.split(/\d+/).join('|'), 'x'.match(/y/));
        ",
    );
    assert_eq!(
        out,
        [
            "[abc][def][g]",
            "[caf][\u{e9} o][k]",
            "[\u{4e2d}\u{6587}a][bc]",
            "5 6",
            "Hell0 W0rld true true",
            "a|b|c| null",
        ]
    );
}

#[test]
fn a_global_replace_walks_a_long_ascii_string_to_the_end() {
    // 60,000 characters, 20,000 matches, each from the last one's end.
    let out = console(
        r"
        const s = 'abcdefghij'.repeat(6000);
        let n = 0;
        const r = s.replace(/[\s\S]{1,3}/g, () => { n += 1; return 'x'; });
        console.log(n, r.length);
        ",
    );
    assert_eq!(out, ["20000 20000"]);
}
