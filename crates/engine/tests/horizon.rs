//! Virtual time that ends (intervals stop at the horizon), the bounded trace (repeats folded, a
//! cap with a note) and the seeded `Math.random`.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use wxbox_engine::modules::MemorySource;
use wxbox_engine::{EngineConfig, Event, RunBudget, RunEnd, Runtime, TraceEvent};

fn runtime(src: &str, config: EngineConfig) -> Runtime {
    let map: HashMap<String, String> = [("main.js".to_string(), src.to_string())].into();
    let mut rt = Runtime::new(config, Box::new(MemorySource(map))).expect("engine builds");
    rt.require("main.js").expect("main.js runs");
    rt
}

fn run(src: &str) -> (Runtime, RunEnd) {
    let mut rt = runtime(src, EngineConfig::default());
    let end = rt.run(RunBudget::default());
    rt.record_end(&end);
    (rt, end)
}

fn last(rt: &Runtime) -> TraceEvent {
    rt.trace().events().pop().expect("events")
}

#[test]
fn a_lone_interval_ends_at_the_horizon_with_an_end_event() {
    let start = Instant::now();
    let (rt, end) = run("setInterval(() => console.log('tick'), 1000);");
    assert_eq!(end, RunEnd::Horizon);
    assert!(
        start.elapsed() < Duration::from_secs(2),
        "{:?}",
        start.elapsed()
    );
    assert_eq!(rt.event_loop().clock().now_ms(), 60_000);
    let events = rt.trace().events();
    // The first tick, then one repeat event for the other 59 (the last at 60 s).
    assert_eq!(events.len(), 3, "{events:?}");
    assert!(matches!(&events[0].event, Event::Console { text, .. } if text == "tick"));
    assert_eq!(events[0].t, 1000);
    assert_eq!(
        events[1].event,
        Event::Repeat {
            events: 1,
            count: 59,
            from: 2000
        }
    );
    assert_eq!(events[1].t, 60_000);
    assert_eq!(
        events[2].event,
        Event::End {
            reason: "horizon".into(),
            pending: Some("1 interval".into()),
            message: None,
            summary: None,
        }
    );
    assert_eq!(events[2].t, 60_000);
}

#[test]
fn the_horizon_counts_from_the_last_other_work() {
    // A timeout at 100 s is other work: the interval runs until 160 s.
    let (rt, end) =
        run("setInterval(() => {}, 1000); setTimeout(() => console.log('late'), 100000);");
    assert_eq!(end, RunEnd::Horizon);
    assert_eq!(rt.event_loop().clock().now_ms(), 160_000);
    assert!(matches!(last(&rt).event, Event::End { ref reason, .. } if reason == "horizon"));
}

#[test]
fn what_an_interval_causes_does_not_hold_the_run_open() {
    // Each tick sets a timeout and resolves a promise: still the interval's work.
    let (rt, end) = run(
        "setInterval(() => { setTimeout(() => {}, 10); Promise.resolve().then(() => {}); }, 500);",
    );
    assert_eq!(end, RunEnd::Horizon);
    assert_eq!(rt.event_loop().clock().now_ms(), 60_000);
}

#[test]
fn a_countdown_that_clears_itself_goes_idle() {
    let (rt, end) = run(
        "let n = 60; const id = setInterval(() => { if (--n === 0) { clearInterval(id); console.log('done'); } }, 1000);",
    );
    assert_eq!(end, RunEnd::Idle);
    let events = rt.trace().events();
    assert!(matches!(&events[0].event, Event::Console { text, .. } if text == "done"));
    assert_eq!(events[0].t, 60_000);
    assert_eq!(
        last(&rt).event,
        Event::End {
            reason: "idle".into(),
            pending: None,
            message: None,
            summary: None,
        }
    );
}

#[test]
fn until_overrides_the_horizon() {
    let mut rt = runtime("setInterval(() => {}, 1000);", EngineConfig::default());
    let end = rt.run(RunBudget {
        until: Some(90_000),
        ..RunBudget::default()
    });
    assert_eq!(end, RunEnd::Until);
    assert_eq!(rt.event_loop().clock().now_ms(), 90_000);
}

#[test]
fn a_zero_interval_is_clamped_and_ends_too() {
    // HTML clamps nested timers to 4 ms; without it virtual time would never move.
    let start = Instant::now();
    let (rt, end) = run("let n = 0; setInterval(() => { n++; globalThis.n = n; }, 0);");
    assert_eq!(end, RunEnd::Horizon);
    assert!(start.elapsed() < Duration::from_secs(10));
    let mut rt = rt;
    let n = rt
        .context()
        .eval(boa_engine::Source::from_bytes("n"))
        .expect("n")
        .as_number()
        .unwrap_or(0.0);
    // Six ticks at 0 ms (nesting levels 1 to 6), then one every 4 ms up to 60 s.
    assert!((n - 15_006.0).abs() < 0.5, "{n}");
}

#[test]
fn blocks_of_events_fold_and_a_broken_block_is_kept() {
    // Each tick logs two lines; the fifth tick logs something else.
    let (rt, _) = run(
        "let n = 0; const id = setInterval(() => { n++; console.log('a'); console.log(n === 5 ? 'c' : 'b'); if (n === 6) clearInterval(id); }, 100);",
    );
    let texts: Vec<String> = rt
        .trace()
        .events()
        .iter()
        .map(|e| match &e.event {
            Event::Console { text, .. } => format!("{} {text}", e.t),
            Event::Repeat { events, count, .. } => format!("{} repeat {events}x{count}", e.t),
            other => other.kind().to_string(),
        })
        .collect();
    assert_eq!(
        texts,
        [
            "100 a",
            "100 b",
            "400 repeat 2x3",
            "500 a",
            "500 c",
            "600 a",
            "600 b",
            "end"
        ]
    );
}

#[test]
fn equal_events_at_one_instant_are_not_folded() {
    let (rt, _) = run("console.log('x'); console.log('x'); setTimeout(() => console.log('x'), 5);");
    let kinds: Vec<(u64, &str)> = rt
        .trace()
        .events()
        .iter()
        .map(|e| (e.t, e.event.kind()))
        .collect::<Vec<_>>()
        .into_iter()
        .collect();
    // The two at 0 ms stay; the one at 5 ms repeats the block ["x" at 0 ms] later in time.
    assert_eq!(
        kinds,
        [(0, "console"), (0, "console"), (5, "repeat"), (5, "end")]
    );
}

#[test]
fn the_trace_stops_at_its_limit_with_one_note() {
    let config = EngineConfig {
        trace_limit: 10,
        ..EngineConfig::default()
    };
    let mut rt = runtime(
        "for (let i = 0; i < 25; i++) console.log('line ' + i);",
        config,
    );
    let end = rt.run(RunBudget::default());
    rt.record_end(&end);
    let events = rt.trace().events();
    assert_eq!(events.len(), 12, "{events:?}");
    match &events[10].event {
        Event::Dropped {
            limit,
            count,
            kinds,
        } => {
            assert_eq!(*limit, 10);
            assert_eq!(*count, 15);
            assert_eq!(kinds.get("console"), Some(&15));
        }
        other => panic!("expected the note, got {other:?}"),
    }
    assert!(matches!(events[11].event, Event::End { .. }));
}

fn draws(seed: u64) -> String {
    let config = EngineConfig {
        seed,
        ..EngineConfig::default()
    };
    let mut rt = runtime(
        "const a = []; for (let i = 0; i < 5; i++) a.push(Math.random()); console.log(a.join(','));",
        config,
    );
    rt.run(RunBudget::default());
    wxbox_engine::trace::format_text(&rt.trace().events())
}

#[test]
fn math_random_repeats_for_a_seed_and_differs_across_seeds() {
    assert_eq!(draws(7), draws(7));
    assert_ne!(draws(7), draws(8));
    let mut rt = runtime(
        "globalThis.ok = [0,1,2,3,4,5,6,7,8,9].every(() => { const x = Math.random(); return x >= 0 && x < 1; }) && typeof Math.random === 'function' && !Object.keys(Math).includes('random');",
        EngineConfig::default(),
    );
    let ok = rt
        .context()
        .eval(boa_engine::Source::from_bytes("ok"))
        .expect("ok");
    assert_eq!(ok.as_boolean(), Some(true));
}

#[test]
fn a_poll_by_recursive_set_timeout_ends_at_the_horizon_too() {
    // Each poll awaits a promise and re-arms itself: a repeating timer in disguise.
    let (rt, end) = run(
        "let n = 0; function poll() { n++; Promise.resolve().then(() => setTimeout(poll, 5000)); } poll(); globalThis.count = () => n;",
    );
    assert_eq!(end, RunEnd::Horizon);
    // Five hops are the app's own (up to 25 s); the horizon is 60 s past the last of them.
    assert_eq!(rt.event_loop().clock().now_ms(), 85_000);
    assert!(
        matches!(last(&rt).event, Event::End { ref pending, .. } if pending.as_deref() == Some("1 timeout"))
    );
}

#[test]
fn a_long_one_shot_timer_a_few_hops_deep_still_fires() {
    let (rt, end) = run(
        "setTimeout(() => setTimeout(() => console.log('five minutes later'), 300000), 100); setInterval(() => {}, 1000);",
    );
    assert_eq!(end, RunEnd::Horizon);
    let events = rt.trace().events();
    assert!(
        matches!(&events[0].event, Event::Console { text, .. } if text == "five minutes later")
    );
    assert_eq!(events[0].t, 300_100);
    assert_eq!(rt.event_loop().clock().now_ms(), 360_100);
}
