//! What changed between two renders of a page, as the view layer would patch it. Positional:
//! children are compared by index (a list that grows or shrinks at the end diffs minimally; an
//! insertion at the front shows as changes along the list).

use serde::Serialize;
use serde_json::Value;

use crate::tree::{Element, Node};

/// One change. `path` is child indices from the page root, joined by `/`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    /// `text`, `attr`, `insert`, `remove` or `replace`.
    pub op: &'static str,
    /// Where.
    pub path: String,
    /// The attribute, for `attr`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The new text or attribute value (`null` for a removed attribute), or the tag inserted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<Value>,
}

fn describe(n: &Node) -> Value {
    match n {
        Node::Text(t) => Value::String(t.clone()),
        Node::Element(e) => Value::String(format!("<{}>", e.tag)),
    }
}

fn path_of(prefix: &str, i: usize) -> String {
    if prefix.is_empty() {
        i.to_string()
    } else {
        format!("{prefix}/{i}")
    }
}

/// The changes that turn `old` into `new`.
#[must_use]
pub fn diff(old: &[Node], new: &[Node]) -> Vec<Change> {
    let mut out = Vec::new();
    nodes(old, new, "", &mut out);
    out
}

fn nodes(old: &[Node], new: &[Node], prefix: &str, out: &mut Vec<Change>) {
    for i in 0..old.len().max(new.len()) {
        let path = || path_of(prefix, i);
        match (old.get(i), new.get(i)) {
            (Some(a), Some(b)) => node(a, b, &path(), out),
            (None, Some(b)) => out.push(Change {
                op: "insert",
                path: path(),
                name: None,
                value: Some(describe(b)),
            }),
            (Some(_), None) => out.push(Change {
                op: "remove",
                path: path(),
                name: None,
                value: None,
            }),
            (None, None) => {}
        }
    }
}

fn node(a: &Node, b: &Node, path: &str, out: &mut Vec<Change>) {
    match (a, b) {
        (Node::Text(x), Node::Text(y)) => {
            if x != y {
                out.push(Change {
                    op: "text",
                    path: path.to_string(),
                    name: None,
                    value: Some(Value::String(y.clone())),
                });
            }
        }
        (Node::Element(x), Node::Element(y)) if x.tag == y.tag && x.component == y.component => {
            element(x, y, path, out);
        }
        _ => out.push(Change {
            op: "replace",
            path: path.to_string(),
            name: None,
            value: Some(describe(b)),
        }),
    }
}

fn element(a: &Element, b: &Element, path: &str, out: &mut Vec<Change>) {
    for (n, v) in &b.attrs {
        if a.attr(n) != Some(v) {
            out.push(Change {
                op: "attr",
                path: path.to_string(),
                name: Some(n.to_string()),
                value: Some(v.clone()),
            });
        }
    }
    for (n, _) in &a.attrs {
        if b.attr(n).is_none() {
            out.push(Change {
                op: "attr",
                path: path.to_string(),
                name: Some(n.to_string()),
                value: Some(Value::Null),
            });
        }
    }
    for h in &b.handlers {
        let same = a
            .handlers
            .iter()
            .any(|o| o.kind == h.kind && o.event == h.event && o.method == h.method);
        if !same {
            out.push(Change {
                op: "attr",
                path: path.to_string(),
                name: Some(format!("{}:{}", h.kind.prefix(), h.event)),
                value: Some(Value::String(h.method.clone())),
            });
        }
    }
    if a.marks != b.marks {
        out.push(Change {
            op: "attr",
            path: path.to_string(),
            name: Some("mark".into()),
            value: Some(Value::Object(
                b.marks
                    .iter()
                    .map(|(k, v)| (k.to_string(), v.clone()))
                    .collect(),
            )),
        });
    }
    nodes(&a.children, &b.children, path, out);
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::render::{compile, render, NoHost};

    #[test]
    fn changes_are_text_attrs_inserts_and_removals() {
        let src = |p: &str| {
            (p == "p.wxml").then(|| {
                "<view class=\"{{cls}}\"><text>{{t}}</text><view wx:for=\"{{list}}\">{{item}}</view></view>"
                    .to_string()
            })
        };
        let c = compile("p.wxml", &src).expect("ok").expect("ok");
        let a = render(
            &c,
            &json!({"cls": "a", "t": "x", "list": [1, 2]}),
            1,
            &mut NoHost,
        )
        .nodes;
        let b = render(
            &c,
            &json!({"cls": "b", "t": "y", "list": [1]}),
            1,
            &mut NoHost,
        )
        .nodes;
        let changes = diff(&a, &b);
        let v = serde_json::to_value(&changes).expect("ok");
        assert_eq!(
            v,
            json!([
                {"op": "attr", "path": "0", "name": "class", "value": "b"},
                {"op": "text", "path": "0/0/0", "value": "y"},
                {"op": "remove", "path": "0/2"}
            ])
        );
        assert!(diff(&a, &a).is_empty());
        let c2 = diff(&b, &a);
        assert_eq!(c2.last().map(|c| c.op), Some("insert"));
    }
}
