//! Selectors as miniprogram-automator's `page.$` / `page.$$` take them: tag, `#id`, `.class`,
//! `[attr]`, `[attr=value]`, the descendant (space) and child (`>`) combinators, and lists
//! (`a, b`). Like the official tool they stay in the page's own template (slot content counts,
//! a component's inside does not); `>>>` crosses into components, as in
//! `wx.createSelectorQuery`.

use crate::tree::{Element, Node};

/// A selector that does not parse.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("selector `{selector}`: {message}")]
pub struct SelectorError {
    /// The selector as given.
    pub selector: String,
    /// What is wrong.
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
struct Compound {
    tag: Option<String>,
    ids: Vec<String>,
    classes: Vec<String>,
    attrs: Vec<(String, Option<String>)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Comb {
    Descendant,
    Child,
    Deep,
}

/// A parsed selector list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Selector {
    alternatives: Vec<Vec<(Comb, Compound)>>,
}

fn ident_char(c: char) -> bool {
    c.is_alphanumeric() || c == '-' || c == '_'
}

impl Selector {
    /// Parses `text`.
    ///
    /// # Errors
    /// Anything outside the supported grammar (pseudo-classes, other combinators, empty parts).
    pub fn parse(text: &str) -> Result<Self, SelectorError> {
        let err = |message: String| SelectorError {
            selector: text.to_string(),
            message,
        };
        let mut alternatives = Vec::new();
        for part in text.split(',') {
            let chars: Vec<char> = part.chars().collect();
            let mut i = 0;
            let mut steps: Vec<(Comb, Compound)> = Vec::new();
            let mut comb = Comb::Descendant;
            loop {
                let mut saw_space = false;
                while chars.get(i).is_some_and(|c| c.is_whitespace()) {
                    i += 1;
                    saw_space = true;
                }
                if i >= chars.len() {
                    break;
                }
                if chars[i] == '>' {
                    if steps.is_empty() {
                        return Err(err("a combinator needs something on its left".into()));
                    }
                    let deep = chars.get(i + 1) == Some(&'>') && chars.get(i + 2) == Some(&'>');
                    comb = if deep { Comb::Deep } else { Comb::Child };
                    i += if deep { 3 } else { 1 };
                    continue;
                }
                if !steps.is_empty() && !saw_space && comb == Comb::Descendant {
                    return Err(err(format!("unexpected `{}`", chars[i])));
                }
                let mut c = Compound::default();
                let start = i;
                let take = |i: &mut usize| {
                    let s = *i;
                    while chars.get(*i).copied().is_some_and(ident_char) {
                        *i += 1;
                    }
                    chars[s..*i].iter().collect::<String>()
                };
                if chars[i] == '*' {
                    i += 1;
                } else if ident_char(chars[i]) {
                    c.tag = Some(take(&mut i));
                }
                while let Some(&ch) = chars.get(i) {
                    match ch {
                        '#' | '.' => {
                            i += 1;
                            let name = take(&mut i);
                            if name.is_empty() {
                                return Err(err(format!("`{ch}` needs a name")));
                            }
                            if ch == '#' {
                                c.ids.push(name);
                            } else {
                                c.classes.push(name);
                            }
                        }
                        '[' => {
                            let close = chars[i..]
                                .iter()
                                .position(|c| *c == ']')
                                .ok_or_else(|| err("`[` is never closed".into()))?;
                            let inner: String = chars[i + 1..i + close].iter().collect();
                            i += close + 1;
                            let (name, value) = match inner.split_once('=') {
                                Some((n, v)) => {
                                    let v = v.trim();
                                    let v = v
                                        .strip_prefix('"')
                                        .and_then(|v| v.strip_suffix('"'))
                                        .or_else(|| {
                                            v.strip_prefix('\'').and_then(|v| v.strip_suffix('\''))
                                        })
                                        .unwrap_or(v);
                                    (n.trim().to_string(), Some(v.to_string()))
                                }
                                None => (inner.trim().to_string(), None),
                            };
                            if name.is_empty() || name.ends_with(['~', '^', '$', '*', '|']) {
                                return Err(err(format!("unsupported attribute test `[{inner}]`")));
                            }
                            c.attrs.push((name, value));
                        }
                        ':' => return Err(err("pseudo-classes are not supported".into())),
                        c if c.is_whitespace() || c == '>' => break,
                        other => return Err(err(format!("unexpected `{other}`"))),
                    }
                }
                if i == start {
                    return Err(err(format!("unexpected `{}`", chars[i])));
                }
                steps.push((comb, c));
                comb = Comb::Descendant;
            }
            if steps.is_empty() {
                return Err(err("empty selector".into()));
            }
            if comb != Comb::Descendant {
                return Err(err("a combinator needs something on its right".into()));
            }
            alternatives.push(steps);
        }
        Ok(Selector { alternatives })
    }

    /// Paths (child indices from the root) of matching elements in document order, among the
    /// elements `scope` owns (plus, after `>>>`, those inside its components).
    #[must_use]
    pub fn find_all(&self, nodes: &[Node], scope: u32) -> Vec<Vec<usize>> {
        let mut out = Vec::new();
        let mut ancestors = Vec::new();
        let mut path = Vec::new();
        self.walk(nodes, scope, &mut ancestors, &mut path, &mut out);
        out
    }

    /// The first match.
    #[must_use]
    pub fn find(&self, nodes: &[Node], scope: u32) -> Option<Vec<usize>> {
        self.find_all(nodes, scope).into_iter().next()
    }

    fn walk<'a>(
        &self,
        nodes: &'a [Node],
        scope: u32,
        ancestors: &mut Vec<&'a Element>,
        path: &mut Vec<usize>,
        out: &mut Vec<Vec<usize>>,
    ) {
        for (i, n) in nodes.iter().enumerate() {
            let Node::Element(e) = n else { continue };
            path.push(i);
            if self
                .alternatives
                .iter()
                .any(|steps| matches_at(steps, steps.len() - 1, e, ancestors, scope))
            {
                out.push(path.clone());
            }
            ancestors.push(e);
            self.walk(&e.children, scope, ancestors, path, out);
            ancestors.pop();
            path.pop();
        }
    }
}

fn compound(c: &Compound, e: &Element) -> bool {
    if c.tag.as_deref().is_some_and(|t| t != &*e.tag) {
        return false;
    }
    if !c.ids.iter().all(|id| e.id() == *id) {
        return false;
    }
    if !c.classes.is_empty() {
        let have = e.classes();
        if !c.classes.iter().all(|k| have.contains(k)) {
            return false;
        }
    }
    c.attrs
        .iter()
        .all(|(name, want)| match (e.attr(name), want) {
            (None, _) => false,
            (Some(_), None) => true,
            (Some(_), Some(w)) => e.attr_text(name) == *w,
        })
}

fn matches_at(
    steps: &[(Comb, Compound)],
    k: usize,
    e: &Element,
    ancestors: &[&Element],
    scope: u32,
) -> bool {
    if !compound(&steps[k].1, e) {
        return false;
    }
    if k == 0 {
        return e.owner == scope;
    }
    // Which ancestors the step to the left may match: in the same template as `e`, or any.
    let comb = steps[k].0;
    for (depth, a) in ancestors.iter().enumerate().rev() {
        let same = a.owner == e.owner;
        match comb {
            Comb::Child if same => return matches_at(steps, k - 1, a, &ancestors[..depth], scope),
            Comb::Child => {}
            Comb::Descendant if !same => {}
            Comb::Descendant | Comb::Deep => {
                if matches_at(steps, k - 1, a, &ancestors[..depth], scope) {
                    return true;
                }
            }
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::render::{compile, render, NoHost};

    fn tree(src: &'static str) -> Vec<Node> {
        let f = move |p: &str| (p == "p.wxml").then(|| src.to_string());
        let c = compile("p.wxml", &f).expect("ok").expect("ok");
        render(&c, &json!({}), 1, &mut NoHost).nodes
    }

    #[test]
    fn tags_ids_classes_attributes_and_combinators() {
        let t = tree(
            r#"<view id="a" class="box big"><button open-type="getUserInfo">x</button><view><button class="b">y</button></view></view><button id="z"/>"#,
        );
        let find = |s: &str| Selector::parse(s).expect("ok").find_all(&t, 1);
        assert_eq!(find("button"), vec![vec![0, 0], vec![0, 1, 0], vec![1]]);
        assert_eq!(find("button[open-type=getUserInfo]"), vec![vec![0, 0]]);
        assert_eq!(find("button[open-type='getUserInfo']"), vec![vec![0, 0]]);
        assert_eq!(find("#a > button"), vec![vec![0, 0]]);
        assert_eq!(find(".box button"), vec![vec![0, 0], vec![0, 1, 0]]);
        assert_eq!(find(".box.big .b"), vec![vec![0, 1, 0]]);
        assert_eq!(find("#z, #a"), vec![vec![0], vec![1]]);
        assert_eq!(find("[open-type]"), vec![vec![0, 0]]);
        assert!(find("view > .b > view").is_empty());
    }

    #[test]
    fn bad_selectors_say_why() {
        assert!(Selector::parse("a:hover")
            .expect_err("fails")
            .message
            .contains("pseudo"));
        assert!(Selector::parse("> a").is_err());
        assert!(Selector::parse("a >").is_err());
        assert!(Selector::parse("[x").is_err());
        assert!(Selector::parse("").is_err());
    }
}
