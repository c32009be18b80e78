//! The API table: it parses, lists each name once, and matches the pinned typings (re-extracted
//! with Node by tools/typings/extract.mjs --check).

use std::path::PathBuf;
use std::process::Command;

use wxbox_wx::spec::Call;
use wxbox_wx::surface::{surface, Surface, SurfaceError, SUPERAPP_JSON, TYPINGS_JSON};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

#[test]
fn the_checked_in_table_matches_the_pinned_typings() {
    let tools = repo().join("tools/typings");
    if !tools.join("node_modules/miniprogram-api-typings").is_dir() {
        // The pinned packages come from package-lock.json; installing them is part of the test.
        let ok = Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund"])
            .current_dir(&tools)
            .status()
            .expect("npm is needed to check the API table against the typings");
        assert!(ok.success(), "npm ci in tools/typings failed");
    }
    let out = Command::new("node")
        .args(["extract.mjs", "--check"])
        .current_dir(&tools)
        .output()
        .expect("node is needed to check the API table against the typings");
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn every_typings_method_is_listed_once_with_its_call_style() {
    let s = surface();
    // The parts a launch leaves unparsed (field lists, interfaces' methods) parse too.
    s.check_deep().expect("every part of the table parses");
    assert_eq!(s.source.package, "miniprogram-api-typings");
    assert_eq!(s.source.version, "5.2.3");
    let typings = s
        .methods
        .iter()
        .filter(|m| m.extension.is_none() && m.legacy.is_none())
        .count();
    assert_eq!(typings, 495);
    let login = s.method("login").expect("login");
    assert_eq!(login.call, Call::Promise);
    assert_eq!(s.method("request").expect("request").call, Call::Callback);
    assert_eq!(
        s.method("getSystemInfoSync").expect("sync").call,
        Call::Sync
    );
    let profile = s.method("getUserProfile").expect("getUserProfile");
    let desc = profile.param("desc").expect("desc");
    assert!(desc.required);
    let lang = profile.param("lang").expect("lang");
    assert_eq!(lang.values, ["en", "zh_CN", "zh_TW"]);
    assert!(s
        .method("getAuthCode")
        .expect("extension")
        .extension
        .is_some());
}

#[test]
fn a_name_listed_twice_is_refused() {
    let doubled = TYPINGS_JSON.replacen(
        "\"methods\": [\n",
        "\"methods\": [\n{\"name\":\"login\",\"category\":\"x\",\"since\":null,\"call\":\"sync\",\"params\":[]},\n",
        1,
    );
    let doubled = doubled.replacen("\"count\": 495", "\"count\": 496", 1);
    match Surface::parse(&doubled, SUPERAPP_JSON) {
        Err(SurfaceError::Duplicate(name)) => assert_eq!(name, "login"),
        other => panic!("expected a duplicate error, got {other:?}"),
    }
    let clash = SUPERAPP_JSON.replacen("\"name\":\"getAuthCode\"", "\"name\":\"login\"", 1);
    assert!(matches!(
        Surface::parse(TYPINGS_JSON, &clash),
        Err(SurfaceError::Duplicate(_))
    ));
}

#[test]
fn returned_interfaces_are_listed_with_their_methods() {
    let s = surface();
    let audio = s.method("createInnerAudioContext").expect("listed");
    assert_eq!(audio.object.as_deref(), Some("InnerAudioContext"));
    let iface = s.interface("InnerAudioContext").expect("interface");
    for name in ["play", "pause", "onCanplay", "offCanplay", "destroy"] {
        assert!(iface.methods.iter().any(|m| m.name == name), "{name}");
    }
    // SelectorQuery.select returns a NodesRef, whose field requests return the query again.
    let select = s.interface("SelectorQuery").expect("query").methods.iter();
    let select = select.clone().find(|m| m.name == "select").expect("select");
    assert_eq!(select.object.as_deref(), Some("NodesRef"));
    let nodes = s.interface("NodesRef").expect("nodes");
    let rect = nodes
        .methods
        .iter()
        .find(|m| m.name == "boundingClientRect");
    assert_eq!(
        rect.and_then(|m| m.object.as_deref()),
        Some("SelectorQuery")
    );
}

#[test]
fn the_gap_policy_gives_every_method_a_tier_and_refuses_unknown_names() {
    use wxbox_wx::install::Tier;
    use wxbox_wx::surface::TIERS_JSON;
    let s = surface();
    let tier = |n: &str| s.policy.tier(s.method(n).expect(n)).0;
    assert_eq!(tier("getSystemSetting"), Tier::Simulated);
    assert_eq!(tier("setNavigationBarTitle"), Tier::Simulated);
    assert_eq!(tier("createVideoContext"), Tier::Objects);
    assert_eq!(tier("openBluetoothAdapter"), Tier::Device);
    assert!(s
        .method("getSavedFileList")
        .expect("legacy")
        .legacy
        .is_some());
    let stale = TIERS_JSON.replacen("\"getSystemSetting\"", "\"getNoSuchSetting\"", 1);
    assert!(matches!(
        Surface::parse_with(TYPINGS_JSON, SUPERAPP_JSON, &stale),
        Err(SurfaceError::UnknownPolicy(n)) if n == "getNoSuchSetting"
    ));
}

fn unused(
    _: &'static wxbox_wx::spec::ApiSpec,
    _: &[boa_engine::JsValue],
    _: &mut boa_engine::Context,
) -> boa_engine::JsResult<Result<boa_engine::JsValue, wxbox_wx::WxError>> {
    Ok(Ok(boa_engine::JsValue::undefined()))
}

#[test]
fn a_method_bound_in_code_and_listed_in_the_policy_is_refused() {
    use wxbox_wx::install::{pair, Binding, InstallError, Tier};
    let twice = [Binding::sync("getSystemSetting", Tier::Deep, unused)];
    assert!(matches!(
        pair(surface(), &twice),
        Err(InstallError::Policy("getSystemSetting"))
    ));
    assert!(pair(surface(), &wxbox_wx::families::bindings()).is_ok());
}
