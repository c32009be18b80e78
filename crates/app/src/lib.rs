//! The mini-program model and the sandbox that runs one.
//!
//! - [`sandbox`]: [`Sandbox`], the self-contained value a CLI, test or worker creates and drives.
//! - [`thread`]: [`SandboxHandle`], a sandbox on its own thread.
//! - [`project`]: `project.config.json`: where the app is, how DevTools builds it.
//! - [`config`]: `app.json` and page `.json`.
//! - [`sources`]: the app's files, with extended libraries (weui) mounted.
//! - [`catalog`]: each page and its components, loaded when the page first opens.
//! - [`globals`]: `App`, `getApp`, `Page`, `Component`, `getCurrentPages`.
//! - [`pages`]: page objects, lifecycle hooks.
//! - [`data`]: `setData`, `groupSetData`, properties from the parent, observers run.
//! - [`props`]: a definition's properties, observers, pure data, external classes; type coercion.
//! - [`observers`]: observer keys parsed and matched against changed paths.
//! - [`view`]: WXML rendered after every `setData`, custom component instances.
//! - [`wxs`]: `<wxs>` modules in a scope of their own, called while rendering and on events.
//! - [`query`]: selector queries answered from the rendered tree.
//! - [`relations`]: component `relations` and `getRelationNodes`; which behaviors a component has.
//! - [`select`]: `selectComponent`, `selectAllComponents`, `selectOwnerComponent`.
//! - [`instance`]: the instance methods of page and component objects; `pageLifetimes`.
//! - [`tab_bar`]: the custom tab bar `getTabBar()` returns.
//! - [`event_channel`]: `navigateTo({events})` and `getOpenerEventChannel()`.
//! - [`interact`]: the scripted user on the page: taps, typing, open-type buttons.
//! - [`router`]: the page stack and the routing APIs.
//! - [`state`]: the model's state on the JS thread.

pub mod catalog;
pub mod config;
pub mod data;
pub mod event_channel;
pub mod globals;
pub mod instance;
pub mod interact;
pub mod observers;
pub mod pages;
pub mod project;
pub mod props;
pub mod query;
pub mod relations;
pub mod router;
pub mod sandbox;
pub mod select;
pub mod skyline;
pub mod snapshot;
pub mod sources;
pub mod state;
pub mod tab_bar;
pub mod targets;
pub mod thread;
pub mod view;
pub mod wxs;

pub use interact::Action;
pub use sandbox::wx_method_is_sync;
pub use sandbox::{
    api_listing, load_profile, ElementRef, Gesture, HostsBuilder, LaunchError, MockAnswer, PageRef,
    Sandbox, SandboxOptions, Scope, Summary,
};
pub use thread::{RunReport, SandboxHandle};
pub use wxbox_engine::{ClockMode, EngineConfig, Event, RunBudget, RunEnd, TraceEvent};
pub use wxbox_superapp::{Profile, Superapp};
