//! `setData` on a 200-node page inside a sandbox: the JS call, the data copied out of the
//! engine, the render and the diff, and the `render` trace event (issue 5: under 200 µs for the
//! render and diff; `cargo bench -p wxbox-view --bench render` measures those alone).
//!
//! `cargo bench -p wxbox-app --bench set_data_render`

#![allow(missing_docs)] // criterion_group! generates an undocumented function.

use std::collections::HashMap;

use boa_engine::Source;
use criterion::{criterion_group, criterion_main, Criterion};
use wxbox_app::{RunBudget, RunEnd, Sandbox, SandboxOptions};
use wxbox_engine::modules::MemorySource;

const WXML: &str = r#"<view class="page">
  <view class="header"><text>{{title}}</text><text wx:if="{{loading}}">loading</text></view>
  <view wx:for="{{list}}" wx:key="id" class="row {{item.done ? 'done' : ''}}" data-id="{{item.id}}" bindtap="onTap">
    <text class="name">{{index + 1}}. {{item.name}}</text>
    <button size="mini" data-index="{{index}}" catchtap="onRemove">x</button>
  </view>
</view>"#;

const JS: &str = r"
const list = [];
for (let i = 0; i < 39; i++) list.push({ id: 'id' + i, name: 'item ' + i, done: i % 3 === 0 });
let n = 0;
Page({
  data: { title: 'start', loading: false, list },
  bump() { this.setData({ title: 'title ' + (n++) }); },
});
";

fn bench(c: &mut Criterion) {
    let files: HashMap<String, String> = [
        ("app.json", r#"{"pages":["pages/index/index"]}"#),
        ("app.js", "App({})"),
        ("pages/index/index.js", JS),
        ("pages/index/index.wxml", WXML),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    let mut sb = Sandbox::from_sources(Box::new(MemorySource(files)), SandboxOptions::default())
        .expect("the app loads");
    sb.launch(None).expect("the app launches");
    assert_eq!(sb.run(RunBudget::default()), RunEnd::Idle);
    let nodes = sb.wxml().expect("rendered").lines().count();
    assert!(nodes > 100, "the page renders ({nodes} lines)");
    let src = "getCurrentPages()[0].bump()";
    c.bench_function(
        "setData + render + diff, 200-node page, in a sandbox",
        |b| {
            b.iter(|| {
                sb.runtime()
                    .context()
                    .eval(Source::from_bytes(src))
                    .expect("setData runs");
                // Keep the trace from growing across iterations.
                let _ = sb.trace().drain();
            });
        },
    );
}

criterion_group!(benches, bench);
criterion_main!(benches);
