//! WeChat call semantics and the app model, through real sandboxes built from inline apps.

use std::collections::HashMap;

use wxbox_app::{Event, RunBudget, RunEnd, Sandbox, SandboxOptions};
use wxbox_engine::modules::MemorySource;

/// Runs an app whose only page has `page_js`; returns the console lines (and the sandbox).
fn run_page(page_js: &str) -> (Vec<String>, Sandbox) {
    run_app(
        &[("pages/index/index.js", page_js)],
        r#"{"pages": ["pages/index/index"]}"#,
    )
}

fn run_app(files: &[(&str, &str)], app_json: &str) -> (Vec<String>, Sandbox) {
    let mut map: HashMap<String, String> = files
        .iter()
        .map(|(k, v)| ((*k).into(), (*v).into()))
        .collect();
    map.insert("app.json".into(), app_json.into());
    map.entry("app.js".into()).or_insert_with(|| {
        "App({ onError(m) { console.log('onError: ' + m.split('\\n')[0]) } })".into()
    });
    let mut sb = Sandbox::from_sources(Box::new(MemorySource(map)), SandboxOptions::default())
        .expect("loads");
    sb.launch(None).expect("launches");
    assert_eq!(sb.run(RunBudget::default()), RunEnd::Idle);
    let lines = sb
        .trace()
        .events()
        .into_iter()
        .filter_map(|e| match e.event {
            Event::Console { text, .. } => Some(text),
            _ => None,
        })
        .collect();
    (lines, sb)
}

#[test]
fn callbacks_are_never_synchronous_and_complete_runs_last_once() {
    let (lines, _) = run_page(
        "Page({ onLoad() {
            let inCall = true;
            const r = wx.setStorage({ key: 'k', data: 1,
              success(res) { console.log('success', inCall, res.errMsg) },
              fail() { console.log('fail') },
              complete(res) { console.log('complete', res.errMsg) } });
            inCall = false;
            console.log('returned', r);
        } })",
    );
    assert_eq!(
        lines,
        [
            "returned undefined",
            "success false setStorage:ok",
            "complete setStorage:ok"
        ]
    );
}

#[test]
fn the_promise_rule() {
    let (lines, _) = run_page(
        "Page({ onLoad() {
            const p = wx.getStorageInfo();
            console.log(p instanceof Promise);
            p.then(res => console.log('resolved', res.errMsg, res.limitSize));
            wx.getStorage({ key: 'none' }).catch(err => console.log('rejected', err.errMsg));
            console.log(wx.getStorage({ key: 'none', complete() {} }));
        } })",
    );
    assert_eq!(
        lines,
        [
            "true",
            "undefined",
            "resolved getStorageInfo:ok 10240",
            "rejected getStorage:fail data not found"
        ]
    );
}

#[test]
fn validation_messages_are_wechats() {
    let (lines, _) = run_page(
        "Page({ onLoad() {
            wx.setStorage({ fail: e => console.log(e.errMsg) });
            wx.navigateTo({ url: 42, fail: e => console.log(e.errMsg) });
            wx.navigateBack({ delta: '1', fail: e => console.log(e.errMsg) });
            try { wx.getStorageSync() } catch (e) { console.log(e.message) }
            try { wx.setStorageSync(1, 2) } catch (e) { console.log(e.message) }
        } })",
    );
    assert_eq!(
        lines,
        [
            "getStorageSync:fail parameter error: parameter.key should be String instead of Undefined;",
            "setStorageSync:fail parameter error: parameter.key should be String instead of Number;",
            "setStorage:fail parameter error: parameter.key should be String instead of Undefined;",
            "navigateTo:fail parameter error: parameter.url should be String instead of Number;",
            "navigateBack:fail parameter error: parameter.delta should be Number instead of String;",
        ]
    );
}

#[test]
fn a_throw_in_one_callback_is_reported_and_the_next_still_runs() {
    let (lines, sb) = run_page(
        "Page({ onLoad() {
            wx.setStorage({ key: 'k', data: 1,
              success() { throw new Error('in success') },
              complete() { console.log('complete still runs') } });
        } })",
    );
    assert_eq!(lines, ["onError: Error: in success", "complete still runs"]);
    assert_eq!(sb.uncaught_errors(), 1);
}

#[test]
fn storage_keeps_types_and_enforces_limits() {
    let (lines, _) = run_page(
        "Page({ onLoad() {
            const values = { s: 'x', n: 1.5, b: false, o: { a: [1, { b: 2 }] }, a: [1, 'two'], z: null, d: new Date(5) };
            for (const k in values) wx.setStorageSync(k, values[k]);
            for (const k in values) { const v = wx.getStorageSync(k); console.log(k, typeof v, Array.isArray(v), v instanceof Date, JSON.stringify(v)); }
            console.log(JSON.stringify(wx.getStorageSync('missing')));
            try { wx.setStorageSync('big', 'x'.repeat(1024 * 1024)) } catch (e) { console.log(e.message) }
            wx.removeStorageSync('s');
            console.log(wx.getStorageInfoSync().keys.join());
            // The store changes at call time; only the callbacks wait for the loop.
            wx.removeStorage({ key: 'n', success: () => {
              console.log('removed', wx.getStorageInfoSync().keys.join());
              wx.clearStorage().then(() => console.log('cleared', wx.getStorageInfoSync().keys.length));
            } });
        } })",
    );
    assert_eq!(
        lines,
        [
            "s string false false \"x\"",
            "n number false false 1.5",
            "b boolean false false false",
            "o object false false {\"a\":[1,{\"b\":2}]}",
            "a object true false [1,\"two\"]",
            "z object false false null",
            "d object false true \"1970-01-01T00:00:00.005Z\"",
            "\"\"",
            "setStorageSync:fail exceed storage item max length",
            "n,b,o,a,z,d",
            "removed b,o,a,z,d",
            "cleared 0",
        ]
    );
}

#[test]
fn set_data_path_keys_and_callback_order() {
    let (lines, sb) = run_page(
        "Page({ data: { list: [{ name: 'a' }], user: {} }, onLoad() {
            this.setData({ 'list[0].name': 'b', 'user.profile.city': 'Shenzhen', 'grid[1][0]': 7 }, () => console.log('after render', this.data.list[0].name));
            console.log(JSON.stringify(this.data));
            try { this.setData('nope') } catch (e) { console.log(e.message) }
            try { this.setData({ 'a[': 1 }) } catch (e) { console.log(e.message) }
            console.log(this.route, this.__route__, JSON.stringify(this.options));
        } })",
    );
    assert_eq!(
        lines,
        [
            r#"{"list":[{"name":"b"}],"user":{"profile":{"city":"Shenzhen"}},"grid":[null,[7]]}"#,
            "setData: the data must be an object, not String",
            "setData: invalid data path \"a[\"",
            "pages/index/index pages/index/index {}",
            "after render b"
        ]
    );
    let set_data = sb
        .trace()
        .events()
        .into_iter()
        .filter(|e| matches!(e.event, Event::SetData { .. }))
        .count();
    assert_eq!(set_data, 1);
}

#[test]
fn page_data_is_copied_per_instance() {
    // The entry has no query; the second instance, from navigateTo, starts from the definition's
    // data again (n is 1, not 2).
    let (lines, _) = run_app(
        &[("pages/a/a.js", "Page({ data: { n: 0 }, onLoad(q) { this.setData({ n: this.data.n + 1 }); console.log('a', q.i, this.data.n);
                if (!q.i) wx.navigateTo({ url: 'a?i=2' }) } })")],
        r#"{"pages": ["pages/a/a"]}"#,
    );
    assert_eq!(lines, ["a undefined 1", "a 2 1"]);
}

#[test]
fn component_as_page_lifecycle_order() {
    let (lines, _) = run_page(
        "Component({
            properties: { id: Number, title: { type: String, value: 'untitled' } },
            data: { own: 1 },
            lifetimes: {
              created() { console.log('created') },
              attached() { console.log('attached') },
              ready() { console.log('ready', JSON.stringify(this.data)) },
            },
            pageLifetimes: { show() { console.log('pageLifetimes.show') } },
            methods: {
              onLoad(q) { console.log('onLoad', JSON.stringify(q)); this.helper() },
              onShow() { console.log('onShow') },
              onReady() { console.log('onReady') },
              helper() { console.log('methods are on this') },
            },
        })",
    );
    assert_eq!(
        lines,
        [
            "created",
            "attached",
            "onLoad {}",
            "methods are on this",
            "onShow",
            "pageLifetimes.show",
            "ready {\"own\":1,\"id\":0,\"title\":\"untitled\"}",
            "onReady"
        ]
    );
}

const STACK_APP: &str = r#"{"pages": ["pages/a/a", "pages/b/b", "pages/t1/t1", "pages/t2/t2"],
    "tabBar": {"list": [{"pagePath": "pages/t1/t1"}, {"pagePath": "pages/t2/t2"}]}}"#;

fn stack_page(name: &str) -> String {
    format!(
        "Page({{ onLoad(q) {{ console.log('{name}.onLoad', JSON.stringify(q)) }}, onShow() {{ console.log('{name}.onShow') }},
          onHide() {{ console.log('{name}.onHide') }}, onUnload() {{ console.log('{name}.onUnload') }} }})"
    )
}

fn run_stack(script: &str) -> (Vec<String>, Sandbox) {
    let a = format!(
        "Page({{ onLoad() {{ const log = m => console.log(m); {script} }}, onShow() {{ console.log('a.onShow') }},
          onHide() {{ console.log('a.onHide') }}, onUnload() {{ console.log('a.onUnload') }} }})"
    );
    let (b, t1, t2) = (stack_page("b"), stack_page("t1"), stack_page("t2"));
    run_app(
        &[
            ("pages/a/a.js", a.as_str()),
            ("pages/b/b.js", &b),
            ("pages/t1/t1.js", &t1),
            ("pages/t2/t2.js", &t2),
        ],
        STACK_APP,
    )
}

#[test]
fn routing_rules_and_errors() {
    let (lines, sb) = run_stack(
        "wx.navigateTo({ url: '/pages/t1/t1', fail: e => log(e.errMsg) });
         wx.navigateTo({ url: '../nope/nope', fail: e => log(e.errMsg) });
         wx.switchTab({ url: '/pages/b/b', fail: e => log(e.errMsg) });
         wx.redirectTo({ url: '/pages/t2/t2', fail: e => log(e.errMsg) });
         wx.navigateBack({ fail: e => log(e.errMsg) });",
    );
    assert_eq!(
        lines[1..],
        [
            "navigateTo:fail can not navigateTo a tabbar page",
            "navigateTo:fail page \"pages/nope/nope\" is not found",
            "switchTab:fail can not switch to no-tabBar page",
            "redirectTo:fail can not redirectTo a tabbar page",
            "navigateBack:fail cannot navigate back at first page."
        ]
    );
    assert_eq!(sb.page_stack(), ["pages/a/a"]);
}

#[test]
fn the_stack_holds_at_most_ten_pages() {
    let (lines, sb) = run_stack(
        "let n = 0; const push = () => wx.navigateTo({ url: '/pages/b/b?n=' + (++n),
            success: push, fail: e => log(e.errMsg + ' at depth ' + getCurrentPages().length) }); push();",
    );
    assert_eq!(
        lines.last().map(String::as_str),
        Some("navigateTo:fail webview count limit exceed at depth 10")
    );
    assert_eq!(sb.page_stack().len(), 10);
}

#[test]
fn navigate_redirect_back_relaunch_and_tabs() {
    let (lines, sb) = run_stack(
        "wx.navigateTo({ url: '../b/b?x=1' })
           .then(() => wx.redirectTo({ url: '/pages/b/b?x=2' }))
           .then(() => wx.navigateBack({ delta: 5 }))
           .then(() => wx.switchTab({ url: '/pages/t1/t1' }))
           .then(() => wx.switchTab({ url: '/pages/t2/t2?ignored=1' }))
           .then(() => wx.switchTab({ url: '/pages/t1/t1' }))
           .then(() => wx.reLaunch({ url: '/pages/b/b?x=3' }))
           .then(() => log('stack ' + getCurrentPages().map(p => p.route).join(',')));",
    );
    assert_eq!(
        lines,
        [
            "a.onShow",
            "a.onHide",
            "b.onLoad {\"x\":\"1\"}",
            "b.onShow",
            "b.onUnload",
            "b.onLoad {\"x\":\"2\"}",
            "b.onShow",
            "b.onUnload",
            "a.onShow",
            // switchTab closes non-tab pages.
            "a.onUnload",
            "t1.onLoad {}",
            "t1.onShow",
            "t1.onHide",
            "t2.onLoad {}",
            "t2.onShow",
            // A tab page opened before is only shown again.
            "t2.onHide",
            "t1.onShow",
            // reLaunch unloads everything, hidden tab pages too.
            "t1.onUnload",
            "t2.onUnload",
            "b.onLoad {\"x\":\"3\"}",
            "b.onShow",
            "stack pages/b/b"
        ]
    );
    assert_eq!(sb.page_stack(), ["pages/b/b"]);
}

#[test]
fn app_and_require_in_a_real_layout() {
    let (lines, _) = run_app(
        &[
            ("app.js", "const cfg = require('./config'); App({ globalData: { env: cfg.env }, onLaunch(o) { console.log('launch', o.path, o.scene) } })"),
            ("config.js", "module.exports = { env: 'test' }"),
            ("utils/counter.js", "let n = 0; exports.next = () => ++n;"),
            ("pages/index/index.js", "const c = require('../../utils/counter'); const c2 = require('/utils/counter.js');
                Page({ onLoad() { console.log(getApp().globalData.env, c.next(), c2.next(), c === c2) } })"),
        ],
        r#"{"pages": ["pages/index/index"]}"#,
    );
    assert_eq!(lines, ["launch pages/index/index 1001", "test 1 2 true"]);
}

#[test]
fn a_page_that_never_registers_is_reported() {
    let (lines, sb) = run_app(
        &[("pages/index/index.js", "console.log('forgot Page()')")],
        r#"{"pages": ["pages/index/index"]}"#,
    );
    assert_eq!(
        lines,
        [
            "forgot Page()",
            "onError: Error: Page \"pages/index/index\" has not been registered yet."
        ]
    );
    assert!(sb.page_stack().is_empty());
}

#[test]
fn every_unhandled_rejection_reaches_the_hook_and_only_an_error_reason_is_an_error() {
    let (lines, sb) = run_app(
        &[
            (
                "app.js",
                "App({ onUnhandledRejection(r) { console.log('hook', r.reason.errMsg || r.reason.message) } })",
            ),
            (
                "pages/index/index.js",
                "Page({ onLoad() {
                    Promise.reject({ errMsg: 'request:fail offline' });
                    Promise.reject(new TypeError('broken'));
                    Promise.reject({ errMsg: 'caught' }).catch(() => {});
                } })",
            ),
        ],
        r#"{"pages": ["pages/index/index"]}"#,
    );
    assert_eq!(lines, ["hook request:fail offline", "hook broken"]);
    assert_eq!(sb.uncaught_errors(), 1, "the TypeError only");
    let events = sb.trace().events();
    let errors: Vec<_> = events
        .iter()
        .filter_map(|e| match &e.event {
            Event::Error {
                origin, message, ..
            } => Some((origin.as_str(), message.as_str())),
            _ => None,
        })
        .collect();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].0, "unhandledrejection");
    assert!(errors[0].1.contains("TypeError: broken"), "{errors:?}");
    let warned = events.iter().any(|e| {
        matches!(&e.event, Event::Warning { origin, message, .. }
            if origin == "unhandledrejection" && message.contains("request:fail offline"))
    });
    assert!(warned, "the plain-object reason is a warning");
}
