//! Helpers shared by the integration tests that run the real `wxbox` binary (each test file
//! includes this module; not every file uses every helper).
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Output;

use serde_json::Value;

/// The repository root (tests run the binary from there, with relative sample paths).
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Runs `wxbox ARGS` from the repository root.
pub fn wxbox(args: &[&str]) -> Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_wxbox"))
        .args(args)
        .current_dir(root())
        .output()
        .expect("wxbox runs")
}

/// Standard output as text.
pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Standard error as text.
pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A `--format json` trace, one event per line.
pub fn json_lines(o: &Output) -> Vec<Value> {
    stdout(o)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect()
}

/// `wxbox run ARGS --format json`, after checking it succeeded: the events and the text.
pub fn run_json(args: &[&str]) -> (Vec<Value>, String) {
    let mut all = vec!["run"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--format", "json"]);
    let out = wxbox(&all);
    assert!(out.status.success(), "{}", stderr(&out));
    (json_lines(&out), stdout(&out))
}

/// The console texts among `events`.
pub fn console_texts(events: &[Value]) -> Vec<String> {
    events
        .iter()
        .filter(|e| e["kind"] == "console")
        .map(|e| e["text"].as_str().unwrap_or("").to_string())
        .collect()
}

/// Compares `actual` with `tests/golden/NAME`, or rewrites it when `UPDATE_GOLDEN` is set.
pub fn check_golden(name: &str, actual: &str) {
    let path = root().join("tests/golden").join(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, actual).expect("write golden");
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|_| {
        panic!(
            "missing golden {}; run with UPDATE_GOLDEN=1",
            path.display()
        )
    });
    if expected != actual {
        let diff: Vec<String> = expected
            .lines()
            .zip(actual.lines())
            .enumerate()
            .filter(|(_, (e, a))| e != a)
            .take(5)
            .map(|(i, (e, a))| format!("line {}:\n  expected: {e}\n  actual:   {a}", i + 1))
            .collect();
        panic!(
            "{name} differs from its golden ({} vs {} lines):\n{}",
            expected.lines().count(),
            actual.lines().count(),
            diff.join("\n")
        );
    }
}
