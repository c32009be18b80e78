//! Render events through a real app: what a keyed list's `render` event says when a row goes
//! (sample-apps/buttons, its list page keyed by `wx:key="id"`), and that a page whose
//! components `setData` while they mount renders once (the icons fixture of the benchmarks).

use std::path::{Path, PathBuf};

use serde_json::{json, Value};
use wxbox_app::{Action, Event, RunBudget, RunEnd, Sandbox};

fn app(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

mod support;

use support::open;

/// The `changes` of every render so far.
fn renders(sandbox: &Sandbox) -> Vec<Value> {
    sandbox
        .trace()
        .events()
        .into_iter()
        .filter_map(|e| match e.event {
            Event::Render { changes, .. } => Some(changes),
            _ => None,
        })
        .collect()
}

#[test]
fn removing_the_first_row_of_a_keyed_list_is_one_remove_per_list() {
    let mut s = open(&app("../../sample-apps/buttons"), "pages/list/list");
    s.act(&Action::Tap("item-card >>> .remove".into()))
        .expect("the tap applies");
    assert_eq!(s.run(RunBudget::default()), RunEnd::Idle);
    let all = renders(&s);
    let last = all.last().expect("a render after the tap");
    // The apples row and the apples card go; the bread row and card stay, and show what a
    // person sees change on them: the row's number and the card's slot text (its index); the
    // footer counts one item.
    // Compared by position, the bread row would have taken the apples row's place attribute
    // by attribute, and the bread card replaced the apples card.
    assert_eq!(
        *last,
        json!([
            {"op": "text", "path": "0/0/0/0", "value": "1. bread"},
            {"op": "remove", "path": "0/0"},
            {"op": "text", "path": "2/0/1/0", "value": "card 0"},
            {"op": "text", "path": "4/0", "value": "1 items"},
            {"op": "remove", "path": "2"}
        ]),
        "{all:?}"
    );
}

#[test]
fn components_that_set_data_while_mounting_are_shown_by_the_same_render() {
    let s = open(&app("benches/fixtures/icons"), "pages/icons/icons");
    let all = renders(&s);
    // One render: every icon's observer ran setData before the icon was drawn, so the render
    // already shows it; a second pass over the page would change nothing.
    assert_eq!(all.len(), 1, "{all:?}");
    let wxml = s.wxml().expect("rendered");
    assert_eq!(
        wxml.matches("mask-image:url(data:image/svg+xml;base64,")
            .count(),
        162
    );
    // 81 icons in each list keyed by `*this` over objects: WeChat's warning, once per list
    // each time the lists are built or updated (the tree is built before `onLoad`, which
    // updates it twice: `themeChanged` and `setIconColor`), and still 162 instances, each
    // created once.
    let warned = s
        .trace()
        .events()
        .into_iter()
        .filter(|e| {
            matches!(&e.event, Event::Console { text, .. }
                if text.contains("Some keys are not unique while list updates: \"[object Object]\""))
        })
        .count();
    assert_eq!(warned, 2 * 3);
    let created = s
        .trace()
        .events()
        .into_iter()
        .filter(|e| matches!(&e.event, Event::SetData { target, .. } if target == "components/icon/icon"))
        .count();
    // Each icon's property observers run once, on a real change from the default: an outline
    // icon's `icon` (81 setData), a filled icon's `type` and `icon` (2 x 81). An icon created
    // twice would add more.
    assert_eq!(created, 81 + 2 * 81, "no icon was created twice");
}
