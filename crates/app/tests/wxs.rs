//! WXS as WeChat runs it, through the sandbox on sample-apps/wxs-demo: a filter from a `.wxs`
//! file renders its value per row, `require` between `.wxs` files, `constructor` strings,
//! `getDate` / `getRegExp`, scope isolation (no `wx`, no app globals), per-file module scope in
//! a component, an error in WXS reported with its file and line while the page still renders,
//! and a WXS event handler that calls a page method through `ownerInstance.callMethod` and
//! changes classes and styles.

use std::path::{Path, PathBuf};

use wxbox_app::{Action, Event, RunBudget, RunEnd, Sandbox, SandboxOptions};

fn demo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../sample-apps/wxs-demo")
}

fn open() -> Sandbox {
    let dir = demo();
    let profile = wxbox_app::load_profile(&dir, None).expect("profile");
    let mut sandbox = Sandbox::open(
        &dir,
        SandboxOptions {
            profile,
            ..SandboxOptions::default()
        },
    )
    .expect("opens");
    sandbox.launch(None).expect("launches");
    assert_eq!(sandbox.run(RunBudget::default()), RunEnd::Idle);
    sandbox
}

fn events(s: &Sandbox) -> Vec<Event> {
    s.trace().events().into_iter().map(|e| e.event).collect()
}

fn text(s: &Sandbox, selector: &str) -> String {
    s.select_all(selector)
        .expect("selector")
        .iter()
        .map(wxbox_view::Element::text)
        .collect::<Vec<_>>()
        .join("/")
}

#[test]
fn wxs_filters_render_their_values() {
    let s = open();
    assert_eq!(
        text(&s, ".row"),
        "¥12.50/¥39.00",
        "a filter per row, through require"
    );
    assert_eq!(
        text(&s, "#const"),
        "14 42 OK",
        "a constant, an inline module, a nested path"
    );
    assert_eq!(
        text(&s, "tag >>> .tag"),
        "<¥0.99> ",
        "a component sees its own module, not the page's `f`"
    );
}

#[test]
fn wxs_quirks_and_builtins() {
    let s = open();
    assert_eq!(text(&s, "#kinds"), "Number,String,Boolean,Object,Array");
    assert_eq!(text(&s, "#is-array"), "true false");
    // 1710036000000 is 2024-03-10 10:00 at +08:00.
    assert_eq!(text(&s, "#day"), "2024-3-10");
    assert_eq!(text(&s, "#digits"), "1|22|333");
}

#[test]
fn wxs_sees_no_wx_and_no_app_globals() {
    let s = open();
    assert_eq!(
        text(&s, "#world"),
        "undefined,undefined,undefined,undefined"
    );
}

#[test]
fn errors_in_wxs_name_the_file_and_the_page_still_renders() {
    let s = open();
    assert_eq!(text(&s, "#broken"), "[]");
    let errors: Vec<(String, Option<String>, Option<u32>)> = events(&s)
        .into_iter()
        .filter_map(|e| match e {
            Event::Error {
                message,
                file,
                line,
                ..
            } => Some((message, file, line)),
            _ => None,
        })
        .collect();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].0.contains("missing"), "{errors:?}");
    assert_eq!(errors[0].1.as_deref(), Some("wxs/filters.wxs"));
    assert_eq!(errors[0].2, Some(25));
    let warned = events(&s).into_iter().any(|e| match e {
        Event::Warning { message, .. } => message.contains("not run by wxbox"),
        _ => false,
    });
    assert!(!warned, "the old 'not run' warning is gone");
}

#[test]
fn a_wxs_event_handler_calls_a_page_method_and_changes_classes() {
    let mut s = open();
    s.act(&Action::Tap(".row[data-id=\"2\"]".into()))
        .expect("tap applies");
    assert_eq!(s.run(RunBudget::default()), RunEnd::Idle);
    let handlers: Vec<(String, String)> = events(&s)
        .into_iter()
        .filter_map(|e| match e {
            Event::Handler { method, event, .. } => Some((method, event.to_string())),
            _ => None,
        })
        .collect();
    let methods: Vec<&str> = handlers.iter().map(|(m, _)| m.as_str()).collect();
    assert_eq!(
        methods,
        [
            "local.onTap",
            "local.onTap ownerInstance.callMethod",
            "local.onTap addClass",
            "local.onTap setStyle",
        ]
    );
    assert!(handlers[1].1.contains("\"twice\":4"), "{}", handlers[1].1);
    assert_eq!(text(&s, "#picked"), "2", "the page method ran and set data");
    let rows = s.select_all(".picked").expect("selector");
    assert_eq!(rows.len(), 1, "addClass shows in the tree");
    assert_eq!(rows[0].attr_text("style"), "color:red");
    assert!(events(&s).iter().any(
        |e| matches!(e, Event::Console { text, .. } if text == "picked {\"id\":2,\"twice\":4}")
    ));
}
