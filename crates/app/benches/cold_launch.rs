//! Cold launch: a new sandbox, the `hello` sample app, its entry page to ready.
//!
//! `cargo bench -p wxbox-app --bench cold_launch`. Files are read into memory first, so the
//! figure is the engine's (context, shims, parsing, lifecycles), not the disk's.

#![allow(missing_docs)] // criterion_group! generates an undocumented function.

use std::collections::HashMap;
use std::path::Path;

use criterion::{criterion_group, criterion_main, Criterion};
use wxbox_app::{RunBudget, RunEnd, Sandbox, SandboxOptions};
use wxbox_engine::modules::MemorySource;

fn load_dir(root: &Path, dir: &Path, out: &mut HashMap<String, String>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            load_dir(root, &path, out);
        } else if let (Ok(rel), Ok(text)) =
            (path.strip_prefix(root), std::fs::read_to_string(&path))
        {
            out.insert(rel.to_string_lossy().replace('\\', "/"), text);
        }
    }
}

fn hello_files() -> HashMap<String, String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../sample-apps/hello");
    let mut files = HashMap::new();
    load_dir(&root, &root, &mut files);
    assert!(
        files.contains_key("app.json"),
        "sample-apps/hello not found"
    );
    files
}

fn launch(files: &HashMap<String, String>, until: Option<u64>) -> Sandbox {
    let mut sb = Sandbox::from_sources(
        Box::new(MemorySource(files.clone())),
        SandboxOptions::default(),
    )
    .expect("hello loads");
    sb.launch(None).expect("hello launches");
    let end = sb.run(RunBudget {
        until,
        ..RunBudget::default()
    });
    assert!(matches!(end, RunEnd::Idle | RunEnd::Until));
    sb
}

fn bench(c: &mut Criterion) {
    let files = hello_files();
    // Launch through onReady: stop at virtual time 0, before the page's first timer.
    c.bench_function("cold_launch_hello_to_ready", |b| {
        b.iter(|| launch(&files, Some(0)))
    });
    // The whole scripted session: timers, navigation, tab switch (3.5 s of virtual time).
    c.bench_function("hello_full_session", |b| b.iter(|| launch(&files, None)));
}

criterion_group!(benches, bench);
criterion_main!(benches);
