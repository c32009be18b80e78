//! The suite: generated cases for every method of the table, plus the hand-written behavioural
//! cases in `crates/conformance/cases/*.js` (compiled into the binary, so an installed `wxbox`
//! carries its suite).
//!
//! A case file calls `kase(id, meta, async (h) => { ... })` once per case; `meta` is
//! `{method, source, profile?}`: the method it judges, where its expectation comes from (a
//! fact-sheet section or a docs page), and the profile its scenario needs (the scripted user's
//! decisions, limits), as the JSON form of `wxbox.toml`.

use serde::Deserialize;
use serde_json::Value;

/// What a case checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// The call contract: callbacks, the Promise rule, errMsg.
    Contract,
    /// Parameter validation.
    Validation,
    /// The result's fields and types.
    Result,
    /// A hand-written behavioural case (permissions, gestures, privacy, codes, payment).
    Behaviour,
}

/// One case.
#[derive(Debug, Clone)]
pub struct Case {
    /// `method.what` for generated cases, the file's id for hand-written ones.
    pub id: String,
    /// The method judged.
    pub method: String,
    /// Its family (docs section).
    pub family: String,
    /// What it checks.
    pub kind: Kind,
    /// Where the expectation comes from.
    pub source: String,
    /// The profile the case needs (JSON form of `wxbox.toml`); the default profile when `None`.
    pub profile: Option<Value>,
    /// The case's JS: the body of `async (h) => { ... }` for generated cases; for hand-written
    /// ones, the case file's name (the runner loads the file and picks the case by id).
    pub body: String,
}

/// The hand-written case files, by name.
pub const FILES: &[(&str, &str)] = &[
    ("auth.js", include_str!("../cases/auth.js")),
    ("settings.js", include_str!("../cases/settings.js")),
    ("subscribe.js", include_str!("../cases/subscribe.js")),
    ("payment.js", include_str!("../cases/payment.js")),
    ("privacy.js", include_str!("../cases/privacy.js")),
    ("gesture.js", include_str!("../cases/gesture.js")),
];

/// Arguments that let a method succeed where generated samples would not (a real URL, a key
/// that exists): `crates/conformance/args.json`.
const ARGS: &str = include_str!("../args.json");

/// What a method's result case needs (`args.json`).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Needs {
    /// The option object (async) or the positional arguments (sync).
    #[serde(default)]
    pub args: Option<Value>,
    /// JS run before the call.
    #[serde(default)]
    pub before: Option<String>,
    /// The scenario's profile.
    #[serde(default)]
    pub profile: Option<Value>,
    /// Fields WeChat leaves out here, with the source that says so.
    #[serde(default)]
    pub absent: serde_json::Map<String, Value>,
    /// Why a generated result case cannot judge any host.
    #[serde(default)]
    pub na: Option<String>,
}

#[derive(Deserialize)]
struct ArgsFile {
    methods: std::collections::BTreeMap<String, Needs>,
}

/// `args.json`, parsed once.
///
/// # Errors
/// The file does not parse (a build bug: a test loads it).
pub fn needs() -> Result<&'static std::collections::BTreeMap<String, Needs>, String> {
    static PARSED: std::sync::OnceLock<Result<std::collections::BTreeMap<String, Needs>, String>> =
        std::sync::OnceLock::new();
    PARSED
        .get_or_init(|| {
            serde_json::from_str::<ArgsFile>(ARGS)
                .map(|f| f.methods)
                .map_err(|e| format!("crates/conformance/args.json: {e}"))
        })
        .as_ref()
        .map_err(Clone::clone)
}

/// What `method`'s result case needs; nothing special when `args.json` does not list it.
#[must_use]
pub fn needs_of(method: &str) -> Needs {
    needs()
        .ok()
        .and_then(|n| n.get(method).cloned())
        .unwrap_or_default()
}

/// A hand-written case as its file declares it.
#[derive(Debug, Clone, Deserialize)]
pub struct Declared {
    /// The case id.
    pub id: String,
    /// The method judged.
    pub method: String,
    /// Where the expectation comes from.
    pub source: String,
    /// The profile the scenario needs.
    #[serde(default)]
    pub profile: Option<Value>,
}
