//! `wxbox conformance`: the suite against the built-in superapp, as a table.

use std::io::Write;
use std::process::ExitCode;

use clap::ValueEnum;
use wxbox_conformance::{report, run, Status, Target};

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// The headline and every failure (`--all` adds the per-method table).
    Text,
    /// Every outcome, the per-method table and the totals.
    Json,
    /// The published report (`docs/conformance.md`).
    Md,
}

#[derive(clap::Args)]
pub struct ConformanceArgs {
    /// Only this family: a docs section (`open-api`, `storage`, `ui`, ...) or a method name.
    #[arg(long)]
    family: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Text: list every method, not only the failures.
    #[arg(long)]
    all: bool,
}

/// Exit 0 when every case passed or does not apply, 1 when any failed, 2 when the suite could
/// not be built.
pub fn run(args: &ConformanceArgs) -> ExitCode {
    let cases = match wxbox_conformance::suite(args.family.as_deref()) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("wxbox conformance: {e}");
            return ExitCode::from(2);
        }
    };
    if cases.is_empty() {
        eprintln!(
            "wxbox conformance: no case in family {:?} (families are docs sections such as open-api, storage, ui, or a method name)",
            args.family.as_deref().unwrap_or("")
        );
        return ExitCode::from(2);
    }
    let outcomes = run::run(&cases, &Target::default());
    let host = "the built-in superapp";
    let text = match args.format {
        Format::Text => report::text(&outcomes, host, args.all),
        Format::Json => report::json(&outcomes, host) + "\n",
        Format::Md => report::markdown(&outcomes, host),
    };
    if std::io::stdout().lock().write_all(text.as_bytes()).is_err() {
        eprintln!("wxbox conformance: could not write the report");
        return ExitCode::from(1);
    }
    if outcomes.iter().any(|o| o.status == Status::Fail) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
