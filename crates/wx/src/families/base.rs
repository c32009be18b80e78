//! Base: `canIUse`, answered from the table and the installed tiers.

use boa_engine::{Context, JsResult, JsValue};

use crate::caniuse::can_i_use;
use crate::error::WxError;
use crate::install::{Binding, Registry, Tier};
use crate::spec::ApiSpec;
use crate::surface::surface;

/// The base bindings.
pub const BINDINGS: &[Binding] = &[Binding::sync("canIUse", Tier::Deep, can_i_use_binding)];

fn can_i_use_binding(
    _: &'static ApiSpec,
    args: &[JsValue],
    ctx: &mut Context,
) -> JsResult<Result<JsValue, WxError>> {
    let schema = args
        .first()
        .cloned()
        .unwrap_or_default()
        .to_string(ctx)?
        .to_std_string_escaped();
    let registry = ctx.get_data::<Registry>();
    let yes = can_i_use(
        surface(),
        |name| registry.and_then(|r| r.tier(name)),
        &schema,
    );
    Ok(Ok(JsValue::from(yes)))
}
