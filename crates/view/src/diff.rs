//! What changed between two renders of a page, as the view layer would patch it.
//!
//! Siblings are matched by identity, as glass-easel's list diff matches `wx:for` items by
//! `wx:key` (`glass-easel/guide/zh_CN/appendix/list_diff_algorithm.md`): an element's identity
//! is its key (the template node, and the `wx:key` of each list it sits in, see
//! [`crate::keys`]); a text node's is its place after the element before it. Items that kept
//! their identity and their order are compared in place; the fewest moves restore the order (the
//! longest increasing subsequence, as glass-easel computes it); the rest are inserts and
//! removes. So a row added at the front of a keyed list is one `insert`, a row taken out one
//! `remove`, a row moved one `move`. Without `wx:key` the identity is the index, and the diff is
//! positional, as glass-easel's "fast compare": a list that grows or shrinks at the end diffs
//! minimally, an insertion at the front shows as changes along the list.
//!
//! An element and one that took its place without a list key telling them apart (the other
//! branch of a `wx:if`) are compared in place: `replace` when the tag differs, attribute and
//! text changes otherwise.

use std::collections::HashMap;

use serde::Serialize;
use serde_json::Value;

use crate::tree::{Element, Node};

/// One change. `path` is child indices from the page root, joined by `/`, in the new tree;
/// for `remove`, the last index is the child's place in the previous render.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    /// `text`, `attr`, `insert`, `remove`, `move` or `replace`.
    pub op: &'static str,
    /// Where.
    pub path: String,
    /// The attribute, for `attr`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The new text or attribute value (`null` for a removed attribute), or the tag inserted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<Value>,
    /// For `move`: where the node was in the previous render.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
}

impl Change {
    fn new(op: &'static str, path: String) -> Self {
        Self {
            op,
            path,
            name: None,
            value: None,
            from: None,
        }
    }
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

/// A sibling's identity: an element's key, or a text's place after the element before it; the
/// number says which of several siblings with the same key (a template used twice).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Id<'a> {
    Element(&'a str, usize),
    Text(Option<(&'a str, usize)>, usize),
}

fn ids(list: &[Node]) -> Vec<Id<'_>> {
    let mut seen: HashMap<&str, usize> = HashMap::new();
    let mut anchor: Option<(&str, usize)> = None;
    let mut texts = 0usize;
    list.iter()
        .map(|n| match n {
            Node::Element(e) => {
                let nth = seen.entry(&e.key).or_insert(0);
                let id = (&*e.key, *nth);
                *nth += 1;
                anchor = Some(id);
                texts = 0;
                Id::Element(id.0, id.1)
            }
            Node::Text(_) => {
                texts += 1;
                Id::Text(anchor, texts - 1)
            }
        })
        .collect()
}

/// The `wx:for` items an element sits in: its key up to the template node's id.
fn list_part(key: &str) -> &str {
    key.rfind(';').map_or("", |i| key.get(..=i).unwrap_or(""))
}

/// Whether `a`, gone, and `b`, new in its place, are the same thing changed (compared in
/// place) rather than one thing removed and another inserted.
fn in_place(a: &Node, b: &Node) -> bool {
    match (a, b) {
        (Node::Text(_), Node::Text(_)) => true,
        (Node::Element(x), Node::Element(y)) => list_part(&x.key) == list_part(&y.key),
        _ => false,
    }
}

/// The positions in `seq` (old indices, `None` for new items) of a longest strictly increasing
/// subsequence: the items that need not move. Patience sorting, O(n log n).
fn stable(seq: &[Option<usize>]) -> Vec<bool> {
    // tails[l]: the position in seq ending the best increasing run of length l + 1.
    let mut tails: Vec<usize> = Vec::new();
    let mut prev: Vec<Option<usize>> = vec![None; seq.len()];
    for (pos, v) in seq.iter().enumerate() {
        let Some(v) = *v else { continue };
        let at = tails.partition_point(|&t| seq.get(t).copied().flatten().is_some_and(|x| x < v));
        if at > 0 {
            if let Some(p) = prev.get_mut(pos) {
                *p = tails.get(at - 1).copied();
            }
        }
        if at == tails.len() {
            tails.push(pos);
        } else if let Some(t) = tails.get_mut(at) {
            *t = pos;
        }
    }
    let mut keep = vec![false; seq.len()];
    let mut cur = tails.last().copied();
    while let Some(p) = cur {
        if let Some(k) = keep.get_mut(p) {
            *k = true;
        }
        cur = prev.get(p).copied().flatten();
    }
    keep
}

/// Whether the siblings both lists share keep their identities in place (the common case: then
/// the identities need not be computed).
fn same_places(old: &[Node], new: &[Node]) -> bool {
    old.iter().zip(new).all(|pair| match pair {
        (Node::Element(a), Node::Element(b)) => a.key == b.key,
        (Node::Text(_), Node::Text(_)) => true,
        _ => false,
    })
}

fn nodes(old: &[Node], new: &[Node], prefix: &str, out: &mut Vec<Change>) {
    if same_places(old, new) {
        positional(old, new, prefix, out);
        return;
    }
    let (old_ids, new_ids) = (ids(old), ids(new));
    let index: HashMap<Id<'_>, usize> =
        old_ids.iter().enumerate().map(|(i, id)| (*id, i)).collect();
    let mut matched: Vec<Option<usize>> = new_ids.iter().map(|id| index.get(id).copied()).collect();
    let mut used = vec![false; old.len()];
    for i in matched.iter().flatten() {
        if let Some(u) = used.get_mut(*i) {
            *u = true;
        }
    }
    let keep = stable(&matched);
    // Between two items that stay, what went and what came in its place, one for one, is the
    // same thing changed when nothing keyed tells them apart.
    let mut in_place_of: Vec<Option<usize>> = vec![None; new.len()];
    let mut old_from = 0usize;
    let mut gap_new: Vec<usize> = Vec::new();
    for j in 0..=new.len() {
        let anchor = if j == new.len() {
            Some(old.len())
        } else if keep.get(j).copied().unwrap_or(false) {
            matched.get(j).copied().flatten()
        } else {
            if matched.get(j).copied().flatten().is_none() {
                gap_new.push(j);
            }
            None
        };
        let Some(old_to) = anchor else { continue };
        let gone: Vec<usize> = (old_from..old_to)
            .filter(|i| !used.get(*i).copied().unwrap_or(true))
            .collect();
        let mut fresh = gap_new.drain(..).peekable();
        for i in gone {
            let Some(&nj) = fresh.peek() else { break };
            if let (Some(a), Some(b)) = (old.get(i), new.get(nj)) {
                if in_place(a, b) {
                    if let Some(slot) = in_place_of.get_mut(nj) {
                        *slot = Some(i);
                    }
                    if let Some(u) = used.get_mut(i) {
                        *u = true;
                    }
                    fresh.next();
                }
            }
        }
        old_from = old_to + 1;
    }
    for (j, b) in new.iter().enumerate() {
        let path = path_of(prefix, j);
        if let Some(i) = in_place_of.get(j).copied().flatten() {
            if let Some(a) = old.get(i) {
                node(a, b, &path, out);
            }
            continue;
        }
        let Some(i) = matched.get_mut(j).and_then(Option::take) else {
            let mut c = Change::new("insert", path);
            c.value = Some(describe(b));
            out.push(c);
            continue;
        };
        if !keep.get(j).copied().unwrap_or(false) {
            let mut c = Change::new("move", path.clone());
            c.from = Some(path_of(prefix, i));
            out.push(c);
        }
        if let Some(a) = old.get(i) {
            node(a, b, &path, out);
        }
    }
    for (i, u) in used.iter().enumerate() {
        if !u {
            out.push(Change::new("remove", path_of(prefix, i)));
        }
    }
}

/// Children compared by index.
fn positional(old: &[Node], new: &[Node], prefix: &str, out: &mut Vec<Change>) {
    for i in 0..old.len().max(new.len()) {
        let path = || path_of(prefix, i);
        match (old.get(i), new.get(i)) {
            (Some(a), Some(b)) => node(a, b, &path(), out),
            (None, Some(b)) => {
                let mut c = Change::new("insert", path());
                c.value = Some(describe(b));
                out.push(c);
            }
            (Some(_), None) => out.push(Change::new("remove", path())),
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
                    from: None,
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
            from: None,
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
                from: None,
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
                from: None,
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
                from: None,
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
            from: None,
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

    fn changes(src: &'static str, a: &Value, b: &Value) -> Value {
        let files = move |p: &str| (p == "p.wxml").then(|| src.to_string());
        let c = compile("p.wxml", &files).expect("ok").expect("ok");
        let old = render(&c, a, 1, &mut NoHost).nodes;
        let new = render(&c, b, 1, &mut NoHost).nodes;
        serde_json::to_value(diff(&old, &new)).expect("ok")
    }

    const BY_ID: &str =
        "<view><view wx:for=\"{{list}}\" wx:key=\"id\" class=\"row\">{{item.name}}</view></view>";

    fn rows(names: &[&str]) -> Value {
        let list: Vec<Value> = names
            .iter()
            .map(|n| json!({"id": n.to_lowercase(), "name": n}))
            .collect();
        json!({ "list": list })
    }

    #[test]
    fn a_row_inserted_at_the_front_of_a_keyed_list_is_one_insert() {
        let v = changes(BY_ID, &rows(&["B", "C", "D"]), &rows(&["A", "B", "C", "D"]));
        assert_eq!(
            v,
            json!([{"op": "insert", "path": "0/0", "value": "<view>"}])
        );
        // In the middle too.
        let v = changes(BY_ID, &rows(&["B", "D"]), &rows(&["B", "C", "D"]));
        assert_eq!(
            v,
            json!([{"op": "insert", "path": "0/1", "value": "<view>"}])
        );
    }

    #[test]
    fn a_row_removed_from_a_keyed_list_is_one_remove() {
        let v = changes(BY_ID, &rows(&["A", "B", "C"]), &rows(&["B", "C"]));
        assert_eq!(v, json!([{"op": "remove", "path": "0/0"}]));
        let v = changes(BY_ID, &rows(&["A", "B", "C"]), &rows(&["A", "C"]));
        assert_eq!(v, json!([{"op": "remove", "path": "0/1"}]));
    }

    #[test]
    fn a_row_moved_in_a_keyed_list_is_one_move() {
        let v = changes(
            BY_ID,
            &rows(&["A", "B", "C", "D"]),
            &rows(&["A", "D", "B", "C"]),
        );
        assert_eq!(v, json!([{"op": "move", "path": "0/1", "from": "0/3"}]));
        // A moved row that also changed: the move, then its change where it now is.
        let mut b = rows(&["C", "A", "B"]);
        b["list"][0]["name"] = json!("C2");
        let v = changes(BY_ID, &rows(&["A", "B", "C"]), &b);
        assert_eq!(
            v,
            json!([
                {"op": "move", "path": "0/0", "from": "0/2"},
                {"op": "text", "path": "0/0/0", "value": "C2"}
            ])
        );
        // The glass-easel guide's example: c moves to the front, d goes.
        let v = changes(BY_ID, &rows(&["A", "B", "C", "D"]), &rows(&["C", "A", "B"]));
        assert_eq!(
            v,
            json!([
                {"op": "move", "path": "0/0", "from": "0/2"},
                {"op": "remove", "path": "0/3"}
            ])
        );
    }

    #[test]
    fn star_this_keys_by_the_item_itself() {
        let src = "<view wx:for=\"{{tags}}\" wx:key=\"*this\">{{item}}</view>";
        let v = changes(
            src,
            &json!({"tags": ["x", "y"]}),
            &json!({"tags": ["w", "x", "y"]}),
        );
        assert_eq!(v, json!([{"op": "insert", "path": "0", "value": "<view>"}]));
        let v = changes(
            src,
            &json!({"tags": ["x", "y", "z"]}),
            &json!({"tags": ["z", "x", "y"]}),
        );
        assert_eq!(v, json!([{"op": "move", "path": "0", "from": "2"}]));
    }

    #[test]
    fn without_wx_key_the_diff_is_positional() {
        let src = "<view><view wx:for=\"{{list}}\">{{item.name}}</view></view>";
        let v = changes(src, &rows(&["B", "C"]), &rows(&["A", "B", "C"]));
        assert_eq!(
            v,
            json!([
                {"op": "text", "path": "0/0/0", "value": "A"},
                {"op": "text", "path": "0/1/0", "value": "B"},
                {"op": "insert", "path": "0/2", "value": "<view>"}
            ])
        );
    }

    #[test]
    fn the_other_branch_of_a_condition_changes_in_place() {
        let src = "<view wx:if=\"{{on}}\" class=\"a\">on</view><view wx:else class=\"b\">off</view><text>t</text>";
        let v = changes(src, &json!({"on": true}), &json!({"on": false}));
        assert_eq!(
            v,
            json!([
                {"op": "attr", "path": "0", "name": "class", "value": "b"},
                {"op": "text", "path": "0/0", "value": "off"}
            ])
        );
        let src = "<view wx:if=\"{{on}}\">on</view><text wx:else>off</text>";
        let v = changes(src, &json!({"on": true}), &json!({"on": false}));
        assert_eq!(
            v,
            json!([{"op": "replace", "path": "0", "value": "<text>"}])
        );
    }

    #[test]
    fn keyed_rows_with_text_between_them() {
        let src = "<block wx:for=\"{{list}}\" wx:key=\"id\"><text>{{item.name}}</text>, </block>";
        let v = changes(src, &rows(&["A", "B"]), &rows(&["B"]));
        assert_eq!(
            v,
            json!([{"op": "remove", "path": "0"}, {"op": "remove", "path": "1"}])
        );
    }
}
