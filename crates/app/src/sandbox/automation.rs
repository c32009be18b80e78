//! What a test drives a sandbox with: the automation side of `wxbox test`, in the terms of the
//! official `miniprogram-automator` (its MiniProgram, Page and Element objects call these). The
//! page stack; elements as handles that survive re-renders; page and component data, `setData`
//! and methods; the user's gestures on one element; code run in the app's context; `wx`
//! methods mocked and restored; and sandbox time, which only moves when a test lets it.
//!
//! Values cross as JSON, as they cross the automator's socket to DevTools: a test never holds
//! an app object. This module knows nothing of the test framework that calls it.

use boa_engine::builtins::promise::PromiseState;
use boa_engine::object::builtins::JsPromise;
use boa_engine::{js_string, Context, JsObject, JsString, JsValue};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use wxbox_engine::convert::{inspect, to_json};
use wxbox_engine::{RunBudget, RunEnd};
use wxbox_view::tree::{at, to_wxml, Element, Node};
use wxbox_view::Selector;

use super::Sandbox;
use crate::interact::{self, Fired};

/// How far a promise from the app may make sandbox time run while a test waits on it: as far
/// as a run's horizon lets intervals run.
const AWAIT_LIMIT_MS: u64 = wxbox_engine::DEFAULT_HORIZON_MS;

/// A page on the stack, as a test sees it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PageRef {
    /// The page's id (`__wxWebviewId__`).
    pub id: u32,
    /// The route, without a leading `/` (`pages/index/index`), as the automator's `page.path`.
    pub path: String,
    /// The query it was opened with.
    pub query: Map<String, Value>,
}

/// An element handle: the page it is on, the page or component whose template made it, and
/// its key there (template node and `wx:key`s), so it names the same element after re-renders.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ElementRef {
    /// The page's id.
    pub page: u32,
    /// The page or component instance whose template holds it.
    pub owner: u32,
    /// Its key in that template.
    pub key: String,
    /// The tag, as written (`view`, `van-button`).
    pub tag: String,
}

/// Where a selector looks.
#[derive(Debug, Clone, Copy)]
pub enum Scope<'a> {
    /// A page's own template (`page.$`).
    Page(u32),
    /// Inside an element (`element.$`): a custom component's own template, or the descendants
    /// of a built-in element.
    Element(&'a ElementRef),
}

/// What a test does to one element.
#[derive(Debug, Clone, PartialEq)]
pub enum Gesture {
    /// A tap, as the scripted user taps (buttons' open-type, forms, the tap-gesture rule).
    Tap,
    /// A long press (`longpress`, then `longtap`).
    LongPress,
    /// `touchstart`, `touchmove`, `touchend` or `touchcancel`, with the automator's touch
    /// options as the event's `touches` / `changedTouches`.
    Touch {
        /// The event name.
        kind: String,
        /// The options given (`{touches, changedTouches}`).
        options: Value,
    },
    /// Any event with a detail, not a user gesture (`element.trigger`).
    Trigger {
        /// The event name.
        kind: String,
        /// Its `detail`.
        detail: Value,
    },
    /// Typing into an `<input>` or `<textarea>` (`element.input`).
    Input(String),
}

/// What a mocked `wx` method answers.
#[derive(Debug, Clone, PartialEq)]
pub enum MockAnswer {
    /// A fixed result: returned by a sync method, given to `success` (or `fail`, when its
    /// `errMsg` says `:fail`) by an async one.
    Value(Value),
    /// A function's source, run in the app's context with the call's arguments and then
    /// `extra`, with `this.origin` the original method (the automator's form).
    Function {
        /// The function's source text.
        source: String,
        /// Arguments appended after the call's own.
        extra: Vec<Value>,
    },
}

/// The app-side half of `mockWxMethod` / `restoreWxMethod`. Async answers go to the callbacks
/// after a microtask, or to the Promise when no callback is given, as WeChat's own methods do.
/// UNVERIFIED (DevTools' injected code is not public): a plain-object answer without `errMsg`
/// gets `<name>:ok`, and one whose `errMsg` holds `:fail` goes to `fail`.
const MOCKS_JS: &str = r"(function (wx) {
  var origins = {};
  var own = Object.prototype.hasOwnProperty;
  // Hidden from enumeration: `mp.storage` calls the originals through it.
  Object.defineProperty(wx, '__wxbox_origins__', { value: origins, enumerable: false });
  return {
    mock: function (name, isSync, fn, value, extra) {
      if (!own.call(origins, name)) origins[name] = wx[name];
      var origin = origins[name];
      var answer = fn
        ? function (args) { return fn.apply({ origin: origin }, args.concat(extra)); }
        : function () { return value === undefined ? undefined : JSON.parse(JSON.stringify(value)); };
      wx[name] = isSync
        ? function () { return answer(Array.prototype.slice.call(arguments)); }
        : function (options) {
            var o = options || {};
            var args = Array.prototype.slice.call(arguments);
            var p = new Promise(function (resolve) { resolve(answer(args)); }).then(null, function (e) {
              return { errMsg: name + ':fail ' + (e && e.message !== undefined ? e.message : String(e)) };
            }).then(function (res) {
              if (res && typeof res === 'object' && !Array.isArray(res) && res.errMsg === undefined) res.errMsg = name + ':ok';
              var failed = !!res && typeof res.errMsg === 'string' && res.errMsg.indexOf(':fail') >= 0;
              if (failed) { if (typeof o.fail === 'function') o.fail(res); }
              else if (typeof o.success === 'function') o.success(res);
              if (typeof o.complete === 'function') o.complete(res);
              if (failed) throw res;
              return res;
            });
            if (typeof o.success === 'function' || typeof o.fail === 'function' || typeof o.complete === 'function') {
              p.then(null, function () {});
              return undefined;
            }
            return p;
          };
    },
    restore: function (name) {
      if (!own.call(origins, name)) return false;
      wx[name] = origins[name];
      delete origins[name];
      return true;
    }
  };
})";

/// Whether the table declares `wx.<name>` sync (it returns a value; `xSync`, `createX`, `onX`)
/// rather than taking callbacks; a name the table does not know is sync when it ends in `Sync`.
#[must_use]
pub fn wx_method_is_sync(name: &str) -> bool {
    match wxbox_wx::surface::surface().method(name) {
        Some(spec) => spec.call == wxbox_wx::spec::Call::Sync,
        None => name.ends_with("Sync"),
    }
}

fn js_err(e: &boa_engine::JsError, ctx: &mut Context) -> String {
    match e.try_native(ctx) {
        Ok(n) => n.to_string(),
        Err(_) => e.to_string(),
    }
}

impl Sandbox {
    /// Sandbox time now (ms).
    #[must_use]
    pub fn now_ms(&self) -> u64 {
        self.runtime.event_loop().clock().now_ms()
    }

    /// Whether [`Sandbox::launch`] has run (`App()` was called).
    #[must_use]
    pub fn launched(&self) -> bool {
        self.state.borrow().app.is_some()
    }

    /// Plays out what happens at the current sandbox instant: tasks, microtasks, host replies
    /// and timers already due. Later timers wait for [`Sandbox::advance`]. A budget stop is
    /// recorded as [`Sandbox::run`] records it; no `end` event is written.
    pub fn settle(&mut self) -> RunEnd {
        let now = self.now_ms();
        self.run_to(now)
    }

    /// Lets `ms` of sandbox time pass, playing out every timer due in it.
    pub fn advance(&mut self, ms: u64) -> RunEnd {
        let to = self.now_ms().saturating_add(ms);
        self.run_to(to)
    }

    /// Moves sandbox time to the next timer (if it is due within `limit` ms) and plays out what
    /// it causes; `None` when no timer is due that soon, so waiting longer changes nothing.
    pub fn advance_to_next_timer(&mut self, limit: u64) -> Option<RunEnd> {
        let due = self.runtime.event_loop().next_timer_due()?;
        (due <= self.now_ms().saturating_add(limit)).then(|| self.run_to(due))
    }

    /// When the next timer is due (sandbox ms), if any.
    #[must_use]
    pub fn next_timer_due(&self) -> Option<u64> {
        self.runtime.event_loop().next_timer_due()
    }

    fn run_to(&mut self, until: u64) -> RunEnd {
        let end = self.run_within(RunBudget {
            until: Some(until),
            horizon: None,
            ..RunBudget::default()
        });
        // Time passes even when nothing is due in it (a session expiring over three idle days).
        let virtual_time =
            self.runtime.event_loop().clock().mode() == wxbox_engine::ClockMode::Virtual;
        if virtual_time && matches!(end, RunEnd::Idle | RunEnd::Until) && self.now_ms() < until {
            self.runtime.event_loop().clock().advance_to(until);
        }
        end
    }

    /// The page stack, bottom first.
    pub fn pages(&mut self) -> Vec<PageRef> {
        let stack: Vec<_> = self
            .state
            .borrow()
            .stack
            .iter()
            .map(|p| (p.id, p.route.clone(), p.obj.clone()))
            .collect();
        let ctx = self.runtime.context();
        stack
            .into_iter()
            .map(|(id, route, obj)| {
                let query = obj
                    .get(js_string!("options"), ctx)
                    .ok()
                    .and_then(|q| to_json(&q, ctx).ok())
                    .and_then(|q| match q {
                        Value::Object(m) => Some(m),
                        _ => None,
                    })
                    .unwrap_or_default();
                PageRef {
                    id,
                    path: route,
                    query,
                }
            })
            .collect()
    }

    /// The elements `selector` matches in `scope`, in document order.
    ///
    /// # Errors
    /// A selector that does not parse; a stale element.
    pub fn select(&self, scope: Scope<'_>, selector: &str) -> Result<Vec<ElementRef>, String> {
        let sel = Selector::parse(selector).map_err(|e| format!("`{selector}`: {e}"))?;
        let s = self.state.borrow();
        let page = match scope {
            Scope::Page(p) => p,
            Scope::Element(r) => r.page,
        };
        // A page without WXML (or not rendered yet) has nothing to match.
        let Some(tree) = s.views.get(&page).and_then(|v| v.tree.as_ref()) else {
            return Ok(Vec::new());
        };
        let (nodes, owner): (&[Node], u32) = match scope {
            Scope::Page(p) => (tree, p),
            Scope::Element(r) => {
                let path = wxbox_view::tree::find_path(tree, &|e| {
                    e.owner == r.owner && &*e.key == r.key.as_str()
                })
                .ok_or_else(|| stale(r))?;
                let el = at(tree, &path).ok_or_else(|| stale(r))?;
                (&el.children, el.component.unwrap_or(el.owner))
            }
        };
        Ok(sel
            .find_all(nodes, owner)
            .iter()
            .filter_map(|p| at(nodes, p))
            .map(|el| ElementRef {
                page,
                owner: el.owner,
                key: el.key.to_string(),
                tag: el.tag.to_string(),
            })
            .collect())
    }

    /// The element a handle names, as rendered now (`None` once it has left the page).
    #[must_use]
    pub fn element(&self, r: &ElementRef) -> Option<Element> {
        let s = self.state.borrow();
        let tree = s.views.get(&r.page)?.tree.as_ref()?;
        let path = wxbox_view::tree::find_path(tree, &|e| {
            e.owner == r.owner && &*e.key == r.key.as_str()
        })?;
        at(tree, &path).cloned()
    }

    /// The element's WXML: its children (`element.wxml()`) or itself (`outerWxml()`).
    ///
    /// # Errors
    /// A stale handle.
    pub fn element_wxml(&self, r: &ElementRef, outer: bool) -> Result<String, String> {
        let el = self.element(r).ok_or_else(|| stale(r))?;
        Ok(if outer {
            to_wxml(&[Node::Element(el)])
        } else {
            to_wxml(&el.children)
        })
    }

    /// What the user typed into an input the handle names, if anything.
    #[must_use]
    pub fn typed_value(&self, r: &ElementRef) -> Option<String> {
        self.state
            .borrow()
            .typed
            .get(&(r.owner, std::rc::Rc::from(r.key.as_str())))
            .cloned()
    }

    fn instance_object(&self, id: u32) -> Result<JsObject, String> {
        let s = self.state.borrow();
        if let Some(p) = s.stack.iter().chain(&s.tabs).find(|p| p.id == id) {
            return Ok(p.obj.clone());
        }
        if let Some(i) = s.instances.get(&id) {
            return Ok(i.page.obj.clone());
        }
        Err(format!(
            "page or component {id} is no longer alive (it was closed or detached)"
        ))
    }

    /// A page's or component's `data`, or the value at `path` in it (`a.b[0]`); `null` for a
    /// path that leads nowhere, as the automator's `page.data(path)` gives.
    ///
    /// # Errors
    /// A dead instance, data that cannot be read as JSON.
    pub fn data_of(&mut self, id: u32, path: Option<&str>) -> Result<Value, String> {
        let obj = self.instance_object(id)?;
        let ctx = self.runtime.context();
        let data = obj
            .get(js_string!("data"), ctx)
            .map_err(|e| js_err(&e, ctx))?;
        let data = to_json(&data, ctx).map_err(|e| e.to_string())?;
        let Some(path) = path.filter(|p| !p.is_empty()) else {
            return Ok(data);
        };
        let segs = crate::pages::parse_path(path)
            .ok_or_else(|| format!("`{path}` is not a data path (expected a.b[0].c)"))?;
        let mut cur = &data;
        for seg in &segs {
            let next = match seg {
                crate::pages::Seg::Key(k) => cur.get(k.as_str()),
                crate::pages::Seg::Index(i) => cur.get(*i as usize),
            };
            match next {
                Some(v) => cur = v,
                None => return Ok(Value::Null),
            }
        }
        Ok(cur.clone())
    }

    /// Calls `setData(data)` on a page or component, as its own code would, then settles.
    ///
    /// # Errors
    /// A dead instance; `setData` threw (a bad path key).
    pub fn set_data_of(&mut self, id: u32, data: &Value) -> Result<(), String> {
        self.call_method_of(id, "setData", std::slice::from_ref(data))
            .map(|_| ())
    }

    /// Calls a page's or component's method with JSON arguments, waits for a returned Promise
    /// (sandbox time may run for it), and gives back the result as JSON.
    ///
    /// # Errors
    /// A dead instance, no such method, what the method threw or rejected with.
    pub fn call_method_of(
        &mut self,
        id: u32,
        method: &str,
        args: &[Value],
    ) -> Result<Value, String> {
        let obj = self.instance_object(id)?;
        let ctx = self.runtime.context();
        let f = obj
            .get(JsString::from(method), ctx)
            .map_err(|e| js_err(&e, ctx))?;
        let Some(f) = f.as_callable() else {
            return Err(format!("it has no method `{method}`"));
        };
        let args = args
            .iter()
            .map(|a| JsValue::from_json(a, ctx))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| js_err(&e, ctx))?;
        let result = f.call(&obj.clone().into(), &args, ctx);
        let v = result.map_err(|e| js_err(&e, ctx))?;
        self.await_value(v, method)
    }

    /// What a test does to one element, played out at the current instant.
    ///
    /// # Errors
    /// A stale handle; typing into something that is not an enabled input or textarea.
    pub fn gesture(&mut self, r: &ElementRef, g: &Gesture) -> Result<(), String> {
        let (tree, path) = {
            let ctx = self.runtime.context();
            interact::element_now(ctx, r.page, r.owner, &r.key)
                .map_err(|e| e.to_string())?
                .ok_or_else(|| stale(r))?
        };
        let el = at(&tree, &path).ok_or_else(|| stale(r))?;
        let what = format!("<{}>", el.tag);
        if let Gesture::Input(_) = g {
            if !matches!(&*el.tag, "input" | "textarea") {
                return Err(format!(
                    "{what} is not an <input> or <textarea>: only they take input"
                ));
            }
            if el.attr("disabled").is_some_and(wxbox_view::expr::truthy) {
                return Err(format!("{what} is disabled"));
            }
        }
        let page = r.page;
        let g = g.clone();
        self.runtime.event_loop().post(
            &format!("test {what}"),
            Box::new(move |ctx| match &g {
                Gesture::Tap => interact::tap(ctx, page, &tree, &path, &what),
                Gesture::Input(v) => interact::input(ctx, page, &tree, &path, &what, v),
                Gesture::LongPress => {
                    let d = serde_json::json!({"x": 0, "y": 0});
                    for kind in ["longpress", "longtap"] {
                        let fired = Fired {
                            gesture: true,
                            ..Fired::event(kind, &d)
                        };
                        interact::dispatch(ctx, &tree, &path, &what, fired)?;
                    }
                    Ok(())
                }
                Gesture::Touch { kind, options } => {
                    // The detail is where the first changed finger is, as a tap's is.
                    let first = options
                        .get("changedTouches")
                        .or_else(|| options.get("touches"))
                        .and_then(|t| t.get(0));
                    let at = |k: &str| first.and_then(|f| f.get(k)).cloned().unwrap_or(0.into());
                    let d = serde_json::json!({"x": at("clientX"), "y": at("clientY")});
                    let fired = Fired {
                        gesture: true,
                        touches: Some(options),
                        ..Fired::event(kind, &d)
                    };
                    interact::dispatch(ctx, &tree, &path, &what, fired)
                }
                Gesture::Trigger { kind, detail } => {
                    interact::dispatch(ctx, &tree, &path, &what, Fired::event(kind, detail))
                }
            }),
        );
        self.settle();
        Ok(())
    }

    /// Runs a function (its source text) in the app's context with JSON arguments, as the
    /// automator's `evaluate` does, waits for a returned Promise, and gives back the result.
    ///
    /// # Errors
    /// The source is not a function; what it threw or rejected with.
    pub fn evaluate(&mut self, source: &str, args: &[Value]) -> Result<Value, String> {
        let f = self.function_of(source, "evaluate")?;
        let ctx = self.runtime.context();
        let args = args
            .iter()
            .map(|a| JsValue::from_json(a, ctx))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| js_err(&e, ctx))?;
        let v = f
            .call(&JsValue::undefined(), &args, ctx)
            .map_err(|e| js_err(&e, ctx))?;
        self.await_value(v, "evaluate")
    }

    /// The function `source` evaluates to in the app's global scope, parsed once per sandbox.
    fn function_of(&mut self, source: &str, what: &str) -> Result<JsObject, String> {
        /// Sources kept; a test that sends more distinct ones starts the cache afresh.
        const KEPT: usize = 256;
        if let Some(f) = self.functions.get(source) {
            return Ok(f.clone());
        }
        let ctx = self.runtime.context();
        let f = wxbox_engine::code_cache::eval(ctx, &format!("({source}\n)"))
            .map_err(|e| format!("{what}: {}", js_err(&e, ctx)))?;
        let f = f
            .as_object()
            .filter(|f| f.is_callable())
            .ok_or_else(|| format!("{what}: the argument must be a function or its source"))?
            .clone();
        if self.functions.len() >= KEPT {
            self.functions.clear();
        }
        self.functions.insert(source.to_string(), f.clone());
        Ok(f)
    }

    /// `v` as JSON once it is settled: a Promise is waited for while the app plays out, timer by
    /// timer, up to [`AWAIT_LIMIT_MS`] of sandbox time.
    fn await_value(&mut self, v: JsValue, what: &str) -> Result<Value, String> {
        let promise = v
            .as_object()
            .and_then(|o| JsPromise::from_object(o.clone()).ok());
        let Some(promise) = promise else {
            self.settle();
            let ctx = self.runtime.context();
            return to_json(&v, ctx).map_err(|e| e.to_string());
        };
        let start = self.now_ms();
        loop {
            self.settle();
            match promise.state() {
                PromiseState::Fulfilled(v) => {
                    let ctx = self.runtime.context();
                    return to_json(&v, ctx).map_err(|e| e.to_string());
                }
                PromiseState::Rejected(reason) => {
                    let ctx = self.runtime.context();
                    return Err(inspect(&reason, ctx, true));
                }
                PromiseState::Pending => {
                    let left = (start + AWAIT_LIMIT_MS).saturating_sub(self.now_ms());
                    if self.advance_to_next_timer(left).is_none() {
                        return Err(format!(
                            "{what}: the Promise it returned never settled (nothing left to run at {} ms of sandbox time)",
                            self.now_ms()
                        ));
                    }
                }
            }
        }
    }

    /// Replaces `wx.<name>` in the app's context until [`Sandbox::restore_wx`]; works before
    /// [`Sandbox::launch`], so `App.onLaunch` sees the mock.
    ///
    /// # Errors
    /// `wx` has no such method; a function answer that does not evaluate to a function.
    pub fn mock_wx(&mut self, name: &str, answer: &MockAnswer) -> Result<(), String> {
        let sync = wx_method_is_sync(name);
        let mocks = self.mocks()?;
        let ctx = self.runtime.context();
        let exists = ctx
            .global_object()
            .get(js_string!("wx"), ctx)
            .ok()
            .and_then(|wx| wx.as_object())
            .is_some_and(|wx| wx.has_property(JsString::from(name), ctx).unwrap_or(false));
        if !exists {
            return Err(format!("wx.{name} does not exist"));
        }
        // A fixed answer is a value; a function answer runs with the call's arguments.
        let (f, value, extra) = match answer {
            MockAnswer::Value(v) => (JsValue::undefined(), v.clone(), Vec::new()),
            MockAnswer::Function { source, extra } => (
                self.function_of(source, "mockWxMethod")?.into(),
                Value::Null,
                extra.clone(),
            ),
        };
        let ctx = self.runtime.context();
        let value = JsValue::from_json(&value, ctx).map_err(|e| js_err(&e, ctx))?;
        let extra = JsValue::from_json(&Value::Array(extra), ctx).map_err(|e| js_err(&e, ctx))?;
        let mock = mocks
            .get(js_string!("mock"), ctx)
            .map_err(|e| js_err(&e, ctx))?;
        let mock = mock.as_callable().ok_or("mock shim broken")?;
        mock.call(
            &mocks.clone().into(),
            &[JsString::from(name).into(), sync.into(), f, value, extra],
            ctx,
        )
        .map_err(|e| js_err(&e, ctx))?;
        Ok(())
    }

    /// Puts back the `wx.<name>` that [`Sandbox::mock_wx`] replaced; false when it was not
    /// mocked.
    ///
    /// # Errors
    /// Only engine failures.
    pub fn restore_wx(&mut self, name: &str) -> Result<bool, String> {
        let mocks = self.mocks()?;
        let ctx = self.runtime.context();
        let restore = mocks
            .get(js_string!("restore"), ctx)
            .map_err(|e| js_err(&e, ctx))?;
        let restore = restore.as_callable().ok_or("mock shim broken")?;
        let r = restore
            .call(&mocks.clone().into(), &[JsString::from(name).into()], ctx)
            .map_err(|e| js_err(&e, ctx))?;
        Ok(r.to_boolean())
    }

    fn mocks(&mut self) -> Result<JsObject, String> {
        if let Some(m) = &self.mocks {
            return Ok(m.clone());
        }
        let ctx = self.runtime.context();
        let make = wxbox_engine::code_cache::eval(ctx, MOCKS_JS).map_err(|e| e.to_string())?;
        let wx = ctx
            .global_object()
            .get(js_string!("wx"), ctx)
            .map_err(|e| e.to_string())?;
        let m = make
            .as_callable()
            .ok_or("mock shim broken")?
            .call(&JsValue::undefined(), &[wx], ctx)
            .map_err(|e| e.to_string())?;
        let m = m.as_object().ok_or("mock shim broken")?.clone();
        self.mocks = Some(m.clone());
        Ok(m)
    }
}

fn stale(r: &ElementRef) -> String {
    format!(
        "the <{}> this element handle names is no longer on the page (it was removed by a render)",
        r.tag
    )
}
