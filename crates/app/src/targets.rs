//! What the scripted user could act on, as selectors a person can copy: listed when `--tap` or
//! `--input` finds nothing, so the next try is not a guess. Each selector is checked to pick
//! that element first, as a tap picks the first match.

use wxbox_view::tree::{chain, Element, Node};
use wxbox_view::Selector;

/// One element the user could act on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// A selector whose first match is this element.
    pub selector: String,
    /// What a tap on it runs or does: `bindtap=onTap`, `open-type=getPhoneNumber`, `navigator`.
    pub does: String,
    /// Its text, shortened.
    pub text: String,
}

/// Built-ins that do something when tapped with no handler of the page's own.
const TAPPABLE_BUILTINS: &[&str] = &[
    "button",
    "navigator",
    "checkbox",
    "radio",
    "switch",
    "label",
    "picker",
];

/// Elements on the page (`scope`) that react to a tap: a tap binding in any form, or a
/// built-in that acts on its own; not hidden.
#[must_use]
pub fn tappable(tree: &[Node], scope: u32) -> Vec<Target> {
    collect(tree, scope, &|e| {
        if let Some(bound) = bound(e, "tap") {
            return Some(bound);
        }
        let open_type = e.attr_text("open-type");
        if !open_type.is_empty() {
            return Some(format!("open-type={open_type}"));
        }
        TAPPABLE_BUILTINS
            .contains(&&*e.tag)
            .then(|| format!("<{}>", e.tag))
    })
}

/// Inputs and textareas on the page that accept typing (not disabled, not hidden).
#[must_use]
pub fn typeable(tree: &[Node], scope: u32) -> Vec<Target> {
    collect(tree, scope, &|e| {
        let disabled = e.attr("disabled").is_some_and(wxbox_view::expr::truthy);
        (matches!(&*e.tag, "input" | "textarea") && !disabled)
            .then(|| bound(e, "input").unwrap_or_else(|| format!("<{}>", e.tag)))
    })
}

/// The element's handlers of `event` (`tap -> onTap, tap -> log`), if it has any.
fn bound(e: &Element, event: &str) -> Option<String> {
    let all: Vec<String> = e
        .handlers
        .iter()
        .filter(|h| &*h.event == event)
        .map(|h| format!("{event} -> {}", h.method))
        .collect();
    (!all.is_empty()).then(|| all.join(", "))
}

fn collect(tree: &[Node], scope: u32, does: &dyn Fn(&Element) -> Option<String>) -> Vec<Target> {
    let mut out = Vec::new();
    let mut path = Vec::new();
    walk(tree, tree, scope, does, &mut path, &mut out);
    out
}

fn walk(
    root: &[Node],
    nodes: &[Node],
    scope: u32,
    does: &dyn Fn(&Element) -> Option<String>,
    path: &mut Vec<usize>,
    out: &mut Vec<Target>,
) {
    for (i, n) in nodes.iter().enumerate() {
        let Node::Element(e) = n else { continue };
        if e.hidden() {
            continue;
        }
        path.push(i);
        // Selectors stay out of custom components (as `pick` does): only the page's own.
        if e.owner == scope {
            if let Some(what) = does(e) {
                if let Some(selector) = selector_for(root, scope, path) {
                    out.push(Target {
                        selector,
                        does: what,
                        text: short(&e.text()),
                    });
                }
            }
        }
        walk(root, &e.children, scope, does, path, out);
        path.pop();
    }
}

/// The shortest of a few readable forms that picks the element at `path` first.
fn selector_for(root: &[Node], scope: u32, path: &[usize]) -> Option<String> {
    let elements = chain(root, path);
    let e = *elements.last()?;
    let picks = |s: &str| {
        Selector::parse(s)
            .ok()
            .and_then(|sel| sel.find(root, scope))
            .is_some_and(|p| p == path)
    };
    let mut candidates = Vec::new();
    let id = e.id();
    if plain(&id) {
        candidates.push(format!("#{id}"));
    }
    let compound = compound_of(e);
    candidates.push(compound.clone());
    // Then the nearest ancestor with an id or classes, as a descendant selector.
    for a in elements.iter().rev().skip(1).filter(|a| a.owner == scope) {
        let aid = a.id();
        let outer = if plain(&aid) {
            format!("#{aid}")
        } else if !a.classes().is_empty() {
            compound_of(a)
        } else {
            continue;
        };
        candidates.push(format!("{outer} {compound}"));
        break;
    }
    candidates.into_iter().find(|c| picks(c))
}

/// `tag.class1.class2`, with only the classes a selector can name.
fn compound_of(e: &Element) -> String {
    let mut s = e.tag.to_string();
    for c in e.classes() {
        if plain(&c) {
            s.push('.');
            s.push_str(&c);
        }
    }
    s
}

/// A name a selector can hold without escaping.
fn plain(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with(|c: char| c.is_ascii_digit())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

fn short(text: &str) -> String {
    let one_line: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    match one_line.char_indices().nth(40) {
        Some((i, _)) => format!("{}...", &one_line[..i]),
        None => one_line,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn el(tag: &str, attrs: &[(&str, serde_json::Value)], children: Vec<Node>) -> Node {
        Node::Element(Element {
            tag: tag.into(),
            attrs: attrs
                .iter()
                .map(|(k, v)| ((*k).into(), v.clone()))
                .collect(),
            handlers: Vec::new(),
            marks: Vec::new(),
            models: Vec::new(),
            children,
            owner: 1,
            component: None,
            key: "".into(),
        })
    }

    #[test]
    fn each_selector_picks_its_element_first() {
        let tree = vec![el(
            "view",
            &[("class", json!("list"))],
            vec![
                el("button", &[], vec![Node::Text("first".into())]),
                el("button", &[("id", json!("second"))], vec![]),
                el(
                    "view",
                    &[("class", json!("row"))],
                    vec![el("navigator", &[], vec![])],
                ),
                el("button", &[("class", json!("cta big"))], vec![]),
                el("button", &[("hidden", json!(true))], vec![]),
            ],
        )];
        let found: Vec<(String, String)> = tappable(&tree, 1)
            .into_iter()
            .map(|t| (t.selector, t.does))
            .collect();
        assert_eq!(
            found,
            [
                ("button".to_string(), "<button>".to_string()),
                ("#second".into(), "<button>".into()),
                ("navigator".into(), "<navigator>".into()),
                ("button.cta.big".into(), "<button>".into()),
            ]
        );
    }
}
