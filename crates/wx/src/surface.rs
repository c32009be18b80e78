//! The one list of `wx` methods and built-in components, loaded once per process from the JSON
//! tables checked in under `crates/wx/api/`:
//!
//! - `wx-api.json`: every method of `interface Wx` in the pinned `miniprogram-api-typings`,
//!   written by `tools/typings/extract.mjs` (a test re-runs it and compares);
//! - `superapp.json`: superapp extensions (`getAuthCode`) and the components `canIUse` knows.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use serde::{Deserialize, Serialize};

use crate::spec::ApiSpec;

/// The extracted typings table.
pub const TYPINGS_JSON: &str = include_str!("../api/wx-api.json");
/// The hand-written extensions and components table.
pub const SUPERAPP_JSON: &str = include_str!("../api/superapp.json");

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
}

#[derive(Deserialize)]
struct SuperappFile {
    methods: Vec<ApiSpec>,
    components: Vec<Component>,
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
    /// A superapp extension without its `extension` note.
    #[error("superapp method `{0}` has no `extension` note")]
    Unmarked(String),
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
    index: HashMap<String, usize>,
}

impl Surface {
    /// Parses and checks the two tables.
    ///
    /// # Errors
    /// Bad JSON, a name listed twice, a wrong count, an unmarked extension.
    pub fn parse(typings: &str, superapp: &str) -> Result<Self, SurfaceError> {
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
        if let Some(m) = s.methods.iter().find(|m| m.extension.is_none()) {
            return Err(SurfaceError::Unmarked(m.name.clone()));
        }
        let mut methods = t.methods;
        methods.extend(s.methods);
        let mut index = HashMap::new();
        for (i, m) in methods.iter().enumerate() {
            if index.insert(m.name.clone(), i).is_some() {
                return Err(SurfaceError::Duplicate(m.name.clone()));
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
            index,
        })
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
