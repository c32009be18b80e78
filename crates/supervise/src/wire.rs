//! The line protocol between a pool and its workers.
//!
//! Parent to worker: one job per line, escaped. Worker to parent: each message is a line starting
//! with [`MESSAGE`] then the escaped text; a job ends with the line [`END`]. Both tags start with
//! U+0001, which no ordinary output starts with, so a stray `println!` in the worker (a line with
//! neither tag) is told apart and never taken for a message or for the end of a job.
//!
//! Escaping: `\` becomes `\\`, a newline `\n`, a carriage return `\r`; so a line never contains a
//! line break and any text makes the round trip unchanged.

use std::borrow::Cow;

/// The tag of a message line.
pub(crate) const MESSAGE: &str = "\u{1}m";
/// The line that ends a job.
pub(crate) const END: &str = "\u{1}e";

/// `text` with `\`, newline and carriage return escaped.
pub(crate) fn escape(text: &str) -> Cow<'_, str> {
    if !text.contains(['\\', '\n', '\r']) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// The text [`escape`] was given. A backslash before anything else is kept as it is.
pub(crate) fn unescape(line: &str) -> Cow<'_, str> {
    if !line.contains('\\') {
        return Cow::Borrowed(line);
    }
    let mut out = String::with_capacity(line.len());
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('\\') => out.push('\\'),
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some(other) => {
                out.push('\\');
                out.push(other);
            }
            None => out.push('\\'),
        }
    }
    Cow::Owned(out)
}

/// What one line from a worker's stdout is.
#[derive(Debug, PartialEq)]
pub(crate) enum Line<'a> {
    /// A message, unescaped.
    Message(Cow<'a, str>),
    /// The end of the current job.
    End,
    /// Output that did not come through the emitter.
    Stray(&'a str),
}

/// Reads one stdout line (without its line break).
pub(crate) fn parse(line: &str) -> Line<'_> {
    if let Some(rest) = line.strip_prefix(MESSAGE) {
        Line::Message(unescape(rest))
    } else if line == END {
        Line::End
    } else {
        Line::Stray(line)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn any_text_makes_the_round_trip() {
        for text in [
            "",
            "plain",
            "a\nb",
            "\\n",
            "c:\\dir\\n\r\n",
            "\\",
            "end\\",
            "\u{1}e",
        ] {
            let escaped = escape(text);
            assert!(
                !escaped.contains('\n') && !escaped.contains('\r'),
                "{escaped:?}"
            );
            assert_eq!(unescape(&escaped), text);
            assert_eq!(
                parse(&format!("{MESSAGE}{escaped}")),
                Line::Message(text.into())
            );
        }
    }

    #[test]
    fn only_the_tags_are_protocol() {
        assert_eq!(parse(END), Line::End);
        assert_eq!(parse("e"), Line::Stray("e"));
        assert_eq!(parse("m hello"), Line::Stray("m hello"));
        assert_eq!(parse(&format!("{END} ")), Line::Stray("\u{1}e "));
        assert_eq!(unescape("a\\qb"), "a\\qb");
    }
}
