//! `wxbox test` through the real binary: sample-app suites, a deliberate failure, files that
//! hang or exhaust memory, shards, JUnit XML against its schema, determinism.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

mod support;
use support::{root, stderr, stdout, wxbox};

fn wxbox_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_wxbox"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("wxbox runs")
}

#[test]
fn sample_app_suites_pass() {
    let out = wxbox(&["test", "sample-apps"]);
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(0), "{text}\n{}", stderr(&out));
    let last = text.trim_end().lines().last().unwrap_or_default();
    assert!(
        last.ends_with(" passed, 0 failed"),
        "last line: {last}\n{text}"
    );
    let passed: usize = last
        .split_whitespace()
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    assert!(passed >= 20, "only {passed} sample tests:\n{text}");
}

#[test]
fn a_failing_test_shows_where_and_what_and_exits_1() {
    let first = wxbox(&["test", "tests/test-runner/failing"]);
    let text = stdout(&first);
    assert_eq!(first.status.code(), Some(1), "{text}");
    assert!(
        text.contains("FAIL tests/test-runner/failing/login.test.js"),
        "{text}"
    );
    assert!(text.contains("● login page › deliberately wrong"), "{text}");
    assert!(
        text.contains("expect(received).toEqual(expected) // deep equality"),
        "{text}"
    );
    assert!(text.contains("-   \"code\": \"not-the-code\","), "{text}");
    assert!(text.contains("+   \"taps\": 1,"), "{text}");
    assert!(
        text.contains("tests/test-runner/failing/login.test.js:18:"),
        "no file:line: {text}"
    );
    assert!(
        text.contains("> 18 |     expect(await page.data()).toEqual("),
        "no code frame: {text}"
    );
    assert!(
        text.trim_end().ends_with("1 passed, 1 failed, 1 skipped"),
        "{text}"
    );
    // Same bytes on stdout every run.
    let second = wxbox(&["test", "tests/test-runner/failing"]);
    assert_eq!(text, stdout(&second));
}

#[test]
fn hanging_and_huge_files_fail_alone_and_named() {
    let dir = root().join("tests/test-runner/crash");
    let out = wxbox_in(&dir, &["test", "--jobs", "2"]);
    let text = stdout(&out);
    // A status, not a signal: the runner itself survives.
    assert_eq!(out.status.code(), Some(1), "{text}\n{}", stderr(&out));
    assert!(text.contains("PASS fine.test.js"), "{text}");
    for (file, test, why) in [
        ("spin.test.js", "spins", "stopped"),
        ("huge.test.js", "asks for gigabytes", "memory allocation"),
    ] {
        assert!(text.contains(&format!("FAIL {file}")), "{file}: {text}");
        let block = text
            .split(&format!("FAIL {file}"))
            .nth(1)
            .unwrap_or_default();
        assert!(
            block.contains(&format!("stopped during the test \"{test}\"")),
            "{file}: {block}"
        );
        assert!(block.contains(why), "{file}: {block}");
    }
    let forever = text
        .split("FAIL forever.test.js")
        .nth(1)
        .unwrap_or_default();
    assert!(forever.contains("● while (true) {}"), "{text}");
    assert!(forever.contains("loop"), "{forever}");
    assert!(text.trim_end().ends_with("1 passed, 3 failed"), "{text}");
}

fn names(o: &Output) -> Vec<String> {
    let doc: Value = serde_json::from_slice(&o.stdout).expect("json report");
    doc["files"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|f| f["tests"].as_array().cloned().unwrap_or_default())
        .map(|t| t["fullName"].as_str().unwrap_or("").to_string())
        .collect()
}

#[test]
fn shards_together_run_every_test_once() {
    let all = names(&wxbox(&[
        "test",
        "tests/test-runner/shard",
        "--reporter",
        "json",
    ]));
    assert_eq!(all.len(), 10);
    let one = names(&wxbox(&[
        "test",
        "tests/test-runner/shard",
        "--shard",
        "1/2",
        "--reporter",
        "json",
    ]));
    let two = names(&wxbox(&[
        "test",
        "tests/test-runner/shard",
        "--shard",
        "2/2",
        "--reporter",
        "json",
    ]));
    assert!(!one.is_empty() && !two.is_empty());
    let mut both: Vec<String> = one.iter().chain(&two).cloned().collect();
    both.sort();
    let mut expected = all.clone();
    expected.sort();
    assert_eq!(both, expected);
    let unique: BTreeSet<_> = both.iter().collect();
    assert_eq!(unique.len(), both.len(), "a test ran in both shards");
    assert_eq!(wxbox(&["test", "--shard", "3/2"]).status.code(), Some(2));
}

#[test]
fn junit_report_is_valid_against_the_schema() {
    let dir = std::env::temp_dir().join(format!("wxbox-junit-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let xml = dir.join("junit.xml");
    let out = wxbox(&[
        "test",
        "tests/test-runner/failing",
        "tests/test-runner/shard",
        "--reporter",
        "junit",
        "--output",
        xml.to_str().unwrap_or_default(),
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    let xsd = root().join("tests/support/JUnit.xsd");
    let check = Command::new("python3")
        .arg("-c")
        .arg(
            "import sys\n\
             try:\n    from lxml import etree\n\
             except ImportError:\n    sys.exit('lxml is missing: pip install lxml (.ci/run does)')\n\
             schema = etree.XMLSchema(etree.parse(sys.argv[1]))\n\
             doc = etree.parse(sys.argv[2])\n\
             schema.assertValid(doc)\n\
             print(len(doc.findall('.//testcase')))",
        )
        .arg(&xsd)
        .arg(&xml)
        .output()
        .expect("python3 runs");
    assert!(
        check.status.success(),
        "{}{}",
        stdout(&check),
        stderr(&check)
    );
    assert_eq!(stdout(&check).trim(), "13");
    let text = std::fs::read_to_string(&xml).unwrap_or_default();
    assert!(
        text.contains("<failure message=\"expect(received).toEqual(expected) // deep equality\""),
        "{text}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn waits_are_sandbox_time_and_give_up() {
    let out = wxbox(&["test", "tests/test-runner/waits"]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert!(stdout(&out).trim_end().ends_with("2 passed, 0 failed"));
}

#[test]
fn a_developer_backend_starts_for_the_launch_and_answers_the_app() {
    let out = wxbox(&["test", "tests/test-runner/backend"]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert!(stdout(&out).trim_end().ends_with("2 passed, 0 failed"));
}

#[test]
fn no_test_files_cannot_run() {
    let out = wxbox(&["test", "sample-apps/hello/pages"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("no test files"), "{}", stderr(&out));
}

/// The official demo's own automator script (`test/index.spec.js`), with only `projectPath`
/// changed. Runs where the corpus is (`WXBOX_CORPUS`, see ../shared/corpus/README.md); CI has
/// no corpus, so there it says so and checks nothing.
#[test]
fn the_demo_s_own_automator_script_runs_with_only_project_path_changed() {
    let Ok(corpus) = std::env::var("WXBOX_CORPUS") else {
        eprintln!("WXBOX_CORPUS is not set: the demo's automator script was not run");
        return;
    };
    let demo = Path::new(&corpus).join("miniprogram-demo");
    let Ok(spec) = std::fs::read_to_string(demo.join("test/index.spec.js")) else {
        eprintln!("no miniprogram-demo in {corpus}: the demo's automator script was not run");
        return;
    };
    let ours = spec.replace(
        "'E:/mini/demo'",
        &format!("{:?}", demo.display().to_string()),
    );
    assert_ne!(ours, spec, "the script's projectPath line changed upstream");
    let dir = std::env::temp_dir().join(format!("wxbox-demo-spec-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    std::fs::write(dir.join("index.spec.js"), ours).expect("write spec");
    let out = wxbox_in(&dir, &["test"]);
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(0), "{text}{}", stderr(&out));
    assert!(text.contains("kind-list-item-hd"), "{text}");
    let _ = std::fs::remove_dir_all(&dir);
}

fn temp_suite(tag: &str, files: &[(&str, &str)]) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("wxbox-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    for (name, text) in files {
        std::fs::write(dir.join(name), text).expect("write");
    }
    dir
}

fn last_line(o: &Output) -> String {
    stdout(o)
        .trim_end()
        .lines()
        .last()
        .unwrap_or_default()
        .to_string()
}

#[test]
fn snapshots_are_written_checked_refused_in_ci_and_updated() {
    let test = |a: u32| {
        format!("test('alpha value', () => expect({{ a: {a} }}).toMatchSnapshot())\ntest('beta value', () => expect([1, 2]).toMatchSnapshot())\n")
    };
    let dir = temp_suite("snap", &[("snap.test.js", &test(1))]);
    let snap = dir.join("__snapshots__/snap.test.js.snap");
    let ci = wxbox_in(&dir, &["test", "--ci"]);
    assert_eq!(ci.status.code(), Some(1), "{}", stdout(&ci));
    assert!(!snap.exists(), "--ci wrote a snapshot");
    let first = wxbox_in(&dir, &["test"]);
    assert_eq!(first.status.code(), Some(0), "{}", stdout(&first));
    assert!(stdout(&first).contains("2 written"), "{}", stdout(&first));
    let text = std::fs::read_to_string(&snap).expect("snapshot file");
    assert!(text.starts_with("// Jest Snapshot v1"), "{text}");
    assert!(
        text.contains("exports[`alpha value 1`] = `\n{\n  \"a\": 1,\n}\n`;"),
        "{text}"
    );
    assert_eq!(wxbox_in(&dir, &["test", "--ci"]).status.code(), Some(0));
    std::fs::write(dir.join("snap.test.js"), test(2)).expect("write");
    let changed = wxbox_in(&dir, &["test"]);
    assert_eq!(changed.status.code(), Some(1));
    assert!(
        stdout(&changed).contains("+   \"a\": 2,"),
        "{}",
        stdout(&changed)
    );
    let updated = wxbox_in(&dir, &["test", "-u"]);
    assert_eq!(updated.status.code(), Some(0), "{}", stdout(&updated));
    let text = std::fs::read_to_string(&snap).expect("snapshot file");
    assert!(text.contains("\"a\": 2,"), "{text}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn name_pattern_and_bail_choose_what_runs() {
    let dir = temp_suite(
        "pick",
        &[(
            "pick.test.js",
            "test('alpha passes', () => expect(1).toBe(1))\ntest('beta fails', () => expect(1).toBe(2))\ntest('gamma passes', () => expect(2).toBe(2))\n",
        )],
    );
    let all = wxbox_in(&dir, &["test"]);
    assert_eq!(last_line(&all), "2 passed, 1 failed");
    let only = wxbox_in(&dir, &["test", "-t", "ALPHA"]);
    assert_eq!(only.status.code(), Some(0));
    assert_eq!(last_line(&only), "1 passed, 0 failed, 2 skipped");
    let bail = wxbox_in(&dir, &["test", "--bail"]);
    assert_eq!(bail.status.code(), Some(1));
    assert_eq!(last_line(&bail), "1 passed, 1 failed, 1 skipped");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn element_and_mini_program_calls_beyond_tap() {
    let out = wxbox(&["test", "tests/test-runner/api"]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert_eq!(last_line(&out), "6 passed, 0 failed");
}
