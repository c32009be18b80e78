//! Which files are tests, and the `[test]` section of `wxbox.toml`.
//!
//! Names as jest's default `testMatch` takes them (`*.test.js`, `*.spec.js`, and `.ts` / `.mjs`
//! forms); `node_modules`, `miniprogram_npm` and dot-folders are skipped; a file named on the
//! command line runs whatever its name. The order is the sorted path order, so output repeats.

use std::path::{Path, PathBuf};

/// `[test]` in `wxbox.toml` (where `wxbox test` runs).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TestConfig {
    /// Folders or files to search when none are given.
    pub roots: Vec<PathBuf>,
    /// Per-test timeout, ms.
    pub timeout_ms: Option<u64>,
    /// Wall time a test file may take, ms (the watchdog's limit).
    pub file_timeout_ms: Option<u64>,
    /// The app `automator.launch()` opens without a `projectPath`.
    pub app: Option<PathBuf>,
    /// Worker processes.
    pub jobs: Option<usize>,
    /// The developer's backend each `launch()` starts: `{command, port, cwd}`.
    pub backend: Option<serde_json::Value>,
}

const KEYS: &str = "roots, timeout, file_timeout, app, jobs, backend";

/// Reads `[test]` from `dir/wxbox.toml`; defaults when there is none.
///
/// # Errors
/// A file that does not parse, or a `[test]` key of the wrong type, named with the file.
pub fn config(dir: &Path) -> Result<TestConfig, String> {
    let path = dir.join("wxbox.toml");
    let Ok(text) = std::fs::read_to_string(&path) else {
        return Ok(TestConfig::default());
    };
    let shown = path.display();
    let doc: toml::Table = text.parse().map_err(|e| format!("{shown}: {e}"))?;
    let Some(section) = doc.get("test") else {
        return Ok(TestConfig::default());
    };
    let Some(t) = section.as_table() else {
        return Err(format!("{shown}: [test] must be a table"));
    };
    let mut c = TestConfig::default();
    for (k, v) in t {
        let bad = |want: &str| format!("{shown}: [test] {k} must be {want}");
        match k.as_str() {
            "roots" => {
                let list = v.as_array().ok_or_else(|| bad("a list of paths"))?;
                for r in list {
                    c.roots
                        .push(dir.join(r.as_str().ok_or_else(|| bad("a list of paths"))?));
                }
            }
            "timeout" => {
                c.timeout_ms = Some(positive(v).ok_or_else(|| bad("a number of milliseconds"))?);
            }
            "file_timeout" => {
                c.file_timeout_ms =
                    Some(positive(v).ok_or_else(|| bad("a number of milliseconds"))?);
            }
            "app" => c.app = Some(dir.join(v.as_str().ok_or_else(|| bad("a path"))?)),
            "jobs" => {
                let n = positive(v).ok_or_else(|| bad("a number of workers"))?;
                c.jobs = Some(usize::try_from(n).map_err(|_| bad("a number of workers"))?);
            }
            "backend" => {
                let t = v
                    .as_table()
                    .filter(|t| {
                        t.get("command").is_some_and(toml::Value::is_str)
                            && t.get("port").is_some_and(toml::Value::is_integer)
                    })
                    .ok_or_else(|| bad("a table { command = \"...\", port = N }"))?;
                let mut b = serde_json::json!({"command": t["command"].as_str(), "port": t["port"].as_integer()});
                if let Some(d) = t.get("cwd").and_then(toml::Value::as_str) {
                    b["cwd"] = serde_json::json!(dir.join(d));
                }
                c.backend = Some(b);
            }
            other => {
                return Err(format!(
                    "{shown}: [test] has no key `{other}` (it takes {KEYS})"
                ))
            }
        }
    }
    Ok(c)
}

fn positive(v: &toml::Value) -> Option<u64> {
    v.as_integer()
        .and_then(|n| u64::try_from(n).ok())
        .filter(|n| *n > 0)
}

/// Whether a file name is a test's.
#[must_use]
pub fn is_test_name(name: &str) -> bool {
    [".test.", ".spec."].iter().any(|mid| {
        ["js", "ts", "mjs", "cjs"]
            .iter()
            .any(|ext| name.ends_with(&format!("{mid}{ext}")))
    })
}

fn skipped_dir(name: &str) -> bool {
    name == "node_modules" || name == "miniprogram_npm" || name.starts_with('.')
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    let mut entries: Vec<_> = std::fs::read_dir(dir)?.filter_map(Result::ok).collect();
    entries.sort_by_key(std::fs::DirEntry::file_name);
    for e in entries {
        let name = e.file_name().to_string_lossy().to_string();
        let Ok(kind) = e.file_type() else { continue };
        // Links are not followed: a test tree is walked as it is, and a loop cannot hang it.
        if kind.is_dir() {
            if !skipped_dir(&name) {
                walk(&e.path(), out)?;
            }
        } else if kind.is_file() && is_test_name(&name) {
            out.push(e.path());
        }
    }
    Ok(())
}

/// The test files under `paths` (files as given, folders searched), sorted, each once.
///
/// # Errors
/// A path that does not exist or cannot be read.
pub fn find(paths: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_file() {
            out.push(p.clone());
        } else if p.is_dir() {
            walk(p, &mut out).map_err(|e| format!("{}: {e}", p.display()))?;
        } else {
            return Err(format!("{}: no such file or folder", p.display()));
        }
    }
    let mut out: Vec<PathBuf> = out
        .into_iter()
        .map(|p| std::fs::canonicalize(&p).unwrap_or(p))
        .collect();
    out.sort();
    out.dedup();
    Ok(out)
}

/// `--shard i/n`: parses `i/n` (1-based).
///
/// # Errors
/// Not two numbers, or `i` outside `1..=n`.
pub fn parse_shard(s: &str) -> Result<(usize, usize), String> {
    let bad = || format!("--shard {s}: expected i/n with 1 <= i <= n (e.g. 1/3)");
    let (i, n) = s.split_once('/').ok_or_else(bad)?;
    let i: usize = i.trim().parse().map_err(|_| bad())?;
    let n: usize = n.trim().parse().map_err(|_| bad())?;
    if n == 0 || i == 0 || i > n {
        return Err(bad());
    }
    Ok((i, n))
}

/// The files of shard `i` of `n`: every `n`th file of the sorted list, so the shards together
/// hold each file exactly once.
#[must_use]
pub fn shard(files: Vec<PathBuf>, (i, n): (usize, usize)) -> Vec<PathBuf> {
    files
        .into_iter()
        .enumerate()
        .filter(|(k, _)| k % n == i - 1)
        .map(|(_, f)| f)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_shards() {
        assert!(is_test_name("a.test.js"));
        assert!(is_test_name("login.spec.ts"));
        assert!(!is_test_name("test.js"));
        assert!(!is_test_name("a.test.json"));
        assert_eq!(parse_shard("2/3"), Ok((2, 3)));
        assert!(parse_shard("0/3").is_err());
        assert!(parse_shard("4/3").is_err());
        let files: Vec<PathBuf> = (0..7).map(|i| PathBuf::from(format!("f{i}"))).collect();
        let mut all: Vec<PathBuf> = (1..=3).flat_map(|i| shard(files.clone(), (i, 3))).collect();
        all.sort();
        assert_eq!(all, files);
    }
}
