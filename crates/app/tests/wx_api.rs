//! The wx API surface through real sandboxes: one module per family, asserting errMsg strings,
//! callback order, the Promise rule, validation messages, state across calls, prompts, and the
//! seeds' code samples run as pages.

use std::collections::HashMap;

use serde_json::Value;
use wxbox_app::{Event, Profile, RunBudget, RunEnd, Sandbox, SandboxOptions};
use wxbox_engine::modules::MemorySource;

/// What a run left behind.
struct Run {
    lines: Vec<String>,
    events: Vec<Event>,
    sandbox: Sandbox,
}

/// The console lines among `events`.
fn console(events: &[Event]) -> Vec<String> {
    events
        .iter()
        .filter_map(|e| match e {
            Event::Console { text, .. } => Some(text.clone()),
            _ => None,
        })
        .collect()
}

impl Run {
    /// The trace as it is now (after the run, including later direct calls).
    fn events_now(&self) -> Vec<Event> {
        self.sandbox
            .trace()
            .events()
            .into_iter()
            .map(|e| e.event)
            .collect()
    }

    fn prompts(&self) -> Vec<(String, String)> {
        self.events_now()
            .iter()
            .filter_map(|e| match e {
                Event::Prompt {
                    prompt, decision, ..
                } => Some((prompt.clone(), decision.clone())),
                _ => None,
            })
            .collect()
    }
}

/// Runs a one-page app whose page is `page_js` under `profile` (TOML), then calls each of
/// `taps` as a tap handler, in order, running to idle after each.
fn run(profile: &str, page_js: &str, taps: &[&str]) -> Run {
    let profile = Profile::from_toml(profile, "test.toml").expect("profile parses");
    run_with(
        SandboxOptions {
            profile,
            ..SandboxOptions::default()
        },
        page_js,
        taps,
    )
}

/// [`run`] with any sandbox options (an embedder's hosts).
fn run_with(options: SandboxOptions, page_js: &str, taps: &[&str]) -> Run {
    let mut map: HashMap<String, String> = HashMap::new();
    map.insert(
        "app.json".into(),
        r#"{"pages": ["pages/index/index"]}"#.into(),
    );
    map.insert(
        "app.js".into(),
        "App({ onError(m) { console.log('onError: ' + m.split('\\n')[0]) } })".into(),
    );
    map.insert("pages/index/index.js".into(), page_js.into());
    let mut sandbox = Sandbox::from_sources(Box::new(MemorySource(map)), options).expect("loads");
    sandbox.launch(None).expect("launches");
    assert_eq!(sandbox.run(RunBudget::default()), RunEnd::Idle);
    for t in taps {
        sandbox.tap_method(t).expect("tap method exists");
        assert_eq!(sandbox.run(RunBudget::default()), RunEnd::Idle);
    }
    let events: Vec<Event> = sandbox
        .trace()
        .events()
        .into_iter()
        .map(|e| e.event)
        .collect();
    let lines = console(&events);
    Run {
        lines,
        events,
        sandbox,
    }
}

/// Profile with privacy already agreed, so only the family under test prompts.
const AGREED: &str = "[privacy]\nagreed = true\n";

mod semantics {
    use super::*;

    #[test]
    fn authorize_without_scope_fails_validation_with_wechats_message() {
        let r = run(
            AGREED,
            "Page({ onLoad() { wx.authorize({}).catch(e => console.log(e.errMsg)) } })",
            &[],
        );
        assert_eq!(
            r.lines,
            ["authorize:fail parameter error: parameter.scope should be String instead of Undefined;"]
        );
    }

    #[test]
    fn several_bad_parameters_are_concatenated_in_the_documented_order() {
        // The order of the docs page's table (crates/wx/api/docs-order.json), as WeChat reports
        // them: timeStamp, nonceStr, package, signType, paySign.
        let r = run(
            AGREED,
            "Page({ onLoad() { wx.requestPayment({ package: 7, fail: e => console.log(e.errMsg) }) } })",
            &[],
        );
        assert_eq!(
            r.lines,
            ["requestPayment:fail parameter error: parameter.timeStamp should be String instead of Undefined;parameter.nonceStr should be String instead of Undefined;parameter.package should be String instead of Number;parameter.paySign should be String instead of Undefined;"]
        );
    }

    #[test]
    fn login_promise_rule_and_callback_order() {
        let r = run(
            AGREED,
            "Page({ onLoad() {
                const p = wx.login();
                console.log('promise', p instanceof Promise);
                p.then(res => console.log('resolved', typeof res.code, res.code.length, res.errMsg));
                const u = wx.login({
                  success(res) { console.log('success', res.errMsg) },
                  complete(res) { console.log('complete', res.errMsg) } });
                console.log('with success returns', u);
                wx.login({ complete() { console.log('only complete') } });
            } })",
            &[],
        );
        assert_eq!(
            r.lines,
            [
                "promise true",
                "with success returns undefined",
                "resolved string 32 login:ok",
                "success login:ok",
                "complete login:ok",
                "only complete",
            ]
        );
    }

    #[test]
    fn a_throw_in_success_is_reported_and_complete_still_runs() {
        // The profile starts logged in, so checkSession succeeds and `success` throws.
        let r = run(
            "[privacy]\nagreed = true\n[session]\nlogged_in = true\n",
            "Page({ onLoad() { wx.checkSession({
                success() { throw new Error('boom') },
                fail(e) { console.log(e.errMsg) },
                complete(e) { console.log('complete', e.errMsg) } }) } })",
            &[],
        );
        assert_eq!(
            r.lines,
            ["onError: Error: boom", "complete checkSession:ok"]
        );
        assert!(r.events.iter().any(|e| matches!(
            e,
            Event::Error { origin, message, .. }
                if origin == "wx.checkSession success" && message == "Error: boom"
        )));
    }

    #[test]
    fn callback_style_apis_return_no_promise() {
        // getPrivacySetting is typed void in the typings: callbacks only, even without them.
        let r = run(
            AGREED,
            "Page({ onLoad() { console.log(wx.getPrivacySetting()); console.log(wx.getSetting() instanceof Promise) } })",
            &[],
        );
        assert_eq!(r.lines, ["undefined", "true"]);
    }

    #[test]
    fn device_methods_exist_validate_and_fail_not_supported() {
        let r = run(
            AGREED,
            "Page({ onLoad() {
                console.log(typeof wx.getLocation, wx.canIUse('getLocation'));
                wx.getLocation({ type: 1, fail: e => console.log(e.errMsg) });
                wx.getLocation({ fail: e => console.log(e.errMsg) });
                console.log(wx.isVKSupport('v2'));
            } })",
            &[],
        );
        assert_eq!(
            r.lines,
            [
                "function false",
                "false",
                "getLocation:fail parameter error: parameter.type should be String instead of Number;",
                "getLocation:fail not supported",
            ]
        );
    }
}

mod can_i_use {
    use super::*;

    #[test]
    fn answers_from_the_table_for_apis_results_and_components() {
        let r = run(
            AGREED,
            "Page({ onLoad() { for (const s of [
                'getUserProfile', 'getUserProfile.object.desc', 'getUserProfile.object.lang.zh_CN',
                'getUserProfile.object.lang.fr', 'getSystemInfoSync.return.safeArea.left',
                'getSystemInfo.success.screenWidth', 'showToast.object.icon.none', 'getAuthCode',
                'button.open-type.getUserInfo', 'button.open-type.getEmailAddress',
                'button.open-type.nothing', 'open-data.type.userNickName', 'input.type.nickname',
                'getLocation', 'noSuchApi', 'login.nothing', '' ]) console.log(`[${s}]`, wx.canIUse(s)) } })",
            &[],
        );
        assert_eq!(
            r.lines,
            [
                "[getUserProfile] true",
                "[getUserProfile.object.desc] true",
                "[getUserProfile.object.lang.zh_CN] true",
                "[getUserProfile.object.lang.fr] false",
                "[getSystemInfoSync.return.safeArea.left] true",
                "[getSystemInfo.success.screenWidth] true",
                "[showToast.object.icon.none] true",
                "[getAuthCode] true",
                "[button.open-type.getUserInfo] true",
                "[button.open-type.getEmailAddress] true",
                "[button.open-type.nothing] false",
                "[open-data.type.userNickName] true",
                "[input.type.nickname] true",
                "[getLocation] false",
                "[noSuchApi] false",
                "[login.nothing] false",
                "[] false",
            ]
        );
    }
}

mod settings {
    use super::*;

    const DENY_LOCATION: &str = "[privacy]\nagreed = true\n[decisions.scopes]\n\"scope.userLocation\" = \"deny\"\n[decisions.open_setting]\n\"scope.userLocation\" = true\n";

    #[test]
    fn a_denied_scope_fails_shows_false_and_is_not_asked_again_until_open_setting() {
        let r = run(
            DENY_LOCATION,
            "Page({
              async onLoad() {
                const s0 = await wx.getSetting();
                console.log('before', JSON.stringify(s0.authSetting));
                await wx.authorize({ scope: 'scope.userLocation' }).catch(e => console.log(e.errMsg, e.errno));
                const s1 = await wx.getSetting();
                console.log('after', s1.authSetting['scope.userLocation']);
                await wx.authorize({ scope: 'scope.userLocation' }).catch(e => console.log('again', e.errMsg));
                await wx.authorize({ scope: 'scope.record' }).then(r => console.log(r.errMsg));
                await wx.authorize({ scope: 'scope.nothing' }).catch(e => console.log(e.errMsg));
                await wx.openSetting().catch(e => console.log(e.errMsg));
              },
              async settings() {
                const s = await wx.openSetting();
                console.log('opened', s.authSetting['scope.userLocation']);
                await wx.authorize({ scope: 'scope.userLocation' }).then(r => console.log(r.errMsg));
              }
            })",
            &["settings"],
        );
        assert_eq!(
            r.lines,
            [
                r#"before {"scope.address":true,"scope.invoice":true,"scope.invoiceTitle":true}"#,
                "authorize:fail auth deny 103",
                "after false",
                "again authorize:fail auth deny",
                "authorize:ok",
                "authorize:fail invalid scope",
                "openSetting:fail can only be invoked by user TAP gesture.",
                "opened true",
                "authorize:ok",
            ]
        );
        // Asked once for each scope; the second userLocation request did not ask.
        assert_eq!(
            r.prompts(),
            [
                ("authorize".into(), "deny".into()),
                ("authorize".into(), "allow".into()),
                ("openSetting".into(), "change".into()),
            ]
        );
    }

    #[test]
    fn seed_002_get_setting_then_authorize_sample() {
        // Seed 002's sample: ask for scope.record only when getSetting says it is missing.
        let r = run(
            AGREED,
            "Page({ onLoad() {
              wx.getSetting({
                success(res) {
                  if (!res.authSetting['scope.record']) {
                    wx.authorize({
                      scope: 'scope.record',
                      success() { wx.startRecord({ fail: e => console.log(e.errMsg) }) }
                    })
                  }
                }
              })
            } })",
            &[],
        );
        assert_eq!(r.lines, ["startRecord:fail not supported"]);
        assert_eq!(r.prompts(), [("authorize".into(), "allow".into())]);
    }
}

mod auth {
    use super::*;

    #[test]
    fn login_starts_a_session_that_check_session_accepts_until_it_expires() {
        let r = run(
            "[privacy]\nagreed = true\n[session]\nlifetime_s = 60\n",
            "Page({ async onLoad() {
                await wx.checkSession().catch(e => console.log('before', e.errMsg));
                const { code } = await wx.login();
                await wx.checkSession().then(r => console.log('after', r.errMsg));
                setTimeout(() => wx.checkSession({ fail: e => console.log('later', e.errMsg) }), 61000);
            } })",
            &[],
        );
        assert_eq!(
            r.lines,
            [
                "before checkSession:fail session time out, need relogin",
                "after checkSession:ok",
                "later checkSession:fail session time out, need relogin",
            ]
        );
        assert_eq!(r.sandbox.superapp().borrow().codes_issued(), 1);
    }

    #[test]
    fn codes_repeat_with_the_seed_and_change_with_it() {
        let page = "Page({ onLoad() { wx.login({ success: r => console.log(r.code) }) } })";
        let a = run("seed = 1", page, &[]);
        let b = run("seed = 1", page, &[]);
        let c = run("seed = 2", page, &[]);
        assert_eq!(a.lines, b.lines);
        assert_ne!(a.lines, c.lines);
    }

    #[test]
    fn seed_000_get_auth_code_sample() {
        let r = run(
            AGREED,
            "Page({ onLoad() {
              wx.getAuthCode({scopes:['CUSTOM_SCOPE_X','CUSTOM_SCOPE_Y'], success (res) {
                if (res.code) { console.log('code', res.code.length, res.errMsg) }
                else { console.log('Login failed!' + res.errMsg) } } });
              wx.getAuthCode({ scopes: [1], fail: e => console.log(e.errMsg) });
            } })",
            &[],
        );
        assert_eq!(
            r.lines,
            [
                "code 32 getAuthCode:ok",
                "getAuthCode:fail parameter error: parameter.scopes[0] should be String;",
            ]
        );
        assert_eq!(r.prompts(), [("getAuthCode".into(), "allow".into())]);
    }
}

mod user {
    use super::*;

    const PAGE: &str = "Page({
        onLoad() { wx.getUserProfile({ desc: 'for the profile page', fail: e => console.log('load', e.errMsg) }) },
        tap() {
          wx.getUserProfile({ desc: 'for the profile page',
            success: r => console.log('tap', r.errMsg, r.userInfo.nickName, r.userInfo.language, r.rawData === JSON.stringify(r.userInfo)),
            fail: e => console.log('tap', e.errMsg) });
        },
        long() { wx.getUserProfile({ desc: 'x'.repeat(31), fail: e => console.log(e.errMsg) }) },
        info() { wx.getUserInfo({ success: r => console.log(r.userInfo.nickName), fail: e => console.log(e.errMsg) }) },
      })";

    #[test]
    fn get_user_profile_needs_a_tap_and_the_users_consent() {
        let r = run(
            "[privacy]\nagreed = true\n[user]\nnick_name = \"Ada\"\n",
            PAGE,
            &["tap", "long", "info"],
        );
        assert_eq!(
            r.lines,
            [
                "load getUserProfile:fail can only be invoked by user TAP gesture.",
                "tap getUserProfile:ok Ada zh_CN true",
                "getUserProfile:fail desc length does not meet the requirements",
                "getUserInfo:fail scope unauthorized",
            ]
        );
        let denied = run(
            "[privacy]\nagreed = true\n[decisions]\nuser_profile = \"deny\"\n",
            PAGE,
            &["tap"],
        );
        assert_eq!(denied.lines[1], "tap getUserProfile:fail auth deny");
        assert_eq!(denied.prompts(), [("getUserProfile".into(), "deny".into())]);
    }

    #[test]
    fn seed_000_get_setting_then_get_user_info_sample() {
        // The seed's page: read getSetting, call getUserInfo only when scope.userInfo is set.
        let r = run(
            AGREED,
            "Page({ data: { canIUse: wx.canIUse('button.open-type.getUserInfo') },
              onLoad() {
                console.log('canIUse', this.data.canIUse);
                wx.authorize({ scope: 'scope.userInfo', success: () => {
                  wx.getSetting({ success (res) {
                    if (res.authSetting['scope.userInfo']) {
                      wx.getUserInfo({ success: function(res) { console.log(res.userInfo.nickName) } })
                    } } }) } })
              } })",
            &[],
        );
        assert_eq!(r.lines, ["canIUse true", "微信用户"]);
    }
}

mod privacy {
    use super::*;

    #[test]
    fn covered_api_fires_the_listener_and_disagree_fails_with_errno_104() {
        let page = "Page({
            onLoad() {
              wx.onNeedPrivacyAuthorization((resolve, info) => {
                console.log('listener', info.referrer);
                resolve({ event: 'exposureAuthorization' });
                resolve({ event: getApp().answer });
              });
            },
            tap() {
              wx.getUserProfile({ desc: 'profile',
                success: r => console.log(r.errMsg),
                fail: e => console.log(e.errMsg, e.errno) });
            },
            check() { wx.getPrivacySetting({ success: r => console.log('need', r.needAuthorization) }) },
          })";
        let app = |answer: &str| format!("getApp().answer = '{answer}';");
        let disagree = run("", &format!("{}{page}", app("disagree")), &["tap", "check"]);
        assert_eq!(
            disagree.lines,
            [
                "listener getUserProfile",
                "getUserProfile:fail privacy permission is not authorized 104",
                "need true"
            ]
        );
        let agree = run(
            "",
            &format!("{}{page}", app("agree")),
            &["tap", "check", "tap"],
        );
        assert_eq!(
            agree.lines,
            [
                "listener getUserProfile",
                "resolve({event: 'agree'}) without buttonId: WeChat expects the id of the agreePrivacyAuthorization button the user tapped",
                "getUserProfile:ok",
                "need false",
                "getUserProfile:ok"
            ]
        );
    }

    #[test]
    fn without_a_listener_the_superapp_asks_the_user() {
        let page = "Page({ onLoad() {
            wx.requirePrivacyAuthorize({ success: r => console.log(r.errMsg), fail: e => console.log(e.errMsg, e.errno) });
        } })";
        let yes = run("", page, &[]);
        assert_eq!(yes.lines, ["requirePrivacyAuthorize:ok"]);
        assert_eq!(yes.prompts(), [("privacy".into(), "agree".into())]);
        let no = run("[decisions]\nprivacy = \"deny\"\n", page, &[]);
        assert_eq!(
            no.lines,
            ["requirePrivacyAuthorize:fail privacy permission is not authorized 104"]
        );
    }
}

mod subscribe {
    use super::*;

    const TEMPLATES: &str = r#"
[privacy]
agreed = true
[[subscriptions.templates]]
id = "T1"
title = "Order shipped"
[[subscriptions.templates]]
id = "T2"
title = "Order shipped"
[[subscriptions.templates]]
id = "T3"
title = "Refund"
decision = "reject"
remember = true
[[subscriptions.templates]]
id = "T4"
title = "Banned one"
banned = true
[[subscriptions.templates]]
id = "L1"
title = "Weekly report"
kind = "long-term"
[[subscriptions.templates]]
id = "D1"
title = "Device"
kind = "device"
"#;

    #[test]
    fn outcomes_and_every_error_code() {
        let r = run(
            TEMPLATES,
            "const show = r => console.log(JSON.stringify(r));
             const err = e => console.log(e.errCode, e.errMsg);
             Page({
               onLoad() { wx.requestSubscribeMessage({ tmplIds: ['T1'], fail: err }) },
               go() {
                 // Each call in the tap's synchronous run: the gesture does not survive an await.
                 wx.requestSubscribeMessage({ tmplIds: ['T1', 'T2', 'T3'] }).then(show);
                 wx.requestSubscribeMessage({ tmplIds: ['T4'] }).then(show);
                 wx.requestSubscribeMessage({ tmplIds: [] }).catch(err);
                 wx.requestSubscribeMessage({ tmplIds: ['T1', 'T3', 'T4', 'L1'] }).catch(err);
                 wx.requestSubscribeMessage({ tmplIds: ['T1', 'L1'] }).catch(err);
                 wx.requestSubscribeMessage({ tmplIds: ['nope'] }).catch(err);
                 wx.requestSubscribeMessage({ tmplIds: ['D1'] }).catch(err);
                 wx.requestSubscribeMessage({ tmplIds: [5] }).catch(err);
               },
               async after() {
                 // A remembered choice is answered without a popup.
                 await wx.requestSubscribeMessage({ tmplIds: ['T3'] }).then(show);
                 // After an await the tap is over.
                 await wx.requestSubscribeMessage({ tmplIds: ['T1'] }).catch(err);
                 const s = await wx.getSetting({ withSubscriptions: true });
                 show(s.subscriptionsSetting);
               },
             })",
            &["go", "after"],
        );
        assert_eq!(
            r.lines,
            [
                "undefined requestSubscribeMessage:fail can only be invoked by user TAP gesture.",
                r#"{"T1":"accept","T2":"filter","T3":"reject","errMsg":"requestSubscribeMessage:ok"}"#,
                r#"{"T4":"ban","errMsg":"requestSubscribeMessage:ok"}"#,
                "10001 requestSubscribeMessage:fail TmplIds can't be empty",
                "20003 requestSubscribeMessage:fail Templates count out of max bounds",
                "20002 requestSubscribeMessage:fail Templates type must be same",
                "20001 requestSubscribeMessage:fail No template data return, verify the template id exist",
                "20013 requestSubscribeMessage:fail Reject DeviceMsg Template",
                "10004 requestSubscribeMessage:fail Invalid template id",
                r#"{"T3":"reject","errMsg":"requestSubscribeMessage:ok"}"#,
                "undefined requestSubscribeMessage:fail can only be invoked by user TAP gesture.",
                r#"{"mainSwitch":true,"itemSettings":{"T3":"reject"}}"#,
            ]
        );
        assert_eq!(r.sandbox.superapp().borrow().acceptances("T1"), 1);
        assert_eq!(
            r.prompts(),
            [("requestSubscribeMessage".into(), "choose".into())]
        );
    }

    #[test]
    fn main_switch_off_and_banned_app() {
        let page = "Page({ go() { wx.requestSubscribeMessage({ tmplIds: ['T1'], fail: e => console.log(e.errCode) }) } })";
        let off = run(
            "[privacy]\nagreed = true\n[subscriptions]\nmain_switch = false\n[[subscriptions.templates]]\nid = \"T1\"\ntitle = \"a\"\n",
            page,
            &["go"],
        );
        assert_eq!(off.lines, ["20004"]);
        let banned = run(
            "[privacy]\nagreed = true\n[subscriptions]\napp_banned = true\n[[subscriptions.templates]]\nid = \"T1\"\ntitle = \"a\"\n",
            page,
            &["go"],
        );
        assert_eq!(banned.lines, ["20005"]);
    }
}

mod soter {
    use super::*;

    #[test]
    fn support_enrolment_and_authentication() {
        let r = run(
            "[privacy]\nagreed = true\n[soter]\nsupport = [\"fingerPrint\", \"facial\"]\nenrolled = [\"facial\"]\n",
            "const err = e => console.log(e.errCode, e.errMsg);
             Page({ async onLoad() {
               const s = await wx.checkIsSupportSoterAuthentication();
               console.log(JSON.stringify(s.supportMode));
               console.log((await wx.checkIsSoterEnrolledInDevice({ checkAuthMode: 'fingerPrint' })).isEnrolled);
               console.log((await wx.checkIsSoterEnrolledInDevice({ checkAuthMode: 'facial' })).isEnrolled);
               const ok = await wx.startSoterAuthentication({ requestAuthModes: ['facial'], challenge: 'c-123', authContent: 'pay' });
               console.log(ok.authMode, ok.errCode, JSON.parse(ok.resultJSON).raw);
               await wx.startSoterAuthentication({ requestAuthModes: ['fingerPrint'], challenge: 'c' }).catch(err);
               await wx.startSoterAuthentication({ requestAuthModes: ['facial'], challenge: 'x'.repeat(513) }).catch(err);
               await wx.startSoterAuthentication({ requestAuthModes: ['facial'], challenge: 'c', authContent: 'y'.repeat(43) }).catch(err);
               await wx.startSoterAuthentication({ requestAuthModes: ['speech'], challenge: 'c' }).catch(err);
             } })",
            &[],
        );
        assert_eq!(
            r.lines,
            [
                r#"["fingerPrint","facial"]"#,
                "false",
                "true",
                "facial 0 c-123",
                "90011 startSoterAuthentication:fail nothing enrolled",
                "90004 startSoterAuthentication:fail challenge is missing or longer than 512 characters",
                "90005 startSoterAuthentication:fail authContent is longer than 42 characters",
                "90003 startSoterAuthentication:fail auth mode unsupported",
            ]
        );
    }

    #[test]
    fn scripted_failure_outcome() {
        let r = run(
            "[privacy]\nagreed = true\n[soter]\nfail_with = \"cancel\"\n",
            "Page({ onLoad() { wx.startSoterAuthentication({ requestAuthModes: ['fingerPrint'], challenge: 'c',
                fail: e => console.log(e.errCode, e.errMsg) }) } })",
            &[],
        );
        assert_eq!(r.lines, ["90008 startSoterAuthentication:fail user cancel"]);
    }

    #[test]
    fn the_result_is_signed_by_the_device_key_and_verify_signature_checks_it() {
        use wxbox_wechat::platform::{self, ServiceRequest};
        let r = run(
            AGREED,
            "Page({ async onLoad() {
               const ok = await wx.startSoterAuthentication({ requestAuthModes: ['fingerPrint'], challenge: 'server-challenge-7' });
               console.log(ok.resultJSON); console.log(ok.resultJSONSignature);
             } })",
            &[],
        );
        let (json, sig) = (&r.lines[0], &r.lines[1]);
        let key = wxbox_wechat::signing::private_key(wxbox_wechat::signing::SOTER_TEST_KEY)
            .expect("test key");
        let public = key.to_public_key();
        assert!(wxbox_wechat::signing::pss_verify(&public, json, sig));
        let raw: Value = serde_json::from_str(json).expect("resultJSON is JSON");
        assert_eq!(raw["raw"], "server-challenge-7");
        // The interface service's verify_signature, as the developer's server calls it.
        let app = r.sandbox.superapp().borrow();
        let openid = app.openid();
        let mut p = platform::lock(app.platform());
        let get = |p: &mut platform::Platform, path: &str, q: &[(&str, &str)], body: Value| {
            p.handle(&ServiceRequest {
                method: if body.is_null() { "GET" } else { "POST" }.into(),
                path: path.into(),
                query: q
                    .iter()
                    .map(|(k, v)| ((*k).to_string(), (*v).to_string()))
                    .collect(),
                body: if body.is_null() {
                    Vec::new()
                } else {
                    body.to_string().into_bytes()
                },
                ..ServiceRequest::default()
            })
            .body
        };
        let token = get(
            &mut p,
            "/cgi-bin/token",
            &[
                ("grant_type", "client_credential"),
                ("appid", "wx0123456789abcdef"),
                ("secret", "wxbox-app-secret-0123456789abcdef"),
            ],
            Value::Null,
        )["access_token"]
            .as_str()
            .expect("token")
            .to_string();
        let verify = |p: &mut platform::Platform, text: &str| {
            get(
                p,
                "/cgi-bin/soter/verify_signature",
                &[("access_token", &token)],
                serde_json::json!({"openid": openid, "json_string": text, "json_signature": sig}),
            )["is_ok"]
                .clone()
        };
        assert_eq!(verify(&mut p, json), Value::Bool(true));
        assert_eq!(
            verify(&mut p, &json.replace("server-challenge-7", "other")),
            Value::Bool(false)
        );
    }
}

mod account {
    use super::*;

    #[test]
    fn account_info_shapes_follow_the_env_version() {
        let page = "Page({ onLoad() { console.log(JSON.stringify(wx.getAccountInfoSync())) } })";
        let dev = run("[app]\nappid = \"wx1111111111111111\"\n", page, &[]);
        assert_eq!(
            dev.lines,
            [
                r#"{"miniProgram":{"appId":"wx1111111111111111","envVersion":"develop","version":""}}"#
            ]
        );
        let release = run(
            "[app]\nenv_version = \"release\"\nversion = \"2.3.4\"\n[app.plugin]\nappid = \"wxplugin\"\nversion = \"1.0.1\"\n",
            page,
            &[],
        );
        assert_eq!(
            release.lines,
            [
                r#"{"miniProgram":{"appId":"wx0123456789abcdef","envVersion":"release","version":"2.3.4"},"plugin":{"appId":"wxplugin","version":"1.0.1"}}"#
            ]
        );
    }

    #[test]
    fn device_facts_come_from_the_profile_and_agree_across_getters() {
        let r = run(
            "[device]\nmodel = \"Pixel 8\"\nplatform = \"android\"\nwindowWidth = 412\n",
            "Page({ onLoad() {
                const s = wx.getSystemInfoSync(), w = wx.getWindowInfo(), d = wx.getDeviceInfo();
                console.log(s.model, s.platform, w.windowWidth, d.model, 'SDKVersion' in w);
                const m = wx.getMenuButtonBoundingClientRect();
                console.log(m.right, m.width);
                wx.getSystemInfo({ success: r => console.log(r.errMsg, r.windowWidth) });
            } })",
            &[],
        );
        assert_eq!(
            r.lines,
            [
                "Pixel 8 android 412 Pixel 8 false",
                "405 87",
                "getSystemInfo:ok 412"
            ]
        );
    }
}

mod ui {
    use super::*;

    #[test]
    fn modal_and_action_sheet_are_answered_by_the_scripted_user() {
        let page = "Page({ async onLoad() {
            await wx.showToast({ title: 'saved' }).then(r => console.log(r.errMsg));
            const m = await wx.showModal({ title: 'Delete?', content: 'sure' });
            console.log(m.errMsg, m.confirm, m.cancel);
            await wx.showActionSheet({ itemList: ['a', 'b'] }).then(r => console.log(r.tapIndex), e => console.log(e.errMsg));
            await wx.showActionSheet({ itemList: ['1','2','3','4','5','6','7'] }).catch(e => console.log(e.errMsg));
            await wx.hideLoading().then(r => console.log(r.errMsg));
        } })";
        let yes = run("[decisions]\naction_sheet = 1\n", page, &[]);
        assert_eq!(
            yes.lines,
            [
                "showToast:ok",
                "showModal:ok true false",
                "1",
                "showActionSheet:fail parameter error: itemList should not be large than 6",
                "hideLoading:ok",
            ]
        );
        assert_eq!(
            yes.sandbox
                .superapp()
                .borrow()
                .showing()
                .map(|t| t.title.clone()),
            Some("saved".into())
        );
        let no = run(
            "[decisions]\nmodal_confirm = false\naction_sheet = -1\n",
            page,
            &[],
        );
        assert_eq!(no.lines[1], "showModal:ok false true");
        assert_eq!(no.lines[2], "showActionSheet:fail cancel");
        assert_eq!(
            no.prompts(),
            [
                ("showModal".into(), "cancel".into()),
                ("showActionSheet".into(), "cancel".into())
            ]
        );
    }
}

mod events {
    use super::*;

    #[test]
    fn listeners_register_and_unregister() {
        let mut r = run(
            AGREED,
            "Page({ onLoad() {
                const f = () => console.log('f'), g = e => console.log('g', e.scene);
                console.log(wx.onAppShow(f), wx.canIUse('onAppShow'));
                wx.onAppShow(f);
                wx.onAppShow(g);
                wx.offAppShow(f);
            } })",
            &[],
        );
        assert_eq!(r.lines, ["undefined true"]);
        let ctx = r.sandbox.runtime().context();
        // f was registered once (a repeat is ignored) and removed; g stays.
        assert_eq!(wxbox_wx::families::events::count(ctx, "AppShow"), 1);
        let arg =
            boa_engine::JsValue::from_json(&serde_json::json!({"scene": 1001}), ctx).expect("json");
        wxbox_wx::families::events::emit(ctx, "AppShow", &arg).expect("emits");
        ctx.eval(boa_engine::Source::from_bytes("wx.offAppShow()"))
            .expect("offAppShow runs");
        assert_eq!(wxbox_wx::families::events::count(ctx, "AppShow"), 0);
        assert_eq!(console(&r.events_now()), ["undefined true", "g 1001"]);
    }
}

mod payment {
    use super::*;
    use boa_engine::Source;
    use serde_json::json;
    use wxbox_wechat::platform::{self, ServiceRequest};
    use wxbox_wechat::signing;

    /// The page pays with whatever parameters the test put in `globalThis.PAY`.
    const PAGE: &str = "Page({ go() { wx.requestPayment(Object.assign({}, globalThis.PAY, {
        success: r => console.log(r.errMsg), fail: e => console.log(e.errMsg) })) } })";

    const APPID: &str = "wx0123456789abcdef";

    /// A v3 request as a merchant's server signs it, handled by the sandbox's WeChat Pay.
    fn v3(r: &Run, method: &str, target: &str, body: &str, tamper: bool) -> (u16, Value) {
        let app = r.sandbox.superapp().borrow();
        let mut p = platform::lock(app.platform());
        let key = signing::private_key(signing::MERCHANT_TEST_KEY).expect("test key");
        let serial = signing::serial_of(&key.to_public_key());
        let ts = (p.now().wall_ms / 1000).to_string();
        let message = signing::request_message(method, target, &ts, "NONCE1", body);
        let mut sig = signing::rsa_sign(&key, &message).expect("signs");
        if tamper {
            sig = sig.replacen(char::is_alphabetic, "0", 1);
        }
        let auth = format!(
            "WECHATPAY2-SHA256-RSA2048 mchid=\"1230000109\",nonce_str=\"NONCE1\",signature=\"{sig}\",timestamp=\"{ts}\",serial_no=\"{serial}\""
        );
        let (path, query) = target.split_once('?').unwrap_or((target, ""));
        let resp = p.handle(&ServiceRequest {
            method: method.into(),
            path: path.into(),
            target: target.into(),
            headers: [("authorization".to_string(), auth)].into(),
            query: query
                .split('&')
                .filter_map(|kv| kv.split_once('='))
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            body: body.as_bytes().to_vec(),
            traced_by_caller: false,
        });
        (resp.status, resp.body)
    }

    fn order_body(r: &Run, no: &str) -> String {
        let openid = r.sandbox.superapp().borrow().openid();
        json!({
            "appid": APPID, "mchid": "1230000109", "description": "tea", "out_trade_no": no,
            "notify_url": "https://shop.example.com/notify", "amount": {"total": 100},
            "payer": {"openid": openid},
        })
        .to_string()
    }

    /// Creates order `no` and returns its prepay_id.
    fn order(r: &Run, no: &str) -> String {
        let (status, body) = v3(
            r,
            "POST",
            "/v3/pay/transactions/jsapi",
            &order_body(r, no),
            false,
        );
        assert_eq!(status, 200, "{body}");
        body["prepay_id"].as_str().expect("prepay_id").to_string()
    }

    /// requestPayment parameters for `prepay_id`, signed as `sign_type` asks.
    fn params(prepay_id: &str, sign_type: &str) -> Value {
        let package = format!("prepay_id={prepay_id}");
        let (ts, nonce) = ("1710036000", "n0nce");
        let pay_sign = if sign_type == "RSA" {
            let key = signing::private_key(signing::MERCHANT_TEST_KEY).expect("test key");
            signing::rsa_sign(&key, &signing::pay_sign_message(APPID, ts, nonce, &package))
                .expect("signs")
        } else {
            let fields = [
                ("appId", APPID),
                ("timeStamp", ts),
                ("nonceStr", nonce),
                ("package", package.as_str()),
                ("signType", sign_type),
            ];
            signing::v2_sign(&fields, "wxbox-v2-api-key-0123456789abcde", sign_type)
                .expect("v2 sign type")
        };
        json!({"timeStamp": ts, "nonceStr": nonce, "package": package, "signType": sign_type, "paySign": pay_sign})
    }

    /// The warnings WeChat Pay's party left in the trace.
    fn wechatpay_warnings(r: &Run) -> Vec<String> {
        r.events_now()
            .into_iter()
            .filter_map(|e| match e {
                Event::Console {
                    text,
                    party: Some(p),
                    ..
                } if p == "wechatpay" => Some(text),
                _ => None,
            })
            .collect()
    }

    /// The mini-program's console lines.
    fn app_console(r: &Run) -> Vec<String> {
        r.events_now()
            .into_iter()
            .filter_map(|e| match e {
                Event::Console {
                    text, party: None, ..
                } => Some(text),
                _ => None,
            })
            .collect()
    }

    /// Pays with `params` and returns the console lines this produced.
    fn pay(r: &mut Run, params: &Value) -> Vec<String> {
        let before = app_console(r).len();
        r.sandbox
            .runtime()
            .context()
            .eval(Source::from_bytes(&format!("globalThis.PAY = {params};")))
            .expect("sets the parameters");
        r.sandbox.tap_method("go").expect("go exists");
        assert_eq!(r.sandbox.run(RunBudget::default()), RunEnd::Idle);
        app_console(r).split_off(before)
    }

    #[test]
    fn a_signed_order_is_paid_once_and_shows_as_paid() {
        let mut r = run(AGREED, PAGE, &[]);
        let prepay = order(&r, "ORDER000001");
        assert_eq!(pay(&mut r, &params(&prepay, "RSA")), ["requestPayment:ok"]);
        // This profile routes no domain: the notification cannot reach the merchant, and the
        // trace says so (pay-demo's golden trace shows one delivered).
        assert_eq!(
            wechatpay_warnings(&r),
            ["payment notification to https://shop.example.com/notify could not be delivered: url not in domain list; WeChat Pay would retry it, wxbox does not"]
        );
        let (_, q) = v3(
            &r,
            "GET",
            "/v3/pay/transactions/out-trade-no/ORDER000001?mchid=1230000109",
            "",
            false,
        );
        assert_eq!(q["trade_state"], "SUCCESS", "{q}");
        assert!(
            q["transaction_id"].as_str().is_some_and(|t| t.len() == 28),
            "{q}"
        );
        assert_eq!(
            pay(&mut r, &params(&prepay, "RSA")),
            ["requestPayment:fail order ORDER000001 is already paid"]
        );
        // The same order number again: paid is paid.
        let (status, again) = v3(
            &r,
            "POST",
            "/v3/pay/transactions/jsapi",
            &order_body(&r, "ORDER000001"),
            false,
        );
        assert_eq!((status, again["code"].as_str()), (400, Some("ORDERPAID")));
    }

    #[test]
    fn v2_signs_are_checked_with_the_v2_key() {
        let mut r = run(AGREED, PAGE, &[]);
        let md5 = order(&r, "ORDER000002");
        assert_eq!(pay(&mut r, &params(&md5, "MD5")), ["requestPayment:ok"]);
        let hmac = order(&r, "ORDER000003");
        let mut wrong = params(&hmac, "HMAC-SHA256");
        wrong["signType"] = json!("MD5");
        let lines = pay(&mut r, &wrong);
        assert!(
            lines[0].starts_with("requestPayment:fail 支付验证签名失败"),
            "{lines:?}"
        );
        assert_eq!(
            pay(&mut r, &params(&hmac, "HMAC-SHA256")),
            ["requestPayment:ok"]
        );
    }

    #[test]
    fn a_bad_sign_unknown_or_expired_order_fails_before_the_sheet() {
        let mut r = run(AGREED, PAGE, &[]);
        let prepay = order(&r, "ORDER000004");
        let mut p = params(&prepay, "RSA");
        let sign = p["paySign"].as_str().expect("sign").to_string();
        let flipped = if sign.starts_with('A') { "B" } else { "A" };
        p["paySign"] = json!(format!("{flipped}{}", &sign[1..]));
        let lines = pay(&mut r, &p);
        assert!(
            lines[0].starts_with("requestPayment:fail 支付验证签名失败: paySign does not verify"),
            "{lines:?}"
        );
        assert_eq!(
            pay(&mut r, &params("wx404", "RSA")),
            ["requestPayment:fail prepay_id wx404 does not exist"]
        );
        assert_eq!(
            pay(
                &mut r,
                &json!({"timeStamp": "1", "nonceStr": "n", "package": "wx1", "signType": "RSA", "paySign": "s"})
            ),
            ["requestPayment:fail package must be \"prepay_id=<prepay_id>\", not \"wx1\""]
        );
        assert!(r.prompts().is_empty(), "no sheet for a refused order");
        let mut expired = run(
            "[privacy]\nagreed = true\n[payment]\nprepay_lifetime_s = 0\n",
            PAGE,
            &[],
        );
        let prepay = order(&expired, "ORDER000005");
        let lines = pay(&mut expired, &params(&prepay, "RSA"));
        assert_eq!(
            lines,
            [format!(
                "requestPayment:fail prepay_id {prepay} has expired"
            )]
        );
    }

    #[test]
    fn an_order_of_another_app_is_refused() {
        let profile = "[privacy]\nagreed = true\n[[payment.merchants]]\nmchid = \"1230000109\"\nappid = \"wxother0000000000\"\napiv3_key = \"wxbox-apiv3-key-0123456789abcdef\"\nv2_key = \"wxbox-v2-api-key-0123456789abcde\"\n";
        let mut r = run(profile, PAGE, &[]);
        let body = order_body(&r, "ORDER000010").replace(APPID, "wxother0000000000");
        let (status, created) = v3(&r, "POST", "/v3/pay/transactions/jsapi", &body, false);
        assert_eq!(status, 200, "{created}");
        let prepay = created["prepay_id"].as_str().expect("prepay_id");
        assert_eq!(
            pay(&mut r, &params(prepay, "RSA")),
            [format!(
                "requestPayment:fail prepay_id {prepay} belongs to appid wxother0000000000, not this app ({APPID})"
            )]
        );
    }

    #[test]
    fn the_user_cancels_or_fails_and_the_order_stays_unpaid() {
        let mut cancel = run("[decisions]\npayment = \"cancel\"\n", PAGE, &[]);
        let prepay = order(&cancel, "ORDER000006");
        assert_eq!(
            pay(&mut cancel, &params(&prepay, "RSA")),
            ["requestPayment:fail cancel"]
        );
        assert_eq!(
            cancel.prompts().last().map(|p| p.1.as_str()),
            Some("cancel")
        );
        let (_, q) = v3(
            &cancel,
            "GET",
            "/v3/pay/transactions/out-trade-no/ORDER000006?mchid=1230000109",
            "",
            false,
        );
        assert_eq!(q["trade_state"], "NOTPAY");
        let mut fail = run(
            "[decisions]\npayment = \"fail\"\npayment_fail_reason = \"insufficient balance\"\n",
            PAGE,
            &[],
        );
        let prepay = order(&fail, "ORDER000007");
        assert_eq!(
            pay(&mut fail, &params(&prepay, "RSA")),
            ["requestPayment:fail insufficient balance"]
        );
    }

    #[test]
    fn the_v3_api_checks_the_merchants_signature_and_the_order() {
        let r = run(AGREED, PAGE, &[]);
        let body = order_body(&r, "ORDER000008");
        let (status, e) = v3(&r, "POST", "/v3/pay/transactions/jsapi", &body, true);
        assert_eq!(
            (status, e["code"].as_str()),
            (401, Some("SIGN_ERROR")),
            "{e}"
        );
        let other_payer = body.replace(&r.sandbox.superapp().borrow().openid(), "oSomeoneElse");
        let (status, e) = v3(
            &r,
            "POST",
            "/v3/pay/transactions/jsapi",
            &other_payer,
            false,
        );
        assert_eq!(
            (status, e["message"].as_str()),
            (400, Some("appid和openid不匹配"))
        );
        let http = body.replace("https://shop", "http://shop");
        let (status, e) = v3(&r, "POST", "/v3/pay/transactions/jsapi", &http, false);
        assert_eq!(
            (status, e["code"].as_str()),
            (400, Some("PARAM_ERROR")),
            "{e}"
        );
        let (status, e) = v3(
            &r,
            "GET",
            "/v3/pay/transactions/out-trade-no/NOPE00?mchid=1230000109",
            "",
            false,
        );
        assert_eq!((status, e["code"].as_str()), (404, Some("ORDER_NOT_EXIST")));
        // The same terms again give the same prepay_id; other terms are refused.
        assert_eq!(order(&r, "ORDER000009"), order(&r, "ORDER000009"));
        let changed = order_body(&r, "ORDER000009").replace("\"total\":100", "\"total\":200");
        let (status, e) = v3(&r, "POST", "/v3/pay/transactions/jsapi", &changed, false);
        assert_eq!(
            (status, e["code"].as_str()),
            (400, Some("INVALID_REQUEST")),
            "{e}"
        );
    }
}

mod profile {
    use super::*;

    #[test]
    fn unknown_keys_and_bad_values_name_the_file_and_line() {
        let e = Profile::from_toml("[app]\nappid = \"wx1\"\nenv = \"x\"\n", "wxbox.toml")
            .expect_err("unknown key");
        assert!(e.to_string().starts_with("wxbox.toml: "), "{e}");
        assert!(e.to_string().contains("line 3"), "{e}");
        assert!(e.to_string().contains("env"), "{e}");
        let e = Profile::from_toml("[decisions.scopes]\n\"scope.nope\" = \"allow\"\n", "p.toml")
            .expect_err("bad scope");
        assert_eq!(
            e.to_string(),
            "p.toml: decisions.scopes: unknown scope \"scope.nope\""
        );
        let e = Profile::from_toml("[decisions]\npayment = \"maybe\"\n", "p.toml")
            .expect_err("bad enum");
        assert!(e.to_string().contains("line 2"), "{e}");
    }

    #[test]
    fn merchant_keys_are_read_and_checked_at_load() {
        let dir = std::env::temp_dir().join(format!("wxbox-keys-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let profile = dir.join("wxbox.toml");
        let merchant = "[[payment.merchants]]\nmchid = \"1900000001\"\napiv3_key = \"0123456789abcdef0123456789abcdef\"\nv2_key = \"0123456789abcdef0123456789abcdef\"\n";
        std::fs::write(&profile, format!("{merchant}private_key = \"nope.pem\"\n")).expect("write");
        let e = Profile::load(&profile).expect_err("missing key file");
        assert!(
            e.to_string()
                .contains("payment.merchants[0].private_key: cannot read"),
            "{e}"
        );
        std::fs::write(dir.join("bad.pem"), "not a key").expect("write");
        std::fs::write(&profile, format!("{merchant}private_key = \"bad.pem\"\n")).expect("write");
        let e = Profile::load(&profile).expect_err("bad key");
        assert!(e.to_string().contains("not an RSA private key"), "{e}");
        std::fs::write(
            dir.join("good.pem"),
            wxbox_wechat::signing::MERCHANT_TEST_KEY,
        )
        .expect("write");
        std::fs::write(&profile, format!("{merchant}private_key = \"good.pem\"\n")).expect("write");
        let p = Profile::load(&profile).expect("a key relative to the profile loads");
        assert!(p.payment.merchants[0].private_key_pem.is_some());
        let e = Profile::from_toml(
            &merchant.replace("0123456789abcdef0123456789abcdef\"\nv2", "short\"\nv2"),
            "p.toml",
        )
        .expect_err("short APIv3 key");
        assert_eq!(
            e.to_string(),
            "p.toml: payment.merchants[0].apiv3_key must be 32 characters, not 5"
        );
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn prompts_are_in_the_trace_with_what_was_shown() {
        let r = run(
            "",
            "Page({ onLoad() { wx.authorize({ scope: 'scope.camera' }) } })",
            &[],
        );
        let shown: Vec<Value> = r
            .events
            .iter()
            .filter_map(|e| match e {
                Event::Prompt { api, shown, .. } => {
                    Some(serde_json::json!({"api": api, "shown": shown}))
                }
                _ => None,
            })
            .collect();
        assert_eq!(
            shown,
            [
                serde_json::json!({"api": "authorize", "shown": {"referrer": "authorize", "contract": "《小程序隐私保护指引》"}}),
                serde_json::json!({"api": "authorize", "shown": {"scope": "scope.camera"}}),
            ]
        );
    }
}

mod embedder {
    use std::cell::RefCell;
    use std::rc::Rc;

    use wxbox_host::auth::{AuthHost, LoginCode};
    use wxbox_host::Reply;

    use super::*;

    /// An embedder's login host that answers from another thread, later.
    struct SlowAuth;

    impl AuthHost for SlowAuth {
        fn login(&mut self, _: Option<f64>, reply: Reply<LoginCode>) {
            std::thread::spawn(move || {
                std::thread::sleep(std::time::Duration::from_millis(20));
                reply.ok(LoginCode {
                    code: "from-thread".into(),
                });
            });
        }
        fn check_session(&mut self, reply: Reply<()>) {
            // Dropped unanswered: the call must still finish.
            drop(reply);
        }
        fn get_auth_code(&mut self, _: Vec<String>, reply: Reply<LoginCode>) {
            reply.fail(wxbox_host::Failure::new("no auth codes here"));
        }
    }

    #[test]
    fn a_host_may_answer_later_from_another_thread_or_not_at_all() {
        let r = run_with(
            SandboxOptions {
                hosts: Some(Rc::new(|mut h: wxbox_wx::Hosts| {
                    h.auth = Rc::new(RefCell::new(SlowAuth));
                    h
                })),
                ..SandboxOptions::default()
            },
            "Page({ onLoad() {
                wx.login({ success: r => console.log(r.code), complete: () => console.log('done') });
                wx.checkSession({ fail: e => console.log(e.errMsg) });
                wx.getAuthCode({ fail: e => console.log(e.errMsg) });
                setTimeout(() => console.log('timer'), 0);
            } })",
            &[],
        );
        assert_eq!(
            r.lines,
            [
                "checkSession:fail internal error: the host dropped the call",
                "getAuthCode:fail no auth codes here",
                // Sandbox time stands still while a host is answering: the answer comes first,
                // whatever the host's real latency, so the trace is the same on every run.
                "from-thread",
                "done",
                "timer",
            ]
        );
    }
}
