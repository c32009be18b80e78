//! Selector queries (`wx.createSelectorQuery`, `this.createSelectorQuery().in(this)`) answered
//! from the rendered tree: what a headless view knows of a node (its id, dataset and, for a
//! component, its properties). There is no layout, so boxes and scroll positions are zero.
//!
//! This is the app model's side of [`wxbox_wx::families::query::ViewQuery`]; it reads the
//! views and never runs JavaScript.

use boa_engine::{Context, JsObject};
use serde_json::Map;
use wxbox_view::Selector;
use wxbox_wx::families::query::{Node, ViewQuery};

use crate::state::app_state;

/// The sandbox's rendered pages, as the query API sees them.
#[derive(Debug, Clone, Copy, Default)]
pub struct RenderedView;

impl ViewQuery for RenderedView {
    fn select(&self, ctx: &mut Context, scope: Option<&JsObject>, selector: &str) -> Vec<Node> {
        let Ok(state) = app_state(ctx) else {
            return Vec::new();
        };
        let s = state.borrow();
        // The scope: a component instance given to `.in()`, a page object, or the top page.
        let (owner, page) = match scope {
            Some(obj) => match s.instances.values().find(|i| i.page.obj == *obj) {
                Some(i) => (i.page.id, i.in_page),
                None => match s.views.iter().find(|(_, v)| v.obj == *obj) {
                    Some((id, _)) => (*id, *id),
                    None => return Vec::new(),
                },
            },
            None => match s.stack.last() {
                Some(top) => (top.id, top.id),
                None => return Vec::new(),
            },
        };
        // The page's tree, or a new component's shadow tree while its render runs.
        let tree = match crate::view::tree_of(&s, owner) {
            Some(t) if s.views.contains_key(&page) => t,
            _ => return Vec::new(),
        };
        // A selector WeChat accepts and ours does not simply matches nothing.
        let Ok(sel) = Selector::parse(selector) else {
            return Vec::new();
        };
        sel.find_all(tree, owner)
            .iter()
            .filter_map(|path| wxbox_view::tree::at(tree, path))
            .map(|el| Node {
                id: el.id(),
                dataset: el.dataset(),
                properties: Map::new(),
                tag: el.tag.to_string(),
                attrs: el
                    .attrs
                    .iter()
                    .map(|(k, v)| (k.to_string(), v.clone()))
                    .collect(),
                key: format!("{page}/{}/{}", el.owner, el.key),
                ..Node::default()
            })
            .collect()
    }
}
