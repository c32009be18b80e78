//! WeChat Pay's side of a payment, as one value the platform holds: the merchants (keys, APIv3 and
//! v2 keys), their orders, the v3 endpoints a merchant's server calls (JSAPI order, order query),
//! the checks the payment sheet makes before the user sees it, and the notification WeChat Pay
//! sends to the order's `notify_url` once it is paid.
//!
//! Sources: WeChat Pay API v3 docs (pay.weixin.qq.com/docs/merchant): "JSAPI下单"
//! (`POST /v3/pay/transactions/jsapi`), "查询订单" (`GET
//! /v3/pay/transactions/out-trade-no/{out_trade_no}?mchid=`), "签名生成" / "签名验证" (the
//! `Authorization` scheme `WECHATPAY2-SHA256-RSA2048`), "支付通知" (the notification body,
//! `Wechatpay-*` headers, AEAD_AES_256_GCM resource), and the fact sheet section 5 for paySign.
//! Error bodies are v3's `{code, message}` with an HTTP status; the message texts are WeChat's
//! where quoted below and wxbox's (saying what is wrong) where marked UNVERIFIED.

use std::collections::BTreeMap;
use std::sync::Arc;

use rsa::{RsaPrivateKey, RsaPublicKey};
use serde_json::{json, Value};

use crate::platform::{ServiceRequest, Time};
use crate::rng::SeededRng;
use crate::setup::{PaymentProfile, Setup};
use crate::signing;
use wxbox_host::payment::{Notification, PaymentError, PaymentRequest};

/// How far a request's `timestamp` may be from WeChat Pay's clock (docs, 签名验证: five minutes).
const CLOCK_SKEW_S: u64 = 300;
/// China Standard Time, in which WeChat Pay writes its times.
const CST_OFFSET_S: i64 = 8 * 3600;

/// A merchant with its keys.
#[derive(Debug, Clone)]
pub struct Merchant {
    /// Merchant id.
    pub mchid: String,
    /// The appid it is bound to.
    pub appid: String,
    /// Shown on the payment sheet.
    pub name: String,
    /// The merchant's API key pair (`apiclient_key.pem`).
    pub key: Arc<RsaPrivateKey>,
    /// Its public half, which WeChat Pay verifies with.
    pub public: RsaPublicKey,
    /// The key's serial number (`serial_no`).
    pub serial: String,
    /// The APIv3 key.
    pub apiv3_key: String,
    /// The v2 API key.
    pub v2_key: String,
}

/// An order's state (`trade_state`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TradeState {
    /// Created, not paid.
    NotPay,
    /// Paid.
    Success,
}

impl TradeState {
    /// `NOTPAY` or `SUCCESS`, as WeChat Pay's `trade_state` says it.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            TradeState::NotPay => "NOTPAY",
            TradeState::Success => "SUCCESS",
        }
    }

    fn desc(self) -> &'static str {
        match self {
            TradeState::NotPay => "订单未支付",
            TradeState::Success => "支付成功",
        }
    }
}

/// An order a merchant created.
#[derive(Debug, Clone)]
pub struct Order {
    /// The merchant.
    pub mchid: String,
    /// The app.
    pub appid: String,
    /// The merchant's order number.
    pub out_trade_no: String,
    /// What is bought.
    pub description: String,
    /// Where the notification goes.
    pub notify_url: String,
    /// Merchant data returned as is.
    pub attach: Option<String>,
    /// Amount in fen.
    pub total: i64,
    /// `CNY`.
    pub currency: String,
    /// The payer.
    pub openid: String,
    /// The prepay session.
    pub prepay_id: String,
    /// The prepay_id is payable until then (sandbox ms).
    pub expires_ms: u64,
    /// Paid or not.
    pub state: TradeState,
    /// WeChat Pay's id, once paid.
    pub transaction_id: Option<String>,
    /// When it was paid (RFC 3339, +08:00).
    pub success_time: Option<String>,
}

/// A v3 API error: HTTP status and `{code, message}`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{status} {code}: {message}")]
pub struct PayApiError {
    /// HTTP status.
    pub status: u16,
    /// `PARAM_ERROR`, `SIGN_ERROR`, ...
    pub code: &'static str,
    /// What is wrong.
    pub message: String,
}

impl PayApiError {
    fn new(status: u16, code: &'static str, message: impl Into<String>) -> Self {
        PayApiError {
            status,
            code,
            message: message.into(),
        }
    }

    fn param(message: impl Into<String>) -> Self {
        PayApiError::new(400, "PARAM_ERROR", message)
    }

    fn sign(message: impl Into<String>) -> Self {
        PayApiError::new(401, "SIGN_ERROR", message)
    }

    /// The JSON body.
    #[must_use]
    pub fn body(&self) -> Value {
        json!({ "code": self.code, "message": self.message })
    }
}

/// WeChat Pay: merchants, orders, and the platform's notification key.
pub struct WechatPay {
    merchants: Vec<Merchant>,
    /// The platform's key and serial.
    platform: Option<(Arc<RsaPrivateKey>, String)>,
    orders: Vec<Order>,
    prepay_lifetime_ms: u64,
    rng: SeededRng,
}

impl std::fmt::Debug for WechatPay {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WechatPay")
            .field("merchants", &self.merchants.len())
            .field("orders", &self.orders.len())
            .finish_non_exhaustive()
    }
}

/// The WeChat Pay platform's key (wxbox's published test key: it signs notifications and v3
/// answers) and its serial, which merchants see as `Wechatpay-Serial`. `None` only if the
/// embedded key stopped parsing, which a unit test rules out.
#[must_use]
pub fn platform_key() -> Option<(Arc<RsaPrivateKey>, String)> {
    let key = signing::private_key(signing::PLATFORM_TEST_KEY).ok()?;
    let serial = signing::serial_of(&key.to_public_key());
    Some((key, serial))
}

impl WechatPay {
    /// WeChat Pay for `profile`'s merchants. Keys were checked when the profile loaded; a key
    /// that still does not parse leaves its merchant out (and payments to it fail as unknown).
    #[must_use]
    pub fn new(setup: &Setup, seed: u64) -> Self {
        let PaymentProfile {
            merchants,
            prepay_lifetime_s,
        } = &setup.payment;
        let merchants = merchants
            .iter()
            .filter_map(|m| {
                let key = signing::private_key(m.key_pem()).ok()?;
                let public = key.to_public_key();
                Some(Merchant {
                    mchid: m.mchid.clone(),
                    appid: m.appid.clone().unwrap_or_else(|| setup.app.appid.clone()),
                    name: m.name.clone(),
                    serial: signing::serial_of(&public),
                    key,
                    public,
                    apiv3_key: m.apiv3_key.clone(),
                    v2_key: m.v2_key.clone(),
                })
            })
            .collect();
        WechatPay {
            merchants,
            platform: platform_key(),
            orders: Vec::new(),
            prepay_lifetime_ms: prepay_lifetime_s.saturating_mul(1000),
            rng: SeededRng::new(seed),
        }
    }

    /// The platform's signature headers for a message whose body is `body` (docs, 签名验证:
    /// SHA256withRSA over `timestamp\nnonce\nbody\n`), shared by notifications and v3 answers.
    fn signature_headers(&mut self, body: &str, now: Time) -> Option<Vec<(String, String)>> {
        let timestamp = (now.wall_ms / 1000).to_string();
        let nonce = hex::encode(self.rng.bytes16()).to_uppercase();
        let (key, serial) = self.platform.as_ref()?;
        let signature =
            signing::rsa_sign(key, &signing::notify_message(&timestamp, &nonce, body)).ok()?;
        Some(
            [
                ("wechatpay-nonce", nonce),
                ("wechatpay-serial", serial.clone()),
                ("wechatpay-signature", signature),
                (
                    "wechatpay-signature-type",
                    "WECHATPAY2-SHA256-RSA2048".to_string(),
                ),
                ("wechatpay-timestamp", timestamp),
            ]
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect(),
        )
    }

    /// The headers of a v3 answer whose body is `body`: the platform's signature and a
    /// `Request-ID` naming the call.
    pub fn response_headers(&mut self, body: &str, now: Time) -> Vec<(String, String)> {
        let Some(mut headers) = self.signature_headers(body, now) else {
            return Vec::new();
        };
        headers.insert(
            0,
            ("request-id".into(), format!("{:016X}", self.rng.next_u64())),
        );
        headers
    }

    /// The merchants.
    #[must_use]
    pub fn merchants(&self) -> &[Merchant] {
        &self.merchants
    }

    /// The orders, in creation order.
    #[must_use]
    pub fn orders(&self) -> &[Order] {
        &self.orders
    }

    fn merchant(&self, mchid: &str) -> Option<&Merchant> {
        self.merchants.iter().find(|m| m.mchid == mchid)
    }

    /// Checks a v3 request's `Authorization` (`WECHATPAY2-SHA256-RSA2048 mchid="...",
    /// nonce_str="...",signature="...",timestamp="...",serial_no="..."`): the merchant, its key's
    /// serial, the time, and the signature over `METHOD\nURL\ntimestamp\nnonce\nbody\n`.
    fn authenticate(&self, req: &ServiceRequest, now: Time) -> Result<&Merchant, PayApiError> {
        let header = req.headers.get("authorization").ok_or_else(|| {
            // UNVERIFIED text.
            PayApiError::sign("missing Authorization header (WECHATPAY2-SHA256-RSA2048 ...)")
        })?;
        let params = header
            .strip_prefix("WECHATPAY2-SHA256-RSA2048 ")
            .ok_or_else(|| {
                PayApiError::sign("Authorization must start with WECHATPAY2-SHA256-RSA2048")
            })?;
        let fields: BTreeMap<&str, &str> = params
            .split(',')
            .filter_map(|kv| {
                let (k, v) = kv.trim().split_once('=')?;
                Some((k, v.trim_matches('"')))
            })
            .collect();
        let field = |k: &str| {
            fields
                .get(k)
                .copied()
                .ok_or_else(|| PayApiError::sign(format!("Authorization has no {k}")))
        };
        let (mchid, nonce, timestamp, serial, signature) = (
            field("mchid")?,
            field("nonce_str")?,
            field("timestamp")?,
            field("serial_no")?,
            field("signature")?,
        );
        let merchant = self
            .merchant(mchid)
            .ok_or_else(|| PayApiError::new(400, "MCH_NOT_EXISTS", "商户号不存在"))?;
        if serial != merchant.serial {
            return Err(PayApiError::sign(format!(
                "serial_no {serial} is not the serial of merchant {mchid}'s key ({})",
                merchant.serial
            )));
        }
        let ts: i64 = timestamp
            .parse()
            .map_err(|_| PayApiError::sign("timestamp is not a number of seconds"))?;
        if ts.abs_diff(now.wall_ms / 1000) > CLOCK_SKEW_S {
            return Err(PayApiError::sign(format!(
                "timestamp {ts} is more than five minutes from WeChat Pay's clock ({})",
                now.wall_ms / 1000
            )));
        }
        let body = String::from_utf8_lossy(&req.body);
        let message = signing::request_message(&req.method, &req.target, timestamp, nonce, &body);
        if !signing::rsa_verify(&merchant.public, &message, signature) {
            // WeChat's text (v3 SIGN_ERROR).
            return Err(PayApiError::sign("错误的签名，验签失败"));
        }
        Ok(merchant)
    }

    /// `POST /v3/pay/transactions/jsapi`: creates an order and returns `{prepay_id}`. The payer
    /// must be `openid`, the app's user.
    ///
    /// # Errors
    /// Authentication, a missing or malformed field, an appid the merchant is not bound to, a
    /// payer from another app, a paid order or an order number reused with other terms.
    pub fn jsapi(
        &mut self,
        req: &ServiceRequest,
        now: Time,
        openid: &str,
    ) -> Result<Value, PayApiError> {
        let signer = self.authenticate(req, now)?;
        let (signer_mchid, bound_appid) = (signer.mchid.clone(), signer.appid.clone());
        let body: Value = serde_json::from_slice(&req.body)
            .map_err(|e| PayApiError::param(format!("body is not JSON: {e}")))?;
        let text = |path: &[&str]| -> Result<String, PayApiError> {
            let mut v = &body;
            for k in path {
                v = &v[*k];
            }
            v.as_str().map(str::to_string).ok_or_else(|| {
                PayApiError::param(format!("missing string field {}", path.join(".")))
            })
        };
        let appid = text(&["appid"])?;
        let mchid = text(&["mchid"])?;
        let description = text(&["description"])?;
        let out_trade_no = text(&["out_trade_no"])?;
        let notify_url = text(&["notify_url"])?;
        let payer = text(&["payer", "openid"])?;
        let total = body["amount"]["total"]
            .as_i64()
            .filter(|t| *t > 0)
            .ok_or_else(|| {
                PayApiError::param("amount.total must be a whole number of fen above 0")
            })?;
        let currency = body["amount"]["currency"]
            .as_str()
            .unwrap_or("CNY")
            .to_string();
        if mchid != signer_mchid {
            return Err(PayApiError::param(format!(
                "mchid {mchid} is not the merchant that signed the request ({signer_mchid})"
            )));
        }
        if appid != bound_appid {
            return Err(PayApiError::param("appid和mch_id不匹配"));
        }
        if payer != openid {
            return Err(PayApiError::param("appid和openid不匹配"));
        }
        if description.is_empty() || description.chars().count() > 127 {
            return Err(PayApiError::param(
                "description must be 1 to 127 characters",
            ));
        }
        let valid_no = (6..=32).contains(&out_trade_no.len())
            && out_trade_no
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"_-|*".contains(&b));
        if !valid_no {
            return Err(PayApiError::param(
                "out_trade_no must be 6 to 32 characters of letters, digits, _ - | *",
            ));
        }
        if !notify_url.starts_with("https://") || notify_url.contains('?') {
            return Err(PayApiError::param(
                "notify_url must be an https:// address without query parameters",
            ));
        }
        let attach = body["attach"].as_str().map(str::to_string);
        let expires_ms = match body["time_expire"].as_str() {
            Some(t) => {
                let wall = parse_rfc3339(t).ok_or_else(|| {
                    PayApiError::param(format!("time_expire {t:?} is not an RFC 3339 time"))
                })?;
                let left = wall.saturating_sub(now.wall_ms / 1000);
                now.ms + u64::try_from(left).unwrap_or(0) * 1000
            }
            None => now.ms + self.prepay_lifetime_ms,
        };
        if let Some(o) = self
            .orders
            .iter()
            .find(|o| o.mchid == mchid && o.out_trade_no == out_trade_no)
        {
            if o.state == TradeState::Success {
                // UNVERIFIED text.
                return Err(PayApiError::new(400, "ORDERPAID", "该订单已支付"));
            }
            if o.total != total || o.description != description || o.openid != payer {
                // UNVERIFIED code and text.
                return Err(PayApiError::new(
                    400,
                    "INVALID_REQUEST",
                    "商户订单号重复 (out_trade_no reused with a different amount, description or payer)",
                ));
            }
            return Ok(json!({ "prepay_id": o.prepay_id }));
        }
        let prepay_id = format!(
            "wx{}{:016x}0000",
            cst_compact(now.wall_ms),
            self.rng.next_u64()
        );
        self.orders.push(Order {
            mchid,
            appid,
            out_trade_no,
            description,
            notify_url,
            attach,
            total,
            currency,
            openid: payer,
            prepay_id: prepay_id.clone(),
            expires_ms,
            state: TradeState::NotPay,
            transaction_id: None,
            success_time: None,
        });
        Ok(json!({ "prepay_id": prepay_id }))
    }

    /// `GET /v3/pay/transactions/out-trade-no/{out_trade_no}?mchid=`: the order as WeChat Pay
    /// reports it.
    ///
    /// # Errors
    /// Authentication, a missing mchid, or an unknown order (`ORDER_NOT_EXIST`).
    pub fn query(&self, req: &ServiceRequest, now: Time) -> Result<Value, PayApiError> {
        let merchant = self.authenticate(req, now)?;
        let mchid = req
            .query
            .get("mchid")
            .ok_or_else(|| PayApiError::param("missing query parameter mchid"))?;
        if *mchid != merchant.mchid {
            return Err(PayApiError::param(format!(
                "mchid {mchid} is not the merchant that signed the request"
            )));
        }
        let no = req.path.rsplit('/').next().unwrap_or_default();
        let order = self
            .orders
            .iter()
            .find(|o| o.mchid == *mchid && o.out_trade_no == no)
            .ok_or_else(|| PayApiError::new(404, "ORDER_NOT_EXIST", "订单不存在"))?;
        Ok(transaction(order))
    }

    /// The checks the payment sheet makes before showing: the package, the order behind the
    /// prepay_id (exists, this app's, unpaid, unexpired), and the paySign. Returns the order's
    /// index and the merchant's name.
    ///
    /// # Errors
    /// Each failure with its own text (WeChat shows a popup such as 支付验证签名失败 for a bad
    /// sign; the texts here are wxbox's, UNVERIFIED, and say what is wrong).
    pub fn check(
        &self,
        appid: &str,
        req: &PaymentRequest,
        now: Time,
    ) -> Result<(usize, String), PaymentError> {
        let prepay_id = req
            .package
            .strip_prefix("prepay_id=")
            .filter(|id| !id.is_empty())
            .ok_or_else(|| {
                PaymentError::Fail(format!(
                    "package must be \"prepay_id=<prepay_id>\", not {:?}",
                    req.package
                ))
            })?;
        let (i, order) = self
            .orders
            .iter()
            .enumerate()
            .find(|(_, o)| o.prepay_id == prepay_id)
            .ok_or_else(|| PaymentError::Fail(format!("prepay_id {prepay_id} does not exist")))?;
        if order.appid != appid {
            return Err(PaymentError::Fail(format!(
                "prepay_id {prepay_id} belongs to appid {}, not this app ({appid})",
                order.appid
            )));
        }
        if order.state == TradeState::Success {
            return Err(PaymentError::Fail(format!(
                "order {} is already paid",
                order.out_trade_no
            )));
        }
        if now.ms >= order.expires_ms {
            return Err(PaymentError::Fail(format!(
                "prepay_id {prepay_id} has expired"
            )));
        }
        let merchant = self.merchant(&order.mchid).ok_or_else(|| {
            PaymentError::Fail(format!("merchant {} is not configured", order.mchid))
        })?;
        let ok = match req.sign_type.as_str() {
            "RSA" => signing::rsa_verify(
                &merchant.public,
                &signing::pay_sign_message(appid, &req.time_stamp, &req.nonce_str, &req.package),
                &req.pay_sign,
            ),
            "MD5" | "HMAC-SHA256" => {
                let fields = [
                    ("appId", appid),
                    ("timeStamp", req.time_stamp.as_str()),
                    ("nonceStr", req.nonce_str.as_str()),
                    ("package", req.package.as_str()),
                    ("signType", req.sign_type.as_str()),
                ];
                signing::v2_sign(&fields, &merchant.v2_key, &req.sign_type)
                    .is_some_and(|s| s == req.pay_sign)
            }
            other => {
                return Err(PaymentError::Fail(format!(
                    "signType must be RSA, MD5 or HMAC-SHA256, not {other:?}"
                )))
            }
        };
        if !ok {
            let how = if req.sign_type == "RSA" {
                format!(
                    "SHA256withRSA over \"appId\\ntimeStamp\\nnonceStr\\npackage\\n\" with merchant {}'s key",
                    merchant.mchid
                )
            } else {
                format!(
                    "{} over the sorted fields and merchant {}'s v2 key",
                    req.sign_type, merchant.mchid
                )
            };
            return Err(PaymentError::Fail(format!(
                "支付验证签名失败: paySign does not verify ({how})"
            )));
        }
        Ok((i, merchant.name.clone()))
    }

    /// The order at `index` (from [`WechatPay::check`]).
    #[must_use]
    pub fn order(&self, index: usize) -> Option<&Order> {
        self.orders.get(index)
    }

    /// Marks order `index` paid and builds the notification for its `notify_url`: the
    /// transaction encrypted under the merchant's APIv3 key, the body signed by the platform.
    pub fn pay(&mut self, index: usize, now: Time) -> Option<Notification> {
        let transaction_id = format!("42000{:023}", self.rng.next_u64() % 10u64.pow(19));
        let success_time = rfc3339_cst(now.wall_ms);
        let order = self.orders.get_mut(index)?;
        order.state = TradeState::Success;
        order.transaction_id = Some(transaction_id);
        order.success_time = Some(success_time.clone());
        let order = order.clone();
        let apiv3_key = self.merchant(&order.mchid)?.apiv3_key.clone();
        let nonce = hex::encode(self.rng.bytes16())[..12].to_string();
        let plain = transaction(&order).to_string();
        let ciphertext = signing::aead_encrypt(&apiv3_key, &nonce, "transaction", &plain).ok()?;
        let body = json!({
            "id": format!("EV-{:019}", self.rng.next_u64() % 10u64.pow(19)),
            "create_time": success_time,
            "resource_type": "encrypt-resource",
            "event_type": "TRANSACTION.SUCCESS",
            "summary": "支付成功",
            "resource": {
                "original_type": "transaction",
                "algorithm": "AEAD_AES_256_GCM",
                "ciphertext": ciphertext,
                "associated_data": "transaction",
                "nonce": nonce,
            },
        })
        .to_string();
        let mut headers: BTreeMap<String, String> =
            self.signature_headers(&body, now)?.into_iter().collect();
        headers.insert("content-type".into(), "application/json".into());
        Some(Notification {
            url: order.notify_url,
            headers,
            body,
        })
    }
}

/// The transaction as the query endpoint and the notification resource show it.
fn transaction(o: &Order) -> Value {
    let mut v = json!({
        "appid": o.appid,
        "mchid": o.mchid,
        "out_trade_no": o.out_trade_no,
        "trade_type": "JSAPI",
        "trade_state": o.state.as_str(),
        "trade_state_desc": o.state.desc(),
        "payer": { "openid": o.openid },
        "amount": { "total": o.total, "currency": o.currency },
    });
    if let Some(a) = &o.attach {
        v["attach"] = json!(a);
    }
    if let (Some(id), Some(t)) = (&o.transaction_id, &o.success_time) {
        v["transaction_id"] = json!(id);
        v["success_time"] = json!(t);
        v["bank_type"] = json!("OTHERS");
        v["amount"]["payer_total"] = json!(o.total);
        v["amount"]["payer_currency"] = json!(o.currency);
    }
    v
}

/// Days since 1970-01-01 to (year, month, day) (H. Hinnant's civil_from_days).
fn civil(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

/// (year, month, day) to days since 1970-01-01 (H. Hinnant's days_from_civil).
fn days(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let mp = if m > 2 { m - 3 } else { m + 9 };
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn cst_parts(wall_ms: i64) -> (i64, i64, i64, i64, i64, i64) {
    let s = wall_ms.div_euclid(1000).saturating_add(CST_OFFSET_S);
    let (y, mo, d) = civil(s.div_euclid(86_400));
    let t = s.rem_euclid(86_400);
    (y, mo, d, t / 3600, t / 60 % 60, t % 60)
}

/// `2026-11-21T10:00:00+08:00`.
#[must_use]
pub fn rfc3339_cst(wall_ms: i64) -> String {
    let (y, mo, d, h, mi, s) = cst_parts(wall_ms);
    format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}+08:00")
}

/// `20261121100000`, as in prepay ids.
fn cst_compact(wall_ms: i64) -> String {
    let (y, mo, d, h, mi, s) = cst_parts(wall_ms);
    format!("{y:04}{mo:02}{d:02}{h:02}{mi:02}{s:02}")
}

/// Seconds since the epoch of `YYYY-MM-DDTHH:MM:SS(+HH:MM|Z)`.
fn parse_rfc3339(t: &str) -> Option<i64> {
    let b = t.as_bytes();
    if b.len() < 20 || b[4] != b'-' || b[7] != b'-' || b[10] != b'T' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| t.get(r)?.parse::<i64>().ok();
    let (y, mo, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let (h, mi, s) = (num(11..13)?, num(14..16)?, num(17..19)?);
    let zone = t.get(19..)?;
    let offset = if zone == "Z" {
        0
    } else {
        let sign = match zone.as_bytes().first()? {
            b'+' => 1,
            b'-' => -1,
            _ => return None,
        };
        sign * (num(20..22)? * 3600 + num(23..25)? * 60)
    };
    Some(days(y, mo, d) * 86_400 + h * 3600 + mi * 60 + s - offset)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_written_and_read_in_china_standard_time() {
        // 2024-03-10T02:00:00Z = 1710036000.
        assert_eq!(rfc3339_cst(1_710_036_000_000), "2024-03-10T10:00:00+08:00");
        assert_eq!(cst_compact(1_710_036_000_000), "20240310100000");
        assert_eq!(
            parse_rfc3339("2024-03-10T10:00:00+08:00"),
            Some(1_710_036_000)
        );
        assert_eq!(parse_rfc3339("2024-03-10T02:00:00Z"), Some(1_710_036_000));
        assert_eq!(parse_rfc3339("yesterday"), None);
        assert_eq!(parse_rfc3339("2024-03-10T10:00:00é"), None);
    }

    #[test]
    fn hostile_authorization_timestamps_are_refused_not_overflowed() {
        let mut pay = WechatPay::new(&Setup::default(), 1);
        let serial = pay.merchants()[0].serial.clone();
        for ts in ["-9223372036854775808", "9223372036854775807", "soon"] {
            let auth = format!(
                "WECHATPAY2-SHA256-RSA2048 mchid=\"1230000109\",nonce_str=\"n\",signature=\"s\",timestamp=\"{ts}\",serial_no=\"{serial}\""
            );
            let req = ServiceRequest {
                method: "POST".into(),
                path: "/v3/pay/transactions/jsapi".into(),
                target: "/v3/pay/transactions/jsapi".into(),
                headers: [("authorization".to_string(), auth)].into(),
                ..ServiceRequest::default()
            };
            let now = Time {
                ms: 0,
                wall_ms: 1_710_036_000_000,
            };
            let e = pay.jsapi(&req, now, "o").expect_err("refused");
            assert_eq!((e.status, e.code), (401, "SIGN_ERROR"), "{ts}: {e}");
        }
    }
}
