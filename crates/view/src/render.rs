//! Compiling a page's WXML (with its `<import>`s and `<include>`s) and rendering it over data.
//!
//! Compiling is as lenient as WeChat's compiler: what it tolerates (see [`crate::parse`]), and a
//! missing `<import>` / `<include>` target (which renders nothing), are [`Warning`]s in
//! [`Compiled::warnings`]; [`Options::strict`] makes each of them the error it would have been.
//! Rendering never fails: as in WeChat, a missing name is empty, a missing template is a
//! warning. Custom components are the [`Host`]'s business: the renderer asks it whether a tag is
//! one, hands it the evaluated properties, and renders the template it gets back over the
//! instance's data, with the element's children in its `<slot>`s.

use std::collections::{HashMap, HashSet};
use std::rc::Rc;

use serde_json::{Map, Value};

use crate::expr::{eval, to_text, Expr, Scope, Val};
use crate::parse::{
    parse, AttrValue, Cond, ParseError, Part, Pos, TElement, TNode, Warning, Warnings,
};
use crate::tree::{camel, Element, Handler, Node};
use crate::wxs::{Wxs, WxsFn, WxsModule};

/// Reads app files (`pages/index/index.wxml`) for the compiler.
pub trait Loader {
    /// The file's text, or `None` when it does not exist.
    fn read(&self, path: &str) -> Option<String>;
}

impl<F: Fn(&str) -> Option<String>> Loader for F {
    fn read(&self, path: &str) -> Option<String> {
        self(path)
    }
}

/// A page's or component's template, ready to render.
#[derive(Debug, Clone, Default)]
pub struct Compiled {
    /// The files it was built from (positions index this).
    pub files: Vec<String>,
    /// The top-level nodes, includes expanded, definitions removed.
    pub nodes: Vec<TNode>,
    /// `<template name>` definitions, its own and imported.
    pub templates: HashMap<String, Rc<TElement>>,
    /// The `<wxs>` modules its files declare (each visible in its own file only).
    pub wxs: Vec<Rc<WxsModule>>,
    /// What WeChat's compiler would let through, with `file:line:col` (empty in strict mode).
    pub warnings: Vec<Warning>,
}

/// How to compile.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Every warning is an error (`--strict`): the first one fails the compilation. Also checks
    /// event bindings on built-in components ([`crate::events_check`]).
    pub strict: bool,
}

impl Compiled {
    /// `file:line:col` for a position.
    #[must_use]
    pub fn locate(&self, pos: Pos) -> String {
        let file = self
            .files
            .get(usize::from(pos.file))
            .map_or("?", String::as_str);
        format!("{file}:{}:{}", pos.line, pos.col)
    }
}

/// Resolves `src` as written in `from` (`./a`, `../b.wxml`, `/common/c`) to an app path.
#[must_use]
pub fn resolve(from: &str, src: &str) -> String {
    let joined = match src.strip_prefix('/') {
        Some(abs) => abs.to_string(),
        None => {
            let dir = from.rsplit_once('/').map_or("", |(d, _)| d);
            if dir.is_empty() {
                src.to_string()
            } else {
                format!("{dir}/{src}")
            }
        }
    };
    let mut parts: Vec<&str> = Vec::new();
    for seg in joined.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    let path = parts.join("/");
    if path.ends_with(".wxml") {
        path
    } else {
        format!("{path}.wxml")
    }
}

struct Compiler<'a> {
    loader: &'a dyn Loader,
    out: Compiled,
    next_id: u32,
    including: Vec<String>,
    imported: HashSet<String>,
    warnings: Warnings,
}

impl Compiler<'_> {
    fn file(&mut self, path: &str) -> Result<Option<Vec<TNode>>, ParseError> {
        let Some(text) = self.loader.read(path) else {
            return Ok(None);
        };
        let index = u16::try_from(self.out.files.len()).unwrap_or(u16::MAX);
        self.out.files.push(path.to_string());
        let mut nodes = parse(path, index, &text, &mut self.next_id, &mut self.warnings)?;
        self.modules(path, &mut nodes)?;
        if self.warnings.strict {
            crate::events_check::check(path, &nodes)?;
        }
        self.including.push(path.to_string());
        let nodes = self.expand(path, nodes)?;
        self.including.pop();
        Ok(Some(nodes))
    }

    /// Declares the file's `<wxs>` modules and binds their names in its expressions (before
    /// includes are expanded: scope is by file, see [`crate::wxs`]).
    fn modules(&mut self, path: &str, nodes: &mut [TNode]) -> Result<(), ParseError> {
        let mut declared = Vec::new();
        let mut bad = Vec::new();
        crate::wxs::declared(path, nodes, &mut declared, &mut bad);
        for (line, col, message) in bad {
            self.warnings.push(Warning {
                file: path.to_string(),
                line,
                col,
                message,
            })?;
        }
        if declared.is_empty() {
            return Ok(());
        }
        let names: HashMap<String, Rc<WxsModule>> = declared
            .iter()
            .map(|m| (m.name.clone(), m.clone()))
            .collect();
        crate::wxs::bind(nodes, &names);
        self.out.wxs.extend(declared);
        Ok(())
    }

    /// The nodes of the file `el` (an `<import>` or `<include>` in `from`) names; `None` when it
    /// does not exist, which WeChat tolerates: nothing is imported or included.
    fn needed(&mut self, from: &str, el: &TElement) -> Result<Option<Vec<TNode>>, ParseError> {
        let src = el.literal("src").unwrap_or_default();
        let path = resolve(from, &src);
        let (line, col) = (el.pos.line, el.pos.col);
        if self.including.contains(&path) {
            return Err(ParseError {
                file: from.to_string(),
                line,
                col,
                message: format!("`<{}>` of {path} makes a cycle", el.tag),
            });
        }
        let nodes = self.file(&path)?;
        if nodes.is_none() {
            // UNVERIFIED beyond the corpus: wechat-app-mall ships an `<import>` of a deleted
            // template folder, and its pages open in WeChat.
            self.warnings.push(Warning {
                file: from.to_string(),
                line,
                col,
                message: format!("`<{} src=\"{src}\">`: {path} does not exist", el.tag),
            })?;
        }
        Ok(nodes)
    }

    fn expand(&mut self, path: &str, nodes: Vec<TNode>) -> Result<Vec<TNode>, ParseError> {
        let mut out = Vec::with_capacity(nodes.len());
        for n in nodes {
            let TNode::Element(mut el) = n else {
                out.push(n);
                continue;
            };
            match &*el.tag {
                "template" if el.literal("name").is_some() => {
                    let name = el.literal("name").unwrap_or_default();
                    el.children = self.expand(path, std::mem::take(&mut el.children))?;
                    self.out.templates.insert(name, Rc::new(el));
                }
                "import" => {
                    let target = resolve(path, &el.literal("src").unwrap_or_default());
                    if self.imported.insert(target) {
                        // Only the definitions matter; the file's own markup is not shown.
                        self.needed(path, &el)?;
                    }
                }
                "include" => {
                    if let Some(nodes) = self.needed(path, &el)? {
                        out.extend(nodes);
                    }
                }
                // Declared by `modules`; nothing to show.
                "wxs" => {}
                _ => {
                    el.children = self.expand(path, std::mem::take(&mut el.children))?;
                    out.push(TNode::Element(el));
                }
            }
        }
        Ok(out)
    }
}

/// Compiles `path` and what it imports and includes, leniently (see [`compile_with`]).
///
/// # Errors
/// As [`compile_with`].
pub fn compile(path: &str, loader: &dyn Loader) -> Result<Option<Compiled>, ParseError> {
    compile_with(path, loader, Options::default())
}

/// Compiles `path` and what it imports and includes.
///
/// # Errors
/// A syntax error in any of the files, an include cycle; in strict mode also the first
/// warning. `Ok(None)` when `path` itself does not exist (a page without WXML).
pub fn compile_with(
    path: &str,
    loader: &dyn Loader,
    options: Options,
) -> Result<Option<Compiled>, ParseError> {
    let mut c = Compiler {
        loader,
        out: Compiled::default(),
        next_id: 0,
        including: Vec::new(),
        imported: HashSet::new(),
        warnings: Warnings {
            strict: options.strict,
            list: Vec::new(),
        },
    };
    let Some(nodes) = c.file(path)? else {
        return Ok(None);
    };
    c.out.nodes = nodes;
    c.out.warnings = c.warnings.list;
    Ok(Some(c.out))
}

/// A custom component instance, as the host hands it to the renderer.
#[derive(Debug, Clone)]
pub struct Mount {
    /// The instance (owner of its template's elements).
    pub id: u32,
    /// Its template.
    pub compiled: Rc<Compiled>,
    /// Its data, properties included.
    pub data: Value,
}

/// What the renderer needs from the app model.
pub trait Host {
    /// Whether `tag` is a custom component where `owner` uses it (`usingComponents`).
    fn is_component(&self, owner: u32, tag: &str) -> bool;
    /// The instance for the element `key` of `owner`, created or updated with `props`.
    /// `None` when it cannot be created (the host reports why).
    fn mount(
        &mut self,
        owner: u32,
        tag: &str,
        key: &str,
        props: Map<String, Value>,
    ) -> Option<Mount>;
    /// What the user typed into the input `key` of `owner`, if anything.
    fn typed(&self, owner: u32, key: &str) -> Option<String>;
    /// The `externalClasses` of the component instance `id` (none by default).
    fn external_classes(&self, id: u32) -> Vec<String> {
        let _ = id;
        Vec::new()
    }
    /// `<open-data type>` content: the user's nickname, avatar address, ...
    fn open_data(&self, kind: &str) -> Option<String>;
    /// The runtime `<wxs>` calls go to during this render; `None`: calls are `undefined`.
    fn wxs(&self) -> Option<Rc<dyn Wxs>> {
        None
    }
}

/// A host with no components, inputs or user (for tests and benchmarks).
#[derive(Debug, Default)]
pub struct NoHost;

impl Host for NoHost {
    fn is_component(&self, _: u32, _: &str) -> bool {
        false
    }
    fn mount(&mut self, _: u32, _: &str, _: &str, _: Map<String, Value>) -> Option<Mount> {
        None
    }
    fn typed(&self, _: u32, _: &str) -> Option<String> {
        None
    }
    fn open_data(&self, _: &str) -> Option<String> {
        None
    }
}

/// A render's result.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    /// The tree.
    pub nodes: Vec<Node>,
    /// What WeChat would warn about (a missing template), with `file:line:col`.
    pub warnings: Vec<String>,
}

/// Nesting limit for templates and components (recursive templates end here with a warning).
const MAX_DEPTH: usize = 64;

/// Elements one render may produce; past it the page is cut short with a warning (nested
/// `wx:for` over large numbers would otherwise run away).
pub const MAX_ELEMENTS: usize = 100_000;

struct Frame<'c> {
    compiled: &'c Compiled,
    owner: u32,
    slot: &'c [Node],
    iter: String,
    /// The owner's external classes: name -> the classes its parent gave (already resolved).
    classes: Rc<ClassMap>,
}

/// External class names of a component and the classes they stand for.
type ClassMap = HashMap<String, String>;

/// `class` as the owner's external classes resolve it (glass-easel's `ClassList`
/// `_$resolvePrefixes`): an external class name is replaced by the classes the parent gave for
/// it, and dropped when the parent gave none; other names stay. Tokens split as glass-easel
/// splits them (`[^\s.,]+`).
fn resolve_classes(text: &str, map: &ClassMap) -> String {
    let mut out: Vec<&str> = Vec::new();
    for token in text.split(|c: char| c.is_whitespace() || c == '.' || c == ',') {
        if token.is_empty() {
            continue;
        }
        match map.get(token) {
            Some(given) => out.extend(given.split_whitespace()),
            None => out.push(token),
        }
    }
    out.join(" ")
}

struct Renderer<'h> {
    host: &'h mut dyn Host,
    wxs: Option<Rc<dyn Wxs>>,
    warnings: Vec<String>,
    depth: usize,
    elements: usize,
    /// `wx:for` variables in scope, innermost last, with the data path of each (the item of a
    /// list that is itself a left value; `None` for an index, or an item of a computed list):
    /// what a `model:` on `item.name` writes back to. Kept only where a `model:` needs it.
    paths: Vec<(String, Option<String>)>,
}

/// `base.key` or `base[n]` as `setData` reads a path; `None` for a key no path can spell.
fn path_step(base: &str, key: &Value) -> Option<String> {
    match key {
        Value::Number(n) => n.as_u64().map(|i| format!("{base}[{i}]")),
        Value::String(k) if !k.is_empty() && !k.contains(['.', '[', ']']) => {
            Some(format!("{base}.{k}"))
        }
        _ => None,
    }
}

fn interp(parts: &[Part], scope: &Scope<'_>) -> String {
    let mut s = String::new();
    for p in parts {
        match p {
            Part::Lit(t) => s.push_str(t),
            Part::Expr(e) => s.push_str(&eval(e, scope).text()),
        }
    }
    s
}

/// An attribute's value; `None` when it evaluates to `undefined`.
fn value(v: &AttrValue, scope: &Scope<'_>) -> Option<Value> {
    match v {
        AttrValue::Bare => Some(Value::Bool(true)),
        AttrValue::Single(e) => eval(e, scope).get().cloned(),
        AttrValue::Parts(p) => Some(Value::String(interp(p, scope))),
    }
}

/// `bindtap="{{m.onTap}}"`: the WXS function a binding names, when it is a path into a module.
fn wxs_handler(v: &AttrValue, scope: &Scope<'_>) -> Option<WxsFn> {
    let AttrValue::Single(e) = v else { return None };
    let (module, keys) = crate::wxs::target(e)?;
    if keys.is_empty() {
        return None;
    }
    let path = keys.iter().map(|k| eval(k, scope).text()).collect();
    Some(WxsFn {
        module: module.clone(),
        path,
    })
}

fn truthy(v: &AttrValue, scope: &Scope<'_>) -> bool {
    match v {
        AttrValue::Bare => true,
        AttrValue::Single(e) => eval(e, scope).truthy(),
        AttrValue::Parts(p) => !interp(p, scope).is_empty(),
    }
}

impl Renderer<'_> {
    /// The data path a `model:` on `e` writes back to, as glass-easel resolves it: a field, a
    /// member of a left value, the taken branch of a condition, a `wx:for-item` over a left
    /// value (`list[2]`).
    fn lvalue(&self, e: &Expr, scope: &Scope<'_>) -> Option<String> {
        match e {
            Expr::Name(n) => match self.paths.iter().rev().find(|(name, _)| name == n) {
                Some((_, path)) => path.clone(),
                None => Some(n.clone()),
            },
            Expr::Member(obj, key) => {
                let base = self.lvalue(obj, scope)?;
                path_step(&base, eval(key, scope).get()?)
            }
            Expr::Cond(t, y, n) => {
                if eval(t, scope).truthy() {
                    self.lvalue(y, scope)
                } else {
                    self.lvalue(n, scope)
                }
            }
            _ => None,
        }
    }

    fn nodes(&mut self, f: &Frame<'_>, list: &[TNode], scope: &Scope<'_>, out: &mut Vec<Node>) {
        // Whether an earlier branch of the current wx:if chain was taken.
        let mut taken = true;
        for n in list {
            let e = match n {
                TNode::Text(parts) => {
                    out.push(Node::Text(interp(parts, scope)));
                    continue;
                }
                TNode::Element(e) => e,
            };
            if e.for_.is_some() {
                taken = true;
                self.list(f, e, scope, out);
                continue;
            }
            let show = match &e.cond {
                None => {
                    taken = true;
                    true
                }
                Some(Cond::If(v)) => {
                    taken = truthy(v, scope);
                    taken
                }
                Some(Cond::Elif(v)) => {
                    let show = !taken && truthy(v, scope);
                    taken |= show;
                    show
                }
                Some(Cond::Else) => {
                    let show = !taken;
                    taken = true;
                    show
                }
            };
            if show {
                self.element(f, e, scope, out);
            }
        }
    }

    fn list(&mut self, f: &Frame<'_>, e: &TElement, scope: &Scope<'_>, out: &mut Vec<Node>) {
        let Some(spec) = &e.for_ else { return };
        let items: Val<'_> = match &spec.items {
            AttrValue::Single(x) => eval(x, scope),
            AttrValue::Parts(p) => Val::Own(Value::String(interp(p, scope))),
            AttrValue::Bare => Val::Undefined,
        };
        // (index or key, item): arrays by index, objects by key, numbers as 0..n, strings by char.
        let owned: Vec<(Value, Value)>;
        let pairs: Vec<(Value, &Value)> = match items.get() {
            Some(Value::Array(a)) => a
                .iter()
                .enumerate()
                .map(|(i, v)| (Value::from(i), v))
                .collect(),
            Some(Value::Object(m)) => m
                .iter()
                .map(|(k, v)| (Value::from(k.as_str()), v))
                .collect(),
            Some(Value::Number(n)) => {
                let count = n.as_f64().unwrap_or(0.0).clamp(0.0, 100_000.0);
                #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
                let count = count as usize;
                owned = (0..count)
                    .map(|i| (Value::from(i), Value::from(i)))
                    .collect();
                owned.iter().map(|(k, v)| (k.clone(), v)).collect()
            }
            Some(Value::String(s)) => {
                owned = s
                    .chars()
                    .enumerate()
                    .map(|(i, c)| (Value::from(i), Value::String(c.to_string())))
                    .collect();
                owned.iter().map(|(k, v)| (k.clone(), v)).collect()
            }
            _ => Vec::new(),
        };
        let base = match &spec.items {
            AttrValue::Single(x) if spec.models_inside => self.lvalue(x, scope),
            _ => None,
        };
        let (keys, shared) = crate::keys::list_keys(&pairs, spec.key.as_deref());
        if !shared.is_empty() {
            self.warnings.push(format!(
                "{}: Some keys are not unique while list updates: \"{}\".",
                f.compiled.locate(e.pos),
                shared.join("\", \"")
            ));
        }
        for ((index, item), key) in pairs.iter().zip(keys) {
            let s1 = Scope::Var {
                parent: scope,
                name: &spec.item,
                value: item,
            };
            let s2 = Scope::Var {
                parent: &s1,
                name: &spec.index,
                value: index,
            };
            if let Some(Cond::If(v)) = &e.cond {
                if !truthy(v, &s2) {
                    continue;
                }
            }
            let inner = Frame {
                compiled: f.compiled,
                owner: f.owner,
                slot: f.slot,
                iter: format!("{}{}={key};", f.iter, e.id),
                classes: f.classes.clone(),
            };
            if spec.models_inside {
                let item_path = base.as_deref().and_then(|b| path_step(b, index));
                self.paths.push((spec.item.clone(), item_path));
                self.paths.push((spec.index.clone(), None));
                self.element(&inner, e, &s2, out);
                self.paths.truncate(self.paths.len().saturating_sub(2));
            } else {
                self.element(&inner, e, &s2, out);
            }
        }
    }

    fn element(&mut self, f: &Frame<'_>, e: &TElement, scope: &Scope<'_>, out: &mut Vec<Node>) {
        self.elements += 1;
        if self.elements > MAX_ELEMENTS {
            if self.elements == MAX_ELEMENTS + 1 {
                self.warnings.push(format!(
                    "{}: more than {MAX_ELEMENTS} elements; the rest of the page is not rendered",
                    f.compiled.locate(e.pos)
                ));
            }
            return;
        }
        match &*e.tag {
            "block" => return self.nodes(f, &e.children, scope, out),
            "template" => return self.template(f, e, scope, out),
            "slot" => {
                let name = e
                    .attr("name")
                    .and_then(|v| value(v, scope))
                    .map(|v| to_text(&v));
                for n in f.slot {
                    let slot_of = match n {
                        Node::Element(c) => c.attr("slot").map(to_text),
                        Node::Text(_) => None,
                    };
                    if slot_of.as_deref().unwrap_or("") == name.as_deref().unwrap_or("") {
                        out.push(n.clone());
                    }
                }
                return;
            }
            "import" | "include" | "wxs" => return,
            _ => {}
        }
        let mut attrs = Vec::with_capacity(e.attrs.len());
        for (n, v) in &e.attrs {
            if let Some(v) = value(v, scope) {
                let v = if !f.classes.is_empty() && &**n == "class" {
                    Value::String(resolve_classes(&to_text(&v), &f.classes))
                } else {
                    v
                };
                attrs.push((n.clone(), v));
            }
        }
        let handlers = e
            .events
            .iter()
            .filter_map(|h| {
                if let Some(f) = wxs_handler(&h.method, scope) {
                    return Some(Handler {
                        kind: h.kind,
                        event: h.event.clone(),
                        method: format!("{}.{}", f.module.name, f.path.join(".")),
                        colon: h.colon,
                        wxs: Some(Rc::new(f)),
                    });
                }
                let method = value(&h.method, scope).map(|v| to_text(&v))?;
                (!method.is_empty()).then(|| Handler {
                    kind: h.kind,
                    event: h.event.clone(),
                    method,
                    colon: h.colon,
                    wxs: None,
                })
            })
            .collect();
        let marks = e
            .marks
            .iter()
            .filter_map(|(n, v)| Some((n.clone(), value(v, scope)?)))
            .collect();
        let key: Rc<str> = Rc::from(format!("{}{}", f.iter, e.id));
        let mut el = Element {
            tag: e.tag.clone(),
            attrs,
            handlers,
            marks,
            models: e
                .models
                .iter()
                .filter_map(|(attr, x)| Some((attr.clone(), self.lvalue(x, scope)?)))
                .collect(),
            children: Vec::new(),
            owner: f.owner,
            component: None,
            key,
        };
        if &*e.tag == "open-data" {
            self.open_data(&mut el);
        } else if self.host.is_component(f.owner, &e.tag) {
            self.component(f, e, scope, &mut el);
        } else {
            self.nodes(f, &e.children, scope, &mut el.children);
            if matches!(&*e.tag, "input" | "textarea") {
                if let Some(typed) = self.host.typed(f.owner, &el.key) {
                    el.attrs.retain(|(n, _)| &**n != "value");
                    el.attrs.push((Rc::from("value"), Value::String(typed)));
                }
            }
        }
        out.push(Node::Element(el));
    }

    fn open_data(&mut self, el: &mut Element) {
        let kind = el.attr_text("type");
        let Some(v) = self.host.open_data(&kind) else {
            return;
        };
        if kind == "userAvatarUrl" {
            el.children.push(Node::Element(Element {
                tag: Rc::from("image"),
                attrs: vec![(Rc::from("src"), Value::String(v))],
                handlers: Vec::new(),
                marks: Vec::new(),
                models: Vec::new(),
                children: Vec::new(),
                owner: el.owner,
                component: None,
                key: Rc::from(format!("{}/avatar", el.key)),
            }));
        } else {
            el.children.push(Node::Text(v));
        }
    }

    fn component(&mut self, f: &Frame<'_>, e: &TElement, scope: &Scope<'_>, el: &mut Element) {
        if self.depth >= MAX_DEPTH {
            self.warnings.push(format!(
                "{}: components nested deeper than {MAX_DEPTH}: <{}> not rendered",
                f.compiled.locate(e.pos),
                e.tag
            ));
            return;
        }
        let mut slot = Vec::new();
        self.nodes(f, &e.children, scope, &mut slot);
        let props: Map<String, Value> = el
            .attrs
            .iter()
            .filter(|(n, _)| {
                !n.starts_with("data-") && !matches!(&**n, "id" | "class" | "style" | "slot")
            })
            .map(|(n, v)| (camel(n), v.clone()))
            .collect();
        let Some(m) = self.host.mount(f.owner, &e.tag, &el.key, props) else {
            return;
        };
        el.component = Some(m.id);
        // The classes the parent gives each external class, resolved through the parent's own
        // external classes (a component passing its `custom-class` on to a child).
        let mut classes = ClassMap::new();
        for name in self.host.external_classes(m.id) {
            let given = el.attr(&name).map(to_text).unwrap_or_default();
            let given = if f.classes.is_empty() {
                given
            } else {
                resolve_classes(&given, &f.classes)
            };
            classes.insert(name, given);
        }
        let inner = Frame {
            compiled: &m.compiled,
            owner: m.id,
            slot: &slot,
            iter: String::new(),
            classes: Rc::new(classes),
        };
        self.depth += 1;
        let outer = std::mem::take(&mut self.paths);
        let mut children = Vec::new();
        let wxs = self.wxs.clone();
        self.nodes(
            &inner,
            &m.compiled.nodes,
            &Scope::root(&m.data, wxs.as_deref()),
            &mut children,
        );
        self.paths = outer;
        self.depth -= 1;
        el.children = children;
    }

    fn template(&mut self, f: &Frame<'_>, e: &TElement, scope: &Scope<'_>, out: &mut Vec<Node>) {
        let name = e
            .attr("is")
            .and_then(|v| value(v, scope))
            .map(|v| to_text(&v));
        let Some(name) = name else {
            self.warnings.push(format!(
                "{}: <template> needs `name` or `is`",
                f.compiled.locate(e.pos)
            ));
            return;
        };
        let Some(def) = f.compiled.templates.get(&name).cloned() else {
            self.warnings.push(format!(
                "{}: Template `{name}` not found.",
                f.compiled.locate(e.pos)
            ));
            return;
        };
        if self.depth >= MAX_DEPTH {
            self.warnings.push(format!(
                "{}: templates nested deeper than {MAX_DEPTH}: `{name}` not rendered",
                f.compiled.locate(e.pos)
            ));
            return;
        }
        // `data="{{item}}"` is shorthand for `{{item: item}}`.
        let data = match e.attr("data") {
            Some(AttrValue::Single(Expr::Name(n))) => {
                let mut m = Map::new();
                if let Some(v) = scope.lookup(n) {
                    m.insert(n.clone(), v.clone());
                }
                Value::Object(m)
            }
            Some(v) => value(v, scope).unwrap_or(Value::Null),
            None => Value::Object(Map::new()),
        };
        self.depth += 1;
        // A template sees only its `data`: the loop variables around it are not in scope.
        let outer = std::mem::take(&mut self.paths);
        let wxs = self.wxs.clone();
        self.nodes(f, &def.children, &Scope::root(&data, wxs.as_deref()), out);
        self.paths = outer;
        self.depth -= 1;
    }
}

/// Renders `compiled` over `data` as `owner`'s template.
pub fn render(compiled: &Compiled, data: &Value, owner: u32, host: &mut dyn Host) -> Rendered {
    let wxs = host.wxs();
    let mut r = Renderer {
        wxs: wxs.clone(),
        host,
        warnings: Vec::new(),
        depth: 0,
        elements: 0,
        paths: Vec::new(),
    };
    let frame = Frame {
        compiled,
        owner,
        slot: &[],
        iter: String::new(),
        classes: Rc::default(),
    };
    let mut nodes = Vec::new();
    r.nodes(
        &frame,
        &compiled.nodes,
        &Scope::root(data, wxs.as_deref()),
        &mut nodes,
    );
    Rendered {
        nodes,
        warnings: r.warnings,
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::tree::to_wxml;

    fn files(list: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<String> {
        move |p: &str| {
            list.iter()
                .find(|(n, _)| *n == p)
                .map(|(_, t)| (*t).to_string())
        }
    }

    fn show(src: &'static str, data: Value) -> String {
        let leaked: &'static [(&'static str, &'static str)] =
            Box::leak(Box::new([("p.wxml", src)]));
        let c = compile("p.wxml", &files(leaked)).expect("ok").expect("ok");
        let r = render(&c, &data, 1, &mut NoHost);
        assert!(r.warnings.is_empty(), "{:?}", r.warnings);
        to_wxml(&r.nodes)
    }

    #[test]
    fn missing_or_repeated_wx_keys_fall_back_to_the_index() {
        let leaked: &'static [(&'static str, &'static str)] = Box::leak(Box::new([(
            "p.wxml",
            "<view wx:for=\"{{list}}\" wx:key=\"k\">{{item.n}}</view>",
        )]));
        let c = compile("p.wxml", &files(leaked)).expect("ok").expect("ok");
        let data = json!({"list": [{"n": 1}, {"n": 2}, {"n": 3, "k": "a"}, {"n": 4, "k": "a"}]});
        let r = render(&c, &data, 1, &mut NoHost);
        let keys: HashSet<String> = r
            .nodes
            .iter()
            .filter_map(|n| match n {
                Node::Element(e) => Some(e.key.to_string()),
                Node::Text(_) => None,
            })
            .collect();
        assert_eq!(keys.len(), 4, "{keys:?}");
    }

    #[test]
    fn external_classes_resolve_to_the_given_classes_or_nothing() {
        let map: ClassMap = [
            ("custom-class".to_string(), "red  big".to_string()),
            ("title-class".to_string(), String::new()),
        ]
        .into_iter()
        .collect();
        assert_eq!(
            resolve_classes("custom-class box title-class  t", &map),
            "red big box t"
        );
        assert_eq!(resolve_classes("plain", &ClassMap::new()), "plain");
    }

    #[test]
    fn conditions_lists_and_blocks() {
        let out = show(
            r#"<view wx:if="{{n > 1}}">many</view><view wx:elif="{{n == 1}}">one</view><view wx:else>none</view>
<block wx:for="{{list}}" wx:key="id"><text data-id="{{item.id}}">{{index}}:{{item.name}}</text></block>
<view wx:for="{{3}}" wx:for-item="i" hidden="{{i == 1}}">{{i}}</view>"#,
            json!({"n": 1, "list": [{"id": "a", "name": "A"}, {"id": "b", "name": "B"}]}),
        );
        assert_eq!(
            out,
            "<view>one</view>\n<text data-id=\"a\">0:A</text>\n<text data-id=\"b\">1:B</text>\n\
             <view hidden=\"false\">0</view>\n<view hidden>1</view>\n<view hidden=\"false\">2</view>\n"
        );
    }

    #[test]
    fn templates_imports_and_includes() {
        let list: &'static [(&'static str, &'static str)] = &[
            ("pages/a/a.wxml", "<import src=\"../../t/item\"/><include src=\"/t/header.wxml\"/><template is=\"item\" data=\"{{...user, tag: 'x'}}\"/>"),
            ("t/item.wxml", "<template name=\"item\"><text>{{name}}/{{tag}}</text></template>"),
            ("t/header.wxml", "<template name=\"unused\"/><view class=\"h\">{{title}}</view>"),
        ];
        let c = compile("pages/a/a.wxml", &files(list))
            .expect("ok")
            .expect("ok");
        let r = render(
            &c,
            &json!({"title": "T", "user": {"name": "N"}}),
            1,
            &mut NoHost,
        );
        assert_eq!(
            to_wxml(&r.nodes),
            "<view class=\"h\">T</view>\n<text>N/x</text>\n"
        );
        assert_eq!(c.files, ["pages/a/a.wxml", "t/item.wxml", "t/header.wxml"]);
    }

    #[test]
    fn include_cycles_are_errors() {
        let list: &'static [(&'static str, &'static str)] = &[
            ("a.wxml", "<view>\n  <include src=\"b\"/></view>"),
            ("b.wxml", "<include src=\"a\"/>"),
        ];
        let e = compile("a.wxml", &files(list)).expect_err("fails");
        assert_eq!(
            e.to_string(),
            "b.wxml:1:1: `<include>` of a.wxml makes a cycle"
        );
    }

    #[test]
    fn missing_imports_and_includes_render_nothing() {
        let list: &'static [(&'static str, &'static str)] = &[
            (
                "pages/c.wxml",
                "<import src=\"/gone/t\"/>\n<view>a</view>\n  <include src=\"nope\"/><view>b</view>",
            ),
            ("pages/d.wxml", "<include src=\"e\"/>"),
            ("pages/e.wxml", "<view wx:show=\"{{x}}\"/>"),
        ];
        let c = compile("pages/c.wxml", &files(list))
            .expect("ok")
            .expect("ok");
        let shown: Vec<String> = c.warnings.iter().map(ToString::to_string).collect();
        assert_eq!(
            shown,
            [
                "pages/c.wxml:1:1: `<import src=\"/gone/t\">`: gone/t.wxml does not exist",
                "pages/c.wxml:3:3: `<include src=\"nope\">`: pages/nope.wxml does not exist"
            ]
        );
        let r = render(&c, &json!({}), 1, &mut NoHost);
        assert_eq!(to_wxml(&r.nodes), "<view>a</view>\n<view>b</view>\n");
        let strict = Options { strict: true };
        let e = compile_with("pages/c.wxml", &files(list), strict).expect_err("strict fails");
        assert_eq!(e.to_string(), shown[0]);
        // An included file's warnings name that file.
        let c = compile("pages/d.wxml", &files(list))
            .expect("ok")
            .expect("ok");
        assert_eq!(
            c.warnings[0].to_string(),
            "pages/e.wxml:1:7: unknown directive `wx:show`"
        );
    }

    #[test]
    fn strict_mode_checks_event_bindings() {
        let list: &'static [(&'static str, &'static str)] =
            &[("p.wxml", "<button bindgetusrinfo=\"onUser\">go</button>")];
        let lenient = compile("p.wxml", &files(list)).expect("ok").expect("ok");
        assert!(
            lenient.warnings.is_empty(),
            "lenient mode does not check events"
        );
        let e = compile_with("p.wxml", &files(list), Options { strict: true })
            .expect_err("strict mode does");
        assert!(
            e.to_string().starts_with("p.wxml:1:1: `bindgetusrinfo`"),
            "{e}"
        );
    }

    /// The (attribute, data path) pairs of every element, in document order.
    fn models(nodes: &[Node], out: &mut Vec<(String, String)>) {
        for n in nodes {
            if let Node::Element(e) = n {
                for (a, p) in &e.models {
                    out.push((a.to_string(), p.clone()));
                }
                models(&e.children, out);
            }
        }
    }

    #[test]
    fn model_bindings_write_back_to_data_paths() {
        let list: &'static [(&'static str, &'static str)] = &[(
            "p.wxml",
            r#"<input model:value="{{name}}"/><input model:value="{{form.name}}"/>
<input model:value="{{rows[k].v}}"/><input model:value="{{flag ? form.a : form.b}}"/>
<view wx:for="{{list}}" wx:for-item="row"><input model:value="{{row.name}}"/><input model:value="{{index}}"/></view>
<view wx:for="{{list || []}}"><input model:value="{{item.name}}"/></view>
<template name="t"><input model:value="{{item}}"/></template>
<view wx:for="{{list}}"><template is="t" data="{{item: 1}}"/></view>"#,
        )];
        let c = compile("p.wxml", &files(list)).expect("ok").expect("ok");
        let data = json!({"k": 1, "flag": false, "list": [{"name": "a"}, {"name": "b"}]});
        let r = render(&c, &data, 1, &mut NoHost);
        let mut got = Vec::new();
        models(&r.nodes, &mut got);
        let got: Vec<String> = got.into_iter().map(|(a, p)| format!("{a}={p}")).collect();
        assert_eq!(
            got,
            [
                "value=name",
                "value=form.name",
                "value=rows[1].v",
                "value=form.b",
                "value=list[0].name",
                "value=list[1].name",
                // The item of a computed list, an index: one way only (glass-easel's
                // "invalid model value binding for items").
                // A template's `item` is its own data, not the loop's.
                "value=item",
                "value=item",
            ]
        );
    }

    #[test]
    fn runaway_lists_are_cut_short() {
        let list: &'static [(&'static str, &'static str)] = &[(
            "p.wxml",
            "<view wx:for=\"{{100000}}\"><view wx:for=\"{{100000}}\"/></view>",
        )];
        let c = compile("p.wxml", &files(list)).expect("ok").expect("ok");
        let r = render(&c, &json!({}), 1, &mut NoHost);
        assert_eq!(r.warnings.len(), 1, "{:?}", r.warnings);
        assert!(r.warnings[0].contains("more than 100000 elements"));
    }

    #[test]
    fn missing_templates_warn_with_position() {
        let list: &'static [(&'static str, &'static str)] =
            &[("p.wxml", "<view/>\n<template is=\"ghost\"/>")];
        let c = compile("p.wxml", &files(list)).expect("ok").expect("ok");
        let r = render(&c, &json!({}), 1, &mut NoHost);
        assert_eq!(r.warnings, ["p.wxml:2:1: Template `ghost` not found."]);
    }

    /// Answers calls with what was called, so tests see which module each file resolved.
    struct Echo;

    impl Wxs for Echo {
        fn value(&self, module: &WxsModule, path: &[Value]) -> Option<Value> {
            Some(Value::String(format!(
                "{}:{}",
                module.id,
                Value::from(path.to_vec())
            )))
        }
        fn call(
            &self,
            module: &WxsModule,
            path: &[Value],
            args: &[Option<Value>],
        ) -> Option<Value> {
            let args: Vec<Value> = args
                .iter()
                .map(|a| a.clone().unwrap_or(Value::String("undefined".into())))
                .collect();
            Some(Value::String(format!(
                "{}:{}{}",
                module.id,
                Value::from(path.to_vec()),
                Value::from(args)
            )))
        }
    }

    struct EchoHost;

    impl Host for EchoHost {
        fn is_component(&self, _: u32, _: &str) -> bool {
            false
        }
        fn mount(&mut self, _: u32, _: &str, _: &str, _: Map<String, Value>) -> Option<Mount> {
            None
        }
        fn typed(&self, _: u32, _: &str) -> Option<String> {
            None
        }
        fn open_data(&self, _: &str) -> Option<String> {
            None
        }
        fn wxs(&self) -> Option<Rc<dyn Wxs>> {
            Some(Rc::new(Echo))
        }
    }

    #[test]
    fn wxs_modules_are_scoped_by_file() {
        let list: &'static [(&'static str, &'static str)] = &[
            (
                "pages/a/a.wxml",
                "<import src=\"/t/item\"/><include src=\"/t/part\"/>\
                 <text>{{m.f(x, nope)}}</text><text>{{m.K}}</text><text>{{u.g(1)}}</text>\
                 <template is=\"item\"/><view bindtap=\"{{m.on.tap}}\" bind:touchstart=\"plain\"/>\
                 <wxs module=\"m\" src=\"./m.wxs\"/>",
            ),
            (
                "t/item.wxml",
                "<wxs module=\"u\">module.exports = {}</wxs>\
                 <template name=\"item\"><text>{{u.g(2)}}|{{m.f(3)}}</text></template>",
            ),
            (
                "t/part.wxml",
                "<wxs module=\"p\" src=\"../w/p.wxs\"/><text>{{p.h()}}|{{m.f(4)}}</text>",
            ),
        ];
        let c = compile("pages/a/a.wxml", &files(list))
            .expect("ok")
            .expect("ok");
        let ids: Vec<&str> = c.wxs.iter().map(|m| m.id.as_str()).collect();
        assert_eq!(ids, ["pages/a/m.wxs", "t/item.wxml#u", "w/p.wxs"]);
        let r = render(&c, &json!({"x": 5}), 1, &mut EchoHost);
        assert_eq!(
            to_wxml(&r.nodes),
            // The include sees its own file's module, not the includer's; the page sees its
            // own `m` (declared after use) and not the imported file's `u`; the template sees
            // the modules of the file that defines it.
            "<text>w/p.wxs:[\"h\"][]|</text>\n\
             <text>pages/a/m.wxs:[\"f\"][5,\"undefined\"]</text>\n\
             <text>pages/a/m.wxs:[\"K\"]</text>\n<text></text>\n\
             <text>t/item.wxml#u:[\"g\"][2]|</text>\n\
             <view bindtap=\"m.on.tap\" bind:touchstart=\"plain\" />\n"
        );
        let mut handlers = Vec::new();
        for n in &r.nodes {
            if let Node::Element(e) = n {
                handlers.extend(
                    e.handlers
                        .iter()
                        .map(|h| h.wxs.as_ref().map(|f| f.path.join("."))),
                );
            }
        }
        assert_eq!(handlers, [Some("on.tap".to_string()), None]);
        // Without a runtime, calls are undefined.
        let r = render(&c, &json!({"x": 5}), 1, &mut NoHost);
        assert!(
            to_wxml(&r.nodes).starts_with("<text>|</text>\n<text></text>"),
            "{}",
            to_wxml(&r.nodes)
        );
    }

    #[test]
    fn wxs_src_may_not_leave_the_app() {
        let list: &'static [(&'static str, &'static str)] = &[(
            "p.wxml",
            "<wxs module=\"m\" src=\"../../x.wxs\"/><text>{{m.f()}}</text>",
        )];
        let c = compile("p.wxml", &files(list)).expect("ok").expect("ok");
        assert!(c.wxs.is_empty());
        assert_eq!(
            c.warnings[0].to_string(),
            "p.wxml:1:1: `<wxs src=\"../../x.wxs\">` leaves the app directory"
        );
    }
}
