//! `wxbox api`: the wx surface as this build implements it, from the one table.

use std::io::Write;
use std::process::ExitCode;

use serde_json::{json, Value};
use wxbox_wx::spec::{Field, Ty};
use wxbox_wx::surface::surface;

fn types(f: &Field) -> String {
    let t: Vec<&str> = f.types.iter().map(|t| Ty::name(*t)).collect();
    let mut s = t.join("/");
    if !f.values.is_empty() {
        let v: Vec<String> = f
            .values
            .iter()
            .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_string))
            .collect();
        s = format!("{s} ({})", v.join(" | "));
    }
    s
}

fn params_md(fields: &[Field]) -> String {
    fields
        .iter()
        .map(|f| {
            let name = if f.required {
                format!("**{}**", f.name)
            } else {
                f.name.clone()
            };
            format!("{name}: {}", types(f))
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// Per tier: how many methods, and how many generated conformance cases judge them (a
/// hand-written case is counted in `wxbox conformance`'s own total).
fn coverage(methods: &[wxbox_wx::install::Method]) -> Vec<(&'static str, usize, usize)> {
    use wxbox_wx::install::Tier;
    [Tier::Deep, Tier::Simulated, Tier::Objects, Tier::Device]
        .into_iter()
        .map(|t| {
            let of: Vec<_> = methods.iter().filter(|m| m.tier == t).collect();
            let cases = of
                .iter()
                .map(|m| wxbox_conformance::generate::cases(m).len())
                .sum();
            (t.label(), of.len(), cases)
        })
        .collect()
}

/// Prints the listing; JSON when `json`, else Markdown.
pub fn print(as_json: bool) -> ExitCode {
    let methods = match wxbox_app::api_listing() {
        Ok(m) => m,
        Err(e) => {
            eprintln!("wxbox: API table: {e}");
            return ExitCode::from(2);
        }
    };
    let s = surface();
    let coverage = coverage(&methods);
    let mut out = std::io::stdout().lock();
    let text = if as_json {
        let list: Vec<Value> = methods
            .iter()
            .map(|m| {
                let mut v = serde_json::to_value(m.spec).unwrap_or(Value::Null);
                if let Value::Object(o) = &mut v {
                    o.insert("tier".into(), json!(m.tier.label()));
                    o.insert("doc".into(), json!(m.spec.doc_url()));
                }
                v
            })
            .collect();
        let doc = json!({
            "source": s.source,
            "count": list.len(),
            "methods": list,
            "coverage": coverage.iter().map(|(t, n, c)| json!({"tier": t, "methods": n, "conformance_cases": c})).collect::<Vec<_>>(),
            "interfaces": s.interfaces,
            "components": s.components,
        });
        serde_json::to_string_pretty(&doc).unwrap_or_default()
    } else {
        let mut md = format!(
            "# wx API surface\n\nFrom {}@{} ({} methods) plus superapp extensions and legacy \
             methods. Tiers: **deep** (real behaviour with host state), **simulated** (succeeds \
             with a realistic value from the device description or the profile, traced, no \
             further effect), **objects** (returns an object with every method and event of its \
             typings interface, each call traced), **device** (needs hardware the sandbox lacks: \
             validates, then fails `<api>:fail not supported` asynchronously; a sync one returns \
             what WeChat returns without the capability). Unbound methods get their tier from \
             `crates/wx/api/tiers.json`.\n",
            s.source.package,
            s.source.version,
            methods
                .iter()
                .filter(|m| m.spec.extension.is_none() && m.spec.legacy.is_none())
                .count()
        );
        md.push_str("\n| tier | methods | conformance cases |\n|---|---|---|\n");
        for (t, n, c) in &coverage {
            md.push_str(&format!("| {t} | {n} | {c} |\n"));
        }
        let mut categories: Vec<&str> = methods.iter().map(|m| m.spec.category.as_str()).collect();
        categories.sort_unstable();
        categories.dedup();
        for c in categories {
            md.push_str(&format!(
                "\n## {c}\n\n| method | call | tier | parameters |\n|---|---|---|---|\n"
            ));
            for m in methods.iter().filter(|m| m.spec.category == c) {
                let ext = if m.spec.extension.is_some() {
                    " (superapp)"
                } else if m.spec.legacy.is_some() {
                    " (legacy)"
                } else {
                    ""
                };
                md.push_str(&format!(
                    "| {}{ext} | {:?} | {} | {} |\n",
                    m.spec.name,
                    m.spec.call,
                    m.tier.label(),
                    params_md(&m.spec.params)
                ));
            }
        }
        md
    };
    // A closed pipe (`| head`) is not an error.
    let _ = writeln!(out, "{text}");
    ExitCode::SUCCESS
}
