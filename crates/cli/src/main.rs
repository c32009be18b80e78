//! `wxbox`: run mini-programs headlessly. A thin layer: parse flags, build a sandbox, print.
//!
//! Exit status: 0 when the run ended cleanly, 1 when the app raised uncaught errors (or hit a
//! limit), 2 when it could not start (bad config, syntax error, no `App()`).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use wxbox_app::{
    ClockMode, EngineConfig, LaunchError, RunBudget, Sandbox, SandboxHandle, SandboxOptions,
};
use wxbox_engine::trace::format_text_line;

#[derive(Parser)]
#[command(
    name = "wxbox",
    version,
    about = "A headless sandbox for WeChat-style mini-programs"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Launch a mini-program, run it until idle, and print its trace.
    Run(RunArgs),
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    /// Aligned lines for people.
    Text,
    /// One JSON object per line (`t`, `kind`, ...).
    Json,
}

#[derive(clap::Args)]
struct RunArgs {
    /// The mini-program directory (the one holding app.json).
    app_dir: PathBuf,
    /// Open this page instead of the entry page: `pages/x/x?key=value`.
    #[arg(long)]
    page: Option<String>,
    /// Stop at this sandbox time (milliseconds) instead of when the app goes idle.
    #[arg(long, value_name = "MS")]
    until: Option<u64>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Use the real clock: timers really wait. (Default: virtual time, identical runs.)
    #[arg(long)]
    real_time: bool,
    /// Local time zone as minutes east of UTC (default +08:00).
    #[arg(
        long,
        value_name = "MINUTES",
        default_value_t = 480,
        allow_negative_numbers = true
    )]
    tz_offset: i32,
}

fn describe(dir: &Path, e: &LaunchError) -> String {
    let prefix = |file: &str| dir.join(file).display().to_string();
    match e {
        // `path/to/file.js:LINE:COL: message`, so editors and terminals can jump to it.
        LaunchError::Syntax(s) => match (&s.file, s.line, s.column) {
            (Some(f), Some(l), Some(c)) => format!("{}:{l}:{c}: {}", prefix(f), s.message),
            _ => s.to_string(),
        },
        LaunchError::Config(c) => format!(
            "{}{}: {}",
            prefix(&c.file),
            c.position
                .map(|(l, c)| format!(":{l}:{c}"))
                .unwrap_or_default(),
            c.message
        ),
        other => format!("wxbox: {}: {other}", dir.display()),
    }
}

fn run(args: RunArgs) -> ExitCode {
    let engine = EngineConfig {
        clock: if args.real_time {
            ClockMode::Real
        } else {
            ClockMode::Virtual
        },
        tz_offset_minutes: args.tz_offset,
        ..EngineConfig::default()
    };
    let dir = args.app_dir.clone();
    let page = args.page.clone();
    let handle = SandboxHandle::spawn(move || {
        let mut sandbox = Sandbox::open(
            &dir,
            SandboxOptions {
                engine,
                ..SandboxOptions::default()
            },
        )?;
        sandbox.launch(page.as_deref())?;
        Ok(sandbox)
    });
    let handle = match handle {
        Ok(h) => h,
        Err(e) => {
            eprintln!("{}", describe(&args.app_dir, &e));
            return ExitCode::from(2);
        }
    };
    let budget = RunBudget {
        until: args.until,
        ..RunBudget::default()
    };
    let report = match handle.run(budget) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("wxbox: {e}");
            return ExitCode::from(2);
        }
    };
    let mut out = std::io::stdout().lock();
    for event in &report.events {
        let line = match args.format {
            Format::Text => format_text_line(event),
            Format::Json => serde_json::to_string(event).unwrap_or_default(),
        };
        // A closed pipe (`| head`) is not an error.
        if writeln!(out, "{line}").is_err() {
            break;
        }
    }
    let _ = out.flush();
    if report.uncaught > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn main() -> ExitCode {
    // Trace events also go to `tracing`; show them only when asked (WXBOX_LOG=debug).
    if let Ok(filter) = tracing_subscriber::EnvFilter::try_from_env("WXBOX_LOG") {
        tracing_subscriber::fmt()
            .with_env_filter(filter)
            .with_writer(std::io::stderr)
            .init();
    }
    match Cli::parse().command {
        Command::Run(args) => run(args),
    }
}
