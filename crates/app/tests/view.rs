//! The view layer with a scripted user: the seeds' page samples (sample-apps/buttons) rendered
//! and tapped, open-type buttons answered by the simulated superapp, the tap-gesture rule,
//! wx:for with datasets, custom components, forms, event propagation, and the errors a test
//! author sees for a bad selector or a bad WXML file.

use std::path::{Path, PathBuf};

use serde_json::Value;
use wxbox_app::{Action, Event, RunBudget, RunEnd, Sandbox, SandboxOptions};
use wxbox_superapp::Consent;

fn buttons() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../sample-apps/buttons")
}

fn act(sandbox: &mut Sandbox, action: Action) {
    sandbox.act(&action).expect("the action applies");
    assert_eq!(sandbox.run(RunBudget::default()), RunEnd::Idle);
}

fn tap(sandbox: &mut Sandbox, selector: &str) {
    act(sandbox, Action::Tap(selector.into()));
}

mod support;

use support::{console, events, open_with as open};

/// The event objects the handler `method` received, in order.
fn handled(sandbox: &Sandbox, method: &str) -> Vec<Value> {
    events(sandbox)
        .into_iter()
        .filter_map(|e| match e {
            Event::Handler {
                method: m, event, ..
            } if m == method => Some(event),
            _ => None,
        })
        .collect()
}

fn texts(sandbox: &Sandbox, selector: &str) -> Vec<String> {
    sandbox
        .select_all(selector)
        .expect("selector")
        .iter()
        .map(wxbox_view::Element::text)
        .collect()
}

#[test]
fn seed_003_get_user_info_button_sends_signed_encrypted_user_data() {
    let mut s = open(&buttons(), "pages/userinfo/userinfo", |_| {});
    // canIUse('button.open-type.getUserInfo') is true, so wx:if shows the button, not wx:else.
    assert_eq!(texts(&s, "button"), ["Authorized login"]);
    assert!(s.select_all("view").expect("selector").is_empty());
    assert_eq!(texts(&s, "open-data[type=userNickName]"), ["微信用户"]);
    tap(&mut s, "button[open-type=getUserInfo]");
    let got = handled(&s, "bindGetUserInfo");
    assert_eq!(got.len(), 1);
    let d = &got[0]["detail"];
    assert_eq!(d["errMsg"], "getUserInfo:ok");
    assert_eq!(d["userInfo"]["nickName"], "微信用户");
    let raw = d["rawData"].as_str().expect("rawData");
    // The signature and ciphertext are under the session key wx.login (in app.js) set.
    let key = s
        .superapp()
        .borrow()
        .session()
        .expect("logged in")
        .key_b64();
    assert_eq!(
        d["signature"].as_str(),
        Some(wxbox_wechat::crypto::raw_data_signature(raw, &key).as_str())
    );
    let plain = wxbox_wechat::crypto::decrypt(
        &key,
        d["encryptedData"].as_str().expect("encryptedData"),
        d["iv"].as_str().expect("iv"),
    )
    .expect("decrypts");
    assert_eq!(plain["nickName"], "微信用户");
    assert_eq!(
        plain["watermark"]["appid"],
        s.superapp().borrow().profile().app.appid
    );
    assert!(
        plain["openId"].is_string(),
        "getUserInfo's data carries the openId"
    );
    // The consent popup was shown once, and the handler logged what seed 003 logs.
    let prompts: Vec<Event> = events(&s)
        .into_iter()
        .filter(|e| matches!(e, Event::Prompt { .. }))
        .collect();
    assert_eq!(prompts.len(), 1, "{prompts:?}");
    assert!(console(&s)
        .iter()
        .any(|c| c.contains("nickName: \"微信用户\"")));
}

#[test]
fn seed_003_get_user_info_button_denied_gives_auth_deny_and_no_data() {
    let mut s = open(&buttons(), "pages/userinfo/userinfo", |p| {
        p.decisions
            .scopes
            .insert("scope.userInfo".into(), Consent::Deny.into());
    });
    tap(&mut s, "button[open-type=getUserInfo]");
    let got = handled(&s, "bindGetUserInfo");
    let d = got[0]["detail"].as_object().expect("detail");
    assert_eq!(d["errMsg"], "getUserInfo:fail auth deny");
    for field in ["userInfo", "rawData", "signature", "encryptedData", "iv"] {
        assert!(!d.contains_key(field), "{field} must not be sent: {d:?}");
    }
    // The seed's handler logs e.detail.userInfo: undefined.
    assert!(console(&s).iter().any(|c| c == "undefined"));
}

#[test]
fn get_user_profile_needs_a_tap_gesture() {
    let mut s = open(&buttons(), "pages/profile/profile", |_| {});
    assert!(console(&s)
        .contains(&"onLoad: getUserProfile:fail can only be invoked by user TAP gesture.".into()));
    assert!(texts(&s, "#greeting").is_empty());
    tap(&mut s, "#profile");
    let ok = events(&s).into_iter().any(|e| {
        matches!(e, Event::Result { api, err_msg, .. } if api == "getUserProfile" && err_msg == "getUserProfile:ok")
    });
    assert!(ok, "getUserProfile from the tap handler succeeds");
    assert_eq!(texts(&s, "#greeting"), ["Hello, 微信用户"]);
}

#[test]
fn choose_avatar_and_the_nickname_input() {
    let mut s = open(&buttons(), "pages/profile/profile", |_| {});
    // Tapping the image inside the button is tapping the button.
    tap(&mut s, "button[open-type=chooseAvatar] image");
    let src = s.select_all(".userHead").expect("selector")[0].attr_text("src");
    assert!(
        src.starts_with("wxfile://tmp_") && src.ends_with(".jpg"),
        "{src}"
    );
    // The nickname keyboard offers the WeChat nickname; the user takes it; it is reviewed.
    tap(&mut s, "input[type=nickname]");
    assert_eq!(texts(&s, "#greeting"), ["Hello, 微信用户"]);
    assert_eq!(
        s.select_all("input").expect("selector")[0].attr_text("value"),
        "微信用户"
    );
    assert_eq!(
        handled(&s, "onNickReview")[0]["detail"],
        serde_json::json!({"pass": true, "timeout": false})
    );
    // A cancelled avatar sheet sends nothing; a failed review says so.
    let mut s = open(&buttons(), "pages/profile/profile", |p| {
        p.decisions.choose_avatar = Consent::Deny.into();
        p.decisions.nickname_review = false.into();
    });
    tap(&mut s, "button[open-type=chooseAvatar]");
    assert!(handled(&s, "onChooseAvatar").is_empty());
    act(
        &mut s,
        Action::Input {
            selector: "input".into(),
            value: "bad name".into(),
        },
    );
    assert_eq!(handled(&s, "onNickReview")[0]["detail"]["pass"], false);
    assert_eq!(texts(&s, "#greeting"), ["Hello, bad name"]);
}

#[test]
fn phone_and_email_codes_are_exchanged_by_the_backend() {
    let mut s = open(&buttons(), "pages/contact/contact", |_| {});
    tap(&mut s, "button[open-type=getPhoneNumber]");
    let d = &handled(&s, "handleGetPhoneNumber")[0]["detail"];
    assert_eq!(d["errMsg"], "getPhoneNumber:ok");
    assert!(d["code"].is_string());
    // The backend redeemed the code at getuserphonenumber (through real HTTP to the service).
    assert_eq!(texts(&s, "#phone"), ["13800138000"]);
    tap(&mut s, "button[open-type=getEmailAddress]");
    assert_eq!(texts(&s, "#email"), ["user@example.com"]);

    let mut s = open(&buttons(), "pages/contact/contact", |p| {
        p.decisions.phone_number = Consent::Deny.into();
        p.decisions.email_address = Consent::Deny.into();
    });
    tap(&mut s, "button[open-type=getPhoneNumber]");
    tap(&mut s, "button[open-type=getEmailAddress]");
    let c = console(&s);
    assert!(c.contains(&"getPhoneNumber:fail user deny".into()), "{c:?}");
    assert!(
        c.contains(&"getEmailAddress:fail user deny".into()),
        "{c:?}"
    );
    assert_eq!(texts(&s, "#phone"), [""]);
}

#[test]
fn wx_for_items_render_after_set_data_and_taps_carry_their_dataset() {
    let mut s = open(&buttons(), "pages/list/list", |_| {});
    assert_eq!(texts(&s, ".row"), ["1. apples", "2. bread"]);
    tap(&mut s, "#add");
    assert_eq!(texts(&s, ".row"), ["1. apples", "2. bread", "3. item 2"]);
    let renders = events(&s)
        .into_iter()
        .filter(|e| matches!(e, Event::Render { .. }))
        .count();
    assert_eq!(
        renders, 2,
        "the first render and one after the tap's setData"
    );
    tap(&mut s, ".row[data-id=n2]");
    let e = &handled(&s, "onRowTap")[0];
    assert_eq!(
        e["currentTarget"]["dataset"],
        serde_json::json!({"id": "n2", "itemName": "item 2"})
    );
    assert_eq!(e["target"]["dataset"]["id"], "n2");
    assert_eq!(e["mark"]["area"], "list");
    // Tapping the text inside the row: the target is the text, the currentTarget the row.
    tap(&mut s, ".row[data-id=b2] text");
    let e = &handled(&s, "onRowTap")[1];
    assert_eq!(e["target"]["dataset"], serde_json::json!({}));
    assert_eq!(e["currentTarget"]["dataset"]["id"], "b2");
}

#[test]
fn custom_components_have_their_own_data_and_trigger_events() {
    let mut s = open(&buttons(), "pages/list/list", |_| {});
    assert_eq!(
        texts(&s, "item-card >>> .title"),
        ["apples (0)", "bread (0)"]
    );
    // Slot content belongs to the page and is selectable from it.
    assert_eq!(texts(&s, "item-card .note"), ["card 0", "card 1"]);
    assert!(s.select_all(".title").expect("selector").is_empty());
    tap(&mut s, "item-card >>> .remove");
    let c = console(&s);
    assert!(c.contains(&"remove a1".into()), "{c:?}");
    assert!(c.contains(&"card detached a1".into()), "{c:?}");
    // The bread card kept its instance (wx:key): still 0 taps, now first.
    assert_eq!(texts(&s, "item-card >>> .title"), ["bread (0)"]);
    tap(&mut s, "item-card >>> .remove");
    assert!(texts(&s, ".empty") == ["Nothing yet"]);
}

#[test]
fn forms_submit_what_was_typed() {
    let mut s = open(&buttons(), "pages/list/list", |_| {});
    act(
        &mut s,
        Action::Input {
            selector: "form input".into(),
            value: "milk".into(),
        },
    );
    tap(&mut s, "form button");
    assert!(console(&s).contains(&"submit {\"title\":\"milk\"}".into()));
    assert_eq!(
        texts(&s, ".row").last().map(String::as_str),
        Some("3. milk")
    );
}

/// An app in a fresh directory with one page.
fn scratch(name: &str, wxml: &str, js: &str, app_js: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("wxbox-view-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("pages/index")).expect("dir");
    for (f, text) in [
        ("app.json", r#"{"pages":["pages/index/index"]}"#),
        ("app.js", app_js),
        ("pages/index/index.wxml", wxml),
        ("pages/index/index.js", js),
    ] {
        std::fs::write(dir.join(f), text).expect("write");
    }
    dir
}

#[test]
fn taps_capture_bubble_catch_and_mut_bind_in_wechat_order() {
    let dir = scratch(
        "order",
        r#"<view id="outer" capture-bind:tap="log" bindtap="log" mut-bind:tap="log">
  <view id="middle" catchtap="log">
    <view id="inner" bind:tap="log" mut-bind:tap="log" capture-catch:touchstart="log" />
  </view>
</view>
<view id="other" bindtap="missing" />"#,
        "Page({ log(e) { console.log(e.type + ' ' + e.currentTarget.id + ' ' + e.target.id); } })",
        "App({})",
    );
    let mut s = open(&dir, "pages/index/index", |_| {});
    tap(&mut s, "#inner");
    assert_eq!(
        console(&s),
        [
            "tap outer inner",
            "tap inner inner",
            "tap inner inner",
            "tap middle inner",
        ]
    );
    tap(&mut s, "#other");
    assert!(console(&s).last().is_some_and(|c| c
        == "Component \"pages/index/index\" does not have a method \"missing\" to handle event \"tap\"."));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_agree_privacy_button_lets_the_waiting_call_proceed() {
    let dir = scratch(
        "privacy",
        r#"<button id="ask" bindtap="ask">Profile</button>
<view wx:if="{{popup}}" class="popup">
  <button id="agree-btn" open-type="agreePrivacyAuthorization" bindagreeprivacyauthorization="agree">Agree</button>
</view>"#,
        r"let resolver = null;
Page({
  data: { popup: false },
  onLoad() {
    wx.onNeedPrivacyAuthorization((resolve, info) => {
      resolver = resolve;
      console.log('needs consent for ' + info.referrer);
      this.setData({ popup: true });
    });
  },
  ask() {
    wx.getUserProfile({ desc: 'profile', success: (r) => console.log('ok ' + r.userInfo.nickName), fail: (e) => console.log(e.errMsg) });
  },
  agree(e) {
    resolver({ buttonId: e.currentTarget.id, event: 'agree' });
    this.setData({ popup: false });
  },
})",
        "App({})",
    );
    let mut s = open(&dir, "pages/index/index", |_| {});
    assert!(s.select_all(".popup").expect("selector").is_empty());
    tap(&mut s, "#ask");
    assert_eq!(console(&s), ["needs consent for getUserProfile"]);
    assert_eq!(s.select_all("#agree-btn").expect("selector").len(), 1);
    tap(&mut s, "#agree-btn");
    assert_eq!(console(&s).last().map(String::as_str), Some("ok 微信用户"));
    assert!(s.select_all(".popup").expect("selector").is_empty());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn bad_selectors_hidden_elements_and_bad_wxml_are_reported() {
    let dir = scratch(
        "errors",
        r#"<view hidden="{{true}}"><button id="b">x</button></view><text id="t">hi</text>"#,
        "Page({})",
        "App({})",
    );
    let mut s = open(&dir, "pages/index/index", |_| {});
    let e = s.act(&Action::Tap("#nope".into())).expect_err("no match");
    assert_eq!(e, "no element matches `#nope` on pages/index/index");
    let e = s.act(&Action::Tap("#b".into())).expect_err("hidden");
    assert!(e.contains("hidden"), "{e}");
    let e = s
        .act(&Action::Tap("a:hover".into()))
        .expect_err("bad selector");
    assert!(e.contains("pseudo-classes"), "{e}");
    let e = s
        .act(&Action::Input {
            selector: "#t".into(),
            value: "x".into(),
        })
        .expect_err("not an input");
    assert!(e.contains("not an <input>"), "{e}");
    let _ = std::fs::remove_dir_all(&dir);

    let dir = scratch(
        "badwxml",
        "<view>\n  <text>{{ a + }}</text>\n</view>",
        "Page({})",
        "App({})",
    );
    let err = launch_err(&dir).expect_err("bad wxml");
    assert_eq!(
        err.to_string(),
        "pages/index/index.wxml:2:16: in `{{a +}}`: expected a value, found the end"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// Opens and launches the entry page: a broken page fails here, when it is asked for.
fn launch_err(dir: &std::path::Path) -> Result<Sandbox, wxbox_app::LaunchError> {
    let mut s = Sandbox::open(dir, SandboxOptions::default())?;
    s.launch(None)?;
    Ok(s)
}

#[test]
fn model_value_writes_what_is_typed_back_to_data() {
    let dir = scratch(
        "model",
        r#"<input id="n" model:value="{{name}}" bindinput="typed" />
<textarea id="bio" bindinput="upper" />
<text id="t">{{name}}</text>"#,
        "Page({ data: { name: 'start' }, typed(e) { console.log('data ' + this.data.name + ' detail ' + e.detail.value); }, upper(e) { return e.detail.value.toUpperCase(); } })",
        "App({})",
    );
    let mut s = open(&dir, "pages/index/index", |_| {});
    assert_eq!(texts(&s, "#t"), ["start"]);
    act(
        &mut s,
        Action::Input {
            selector: "#n".into(),
            value: "Ann".into(),
        },
    );
    assert_eq!(texts(&s, "#t"), ["Ann"]);
    assert_eq!(console(&s), ["data Ann detail Ann"]);
    // A bindinput handler's returned string replaces the text.
    act(
        &mut s,
        Action::Input {
            selector: "#bio".into(),
            value: "quiet".into(),
        },
    );
    assert_eq!(
        s.select_all("#bio").expect("selector")[0].attr_text("value"),
        "QUIET"
    );
    let _ = std::fs::remove_dir_all(&dir);

    let dir = scratch(
        "badmodel",
        r#"<input model:value="x{{name}}" />"#,
        "Page({})",
        "App({})",
    );
    // glass-easel binds a `model:` that is not a left value one way (a warning in wxbox-view,
    // an error under --strict); the page opens.
    launch_err(&dir).expect("a one-way model opens");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn property_observers_run_and_forms_reset() {
    let dir = scratch(
        "observer",
        r#"<badge count="{{n}}" />
<button id="more" bindtap="more">more</button>
<form bindsubmit="submit" bindreset="reset">
  <input name="q" value="{{q}}" />
  <switch name="on" checked="{{true}}" />
  <button id="go" form-type="submit">go</button>
  <button id="clear" form-type="reset">clear</button>
</form>"#,
        "Page({ data: { n: 1, q: 'preset' }, more() { this.setData({ n: this.data.n + 1 }); }, submit(e) { console.log('submit ' + JSON.stringify(e.detail.value)); }, reset() { console.log('reset'); } })",
        "App({})",
    );
    std::fs::write(
        dir.join("pages/index/index.json"),
        r#"{"usingComponents":{"badge":"/badge"}}"#,
    )
    .expect("write");
    std::fs::write(dir.join("badge.wxml"), "<text>{{label}}</text>").expect("write");
    std::fs::write(
        dir.join("badge.js"),
        "Component({ properties: { count: { type: Number, value: 0, observer(now, before) { console.log('count ' + before + ' -> ' + now); this.setData({ label: 'x' + now }); } } }, data: { label: '' } })",
    )
    .expect("write");
    let mut s = open(&dir, "pages/index/index", |_| {});
    assert_eq!(texts(&s, "badge >>> text"), ["x1"]);
    tap(&mut s, "#more");
    assert_eq!(texts(&s, "badge >>> text"), ["x2"]);
    act(
        &mut s,
        Action::Input {
            selector: "input".into(),
            value: "typed".into(),
        },
    );
    tap(&mut s, "#go");
    tap(&mut s, "#clear");
    tap(&mut s, "#go");
    assert_eq!(
        console(&s),
        [
            "count 0 -> 1",
            "count 1 -> 2",
            "submit {\"q\":\"typed\",\"on\":true}",
            "reset",
            "submit {\"q\":\"preset\",\"on\":true}",
        ]
    );
    let _ = std::fs::remove_dir_all(&dir);
}
