//! The app model's state on the JS thread: the App instance, registered page definitions, the page
//! stack and the live tab pages. Natives reach it through context data; borrows are never held
//! across calls into JavaScript.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use boa_engine::{Context, JsNativeError, JsObject, JsResult};

use crate::config::AppConfig;

/// What `Page()` or `Component()` registered for a route.
#[derive(Debug, Clone)]
pub struct PageDef {
    /// The object passed to `Page()` / `Component()`.
    pub options: JsObject,
    /// Registered with `Component()` (hooks live under `methods`, `lifetimes`, `pageLifetimes`).
    pub component: bool,
}

/// A live page.
#[derive(Debug, Clone)]
pub struct PageInstance {
    /// Unique per sandbox (`__wxWebviewId__`).
    pub id: u32,
    /// The route (`pages/index/index`).
    pub route: String,
    /// The page object (`this` in page code).
    pub obj: JsObject,
    /// Its definition.
    pub def: PageDef,
}

/// The app model of one sandbox.
#[derive(Debug)]
pub struct AppState {
    /// `app.json`.
    pub config: AppConfig,
    /// The object passed to `App()`.
    pub app: Option<JsObject>,
    /// Definitions by route, filled as page modules are first evaluated.
    pub defs: HashMap<String, PageDef>,
    /// The route whose module is being evaluated (so `Page()` knows where it is).
    pub loading: Option<String>,
    /// The page stack, bottom first (what `getCurrentPages()` returns).
    pub stack: Vec<PageInstance>,
    /// Tab pages stay alive after they are first opened, on or off the stack.
    pub tabs: Vec<PageInstance>,
    /// Prototype of every page object (carries `setData`).
    pub page_proto: JsObject,
    /// Uncaught errors so far.
    pub uncaught: usize,
    /// True while `App.onError` runs, so an error inside it is not fed back to it.
    pub in_on_error: bool,
    /// The next page id.
    pub next_id: u32,
    /// The pages and components loaded so far.
    pub catalog: crate::catalog::Catalog,
    /// Live page views by page id.
    pub views: HashMap<u32, crate::view::PageView>,
    /// Live custom components by id.
    pub instances: HashMap<u32, crate::view::Instance>,
    /// Component instance by where it sits: (parent id, element key).
    pub instance_keys: HashMap<(u32, Rc<str>), u32>,
    /// Component definitions by path, filled as component modules are first evaluated.
    pub component_defs: HashMap<String, JsObject>,
    /// The component whose module is being evaluated (so `Component()` knows where it is).
    pub loading_component: Option<String>,
    /// What the user typed, by (owner, element key).
    pub typed: HashMap<(u32, Rc<str>), String>,
    /// The user `<open-data>` shows.
    pub user: crate::view::OpenUser,
}

/// The state, reachable from natives.
#[derive(Clone)]
pub struct AppRef(pub Rc<RefCell<AppState>>);

/// The app state of the sandbox that owns `ctx`.
///
/// # Errors
/// When `ctx` is not a sandbox's (a wiring bug).
pub fn app_state(ctx: &Context) -> JsResult<Rc<RefCell<AppState>>> {
    ctx.get_data::<AppRef>()
        .map(|a| a.0.clone())
        .ok_or_else(|| JsNativeError::typ().with_message("no app model").into())
}
