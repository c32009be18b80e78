//! The one list of `wx` methods and built-in components, loaded once per process from the JSON
//! tables checked in under `crates/wx/api/`:
//!
//! - `wx-api.json`: every method of `interface Wx` in the pinned `miniprogram-api-typings`,
//!   written by `tools/typings/extract.mjs` (a test re-runs it and compares);
//! - `superapp.json`: superapp extensions (`getAuthCode`), legacy methods real apps still call
//!   (`getSavedFileList`), and the components `canIUse` knows;
//! - `tiers.json`: the gap policy, the tier of every method no family binds (by name, by the
//!   interface it returns, by docs category, else the default);
//! - `docs-order.json`: the order the official documentation lists some methods' parameters in,
//!   applied to their `params` at load (WeChat names parameter errors in that order; the typings
//!   list required fields alphabetically, then optional ones).

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::LazyLock;

use serde::{Deserialize, Serialize};

use crate::install::Tier;
use crate::lazy::Lazy;
use crate::spec::{ApiSpec, Field, Interface};

/// The extracted typings table.
pub const TYPINGS_JSON: &str = include_str!("../api/wx-api.json");
/// The hand-written extensions and components table.
pub const SUPERAPP_JSON: &str = include_str!("../api/superapp.json");
/// The gap policy.
pub const TIERS_JSON: &str = include_str!("../api/tiers.json");
/// The documented parameter order of the methods whose validation can name several parameters.
pub const DOCS_ORDER_JSON: &str = include_str!("../api/docs-order.json");

/// Where the typings table came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Source {
    /// npm package name.
    pub package: String,
    /// Pinned version.
    pub version: String,
    /// The declaration file read.
    pub file: String,
    /// sha256 of that file, hex.
    pub sha256: String,
    /// The script that wrote the table.
    pub extractor: String,
}

impl Source {
    /// The table's source, read from its `"source"` line alone (the extractor writes it on
    /// the table's second line): cheap enough for `wxbox --version`, which must not parse the
    /// whole table.
    #[must_use]
    pub fn of_table() -> Option<Source> {
        let line = TYPINGS_JSON
            .lines()
            .find_map(|l| l.trim().strip_prefix("\"source\":"))?;
        serde_json::from_str(line.trim().trim_end_matches(',')).ok()
    }
}

#[cfg(test)]
mod source_tests {
    #[test]
    fn the_source_line_alone_gives_the_tables_source() {
        let full: serde_json::Value =
            serde_json::from_str(super::TYPINGS_JSON).expect("the table parses");
        let one = super::Source::of_table().expect("a source line");
        assert_eq!(serde_json::to_value(&one).ok().as_ref(), full.get("source"));
    }
}

/// An attribute of a built-in component.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attribute {
    /// `open-type`.
    pub name: String,
    /// The values WeChat documents (`getUserInfo`, ...); empty when free-form.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub values: Vec<String>,
    /// Values the superapp adds (`getEmailAddress`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extension_values: Vec<String>,
    /// The attribute itself is a superapp extension.
    #[serde(default)]
    pub extension: bool,
}

/// A built-in component `canIUse` answers for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Component {
    /// Tag name.
    pub name: String,
    /// Its attributes.
    pub attributes: Vec<Attribute>,
}

#[derive(Deserialize)]
struct TypingsFile {
    source: Source,
    count: usize,
    methods: Vec<ApiSpec>,
    #[serde(default)]
    interfaces: Vec<Interface>,
}

#[derive(Deserialize)]
struct SuperappFile {
    methods: Vec<ApiSpec>,
    #[serde(default)]
    legacy: Vec<ApiSpec>,
    components: Vec<Component>,
}

/// What the gap policy says about one method.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MethodPolicy {
    /// Its tier.
    pub tier: Tier,
    /// Merge the device description's fields the table lists for it under `result`.
    #[serde(default)]
    pub device: bool,
    /// What it answers: success fields (async) or the return value (sync).
    #[serde(default)]
    pub result: Option<serde_json::Value>,
}

/// The gap policy (`tiers.json`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Policy {
    #[serde(default)]
    about: String,
    /// The tier of a method no other rule covers.
    pub default: Tier,
    /// Tier by docs category.
    pub categories: HashMap<String, Tier>,
    /// Tier (and answer) by method name.
    pub methods: HashMap<String, MethodPolicy>,
}

impl Policy {
    /// The tier of an unbound `spec`, and its entry when it has one.
    #[must_use]
    pub fn tier(&self, spec: &ApiSpec) -> (Tier, Option<&MethodPolicy>) {
        if let Some(p) = self.methods.get(&spec.name) {
            return (p.tier, Some(p));
        }
        if spec.object.is_some() && spec.call == crate::spec::Call::Sync {
            return (Tier::Objects, None);
        }
        if let Some(t) = self.categories.get(&spec.category) {
            return (*t, None);
        }
        (self.default, None)
    }

    /// What the policy is for, as written in the file.
    #[must_use]
    pub fn about(&self) -> &str {
        &self.about
    }
}

/// One method's documented parameter order (`docs-order.json`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DocsOrder {
    /// Every parameter of the method, in the order of its documentation page's table.
    pub order: Vec<String>,
    /// That page.
    pub source: String,
    /// How the page was read, or what it lists beyond the typings.
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DocsOrderFile {
    #[serde(default, rename = "about")]
    _about: String,
    methods: BTreeMap<String, DocsOrder>,
}

/// What is wrong with a method's entry in `docs-order.json`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrderProblem {
    /// The name is not one of the method's parameters.
    NotAParameter,
    /// The name is listed twice.
    Twice,
    /// A parameter of the method the entry does not list.
    Unlisted,
}

impl std::fmt::Display for OrderProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            OrderProblem::NotAParameter => "is not one of its parameters",
            OrderProblem::Twice => "is listed twice",
            OrderProblem::Unlisted => "is a parameter the entry does not list",
        })
    }
}

/// A table that cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum SurfaceError {
    /// Not the expected JSON.
    #[error("{file}: {source}")]
    Json {
        /// Which table.
        file: &'static str,
        /// The parse error (with line and column).
        source: serde_json::Error,
    },
    /// A method or component appears twice.
    #[error("`{0}` is listed twice")]
    Duplicate(String),
    /// The typings table's `count` does not match its entries.
    #[error("wx-api.json says {said} methods but lists {found}")]
    Count {
        /// The recorded count.
        said: usize,
        /// The entries present.
        found: usize,
    },
    /// A superapp extension without its `extension` note, or a legacy method without its
    /// `legacy` note.
    #[error("superapp method `{0}` has no `extension` (or, under `legacy`, `legacy`) note")]
    Unmarked(String),
    /// The gap policy names a method the table does not have.
    #[error("tiers.json: `{0}` is not in the API table")]
    UnknownPolicy(String),
    /// A method's `object` names an interface the table does not list.
    #[error("`{0}` returns an interface the table does not list")]
    UnknownInterface(String),
    /// `docs-order.json` orders a method the table does not have.
    #[error("docs-order.json: `{0}` is not in the API table")]
    UnknownOrdered(String),
    /// `docs-order.json`'s entry for a method does not list exactly its parameters.
    #[error("docs-order.json: `{method}`: `{name}` {problem}")]
    Order {
        /// The method.
        method: String,
        /// The parameter name at fault.
        name: String,
        /// What is wrong with it.
        problem: OrderProblem,
    },
}

/// `params` in the order `order` names them.
///
/// # Errors
/// A name that is not a parameter, a name listed twice, a parameter not listed.
fn reorder(method: &str, params: &[Field], order: &[String]) -> Result<Vec<Field>, SurfaceError> {
    let fault = |name: &str, problem| SurfaceError::Order {
        method: method.to_string(),
        name: name.to_string(),
        problem,
    };
    let mut out = Vec::with_capacity(params.len());
    for (i, name) in order.iter().enumerate() {
        if order[..i].contains(name) {
            return Err(fault(name, OrderProblem::Twice));
        }
        let field = params
            .iter()
            .find(|p| &p.name == name)
            .ok_or_else(|| fault(name, OrderProblem::NotAParameter))?;
        out.push(field.clone());
    }
    if let Some(p) = params.iter().find(|p| !order.contains(&p.name)) {
        return Err(fault(&p.name, OrderProblem::Unlisted));
    }
    Ok(out)
}

/// Every method and component, with a name index.
#[derive(Debug)]
pub struct Surface {
    /// Provenance of the typings part.
    pub source: Source,
    /// Typings methods first, then superapp extensions.
    pub methods: Vec<ApiSpec>,
    /// Built-in components.
    pub components: Vec<Component>,
    /// The interfaces methods return, by name.
    pub interfaces: Vec<Interface>,
    /// The gap policy.
    pub policy: Policy,
    index: HashMap<String, usize>,
}

impl Surface {
    /// Parses and checks the tables with the checked-in gap policy.
    ///
    /// # Errors
    /// See [`Surface::parse_with`].
    pub fn parse(typings: &str, superapp: &str) -> Result<Self, SurfaceError> {
        Self::parse_with(typings, superapp, TIERS_JSON)
    }

    /// Parses and checks the tables with the checked-in documented parameter order.
    ///
    /// # Errors
    /// See [`Surface::parse_tables`].
    pub fn parse_with(typings: &str, superapp: &str, tiers: &str) -> Result<Self, SurfaceError> {
        Self::parse_tables(typings, superapp, tiers, DOCS_ORDER_JSON)
    }

    /// Parses and checks the four tables, and puts the params of each method `docs_order` lists
    /// in its documented order (those methods' field lists are parsed now, not on first use).
    ///
    /// # Errors
    /// Bad JSON, a name listed twice, a wrong count, an unmarked extension or legacy method, a
    /// policy for a method the table lacks, an `object` naming no listed interface, an order for
    /// a method the table lacks or one that does not list exactly the method's params.
    pub fn parse_tables(
        typings: &str,
        superapp: &str,
        tiers: &str,
        docs_order: &str,
    ) -> Result<Self, SurfaceError> {
        let t: TypingsFile =
            serde_json::from_str(typings).map_err(|source| SurfaceError::Json {
                file: "wx-api.json",
                source,
            })?;
        let s: SuperappFile =
            serde_json::from_str(superapp).map_err(|source| SurfaceError::Json {
                file: "superapp.json",
                source,
            })?;
        if t.count != t.methods.len() {
            return Err(SurfaceError::Count {
                said: t.count,
                found: t.methods.len(),
            });
        }
        let policy: Policy = serde_json::from_str(tiers).map_err(|source| SurfaceError::Json {
            file: "tiers.json",
            source,
        })?;
        if let Some(m) = s.methods.iter().find(|m| m.extension.is_none()) {
            return Err(SurfaceError::Unmarked(m.name.clone()));
        }
        if let Some(m) = s.legacy.iter().find(|m| m.legacy.is_none()) {
            return Err(SurfaceError::Unmarked(m.name.clone()));
        }
        let mut methods = t.methods;
        methods.extend(s.methods);
        methods.extend(s.legacy);
        let mut index = HashMap::new();
        for (i, m) in methods.iter().enumerate() {
            if index.insert(m.name.clone(), i).is_some() {
                return Err(SurfaceError::Duplicate(m.name.clone()));
            }
        }
        if let Some(name) = policy.methods.keys().find(|n| !index.contains_key(*n)) {
            return Err(SurfaceError::UnknownPolicy(name.clone()));
        }
        let order: DocsOrderFile =
            serde_json::from_str(docs_order).map_err(|source| SurfaceError::Json {
                file: "docs-order.json",
                source,
            })?;
        for (name, entry) in &order.methods {
            let m = index
                .get(name)
                .map(|&i| &mut methods[i])
                .ok_or_else(|| SurfaceError::UnknownOrdered(name.clone()))?;
            let file = if m.extension.is_some() || m.legacy.is_some() {
                "superapp.json"
            } else {
                "wx-api.json"
            };
            let params = m
                .params
                .check()
                .map_err(|source| SurfaceError::Json { file, source })?;
            let ordered = reorder(name, params, &entry.order)?;
            m.params = Lazy::new(ordered);
        }
        let interfaces = t.interfaces;
        let listed = |n: &String| interfaces.iter().any(|i| &i.name == n);
        // The interfaces' own methods are checked by `check_deep` (the tests), not at every
        // launch: they stay unparsed until used.
        for m in &methods {
            if let Some(o) = m.object.as_ref().filter(|o| !listed(o)) {
                return Err(SurfaceError::UnknownInterface(o.clone()));
            }
        }
        let mut seen = HashSet::new();
        for c in &s.components {
            if !seen.insert(c.name.as_str()) {
                return Err(SurfaceError::Duplicate(c.name.clone()));
            }
        }
        Ok(Surface {
            source: t.source,
            methods,
            components: s.components,
            interfaces,
            policy,
            index,
        })
    }

    /// Parses every part left for later and checks it: the field lists of every method, the
    /// interfaces' methods and the interfaces they return. The tests run it on the checked-in
    /// tables; a launch does not.
    ///
    /// # Errors
    /// The first part that does not parse, or an `object` naming no listed interface.
    pub fn check_deep(&self) -> Result<(), SurfaceError> {
        let json = |source| SurfaceError::Json {
            file: "wx-api.json",
            source,
        };
        let mut all: Vec<&ApiSpec> = self.methods.iter().collect();
        for i in &self.interfaces {
            all.extend(i.methods.check().map_err(json)?.iter());
        }
        for m in all {
            m.params.check().map_err(json)?;
            m.success.check().map_err(json)?;
            m.ret.check().map_err(json)?;
            if let Some(o) = m.object.as_ref().filter(|o| self.interface(o).is_none()) {
                return Err(SurfaceError::UnknownInterface(o.clone()));
            }
        }
        Ok(())
    }

    /// The interface called `name`.
    #[must_use]
    pub fn interface(&self, name: &str) -> Option<&Interface> {
        self.interfaces.iter().find(|i| i.name == name)
    }

    /// The method called `name`.
    #[must_use]
    pub fn method(&self, name: &str) -> Option<&ApiSpec> {
        self.index.get(name).map(|&i| &self.methods[i])
    }

    /// The component called `name`.
    #[must_use]
    pub fn component(&self, name: &str) -> Option<&Component> {
        self.components.iter().find(|c| c.name == name)
    }
}

static SURFACE: LazyLock<Surface> = LazyLock::new(|| {
    // Both tables are compiled in and checked by the crate's tests; a failure here is a build bug.
    #[allow(clippy::expect_used)]
    Surface::parse(TYPINGS_JSON, SUPERAPP_JSON).expect("the checked-in API tables are valid")
});

/// The surface, parsed on first use.
#[must_use]
pub fn surface() -> &'static Surface {
    &SURFACE
}
