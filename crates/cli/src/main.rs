//! `wxbox`: run mini-programs headlessly. A thin layer: parse flags, build a sandbox, print.
//!
//! Exit status (README lists them): 0 when the run ended cleanly (idle, at `--until`, or at
//! the horizon when only intervals were left), 1 when the app raised uncaught errors (or hit a
//! limit, or the trace could not be written), 2 when it could not start (bad flags or config, a
//! syntax error, no `App()`), 3 when a `--tap`, `--input` or `--call` could not be played.

use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

/// mimalloc rather than the system allocator: the engine makes and frees small objects one at a
/// time (opening a sandbox is thousands of them, and collecting the previous one frees as many),
/// and glibc's malloc and free were a quarter of the instructions of a `wxbox test` run
/// (callgrind, `benches/test-runner`). The library crates leave the choice to their embedder.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod api;
mod conformance;
mod init;
mod print;
mod run;
mod serve;
mod test;
mod watch;

#[derive(Parser)]
#[command(
    name = "wxbox",
    about = "A headless sandbox for WeChat-style mini-programs"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Launch a mini-program, run it until idle, and print its trace.
    Run(run::RunArgs),
    /// Launch a mini-program, play the same actions as `run`, and print the top page as
    /// rendered (indented WXML, or JSON with `--format json`).
    Render(run::RunArgs),
    /// Create a small working mini-program: pages, a wxbox.toml showing every decision, a mock
    /// backend on the fake WeChat interface service, and a test file.
    Init(init::InitArgs),
    /// List the wx API surface: every method, its parameters, and how far wxbox implements it.
    Api(ApiArgs),
    /// Run the fake WeChat interface service (code2Session, tokens, phone numbers,
    /// subscription messages) on loopback, for a backend under test.
    Serve(serve::ServeArgs),
    /// Run behaviour tests (`*.test.js`, `*.spec.js`) written with jest's globals and the
    /// miniprogram-automator API, each file in a worker process of its own.
    Test(test::TestCliArgs),
    /// Run the wx conformance suite (generated from the API table, plus behavioural cases for
    /// the deep families) against the built-in superapp and print what passed and failed.
    Conformance(conformance::ConformanceArgs),
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

/// `wxbox 0.1.0 (wx table: miniprogram-api-typings 5.2.3)`: the table says which base library's
/// surface this build implements, which matters as much as wxbox's own version.
fn version() -> String {
    let own = env!("CARGO_PKG_VERSION");
    match wxbox_wx::surface::Source::of_table() {
        Some(s) => format!("{own} (wx table: {} {})", s.package, s.version),
        None => own.to_string(),
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
    let matches = <Cli as clap::CommandFactory>::command()
        .version(version())
        .get_matches();
    let cli = match <Cli as clap::FromArgMatches>::from_arg_matches(&matches) {
        Ok(c) => c,
        Err(e) => e.exit(),
    };
    let sub = matches.subcommand().map(|(_, m)| m);
    match cli.command {
        Command::Run(args) => run::run(&args, sub, false),
        Command::Render(args) => run::run(&args, sub, true),
        Command::Init(args) => init::init(&args),
        Command::Conformance(args) => conformance::run(&args),
        Command::Api(args) => api::print(args.format == ApiFormat::Json),
        Command::Serve(args) => serve::serve(&args),
        Command::Test(args) => test::run(&args),
        Command::TestWorker => {
            ExitCode::from(u8::try_from(wxbox_test::serve_worker()).unwrap_or(2))
        }
    }
}
