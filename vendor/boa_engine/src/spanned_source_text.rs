use std::rc::Rc;

use boa_ast::LinearSpan;
use boa_gc::{Finalize, Trace};

struct Inner {
    source_text: boa_ast::SourceText,
    /// wxbox patch: where each line starts (UTF-16 offsets), computed at the first error message
    /// that quotes this source, so later ones cost a binary search, not a scan of the file.
    line_starts: std::cell::OnceCell<Box<[usize]>>,
}
impl Inner {
    fn new(source_text: boa_ast::SourceText) -> Self {
        Self {
            source_text,
            line_starts: std::cell::OnceCell::new(),
        }
    }
}

#[derive(Default, Trace, Finalize, Clone)]
pub(crate) struct SourceText {
    #[unsafe_ignore_trace]
    source_text: Option<Rc<Inner>>,
}

impl SourceText {
    #[must_use]
    pub(crate) fn new(source_text: boa_ast::SourceText) -> Self {
        Self {
            source_text: Some(Rc::new(Inner::new(source_text))),
        }
    }

    fn new_empty() -> Self {
        Self { source_text: None }
    }

    #[inline]
    fn inner(&self) -> Option<&boa_ast::SourceText> {
        self.source_text.as_ref().map(|x| &x.source_text)
    }

    fn is_empty(&self) -> bool {
        self.source_text.is_none()
    }
}

/// Contains pointer to source code and span of the object.
#[derive(Default, Clone)]
pub struct SpannedSourceText {
    source_text: SourceText,
    span: Option<LinearSpan>,
}

impl SpannedSourceText {
    pub(crate) fn new(source_text: SourceText, span: Option<LinearSpan>) -> Self {
        Self { source_text, span }
    }

    pub(crate) fn new_source_only(source_text: SourceText) -> Self {
        Self {
            source_text,
            span: None,
        }
    }

    pub(crate) fn new_empty() -> Self {
        Self {
            source_text: SourceText::new_empty(),
            span: None,
        }
    }

    /// Creates new [`SpannedSourceText`] with the same [`SourceText`] but without its span.
    pub(crate) fn clone_only_source(&self) -> Self {
        Self {
            source_text: self.source_text.clone(),
            span: None,
        }
    }

    /// Returns the [`SourceText`].
    #[must_use]
    pub(crate) fn source_text(&self) -> SourceText {
        self.source_text.clone()
    }

    /// Test if the span is empty.
    #[inline]
    #[must_use]
    pub fn is_empty(&self) -> bool {
        let span_is_empty = if let Some(x) = self.span {
            x.is_empty()
        } else {
            true
        };
        span_is_empty || self.source_text.is_empty()
    }

    /// wxbox patch: the source between two positions (1-based line and column, columns counted
    /// in code points as boa's lexer counts them), for naming a callee in an error message.
    pub(crate) fn text_between(
        &self,
        start: boa_ast::Position,
        end: boa_ast::Position,
    ) -> Option<String> {
        /// Longer callee texts are not worth quoting (the caller caps them lower).
        const MAX_CHARS: usize = 200;
        let inner = self.source_text.source_text.as_deref()?;
        let units = inner
            .source_text
            .get_code_points_from_pos(boa_ast::LinearPosition::new(0));
        let line_starts = inner.line_starts.get_or_init(|| {
            let mut starts = vec![0];
            let mut i = 0;
            while let Some(&u) = units.get(i) {
                i += 1;
                match u {
                    0xD if units.get(i) == Some(&0xA) => {}
                    0xA | 0xD | 0x2028 | 0x2029 => starts.push(i),
                    _ => {}
                }
            }
            starts.into_boxed_slice()
        });
        let first = *line_starts.get(usize::try_from(start.line_number()).ok()?.checked_sub(1)?)?;
        let (mut line, mut column) = (start.line_number(), 1u32);
        let mut out = String::new();
        let mut chars = char::decode_utf16(units.get(first..)?.iter().copied()).peekable();
        while let Some(ch) = chars.next() {
            let here = (line, column);
            if here >= (end.line_number(), end.column_number()) || out.len() > MAX_CHARS {
                break;
            }
            let ch = ch.unwrap_or(char::REPLACEMENT_CHARACTER);
            if here >= (start.line_number(), start.column_number()) {
                out.push(ch);
            }
            match ch {
                '\r' if chars.peek() == Some(&Ok('\n')) => {}
                '\r' | '\n' | '\u{2028}' | '\u{2029}' => {
                    line += 1;
                    column = 1;
                }
                _ => column += 1,
            }
        }
        (!out.is_empty()).then_some(out)
    }

    /// Gets inner code points.
    #[must_use]
    pub fn to_code_points(&self) -> Option<&[u16]> {
        if let (Some(source_text), Some(span)) = (self.source_text.inner(), self.span) {
            Some(source_text.get_code_points_from_span(span))
        } else {
            None
        }
    }
}

impl std::fmt::Debug for SpannedSourceText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SourceTextSpanned").finish()
    }
}
impl std::fmt::Debug for SourceText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SourceTextInner").finish()
    }
}
