//! Component `relations` (`parent` / `child` / `ancestor` / `descendant`), linked after every
//! render of a page, and `getRelationNodes`; also the flattened `behaviors` of each definition,
//! which relations (`target: behavior`) and `hasBehavior` ask about.
//!
//! The rules are glass-easel's (`src/relation.ts`, `tests/legacy/relation.test.js`):
//! - the child side holds the link: a component with a `parent` / `ancestor` relation walks up
//!   its ancestors *in its owner's tree* (slot content's parent is the component it was written
//!   in, not the slot's place inside that component); `parent` stops at the first component,
//!   `ancestor` goes on to the root of that tree;
//! - a candidate links when it is the relation's target (a component path relative to the
//!   component, or any component with the target behavior) and has a `child` / `descendant`
//!   relation whose target the child is (the first such relation, in key order);
//! - callbacks run in attach order (tree pre-order), for each new link the target's `linked`
//!   then the child's own; on detach (children before their parents) the target's `unlinked`
//!   then the child's own;
//! - `getRelationNodes(key)`: the linked target of a parent-side key, or the linked children of
//!   a child-side key in tree order.
//!
//! wxbox links after the render that attached the components rather than right after each
//! `attached` (glass-easel's `checkAndCallAttached`): `linked` still comes after every
//! `attached` and before `ready`, but after the `attached` of later siblings too.
//! `linkChanged` follows a move of an attached component (glass-easel `checkAndCallMoved`);
//! a wxbox render never moves an instance (it keeps its place by template position and
//! `wx:key`), so it is never called. The `*-common-node` types are not modelled.
//!
//! This module reads the rendered tree and instance table; it does not render.

use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::rc::Rc;

use boa_engine::object::builtins::JsArray;
use boa_engine::{js_string, Context, JsObject, JsResult, JsString, JsValue};
use wxbox_engine::convert::object_keys;
use wxbox_engine::timers::event_loop;
use wxbox_engine::Event;
use wxbox_view::Node;

use crate::state::app_state;

/// Relation types (glass-easel `RelationType`, the four of the WeChat docs).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Parent,
    Child,
    Ancestor,
    Descendant,
}

impl Kind {
    fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "parent" => Kind::Parent,
            "child" => Kind::Child,
            "ancestor" => Kind::Ancestor,
            "descendant" => Kind::Descendant,
            _ => return None,
        })
    }

    /// The type the other side must declare.
    fn other(self) -> Self {
        match self {
            Kind::Parent => Kind::Child,
            Kind::Child => Kind::Parent,
            Kind::Ancestor => Kind::Descendant,
            Kind::Descendant => Kind::Ancestor,
        }
    }

    fn child_side(self) -> bool {
        matches!(self, Kind::Parent | Kind::Ancestor)
    }
}

#[derive(Debug, Clone)]
enum Target {
    /// A component path (app-relative, no extension).
    Path(String),
    /// A behavior object.
    Behavior(JsObject),
}

#[derive(Debug, Clone)]
struct RelDef {
    key: String,
    kind: Kind,
    target: Target,
    linked: Option<JsObject>,
    unlinked: Option<JsObject>,
}

/// A component element of a rendered tree, as relations see it.
struct Placed {
    id: u32,
    /// Same-owner ancestors, nearest first: `Some(instance)` for components.
    chain: Vec<Option<u32>>,
}

/// Link state of one sandbox (context data).
#[derive(Default)]
struct Links {
    /// (child, child's key) -> (target, target's key).
    links: BTreeMap<(u32, String), (u32, String)>,
    /// Each instance's pre-order position at the last sync of its page.
    order: HashMap<u32, usize>,
    /// Parsed relation definitions by component path.
    defs: HashMap<String, Rc<Vec<RelDef>>>,
    /// Flattened behaviors (objects, and built-in names as strings) by component path.
    behaviors: HashMap<String, Rc<Vec<JsValue>>>,
    /// Pages whose sync is running; a render inside a callback asks again.
    syncing: HashSet<u32>,
    again: HashSet<u32>,
}

#[derive(Clone, Default)]
struct LinksRef(Rc<RefCell<Links>>);

/// The link state; borrows of it are never held across calls into JavaScript.
fn links(ctx: &mut Context) -> Rc<RefCell<Links>> {
    if let Some(l) = ctx.get_data::<LinksRef>() {
        return l.0.clone();
    }
    let l = LinksRef::default();
    ctx.insert_data(l.clone());
    l.0
}

/// Remembers the behaviors `options` lists (nested ones first, each once, as the merge uses
/// them), before the merge drops the objects. Called by `Component()` for `path`.
///
/// # Errors
/// A hostile `behaviors` getter.
pub(crate) fn remember_behaviors(
    ctx: &mut Context,
    path: &str,
    options: &JsObject,
) -> JsResult<()> {
    let mut out = Vec::new();
    let mut seen = Vec::new();
    let list = options.get(js_string!("behaviors"), ctx)?;
    flatten(ctx, &list, &mut out, &mut seen, 0)?;
    links(ctx)
        .borrow_mut()
        .behaviors
        .insert(path.to_string(), Rc::new(out));
    Ok(())
}

/// Behaviors nested deeper than this are not followed (a cycle is caught by `seen`).
const MAX_BEHAVIOR_DEPTH: usize = 32;

fn flatten(
    ctx: &mut Context,
    list: &JsValue,
    out: &mut Vec<JsValue>,
    seen: &mut Vec<JsObject>,
    depth: usize,
) -> JsResult<()> {
    let Some(arr) = list.as_object().filter(JsObject::is_array) else {
        return Ok(());
    };
    if depth > MAX_BEHAVIOR_DEPTH {
        return Ok(());
    }
    let len = arr.get(js_string!("length"), ctx)?.to_length(ctx)?;
    for i in 0..len.min(1024) {
        let b = arr.get(i, ctx)?;
        if b.is_string() {
            out.push(b);
        } else if let Some(o) = b.as_object() {
            if seen.iter().any(|s| JsObject::equals(s, &o)) {
                continue;
            }
            seen.push(o.clone());
            let inner = o.get(js_string!("behaviors"), ctx)?;
            flatten(ctx, &inner, out, seen, depth + 1)?;
            out.push(b);
        }
    }
    Ok(())
}

/// Whether the component at `path` has `behavior` (an object from `Behavior()`, or a built-in
/// name such as `wx://component-export`), directly or through nested behaviors.
pub(crate) fn has_behavior(ctx: &mut Context, path: &str, behavior: &JsValue) -> bool {
    let Some(list) = links(ctx).borrow_mut().behaviors.get(path).cloned() else {
        return false;
    };
    list.iter()
        .any(|b| match (b.as_object(), behavior.as_object()) {
            (Some(a), Some(w)) => JsObject::equals(&a, &w),
            (None, None) => b.as_string().is_some() && b.as_string() == behavior.as_string(),
            _ => false,
        })
}

fn resolve_target(path: &str, spec: &str) -> String {
    let spec = spec.trim_end_matches(".js");
    let joined = match spec.strip_prefix('/') {
        Some(abs) => abs.to_string(),
        None => {
            let dir = path.rsplit_once('/').map_or("", |(d, _)| d);
            format!("{dir}/{spec}")
        }
    };
    wxbox_engine::modules::normalize(&joined).unwrap_or(joined)
}

fn callable(o: &JsObject, name: JsString, ctx: &mut Context) -> JsResult<Option<JsObject>> {
    Ok(o.get(name, ctx)?.as_callable())
}

/// The relation definitions of the component at `path` (`options.relations`), parsed once.
fn defs_of(ctx: &mut Context, path: &str, options: &JsObject) -> JsResult<Rc<Vec<RelDef>>> {
    if let Some(d) = links(ctx).borrow_mut().defs.get(path) {
        return Ok(d.clone());
    }
    let mut out = Vec::new();
    if let Some(rel) = options.get(js_string!("relations"), ctx)?.as_object() {
        for key in object_keys(&rel, ctx)? {
            let name = key.to_std_string_escaped();
            let Some(spec) = rel.get(key, ctx)?.as_object() else {
                continue;
            };
            let kind_text = spec
                .get(js_string!("type"), ctx)?
                .as_string()
                .map(|s| s.to_std_string_escaped())
                .unwrap_or_default();
            let Some(kind) = Kind::parse(&kind_text) else {
                crate::view::warn(
                    ctx,
                    format!("{path}: relation \"{name}\" has an invalid type \"{kind_text}\""),
                )?;
                continue;
            };
            let target_v = spec.get(js_string!("target"), ctx)?;
            let target = match target_v.as_object() {
                Some(o) => Target::Behavior(o),
                None => {
                    let t = target_v
                        .as_string()
                        .map_or_else(|| name.clone(), |s| s.to_std_string_escaped());
                    Target::Path(resolve_target(path, &t))
                }
            };
            out.push(RelDef {
                key: name,
                kind,
                target,
                linked: callable(&spec, js_string!("linked"), ctx)?,
                unlinked: callable(&spec, js_string!("unlinked"), ctx)?,
            });
        }
    }
    let out = Rc::new(out);
    links(ctx)
        .borrow_mut()
        .defs
        .insert(path.to_string(), out.clone());
    Ok(out)
}

/// Whether the component `path` is what `target` names.
fn is_target(ctx: &mut Context, path: &str, target: &Target) -> bool {
    match target {
        Target::Path(p) => path == p || format!("{p}/index") == path,
        Target::Behavior(b) => has_behavior(ctx, path, &b.clone().into()),
    }
}

fn place(nodes: &[Node], chain: &mut Vec<(u32, Option<u32>)>, out: &mut Vec<Placed>) {
    for n in nodes {
        let Node::Element(e) = n else { continue };
        if let Some(id) = e.component {
            out.push(Placed {
                id,
                chain: chain
                    .iter()
                    .rev()
                    .filter(|(owner, _)| *owner == e.owner)
                    .map(|(_, c)| *c)
                    .collect(),
            });
        }
        chain.push((e.owner, e.component));
        place(&e.children, chain, out);
        chain.pop();
    }
}

struct Info {
    path: String,
    obj: JsObject,
    defs: Rc<Vec<RelDef>>,
}

fn info(ctx: &mut Context, id: u32) -> JsResult<Option<Info>> {
    let state = app_state(ctx)?;
    let inst = state.borrow().instances.get(&id).map(|i| i.page.clone());
    let Some(inst) = inst else { return Ok(None) };
    let defs = defs_of(ctx, &inst.route, &inst.def.options)?;
    Ok(Some(Info {
        path: inst.route,
        obj: inst.obj,
        defs,
    }))
}

fn call(
    ctx: &mut Context,
    f: Option<&JsObject>,
    this: &Info,
    arg: &Info,
    what: &str,
) -> JsResult<()> {
    let Some(f) = f else { return Ok(()) };
    event_loop(ctx)?.trace().push(Event::Lifecycle {
        target: this.path.clone(),
        hook: format!("relations.{what}"),
        args: Some(serde_json::Value::String(arg.path.clone())),
    });
    if let Err(e) = f.call(&this.obj.clone().into(), &[arg.obj.clone().into()], ctx) {
        let l = event_loop(ctx)?;
        l.report_error(ctx, &e, &format!("{}.relations.{what}", this.path));
    }
    Ok(())
}

/// The link a child-side relation `def` of `child` should have now.
fn wanted(
    ctx: &mut Context,
    child: &Info,
    def: &RelDef,
    chain: &[Option<u32>],
) -> JsResult<Option<(u32, String)>> {
    for c in chain {
        let Some(cand) = c else { continue };
        if let Some(p) = info(ctx, *cand)? {
            if is_target(ctx, &p.path, &def.target) {
                for pd in p.defs.iter().filter(|d| d.kind == def.kind.other()) {
                    if is_target(ctx, &child.path, &pd.target) {
                        return Ok(Some((*cand, pd.key.clone())));
                    }
                }
            }
        }
        if def.kind == Kind::Parent {
            break;
        }
    }
    Ok(None)
}

/// Brings the links of page `page`'s components up to date with its last render, calling
/// `linked` / `unlinked` as WeChat would.
///
/// # Errors
/// Only engine failures; callback errors are reported.
pub(crate) fn sync(ctx: &mut Context, page: u32) -> JsResult<()> {
    if !links(ctx).borrow_mut().syncing.insert(page) {
        links(ctx).borrow_mut().again.insert(page);
        return Ok(());
    }
    let mut result = Ok(());
    for _ in 0..4 {
        links(ctx).borrow_mut().again.remove(&page);
        result = sync_once(ctx, page);
        if result.is_err() || !links(ctx).borrow_mut().again.contains(&page) {
            break;
        }
    }
    links(ctx).borrow_mut().syncing.remove(&page);
    links(ctx).borrow_mut().again.remove(&page);
    result
}

fn sync_once(ctx: &mut Context, page: u32) -> JsResult<()> {
    let placed = {
        let state = app_state(ctx)?;
        let s = state.borrow();
        let Some(tree) = s.views.get(&page).and_then(|v| v.tree.as_ref()) else {
            return Ok(());
        };
        let mut out = Vec::new();
        place(tree, &mut Vec::new(), &mut out);
        out
    };
    for (i, p) in placed.iter().enumerate() {
        links(ctx).borrow_mut().order.insert(p.id, i);
    }
    for p in &placed {
        let Some(child) = info(ctx, p.id)? else {
            continue;
        };
        let defs = child.defs.clone();
        for def in defs.iter().filter(|d| d.kind.child_side()) {
            let new = wanted(ctx, &child, def, &p.chain)?;
            let slot = (p.id, def.key.clone());
            let old = links(ctx).borrow_mut().links.get(&slot).cloned();
            if old == new {
                continue;
            }
            match &new {
                Some(n) => links(ctx).borrow_mut().links.insert(slot, n.clone()),
                None => links(ctx).borrow_mut().links.remove(&slot),
            };
            if let Some((oid, okey)) = old {
                if let Some(o) = info(ctx, oid)? {
                    let od = o.defs.iter().find(|d| d.key == okey).cloned();
                    call(
                        ctx,
                        od.and_then(|d| d.unlinked).as_ref(),
                        &o,
                        &child,
                        "unlinked",
                    )?;
                    call(ctx, def.unlinked.as_ref(), &child, &o, "unlinked")?;
                }
            }
            if let Some((nid, nkey)) = new {
                if let Some(n) = info(ctx, nid)? {
                    let nd = n.defs.iter().find(|d| d.key == nkey).cloned();
                    call(
                        ctx,
                        nd.and_then(|d| d.linked).as_ref(),
                        &n,
                        &child,
                        "linked",
                    )?;
                    call(ctx, def.linked.as_ref(), &child, &n, "linked")?;
                }
            }
        }
    }
    Ok(())
}

/// Orders instances about to detach as WeChat detaches them: descendants before ancestors
/// (the reverse of the last render's pre-order).
pub(crate) fn detach_order(ctx: &mut Context, ids: &mut [u32]) {
    let l = links(ctx);
    let order = &l.borrow().order;
    ids.sort_by_key(|id| std::cmp::Reverse(order.get(id).copied().unwrap_or(0)));
}

/// `id`'s pre-order position in its page's last render (`usize::MAX` before its first).
pub(crate) fn tree_position(ctx: &mut Context, id: u32) -> usize {
    links(ctx)
        .borrow()
        .order
        .get(&id)
        .copied()
        .unwrap_or(usize::MAX)
}

/// After `inst`'s `detached`: its links go (the target's `unlinked`, then the child's own).
///
/// # Errors
/// Only engine failures.
pub(crate) fn detached(ctx: &mut Context, inst: &crate::state::PageInstance) -> JsResult<()> {
    let defs = defs_of(ctx, &inst.route, &inst.def.options)?;
    let me = Info {
        path: inst.route.clone(),
        obj: inst.obj.clone(),
        defs: defs.clone(),
    };
    let mine: Vec<((u32, String), (u32, String))> = links(ctx)
        .borrow()
        .links
        .iter()
        .filter(|((c, _), (t, _))| *c == inst.id || *t == inst.id)
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    for ((cid, ckey), (tid, tkey)) in mine {
        links(ctx).borrow_mut().links.remove(&(cid, ckey.clone()));
        let (child, target) = if cid == inst.id {
            let Some(t) = info(ctx, tid)? else { continue };
            (
                Info {
                    path: me.path.clone(),
                    obj: me.obj.clone(),
                    defs: me.defs.clone(),
                },
                t,
            )
        } else {
            let Some(c) = info(ctx, cid)? else { continue };
            (
                c,
                Info {
                    path: me.path.clone(),
                    obj: me.obj.clone(),
                    defs: me.defs.clone(),
                },
            )
        };
        let td = target.defs.iter().find(|d| d.key == tkey).cloned();
        let cd = child.defs.iter().find(|d| d.key == ckey).cloned();
        call(
            ctx,
            td.and_then(|d| d.unlinked).as_ref(),
            &target,
            &child,
            "unlinked",
        )?;
        call(
            ctx,
            cd.and_then(|d| d.unlinked).as_ref(),
            &child,
            &target,
            "unlinked",
        )?;
    }
    links(ctx).borrow_mut().order.remove(&inst.id);
    Ok(())
}

/// `this.getRelationNodes(key)`.
///
/// # Errors
/// Only engine failures.
pub(crate) fn relation_nodes(
    this: &JsValue,
    args: &[JsValue],
    ctx: &mut Context,
) -> JsResult<JsValue> {
    let key = match args.first() {
        Some(v) if !v.is_undefined() => v.to_string(ctx)?.to_std_string_escaped(),
        _ => String::new(),
    };
    let arr = JsArray::new(ctx)?;
    let Some(obj) = this.as_object() else {
        return Ok(arr.into());
    };
    let id = obj.get(js_string!("__wxWebviewId__"), ctx)?;
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let Some(id) = id.as_number().map(|n| n as u32) else {
        return Ok(arr.into());
    };
    let Some(me) = info(ctx, id)? else {
        return Ok(arr.into());
    };
    let Some(def) = me.defs.iter().find(|d| d.key == key).cloned() else {
        // glass-easel warns and gives an empty list.
        crate::view::warn(ctx, format!("{}: no relation \"{key}\" found", me.path))?;
        return Ok(arr.into());
    };
    let ids: Vec<u32> = {
        let l = links(ctx);
        let l = l.borrow();
        if def.kind.child_side() {
            l.links
                .get(&(id, key))
                .map(|(t, _)| *t)
                .into_iter()
                .collect()
        } else {
            let mut v: Vec<u32> = l
                .links
                .iter()
                .filter(|(_, (t, k))| *t == id && *k == key)
                .map(|((c, _), _)| *c)
                .collect();
            v.sort_by_key(|c| l.order.get(c).copied().unwrap_or(usize::MAX));
            v
        }
    };
    for i in ids {
        if let Some(o) = info(ctx, i)? {
            arr.push(o.obj, ctx)?;
        }
    }
    Ok(arr.into())
}
