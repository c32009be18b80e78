//! `wxbox run --watch`: run, then run again whenever a file of the app or its profile changes
//! (the IDE's habit of recompiling on save). Events are gathered for a moment after the first
//! one, so an editor's save (write, rename, chmod) or a `git checkout` gives one run, not ten.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use crossbeam_channel::{unbounded, Receiver, RecvTimeoutError};
use notify::{RecursiveMode, Watcher};

use crate::run::RunArgs;

/// How long after a change to wait for the rest of it before running.
const SETTLE: Duration = Duration::from_millis(150);

/// Runs `once` now and after every change, until the process is stopped (or the watch fails).
pub fn watch(args: &RunArgs, once: impl Fn(&RunArgs) -> u8) -> ExitCode {
    let (tx, rx) = unbounded();
    let mut watcher = match notify::recommended_watcher(move |e| {
        let _ = tx.send(e);
    }) {
        Ok(w) => w,
        Err(e) => {
            eprintln!("wxbox: --watch: cannot watch files: {e}");
            return ExitCode::from(crate::run::status::NO_START);
        }
    };
    let mut roots = vec![args.app_dir.clone()];
    roots.extend(args.profile.clone());
    for root in &roots {
        if let Err(e) = watcher.watch(root, RecursiveMode::Recursive) {
            eprintln!("wxbox: --watch: cannot watch {}: {e}", root.display());
            return ExitCode::from(crate::run::status::NO_START);
        }
    }
    loop {
        let status = once(args);
        eprintln!(
            "wxbox: exit status {status}; watching {} for changes (Ctrl-C to stop)",
            roots
                .iter()
                .map(|r| r.display().to_string())
                .collect::<Vec<_>>()
                .join(" and ")
        );
        match next_change(&rx) {
            Some(paths) => {
                let shown: Vec<String> = paths.iter().take(3).map(|p| shorten(p)).collect();
                let more = paths.len().saturating_sub(3);
                eprintln!(
                    "\nwxbox: changed: {}{}",
                    shown.join(", "),
                    if more > 0 {
                        format!(" and {more} more")
                    } else {
                        String::new()
                    }
                );
            }
            None => {
                eprintln!("wxbox: --watch: the file watcher stopped");
                return ExitCode::from(crate::run::status::ERRORS);
            }
        }
    }
}

/// Waits for a change worth a run and returns the paths it touched; `None` when the watcher
/// is gone.
fn next_change(rx: &Receiver<notify::Result<notify::Event>>) -> Option<Vec<PathBuf>> {
    let mut paths = Vec::new();
    loop {
        let event = if paths.is_empty() {
            rx.recv().ok()?
        } else {
            match rx.recv_timeout(SETTLE) {
                Ok(e) => e,
                Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected) => {
                    return Some(paths)
                }
            }
        };
        let Ok(event) = event else { continue };
        // Reads (access events) change nothing; the run itself reads every file.
        if matches!(event.kind, notify::EventKind::Access(_)) {
            continue;
        }
        for p in event.paths {
            if relevant(&p) && !paths.contains(&p) {
                paths.push(p);
            }
        }
    }
}

/// Editor droppings and version-control internals do not change the app.
fn relevant(path: &Path) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let editor_temp = name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.starts_with(".#")
        || name == "4913";
    let vcs = path
        .components()
        .any(|c| matches!(c.as_os_str().to_str(), Some(".git" | ".hg" | ".svn")));
    !editor_temp && !vcs
}

fn shorten(p: &Path) -> String {
    std::env::current_dir()
        .ok()
        .and_then(|cwd| p.strip_prefix(cwd).ok().map(Path::to_path_buf))
        .unwrap_or_else(|| p.to_path_buf())
        .display()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editor_temporaries_and_vcs_are_not_changes() {
        assert!(relevant(Path::new("app/pages/index/index.js")));
        assert!(!relevant(Path::new("app/pages/index/.index.js.swp")));
        assert!(!relevant(Path::new("app/pages/index/index.js~")));
        assert!(!relevant(Path::new("app/.git/index")));
    }
}
