//! `Math.random` from a seeded generator: two runs with the same seed draw the same numbers, so a
//! game that shuffles on a tap still gives identical traces. It must not know where the seed comes
//! from (the sandbox passes the profile's `seed`).

use std::cell::RefCell;

use boa_engine::object::FunctionObjectBuilder;
use boa_engine::property::PropertyDescriptor;
use boa_engine::{js_string, Context, JsNativeError, JsResult, JsValue, NativeFunction};
use rand_chacha::rand_core::{RngCore, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// The sandbox's generator, in context data (plain data: nothing for the GC to trace).
struct Random(RefCell<ChaCha8Rng>);

/// A float in `[0, 1)` from the top 53 bits of `bits`, as V8 and SpiderMonkey build theirs.
#[must_use]
pub fn unit_float(bits: u64) -> f64 {
    // 2^-53: 53 bits fill an f64's mantissa exactly, so every value is representable.
    #[allow(clippy::cast_precision_loss)]
    let f = (bits >> 11) as f64;
    f * (1.0 / 9_007_199_254_740_992.0)
}

fn random(ctx: &mut Context) -> JsResult<JsValue> {
    let r = ctx
        .get_data::<Random>()
        .ok_or_else(|| JsNativeError::typ().with_message("Math.random: no generator"))?;
    let bits = r.0.borrow_mut().next_u64();
    Ok(JsValue::new(unit_float(bits)))
}

/// Replaces `Math.random` with a generator seeded by `seed`.
///
/// # Errors
/// When `Math` is missing or cannot be changed (never in a fresh context).
pub fn install(ctx: &mut Context, seed: u64) -> JsResult<()> {
    ctx.insert_data(Random(RefCell::new(ChaCha8Rng::seed_from_u64(seed))));
    let math = ctx
        .global_object()
        .get(js_string!("Math"), ctx)?
        .as_object()
        .ok_or_else(|| JsNativeError::typ().with_message("Math is not an object"))?;
    let f = FunctionObjectBuilder::new(
        ctx.realm(),
        NativeFunction::from_fn_ptr(|_, _, ctx| random(ctx)),
    )
    .name(js_string!("random"))
    .length(0)
    .build();
    // As the built-in: writable, configurable, not enumerable.
    math.define_property_or_throw(
        js_string!("random"),
        PropertyDescriptor::builder()
            .value(f)
            .writable(true)
            .enumerable(false)
            .configurable(true),
        ctx,
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::unit_float;

    #[test]
    fn floats_stay_in_the_unit_interval() {
        assert!(unit_float(0).abs() < f64::EPSILON);
        assert!(unit_float(u64::MAX) < 1.0);
        assert!(unit_float(u64::MAX) > 0.999_999);
    }
}
