//! WXML source to a template tree, with `file:line:col` errors.
//!
//! WXML is XML-like: elements, attributes (quoted, unquoted or bare), text with `{{ }}`,
//! comments, self-closing tags. Being lenient where WeChat's compiler is: `<input>`, `<image>`,
//! `<icon>`, `<import>` and `<include>` may be left unclosed. `<wxs>` bodies are kept as raw text.
//! Directives (`wx:if`, `wx:for`, ...) and event bindings (`bindtap`, `catch:tap`, ...) are taken
//! apart here so the renderer does no string matching.

use std::rc::Rc;

use crate::expr::{self, Expr};

/// A WXML file that does not parse (or a file it needs that is missing).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}:{line}:{col}: {message}")]
pub struct ParseError {
    /// App-relative path.
    pub file: String,
    /// 1-based line.
    pub line: u32,
    /// 1-based column (characters).
    pub col: u32,
    /// What is wrong.
    pub message: String,
}

/// Where a template node came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Pos {
    /// Index into the compiled page's file list.
    pub file: u16,
    /// 1-based line.
    pub line: u32,
    /// 1-based column.
    pub col: u32,
}

/// Text with interpolations.
#[derive(Debug, Clone, PartialEq)]
pub enum Part {
    /// Literal text.
    Lit(String),
    /// `{{ expr }}`.
    Expr(Expr),
}

/// An attribute value.
#[derive(Debug, Clone, PartialEq)]
pub enum AttrValue {
    /// A bare attribute (`disabled`): `true`.
    Bare,
    /// Exactly one `{{ expr }}`: the value keeps its type.
    Single(Expr),
    /// Text and interpolations: a string.
    Parts(Vec<Part>),
}

/// How an event binding treats propagation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum BindKind {
    /// `bind`: runs and lets the event bubble on.
    Bind,
    /// `catch`: runs and stops bubbling.
    Catch,
    /// `mut-bind`: runs unless a `mut-bind` nearer the target already ran.
    MutBind,
    /// `capture-bind`: runs in the capture phase.
    CaptureBind,
    /// `capture-catch`: runs in the capture phase and stops the event.
    CaptureCatch,
}

impl BindKind {
    /// The attribute prefix (`capture-bind`).
    #[must_use]
    pub fn prefix(self) -> &'static str {
        match self {
            BindKind::Bind => "bind",
            BindKind::Catch => "catch",
            BindKind::MutBind => "mut-bind",
            BindKind::CaptureBind => "capture-bind",
            BindKind::CaptureCatch => "capture-catch",
        }
    }
}

/// An event binding as written: `bind:tap="onTap"`.
#[derive(Debug, Clone, PartialEq)]
pub struct EventAttr {
    /// The propagation kind.
    pub kind: BindKind,
    /// The event name (`tap`, `getuserinfo`).
    pub event: Rc<str>,
    /// Whether the attribute had a colon (`bind:tap`), for printing as written.
    pub colon: bool,
    /// The handler method name (may interpolate).
    pub method: AttrValue,
}

/// `wx:if` / `wx:elif` / `wx:else`.
#[derive(Debug, Clone, PartialEq)]
pub enum Cond {
    /// `wx:if`.
    If(AttrValue),
    /// `wx:elif`.
    Elif(AttrValue),
    /// `wx:else`.
    Else,
}

/// `wx:for` and its companions.
#[derive(Debug, Clone, PartialEq)]
pub struct For {
    /// What to iterate.
    pub items: AttrValue,
    /// `wx:for-item` (default `item`).
    pub item: String,
    /// `wx:for-index` (default `index`).
    pub index: String,
    /// `wx:key`: a property name or `*this`.
    pub key: Option<String>,
}

/// A template element.
#[derive(Debug, Clone, PartialEq)]
pub struct TElement {
    /// Unique within a compiled page (identifies component instances and input state).
    pub id: u32,
    /// The tag.
    pub tag: Rc<str>,
    /// Plain attributes (directives and bindings removed), in source order.
    pub attrs: Vec<(Rc<str>, AttrValue)>,
    /// Event bindings.
    pub events: Vec<EventAttr>,
    /// `mark:name` attributes.
    pub marks: Vec<(Rc<str>, AttrValue)>,
    /// `model:attr="{{field}}"` two-way bindings: (attribute, data field).
    pub models: Vec<(Rc<str>, String)>,
    /// Conditional rendering.
    pub cond: Option<Cond>,
    /// List rendering.
    pub for_: Option<For>,
    /// Children.
    pub children: Vec<TNode>,
    /// Where it starts.
    pub pos: Pos,
}

impl TElement {
    /// A plain attribute as written.
    #[must_use]
    pub fn attr(&self, name: &str) -> Option<&AttrValue> {
        self.attrs
            .iter()
            .find(|(n, _)| &**n == name)
            .map(|(_, v)| v)
    }

    /// A plain attribute's literal text (no interpolation), for `src`, `name`, `is`.
    #[must_use]
    pub fn literal(&self, name: &str) -> Option<String> {
        match self.attr(name)? {
            AttrValue::Parts(parts) => Some(
                parts
                    .iter()
                    .map(|p| match p {
                        Part::Lit(s) => s.as_str(),
                        Part::Expr(_) => "",
                    })
                    .collect(),
            ),
            _ => None,
        }
    }
}

/// A template node.
#[derive(Debug, Clone, PartialEq)]
#[allow(clippy::large_enum_variant)] // elements are most nodes; boxing them costs a pointer chase
pub enum TNode {
    /// An element.
    Element(TElement),
    /// Text.
    Text(Vec<Part>),
}

/// Deeper element nesting is refused: later passes recurse over the tree.
pub const MAX_DEPTH: usize = 256;

/// Tags WeChat's compiler lets go unclosed.
const VOID: &[&str] = &["input", "image", "icon", "import", "include"];

struct Cursor<'a> {
    file: &'a str,
    file_index: u16,
    chars: Vec<char>,
    i: usize,
    line: u32,
    col: u32,
    next_id: &'a mut u32,
}

impl Cursor<'_> {
    fn pos(&self) -> Pos {
        Pos {
            file: self.file_index,
            line: self.line,
            col: self.col,
        }
    }
    fn peek(&self) -> Option<char> {
        self.chars.get(self.i).copied()
    }
    fn starts(&self, s: &str) -> bool {
        s.chars()
            .enumerate()
            .all(|(k, c)| self.chars.get(self.i + k) == Some(&c))
    }
    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.i += 1;
        if c == '\n' {
            self.line += 1;
            self.col = 1;
        } else {
            self.col += 1;
        }
        Some(c)
    }
    fn skip(&mut self, n: usize) {
        for _ in 0..n {
            self.bump();
        }
    }
    fn skip_ws(&mut self) {
        while self.peek().is_some_and(char::is_whitespace) {
            self.bump();
        }
    }
    fn err(&self, at: Pos, message: impl Into<String>) -> ParseError {
        ParseError {
            file: self.file.to_string(),
            line: at.line,
            col: at.col,
            message: message.into(),
        }
    }
    fn id(&mut self) -> u32 {
        *self.next_id += 1;
        *self.next_id
    }

    /// Text and `{{ }}` parts of `raw`, which starts at `at`.
    fn parts(&self, raw: &str, at: Pos) -> Result<Vec<Part>, ParseError> {
        let mut parts = Vec::new();
        let mut rest = raw;
        let mut consumed = 0usize;
        while let Some(open) = rest.find("{{") {
            if open > 0 {
                parts.push(Part::Lit(rest[..open].to_string()));
            }
            let body_start = open + 2;
            let close = find_close(rest[body_start..].char_indices()).ok_or_else(|| {
                let p = advance(at, &raw[..consumed + open]);
                self.err(p, "`{{` is never closed with `}}`")
            })?;
            let body = &rest[body_start..body_start + close];
            let e = expr::parse(body).map_err(|e| {
                let before: String = body.chars().take(e.offset).collect();
                let p = advance(at, &format!("{}{{{{{before}", &raw[..consumed + open]));
                self.err(p, format!("in `{{{{{}}}}}`: {}", body.trim(), e.message))
            })?;
            parts.push(Part::Expr(e));
            let used = body_start + close + 2;
            consumed += used;
            rest = &rest[used..];
        }
        if !rest.is_empty() {
            parts.push(Part::Lit(rest.to_string()));
        }
        Ok(parts)
    }

    fn value(&self, raw: &str, at: Pos) -> Result<AttrValue, ParseError> {
        let parts = self.parts(raw, at)?;
        Ok(match parts.as_slice() {
            [Part::Expr(e)] => AttrValue::Single(e.clone()),
            _ => AttrValue::Parts(parts),
        })
    }
}

/// Where the `}}` closing a mustache body starts, skipping quoted strings: the position
/// `chars` gives for it (a byte offset from `char_indices`, an index from `enumerate`).
fn find_close(chars: impl Iterator<Item = (usize, char)>) -> Option<usize> {
    let mut quote = None;
    let mut prev: Option<(usize, char)> = None;
    for (i, c) in chars {
        match quote {
            Some(q) if c == q && prev.map(|p| p.1) != Some('\\') => quote = None,
            Some(_) => {}
            None if c == '\'' || c == '"' => quote = Some(c),
            None if c == '}' && prev.map(|p| p.1) == Some('}') => return prev.map(|p| p.0),
            None => {}
        }
        prev = Some((i, c));
    }
    None
}

fn advance(mut p: Pos, text: &str) -> Pos {
    for c in text.chars() {
        if c == '\n' {
            p.line += 1;
            p.col = 1;
        } else {
            p.col += 1;
        }
    }
    p
}

fn is_name_char(c: char) -> bool {
    !c.is_whitespace() && !matches!(c, '=' | '>' | '/' | '"' | '\'' | '<')
}

/// Splits `bindtap`, `bind:tap`, `capture-catch:touchstart` into kind, event, colon.
fn event_attr(name: &str) -> Option<(BindKind, &str, bool)> {
    const KINDS: &[(&str, BindKind)] = &[
        ("capture-catch", BindKind::CaptureCatch),
        ("capture-bind", BindKind::CaptureBind),
        ("mut-bind", BindKind::MutBind),
        ("catch", BindKind::Catch),
        ("bind", BindKind::Bind),
    ];
    for (prefix, kind) in KINDS {
        if let Some(rest) = name.strip_prefix(prefix) {
            if let Some(ev) = rest.strip_prefix(':') {
                return (!ev.is_empty()).then_some((*kind, ev, true));
            }
            // Only the unhyphenated prefixes may be written without a colon (`bindtap`).
            if !rest.is_empty() && !prefix.contains('-') {
                return Some((*kind, rest, false));
            }
        }
    }
    None
}

/// Parses one WXML file. `file_index` tags positions; `next_id` numbers elements across the
/// files of one page.
///
/// # Errors
/// The first syntax error, as `file:line:col: message`.
pub fn parse(
    file: &str,
    file_index: u16,
    src: &str,
    next_id: &mut u32,
) -> Result<Vec<TNode>, ParseError> {
    let mut c = Cursor {
        file,
        file_index,
        chars: src.chars().collect(),
        i: 0,
        line: 1,
        col: 1,
        next_id,
    };
    // Open elements: (element, start position).
    let mut stack: Vec<TElement> = Vec::new();
    let mut top: Vec<TNode> = Vec::new();
    fn push(stack: &mut [TElement], top: &mut Vec<TNode>, n: TNode) {
        match stack.last_mut() {
            Some(e) => e.children.push(n),
            None => top.push(n),
        }
    }
    fn close_top(stack: &mut Vec<TElement>, top: &mut Vec<TNode>) {
        if let Some(e) = stack.pop() {
            push(stack, top, TNode::Element(e));
        }
    }
    while c.peek().is_some() {
        if c.starts("<!--") {
            let at = c.pos();
            c.skip(4);
            while !c.starts("-->") {
                if c.bump().is_none() {
                    return Err(c.err(at, "comment is never closed with `-->`"));
                }
            }
            c.skip(3);
            continue;
        }
        if c.starts("</") {
            let at = c.pos();
            c.skip(2);
            let mut name = String::new();
            while c.peek().is_some_and(is_name_char) {
                name.extend(c.bump());
            }
            c.skip_ws();
            if c.peek() != Some('>') {
                return Err(c.err(at, format!("`</{name}` is missing its `>`")));
            }
            c.bump();
            // Unclosed void elements close implicitly.
            while stack
                .last()
                .is_some_and(|e| *e.tag != *name && VOID.contains(&&*e.tag))
            {
                close_top(&mut stack, &mut top);
            }
            match stack.last() {
                Some(e) if *e.tag == *name => close_top(&mut stack, &mut top),
                Some(e) => {
                    return Err(c.err(
                        at,
                        format!(
                            "`</{name}>` does not match `<{}>` opened at {}:{}",
                            e.tag, e.pos.line, e.pos.col
                        ),
                    ))
                }
                None => return Err(c.err(at, format!("`</{name}>` closes nothing"))),
            }
            continue;
        }
        if c.peek() == Some('<') && c.chars.get(c.i + 1).is_some_and(|ch| ch.is_alphabetic()) {
            let el = open_tag(&mut c)?;
            match el {
                (el, true) => push(&mut stack, &mut top, TNode::Element(el)),
                (mut el, false) if &*el.tag == "wxs" => {
                    // A wxs body is script, not markup.
                    let at = el.pos;
                    let mut body = String::new();
                    while !c.starts("</wxs") {
                        match c.bump() {
                            Some(ch) => body.push(ch),
                            None => return Err(c.err(at, "`<wxs>` is never closed")),
                        }
                    }
                    while c.bump().is_some_and(|ch| ch != '>') {}
                    if !body.trim().is_empty() {
                        el.children.push(TNode::Text(vec![Part::Lit(body)]));
                    }
                    push(&mut stack, &mut top, TNode::Element(el));
                }
                (el, false) => {
                    if stack.len() >= MAX_DEPTH {
                        return Err(
                            c.err(el.pos, format!("elements nested deeper than {MAX_DEPTH}"))
                        );
                    }
                    stack.push(el);
                }
            }
            continue;
        }
        // Text up to the next tag, keeping `<` inside `{{ }}`.
        let at = c.pos();
        let mut raw = String::new();
        while let Some(ch) = c.peek() {
            if c.starts("{{") {
                let body = c.chars[c.i + 2..].iter().copied().enumerate();
                let Some(close) = find_close(body) else {
                    return Err(c.err(c.pos(), "`{{` is never closed with `}}`"));
                };
                for _ in 0..close + 4 {
                    raw.extend(c.bump());
                }
                continue;
            }
            if ch == '<' {
                break;
            }
            raw.extend(c.bump());
        }
        let keep_spaces = stack.last().is_some_and(|e| &*e.tag == "text");
        let text = if keep_spaces {
            raw.as_str()
        } else {
            raw.trim()
        };
        if !text.is_empty() {
            let lead = raw.len() - raw.trim_start().len();
            let start = if keep_spaces {
                at
            } else {
                advance(at, &raw[..lead])
            };
            let parts = c.parts(text, start)?;
            push(&mut stack, &mut top, TNode::Text(parts));
        }
    }
    while stack.last().is_some_and(|e| VOID.contains(&&*e.tag)) {
        close_top(&mut stack, &mut top);
    }
    if let Some(e) = stack.last() {
        let at = e.pos;
        return Err(c.err(at, format!("`<{}>` is never closed", e.tag)));
    }
    check_chains(&c, &top)?;
    Ok(top)
}

/// `wx:elif` / `wx:else` must follow a `wx:if` or `wx:elif` sibling.
fn check_chains(c: &Cursor<'_>, nodes: &[TNode]) -> Result<(), ParseError> {
    let mut open = false;
    for n in nodes {
        let TNode::Element(e) = n else { continue };
        match &e.cond {
            Some(Cond::If(_)) => open = true,
            Some(Cond::Elif(_)) if open => {}
            Some(Cond::Else) if open => open = false,
            Some(Cond::Elif(_)) => {
                return Err(c.err(e.pos, "`wx:elif` must follow a `wx:if` or `wx:elif`"))
            }
            Some(Cond::Else) => {
                return Err(c.err(e.pos, "`wx:else` must follow a `wx:if` or `wx:elif`"))
            }
            None => open = false,
        }
        check_chains(c, &e.children)?;
    }
    Ok(())
}

/// Parses `<tag attrs>` or `<tag attrs/>`; returns the element and whether it closed itself.
fn open_tag(c: &mut Cursor<'_>) -> Result<(TElement, bool), ParseError> {
    let at = c.pos();
    c.bump();
    let mut tag = String::new();
    while c.peek().is_some_and(is_name_char) {
        tag.extend(c.bump());
    }
    let mut el = TElement {
        id: c.id(),
        tag: Rc::from(tag.as_str()),
        attrs: Vec::new(),
        events: Vec::new(),
        marks: Vec::new(),
        models: Vec::new(),
        cond: None,
        for_: None,
        children: Vec::new(),
        pos: at,
    };
    let mut for_items = None;
    let (mut item, mut index, mut key) = (None, None, None);
    loop {
        c.skip_ws();
        match c.peek() {
            None => return Err(c.err(at, format!("`<{tag}` is missing its `>`"))),
            Some('>') => {
                c.bump();
                break;
            }
            Some('/') if c.starts("/>") => {
                c.skip(2);
                finish(c, &mut el, for_items, item, index, key)?;
                return Ok((el, true));
            }
            Some(_) => {}
        }
        let name_at = c.pos();
        let mut name = String::new();
        while c.peek().is_some_and(is_name_char) {
            name.extend(c.bump());
        }
        if name.is_empty() {
            let ch = c.peek().unwrap_or(' ');
            return Err(c.err(name_at, format!("unexpected `{ch}` in `<{tag}>`")));
        }
        c.skip_ws();
        let value = if c.peek() == Some('=') {
            c.bump();
            c.skip_ws();
            let quote = c.peek().filter(|q| *q == '"' || *q == '\'');
            let v_at;
            let mut raw = String::new();
            if let Some(q) = quote {
                c.bump();
                v_at = c.pos();
                loop {
                    match c.bump() {
                        Some(ch) if ch == q => break,
                        Some(ch) => raw.push(ch),
                        None => {
                            return Err(
                                c.err(name_at, format!("the value of `{name}` is never closed"))
                            )
                        }
                    }
                }
            } else {
                v_at = c.pos();
                while c
                    .peek()
                    .is_some_and(|ch| !ch.is_whitespace() && ch != '>' && !c.starts("/>"))
                {
                    raw.extend(c.bump());
                }
            }
            c.value(&raw, v_at)?
        } else {
            AttrValue::Bare
        };
        let literal = |v: &AttrValue| match v {
            AttrValue::Parts(p) => p
                .iter()
                .map(|x| match x {
                    Part::Lit(s) => s.clone(),
                    Part::Expr(_) => String::new(),
                })
                .collect::<String>(),
            _ => String::new(),
        };
        match name.as_str() {
            "wx:if" => el.cond = Some(Cond::If(value)),
            "wx:elif" => el.cond = Some(Cond::Elif(value)),
            "wx:else" => el.cond = Some(Cond::Else),
            "wx:for" | "wx:for-items" => for_items = Some(value),
            "wx:for-item" => item = Some(literal(&value)),
            "wx:for-index" => index = Some(literal(&value)),
            "wx:key" => key = Some(literal(&value)),
            n if n.starts_with("wx:") => {
                return Err(c.err(name_at, format!("unknown directive `{n}`")));
            }
            n => {
                if let Some(mark) = n.strip_prefix("mark:") {
                    el.marks.push((Rc::from(mark), value));
                } else if let Some(attr) = n.strip_prefix("model:") {
                    // Two-way binding (base library 2.9.3): only a plain data field.
                    let AttrValue::Single(Expr::Name(field)) = &value else {
                        return Err(c.err(
                            name_at,
                            format!(
                                "`{n}` needs a single data field, like `{n}=\"{{{{value}}}}\"`"
                            ),
                        ));
                    };
                    el.models.push((Rc::from(attr), field.clone()));
                    el.attrs.push((Rc::from(attr), value));
                } else if let Some((kind, event, colon)) = event_attr(n) {
                    el.events.push(EventAttr {
                        kind,
                        event: Rc::from(event),
                        colon,
                        method: value,
                    });
                } else {
                    el.attrs.push((Rc::from(n), value));
                }
            }
        }
    }
    finish(c, &mut el, for_items, item, index, key)?;
    Ok((el, false))
}

fn finish(
    c: &Cursor<'_>,
    el: &mut TElement,
    items: Option<AttrValue>,
    item: Option<String>,
    index: Option<String>,
    key: Option<String>,
) -> Result<(), ParseError> {
    if let Some(items) = items {
        el.for_ = Some(For {
            items,
            item: item.unwrap_or_else(|| "item".into()),
            index: index.unwrap_or_else(|| "index".into()),
            key,
        });
    } else if item.is_some() || index.is_some() || key.is_some() {
        return Err(c.err(
            el.pos,
            "`wx:for-item`, `wx:for-index` and `wx:key` need a `wx:for`",
        ));
    }
    if matches!(&*el.tag, "import" | "include") && el.literal("src").is_none() {
        return Err(c.err(el.pos, format!("`<{}>` needs a literal `src`", el.tag)));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(src: &str) -> Result<Vec<TNode>, ParseError> {
        let mut id = 0;
        parse("pages/a/a.wxml", 0, src, &mut id)
    }

    fn el(n: &TNode) -> &TElement {
        match n {
            TNode::Element(e) => e,
            TNode::Text(_) => panic!("text"),
        }
    }

    #[test]
    fn elements_attributes_and_text() {
        let nodes =
            p("<view class=\"a {{b}}\" hidden>\n  hi {{name}}!\n  <input value='{{v}}'>\n</view>")
                .expect("ok");
        assert_eq!(nodes.len(), 1);
        let v = el(&nodes[0]);
        assert_eq!(&*v.tag, "view");
        assert_eq!(v.attrs.len(), 2);
        assert!(matches!(v.attr("hidden"), Some(AttrValue::Bare)));
        assert_eq!(v.children.len(), 2, "text and the unclosed input");
        assert!(matches!(
            el(&v.children[1]).attr("value"),
            Some(AttrValue::Single(_))
        ));
    }

    #[test]
    fn directives_and_events_are_taken_apart() {
        let nodes = p(r#"<view wx:for="{{list}}" wx:for-item="it" wx:key="id" bindtap="a" catch:touchstart="b" capture-bind:tap="c" mut-bind:tap="d" mark:m="{{1}}" data-x="1"/>"#).expect("ok");
        let v = el(&nodes[0]);
        let f = v.for_.as_ref().expect("ok");
        assert_eq!(
            (f.item.as_str(), f.index.as_str(), f.key.as_deref()),
            ("it", "index", Some("id"))
        );
        let kinds: Vec<_> = v.events.iter().map(|e| (e.kind, &*e.event)).collect();
        assert_eq!(
            kinds,
            vec![
                (BindKind::Bind, "tap"),
                (BindKind::Catch, "touchstart"),
                (BindKind::CaptureBind, "tap"),
                (BindKind::MutBind, "tap")
            ]
        );
        assert_eq!(v.marks.len(), 1);
        assert_eq!(v.attrs.len(), 1);
    }

    #[test]
    fn errors_name_file_line_and_column() {
        let e = p("<view>\n  <text>a</view>").expect_err("fails");
        assert_eq!((e.line, e.col), (2, 10));
        assert!(
            e.message.contains("does not match `<text>` opened at 2:3"),
            "{e}"
        );
        let e = p("<view>\n  {{ a + }}\n</view>").expect_err("fails");
        assert_eq!(
            e.to_string(),
            "pages/a/a.wxml:2:10: in `{{a +}}`: expected a value, found the end"
        );
        let e = p("<view wx:else></view>").expect_err("fails");
        assert!(e.message.contains("must follow"), "{e}");
        let e = p("<view>").expect_err("fails");
        assert_eq!(
            e.to_string(),
            "pages/a/a.wxml:1:1: `<view>` is never closed"
        );
        let e = p("<view wx:fro=\"{{a}}\"/>").expect_err("fails");
        assert!(e.message.contains("unknown directive `wx:fro`"), "{e}");
    }

    #[test]
    fn mustaches_may_hold_angle_brackets() {
        let nodes = p("<view>{{a < b ? 'x' : 'y'}}</view>").expect("ok");
        assert_eq!(el(&nodes[0]).children.len(), 1);
        // A `}}` inside a string does not close the mustache, in text or in attributes.
        let nodes = p("<view title=\"{{'}}' + a}}\">{{ \"}}\" + b }}</view>").expect("ok");
        assert!(matches!(
            el(&nodes[0]).attr("title"),
            Some(AttrValue::Single(_))
        ));
        assert_eq!(el(&nodes[0]).children.len(), 1);
    }
}
