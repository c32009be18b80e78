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
