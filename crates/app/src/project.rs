//! The project as WeChat DevTools reads it: `project.config.json` (merged with
//! `project.private.config.json`, whose settings win, as DevTools merges them) says where the
//! mini-program lives (`miniprogramRoot`) and how it is built (`setting.urlCheck`,
//! `useCompilerPlugins`, `useExtendedLib` in `app.json`). `wxbox run DIR` accepts the project
//! folder or the app folder itself.
//!
//! Sources: developers.weixin.qq.com/miniprogram/dev/devtools/projectconfig.html (fields, and the
//! private file overriding the shared one).
//!
//! This module reads configuration only; it knows nothing of the engine or the view.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::config::{parse_json, ConfigError};

/// Where the app is and how DevTools would build it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Project {
    /// The folder given (the project root when it has `project.config.json`).
    pub root: PathBuf,
    /// The folder holding `app.json`.
    pub app_dir: PathBuf,
    /// `setting.urlCheck` (DevTools' "check domains"); `true` when unset, as in DevTools.
    pub url_check: bool,
    /// `setting.useCompilerPlugins` names `typescript`.
    pub typescript: bool,
    /// `cloudfunctionRoot`: the folder of the project's cloud functions, when it names one
    /// that exists.
    pub cloudfunction_root: Option<PathBuf>,
}

const SHARED: &str = "project.config.json";
const PRIVATE: &str = "project.private.config.json";

fn read_json(dir: &Path, file: &str) -> Result<Option<Value>, ConfigError> {
    let path = dir.join(file);
    if !path.is_file() {
        return Ok(None);
    }
    let text = std::fs::read_to_string(&path).map_err(|e| ConfigError {
        file: file.to_string(),
        position: None,
        message: format!("cannot be read: {e}"),
    })?;
    parse_json(file, &text).map(Some)
}

/// Overlays `over` on `base`, objects key by key (DevTools merges the private file this way).
fn merge(base: &mut Value, over: Value) {
    match (base, over) {
        (Value::Object(b), Value::Object(o)) => {
            for (k, v) in o {
                match b.get_mut(&k) {
                    Some(slot) => merge(slot, v),
                    None => {
                        b.insert(k, v);
                    }
                }
            }
        }
        (slot, v) => *slot = v,
    }
}

impl Project {
    /// Reads the project at `dir`. A folder without `project.config.json` is taken as the app
    /// folder itself.
    ///
    /// # Errors
    /// A malformed project file, or a `miniprogramRoot` that is not a folder inside the project.
    pub fn locate(dir: &Path) -> Result<Self, ConfigError> {
        // The app folder of a project given directly: the project is the parent that names it.
        if !dir.join(SHARED).is_file() && dir.join("app.json").is_file() {
            if let Some(parent) = dir.parent().filter(|p| p.join(SHARED).is_file()) {
                if let Ok(project) = Self::locate(parent) {
                    if project.app_dir == dir {
                        return Ok(project);
                    }
                }
            }
        }
        let mut config = read_json(dir, SHARED)?.unwrap_or(Value::Null);
        if let Some(private) = read_json(dir, PRIVATE)? {
            if config.is_null() {
                config = Value::Object(serde_json::Map::new());
            }
            merge(&mut config, private);
        }
        let root_field = config
            .get("miniprogramRoot")
            .and_then(Value::as_str)
            .map(|s| s.trim_matches('/'))
            .filter(|s| !s.is_empty() && *s != ".");
        let app_dir = match root_field {
            Some(sub) => {
                let normal = wxbox_engine::modules::normalize(sub).ok_or_else(|| ConfigError {
                    file: SHARED.into(),
                    position: None,
                    message: format!("miniprogramRoot \"{sub}\" leaves the project folder"),
                })?;
                let app = dir.join(normal);
                if !app.is_dir() {
                    return Err(ConfigError {
                        file: SHARED.into(),
                        position: None,
                        message: format!("miniprogramRoot \"{sub}\" is not a folder"),
                    });
                }
                app
            }
            None => dir.to_path_buf(),
        };
        let setting = config.get("setting");
        let url_check = setting
            .and_then(|s| s.get("urlCheck"))
            .and_then(Value::as_bool)
            .unwrap_or(true);
        let typescript = setting
            .and_then(|s| s.get("useCompilerPlugins"))
            .and_then(Value::as_array)
            .is_some_and(|plugins| {
                plugins.iter().any(|p| {
                    // A plugin is named, or given as `{ "name": ..., "options": ... }`.
                    p.as_str().or_else(|| p.get("name").and_then(Value::as_str))
                        == Some("typescript")
                })
            });
        let cloudfunction_root = config
            .get("cloudfunctionRoot")
            .and_then(Value::as_str)
            .map(|s| s.trim_matches('/'))
            .filter(|s| !s.is_empty())
            .and_then(wxbox_engine::modules::normalize)
            .map(|sub| dir.join(sub))
            .filter(|p| p.is_dir());
        Ok(Project {
            root: dir.to_path_buf(),
            app_dir,
            url_check,
            typescript,
            cloudfunction_root,
        })
    }

    /// Why `app.json` is missing, in words that say what to do.
    #[must_use]
    pub fn missing_app_json(&self) -> String {
        if self.root.join(SHARED).is_file() && self.app_dir == self.root {
            "not found: project.config.json has no miniprogramRoot naming the folder that holds \
             app.json; give that folder, or set miniprogramRoot"
                .into()
        } else {
            "not found: is this a mini-program directory? (give the folder holding app.json, or a \
             DevTools project folder with project.config.json)"
                .into()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn project(files: &[(&str, &str)]) -> (tempdir::Dir, Result<Project, ConfigError>) {
        let d = tempdir::Dir::new();
        for (name, text) in files {
            let p = d.0.join(name);
            if let Some(parent) = p.parent() {
                std::fs::create_dir_all(parent).ok();
            }
            std::fs::write(p, text).ok();
        }
        let r = Project::locate(&d.0);
        (d, r)
    }

    mod tempdir {
        pub struct Dir(pub std::path::PathBuf);
        impl Dir {
            pub fn new() -> Self {
                use std::sync::atomic::{AtomicU32, Ordering};
                static N: AtomicU32 = AtomicU32::new(0);
                let p = std::env::temp_dir().join(format!(
                    "wxbox-project-{}-{}",
                    std::process::id(),
                    N.fetch_add(1, Ordering::Relaxed)
                ));
                std::fs::create_dir_all(&p).ok();
                Dir(p)
            }
        }
        impl Drop for Dir {
            fn drop(&mut self) {
                std::fs::remove_dir_all(&self.0).ok();
            }
        }
    }

    #[test]
    fn an_app_folder_is_its_own_project() {
        let (d, p) = project(&[("app.json", "{}")]);
        let p = p.expect("project");
        assert_eq!(p.app_dir, d.0);
        assert!(p.url_check);
        assert!(!p.typescript);
    }

    #[test]
    fn miniprogram_root_and_settings_with_the_private_file_winning() {
        let (d, p) = project(&[
            (
                "project.config.json",
                r#"{"miniprogramRoot": "miniprogram/", "setting": {"urlCheck": true,
                    "useCompilerPlugins": ["typescript", "less"]}}"#,
            ),
            (
                "project.private.config.json",
                r#"{"setting": {"urlCheck": false}}"#,
            ),
            ("miniprogram/app.json", "{}"),
        ]);
        let p = p.expect("project");
        assert_eq!(p.app_dir, d.0.join("miniprogram"));
        assert!(!p.url_check, "the private file's setting wins");
        assert!(p.typescript);
    }

    #[test]
    fn an_app_folder_given_directly_belongs_to_the_project_naming_it() {
        let (d, _) = project(&[
            (
                "project.config.json",
                r#"{"miniprogramRoot": "miniprogram/", "setting": {"urlCheck": false}}"#,
            ),
            ("miniprogram/app.json", "{}"),
        ]);
        let p = Project::locate(&d.0.join("miniprogram")).expect("project");
        assert_eq!(p.root, d.0);
        assert_eq!(p.app_dir, d.0.join("miniprogram"));
        assert!(!p.url_check);
    }

    #[test]
    fn a_root_outside_or_missing_is_refused_with_the_file_named() {
        let (_d, p) = project(&[("project.config.json", r#"{"miniprogramRoot": "../x"}"#)]);
        let e = p.expect_err("outside");
        assert_eq!(e.file, "project.config.json");
        assert!(e.message.contains("leaves"), "{e}");
        let (_d, p) = project(&[("project.config.json", r#"{"miniprogramRoot": "nope"}"#)]);
        assert!(p.expect_err("missing").message.contains("not a folder"));
        let (_d, p) = project(&[("project.config.json", "{ bad")]);
        assert!(p.expect_err("bad json").position.is_some());
    }
}
