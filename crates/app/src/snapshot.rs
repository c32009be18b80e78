//! What the view layer last received of each component instance's data, as JSON.
//!
//! In WeChat the view layer never reads a component's `this.data`: `setData` sends the changed
//! fields across to it ("setData 函数用于将数据从逻辑层发送到视图层（异步）",
//! <https://developers.weixin.qq.com/miniprogram/dev/reference/api/Page.html#Page-prototype-setData-Object-data-Function-callback>).
//! So an instance's data need only be copied out of the engine again after its own `setData`
//! or a change of its properties; until then a render reuses the last copy. Without this, every
//! render of a page copied every instance's data out of the engine again (the official demo's
//! icons page: 162 icons, each holding a base64 SVG, copied on every one of its renders).
//!
//! A snapshot is taken when the renderer asks for an instance's data; it is dropped by the
//! instance's `setData` and by a change of its properties (what the renderer uses must then
//! be copied again). This module knows nothing of rendering or of the tree.

use std::collections::HashMap;

use serde_json::Value;

/// Snapshots of one page's instances (and of the page), by id.
#[derive(Debug, Clone, Default)]
pub struct Snapshots {
    data: HashMap<u32, Value>,
}

impl Snapshots {
    /// Whether `id` has changed since its data was last taken (or never was).
    #[must_use]
    pub fn stale(&self, id: u32) -> bool {
        !self.data.contains_key(&id)
    }

    /// `id`'s data changed: the next render copies it again.
    pub fn drop_data(&mut self, id: u32) {
        self.data.remove(&id);
    }

    /// Marks `id` as seen by the render in progress without keeping its data (the page's own
    /// data is always copied afresh; this only records that the render saw its latest).
    pub fn mark_seen(&mut self, id: u32) {
        self.data.entry(id).or_insert(Value::Null);
    }

    /// Forgets every id `keep` rejects (detached instances).
    pub fn retain(&mut self, keep: impl Fn(u32) -> bool) {
        self.data.retain(|id, _| keep(*id));
    }

    /// The snapshot of `id`, if it is current.
    #[must_use]
    pub fn get(&self, id: u32) -> Option<&Value> {
        self.data.get(&id)
    }

    /// Keeps `value` as what the view has of `id`.
    pub fn put(&mut self, id: u32, value: Value) {
        self.data.insert(id, value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn set_data_drops_the_snapshot_and_a_render_takes_it_again() {
        let mut s = Snapshots::default();
        assert!(s.stale(3));
        s.put(3, Value::from(1));
        assert!(!s.stale(3));
        assert_eq!(s.get(3), Some(&Value::from(1)));
        s.drop_data(3);
        assert!(s.stale(3));
        s.mark_seen(4);
        assert!(!s.stale(4));
        s.retain(|id| id != 4);
        assert!(s.stale(4));
    }
}
