//! The page stack and the routing APIs (`navigateTo`, `redirectTo`, `navigateBack`, `reLaunch`,
//! `switchTab`), with WeChat's rules: at most 10 pages, tab pages only through `switchTab` /
//! `reLaunch`, tab pages kept alive once opened.
//!
//! A routing call is checked at once (a bad url fails without touching the stack); the page
//! changes happen in a task on the loop, and the call completes after the new page's `onShow`.

use boa_engine::{js_string, Context, JsObject, JsResult, JsValue};
use wxbox_engine::timers::event_loop;
use wxbox_engine::Event;
use wxbox_wx::{Binding, Payload, Request, Tier, WxError};

use crate::config::split_url;
use crate::state::{app_state, AppState, PageInstance};
use crate::{catalog, event_channel, pages};

/// WeChat's page-stack limit.
pub const MAX_STACK: usize = 10;

/// Failure reasons after `"<api>:fail "`. From WeChat base library behaviour as reported by
/// developers (UNVERIFIED: the official docs describe the rules, not the texts).
mod reason {
    pub fn not_found(route: &str) -> String {
        format!("page \"{route}\" is not found")
    }
    pub const TAB_NAVIGATE: &str = "can not navigateTo a tabbar page";
    pub const TAB_REDIRECT: &str = "can not redirectTo a tabbar page";
    pub const NOT_TAB: &str = "can not switch to no-tabBar page";
    pub const STACK_FULL: &str = "webview count limit exceed";
    pub const FIRST_PAGE: &str = "cannot navigate back at first page.";
    pub fn not_registered(route: &str) -> String {
        format!("Page \"{route}\" has not been registered yet.")
    }
}

/// The routing bindings.
pub const BINDINGS: &[Binding] = &[
    Binding::run("navigateTo", Tier::Deep, navigate_to),
    Binding::run("redirectTo", Tier::Deep, redirect_to),
    Binding::run("navigateBack", Tier::Deep, navigate_back),
    Binding::run("reLaunch", Tier::Deep, re_launch),
    Binding::run("switchTab", Tier::Deep, switch_tab),
];

type Query = Vec<(String, String)>;

/// Resolves a url against the current page: `/abs`, `rel`, `../rel`; checks it names a page.
fn resolve(state: &AppState, url: &str) -> Result<(String, Query), String> {
    let (path, query) = split_url(url);
    let route = if url.starts_with('/') {
        path
    } else {
        let base = state
            .stack
            .last()
            .map(|p| p.route.rsplit_once('/').map_or("", |(d, _)| d).to_string())
            .unwrap_or_default();
        wxbox_engine::modules::normalize(&format!("{base}/{path}")).unwrap_or(path)
    };
    if state.config.pages.contains(&route) {
        Ok((route, query))
    } else {
        Err(reason::not_found(&route))
    }
}

fn trace_navigation(ctx: &Context, action: &str, from: Option<String>) -> JsResult<()> {
    let state = app_state(ctx)?;
    let s = state.borrow();
    let stack: Vec<String> = s.stack.iter().map(|p| p.route.clone()).collect();
    event_loop(ctx)?.trace().push(Event::Navigation {
        action: action.to_string(),
        from,
        to: stack.last().cloned().unwrap_or_default(),
        stack,
    });
    Ok(())
}

fn top(ctx: &Context) -> JsResult<Option<PageInstance>> {
    Ok(app_state(ctx)?.borrow().stack.last().cloned())
}

/// Evaluates the page's module on first use and builds a new instance.
/// `Err(reason)` when the module throws or never calls `Page()` (the error is reported).
fn instantiate(
    ctx: &mut Context,
    route: &str,
    query: &Query,
) -> JsResult<Result<PageInstance, String>> {
    let state = app_state(ctx)?;
    let def = state.borrow().defs.get(route).cloned();
    let def = match def {
        Some(d) => d,
        None => {
            if let Err(e) = catalog::ensure_page(ctx, route)? {
                // The page's own files are broken: it fails, as in WeChat, and nothing else does.
                // UNVERIFIED: the errMsg WeChat gives a navigation to a page that cannot compile;
                // the page never registers, so the not-registered text is used.
                report_load_error(ctx, &e)?;
                return Ok(Err(reason::not_registered(route)));
            }
            state.borrow_mut().loading = Some(route.to_string());
            let script = catalog::script_in(ctx, route);
            let evaluated = pages::evaluate(ctx, &script);
            state.borrow_mut().loading = None;
            evaluated?;
            let def = state.borrow().defs.get(route).cloned();
            match def {
                Some(d) => d,
                None => {
                    let why = reason::not_registered(route);
                    let err = boa_engine::JsNativeError::error().with_message(why.clone());
                    event_loop(ctx)?.report_error(ctx, &err.into(), &script);
                    return Ok(Err(why));
                }
            }
        }
    };
    let page = pages::create(ctx, route, &def, query)?;
    if state.borrow().config.is_tab(route) {
        state.borrow_mut().tabs.push(page.clone());
    }
    Ok(Ok(page))
}

/// Records a page that could not load as an error, counted like an uncaught one.
fn report_load_error(ctx: &mut Context, e: &catalog::LoadError) -> JsResult<()> {
    event_loop(ctx)?.trace().push(catalog::error_of(e, "page"));
    app_state(ctx)?.borrow_mut().uncaught += 1;
    Ok(())
}

/// Pushes `page`, records the navigation, runs onLoad/onShow, and schedules onReady.
fn enter(
    ctx: &mut Context,
    action: &str,
    from: Option<String>,
    page: PageInstance,
) -> JsResult<()> {
    app_state(ctx)?.borrow_mut().stack.push(page.clone());
    trace_navigation(ctx, action, from)?;
    pages::load(ctx, &page)?;
    event_loop(ctx)?.post("onReady", Box::new(move |ctx| pages::ready(ctx, &page)));
    Ok(())
}

/// Opens the first page at launch.
///
/// # Errors
/// Only engine failures; page errors are reported.
pub fn launch(ctx: &mut Context, route: &str, query: &Query) -> JsResult<()> {
    if let Ok(page) = instantiate(ctx, route, query)? {
        enter(ctx, "appLaunch", None, page)?;
    }
    Ok(())
}

/// Builds the page for `route`, runs `make_room` (hide or unload what it replaces), then enters it
/// as `action`. `Err(reason)` when the page's module does not register a page.
fn open(
    ctx: &mut Context,
    action: &str,
    from: Option<PageInstance>,
    (route, query): (String, Query),
    make_room: fn(&mut Context, Option<&PageInstance>) -> JsResult<()>,
) -> JsResult<Result<(), String>> {
    let page = match instantiate(ctx, &route, &query)? {
        Ok(p) => p,
        Err(why) => return Ok(Err(why)),
    };
    make_room(ctx, from.as_ref())?;
    enter(ctx, action, from.map(|p| p.route), page)?;
    Ok(Ok(()))
}

fn unload_top(ctx: &mut Context) -> JsResult<()> {
    let page = app_state(ctx)?.borrow_mut().stack.pop();
    if let Some(p) = page {
        let is_tab = app_state(ctx)?.borrow().config.is_tab(&p.route);
        pages::unload(ctx, &p)?;
        if is_tab {
            app_state(ctx)?.borrow_mut().tabs.retain(|t| t.id != p.id);
        }
    }
    Ok(())
}

fn url_of(req: &Request, ctx: &mut Context) -> JsResult<String> {
    Ok(req
        .options
        .get(js_string!("url"), ctx)?
        .to_string(ctx)?
        .to_std_string_escaped())
}

/// An API's own rule on a resolved target (tab rules, the stack limit).
type Check = fn(&AppState, String, Query) -> Result<(String, Query), String>;
/// The page-stack change, run as a loop task; `Err(reason)` fails the call.
type Act = fn(&mut Context, String, Query) -> JsResult<Result<(), String>>;

/// Reads and resolves `url`, applies `check` at once (a bad url fails without touching the
/// stack), then runs `act` as a loop task and completes the call after it.
fn route_call(req: Request, ctx: &mut Context, check: Check, act: Act) -> JsResult<()> {
    route_call_with(req, ctx, check, act, Channel::None)
}

/// [`route_call`], giving the page it opens `channel` (the opener's end goes in the result).
/// The EventChannel a route call gives its result: none (redirects, tabs), a pair made now
/// (`navigateTo({events})`), or one made when first read (`navigateTo` without `events`).
enum Channel {
    None,
    Pair(JsObject, JsObject),
    Lazy,
}

fn route_call_with(
    req: Request,
    ctx: &mut Context,
    check: Check,
    act: Act,
    channel: Channel,
) -> JsResult<()> {
    let url = url_of(&req, ctx)?;
    let checked = {
        let state = app_state(ctx)?;
        let s = state.borrow();
        resolve(&s, &url).and_then(|(route, query)| check(&s, route, query))
    };
    match checked {
        Err(why) => req.completion.complete(Err(WxError::Route(why))),
        Ok((route, query)) => {
            let completion = req.completion;
            let lazy = matches!(channel, Channel::Lazy);
            event_loop(ctx)?.post(
                &format!("wx.{}", completion.api()),
                Box::new(move |ctx| {
                    let opener = match channel {
                        Channel::Pair(opener, end) => {
                            event_channel::set_opening(ctx, end);
                            Some(opener)
                        }
                        Channel::None | Channel::Lazy => None,
                    };
                    let outcome = act(ctx, route, query)?;
                    let opened = match &outcome {
                        Ok(()) => top(ctx)?.map(|p| p.id),
                        Err(_) => None,
                    };
                    event_channel::settle(ctx, opened);
                    let payload = match (opener, lazy, opened) {
                        (Some(o), _, _) => Payload::Js(event_channel::result_with(ctx, o)?),
                        (None, true, Some(id)) => Payload::Js(event_channel::lazy_result(ctx, id)?),
                        _ => Payload::empty(),
                    };
                    completion.complete(outcome.map(|()| payload).map_err(WxError::Route));
                    Ok(())
                }),
            );
        }
    }
    Ok(())
}

fn navigate_to(req: Request, ctx: &mut Context) -> JsResult<()> {
    let check: Check = |s, route, query| {
        if s.config.is_tab(&route) {
            Err(reason::TAB_NAVIGATE.to_string())
        } else if s.stack.len() >= MAX_STACK {
            Err(reason::STACK_FULL.to_string())
        } else {
            Ok((route, query))
        }
    };
    // `events`: listeners on the opener's end of the new page's EventChannel.
    let events = req.options.get(js_string!("events"), ctx)?;
    // Without `events` the channel is made only if someone asks for it.
    let channel = match events.as_object() {
        Some(_) => {
            let (opener, end) = event_channel::pair(ctx, &events)?;
            Channel::Pair(opener, end)
        }
        None => Channel::Lazy,
    };
    route_call_with(
        req,
        ctx,
        check,
        |ctx, route, query| {
            let from = top(ctx)?;
            open(
                ctx,
                "navigateTo",
                from,
                (route, query),
                |ctx, prev| match prev {
                    Some(p) => pages::hide(ctx, p),
                    None => Ok(()),
                },
            )
        },
        channel,
    )
}

fn redirect_to(req: Request, ctx: &mut Context) -> JsResult<()> {
    let check: Check = |s, route, query| {
        if s.config.is_tab(&route) {
            Err(reason::TAB_REDIRECT.to_string())
        } else {
            Ok((route, query))
        }
    };
    route_call(req, ctx, check, |ctx, route, query| {
        let from = top(ctx)?;
        open(ctx, "redirectTo", from, (route, query), |ctx, _| {
            unload_top(ctx)
        })
    })
}

fn re_launch(req: Request, ctx: &mut Context) -> JsResult<()> {
    route_call(
        req,
        ctx,
        |_, route, query| Ok((route, query)),
        |ctx, route, query| {
            let from = top(ctx)?;
            while top(ctx)?.is_some() {
                unload_top(ctx)?;
            }
            let hidden_tabs = std::mem::take(&mut app_state(ctx)?.borrow_mut().tabs);
            for t in &hidden_tabs {
                pages::unload(ctx, t)?;
            }
            let page = match instantiate(ctx, &route, &query)? {
                Ok(p) => p,
                Err(why) => return Ok(Err(why)),
            };
            enter(ctx, "reLaunch", from.map(|p| p.route), page)?;
            Ok(Ok(()))
        },
    )
}

fn switch_tab(req: Request, ctx: &mut Context) -> JsResult<()> {
    // switchTab ignores the query string, as WeChat does.
    let check: Check = |s, route, _| {
        if s.config.is_tab(&route) {
            Ok((route, Vec::new()))
        } else {
            Err(reason::NOT_TAB.to_string())
        }
    };
    route_call(req, ctx, check, |ctx, route, query| {
        let from = top(ctx)?;
        if from.as_ref().is_some_and(|p| p.route == route) {
            return Ok(Ok(()));
        }
        let state = app_state(ctx)?;
        // Non-tab pages close; tab pages stay alive, hidden.
        loop {
            let Some(p) = top(ctx)? else { break };
            if state.borrow().config.is_tab(&p.route) {
                state.borrow_mut().stack.pop();
                if from.as_ref().is_some_and(|f| f.id == p.id) {
                    pages::hide(ctx, &p)?;
                }
            } else {
                unload_top(ctx)?;
            }
        }
        let alive = state
            .borrow()
            .tabs
            .iter()
            .find(|t| t.route == route)
            .cloned();
        let Some(page) = alive else {
            return open(ctx, "switchTab", from, (route, query), |_, _| Ok(()));
        };
        state.borrow_mut().stack.push(page.clone());
        trace_navigation(ctx, "switchTab", from.map(|p| p.route))?;
        pages::show(ctx, &page)?;
        Ok(Ok(()))
    })
}

fn navigate_back(req: Request, ctx: &mut Context) -> JsResult<()> {
    let delta = req.options.get(js_string!("delta"), ctx)?;
    let delta = if delta.is_undefined() {
        1.0
    } else {
        delta.to_number(ctx)?
    };
    let depth = app_state(ctx)?.borrow().stack.len();
    if depth <= 1 {
        req.completion
            .complete(Err(WxError::Route(reason::FIRST_PAGE.to_string())));
        return Ok(());
    }
    // A delta past the bottom returns to the first page, as WeChat does; below 1 means 1.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let pops = if delta.is_nan() || delta < 1.0 {
        1
    } else {
        (delta as usize).min(depth - 1)
    };
    let completion = req.completion;
    event_loop(ctx)?.post(
        "wx.navigateBack",
        Box::new(move |ctx| {
            let from = top(ctx)?.map(|p| p.route);
            for _ in 0..pops {
                unload_top(ctx)?;
            }
            trace_navigation(ctx, "navigateBack", from)?;
            if let Some(p) = top(ctx)? {
                pages::show(ctx, &p)?;
            }
            completion.complete(Ok(Payload::empty()));
            Ok(())
        }),
    );
    Ok(())
}

/// `getCurrentPages()`: the stack's page objects, bottom first.
///
/// # Errors
/// Only engine failures.
pub fn current_pages(ctx: &mut Context) -> JsResult<JsValue> {
    let pages: Vec<JsValue> = app_state(ctx)?
        .borrow()
        .stack
        .iter()
        .map(|p| p.obj.clone().into())
        .collect();
    Ok(boa_engine::object::builtins::JsArray::from_iter(pages, ctx).into())
}
