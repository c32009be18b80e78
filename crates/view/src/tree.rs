//! The rendered tree: what the page shows after its data is applied. Elements keep their owner
//! (the page or component instance whose methods handle their events) so events and selectors
//! work on it directly. Printing gives indented WXML.

use std::fmt::Write as _;
use std::rc::Rc;

use serde_json::{Map, Value};

use crate::expr::to_text;
use crate::parse::BindKind;

/// A rendered event binding.
#[derive(Debug, Clone, PartialEq)]
pub struct Handler {
    /// Propagation kind.
    pub kind: BindKind,
    /// Event name.
    pub event: Rc<str>,
    /// Method on the owner.
    pub method: String,
    /// Written as `bind:tap` rather than `bindtap`.
    pub colon: bool,
    /// A `<wxs>` function bound as the handler (`bindtap="{{m.onTap}}"`); `method` then shows
    /// its path (`m.onTap`).
    pub wxs: Option<std::rc::Rc<crate::wxs::WxsFn>>,
}

/// A rendered element.
#[derive(Debug, Clone, PartialEq)]
pub struct Element {
    /// The tag.
    pub tag: Rc<str>,
    /// Evaluated attributes, in source order.
    pub attrs: Vec<(Rc<str>, Value)>,
    /// Event bindings.
    pub handlers: Vec<Handler>,
    /// `mark:` values.
    pub marks: Vec<(Rc<str>, Value)>,
    /// `model:` bindings: (attribute, the owner's data field it writes back to).
    pub models: Vec<(Rc<str>, String)>,
    /// Children (for a custom component: its rendered template, slot content in place).
    pub children: Vec<Node>,
    /// The page or component instance whose template produced this element.
    pub owner: u32,
    /// For a custom component's element: the instance it hosts.
    pub component: Option<u32>,
    /// Identity across renders: template node and list keys (for component instances and
    /// what the user typed into inputs).
    pub key: Rc<str>,
}

/// A rendered node.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    /// An element.
    Element(Element),
    /// Text.
    Text(String),
}

impl Element {
    /// An attribute's value.
    #[must_use]
    pub fn attr(&self, name: &str) -> Option<&Value> {
        self.attrs
            .iter()
            .find(|(n, _)| &**n == name)
            .map(|(_, v)| v)
    }

    /// An attribute as text (`String(v)`), empty when missing.
    #[must_use]
    pub fn attr_text(&self, name: &str) -> String {
        self.attr(name).map(to_text).unwrap_or_default()
    }

    /// `id`.
    #[must_use]
    pub fn id(&self) -> String {
        self.attr_text("id")
    }

    /// Whether `hidden` is truthy.
    #[must_use]
    pub fn hidden(&self) -> bool {
        self.attr("hidden").is_some_and(crate::expr::truthy)
    }

    /// The class list.
    #[must_use]
    pub fn classes(&self) -> Vec<String> {
        self.attr_text("class")
            .split_whitespace()
            .map(str::to_string)
            .collect()
    }

    /// `data-*` attributes as WeChat's `dataset`: `data-user-name` -> `userName`, and upper
    /// case in the attribute name is lowered (`data-userName` -> `username`).
    #[must_use]
    pub fn dataset(&self) -> Map<String, Value> {
        let mut out = Map::new();
        for (name, v) in &self.attrs {
            if let Some(rest) = name.strip_prefix("data-") {
                out.insert(camel(rest), v.clone());
            }
        }
        out
    }

    /// The concatenated text of the element's descendants.
    #[must_use]
    pub fn text(&self) -> String {
        let mut out = String::new();
        collect_text(&self.children, &mut out);
        out
    }
}

fn collect_text(nodes: &[Node], out: &mut String) {
    for n in nodes {
        match n {
            Node::Text(t) => out.push_str(t),
            Node::Element(e) => collect_text(&e.children, out),
        }
    }
}

/// `user-name` -> `userName`, lowering other capitals.
#[must_use]
pub fn camel(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut up = false;
    for c in name.chars() {
        if c == '-' {
            up = true;
        } else if up {
            out.extend(c.to_uppercase());
            up = false;
        } else {
            out.extend(c.to_lowercase());
        }
    }
    out
}

/// `fooBar` -> `foo-bar`: a property or style name as WXML writes it.
#[must_use]
pub fn kebab(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 2);
    for c in name.chars() {
        if c.is_ascii_uppercase() {
            out.push('-');
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// How many nodes a tree holds.
#[must_use]
pub fn count(nodes: &[Node]) -> usize {
    nodes
        .iter()
        .map(|n| match n {
            Node::Text(_) => 1,
            Node::Element(e) => 1 + count(&e.children),
        })
        .sum()
}

/// The element at `path` (child indices from the root list).
#[must_use]
pub fn at<'a>(nodes: &'a [Node], path: &[usize]) -> Option<&'a Element> {
    let (first, rest) = path.split_first()?;
    match nodes.get(*first)? {
        Node::Element(e) if rest.is_empty() => Some(e),
        Node::Element(e) => at(&e.children, rest),
        Node::Text(_) => None,
    }
}

/// The path of the first element, in document order, for which `pred` holds.
#[must_use]
pub fn find_path(nodes: &[Node], pred: &dyn Fn(&Element) -> bool) -> Option<Vec<usize>> {
    for (i, n) in nodes.iter().enumerate() {
        let Node::Element(e) = n else { continue };
        if pred(e) {
            return Some(vec![i]);
        }
        if let Some(mut rest) = find_path(&e.children, pred) {
            rest.insert(0, i);
            return Some(rest);
        }
    }
    None
}

/// The elements from the root down to `path`, inclusive.
#[must_use]
pub fn chain<'a>(nodes: &'a [Node], path: &[usize]) -> Vec<&'a Element> {
    let mut out = Vec::new();
    let mut list = nodes;
    for i in path {
        match list.get(*i) {
            Some(Node::Element(e)) => {
                out.push(e);
                list = &e.children;
            }
            _ => break,
        }
    }
    out
}

fn escape(s: &str, attr: bool) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '&' => out.push_str("&amp;"),
            '"' if attr => out.push_str("&quot;"),
            '\n' if attr => out.push_str("&#10;"),
            c => out.push(c),
        }
    }
    out
}

fn attr_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn open_tag(e: &Element) -> String {
    let mut s = format!("<{}", e.tag);
    for (n, v) in &e.attrs {
        if *v == Value::Bool(true) && !matches!(&**n, "value" | "checked") {
            let _ = write!(s, " {n}");
        } else {
            let _ = write!(s, " {n}=\"{}\"", escape(&attr_text(v), true));
        }
    }
    for (n, v) in &e.marks {
        let _ = write!(s, " mark:{n}=\"{}\"", escape(&attr_text(v), true));
    }
    for h in &e.handlers {
        let sep = if h.colon { ":" } else { "" };
        let _ = write!(
            s,
            " {}{sep}{}=\"{}\"",
            h.kind.prefix(),
            h.event,
            escape(&h.method, true)
        );
    }
    s
}

/// The tree as JSON, for tools: an element is `{"tag", "attrs", "children"}` plus `marks`,
/// `handlers` (`[{"bind": "bind", "event": "tap", "method": "onTap"}]`) and `component`
/// (true for a custom component's host) when present; a text node is a string.
#[must_use]
pub fn to_json(nodes: &[Node]) -> Value {
    Value::Array(nodes.iter().map(node_json).collect())
}

fn node_json(n: &Node) -> Value {
    let e = match n {
        Node::Text(t) => return Value::String(t.clone()),
        Node::Element(e) => e,
    };
    let pairs = |v: &[(Rc<str>, Value)]| -> Value {
        Value::Object(v.iter().map(|(k, v)| (k.to_string(), v.clone())).collect())
    };
    let mut m = Map::new();
    m.insert("tag".into(), Value::String(e.tag.to_string()));
    m.insert("attrs".into(), pairs(&e.attrs));
    if !e.marks.is_empty() {
        m.insert("marks".into(), pairs(&e.marks));
    }
    if !e.handlers.is_empty() {
        let hs = e
            .handlers
            .iter()
            .map(|h| {
                serde_json::json!({"bind": h.kind.prefix(), "event": &*h.event, "method": h.method})
            })
            .collect();
        m.insert("handlers".into(), Value::Array(hs));
    }
    if e.component.is_some() {
        m.insert("component".into(), Value::Bool(true));
    }
    m.insert("children".into(), to_json(&e.children));
    Value::Object(m)
}

/// The tree as indented WXML (two spaces a level; an element with only text on one line).
#[must_use]
pub fn to_wxml(nodes: &[Node]) -> String {
    let mut out = String::new();
    write_nodes(nodes, 0, &mut out);
    out
}

fn write_nodes(nodes: &[Node], depth: usize, out: &mut String) {
    let pad = "  ".repeat(depth);
    for n in nodes {
        match n {
            Node::Text(t) => {
                let _ = writeln!(out, "{pad}{}", escape(t, false));
            }
            Node::Element(e) => {
                let open = open_tag(e);
                match e.children.as_slice() {
                    [] => {
                        let _ = writeln!(out, "{pad}{open} />");
                    }
                    [Node::Text(t)] if !t.contains('\n') => {
                        let _ = writeln!(out, "{pad}{open}>{}</{}>", escape(t, false), e.tag);
                    }
                    children => {
                        let _ = writeln!(out, "{pad}{open}>");
                        write_nodes(children, depth + 1, out);
                        let _ = writeln!(out, "{pad}</{}>", e.tag);
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dataset_names_follow_wechat() {
        assert_eq!(camel("user-name"), "userName");
        assert_eq!(camel("userName"), "username");
        assert_eq!(camel("id"), "id");
    }
}
