//! What the sandbox integration tests share: small apps written to a fresh directory, a sandbox
//! opened on a page and run until idle, and the trace read back as events, console lines and
//! errors. Each test file uses a part of it.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use wxbox_app::{Event, Profile, RunBudget, RunEnd, Sandbox, SandboxOptions};

/// An app in a fresh temporary directory from (path, text) pairs; `app.json` (one page,
/// `pages/index/index`) and `app.js` (`App({})`) are added when the files do not give them.
pub fn temp_app(tag: &str, files: &[(&str, &str)]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("wxbox-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let defaults = [
        ("app.json", r#"{"pages":["pages/index/index"]}"#),
        ("app.js", "App({})"),
    ];
    let missing = defaults
        .iter()
        .filter(|(d, _)| !files.iter().any(|(p, _)| p == d));
    for (path, text) in files.iter().chain(missing) {
        let p = dir.join(path);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).expect("dir");
        }
        std::fs::write(p, text).expect("write");
    }
    dir
}

/// A sandbox on `dir` (its own `wxbox.toml`, if any) launched at `page` and run until idle.
pub fn open(dir: &Path, page: &str) -> Sandbox {
    open_with(dir, page, |_| {})
}

/// [`open`] with the profile changed by `edit` first (a decision, a seed).
pub fn open_with(dir: &Path, page: &str, edit: impl FnOnce(&mut Profile)) -> Sandbox {
    let mut profile = wxbox_app::load_profile(dir, None).expect("profile");
    edit(&mut profile);
    let mut sandbox = Sandbox::open(
        dir,
        SandboxOptions {
            profile,
            ..SandboxOptions::default()
        },
    )
    .expect("opens");
    sandbox.launch(Some(page)).expect("launches");
    assert_eq!(sandbox.run(RunBudget::default()), RunEnd::Idle);
    sandbox
}

/// Every event so far.
pub fn events(sandbox: &Sandbox) -> Vec<Event> {
    sandbox
        .trace()
        .events()
        .into_iter()
        .map(|e| e.event)
        .collect()
}

/// The app's `console` lines (not the mock backends'), in order.
pub fn console(sandbox: &Sandbox) -> Vec<String> {
    events(sandbox)
        .into_iter()
        .filter_map(|e| match e {
            Event::Console {
                text, party: None, ..
            } => Some(text),
            _ => None,
        })
        .collect()
}

/// The messages of the `error` events.
pub fn errors(sandbox: &Sandbox) -> Vec<String> {
    events(sandbox)
        .into_iter()
        .filter_map(|e| match e {
            Event::Error { message, .. } => Some(message),
            _ => None,
        })
        .collect()
}

/// Fails with every error event when there is any.
pub fn no_errors(sandbox: &Sandbox) {
    let errors: Vec<Event> = events(sandbox)
        .into_iter()
        .filter(|e| matches!(e, Event::Error { .. }))
        .collect();
    assert!(errors.is_empty(), "errors: {errors:?}");
}
