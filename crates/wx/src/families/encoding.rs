//! `wx.base64ToArrayBuffer` / `wx.arrayBufferToBase64`: the base library's own conversions
//! (docs: developers.weixin.qq.com/miniprogram/dev/api/base/wx.base64ToArrayBuffer.html; both
//! are deprecated there in favour of the platform's own, and still called by apps).

use base64::Engine as _;
use boa_engine::object::builtins::{AlignedVec, JsArrayBuffer};
use boa_engine::{Context, JsResult, JsString, JsValue};

use crate::error::WxError;
use crate::install::{Binding, Tier};
use crate::spec::ApiSpec;

/// The encoding bindings.
pub const BINDINGS: &[Binding] = &[
    Binding::sync("base64ToArrayBuffer", Tier::Deep, to_buffer),
    Binding::sync("arrayBufferToBase64", Tier::Deep, to_base64),
];

fn to_buffer(
    _: &'static ApiSpec,
    args: &[JsValue],
    ctx: &mut Context,
) -> JsResult<Result<JsValue, WxError>> {
    let text = match args.first() {
        Some(v) => v.to_string(ctx)?.to_std_string_escaped(),
        None => String::new(),
    };
    // Invalid base64 decodes to an empty buffer rather than throwing (UNVERIFIED: the base
    // library's decoder skips characters outside the alphabet).
    let cleaned: String = text
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '/'))
        .collect();
    let bytes = base64::engine::general_purpose::STANDARD_NO_PAD
        .decode(cleaned.as_bytes())
        .unwrap_or_default();
    let buf = JsArrayBuffer::from_byte_block(AlignedVec::from_slice(0, &bytes), ctx)?;
    Ok(Ok(buf.into()))
}

fn to_base64(
    _: &'static ApiSpec,
    args: &[JsValue],
    _: &mut Context,
) -> JsResult<Result<JsValue, WxError>> {
    let bytes = args
        .first()
        .and_then(JsValue::as_object)
        .and_then(|o| JsArrayBuffer::from_object(o).ok())
        .and_then(|b| b.data().map(|d| d.to_vec()))
        .unwrap_or_default();
    let text = base64::engine::general_purpose::STANDARD.encode(bytes);
    Ok(Ok(JsString::from(text).into()))
}
