//! `app.json` and page `.json` files, with errors that name the file, line and column.

use serde::Deserialize;
use serde_json::Value;

/// A configuration file that could not be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}{}: {message}", position.map(|(l, c)| format!(":{l}:{c}")).unwrap_or_default())]
pub struct ConfigError {
    /// App-relative file.
    pub file: String,
    /// Line and column, when the problem is a parse error.
    pub position: Option<(usize, usize)>,
    /// What is wrong.
    pub message: String,
}

impl ConfigError {
    fn new(file: &str, message: impl Into<String>) -> Self {
        Self {
            file: file.to_string(),
            position: None,
            message: message.into(),
        }
    }
}

/// One `tabBar.list` item.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TabItem {
    /// Route of the tab page.
    pub page_path: String,
    /// The label.
    #[serde(default)]
    pub text: String,
}

/// `tabBar`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct TabBar {
    /// The tabs (2 to 5).
    pub list: Vec<TabItem>,
    /// `custom`: the tab bar is the app's `custom-tab-bar` component.
    #[serde(default)]
    pub custom: bool,
}

#[derive(Debug, Clone, Deserialize)]
struct SubPackage {
    root: String,
    #[serde(default)]
    pages: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawAppJson {
    pages: Option<Vec<String>>,
    entry_page_path: Option<String>,
    tab_bar: Option<TabBar>,
    #[serde(default)]
    window: Value,
    #[serde(default, alias = "subpackages")]
    sub_packages: Vec<SubPackage>,
    #[serde(default)]
    using_components: std::collections::BTreeMap<String, String>,
    #[serde(default)]
    use_extended_lib: serde_json::Map<String, Value>,
}

/// The parts of `app.json` the sandbox uses.
#[derive(Debug, Clone, PartialEq)]
pub struct AppConfig {
    /// Every page route: `pages`, then sub-package pages (`root/page`).
    pub pages: Vec<String>,
    /// The page opened at launch.
    pub entry: String,
    /// The tab bar, if any.
    pub tab_bar: Option<TabBar>,
    /// `window` as written.
    pub window: Value,
    /// `usingComponents`: custom components every page may use (tag -> path as written).
    pub using_components: std::collections::BTreeMap<String, String>,
    /// `useExtendedLib`: the libraries asked for (`weui`), any value but `false` asking.
    pub extended_libs: Vec<String>,
}

/// Parses JSON, locating syntax errors.
///
/// # Errors
/// [`ConfigError`] with line and column.
pub fn parse_json<T: serde::de::DeserializeOwned>(
    file: &str,
    text: &str,
) -> Result<T, ConfigError> {
    serde_json::from_str(text).map_err(|e| ConfigError {
        file: file.to_string(),
        position: Some((e.line(), e.column())),
        message: e
            .to_string()
            .split(" at line ")
            .next()
            .unwrap_or_default()
            .to_string(),
    })
}

impl AppConfig {
    /// Reads `app.json` text.
    ///
    /// # Errors
    /// [`ConfigError`] for malformed JSON, no pages, an entry or tab that is not a page, or a tab
    /// bar outside 2 to 5 items.
    pub fn parse(text: &str) -> Result<Self, ConfigError> {
        const FILE: &str = "app.json";
        let raw: RawAppJson = parse_json(FILE, text)?;
        let mut pages = raw.pages.unwrap_or_default();
        if pages.is_empty() {
            return Err(ConfigError::new(
                FILE,
                "`pages` must list at least one page",
            ));
        }
        for sp in &raw.sub_packages {
            let root = sp.root.trim_matches('/');
            pages.extend(sp.pages.iter().map(|p| format!("{root}/{p}")));
        }
        for (i, p) in pages.iter().enumerate() {
            if pages[..i].contains(p) {
                return Err(ConfigError::new(
                    FILE,
                    format!("page \"{p}\" is listed twice"),
                ));
            }
        }
        let entry = raw.entry_page_path.unwrap_or_else(|| pages[0].clone());
        let entry = entry.trim_start_matches('/').to_string();
        if !pages.contains(&entry) {
            return Err(ConfigError::new(
                FILE,
                format!("entryPagePath \"{entry}\" is not in `pages`"),
            ));
        }
        if let Some(tb) = &raw.tab_bar {
            if !(2..=5).contains(&tb.list.len()) {
                return Err(ConfigError::new(
                    FILE,
                    format!(
                        "tabBar.list must have 2 to 5 items, it has {}",
                        tb.list.len()
                    ),
                ));
            }
            for item in &tb.list {
                if !pages.contains(&item.page_path) {
                    return Err(ConfigError::new(
                        FILE,
                        format!("tabBar page \"{}\" is not in `pages`", item.page_path),
                    ));
                }
            }
        }
        Ok(Self {
            pages,
            entry,
            tab_bar: raw.tab_bar,
            window: raw.window,
            using_components: raw.using_components,
            extended_libs: raw
                .use_extended_lib
                .into_iter()
                .filter(|(_, v)| !matches!(v, Value::Bool(false) | Value::Null))
                .map(|(k, _)| k)
                .collect(),
        })
    }

    /// True when `route` is a tab bar page.
    #[must_use]
    pub fn is_tab(&self, route: &str) -> bool {
        self.tab_bar
            .as_ref()
            .is_some_and(|tb| tb.list.iter().any(|t| t.page_path == route))
    }
}

/// Splits `path?a=1&b=2` into the route (leading `/` removed) and query pairs. Values are kept
/// as written: WeChat does not decode them either.
#[must_use]
pub fn split_url(url: &str) -> (String, Vec<(String, String)>) {
    let (path, query) = url.split_once('?').unwrap_or((url, ""));
    let pairs = query
        .split('&')
        .filter(|s| !s.is_empty())
        .map(|kv| {
            let (k, v) = kv.split_once('=').unwrap_or((kv, ""));
            (k.to_string(), v.to_string())
        })
        .collect();
    (path.trim_start_matches('/').to_string(), pairs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn app_json_errors_name_the_position() {
        let e = AppConfig::parse("{\n  \"pages\": [\"a\",]\n}").expect_err("trailing comma");
        assert_eq!(e.file, "app.json");
        assert_eq!(e.position.map(|p| p.0), Some(2));
        assert!(e.to_string().starts_with("app.json:2:"), "{e}");
        let e = AppConfig::parse(r#"{"pages": ["a"], "entryPagePath": "b"}"#)
            .expect_err("unknown entry");
        assert_eq!(
            e.to_string(),
            "app.json: entryPagePath \"b\" is not in `pages`"
        );
    }

    #[test]
    fn sub_packages_and_tabs() {
        let c = AppConfig::parse(
            r#"{"pages": ["p/a", "p/b"], "subPackages": [{"root": "sub/", "pages": ["x/x"]}],
                "tabBar": {"list": [{"pagePath": "p/a"}, {"pagePath": "p/b"}]}}"#,
        )
        .expect("valid");
        assert_eq!(c.pages, ["p/a", "p/b", "sub/x/x"]);
        assert!(c.is_tab("p/b") && !c.is_tab("sub/x/x"));
        assert_eq!(c.entry, "p/a");
    }

    #[test]
    fn urls_split_into_route_and_raw_query() {
        assert_eq!(
            split_url("/pages/a/a?id=1&name=%E4&flag"),
            (
                "pages/a/a".into(),
                vec![
                    ("id".into(), "1".into()),
                    ("name".into(), "%E4".into()),
                    ("flag".into(), String::new())
                ]
            )
        );
    }
}
