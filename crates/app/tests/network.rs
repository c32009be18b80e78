//! `wx.request` routing and the login session inside one sandbox: the domain list, mock backends
//! (their timeouts on the sandbox clock), `RequestTask.abort()`, and code expiry on the sandbox
//! clock as the developer server sees it through the interface service.

use std::path::PathBuf;

use wxbox_app::{Event, RunBudget, RunEnd, Sandbox, SandboxOptions};

/// An app in a fresh directory: `app.js` (the test), one empty page, `backend.js`, and a
/// profile routing `https://api.test` to the backend.
fn app(name: &str, app_js: &str, backend_js: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("wxbox-net-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("pages/index")).expect("dir");
    let files = [
        ("app.json", r#"{"pages":["pages/index/index"]}"#),
        ("pages/index/index.js", "Page({})"),
        ("app.js", app_js),
        ("backend.js", backend_js),
        (
            "wxbox.toml",
            "[request.domains]\n\"https://api.test\" = { mock = \"backend.js\" }\n",
        ),
    ];
    for (f, text) in files {
        std::fs::write(dir.join(f), text).expect("write");
    }
    dir
}

fn run(dir: &PathBuf) -> Vec<Event> {
    let profile = wxbox_app::load_profile(dir, None).expect("profile");
    let mut sandbox = Sandbox::open(
        dir,
        SandboxOptions {
            profile,
            ..SandboxOptions::default()
        },
    )
    .expect("opens");
    sandbox.launch(None).expect("launches");
    assert_eq!(sandbox.run(RunBudget::default()), RunEnd::Idle);
    let events = sandbox
        .trace()
        .events()
        .into_iter()
        .map(|e| e.event)
        .collect();
    let _ = std::fs::remove_dir_all(dir);
    events
}

fn console(events: &[Event]) -> Vec<String> {
    events
        .iter()
        .filter_map(|e| match e {
            Event::Console {
                text, party: None, ..
            } => Some(text.clone()),
            _ => None,
        })
        .collect()
}

#[test]
fn the_domain_list_abort_and_timeouts_fail_as_wechat_does() {
    let dir = app(
        "fail",
        r"
        const log = (tag) => (r) => console.log(tag, r.errMsg, r.errno === undefined ? '' : r.errno);
        App({ onLaunch() {
          const t0 = wx.request({ url: 'https://evil.example/x', fail: log('unlisted') });
          console.log('task', typeof t0.abort, typeof t0.onHeadersReceived);
          wx.request({ url: 'not a url', fail: log('bad url') });
          const t = wx.request({ url: 'https://api.test/slow', success: log('slow ok?'), fail: log('aborted') });
          t.abort();
          wx.request({ url: 'https://api.test/slow', timeout: 1000, fail: log('timeout') });
          wx.request({ url: 'https://api.test/missing', success: (r) => console.log('missing', r.statusCode) });
          wx.request({ url: 'https://api.test/throws', success: (r) => console.log('throws', r.statusCode, r.data.errmsg) });
        } });",
        r"
        module.exports = {
          '/slow': () => new Promise((resolve) => setTimeout(() => resolve({ data: 'late' }), 5000)),
          '/throws': () => { throw new Error('backend bug'); },
        };",
    );
    let events = run(&dir);
    let lines = console(&events);
    assert_eq!(
        lines,
        [
            "task function function",
            "unlisted request:fail url not in domain list 600002",
            "bad url request:fail invalid url \"not a url\" 600009",
            "aborted request:fail abort ",
            "timeout request:fail timeout 5",
            "missing 404",
            "throws 500 backend.js:4:36: Error: backend bug",
        ],
        "{events:#?}"
    );
    assert!(events
        .iter()
        .any(|e| matches!(e, Event::Error { origin, .. } if origin == "https://api.test")));
}

#[test]
fn a_login_code_expires_after_five_minutes_of_sandbox_time() {
    let dir = app(
        "expiry",
        r"
        const send = (tag, code) => wx.request({
          url: 'https://api.test/login', method: 'POST', data: { code },
          success: (r) => console.log(tag, JSON.stringify(r.data)),
        });
        App({ onLaunch() {
          wx.login({ success: ({ code }) => {
            send('fresh', code);
            send('again', code);
          } });
          wx.login({ success: ({ code }) => setTimeout(() => send('late', code), 5 * 60 * 1000) });
        } });",
        r"
        module.exports = {
          'POST /login': async (req) => {
            const s = await wechat.code2Session(req.data.code);
            return { data: s.errcode ? { errcode: s.errcode } : { ok: s.openid.length } };
          },
        };",
    );
    let lines = console(&run(&dir));
    assert_eq!(
        lines,
        [
            r#"fresh {"ok":28}"#,
            r#"again {"errcode":40163}"#,
            r#"late {"errcode":40029}"#
        ]
    );
}

#[test]
fn get_user_info_is_signed_and_encrypted_under_the_session_key() {
    let dir = app(
        "userinfo",
        r"
        App({ onLaunch() {
          wx.login({ success: ({ code }) => {
            wx.authorize({ scope: 'scope.userInfo', success: () => {
              wx.getUserInfo({ success: (u) => wx.request({
                url: 'https://api.test/check', method: 'POST',
                data: { code, rawData: u.rawData, signature: u.signature, encryptedData: u.encryptedData, iv: u.iv },
                success: (r) => console.log(JSON.stringify(r.data)),
              }) });
            } });
          } });
        } });",
        r"
        module.exports = {
          'POST /check': async ({ data }) => {
            const s = await wechat.code2Session(data.code);
            const d = wechat.decryptData(data.encryptedData, data.iv, s.session_key);
            return { data: {
              signed: wechat.signature(data.rawData, s.session_key) === data.signature,
              openIdMatches: d.openId === s.openid,
              appid: d.watermark.appid,
              wrongKey: (() => { try { wechat.decryptData(data.encryptedData, data.iv, 'AAAAAAAAAAAAAAAAAAAAAA=='); return 'decrypted'; } catch (e) { return 'refused'; } })(),
            } };
          },
        };",
    );
    let lines = console(&run(&dir));
    assert_eq!(
        lines,
        [
            r#"{"signed":true,"openIdMatches":true,"appid":"wx0123456789abcdef","wrongKey":"refused"}"#
        ]
    );
}

#[test]
fn data_is_encoded_as_wechat_encodes_it() {
    let dir = app(
        "encode",
        r"
        const show = (tag) => (r) => console.log(tag, JSON.stringify(r.data));
        App({ onLaunch() {
          wx.request({ url: 'https://api.test/echo?x=0', data: { a: 'x y', b: 1 }, success: show('get') });
          wx.request({ url: 'https://api.test/echo', method: 'post', data: { a: 'x y' }, success: show('json') });
          wx.request({
            url: 'https://api.test/echo', method: 'POST', data: { a: 'x y', n: 2 },
            header: { 'Content-Type': 'application/x-www-form-urlencoded' }, success: show('form'),
          });
          wx.request({ url: 'https://api.test/echo', method: 'PUT', data: 'raw text', success: show('text') });
        } });",
        r"
        module.exports = {
          '/echo': (req) => ({ data: { method: req.method, query: req.query, data: req.data, referer: req.header.referer } }),
        };",
    );
    let lines = console(&run(&dir));
    let referer = "https://servicewechat.com/wx0123456789abcdef/0/page-frame.html";
    assert_eq!(
        lines,
        [
            format!(
                r#"get {{"method":"GET","query":{{"x":"0","a":"x y","b":"1"}},"data":null,"referer":"{referer}"}}"#
            ),
            format!(
                r#"json {{"method":"POST","query":{{}},"data":{{"a":"x y"}},"referer":"{referer}"}}"#
            ),
            format!(
                r#"form {{"method":"POST","query":{{}},"data":{{"a":"x y","n":"2"}},"referer":"{referer}"}}"#
            ),
            format!(
                r#"text {{"method":"PUT","query":{{}},"data":"raw text","referer":"{referer}"}}"#
            ),
        ]
    );
}

#[test]
fn a_backend_answers_when_its_promise_settles_and_its_clock_stays_with_the_apps() {
    // The backend keeps a heartbeat interval; each answer waits 50 ms. The answer must come
    // once the promise settles, not when the request's 60 s timeout would have passed: the
    // backend's clock then stays 50 ms per request ahead of the app's, not 60 s.
    let dir = app(
        "settle",
        r"
        App({ onLaunch() {
          const ask = (n) => wx.request({
            url: 'https://api.test/now',
            success: (r) => {
              console.log('answer', n, r.data.since);
              if (n < 3) ask(n + 1);
            },
          });
          ask(1);
        } });",
        r"
        let beats = 0;
        let first = null;
        setInterval(() => { beats++; }, 10);
        module.exports = {
          '/now': () => {
            if (first === null) first = Date.now();
            const since = Date.now() - first;
            return new Promise((resolve) => setTimeout(() => resolve({ since }), 50));
          },
        };",
    );
    let events = run(&dir);
    assert_eq!(
        console(&events),
        ["answer 1 0", "answer 2 50", "answer 3 100"],
        "{events:#?}"
    );
}
