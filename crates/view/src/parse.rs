//! WXML source to a template tree, with `file:line:col` errors and warnings.
//!
//! WXML is XML-like: elements, attributes (quoted, unquoted or bare), text with `{{ }}`,
//! comments, self-closing tags. `<wxs>` bodies are kept as raw text. Directives (`wx:if`,
//! `wx:for`, ...) and event bindings (`bindtap`, `catch:tap`, ...) are taken apart here so the
//! renderer does no string matching.
//!
//! ## How lenient, and why this parser stays
//!
//! WeChat's compilers let many mistakes through that a strict XML reading would refuse, and real
//! apps ship with them. The specification for what is fatal and what is a warning is the official
//! framework's template compiler, glass-easel (`glass-easel-template-compiler`, MIT):
//! `ParseErrorKind::level()` in its `src/parse/mod.rs` rates each mistake Fatal, Error, Warn or
//! Note, and only Error and Fatal stop a compilation (`ParseError::prevent_success`). Here every
//! mistake it rates Warn or Note is a [`Warning`] with its position, and parsing goes on the way
//! glass-easel goes on (`src/parse/tag.rs`):
//!
//! | mistake | glass-easel kind (level) | what happens here |
//! |---|---|---|
//! | an element never closed, or closed by an outer end tag | `MissingEndTag` (Warn) | closed where its parent closes |
//! | an end tag that closes nothing | `InvalidEndTag` (Warn) | ignored |
//! | an unknown `wx:` attribute (`wx:show`, `wx:for-key`) | `InvalidAttributePrefix` (Warn) | ignored |
//! | `wx:for-item` / `wx:for-index` / `wx:key` without `wx:for` | `InvalidAttribute` (Warn) | ignored |
//! | `wx:elif` / `wx:else` with no `wx:if` before it | `InvalidAttribute` (Warn) | ignored: the element always shows |
//! | `wx:elif` or `wx:else` beside a `wx:if` on one element | `InvalidAttribute` (Warn) | `wx:if` wins |
//! | an attribute or directive given twice | `DuplicatedAttribute` (Warn) | the first one counts |
//! | `model:` on something that is not a field | none (one-way), see below | a one-way binding |
//! | a comment never closed | none (it runs to the end of the file) | the same |
//! | a stray `=` or quote where an attribute name should be | `InvalidAttributeName` (Warn) | skipped |
//!
//! Unterminated `{{`, tags and attribute values, a stray `/` in a tag, and expressions that do
//! not parse stay errors (glass-easel: `MissingExpressionEnd`, `IncompleteTag`,
//! `UnexpectedCharacter`, `UnexpectedExpressionCharacter`: Fatal), as does `<import>` /
//! `<include>` without a `src` (`MissingSourcePath`: Error).
//!
//! `model:` takes a left-value expression (a field, `a.b`, `a[i]`, a `wx:for-item` over such
//! a list), written back to that data path; anything else binds one way, as glass-easel's
//! `has_model_lvalue_path` decides (`src/proc_gen/expr.rs`, tests in `glass-easel/tests/tmpl/
//! lvalue.test.ts`), and as the two-way binding page of the WeChat documentation
//! (framework/view/two-way-bindings) describes for glass-easel. The same page says the older
//! framework takes a single field only, so a data path is a warning too.
//!
//! **Adopting glass-easel's parser instead was measured and declined** (`tools/wxml-corpus`,
//! every `.wxml` of the three corpus apps; figures in `crates/view/DECISIONS.md`): its tree is
//! shaped for its own code generator (if/for wrappers, class and style splitting, binding maps),
//! so the renderer would need a converting pass on top of it, and its crate brings wasm-bindgen,
//! clap 2, cssparser and sourcemap into the build. Its levels are the specification instead.
//!
//! Strict mode ([`Warnings::strict`]) turns each warning back into the [`ParseError`] it would
//! have been, for `--strict`.

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

/// A mistake WeChat's compiler lets through, and where it is.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}:{line}:{col}: {message}")]
pub struct Warning {
    /// App-relative path.
    pub file: String,
    /// 1-based line.
    pub line: u32,
    /// 1-based column (characters).
    pub col: u32,
    /// What is wrong.
    pub message: String,
}

impl From<Warning> for ParseError {
    fn from(w: Warning) -> Self {
        ParseError {
            file: w.file,
            line: w.line,
            col: w.col,
            message: w.message,
        }
    }
}

/// Where warnings go: collected, or (strict) each one the error that stops compiling.
#[derive(Debug, Clone, Default)]
pub struct Warnings {
    /// Whether a warning is an error.
    pub strict: bool,
    /// What was tolerated, in the order found.
    pub list: Vec<Warning>,
}

impl Warnings {
    /// A sink that turns every warning into an error.
    #[must_use]
    pub fn strict() -> Self {
        Warnings {
            strict: true,
            list: Vec::new(),
        }
    }

    /// Records `w`, or in strict mode fails with it.
    ///
    /// # Errors
    /// `w` as a [`ParseError`] in strict mode.
    pub fn push(&mut self, w: Warning) -> Result<(), ParseError> {
        if self.strict {
            return Err(w.into());
        }
        self.list.push(w);
        Ok(())
    }
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
    /// Whether a `model:` inside needs the data path of each item.
    pub models_inside: bool,
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
    /// `model:attr="{{path}}"` two-way bindings: (attribute, the left-value expression the
    /// renderer turns into a data path).
    pub models: Vec<(Rc<str>, Expr)>,
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
    warnings: &'a mut Warnings,
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
    /// Records a tolerated mistake (in strict mode: fails with it).
    fn warn(&mut self, at: Pos, message: impl Into<String>) -> Result<(), ParseError> {
        self.warnings.push(Warning {
            file: self.file.to_string(),
            line: at.line,
            col: at.col,
            message: message.into(),
        })
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
                self.err(
                    p,
                    format!("in `{{{{{}}}}}`: {}", quoted(body.trim()), e.message),
                )
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

/// An expression as an error message quotes it: whole when short, else its start and end
/// around the count of what was left out, so a 600,000-term expression does not fill the screen
/// (the position already says where the problem is).
fn quoted(body: &str) -> String {
    const KEEP: usize = 60;
    let n = body.chars().count();
    if n <= 2 * KEEP + 20 {
        return body.to_string();
    }
    let head: String = body.chars().take(KEEP).collect();
    let tail: String = body.chars().skip(n - KEEP).collect();
    format!("{head} ... ({} characters) ... {tail}", n - 2 * KEEP)
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
/// files of one page; what WeChat tolerates goes to `warnings`.
///
/// # Errors
/// The first syntax error, as `file:line:col: message` (in strict mode, the first warning).
pub fn parse(
    file: &str,
    file_index: u16,
    src: &str,
    next_id: &mut u32,
    warnings: &mut Warnings,
) -> Result<Vec<TNode>, ParseError> {
    let mut c = Cursor {
        file,
        file_index,
        chars: src.chars().collect(),
        i: 0,
        line: 1,
        col: 1,
        next_id,
        warnings,
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
                    // glass-easel: the comment runs to the end of the file, unreported.
                    c.warn(at, "comment is never closed with `-->`")?;
                    break;
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
            match stack.iter().rposition(|e| *e.tag == *name) {
                Some(open) => {
                    // glass-easel: MissingEndTag (Warn) for each element the end tag skips over.
                    while stack.len() > open + 1 {
                        if let Some(e) = stack.last() {
                            if !VOID.contains(&&*e.tag) {
                                let msg = format!(
                                    "`</{name}>` does not match `<{}>` opened at {}:{}",
                                    e.tag, e.pos.line, e.pos.col
                                );
                                c.warn(at, msg)?;
                            }
                        }
                        close_top(&mut stack, &mut top);
                    }
                    close_top(&mut stack, &mut top);
                }
                // glass-easel: InvalidEndTag (Warn), skipped.
                None => c.warn(at, format!("`</{name}>` closes nothing"))?,
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
    // glass-easel: MissingEndTag (Warn); the element ends with the file.
    while let Some(e) = stack.last() {
        if !VOID.contains(&&*e.tag) {
            let (at, msg) = (e.pos, format!("`<{}>` is never closed", e.tag));
            c.warn(at, msg)?;
        }
        close_top(&mut stack, &mut top);
    }
    check_chains(&mut c, &mut top)?;
    mark_models(&mut top);
    Ok(top)
}

/// `wx:elif` / `wx:else` must follow a `wx:if` or `wx:elif` sibling; glass-easel drops the
/// attribute otherwise (InvalidAttribute, Warn), so the element always shows.
fn check_chains(c: &mut Cursor<'_>, nodes: &mut [TNode]) -> Result<(), ParseError> {
    let mut open = false;
    for n in nodes {
        let TNode::Element(e) = n else { continue };
        match &e.cond {
            Some(Cond::If(_)) => open = true,
            Some(Cond::Elif(_)) if open => {}
            Some(Cond::Else) if open => open = false,
            Some(Cond::Elif(_)) => {
                c.warn(e.pos, "`wx:elif` must follow a `wx:if` or `wx:elif`")?;
                e.cond = None;
            }
            Some(Cond::Else) => {
                c.warn(e.pos, "`wx:else` must follow a `wx:if` or `wx:elif`")?;
                e.cond = None;
            }
            None => open = false,
        }
        check_chains(c, &mut e.children)?;
    }
    Ok(())
}

/// Sets `For::models_inside` where a `model:` below needs the item's data path; returns whether
/// `nodes` hold a `model:`.
fn mark_models(nodes: &mut [TNode]) -> bool {
    let mut any = false;
    for n in nodes {
        let TNode::Element(e) = n else { continue };
        let inside = mark_models(&mut e.children) || !e.models.is_empty();
        if let Some(f) = &mut e.for_ {
            f.models_inside = inside;
        }
        any |= inside;
    }
    any
}

/// The loop and condition directives of one start tag, each with where it was written.
#[derive(Default)]
struct Directives {
    if_: Option<(AttrValue, Pos)>,
    elif: Option<(AttrValue, Pos)>,
    else_: Option<Pos>,
    items: Option<AttrValue>,
    item: Option<(String, Pos)>,
    index: Option<(String, Pos)>,
    key: Option<(String, Pos)>,
}

/// Whether `e` is a left value glass-easel writes a `model:` back to: a name, or a member of
/// one (`a.b`, `a[i]`), or a condition whose branches are (`has_model_lvalue_path`).
fn is_lvalue(e: &Expr) -> bool {
    match e {
        Expr::Name(_) => true,
        Expr::Member(obj, _) => is_lvalue(obj),
        Expr::Cond(_, y, n) => is_lvalue(y) || is_lvalue(n),
        _ => false,
    }
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
    let mut d = Directives::default();
    let closed = loop {
        c.skip_ws();
        match c.peek() {
            None => return Err(c.err(at, format!("`<{tag}` is missing its `>`"))),
            Some('>') => {
                c.bump();
                break false;
            }
            Some('/') if c.starts("/>") => {
                c.skip(2);
                break true;
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
            if ch == '/' {
                // glass-easel: UnexpectedCharacter (Fatal).
                return Err(c.err(name_at, format!("unexpected `{ch}` in `<{tag}>`")));
            }
            // glass-easel: InvalidAttributeName (Warn); skipped up to what can follow.
            c.warn(name_at, format!("unexpected `{ch}` in `<{tag}>`"))?;
            c.bump();
            while c.peek().is_some_and(|ch| {
                !(ch.is_whitespace() || ch.is_alphabetic() || matches!(ch, '/' | '>'))
            }) {
                c.bump();
            }
            continue;
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
        attribute(c, &mut el, &mut d, name, name_at, value)?;
    };
    finish(c, &mut el, d)?;
    Ok((el, closed))
}

/// Files one attribute of `el`: a directive into `d`, the rest into `el`.
fn attribute(
    c: &mut Cursor<'_>,
    el: &mut TElement,
    d: &mut Directives,
    name: String,
    name_at: Pos,
    value: AttrValue,
) -> Result<(), ParseError> {
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
    // glass-easel: DuplicatedAttribute (Warn); the first one counts.
    let duplicate = |c: &mut Cursor<'_>| c.warn(name_at, format!("duplicate attribute `{name}`"));
    match name.as_str() {
        "wx:if" if d.if_.is_some() => duplicate(c)?,
        "wx:if" => d.if_ = Some((value, name_at)),
        "wx:elif" if d.elif.is_some() => duplicate(c)?,
        "wx:elif" => d.elif = Some((value, name_at)),
        "wx:else" if d.else_.is_some() => duplicate(c)?,
        "wx:else" => d.else_ = Some(name_at),
        "wx:for" | "wx:for-items" if d.items.is_some() => duplicate(c)?,
        "wx:for" | "wx:for-items" => d.items = Some(value),
        "wx:for-item" if d.item.is_some() => duplicate(c)?,
        "wx:for-item" => d.item = Some((literal(&value), name_at)),
        "wx:for-index" if d.index.is_some() => duplicate(c)?,
        "wx:for-index" => d.index = Some((literal(&value), name_at)),
        "wx:key" if d.key.is_some() => duplicate(c)?,
        "wx:key" => d.key = Some((literal(&value), name_at)),
        // glass-easel: InvalidAttributePrefix (Warn); the attribute is dropped.
        n if n.starts_with("wx:") => c.warn(name_at, format!("unknown directive `{n}`"))?,
        n => {
            if let Some(mark) = n.strip_prefix("mark:") {
                if el.marks.iter().any(|(m, _)| &**m == mark) {
                    return duplicate(c);
                }
                el.marks.push((Rc::from(mark), value));
            } else if let Some(attr) = n.strip_prefix("model:") {
                if el.attrs.iter().any(|(a, _)| &**a == attr) {
                    return duplicate(c);
                }
                match &value {
                    AttrValue::Single(Expr::Name(_)) => {}
                    AttrValue::Single(e) if is_lvalue(e) => c.warn(
                        name_at,
                        format!(
                            "`{n}` on a data path: the framework before glass-easel takes only \
                             a single field, like `{n}=\"{{{{value}}}}\"`"
                        ),
                    )?,
                    _ => c.warn(
                        name_at,
                        format!(
                            "`{n}` needs a single data field, like `{n}=\"{{{{value}}}}\"` \
                             (bound one way)"
                        ),
                    )?,
                }
                if let AttrValue::Single(e) = &value {
                    if is_lvalue(e) {
                        el.models.push((Rc::from(attr), e.clone()));
                    }
                }
                el.attrs.push((Rc::from(attr), value));
            } else if let Some((kind, event, colon)) = event_attr(n) {
                el.events.push(EventAttr {
                    kind,
                    event: Rc::from(event),
                    colon,
                    method: value,
                });
            } else {
                if el.attrs.iter().any(|(a, _)| &**a == n) {
                    return duplicate(c);
                }
                el.attrs.push((Rc::from(n), value));
            }
        }
    }
    Ok(())
}

fn finish(c: &mut Cursor<'_>, el: &mut TElement, d: Directives) -> Result<(), ParseError> {
    // glass-easel: of `wx:if`, `wx:elif` and `wx:else` on one element the first of these three
    // counts; the others are InvalidAttribute (Warn).
    let mut conds = [
        d.if_.map(|(v, at)| (Cond::If(v), at)),
        d.elif.map(|(v, at)| (Cond::Elif(v), at)),
        d.else_.map(|at| (Cond::Else, at)),
    ]
    .into_iter()
    .flatten();
    el.cond = conds.next().map(|(cond, _)| cond);
    if let Some(kept) = &el.cond {
        let kept = match kept {
            Cond::If(_) => "wx:if",
            Cond::Elif(_) => "wx:elif",
            Cond::Else => "wx:else",
        };
        for (cond, at) in conds {
            let dropped = match cond {
                Cond::If(_) => "wx:if",
                Cond::Elif(_) => "wx:elif",
                Cond::Else => "wx:else",
            };
            c.warn(at, format!("`{dropped}` beside `{kept}` on one element"))?;
        }
    }
    if let Some(items) = d.items {
        el.for_ = Some(For {
            items,
            item: d.item.map_or_else(|| "item".into(), |(s, _)| s),
            index: d.index.map_or_else(|| "index".into(), |(s, _)| s),
            key: d.key.map(|(s, _)| s),
            models_inside: false,
        });
    } else {
        // glass-easel: InvalidAttribute (Warn) for each; they are dropped.
        let loose = [
            ("wx:for-item", d.item),
            ("wx:for-index", d.index),
            ("wx:key", d.key),
        ];
        for (name, at) in loose.into_iter().filter_map(|(n, v)| Some((n, v?.1))) {
            c.warn(at, format!("`{name}` needs a `wx:for`"))?;
        }
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
        let (nodes, warnings) = lenient(src)?;
        assert!(warnings.is_empty(), "{warnings:?}");
        Ok(nodes)
    }

    /// The tree and the warnings, leniently.
    fn lenient(src: &str) -> Result<(Vec<TNode>, Vec<String>), ParseError> {
        let mut id = 0;
        let mut w = Warnings::default();
        let nodes = parse("pages/a/a.wxml", 0, src, &mut id, &mut w)?;
        Ok((nodes, w.list.iter().map(ToString::to_string).collect()))
    }

    /// The error strict mode gives.
    fn strict(src: &str) -> String {
        let mut id = 0;
        let mut w = Warnings::strict();
        match parse("pages/a/a.wxml", 0, src, &mut id, &mut w) {
            Ok(_) => panic!("strict mode accepted {src}"),
            Err(e) => e.to_string(),
        }
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
        let e = p("<view>\n  {{ a + }}\n</view>").expect_err("fails");
        assert_eq!(
            e.to_string(),
            "pages/a/a.wxml:2:10: in `{{a +}}`: expected a value, found the end"
        );
        let e = p("<include/>").expect_err("fails");
        assert!(e.message.contains("needs a literal `src`"), "{e}");
        // A huge expression is quoted by its ends, not echoed whole.
        let huge = format!("<view>{{{{{}}}}}</view>", "x+".repeat(100_000));
        let e = p(&huge).expect_err("fails");
        assert!(e.message.len() < 300, "{} bytes", e.message.len());
        assert!(
            e.message.contains("... (199880 characters) ..."),
            "{}",
            e.message
        );
    }

    /// Lenient: the tree and the one warning `src` gives; strict: that warning as the error.
    fn tolerated(src: &str, warning: &str) -> Vec<TNode> {
        let (nodes, warnings) = lenient(src).expect("lenient mode accepts it");
        assert_eq!(warnings, [warning], "{src}");
        assert_eq!(strict(src), warning, "{src}");
        nodes
    }

    #[test]
    fn unknown_directives_are_ignored() {
        let nodes = tolerated(
            "<view>\n  <text wx:show=\"{{a}}\" class=\"c\">x</text></view>",
            "pages/a/a.wxml:2:9: unknown directive `wx:show`",
        );
        let t = el(&el(&nodes[0]).children[0]);
        assert_eq!(t.attrs.len(), 1, "only class is left");
        assert!(t.cond.is_none() && t.for_.is_none());
        tolerated(
            "<view wx:for=\"{{l}}\" wx:for-key=\"id\"/>",
            "pages/a/a.wxml:1:22: unknown directive `wx:for-key`",
        );
    }

    #[test]
    fn loop_attributes_without_a_loop_are_ignored() {
        let nodes = tolerated(
            "<view wx:key=\"id\">a</view>",
            "pages/a/a.wxml:1:7: `wx:key` needs a `wx:for`",
        );
        assert!(el(&nodes[0]).for_.is_none());
        assert!(el(&nodes[0]).attrs.is_empty());
        let (_, warnings) =
            lenient("<view wx:for-item=\"x\"\n      wx:for-index=\"i\"/>").expect("ok");
        assert_eq!(
            warnings,
            [
                "pages/a/a.wxml:1:7: `wx:for-item` needs a `wx:for`",
                "pages/a/a.wxml:2:7: `wx:for-index` needs a `wx:for`"
            ]
        );
    }

    #[test]
    fn unclosed_and_stray_end_tags() {
        // Never closed: ends with the file.
        let src = "<view>\n  <text>a";
        let (nodes, w) = lenient(src).expect("ok");
        assert_eq!(
            w,
            [
                "pages/a/a.wxml:2:3: `<text>` is never closed",
                "pages/a/a.wxml:1:1: `<view>` is never closed"
            ]
        );
        assert_eq!(strict(src), w[0]);
        assert_eq!(el(&el(&nodes[0]).children[0]).children.len(), 1);
        // Closed by an outer end tag: the inner element ends there.
        let nodes = tolerated(
            "<view>\n  <text>a</view><view/>",
            "pages/a/a.wxml:2:10: `</view>` does not match `<text>` opened at 2:3",
        );
        assert_eq!(nodes.len(), 2, "the second view is a sibling");
        assert_eq!(el(&nodes[0]).children.len(), 1);
        // An end tag that closes nothing is skipped.
        let nodes = tolerated(
            "<view>a</span></view>",
            "pages/a/a.wxml:1:8: `</span>` closes nothing",
        );
        assert_eq!(nodes.len(), 1);
        assert_eq!(el(&nodes[0]).children.len(), 1);
        // Void elements still close silently.
        p("<view><input><image src=\"a\"></view>").expect("ok");
    }

    #[test]
    fn stray_characters_in_a_tag_are_skipped() {
        let nodes = tolerated(
            "<view class=\"a\" = id=\"b\"/>",
            "pages/a/a.wxml:1:17: unexpected `=` in `<view>`",
        );
        assert_eq!(el(&nodes[0]).attrs.len(), 2);
        let e = p("<view / >").expect_err("a stray slash is fatal");
        assert!(e.message.contains("unexpected `/`"), "{e}");
    }

    #[test]
    fn an_unclosed_comment_runs_to_the_end() {
        let nodes = tolerated(
            "<view/>\n  <!-- open <view/>",
            "pages/a/a.wxml:2:3: comment is never closed with `-->`",
        );
        assert_eq!(nodes.len(), 1);
    }

    #[test]
    fn orphan_and_doubled_conditions() {
        let nodes = tolerated(
            "<view/>\n<view wx:else>b</view>",
            "pages/a/a.wxml:2:1: `wx:else` must follow a `wx:if` or `wx:elif`",
        );
        assert!(el(&nodes[1]).cond.is_none(), "shown unconditionally");
        tolerated(
            "<view wx:elif=\"{{a}}\"/>",
            "pages/a/a.wxml:1:1: `wx:elif` must follow a `wx:if` or `wx:elif`",
        );
        let nodes = tolerated(
            "<view wx:else wx:if=\"{{a}}\"/>",
            "pages/a/a.wxml:1:7: `wx:else` beside `wx:if` on one element",
        );
        assert!(matches!(el(&nodes[0]).cond, Some(Cond::If(_))));
    }

    #[test]
    fn duplicate_attributes_keep_the_first() {
        let nodes = tolerated(
            "<view class=\"a\" id=\"x\" class=\"b\"/>",
            "pages/a/a.wxml:1:24: duplicate attribute `class`",
        );
        assert_eq!(el(&nodes[0]).literal("class").as_deref(), Some("a"));
        tolerated(
            "<view wx:if=\"{{a}}\" wx:if=\"{{b}}\"/>",
            "pages/a/a.wxml:1:21: duplicate attribute `wx:if`",
        );
        tolerated(
            "<input value=\"a\" model:value=\"{{b}}\"/>",
            "pages/a/a.wxml:1:18: duplicate attribute `model:value`",
        );
    }

    #[test]
    fn model_bindings_take_left_values() {
        let nodes = p("<input model:value=\"{{name}}\"/>").expect("ok");
        assert_eq!(el(&nodes[0]).models.len(), 1);
        let nodes = tolerated(
            "<input model:value=\"{{form.name}}\"/>",
            "pages/a/a.wxml:1:8: `model:value` on a data path: the framework before glass-easel \
             takes only a single field, like `model:value=\"{{value}}\"`",
        );
        let e = el(&nodes[0]);
        assert!(matches!(&e.models[..], [(a, Expr::Member(..))] if &**a == "value"));
        assert!(matches!(e.attr("value"), Some(AttrValue::Single(_))));
        // Not a left value: bound one way, no write-back.
        let nodes = tolerated(
            "<input model:value=\"{{a + b}}\"/>",
            "pages/a/a.wxml:1:8: `model:value` needs a single data field, like \
             `model:value=\"{{value}}\"` (bound one way)",
        );
        assert!(el(&nodes[0]).models.is_empty());
        assert!(el(&nodes[0]).attr("value").is_some());
    }

    #[test]
    fn loops_know_whether_a_model_needs_item_paths() {
        let nodes = p("<view wx:for=\"{{l}}\"><view><input model:value=\"{{item}}\"/></view></view><view wx:for=\"{{l}}\"/>").expect("ok");
        let with = el(&nodes[0]).for_.as_ref().expect("a loop");
        let without = el(&nodes[1]).for_.as_ref().expect("a loop");
        assert!(with.models_inside && !without.models_inside);
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
