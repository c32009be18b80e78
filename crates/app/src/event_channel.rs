//! The page-to-page `EventChannel` of `wx.navigateTo({events})` and
//! `this.getOpenerEventChannel()`. The channel objects are plain JavaScript (the shim
//! `js-shims/event-channel.js`, evaluated on first use); this module keeps which page holds
//! which end. It knows nothing of routing beyond "a page is being opened".

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use boa_engine::{js_string, Context, JsNativeError, JsObject, JsResult, JsValue};

/// The shim: an object with `pair(events)` and `unpaired()`.
const SHIM: &str = include_str!("../../../js-shims/event-channel.js");

#[derive(Default)]
struct Channels {
    factory: Option<JsObject>,
    /// The page end of each page opened with a channel, by page id.
    by_page: HashMap<u32, JsObject>,
    /// The page end for the page being opened now (it gets an id while it loads).
    opening: Option<JsObject>,
}

#[derive(Clone, Default)]
struct ChannelsRef(Rc<RefCell<Channels>>);

fn channels(ctx: &mut Context) -> Rc<RefCell<Channels>> {
    if let Some(c) = ctx.get_data::<ChannelsRef>() {
        return c.0.clone();
    }
    let c = ChannelsRef::default();
    ctx.insert_data(c.clone());
    c.0
}

fn factory(ctx: &mut Context) -> JsResult<JsObject> {
    let c = channels(ctx);
    if let Some(f) = c.borrow().factory.clone() {
        return Ok(f);
    }
    let f = wxbox_engine::code_cache::eval(ctx, SHIM)?
        .as_callable()
        .map(|f| f.call(&JsValue::undefined(), &[], ctx))
        .transpose()?
        .and_then(|v| v.as_object())
        .ok_or_else(|| JsNativeError::typ().with_message("event channel shim is broken"))?;
    c.borrow_mut().factory = Some(f.clone());
    Ok(f)
}

fn call_factory(ctx: &mut Context, name: &str, args: &[JsValue]) -> JsResult<JsValue> {
    let f = factory(ctx)?;
    let m = f.get(boa_engine::JsString::from(name), ctx)?;
    let m = m
        .as_callable()
        .ok_or_else(|| JsNativeError::typ().with_message("event channel shim is broken"))?;
    m.call(&f.into(), args, ctx)
}

/// A linked pair for `navigateTo({events})`: (the opener's end, the new page's end).
///
/// # Errors
/// Only engine failures.
pub(crate) fn pair(ctx: &mut Context, events: &JsValue) -> JsResult<(JsObject, JsObject)> {
    let both = call_factory(ctx, "pair", std::slice::from_ref(events))?;
    let both = both
        .as_object()
        .ok_or_else(|| JsNativeError::typ().with_message("event channel shim is broken"))?;
    let opener = both.get(0, ctx)?.as_object();
    let page = both.get(1, ctx)?.as_object();
    match (opener, page) {
        (Some(o), Some(p)) => Ok((o, p)),
        _ => Err(JsNativeError::typ()
            .with_message("event channel shim is broken")
            .into()),
    }
}

/// The page about to open gets `end` (bound to its id when it first asks, or by [`settle`]).
pub(crate) fn set_opening(ctx: &mut Context, end: JsObject) {
    channels(ctx).borrow_mut().opening = Some(end);
}

/// After a page opened: an end nobody asked for goes to page `id`.
pub(crate) fn settle(ctx: &mut Context, id: Option<u32>) {
    let c = channels(ctx);
    let mut c = c.borrow_mut();
    if let Some(end) = c.opening.take() {
        if let Some(id) = id {
            c.by_page.entry(id).or_insert(end);
        }
    }
}

/// `this.getOpenerEventChannel()`: the page's end; a page opened without `events` gets an end
/// nobody listens to (UNVERIFIED: WeChat's answer for a page opened by `redirectTo` or at
/// launch).
///
/// # Errors
/// Only engine failures.
pub(crate) fn opener_channel(
    this: &JsValue,
    _: &[JsValue],
    ctx: &mut Context,
) -> JsResult<JsValue> {
    let Some(id) = crate::instance::id_of(this, ctx)? else {
        return Ok(JsValue::undefined());
    };
    let c = channels(ctx);
    let known = c.borrow().by_page.get(&id).cloned();
    if let Some(end) = known {
        return Ok(end.into());
    }
    let opening = c.borrow_mut().opening.take();
    let end = match opening {
        Some(e) => e,
        None => call_factory(ctx, "unpaired", &[])?
            .as_object()
            .ok_or_else(|| JsNativeError::typ().with_message("event channel shim is broken"))?,
    };
    c.borrow_mut().by_page.insert(id, end.clone());
    Ok(end.into())
}

/// The success result of `navigateTo`: `{eventChannel}`. The field is not enumerable, so the
/// trace's JSON of the result stays `navigateTo:ok` (a channel has no data to show).
/// UNVERIFIED: whether WeChat's `eventChannel` field is enumerable.
///
/// # Errors
/// Only engine failures.
pub(crate) fn result_with(ctx: &mut Context, opener: JsObject) -> JsResult<JsObject> {
    let o = JsObject::with_object_proto(ctx.intrinsics());
    o.define_property_or_throw(
        js_string!("eventChannel"),
        boa_engine::property::PropertyDescriptor::builder()
            .value(opener)
            .writable(true)
            .enumerable(false)
            .configurable(true),
        ctx,
    )?;
    Ok(o)
}

/// The success result of a `navigateTo` without `events`: `{eventChannel}` whose channel is made
/// when first read, linked to the end page `id` holds (or will hold). Most apps never touch it,
/// and making the pair evaluates the shim: 7% of a `wxbox run hello`.
///
/// # Errors
/// Only engine failures.
pub(crate) fn lazy_result(ctx: &mut Context, id: u32) -> JsResult<JsObject> {
    let getter = boa_engine::object::FunctionObjectBuilder::new(
        ctx.realm(),
        boa_engine::NativeFunction::from_copy_closure_with_captures(
            |this, _, id: &u32, ctx| opener_for(this, *id, ctx),
            id,
        ),
    )
    .name(js_string!("get eventChannel"))
    .build();
    let o = JsObject::with_object_proto(ctx.intrinsics());
    o.define_property_or_throw(
        js_string!("eventChannel"),
        boa_engine::property::PropertyDescriptor::builder()
            .get(getter)
            .enumerable(false)
            .configurable(true),
        ctx,
    )?;
    Ok(o)
}

fn opener_for(this: &JsValue, id: u32, ctx: &mut Context) -> JsResult<JsValue> {
    let c = channels(ctx);
    let page_end = c.borrow().by_page.get(&id).cloned();
    let opener = match page_end {
        Some(end) => call_factory(ctx, "link", &[end.into()])?,
        None => {
            let (opener, end) = pair(ctx, &JsValue::undefined())?;
            c.borrow_mut().by_page.insert(id, end);
            opener.into()
        }
    };
    // Later reads see the same end.
    if let Some(result) = this.as_object() {
        result.define_property_or_throw(
            js_string!("eventChannel"),
            boa_engine::property::PropertyDescriptor::builder()
                .value(opener.clone())
                .writable(true)
                .enumerable(false)
                .configurable(true),
            ctx,
        )?;
    }
    Ok(opener)
}

/// A page closed: its end goes.
pub(crate) fn forget(ctx: &mut Context, id: u32) {
    channels(ctx).borrow_mut().by_page.remove(&id);
}
