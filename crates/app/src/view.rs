//! The view layer in the sandbox: each page's WXML (and its custom components'), loaded by
//! [`crate::catalog`] when the page first opens, rendered after `onLoad`/`onShow` and again after every `setData`, with a `render` trace
//! event carrying the diff. Custom components are live instances with their own data, properties
//! and lifetimes, created, updated and detached as renders need them.
//!
//! What the user does to the tree (taps, typing, open-type buttons) is in [`crate::interact`].

use std::collections::HashSet;
use std::rc::Rc;

use boa_engine::{js_string, Context, JsObject, JsResult, JsString, JsValue};
use serde_json::{Map, Value};
use wxbox_engine::convert::{object_keys, to_json};
use wxbox_engine::timers::event_loop;
use wxbox_engine::trace::Level;
use wxbox_engine::Event;
use wxbox_view::tree::count;
use wxbox_view::{diff, render, Compiled, Host, Mount, Node};

use crate::pages;
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
    /// `ready` has run.
    ready: bool,
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

/// Starts the view of a page that has just loaded and renders it for the first time.
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
        },
    );
    render_page(ctx, page.id)
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

/// After `setData` on `this`: re-render its page (later, if a render is running).
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
    let page = page_of(&app_state(ctx)?.borrow(), id);
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
    // Components rendered for the first time are ready now.
    let fresh: Vec<PageInstance> = {
        let mut s = state.borrow_mut();
        s.instances
            .values_mut()
            .filter(|i| i.in_page == page && !i.ready)
            .map(|i| {
                i.ready = true;
                i.page.clone()
            })
            .collect()
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
        let data_val = obj.get(js_string!("data"), ctx)?;
        let data = to_json(&data_val, ctx).unwrap_or(Value::Null);
        let wxs = crate::wxs::runtime(ctx);
        let mut host = ViewHost {
            wxs: wxs.clone(),
            ctx: &mut *ctx,
            page,
            seen: HashSet::new(),
            failed: Vec::new(),
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
        let gone: Vec<u32> = state
            .borrow()
            .instances
            .values()
            .filter(|i| i.in_page == page && !seen.contains(&i.page.id))
            .map(|i| i.page.id)
            .collect();
        detach(ctx, &gone)?;
        let old = state
            .borrow_mut()
            .views
            .get_mut(&page)
            .and_then(|v| v.tree.take());
        let changes = diff(old.as_deref().unwrap_or(&[]), &out.nodes);
        event_loop(ctx)?.trace().push(Event::Render {
            target: route.to_string(),
            nodes: count(&out.nodes),
            changes: serde_json::to_value(&changes).unwrap_or(Value::Null),
        });
        let dirty = {
            let mut s = state.borrow_mut();
            match s.views.get_mut(&page) {
                Some(v) => {
                    v.tree = Some(out.nodes);
                    v.dirty
                }
                None => false,
            }
        };
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

fn detach(ctx: &mut Context, ids: &[u32]) -> JsResult<()> {
    let state = app_state(ctx)?;
    for id in ids {
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
            pages::lifetime(ctx, &inst.page, "detached")?;
        }
    }
    Ok(())
}

/// Loads a component's module on first use; `None` (reported) when it never calls `Component()`.
fn component_def(ctx: &mut Context, path: &str) -> JsResult<Option<JsObject>> {
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

/// Declared property names of a component definition.
fn declared(ctx: &mut Context, def: &JsObject) -> JsResult<Vec<String>> {
    match def.get(js_string!("properties"), ctx)?.as_object() {
        Some(props) => Ok(object_keys(&props, ctx)?
            .into_iter()
            .map(|k| k.to_std_string_escaped())
            .collect()),
        None => Ok(Vec::new()),
    }
}

/// Sets changed properties on an instance and calls their `observer(new, old)`.
fn apply_props(
    ctx: &mut Context,
    inst: &PageInstance,
    old: &Map<String, Value>,
    new: &Map<String, Value>,
) -> JsResult<()> {
    let names = declared(ctx, &inst.def.options)?;
    let data = inst.obj.get(js_string!("data"), ctx)?.as_object();
    let props = inst.obj.get(js_string!("properties"), ctx)?.as_object();
    for name in names {
        let Some(v) = new.get(&name) else { continue };
        if old.get(&name) == Some(v) {
            continue;
        }
        let key = JsString::from(name.as_str());
        let before = match &data {
            Some(d) => d.get(key.clone(), ctx)?,
            None => JsValue::undefined(),
        };
        let value = JsValue::from_json(v, ctx)?;
        if let Some(d) = &data {
            d.set(key.clone(), value.clone(), true, ctx)?;
        }
        if let Some(p) = &props {
            p.set(key.clone(), value.clone(), true, ctx)?;
        }
        let spec = inst
            .def
            .options
            .get(js_string!("properties"), ctx)?
            .as_object()
            .map(|p| p.get(key.clone(), ctx))
            .transpose()?;
        let observer = match spec.as_ref().and_then(JsValue::as_object) {
            Some(o) if !o.is_callable() => o.get(js_string!("observer"), ctx)?,
            _ => JsValue::undefined(),
        };
        // A string observer names a method (the older style).
        let observer = match observer.as_string() {
            Some(m) => inst.obj.get(m.clone(), ctx)?,
            None => observer,
        };
        if let Some(f) = observer.as_callable() {
            if let Err(e) = f.call(&inst.obj.clone().into(), &[value, before], ctx) {
                event_loop(ctx)?.report_error(ctx, &e, &format!("{}.{name} observer", inst.route));
            }
        }
    }
    Ok(())
}

struct ViewHost<'c> {
    ctx: &'c mut Context,
    wxs: Option<Rc<crate::wxs::WxsRuntime>>,
    page: u32,
    seen: HashSet<u32>,
    failed: Vec<boa_engine::JsError>,
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
                apply_props(ctx, &inst, &old, &props)?;
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
                apply_props(ctx, &inst, &Map::new(), &props)?;
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
                            ready: false,
                        },
                    );
                }
                pages::lifetime(ctx, &inst, "created")?;
                pages::lifetime(ctx, &inst, "attached")?;
                inst
            }
        };
        if let Some(i) = state.borrow_mut().instances.get_mut(&inst.id) {
            i.props = props;
        }
        self.seen.insert(inst.id);
        let data_val = inst.obj.get(js_string!("data"), ctx)?;
        let data = to_json(&data_val, ctx).unwrap_or(Value::Null);
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
