//! When a page's and a component's tree exists, as glass-easel and WeChat order it: a page's
//! components are created and attached before `onLoad` (so `selectComponent` there finds them),
//! a component's own template is built before `created` and before the observers of its first
//! properties; and the Canvas node selector queries give for `<canvas type="2d|webgl">`.

use std::path::PathBuf;

use wxbox_app::Event;

mod support;

use support::{console as logs, events, no_errors, open};

fn app(name: &str, files: &[(&str, &str)]) -> PathBuf {
    support::temp_app(&format!("life-{name}"), files)
}

fn logged(out: &[String], want: &[&str]) {
    let want: Vec<String> = want.iter().map(ToString::to_string).collect();
    assert_eq!(out, want.as_slice());
}

#[test]
fn a_pages_components_are_attached_before_on_load_and_ready_before_on_ready() {
    let dir = app(
        "page-order",
        &[
            (
                "pages/index/index.json",
                r#"{"usingComponents":{"child":"/comp/child/index"}}"#,
            ),
            (
                "pages/index/index.wxml",
                r#"<view><child id="c" name="a"/></view>"#,
            ),
            (
                "pages/index/index.js",
                r"Page({
                  onLoad() {
                    const c = this.selectComponent('#c');
                    console.log('page onLoad ' + (c ? c.hello() : 'null'));
                  },
                  onShow() { console.log('page onShow'); },
                  onReady() { console.log('page onReady'); },
                })",
            ),
            ("comp/child/index.json", r#"{"component":true}"#),
            ("comp/child/index.wxml", "<view>{{name}}</view>"),
            (
                "comp/child/index.js",
                r"Component({
                  properties: { name: String },
                  lifetimes: {
                    created() { console.log('child created'); },
                    attached() { console.log('child attached ' + this.data.name); },
                    ready() { console.log('child ready'); },
                  },
                  pageLifetimes: { show() { console.log('child page show'); } },
                  methods: { hello() { return 'found ' + this.data.name; } },
                })",
            ),
        ],
    );
    let s = open(&dir, "pages/index/index");
    no_errors(&s);
    logged(
        &logs(&s),
        &[
            "child created",
            "child attached a",
            "page onLoad found a",
            "page onShow",
            "child page show",
            "child ready",
            "page onReady",
        ],
    );
    // One render the user sees, after onShow, with the whole page in it.
    let renders: Vec<usize> = events(&s)
        .into_iter()
        .filter_map(|e| match e {
            Event::Render { nodes, .. } => Some(nodes),
            _ => None,
        })
        .collect();
    assert_eq!(renders.len(), 1, "{renders:?}");
}

#[test]
fn set_data_in_on_load_reaches_the_components_before_on_show() {
    let dir = app(
        "onload-setdata",
        &[
            (
                "pages/index/index.json",
                r#"{"usingComponents":{"child":"/comp/child/index"}}"#,
            ),
            (
                "pages/index/index.wxml",
                r#"<child id="c" name="{{name}}"/><child wx:if="{{more}}" id="d" name="late"/>"#,
            ),
            (
                "pages/index/index.js",
                r"Page({
                  data: { name: 'first', more: false },
                  onLoad() {
                    this.setData({ name: 'second', more: true });
                    console.log('d ' + (this.selectComponent('#d') ? 'there' : 'null'));
                  },
                  onShow() { console.log('onShow ' + this.selectComponent('#c').data.name); },
                })",
            ),
            ("comp/child/index.json", r#"{"component":true}"#),
            ("comp/child/index.wxml", "<view>{{name}}</view>"),
            (
                "comp/child/index.js",
                r"Component({
                  properties: { name: { type: String, observer(v) { console.log('name ' + v); } } },
                  lifetimes: { attached() { console.log('attached ' + this.data.name); } },
                })",
            ),
        ],
    );
    let s = open(&dir, "pages/index/index");
    no_errors(&s);
    logged(
        &logs(&s),
        &[
            "name first",
            "attached first",
            "name second",
            "name late",
            "attached late",
            "d there",
            "onShow second",
        ],
    );
}

#[test]
fn a_components_template_exists_before_created_and_its_first_property_observers() {
    let dir = app(
        "shadow-first",
        &[
            (
                "pages/index/index.json",
                r#"{"usingComponents":{"picker":"/comp/picker/index"}}"#,
            ),
            ("pages/index/index.wxml", r#"<picker value="{{v}}"/>"#),
            ("pages/index/index.js", "Page({ data: { v: 7 } })"),
            (
                "comp/picker/index.json",
                r#"{"component":true,"usingComponents":{"column":"/comp/column/index"}}"#,
            ),
            (
                "comp/picker/index.wxml",
                r#"<view class="wrap"><column class="col" wx:for="{{cols}}" wx:key="*this" n="{{item}}"/></view>"#,
            ),
            (
                "comp/picker/index.js",
                r"Component({
                  properties: {
                    value: {
                      type: Number,
                      observer(v) {
                        const col = this.selectComponent('.col');
                        console.log('observer ' + v + ' col ' + (col ? col.data.n : 'null'));
                        col.setValue(v);
                        this.createSelectorQuery().select('.wrap').boundingClientRect(
                          (r) => console.log('query ' + (r ? 'wrap' : 'null'))).exec();
                      },
                    },
                  },
                  data: { cols: ['x', 'y'] },
                  lifetimes: {
                    created() { console.log('picker created, col ' + (this.selectComponent('.col') ? 'there' : 'null')); },
                  },
                })",
            ),
            ("comp/column/index.json", r#"{"component":true}"#),
            ("comp/column/index.wxml", "<view>{{n}}:{{value}}</view>"),
            (
                "comp/column/index.js",
                r"Component({
                  properties: { n: String },
                  data: { value: 0 },
                  lifetimes: { created() { console.log('column created'); } },
                  methods: { setValue(v) { this.setData({ value: v }); } },
                })",
            ),
        ],
    );
    let s = open(&dir, "pages/index/index");
    no_errors(&s);
    logged(
        &logs(&s),
        &[
            // glass-easel Component._$advancedCreate: the shadow tree (its components
            // created) before `created`, then the first properties and their observers.
            "column created",
            "column created",
            "picker created, col there",
            "observer 7 col x",
            "query wrap",
        ],
    );
    let wxml = s.wxml().expect("rendered");
    assert!(wxml.contains("x:7"), "{wxml}");
}

#[test]
fn a_2d_canvas_node_has_a_size_a_recording_context_and_animation_frames() {
    let dir = app(
        "canvas-2d",
        &[
            (
                "pages/index/index.wxml",
                r#"<canvas type="2d" id="c" style="width: 200px; height: 100px"/><canvas type="webgl" id="g"/><canvas canvas-id="old" id="old"/>"#,
            ),
            (
                "pages/index/index.js",
                r"Page({ onReady() {
                  const q = this.createSelectorQuery();
                  q.select('#c').boundingClientRect();
                  q.select('#c').node();
                  q.select('#c').fields({ node: true, size: true });
                  q.select('#g').node();
                  q.select('#old').node();
                  q.exec((res) => {
                    const canvas = res[1].node;
                    console.log('size ' + canvas.width + 'x' + canvas.height);
                    console.log('same node ' + (res[2].node === canvas));
                    canvas.width = 400;
                    const ctx = canvas.getContext('2d');
                    console.log('same ctx ' + (canvas.getContext('2d') === ctx) + ' canvas ' + (ctx.canvas === canvas));
                    ctx.fillStyle = 'red';
                    ctx.save();
                    ctx.fillStyle = 'blue';
                    ctx.restore();
                    ctx.fillRect(0, 0, 10, 10);
                    ctx.font = '20px sans-serif';
                    console.log('fill ' + ctx.fillStyle + ' text ' + ctx.measureText('ab').width);
                    console.log('actions ' + ctx.__wxboxActions.map((a) => a.method).join(','));
                    console.log('webgl ' + res[3].node.getContext('webgl') + ' 2d on webgl ' + res[3].node.getContext('2d'));
                    console.log('old ' + res[4].node);
                    const t0 = Date.now();
                    canvas.requestAnimationFrame((ts) => console.log('frame after ' + (ts - t0)));
                    const id = canvas.requestAnimationFrame(() => console.log('cancelled frame ran'));
                    canvas.cancelAnimationFrame(id);
                  });
                } })",
            ),
        ],
    );
    let s = open(&dir, "pages/index/index");
    no_errors(&s);
    logged(
        &logs(&s),
        &[
            "size 200x100",
            "same node true",
            "same ctx true canvas true",
            "fill red text 24",
            "actions set fillStyle,save,set fillStyle,restore,fillRect,set font",
            "webgl null 2d on webgl null",
            "old null",
            "frame after 16",
        ],
    );
}

#[test]
fn a_component_reaches_its_canvas_node_through_its_own_selector_query() {
    // The shape of a barrage library: `this.comp.createSelectorQuery()` from a plain class
    // built in the component's `attached`, a box and the node in one exec.
    let dir = app(
        "canvas-comp",
        &[
            (
                "pages/index/index.json",
                r#"{"usingComponents":{"layer":"/comp/layer/index"}}"#,
            ),
            ("pages/index/index.wxml", "<layer/>"),
            ("pages/index/index.js", "Page({})"),
            ("comp/layer/index.json", r#"{"component":true}"#),
            (
                "comp/layer/index.wxml",
                r#"<canvas type="2d" id="weui-canvas"/>"#,
            ),
            (
                "comp/layer/index.js",
                r"function Layer(comp) {
                  const query = comp.createSelectorQuery();
                  query.select('#weui-canvas').boundingClientRect();
                  query.select('#weui-canvas').node();
                  query.exec((res) => {
                    this.canvas = res[1].node;
                    this.canvas.width = res[0].width * 2;
                    this.ctx = this.canvas.getContext('2d');
                    this.ctx.scale(2, 2);
                    console.log('layer ' + this.canvas.width + ' ' + JSON.stringify(this.ctx.getTransform()));
                  });
                }
                Component({ lifetimes: { attached() { this.layer = new Layer(this); } } })",
            ),
        ],
    );
    let s = open(&dir, "pages/index/index");
    no_errors(&s);
    logged(
        &logs(&s),
        &[r#"layer 0 {"a":2,"b":0,"c":0,"d":2,"e":0,"f":0,"is2D":true}"#],
    );
}
