//! Page by page, as WeChat loads them: a page's files are read when it first opens, a broken page
//! fails its own navigation and nothing else, a component that cannot load is reported and its
//! tag renders as a plain element; a DevTools project folder opens like its app folder.

use std::path::{Path, PathBuf};

use wxbox_app::{Event, LaunchError, RunBudget, RunEnd, Sandbox, SandboxOptions};

struct Scratch(PathBuf);

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn app(name: &str, files: &[(&str, &str)]) -> Scratch {
    let dir = std::env::temp_dir().join(format!("wxbox-loading-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    for (path, text) in files {
        let p = dir.join(path);
        std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        std::fs::write(p, text).expect("write");
    }
    Scratch(dir)
}

fn launch(dir: &Path, page: Option<&str>) -> Result<Sandbox, LaunchError> {
    let mut s = Sandbox::open(dir, SandboxOptions::default())?;
    s.launch(page)?;
    assert_eq!(s.run(RunBudget::default()), RunEnd::Idle);
    Ok(s)
}

fn events(s: &Sandbox) -> Vec<Event> {
    s.trace().events().into_iter().map(|e| e.event).collect()
}

fn console(s: &Sandbox) -> Vec<String> {
    events(s)
        .into_iter()
        .filter_map(|e| match e {
            Event::Console { text, .. } => Some(text),
            _ => None,
        })
        .collect()
}

const APP_JSON: &str = r#"{"pages": ["pages/a/a", "pages/syntax/syntax", "pages/json/json",
    "pages/wxml/wxml", "pages/gone/gone"]}"#;

fn broken_app(name: &str) -> Scratch {
    app(
        name,
        &[
            ("app.json", APP_JSON),
            ("app.js", "App({})"),
            (
                "pages/a/a.js",
                "Page({ onLoad() { ['syntax', 'json', 'wxml', 'gone'].forEach((p) => \
                 wx.navigateTo({ url: '/pages/' + p + '/' + p, fail: (e) => console.log(p + ' ' + \
                 e.errMsg) })) } })",
            ),
            ("pages/a/a.wxml", "<view>a</view>"),
            ("pages/syntax/syntax.js", "Page({\n  data: { x: 1 },,\n})"),
            ("pages/json/json.js", "Page({})"),
            ("pages/json/json.json", "{ \"usingComponents\": "),
            ("pages/wxml/wxml.js", "Page({})"),
            ("pages/wxml/wxml.wxml", "<view>\n  {{ a + }}\n</view>"),
        ],
    )
}

#[test]
fn a_broken_page_fails_its_own_navigation_and_the_others_still_open() {
    let dir = broken_app("broken");
    let s = launch(&dir.0, None).expect("the entry page opens though other pages are broken");
    assert_eq!(s.page_stack(), ["pages/a/a"]);
    let lines = console(&s);
    for p in ["syntax", "json", "wxml"] {
        let want =
            format!("{p} navigateTo:fail Page \"pages/{p}/{p}\" has not been registered yet.");
        assert!(lines.contains(&want), "{lines:?}");
    }
    // The page without files is not a page WeChat can open either.
    assert!(
        lines.iter().any(|l| l.starts_with("gone navigateTo:fail")),
        "{lines:?}"
    );
    let errors: Vec<(String, Option<String>, Option<u32>)> = events(&s)
        .into_iter()
        .filter_map(|e| match e {
            Event::Error {
                origin, file, line, ..
            } => Some((origin, file, line)),
            _ => None,
        })
        .collect();
    assert!(
        errors.contains(&(
            "page".into(),
            Some("pages/syntax/syntax.js".into()),
            Some(2)
        )),
        "{errors:?}"
    );
    assert!(
        errors.contains(&("page".into(), Some("pages/json/json.json".into()), Some(1))),
        "{errors:?}"
    );
    assert!(
        errors.contains(&("page".into(), Some("pages/wxml/wxml.wxml".into()), Some(2))),
        "{errors:?}"
    );
    assert_eq!(s.uncaught_errors(), 4, "each broken page is one error");
}

#[test]
fn the_page_asked_for_must_load() {
    let dir = broken_app("asked");
    let e = launch(&dir.0, Some("pages/syntax/syntax")).expect_err("a broken page asked for");
    assert!(
        e.to_string().starts_with("pages/syntax/syntax.js:2:"),
        "the error names the file and line: {e}"
    );
    let e = launch(&dir.0, Some("pages/json/json")).expect_err("bad json");
    assert!(e.to_string().starts_with("pages/json/json.json:1:"), "{e}");
}

#[test]
fn a_component_that_cannot_load_is_reported_and_renders_as_a_plain_element() {
    let dir = app(
        "component",
        &[
            ("app.json", r#"{"pages": ["pages/a/a"]}"#),
            ("app.js", "App({})"),
            ("pages/a/a.js", "Page({ data: { n: 1 } })"),
            (
                "pages/a/a.json",
                r#"{"usingComponents": {"good": "/components/good/good", "typo": "/components/nope/nope",
                    "bad": "/components/bad/bad"}}"#,
            ),
            (
                "pages/a/a.wxml",
                "<good /><typo>t</typo><bad /><text>{{n}}</text>",
            ),
            ("components/good/good.js", "Component({})"),
            ("components/good/good.wxml", "<view>good</view>"),
            ("components/bad/bad.js", "Component({ x: ) })"),
        ],
    );
    let s = launch(&dir.0, None).expect("the page opens");
    let wxml = s.wxml().expect("rendered");
    assert!(wxml.contains("good"), "{wxml}");
    assert!(
        wxml.contains("<typo>"),
        "an unknown tag renders as itself: {wxml}"
    );
    let errors: Vec<String> = events(&s)
        .into_iter()
        .filter_map(|e| match e {
            Event::Error {
                origin,
                message,
                file,
                ..
            } if origin == "component" => Some(format!("{} {message}", file.unwrap_or_default())),
            _ => None,
        })
        .collect();
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert!(
        errors[0].starts_with("pages/a/a.json usingComponents.typo"),
        "{errors:?}"
    );
    assert!(
        errors[1].starts_with("components/bad/bad.js SyntaxError"),
        "{errors:?}"
    );
}

#[test]
fn a_devtools_project_folder_opens_its_miniprogram_root() {
    let dir = app(
        "project",
        &[
            (
                "project.config.json",
                r#"{"miniprogramRoot": "miniprogram/", "setting": {"urlCheck": false}}"#,
            ),
            ("miniprogram/app.json", r#"{"pages": ["pages/a/a"]}"#),
            (
                "miniprogram/app.js",
                "App({ onLaunch() { console.log('launched ' + typeof global) } })",
            ),
            ("miniprogram/pages/a/a.js", "Page({})"),
        ],
    );
    let s = launch(&dir.0, None).expect("opens from the project folder");
    assert_eq!(s.page_stack(), ["pages/a/a"]);
    assert_eq!(console(&s), ["launched object"]);

    let bare = app(
        "noroot",
        &[
            ("project.config.json", r#"{"setting": {}}"#),
            ("miniprogram/app.json", "{}"),
        ],
    );
    let e = launch(&bare.0, None).expect_err("no miniprogramRoot");
    assert!(
        e.to_string().contains("miniprogramRoot"),
        "the message says what to do: {e}"
    );
}

#[test]
fn what_wechat_tolerates_is_a_warning_and_strict_makes_it_an_error() {
    let dir = app(
        "lenient",
        &[
            ("app.json", r#"{"pages": ["pages/a/a"]}"#),
            ("app.js", "App({})"),
            ("pages/a/a.js", "Page({ data: { on: true } })"),
            (
                "pages/a/a.wxml",
                "<view>\n  <text wx:show=\"{{on}}\">shown</text>\n  <import src=\"/gone.wxml\" />\n</view>",
            ),
        ],
    );
    let s = launch(&dir.0, None).expect("a page WeChat opens opens");
    assert!(s.wxml().expect("rendered").contains("shown"));
    let warnings: Vec<(Option<String>, Option<u32>, String)> = events(&s)
        .into_iter()
        .filter_map(|e| match e {
            Event::Warning {
                origin,
                message,
                file,
                line,
                ..
            } if origin == "wxml" => Some((file, line, message)),
            _ => None,
        })
        .collect();
    assert_eq!(warnings.len(), 2, "{warnings:?}");
    assert_eq!(warnings[0].0.as_deref(), Some("pages/a/a.wxml"));
    assert_eq!(warnings[0].1, Some(2), "{warnings:?}");
    assert!(warnings[0].2.contains("wx:show"), "{warnings:?}");
    assert_eq!(warnings[1].1, Some(3), "{warnings:?}");
    assert_eq!(s.uncaught_errors(), 0, "warnings are not errors");

    let mut strict = Sandbox::open(
        &dir.0,
        SandboxOptions {
            strict: true,
            ..SandboxOptions::default()
        },
    )
    .expect("opens");
    let e = strict.launch(None).expect_err("strict refuses the page");
    assert!(e.to_string().starts_with("pages/a/a.wxml:2:"), "{e}");
}
