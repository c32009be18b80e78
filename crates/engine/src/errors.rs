//! Script errors as people read them: `file:line:col: message`, from boa's parse and runtime errors.
//!
//! boa formats runtime errors with `(file:line:col)` stack frames, and syntax errors as
//! `... at line L, col C` without the file; both become a [`ScriptError`] that names the file.

use boa_engine::builtins::error::Error as ErrorData;
use boa_engine::{js_string, Context, JsError, JsValue};

use crate::modules::WRAPPER_PREFIX;

/// What kind of failure a [`ScriptError`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// The source did not parse.
    Syntax,
    /// A value was thrown (or a native error raised) while running.
    Runtime,
    /// A runtime limit (loop iterations, recursion, stack) stopped the script; JS cannot catch it.
    Limit,
    /// The file does not exist.
    NotFound,
}

/// A JavaScript error located in the app's files.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct ScriptError {
    /// Syntax, runtime or limit.
    pub kind: ErrorKind,
    /// `TypeError: x is not a function`, or the thrown value for non-Error throws.
    pub message: String,
    /// App-relative file, when known.
    pub file: Option<String>,
    /// 1-based line, when known.
    pub line: Option<u32>,
    /// 1-based column, when known.
    pub column: Option<u32>,
    /// The `at fn (file:line:col)` frames, one per line, when the engine gave them.
    pub stack: String,
}

impl std::fmt::Display for ScriptError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (&self.file, self.line, self.column) {
            (Some(file), Some(l), Some(c)) => write!(f, "{file}:{l}:{c}: {}", self.message),
            (Some(file), Some(l), None) => write!(f, "{file}:{l}: {}", self.message),
            (Some(file), None, _) => write!(f, "{file}: {}", self.message),
            _ => f.write_str(&self.message),
        }
    }
}

impl ScriptError {
    /// A syntax error from parsing `source` as `file`. boa puts the position in the message
    /// (`... at line 2, col 12`), except for "abrupt end", which is the end of the file.
    #[must_use]
    pub fn syntax(err: &JsError, file: &str, source: &str) -> Self {
        let raw = err
            .as_native()
            .map_or_else(|| err.to_string(), |n| n.message().to_string());
        let (message, line, column) = match split_position(&raw) {
            Some((msg, l, c)) => (msg.to_string(), l, c),
            None if raw == "abrupt end" => {
                let (l, c) = end_position(source);
                ("unexpected end of input".to_string(), l, c)
            }
            None => (raw.clone(), 1, 1),
        };
        let (line, column) = unwrap_position(line, column);
        // Past the file's end means the parser ran into the module wrapper's closing lines.
        let end = end_position(source);
        let (line, column) = if line > end.0 { end } else { (line, column) };
        Self {
            kind: ErrorKind::Syntax,
            message: format!("SyntaxError: {message}"),
            file: Some(file.to_string()),
            line: Some(line),
            column: Some(column),
            stack: String::new(),
        }
    }

    /// A runtime error as boa reports it, located by its innermost stack frame.
    #[must_use]
    pub fn runtime(err: &JsError) -> Self {
        let text = err.to_string();
        let mut lines = text.lines();
        let first = lines.next().unwrap_or_default();
        let stack: Vec<&str> = lines
            .filter(|l| l.trim_start().starts_with("at "))
            .collect();
        let kind = if first.starts_with("RuntimeLimitError") {
            ErrorKind::Limit
        } else {
            ErrorKind::Runtime
        };
        let message = match err.as_opaque().and_then(JsValue::as_string) {
            Some(s) => s.to_std_string_escaped(),
            None => strip_trailing_location(first).to_string(),
        };
        let located = stack
            .first()
            .and_then(|f| frame_location(f))
            .or_else(|| frame_location(first));
        let (file, line, column) = match located {
            Some((f, l, c)) => {
                let (l, c) = unwrap_position(l, c);
                (Some(f), Some(l), Some(c))
            }
            None => (None, None, None),
        };
        Self {
            kind,
            message,
            file,
            line,
            column,
            stack: stack
                .iter()
                .map(|l| l.trim())
                .collect::<Vec<_>>()
                .join("\n"),
        }
    }
}

/// Whether `value` is an Error object (made by `Error`, its subclasses, or the VM).
#[must_use]
pub fn is_error(value: &JsValue) -> bool {
    value.as_object().is_some_and(|o| o.is::<ErrorData>())
}

/// Where a thrown or rejected value was made: for an Error object, the innermost frame of its
/// `stack` (boa records the backtrace when the error is created, or raised by the VM); `None` for
/// other values or errors made by natives outside any script.
#[must_use]
pub fn thrown_location(value: &JsValue, ctx: &mut Context) -> Option<(String, u32, u32)> {
    let obj = value.as_object().filter(|o| o.is::<ErrorData>())?;
    let stack = obj.get(js_string!("stack"), ctx).ok()?.as_string()?;
    let stack = stack.to_std_string_escaped();
    let (file, line, column) = stack.lines().find_map(frame_location)?;
    let (line, column) = unwrap_position(line, column);
    Some((file, line, column))
}

/// Undoes the CommonJS wrapper's shift: it shares line 1 with the file's first line. A place
/// inside the wrapper's own text (boa puts some errors at the start of the function body) is
/// the file's first column.
fn unwrap_position(line: u32, column: u32) -> (u32, u32) {
    let prefix = u32::try_from(WRAPPER_PREFIX.len()).unwrap_or(0);
    if line == 1 && column > prefix {
        (line, column - prefix)
    } else if line == 1 {
        (line, 1)
    } else {
        (line, column)
    }
}

/// `"msg at line 2, col 12"` -> `("msg", 2, 12)`.
fn split_position(raw: &str) -> Option<(&str, u32, u32)> {
    let idx = raw.rfind(" at line ")?;
    let (msg, rest) = raw.split_at(idx);
    let rest = rest.strip_prefix(" at line ")?;
    let (l, c) = rest.split_once(", col ")?;
    Some((msg, l.trim().parse().ok()?, c.trim().parse().ok()?))
}

fn end_position(source: &str) -> (u32, u32) {
    let line = u32::try_from(source.lines().count().max(1)).unwrap_or(u32::MAX);
    let col = source.lines().last().map_or(0, |l| l.chars().count());
    (line, u32::try_from(col + 1).unwrap_or(u32::MAX))
}

/// `"TypeError: boom (a.js:1:7)"` -> `"TypeError: boom"`; boa marks errors raised by natives
/// with `" (native)"`, which says nothing to an app developer.
fn strip_trailing_location(first: &str) -> &str {
    if let Some(stripped) = first.strip_suffix(" (native)") {
        return stripped;
    }
    if first.ends_with(')') {
        if let Some(open) = first.rfind(" (") {
            if frame_location(&first[open..]).is_some() {
                return &first[..open];
            }
        }
    }
    first
}

/// The `(file:line:col)` at the end of a frame line, if it has known numbers.
#[must_use]
pub fn frame_location(frame: &str) -> Option<(String, u32, u32)> {
    let inner = frame.trim_end().strip_suffix(')')?;
    let inner = &inner[inner.rfind('(')? + 1..];
    let mut parts = inner.rsplitn(3, ':');
    let col = parts.next()?.parse().ok()?;
    let line = parts.next()?.parse().ok()?;
    let file = parts.next()?.to_string();
    Some((file, line, col))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_are_read_from_boa_messages() {
        assert_eq!(
            split_position("expected token ')', got '{' at line 2, col 12"),
            Some(("expected token ')', got '{'", 2, 12))
        );
        assert_eq!(
            frame_location("    at g (pages/b/b.js:1:20)"),
            Some(("pages/b/b.js".into(), 1, 20))
        );
        assert_eq!(frame_location("    at <main> (e.js:?:?)"), None);
        assert_eq!(
            strip_trailing_location("TypeError: boom (t.js:1:7)"),
            "TypeError: boom"
        );
        assert_eq!(end_position("a\nbc"), (2, 3));
    }
}
