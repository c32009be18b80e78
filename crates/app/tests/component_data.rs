//! Component data as WeChat (glass-easel) handles it, run through real sandboxes: behaviors'
//! merge order and `definitionFilter`, data observers (paths, several fields, `**`), property
//! observers (silent at mount, firing on a change from the parent), property type coercion,
//! `pureDataPattern`, `groupSetData`, and `externalClasses` in the rendered tree.

use std::path::{Path, PathBuf};

use wxbox_app::{Action, Event, RunBudget, RunEnd, Sandbox};

/// An app in a fresh directory: `files` are (path, text); the page is `pages/index/index`.
mod support;

use support::{console, errors, events};

fn app(name: &str, files: &[(&str, &str)]) -> PathBuf {
    support::temp_app(&format!("data-{name}"), files)
}

fn open(dir: &Path) -> Sandbox {
    support::open(dir, "pages/index/index")
}

fn call(sandbox: &mut Sandbox, method: &str) {
    sandbox
        .act(&Action::Call(method.into()))
        .expect("the call applies");
    assert_eq!(sandbox.run(RunBudget::default()), RunEnd::Idle);
}

fn warnings(sandbox: &Sandbox) -> Vec<String> {
    events(sandbox)
        .into_iter()
        .filter_map(|e| match e {
            Event::Warning { message, .. } => Some(message),
            _ => None,
        })
        .collect()
}

fn classes(sandbox: &Sandbox, selector: &str) -> Vec<String> {
    sandbox
        .select_all(selector)
        .expect("selector")
        .iter()
        .map(|e| e.attr_text("class"))
        .collect()
}

const ONE_COMPONENT_PAGE: &str = r#"{"usingComponents":{"probe":"/probe"}}"#;

#[test]
fn behaviors_merge_depth_first_with_the_component_last() {
    let behaviors = r"
const log = (s) => console.log(s);
const inner = Behavior({
  data: { a: { x: 1, y: 1 }, s: 'inner' },
  properties: { p: { type: String, value: 'inner' } },
  methods: { who() { return 'inner'; }, base() { return 'inner base'; } },
  lifetimes: { created() { log('inner created'); } },
});
const shared = Behavior({ attached() { log('shared attached'); } });
const outer = Behavior({
  behaviors: [inner, shared],
  data: { a: { y: 2, z: 2 }, s: 'outer' },
  methods: { who() { return 'outer'; } },
  created() { log('outer created'); },
  attached() { log('outer attached'); },
});
const other = Behavior({
  behaviors: [shared],
  methods: { late() { return 'other'; } },
  lifetimes: { attached() { log('other attached'); } },
  attached() { log('never: lifetimes.attached wins in one definition'); },
});
const filtering = Behavior({
  definitionFilter(def) {
    def.data = def.data || {};
    def.data.filtered = 'by the filter';
    def.methods = def.methods || {};
    def.methods.added = function () { return 'added'; };
  },
});
module.exports = { inner, outer, other, filtering };
";
    let dir = app(
        "behaviors",
        &[
            ("behaviors.js", behaviors),
            ("pages/index/index.json", ONE_COMPONENT_PAGE),
            ("pages/index/index.wxml", "<probe />"),
            (
                "pages/index/index.js",
                "const { inner } = require('../../behaviors.js');
Page({ behaviors: [inner], onLoad() { console.log('page ' + this.who() + ' ' + this.data.s); } })",
            ),
            ("probe.wxml", "<text>{{s}}</text>"),
            (
                "probe.js",
                "const { outer, other, filtering } = require('./behaviors.js');
Component({
  behaviors: [outer, other, 'wx://form-field', filtering],
  data: { s: 'own' },
  methods: { late() { return 'own'; } },
  created() { console.log('own created'); },
  attached() {
    console.log('own attached');
    console.log([this.who(), this.base(), this.late(), this.added(), this.data.filtered].join(' | '));
    console.log(JSON.stringify(this.data.a) + ' ' + this.data.s + ' p=' + this.data.p + ' name=' + JSON.stringify(this.data.name));
  },
})",
            ),
        ],
    );
    let s = open(&dir);
    assert!(errors(&s).is_empty(), "{:?}", errors(&s));
    assert_eq!(
        console(&s),
        [
            // The page's components are created and attached before its `onLoad`.
            "inner created",
            "outer created",
            "own created",
            // `shared` comes through `outer` and `other`: its attached runs once, where first met.
            "shared attached",
            "outer attached",
            "other attached",
            "own attached",
            "outer | inner base | own | added | by the filter",
            "{\"x\":1,\"y\":2,\"z\":2} own p=inner name=\"\"",
            "page inner inner",
        ]
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn observers_fire_once_per_set_data_with_the_new_values() {
    let dir = app(
        "observers",
        &[
            ("pages/index/index.json", ONE_COMPONENT_PAGE),
            ("pages/index/index.wxml", "<probe count=\"{{n}}\" />"),
            (
                "pages/index/index.js",
                "Page({ data: { n: 1 }, bump() { this.setData({ n: 2 }); } })",
            ),
            ("probe.wxml", "<text>{{sum}}</text>"),
            (
                "probe.js",
                r"const log = (s) => console.log(s);
Component({
  properties: { count: Number },
  data: { a: { b: 1 }, list: [{ n: 1 }], x: 1, y: 2, sum: 0 },
  observers: {
    'a.b': function (b) { log('a.b ' + b); },
    'list[0].n': function (n) { log('list[0].n ' + n); },
    'x, y': function (x, y) { log('x, y ' + x + ' ' + y); this.setData({ sum: x + y }); },
    'sum': function (sum) { log('sum ' + sum); },
    'a.**': function (a) { log('a.** ' + JSON.stringify(a)); },
    'count': function (c) { log('count ' + c); },
    '**': function () { log('**'); },
  },
  methods: {
    run() {
      this.setData({ 'a.b': 2 });
      log('--');
      this.setData({ x: 5, y: 6 });
      log('--');
      this.setData({ list: [{ n: 3 }] });
      log('--');
      this.setData({ 'a.c': 1 });
      log('--');
      this.setData({ a: { b: 4 } });
      log('--');
      this.setData({ 'list[1]': { n: 9 } });
    },
  },
  attached() { log('attached'); this.run(); },
})",
            ),
        ],
    );
    let mut s = open(&dir);
    assert!(errors(&s).is_empty(), "{:?}", errors(&s));
    let mount: Vec<String> = console(&s);
    assert_eq!(
        mount,
        [
            // The parent's `count` at mount (after `created`, before `attached`).
            "count 1",
            "**",
            "attached",
            "a.b 2",
            "a.** {\"b\":2}",
            "**",
            "--",
            // Two fields in one setData: the observer runs once; its own setData joins the
            // update and triggers `sum` and `**` again in the same pass.
            "x, y 5 6",
            "sum 11",
            "**",
            "--",
            "list[0].n 3",
            "**",
            "--",
            // `a.c` is under `a.**` but not `a.b`.
            "a.** {\"b\":2,\"c\":1}",
            "**",
            "--",
            "a.b 4",
            "a.** {\"b\":4}",
            "**",
            "--",
            "**",
        ]
    );
    assert_eq!(s.select_all("probe >>> text").expect("sel")[0].text(), "11");
    call(&mut s, "bump");
    assert_eq!(&console(&s)[mount.len()..], ["count 2", "**"]);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn property_observers_stay_silent_at_mount_and_fire_on_a_change_from_the_parent() {
    let dir = app(
        "prop-observer",
        &[
            ("pages/index/index.json", ONE_COMPONENT_PAGE),
            (
                "pages/index/index.wxml",
                "<probe title=\"{{t}}\" num=\"{{n}}\" list=\"{{items}}\" />",
            ),
            (
                "pages/index/index.js",
                "Page({ data: { t: '', n: 1, items: [1] }, change() { this.setData({ t: 'hi', n: 2 }); }, same() { this.setData({ n: 2 }); } })",
            ),
            ("probe.wxml", "<text>{{title}}</text>"),
            (
                "probe.js",
                r"const log = (s) => console.log(s);
Component({
  properties: {
    title: { type: String, value: '', observer(now, before) { log('title ' + JSON.stringify(before) + ' -> ' + JSON.stringify(now)); } },
    num: { type: Number, value: 1, observer: 'onNum' },
    list: { type: Array, observer(now) { log('list ' + JSON.stringify(now)); } },
  },
  methods: { onNum(now, before) { log('num ' + before + ' -> ' + now); } },
})",
            ),
        ],
    );
    let mut s = open(&dir);
    assert!(errors(&s).is_empty(), "{:?}", errors(&s));
    // `title` and `num` get their defaults: silent; an array is a new value (glass-easel
    // compares with ===), so `list` fires.
    assert_eq!(console(&s), ["list [1]"]);
    call(&mut s, "change");
    call(&mut s, "same");
    assert_eq!(
        console(&s),
        ["list [1]", "title \"\" -> \"hi\"", "num 1 -> 2"]
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn properties_are_coerced_to_their_types() {
    let dir = app(
        "coerce",
        &[
            ("pages/index/index.json", ONE_COMPONENT_PAGE),
            (
                "pages/index/index.wxml",
                "<probe s=\"{{5}}\" n=\"{{'12'}}\" bad=\"abc\" b=\"{{'false'}}\" arr=\"{{ {x: 1} }}\" obj=\"{{null}}\" opt=\"{{7}}\" short=\"{{3}}\" />",
            ),
            ("pages/index/index.js", "Page({})"),
            ("probe.wxml", "<text>{{s}}</text>"),
            (
                "probe.js",
                r"Component({
  properties: {
    s: { type: String, value: 'd' },
    n: { type: Number, value: 1 },
    bad: { type: Number, value: 42 },
    b: Boolean,
    arr: { type: Array, value: [0] },
    obj: Object,
    opt: { type: String, optionalTypes: [Number] },
    short: String,
    unset: { type: null },
  },
  attached() {
    const d = this.data;
    console.log(JSON.stringify([d.s, d.n, d.bad, d.b, d.arr, d.obj, d.opt, d.short, d.unset]));
    this.setData({ n: '7' });
    console.log(typeof this.data.n + ' ' + this.data.n + ' ' + this.properties.n);
  },
})",
            ),
        ],
    );
    let s = open(&dir);
    assert!(errors(&s).is_empty(), "{:?}", errors(&s));
    assert_eq!(
        console(&s),
        ["[\"5\",12,42,true,[0],null,7,\"3\",null]", "number 7 7",]
    );
    let w = warnings(&s);
    assert!(
        w.iter()
            .any(|m| m.contains("property \"bad\"") && m.contains("non-number")),
        "{w:?}"
    );
    assert!(
        w.iter()
            .any(|m| m.contains("property \"arr\"") && m.contains("<Array>")),
        "{w:?}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn pure_data_is_kept_but_not_rendered_and_group_set_data_is_one_update() {
    let dir = app(
        "pure",
        &[
            ("pages/index/index.json", ONE_COMPONENT_PAGE),
            ("pages/index/index.wxml", "<probe />"),
            ("pages/index/index.js", "Page({})"),
            ("probe.wxml", "<text>{{_secret}}|{{shown}}</text>"),
            (
                "probe.js",
                r"Component({
  options: { pureDataPattern: /^_/ },
  data: { _secret: 'hidden', shown: 'yes' },
  observers: { '_secret': function (v) { console.log('pure observed ' + v); } },
  attached() {
    this.groupSetData(() => {
      this.setData({ _secret: 'still hidden' });
      this.setData({ shown: 'both' });
    });
    console.log('data ' + this.data._secret);
  },
})",
            ),
        ],
    );
    let s = open(&dir);
    assert!(errors(&s).is_empty(), "{:?}", errors(&s));
    assert_eq!(
        s.select_all("probe >>> text").expect("sel")[0].text(),
        "|both"
    );
    assert_eq!(
        console(&s),
        ["pure observed still hidden", "data still hidden"]
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn external_classes_take_the_parents_classes_in_the_render() {
    let dir = app(
        "external",
        &[
            (
                "pages/index/index.json",
                r#"{"usingComponents":{"probe":"/probe","wrapper":"/wrapper"}}"#,
            ),
            (
                "pages/index/index.wxml",
                "<probe id=\"given\" custom-class=\"red {{big}}\" />\n<probe id=\"bare\" />\n<wrapper outer-class=\"from-page\" />",
            ),
            ("pages/index/index.js", "Page({ data: { big: 'big' } })"),
            (
                "probe.wxml",
                "<view class=\"custom-class box\"><text class=\"title-class t\">x</text></view>",
            ),
            (
                "probe.js",
                "Component({ externalClasses: ['custom-class', 'title-class'] })",
            ),
            ("wrapper.json", r#"{"component":true,"usingComponents":{"probe":"/probe"}}"#),
            (
                "wrapper.wxml",
                "<probe id=\"inner\" custom-class=\"outer-class w\" />",
            ),
            ("wrapper.js", "Component({ externalClasses: ['outer-class'] })"),
        ],
    );
    let s = open(&dir);
    assert!(errors(&s).is_empty(), "{:?}", errors(&s));
    assert_eq!(classes(&s, "#given >>> view"), ["red big box"]);
    assert_eq!(classes(&s, "#given >>> text"), ["t"]);
    // Not given by the parent: the external class stands for nothing.
    assert_eq!(classes(&s, "#bare >>> view"), ["box"]);
    // Passed on through the wrapper's own external class.
    assert_eq!(
        classes(&s, "wrapper >>> #inner >>> view"),
        ["from-page w box"]
    );
    let _ = std::fs::remove_dir_all(&dir);
}
