//! The strict-mode check of event bindings: a binding on a built-in component for an event that
//! component never emits, like `bindgetusrinfo` on a `<button>` (a typo of `bindgetuserinfo`),
//! which WeChat accepts and never calls.
//!
//! The events are data, `data/builtin-events.json`, with its sources. Only the components listed
//! there are checked. This module knows nothing of custom components: a page's
//! `usingComponents` is the app model's, so a custom component named like a listed built-in
//! would be checked as the built-in (UNVERIFIED whether WeChat lets such a name be used).
//! Lenient mode does not run it: an ancestor may listen for a custom event that a component
//! inside it triggers with `bubbles: true`, so outside the leaf components listed, an unknown
//! name is not a mistake.

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::parse::{ParseError, TNode};

#[derive(serde::Deserialize, Default)]
struct Table {
    common: Vec<String>,
    components: HashMap<String, Vec<String>>,
}

fn table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    // The file is ours and a test parses it; a broken one checks nothing rather than panic.
    TABLE.get_or_init(|| {
        serde_json::from_str(include_str!("../data/builtin-events.json")).unwrap_or_default()
    })
}

/// Edit distance, for suggesting the event meant.
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

/// The first binding in `nodes` (parsed from `file`) for an event its built-in component does
/// not emit.
///
/// # Errors
/// That binding, at its element, naming the nearest event the component does emit.
pub fn check(file: &str, nodes: &[TNode]) -> Result<(), ParseError> {
    let t = table();
    for n in nodes {
        let TNode::Element(e) = n else { continue };
        if let Some(own) = t.components.get(&*e.tag) {
            for ev in &e.events {
                let known = |list: &[String]| list.iter().any(|x| **x == *ev.event);
                if known(own) || known(&t.common) {
                    continue;
                }
                let written = format!(
                    "{}{}{}",
                    ev.kind.prefix(),
                    if ev.colon { ":" } else { "" },
                    ev.event
                );
                let nearest = own
                    .iter()
                    .chain(&t.common)
                    .map(|x| (distance(x, &ev.event), x))
                    .min();
                let hint = match nearest {
                    Some((d, x)) if d <= 2 => format!(" (did you mean `{x}`?)"),
                    _ => String::new(),
                };
                return Err(ParseError {
                    file: file.to_string(),
                    line: e.pos.line,
                    col: e.pos.col,
                    message: format!(
                        "`{written}`: `<{}>` never emits `{}`{hint}",
                        e.tag, ev.event
                    ),
                });
            }
        }
        check(file, &e.children)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::{parse, Warnings};

    fn run(src: &str) -> Result<(), ParseError> {
        let mut id = 0;
        let nodes = parse("p.wxml", 0, src, &mut id, &mut Warnings::default())?;
        check("p.wxml", &nodes)
    }

    #[test]
    fn the_table_parses_and_names_its_sources() {
        let t = table();
        assert!(t.common.iter().any(|e| e == "tap"));
        assert!(t.components["button"].iter().any(|e| e == "getuserinfo"));
    }

    #[test]
    fn typos_on_built_in_components_are_caught() {
        let e = run("<view>\n  <button bindgetusrinfo=\"onUser\">go</button></view>")
            .expect_err("a typo");
        assert_eq!(
            e.to_string(),
            "p.wxml:2:3: `bindgetusrinfo`: `<button>` never emits `getusrinfo` \
             (did you mean `getuserinfo`?)"
        );
        let e = run("<input catch:change=\"x\"/>").expect_err("input emits input, not change");
        assert!(e.message.starts_with("`catch:change`: `<input>`"), "{e}");
        run("<button bindgetuserinfo=\"a\" bindtap=\"b\" capture-bind:touchstart=\"c\"/>")
            .expect("known events");
        run("<form bind:submitToGroup=\"a\"/>").expect("case kept, base library 3.7.8");
        // Not checked: unlisted tags, where custom events may bubble up to.
        run("<view bindmyevent=\"a\"><my-comp bindanything=\"b\"/></view>").expect("unchecked");
    }
}
