//! Page objects: creation from a `Page()` / `Component()` definition, lifecycle hooks in
//! WeChat's order, and `setData` with path keys.

use boa_engine::builtins::object::OrdinaryObject;
use boa_engine::{js_string, Context, JsObject, JsResult, JsString, JsValue};
use serde_json::{Map, Value};
use wxbox_engine::convert::{object_keys, to_json};
use wxbox_engine::timers::event_loop;
use wxbox_engine::Event;

use crate::state::{app_state, PageDef, PageInstance};

/// Keys of a `Component()` definition that are configuration, not instance members.
const COMPONENT_CONFIG_KEYS: &[&str] = &[
    "data",
    "properties",
    "methods",
    "lifetimes",
    "pageLifetimes",
    "observers",
    "behaviors",
    "options",
    "relations",
    "externalClasses",
];

fn get_path(root: &JsObject, path: &[&str], ctx: &mut Context) -> JsResult<JsValue> {
    let mut v: JsValue = root.clone().into();
    for seg in path {
        let Some(o) = v.as_object() else {
            return Ok(JsValue::undefined());
        };
        v = o.get(JsString::from(*seg), ctx)?;
    }
    Ok(v)
}

/// Evaluates a page's or component's module (once; later calls return the cached exports). A
/// throw is reported as uncaught, with the file as its origin; the caller then checks whether
/// `Page()` / `Component()` was called.
///
/// # Errors
/// Only engine failures.
pub(crate) fn evaluate(ctx: &mut Context, file: &str) -> JsResult<()> {
    let modules = ctx
        .get_data::<wxbox_engine::modules::ModulesRef>()
        .map(|m| m.0.clone());
    let result = match modules {
        Some(m) => m.require(ctx, file).map(drop),
        None => Ok(()),
    };
    if let Err(e) = result {
        event_loop(ctx)?.report_error(ctx, &e, file);
    }
    Ok(())
}

/// Calls `source.<path>` with `this` bound to `this`, if it is a function: traced as a lifecycle
/// event of `target`; a throw is reported as uncaught and does not stop the caller.
pub fn hook(
    ctx: &mut Context,
    target: &str,
    source: &JsObject,
    path: &[&str],
    this: &JsObject,
    args: &[JsValue],
) -> JsResult<()> {
    let f = get_path(source, path, ctx)?;
    let Some(f) = f.as_callable() else {
        return Ok(());
    };
    let traced_args = args.first().map(|a| to_json(a, ctx).unwrap_or(Value::Null));
    let hook = path.join(".");
    let l = event_loop(ctx)?;
    l.trace().push(Event::Lifecycle {
        target: target.to_string(),
        hook: hook.clone(),
        args: traced_args,
    });
    if let Err(e) = f.call(&this.clone().into(), args, ctx) {
        l.report_error(ctx, &e, &format!("{target}.{hook}"));
    }
    Ok(())
}

fn clone_json(v: &JsValue, ctx: &mut Context) -> JsResult<JsObject> {
    let json = to_json(v, ctx).unwrap_or(Value::Null);
    let json = if json.is_object() {
        json
    } else {
        Value::Object(Map::new())
    };
    let cloned = JsValue::from_json(&json, ctx)?;
    Ok(cloned
        .as_object()
        .unwrap_or_else(|| JsObject::with_object_proto(ctx.intrinsics())))
}

fn copy_members(from: &JsObject, to: &JsObject, skip: &[&str], ctx: &mut Context) -> JsResult<()> {
    for key in object_keys(from, ctx)? {
        if skip.iter().any(|s| key == *s) {
            continue;
        }
        let v = from.get(key.clone(), ctx)?;
        to.set(key, v, true, ctx)?;
    }
    Ok(())
}

/// The default of a `properties` entry (see [`crate::props::default_value`]).
fn property_default(key: &JsString, spec: &JsValue, ctx: &mut Context) -> JsResult<JsValue> {
    let spec = crate::props::read_prop(key.to_std_string_escaped(), spec, ctx)?;
    crate::props::default_value(&spec, ctx)
}

/// Builds the page object for `route` from its definition.
///
/// # Errors
/// When reading the definition throws (a hostile getter).
pub fn create(
    ctx: &mut Context,
    route: &str,
    def: &PageDef,
    query: &[(String, String)],
) -> JsResult<PageInstance> {
    let state = app_state(ctx)?;
    let (proto, id) = {
        let mut s = state.borrow_mut();
        s.next_id += 1;
        (s.page_proto.clone(), s.next_id)
    };
    let obj = JsObject::from_proto_and_data(proto, OrdinaryObject);
    let options = &def.options;
    let data_src = options.get(js_string!("data"), ctx)?;
    let data = clone_json(&data_src, ctx)?;
    let query_obj = JsObject::with_object_proto(ctx.intrinsics());
    for (k, v) in query {
        query_obj.set(
            JsString::from(k.as_str()),
            JsString::from(v.as_str()),
            true,
            ctx,
        )?;
    }
    if def.component {
        copy_members(options, &obj, COMPONENT_CONFIG_KEYS, ctx)?;
        if let Some(methods) = options.get(js_string!("methods"), ctx)?.as_object() {
            copy_members(&methods, &obj, &[], ctx)?;
        }
        // Properties: defaults, then the page's query fills properties of the same name.
        if let Some(props) = options.get(js_string!("properties"), ctx)?.as_object() {
            let props_obj = JsObject::with_object_proto(ctx.intrinsics());
            for key in object_keys(&props, ctx)? {
                let spec = props.get(key.clone(), ctx)?;
                let mut value = property_default(&key, &spec, ctx)?;
                if let Some((_, q)) = query.iter().find(|(k, _)| key == k.as_str()) {
                    value = if value.is_number() {
                        JsValue::new(q.parse::<f64>().unwrap_or(f64::NAN))
                    } else {
                        JsString::from(q.as_str()).into()
                    };
                }
                data.set(key.clone(), value.clone(), true, ctx)?;
                props_obj.set(key, value, true, ctx)?;
            }
            obj.set(js_string!("properties"), props_obj, true, ctx)?;
        }
    } else {
        copy_members(options, &obj, &["data"], ctx)?;
    }
    obj.set(js_string!("data"), data, true, ctx)?;
    obj.set(js_string!("route"), JsString::from(route), true, ctx)?;
    obj.set(js_string!("__route__"), JsString::from(route), true, ctx)?;
    obj.set(js_string!("__wxWebviewId__"), id, true, ctx)?;
    obj.set(js_string!("options"), query_obj, true, ctx)?;
    Ok(PageInstance {
        id,
        route: route.to_string(),
        obj,
        def: def.clone(),
    })
}

fn query_of(page: &PageInstance, ctx: &mut Context) -> JsResult<JsValue> {
    page.obj.get(js_string!("options"), ctx)
}

/// Component lifetimes may sit under `lifetimes` or, in the older style, at the top level.
///
/// # Errors
/// Only engine failures.
pub(crate) fn lifetime(ctx: &mut Context, page: &PageInstance, name: &str) -> JsResult<()> {
    let in_lifetimes = get_path(&page.def.options, &["lifetimes", name], ctx)?;
    if in_lifetimes.is_callable() {
        hook(
            ctx,
            &page.route,
            &page.def.options,
            &["lifetimes", name],
            &page.obj,
            &[],
        )
    } else {
        hook(ctx, &page.route, &page.def.options, &[name], &page.obj, &[])
    }
}

/// First load, in WeChat's order: the page's tree is built first (its components `created`,
/// their properties set), then (a `Component()` page's own `created`, `attached`,) the
/// components `attached`, `onLoad(query)`, [`show`], and the first render the user sees.
///
/// The order is glass-easel's: `Component._$advancedCreate` (glass-easel/src/component.ts) runs
/// `template.createInstance` and `tmplInst.initValues` (the shadow tree, with every child
/// component in it created) before `triggerLifetime('created')`, and
/// `Element.checkAndCallAttached` (glass-easel/src/element.ts) calls a node's `attached` before
/// walking into its shadow tree. WeChat then calls `onLoad` on a page whose components are
/// attached, as observed on devices ("Components created, Components attached, Page onLoad,
/// Components show, Page onShow, Components ready", manfredhu.com/miniprogram/2021-01-13);
/// so `this.selectComponent` in `onLoad` finds them. UNVERIFIED: that a component's
/// `pageLifetimes.show` runs before the page's `onShow` (that note says so; wxbox keeps the page
/// first, as before).
///
/// # Errors
/// Only engine failures; hook errors are reported, not returned.
pub fn load(ctx: &mut Context, page: &PageInstance) -> JsResult<()> {
    crate::view::open_page(ctx, page)?;
    if page.def.component {
        lifetime(ctx, page, "created")?;
        lifetime(ctx, page, "attached")?;
    }
    crate::view::attach_page(ctx, page.id)?;
    let query = query_of(page, ctx)?;
    hook(
        ctx,
        &page.route,
        &page.obj,
        &["onLoad"],
        &page.obj,
        &[query],
    )?;
    show(ctx, page)?;
    crate::view::show_page(ctx, page.id)
}

/// `onShow` (and a component's `pageLifetimes.show`).
///
/// # Errors
/// Only engine failures.
pub fn show(ctx: &mut Context, page: &PageInstance) -> JsResult<()> {
    hook(ctx, &page.route, &page.obj, &["onShow"], &page.obj, &[])?;
    crate::instance::page_lifetime(ctx, page.id, "show", &[])?;
    if page.def.component {
        hook(
            ctx,
            &page.route,
            &page.def.options,
            &["pageLifetimes", "show"],
            &page.obj,
            &[],
        )?;
    }
    Ok(())
}

/// After the first render: (component `ready`,) `onReady`.
///
/// # Errors
/// Only engine failures.
pub fn ready(ctx: &mut Context, page: &PageInstance) -> JsResult<()> {
    if page.def.component {
        lifetime(ctx, page, "ready")?;
    }
    hook(ctx, &page.route, &page.obj, &["onReady"], &page.obj, &[])
}

/// `onHide` (and `pageLifetimes.hide`).
///
/// # Errors
/// Only engine failures.
pub fn hide(ctx: &mut Context, page: &PageInstance) -> JsResult<()> {
    hook(ctx, &page.route, &page.obj, &["onHide"], &page.obj, &[])?;
    crate::instance::page_lifetime(ctx, page.id, "hide", &[])?;
    if page.def.component {
        hook(
            ctx,
            &page.route,
            &page.def.options,
            &["pageLifetimes", "hide"],
            &page.obj,
            &[],
        )?;
    }
    Ok(())
}

/// `onUnload` (and a component's `detached`).
///
/// # Errors
/// Only engine failures.
pub fn unload(ctx: &mut Context, page: &PageInstance) -> JsResult<()> {
    hook(ctx, &page.route, &page.obj, &["onUnload"], &page.obj, &[])?;
    if page.def.component {
        lifetime(ctx, page, "detached")?;
    }
    crate::event_channel::forget(ctx, page.id);
    crate::tab_bar::forget(ctx, page.id)?;
    crate::view::close_page(ctx, page.id)
}

/// One step of a `setData` path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Seg {
    /// A field name.
    Key(String),
    /// An array index.
    Index(u32),
}

/// `a.b[0].c` -> `[a, b, 0, c]`; `None` for malformed paths.
pub(crate) fn parse_path(path: &str) -> Option<Vec<Seg>> {
    let mut out = Vec::new();
    for part in path.split('.') {
        let (name, mut rest) = match part.find('[') {
            Some(i) => (&part[..i], &part[i..]),
            None => (part, ""),
        };
        if name.is_empty() && (out.is_empty() || rest.is_empty()) {
            return None;
        }
        if !name.is_empty() {
            out.push(Seg::Key(name.to_string()));
        }
        while !rest.is_empty() {
            let close = rest.find(']')?;
            out.push(Seg::Index(rest[1..close].trim().parse().ok()?));
            rest = &rest[close + 1..];
            if !rest.is_empty() && !rest.starts_with('[') {
                return None;
            }
        }
    }
    (!out.is_empty()).then_some(out)
}

/// `this.setData(data, callback)`: see [`crate::data::set_data`].
///
/// # Errors
/// A TypeError for a non-object argument or a malformed path key.
pub fn set_data(this: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    crate::data::set_data(this, args, ctx)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_paths_parse_like_wechat() {
        use Seg::{Index, Key};
        assert_eq!(parse_path("a"), Some(vec![Key("a".into())]));
        assert_eq!(
            parse_path("list[0].name"),
            Some(vec![Key("list".into()), Index(0), Key("name".into())])
        );
        assert_eq!(
            parse_path("a.b[1][2]"),
            Some(vec![Key("a".into()), Key("b".into()), Index(1), Index(2)])
        );
        assert_eq!(parse_path("a[x]"), None);
        assert_eq!(parse_path("a..b"), None);
        assert_eq!(parse_path("a[0]b"), None);
    }
}
