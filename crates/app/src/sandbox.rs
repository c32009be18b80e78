//! [`Sandbox`]: one mini-program in one engine, with its hosts and its trace. A self-contained
//! value: build it, [`Sandbox::launch`] it, [`Sandbox::run`] it, read the trace, drop it.

use std::cell::RefCell;
use std::path::Path;
use std::rc::Rc;

use boa_engine::{js_string, Context, JsObject, JsResult, JsString, JsValue};
use serde_json::json;
use wxbox_engine::event_loop::error_event;
use wxbox_engine::modules::SourceProvider;
use wxbox_engine::ErrorKind;
use wxbox_engine::{
    EngineConfig, EngineError, Event, RunBudget, RunEnd, Runtime, ScriptError, Trace,
};
use wxbox_host::{MemoryStorage, StorageHost};
use wxbox_network::Router;
use wxbox_server::{Service, ServiceOptions};
use wxbox_superapp::{Profile, ProfileError, Superapp};
use wxbox_wx::Hosts;

use crate::catalog::{self, Catalog, LoadError};
use crate::config::{split_url, AppConfig, ConfigError};
use crate::interact::{self, Action};
use crate::project::Project;
use crate::sources::AppSource;
use crate::state::{app_state, AppRef, AppState};
use crate::{globals, pages, router};

mod automation;
pub use automation::{wx_method_is_sync, ElementRef, Gesture, MockAnswer, PageRef, Scope};

/// Why an app could not start. The CLI exits with status 2 for every one of these.
#[derive(Debug, thiserror::Error)]
pub enum LaunchError {
    /// `app.json` or a page `.json` is missing or wrong.
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// A script does not parse (`file:line:col: message`).
    #[error(transparent)]
    Syntax(ScriptError),
    /// `app.js` threw before calling `App()`, or never called it.
    #[error("app.js: {0}")]
    NoApp(String),
    /// The page asked for is not in `app.json`.
    #[error("page \"{0}\" is not in app.json's pages")]
    UnknownPage(String),
    /// The superapp profile (`wxbox.toml` or `--profile`) is wrong.
    #[error(transparent)]
    Profile(#[from] ProfileError),
    /// The engine could not be built (a bug).
    #[error(transparent)]
    Engine(#[from] EngineError),
    /// The interface service or the request routing could not start (a port in use, a mock
    /// script that does not exist).
    #[error("{0}")]
    Network(String),
    /// The profile's `[cloud]` cannot be used (a seed file that is missing or not JSON).
    #[error("{0}")]
    Cloud(String),
}

/// The profile for the app in `dir`: `explicit` when given, else `dir/wxbox.toml` when it
/// exists, else the defaults.
///
/// # Errors
/// An unreadable or invalid profile file.
pub fn load_profile(dir: &Path, explicit: Option<&Path>) -> Result<Profile, ProfileError> {
    match explicit {
        Some(p) => Profile::load(p),
        None => {
            let p = dir.join("wxbox.toml");
            if p.is_file() {
                Profile::load(&p)
            } else {
                Ok(Profile::default())
            }
        }
    }
}

/// Every `wx` method with the tier this sandbox implements it at, in table order.
///
/// # Errors
/// A binding that does not fit the table (a build bug, caught by tests).
pub fn api_listing() -> Result<Vec<wxbox_wx::install::Method>, wxbox_wx::InstallError> {
    let mut bindings = wxbox_wx::families::bindings();
    bindings.extend_from_slice(router::BINDINGS);
    wxbox_wx::install::pair(wxbox_wx::surface::surface(), &bindings)
}

/// How to build a sandbox.
#[derive(Clone, Default)]
pub struct SandboxOptions {
    /// Clock, time zone, limits.
    pub engine: EngineConfig,
    /// The storage host; a fresh in-memory store when `None`.
    pub storage: Option<Rc<RefCell<dyn StorageHost>>>,
    /// The simulated superapp's profile (app, user, decisions).
    pub profile: Profile,
    /// Hosts to use instead of the simulated superapp (an embedder's own implementation).
    /// Built on the sandbox's thread from the superapp the profile describes, so an embedder can
    /// replace some families and keep the rest.
    pub hosts: Option<HostsBuilder>,
    /// `--strict`: what WeChat tolerates (unknown `wx:` attributes, a missing `<import>`, an
    /// event no component emits) fails the page, for those who want a linter.
    pub strict: bool,
    /// Compiled scripts shared with the other sandboxes this thread opens with the same cache:
    /// an embedder that opens many (a test file's launches) parses `app.js`, each page and the
    /// shims once instead of once per sandbox. `None`: a cache of this sandbox's own.
    pub code_cache: Option<wxbox_engine::CodeCache>,
}

/// Where a sandbox stands after a run (see [`Sandbox::summary`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    /// Uncaught errors so far.
    pub errors: usize,
    /// The page stack, bottom first.
    pub stack: Vec<String>,
    /// The top page's data, when a page is open.
    pub data: Option<serde_json::Value>,
    /// Storage keys, in insertion order.
    pub storage: Vec<String>,
}

/// Makes the hosts for a sandbox from the default ones.
pub type HostsBuilder = Rc<dyn Fn(Hosts) -> Hosts>;

/// One running mini-program.
pub struct Sandbox {
    runtime: Runtime,
    state: Rc<RefCell<AppState>>,
    superapp: Rc<RefCell<Superapp>>,
    /// The interface service, running while the sandbox lives (when the profile routes requests).
    service: Option<Service>,
    /// The app-side helper of `wx` mocks, made on the first mock (see [`automation`]).
    mocks: Option<JsObject>,
    /// Functions a test sent as source (`evaluate`, `mockWxMethod`), by source: each parses
    /// once per sandbox.
    functions: std::collections::HashMap<String, JsObject>,
    /// The storage `wx` uses, read for the run's summary without a `wx` call in the trace.
    storage: Rc<RefCell<dyn StorageHost>>,
}

impl std::fmt::Debug for Sandbox {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Sandbox")
            .field("runtime", &self.runtime)
            .finish_non_exhaustive()
    }
}

fn missing(file: &str, what: &str) -> ConfigError {
    ConfigError {
        file: file.to_string(),
        position: None,
        message: what.to_string(),
    }
}

/// Parses `file` ahead of time; a missing file is reported as `when_missing` says.
fn compile(
    runtime: &mut Runtime,
    file: &str,
    when_missing: impl FnOnce() -> ConfigError,
) -> Result<(), LaunchError> {
    runtime.compile(file).map_err(|e| match e.kind {
        ErrorKind::NotFound => LaunchError::Config(when_missing()),
        _ => LaunchError::Syntax(e),
    })
}

impl Sandbox {
    /// Loads the mini-program in `dir`.
    ///
    /// # Errors
    /// [`LaunchError`] for a missing or invalid `app.json`, missing page files, or scripts that
    /// do not parse.
    pub fn open(dir: impl AsRef<Path>, mut options: SandboxOptions) -> Result<Self, LaunchError> {
        let project = Project::locate(dir.as_ref())?;
        if options.profile.base_dir.is_none() {
            options.profile.base_dir = Some(project.app_dir.clone());
        }
        if options.profile.cloud.functions.is_none() {
            // project.config.json's cloudfunctionRoot, as DevTools deploys from it.
            // Absolute, as the profile's own paths are relative to its directory.
            if let Some(root) = &project.cloudfunction_root {
                let root = std::fs::canonicalize(root).unwrap_or_else(|_| root.clone());
                options.profile.cloud.functions = Some(root.display().to_string());
            }
        }
        if !project.url_check {
            // DevTools' "do not check domains": any origin, http included, reaches its route.
            options.profile.request.without_url_check();
        }
        let app_json = std::fs::read_to_string(project.app_dir.join("app.json"))
            .map_err(|_| missing("app.json", &project.missing_app_json()))?;
        let config = AppConfig::parse(&app_json)?;
        let (sources, unmounted) =
            AppSource::new(&project.app_dir, &project.root, &config.extended_libs);
        let sandbox = Self::from_sources(Box::new(sources), options)?;
        for why in unmounted {
            sandbox.runtime.trace().push(Event::Warning {
                origin: "config".into(),
                message: why,
                file: Some("app.json".into()),
                line: None,
                column: None,
            });
        }
        Ok(sandbox)
    }

    /// Loads a mini-program from any source provider. Only `app.json` and `app.js` are read
    /// now; each page and its components load when the page first opens.
    ///
    /// # Errors
    /// As [`Sandbox::open`].
    pub fn from_sources(
        sources: Box<dyn SourceProvider>,
        options: SandboxOptions,
    ) -> Result<Self, LaunchError> {
        // Math.random draws from the profile's seed, like every other random value.
        let engine = EngineConfig {
            seed: options.profile.seed,
            ..options.engine
        };
        let code = options.code_cache.clone().unwrap_or_default();
        let mut runtime = Runtime::with_code_cache(engine, sources, code)?;
        let text = runtime
            .modules()
            .read("app.json")
            .ok_or_else(|| missing("app.json", "not found: is this a mini-program directory?"))?;
        let config = AppConfig::parse(&text)?;
        compile(&mut runtime, "app.js", || missing("app.js", "not found"))?;
        let (catalog, problems) = {
            let modules = runtime.modules().clone();
            Catalog::new(
                &config.using_components,
                &move |p: &str| modules.exists(p),
                options.strict,
            )
        };
        for p in &problems {
            runtime.trace().push(catalog::error_of(
                &LoadError::Config(p.clone()),
                "component",
            ));
        }
        let storage = options
            .storage
            .unwrap_or_else(|| Rc::new(RefCell::new(MemoryStorage::default())));
        let clock = runtime.event_loop().clock().clone();
        let superapp = Rc::new(RefCell::new(Superapp::new(options.profile, {
            let clock = clock.clone();
            std::sync::Arc::new(move || wxbox_wechat::platform::Time {
                ms: clock.now_ms(),
                wall_ms: clock.wall_ms(),
            })
        })));
        let mut hosts = Hosts::all(&superapp, storage);
        let mut service = None;
        let routed = {
            let app = superapp.borrow();
            let request = &app.profile().request;
            !request.domains.is_empty() || !request.url_check
        };
        if routed {
            let (svc, router) = start_network(&superapp.borrow(), &options.engine)?;
            hosts.network = Rc::new(RefCell::new(router));
            service = Some(svc);
        }
        // The cloud is always there: `wx.cloud` fails until the app calls `wx.cloud.init`, and
        // nothing runs (no function thread) until it is used.
        let cloud = {
            let app = superapp.borrow();
            wxbox_cloud::Cloud::new(app.profile(), app.platform().clone(), options.engine)
                .map_err(|e| LaunchError::Cloud(e.to_string()))?
        };
        hosts.cloud = Rc::new(RefCell::new(cloud));
        if let Some(build) = &options.hosts {
            hosts = build(hosts);
        }
        let storage = hosts.storage.clone();
        let ctx = runtime.context();
        let setup = |ctx: &mut Context| -> JsResult<JsObject> {
            wxbox_wx::install_wx(ctx, hosts, router::BINDINGS)?;
            wxbox_wx::families::query::set_view_query(ctx, Rc::new(crate::query::RenderedView));
            let proto = globals::install(ctx)?;
            crate::skyline::install(&proto, ctx)?;
            // `groupSetData` lives with `setData` in `data`; added here so the prototype's
            // other members stay where `globals` defines them.
            proto.set(
                boa_engine::js_string!("groupSetData"),
                boa_engine::NativeFunction::from_fn_ptr(crate::data::group_set_data)
                    .to_js_function(ctx.realm()),
                true,
                ctx,
            )?;
            Ok(proto)
        };
        let page_proto = setup(ctx).map_err(|e| EngineError(e.to_string()))?;
        let state = Rc::new(RefCell::new(AppState {
            config,
            app: None,
            defs: Default::default(),
            loading: None,
            stack: Vec::new(),
            tabs: Vec::new(),
            page_proto,
            uncaught: problems.len(),
            in_on_error: false,
            next_id: 0,
            catalog,
            views: Default::default(),
            instances: Default::default(),
            instance_keys: Default::default(),
            component_defs: Default::default(),
            loading_component: None,
            typed: Default::default(),
            user: {
                let app = superapp.borrow();
                let u = &app.profile().user;
                crate::view::OpenUser {
                    nick_name: u.nick_name.clone(),
                    avatar_url: u.avatar_url.clone(),
                }
            },
        }));
        ctx.insert_data(AppRef(state.clone()));
        let l = runtime.event_loop().clone();
        l.set_error_handler(Rc::new(on_error));
        l.set_rejection_handler(Rc::new(on_rejection));
        Ok(Self {
            runtime,
            state,
            superapp,
            service,
            mocks: None,
            functions: std::collections::HashMap::new(),
            storage,
        })
    }

    /// Runs `app.js` and queues the launch: `App.onLaunch`, `App.onShow`, then the entry page
    /// (or `page`, as `path?query`). Call [`Sandbox::run`] to play it out.
    ///
    /// # Errors
    /// [`LaunchError::NoApp`] when `app.js` does not call `App()`; [`LaunchError::UnknownPage`].
    pub fn launch(&mut self, page: Option<&str>) -> Result<(), LaunchError> {
        let (route, query) = match page {
            Some(p) => split_url(p),
            None => (self.state.borrow().config.entry.clone(), Vec::new()),
        };
        if !self.state.borrow().config.pages.contains(&route) {
            return Err(LaunchError::UnknownPage(route));
        }
        let loaded = catalog::ensure_page(self.runtime.context(), &route)
            .map_err(|e| EngineError(e.to_string()))?;
        if let Err(e) = loaded {
            return Err(match e {
                LoadError::Config(c) => LaunchError::Config(c),
                LoadError::Script(s) => LaunchError::Syntax(s),
            });
        }
        let launch = wxbox_wx::families::app::Launch {
            path: route.clone(),
            query: query
                .iter()
                .map(|(k, v)| (k.clone(), serde_json::Value::String(v.clone())))
                .collect(),
            scene: 1001,
        };
        wxbox_wx::families::app::set_launch(self.runtime.context(), launch);
        let loaded = self.runtime.require("app.js");
        if let Err(e) = loaded {
            let err = wxbox_engine::modules::locate_error(
                self.runtime.context(),
                ScriptError::runtime(&e),
            );
            if self.state.borrow().app.is_none() {
                return Err(LaunchError::NoApp(err.to_string()));
            }
            let ctx = self.runtime.context();
            on_error(ctx, err, "app.js");
        }
        if self.state.borrow().app.is_none() {
            return Err(LaunchError::NoApp("App() was never called".into()));
        }
        self.runtime.event_loop().post(
            "launch",
            Box::new(move |ctx| {
                let app = app_state(ctx)?.borrow().app.clone();
                let options = launch_options(ctx, &route, &query)?;
                if let Some(app) = app {
                    pages::hook(
                        ctx,
                        "App",
                        &app,
                        &["onLaunch"],
                        &app,
                        std::slice::from_ref(&options),
                    )?;
                    pages::hook(ctx, "App", &app, &["onShow"], &app, &[options])?;
                }
                router::launch(ctx, &route, &query)
            }),
        );
        Ok(())
    }

    /// Plays the loop out within `budget`. A budget stop is recorded as an error; every run
    /// ends with an `end` event (why, what was pending).
    pub fn run(&mut self, budget: RunBudget) -> RunEnd {
        let end = self.run_within(budget);
        self.runtime.record_end(&end);
        end
    }

    /// [`Sandbox::run`] without the `end` event: a budget stop counts as an uncaught error
    /// and is traced as one (origin `limit`).
    fn run_within(&mut self, budget: RunBudget) -> RunEnd {
        let end = self.runtime.run(budget);
        if let RunEnd::Budget(why) = &end {
            self.state.borrow_mut().uncaught += 1;
            self.runtime.trace().push(Event::Error {
                origin: "limit".into(),
                message: why.clone(),
                file: None,
                line: None,
                column: None,
            });
        }
        end
    }

    /// The trace so far.
    #[must_use]
    pub fn trace(&self) -> &Trace {
        self.runtime.trace()
    }

    /// Uncaught errors, unhandled rejections and budget stops so far.
    #[must_use]
    pub fn uncaught_errors(&self) -> usize {
        self.state.borrow().uncaught
    }

    /// The routes on the page stack, bottom first.
    #[must_use]
    pub fn page_stack(&self) -> Vec<String> {
        self.state
            .borrow()
            .stack
            .iter()
            .map(|p| p.route.clone())
            .collect()
    }

    /// Calls the top page's method `name` as a user tap handler would run (inside a tap, so the
    /// tap-gesture rule is met), with a tap event. It runs on the loop: call [`Sandbox::run`].
    ///
    /// # Errors
    /// No page is open, or the page has no such method.
    pub fn tap_method(&mut self, name: &str) -> Result<(), String> {
        let page = self
            .state
            .borrow()
            .stack
            .last()
            .map(|p| (p.obj.clone(), p.route.clone()));
        let Some((obj, route)) = page else {
            return Err("no page is open".into());
        };
        let ctx = self.runtime.context();
        let f = obj
            .get(JsString::from(name), ctx)
            .ok()
            .and_then(|v| v.as_callable());
        let Some(f) = f else {
            return Err(format!("page {route} has no method {name}"));
        };
        let origin = format!("{route}.{name}");
        let task_origin = origin.clone();
        self.runtime.event_loop().post(
            &origin,
            Box::new(move |ctx| {
                let event = JsValue::from_json(
                    &json!({
                        "type": "tap",
                        "timeStamp": 0,
                        "detail": {"x": 0, "y": 0},
                        "target": {"id": "", "dataset": {}},
                        "currentTarget": {"id": "", "dataset": {}},
                        "mark": {},
                    }),
                    ctx,
                )?;
                let result = wxbox_wx::rules::with_tap(ctx, |ctx| {
                    f.call(&obj.clone().into(), &[event], ctx)
                });
                if let Err(e) = result {
                    wxbox_engine::timers::event_loop(ctx)?.report_error(ctx, &e, &task_origin);
                }
                Ok(())
            }),
        );
        Ok(())
    }

    /// Queues what the scripted user does to the top page: a tap on the first element matching
    /// a selector, typing into an input, or a page method called as a tap handler. The element
    /// is picked now (so a bad selector fails here); the action runs on the loop: call
    /// [`Sandbox::run`].
    ///
    /// # Errors
    /// No page, no rendered view, a bad selector, no match, a hidden element, an input action
    /// on something that is not an enabled `<input>` / `<textarea>`, no such method.
    pub fn act(&mut self, action: &Action) -> Result<(), String> {
        let (selector, value) = match action {
            Action::Call(method) => return self.tap_method(method),
            Action::Tap(s) => (s.clone(), None),
            Action::Input { selector, value } => (selector.clone(), Some(value.clone())),
        };
        let (page, tree, path) = interact::pick(&self.state.borrow(), &selector)?;
        if value.is_some() {
            let el = wxbox_view::tree::at(&tree, &path).ok_or("no element")?;
            if !matches!(&*el.tag, "input" | "textarea") {
                return Err(format!(
                    "`{selector}` is a <{}>, not an <input> or <textarea>",
                    el.tag
                ));
            }
            if el.attr("disabled").is_some_and(wxbox_view::expr::truthy) {
                return Err(format!("`{selector}` is disabled"));
            }
        }
        let origin = format!("user {selector}");
        self.runtime.event_loop().post(
            &origin,
            Box::new(move |ctx| match &value {
                Some(v) => interact::input(ctx, page, &tree, &path, &selector, v),
                None => interact::tap(ctx, page, &tree, &path, &selector),
            }),
        );
        Ok(())
    }

    /// Where the app stands: what a run's final `end` event reports.
    #[must_use]
    pub fn summary(&mut self) -> Summary {
        let stack = self.page_stack();
        let top = self.state.borrow().stack.last().map(|p| p.id);
        let data = top.and_then(|id| self.data_of(id, None).ok());
        Summary {
            errors: self.uncaught_errors(),
            stack,
            data,
            storage: self.storage.borrow().info().keys,
        }
    }

    /// The top page's own methods a `--call` could name (lifecycle hooks left out), in
    /// declaration order.
    #[must_use]
    pub fn page_methods(&mut self) -> Vec<String> {
        /// Page hooks WeChat calls itself (Page() docs: lifecycle and page event handlers).
        const HOOKS: &[&str] = &[
            "onLoad",
            "onShow",
            "onReady",
            "onHide",
            "onUnload",
            "onRouteDone",
            "onPullDownRefresh",
            "onReachBottom",
            "onPageScroll",
            "onResize",
            "onTabItemTap",
            "onShareAppMessage",
            "onShareTimeline",
            "onAddToFavorites",
            "onSaveExitState",
        ];
        let Some(obj) = self.state.borrow().stack.last().map(|p| p.obj.clone()) else {
            return Vec::new();
        };
        let ctx = self.runtime.context();
        let keys = obj.own_property_keys(ctx).unwrap_or_default();
        keys.iter()
            .map(ToString::to_string)
            .filter(|k| !HOOKS.contains(&k.as_str()))
            .filter(|k| {
                obj.get(JsString::from(k.as_str()), ctx)
                    .ok()
                    .is_some_and(|v| v.is_callable())
            })
            .collect()
    }

    /// What the user could tap on the top page (`typing`: type into), with selectors that
    /// pick each element first; empty with no page or no rendered view.
    #[must_use]
    pub fn targets(&self, typing: bool) -> Vec<crate::targets::Target> {
        let s = self.state.borrow();
        let Some(top) = s.stack.last() else {
            return Vec::new();
        };
        let Some(tree) = s.views.get(&top.id).and_then(|v| v.tree.as_ref()) else {
            return Vec::new();
        };
        if typing {
            crate::targets::typeable(tree, top.id)
        } else {
            crate::targets::tappable(tree, top.id)
        }
    }

    /// The top page as rendered, as JSON (`None` with no page or no WXML).
    #[must_use]
    pub fn tree_json(&self) -> Option<serde_json::Value> {
        crate::view::top_tree_json(&self.state.borrow())
    }

    /// The top page as rendered, as indented WXML (`None` with no page or no WXML).
    #[must_use]
    pub fn wxml(&self) -> Option<String> {
        crate::view::top_wxml(&self.state.borrow())
    }

    /// The elements matching `selector` on the top page (`page.$$`), as rendered, in document
    /// order.
    ///
    /// # Errors
    /// No page or view, a bad selector.
    pub fn select_all(&self, selector: &str) -> Result<Vec<wxbox_view::Element>, String> {
        let s = self.state.borrow();
        let top = s.stack.last().ok_or("no page is open")?;
        let tree = s
            .views
            .get(&top.id)
            .and_then(|v| v.tree.as_ref())
            .ok_or_else(|| format!("page {} has no rendered view", top.route))?;
        let sel = wxbox_view::Selector::parse(selector).map_err(|e| e.to_string())?;
        Ok(sel
            .find_all(tree, top.id)
            .iter()
            .filter_map(|p| wxbox_view::tree::at(tree, p).cloned())
            .collect())
    }

    /// The simulated superapp behind the default hosts (its state: scopes, session, codes).
    #[must_use]
    pub fn superapp(&self) -> &Rc<RefCell<Superapp>> {
        &self.superapp
    }

    /// The interface service's address (`http://127.0.0.1:PORT`), when the profile routes
    /// requests and so the service runs.
    #[must_use]
    pub fn service_url(&self) -> Option<String> {
        self.service.as_ref().map(Service::base_url)
    }

    /// The engine, for embedders and tests that drive JS directly.
    pub fn runtime(&mut self) -> &mut Runtime {
        &mut self.runtime
    }
}

/// Starts the interface service over the superapp's platform and the router in front of the
/// superapp's network, for a profile that lists request domains.
fn start_network(
    superapp: &Superapp,
    engine: &EngineConfig,
) -> Result<(Service, Router), LaunchError> {
    let profile = superapp.profile();
    let platform = superapp.platform().clone();
    let svc = Service::start(
        platform.clone(),
        ServiceOptions {
            addr: Some(std::net::SocketAddr::from((
                [127, 0, 0, 1],
                profile.service.port,
            ))),
            ..ServiceOptions::default()
        },
    )
    .map_err(|e| LaunchError::Network(format!("interface service: {e}")))?;
    let router = Router::new(profile, platform, &svc.base_url(), *engine)
        .map_err(|e| LaunchError::Network(e.to_string()))?;
    Ok((svc, router))
}

fn launch_options(ctx: &mut Context, route: &str, query: &[(String, String)]) -> JsResult<JsValue> {
    let q: serde_json::Map<String, serde_json::Value> =
        query.iter().map(|(k, v)| (k.clone(), json!(v))).collect();
    // Scene 1001: opened from the chat's recently used list, WeChat's most common scene.
    JsValue::from_json(
        &json!({"path": route, "query": q, "scene": 1001, "referrerInfo": {}}),
        ctx,
    )
}

/// Uncaught errors: trace, count, and `App.onError(message)` (not re-entered from itself).
fn on_error(ctx: &mut Context, err: ScriptError, origin: &str) {
    let Ok(state) = app_state(ctx) else { return };
    let Ok(l) = wxbox_engine::timers::event_loop(ctx) else {
        return;
    };
    l.trace().push(error_event(&err, origin));
    let (app, reentrant) = {
        let mut s = state.borrow_mut();
        s.uncaught += 1;
        (s.app.clone(), s.in_on_error)
    };
    let Some(app) = app.filter(|_| !reentrant) else {
        return;
    };
    let text = if err.stack.is_empty() {
        err.message.clone()
    } else {
        format!("{}\n{}", err.message, err.stack)
    };
    state.borrow_mut().in_on_error = true;
    let _ = pages::hook(
        ctx,
        "App",
        &app,
        &["onError"],
        &app,
        &[JsString::from(text).into()],
    );
    state.borrow_mut().in_on_error = false;
}

/// Unhandled rejections: trace, count, and `App.onUnhandledRejection({reason, promise})`. Every
/// one reaches the hook; only an Error reason is an error (counted, exit 1), any other reason a
/// warning, as WeChat reports them ([`wxbox_engine::event_loop::rejection_warning`]).
fn on_rejection(ctx: &mut Context, reason: JsValue, promise: JsObject) {
    let Ok(state) = app_state(ctx) else { return };
    let Ok(l) = wxbox_engine::timers::event_loop(ctx) else {
        return;
    };
    let is_error = wxbox_engine::errors::is_error(&reason);
    let event = if is_error {
        wxbox_engine::event_loop::rejection_event(&reason, ctx)
    } else {
        wxbox_engine::event_loop::rejection_warning(&reason, ctx)
    };
    l.trace().push(event);
    let app = {
        let mut s = state.borrow_mut();
        if is_error {
            s.uncaught += 1;
        }
        s.app.clone()
    };
    if let Some(app) = app {
        let arg = JsObject::with_object_proto(ctx.intrinsics());
        let _ = arg.set(js_string!("reason"), reason, true, ctx);
        let _ = arg.set(js_string!("promise"), promise, true, ctx);
        let _ = pages::hook(
            ctx,
            "App",
            &app,
            &["onUnhandledRejection"],
            &app,
            &[arg.into()],
        );
    }
}
