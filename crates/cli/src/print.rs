//! Writing the trace as it comes: each segment's events are written and flushed when its run
//! ends, so a later failure (a bad `--tap`, a crash) leaves what happened before on screen or on
//! disk. The last `end` is held back until the run is over, so it can carry the summary.

use std::io::{self, Write};

use unicode_width::UnicodeWidthChar;
use wxbox_engine::trace::{format_text_line, EndSummary};
use wxbox_engine::{Event, TraceEvent};

/// Text lines at most this wide when the output is not a terminal (a file, a pipe, CI logs).
pub const DEFAULT_WIDTH: usize = 160;

/// How events are written.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// Aligned lines, each cut to `width` columns when set.
    Text {
        /// Columns per line; `None` for `--wide`.
        width: Option<usize>,
    },
    /// One JSON object per line, never cut.
    Json,
}

/// The width text lines get: the terminal's, else [`DEFAULT_WIDTH`]; `None` with `--wide`.
#[must_use]
pub fn text_width(wide: bool) -> Option<usize> {
    if wide {
        return None;
    }
    let terminal = terminal_size::terminal_size_of(io::stdout()).map(|(w, _)| usize::from(w.0));
    Some(terminal.filter(|w| *w >= 40).unwrap_or(DEFAULT_WIDTH))
}

/// Writes trace events to `out` as segments end.
pub struct Printer<W: Write> {
    out: W,
    style: Style,
    held: Option<TraceEvent>,
}

impl<W: Write> Printer<W> {
    /// A printer writing to `out`.
    pub fn new(out: W, style: Style) -> Self {
        Printer {
            out,
            style,
            held: None,
        }
    }

    /// Writes a segment's events (holding its closing `end`) and flushes.
    ///
    /// # Errors
    /// The output cannot be written (a full disk, a closed pipe).
    pub fn segment(&mut self, events: Vec<TraceEvent>) -> io::Result<()> {
        if let Some(e) = self.held.take() {
            self.write(&e)?;
        }
        let mut events = events;
        if events
            .last()
            .is_some_and(|e| matches!(e.event, Event::End { .. }))
        {
            self.held = events.pop();
        }
        for e in &events {
            self.write(e)?;
        }
        self.out.flush()
    }

    /// Writes the held `end` with `summary` added, and flushes.
    ///
    /// # Errors
    /// The output cannot be written.
    pub fn finish(&mut self, summary: Option<EndSummary>) -> io::Result<()> {
        if let Some(mut e) = self.held.take() {
            if let Event::End { summary: slot, .. } = &mut e.event {
                *slot = summary;
            }
            self.write(&e)?;
        }
        self.out.flush()
    }

    fn write(&mut self, e: &TraceEvent) -> io::Result<()> {
        match self.style {
            Style::Json => {
                let line = serde_json::to_string(e).map_err(io::Error::other)?;
                writeln!(self.out, "{line}")
            }
            Style::Text { width } => {
                let line = format_text_line(e);
                match width {
                    Some(w) => {
                        for part in line.split('\n') {
                            writeln!(self.out, "{}", cut(part, w))?;
                        }
                        Ok(())
                    }
                    None => writeln!(self.out, "{line}"),
                }
            }
        }
    }
}

/// `line` cut to `width` display columns (CJK characters count two), ending in `…` when cut.
#[must_use]
pub fn cut(line: &str, width: usize) -> std::borrow::Cow<'_, str> {
    let mut used = 0;
    for (i, c) in line.char_indices() {
        let w = c.width().unwrap_or(0);
        if used + w > width {
            // Room for the ellipsis: back off until it fits.
            let mut end = i;
            let mut cols = used;
            while cols + 1 > width {
                let Some((j, p)) = line[..end].char_indices().next_back() else {
                    break;
                };
                cols -= p.width().unwrap_or(0);
                end = j;
            }
            return format!("{}…", &line[..end]).into();
        }
        used += w;
    }
    line.into()
}

/// Display columns of `line`.
#[must_use]
pub fn columns(line: &str) -> usize {
    line.chars().map(|c| c.width().unwrap_or(0)).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cuts_count_columns_not_bytes() {
        assert_eq!(cut("abcdef", 10), "abcdef");
        assert_eq!(cut("abcdef", 6), "abcdef");
        assert_eq!(cut("abcdefg", 6), "abcde…");
        // Each of these is two columns wide: four fit in 9 with the ellipsis.
        let cjk = "微信用户微信用户";
        let c = cut(cjk, 9);
        assert_eq!(c, "微信用户…");
        assert!(columns(&c) <= 9);
        assert_eq!(columns(&cut(cjk, 8)), 7);
    }
}
