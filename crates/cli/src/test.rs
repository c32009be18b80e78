//! `wxbox test`'s flags; the runner is [`wxbox_test`].

use std::path::PathBuf;
use std::process::{Command, ExitCode};

use clap::ValueEnum;
use wxbox_test::{Reporter, TestArgs, WORKER_ARG};

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ReporterArg {
    /// jest's layout for people.
    Text,
    /// One JSON document (stdout, or `--output`).
    Json,
    /// Text, and JUnit XML to `--output` (default `junit.xml`).
    Junit,
}

#[derive(clap::Args)]
pub struct TestCliArgs {
    /// Test files or folders to search (default: `[test] roots` in wxbox.toml, else `.`).
    paths: Vec<PathBuf>,
    /// Worker processes (default: one per core).
    #[arg(long, short = 'j', value_name = "N")]
    jobs: Option<usize>,
    /// Rewrite snapshots that do not match.
    #[arg(long, short = 'u')]
    update_snapshot: bool,
    /// CI mode: a missing snapshot fails instead of being written.
    #[arg(long)]
    ci: bool,
    /// Run only tests whose full name matches this regular expression.
    #[arg(long = "testNamePattern", short = 't', value_name = "PATTERN")]
    pattern: Option<String>,
    /// Stop a file at its first failing test.
    #[arg(long)]
    bail: bool,
    /// Run shard i of n (1-based), so a suite spreads over CI machines: `--shard 1/3`.
    #[arg(long, value_name = "i/n")]
    shard: Option<String>,
    /// How to report.
    #[arg(long, value_enum, default_value_t = ReporterArg::Text)]
    reporter: ReporterArg,
    /// Where the JSON or JUnit report goes.
    #[arg(long, short = 'o', value_name = "FILE")]
    output: Option<PathBuf>,
    /// Per-test timeout in milliseconds of the test's own clock (default 5000, as jest).
    #[arg(long, value_name = "MS")]
    timeout: Option<u64>,
    /// Address space per worker process, in MiB.
    #[arg(long, value_name = "MIB", default_value_t = 4096)]
    max_memory: u64,
}

pub fn run(a: &TestCliArgs) -> ExitCode {
    let shard = match a.shard.as_deref().map(wxbox_test::discover::parse_shard) {
        Some(Ok(s)) => Some(s),
        Some(Err(e)) => {
            eprintln!("wxbox test: {e}");
            return ExitCode::from(2);
        }
        None => None,
    };
    let args = TestArgs {
        paths: a.paths.clone(),
        jobs: a.jobs,
        update: a.update_snapshot,
        ci: a.ci,
        pattern: a.pattern.clone(),
        bail: a.bail,
        shard,
        reporter: match a.reporter {
            ReporterArg::Text => Reporter::Text,
            ReporterArg::Json => Reporter::Json,
            ReporterArg::Junit => Reporter::Junit,
        },
        output: a.output.clone(),
        timeout_ms: a.timeout,
        memory: a.max_memory.saturating_mul(1 << 20),
    };
    let exe = std::env::current_exe().unwrap_or_else(|_| PathBuf::from("wxbox"));
    let worker = move || {
        let mut c = Command::new(&exe);
        c.arg(WORKER_ARG);
        c
    };
    ExitCode::from(u8::try_from(wxbox_test::run(&args, &worker)).unwrap_or(2))
}
