//! A newcomer's first hour, through the real binary: `wxbox init` gives an app that runs clean
//! and whose test passes, decisions given as sequences, a failing step that explains itself,
//! lines that fit the screen, the final `end`, `render --format json`, `--watch`, `--version`.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

mod support;
use support::{json_lines, root, stderr, stdout, wxbox};

/// A fresh, empty scratch folder under the target directory, removed first if it exists.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

fn path_arg(p: &Path) -> &str {
    p.to_str().expect("a UTF-8 path")
}

#[test]
fn init_gives_an_app_that_runs_clean_and_whose_test_passes() {
    let dir = scratch("init-myapp");
    let o = wxbox(&["init", path_arg(&dir)]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("wxbox.toml"), "{}", stdout(&o));

    let o = wxbox(&["run", path_arg(&dir), "--format", "json"]);
    assert!(o.status.success(), "{}{}", stdout(&o), stderr(&o));
    let events = json_lines(&o);
    assert!(
        !events
            .iter()
            .any(|e| e["kind"] == "error" || e["kind"] == "warning"),
        "{}",
        stdout(&o)
    );
    let end = events.last().expect("an end event");
    assert_eq!(end["kind"], "end");
    assert_eq!(end["reason"], "idle");
    assert_eq!(end["errors"], 0);
    assert_eq!(end["stack"], serde_json::json!(["pages/index/index"]));
    assert_eq!(end["storage"], serde_json::json!(["token"]));
    assert_eq!(end["data"]["nickName"], "");
    assert!(
        events
            .iter()
            .any(|e| e["kind"] == "console" && e["text"] == "logged in"),
        "{}",
        stdout(&o)
    );

    let o = wxbox(&["run", path_arg(&dir), "--tap", "#profile"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("\"nickName\":\"微信用户\""),
        "{}",
        stdout(&o)
    );

    let o = wxbox(&["test", path_arg(&dir)]);
    assert!(o.status.success(), "{}{}", stdout(&o), stderr(&o));
    assert!(
        stdout(&o).trim_end().ends_with("2 passed, 0 failed"),
        "{}",
        stdout(&o)
    );

    // Not over someone's work.
    let o = wxbox(&["init", path_arg(&dir)]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("is not empty"), "{}", stderr(&o));
}

#[test]
fn a_sequence_of_decisions_denies_then_allows() {
    let dir = scratch("deny-then-allow");
    std::fs::create_dir_all(&dir).expect("scratch");
    let backend = root().join("sample-apps/login-demo/backend/server.js");
    let profile = dir.join("wxbox.toml");
    std::fs::write(
        &profile,
        format!(
            "[decisions]\nuser_profile = [\"deny\", \"allow\"]\n[privacy]\nagreed = true\n\
             [request.domains]\n\"https://test.com\" = {{ mock = {:?} }}\n",
            path_arg(&backend)
        ),
    )
    .expect("profile");
    let o = wxbox(&[
        "run",
        "sample-apps/login-demo",
        "--profile",
        path_arg(&profile),
        "--tap",
        "button",
        "--tap",
        "button",
        "--format",
        "json",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let events = json_lines(&o);
    let prompts: Vec<&Value> = events
        .iter()
        .filter(|e| e["kind"] == "prompt" && e["api"] == "getUserProfile")
        .map(|e| &e["decision"])
        .collect();
    assert_eq!(prompts, ["deny", "allow"]);
    let results: Vec<&str> = events
        .iter()
        .filter(|e| e["kind"] == "result" && e["api"] == "getUserProfile")
        .filter_map(|e| e["errMsg"].as_str())
        .collect();
    assert_eq!(
        results,
        ["getUserProfile:fail auth deny", "getUserProfile:ok"]
    );
    let end = events.last().expect("end");
    assert_eq!(end["data"]["nickName"], "微信用户");
}

#[test]
fn a_bad_decision_is_refused_in_plain_words() {
    let dir = scratch("bad-decision");
    std::fs::create_dir_all(&dir).expect("scratch");
    let profile = dir.join("wxbox.toml");
    std::fs::write(&profile, "[decisions]\nuser_profile = \"maybe\"\n").expect("profile");
    let o = wxbox(&["run", "sample-apps/hello", "--profile", path_arg(&profile)]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains(
            "line 2, column 16: decisions.user_profile: \"maybe\" is not accepted here: \
             expected \"allow\" or \"deny\", or a list of them"
        ),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_failing_tap_keeps_the_trace_lists_what_can_be_tapped_and_exits_3() {
    let o = wxbox(&["run", "sample-apps/buttons", "--tap", "#nope"]);
    assert_eq!(o.status.code(), Some(3), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("App.onLaunch"), "{out}");
    assert!(
        out.lines().last().is_some_and(|l| l.contains("end")),
        "{out}"
    );
    let err = stderr(&o);
    assert!(
        err.starts_with(
            "wxbox: --tap #nope: no element matches `#nope` on pages/userinfo/userinfo"
        ),
        "{err}"
    );
    assert!(
        err.contains("what can be tapped on pages/userinfo/userinfo (selectors for --tap):"),
        "{err}"
    );
    // Every selector listed works: tapping it plays (exit 0 or 1, never 3).
    let selectors: Vec<String> = err
        .lines()
        .skip(2)
        .filter_map(|l| l.split_whitespace().next().map(str::to_string))
        .collect();
    assert!(!selectors.is_empty(), "{err}");
    for s in &selectors {
        let o = wxbox(&["run", "sample-apps/buttons", "--tap", s]);
        assert_ne!(o.status.code(), Some(3), "{s}: {}", stderr(&o));
    }
    // Typing lists inputs instead.
    let o = wxbox(&["run", "sample-apps/hello", "--input", "#nope=x"]);
    assert_eq!(o.status.code(), Some(3), "{}", stderr(&o));
    assert!(stderr(&o).contains("typed into"), "{}", stderr(&o));
}

#[test]
fn every_text_line_of_every_sample_fits_160_columns_unless_wide() {
    let samples = std::fs::read_dir(root().join("sample-apps")).expect("samples");
    let mut longest_wide = 0;
    for entry in samples {
        let dir = entry.expect("entry").path();
        if !dir.join("app.json").exists() {
            continue;
        }
        let app = format!(
            "sample-apps/{}",
            dir.file_name().and_then(|n| n.to_str()).unwrap_or_default()
        );
        let o = wxbox(&["run", &app]);
        for line in stdout(&o).lines() {
            let cols: usize = line
                .chars()
                .map(|c| unicode_width::UnicodeWidthChar::width(c).unwrap_or(0))
                .sum();
            assert!(cols <= 160, "{app}: {cols} columns: {line}");
        }
        let o = wxbox(&["run", &app, "--wide"]);
        for line in stdout(&o).lines() {
            longest_wide = longest_wide.max(line.chars().count());
        }
    }
    assert!(longest_wide > 160, "--wide prints lines whole");
}

#[test]
fn render_json_prints_the_tree() {
    let o = wxbox(&["render", "sample-apps/login-demo", "--format", "json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let tree: Value = serde_json::from_str(&stdout(&o)).expect("one JSON document");
    let view = &tree[0];
    assert_eq!(view["tag"], "view");
    let button = &view["children"][0];
    assert_eq!(button["tag"], "button");
    assert_eq!(
        button["handlers"],
        serde_json::json!([{"bind": "bind", "event": "tap", "method": "onProfileTap"}])
    );
    assert_eq!(button["children"], serde_json::json!(["完善资料"]));
}

#[test]
fn version_names_the_typings_of_the_table() {
    let o = wxbox(&["--version"]);
    assert!(o.status.success());
    assert!(
        stdout(&o).starts_with(&format!(
            "wxbox {} (wx table: miniprogram-api-typings ",
            env!("CARGO_PKG_VERSION")
        )),
        "{}",
        stdout(&o)
    );
}

#[test]
fn watch_runs_again_when_a_file_changes() {
    let dir = scratch("watch-app");
    assert!(wxbox(&["init", path_arg(&dir)]).status.success());
    let mut child = Command::new(env!("CARGO_BIN_EXE_wxbox"))
        .args(["run", path_arg(&dir), "--watch", "--format", "json"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("wxbox runs");
    let out = child.stdout.take().expect("stdout");
    let (tx, rx) = crossbeam_channel::unbounded();
    std::thread::spawn(move || {
        for line in BufReader::new(out).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    let ends = |want: usize| {
        let deadline = Instant::now() + Duration::from_secs(60);
        let mut seen = 0;
        let mut console = Vec::new();
        while seen < want && Instant::now() < deadline {
            if let Ok(line) = rx.recv_timeout(Duration::from_millis(200)) {
                let e: Value = serde_json::from_str(&line).unwrap_or(Value::Null);
                if e["kind"] == "end" && e.get("stack").is_some() {
                    seen += 1;
                }
                if e["kind"] == "console" {
                    console.push(e["text"].as_str().unwrap_or("").to_string());
                }
            }
        }
        (seen, console)
    };
    let (first, _) = ends(1);
    assert_eq!(first, 1, "the first run");
    let app_js = dir.join("app.js");
    let text = std::fs::read_to_string(&app_js).expect("app.js");
    std::fs::write(&app_js, text.replace("'logged in'", "'logged in again'")).expect("edit");
    let (second, console) = ends(1);
    let _ = child.kill();
    let _ = child.wait();
    assert_eq!(second, 1, "a second run after the edit");
    assert!(
        console.contains(&"logged in again".to_string()),
        "{console:?}"
    );
}
