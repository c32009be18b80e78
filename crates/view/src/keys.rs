//! `wx:key`: the identity of each item of a `wx:for` list, as glass-easel computes it
//! (`glass-easel/src/tmpl/range_list_diff.ts`, `RangeListManager.updateKeys`, and the guide's
//! `appendix/list_diff_algorithm.md`, "key 唯一化"):
//!
//! - the key is `String(item)` for `*this`, `String(item[field])` for a field name, and the empty
//!   string when that value is `null` or `undefined`;
//! - keys that repeat are made unique by suffixes: the first `b` stays `b`, the later ones become
//!   `b--0`, `b--1`, ... (skipping suffixed keys already in the list), and WeChat warns
//!   `Some keys are not unique while list updates: "b".`;
//! - without `wx:key` the index is the identity (glass-easel's "fast compare": positional).
//!
//! The identity decides which component instance and which typed input an item keeps across
//! renders, and what [`crate::diff`] calls an insert, a remove or a move. This module knows
//! nothing about rendering; it maps a list of items to their keys.

use std::collections::HashSet;

use serde_json::Value;

use crate::expr::to_text;

/// `String(v)` as JavaScript writes it, with `null` / `undefined` as the empty string.
fn key_text(v: Option<&Value>) -> String {
    match v {
        None | Some(Value::Null) => String::new(),
        Some(v) => to_text(v),
    }
}

/// The keys of `items` (index or object key, item) under `wx:key="{key}"`, and the keys that
/// repeated (empty when all were unique).
#[must_use]
pub fn list_keys(items: &[(Value, &Value)], key: Option<&str>) -> (Vec<String>, Vec<String>) {
    let raw: Vec<String> = match key {
        Some("*this") => items.iter().map(|(_, v)| key_text(Some(v))).collect(),
        Some(field) if !field.is_empty() => {
            items.iter().map(|(_, v)| key_text(v.get(field))).collect()
        }
        _ => return (items.iter().map(|(i, _)| to_text(i)).collect(), Vec::new()),
    };
    let mut taken: HashSet<&str> = HashSet::with_capacity(raw.len());
    let mut shared: Vec<String> = Vec::new();
    let mut repeats: Vec<usize> = Vec::new();
    for (i, k) in raw.iter().enumerate() {
        if !taken.insert(k.as_str()) {
            repeats.push(i);
            if !shared.contains(k) {
                shared.push(k.clone());
            }
        }
    }
    if repeats.is_empty() {
        return (raw, shared);
    }
    let mut used: HashSet<String> = raw.iter().cloned().collect();
    let mut out = raw.clone();
    // glass-easel numbers each shared key's repeats from 0, skipping suffixes already taken.
    for k in &shared {
        let mut inc = 0usize;
        for &i in &repeats {
            if raw.get(i) != Some(k) {
                continue;
            }
            while used.contains(&format!("{k}--{inc}")) {
                inc += 1;
            }
            let unique = format!("{k}--{inc}");
            used.insert(unique.clone());
            if let Some(slot) = out.get_mut(i) {
                *slot = unique;
            }
        }
    }
    (out, shared)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn keys(list: &Value, key: Option<&str>) -> (Vec<String>, Vec<String>) {
        let items: Vec<(Value, &Value)> = list
            .as_array()
            .map(|a| {
                a.iter()
                    .enumerate()
                    .map(|(i, v)| (Value::from(i), v))
                    .collect()
            })
            .unwrap_or_default();
        list_keys(&items, key)
    }

    #[test]
    fn keys_by_field_by_this_and_by_index() {
        let rows = json!([{"id": "a"}, {"id": 2}, {"id": null}, {}]);
        assert_eq!(keys(&rows, Some("id")).0, ["a", "2", "", "--0"]);
        assert_eq!(
            keys(&json!(["x", 1, true]), Some("*this")).0,
            ["x", "1", "true"]
        );
        assert_eq!(keys(&json!(["x", "y"]), None).0, ["0", "1"]);
    }

    #[test]
    fn repeated_keys_get_glass_easel_suffixes() {
        let (k, shared) = keys(&json!(["a", "b", "b", "b--0", "b"]), Some("*this"));
        // `b--0` is taken by an item of its own, so the repeats of `b` skip it.
        assert_eq!(k, ["a", "b", "b--1", "b--0", "b--2"]);
        assert_eq!(shared, ["b"]);
        // Objects under `*this` all stringify alike: each still gets an identity of its own.
        let (k, shared) = keys(&json!([{"n": 1}, {"n": 2}]), Some("*this"));
        assert_eq!(k, ["[object Object]", "[object Object]--0"]);
        assert_eq!(shared, ["[object Object]"]);
    }
}
