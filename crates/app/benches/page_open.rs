//! Opening real-shaped pages: a new sandbox, the app launched on the page, run until idle (what
//! `wxbox run DIR --page P` does).
//!
//! - the shape of the official demo's icons page (fixtures/icons: 162 icon components in two
//!   lists keyed by `*this` over objects, each computing a base64 SVG in its property observers
//!   and calling `setData`; about 800 nodes);
//! - the demo's icons page itself, read from the corpus when `WXBOX_CORPUS` names it (skipped
//!   with a message otherwise: third-party code is never committed);
//! - 100 vant-style cells in 10 groups (fixtures/vant100: a behavior, externalClasses,
//!   parent/child relations, a WXS class helper).
//!
//! `cargo bench -p wxbox-app --bench page_open`. Fixture files are read into memory first.

#![allow(missing_docs)] // criterion_group! generates an undocumented function.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

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

fn fixture(name: &str) -> HashMap<String, String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("benches/fixtures")
        .join(name);
    let mut files = HashMap::new();
    load_dir(&root, &root, &mut files);
    assert!(
        files.contains_key("app.json"),
        "{} not found",
        root.display()
    );
    files
}

/// Opens `page` of an app held in memory; the number of rendered lines.
fn open_memory(files: &HashMap<String, String>, page: &str) -> usize {
    let mut sb = Sandbox::from_sources(
        Box::new(MemorySource(files.clone())),
        SandboxOptions::default(),
    )
    .expect("the app loads");
    sb.launch(Some(page)).expect("the app launches");
    assert_eq!(sb.run(RunBudget::default()), RunEnd::Idle);
    sb.wxml().map_or(0, |w| w.lines().count())
}

fn open_dir(dir: &Path, page: &str) -> usize {
    let profile = wxbox_app::load_profile(dir, None).expect("profile");
    let mut sb = Sandbox::open(
        dir,
        SandboxOptions {
            profile,
            ..SandboxOptions::default()
        },
    )
    .expect("the app loads");
    sb.launch(Some(page)).expect("the app launches");
    assert_eq!(sb.run(RunBudget::default()), RunEnd::Idle);
    sb.wxml().map_or(0, |w| w.lines().count())
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("page_open");
    group.sample_size(10);

    let icons = fixture("icons");
    let lines = open_memory(&icons, "pages/icons/icons");
    assert!(lines > 500, "the icons fixture renders ({lines} lines)");
    group.bench_function("icons page shape (fixture, 162 components)", |b| {
        b.iter(|| open_memory(&icons, "pages/icons/icons"));
    });

    match std::env::var_os("WXBOX_CORPUS").map(PathBuf::from) {
        Some(corpus) => {
            let demo = corpus.join("miniprogram-demo/miniprogram");
            let page = "packageExtend/pages/base/icons/icons";
            let lines = open_dir(&demo, page);
            assert!(lines > 500, "the demo's icons page renders ({lines} lines)");
            group.bench_function("demo icons page (corpus)", |b| {
                b.iter(|| open_dir(&demo, page));
            });
        }
        None => eprintln!(
            "page_open: WXBOX_CORPUS is not set; the demo's own icons page is not measured"
        ),
    }

    let cells = fixture("vant100");
    let lines = open_memory(&cells, "pages/index/index");
    assert!(lines > 300, "the cells fixture renders ({lines} lines)");
    group.bench_function("100 vant-style cells (fixture)", |b| {
        b.iter(|| open_memory(&cells, "pages/index/index"));
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
