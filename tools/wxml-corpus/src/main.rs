//! Measures our WXML parser against glass-easel's on the corpus apps (issue 13, item 4).
//!
//! `cargo run --manifest-path tools/wxml-corpus/Cargo.toml [CORPUS_DIR]` (default
//! `$WXBOX_CORPUS`, then `~/corpus`). Reads the apps at run time and skips when they are absent:
//! the corpus is third-party code and never enters the repository. For every `.wxml` under the
//! three apps it runs `wxbox_view::parse::parse` (lenient, and the strict reading of its warnings)
//! and `glass_easel_template_compiler::parse::parse`, then prints failures grouped by message
//! (numbers and names taken out, so that one kind of mistake is one line) and the time each
//! parser took.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use glass_easel_template_compiler::parse::ParseErrorLevel;

/// The corpus apps and the folder of each that holds `app.json` (paths in WXML are relative to it).
const APPS: &[(&str, &str)] = &[
    ("miniprogram-demo", "miniprogram-demo/miniprogram"),
    ("wechat-app-mall", "wechat-app-mall"),
    ("tdesign-retail", "tdesign-retail"),
];

fn wxml_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = entries.flatten().map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            if p.file_name()
                .is_some_and(|n| n == ".git" || n == "node_modules")
            {
                continue;
            }
            wxml_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "wxml") {
            out.push(p);
        }
    }
}

/// A message with its particulars (quoted names, numbers) blanked, so failures group by kind.
fn kind(message: &str) -> String {
    let mut out = String::new();
    let mut in_tick = false;
    for c in message.chars() {
        if c == '`' {
            in_tick = !in_tick;
            if in_tick {
                out.push_str("`_`");
            }
            continue;
        }
        if in_tick {
            continue;
        }
        if c.is_ascii_digit() {
            if !out.ends_with('N') {
                out.push('N');
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[derive(Default)]
struct Tally {
    files: usize,
    failed: usize,
    by_kind: BTreeMap<String, (usize, String)>,
    time: Duration,
}

impl Tally {
    fn fail(&mut self, kind: String, example: String) {
        let e = self.by_kind.entry(kind).or_insert((0, example));
        e.0 += 1;
    }
    fn print(&self, title: &str) {
        println!(
            "\n## {title}: {} of {} files fail; parse time {:.1} ms",
            self.failed,
            self.files,
            self.time.as_secs_f64() * 1000.0
        );
        let mut rows: Vec<_> = self.by_kind.iter().collect();
        rows.sort_by(|a, b| b.1 .0.cmp(&a.1 .0).then(a.0.cmp(b.0)));
        for (k, (n, example)) in rows {
            println!("{n:6}  {k}\n        e.g. {example}");
        }
    }
}

fn main() {
    let root = std::env::args()
        .nth(1)
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("WXBOX_CORPUS").map(PathBuf::from))
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join("corpus")));
    let Some(root) = root.filter(|r| r.is_dir()) else {
        println!("skipped: no corpus folder (give one, or set WXBOX_CORPUS)");
        return;
    };
    let mut files = Vec::new();
    for (app, _) in APPS {
        wxml_files(&root.join(app), &mut files);
    }
    if files.is_empty() {
        println!("skipped: no .wxml under {}", root.display());
        return;
    }
    let sources: Vec<(String, String)> = files
        .iter()
        .filter_map(|p| {
            let text = std::fs::read_to_string(p).ok()?;
            let rel = p.strip_prefix(&root).unwrap_or(p).display().to_string();
            Some((rel, text))
        })
        .collect();
    let bytes: usize = sources.iter().map(|(_, t)| t.len()).sum();
    println!(
        "{} .wxml files, {} KiB, under {}",
        sources.len(),
        bytes / 1024,
        root.display()
    );

    let mut ours = Tally::default();
    let mut strict = Tally::default();
    let mut warned = Tally::default();
    let start = Instant::now();
    let mut results = Vec::with_capacity(sources.len());
    for (path, text) in &sources {
        let mut id = 0;
        let mut warnings = wxbox_view::parse::Warnings::default();
        let r = wxbox_view::parse::parse(path, 0, text, &mut id, &mut warnings);
        results.push((r.map(|_| ()), warnings.list));
    }
    ours.time = start.elapsed();
    for (r, warnings) in results {
        ours.files += 1;
        strict.files += 1;
        warned.files += 1;
        if let Err(e) = &r {
            ours.failed += 1;
            ours.fail(kind(&e.message), e.to_string());
        }
        if !warnings.is_empty() {
            warned.failed += 1;
        }
        for w in &warnings {
            warned.fail(kind(&w.message), w.to_string());
        }
        let first = match (&r, warnings.first()) {
            (_, Some(w)) => Some(w.to_string()),
            (Err(e), None) => Some(e.to_string()),
            _ => None,
        };
        if let Some(first) = first {
            strict.failed += 1;
            let message = first
                .splitn(4, ':')
                .nth(3)
                .unwrap_or(&first)
                .trim()
                .to_string();
            strict.fail(kind(&message), first);
        }
    }

    let mut ge = Tally::default();
    let mut ge_warn = Tally::default();
    let start = Instant::now();
    let mut ge_results = Vec::with_capacity(sources.len());
    for (path, text) in &sources {
        let (_tree, state) = glass_easel_template_compiler::parse::parse(path, text);
        ge_results.push(
            state
                .warnings()
                .map(|w| (w.level(), w.kind.to_string(), w.to_string()))
                .collect::<Vec<_>>(),
        );
    }
    ge.time = start.elapsed();
    ge_warn.time = ge.time;
    for list in ge_results {
        ge.files += 1;
        ge_warn.files += 1;
        let mut failed = false;
        let mut warned_file = false;
        for (level, kind_text, full) in list {
            let fatal = level >= ParseErrorLevel::Error;
            let label = format!("{kind_text} ({})", level_name(level));
            if fatal {
                failed = true;
                ge.fail(label, full);
            } else {
                warned_file = true;
                ge_warn.fail(label, full);
            }
        }
        ge.failed += usize::from(failed);
        ge_warn.failed += usize::from(warned_file);
    }

    // Whole compilations (imports and includes followed), each file as the entry.
    let mut compiled = Tally::default();
    let mut compiled_strict = Tally::default();
    let mut compiled_warned = Tally::default();
    let start = Instant::now();
    for (path, _) in &sources {
        let Some((_, app_dir)) = APPS
            .iter()
            .find(|(_, dir)| path.starts_with(&format!("{dir}/")))
        else {
            continue;
        };
        let app = root.join(app_dir);
        let rel = path[app_dir.len() + 1..].to_string();
        let read = |p: &str| std::fs::read_to_string(app.join(p)).ok();
        compiled.files += 1;
        compiled_strict.files += 1;
        compiled_warned.files += 1;
        match wxbox_view::compile(&rel, &read) {
            Ok(Some(c)) => {
                if !c.warnings.is_empty() {
                    compiled_warned.failed += 1;
                }
                for w in &c.warnings {
                    compiled_warned.fail(kind(&w.message), format!("{app_dir}/{w}"));
                }
            }
            Ok(None) => {}
            Err(e) => {
                compiled.failed += 1;
                compiled.fail(kind(&e.message), format!("{app_dir}/{e}"));
            }
        }
        let strict = wxbox_view::Options { strict: true };
        if let Err(e) = wxbox_view::compile_with(&rel, &read, strict) {
            compiled_strict.failed += 1;
            compiled_strict.fail(kind(&e.message), format!("{app_dir}/{e}"));
        }
    }
    compiled.time = start.elapsed();

    ours.print("wxbox-view, lenient (errors)");
    warned.print("wxbox-view, lenient (files with warnings; every warning)");
    strict.print("wxbox-view, strict (first problem per file)");
    ge.print("glass-easel (Error and Fatal)");
    ge_warn.print("glass-easel (files with Warn or Note; every one)");
    compiled.print("wxbox-view compile (imports and includes followed), lenient (errors; time: lenient and strict)");
    compiled_warned.print("wxbox-view compile, lenient (files with warnings; every warning)");
    compiled_strict.print("wxbox-view compile, strict (errors)");
}

fn level_name(l: ParseErrorLevel) -> &'static str {
    match l {
        ParseErrorLevel::Fatal => "Fatal",
        ParseErrorLevel::Error => "Error",
        ParseErrorLevel::Warn => "Warn",
        ParseErrorLevel::Note => "Note",
    }
}
