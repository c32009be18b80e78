//! `wxbox init [DIR]`: a small mini-program that runs clean at once and shows the parts a
//! newcomer needs next: a login through a mock backend on the fake interface service, a popup
//! the scripted user answers, a `wxbox.toml` listing every decision, and a test file.
//!
//! The files are the ones in `crates/cli/templates/init/`, built into the binary; `tests/cli.rs`
//! runs and tests a fresh copy, so a template that stops working fails the suite.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// `wxbox init`'s flags.
#[derive(clap::Args)]
pub struct InitArgs {
    /// Where to create the app (default: the current directory). It must be empty or absent.
    #[arg(default_value = ".")]
    dir: PathBuf,
}

/// The scaffold: (path inside the app, contents).
const FILES: &[(&str, &str)] = &[
    ("app.json", include_str!("../templates/init/app.json")),
    ("app.js", include_str!("../templates/init/app.js")),
    (
        "pages/index/index.json",
        include_str!("../templates/init/pages/index/index.json"),
    ),
    (
        "pages/index/index.wxml",
        include_str!("../templates/init/pages/index/index.wxml"),
    ),
    (
        "pages/index/index.wxss",
        include_str!("../templates/init/pages/index/index.wxss"),
    ),
    (
        "pages/index/index.js",
        include_str!("../templates/init/pages/index/index.js"),
    ),
    (
        "backend/server.js",
        include_str!("../templates/init/backend/server.js"),
    ),
    (
        "tests/index.test.js",
        include_str!("../templates/init/tests/index.test.js"),
    ),
    ("wxbox.toml", include_str!("../templates/init/wxbox.toml")),
];

/// Writes the scaffold into `args.dir`.
pub fn init(args: &InitArgs) -> ExitCode {
    match write(&args.dir) {
        Ok(()) => {
            let shown = args.dir.display();
            println!("created a mini-program in {shown}:");
            for (path, _) in FILES {
                println!("  {path}");
            }
            println!(
                "\nnext:\n  wxbox run {shown}                  # launch it and print the trace\n  \
                 wxbox run {shown} --tap '#profile' # tap the button as the scripted user\n  \
                 wxbox test {shown}                 # run tests/index.test.js\n\
                 wxbox.toml lists every decision the scripted user makes, with its default."
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("wxbox init: {e}");
            ExitCode::from(crate::run::status::NO_START)
        }
    }
}

fn write(dir: &Path) -> Result<(), String> {
    match std::fs::read_dir(dir) {
        Ok(mut entries) => {
            if entries.next().is_some() {
                return Err(format!(
                    "{} is not empty; give a new folder (`wxbox init myapp`)",
                    dir.display()
                ));
            }
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(format!("{}: {e}", dir.display())),
    }
    for (path, text) in FILES {
        let to = dir.join(path);
        if let Some(parent) = to.parent() {
            std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
        }
        std::fs::write(&to, text).map_err(|e| format!("{}: {e}", to.display()))?;
    }
    Ok(())
}
