//! Integration tests: real sample apps through the real `wxbox` binary.
//!
//! Golden traces live in `tests/golden/`; after reviewing a change in behaviour, regenerate them
//! with `UPDATE_GOLDEN=1 cargo test --test cli` and review the diff before committing.

use std::time::{Duration, Instant};

use serde_json::Value;

mod support;
use support::{check_golden, console_texts, json_lines, root, stderr, stdout, wxbox};

fn lifecycle_hooks(events: &[Value]) -> Vec<String> {
    events
        .iter()
        .filter(|e| e["kind"] == "lifecycle")
        .map(|e| {
            format!(
                "{}.{}",
                e["target"].as_str().unwrap_or(""),
                e["hook"].as_str().unwrap_or("")
            )
        })
        .collect()
}

#[test]
fn hello_golden_traces() {
    let text = wxbox(&["run", "sample-apps/hello"]);
    assert!(text.status.success(), "{}", stderr(&text));
    check_golden("hello.txt", &stdout(&text));
    let json = wxbox(&["run", "sample-apps/hello", "--format", "json"]);
    assert!(json.status.success());
    check_golden("hello.jsonl", &stdout(&json));
}

#[test]
fn login_golden_traces() {
    let text = wxbox(&["run", "sample-apps/login"]);
    assert!(text.status.success(), "{}", stderr(&text));
    check_golden("login.txt", &stdout(&text));
    let json = wxbox(&["run", "sample-apps/login", "--format", "json"]);
    check_golden("login.jsonl", &stdout(&json));
}

#[test]
fn hello_launches_in_wechat_order_and_runs_identically_twice() {
    let first = wxbox(&["run", "sample-apps/hello", "--format", "json"]);
    let second = wxbox(&["run", "sample-apps/hello", "--format", "json"]);
    assert_eq!(stdout(&first), stdout(&second), "two runs differ");
    let events = json_lines(&first);
    for e in &events {
        assert!(
            e["t"].is_u64() && e["kind"].is_string(),
            "event without t/kind: {e}"
        );
    }
    let hooks = lifecycle_hooks(&events);
    assert_eq!(
        hooks[..5],
        [
            "App.onLaunch",
            "App.onShow",
            "pages/index/index.onLoad",
            "pages/index/index.onShow",
            "pages/index/index.onReady"
        ]
    );
}

#[test]
fn page_and_until_flags() {
    let out = wxbox(&[
        "run",
        "sample-apps/hello",
        "--page",
        "pages/detail/detail?id=7&from=cli",
        "--until",
        "100",
        "--format",
        "json",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let events = json_lines(&out);
    let load = events
        .iter()
        .find(|e| e["kind"] == "lifecycle" && e["hook"] == "onLoad")
        .expect("detail loaded");
    assert_eq!(load["target"], "pages/detail/detail");
    assert_eq!(load["args"], serde_json::json!({"id": "7", "from": "cli"}));
    // The detail page navigates back at 500 ms; --until 100 stops before.
    assert!(events.iter().all(|e| e["t"].as_u64().unwrap_or(0) <= 100));
    assert!(!events.iter().any(|e| e["api"] == "navigateBack"));

    let out = wxbox(&["run", "sample-apps/hello", "--page", "pages/nope/nope"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("page \"pages/nope/nope\" is not in app.json's pages"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn an_infinite_loop_in_onload_ends_with_an_error_naming_the_file() {
    let start = Instant::now();
    let out = wxbox(&["run", "tests/apps/infinite-loop", "--format", "json"]);
    assert!(start.elapsed() < Duration::from_secs(60));
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let events = json_lines(&out);
    let err = events
        .iter()
        .find(|e| e["kind"] == "error")
        .expect("an error event");
    assert_eq!(err["file"], "pages/index/index.js");
    assert_eq!(err["origin"], "pages/index/index.onLoad");
    assert!(
        err["message"]
            .as_str()
            .unwrap_or("")
            .contains("maximum number of iteration loops"),
        "{err}"
    );
    assert_eq!(
        console_texts(&events),
        [
            "App.onError got: RuntimeLimitError: reached the maximum number of iteration loops on this execution",
            "the page still becomes ready"
        ]
    );
}

#[test]
fn a_syntax_error_prints_file_line_col_and_exits_2() {
    let out = wxbox(&["run", "tests/apps/syntax-error"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out).trim(),
        "tests/apps/syntax-error/pages/index/index.js:4:15: SyntaxError: unexpected token ';', primary expression"
    );
    assert!(stdout(&out).is_empty());
}

#[test]
fn a_throw_in_onload_goes_to_app_onerror_and_the_run_continues() {
    let out = wxbox(&["run", "tests/apps/throws-in-onload", "--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let events = json_lines(&out);
    let errors: Vec<&Value> = events.iter().filter(|e| e["kind"] == "error").collect();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0]["origin"], "pages/index/index.onLoad");
    assert_eq!(errors[0]["file"], "pages/index/index.js");
    assert_eq!(errors[0]["line"], 6);
    // The uncaught wx failure rejects with its fail result, not an Error: WeChat hands it to
    // onUnhandledRejection and reports only Error reasons as errors, so it is a warning.
    let rejected: Vec<&Value> = events
        .iter()
        .filter(|e| e["kind"] == "warning" && e["origin"] == "unhandledrejection")
        .collect();
    assert_eq!(rejected.len(), 1, "{events:?}");
    assert_eq!(
        console_texts(&events),
        [
            "App.onError: TypeError: this.undefinedMethod is not a function",
            // The getStorage completion was queued in onLoad, before onReady was.
            "App.onUnhandledRejection: getStorage:fail data not found",
            "onReady still runs",
            "timer after the error still runs"
        ]
    );
}

#[test]
fn a_five_minute_timer_takes_no_wall_time() {
    let start = Instant::now();
    let out = wxbox(&["run", "tests/apps/long-timer", "--format", "json"]);
    let elapsed = start.elapsed();
    assert!(out.status.success());
    let events = json_lines(&out);
    let fired = events
        .iter()
        .find(|e| e["kind"] == "console")
        .expect("timer fired");
    assert_eq!(fired["t"], 300_000);
    assert_eq!(fired["text"], "fired after 5 minutes");
    assert!(elapsed < Duration::from_secs(5), "took {elapsed:?}");
}

#[test]
fn apps_that_cannot_start_exit_2_with_a_located_message() {
    let out = wxbox(&["run", "tests/apps/no-app"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("app.js: App() was never called"),
        "{}",
        stderr(&out)
    );

    let out = wxbox(&["run", "tests/apps/bad-json"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).starts_with("tests/apps/bad-json/app.json:2:"),
        "{}",
        stderr(&out)
    );

    let out = wxbox(&["run", "tests/apps/does-not-exist"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("app.json: not found"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_runaway_interval_ends_at_the_horizon() {
    // `setInterval(f, 0)` is clamped to 4 ms after five nested ticks (as in browsers), so
    // virtual time moves and the run stops at the horizon instead of a budget.
    let start = Instant::now();
    let out = wxbox(&["run", "tests/apps/runaway-interval", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(start.elapsed() < Duration::from_secs(30));
    let events = json_lines(&out);
    let last = events.last().expect("events");
    assert_eq!(last["kind"], "end");
    assert_eq!(last["reason"], "horizon");
    assert_eq!(last["pending"], "1 interval");
}

#[test]
fn the_time_zone_and_the_real_clock_are_flags() {
    let console_at = |args: &[&str]| {
        let out = wxbox(args);
        assert!(out.status.success(), "{}", stderr(&out));
        console_texts(&json_lines(&out))
            .into_iter()
            .find(|t| t.starts_with("index loaded at"))
            .unwrap_or_default()
    };
    // The virtual epoch is 2024-03-10T02:00:00Z: 10:00 at +08:00, 02:00 at UTC.
    let base = [
        "run",
        "sample-apps/hello",
        "--format",
        "json",
        "--until",
        "0",
    ];
    assert!(console_at(&base).starts_with("index loaded at 2024/03/10 10:00:00"));
    let utc = [&base[..], &["--tz-offset", "0"]].concat();
    assert!(console_at(&utc).starts_with("index loaded at 2024/03/10 02:00:00"));

    // Real time: the long timer really waits, so stop it at 200 ms and see that time passed.
    let start = Instant::now();
    let out = wxbox(&[
        "run",
        "tests/apps/long-timer",
        "--real-time",
        "--until",
        "200",
        "--format",
        "json",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(start.elapsed() >= Duration::from_millis(200));
    assert!(
        console_texts(&json_lines(&out)).is_empty(),
        "the 5-minute timer cannot have fired"
    );
}

#[test]
fn api_lists_every_typings_method_with_parameters_and_a_tier() {
    let o = wxbox(&["api", "--format", "json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let doc: Value = serde_json::from_str(&stdout(&o)).expect("one JSON document");
    assert_eq!(doc["source"]["package"], "miniprogram-api-typings");
    let methods = doc["methods"].as_array().expect("methods");
    assert_eq!(doc["count"].as_u64(), Some(methods.len() as u64));
    // 495 typings methods, the superapp's getAuthCode, 7 legacy methods (saveFile, ...).
    assert_eq!(methods.len(), 503);
    let tier = |name: &str| {
        methods
            .iter()
            .find(|m| m["name"] == name)
            .map(|m| m["tier"].as_str().unwrap_or_default().to_string())
    };
    assert_eq!(tier("getUserProfile").as_deref(), Some("deep"));
    assert_eq!(tier("showToast").as_deref(), Some("simulated"));
    assert_eq!(tier("getLocation").as_deref(), Some("device"));
    assert_eq!(tier("getAuthCode").as_deref(), Some("deep"));
    assert_eq!(tier("getSystemSetting").as_deref(), Some("simulated"));
    assert_eq!(tier("createInnerAudioContext").as_deref(), Some("objects"));
    assert_eq!(tier("getSavedFileList").as_deref(), Some("simulated"));
    let interfaces = doc["interfaces"].as_array().expect("interfaces");
    assert!(interfaces.iter().any(|i| i["name"] == "InnerAudioContext"));
    let authorize = methods
        .iter()
        .find(|m| m["name"] == "authorize")
        .expect("authorize");
    assert_eq!(
        authorize["params"][0],
        serde_json::json!({"name": "scope", "types": ["String"], "required": true})
    );
    let md = wxbox(&["api"]);
    assert!(stdout(&md).contains(
        "| getUserProfile | Promise | deep | **desc**: String; lang: String (en | zh_CN | zh_TW) |"
    ));
    assert!(stdout(&md).contains("| getSavedFileList (legacy) | Promise | simulated |"));
}

#[test]
fn the_profile_in_the_app_directory_scripts_the_user() {
    let dir = root().join("sample-apps/permissions");
    let o = wxbox(&[
        "run",
        dir.to_str().expect("utf-8"),
        "--call",
        "openSettings",
        "--call",
        "subscribe",
        "--format",
        "json",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let events = json_lines(&o);
    let console: Vec<&str> = events
        .iter()
        .filter(|e| e["kind"] == "console")
        .filter_map(|e| e["text"].as_str())
        .collect();
    assert_eq!(
        console,
        [
            "location refused: authorize:fail auth deny",
            "scope.userLocation = false",
            "after the settings page: true",
            "subscription: accept",
        ]
    );
    let prompts: Vec<(String, String)> = events
        .iter()
        .filter(|e| e["kind"] == "prompt")
        .map(|e| {
            (
                e["prompt"].as_str().unwrap_or_default().to_string(),
                e["decision"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    assert_eq!(
        prompts,
        [
            ("privacy".to_string(), "agree".to_string()),
            ("authorize".to_string(), "deny".to_string()),
            ("openSetting".to_string(), "change".to_string()),
            ("requestSubscribeMessage".to_string(), "choose".to_string()),
        ]
    );
    // --profile replaces wxbox.toml.
    let allow = root().join("tests/apps/profiles/allow-location.toml");
    let o = wxbox(&[
        "run",
        dir.to_str().expect("utf-8"),
        "--profile",
        allow.to_str().expect("utf-8"),
    ]);
    assert!(
        stdout(&o).contains("scope.userLocation = true"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn a_bad_profile_or_call_is_refused_with_where() {
    let dir = root().join("sample-apps/permissions");
    let bad = root().join("tests/apps/profiles/bad.toml");
    let o = wxbox(&[
        "run",
        dir.to_str().expect("utf-8"),
        "--profile",
        bad.to_str().expect("utf-8"),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).ends_with(
            "bad.toml: line 2, column 11: decisions.payment: \"later\" is not accepted here: \
             expected \"pay\", \"cancel\" or \"fail\", or a list of them answered in turn (the \
             last repeats)\n"
        ),
        "{}",
        stderr(&o)
    );
    let o = wxbox(&["run", dir.to_str().expect("utf-8"), "--call", "nothing"]);
    assert_eq!(o.status.code(), Some(3));
    let err = stderr(&o);
    let mut lines = err.lines();
    assert_eq!(
        lines.next(),
        Some("wxbox: --call nothing: page pages/index/index has no method nothing")
    );
    let methods = lines.next().unwrap_or_default();
    assert!(
        methods.starts_with("methods of pages/index/index for --call: ")
            && methods.contains("openSettings")
            && !methods.contains("onLoad"),
        "{err}"
    );
}

#[test]
fn render_prints_pages_as_indented_wxml() {
    // Golden renders of the sample apps' pages (reviewed): templates, includes, wx:for,
    // components with slots, open-data from the profile's user.
    let pages: &[(&str, &str, &str)] = &[
        (
            "sample-apps/hello",
            "pages/index/index",
            "render-hello-index.wxml",
        ),
        (
            "sample-apps/login-demo",
            "pages/index/index",
            "render-login-demo-index.wxml",
        ),
        (
            "sample-apps/buttons",
            "pages/userinfo/userinfo",
            "render-buttons-userinfo.wxml",
        ),
        (
            "sample-apps/buttons",
            "pages/profile/profile",
            "render-buttons-profile.wxml",
        ),
        (
            "sample-apps/buttons",
            "pages/contact/contact",
            "render-buttons-contact.wxml",
        ),
        (
            "sample-apps/buttons",
            "pages/list/list",
            "render-buttons-list.wxml",
        ),
    ];
    for (app, page, golden) in pages {
        // hello navigates away at 3 s: render it before.
        let o = wxbox(&["render", app, "--page", page, "--until", "2500"]);
        assert!(o.status.success(), "{app} {page}: {}", stderr(&o));
        check_golden(golden, &stdout(&o));
    }
    // After the user acts: the list after adding a row, removing a card and submitting a form.
    let o = wxbox(&[
        "render",
        "sample-apps/buttons",
        "--page",
        "pages/list/list",
        "--tap",
        "#add",
        "--tap",
        "item-card >>> .remove",
        "--input",
        "form input=milk",
        "--tap",
        "form button",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    check_golden("render-buttons-list-after.wxml", &stdout(&o));
}

#[test]
fn tap_flags_play_in_order_and_the_trace_shows_user_prompt_handler_render() {
    let phone = [
        "run",
        "sample-apps/buttons",
        "--page",
        "pages/contact/contact",
        "--tap",
        "button[open-type=getPhoneNumber]",
        "--format",
        "json",
    ];
    let o = wxbox(&phone);
    assert!(o.status.success(), "{}", stderr(&o));
    check_golden("buttons-contact-phone.jsonl", &stdout(&o));
    let events = json_lines(&o);
    let kinds: Vec<&str> = events
        .iter()
        .skip_while(|e| e["kind"] != "user")
        .map(|e| e["kind"].as_str().unwrap_or(""))
        .filter(|k| ["user", "prompt", "handler", "render"].contains(k))
        .collect();
    assert_eq!(kinds, ["user", "prompt", "handler", "render"]);
    // Same run, same bytes.
    let again = wxbox(&phone);
    assert_eq!(stdout(&o), stdout(&again));
    // --input, --call and --tap keep their command-line order.
    let o = wxbox(&[
        "run",
        "sample-apps/buttons",
        "--page",
        "pages/list/list",
        "--input",
        "form input=a=b",
        "--tap",
        "form button",
        "--call",
        "onAdd",
        "--format",
        "json",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let events = json_lines(&o);
    let console = console_texts(&events);
    assert!(
        console.contains(&"submit {\"title\":\"a=b\"}".to_string()),
        "{console:?}"
    );
    // The submit's row comes before onAdd's: the flags ran in the order given.
    let added: Vec<String> = events
        .iter()
        .filter(|e| e["kind"] == "set_data")
        .filter_map(|e| e["data"].as_object())
        .flat_map(|m| {
            m.values()
                .filter_map(|v| v["name"].as_str().map(str::to_string))
        })
        .collect();
    assert_eq!(added, ["a=b", "item 3"]);
}

#[test]
fn a_tap_that_matches_nothing_exits_3_naming_the_selector() {
    let o = wxbox(&["run", "sample-apps/buttons", "--tap", "#nowhere"]);
    assert_eq!(o.status.code(), Some(3));
    assert_eq!(
        stderr(&o).lines().next(),
        Some("wxbox: --tap #nowhere: no element matches `#nowhere` on pages/userinfo/userinfo")
    );
    let o = wxbox(&["render", "sample-apps/hello", "--page", "pages/logs/logs"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("no WXML"), "{}", stderr(&o));
}
