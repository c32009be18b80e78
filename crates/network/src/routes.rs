//! The route keys of a mock backend and how a request picks one: `"POST /onLogin"` (one method),
//! `"/onLogin"` (any method), `"GET /goods/:id"` (a path parameter, `req.params.id`),
//! `"GET /api/*"` (the rest of the path, `req.params["*"]`) and `"*"` (everything).
//!
//! The most specific key wins, whatever the order of declaration: no wildcard before a wildcard,
//! then more literal segments, then a method before any method, then the first declared. It knows
//! nothing of engines or scripts: keys in, the winner and its parameters out.

use serde_json::{Map, Value};

#[derive(Debug, Clone, PartialEq, Eq)]
enum Segment {
    Literal(String),
    Param(String),
}

/// One parsed route key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pattern {
    method: Option<String>,
    segments: Vec<Segment>,
    /// Ends in `/*` (or is `*`): matches the rest of the path.
    rest: bool,
}

impl Pattern {
    /// Parses a key; `None` for an export that is not a route (a helper, a constant).
    #[must_use]
    pub fn parse(key: &str) -> Option<Self> {
        let key = key.trim();
        if key == "*" {
            return Some(Pattern {
                method: None,
                segments: Vec::new(),
                rest: true,
            });
        }
        let (method, path) = match key.split_once(' ') {
            Some((m, p)) if !m.is_empty() && m.bytes().all(|b| b.is_ascii_uppercase()) => {
                (Some(m.to_string()), p.trim())
            }
            _ => (None, key),
        };
        if path == "*" {
            return Some(Pattern {
                method,
                segments: Vec::new(),
                rest: true,
            });
        }
        let path = path.strip_prefix('/')?;
        let mut parts: Vec<&str> = path.split('/').collect();
        let rest = parts.last() == Some(&"*");
        if rest {
            parts.pop();
        }
        let segments = parts
            .into_iter()
            .map(|p| match p.strip_prefix(':') {
                Some(name) if !name.is_empty() => Segment::Param(name.to_string()),
                _ => Segment::Literal(p.to_string()),
            })
            .collect();
        Some(Pattern {
            method,
            segments,
            rest,
        })
    }

    /// The parameters when `method` and `path` (no query) match.
    #[must_use]
    pub fn matches(&self, method: &str, path: &str) -> Option<Map<String, Value>> {
        if self.method.as_deref().is_some_and(|m| m != method) {
            return None;
        }
        let parts: Vec<&str> = path.strip_prefix('/').unwrap_or(path).split('/').collect();
        let fixed = self.segments.len();
        let fits = if self.rest {
            parts.len() >= fixed
        } else {
            parts.len() == fixed
        };
        if !fits {
            return None;
        }
        let mut params = Map::new();
        for (seg, part) in self.segments.iter().zip(&parts) {
            match seg {
                Segment::Literal(l) if l == part => {}
                Segment::Param(name) if !part.is_empty() => {
                    params.insert(name.clone(), Value::String(decode(part)));
                }
                _ => return None,
            }
        }
        if self.rest {
            let tail = parts.get(fixed..).unwrap_or_default().join("/");
            params.insert("*".into(), Value::String(decode(&tail)));
        }
        Some(params)
    }

    /// Orders matches: lower is more specific.
    fn rank(&self) -> (bool, std::cmp::Reverse<usize>, bool) {
        let literals = self
            .segments
            .iter()
            .filter(|s| matches!(s, Segment::Literal(_)))
            .count();
        (
            self.rest,
            std::cmp::Reverse(literals),
            self.method.is_none(),
        )
    }
}

/// The most specific of `keys` (in declaration order) for the request, with its parameters.
#[must_use]
pub fn pick<'k>(
    keys: &'k [String],
    method: &str,
    path: &str,
) -> Option<(&'k str, Map<String, Value>)> {
    keys.iter()
        .filter_map(|k| {
            let p = Pattern::parse(k)?;
            let params = p.matches(method, path)?;
            Some((p.rank(), k.as_str(), params))
        })
        // `min_by_key` keeps the first of equals: the first declared.
        .min_by_key(|(rank, _, _)| *rank)
        .map(|(_, k, params)| (k, params))
}

/// Percent-decodes a path segment (`+` stays `+` in a path); invalid UTF-8 is replaced.
fn decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (b, hex) {
            (b'%', Some(v)) => {
                out.push(v);
                i += 3;
            }
            _ => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(k: &[&str]) -> Vec<String> {
        k.iter().map(|s| (*s).to_string()).collect()
    }

    #[test]
    fn exact_keys_win_then_params_then_wildcards() {
        let k = keys(&[
            "*",
            "GET /api/*",
            "/goods/:id",
            "GET /goods/:id",
            "GET /goods/new",
        ]);
        assert_eq!(
            pick(&k, "GET", "/goods/new").map(|m| m.0),
            Some("GET /goods/new")
        );
        let (key, params) = pick(&k, "GET", "/goods/42").expect("match");
        assert_eq!(key, "GET /goods/:id");
        assert_eq!(params["id"], "42");
        assert_eq!(
            pick(&k, "POST", "/goods/42").map(|m| m.0),
            Some("/goods/:id")
        );
        let (key, params) = pick(&k, "GET", "/api/users/7").expect("match");
        assert_eq!(key, "GET /api/*");
        assert_eq!(params["*"], "users/7");
        assert_eq!(pick(&k, "POST", "/api/users").map(|m| m.0), Some("*"));
        assert_eq!(pick(&k, "DELETE", "/").map(|m| m.0), Some("*"));
    }

    #[test]
    fn params_decode_and_need_a_segment() {
        let k = keys(&["GET /goods/:id/:part"]);
        let (_, p) = pick(&k, "GET", "/goods/a%20b/%E5%95%86").expect("match");
        assert_eq!(p["id"], "a b");
        assert_eq!(p["part"], "商");
        assert!(pick(&k, "GET", "/goods//x").is_none());
        assert!(pick(&k, "GET", "/goods/1").is_none());
        assert!(pick(&k, "GET", "/goods/1/2/3").is_none());
        // A broken escape is kept as written.
        assert_eq!(decode("100%"), "100%");
        assert_eq!(decode("%zz"), "%zz");
    }

    #[test]
    fn helpers_are_not_routes() {
        assert!(Pattern::parse("helper").is_none());
        assert!(Pattern::parse("GET nothing").is_none());
        assert!(Pattern::parse("/x").is_some());
        let k = keys(&["helper", "/x"]);
        assert_eq!(pick(&k, "GET", "/x").map(|m| m.0), Some("/x"));
        assert!(pick(&k, "GET", "/y").is_none());
    }
}
