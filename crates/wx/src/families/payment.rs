//! Payment family: `requestPayment` over [`wxbox_host::PaymentHost`].

use boa_engine::{Context, JsResult};
use wxbox_host::payment::PaymentRequest;

use super::string;
use crate::bridge::{empty, reply};
use crate::call::Request;
use crate::hosts;
use crate::install::{Binding, Tier};

/// The payment bindings.
pub const BINDINGS: &[Binding] = &[Binding::run("requestPayment", Tier::Deep, request_payment)];

fn request_payment(req: Request, ctx: &mut Context) -> JsResult<()> {
    let o = &req.options;
    let request = PaymentRequest {
        time_stamp: string(o, "timeStamp", ctx)?,
        nonce_str: string(o, "nonceStr", ctx)?,
        package: string(o, "package", ctx)?,
        sign_type: super::opt_string(o, "signType", ctx)?.unwrap_or_else(|| "MD5".into()),
        pay_sign: string(o, "paySign", ctx)?,
    };
    let h = hosts(ctx)?.payment;
    reply(ctx, req.completion, empty, |r| {
        h.borrow_mut().request_payment(request, r);
    })
}
