//! The component model's structure and instance methods, through real small apps: relations
//! (linked order, unlinked on removal, getRelationNodes, target by behavior), selectComponent
//! with and without `export`, selectOwnerComponent, `createSelectorQuery().in(this)` inside a
//! component, the custom tab bar, the opener EventChannel, pageLifetimes reaching components,
//! animate.

use std::path::PathBuf;

use wxbox_app::{Action, Event, RunBudget, RunEnd};

mod support;

use support::{console as logs, events, no_errors, open};

/// An app in a fresh directory from (path, text) pairs.
fn app(name: &str, files: &[(&str, &str)]) -> PathBuf {
    support::temp_app(&format!("comp-{name}"), files)
}

const REL_PARENT_JS: &str = r"
Component({
  relations: {
    '../c/index': {
      type: 'child',
      linked(t) { console.log('linked ' + this.data.name + ' <- ' + t.data.name); },
      unlinked(t) { console.log('unlinked ' + this.data.name + ' <- ' + t.data.name); },
    },
  },
  properties: { name: String },
  lifetimes: { attached() { console.log('attached ' + this.data.name); } },
});
";

const REL_CHILD_JS: &str = r"
Component({
  relations: {
    '../p/index': {
      type: 'parent',
      linked(t) { console.log('linked ' + this.data.name + ' -> ' + t.data.name); },
      unlinked(t) { console.log('unlinked ' + this.data.name + ' -> ' + t.data.name); },
    },
  },
  properties: { name: String },
  lifetimes: { attached() { console.log('attached ' + this.data.name); } },
});
";

#[test]
fn relations_link_three_children_in_order_and_unlink_the_removed_one() {
    let dir = app(
        "rel",
        &[
            ("app.json", r#"{"pages":["pages/index/index"]}"#),
            (
                "pages/index/index.json",
                r#"{"usingComponents":{"p":"/comp/p/index","c":"/comp/c/index"}}"#,
            ),
            (
                "pages/index/index.wxml",
                r#"<p id="p" name="p"><view><c name="c1"><c name="inner"/></c></view><c name="c2"/><c wx:if="{{three}}" name="c3"/></p>"#,
            ),
            (
                "pages/index/index.js",
                r"Page({
                  data: { three: true },
                  onReady() {
                    const p = this.selectComponent('#p');
                    console.log('nodes ' + p.getRelationNodes('../c/index').map(n => n.data.name).join(','));
                  },
                  drop() { this.setData({ three: false }); },
                })",
            ),
            ("comp/p/index.json", r#"{"component":true}"#),
            ("comp/p/index.wxml", "<view class=\"p\"><slot/></view>"),
            ("comp/p/index.js", REL_PARENT_JS),
            ("comp/c/index.json", r#"{"component":true}"#),
            ("comp/c/index.wxml", "<view class=\"c\"><slot/></view>"),
            ("comp/c/index.js", REL_CHILD_JS),
        ],
    );
    let mut s = open(&dir, "pages/index/index");
    no_errors(&s);
    let linked: Vec<String> = logs(&s)
        .into_iter()
        .filter(|l| l.starts_with("linked") || l.starts_with("nodes"))
        .collect();
    // glass-easel relation.test.js: for each child in tree order, the parent's `linked` then
    // the child's; `inner` sits in c1, so its parent component is c1 and it does not link.
    assert_eq!(
        linked,
        [
            "linked p <- c1",
            "linked c1 -> p",
            "linked p <- c2",
            "linked c2 -> p",
            "linked p <- c3",
            "linked c3 -> p",
            "nodes c1,c2,c3",
        ]
    );
    // `linked` comes after every `attached`.
    let all = logs(&s);
    let last_attached = all.iter().rposition(|l| l.starts_with("attached"));
    let first_linked = all.iter().position(|l| l.starts_with("linked"));
    assert!(last_attached < first_linked, "{all:?}");
    // Attached parent first, in tree order, though the slot content is rendered first.
    let attached: Vec<&String> = all.iter().filter(|l| l.starts_with("attached")).collect();
    assert_eq!(
        attached,
        [
            "attached p",
            "attached c1",
            "attached inner",
            "attached c2",
            "attached c3"
        ]
    );

    s.act(&Action::Call("drop".into())).expect("calls");
    assert_eq!(s.run(RunBudget::default()), RunEnd::Idle);
    let unlinked: Vec<String> = logs(&s)
        .into_iter()
        .filter(|l| l.starts_with("unlinked"))
        .collect();
    assert_eq!(unlinked, ["unlinked p <- c3", "unlinked c3 -> p"]);
}

#[test]
fn descendants_link_by_behavior_through_slots_and_get_relation_nodes() {
    // vant's shape: `useChildren` (descendant by path) and `useParent` (ancestor by path);
    // here the ancestor side names its target by behavior, as `target: behavior` allows.
    let dir = app(
        "desc",
        &[
            ("app.json", r#"{"pages":["pages/index/index"]}"#),
            (
                "pages/index/index.json",
                r#"{"usingComponents":{"group":"/comp/group/index","item":"/comp/item/index"}}"#,
            ),
            (
                "pages/index/index.wxml",
                r#"<group id="g"><view><item name="a"/></view><item name="b"><item name="c"/></item></group><item name="stray"/>"#,
            ),
            (
                "pages/index/index.js",
                r"Page({
                  onReady() {
                    const g = this.selectComponent('#g');
                    console.log('children ' + g.children.map(n => n.data.name).join(','));
                    const items = this.selectAllComponents('item');
                    console.log('parents ' + items.map(i => (i.getRelationNodes('group')[0] ? 'g' : '-')).join(','));
                    console.log('has ' + g.hasBehavior(require('../../comp/beh.js')) + ' ' + items[0].hasBehavior(require('../../comp/beh.js')));
                  },
                })",
            ),
            ("comp/beh.js", "module.exports = Behavior({});"),
            ("comp/group/index.json", r#"{"component":true}"#),
            ("comp/group/index.wxml", "<view><slot/></view>"),
            (
                "comp/group/index.js",
                r"const beh = require('../beh.js');
                Component({
                  behaviors: [beh],
                  relations: { '../item/index': { type: 'descendant' } },
                  lifetimes: { created() {
                    Object.defineProperty(this, 'children', { get: () => this.getRelationNodes('../item/index') });
                  } },
                });",
            ),
            ("comp/item/index.json", r#"{"component":true}"#),
            ("comp/item/index.wxml", "<view><slot/></view>"),
            (
                "comp/item/index.js",
                r"const beh = require('../beh.js');
                Component({
                  properties: { name: String },
                  relations: { group: { type: 'ancestor', target: beh } },
                });",
            ),
        ],
    );
    let s = open(&dir, "pages/index/index");
    no_errors(&s);
    let out: Vec<String> = logs(&s);
    assert!(out.contains(&"children a,b,c".to_string()), "{out:?}");
    // Document order: a, b, c, stray; the one outside the group has no ancestor.
    assert!(out.contains(&"parents g,g,g,-".to_string()), "{out:?}");
    assert!(out.contains(&"has true false".to_string()), "{out:?}");
}

#[test]
fn select_component_honours_export_and_scopes_to_the_callers_template() {
    let dir = app(
        "select",
        &[
            ("app.json", r#"{"pages":["pages/index/index"]}"#),
            (
                "pages/index/index.json",
                r#"{"usingComponents":{"plain":"/comp/plain/index","exp":"/comp/exp/index"}}"#,
            ),
            (
                "pages/index/index.wxml",
                r#"<plain id="a" class="x" name="a"/><exp id="b" class="x"/><view id="v"/>"#,
            ),
            (
                "pages/index/index.js",
                r"Page({
                  onReady() {
                    const a = this.selectComponent('#a');
                    console.log('a ' + a.data.name + ' ' + a.selectOwnerComponent().route);
                    console.log('b ' + JSON.stringify(this.selectComponent('#b')));
                    console.log('all ' + this.selectAllComponents('.x').length);
                    console.log('view ' + this.selectComponent('#v') + ' none ' + this.selectComponent('#none'));
                    console.log('inner ' + this.selectComponent('#deep') + ' ' + a.selectComponent('#deep').data.name);
                    console.log('deep ' + this.selectComponent('#a >>> #deep').data.name);
                  },
                })",
            ),
            (
                "comp/plain/index.json",
                r#"{"component":true,"usingComponents":{"exp":"/comp/exp/index","leaf":"/comp/leaf/index"}}"#,
            ),
            ("comp/plain/index.wxml", r#"<leaf id="deep" name="leaf"/>"#),
            (
                "comp/plain/index.js",
                r"Component({ properties: { name: String }, lifetimes: { attached() {
                  console.log('at attached ' + this.selectComponent('#deep').data.name);
                } } });",
            ),
            ("comp/leaf/index.json", r#"{"component":true}"#),
            ("comp/leaf/index.wxml", "<view/>"),
            (
                "comp/leaf/index.js",
                "Component({ properties: { name: String } });",
            ),
            ("comp/exp/index.json", r#"{"component":true}"#),
            ("comp/exp/index.wxml", "<view/>"),
            (
                "comp/exp/index.js",
                r"Component({ behaviors: ['wx://component-export'], export() { return { answer: 42 }; } });",
            ),
        ],
    );
    let s = open(&dir, "pages/index/index");
    no_errors(&s);
    let out = logs(&s);
    for want in [
        "a a pages/index/index",
        "b {\"answer\":42}",
        "all 2",
        "view null none null",
        "inner null leaf",
        "deep leaf",
        "at attached leaf",
    ] {
        assert!(out.contains(&want.to_string()), "{want:?} not in {out:?}");
    }
}

#[test]
fn selector_query_in_a_component_sees_its_own_template() {
    let dir = app(
        "query",
        &[
            ("app.json", r#"{"pages":["pages/index/index"]}"#),
            (
                "pages/index/index.json",
                r#"{"usingComponents":{"box":"/comp/box/index"}}"#,
            ),
            ("pages/index/index.wxml", r#"<box/>"#),
            (
                "pages/index/index.js",
                r"Page({ onReady() {
                  wx.createSelectorQuery().select('.inner').boundingClientRect(r => console.log('page sees ' + (r ? 'it' : 'null'))).exec();
                } })",
            ),
            ("comp/box/index.json", r#"{"component":true}"#),
            (
                "comp/box/index.wxml",
                r#"<view class="custom-class box"><view class="inner" data-k="v"/></view>"#,
            ),
            (
                "comp/box/index.js",
                r"Component({ lifetimes: { ready() {
                  wx.createSelectorQuery().in(this).select('.box').boundingClientRect(r => console.log('in(this) ' + (r ? 'found' : 'null'))).exec();
                  this.createSelectorQuery().select('.inner').fields({ dataset: true }, r => console.log('own ' + JSON.stringify(r && r.dataset))).exec();
                } } });",
            ),
        ],
    );
    let s = open(&dir, "pages/index/index");
    no_errors(&s);
    let out = logs(&s);
    for want in ["in(this) found", "own {\"k\":\"v\"}", "page sees null"] {
        assert!(out.contains(&want.to_string()), "{want:?} not in {out:?}");
    }
}

#[test]
fn custom_tab_bar_is_one_instance_per_tab_page() {
    let dir = app(
        "tabbar",
        &[
            (
                "app.json",
                r#"{"pages":["pages/a/a","pages/b/b","pages/c/c"],"tabBar":{"custom":true,"list":[{"pagePath":"pages/a/a","text":"A"},{"pagePath":"pages/b/b","text":"B"}]}}"#,
            ),
            (
                "pages/a/a.js",
                r"Page({ onShow() {
                  const t = this.getTabBar();
                  t.select(0);
                  console.log('a ' + t.data.active + ' ' + (this.getTabBar() === t));
                  getApp().barA = t;
                }, go() { wx.switchTab({ url: '/pages/b/b' }); } })",
            ),
            (
                "pages/b/b.js",
                r"Page({ onShow() {
                  const t = this.getTabBar();
                  t.select(1);
                  console.log('b ' + t.data.active + ' ' + (t === getApp().barA));
                }, far() { wx.navigateTo({ url: '/pages/c/c' }); } })",
            ),
            (
                "pages/c/c.js",
                r"Page({ onLoad() { console.log('c ' + this.getTabBar()); } })",
            ),
            ("pages/a/a.wxml", "<view/>"),
            ("pages/b/b.wxml", "<view/>"),
            ("pages/c/c.wxml", "<view/>"),
            ("custom-tab-bar/index.json", r#"{"component":true}"#),
            ("custom-tab-bar/index.wxml", "<view>{{active}}</view>"),
            (
                "custom-tab-bar/index.js",
                r"Component({ data: { active: -1 }, methods: { select(i) { this.setData({ active: i }); } } });",
            ),
        ],
    );
    let mut s = open(&dir, "pages/a/a");
    for method in ["go", "far"] {
        s.act(&Action::Call(method.into())).expect("calls");
        assert_eq!(s.run(RunBudget::default()), RunEnd::Idle);
    }
    no_errors(&s);
    let out = logs(&s);
    assert!(out.contains(&"a 0 true".to_string()), "{out:?}");
    assert!(out.contains(&"b 1 false".to_string()), "{out:?}");
    assert!(out.contains(&"c undefined".to_string()), "{out:?}");
}

#[test]
fn opener_event_channel_carries_events_both_ways() {
    let dir = app(
        "channel",
        &[
            ("app.json", r#"{"pages":["pages/a/a","pages/b/b"]}"#),
            (
                "pages/a/a.js",
                r"Page({ onLoad() {
                  wx.navigateTo({
                    url: '/pages/b/b',
                    events: { fromB(d) { console.log('a got ' + d); } },
                    success(res) { res.eventChannel.emit('toB', 'hello'); res.eventChannel.emit('toB', 'again'); },
                  });
                } })",
            ),
            (
                "pages/b/b.js",
                r"Page({ onLoad() {
                  const ch = this.getOpenerEventChannel();
                  ch.once('toB', d => { console.log('b got ' + d); ch.emit('fromB', 'back'); });
                  console.log('same ' + (ch === this.getOpenerEventChannel()));
                } })",
            ),
            ("pages/a/a.wxml", "<view/>"),
            ("pages/b/b.wxml", "<view/>"),
        ],
    );
    let s = open(&dir, "pages/a/a");
    no_errors(&s);
    let out = logs(&s);
    assert_eq!(out, ["same true", "b got hello", "a got back"], "{out:?}");
}

#[test]
fn without_events_the_channel_is_made_when_read_and_still_reaches_the_page() {
    // The docs' pattern: the opener emits through `res.eventChannel` with no `events`; the
    // page took its end in onLoad, before the opener's success callback ran.
    let dir = app(
        "channel-lazy",
        &[
            ("app.json", r#"{"pages":["pages/a/a","pages/b/b"]}"#),
            (
                "pages/a/a.js",
                r"Page({ onLoad() {
                  wx.navigateTo({
                    url: '/pages/b/b',
                    success(res) {
                      console.log('listed ' + Object.keys(res).join(','));
                      res.eventChannel.emit('toB', 'hello');
                      console.log('same ' + (res.eventChannel === res.eventChannel));
                    },
                  });
                } })",
            ),
            (
                "pages/b/b.js",
                r"Page({ onLoad() {
                  this.getOpenerEventChannel().on('toB', d => console.log('b got ' + d));
                } })",
            ),
            ("pages/a/a.wxml", "<view/>"),
            ("pages/b/b.wxml", "<view/>"),
        ],
    );
    let s = open(&dir, "pages/a/a");
    no_errors(&s);
    let out = logs(&s);
    assert_eq!(
        out,
        ["listed errMsg", "b got hello", "same true"],
        "{out:?}"
    );
}

#[test]
fn page_lifetimes_reach_nested_components_and_animate_is_recorded() {
    let dir = app(
        "lifetimes",
        &[
            ("app.json", r#"{"pages":["pages/a/a","pages/b/b"]}"#),
            (
                "pages/a/a.json",
                r#"{"usingComponents":{"outer":"/comp/outer/index"}}"#,
            ),
            ("pages/a/a.wxml", "<outer/>"),
            (
                "pages/a/a.js",
                r"Page({ go() { wx.navigateTo({ url: '/pages/b/b' }); } })",
            ),
            ("pages/b/b.js", "Page({})"),
            ("pages/b/b.wxml", "<view/>"),
            (
                "comp/outer/index.json",
                r#"{"component":true,"usingComponents":{"inner":"/comp/inner/index"}}"#,
            ),
            ("comp/outer/index.wxml", "<inner/>"),
            (
                "comp/outer/index.js",
                r"Component({ pageLifetimes: { hide() { console.log('outer hide'); } } });",
            ),
            ("comp/inner/index.json", r#"{"component":true}"#),
            ("comp/inner/index.wxml", r#"<view class="dot"/>"#),
            (
                "comp/inner/index.js",
                r"Component({
                  pageLifetimes: { hide() { console.log('inner hide'); }, show() { console.log('inner show'); } },
                  lifetimes: { ready() { this.animate('.dot', [{ opacity: 0 }, { opacity: 1 }], 300, () => console.log('animated ' + this.getPageId())); } },
                });",
            ),
        ],
    );
    let mut s = open(&dir, "pages/a/a");
    s.act(&Action::Call("go".into())).expect("calls");
    assert_eq!(s.run(RunBudget::default()), RunEnd::Idle);
    no_errors(&s);
    let out = logs(&s);
    assert!(
        out.iter().any(|l| l.starts_with("animated pageId:")),
        "{out:?}"
    );
    let hides: Vec<&String> = out.iter().filter(|l| l.ends_with("hide")).collect();
    assert_eq!(hides, ["outer hide", "inner hide"]);
    let animated = events(&s).into_iter().any(|e| {
        matches!(e, Event::Call { ref api, ref args } if api == "this.animate" && args["selector"] == ".dot" && args["duration"] == 300.0)
    });
    assert!(animated);
}

#[test]
fn created_sees_defaults_and_attached_sees_the_elements_properties() {
    let dir = app(
        "created",
        &[
            ("app.json", r#"{"pages":["pages/index/index"]}"#),
            (
                "pages/index/index.json",
                r#"{"usingComponents":{"c":"/comp/c/index"}}"#,
            ),
            ("pages/index/index.wxml", r#"<c name="given"/>"#),
            ("pages/index/index.js", "Page({})"),
            ("comp/c/index.json", r#"{"component":true}"#),
            ("comp/c/index.wxml", "<view/>"),
            (
                "comp/c/index.js",
                r"Component({
                  properties: { name: { type: String, value: 'default' } },
                  lifetimes: {
                    created() { console.log('created ' + this.data.name); },
                    attached() { console.log('attached ' + this.data.name); },
                  },
                });",
            ),
        ],
    );
    let s = open(&dir, "pages/index/index");
    no_errors(&s);
    assert_eq!(logs(&s), ["created default", "attached given"]);
}
