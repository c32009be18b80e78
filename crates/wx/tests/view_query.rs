//! SelectorQuery and IntersectionObserver over an installed [`ViewQuery`]: the answers the view
//! gives are shaped as WeChat shapes them (boundingClientRect, fields, scrollOffset), `.in()`
//! narrows the scope the view is asked about, results arrive asynchronously and in order.

use std::cell::RefCell;
use std::rc::Rc;

use boa_engine::{Context, JsObject};
use serde_json::{json, Map};
use wxbox_wx::families::query::{set_view_query, Node, Rect, ViewQuery};

mod support;

/// A page with `#a` (100x50 at 10,20, `data-k="v"`) and two `.item`s, the second below the
/// viewport; inside a component scope `#inner` and the `.item`s exist.
struct FakeView {
    asked: RefCell<Vec<(bool, String)>>,
}

impl ViewQuery for FakeView {
    fn select(&self, _: &mut Context, scope: Option<&JsObject>, selector: &str) -> Vec<Node> {
        self.asked
            .borrow_mut()
            .push((scope.is_some(), selector.to_string()));
        let node = |id: &str, top: f64| Node {
            id: id.into(),
            dataset: {
                let mut m = Map::new();
                m.insert("k".into(), json!("v"));
                m
            },
            rect: Rect {
                left: 10.0,
                top,
                width: 100.0,
                height: 50.0,
            },
            ..Node::default()
        };
        match (scope.is_some(), selector) {
            (false, "#a") => vec![node("a", 20.0)],
            (_, ".item") => vec![node("i1", 0.0), node("i2", 5000.0)],
            (true, "#inner") => vec![node("inner", 0.0)],
            _ => Vec::new(),
        }
    }
}

fn run(js: &str, view: Rc<FakeView>) -> Vec<String> {
    support::run_with(js, |ctx| set_view_query(ctx, view))
}

#[test]
fn selector_queries_answer_from_the_view_in_order_and_later() {
    let view = Rc::new(FakeView {
        asked: RefCell::new(Vec::new()),
    });
    let lines = run(
        "const q = wx.createSelectorQuery();
         q.select('#a').boundingClientRect(r => console.log('rect', JSON.stringify(r)));
         q.selectAll('.item').fields({ id: true, size: true }, r => console.log('fields', JSON.stringify(r)));
         q.select('#missing').scrollOffset();
         q.exec(res => console.log('exec', res.length, res[2]));
         const scoped = wx.createSelectorQuery().in({});
         scoped.select('#inner').boundingClientRect().exec(res => console.log('in', res[0].id));
         console.log('sync first');",
        view.clone(),
    );
    assert_eq!(
        lines,
        [
            "sync first",
            r#"rect {"id":"a","dataset":{"k":"v"},"left":10,"right":110,"top":20,"bottom":70,"width":100,"height":50}"#,
            r#"fields [{"id":"i1","width":100,"height":50},{"id":"i2","width":100,"height":50}]"#,
            "exec 3 null",
            "in inner",
        ]
    );
    assert_eq!(
        *view.asked.borrow(),
        [
            (false, "#a".to_string()),
            (false, ".item".to_string()),
            (false, "#missing".to_string()),
            (true, "#inner".to_string()),
        ]
    );
}

#[test]
fn intersection_observers_hear_the_nodes_inside_the_viewport() {
    let view = Rc::new(FakeView {
        asked: RefCell::new(Vec::new()),
    });
    let lines = run(
        "wx.createIntersectionObserver({}, { observeAll: true }).relativeToViewport()
           .observe('.item', r => console.log('seen', r.id, r.intersectionRatio));
         const gone = wx.createIntersectionObserver({});
         gone.observe('.item', r => console.log('never', r.id));
         gone.disconnect();",
        view,
    );
    assert_eq!(lines, ["seen i1 1"]);
}
