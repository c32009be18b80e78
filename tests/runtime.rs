//! The runtime through the `wxbox` binary: virtual time that ends at the horizon, the bounded
//! trace, `Math.random` seeded from the profile, and requests with origin checking off (mock
//! backends with patterns; nothing sent where nobody routed).

use std::time::{Duration, Instant};

mod support;

use support::{console_texts, json_lines, run_json, stderr, stdout, wxbox};

#[test]
fn the_one_line_interval_app_ends_at_the_horizon_with_exit_0() {
    let start = Instant::now();
    let out = wxbox(&["run", "tests/apps/interval", "--format", "json"]);
    let wall = start.elapsed();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let events = json_lines(&out);
    let end = events.last().expect("events");
    assert_eq!(end["kind"], "end");
    assert_eq!(end["reason"], "horizon");
    assert_eq!(end["pending"], "1 interval");
    assert_eq!(end["t"], 60_000);
    // The first tick, then its 59 repetitions folded into one event: the trace stays small.
    let ticks: Vec<&serde_json::Value> = events.iter().filter(|e| e["kind"] == "console").collect();
    assert_eq!(ticks.len(), 1);
    assert_eq!(ticks[0]["t"], 1000);
    let repeat = events
        .iter()
        .find(|e| e["kind"] == "repeat")
        .expect("a repeat event");
    assert_eq!(repeat["count"], 59);
    assert_eq!(repeat["events"], 1);
    assert_eq!(repeat["from"], 2000);
    assert_eq!(repeat["t"], 60_000);
    assert!(events.len() < 20, "{} events", events.len());
    // Generous for a debug build on a shared machine; the release binary takes a few ms.
    assert!(wall < Duration::from_secs(5), "took {wall:?}");

    let text = wxbox(&["run", "tests/apps/interval"]);
    let text = stdout(&text);
    assert!(
        text.contains("repeat      the event above 59 more times (2000 ms to 60000 ms)"),
        "{text}"
    );
    assert!(
        text.trim_end()
            .ends_with("60000 ms  end         horizon, pending 1 interval; 0 errors, stack [pages/index/index], storage [], data {}"),
        "{text}"
    );
}

#[test]
fn horizon_and_until_are_flags() {
    let (events, _) = run_json(&["tests/apps/interval", "--horizon", "5000"]);
    let end = events.last().expect("events");
    assert_eq!(
        (end["reason"].as_str(), end["t"].as_u64()),
        (Some("horizon"), Some(5000))
    );
    let (events, _) = run_json(&["tests/apps/interval", "--until", "120000"]);
    let end = events.last().expect("events");
    assert_eq!(
        (end["reason"].as_str(), end["t"].as_u64()),
        (Some("until"), Some(120_000))
    );
    let repeat = events
        .iter()
        .find(|e| e["kind"] == "repeat")
        .expect("repeat");
    assert_eq!(repeat["count"], 119);
}

#[test]
fn a_trace_limit_keeps_that_many_events_and_notes_the_rest() {
    let (events, _) = run_json(&["sample-apps/hello", "--trace-limit", "5"]);
    assert_eq!(events.len(), 7, "{events:?}");
    let note = &events[5];
    assert_eq!(note["kind"], "dropped");
    assert_eq!(note["limit"], 5);
    assert!(note["count"].as_u64().unwrap_or(0) > 0, "{note}");
    assert_eq!(events[6]["kind"], "end");
    assert_eq!(events[6]["reason"], "idle");
}

fn random_run(profile: &str) -> String {
    let out = wxbox(&[
        "run",
        "tests/apps/random",
        "--format",
        "json",
        "--profile",
        profile,
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    stdout(&out)
}

#[test]
fn math_random_is_seeded_from_the_profile() {
    let one = random_run("tests/apps/random/seed-1.toml");
    assert_eq!(one, random_run("tests/apps/random/seed-1.toml"));
    let two = random_run("tests/apps/random/seed-2.toml");
    assert_ne!(one, two);
    let board = |trace: &str| {
        trace
            .lines()
            .find(|l| l.contains("\"board "))
            .map(str::to_string)
            .unwrap_or_default()
    };
    assert_ne!(board(&one), board(&two));
    // The default profile (seed 0) is a third, equally repeatable stream.
    let (events, _) = run_json(&["tests/apps/random"]);
    let (again, _) = run_json(&["tests/apps/random"]);
    assert_eq!(events, again);
}

#[test]
fn without_url_check_any_origin_reaches_its_route_and_patterns_pick_handlers() {
    let (events, _) = run_json(&["tests/apps/local-requests"]);
    assert_eq!(
        console_texts(&events),
        [
            r#"200 {"id":"42","x":"1"}"#,
            r#"200 {"fresh":true}"#,
            r#"200 {"rest":"users/7"}"#,
            r#"404 {"any":"DELETE /anything/else"}"#,
            // Nobody routed localhost:8080: nothing is sent, the app sees an unreachable host.
            "fail request:fail -105:net::ERR_NAME_NOT_RESOLVED 600001",
        ]
    );
    let warning = events
        .iter()
        .find(|e| e["kind"] == "warning")
        .expect("a warning for the unrouted origin");
    assert!(
        warning["message"]
            .as_str()
            .unwrap_or("")
            .contains("no route for http://localhost:8080"),
        "{warning}"
    );
}

#[test]
fn a_catch_all_domain_routes_every_origin() {
    let (events, _) = run_json(&[
        "tests/apps/local-requests",
        "--profile",
        "tests/apps/local-requests/any.toml",
    ]);
    let texts = console_texts(&events);
    assert_eq!(
        texts.first().map(String::as_str),
        Some(r#"200 {"id":"42","x":"1"}"#)
    );
    assert_eq!(
        texts.last().map(String::as_str),
        Some(r#"404 {"any":"GET /"}"#),
        "{texts:?}"
    );
}

#[test]
fn an_http_domain_needs_url_check_off() {
    let checked = "tests/apps/local-requests/checked.toml";
    let out = wxbox(&["run", "tests/apps/local-requests", "--profile", checked]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("an http:// domain is reachable only with url_check = false"),
        "{}",
        stderr(&out)
    );
    // The flag the integrator passes for `setting.urlCheck: false` lifts it.
    let (events, _) = run_json(&[
        "tests/apps/local-requests",
        "--profile",
        checked,
        "--no-url-check",
    ]);
    assert_eq!(
        console_texts(&events).first().map(String::as_str),
        Some(r#"200 {"id":"42","x":"1"}"#)
    );
}

#[test]
fn a_poll_with_wx_calls_and_requests_still_ends_at_the_horizon() {
    let (events, _) = run_json(&["tests/apps/interval-poll"]);
    let end = events.last().expect("events");
    assert_eq!(end["reason"], "horizon", "{end}");
    assert_eq!(end["t"], 60_000);
    let polls = events.iter().filter(|e| e["kind"] == "set_data").count();
    assert_eq!(polls, 12, "one setData per 5 s tick up to 60 s");
}

#[test]
fn worklet_animations_play_out_on_the_virtual_clock() {
    let (events, _) = run_json(&["tests/apps/worklet"]);
    let logs: Vec<(u64, String)> = events
        .iter()
        .filter(|e| e["kind"] == "console")
        .map(|e| {
            (
                e["t"].as_u64().unwrap_or(0),
                e["text"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    let expected = [
        (0, "start 0"),
        (0, "route 1 true"),
        (0, "on js 7"),
        (0, "bound 1"),
        (100, "cancelled false 5"),
        (250, "midway 0"),
        (500, "finished true 100 200"),
    ];
    let expected: Vec<(u64, String)> = expected
        .iter()
        .map(|(t, s)| (*t, (*s).to_string()))
        .collect();
    assert_eq!(logs, expected);
    assert!(!events.iter().any(|e| e["kind"] == "error"), "{events:?}");
}
