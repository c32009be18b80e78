//! The login session across three parties, through the real `wxbox` binary: the login-demo
//! sample with its mock backend (golden trace), the interface service on its own
//! (`wxbox serve`), a developer backend in another process reached through the routing table,
//! and open data decrypted by an independent implementation (Python's `cryptography`).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};

use serde_json::Value;

mod support;
use support::{json_lines, root, wxbox};

fn run_json(args: &[&str]) -> Vec<Value> {
    support::run_json(args).0
}

/// A minimal HTTP/1.1 exchange over a fresh connection: `(status, body)`.
fn http(method: &str, addr: &str, path: &str, body: &str) -> (u16, String) {
    let mut s = TcpStream::connect(addr).expect("connect");
    let req = format!(
        "{method} {path} HTTP/1.1\r\nhost: {addr}\r\nconnection: close\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{body}",
        body.len()
    );
    s.write_all(req.as_bytes()).expect("send");
    let mut out = String::new();
    s.read_to_string(&mut out).expect("read");
    let status = out
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    let body = out.split_once("\r\n\r\n").map(|x| x.1).unwrap_or_default();
    (status, body.to_string())
}

/// The default profile's app secret.
const SECRET: &str = "wxbox-app-secret-0123456789abcdef";

/// code2Session's request line for the default profile's app.
fn code2session_path(code: &str, secret: &str) -> String {
    format!(
        "/sns/jscode2session?appid=wx0123456789abcdef&secret={secret}&js_code={code}&grant_type=authorization_code"
    )
}

/// Runs `wxbox run <args> --format json` and insists on success.
fn find(events: &[Value], pred: impl Fn(&Value) -> bool) -> Option<(usize, &Value)> {
    events.iter().enumerate().find(|(_, e)| pred(e))
}

#[test]
fn login_demo_runs_all_three_parties_in_order_and_identically() {
    let args = ["run", "sample-apps/login-demo", "--format", "json"];
    let first = wxbox(&args);
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    let second = wxbox(&args);
    assert_eq!(first.stdout, second.stdout, "two runs differ");
    let golden = root().join("tests/golden/login-demo.jsonl");
    let actual = String::from_utf8_lossy(&first.stdout).into_owned();
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&golden, &actual).expect("write golden");
    }
    let expected = std::fs::read_to_string(&golden).expect("golden; run with UPDATE_GOLDEN=1");
    assert_eq!(
        actual, expected,
        "login-demo differs from tests/golden/login-demo.jsonl"
    );

    let ev = json_lines(&first);
    let login = find(&ev, |e| e["kind"] == "call" && e["api"] == "login")
        .expect("login")
        .0;
    let req = find(&ev, |e| {
        e["kind"] == "request"
            && e["from"] == "miniprogram"
            && e["url"] == "https://test.com/onLogin"
    })
    .expect("request to the developer server");
    let code = ev
        .iter()
        .find(|e| e["kind"] == "result" && e["api"] == "login")
        .map(|e| e["result"]["code"].clone())
        .expect("login result");
    assert_eq!(req.1["data"]["code"], code);
    let c2s = find(&ev, |e| {
        e["kind"] == "request"
            && e["to"] == "wechat"
            && e["url"]
                .as_str()
                .is_some_and(|u| u.starts_with("/sns/jscode2session"))
    })
    .expect("the server's code2Session call");
    assert!(c2s.1["url"]
        .as_str()
        .is_some_and(|u| u.contains("secret=***")));
    let store = find(&ev, |e| e["kind"] == "call" && e["api"] == "setStorageSync")
        .expect("token stored")
        .0;
    assert!(
        login < req.0 && req.0 < c2s.0 && c2s.0 < store,
        "order: {login} {} {} {store}",
        req.0,
        c2s.0
    );
}

#[test]
fn serve_answers_code2session_and_refuses_remote_binds() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_wxbox"))
        .args(["serve", "--port", "0"])
        .stdout(Stdio::piped())
        .spawn()
        .expect("start wxbox serve");
    let mut first = String::new();
    let stdout = child.stdout.take().expect("stdout");
    BufReader::new(stdout)
        .read_line(&mut first)
        .expect("banner");
    let addr = first
        .split("http://")
        .nth(1)
        .and_then(|r| r.split_whitespace().next())
        .expect("address in banner")
        .to_string();
    let code = |addr: &str| -> String {
        let (_, body) = http("POST", addr, "/_wxbox/login", "");
        let v: Value = serde_json::from_str(&body).expect("json");
        v["code"].as_str().expect("code").to_string()
    };
    let c2s = |code: &str, secret: &str| -> Value {
        let path = code2session_path(code, secret);
        serde_json::from_str(&http("GET", &addr, &path, "").1).expect("json")
    };
    let secret = SECRET;
    let c = code(&addr);
    assert!(c2s(&c, secret)["session_key"].is_string());
    assert_eq!(c2s(&c, secret)["errcode"], 40163, "a reused code");
    let late = code(&addr);
    assert_eq!(c2s(&late, "wrong")["errcode"], 40125, "a wrong secret");
    http("POST", &addr, "/_wxbox/advance?ms=300000", "");
    assert_eq!(
        c2s(&late, secret)["errcode"],
        40029,
        "a code five minutes old"
    );
    let _ = child.kill();
    let _ = child.wait();

    let remote = wxbox(&["serve", "--bind", "0.0.0.0", "--port", "0"]);
    assert_eq!(remote.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&remote.stderr).contains("not a loopback address"));
}

/// What the developer backend saw.
#[derive(Default)]
struct Seen {
    codes: Vec<String>,
    answers: Vec<Value>,
}

/// A developer server in another process than wxbox: it takes the code from the mini-program,
/// calls `/sns/jscode2session` on wxbox's interface service over HTTP, and answers a token.
fn developer_backend(service: String, seen: Arc<Mutex<Seen>>) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind backend");
    let addr = listener.local_addr().expect("addr").to_string();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let mut reader = BufReader::new(stream);
            let mut head = String::new();
            let mut len = 0usize;
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
                    break;
                }
                if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                    len = v.trim().parse().unwrap_or(0);
                }
                head.push_str(&line);
            }
            let mut body = vec![0; len];
            let _ = reader.read_exact(&mut body);
            let req: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
            let code = req["code"].as_str().unwrap_or_default().to_string();
            let path = code2session_path(&code, SECRET);
            let answer: Value =
                serde_json::from_str(&http("GET", &service, &path, "").1).unwrap_or(Value::Null);
            let reply = match answer["openid"].as_str() {
                Some(openid) => {
                    serde_json::json!({"token": format!("e2e-{openid}"), "openid": openid})
                }
                None => answer.clone(),
            };
            {
                let mut s = seen.lock().expect("lock");
                s.codes.push(code);
                s.answers.push(answer);
            }
            let text = reply.to_string();
            let resp = format!(
                "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{text}",
                text.len()
            );
            let _ = reader.get_mut().write_all(resp.as_bytes());
        }
    });
    addr
}

#[test]
fn a_backend_in_another_process_logs_the_user_in_through_the_routing_table() {
    // The service's port must be known to the backend before wxbox starts: a fixed port in the
    // profile, as a developer would configure it.
    let port = TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("free port")
        .port();
    let seen = Arc::new(Mutex::new(Seen::default()));
    let backend = developer_backend(format!("127.0.0.1:{port}"), seen.clone());
    let dir = std::env::temp_dir().join(format!("wxbox-e2e-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("tmp dir");
    let profile = dir.join("wxbox.toml");
    std::fs::write(
        &profile,
        format!(
            "[service]\nport = {port}\n\n[request.domains]\n\"https://test.com\" = {{ upstream = \"http://{backend}\" }}\n"
        ),
    )
    .expect("write profile");
    let ev = run_json(&[
        "sample-apps/login-demo",
        "--profile",
        profile.to_str().expect("utf-8 path"),
    ]);
    let seen = seen.lock().expect("lock");
    assert_eq!(seen.codes.len(), 1, "the backend got one login code");
    let openid = seen.answers[0]["openid"]
        .as_str()
        .expect("code2Session answered an openid");
    assert!(seen.answers[0]["session_key"].is_string());
    let stored =
        find(&ev, |e| e["kind"] == "call" && e["api"] == "setStorageSync").expect("stored");
    assert_eq!(stored.1["args"][1], format!("e2e-{openid}"));
    // The backend's call to the service shows between the request and its response.
    let r1 = find(&ev, |e| e["kind"] == "request" && e["id"] == "r1")
        .expect("r1")
        .0;
    let s = find(&ev, |e| e["kind"] == "request" && e["to"] == "wechat").expect("service call");
    assert!(s.1["url"].as_str().is_some_and(|u| u.contains("js_code=")));
    let resp = find(&ev, |e| e["kind"] == "response" && e["id"] == "r1")
        .expect("response")
        .0;
    assert!(r1 < s.0 && s.0 < resp);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn open_data_decrypts_with_an_independent_implementation() {
    let ev = run_json(&["sample-apps/login-demo", "--call", "onProfileTap"]);
    let key = ev
        .iter()
        .find(|e| e["kind"] == "response" && e["from"] == "wechat")
        .and_then(|e| e["data"]["session_key"].as_str())
        .expect("session key from code2Session")
        .to_string();
    let profile = ev
        .iter()
        .find(|e| e["kind"] == "result" && e["api"] == "getUserProfile")
        .expect("getUserProfile result");
    let data = profile["result"]["encryptedData"]
        .as_str()
        .expect("encryptedData");
    let iv = profile["result"]["iv"].as_str().expect("iv");
    let py = Command::new("python3")
        .arg(root().join("tests/crypto/decrypt_open_data.py"))
        .args([&key, data, iv])
        .output()
        .expect("python3 (with `cryptography`, which .ci/run installs)");
    assert!(
        py.status.success(),
        "{}",
        String::from_utf8_lossy(&py.stderr)
    );
    let plain: Value = serde_json::from_slice(&py.stdout).expect("decrypted JSON");
    assert_eq!(plain["watermark"]["appid"], "wx0123456789abcdef");
    assert_eq!(plain["nickName"], "微信用户");
    assert!(
        plain.get("openId").is_none(),
        "getUserProfile carries no openId"
    );
    // The server in the sample decrypted it too, and said so.
    assert!(ev.iter().any(|e| e["kind"] == "console"
        && e["text"]
            .as_str()
            .is_some_and(|t| t.starts_with("server decrypted the profile"))));
}
