//! The view layer in the sandbox: each page's WXML (and its custom components'), loaded by
//! [`crate::catalog`] when the page first opens, rendered after `onLoad`/`onShow` and again after every `setData`, with a `render` trace
//! event carrying the diff. Custom components are live instances with their own data, properties
//! and lifetimes, created, updated and detached as renders need them.
//!
//! What the user does to the tree (taps, typing, open-type buttons) is in [`crate::interact`].

use std::collections::{BTreeSet, HashMap, HashSet};
use std::rc::Rc;

use boa_engine::{js_string, Context, JsObject, JsResult};
use serde_json::{Map, Value};
use wxbox_engine::timers::event_loop;
use wxbox_engine::trace::Level;
use wxbox_engine::Event;
use wxbox_view::tree::count;
use wxbox_view::{diff, render, Compiled, Host, Mount, Node};

use crate::pages;
use crate::snapshot::Snapshots;
use crate::state::{app_state, AppState, PageDef, PageInstance};

/// The user's public profile, for `<open-data>`.
#[derive(Debug, Clone, Default)]
pub struct OpenUser {
    /// Nickname.
    pub nick_name: String,
    /// Avatar address.
    pub avatar_url: String,
}

/// A live page's view.
#[derive(Debug, Clone)]
pub struct PageView {
    /// The route.
    pub route: String,
    /// The page object.
    pub obj: JsObject,
    /// The last render.
    pub tree: Option<Vec<Node>>,
    rendering: bool,
    dirty: bool,
    /// What this render has of each instance's data (see [`crate::snapshot`]).
    snapshots: Snapshots,
    /// The page is attached: components its renders create are `attached` at once. False
    /// while the tree is first built, before the page's own `attached` (see [`crate::pages::load`]).
    attached: bool,
    /// The user sees the page: renders are traced and new components get `ready`. False until
    /// `onLoad` and `onShow` have run.
    shown: bool,
    /// Shadow trees of components created during the render that is running, built before
    /// their `created` and their properties (glass-easel builds a component's shadow tree at
    /// creation, `Component._$advancedCreate`), so `selectComponent` and selector queries in
    /// their observers see their template before the page's tree holds it. Emptied when the
    /// render's tree is in place.
    shadows: HashMap<u32, Vec<Node>>,
}

/// A live custom component.
#[derive(Debug, Clone)]
pub struct Instance {
    /// The instance (its id, its component path as `route`, object, definition).
    pub page: PageInstance,
    /// The page it is rendered in.
    pub in_page: u32,
    /// Properties as last set from the parent.
    props: Map<String, Value>,
    /// Where it sits: the parent's id and the element key.
    slot: (u32, Rc<str>),
    /// `attached` has run.
    attached: bool,
    /// `ready` has run.
    ready: bool,
}

/// Shadow trees are built for components nested at most this deep within one render (a
/// component that renders itself without end stops here; the render's own limit warns).
const MAX_SHADOW_DEPTH: usize = 64;

/// The rendered nodes `owner`'s template is found in: the page's tree, or the shadow tree of a
/// component the running render has just created.
#[must_use]
pub fn tree_of(s: &AppState, owner: u32) -> Option<&[Node]> {
    let v = s.views.get(&page_of(s, owner)?)?;
    match v.shadows.get(&owner) {
        Some(shadow) => Some(shadow),
        None => v.tree.as_deref(),
    }
}

impl Instance {
    /// The page or component whose template holds this instance's element.
    #[must_use]
    pub fn owner(&self) -> u32 {
        self.slot.0
    }
}

/// The page a page or component id renders in.
#[must_use]
pub fn page_of(s: &AppState, id: u32) -> Option<u32> {
    if s.views.contains_key(&id) {
        Some(id)
    } else {
        s.instances.get(&id).map(|i| i.in_page)
    }
}

/// The object whose methods handle events of elements `owner` rendered, and its name for
/// traces (route or component path).
#[must_use]
pub fn owner_object(s: &AppState, owner: u32) -> Option<(JsObject, String)> {
    if let Some(v) = s.views.get(&owner) {
        return Some((v.obj.clone(), v.route.clone()));
    }
    s.instances
        .get(&owner)
        .map(|i| (i.page.obj.clone(), i.page.route.clone()))
}

/// Starts the view of a page that is loading and builds its tree with the initial data: its
/// components are created (with their properties), not yet attached, and nothing is traced as
/// rendered until [`show_page`].
///
/// # Errors
/// Only engine failures.
pub fn open_page(ctx: &mut Context, page: &PageInstance) -> JsResult<()> {
    app_state(ctx)?.borrow_mut().views.insert(
        page.id,
        PageView {
            route: page.route.clone(),
            obj: page.obj.clone(),
            tree: None,
            rendering: false,
            dirty: false,
            snapshots: Snapshots::default(),
            attached: false,
            shown: false,
            shadows: HashMap::new(),
        },
    );
    render_page(ctx, page.id)
}

/// The page is attached: the components of its tree get `attached` (tree order, a component
/// before the ones inside it) and their relations link; components later renders create are
/// attached as they appear.
///
/// # Errors
/// Only engine failures.
pub fn attach_page(ctx: &mut Context, page: u32) -> JsResult<()> {
    match app_state(ctx)?.borrow_mut().views.get_mut(&page) {
        Some(v) => v.attached = true,
        None => return Ok(()),
    }
    attach_fresh(ctx, page)?;
    crate::relations::sync(ctx, page)
}

/// After `onLoad` and `onShow`: the page as it now is becomes the first render the user sees
/// (a `render` event, every node inserted), and its components get `ready`.
///
/// # Errors
/// Only engine failures.
pub fn show_page(ctx: &mut Context, page: u32) -> JsResult<()> {
    let state = app_state(ctx)?;
    let first = {
        let mut s = state.borrow_mut();
        let Some(v) = s.views.get_mut(&page) else {
            return Ok(());
        };
        v.shown = true;
        v.tree
            .as_ref()
            .map(|t| (v.route.clone(), count(t), diff(&[], t)))
    };
    if let Some((route, nodes, changes)) = first {
        event_loop(ctx)?.trace().push(Event::Render {
            target: route,
            nodes,
            changes: serde_json::to_value(&changes).unwrap_or(Value::Null),
        });
    }
    ready_fresh(ctx, page)
}

/// Ends a page's view: its components detach.
///
/// # Errors
/// Only engine failures.
pub fn close_page(ctx: &mut Context, page: u32) -> JsResult<()> {
    let state = app_state(ctx)?;
    let gone: Vec<u32> = {
        let s = state.borrow();
        s.instances
            .values()
            .filter(|i| i.in_page == page)
            .map(|i| i.page.id)
            .collect()
    };
    detach(ctx, &gone)?;
    let mut s = state.borrow_mut();
    s.views.remove(&page);
    s.typed.retain(|(owner, _), _| *owner != page);
    Ok(())
}

/// After `setData` on `this`: its data is copied to the view again, and its page re-renders
/// (once more after the render that is running, if one is and it already used that data).
///
/// # Errors
/// Only engine failures.
pub fn after_set_data(ctx: &mut Context, this: &JsObject) -> JsResult<()> {
    let id = this.get(js_string!("__wxWebviewId__"), ctx)?;
    let Some(id) = id.as_number() else {
        return Ok(());
    };
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let id = id as u32;
    let state = app_state(ctx)?;
    let page = {
        let mut s = state.borrow_mut();
        let page = page_of(&s, id);
        if let Some(v) = page.and_then(|p| s.views.get_mut(&p)) {
            v.snapshots.drop_data(id);
        }
        page
    };
    match page {
        Some(p) => render_page(ctx, p),
        None => Ok(()),
    }
}

/// Renders after data changes during a render go round again, at most this many times.
const MAX_ROUNDS: usize = 8;

/// A warning in the trace, as WeChat's console would show it.
pub(crate) fn warn(ctx: &Context, text: String) -> JsResult<()> {
    event_loop(ctx)?.trace().push(Event::Console {
        level: Level::Warn,
        text,
        party: None,
    });
    Ok(())
}

/// Renders page `page` now and records the `render` event.
///
/// # Errors
/// Only engine failures.
pub fn render_page(ctx: &mut Context, page: u32) -> JsResult<()> {
    let state = app_state(ctx)?;
    let (route, obj, compiled) = {
        let mut s = state.borrow_mut();
        let Some(v) = s.views.get_mut(&page) else {
            return Ok(());
        };
        if v.rendering {
            v.dirty = true;
            return Ok(());
        }
        let (route, obj) = (v.route.clone(), v.obj.clone());
        let compiled = s.catalog.pages.get(&route).and_then(|u| u.compiled.clone());
        let Some(compiled) = compiled else {
            // A page without WXML shows nothing; there is nothing to render.
            return Ok(());
        };
        if let Some(v) = s.views.get_mut(&page) {
            v.rendering = true;
        }
        (route, obj, compiled)
    };
    let result = render_rounds(ctx, page, &route, &obj, &compiled);
    if let Some(v) = state.borrow_mut().views.get_mut(&page) {
        v.rendering = false;
    }
    result?;
    if state.borrow().views.get(&page).is_some_and(|v| v.shown) {
        ready_fresh(ctx, page)?;
    }
    Ok(())
}

/// Components rendered for the first time are ready now, in the order they were created.
fn ready_fresh(ctx: &mut Context, page: u32) -> JsResult<()> {
    let state = app_state(ctx)?;
    let fresh: Vec<PageInstance> = {
        let mut s = state.borrow_mut();
        let mut fresh: Vec<PageInstance> = s
            .instances
            .values_mut()
            .filter(|i| i.in_page == page && !i.ready)
            .map(|i| {
                i.ready = true;
                i.page.clone()
            })
            .collect();
        fresh.sort_by_key(|i| i.id);
        fresh
    };
    for inst in fresh {
        pages::lifetime(ctx, &inst, "ready")?;
    }
    Ok(())
}

fn render_rounds(
    ctx: &mut Context,
    page: u32,
    route: &str,
    obj: &JsObject,
    compiled: &Compiled,
) -> JsResult<()> {
    let state = app_state(ctx)?;
    for round in 0..MAX_ROUNDS {
        if let Some(v) = state.borrow_mut().views.get_mut(&page) {
            v.dirty = false;
        }
        let def = state.borrow().defs.get(route).map(|d| d.options.clone());
        let data = crate::props::render_data(ctx, obj, def.as_ref())?;
        if let Some(v) = state.borrow_mut().views.get_mut(&page) {
            v.snapshots.mark_seen(page);
        }
        let wxs = crate::wxs::runtime(ctx);
        let mut host = ViewHost {
            wxs: wxs.clone(),
            ctx: &mut *ctx,
            page,
            seen: HashSet::new(),
            failed: Vec::new(),
            shadow_depth: 0,
        };
        let mut out = render(compiled, &data, page, &mut host);
        if let Some(w) = &wxs {
            w.decorate(&mut out.nodes);
        }
        let (seen, failed) = (host.seen, host.failed);
        if let Some(e) = failed.into_iter().next() {
            return Err(e);
        }
        for w in out.warnings {
            warn(ctx, w)?;
        }
        // In id order, so the trace is the same on every run.
        let gone: Vec<u32> = state
            .borrow()
            .instances
            .values()
            .filter(|i| i.in_page == page && !seen.contains(&i.page.id))
            .map(|i| i.page.id)
            .collect::<BTreeSet<u32>>()
            .into_iter()
            .collect();
        detach(ctx, &gone)?;
        let (old, attached, shown) = {
            let mut s = state.borrow_mut();
            match s.views.get_mut(&page) {
                Some(v) => (v.tree.take(), v.attached, v.shown),
                None => (None, false, false),
            }
        };
        // Before the page is shown its renders build the tree silently; [`show_page`] traces
        // the first one the user sees.
        if shown {
            let changes = diff(old.as_deref().unwrap_or(&[]), &out.nodes);
            event_loop(ctx)?.trace().push(Event::Render {
                target: route.to_string(),
                nodes: count(&out.nodes),
                changes: serde_json::to_value(&changes).unwrap_or(Value::Null),
            });
        }
        if let Some(v) = state.borrow_mut().views.get_mut(&page) {
            v.tree = Some(out.nodes);
            v.shadows.clear();
            v.snapshots.retain(|id| id == page || seen.contains(&id));
        }
        if attached {
            attach_fresh(ctx, page)?;
            // Links after the attaches, while the render is still running: the `setData`
            // calls of `linked` callbacks (a group marking its last child) make one more
            // round, not a render each.
            crate::relations::sync(ctx, page)?;
        }
        // Another round only when data changed after this render took it: a `setData` on an
        // instance during the round that came before the instance rendered is already shown.
        let dirty = state.borrow().views.get(&page).is_some_and(|v| {
            v.dirty && (v.snapshots.stale(page) || seen.iter().any(|id| v.snapshots.stale(*id)))
        });
        if !dirty {
            return Ok(());
        }
        if round + 1 == MAX_ROUNDS {
            warn(
                ctx,
                format!(
                    "{route}: data kept changing while rendering ({MAX_ROUNDS} renders); stopped"
                ),
            )?;
        }
    }
    Ok(())
}

/// `attached` of the components the last render created, in tree order (a component before the
/// ones inside it), once the tree is in place: in WeChat a component's own template exists by
/// its `attached` (glass-easel builds the shadow tree at creation; `checkAndCallAttached` walks
/// the tree parent first), so `selectComponent` and selector queries there see it.
fn attach_fresh(ctx: &mut Context, page: u32) -> JsResult<()> {
    let state = app_state(ctx)?;
    let fresh: Vec<PageInstance> = {
        let mut s = state.borrow_mut();
        let mut order = Vec::new();
        if let Some(tree) = s.views.get(&page).and_then(|v| v.tree.as_ref()) {
            components_in(tree, &mut order);
        }
        order
            .into_iter()
            .filter_map(|id| {
                let i = s.instances.get_mut(&id)?;
                (!i.attached).then(|| {
                    i.attached = true;
                    i.page.clone()
                })
            })
            .collect()
    };
    for inst in fresh {
        pages::lifetime(ctx, &inst, "attached")?;
    }
    Ok(())
}

fn components_in(nodes: &[Node], out: &mut Vec<u32>) {
    for n in nodes {
        if let Node::Element(e) = n {
            out.extend(e.component);
            components_in(&e.children, out);
        }
    }
}

fn detach(ctx: &mut Context, ids: &[u32]) -> JsResult<()> {
    let state = app_state(ctx)?;
    let mut ids = ids.to_vec();
    crate::relations::detach_order(ctx, &mut ids);
    for id in &ids {
        let inst = {
            let mut s = state.borrow_mut();
            let inst = s.instances.remove(id);
            if let Some(i) = &inst {
                s.instance_keys.remove(&i.slot);
            }
            s.typed.retain(|(owner, _), _| owner != id);
            inst
        };
        if let Some(inst) = inst {
            // A component created and dropped again before its page attached it (a shadow
            // tree its properties then changed) never saw `attached`, so gets no `detached`
            // (glass-easel `checkAndCallDetached` skips nodes that are not attached).
            if inst.attached {
                pages::lifetime(ctx, &inst.page, "detached")?;
            }
            crate::relations::detached(ctx, &inst.page)?;
        }
    }
    Ok(())
}

/// Loads a component's module on first use; `None` (reported) when it never calls `Component()`.
pub(crate) fn component_def(ctx: &mut Context, path: &str) -> JsResult<Option<JsObject>> {
    let state = app_state(ctx)?;
    if let Some(d) = state.borrow().component_defs.get(path) {
        return Ok(Some(d.clone()));
    }
    state.borrow_mut().loading_component = Some(path.to_string());
    let script = crate::catalog::script_in(ctx, path);
    let evaluated = pages::evaluate(ctx, &script);
    state.borrow_mut().loading_component = None;
    evaluated?;
    let def = state.borrow().component_defs.get(path).cloned();
    if def.is_none() {
        let err = boa_engine::JsNativeError::error().with_message(format!(
            "Component \"{path}\" has not been registered yet: {script} must call Component()"
        ));
        event_loop(ctx)?.report_error(ctx, &err.into(), &script);
    }
    Ok(def)
}

/// Sets changed properties on an instance (see [`crate::data::apply_props`]).
fn apply_props(
    ctx: &mut Context,
    inst: &PageInstance,
    old: &Map<String, Value>,
    new: &Map<String, Value>,
) -> JsResult<()> {
    crate::data::apply_props(ctx, inst, old, new)
}

struct ViewHost<'c> {
    ctx: &'c mut Context,
    wxs: Option<Rc<crate::wxs::WxsRuntime>>,
    page: u32,
    seen: HashSet<u32>,
    failed: Vec<boa_engine::JsError>,
    /// How many shadow trees are being built, one inside the other.
    shadow_depth: usize,
}

impl ViewHost<'_> {
    fn mount_inner(
        &mut self,
        owner: u32,
        tag: &str,
        key: &str,
        props: Map<String, Value>,
    ) -> JsResult<Option<Mount>> {
        let Some(path) = self.using_path(owner, tag) else {
            return Ok(None);
        };
        let ctx = &mut *self.ctx;
        let state = app_state(ctx)?;
        let slot: (u32, Rc<str>) = (owner, Rc::from(key));
        let existing = state.borrow().instance_keys.get(&slot).copied();
        let existing = existing.and_then(|id| {
            let s = state.borrow();
            let i = s.instances.get(&id)?;
            // The element now names another component: the old instance goes.
            (i.page.route == path).then(|| (i.page.clone(), i.props.clone()))
        });
        let inst = match existing {
            Some((inst, old)) => {
                if old != props {
                    // apply_props writes the data directly, not through setData.
                    if let Some(v) = state.borrow_mut().views.get_mut(&self.page) {
                        v.snapshots.drop_data(inst.id);
                    }
                    apply_props(ctx, &inst, &old, &props)?;
                }
                inst
            }
            None => {
                let Some(def) = component_def(ctx, &path)? else {
                    return Ok(None);
                };
                let def = PageDef {
                    options: def,
                    component: true,
                };
                let inst = pages::create(ctx, &path, &def, &[])?;
                {
                    let mut s = state.borrow_mut();
                    s.instance_keys.insert(slot.clone(), inst.id);
                    s.instances.insert(
                        inst.id,
                        Instance {
                            page: inst.clone(),
                            in_page: self.page,
                            props: Map::new(),
                            slot,
                            attached: false,
                            ready: false,
                        },
                    );
                }
                // glass-easel's order (`Component._$advancedCreate`, glass-easel/src/
                // component.ts): the shadow tree from the initial data (`tmplInst.initValues`,
                // creating the components inside), then `created`, which sees the defaults,
                // then the element's properties (`initPropValues`; WeChat docs, Component
                // lifetimes: properties are not set in `created`) with their observers, which
                // can `selectComponent` into that tree; `attached` once the page holds it (see
                // `attach_fresh`).
                self.build_shadow(&inst, &path)?;
                let ctx = &mut *self.ctx;
                pages::lifetime(ctx, &inst, "created")?;
                apply_props(ctx, &inst, &Map::new(), &props)?;
                inst
            }
        };
        if let Some(i) = state.borrow_mut().instances.get_mut(&inst.id) {
            i.props = props;
        }
        self.seen.insert(inst.id);
        let data = self.data_of(&inst)?;
        let compiled = state
            .borrow()
            .catalog
            .components
            .get(&path)
            .and_then(|u| u.compiled.clone())
            .unwrap_or_default();
        Ok(Some(Mount {
            id: inst.id,
            compiled,
            data,
        }))
    }

    /// Renders a new instance's template over its initial data and keeps it as its shadow
    /// tree until the running render's tree is in place; components inside are created now.
    /// Nothing is cached: the render proper copies the data again after the properties.
    fn build_shadow(&mut self, inst: &PageInstance, path: &str) -> JsResult<()> {
        if self.shadow_depth >= MAX_SHADOW_DEPTH {
            return Ok(());
        }
        let state = app_state(self.ctx)?;
        let compiled = state
            .borrow()
            .catalog
            .components
            .get(path)
            .and_then(|u| u.compiled.clone());
        let Some(compiled) = compiled else {
            return Ok(());
        };
        let data = crate::props::render_data(self.ctx, &inst.obj, Some(&inst.def.options))?;
        // Components of the shadow tree count as rendered only if the render proper shows
        // them again; the others are detached when it ends.
        let seen = std::mem::take(&mut self.seen);
        self.shadow_depth += 1;
        let out = render(&compiled, &data, inst.id, self);
        self.shadow_depth -= 1;
        self.seen = seen;
        if let Some(v) = state.borrow_mut().views.get_mut(&self.page) {
            v.shadows.insert(inst.id, out.nodes);
        }
        Ok(())
    }

    /// An instance's data as the view has it: the last copy, unless it changed since.
    fn data_of(&mut self, inst: &PageInstance) -> JsResult<Value> {
        let state = app_state(self.ctx)?;
        let cached = state
            .borrow()
            .views
            .get(&self.page)
            .and_then(|v| v.snapshots.get(inst.id).cloned());
        if let Some(data) = cached {
            return Ok(data);
        }
        // Pure data fields (`pureDataPattern`) are never shown.
        let data = crate::props::render_data(self.ctx, &inst.obj, Some(&inst.def.options))?;
        if let Some(v) = state.borrow_mut().views.get_mut(&self.page) {
            v.snapshots.put(inst.id, data.clone());
        }
        Ok(data)
    }

    /// The component path `tag` names where `owner` uses it (asked for every element).
    fn using_path(&self, owner: u32, tag: &str) -> Option<String> {
        let state = app_state(self.ctx).ok()?;
        let s = state.borrow();
        let unit = match s.views.get(&owner) {
            Some(v) => s.catalog.pages.get(&v.route),
            None => s
                .catalog
                .components
                .get(&s.instances.get(&owner)?.page.route),
        };
        unit?.using.get(tag).cloned()
    }
}

impl Host for ViewHost<'_> {
    fn wxs(&self) -> Option<Rc<dyn wxbox_view::Wxs>> {
        self.wxs.clone().map(|w| w as Rc<dyn wxbox_view::Wxs>)
    }

    fn is_component(&self, owner: u32, tag: &str) -> bool {
        self.using_path(owner, tag).is_some()
    }

    fn mount(
        &mut self,
        owner: u32,
        tag: &str,
        key: &str,
        props: Map<String, Value>,
    ) -> Option<Mount> {
        match self.mount_inner(owner, tag, key, props) {
            Ok(m) => m,
            Err(e) => {
                self.failed.push(e);
                None
            }
        }
    }

    fn external_classes(&self, id: u32) -> Vec<String> {
        let Ok(state) = app_state(self.ctx) else {
            return Vec::new();
        };
        let def = state
            .borrow()
            .instances
            .get(&id)
            .map(|i| i.page.def.options.clone());
        def.and_then(|d| crate::props::cached(self.ctx, &d))
            .map(|m| m.external_classes.clone())
            .unwrap_or_default()
    }

    fn typed(&self, owner: u32, key: &str) -> Option<String> {
        let state = app_state(self.ctx).ok()?;
        let s = state.borrow();
        s.typed.get(&(owner, Rc::from(key))).cloned()
    }

    fn open_data(&self, kind: &str) -> Option<String> {
        let state = app_state(self.ctx).ok()?;
        let s = state.borrow();
        match kind {
            "userNickName" => Some(s.user.nick_name.clone()),
            "userAvatarUrl" => Some(s.user.avatar_url.clone()),
            // Retired with the 2.27.1 privacy changes: empty, as WeChat shows now.
            "userGender" | "userCity" | "userProvince" | "userCountry" => Some(String::new()),
            "userLanguage" => Some("zh_CN".into()),
            _ => None,
        }
    }
}

/// The top page's tree as indented WXML (`None` when no page is open or it has no WXML).
#[must_use]
pub fn top_wxml(s: &AppState) -> Option<String> {
    let top = s.stack.last()?;
    let tree = s.views.get(&top.id)?.tree.as_ref()?;
    Some(wxbox_view::tree::to_wxml(tree))
}

/// The top page as rendered, as JSON (see [`wxbox_view::tree::to_json`]).
pub fn top_tree_json(s: &AppState) -> Option<serde_json::Value> {
    let top = s.stack.last()?;
    let tree = s.views.get(&top.id)?.tree.as_ref()?;
    Some(wxbox_view::tree::to_json(tree))
}
