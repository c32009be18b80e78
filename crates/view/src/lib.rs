//! The view layer of wxbox: WXML in, a rendered tree out, and what a user can do to it.
//!
//! - [`parse`]: WXML source to a template tree, errors and warnings as `file:line:col: message`,
//!   lenient where WeChat's compiler is.
//! - [`expr`]: the `{{ }}` expression subset, evaluated over JSON data.
//! - [`render`]: compiling a page (imports, includes, templates) and rendering it over data,
//!   with custom components supplied by a [`render::Host`].
//! - [`tree`]: the rendered tree, dataset rules, printing as indented WXML.
//! - [`diff`]: what changed between two renders.
//! - [`keys`]: `wx:key` identities of list items, made unique as glass-easel makes them.
//! - [`select`]: `page.$` / `page.$$` selectors.
//! - [`events`]: which handlers an event reaches, in order.
//! - [`wxs`]: `<wxs>` modules: declarations, per-file scope, the runtime the renderer calls.
//! - [`events_check`]: strict mode's check of event bindings against built-in components' events.
//!
//! Nothing here knows about JavaScript: the app model (`wxbox-app`) feeds page data in as JSON
//! and runs the handlers the event plan names.

pub mod diff;
pub mod events;
pub mod events_check;
pub mod expr;
pub mod keys;
pub mod parse;
pub mod render;
pub mod select;
pub mod tree;
pub mod wxs;

pub use diff::{diff, Change};
pub use parse::{ParseError, Warning};
pub use render::{
    compile, compile_with, render, Compiled, Host, Loader, Mount, NoHost, Options, Rendered,
};
pub use select::{Selector, SelectorError};
pub use tree::{Element, Node};
pub use wxs::{Wxs, WxsFn, WxsModule};
