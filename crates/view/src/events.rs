//! Which handlers an event reaches, in order: the capture phase from the root down to the
//! target (`capture-bind`, `capture-catch`), then the bubble phase from the target up
//! (`bind`, `catch` which stops it, `mut-bind` of which only the nearest runs). The app model
//! runs the plan; nothing here touches JavaScript.

use serde_json::{Map, Value};

use crate::parse::BindKind;
use crate::tree::{chain, Node};

/// How an event travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Propagation {
    /// Bubbles up from the target (tap does; input, submit, getuserinfo do not).
    pub bubbles: bool,
    /// Crosses component boundaries (native events do; `triggerEvent` only when asked).
    pub composed: bool,
}

/// Touch events bubble and cross component boundaries (WeChat's "bubbling events").
pub const BUBBLING: &[&str] = &[
    "tap",
    "longpress",
    "longtap",
    "touchstart",
    "touchmove",
    "touchend",
    "touchcancel",
    "transitionend",
    "animationstart",
    "animationiteration",
    "animationend",
    "touchforcechange",
];

impl Propagation {
    /// How a native event of `kind` travels.
    #[must_use]
    pub fn native(kind: &str) -> Self {
        let bubbles = BUBBLING.contains(&kind);
        Propagation {
            bubbles,
            composed: bubbles,
        }
    }
}

/// One handler to run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Call {
    /// The page or component instance whose method it is.
    pub owner: u32,
    /// The method name.
    pub method: String,
    /// The path of the element the handler is on (`currentTarget`).
    pub current: Vec<usize>,
    /// The `<wxs>` function to call instead of a method, when the binding names one.
    pub wxs: Option<std::rc::Rc<crate::wxs::WxsFn>>,
}

/// The handlers an event reaches, and its merged `mark`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Plan {
    /// In order.
    pub calls: Vec<Call>,
    /// `mark:` values from the root to the target, nearer ones winning.
    pub mark: Map<String, Value>,
}

/// Plans `event` at the element `target` (a path from the root).
#[must_use]
pub fn plan(nodes: &[Node], target: &[usize], event: &str, how: Propagation) -> Plan {
    let elements = chain(nodes, target);
    let mut out = Plan::default();
    let Some(tgt) = elements.last() else {
        return out;
    };
    // The elements the event visits: all ancestors when composed, else the target's template.
    let visits: Vec<usize> = (0..elements.len())
        .filter(|i| how.composed || elements[*i].owner == tgt.owner)
        .collect();
    for i in &visits {
        for (k, v) in &elements[*i].marks {
            out.mark.insert(k.to_string(), v.clone());
        }
    }
    let path_to = |i: usize| target[..=i].to_vec();
    let last = elements.len() - 1;
    // Capture: root to target (only the target when the event does not bubble).
    for &i in visits.iter().filter(|i| how.bubbles || **i == last) {
        for h in elements[i].handlers.iter().filter(|h| &*h.event == event) {
            match h.kind {
                BindKind::CaptureBind | BindKind::CaptureCatch => {
                    out.calls.push(Call {
                        owner: elements[i].owner,
                        method: h.method.clone(),
                        current: path_to(i),
                        wxs: h.wxs.clone(),
                    });
                    if h.kind == BindKind::CaptureCatch {
                        return out;
                    }
                }
                _ => {}
            }
        }
    }
    let mut mut_done = false;
    for &i in visits.iter().rev().filter(|i| how.bubbles || **i == last) {
        let mut stop = false;
        for h in elements[i].handlers.iter().filter(|h| &*h.event == event) {
            let run = match h.kind {
                BindKind::Bind => true,
                BindKind::Catch => {
                    stop = true;
                    true
                }
                BindKind::MutBind => !std::mem::replace(&mut mut_done, true),
                BindKind::CaptureBind | BindKind::CaptureCatch => false,
            };
            if run {
                out.calls.push(Call {
                    owner: elements[i].owner,
                    method: h.method.clone(),
                    current: path_to(i),
                    wxs: h.wxs.clone(),
                });
            }
        }
        if stop {
            break;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::render::{compile, render, NoHost};

    fn order(src: &'static str, target: &[usize]) -> (Vec<String>, Map<String, Value>) {
        let f = move |p: &str| (p == "p.wxml").then(|| src.to_string());
        let c = compile("p.wxml", &f).expect("ok").expect("ok");
        let t = render(&c, &json!({}), 1, &mut NoHost).nodes;
        let p = plan(&t, target, "tap", Propagation::native("tap"));
        (p.calls.into_iter().map(|c| c.method).collect(), p.mark)
    }

    #[test]
    fn capture_then_bubble_with_catch_and_mut_bind() {
        let (calls, mark) = order(
            r#"<view capture-bind:tap="c1" bindtap="outer" mark:a="1" mark:b="outer"><view mut-bind:tap="m1" catchtap="stop"><view mut-bind:tap="m2" bind:tap="inner" mark:b="inner"/></view></view>"#,
            &[0, 0, 0],
        );
        assert_eq!(calls, ["c1", "m2", "inner", "stop"]);
        assert_eq!(
            mark,
            json!({"a": "1", "b": "inner"})
                .as_object()
                .cloned()
                .expect("ok")
        );
        let (calls, _) = order(
            r#"<view capture-catch:tap="c1" bindtap="outer"><view bindtap="inner"/></view>"#,
            &[0, 0],
        );
        assert_eq!(calls, ["c1"]);
    }
}
