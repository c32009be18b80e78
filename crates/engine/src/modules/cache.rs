//! Which files go through the compiler, and the cache of what it produced.
//!
//! Plain CommonJS files (most of WeChat's world) never reach the compiler: a cheap scan for the
//! `import` / `export` keywords decides, so cold launch of such apps costs what it did before.
//! Compiled output is cached by a hash of the compiler version, the options and the source, in
//! process (shared by every sandbox of the process) and on disk under `$WXBOX_CACHE_DIR`
//! (default `$XDG_CACHE_HOME/wxbox`, else `~/.cache/wxbox`; an empty `WXBOX_CACHE_DIR` turns the
//! disk cache off). A disk that cannot be written only costs the next process a compile.
//!
//! It knows nothing about boa or module resolution.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use sha2::{Digest, Sha256};
use wxbox_compile::{CompileError, Map, Options};

/// A compiled file as the registry keeps it.
#[derive(Debug)]
pub struct Compiled {
    /// The CommonJS text boa runs.
    pub code: String,
    /// Generated -> original positions.
    pub map: Map,
}

/// The options to compile `path` with, or `None` when it runs as it is.
#[must_use]
pub fn options_for(path: &str, source: &str) -> Option<Options> {
    if path.ends_with(".ts") {
        return Some(Options {
            typescript: true,
            module: true,
        });
    }
    has_module_syntax(source).then_some(Options {
        typescript: false,
        module: true,
    })
}

/// Whether `source` may contain ES module syntax: the word `import` or `export` standing alone,
/// not a property (`x.import`) or part of a name (`exports`, `importer`). `import(` is dynamic
/// import, which scripts may use, so it does not count. False positives (the word in a string
/// or comment) only cost a compile; the parser has the last word.
#[must_use]
pub fn has_module_syntax(source: &str) -> bool {
    let bytes = source.as_bytes();
    let ident = |b: u8| b.is_ascii_alphanumeric() || b == b'_' || b == b'$' || b >= 0x80;
    for word in ["import", "export"] {
        let mut from = 0;
        while let Some(i) = source.get(from..).and_then(|s| s.find(word)) {
            let at = from + i;
            let end = at + word.len();
            from = end;
            let before = at.checked_sub(1).and_then(|j| bytes.get(j)).copied();
            if before.is_some_and(|b| ident(b) || b == b'.') {
                continue;
            }
            if bytes.get(end).copied().is_some_and(ident) {
                continue;
            }
            let next = source
                .get(end..)
                .and_then(|s| s.trim_start().bytes().next());
            if word == "import" && matches!(next, Some(b'(' | b'.')) {
                continue;
            }
            return true;
        }
    }
    false
}

type Key = [u8; 32];

fn key(source: &str, options: Options) -> Key {
    let mut h = Sha256::new();
    h.update(wxbox_compile::VERSION.as_bytes());
    h.update([0, u8::from(options.typescript), u8::from(options.module), 0]);
    h.update(source.as_bytes());
    h.finalize().into()
}

/// Entries kept in process before the memory cache starts over (a bound, not a policy: the
/// largest corpus app has about 1,500 scripts).
const MEMORY_LIMIT: usize = 8192;

fn memory() -> &'static Mutex<HashMap<Key, Arc<Compiled>>> {
    static MEMORY: OnceLock<Mutex<HashMap<Key, Arc<Compiled>>>> = OnceLock::new();
    MEMORY.get_or_init(Mutex::default)
}

/// The default on-disk cache directory (see the module doc).
#[must_use]
pub fn default_dir() -> Option<PathBuf> {
    if let Some(d) = std::env::var_os("WXBOX_CACHE_DIR") {
        return (!d.is_empty()).then(|| PathBuf::from(d));
    }
    if let Some(x) = std::env::var_os("XDG_CACHE_HOME").filter(|x| !x.is_empty()) {
        return Some(PathBuf::from(x).join("wxbox"));
    }
    std::env::var_os("HOME")
        .filter(|h| !h.is_empty())
        .map(|h| PathBuf::from(h).join(".cache").join("wxbox"))
}

/// Compiles through the caches. `calls` counts the times swc actually ran.
#[derive(Debug)]
pub struct CompileCache {
    dir: Option<PathBuf>,
    memory: bool,
}

impl CompileCache {
    /// A cache writing under `dir` (`None`: memory only), sharing the process-wide memory.
    #[must_use]
    pub fn new(dir: Option<PathBuf>) -> Self {
        Self { dir, memory: true }
    }

    /// A cache that skips the process-wide memory (to test the disk layer).
    #[must_use]
    pub fn disk_only(dir: PathBuf) -> Self {
        Self {
            dir: Some(dir),
            memory: false,
        }
    }

    /// The compiled form of `source`, from a cache when it holds one.
    ///
    /// # Errors
    /// The compiler's syntax error (errors are not cached: a fixed file is simply new text).
    pub fn get(
        &self,
        path: &str,
        source: &str,
        options: Options,
        calls: &std::cell::Cell<usize>,
    ) -> Result<Arc<Compiled>, CompileError> {
        let k = key(source, options);
        if self.memory {
            if let Some(hit) = memory().lock().ok().and_then(|m| m.get(&k).cloned()) {
                return Ok(hit);
            }
        }
        let file = self
            .dir
            .as_ref()
            .map(|d| d.join("compile").join(hex::encode(k)));
        let compiled = match file.as_deref().and_then(read_entry) {
            Some(c) => Arc::new(c),
            None => {
                calls.set(calls.get() + 1);
                let out = wxbox_compile::compile(path, source, options)?;
                let c = Arc::new(Compiled {
                    code: out.code,
                    map: out.map,
                });
                if let Some(f) = &file {
                    write_entry(f, &c);
                }
                c
            }
        };
        if self.memory {
            if let Ok(mut m) = memory().lock() {
                if m.len() >= MEMORY_LIMIT {
                    m.clear();
                }
                m.insert(k, compiled.clone());
            }
        }
        Ok(compiled)
    }
}

/// An entry is the compiler version, the map (one line of JSON) and the code.
fn read_entry(file: &Path) -> Option<Compiled> {
    let text = std::fs::read_to_string(file).ok()?;
    let (version, rest) = text.split_once('\n')?;
    if version != wxbox_compile::VERSION {
        return None;
    }
    let (map, code) = rest.split_once('\n')?;
    Some(Compiled {
        code: code.to_string(),
        map: Map::from_json(map.as_bytes())?,
    })
}

fn write_entry(file: &Path, c: &Compiled) {
    let Some(dir) = file.parent() else { return };
    let map = c.map.to_json();
    if map.contains(&b'\n') || std::fs::create_dir_all(dir).is_err() {
        return;
    }
    let mut text = Vec::with_capacity(c.code.len() + map.len() + 64);
    text.extend_from_slice(wxbox_compile::VERSION.as_bytes());
    text.push(b'\n');
    text.extend_from_slice(&map);
    text.push(b'\n');
    text.extend_from_slice(c.code.as_bytes());
    // Written aside then renamed, so a concurrent reader never sees half an entry.
    let tmp = file.with_extension(format!("tmp{}", std::process::id()));
    if std::fs::write(&tmp, &text).is_ok() && std::fs::rename(&tmp, file).is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_scan_finds_module_syntax_only() {
        assert!(has_module_syntax("import a from './a'"));
        assert!(has_module_syntax("const x=1;export{x}"));
        assert!(has_module_syntax("import{__decorate}from\"tslib\""));
        assert!(has_module_syntax("export default {}"));
        assert!(!has_module_syntax("module.exports = {}; exports.a = 1;"));
        assert!(!has_module_syntax(
            "const m = import('./x'); a.import = 1; a.export()"
        ));
        assert!(!has_module_syntax("var important = 1, reexported = 2;"));
        assert!(options_for("a.ts", "module.exports = 1").is_some_and(|o| o.typescript));
        assert!(options_for("a.js", "module.exports = 1").is_none());
    }

    #[test]
    fn the_disk_cache_serves_a_second_process() {
        let dir = std::env::temp_dir().join(format!("wxbox-cache-test-{}", std::process::id()));
        let src = format!("export const stamp = {};\n", std::process::id());
        let calls = std::cell::Cell::new(0);
        let opts = Options {
            typescript: false,
            module: true,
        };
        let a = CompileCache::disk_only(dir.clone())
            .get("a.js", &src, opts, &calls)
            .expect("compiles");
        assert_eq!(calls.get(), 1);
        let b = CompileCache::disk_only(dir.clone())
            .get("a.js", &src, opts, &calls)
            .expect("compiles");
        assert_eq!(calls.get(), 1, "the second compile came from disk");
        assert_eq!(a.code, b.code);
        assert_eq!(a.map.lookup(1, 1), b.map.lookup(1, 1));
        let _ = std::fs::remove_dir_all(dir);
    }
}
