//! One `wx` call from JS to the host and its callback back: `wx.login({success})` (validation,
//! the host trait, the reply, the loop delivery, the callback) and `wx.getStorageSync` (a sync
//! call), each measured as a batch of 1000 calls in a launched sandbox.
//!
//! `cargo bench -p wxbox-app --bench wx_dispatch`; per-call cost = reported time / 1000.

#![allow(missing_docs)] // criterion_group! generates an undocumented function.

use std::collections::HashMap;

use boa_engine::Source;
use criterion::{criterion_group, criterion_main, Criterion};
use wxbox_app::{RunBudget, RunEnd, Sandbox, SandboxOptions};
use wxbox_engine::modules::MemorySource;

const BATCH: usize = 1000;

fn sandbox() -> Sandbox {
    let mut files = HashMap::new();
    files.insert(
        "app.json".to_string(),
        r#"{"pages": ["pages/index/index"]}"#.to_string(),
    );
    files.insert("app.js".to_string(), "App({})".to_string());
    files.insert("pages/index/index.js".to_string(), "Page({})".to_string());
    let mut sb = Sandbox::from_sources(Box::new(MemorySource(files)), SandboxOptions::default())
        .expect("loads");
    sb.launch(None).expect("launches");
    assert_eq!(sb.run(RunBudget::default()), RunEnd::Idle);
    sb
}

fn batch(sb: &mut Sandbox, script: &str) {
    sb.runtime()
        .context()
        .eval(Source::from_bytes(script))
        .expect("script runs");
    assert_eq!(sb.run(RunBudget::default()), RunEnd::Idle);
    // Keep the trace from growing across iterations.
    let _ = sb.trace().drain();
}

fn bench(c: &mut Criterion) {
    let mut sb = sandbox();
    let login = format!(
        "var n = 0; for (var i = 0; i < {BATCH}; i++) wx.login({{ success() {{ n++ }} }});"
    );
    c.bench_function("wx_login_roundtrip_x1000", |b| {
        b.iter(|| batch(&mut sb, &login))
    });
    let mut sb = sandbox();
    let sync = format!(
        "wx.setStorageSync('k', 1); for (var i = 0; i < {BATCH}; i++) wx.getStorageSync('k');"
    );
    c.bench_function("wx_get_storage_sync_x1000", |b| {
        b.iter(|| batch(&mut sb, &sync))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
