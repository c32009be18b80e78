//! `wxbox`: run mini-programs headlessly. A thin layer: parse flags, build a sandbox, print.
//!
//! Exit status: 0 when the run ended cleanly (idle, at `--until`, or at the horizon when only
//! intervals were left), 1 when the app raised uncaught errors (or hit a limit), 2 when it could
//! not start (bad config, syntax error, no `App()`).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

/// mimalloc rather than the system allocator: the engine makes and frees small objects one at a
/// time (opening a sandbox is thousands of them, and collecting the previous one frees as many),
/// and glibc's malloc and free were a quarter of the instructions of a `wxbox test` run
/// (callgrind, `benches/test-runner`). The library crates leave the choice to their embedder.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
use wxbox_app::{
    load_profile, Action, ClockMode, EngineConfig, LaunchError, RunBudget, Sandbox, SandboxHandle,
    SandboxOptions,
};
use wxbox_engine::trace::format_text_line;

mod api;
mod serve;
mod test;

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
    /// Launch a mini-program, play the same actions as `run`, and print the top page as
    /// rendered (indented WXML).
    Render(RunArgs),
    /// List the wx API surface: every method, its parameters, and how far wxbox implements it.
    Api(ApiArgs),
    /// Run the fake WeChat interface service (code2Session, tokens, phone numbers,
    /// subscription messages) on loopback, for a backend under test.
    Serve(serve::ServeArgs),
    /// Run behaviour tests (`*.test.js`, `*.spec.js`) written with jest's globals and the
    /// miniprogram-automator API, each file in a worker process of its own.
    Test(test::TestCliArgs),
    /// A `wxbox test` worker (started by `wxbox test` itself).
    #[command(name = "__test-worker", hide = true)]
    TestWorker,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ApiFormat {
    /// A Markdown table per category.
    Md,
    /// One JSON document (source, methods with parameters and tier, components).
    Json,
}

#[derive(clap::Args)]
struct ApiArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = ApiFormat::Md)]
    format: ApiFormat,
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
    /// The mini-program: the folder holding app.json, or a DevTools project folder (with
    /// project.config.json, whose miniprogramRoot names the app folder).
    app_dir: PathBuf,
    /// Open this page instead of the entry page: `pages/x/x?key=value`.
    #[arg(long)]
    page: Option<String>,
    /// Stop at this sandbox time (milliseconds) instead of when the app goes idle.
    #[arg(long, value_name = "MS")]
    until: Option<u64>,
    /// When only intervals remain, stop this many sandbox milliseconds after the last other
    /// work (the run then ends `horizon`, exit 0). Ignored with `--until`.
    #[arg(long, value_name = "MS", default_value_t = wxbox_engine::DEFAULT_HORIZON_MS)]
    horizon: u64,
    /// Keep at most this many trace events; the rest is counted in one `dropped` event.
    #[arg(long, value_name = "N", default_value_t = wxbox_engine::trace::DEFAULT_LIMIT)]
    trace_limit: usize,
    /// Let `wx.request` reach any origin, http:// included, as DevTools' "do not verify domain
    /// names" (`setting.urlCheck: false`) does: the profile's `[request] url_check = false`.
    #[arg(long)]
    no_url_check: bool,
    /// Treat what WeChat tolerates as errors, as a linter would: unknown `wx:` attributes, a
    /// missing `<import>`, loop attributes without `wx:for`, an event no built-in component emits.
    #[arg(long)]
    strict: bool,
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
    /// The simulated superapp's profile (default: wxbox.toml in the app directory, if any).
    #[arg(long, value_name = "FILE")]
    profile: Option<PathBuf>,
    /// After launch, call this method of the top page as a user tap handler (repeatable, in
    /// order; each runs until idle).
    #[arg(long = "call", value_name = "METHOD")]
    calls: Vec<String>,
    /// After launch, tap the first element matching this selector as a user would (repeatable;
    /// `--tap`, `--input` and `--call` play in the order given, each until idle). Selectors:
    /// tag, #id, .class, [attr], [attr=value], descendant and `>` child.
    #[arg(long = "tap", value_name = "SELECTOR")]
    taps: Vec<String>,
    /// Type text into the first input or textarea matching the selector: `SELECTOR=TEXT`
    /// (repeatable, in order with `--tap` and `--call`).
    #[arg(long = "input", value_name = "SELECTOR=TEXT")]
    inputs: Vec<String>,
}

/// `--call`, `--tap` and `--input` in the order they were given.
fn actions(args: &RunArgs, matches: Option<&clap::ArgMatches>) -> Result<Vec<Action>, String> {
    let mut out: Vec<(usize, Action)> = Vec::new();
    let index = |id: &str, n: usize| -> Vec<usize> {
        matches
            .and_then(|m| m.indices_of(id))
            .map_or_else(|| (0..n).collect(), Iterator::collect)
    };
    for (i, m) in index("calls", args.calls.len())
        .into_iter()
        .zip(&args.calls)
    {
        out.push((i, Action::Call(m.clone())));
    }
    for (i, t) in index("taps", args.taps.len()).into_iter().zip(&args.taps) {
        out.push((i, Action::Tap(t.clone())));
    }
    for (i, spec) in index("inputs", args.inputs.len())
        .into_iter()
        .zip(&args.inputs)
    {
        // The selector may hold `=` inside `[...]` (`[name=x]=text`): split at the first `=`
        // outside brackets, so the text may hold `=` too.
        let split = spec
            .char_indices()
            .filter(|(k, c)| {
                *c == '=' && spec[..*k].matches('[').count() == spec[..*k].matches(']').count()
            })
            .map(|(k, _)| k)
            .next()
            .ok_or_else(|| format!("--input {spec}: expected SELECTOR=TEXT"))?;
        out.push((
            i,
            Action::Input {
                selector: spec[..split].to_string(),
                value: spec[split + 1..].to_string(),
            },
        ));
    }
    out.sort_by_key(|(i, _)| *i);
    Ok(out.into_iter().map(|(_, a)| a).collect())
}

fn describe(dir: &Path, e: &LaunchError) -> String {
    // Files are named inside the app folder, which a project folder names in miniprogramRoot.
    let app_dir =
        wxbox_app::project::Project::locate(dir).map_or_else(|_| dir.to_path_buf(), |p| p.app_dir);
    let prefix = |file: &str| app_dir.join(file).display().to_string();
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
        LaunchError::Profile(p) => format!("{}: {}", p.file, p.message),
        other => format!("wxbox: {}: {other}", dir.display()),
    }
}

fn run(args: RunArgs, matches: Option<&clap::ArgMatches>, render: bool) -> ExitCode {
    let actions = match actions(&args, matches) {
        Ok(a) => a,
        Err(e) => {
            eprintln!("wxbox: {e}");
            return ExitCode::from(2);
        }
    };
    let engine = EngineConfig {
        clock: if args.real_time {
            ClockMode::Real
        } else {
            ClockMode::Virtual
        },
        tz_offset_minutes: args.tz_offset,
        trace_limit: args.trace_limit,
        ..EngineConfig::default()
    };
    let no_url_check = args.no_url_check;
    let strict = args.strict;
    let dir = args.app_dir.clone();
    let page = args.page.clone();
    let profile = args.profile.clone();
    let handle = SandboxHandle::spawn(move || {
        let mut profile = load_profile(&dir, profile.as_deref())?;
        if no_url_check {
            profile.request.without_url_check();
        }
        let mut sandbox = Sandbox::open(
            &dir,
            SandboxOptions {
                engine,
                profile,
                strict,
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
        horizon: Some(args.horizon),
        ..RunBudget::default()
    };
    let mut events = Vec::new();
    let mut uncaught = 0;
    for action in std::iter::once(None).chain(actions.into_iter().map(Some)) {
        if let Some(action) = action {
            let flag = match &action {
                Action::Call(m) => format!("--call {m}"),
                Action::Tap(s) => format!("--tap {s}"),
                Action::Input { selector, value } => format!("--input {selector}={value}"),
            };
            match handle.act(action) {
                Ok(Ok(())) => {}
                Ok(Err(why)) => {
                    eprintln!("wxbox: {flag}: {why}");
                    return ExitCode::from(2);
                }
                Err(e) => {
                    eprintln!("wxbox: {e}");
                    return ExitCode::from(2);
                }
            }
        }
        match handle.run(budget) {
            Ok(r) => {
                events.extend(r.events);
                uncaught = r.uncaught;
            }
            Err(e) => {
                eprintln!("wxbox: {e}");
                return ExitCode::from(2);
            }
        }
    }
    let mut out = std::io::stdout().lock();
    if render {
        match handle.wxml() {
            Ok(Some(text)) => {
                let _ = write!(out, "{text}");
            }
            Ok(None) => {
                eprintln!("wxbox: the top page has no WXML to render");
                return ExitCode::from(2);
            }
            Err(e) => {
                eprintln!("wxbox: {e}");
                return ExitCode::from(2);
            }
        }
        let _ = out.flush();
        return if uncaught > 0 {
            ExitCode::from(1)
        } else {
            ExitCode::SUCCESS
        };
    }
    for event in &events {
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
    if uncaught > 0 {
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
    let matches = <Cli as clap::CommandFactory>::command().get_matches();
    let cli = match <Cli as clap::FromArgMatches>::from_arg_matches(&matches) {
        Ok(c) => c,
        Err(e) => e.exit(),
    };
    let sub = matches.subcommand().map(|(_, m)| m);
    match cli.command {
        Command::Run(args) => run(args, sub, false),
        Command::Render(args) => run(args, sub, true),
        Command::Api(args) => api::print(args.format == ApiFormat::Json),
        Command::Serve(args) => serve::serve(&args),
        Command::Test(args) => test::run(&args),
        Command::TestWorker => {
            ExitCode::from(u8::try_from(wxbox_test::serve_worker()).unwrap_or(2))
        }
    }
}
