//! `wxbox run` and `wxbox render`: build a sandbox on its thread, play the scripted steps, print
//! the trace as it comes, and say how the run ended.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::ValueEnum;
use wxbox_app::{
    load_profile, Action, ClockMode, EngineConfig, LaunchError, RunBudget, Sandbox, SandboxHandle,
    SandboxOptions,
};
use wxbox_engine::trace::EndSummary;

use crate::print::{self, Printer, Style};

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Aligned lines for people.
    Text,
    /// One JSON object per line (`t`, `kind`, ...).
    Json,
}

#[derive(clap::Args)]
pub struct RunArgs {
    /// The mini-program: the folder holding app.json, or a DevTools project folder (with
    /// project.config.json, whose miniprogramRoot names the app folder).
    pub app_dir: PathBuf,
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
    /// Output format (for `render`: the tree as indented WXML, or as JSON).
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Text lines in full: without it each line is cut to the terminal's width (160 columns
    /// when the output is not a terminal).
    #[arg(long)]
    wide: bool,
    /// Run again whenever a file of the app (or the profile) changes, as the IDE does.
    #[arg(long)]
    watch: bool,
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
    pub profile: Option<PathBuf>,
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

/// What went wrong before or during the run, and the exit status it gets.
enum Failure {
    /// The app could not start, or a flag is malformed: 2.
    Start(String),
    /// A scripted step (`--tap`, `--input`, `--call`) could not be played: 3.
    Step {
        flag: String,
        why: String,
        /// What could have been acted on instead, as printed lines.
        hint: Vec<String>,
    },
    /// The trace could not be written: 1.
    Output(std::io::Error),
}

/// Exit statuses, as README lists them.
pub mod status {
    /// The app raised uncaught errors, hit a limit, or the trace could not be written.
    pub const ERRORS: u8 = 1;
    /// It could not start: bad flags, config, a syntax error, no `App()`.
    pub const NO_START: u8 = 2;
    /// A `--tap`, `--input` or `--call` could not be played.
    pub const STEP: u8 = 3;
}

/// `wxbox run` / `wxbox render`, once or (`--watch`) every time the app changes.
pub fn run(args: &RunArgs, matches: Option<&clap::ArgMatches>, render: bool) -> ExitCode {
    if args.watch {
        return crate::watch::watch(args, |args| run_once(args, matches, render));
    }
    ExitCode::from(run_once(args, matches, render))
}

fn run_once(args: &RunArgs, matches: Option<&clap::ArgMatches>, render: bool) -> u8 {
    match play(args, matches, render) {
        Ok(0) => 0,
        Ok(_) => status::ERRORS,
        Err(Failure::Start(why)) => {
            eprintln!("{why}");
            status::NO_START
        }
        Err(Failure::Step { flag, why, hint }) => {
            eprintln!("wxbox: {flag}: {why}");
            for line in hint {
                eprintln!("{line}");
            }
            status::STEP
        }
        Err(Failure::Output(e)) => {
            if e.kind() != std::io::ErrorKind::BrokenPipe {
                eprintln!("wxbox: cannot write the trace: {e}");
            }
            status::ERRORS
        }
    }
}

/// Plays the run and prints it; the uncaught error count on success.
fn play(
    args: &RunArgs,
    matches: Option<&clap::ArgMatches>,
    render: bool,
) -> Result<usize, Failure> {
    let actions = actions(args, matches).map_err(|e| Failure::Start(format!("wxbox: {e}")))?;
    let handle = open(args).map_err(|e| Failure::Start(describe(&args.app_dir, &e)))?;
    let gone = |e: wxbox_app::thread::ThreadGone| Failure::Start(format!("wxbox: {e}"));
    let budget = RunBudget {
        until: args.until,
        horizon: Some(args.horizon),
        ..RunBudget::default()
    };
    let style = match args.format {
        // `render` prints the tree, not the trace.
        _ if render => None,
        Format::Json => Some(Style::Json),
        Format::Text => Some(Style::Text {
            width: print::text_width(args.wide),
        }),
    };
    let mut printer = style.map(|s| Printer::new(std::io::stdout().lock(), s));
    let mut uncaught = 0;
    let mut failed = None;
    for action in std::iter::once(None).chain(actions.into_iter().map(Some)) {
        if let Some(action) = action {
            if let Err(why) = handle.act(action.clone()).map_err(gone)? {
                failed = Some((action, why));
                break;
            }
        }
        let report = handle.run(budget).map_err(gone)?;
        uncaught = report.uncaught;
        if let Some(p) = &mut printer {
            p.segment(report.events).map_err(Failure::Output)?;
        }
    }
    if let Some(p) = &mut printer {
        let s = handle.summary().map_err(gone)?;
        p.finish(Some(EndSummary {
            errors: s.errors,
            stack: s.stack,
            data: s.data,
            storage: s.storage,
        }))
        .map_err(Failure::Output)?;
    }
    if let Some((action, why)) = failed {
        return Err(step_failure(&handle, &action, why));
    }
    if render {
        print_tree(&handle, args.format)?;
    }
    Ok(uncaught)
}

fn open(args: &RunArgs) -> Result<SandboxHandle, LaunchError> {
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
    SandboxHandle::spawn(move || {
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
    })
}

/// The failure of a scripted step, with what the page offers instead.
fn step_failure(handle: &SandboxHandle, action: &Action, why: String) -> Failure {
    let (flag, typing) = match action {
        Action::Call(m) => (format!("--call {m}"), None),
        Action::Tap(s) => (format!("--tap {s}"), Some(false)),
        Action::Input { selector, value } => (format!("--input {selector}={value}"), Some(true)),
    };
    let mut hint = Vec::new();
    let page = handle
        .summary()
        .ok()
        .and_then(|s| s.stack.last().cloned())
        .unwrap_or_else(|| "the page".into());
    if typing.is_none() {
        let methods = handle.page_methods().unwrap_or_default();
        if !methods.is_empty() {
            hint.push(format!(
                "methods of {page} for --call: {}",
                methods.join(", ")
            ));
        }
    }
    if let Some(typing) = typing {
        let targets = handle.targets(typing).unwrap_or_default();
        let (verb, flag) = if typing {
            ("typed into", "--input SELECTOR=TEXT")
        } else {
            ("tapped", "--tap")
        };
        if targets.is_empty() {
            hint.push(format!("nothing on {page} can be {verb}"));
        } else {
            hint.push(format!(
                "what can be {verb} on {page} (selectors for {flag}):"
            ));
            let w = targets
                .iter()
                .map(|t| print::columns(&t.selector))
                .max()
                .unwrap_or(0);
            for t in targets {
                let pad = " ".repeat(w.saturating_sub(print::columns(&t.selector)));
                let text = if t.text.is_empty() {
                    String::new()
                } else {
                    format!("  {:?}", t.text)
                };
                hint.push(format!("  {}{pad}  {}{text}", t.selector, t.does));
            }
        }
    }
    Failure::Step { flag, why, hint }
}

fn print_tree(handle: &SandboxHandle, format: Format) -> Result<(), Failure> {
    let gone = |e: wxbox_app::thread::ThreadGone| Failure::Start(format!("wxbox: {e}"));
    let none = || Failure::Start("wxbox: the top page has no WXML to render".into());
    let text = match format {
        Format::Text => handle.wxml().map_err(gone)?.ok_or_else(none)?,
        Format::Json => {
            let tree = handle.tree_json().map_err(gone)?.ok_or_else(none)?;
            let mut t = serde_json::to_string_pretty(&tree).unwrap_or_default();
            t.push('\n');
            t
        }
    };
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .map_err(Failure::Output)
}
