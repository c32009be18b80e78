//! The pool against real worker processes: the crate's test worker
//! (src/bin/testworker.rs), whose jobs are commands that finish, hang, exhaust memory, overflow
//! the stack, exit or burn CPU.
//!
//! The tests run one at a time (a lock), so that after each pool returns this process must have
//! no child at all: any left would be an orphan in the making or an unreaped zombie.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

use wxbox_supervise::{run_pool, signal_name, Death, Job, Limits, Outcome, PoolOptions};

const WORKER: &str = env!("CARGO_BIN_EXE_wxbox-supervise-testworker");

static SERIAL: Mutex<()> = Mutex::new(());

fn serial() -> MutexGuard<'static, ()> {
    SERIAL
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

fn worker() -> Command {
    Command::new(WORKER)
}

/// Jobs with ids that are not their positions (100, 101, ...), to tell the two apart.
fn jobs(lines: &[&str]) -> Vec<Job> {
    lines
        .iter()
        .enumerate()
        .map(|(i, line)| Job {
            id: 100 + i,
            line: (*line).to_owned(),
        })
        .collect()
}

/// The processes whose parent is this one (zombies included), from /proc.
fn children() -> Vec<(u32, String)> {
    let me = std::process::id();
    let mut found = Vec::new();
    for entry in std::fs::read_dir("/proc").expect("/proc").flatten() {
        let Ok(pid) = entry.file_name().to_string_lossy().parse::<u32>() else {
            continue;
        };
        let Ok(stat) = std::fs::read_to_string(entry.path().join("stat")) else {
            continue;
        };
        // "pid (comm) state ppid ...": comm may hold spaces and parentheses.
        let Some((_, rest)) = stat.rsplit_once(')') else {
            continue;
        };
        let fields: Vec<&str> = rest.split_whitespace().collect();
        if fields.get(1).and_then(|p| p.parse::<u32>().ok()) == Some(me) {
            found.push((pid, stat.trim().to_owned()));
        }
    }
    found
}

/// Messages as they arrived, with their job ids.
type Arrived = Vec<(usize, String)>;

/// Runs a pool, checks that it left no child behind, and gives the results and the messages in
/// the order they arrived.
fn run(
    opts: &PoolOptions,
    spawn: &dyn Fn() -> Command,
    jobs: Vec<Job>,
) -> (Vec<(usize, Outcome)>, Arrived) {
    let before = children();
    let mut arrived = Vec::new();
    let results = run_pool(opts, spawn, jobs, &mut |id, message| {
        arrived.push((id, message.to_owned()));
    });
    let left: Vec<_> = children()
        .into_iter()
        .filter(|(pid, _)| !before.iter().any(|(old, _)| old == pid))
        .collect();
    assert_eq!(left, Vec::new(), "children left after the pool returned");
    (results, arrived)
}

fn done(messages: &[&str]) -> Outcome {
    Outcome::Done {
        messages: messages.iter().map(|m| (*m).to_owned()).collect(),
    }
}

/// The cause and messages of a failed job, and its stderr line that says why.
fn failed(outcome: &Outcome) -> (&Death, &[String], Option<&str>, &str) {
    match outcome {
        Outcome::Failed {
            messages,
            cause,
            stderr_tail,
            detail,
        } => (cause, messages, detail.as_deref(), stderr_tail),
        Outcome::Done { messages } => panic!("expected a failure, got Done {messages:?}"),
    }
}

fn signal_of(death: &Death) -> &'static str {
    match death {
        Death::Signal { number, name } => {
            assert_eq!(*name, signal_name(*number));
            name
        }
        other => panic!("expected a signal, got {other:?}"),
    }
}

#[test]
fn every_kind_of_death_is_reported_and_the_other_jobs_go_on() {
    let _serial = serial();
    let opts = PoolOptions {
        limits: Limits {
            address_space: Some(512 << 20),
            cpu: Some(Duration::from_secs(1)),
        },
        // Far above what any job here takes: the limits end them, not the wall time.
        ..PoolOptions::new(2, Duration::from_secs(10))
    };
    let lines = [
        "sleep 300",
        "echo a",
        "alloc-huge",
        "overflow",
        "exit 3",
        "burn-cpu",
    ];
    let (results, arrived) = run(&opts, &worker, jobs(&lines));

    let ids: Vec<usize> = results.iter().map(|(id, _)| *id).collect();
    assert_eq!(ids, [100, 101, 102, 103, 104, 105], "results in job order");
    assert_eq!(results[0].1, done(&["slept 300"]));
    assert_eq!(results[1].1, done(&["a"]));
    // The second worker finished `echo a` while the first slept: completion order differs.
    let position = |m: &str| arrived.iter().position(|(_, a)| a == m);
    assert!(position("a") < position("slept 300"), "{arrived:?}");

    // 8 GiB under a 512 MiB address space: Rust's allocator reports it and aborts.
    let (cause, messages, detail, tail) = failed(&results[2].1);
    assert_eq!(signal_of(cause), "SIGABRT", "{tail}");
    assert_eq!(messages, ["allocating"]);
    assert_eq!(detail, Some("memory allocation of 8589934592 bytes failed"));
    let failure = results[2].1.failure().expect("failed");
    assert!(
        failure.starts_with("killed by SIGABRT (aborted: an allocation failed"),
        "{failure}"
    );

    // Rust's guard-page handler reports the overflow and aborts (SIGSEGV if it cannot).
    let (cause, messages, detail, tail) = failed(&results[3].1);
    assert_eq!(messages, ["recursing"]);
    match signal_of(cause) {
        "SIGABRT" => {
            let detail = detail.unwrap_or_default();
            assert!(detail.contains("has overflowed its stack"), "{tail}");
        }
        "SIGSEGV" => {}
        other => panic!("overflow killed by {other}: {tail}"),
    }

    let (cause, messages, _, _) = failed(&results[4].1);
    assert_eq!(cause, &Death::Exit(3));
    assert_eq!(messages, ["exiting 3"]);

    // One second of CPU: SIGXCPU at the soft limit (SIGKILL if it were ignored).
    let (cause, messages, _, tail) = failed(&results[5].1);
    assert!(messages.is_empty());
    let signal = signal_of(cause);
    assert!(
        signal == "SIGXCPU" || signal == "SIGKILL",
        "{signal}: {tail}"
    );
    if signal == "SIGXCPU" {
        assert_eq!(cause.describe(), "stopped by the CPU time limit (SIGXCPU)");
    }

    // Every message reached the progress callback under its job's id.
    assert!(arrived.contains(&(102, "allocating".to_owned())));
    assert!(arrived.contains(&(104, "exiting 3".to_owned())));
}

#[test]
fn a_hung_job_is_killed_after_its_wall_time_and_its_worker_replaced() {
    let _serial = serial();
    let wall = Duration::from_millis(400);
    let opts = PoolOptions::new(1, wall);
    let lines = [
        "pid",
        "sleep-forever",
        "pid",
        "burn-cpu",
        "echo after",
        "pid-then-sleep",
    ];
    let start = Instant::now();
    let (results, arrived) = run(&opts, &worker, jobs(&lines));
    let took = start.elapsed();

    let pid = |i: usize| match &results[i].1 {
        Outcome::Done { messages } => messages[0].clone(),
        other => panic!("pid job failed: {other:?}"),
    };
    for i in [1, 3] {
        let (cause, messages, _, _) = failed(&results[i].1);
        assert_eq!(cause, &Death::WallTimeout(wall));
        assert!(messages.is_empty());
        assert_eq!(cause.describe(), "stopped after 400 ms of wall time");
    }
    assert_eq!(results[4].1, done(&["after"]));
    // The sleeping worker was killed; the next job ran in a new one.
    assert_ne!(pid(0), pid(2));
    // What a job emitted before it overran is kept.
    let (cause, messages, _, _) = failed(&results[5].1);
    assert_eq!(cause, &Death::WallTimeout(wall));
    assert_eq!(messages.len(), 1);
    assert!(messages[0].parse::<u32>().is_ok(), "{messages:?}");
    // Three timeouts of 400 ms each, and little else (four worker starts; slack for a loaded
    // machine).
    assert!(took >= 3 * wall, "took {took:?}");
    assert!(
        took < 3 * wall + Duration::from_millis(1500),
        "took {took:?}"
    );
    assert_eq!(arrived.len(), 4);
}

#[test]
fn one_worker_runs_its_jobs_one_after_another() {
    let _serial = serial();
    let opts = PoolOptions::new(1, Duration::from_secs(5));
    let (results, _) = run(&opts, &worker, jobs(&["pid", "echo x", "pid"]));
    assert_eq!(results[0].1, results[2].1, "the same worker took all three");
    assert_eq!(results[1].1, done(&["x"]));
}

#[test]
fn messages_are_any_text_and_what_was_emitted_before_a_death_is_kept() {
    let _serial = serial();
    let opts = PoolOptions::new(2, Duration::from_secs(5));
    let (results, arrived) = run(
        &opts,
        &worker,
        jobs(&[
            "lines",
            "stray",
            "panic",
            "echo job with\nline break",
            "exit 0",
        ]),
    );
    assert_eq!(results[0].1, done(&["first\nsecond\\n\r\nthird"]));
    // What the job printed to stdout itself is not a message.
    assert_eq!(results[1].1, done(&["after"]));
    assert!(!arrived.iter().any(|(_, m)| m.contains("stray")));

    let (cause, _, detail, tail) = failed(&results[2].1);
    assert_eq!(cause, &Death::Exit(101), "{tail}");
    let detail = detail.unwrap_or_default();
    assert!(
        detail.contains("panicked at") && detail.ends_with("boom"),
        "{tail}"
    );
    assert!(tail.contains("boom"));

    // The job line itself may hold a line break.
    assert_eq!(results[3].1, done(&["job with\nline break"]));

    let (cause, messages, _, _) = failed(&results[4].1);
    assert_eq!(cause, &Death::Exit(0));
    assert_eq!(messages, ["exiting 0"]);
    assert_eq!(
        results[4].1.failure().as_deref(),
        Some("exited (status 0) before finishing its job")
    );
}

#[test]
fn a_worker_that_cannot_start_or_does_not_serve_fails_its_jobs() {
    let _serial = serial();
    let opts = PoolOptions::new(2, Duration::from_secs(5));
    let missing = || Command::new("/nonexistent/wxbox-worker");
    let (results, _) = run(&opts, &missing, jobs(&["echo a", "echo b", "echo c"]));
    assert_eq!(results.len(), 3);
    for (_, outcome) in &results {
        let (cause, _, _, _) = failed(outcome);
        assert!(
            matches!(cause, Death::Spawn(why) if why.contains("/nonexistent/wxbox-worker")),
            "{cause:?}"
        );
    }

    // `true` exits at once without reading its job.
    let quitter = || Command::new("true");
    let (results, _) = run(&opts, &quitter, jobs(&["echo a", "echo b"]));
    for (_, outcome) in &results {
        assert_eq!(failed(outcome).0, &Death::Exit(0));
    }
}

#[test]
fn a_job_that_writes_too_much_is_stopped() {
    let _serial = serial();
    let opts = PoolOptions {
        output_per_job: 1 << 20,
        ..PoolOptions::new(1, Duration::from_secs(5))
    };
    let lines = ["flood", "emit-big 4194304", "emit-big 1000", "echo after"];
    let (results, _) = run(&opts, &worker, jobs(&lines));
    let (cause, messages, _, _) = failed(&results[0].1);
    assert_eq!(cause, &Death::Output(1 << 20));
    // Kept up to the limit, each a whole 1 KiB message; nothing past it.
    assert!(
        messages.len() > 900 && messages.len() <= 1024,
        "{}",
        messages.len()
    );
    assert!(messages.iter().all(|m| m.len() == 1024));
    let (cause, messages, _, _) = failed(&results[1].1);
    assert_eq!(cause, &Death::Output(1 << 20));
    assert!(messages.is_empty());
    assert_eq!(
        cause.describe(),
        "stopped after writing more than 1 MiB of messages"
    );
    assert_eq!(results[2].1, done(&[&"y".repeat(1000)]));
    assert_eq!(results[3].1, done(&["after"]));
}

#[test]
fn a_panicking_progress_callback_still_leaves_no_worker_behind() {
    let _serial = serial();
    let opts = PoolOptions::new(2, Duration::from_secs(5));
    let unwound = std::panic::catch_unwind(|| {
        run_pool(
            &opts,
            &worker,
            jobs(&["echo a", "sleep-forever"]),
            &mut |_, _| panic!("progress callback"),
        )
    });
    assert!(unwound.is_err());
    assert_eq!(children(), Vec::new());
}

#[test]
fn a_worker_does_not_outlive_a_killed_parent() {
    let _serial = serial();
    // The test worker as a pool parent: its one worker emits its pid, then sleeps forever.
    let mut parent = Command::new(WORKER)
        .arg("--parent")
        .stdout(Stdio::piped())
        .spawn()
        .expect("start the parent");
    let mut line = String::new();
    let stdout = parent.stdout.take().expect("stdout");
    BufReader::new(stdout)
        .read_line(&mut line)
        .expect("the worker's pid");
    let pid: u32 = line.trim().parse().expect("a pid");
    let stat = format!("/proc/{pid}/stat");
    assert!(std::fs::metadata(&stat).is_ok(), "the worker runs");

    // SIGKILL: the parent's destructors do not run; the worker notices by itself.
    parent.kill().expect("kill the parent");
    parent.wait().expect("reap the parent");
    let start = Instant::now();
    let gone = loop {
        // Gone, or a zombie waiting for its new parent (init) to reap it.
        let state = std::fs::read_to_string(&stat).ok().and_then(|s| {
            let (_, rest) = s.rsplit_once(')')?;
            rest.split_whitespace().next().map(str::to_owned)
        });
        if state.as_deref().is_none_or(|s| s == "Z" || s == "X") {
            break true;
        }
        if start.elapsed() > Duration::from_secs(2) {
            break false;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    if !gone {
        // Do not leave it running after a failure.
        let _ = Command::new("kill").args(["-9", &pid.to_string()]).status();
    }
    // It checks every 100 ms; 2 s leaves room for a loaded machine.
    assert!(gone, "worker {pid} outlived its parent by 2 s");
    assert_eq!(children(), Vec::new());
}
