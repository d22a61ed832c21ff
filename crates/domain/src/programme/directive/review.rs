//! What a person reviews of a proposal, the same on the review page and in
//! `ocop directives read`: the names of kinds, offices and levels in
//! Vietnamese, each deadline's meaning, and the source text of each proposal
//! with the words it was read from marked.

use super::{DirectiveKind, ProposedTask, SourceSpan, TargetLevel};

impl DirectiveKind {
    /// Every kind, in the order a select offers them.
    pub const ALL: [DirectiveKind; 5] = [
        Self::Plan,
        Self::Notice,
        Self::Instruction,
        Self::Letter,
        Self::Decision,
    ];

    /// The stable code (as in JSON).
    pub fn code(self) -> &'static str {
        match self {
            Self::Plan => "plan",
            Self::Notice => "notice",
            Self::Instruction => "instruction",
            Self::Letter => "letter",
            Self::Decision => "decision",
        }
    }

    /// Parses a stable code.
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code.trim())
    }

    /// The kind as documents name it.
    pub fn label_vi(self) -> &'static str {
        match self {
            Self::Plan => "Kế hoạch",
            Self::Notice => "Thông báo (kết luận)",
            Self::Instruction => "Chỉ thị",
            Self::Letter => "Công văn",
            Self::Decision => "Quyết định",
        }
    }
}

impl TargetLevel {
    /// "cấp tỉnh", …
    pub fn label_vi(self) -> &'static str {
        match self {
            Self::District => "cấp huyện",
            Self::Province => "cấp tỉnh",
            Self::National => "cấp quốc gia",
        }
    }
}

impl ProposedTask {
    /// The responsible office as the officer reads it: the name the text
    /// gives an office the reader does not know, the office list's name
    /// otherwise.
    pub fn office_label(&self) -> String {
        match (&self.responsible_name, self.responsible) {
            (Some(name), _) if !name.trim().is_empty() => name.clone(),
            (_, Some(kind)) => kind.label_vi().to_owned(),
            _ => "chưa rõ cơ quan".to_owned(),
        }
    }

    /// The deadline's meaning in words, saying when it was inferred.
    pub fn deadline_label(&self) -> String {
        let label = self.deadline.label_vi();
        if self.deadline_inferred {
            format!("{label} (suy ra từ năm của kế hoạch, cần xác nhận)")
        } else {
            label
        }
    }
}

/// The source of a proposal for review: some text before it, the text it
/// was read from, some text after it (whole lines, at most `context` bytes
/// of context each side).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Excerpt {
    /// Text before the span.
    pub before: String,
    /// The span itself, to be marked.
    pub marked: String,
    /// Text after the span.
    pub after: String,
}

/// Cuts the excerpt of `span` out of `text`, safe for any span (one out of
/// range or inside a character gives what can be shown).
pub fn excerpt(text: &str, span: SourceSpan, context: usize) -> Excerpt {
    let floor = |mut i: usize| {
        i = i.min(text.len());
        while !text.is_char_boundary(i) {
            i -= 1;
        }
        i
    };
    let start = floor(span.start);
    let end = floor(span.end.max(start));
    // Whole lines around, within the context allowed.
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let before_from = floor(line_start.max(start.saturating_sub(context)));
    let line_end = text[end..].find('\n').map_or(text.len(), |i| end + i);
    let after_to = floor(line_end.min(end + context));
    Excerpt {
        before: text[before_from..start].to_owned(),
        marked: text[start..end].to_owned(),
        after: text[end..after_to].to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excerpt_marks_the_span_within_its_line() {
        let text = "1. Sở Công Thương:\n- Tổ chức hội chợ trước ngày 30/6. Báo cáo.\nNơi nhận";
        let start = text.find("Tổ chức").unwrap();
        let end = text.find(" Báo").unwrap();
        let e = excerpt(text, SourceSpan { start, end }, 200);
        assert_eq!(e.before, "- ");
        assert_eq!(e.marked, "Tổ chức hội chợ trước ngày 30/6.");
        assert_eq!(e.after, " Báo cáo.");
        // Out of range or inside a character: no panic.
        let e = excerpt(text, SourceSpan { start: 5, end: 10_000 }, 10);
        assert!(e.marked.ends_with("Nơi nhận"));
    }
}
