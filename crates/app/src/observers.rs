//! Data observers (`observers: {'a.b, list[0], some.**': fn}`): their keys parsed, and which of
//! them a changed data path triggers, by glass-easel's rules (glass-easel/src/data_path.ts
//! `parseMultiPaths`, glass-easel/src/data_proxy.ts `markTriggerBitOnPath`).
//!
//! This module knows paths and the values at them, nothing of setData, rendering or components:
//! [`crate::data`] decides when observers run.

use boa_engine::{Context, JsObject, JsResult, JsString, JsValue};

/// One path of an observer key: field names and indexes as text (`list[0]` is `["list", "0"]`),
/// `wildcard` when it ends in `**`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ObservedPath {
    /// The segments before any `**`.
    pub segs: Vec<String>,
    /// The path ended in `**` (`some.**`, or `**` alone with no segments).
    pub wildcard: bool,
}

/// A data observer: the paths of its key, in order, and the function (or method name).
#[derive(Debug, Clone)]
pub struct Observer {
    /// The key as written.
    pub key: String,
    /// Its paths, in the order the function receives their values.
    pub paths: Vec<ObservedPath>,
    /// A function, or a string naming a method.
    pub func: JsValue,
}

/// Whether a change at `changed` triggers `p`. glass-easel walks the changed path down an
/// observer tree: a `**` observer on a node the walk passes fires (`some.**` for `some.a.b`),
/// and every observer at or below the node where the walk ends fires (`a.b` and `a.b.**` for a
/// change of `a`). An observer on `a` does *not* fire for a change of `a.b` alone.
#[must_use]
pub fn triggers(p: &ObservedPath, changed: &[String]) -> bool {
    let covers = |short: &[String], long: &[String]| {
        short.len() <= long.len() && short.iter().zip(long).all(|(a, b)| a == b)
    };
    covers(changed, &p.segs) || (p.wildcard && covers(&p.segs, changed))
}

/// Parses an observer key: paths separated by commas, each `name(.name|[index])*` optionally
/// ending in `.**`, or `**` alone; whitespace around the parts is allowed.
///
/// # Errors
/// The key and the position where it stops making sense, as glass-easel reports it.
pub fn parse_key(key: &str) -> Result<Vec<ObservedPath>, String> {
    let chars: Vec<char> = key.chars().collect();
    let mut cur = 0usize;
    let mut out = Vec::new();
    loop {
        out.push(parse_one(key, &chars, &mut cur)?);
        skip_ws(&chars, &mut cur);
        if chars.get(cur) == Some(&',') {
            cur += 1;
            continue;
        }
        break;
    }
    if cur != chars.len() {
        return Err(format!(
            "data path descriptor \"{key}\" is illegal at char {cur}"
        ));
    }
    Ok(out)
}

fn skip_ws(chars: &[char], cur: &mut usize) {
    while chars.get(*cur).is_some_and(|c| c.is_whitespace()) {
        *cur += 1;
    }
}

fn stars(chars: &[char], cur: usize) -> bool {
    chars.get(cur) == Some(&'*') && chars.get(cur + 1) == Some(&'*')
}

fn field(key: &str, chars: &[char], cur: &mut usize) -> Result<String, String> {
    let mut name = String::new();
    while let Some(&c) = chars.get(*cur) {
        if c == '\\' {
            // `\` takes the next character into the name (glass-easel's escape).
            if let Some(&n) = chars.get(*cur + 1) {
                name.push(n);
                *cur += 1;
            }
        } else if c == '_' || c.is_ascii_alphabetic() {
            name.push(c);
        } else if c.is_ascii_digit() {
            if name.is_empty() {
                return Err(format!(
                    "data path descriptor \"{key}\" is illegal at char {} (field name cannot start with digits)",
                    *cur
                ));
            }
            name.push(c);
        } else {
            break;
        }
        *cur += 1;
    }
    Ok(name)
}

fn parse_one(key: &str, chars: &[char], cur: &mut usize) -> Result<ObservedPath, String> {
    skip_ws(chars, cur);
    if stars(chars, *cur) {
        *cur += 2;
        return Ok(ObservedPath {
            segs: Vec::new(),
            wildcard: true,
        });
    }
    let first = field(key, chars, cur)?;
    if first.is_empty() {
        return Err(format!(
            "data path descriptor \"{key}\" is illegal at char {} (first field name illegal)",
            *cur
        ));
    }
    let mut segs = vec![first];
    loop {
        skip_ws(chars, cur);
        match chars.get(*cur) {
            Some('.') => {
                *cur += 1;
                skip_ws(chars, cur);
                if stars(chars, *cur) {
                    *cur += 2;
                    return Ok(ObservedPath {
                        segs,
                        wildcard: true,
                    });
                }
                let name = field(key, chars, cur)?;
                if name.is_empty() {
                    return Err(format!(
                        "data path descriptor \"{key}\" is illegal at char {} (field name illegal)",
                        *cur
                    ));
                }
                segs.push(name);
            }
            Some('[') => {
                *cur += 1;
                skip_ws(chars, cur);
                let start = *cur;
                while chars.get(*cur).is_some_and(char::is_ascii_digit) {
                    *cur += 1;
                }
                let digits: String = chars[start..*cur].iter().collect();
                skip_ws(chars, cur);
                let index = digits.parse::<u64>().ok();
                match (index, chars.get(*cur)) {
                    (Some(i), Some(']')) => {
                        *cur += 1;
                        segs.push(i.to_string());
                    }
                    _ => {
                        return Err(format!(
                            "data path descriptor \"{key}\" is illegal at char {} (illegal index)",
                            *cur
                        ))
                    }
                }
            }
            _ => {
                return Ok(ObservedPath {
                    segs,
                    wildcard: false,
                })
            }
        }
    }
}

/// The values an observer receives: for each of its paths, the value there in `data` (the part
/// before `**` for a wildcard; `undefined` where the path runs out).
///
/// # Errors
/// A throwing getter in the data.
pub fn values(data: &JsObject, o: &Observer, ctx: &mut Context) -> JsResult<Vec<JsValue>> {
    let mut out = Vec::with_capacity(o.paths.len());
    for p in &o.paths {
        let mut v: JsValue = data.clone().into();
        for seg in &p.segs {
            v = match v.as_object() {
                Some(obj) => obj.get(JsString::from(seg.as_str()), ctx)?,
                None => JsValue::undefined(),
            };
        }
        out.push(v);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(segs: &[&str], wildcard: bool) -> ObservedPath {
        ObservedPath {
            segs: segs.iter().map(|s| (*s).to_string()).collect(),
            wildcard,
        }
    }

    fn c(path: &[&str]) -> Vec<String> {
        path.iter().map(|s| (*s).to_string()).collect()
    }

    #[test]
    fn keys_parse_as_glass_easel_parses_them() {
        assert_eq!(parse_key("a").expect("parses"), vec![p(&["a"], false)]);
        assert_eq!(
            parse_key(" a.b , list[0].name ").expect("parses"),
            vec![p(&["a", "b"], false), p(&["list", "0", "name"], false)]
        );
        assert_eq!(
            parse_key("some.**, **").expect("parses"),
            vec![p(&["some"], true), p(&[], true)]
        );
        assert!(parse_key("a[x]").is_err());
        assert!(parse_key("1a").is_err());
        assert!(parse_key("a..b").is_err());
        assert!(parse_key("a b").is_err());
    }

    #[test]
    fn changes_trigger_observers_by_the_tree_rules() {
        // Setting a field triggers its own observer and those below it.
        assert!(triggers(&p(&["a", "b"], false), &c(&["a"])));
        assert!(triggers(&p(&["a", "b"], false), &c(&["a", "b"])));
        assert!(triggers(&p(&["a", "b"], true), &c(&["a"])));
        // A sub-field change reaches `**` above it, not a plain observer above it.
        assert!(triggers(&p(&["a"], true), &c(&["a", "b", "c"])));
        assert!(!triggers(&p(&["a"], false), &c(&["a", "b"])));
        assert!(triggers(&p(&[], true), &c(&["x"])));
        assert!(!triggers(&p(&["a", "b"], false), &c(&["a", "c"])));
        assert!(triggers(&p(&["list", "0"], false), &c(&["list"])));
        assert!(!triggers(&p(&["list", "0"], false), &c(&["list", "1"])));
    }
}
