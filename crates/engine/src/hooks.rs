//! The engine's host hooks: no `eval` / `new Function` (WeChat forbids both), a fixed local time
//! zone, and promise-rejection tracking for `App.onUnhandledRejection`.

use std::rc::{Rc, Weak};

use boa_engine::builtins::promise::{OperationType, Promise};
use boa_engine::context::HostHooks;
use boa_engine::realm::Realm;
use boa_engine::{Context, JsNativeError, JsObject, JsResult, JsString};

use crate::event_loop::EventLoop;

/// Host hooks of one sandbox.
pub struct Hooks {
    /// Seconds east of UTC.
    pub tz_offset_seconds: i32,
    /// The loop, told about rejections. Weak: the loop outlives the context's use of it.
    pub event_loop: Weak<EventLoop>,
    /// `eval` and `new Function` work (a test file's engine, as in Node); off for mini-programs.
    pub code_strings: bool,
}

impl HostHooks for Hooks {
    fn ensure_can_compile_strings(
        &self,
        _realm: Realm,
        _parameters: &[JsString],
        _body: &JsString,
        _direct: bool,
        _context: &mut Context,
    ) -> JsResult<()> {
        if self.code_strings {
            return Ok(());
        }
        Err(JsNativeError::eval()
            .with_message("eval and new Function are not supported in mini-programs")
            .into())
    }

    fn local_timezone_offset_seconds(&self, _unix_time_seconds: i64) -> i32 {
        self.tz_offset_seconds
    }

    fn promise_rejection_tracker(
        &self,
        promise: &JsObject<Promise>,
        operation: OperationType,
        _context: &mut Context,
    ) {
        if let Some(l) = self.event_loop.upgrade() {
            l.track_rejection(&promise.clone().upcast(), operation);
        }
    }
}

/// Builds the hooks for a loop.
#[must_use]
pub fn hooks(tz_offset_seconds: i32, event_loop: &Rc<EventLoop>, code_strings: bool) -> Rc<Hooks> {
    Rc::new(Hooks {
        tz_offset_seconds,
        event_loop: Rc::downgrade(event_loop),
        code_strings,
    })
}
