//! Data updates of pages and components as glass-easel applies them (glass-easel/src/data_proxy.ts
//! `DataGroup.applyDataUpdates`): `setData` with path keys, properties coerced to their type,
//! data observers fired once per update after the data changed, then the render, then property
//! observers (only for a value that really changed); `groupSetData`; and properties set by the
//! parent's render.
//!
//! An update is a batch per instance: `setData` calls made while one is open (from an observer,
//! a property observer during a parent's render, or inside `groupSetData`) join it, so each
//! batch renders once, as WeChat renders once per update. This module knows nothing of the tree:
//! it asks [`crate::view`] to render.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use boa_engine::object::builtins::JsArray;
use boa_engine::{js_string, Context, JsNativeError, JsObject, JsResult, JsString, JsValue};
use serde_json::{Map, Value};
use wxbox_engine::convert::{object_keys, to_json};
use wxbox_engine::timers::event_loop;
use wxbox_engine::Event;

use crate::observers::{triggers, values};
use crate::pages::{parse_path, Seg};
use crate::props::{coerce, is_pure, meta, DefMeta};
use crate::state::{app_state, PageDef, PageInstance};

/// Observer calls one update may make before wxbox stops it (observers that keep setting what
/// they observe would loop forever in WeChat).
const MAX_OBSERVER_CALLS: usize = 1000;

/// A property whose value changed: its observer runs after the render.
struct PropChange {
    name: String,
    observer: JsValue,
    new: JsValue,
    old: JsValue,
}

#[derive(Default)]
struct Batch {
    /// Changed paths not yet matched against the observers.
    paths: Vec<Vec<String>>,
    props: Vec<PropChange>,
}

/// Open batches by instance id.
#[derive(Default, Clone)]
struct Batches(Rc<RefCell<HashMap<u32, Batch>>>);

fn batches(ctx: &mut Context) -> Batches {
    if let Some(b) = ctx.get_data::<Batches>() {
        return b.clone();
    }
    let b = Batches::default();
    ctx.insert_data(b.clone());
    b
}

fn id_of(obj: &JsObject, ctx: &mut Context) -> JsResult<Option<u32>> {
    let id = obj.get(js_string!("__wxWebviewId__"), ctx)?;
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    Ok(id.as_number().map(|n| n as u32))
}

/// The definition of the page or component `id`.
fn def_of(ctx: &Context, id: u32) -> Option<PageDef> {
    let state = app_state(ctx).ok()?;
    let s = state.borrow();
    if let Some(i) = s.instances.get(&id) {
        return Some(i.page.def.clone());
    }
    let route = s
        .stack
        .iter()
        .chain(s.tabs.iter())
        .find(|p| p.id == id)
        .map(|p| p.def.clone());
    route.or_else(|| {
        let v = s.views.get(&id)?;
        s.defs.get(&v.route).cloned()
    })
}

fn warn(ctx: &mut Context, origin: &str, message: String) -> JsResult<()> {
    event_loop(ctx)?.trace().push(Event::Warning {
        origin: origin.to_string(),
        message,
        file: None,
        line: None,
        column: None,
    });
    Ok(())
}

/// The route (page) or component path (component) `obj` carries, for messages.
fn route_of(obj: &JsObject, ctx: &mut Context) -> JsResult<String> {
    Ok(obj
        .get(js_string!("route"), ctx)?
        .as_string()
        .map(|s| s.to_std_string_escaped())
        .unwrap_or_default())
}

fn seg_text(s: &Seg) -> String {
    match s {
        Seg::Key(k) => k.clone(),
        Seg::Index(i) => i.to_string(),
    }
}

fn seg_key(s: &Seg) -> boa_engine::property::PropertyKey {
    match s {
        Seg::Key(k) => JsString::from(k.as_str()).into(),
        Seg::Index(i) => (*i).into(),
    }
}

/// Writes `value` at `path` in `data`, creating what is missing as glass-easel does: an array
/// before an index, an object before a name (a non-object in the way is replaced).
fn assign(data: &JsObject, path: &[Seg], value: JsValue, ctx: &mut Context) -> JsResult<()> {
    let mut cur = data.clone();
    for (i, seg) in path.iter().enumerate() {
        let key = seg_key(seg);
        let Some(next_seg) = path.get(i + 1) else {
            cur.set(key, value, true, ctx)?;
            return Ok(());
        };
        let next = cur.get(key.clone(), ctx)?;
        let want_array = matches!(next_seg, Seg::Index(_));
        let fits = next.as_object().filter(|o| !o.is_callable()).filter(|o| {
            // glass-easel: an index needs an array; a name needs a non-array object.
            o.is_array() == want_array
        });
        cur = match fits {
            Some(o) => o,
            None => {
                let fresh: JsObject = if want_array {
                    JsArray::new(ctx)?.into()
                } else {
                    JsObject::with_object_proto(ctx.intrinsics())
                };
                cur.set(key, fresh.clone(), true, ctx)?;
                fresh
            }
        };
    }
    Ok(())
}

/// Applies one `setData` key to `obj`; returns the changed path and a property change.
fn apply_one(
    ctx: &mut Context,
    obj: &JsObject,
    data: &JsObject,
    m: Option<&DefMeta>,
    path: &[Seg],
    value: JsValue,
) -> JsResult<(Vec<String>, Option<PropChange>)> {
    let text: Vec<String> = path.iter().map(seg_text).collect();
    let top = match path.first() {
        Some(Seg::Key(k)) => k.as_str(),
        _ => "",
    };
    let spec = m.and_then(|m| m.prop(top));
    let Some(spec) = spec else {
        assign(data, path, value, ctx)?;
        return Ok((text, None));
    };
    let pure = match m {
        Some(m) => is_pure(m, top, ctx)?,
        None => false,
    };
    if path.len() == 1 {
        let (value, warning) = coerce(&value, spec, ctx)?;
        if let Some(w) = warning {
            warn(ctx, "component", w)?;
        }
        let key = JsString::from(top);
        let old = data.get(key.clone(), ctx)?;
        data.set(key.clone(), value.clone(), true, ctx)?;
        sync_properties(obj, data, &key, &value, ctx)?;
        let change = (!pure && !old.strict_equals(&value)).then(|| PropChange {
            name: top.to_string(),
            observer: spec.observer.clone(),
            new: value,
            old,
        });
        return Ok((text, change));
    }
    // A sub-path of a property: its observer gets the sub-path's value and no old value
    // (glass-easel: "oldVal will be undefined when doing a sub-path update").
    assign(data, path, value.clone(), ctx)?;
    let change = (!pure).then(|| PropChange {
        name: top.to_string(),
        observer: spec.observer.clone(),
        new: value,
        old: JsValue::undefined(),
    });
    Ok((text, change))
}

/// `this.properties` is its own object in wxbox (WeChat's is `this.data`): keep it in step.
fn sync_properties(
    obj: &JsObject,
    data: &JsObject,
    key: &JsString,
    value: &JsValue,
    ctx: &mut Context,
) -> JsResult<()> {
    if let Some(p) = obj.get(js_string!("properties"), ctx)?.as_object() {
        if !JsObject::equals(&p, data) {
            p.set(key.clone(), value.clone(), true, ctx)?;
        }
    }
    Ok(())
}

/// Runs the observers `paths` (and what they set in turn) trigger, glass-easel's way: passes
/// over the observers in order, each fired at most once per pass, until none is marked.
fn run_observers(ctx: &mut Context, id: u32, obj: &JsObject, m: &DefMeta) -> JsResult<()> {
    let b = batches(ctx);
    let take = |b: &Batches| -> Vec<Vec<String>> {
        b.0.borrow_mut()
            .get_mut(&id)
            .map(|x| std::mem::take(&mut x.paths))
            .unwrap_or_default()
    };
    if m.observers.is_empty() {
        take(&b);
        return Ok(());
    }
    let mut marked = vec![false; m.observers.len()];
    let mark = |marked: &mut Vec<bool>, paths: &[Vec<String>]| {
        for (i, o) in m.observers.iter().enumerate() {
            if !marked[i] && paths.iter().any(|c| o.paths.iter().any(|p| triggers(p, c))) {
                marked[i] = true;
            }
        }
    };
    let route = route_of(obj, ctx)?;
    let mut calls = 0usize;
    mark(&mut marked, &take(&b));
    while marked.iter().any(|x| *x) {
        for (i, o) in m.observers.iter().enumerate() {
            mark(&mut marked, &take(&b));
            if !marked[i] {
                continue;
            }
            marked[i] = false;
            calls += 1;
            if calls > MAX_OBSERVER_CALLS {
                warn(
                    ctx,
                    "component",
                    format!("{route}: data observers kept changing the data they observe ({MAX_OBSERVER_CALLS} calls in one update); stopped"),
                )?;
                take(&b);
                return Ok(());
            }
            let data = obj.get(js_string!("data"), ctx)?.as_object();
            let Some(data) = data else { continue };
            let args = values(&data, o, ctx)?;
            let f = match o.func.as_string() {
                Some(name) => obj.get(name.clone(), ctx)?,
                None => o.func.clone(),
            };
            let Some(f) = f.as_callable() else {
                continue;
            };
            if let Err(e) = f.call(&obj.clone().into(), &args, ctx) {
                event_loop(ctx)?.report_error(ctx, &e, &format!("{route} observers['{}']", o.key));
            }
        }
    }
    Ok(())
}

fn fire_prop_observers(
    ctx: &mut Context,
    obj: &JsObject,
    changes: Vec<PropChange>,
) -> JsResult<()> {
    for c in changes {
        // A string observer names a method (the older style).
        let f = match c.observer.as_string() {
            Some(m) => obj.get(m.clone(), ctx)?,
            None => c.observer.clone(),
        };
        let Some(f) = f.as_callable() else { continue };
        if let Err(e) = f.call(&obj.clone().into(), &[c.new, c.old], ctx) {
            let route = route_of(obj, ctx)?;
            event_loop(ctx)?.report_error(ctx, &e, &format!("{route}.{} observer", c.name));
        }
    }
    Ok(())
}

/// Opens a batch for `id`; false when one is already open (the caller then only adds to it).
fn open(ctx: &mut Context, id: u32) -> bool {
    let b = batches(ctx);
    let mut map = b.0.borrow_mut();
    if map.contains_key(&id) {
        return false;
    }
    map.insert(id, Batch::default());
    true
}

fn close(ctx: &mut Context, id: u32) -> Vec<PropChange> {
    batches(ctx)
        .0
        .borrow_mut()
        .remove(&id)
        .map(|b| b.props)
        .unwrap_or_default()
}

fn add(ctx: &mut Context, id: u32, path: Vec<String>, change: Option<PropChange>) {
    if let Some(b) = batches(ctx).0.borrow_mut().get_mut(&id) {
        b.paths.push(path);
        b.props.extend(change);
    }
}

/// Ends the batch `opened` says this caller owns: observers, render, property observers.
fn finish(
    ctx: &mut Context,
    id: Option<u32>,
    obj: &JsObject,
    m: Option<&DefMeta>,
    opened: bool,
    render: bool,
) -> JsResult<()> {
    let Some(id) = id.filter(|_| opened) else {
        return Ok(());
    };
    let result = match m {
        Some(m) => run_observers(ctx, id, obj, m),
        None => Ok(()),
    };
    let props = close(ctx, id);
    result?;
    if render {
        crate::view::after_set_data(ctx, obj)?;
    }
    fire_prop_observers(ctx, obj, props)
}

/// `this.setData(data, callback)`.
///
/// # Errors
/// A TypeError for a non-object argument or a malformed path key.
pub fn set_data(this: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    let Some(page) = this.as_object() else {
        return Err(JsNativeError::typ()
            .with_message("setData must be called on a page")
            .into());
    };
    let patch = match args.first() {
        None => JsObject::with_object_proto(ctx.intrinsics()),
        Some(v) => match v.as_object() {
            Some(o) if !o.is_callable() && !o.is_array() => o,
            _ => {
                return Err(JsNativeError::typ()
                    .with_message(format!(
                        "setData: the data must be an object, not {}",
                        wxbox_engine::convert::type_name(v)
                    ))
                    .into())
            }
        },
    };
    let data = match page.get(js_string!("data"), ctx)?.as_object() {
        Some(d) => d,
        None => {
            let d = JsObject::with_object_proto(ctx.intrinsics());
            page.set(js_string!("data"), d.clone(), true, ctx)?;
            d
        }
    };
    let id = id_of(&page, ctx)?;
    let def = id.and_then(|id| def_of(ctx, id));
    let m = match &def {
        Some(d) => Some(meta(ctx, &d.options)?.0),
        None => None,
    };
    let opened = id.is_some_and(|id| open(ctx, id));
    let mut result: JsResult<()> = Ok(());
    for key in object_keys(&patch, ctx)? {
        let text = key.to_std_string_escaped();
        let Some(path) = parse_path(&text) else {
            result = Err(JsNativeError::typ()
                .with_message(format!("setData: invalid data path \"{text}\""))
                .into());
            break;
        };
        let value = patch.get(key, ctx)?;
        let (changed, prop) = apply_one(ctx, &page, &data, m.as_deref(), &path, value)?;
        if let Some(id) = id {
            add(ctx, id, changed, prop);
        }
    }
    if result.is_err() {
        // A malformed key: what came before it stays set, nothing is traced or rendered.
        finish(ctx, id, &page, m.as_deref(), opened, false)?;
        return result.map(|()| JsValue::undefined());
    }
    let route = page
        .get(js_string!("route"), ctx)?
        .as_string()
        .map(|s| s.to_std_string_escaped())
        .unwrap_or_default();
    let json = to_json(&patch.clone().into(), ctx).unwrap_or(Value::Null);
    let l = event_loop(ctx)?;
    l.trace().push(Event::SetData {
        target: route,
        data: json,
    });
    if id.is_none() {
        crate::view::after_set_data(ctx, &page)?;
    }
    finish(ctx, id, &page, m.as_deref(), opened, true)?;
    if let Some(cb) = args.get(1).and_then(JsValue::as_callable) {
        // The callback runs after the view has the data: on the loop, never synchronously.
        let this = page.clone();
        l.post(
            "setData callback",
            Box::new(move |ctx| cb.call(&this.into(), &[], ctx).map(drop)),
        );
    }
    Ok(JsValue::undefined())
}

/// `this.groupSetData(fn)`: the `setData` calls `fn` makes are one update (one observer pass,
/// one render). UNVERIFIED beyond the official reference's one line ("group several setData
/// into one update", base library 2.4.0).
///
/// # Errors
/// Only engine failures; a throw in `fn` is reported as uncaught.
pub fn group_set_data(this: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    let Some(obj) = this.as_object() else {
        return Ok(JsValue::undefined());
    };
    let id = id_of(&obj, ctx)?;
    let def = id.and_then(|id| def_of(ctx, id));
    let m = match &def {
        Some(d) => Some(meta(ctx, &d.options)?.0),
        None => None,
    };
    let opened = id.is_some_and(|id| open(ctx, id));
    if let Some(f) = args.first().and_then(JsValue::as_callable) {
        if let Err(e) = f.call(&obj.clone().into(), &[], ctx) {
            event_loop(ctx)?.report_error(ctx, &e, "groupSetData");
        }
    }
    finish(ctx, id, &obj, m.as_deref(), opened, true)?;
    Ok(JsValue::undefined())
}

/// Sets the properties the parent's render gives `inst` (`old`: what it gave last time; a
/// binding whose value did not change is not set again, as WeChat's template updates only
/// changed bindings). Each set property triggers its data observers, even with an equal value
/// (official guide, "数据监听器": observers fire for every field setData touches); its
/// `observer` runs only when the coerced value differs from the current one by `===`
/// (glass-easel `applyDataUpdates`), so a parent passing the default at mount stays silent.
/// Runs inside the parent's render: nothing renders here, `setData` from the observers joins
/// this update and the component's subtree renders right after with the result.
///
/// # Errors
/// Only engine failures.
pub fn apply_props(
    ctx: &mut Context,
    inst: &PageInstance,
    old: &Map<String, Value>,
    new: &Map<String, Value>,
) -> JsResult<()> {
    let (m, fresh) = meta(ctx, &inst.def.options)?;
    if fresh {
        for p in &m.problems {
            warn(ctx, "component", format!("{}: {p}", inst.route))?;
        }
    }
    let Some(data) = inst.obj.get(js_string!("data"), ctx)?.as_object() else {
        return Ok(());
    };
    let opened = open(ctx, inst.id);
    let mut result: JsResult<()> = Ok(());
    for spec in &m.props {
        let Some(v) = new.get(&spec.name) else {
            continue;
        };
        if old.get(&spec.name) == Some(v) {
            continue;
        }
        let path = [Seg::Key(spec.name.clone())];
        let value = JsValue::from_json(v, ctx)?;
        match apply_one(ctx, &inst.obj, &data, Some(&*m), &path, value) {
            Ok((changed, prop)) => add(ctx, inst.id, changed, prop),
            Err(e) => {
                result = Err(e);
                break;
            }
        }
    }
    if opened {
        // Property observers run inside the update, so their setData joins it.
        let r = run_observers(ctx, inst.id, &inst.obj, &m);
        let props = batches(ctx)
            .0
            .borrow_mut()
            .get_mut(&inst.id)
            .map(|b| std::mem::take(&mut b.props))
            .unwrap_or_default();
        let r2 = r.and_then(|()| fire_prop_observers(ctx, &inst.obj, props));
        let r3 = r2.and_then(|()| run_observers(ctx, inst.id, &inst.obj, &m));
        let late = close(ctx, inst.id);
        r3?;
        fire_prop_observers(ctx, &inst.obj, late)?;
    }
    result
}
