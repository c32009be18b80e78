//! The engine's observable behaviour: loop order, virtual time, limits, errors, Date, eval.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use wxbox_engine::modules::MemorySource;
use wxbox_engine::{EngineConfig, ErrorKind, Event, Limits, RunBudget, RunEnd, Runtime};

fn runtime(files: &[(&str, &str)], config: EngineConfig) -> Runtime {
    let map: HashMap<String, String> = files
        .iter()
        .map(|(k, v)| ((*k).to_string(), (*v).to_string()))
        .collect();
    Runtime::new(config, Box::new(MemorySource(map))).expect("engine builds")
}

fn console_lines(rt: &Runtime) -> Vec<String> {
    rt.trace()
        .events()
        .into_iter()
        .filter_map(|e| match e.event {
            Event::Console { text, .. } => Some(format!("{} {text}", e.t)),
            _ => None,
        })
        .collect()
}

fn run_main(src: &str) -> Runtime {
    let mut rt = runtime(&[("main.js", src)], EngineConfig::default());
    if let Err(e) = rt.require("main.js") {
        let ctx = rt.context();
        let l = wxbox_engine::timers::event_loop(ctx).expect("loop");
        l.report_error(ctx, &e, "main");
    }
    for e in rt.trace().events() {
        if let Event::Error { message, .. } = &e.event {
            eprintln!("error in trace: {message}");
        }
    }
    assert_eq!(rt.run(RunBudget::default()), RunEnd::Idle);
    rt
}

#[test]
fn microtasks_drain_after_each_macrotask_and_timers_fire_in_order() {
    let rt = run_main(
        "setTimeout(() => console.log('t20'), 20);
         setTimeout(() => { console.log('t10'); Promise.resolve().then(() => console.log('micro after t10')); }, 10);
         setTimeout(() => console.log('t10 second'), 10);
         Promise.resolve().then(() => console.log('micro'));
         console.log('sync');",
    );
    assert_eq!(
        console_lines(&rt),
        [
            "0 sync",
            "0 micro",
            "10 t10",
            "10 micro after t10",
            "10 t10 second",
            "20 t20"
        ]
    );
}

#[test]
fn a_five_minute_timer_costs_no_wall_time() {
    let start = Instant::now();
    let rt = run_main(
        "const t0 = Date.now(); setTimeout(() => console.log(Date.now() - t0), 5 * 60 * 1000);",
    );
    assert_eq!(console_lines(&rt), ["300000 300000"]);
    assert!(
        start.elapsed() < Duration::from_secs(1),
        "took {:?}",
        start.elapsed()
    );
}

#[test]
fn intervals_repeat_until_cleared() {
    let rt = run_main(
        "let n = 0; const id = setInterval(() => { n++; console.log('tick', n); if (n === 3) clearInterval(id); }, 1000);",
    );
    assert_eq!(
        console_lines(&rt),
        ["1000 tick 1", "2000 tick 2", "3000 tick 3"]
    );
}

#[test]
fn a_runaway_interval_ends_with_a_budget_error() {
    let mut rt = runtime(
        &[("main.js", "setInterval(() => {}, 0);")],
        EngineConfig::default(),
    );
    rt.require("main.js").expect("runs");
    // Without a horizon nothing but the job budget stops it.
    let budget = RunBudget {
        max_jobs: 1000,
        horizon: None,
        ..RunBudget::default()
    };
    match rt.run(budget) {
        RunEnd::Budget(msg) => assert!(msg.contains("1 interval"), "{msg}"),
        other => panic!("expected a budget stop, got {other:?}"),
    }
}

#[test]
fn until_stops_at_the_given_virtual_time() {
    let mut rt = runtime(
        &[("main.js", "setTimeout(() => console.log('early'), 100); setTimeout(() => console.log('late'), 10000);")],
        EngineConfig::default(),
    );
    rt.require("main.js").expect("runs");
    let end = rt.run(RunBudget {
        until: Some(5000),
        ..RunBudget::default()
    });
    assert_eq!(end, RunEnd::Until);
    assert_eq!(console_lines(&rt), ["100 early"]);
    assert_eq!(rt.event_loop().clock().now_ms(), 5000);
}

#[test]
fn eval_and_new_function_are_refused() {
    let rt = run_main(
        "try { eval('1') } catch (e) { console.log(e.name) }
         try { new Function('return 1') } catch (e) { console.log(e.name) }
         try { setTimeout('x()', 1) } catch (e) { console.log(e.name) }",
    );
    assert_eq!(
        console_lines(&rt),
        ["0 EvalError", "0 EvalError", "0 EvalError"]
    );
}

#[test]
fn dates_parse_the_forms_mini_programs_use_in_china_time() {
    let rt = run_main(
        "console.log(new Date('2024/03/10 10:00:00').getTime(), Date.parse('2024-03-10 10:00:00'),
                     new Date('2024/03/10').getHours(), new Date(0).getHours(),
                     new Date('2024-03-10T02:00:00Z').getTime(), new Date() instanceof Date,
                     new Date(2024, 2, 10).getDate(), typeof Date())",
    );
    assert_eq!(
        console_lines(&rt),
        ["0 1710036000000 1710036000000 0 8 1710036000000 true 10 string"]
    );
}

#[test]
fn date_now_starts_at_the_default_epoch() {
    let rt = run_main("console.log(Date.now())");
    assert_eq!(console_lines(&rt), ["0 1710036000000"]);
}

#[test]
fn an_infinite_loop_is_stopped_and_named() {
    let config = EngineConfig {
        limits: Limits {
            loop_iterations: 100_000,
            ..Limits::default()
        },
        ..EngineConfig::default()
    };
    let mut rt = runtime(
        &[(
            "spin.js",
            "function spin() {\n  while (true) {}\n}\nspin();",
        )],
        config,
    );
    let err = rt.require("spin.js").expect_err("the loop limit stops it");
    let e = wxbox_engine::ScriptError::runtime(&err);
    assert_eq!(e.kind, ErrorKind::Limit);
    assert_eq!(e.file.as_deref(), Some("spin.js"));
    // boa locates the limit at the looping function, not the loop statement.
    assert!(e.line.is_some(), "{e:?}");
    // The context stays usable after a limit error.
    let ok = rt
        .context()
        .eval(wxbox_engine::boa_engine::Source::from_bytes("1 + 1"))
        .expect("usable");
    assert_eq!(ok.as_number(), Some(2.0));
}

#[test]
fn syntax_errors_name_file_line_and_column() {
    let mut rt = runtime(
        &[
            ("pages/a/a.js", "var x = 1;\nvar y = ;\n"),
            ("b.js", "let = ;"),
            ("c.js", "function f() {\n  if (x) {\n"),
        ],
        EngineConfig::default(),
    );
    let e = rt.compile("pages/a/a.js").expect_err("does not parse");
    assert_eq!((e.file.as_deref(), e.line), (Some("pages/a/a.js"), Some(2)));
    assert!(e.to_string().starts_with("pages/a/a.js:2:"), "{e}");
    let e = rt.compile("b.js").expect_err("does not parse");
    assert_eq!((e.line, e.column), (Some(1), Some(7)), "{e}");
    // An unclosed block is reported at the end of the file, not inside the module wrapper.
    let e = rt.compile("c.js").expect_err("does not parse");
    assert_eq!(e.line, Some(2), "{e}");
}

#[test]
fn require_resolves_caches_and_reports_missing_modules() {
    let rt = run_main_files(&[
        ("main.js", "const a = require('./lib/a'); const again = require('./lib/a.js'); console.log(a.n, a === again, require('./lib/b').fromA);
                     try { require('./nope') } catch (e) { console.log(e.message) }"),
        ("lib/a.js", "let n = 0; n++; module.exports = { n };"),
        ("lib/b.js", "exports.fromA = require('./a').n + 1;"),
    ]);
    assert_eq!(
        console_lines(&rt),
        [
            "0 1 true 2",
            "0 module \"nope\" is not defined, require args is './nope'"
        ]
    );
}

fn run_main_files(files: &[(&str, &str)]) -> Runtime {
    let mut rt = runtime(files, EngineConfig::default());
    rt.require("main.js").expect("main runs");
    assert_eq!(rt.run(RunBudget::default()), RunEnd::Idle);
    rt
}

#[test]
fn unhandled_rejections_are_traced_and_handled_ones_are_not() {
    let rt = run_main(
        "Promise.reject(new Error('lost')); Promise.reject(1).catch(() => console.log('handled'));",
    );
    let events = rt.trace().events();
    let errors: Vec<_> = events
        .iter()
        .filter_map(|e| match &e.event {
            Event::Error {
                origin, message, ..
            } => Some((origin.as_str(), message.as_str())),
            _ => None,
        })
        .collect();
    assert_eq!(errors, [("unhandledrejection", "Error: lost")]);
    assert_eq!(console_lines(&rt), ["0 handled"]);
}

#[test]
fn console_formats_values() {
    let rt = run_main(
        "console.log('a', 1, {b: [1, 'x', null, undefined], c: {d: true}}, function foo() {}, new Error('e'));
         console.log('%s is %d', 'n', 42.5, 'extra');
         const o = {}; o.self = o; console.log(o);",
    );
    assert_eq!(
        console_lines(&rt),
        [
            "0 a 1 { b: [1, \"x\", null, undefined], c: { d: true } } [Function: foo] Error: e",
            "0 n is 42.5 extra",
            "0 { self: [Circular] }"
        ]
    );
}

#[test]
fn a_thrown_error_in_a_timer_is_reported_and_the_loop_goes_on() {
    let rt = run_main(
        "setTimeout(() => { null.x }, 5); setTimeout(() => console.log('still running'), 10);",
    );
    let events = rt.trace().events();
    assert!(events.iter().any(|e| matches!(&e.event,
        Event::Error { origin, file, .. } if origin == "setTimeout" && file.as_deref() == Some("main.js"))));
    assert_eq!(console_lines(&rt), ["10 still running"]);
}

#[test]
fn real_time_mode_really_waits() {
    let config = EngineConfig {
        clock: wxbox_engine::ClockMode::Real,
        ..EngineConfig::default()
    };
    let mut rt = runtime(
        &[("main.js", "setTimeout(() => console.log('fired'), 30);")],
        config,
    );
    let start = Instant::now();
    rt.require("main.js").expect("runs");
    assert_eq!(rt.run(RunBudget::default()), RunEnd::Idle);
    assert!(start.elapsed() >= Duration::from_millis(30));
    let events = rt.trace().events();
    let fired = events
        .iter()
        .find(|e| matches!(e.event, Event::Console { .. }))
        .expect("fired");
    assert!(fired.t >= 30, "fired at {}", fired.t);
}

#[test]
fn a_completion_from_another_thread_arrives_in_order_without_moving_virtual_time() {
    let mut rt = runtime(
        &[("main.js", "setTimeout(() => console.log('timer'), 1000);")],
        EngineConfig::default(),
    );
    rt.require("main.js").expect("runs");
    let ticket = rt.event_loop().ticket("host");
    let worker = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(50));
        ticket.complete(Box::new(|ctx| {
            let l = wxbox_engine::timers::event_loop(ctx)?;
            l.trace().push(Event::Console {
                level: wxbox_engine::Level::Log,
                text: "host answered".into(),
                party: None,
            });
            Ok(())
        }));
    });
    assert_eq!(rt.run(RunBudget::default()), RunEnd::Idle);
    worker.join().expect("worker");
    // The host call was in flight, so virtual time waited for it before jumping to the timer.
    assert_eq!(console_lines(&rt), ["0 host answered", "1000 timer"]);
}

#[test]
fn a_dropped_ticket_releases_the_loop() {
    let mut rt = runtime(&[("main.js", "")], EngineConfig::default());
    let ticket = rt.event_loop().ticket("host");
    std::thread::spawn(move || drop(ticket))
        .join()
        .expect("worker");
    assert_eq!(rt.run(RunBudget::default()), RunEnd::Idle);
}

/// boa 0.22.0 lost `this` in an arrow nested in an arrow that does not mention `this`; the
/// patched boa_ast in vendor/ fixes it (vendor/README.md).
#[test]
fn lexical_this_through_nested_arrows() {
    let rt = run_main(
        "const o = { m() { return (() => (() => this)())(); } };\n\
         function f() { return (() => () => () => this)()()(); }\n\
         const p = {};\n\
         console.log(o.m() === o, f.call(p) === p);",
    );
    let lines = console_lines(&rt);
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(lines[0].ends_with("true true"), "{lines:?}");
}
