//! What a run found, and the three ways it is told: text for people (jest's layout, no
//! colours, no timings on stdout so two runs print the same bytes), JSON, and JUnit XML for CI
//! dashboards.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde::Serialize;
use serde_json::Value;

/// A failure and where it happened.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct Failure {
    /// What went wrong (matcher hint and diff).
    pub message: String,
    /// `/abs/file:line:col`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    /// The code around it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub frame: Option<String>,
}

impl Failure {
    /// From a report value (`{message, location, frame}`).
    #[must_use]
    pub fn of(v: &Value) -> Self {
        let s = |k: &str| v.get(k).and_then(Value::as_str).map(str::to_string);
        Failure {
            message: s("message").unwrap_or_default(),
            location: s("location"),
            frame: s("frame"),
        }
    }
}

/// One test's outcome.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct TestResult {
    /// Describe titles and the test's, joined by spaces.
    #[serde(rename = "fullName")]
    pub full_name: String,
    /// The describe titles.
    pub ancestors: Vec<String>,
    /// The test's own title.
    pub title: String,
    /// `passed`, `failed`, `skipped` or `todo`.
    pub status: String,
    /// Why it failed.
    pub failures: Vec<Failure>,
}

impl TestResult {
    /// From a `test_end` result value.
    #[must_use]
    pub fn of(v: &Value) -> Self {
        let s = |k: &str| v.get(k).and_then(Value::as_str).unwrap_or("").to_string();
        TestResult {
            full_name: s("fullName"),
            ancestors: v
                .get("ancestors")
                .and_then(Value::as_array)
                .map(|a| {
                    a.iter()
                        .filter_map(Value::as_str)
                        .map(str::to_string)
                        .collect()
                })
                .unwrap_or_default(),
            title: s("title"),
            status: s("status"),
            failures: v
                .get("failures")
                .and_then(Value::as_array)
                .map(|a| a.iter().map(Failure::of).collect())
                .unwrap_or_default(),
        }
    }
}

/// One file's outcome.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct FileResult {
    /// The file (absolute).
    pub file: PathBuf,
    /// Its tests, in the order they ran.
    pub tests: Vec<TestResult>,
    /// Failures outside any test: a file that does not load, a hook at the top, a crash.
    pub errors: Vec<Failure>,
    /// What the file printed (`[level, text]`).
    pub console: Vec<(String, String)>,
    /// The file registered no tests and ran as a script (the official demo's automator
    /// script): it passes when it ends without an uncaught error.
    pub script: bool,
    /// Snapshots: written, updated, failed.
    pub snapshot: Value,
}

impl FileResult {
    /// Whether anything in the file failed.
    #[must_use]
    pub fn failed(&self) -> bool {
        !self.errors.is_empty() || self.tests.iter().any(|t| t.status == "failed")
    }
}

/// The counts of a run.
#[derive(Debug, Clone, Copy, Default, Serialize, PartialEq, Eq)]
pub struct Counts {
    /// Tests that passed (a script file that ran clean counts as one).
    pub passed: usize,
    /// Tests that failed (a file that failed outside its tests counts as one).
    pub failed: usize,
    /// Skipped tests.
    pub skipped: usize,
    /// `test.todo`s.
    pub todo: usize,
}

/// Counts over files.
#[must_use]
pub fn counts(files: &[FileResult]) -> Counts {
    let mut c = Counts::default();
    for f in files {
        for t in &f.tests {
            match t.status.as_str() {
                "passed" => c.passed += 1,
                "failed" => c.failed += 1,
                "todo" => c.todo += 1,
                _ => c.skipped += 1,
            }
        }
        // A file that failed outside its tests counts once, unless a test already carries it.
        if !f.errors.is_empty() && !f.tests.iter().any(|t| t.status == "failed") {
            c.failed += 1;
        } else if f.script && f.tests.is_empty() {
            c.passed += 1;
        }
    }
    c
}

/// `path` as shown: relative to `cwd` when inside it.
#[must_use]
pub fn shown(path: &Path, cwd: &Path) -> String {
    path.strip_prefix(cwd)
        .map_or_else(|_| path.display().to_string(), |p| p.display().to_string())
}

fn indent(text: &str, by: &str) -> String {
    text.lines()
        .map(|l| {
            if l.is_empty() {
                String::new()
            } else {
                format!("{by}{l}")
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn failure_text(out: &mut String, f: &Failure) {
    let _ = writeln!(out, "{}\n", indent(&f.message, "    "));
    if let Some(l) = &f.location {
        let _ = writeln!(out, "      at {l}\n");
    }
    if let Some(frame) = &f.frame {
        let _ = writeln!(out, "{}\n", indent(frame.trim_end(), "    "));
    }
}

/// One file's block: `PASS`/`FAIL` and, for failures, each with its message, location and code
/// frame; console output under the header.
#[must_use]
pub fn file_text(f: &FileResult, cwd: &Path) -> String {
    let mut out = String::new();
    let status = if f.failed() { "FAIL" } else { "PASS" };
    let _ = writeln!(out, "{status} {}", shown(&f.file, cwd));
    for (level, text) in &f.console {
        let _ = writeln!(out, "  console.{level}\n{}", indent(text, "    "));
    }
    for e in &f.errors {
        let _ = writeln!(out, "  ● Test suite failed to run\n");
        failure_text(&mut out, e);
    }
    for t in f.tests.iter().filter(|t| t.status == "failed") {
        let name = t
            .ancestors
            .iter()
            .chain(std::iter::once(&t.title))
            .cloned()
            .collect::<Vec<_>>()
            .join(" › ");
        let _ = writeln!(out, "  ● {name}\n");
        for fl in &t.failures {
            failure_text(&mut out, fl);
        }
    }
    out
}

/// The closing lines; the last is `N passed, N failed` (`, N skipped`, `, N todo` when any).
#[must_use]
pub fn summary_text(files: &[FileResult]) -> String {
    let c = counts(files);
    let failed_files = files.iter().filter(|f| f.failed()).count();
    let mut last = format!("{} passed, {} failed", c.passed, c.failed);
    if c.skipped > 0 {
        let _ = write!(last, ", {} skipped", c.skipped);
    }
    if c.todo > 0 {
        let _ = write!(last, ", {} todo", c.todo);
    }
    let snaps = snapshot_line(files);
    format!(
        "\nTest files: {} failed, {} passed, {} total\n{snaps}{last}\n",
        failed_files,
        files.len() - failed_files,
        files.len()
    )
}

fn snapshot_line(files: &[FileResult]) -> String {
    let sum = |k: &str| {
        files
            .iter()
            .filter_map(|f| f.snapshot.get(k).and_then(Value::as_u64))
            .sum::<u64>()
    };
    let (added, updated, matched, unmatched) = (
        sum("added"),
        sum("updated"),
        sum("matched"),
        sum("unmatched"),
    );
    if added + updated + matched + unmatched == 0 {
        return String::new();
    }
    format!("Snapshots: {unmatched} failed, {added} written, {updated} updated, {matched} passed\n")
}

/// The whole run as one JSON document.
#[must_use]
pub fn json(files: &[FileResult]) -> Value {
    serde_json::json!({"counts": counts(files), "files": files})
}

fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // XML 1.0 allows no other control characters.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

fn failure_body(fs: &[Failure]) -> String {
    fs.iter()
        .map(|f| {
            let mut s = f.message.clone();
            if let Some(l) = &f.location {
                let _ = write!(s, "\n    at {l}");
            }
            s
        })
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// JUnit XML in the shape CI dashboards read (the Ant / Jenkins schema: `testsuites` >
/// `testsuite` > `testcase` with `failure` / `skipped`).
#[must_use]
pub fn junit(files: &[FileResult], cwd: &Path) -> String {
    // The Ant schema gives `testsuites` no attributes; the counts are on each suite.
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n");
    for (i, f) in files.iter().enumerate() {
        let name = xml_escape(&shown(&f.file, cwd));
        let fc = counts(std::slice::from_ref(f));
        let _ = writeln!(
            out,
            "  <testsuite name=\"{name}\" id=\"{i}\" package=\"{name}\" hostname=\"localhost\" timestamp=\"1970-01-01T00:00:00\" tests=\"{}\" failures=\"{}\" errors=\"0\" skipped=\"{}\" time=\"0\">",
            fc.passed + fc.failed + fc.skipped + fc.todo,
            fc.failed,
            fc.skipped + fc.todo
        );
        let _ = writeln!(out, "    <properties/>");
        for t in &f.tests {
            let _ = write!(
                out,
                "    <testcase name=\"{}\" classname=\"{name}\" time=\"0\"",
                xml_escape(&t.full_name)
            );
            match t.status.as_str() {
                "failed" => {
                    let first = t
                        .failures
                        .first()
                        .map(|f| f.message.lines().next().unwrap_or("").to_string())
                        .unwrap_or_default();
                    let _ = writeln!(
                        out,
                        ">\n      <failure message=\"{}\" type=\"AssertionError\">{}</failure>\n    </testcase>",
                        xml_escape(&first),
                        xml_escape(&failure_body(&t.failures))
                    );
                }
                "passed" => {
                    let _ = writeln!(out, "/>");
                }
                _ => {
                    let _ = writeln!(out, ">\n      <skipped/>\n    </testcase>");
                }
            }
        }
        if !f.errors.is_empty() {
            let _ = writeln!(
                out,
                "    <testcase name=\"Test suite failed to run\" classname=\"{name}\" time=\"0\">\n      <failure message=\"{}\" type=\"SuiteError\">{}</failure>\n    </testcase>",
                xml_escape(f.errors[0].message.lines().next().unwrap_or("")),
                xml_escape(&failure_body(&f.errors))
            );
        } else if f.script && f.tests.is_empty() {
            let _ = writeln!(
                out,
                "    <testcase name=\"(script)\" classname=\"{name}\" time=\"0\"/>"
            );
        }
        let _ = writeln!(out, "    <system-out/>\n    <system-err/>\n  </testsuite>");
    }
    out.push_str("</testsuites>\n");
    out
}
