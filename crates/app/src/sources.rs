//! The files an app sees: its own folder, plus the extended libraries WeChat provides without
//! npm (`app.json` `useExtendedLib`), mounted at the path apps use for them.
//!
//! WeChat ships weui with the base library: an app that sets `useExtendedLib: { "weui": true }`
//! names `weui-miniprogram/<component>/<component>` in `usingComponents` without installing
//! anything (developers.weixin.qq.com/miniprogram/dev/reference/configuration/app.html
//! #useExtendedLib). wxbox does not ship weui's code; it reads the published npm package
//! `weui-miniprogram` (its `miniprogram_dist`), from wherever the developer installed it.

use std::path::{Path, PathBuf};

use wxbox_engine::modules::{DirSource, SourceProvider};

/// An extended library: its mount point and the package that provides it.
struct Library {
    /// `weui-miniprogram/`.
    prefix: &'static str,
    /// The npm package name.
    package: &'static str,
}

const LIBRARIES: &[(&str, Library)] = &[(
    "weui",
    Library {
        prefix: "weui-miniprogram/",
        package: "weui-miniprogram",
    },
)];

/// The app folder with extended libraries mounted.
pub struct AppSource {
    app: DirSource,
    mounts: Vec<(&'static str, DirSource)>,
}

/// Where an installed package's mini-program files are: `miniprogram_npm/<pkg>` (already built
/// by DevTools) or `node_modules/<pkg>/miniprogram_dist`, in the app folder or the project root.
fn installed(package: &str, app_dir: &Path, root: &Path) -> Option<PathBuf> {
    [
        app_dir.join("miniprogram_npm").join(package),
        app_dir
            .join("node_modules")
            .join(package)
            .join("miniprogram_dist"),
        root.join("node_modules")
            .join(package)
            .join("miniprogram_dist"),
    ]
    .into_iter()
    .find(|p| p.is_dir())
}

impl AppSource {
    /// The app in `app_dir` (of the project at `root`), with the libraries `extended` names
    /// (the keys of `useExtendedLib` set to anything but `false`). Returns what could not be
    /// mounted, as a message saying how to install it.
    #[must_use]
    pub fn new(app_dir: &Path, root: &Path, extended: &[String]) -> (Self, Vec<String>) {
        let mut mounts = Vec::new();
        let mut missing = Vec::new();
        for name in extended {
            let Some((_, lib)) = LIBRARIES.iter().find(|(n, _)| n == name) else {
                missing.push(format!(
                    "useExtendedLib.{name}: wxbox knows no extended library of that name \
                     (known: {})",
                    LIBRARIES
                        .iter()
                        .map(|(n, _)| *n)
                        .collect::<Vec<_>>()
                        .join(", ")
                ));
                continue;
            };
            match installed(lib.package, app_dir, root) {
                Some(dir) => mounts.push((lib.prefix, DirSource::new(dir))),
                None => missing.push(format!(
                    "useExtendedLib.{name}: WeChat provides {pkg}; for wxbox install the npm \
                     package: `npm install {pkg}` in {} (wxbox reads \
                     node_modules/{pkg}/miniprogram_dist)",
                    root.display(),
                    pkg = lib.package
                )),
            }
        }
        (
            AppSource {
                app: DirSource::new(app_dir),
                mounts,
            },
            missing,
        )
    }
}

impl SourceProvider for AppSource {
    fn read(&self, path: &str) -> Option<String> {
        if let Some(text) = self.app.read(path) {
            return Some(text);
        }
        self.mounts
            .iter()
            .find_map(|(prefix, src)| path.strip_prefix(prefix).and_then(|rest| src.read(rest)))
    }
}
