//! Running cases: each in a mini-program of its own, held in memory, opened in a sandbox over
//! the hosts under test. Generated cases of one method share a sandbox (they leave no state a
//! later one reads); a hand-written case gets a fresh one with its own profile. Every case is
//! started by a tap of the page's `run` method and played out on the virtual clock.

use std::collections::HashMap;

use serde::Serialize;
use serde_json::Value;
use wxbox_app::{HostsBuilder, Sandbox, SandboxOptions};
use wxbox_engine::modules::MemorySource;
use wxbox_engine::RunBudget;
use wxbox_superapp::Profile;

use crate::suite::{Case, Declared, Kind, FILES};

const HARNESS: &str = include_str!("harness.js");

/// How a case ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Every check held.
    Pass,
    /// A check failed; the reasons say which.
    Fail,
    /// The case does not apply to this host (it says why).
    Na,
}

/// One case's outcome.
#[derive(Debug, Clone, Serialize)]
pub struct Outcome {
    /// The case id.
    pub id: String,
    /// The method judged.
    pub method: String,
    /// Its family.
    pub family: String,
    /// What the case checks.
    pub kind: Kind,
    /// Where its expectation comes from.
    pub source: String,
    /// How it ended.
    pub status: Status,
    /// Why it failed or does not apply.
    pub reasons: Vec<String>,
}

/// What the suite runs against.
#[derive(Clone, Default)]
pub struct Target {
    /// Hosts replacing the simulated superapp's families (an embedder's own, or an external
    /// host process); the built-in superapp when `None`.
    pub hosts: Option<HostsBuilder>,
}

fn files(page_js: String) -> MemorySource {
    let mut m = HashMap::new();
    // A second page and a tab page, for the routing methods' result cases.
    m.insert(
        "app.json".into(),
        r#"{"pages": ["pages/case/case", "pages/other/other", "pages/tab/tab"],
            "tabBar": {"list": [{"pagePath": "pages/case/case", "text": "case"},
                                {"pagePath": "pages/tab/tab", "text": "tab"}]}}"#
            .into(),
    );
    for page in ["other", "tab"] {
        m.insert(format!("pages/{page}/{page}.json"), "{}".into());
        m.insert(format!("pages/{page}/{page}.wxml"), "<view/>\n".into());
        m.insert(format!("pages/{page}/{page}.js"), "Page({});\n".into());
    }
    m.insert("app.js".into(), "App({});\n".into());
    m.insert("harness.js".into(), HARNESS.into());
    m.insert("pages/case/case.json".into(), "{}".into());
    m.insert(
        "pages/case/case.wxml".into(),
        "<view>conformance</view>\n".into(),
    );
    m.insert("pages/case/case.js".into(), page_js);
    for (name, text) in FILES {
        m.insert(format!("cases/{name}"), (*text).to_string());
    }
    MemorySource(m)
}

const PAGE_TAIL: &str = "Page({ run() { globalThis.__conformanceRun(); } });\n";

/// The page of a batch of generated cases.
fn generated_page(cases: &[&Case]) -> String {
    let mut js = String::from("require('../../harness.js');\nglobalThis.__conformanceCases = [\n");
    for c in cases {
        js.push_str("  async (h) => {\n    ");
        js.push_str(&c.body);
        js.push_str("\n  },\n");
    }
    js.push_str("];\n");
    js.push_str(PAGE_TAIL);
    js
}

/// The page of one hand-written case (`only` = its id), or of a file's discovery (`None`).
fn declared_page(file: &str, only: Option<&str>) -> String {
    format!(
        "require('../../harness.js');\n\
         const only = {};\n\
         globalThis.__conformanceCases = [];\n\
         globalThis.__conformanceDeclared = [];\n\
         globalThis.kase = function (id, meta, fn) {{\n  \
           globalThis.__conformanceDeclared.push(Object.assign({{ id: id }}, meta));\n  \
           if (id === only) globalThis.__conformanceCases.push(fn);\n\
         }};\n\
         require('../../cases/{file}');\n{PAGE_TAIL}",
        only.map_or_else(|| "null".to_string(), |s| Value::from(s).to_string()),
    )
}

/// A sandbox over `page_js`, launched and settled.
fn open(page_js: String, profile: Profile, target: &Target) -> Result<Sandbox, String> {
    let options = SandboxOptions {
        profile,
        hosts: target.hosts.clone(),
        ..SandboxOptions::default()
    };
    let mut sb =
        Sandbox::from_sources(Box::new(files(page_js)), options).map_err(|e| e.to_string())?;
    sb.launch(None).map_err(|e| e.to_string())?;
    sb.run(RunBudget::default());
    Ok(sb)
}

/// The hand-written cases every case file declares.
///
/// # Errors
/// A case file that does not load or declares a case wrongly (named).
pub fn declared() -> Result<Vec<Case>, String> {
    let mut out = Vec::new();
    for (file, _) in FILES {
        let mut sb = open(
            declared_page(file, None),
            Profile::default(),
            &Target::default(),
        )
        .map_err(|e| format!("cases/{file}: {e}"))?;
        if sb.uncaught_errors() > 0 {
            return Err(format!("cases/{file}: the file threw while loading"));
        }
        let v = sb
            .evaluate("() => globalThis.__conformanceDeclared", &[])
            .map_err(|e| format!("cases/{file}: {e}"))?;
        let list: Vec<Declared> =
            serde_json::from_value(v).map_err(|e| format!("cases/{file}: a kase() meta: {e}"))?;
        for d in list {
            let family = d.method.clone();
            out.push(Case {
                id: d.id,
                method: d.method,
                family,
                kind: Kind::Behaviour,
                source: d.source,
                profile: d.profile,
                body: (*file).to_string(),
            });
        }
    }
    Ok(out)
}

fn outcome(c: &Case, status: Status, reasons: Vec<String>) -> Outcome {
    Outcome {
        id: c.id.clone(),
        method: c.method.clone(),
        family: c.family.clone(),
        kind: c.kind,
        source: c.source.clone(),
        status,
        reasons,
    }
}

/// Plays `cases` (already open in `sb`, in order) one tap at a time and reads their outcomes.
fn play(sb: &mut Sandbox, cases: &[&Case]) -> Vec<Outcome> {
    for _ in cases {
        if let Err(e) = sb.tap_method("run") {
            return cases
                .iter()
                .map(|c| outcome(c, Status::Fail, vec![format!("could not start: {e}")]))
                .collect();
        }
        sb.run(RunBudget::default());
    }
    let results = sb
        .evaluate("() => globalThis.__conformance", &[])
        .unwrap_or(Value::Null);
    cases
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let r = results.get(i).filter(|r| !r.is_null());
            let Some(r) = r else {
                return outcome(
                    c,
                    Status::Fail,
                    vec!["never settled: no callback before the event loop went idle".into()],
                );
            };
            let status = match r.get("status").and_then(Value::as_str) {
                Some("pass") => Status::Pass,
                Some("na") => Status::Na,
                _ => Status::Fail,
            };
            let reasons = r
                .get("reasons")
                .and_then(Value::as_array)
                .map(|a| {
                    a.iter()
                        .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_string))
                        .collect()
                })
                .unwrap_or_default();
            outcome(c, status, reasons)
        })
        .collect()
}

/// Runs `cases` against `target`, in order.
#[must_use]
pub fn run(cases: &[Case], target: &Target) -> Vec<Outcome> {
    let mut out = Vec::with_capacity(cases.len());
    let mut i = 0;
    while i < cases.len() {
        let c = &cases[i];
        if c.kind == Kind::Behaviour {
            out.extend(run_declared(c, target));
            i += 1;
            continue;
        }
        let mut j = i;
        while j < cases.len() && cases[j].kind != Kind::Behaviour && cases[j].method == c.method {
            j += 1;
        }
        let batch: Vec<&Case> = cases[i..j].iter().collect();
        let profile = match batch.iter().find_map(|c| c.profile.as_ref()) {
            None => Ok(Profile::default()),
            Some(v) => serde_json::from_value::<Profile>(v.clone())
                .map_err(|e| format!("args.json {}: profile: {e}", c.method)),
        };
        match profile.and_then(|p| open(generated_page(&batch), p, target)) {
            Ok(mut sb) => out.extend(play(&mut sb, &batch)),
            Err(e) => out.extend(
                batch
                    .iter()
                    .map(|c| outcome(c, Status::Fail, vec![format!("the case app: {e}")])),
            ),
        }
        i = j;
    }
    out
}

fn run_declared(c: &Case, target: &Target) -> Vec<Outcome> {
    let profile = match &c.profile {
        None => Profile::default(),
        Some(v) => match serde_json::from_value::<Profile>(v.clone()) {
            Ok(p) => p,
            Err(e) => {
                return vec![outcome(
                    c,
                    Status::Fail,
                    vec![format!("cases/{}: profile: {e}", c.body)],
                )]
            }
        },
    };
    match open(declared_page(&c.body, Some(&c.id)), profile, target) {
        Ok(mut sb) => play(&mut sb, &[c]),
        Err(e) => vec![outcome(c, Status::Fail, vec![format!("the case app: {e}")])],
    }
}
