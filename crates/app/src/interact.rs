//! The scripted user on the rendered page: taps (with capture, bubbling, `catch`, `mut-bind`,
//! dataset and mark), typing into inputs, form submit and reset, and the open-type buttons,
//! whose results come from the [`wxbox_host::ButtonHost`] after the user's decision (a `prompt`
//! in the trace) and reach the page as the button's event. Also `triggerEvent` for components.
//!
//! A tap is a user gesture: handlers it starts run under the tap-gesture rule
//! ([`wxbox_wx::rules::with_tap`]); the open-type events that follow a popup are not taps.

use std::rc::Rc;

use boa_engine::{js_string, Context, JsNativeError, JsObject, JsResult, JsValue};
use serde_json::{json, Map, Value};
use wxbox_engine::timers::event_loop;
use wxbox_engine::Event;
use wxbox_host::privacy::PrivacyDecision;
use wxbox_view::events::{plan, Plan, Propagation};
use wxbox_view::tree::{at, chain, find_path, Element, Node};
use wxbox_view::Selector;
use wxbox_wx::bridge::{ask, trace_prompts};
use wxbox_wx::{hosts, Payload, WxError};

use crate::state::app_state;
use crate::view::{owner_object, page_of, render_page, warn};

/// Something the scripted user (or a test) does to the top page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// Call the top page's method as a tap handler would (`--call`).
    Call(String),
    /// Tap the first element matching the selector (`--tap`).
    Tap(String),
    /// Type `value` into the first input or textarea matching the selector (`--input`).
    Input {
        /// The selector.
        selector: String,
        /// The text.
        value: String,
    },
}

/// The element a selector picks on the top page, checked to be something a person could act
/// on: `(page id, its tree, the element's path)`.
///
/// # Errors
/// No page or no rendered view, a bad selector, no match, a hidden element.
pub fn pick(
    s: &crate::state::AppState,
    selector: &str,
) -> Result<(u32, Vec<Node>, Vec<usize>), String> {
    let top = s.stack.last().ok_or("no page is open")?;
    let tree = s
        .views
        .get(&top.id)
        .and_then(|v| v.tree.clone())
        .ok_or_else(|| {
            format!(
                "page {} has no rendered view ({}.wxml)",
                top.route, top.route
            )
        })?;
    let sel = Selector::parse(selector).map_err(|e| e.to_string())?;
    let path = sel.find(&tree, top.id).ok_or_else(|| {
        let hint = if find_path(&tree, &|e| e.component.is_some()).is_some() {
            " (selectors stay out of custom components, as in miniprogram-automator; \
             cross into one with `>>>`, e.g. `my-comp >>> .inner`)"
        } else {
            ""
        };
        format!("no element matches `{selector}` on {}{hint}", top.route)
    })?;
    if let Some(h) = chain(&tree, &path).iter().find(|e| e.hidden()) {
        return Err(format!(
            "`{selector}` is hidden (by <{} hidden>), a user cannot reach it",
            h.tag
        ));
    }
    Ok((top.id, tree, path))
}

/// The opening tag, for the trace.
fn describe(e: &Element) -> String {
    let mut one = e.clone();
    one.children.clear();
    wxbox_view::tree::to_wxml(&[Node::Element(one)])
        .trim_end()
        .trim_end_matches(" />")
        .to_string()
        + ">"
}

fn target_info(e: &Element) -> Value {
    json!({"id": e.id(), "dataset": Value::Object(e.dataset()), "offsetLeft": 0, "offsetTop": 0})
}

fn event_object(
    ctx: &Context,
    kind: &str,
    detail: &Value,
    target: &Element,
    current: &Element,
    mark: &Map<String, Value>,
    touches: Option<&Value>,
) -> Value {
    let now = event_loop(ctx).map(|l| l.clock().now_ms()).unwrap_or(0);
    let mut e = json!({
        "type": kind,
        "timeStamp": now,
        "target": target_info(target),
        "currentTarget": target_info(current),
        "detail": detail,
        "mark": Value::Object(mark.clone()),
    });
    if wxbox_view::events::BUBBLING.contains(&kind) {
        let touch = json!([{"identifier": 0, "pageX": 0, "pageY": 0, "clientX": 0, "clientY": 0}]);
        // A test's touch options (`{touches, changedTouches}`) stand in for the one still finger.
        let given = |k: &str| {
            touches
                .and_then(|t| t.get(k))
                .filter(|v| v.is_array())
                .cloned()
        };
        e["touches"] = given("touches").unwrap_or_else(|| touch.clone());
        e["changedTouches"] = given("changedTouches").unwrap_or(touch);
    }
    e
}

/// Runs the handlers `plan` names; returns the last handler's return value.
/// An event as it is fired on an element: its name and detail, whether it is the user's gesture
/// (its handlers run under the tap-gesture rule), and the touches it carries (`None`: one still
/// finger at 0, 0).
#[derive(Debug, Clone, Copy)]
pub struct Fired<'a> {
    /// The event name.
    pub kind: &'a str,
    /// Its `detail`.
    pub detail: &'a Value,
    /// A user gesture (a tap, a long press, a touch), not a component's event.
    pub gesture: bool,
    /// `{touches, changedTouches}` a test gave.
    pub touches: Option<&'a Value>,
}

impl<'a> Fired<'a> {
    /// An event that is not a gesture and carries no touches of its own.
    #[must_use]
    pub fn event(kind: &'a str, detail: &'a Value) -> Self {
        Fired {
            kind,
            detail,
            gesture: false,
            touches: None,
        }
    }
}

fn run_plan(
    ctx: &mut Context,
    tree: &[Node],
    target: &[usize],
    fired: Fired<'_>,
    plan: Plan,
) -> JsResult<JsValue> {
    let Fired {
        kind,
        detail,
        gesture,
        touches,
    } = fired;
    let Some(tgt) = at(tree, target) else {
        return Ok(JsValue::undefined());
    };
    // Event objects come from the tree as it was when the event happened.
    let calls: Vec<_> = plan
        .calls
        .iter()
        .filter_map(|c| {
            let current = at(tree, &c.current)?;
            let ev = event_object(ctx, kind, detail, tgt, current, &plan.mark, touches);
            Some((
                c.owner,
                c.method.clone(),
                ev,
                c.wxs.clone(),
                current.key.clone(),
            ))
        })
        .collect();
    let mut last = JsValue::undefined();
    for (owner, method, ev, wxs, key) in calls {
        let found = owner_object(&app_state(ctx)?.borrow(), owner);
        let Some((obj, name)) = found else { continue };
        if let Some(f) = wxs {
            crate::wxs::handle(ctx, owner, &name, &f, &ev, tree, &key)?;
            continue;
        }
        let f = obj.get(boa_engine::JsString::from(method.as_str()), ctx)?;
        let Some(f) = f.as_callable() else {
            // WeChat's warning for a binding to a method that does not exist.
            warn(ctx, format!(
                    "Component \"{name}\" does not have a method \"{method}\" to handle event \"{kind}\"."
                ))?;
            continue;
        };
        event_loop(ctx)?.trace().push(Event::Handler {
            target: name.clone(),
            method: method.clone(),
            event: ev.clone(),
        });
        let arg = JsValue::from_json(&ev, ctx)?;
        let this: JsValue = obj.clone().into();
        let result = if gesture {
            wxbox_wx::rules::with_tap(ctx, |ctx| f.call(&this, &[arg], ctx))
        } else {
            f.call(&this, &[arg], ctx)
        };
        match result {
            Ok(v) => last = v,
            Err(e) => event_loop(ctx)?.report_error(ctx, &e, &format!("{name}.{method}")),
        }
    }
    Ok(last)
}

/// The current tree of `page` and the path of the element `(owner, key)` in it.
fn locate(
    ctx: &Context,
    page: u32,
    owner: u32,
    key: &str,
) -> JsResult<Option<(Vec<Node>, Vec<usize>)>> {
    let state = app_state(ctx)?;
    let s = state.borrow();
    let Some(tree) = s.views.get(&page).and_then(|v| v.tree.clone()) else {
        return Ok(None);
    };
    let path = find_path(&tree, &|e| e.owner == owner && &*e.key == key);
    Ok(path.map(|p| (tree, p)))
}

/// Fires a non-gesture event on the element `(owner, key)` of `page`, as it is now.
fn fire(
    ctx: &mut Context,
    page: u32,
    owner: u32,
    key: &str,
    kind: &str,
    detail: &Value,
) -> JsResult<JsValue> {
    let Some((tree, path)) = locate(ctx, page, owner, key)? else {
        warn(
            ctx,
            format!("the element for the `{kind}` event is gone from the page"),
        )?;
        return Ok(JsValue::undefined());
    };
    let p = plan(&tree, &path, kind, Propagation::native(kind));
    run_plan(ctx, &tree, &path, Fired::event(kind, detail), p)
}

/// The current tree of `page` and the path of the element `(owner, key)` in it: where a
/// handle taken earlier (an automator `Element`) points now; `None` when it left the page.
///
/// # Errors
/// Only engine failures.
pub fn element_now(
    ctx: &Context,
    page: u32,
    owner: u32,
    key: &str,
) -> JsResult<Option<(Vec<Node>, Vec<usize>)>> {
    locate(ctx, page, owner, key)
}

/// Fires an event on the element at `path` of `tree`, capture and bubbling as WeChat routes
/// that event. A loop task: the automator's `element.trigger`, `longpress` and
/// `touchstart`/`touchmove`/`touchend`.
///
/// # Errors
/// Only engine failures; handler errors are reported.
pub fn dispatch(
    ctx: &mut Context,
    tree: &[Node],
    path: &[usize],
    selector: &str,
    fired: Fired<'_>,
) -> JsResult<()> {
    let Some(el) = at(tree, path) else {
        return Ok(());
    };
    let kind = fired.kind;
    event_loop(ctx)?.trace().push(Event::User {
        action: kind.to_string(),
        selector: selector.to_string(),
        element: describe(el),
        value: None,
    });
    let p = plan(tree, path, kind, Propagation::native(kind));
    run_plan(ctx, tree, path, fired, p)?;
    Ok(())
}

/// Taps the element at `path` of `page` (a loop task; see [`crate::Sandbox::act`]).
///
/// # Errors
/// Only engine failures; handler errors are reported.
pub fn tap(
    ctx: &mut Context,
    page: u32,
    tree: &[Node],
    path: &[usize],
    selector: &str,
) -> JsResult<()> {
    let Some(el) = at(tree, path) else {
        return Ok(());
    };
    event_loop(ctx)?.trace().push(Event::User {
        action: "tap".into(),
        selector: selector.to_string(),
        element: describe(el),
        value: None,
    });
    let p = plan(tree, path, "tap", Propagation::native("tap"));
    let detail = json!({"x": 0, "y": 0});
    let fired = Fired {
        gesture: true,
        ..Fired::event("tap", &detail)
    };
    run_plan(ctx, tree, path, fired, p)?;
    let elements = chain(tree, path);
    if let Some((i, button)) = elements
        .iter()
        .enumerate()
        .rev()
        .find(|(_, e)| &*e.tag == "button")
    {
        if button
            .attr("disabled")
            .is_some_and(wxbox_view::expr::truthy)
        {
            return Ok(());
        }
        let open_type = button.attr_text("open-type");
        if !open_type.is_empty() {
            return open(ctx, page, button, &open_type);
        }
        match button.attr_text("form-type").as_str() {
            "submit" | "reset" => {
                let submit = button.attr_text("form-type") == "submit";
                if let Some(form) = elements[..i].iter().rev().find(|e| &*e.tag == "form") {
                    return form_action(ctx, page, form, submit);
                }
            }
            _ => {}
        }
        return Ok(());
    }
    if &*el.tag == "input" && el.attr_text("type") == "nickname" {
        let field = Field::of(page, el);
        let h = hosts(ctx)?.buttons;
        ask(
            ctx,
            "nickname keyboard",
            |r| h.borrow_mut().nickname(r),
            move |ctx, answer| {
                trace_prompts(ctx, "<input type=nickname>", answer.prompts);
                if let Ok(Some(nick)) = answer.result {
                    type_into(ctx, &field, &nick, true)?;
                }
                Ok(())
            },
        )?;
    }
    Ok(())
}

/// Types `value` into the input at `path` of `page` (a loop task).
///
/// # Errors
/// Only engine failures.
pub fn input(
    ctx: &mut Context,
    page: u32,
    tree: &[Node],
    path: &[usize],
    selector: &str,
    value: &str,
) -> JsResult<()> {
    let Some(el) = at(tree, path) else {
        return Ok(());
    };
    event_loop(ctx)?.trace().push(Event::User {
        action: "input".into(),
        selector: selector.to_string(),
        element: describe(el),
        value: Some(value.to_string()),
    });
    let old = el.attr_text("value");
    let field = Field::of(page, el);
    field.fire(ctx, "focus", &json!({"value": old, "height": 0}))?;
    type_into(ctx, &field, value, false)
}

/// An input or textarea being typed into, as it was when the user reached it.
#[derive(Clone)]
struct Field {
    page: u32,
    owner: u32,
    key: Rc<str>,
    /// `model:value="{{field}}"`: the owner's data field the text is written back to.
    model: Option<String>,
    /// `type="nickname"`: the text is reviewed after blur.
    nickname: bool,
}

impl Field {
    fn of(page: u32, el: &Element) -> Self {
        Field {
            page,
            owner: el.owner,
            key: el.key.clone(),
            model: el
                .models
                .iter()
                .find(|(attr, _)| &**attr == "value")
                .map(|(_, field)| field.clone()),
            nickname: el.attr_text("type") == "nickname",
        }
    }

    fn fire(&self, ctx: &mut Context, kind: &str, detail: &Value) -> JsResult<JsValue> {
        fire(ctx, self.page, self.owner, &self.key, kind, detail)
    }
}

/// The input event, the blur, and for `type="nickname"` the review.
fn type_into(ctx: &mut Context, f: &Field, value: &str, offered: bool) -> JsResult<()> {
    let state = app_state(ctx)?;
    let slot = (f.owner, f.key.clone());
    state
        .borrow_mut()
        .typed
        .insert(slot.clone(), value.to_string());
    // `model:value` writes the text back to the owner's data first.
    if let Some(model) = &f.model {
        write_back(ctx, f.owner, model, value)?;
    }
    let key_code = if offered { Value::Null } else { json!(0) };
    let detail = json!({"value": value, "cursor": value.chars().count(), "keyCode": key_code});
    let returned = f.fire(ctx, "input", &detail)?;
    // A bindinput handler may return the text to show instead (WeChat: a string, or {value}).
    let replaced = match returned.as_string() {
        Some(s) => Some(s.to_std_string_escaped()),
        None => match returned.as_object() {
            Some(o) => o
                .get(js_string!("value"), ctx)?
                .as_string()
                .map(|s| s.to_std_string_escaped()),
            None => None,
        },
    };
    let value = replaced.unwrap_or_else(|| value.to_string());
    state.borrow_mut().typed.insert(slot, value.clone());
    render_page(ctx, f.page)?;
    let detail = json!({"value": value, "cursor": value.chars().count()});
    f.fire(ctx, "blur", &detail)?;
    if f.nickname {
        let h = hosts(ctx)?.buttons;
        let f = f.clone();
        ask(
            ctx,
            "nickname review",
            |r| h.borrow_mut().review_nickname(&value, r),
            move |ctx, answer| {
                if let Ok(review) = answer.result {
                    let detail = json!({"pass": review.pass, "timeout": review.timeout});
                    f.fire(ctx, "nicknamereview", &detail)?;
                }
                Ok(())
            },
        )?;
    }
    Ok(())
}

/// `this.setData({[field]: value})` on the owner, as the view layer does for `model:`.
fn write_back(ctx: &mut Context, owner: u32, field: &str, value: &str) -> JsResult<()> {
    let Some((obj, _)) = owner_object(&app_state(ctx)?.borrow(), owner) else {
        return Ok(());
    };
    let patch = JsValue::from_json(&json!({ field: value }), ctx)?;
    if let Some(set_data) = obj.get(js_string!("setData"), ctx)?.as_callable() {
        set_data.call(&obj.clone().into(), &[patch], ctx)?;
    }
    Ok(())
}

fn form_action(ctx: &mut Context, page: u32, form: &Element, submit: bool) -> JsResult<()> {
    let state = app_state(ctx)?;
    let mut fields: Vec<(String, u32, Rc<str>, Value)> = Vec::new();
    collect_fields(&form.children, &mut fields);
    if submit {
        let mut value = Map::new();
        {
            let s = state.borrow();
            for (name, owner, key, default) in fields {
                let typed = s.typed.get(&(owner, key)).cloned().map(Value::String);
                value.insert(name, typed.unwrap_or(default));
            }
        }
        fire(
            ctx,
            page,
            form.owner,
            &form.key,
            "submit",
            &json!({"value": value}),
        )?;
    } else {
        {
            let mut s = state.borrow_mut();
            for (_, owner, key, _) in fields {
                s.typed.remove(&(owner, key));
            }
        }
        render_page(ctx, page)?;
        fire(ctx, page, form.owner, &form.key, "reset", &json!({}))?;
    }
    Ok(())
}

/// Named form fields under a form: `(name, owner, key, value as rendered)`.
fn collect_fields(nodes: &[Node], out: &mut Vec<(String, u32, Rc<str>, Value)>) {
    for n in nodes {
        let Node::Element(e) = n else { continue };
        let name = e.attr_text("name");
        if !name.is_empty() {
            let v = match &*e.tag {
                "switch" | "checkbox" | "radio" => {
                    Value::Bool(e.attr("checked").is_some_and(wxbox_view::expr::truthy))
                }
                _ => e
                    .attr("value")
                    .cloned()
                    .unwrap_or(Value::String(String::new())),
            };
            out.push((name, e.owner, e.key.clone(), v));
        }
        collect_fields(&e.children, out);
    }
}

/// How a button's answer becomes its event's `detail`.
#[derive(Clone, Copy)]
enum Detail {
    /// The result's fields with `errMsg: "<api>:ok"`, or the fail object.
    WithErrMsg,
    /// The result's fields alone; no event on failure.
    FieldsOnly,
}

/// Asks a host for a button's result (its prompts go to the trace) and fires `event` with it on
/// the button `(page, owner, key)`.
fn button_call<T: serde::Serialize + Send + 'static>(
    ctx: &mut Context,
    (page, owner, key): (u32, u32, &str),
    event: &'static str,
    api: &'static str,
    detail: Detail,
    call: impl FnOnce(wxbox_host::Reply<T>),
) -> JsResult<()> {
    let key = key.to_string();
    ask(ctx, &format!("button {api}"), call, move |ctx, answer| {
        trace_prompts(ctx, &format!("<button open-type={api}>"), answer.prompts);
        let fields = answer
            .result
            .map_err(WxError::from)
            .and_then(wxbox_wx::bridge::fields);
        let detail = match (fields, detail) {
            (Ok(Payload::Json(mut m)), Detail::WithErrMsg) => {
                m.insert("errMsg".into(), format!("{api}:ok").into());
                m
            }
            (Ok(Payload::Json(m)), Detail::FieldsOnly) => m,
            (Err(e), Detail::WithErrMsg) => e.fail_object(api),
            (Ok(Payload::Js(_)) | Err(_), _) => return Ok(()),
        };
        fire(ctx, page, owner, &key, event, &Value::Object(detail)).map(drop)
    })
}

/// What an open-type button does after the tap.
fn open(ctx: &mut Context, page: u32, button: &Element, open_type: &str) -> JsResult<()> {
    let (owner, key) = (button.owner, &*button.key);
    let h = hosts(ctx)?;
    match open_type {
        "getUserInfo" => {
            let lang = match button.attr_text("lang") {
                l if l.is_empty() => "en".to_string(),
                l => l,
            };
            let b = h.buttons;
            let call = |r| b.borrow_mut().user_info(&lang, r);
            button_call(
                ctx,
                (page, owner, key),
                "getuserinfo",
                "getUserInfo",
                Detail::WithErrMsg,
                call,
            )
        }
        "getPhoneNumber" => {
            let b = h.buttons;
            let call = |r| b.borrow_mut().phone_number(r);
            button_call(
                ctx,
                (page, owner, key),
                "getphonenumber",
                "getPhoneNumber",
                Detail::WithErrMsg,
                call,
            )
        }
        "getEmailAddress" => {
            let b = h.buttons;
            let call = |r| b.borrow_mut().email_address(r);
            button_call(
                ctx,
                (page, owner, key),
                "getemailaddress",
                "getEmailAddress",
                Detail::WithErrMsg,
                call,
            )
        }
        "openSetting" => {
            let s = h.settings;
            let call = |r| s.borrow_mut().open_setting(false, r);
            button_call(
                ctx,
                (page, owner, key),
                "opensetting",
                "openSetting",
                Detail::WithErrMsg,
                call,
            )
        }
        "chooseAvatar" => {
            let b = h.buttons;
            let call = |r| b.borrow_mut().choose_avatar(r);
            // `{avatarUrl}` only; a dismissed sheet sends nothing (UNVERIFIED: no documented
            // fail event).
            button_call(
                ctx,
                (page, owner, key),
                "chooseavatar",
                "chooseAvatar",
                Detail::FieldsOnly,
                call,
            )
        }
        "agreePrivacyAuthorization" => {
            // The button is the user's consent; the app's own popup then calls resolve().
            h.privacy.borrow_mut().record(PrivacyDecision::Agree);
            let detail = json!({"errMsg": "agreePrivacyAuthorization:ok"});
            fire(ctx, page, owner, key, "agreeprivacyauthorization", &detail).map(drop)
        }
        other => {
            warn(
                ctx,
                format!(
                    "open-type=\"{other}\" is not simulated by wxbox: the tap did nothing more"
                ),
            )?;
            Ok(())
        }
    }
}

/// `this.triggerEvent(name, detail, {bubbles, composed, capturePhase})` on a component.
///
/// # Errors
/// A TypeError when called on something that is not a rendered component.
pub fn trigger_event(this: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    let not_component = || -> boa_engine::JsError {
        JsNativeError::typ()
            .with_message("triggerEvent must be called on a component instance")
            .into()
    };
    let obj: JsObject = this.as_object().ok_or_else(not_component)?;
    let id = obj
        .get(js_string!("__wxWebviewId__"), ctx)?
        .as_number()
        .ok_or_else(not_component)?;
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let id = id as u32;
    let name = wxbox_engine::convert::string_arg(args, 0, ctx)?;
    let detail = match args.get(1) {
        Some(v) if !v.is_undefined() => {
            wxbox_engine::convert::to_json(v, ctx).unwrap_or(Value::Null)
        }
        _ => json!({}),
    };
    let flag = |ctx: &mut Context, key| -> JsResult<bool> {
        match args.get(2).and_then(JsValue::as_object) {
            Some(o) => Ok(o.get(key, ctx)?.to_boolean()),
            None => Ok(false),
        }
    };
    let how = Propagation {
        bubbles: flag(ctx, js_string!("bubbles"))?,
        composed: flag(ctx, js_string!("composed"))?,
    };
    let state = app_state(ctx)?;
    let found = {
        let s = state.borrow();
        page_of(&s, id).and_then(|page| {
            let tree = s.views.get(&page)?.tree.clone()?;
            let path = find_path(&tree, &|e| e.component == Some(id))?;
            Some((tree, path))
        })
    };
    // Not rendered (yet, or any more): nobody can be listening.
    let Some((tree, path)) = found else {
        return Ok(JsValue::undefined());
    };
    let p = plan(&tree, &path, &name, how);
    run_plan(ctx, &tree, &path, Fired::event(&name, &detail), p)?;
    Ok(JsValue::undefined())
}
