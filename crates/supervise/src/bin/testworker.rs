//! A worker for the crate's integration tests (tests/pool.rs). Each job is a command:
//!
//! - `echo TEXT`: emits TEXT; `lines`: emits a message with line breaks and backslashes
//! - `pid`: emits the worker's process id; `stray`: prints a line to stdout itself, then emits
//! - `sleep MS`: sleeps, then emits `slept MS`; `sleep-forever`: sleeps, never returns
//! - `burn-cpu`: spins forever (a `while (true) {}`)
//! - `alloc-huge`: allocates 8 GiB (under an address-space limit: the allocator aborts)
//! - `overflow`: recurses until the stack overflows (Rust's handler reports it and aborts)
//! - `exit N`: exits with status N; `panic`: panics
//! - `flood`: emits 1 KiB messages forever; `emit-big N`: emits one message of N bytes
//! - `pid-then-sleep`: emits its process id, then sleeps forever
//!
//! With `--parent` it is a pool instead: it runs `pid-then-sleep` on one worker (itself, without
//! `--parent`) and prints each message on stdout, so a test can kill this parent and check that
//! the worker does not outlive it.

use std::hint::black_box;
use std::io::Write;
use std::time::Duration;

use wxbox_supervise::{run_pool, serve, Emitter, Job, PoolOptions};

fn main() {
    if std::env::args().nth(1).as_deref() == Some("--parent") {
        parent();
        return;
    }
    if let Err(e) = serve(job) {
        eprintln!("testworker: {e}");
        std::process::exit(1);
    }
}

fn job(line: &str, out: &mut Emitter) {
    let (command, argument) = line.split_once(' ').unwrap_or((line, ""));
    let _ = match command {
        "echo" => out.emit(argument),
        "lines" => out.emit("first\nsecond\\n\r\nthird"),
        "pid" => out.emit(&std::process::id().to_string()),
        "stray" => {
            println!("stray output");
            out.emit("after")
        }
        "sleep" => {
            let ms = argument.parse().unwrap_or(0);
            std::thread::sleep(Duration::from_millis(ms));
            out.emit(&format!("slept {ms}"))
        }
        "sleep-forever" => loop {
            std::thread::sleep(Duration::from_secs(3600));
        },
        "burn-cpu" => {
            let mut x = 0u64;
            loop {
                x = black_box(x.wrapping_add(1));
            }
        }
        "alloc-huge" => {
            let _ = out.emit("allocating");
            let huge: Vec<u8> = Vec::with_capacity(black_box(8 << 30));
            black_box(&huge);
            out.emit("allocated")
        }
        "overflow" => {
            let _ = out.emit("recursing");
            let depth = recurse(black_box(0));
            out.emit(&depth.to_string())
        }
        "exit" => {
            let _ = out.emit(&format!("exiting {argument}"));
            std::process::exit(argument.parse().unwrap_or(1));
        }
        "panic" => panic!("boom"),
        "flood" => {
            let kib = "x".repeat(1024);
            loop {
                if out.emit(&kib).is_err() {
                    break Ok(());
                }
            }
        }
        "emit-big" => out.emit(&"y".repeat(argument.parse().unwrap_or(0))),
        "pid-then-sleep" => {
            let _ = out.emit(&std::process::id().to_string());
            loop {
                std::thread::sleep(Duration::from_secs(3600));
            }
        }
        _ => out.emit(&format!("unknown job {line:?}")),
    };
}

/// Recurses with a frame the optimiser cannot drop, until the stack runs out.
fn recurse(depth: u64) -> u64 {
    let frame = black_box([depth; 64]);
    if black_box(depth) == u64::MAX {
        return frame[0];
    }
    recurse(depth + 1).wrapping_add(frame[63])
}

fn parent() {
    let Ok(exe) = std::env::current_exe() else {
        std::process::exit(1);
    };
    let opts = PoolOptions::new(1, Duration::from_secs(60));
    let jobs = vec![Job {
        id: 0,
        line: "pid-then-sleep".to_owned(),
    }];
    run_pool(
        &opts,
        &|| std::process::Command::new(&exe),
        jobs,
        &mut |_, message| {
            let mut stdout = std::io::stdout().lock();
            let _ = writeln!(stdout, "{message}");
            let _ = stdout.flush();
        },
    );
}
