//! `wxbox test`: behaviour tests for mini-programs, written as miniprogram-automator tests are
//! written for DevTools (jest's `describe` / `test` / `expect`, `require('miniprogram-automator')`,
//! `automator.launch({projectPath})`), run headlessly in milliseconds.
//!
//! - [`discover`]: which files are tests; `[test]` in `wxbox.toml`; shards.
//! - [`runner`]: the pool of worker processes (one file per job, via [`wxbox_supervise`]),
//!   results in file order, exit status.
//! - [`file`]: one test file in an engine of its own with jest's globals (`js/jest.js`,
//!   `js/expect.js`, `js/pretty.js`), `require`, `__dirname`, `console`.
//! - [`bridge`]: the automator's calls (`js/automator.js`) played on sandboxes; `elements`:
//!   the `Element` reads and gestures.
//! - [`report`]: text, JSON, JUnit XML; `frames`: failure locations and code frames.
//!
//! It drives sandboxes only through [`wxbox_app::Sandbox`]'s automation methods: it knows
//! nothing of the app model's internals, and the app knows nothing of tests.

pub mod bridge;
pub mod discover;
mod elements;
pub mod file;
mod frames;
pub mod report;
pub mod runner;

pub use runner::{run, serve_worker, Reporter, TestArgs, WORKER_ARG};
