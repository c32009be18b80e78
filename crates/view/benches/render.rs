//! Rendering and diffing a 200-node page after a `setData` (issue 5: under 200 µs).
//!
//! `cargo bench -p wxbox-view --bench render`

#![allow(missing_docs)] // criterion_group! generates an undocumented function.

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use serde_json::{json, Value};
use wxbox_view::{compile, diff, render, NoHost};

const PAGE: &str = r#"<view class="page">
  <view class="header"><text>{{title}}</text><text wx:if="{{loading}}">loading</text></view>
  <view wx:for="{{list}}" wx:key="id" class="row {{item.done ? 'done' : ''}}" data-id="{{item.id}}" bindtap="onTap">
    <text class="name">{{index + 1}}. {{item.name}}</text>
    <button size="mini" data-index="{{index}}" catchtap="onRemove">x</button>
  </view>
</view>"#;

fn data(n: usize, title: &str) -> Value {
    let list: Vec<Value> = (0..n)
        .map(|i| json!({"id": format!("id{i}"), "name": format!("item {i}"), "done": i % 3 == 0}))
        .collect();
    json!({"title": title, "loading": false, "list": list})
}

fn bench(c: &mut Criterion) {
    let src = |p: &str| (p == "page.wxml").then(|| PAGE.to_string());
    let compiled = compile("page.wxml", &src)
        .expect("the page parses")
        .expect("the page exists");
    // 39 rows of 5 nodes (row, text and its text, button and its text) and 4 for the header: 199.
    let before = data(39, "before");
    let after = data(39, "after");
    let old = render(&compiled, &before, 1, &mut NoHost).nodes;
    let nodes = wxbox_view::tree::count(&old);
    assert!((190..=210).contains(&nodes), "page has {nodes} nodes");
    c.bench_function("render + diff, 200-node page after setData", |b| {
        b.iter(|| {
            let new = render(&compiled, black_box(&after), 1, &mut NoHost).nodes;
            black_box(diff(&old, &new))
        });
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
