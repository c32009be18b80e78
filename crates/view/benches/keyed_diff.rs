//! The keyed diff: a 1,000-row list keyed by `wx:key="id"` after a row is inserted at the
//! front, one is removed from the middle, and one is moved; and the unchanged case.
//!
//! `cargo bench -p wxbox-view --bench keyed_diff`

#![allow(missing_docs)] // criterion_group! generates an undocumented function.

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use serde_json::{json, Value};
use wxbox_view::{compile, diff, render, NoHost, Node};

const PAGE: &str = r#"<view class="list">
  <view wx:for="{{list}}" wx:key="id" class="row" data-id="{{item.id}}" bindtap="onTap">
    <text class="name">{{item.name}}</text>
    <text class="price">{{item.price}}</text>
  </view>
</view>"#;

fn rows(ids: &[usize]) -> Value {
    let list: Vec<Value> = ids
        .iter()
        .map(|i| json!({"id": format!("id{i}"), "name": format!("item {i}"), "price": i * 3}))
        .collect();
    json!({ "list": list })
}

fn bench(c: &mut Criterion) {
    let src = |p: &str| (p == "page.wxml").then(|| PAGE.to_string());
    let compiled = compile("page.wxml", &src)
        .expect("the page parses")
        .expect("the page exists");
    let tree = |ids: &[usize]| -> Vec<Node> { render(&compiled, &rows(ids), 1, &mut NoHost).nodes };
    let base: Vec<usize> = (0..1000).collect();
    let old = tree(&base);
    let mut changed: Vec<usize> = Vec::with_capacity(1001);
    changed.push(5000);
    changed.extend(base.iter().copied().filter(|i| *i != 500));
    let at = changed.iter().position(|i| *i == 900).expect("row 900");
    let moved = changed.remove(at);
    changed.insert(10, moved);
    let new = tree(&changed);
    let changes = diff(&old, &new);
    assert_eq!(
        changes.iter().map(|c| c.op).collect::<Vec<_>>(),
        ["insert", "move", "remove"],
        "one change a row"
    );
    c.bench_function("keyed diff, 1000 rows: front insert + remove + move", |b| {
        b.iter(|| diff(black_box(&old), black_box(&new)));
    });
    let same = tree(&base);
    c.bench_function("keyed diff, 1000 rows: unchanged", |b| {
        b.iter(|| diff(black_box(&old), black_box(&same)));
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
