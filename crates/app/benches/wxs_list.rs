//! A 100-row list calling a WXS filter per row, rendered inside a sandbox after `setData`
//! (issue 14: under 1 ms a render): the JS call, the data copied out of the engine, 100 calls
//! into the WXS context (arguments and results crossing as JSON), the render and the diff.
//!
//! `cargo bench -p wxbox-app --bench wxs_list`

#![allow(missing_docs)] // criterion_group! generates an undocumented function.

use std::collections::HashMap;

use boa_engine::Source;
use criterion::{criterion_group, criterion_main, Criterion};
use wxbox_app::{RunBudget, RunEnd, Sandbox, SandboxOptions};
use wxbox_engine::modules::MemorySource;

const WXML: &str = r#"<wxs src="../../price.wxs" module="f" />
<view class="page">
  <text>{{title}}</text>
  <view wx:for="{{list}}" wx:key="id" class="row">{{f.price(item.cents)}}</view>
</view>"#;

const WXS: &str = r"
function price(cents) {
  return '¥' + (cents / 100).toFixed(2);
}
module.exports = { price: price };
";

const JS: &str = r"
const list = [];
for (let i = 0; i < 100; i++) list.push({ id: i, cents: 1000 + i * 7 });
let n = 0;
Page({
  data: { title: 'start', list },
  bump() { this.setData({ title: 'title ' + (n++) }); },
});
";

fn sandbox(wxml: &str) -> Sandbox {
    let files: HashMap<String, String> = [
        ("app.json", r#"{"pages":["pages/index/index"]}"#),
        ("app.js", "App({})"),
        ("price.wxs", WXS),
        ("pages/index/index.js", JS),
        ("pages/index/index.wxml", wxml),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    let mut sb = Sandbox::from_sources(Box::new(MemorySource(files)), SandboxOptions::default())
        .expect("the app loads");
    sb.launch(None).expect("the app launches");
    assert_eq!(sb.run(RunBudget::default()), RunEnd::Idle);
    sb
}

fn bench(c: &mut Criterion) {
    let src = "getCurrentPages()[0].bump()";
    // The same page printing the raw number: what the WXS calls add is the difference.
    let mut plain = sandbox(&WXML.replace("{{f.price(item.cents)}}", "{{item.cents}}"));
    c.bench_function("setData + render of the same list without WXS", |b| {
        b.iter(|| {
            plain
                .runtime()
                .context()
                .eval(Source::from_bytes(src))
                .expect("setData runs");
            let _ = plain.trace().drain();
        });
    });
    let mut sb = sandbox(WXML);
    let wxml = sb.wxml().expect("rendered");
    assert!(
        wxml.contains("¥10.07"),
        "the filter renders its value:\n{wxml}"
    );
    c.bench_function(
        "setData + render of a 100-row list with a WXS filter per row",
        |b| {
            b.iter(|| {
                sb.runtime()
                    .context()
                    .eval(Source::from_bytes(src))
                    .expect("setData runs");
                let _ = sb.trace().drain();
            });
        },
    );
}

criterion_group!(benches, bench);
criterion_main!(benches);
