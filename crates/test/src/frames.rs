//! Where a failure happened in the test file: the first stack frame in it (past the framework's
//! own `<wxbox>/...` frames and the automator's), as `file:line:col`, and a code frame of the
//! lines around it with a caret under the column, as jest prints one.

use std::path::Path;

use serde_json::{json, Value};
use wxbox_engine::errors::frame_location;

fn framework(file: &str) -> bool {
    file.starts_with("<wxbox>") || file.starts_with("miniprogram_npm/")
}

/// Maps a generated position of a compiled file back to its source (`Modules::original_position`;
/// unchanged for files that were not compiled).
pub type Mapper = dyn Fn(&str, u32, u32) -> Option<(u32, u32)>;

/// The characters the `__filename` declaration puts before a file's first line (see
/// [`crate::file`]).
fn decl_len(file: &str) -> u32 {
    let full = format!("/{file}");
    let dir = Path::new(&full)
        .parent()
        .map_or_else(|| "/".to_string(), |d| d.display().to_string());
    let decl = format!(
        "var __filename = {}, __dirname = {};",
        json!(full),
        json!(dir)
    );
    u32::try_from(decl.chars().count()).unwrap_or(0)
}

/// A position as the source shows it, from one in the engine's located errors (wrapper removed,
/// compiled output mapped back): only the declaration on line 1 is left to remove.
fn source_position(file: &str, line: u32, col: u32) -> (u32, u32) {
    if line == 1 {
        (line, col.saturating_sub(decl_len(file)).max(1))
    } else {
        (line, col)
    }
}

/// The innermost frame of `stack` in the test file `rel` (else in any file of the user's), as
/// the source shows it.
#[must_use]
pub fn locate(stack: &str, rel: &str, map: &Mapper) -> Option<(String, u32, u32)> {
    let frames: Vec<_> = stack.lines().filter_map(frame_location).collect();
    let pick = frames
        .iter()
        .find(|(f, _, _)| f == rel)
        .or_else(|| frames.iter().find(|(f, _, _)| !framework(f)))?;
    let (file, mut line, mut col) = pick.clone();
    // A raw frame still counts the module wrapper on line 1 and is in compiled coordinates.
    if line == 1 {
        let wrapper = u32::try_from(wxbox_engine::modules::WRAPPER_PREFIX.len()).unwrap_or(0);
        col = col.saturating_sub(wrapper).max(1);
    }
    if let Some((l, c)) = map(&file, line, col) {
        line = l;
        col = c;
    }
    let (line, col) = source_position(&file, line, col);
    Some((file, line, col))
}

/// boa places a call at its `(`; jest's caret sits under the called name (`toEqual`): step
/// back over the name before a `(`.
fn callee_column(line_text: &str, col: u32) -> u32 {
    let chars: Vec<char> = line_text.chars().collect();
    let Some(at) = usize::try_from(col).ok().and_then(|c| c.checked_sub(1)) else {
        return col;
    };
    if chars.get(at) != Some(&'(') {
        return col;
    }
    let mut start = at;
    while start > 0 && (chars[start - 1].is_alphanumeric() || matches!(chars[start - 1], '_' | '$'))
    {
        start -= 1;
    }
    if start == at {
        col
    } else {
        u32::try_from(start + 1).unwrap_or(col)
    }
}

/// The lines around `line` of `/file`, jest's way: two before, two after, `>` on the line and
/// a caret under `col`.
#[must_use]
pub fn code_frame(file: &str, line: u32, col: u32) -> Option<String> {
    let text = std::fs::read_to_string(Path::new("/").join(file)).ok()?;
    let lines: Vec<&str> = text.lines().collect();
    let at = usize::try_from(line).ok()?.checked_sub(1)?;
    if at >= lines.len() {
        return None;
    }
    let col = callee_column(lines[at], col);
    let first = at.saturating_sub(2);
    let last = (at + 2).min(lines.len() - 1);
    let width = (last + 1).to_string().len();
    let mut out = String::new();
    for (i, l) in lines.iter().enumerate().take(last + 1).skip(first) {
        let marker = if i == at { '>' } else { ' ' };
        out.push_str(&format!("{marker} {:>width$} | {l}\n", i + 1));
        if i == at {
            let pad: String = l
                .chars()
                .take(usize::try_from(col).unwrap_or(1).saturating_sub(1))
                .map(|c| if c == '\t' { '\t' } else { ' ' })
                .collect();
            out.push_str(&format!("  {:>width$} | {pad}^\n", ""));
        }
    }
    Some(out)
}

/// A failure as the report carries it: the message, and where in the user's code it happened
/// (`location` as `/abs/file:line:col`, `frame`).
#[must_use]
pub fn error_value(
    message: &str,
    stack: &str,
    at: Option<(&str, u32, u32)>,
    rel: &str,
    map: &Mapper,
) -> Value {
    // A located error without a usable stack; a syntax error names its place in its message.
    let at = at
        .map(|(f, l, c)| (f.to_string(), l, c))
        .or_else(|| position_in(message));
    let located = locate(stack, rel, map).or_else(|| {
        at.map(|(f, l, c)| {
            let (l, c) = source_position(&f, l, c);
            (f, l, c)
        })
    });
    match located {
        Some((file, line, col)) => {
            let col = std::fs::read_to_string(Path::new("/").join(&file))
                .ok()
                .and_then(|t| {
                    t.lines()
                        .nth(usize::try_from(line).ok()?.checked_sub(1)?)
                        .map(|l| callee_column(l, col))
                })
                .unwrap_or(col);
            json!({
            "message": message,
            "location": format!("/{file}:{line}:{col}"),
            "frame": code_frame(&file, line, col),
            })
        }
        None => json!({"message": message}),
    }
}

/// A failure the framework reported (`{message, stack}`), located.
#[must_use]
pub fn failure_value(f: &Value, rel: &str, map: &Mapper) -> Value {
    let message = f.get("message").and_then(Value::as_str).unwrap_or("");
    let stack = f.get("stack").and_then(Value::as_str).unwrap_or("");
    error_value(message, stack, None, rel, map)
}

/// `... path/to/file.js:3:1: ...` in a message (how the engine words a syntax error).
fn position_in(message: &str) -> Option<(String, u32, u32)> {
    message.split_whitespace().find_map(|w| {
        let w = w.strip_suffix(':')?;
        let mut parts = w.rsplitn(3, ':');
        let col = parts.next()?.parse().ok()?;
        let line = parts.next()?.parse().ok()?;
        let file = parts.next()?;
        (file.ends_with(".js") || file.ends_with(".ts") || file.ends_with(".mjs"))
            .then(|| (file.to_string(), line, col))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_frame_in_the_test_file_is_taken() {
        let same = |_: &str, l: u32, c: u32| Some((l, c));
        let stack = "Error\n    at toBe (<wxbox>/expect.js:10:5)\n    at call (miniprogram_npm/miniprogram-automator/index.js:3:1)\n    at <anonymous> (work/a.test.js:7:12)\n";
        assert_eq!(
            locate(stack, "work/a.test.js", &same),
            Some(("work/a.test.js".into(), 7, 12))
        );
        assert_eq!(
            locate("Error\n    at x (<wxbox>/jest.js:1:1)", "a.js", &same),
            None
        );
    }
}
