//! `<wxs>` modules as the template sees them: what a WXML file declares, which names in its
//! expressions are modules, and the [`Wxs`] runtime the renderer calls into.
//!
//! Scope, as WeChat documents it (developers.weixin.qq.com/miniprogram/dev/reference/wxs/
//! 01wxs-module.html, "注意事项"): a module is visible only in the WXML file that declares it;
//! `<import>` and `<include>` do not bring a file's modules into the file that imports or
//! includes it; a `<template>` sees the modules of the file that defines it. That is lexical
//! scope by file, so the compiler resolves module names per file, before includes are expanded:
//! a name that is a module of its file becomes [`crate::expr::Expr::Wxs`]. UNVERIFIED: that the
//! markup an `<include>` brings in keeps seeing its own file's modules (the docs only say the
//! includer does not get them; lexical scope is what glass-easel's per-file code generation
//! gives).
//!
//! Nothing here runs script: the app model implements [`Wxs`].

use std::collections::HashMap;
use std::rc::Rc;

use serde_json::Value;

use crate::expr::{Expr, Item, Prop};
use crate::parse::{AttrValue, Cond, Part, TElement, TNode};

/// A `<wxs>` module as declared.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WxsModule {
    /// Identity of the module's instance: the `.wxs` path for `src` modules (one instance per
    /// app: "wxs 模块均为单例"), `file.wxml#name` for inline ones.
    pub id: String,
    /// `module="name"`.
    pub name: String,
    /// The WXML file that declares it.
    pub file: String,
    /// Where the `<wxs>` tag is.
    pub line: u32,
    /// Its column.
    pub col: u32,
    /// `src`, resolved to an app path; `None` for an inline module.
    pub src: Option<String>,
    /// The inline body (the script between the tags).
    pub body: Option<Rc<str>>,
}

/// A WXS function bound as an event handler (`bindtap="{{m.onTap}}"`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WxsFn {
    /// The module.
    pub module: Rc<WxsModule>,
    /// The property path to the function (`["onTap"]`).
    pub path: Vec<String>,
}

/// Runs WXS for the renderer (implemented by the app model; `&self` because expressions are
/// evaluated while the host is borrowed, so implementations keep their engine in a cell).
pub trait Wxs {
    /// The value at `path` in `module`'s exports (`m.CONST`, `m` itself for an empty path);
    /// `None` for `undefined` or a module that failed to load.
    fn value(&self, module: &WxsModule, path: &[Value]) -> Option<Value>;
    /// Calls the function at `path` in `module`'s exports with `args` (`None` is `undefined`);
    /// `None` for `undefined`, a thrown error (reported by the implementation) or a module that
    /// failed to load.
    fn call(&self, module: &WxsModule, path: &[Value], args: &[Option<Value>]) -> Option<Value>;
}

/// `src` of a `<wxs>` in `from`, resolved to an app path; `None` when it climbs out of the app.
#[must_use]
pub fn resolve_src(from: &str, src: &str) -> Option<String> {
    let joined = match src.strip_prefix('/') {
        Some(abs) => abs.to_string(),
        None => match from.rsplit_once('/') {
            Some((dir, _)) => format!("{dir}/{src}"),
            None => src.to_string(),
        },
    };
    let mut parts: Vec<&str> = Vec::new();
    for seg in joined.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    Some(parts.join("/"))
}

/// The modules `nodes` (one file's, before expansion) declare, at any depth.
pub(crate) fn declared(
    file: &str,
    nodes: &[TNode],
    out: &mut Vec<Rc<WxsModule>>,
    bad: &mut Vec<(u32, u32, String)>,
) {
    for n in nodes {
        let TNode::Element(el) = n else { continue };
        if &*el.tag != "wxs" {
            declared(file, &el.children, out, bad);
            continue;
        }
        let Some(name) = el.literal("module").filter(|m| !m.is_empty()) else {
            bad.push((
                el.pos.line,
                el.pos.col,
                "`<wxs>` needs a `module` name".into(),
            ));
            continue;
        };
        let body: String = el
            .children
            .iter()
            .filter_map(|c| match c {
                TNode::Text(parts) => Some(
                    parts
                        .iter()
                        .map(|p| match p {
                            Part::Lit(t) => t.as_str(),
                            Part::Expr(_) => "",
                        })
                        .collect::<String>(),
                ),
                TNode::Element(_) => None,
            })
            .collect();
        let src = el.literal("src").filter(|s| !s.is_empty());
        let (id, src) = match src {
            Some(s) => match resolve_src(file, &s) {
                Some(p) => (p.clone(), Some(p)),
                None => {
                    bad.push((
                        el.pos.line,
                        el.pos.col,
                        format!("`<wxs src=\"{s}\">` leaves the app directory"),
                    ));
                    continue;
                }
            },
            None => (format!("{file}#{name}"), None),
        };
        if out.iter().any(|m| m.name == name) {
            bad.push((
                el.pos.line,
                el.pos.col,
                format!("`<wxs module=\"{name}\">` is declared twice in this file"),
            ));
            continue;
        }
        out.push(Rc::new(WxsModule {
            id,
            name,
            file: file.to_string(),
            line: el.pos.line,
            col: el.pos.col,
            body: src.is_none().then(|| Rc::from(body.as_str())),
            src,
        }));
    }
}

/// Turns the names in `nodes` that are modules into [`Expr::Wxs`].
pub(crate) fn bind(nodes: &mut [TNode], modules: &HashMap<String, Rc<WxsModule>>) {
    for n in nodes {
        match n {
            TNode::Text(parts) => bind_parts(parts, modules),
            TNode::Element(el) => bind_element(el, modules),
        }
    }
}

fn bind_element(el: &mut TElement, m: &HashMap<String, Rc<WxsModule>>) {
    for (_, v) in &mut el.attrs {
        bind_attr(v, m);
    }
    for e in &mut el.events {
        bind_attr(&mut e.method, m);
    }
    for (_, v) in &mut el.marks {
        bind_attr(v, m);
    }
    for (_, x) in &mut el.models {
        bind_expr(x, m);
    }
    match &mut el.cond {
        Some(Cond::If(v) | Cond::Elif(v)) => bind_attr(v, m),
        Some(Cond::Else) | None => {}
    }
    if let Some(f) = &mut el.for_ {
        bind_attr(&mut f.items, m);
    }
    bind(&mut el.children, m);
}

fn bind_attr(v: &mut AttrValue, m: &HashMap<String, Rc<WxsModule>>) {
    match v {
        AttrValue::Bare => {}
        AttrValue::Single(e) => bind_expr(e, m),
        AttrValue::Parts(p) => bind_parts(p, m),
    }
}

fn bind_parts(parts: &mut [Part], m: &HashMap<String, Rc<WxsModule>>) {
    for p in parts {
        if let Part::Expr(e) = p {
            bind_expr(e, m);
        }
    }
}

fn bind_expr(e: &mut Expr, m: &HashMap<String, Rc<WxsModule>>) {
    match e {
        Expr::Name(n) => {
            if let Some(module) = m.get(n.as_str()) {
                *e = Expr::Wxs(module.clone());
            }
        }
        Expr::Lit(_) | Expr::Undefined | Expr::Wxs(_) => {}
        Expr::Member(a, b) | Expr::Binary(_, a, b) | Expr::And(a, b) | Expr::Or(a, b) => {
            bind_expr(a, m);
            bind_expr(b, m);
        }
        Expr::Call(f, args) => {
            bind_expr(f, m);
            for a in args {
                bind_expr(a, m);
            }
        }
        Expr::Unary(_, a) => bind_expr(a, m),
        Expr::Cond(a, b, c) => {
            bind_expr(a, m);
            bind_expr(b, m);
            bind_expr(c, m);
        }
        Expr::Array(items) => {
            for i in items {
                match i {
                    Item::One(x) | Item::Spread(x) => bind_expr(x, m),
                }
            }
        }
        Expr::Object(props) => {
            for p in props {
                match p {
                    Prop::Pair(_, x) | Prop::Spread(x) => bind_expr(x, m),
                }
            }
        }
    }
}

/// Whether `e` is a path into a module (checked without allocating: every member
/// expression of every page asks).
pub(crate) fn rooted(e: &Expr) -> bool {
    let mut cur = e;
    loop {
        match cur {
            Expr::Wxs(_) => return true,
            Expr::Member(obj, _) => cur = obj,
            _ => return false,
        }
    }
}

/// `m.a.b` as (module, the keys' expressions), when `e` is a path into a module.
pub(crate) fn target(e: &Expr) -> Option<(&Rc<WxsModule>, Vec<&Expr>)> {
    if !rooted(e) {
        return None;
    }
    let mut keys = Vec::new();
    let mut cur = e;
    loop {
        match cur {
            Expr::Wxs(m) => {
                keys.reverse();
                return Some((m, keys));
            }
            Expr::Member(obj, key) => {
                keys.push(&**key);
                cur = obj;
            }
            _ => return None,
        }
    }
}
