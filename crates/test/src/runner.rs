//! `wxbox test`: test files in parallel on a pool of worker processes ([`wxbox_supervise`]),
//! one file per job, each file with fresh sandboxes. A worker that dies, overruns its memory or
//! hangs fails its file (which test, which limit or signal) and the run goes on. Results are
//! printed in file order whatever order workers finish in.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::rc::Rc;
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use wxbox_supervise::{run_pool, serve, Emitter, Job, Limits, Outcome, PoolOptions};

use crate::discover::{self, TestConfig};
use crate::file::{run_file, FileJob};
use crate::report::{self, Failure, FileResult, TestResult};

/// The hidden subcommand a worker process runs.
pub const WORKER_ARG: &str = "__test-worker";

/// How results are told.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reporter {
    /// Text for people, on stdout.
    Text,
    /// One JSON document (on stdout, or to `--output`).
    Json,
    /// Text on stdout and JUnit XML to `--output` (default `junit.xml`).
    Junit,
}

/// What `wxbox test` was asked.
#[derive(Debug, Clone)]
pub struct TestArgs {
    /// Files and folders (default: `[test] roots`, else the current directory).
    pub paths: Vec<PathBuf>,
    /// Worker processes (default: `[test] jobs`, else one per core).
    pub jobs: Option<usize>,
    /// `-u`.
    pub update: bool,
    /// `--ci`.
    pub ci: bool,
    /// `-t PATTERN`.
    pub pattern: Option<String>,
    /// `--bail`: stop after the first failing file.
    pub bail: bool,
    /// `--shard i/n`.
    pub shard: Option<(usize, usize)>,
    /// `--reporter`.
    pub reporter: Reporter,
    /// `--output FILE`.
    pub output: Option<PathBuf>,
    /// `--timeout MS` per test.
    pub timeout_ms: Option<u64>,
    /// Address space per worker, bytes.
    pub memory: u64,
}

/// jest's default per-test timeout.
const DEFAULT_TIMEOUT_MS: u64 = 5_000;
/// Wall time one file may take before its worker is stopped.
const DEFAULT_FILE_TIMEOUT_MS: u64 = 60_000;

fn could_not_run(why: &str) -> i32 {
    eprintln!("wxbox test: {why}");
    2
}

/// Runs the suite; returns the exit status: 0 all passed, 1 a test or file failed, 2 the run
/// could not start (bad arguments, no test files, a bad `[test]` section).
#[must_use]
pub fn run(args: &TestArgs, worker: &dyn Fn() -> Command) -> i32 {
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("/"));
    let config = match discover::config(&cwd) {
        Ok(c) => c,
        Err(e) => return could_not_run(&e),
    };
    let roots = if !args.paths.is_empty() {
        args.paths.iter().map(|p| cwd.join(p)).collect()
    } else if !config.roots.is_empty() {
        config.roots.clone()
    } else {
        vec![cwd.clone()]
    };
    let mut files = match discover::find(&roots) {
        Ok(f) => f,
        Err(e) => return could_not_run(&e),
    };
    if files.is_empty() {
        return could_not_run(&format!(
            "no test files (*.test.js, *.spec.js) under {}",
            roots
                .iter()
                .map(|r| report::shown(r, &cwd))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    if let Some(s) = args.shard {
        files = discover::shard(files, s);
    }
    let results = run_files(args, &config, &cwd, &files, worker);
    finish(args, &cwd, &results)
}

fn file_job(args: &TestArgs, config: &TestConfig, cwd: &Path, file: &Path) -> FileJob {
    let wall = config.file_timeout_ms.unwrap_or(DEFAULT_FILE_TIMEOUT_MS);
    FileJob {
        file: file.to_path_buf(),
        cwd: cwd.to_path_buf(),
        pattern: args.pattern.clone(),
        timeout_ms: args
            .timeout_ms
            .or(config.timeout_ms)
            .unwrap_or(DEFAULT_TIMEOUT_MS),
        update: args.update,
        ci: args.ci,
        bail: args.bail,
        app: config.app.clone(),
        wall_ms: wall,
        backend: config.backend.clone(),
    }
}

fn run_files(
    args: &TestArgs,
    config: &TestConfig,
    cwd: &Path,
    files: &[PathBuf],
    worker: &dyn Fn() -> Command,
) -> Vec<FileResult> {
    let jobs: Vec<Job> = files
        .iter()
        .enumerate()
        .map(|(id, f)| Job {
            id,
            line: serde_json::to_string(&file_job(args, config, cwd, f)).unwrap_or_default(),
        })
        .collect();
    let workers = args
        .jobs
        .or(config.jobs)
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, usize::from))
        .clamp(1, files.len().max(1));
    let wall = config.file_timeout_ms.unwrap_or(DEFAULT_FILE_TIMEOUT_MS);
    let mut opts = PoolOptions::new(workers, Duration::from_millis(wall + 1_000));
    opts.limits = Limits {
        address_space: Some(args.memory),
        cpu: Some(Duration::from_millis(wall + 1_000)),
    };
    let started = Instant::now();
    let mut next_print = 0;
    // Files that ended, waiting for the ones before them to be told.
    let mut finished: Vec<Option<FileResult>> = vec![None; files.len()];
    let mut seen: Vec<Vec<Value>> = vec![Vec::new(); files.len()];
    let text = args.reporter != Reporter::Json;
    let mut stdout = std::io::stdout();
    let mut on_message = |id: usize, line: &str| {
        let Ok(v) = serde_json::from_str::<Value>(line) else {
            return;
        };
        let end = v["type"] == "file_end";
        let Some(msgs) = seen.get_mut(id) else {
            return;
        };
        msgs.push(v);
        if end {
            finished[id] = Some(result_of(&files[id], msgs, None));
            // Files are told in file order: a file waits for the ones before it.
            while let Some(Some(r)) = finished.get(next_print) {
                if text {
                    let _ = write!(stdout, "{}", report::file_text(r, cwd));
                    let _ = stdout.flush();
                }
                next_print += 1;
            }
        }
    };
    let outcomes = run_pool(&opts, worker, jobs, &mut on_message);
    let mut results = Vec::new();
    for (id, outcome) in outcomes {
        let msgs: Vec<Value> = outcome
            .messages()
            .iter()
            .filter_map(|m| serde_json::from_str(m).ok())
            .collect();
        let limits = format!(
            " [a worker's limits: {} MiB of memory (--max-memory), {} s for a file ([test] file_timeout)]",
            args.memory >> 20,
            wall / 1000
        );
        let death = outcome
            .failure()
            .map(|f| (format!("{f}{limits}"), &outcome));
        let r = result_of(&files[id], &msgs, death);
        // A file the callback did not print (its worker died) is printed here, in order.
        if text && id >= next_print {
            let _ = write!(stdout, "{}", report::file_text(&r, cwd));
        }
        results.push(r);
    }
    let _ = stdout.flush();
    eprintln!(
        "Time: {:.2} s, {} worker{}",
        started.elapsed().as_secs_f64(),
        workers,
        if workers == 1 { "" } else { "s" }
    );
    results
}

/// A file's result from what its worker said, and how the worker died if it did.
fn result_of(file: &Path, msgs: &[Value], death: Option<(String, &Outcome)>) -> FileResult {
    let mut r = FileResult {
        file: file.to_path_buf(),
        tests: Vec::new(),
        errors: Vec::new(),
        console: Vec::new(),
        script: false,
        snapshot: Value::Null,
    };
    let mut running: Option<String> = None;
    for m in msgs {
        match m["type"].as_str() {
            Some("test_start") => running = m["fullName"].as_str().map(str::to_string),
            Some("test_end") => {
                running = None;
                r.tests.push(TestResult::of(&m["result"]));
            }
            Some("file_end") => {
                r.script = m["script"].as_bool().unwrap_or(false);
                r.snapshot = m["snapshot"].clone();
                r.errors.extend(
                    m["errors"]
                        .as_array()
                        .into_iter()
                        .flatten()
                        .map(Failure::of),
                );
                r.console
                    .extend(m["console"].as_array().into_iter().flatten().map(|c| {
                        (
                            c["level"].as_str().unwrap_or("log").to_string(),
                            c["text"].as_str().unwrap_or("").to_string(),
                        )
                    }));
            }
            _ => {}
        }
    }
    if let Some((why, outcome)) = death {
        let mut message = match &running {
            Some(t) => {
                format!("the worker running this file stopped during the test \"{t}\": {why}")
            }
            None => format!("the worker running this file stopped: {why}"),
        };
        if let Outcome::Failed {
            stderr_tail,
            detail: None,
            ..
        } = outcome
        {
            let tail: Vec<&str> = stderr_tail.lines().rev().take(5).collect();
            if !tail.is_empty() {
                message.push_str("\n\nlast lines of its stderr:\n");
                for l in tail.iter().rev() {
                    message.push_str("  ");
                    message.push_str(l);
                    message.push('\n');
                }
            }
        }
        // One failure per crash: the test that was running, else the file.
        if let Some(t) = running {
            r.tests.push(TestResult {
                full_name: t.clone(),
                ancestors: Vec::new(),
                title: t,
                status: "failed".into(),
                failures: vec![Failure {
                    message,
                    ..Failure::default()
                }],
            });
        } else {
            r.errors.push(Failure {
                message,
                ..Failure::default()
            });
        }
    }
    r
}

fn finish(args: &TestArgs, cwd: &Path, results: &[FileResult]) -> i32 {
    let failed = results.iter().any(FileResult::failed);
    match args.reporter {
        Reporter::Json => {
            let doc = report::json(results);
            let text = format!(
                "{}\n",
                serde_json::to_string_pretty(&doc).unwrap_or_default()
            );
            if let Err(e) = write_out(args.output.as_deref(), &text) {
                return could_not_run(&e);
            }
        }
        Reporter::Text | Reporter::Junit => {
            if args.reporter == Reporter::Junit {
                let path = args
                    .output
                    .clone()
                    .unwrap_or_else(|| PathBuf::from("junit.xml"));
                if let Err(e) = write_out(Some(&path), &report::junit(results, cwd)) {
                    return could_not_run(&e);
                }
            }
            let mut out = std::io::stdout();
            if write!(out, "{}", report::summary_text(results)).is_err() || out.flush().is_err() {
                return 2;
            }
        }
    }
    i32::from(failed)
}

fn write_out(path: Option<&Path>, text: &str) -> Result<(), String> {
    match path {
        Some(p) => std::fs::write(p, text).map_err(|e| format!("{}: {e}", p.display())),
        None => {
            let mut out = std::io::stdout();
            out.write_all(text.as_bytes())
                .and_then(|()| out.flush())
                .map_err(|e| format!("stdout: {e}"))
        }
    }
}

/// The worker process: serves file jobs until its parent closes stdin.
#[must_use]
pub fn serve_worker() -> i32 {
    let served = serve(|line, out| {
        let job: FileJob = match serde_json::from_str(line) {
            Ok(j) => j,
            Err(e) => {
                let _ = out.emit(
                    &json!({"type": "file_end", "errors": [{"message": format!("bad job: {e}")}]})
                        .to_string(),
                );
                return;
            }
        };
        let sink: crate::file::Sink = Rc::new(|v: &Value| {
            let _ = Emitter::stdout().emit(&v.to_string());
        });
        let end = run_file(&job, sink);
        let _ = out.emit(&end.to_string());
    });
    match served {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("wxbox test worker: {e}");
            2
        }
    }
}
