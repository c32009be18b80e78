//! What the `wx` integration tests share: a runtime with `wx` installed over the simulated
//! superapp, a script run to idle, its console lines (and uncaught errors) back.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use boa_engine::{Context, Source};
use wxbox_engine::modules::MemorySource;
use wxbox_engine::runtime::Runtime;
use wxbox_engine::{EngineConfig, Event, RunBudget};
use wxbox_host::MemoryStorage;
use wxbox_superapp::{Profile, Superapp};
use wxbox_wx::{install_wx, Hosts};

/// Console lines (uncaught errors as `ERROR message`) of `js` run to idle with `wx` installed;
/// `setup` adds what the test needs to the context first (a view query).
pub fn run_with(js: &str, setup: impl FnOnce(&mut Context)) -> Vec<String> {
    let mut rt = Runtime::new(
        EngineConfig::default(),
        Box::new(MemorySource(HashMap::new())),
    )
    .expect("runtime");
    let clock = rt.event_loop().clock().clone();
    let superapp = Rc::new(RefCell::new(Superapp::new(
        Profile::default(),
        std::sync::Arc::new(move || wxbox_wechat::platform::Time {
            ms: clock.now_ms(),
            wall_ms: clock.wall_ms(),
        }),
    )));
    let hosts = Hosts::all(&superapp, Rc::new(RefCell::new(MemoryStorage::default())));
    let ctx = rt.context();
    install_wx(ctx, hosts, &[]).expect("wx installs");
    setup(ctx);
    ctx.eval(Source::from_bytes(js)).expect("script runs");
    rt.run(RunBudget::default());
    rt.trace()
        .events()
        .into_iter()
        .filter_map(|e| match e.event {
            Event::Console { text, .. } => Some(text),
            Event::Error { message, .. } => Some(format!("ERROR {message}")),
            _ => None,
        })
        .collect()
}
