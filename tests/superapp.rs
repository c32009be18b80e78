//! Payment, subscription messages, privacy consent and Soter end to end, through the real
//! `wxbox` binary and the pay-demo, subscribe-demo and privacy-demo samples (each with golden
//! traces), with the signatures and the notification checked by an independent implementation
//! (Python's `cryptography`, tests/crypto/verify_signatures.py).
//!
//! Regenerate the goldens with `UPDATE_GOLDEN=1 cargo test --test superapp` and review the diff.

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};

use serde_json::{json, Value};

mod support;
use support::{check_golden, console_texts, root, run_json};

fn results<'a>(events: &'a [Value], api: &str) -> Vec<&'a Value> {
    events
        .iter()
        .filter(|e| e["kind"] == "result" && e["api"] == api)
        .collect()
}

fn err_msgs(events: &[Value], api: &str) -> Vec<String> {
    results(events, api)
        .iter()
        .map(|e| e["errMsg"].as_str().unwrap_or_default().to_string())
        .collect()
}

/// Runs the independent checks; one answer per check.
fn python(checks: &Value) -> Vec<Value> {
    let mut child = Command::new("python3")
        .arg(root().join("tests/crypto/verify_signatures.py"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("python3 (with `cryptography`, which .ci/run installs)");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(checks.to_string().as_bytes())
        .expect("write checks");
    let out = child.wait_with_output().expect("python finishes");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON answers")
}

/// The public half of a published test key, as Python derives it from the private PEM.
fn public_pem(key_file: &str) -> String {
    let out = Command::new("python3")
        .args([
            "-c",
            "import sys; from cryptography.hazmat.primitives import serialization as s; \
             k = s.load_pem_private_key(open(sys.argv[1], 'rb').read(), None); \
             sys.stdout.write(k.public_key().public_bytes(s.Encoding.PEM, s.PublicFormat.SubjectPublicKeyInfo).decode())",
        ])
        .arg(root().join("crates/wechat/keys").join(key_file))
        .output()
        .expect("python3");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn pay_demo_pays_once_notifies_the_server_and_repeats() {
    let args = ["sample-apps/pay-demo", "--tap", "#buy", "--tap", "#again"];
    let (ev, text) = run_json(&args);
    assert_eq!(
        err_msgs(&ev, "requestPayment"),
        [
            "requestPayment:ok",
            "requestPayment:fail order ORDER100002 is already paid"
        ]
    );
    // The notification went to the shop before the app's success ran, and the shop decrypted it.
    let notify = ev
        .iter()
        .position(|e| e["kind"] == "request" && e["from"] == "wechatpay")
        .expect("notification request");
    let paid = ev
        .iter()
        .position(|e| e["kind"] == "result" && e["errMsg"] == "requestPayment:ok")
        .expect("payment result");
    assert!(notify < paid);
    let lines = console_texts(&ev);
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("notified: ORDER100002 SUCCESS transaction 42000")),
        "{lines:?}"
    );
    assert!(lines.contains(&"server says ORDER100002 is SUCCESS".to_string()));
    let (again, _) = run_json(&args);
    assert_eq!(again, ev, "the same trace on every run");
    check_golden("pay-demo.jsonl", &text);
}

#[test]
fn a_tampered_pay_sign_fails_and_a_cancelled_payment_says_cancel() {
    let (ev, _) = run_json(&["sample-apps/pay-demo", "--tap", "#tampered"]);
    let msgs = err_msgs(&ev, "requestPayment");
    assert_eq!(msgs.len(), 1);
    assert!(
        msgs[0].starts_with("requestPayment:fail 支付验证签名失败: paySign does not verify"),
        "{msgs:?}"
    );
    assert!(
        !ev.iter().any(|e| e["kind"] == "prompt"),
        "no payment sheet for a bad sign"
    );
    let (ev, _) = run_json(&[
        "sample-apps/pay-demo",
        "--profile",
        "sample-apps/pay-demo/cancel.toml",
        "--tap",
        "#buy",
    ]);
    assert_eq!(
        err_msgs(&ev, "requestPayment"),
        ["requestPayment:fail cancel"]
    );
    assert!(
        !ev.iter().any(|e| e["from"] == "wechatpay"),
        "no notification"
    );
}

#[test]
fn pay_sign_notification_and_soter_verify_independently() {
    let (ev, _) = run_json(&["sample-apps/pay-demo", "--tap", "#buy", "--tap", "#soter"]);
    let call = ev
        .iter()
        .find(|e| e["kind"] == "call" && e["api"] == "requestPayment")
        .expect("requestPayment call");
    let p = &call["args"];
    let message = format!(
        "wx0123456789abcdef\n{}\n{}\n{}\n",
        p["timeStamp"].as_str().expect("timeStamp"),
        p["nonceStr"].as_str().expect("nonceStr"),
        p["package"].as_str().expect("package")
    );
    let pay_sign = p["paySign"].as_str().expect("paySign");
    let notify = ev
        .iter()
        .find(|e| e["kind"] == "request" && e["from"] == "wechatpay")
        .expect("notification");
    let h = &notify["header"];
    let body = serde_json::to_string(&notify["data"]).expect("body text");
    let resource = &notify["data"]["resource"];
    let soter = results(&ev, "startSoterAuthentication")[0]["result"].clone();
    let merchant = public_pem("merchant.pem");
    let checks = json!([
        {"kind": "rsa", "public_pem": merchant, "message": message, "signature": pay_sign},
        {"kind": "rsa", "public_pem": merchant, "message": message.replace("prepay_id", "prepay_iD"), "signature": pay_sign},
        {"kind": "rsa", "public_pem": public_pem("wechatpay-platform.pem"),
         "message": format!("{}\n{}\n{body}\n", h["wechatpay-timestamp"].as_str().expect("timestamp"), h["wechatpay-nonce"].as_str().expect("nonce")),
         "signature": h["wechatpay-signature"]},
        {"kind": "aead", "key": "wxbox-apiv3-key-0123456789abcdef", "nonce": resource["nonce"],
         "associated_data": resource["associated_data"], "ciphertext": resource["ciphertext"]},
        {"kind": "aead", "key": "wxbox-apiv3-key-0123456789abcdeF", "nonce": resource["nonce"],
         "associated_data": resource["associated_data"], "ciphertext": resource["ciphertext"]},
        {"kind": "pss", "public_pem": public_pem("soter-device.pem"),
         "message": soter["resultJSON"], "signature": soter["resultJSONSignature"]},
    ]);
    let answers = python(&checks);
    assert_eq!(answers[0], true, "paySign verifies");
    assert_eq!(answers[1], false, "a changed message does not");
    assert_eq!(
        answers[2], true,
        "the notification's Wechatpay-Signature verifies"
    );
    let tx: Value = serde_json::from_str(answers[3].as_str().expect("resource decrypts"))
        .expect("transaction JSON");
    assert_eq!(tx["out_trade_no"], "ORDER100002");
    assert_eq!(tx["trade_state"], "SUCCESS");
    assert_eq!(tx["amount"]["total"], 1200);
    assert_eq!(tx["appid"], "wx0123456789abcdef");
    assert_eq!(answers[4], Value::Null, "a wrong APIv3 key fails the tag");
    assert_eq!(
        answers[5], true,
        "Soter's resultJSONSignature verifies (PSS, salt 20)"
    );
    // And WeChat's verify_signature agreed, as the shop's server asked it.
    assert!(ev
        .iter()
        .any(|e| e["kind"] == "response" && e["from"] == "wechat" && e["data"]["is_ok"] == true));
}

#[test]
fn subscribe_demo_allows_one_send_per_acceptance() {
    let args = [
        "sample-apps/subscribe-demo",
        "--tap",
        "#subscribe",
        "--tap",
        "#ship",
        "--tap",
        "#ship",
        "--tap",
        "#mixed",
        "--tap",
        "#settings",
    ];
    let (ev, text) = run_json(&args);
    let outcome = &results(&ev, "requestSubscribeMessage")[0]["result"];
    assert_eq!(outcome["TPL_SHIPPED_01"], "accept");
    assert_eq!(outcome["TPL_SHIPPED_02"], "filter");
    assert_eq!(outcome["TPL_REMINDER_01"], "reject");
    let lines = console_texts(&ev);
    assert!(lines.contains(&"send: 0 ok".to_string()), "{lines:?}");
    assert!(
        lines.contains(&"send: 43101 user refuse to accept the msg".to_string()),
        "the second send finds no acceptance left: {lines:?}"
    );
    assert!(lines
        .contains(&"20002 requestSubscribeMessage:fail Templates type must be same".to_string()));
    assert!(lines.contains(
        &r#"subscriptions: {"mainSwitch":true,"itemSettings":{"TPL_REMINDER_01":"reject"}}"#
            .to_string()
    ));
    // The message sent is in the trace, as the server sent it.
    assert!(ev.iter().any(|e| e["kind"] == "request"
        && e["url"]
            .as_str()
            .is_some_and(|u| u.starts_with("/cgi-bin/message/subscribe/send"))
        && e["data"]["data"]["thing1"]["value"] == "Green tea"));
    check_golden("subscribe-demo.jsonl", &text);
}

#[test]
fn privacy_demo_asks_before_get_user_profile() {
    let (ev, text) = run_json(&[
        "sample-apps/privacy-demo",
        "--tap",
        "#profile",
        "--tap",
        "#disagree-btn",
        "--tap",
        "#check",
    ]);
    let fired = ev
        .iter()
        .position(|e| e["kind"] == "handler" && e["method"] == "onNeedPrivacyAuthorization")
        .expect("the listener fired");
    assert_eq!(ev[fired]["event"]["referrer"], "getUserProfile");
    let failed = results(&ev, "getUserProfile");
    assert_eq!(
        failed[0]["errMsg"],
        "getUserProfile:fail privacy permission is not authorized"
    );
    assert_eq!(failed[0]["result"]["errno"], 104);
    assert!(
        !ev.iter()
            .any(|e| e["url"] == "https://privacy.example.com/profile"),
        "nothing shared without consent"
    );
    assert!(console_texts(&ev)
        .contains(&"needAuthorization true 《privacy-demo 隐私保护指引》".to_string()));
    check_golden("privacy-demo-disagree.jsonl", &text);

    let (ev, text) = run_json(&[
        "sample-apps/privacy-demo",
        "--tap",
        "#profile",
        "--tap",
        "#agree-btn",
        "--tap",
        "#check",
    ]);
    assert_eq!(err_msgs(&ev, "getUserProfile"), ["getUserProfile:ok"]);
    // After consent the profile reaches the server, which checks its signature.
    assert!(console_texts(&ev).contains(&r#"server: {"saved":true}"#.to_string()));
    assert!(console_texts(&ev)
        .contains(&"needAuthorization false 《privacy-demo 隐私保护指引》".to_string()));
    check_golden("privacy-demo-agree.jsonl", &text);
}

#[test]
fn an_independent_merchant_client_creates_orders_at_wxbox_serve() {
    // Real time: the merchant signs with its own clock, which must be within five minutes of
    // WeChat Pay's.
    let mut child = Command::new(env!("CARGO_BIN_EXE_wxbox"))
        .args(["serve", "--port", "0", "--real-time"])
        .stdout(Stdio::piped())
        .spawn()
        .expect("start wxbox serve");
    let mut banner = String::new();
    BufReader::new(child.stdout.take().expect("stdout"))
        .read_line(&mut banner)
        .expect("banner");
    let base = banner
        .split("http://")
        .nth(1)
        .and_then(|r| r.split_whitespace().next())
        .map(|a| format!("http://{a}"))
        .expect("address in banner");
    let out = Command::new("python3")
        .arg(root().join("tests/crypto/merchant_client.py"))
        .args([&base, "wxbox-app-secret-0123456789abcdef"])
        .output()
        .expect("python3");
    let _ = child.kill();
    let _ = child.wait();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let answers: Value = serde_json::from_slice(&out.stdout).expect("JSON answers");
    assert_eq!(answers[0][0], 200, "{answers}");
    assert!(answers[0][1]["prepay_id"]
        .as_str()
        .is_some_and(|p| p.starts_with("wx")));
    assert_eq!(answers[1][0], 401, "a tampered signature: {answers}");
    assert_eq!(answers[1][1]["code"], "SIGN_ERROR");
    assert_eq!(answers[2][1]["trade_state"], "NOTPAY", "{answers}");
    assert_eq!(answers[2][1]["out_trade_no"], "PY000001");
    for a in answers.as_array().expect("answers") {
        assert_eq!(a[2], true, "every v3 answer is signed by the platform: {a}");
    }
}
