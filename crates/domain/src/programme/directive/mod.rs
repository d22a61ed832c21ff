//! Directive import: read the text of a directive (kế hoạch, thông báo kết
//! luận, công văn) — clean Unicode or OCR text that lost its diacritics — and
//! propose the tasks and targets it sets, for a person to review before
//! anything is saved.
//!
//! The reader works on folded, OCR-repaired tokens ([`tokens`]) and on the
//! layout every such document shares:
//!
//! - numbered headings (`1.`, `6.2.`, `IV.`) and bullets (`-`, `+`);
//! - a heading that names an office ("3. Văn phòng Điều phối nông thôn mới
//!   huyện:") gives each of its bullets to that office, and its own text after
//!   the name, when there is some, is a task as well;
//! - a heading that names no office is a plan item whose labelled bullets
//!   ("Nội dung thực hiện:", "Đơn vị thực hiện:", "Thời gian thực hiện:") give
//!   its content, its offices and its deadline; "+ Đợt 1: trước ngày …"
//!   sub-bullets make one task per deadline;
//! - "Nơi nhận:", "Trên đây là …" end the body.
//!
//! Targets are read from every sentence ([`target`]).

pub mod deadline;
pub mod header;
pub mod noise;
pub mod office;
pub mod review;
pub mod target;
pub mod tokens;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

pub use deadline::Deadline;
pub use office::OfficeKind;
pub use target::{ProposedTarget, TargetKind, TargetLevel};

use header::read_meta;
use office::{OfficeHit, Original, any_office_at, distinct_kinds, listed_offices, office_at, offices_in};
use tokens::{Token, find_phrase, normalise, phrase_at, same_word, tokenize};

/// The kind of document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DirectiveKind {
    /// Kế hoạch.
    Plan,
    /// Thông báo (kết luận).
    Notice,
    /// Chỉ thị.
    Instruction,
    /// Công văn.
    Letter,
    /// Quyết định.
    Decision,
}

/// What the header says about the directive: who issued it, its number,
/// date and kind ("UBND HUYỆN X", "Số: 163/KH-UBND", "…, ngày 12 tháng 5 năm
/// 2023", KẾ HOẠCH).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DirectiveHeader {
    /// The issuing body as its header writes it ("UBND HUYỆN PHONG THỔ").
    pub issuer: Option<String>,
    /// "163/KH-UBND".
    pub number: Option<String>,
    /// The date of the document (or of the meeting a notice reports).
    pub issued_on: Option<NaiveDate>,
    /// The year the deadlines without a year belong to.
    pub year: Option<i32>,
    /// Kế hoạch, thông báo, …
    pub kind: Option<DirectiveKind>,
}

/// The former name of [`DirectiveHeader`].
pub type DirectiveMeta = DirectiveHeader;

/// Where in the pasted text a proposal was read from: a byte range, for the
/// review page to show the sentence beside the proposal.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SourceSpan {
    /// Byte offset of the first character.
    pub start: usize,
    /// Byte offset just past the last character.
    pub end: usize,
}

/// A task read from a directive.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProposedTask {
    /// A short title: the plan item's heading or the first sentence.
    pub title: String,
    /// The whole text of the task as written.
    pub details: String,
    /// The office responsible (chủ trì), if the reader found one.
    pub responsible: Option<OfficeKind>,
    /// The responsible office's name: as the office list names it, or as the
    /// text writes an office the reader does not know (kind `other`).
    pub responsible_name: Option<String>,
    /// The offices that cooperate (phối hợp).
    pub cooperating: Vec<OfficeKind>,
    /// The deadline.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub deadline: Deadline,
    /// True when the text gives no deadline and the deadline is the plan's
    /// year (a plan's duties are due within the year it plans), for the
    /// officer to confirm.
    pub deadline_inferred: bool,
    /// The line of the pasted text it starts on (1-based), for review.
    pub line: usize,
    /// The text it was read from.
    pub span: SourceSpan,
}

/// Everything read from a directive.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DirectiveProposal {
    /// Header facts.
    pub meta: DirectiveMeta,
    /// Proposed tasks, in the order of the text.
    pub tasks: Vec<ProposedTask>,
    /// Proposed targets, each once.
    pub targets: Vec<ProposedTarget>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum BlockKind {
    Heading,
    Bullet,
    Prose,
}

/// A run of lines: a heading or bullet with its continuation lines.
#[derive(Debug)]
struct Block {
    kind: BlockKind,
    /// Original lines (bullet marker and heading number removed from the first).
    lines: Vec<String>,
    line_no: usize,
    /// Byte range of the block in the pasted text.
    span: SourceSpan,
}

impl Block {
    fn text(&self) -> String {
        join_lines(&self.lines)
    }
}

fn join_lines(lines: &[String]) -> String {
    lines
        .iter()
        .map(|l| l.trim())
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Strips a heading number ("6.2.", "IV.", "I11.") from the start of a line.
fn strip_heading_number(line: &str) -> Option<&str> {
    let trimmed = line.trim_start_matches(|c: char| c.is_whitespace() || matches!(c, '‘' | '\'' | '`'));
    let bytes = trimmed.as_bytes();
    let mut i = 0;
    loop {
        let start = i;
        while i < bytes.len() && (bytes[i].is_ascii_digit() || matches!(bytes[i], b'I' | b'V' | b'X' | b'L' | b'|')) {
            i += 1;
        }
        if i == start || i - start > 4 {
            return None;
        }
        if i < bytes.len() && (bytes[i] == b'.' || bytes[i] == b')') {
            i += 1;
            if i < bytes.len() && (bytes[i].is_ascii_digit()) {
                continue;
            }
            break;
        }
        return None;
    }
    let rest = &trimmed[i..];
    // A number glued to its heading ("6.Sở Công Thương:"), as OCR and hasty
    // typing leave it: a capital right after the dot of an Arabic number.
    let glued = bytes[0].is_ascii_digit() && rest.starts_with(|c: char| c.is_uppercase());
    ((rest.starts_with(char::is_whitespace) || glued) && rest.trim_start().starts_with(|c: char| c.is_alphabetic()))
        .then(|| rest.trim_start())
}

/// Strips a bullet marker ("-", "+", "•", "–") from the start of a line.
fn strip_bullet(line: &str) -> Option<&str> {
    let trimmed = line.trim_start_matches(|c: char| c.is_whitespace() || matches!(c, '‘' | '\'' | '`'));
    // Pattern: lettered items ("a)", "b)", "đ)") are the bullets of a
    // numbered heading in decrees and letters.
    let mut chars = trimmed.chars();
    if let (Some(letter), Some(')')) = (chars.next(), chars.next())
        && (letter.is_ascii_lowercase() || letter == 'đ')
        && chars.as_str().starts_with(char::is_whitespace)
    {
        let rest = chars.as_str().trim_start();
        return (!rest.is_empty()).then_some(rest);
    }
    let rest = trimmed.strip_prefix(['-', '+', '•', '–', '—', '*', '·'])?;
    let rest = rest.trim_start();
    (!rest.is_empty()).then_some(rest)
}

/// True for a line that ends the body ("Nơi nhận:", "Trên đây là …").
fn ends_body(line: &str) -> bool {
    let tokens = tokenize(&normalise(line));
    ["noi nhan", "tren day la", "can cu noi dung ke hoach nay"]
        .iter()
        .any(|p| phrase_at(&tokens, 0, &p.split(' ').collect::<Vec<_>>()))
}

/// The lines of a text with the byte offset each starts at.
fn lines_with_offsets(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut offset = 0;
    for raw in text.split_inclusive('\n') {
        out.push((offset, raw.trim_end_matches(['\n', '\r'])));
        offset += raw.len();
    }
    out
}

fn blocks_of(text: &str) -> Vec<Block> {
    let mut blocks: Vec<Block> = Vec::new();
    // Pattern: the bullets under "Kính gửi:" list addressees, not duties.
    let mut addressees = false;
    for (n, (offset, line)) in lines_with_offsets(text).into_iter().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        if ends_body(line) {
            break;
        }
        if phrase_at(&tokenize(&normalise(line)), 0, &["kinh", "gui"]) {
            addressees = true;
            continue;
        }
        if addressees {
            if strip_bullet(line).is_some() {
                continue;
            }
            addressees = false;
        }
        let span = SourceSpan {
            start: offset,
            end: offset + line.len(),
        };
        let new = |kind, rest: &str| Block {
            kind,
            lines: vec![rest.to_owned()],
            line_no: n + 1,
            span,
        };
        if let Some(rest) = strip_heading_number(line) {
            blocks.push(new(BlockKind::Heading, rest));
        } else if let Some(rest) = strip_bullet(line) {
            blocks.push(new(BlockKind::Bullet, rest));
        } else if let Some(last) = blocks.last_mut() {
            last.lines.push(line.to_owned());
            last.span.end = span.end;
        } else {
            blocks.push(new(BlockKind::Prose, line));
        }
    }
    blocks
}

/// The field a plan bullet fills, from its label.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Label {
    Content,
    Unit,
    Time,
    Participants,
}

/// Reads a label ("Nội dung thực hiện:", "Đơn vị thực hiện:", "Thời gian:")
/// at the start of a bullet; returns the label and the token index after it.
/// The label is its first two words followed by a colon within five tokens,
/// so OCR damage in "thực hiện" does not matter.
fn label_of(tokens: &[Token]) -> Option<(Label, usize)> {
    const LABELS: &[(&str, &str, Label)] = &[
        ("noi", "dung", Label::Content),
        ("don", "vi", Label::Unit),
        ("co", "quan", Label::Unit),
        ("thoi", "gian", Label::Time),
        ("thoi", "han", Label::Time),
        ("thanh", "phan", Label::Participants),
    ];
    // OCR junk may precede the label ("‘ - Noi1 dung").
    let skip = usize::from(tokens.first().is_some_and(|t| !t.is_word()));
    let (a, b) = (tokens.get(skip)?, tokens.get(skip + 1)?);
    let label = LABELS.iter().find_map(|(x, y, label)| {
        let first = same_word(&a.text, x) || (a.text.len() <= 5 && a.text.ends_with(&x[x.len() - 2..]) && x.len() == 3);
        (first && same_word(&b.text, y)).then_some(*label)
    })?;
    let colon = tokens[skip + 2..].iter().take(4).position(|t| t.text == ":");
    match colon {
        Some(c) => Some((label, skip + 2 + c + 1)),
        // "Thành phần tham gia Thành viên …" has no colon.
        None if label == Label::Participants => Some((label, skip + 2)),
        None => None,
    }
}

/// The original text after the first `n` normalised tokens: cuts the
/// original at the same count of word tokens.
fn original_after(original: &str, tokens: &[Token], n: usize) -> String {
    if n == 0 {
        return original.trim().to_owned();
    }
    if n >= tokens.len() {
        return String::new();
    }
    // Count the words and punctuation marks of the original up to the same token.
    let orig_tokens = tokenize(&normalise_keep_len(original));
    match orig_tokens.get(n) {
        Some(t) => original[t.start..]
            .trim()
            .trim_start_matches([':', ',', ';', ' '])
            .trim()
            .to_owned(),
        None => String::new(),
    }
}

/// Tokenising the original needs byte offsets into the original itself; this
/// replaces each character with one of the same length: letters and digits
/// by `a`, the rest kept when ASCII and by a space otherwise.
fn normalise_keep_len(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let chars: Vec<char> = s.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let len = c.len_utf8();
        let word_char = c.is_alphanumeric()
            || (matches!(c, '\'' | '’' | '‘' | '`' | '´')
                && i > 0
                && chars[i - 1].is_alphabetic()
                && chars.get(i + 1).is_some_and(|n| n.is_alphabetic()))
            || matches!(c, '¢' | '€' | '£' | '¥' | 'ø' | 'æ' | 'ß');
        if word_char {
            out.push('a');
            out.extend(std::iter::repeat_n('a', len - 1));
        } else if c.is_ascii() {
            out.push(c);
        } else if matches!(c, '–' | '—' | '−') {
            out.push('-');
            out.extend(std::iter::repeat_n(' ', len - 1));
        } else if c.is_whitespace() {
            out.extend(std::iter::repeat_n(' ', len));
        } else {
            out.push('.');
            out.extend(std::iter::repeat_n(' ', len - 1));
        }
    }
    out
}

/// A short title: the text up to the first sentence end, at most 160 characters.
fn short_title(text: &str) -> String {
    let text = text.trim();
    let end = text
        .char_indices()
        .find(|&(i, c)| (c == ';' || c == '.' && text[i + 1..].starts_with(' ')) && i > 20)
        .map_or(text.len(), |(i, _)| i);
    let title = text[..end].trim_end_matches([':', ',', ' ']);
    if title.chars().count() > 160 {
        let cut: String = title.chars().take(157).collect();
        format!("{}…", cut.trim_end())
    } else {
        title.to_owned()
    }
}

/// Offices cooperating in a task: those named after "phối hợp" (with).
fn cooperating_in(tokens: &[Token], responsible: Option<OfficeKind>) -> Vec<OfficeKind> {
    let mut kinds = Vec::new();
    let mut from = 0;
    while let Some((_, end)) = find_phrase(tokens, "phoi hop", from) {
        let stop = tokens[end..]
            .iter()
            .position(|t| matches!(t.text.as_str(), ";" | "."))
            .map_or(tokens.len(), |p| end + p)
            .min(end + 30);
        for kind in distinct_kinds(&offices_in(&tokens[end..stop]), responsible) {
            if !kinds.contains(&kind) {
                kinds.push(kind);
            }
        }
        from = end;
    }
    kinds
}

/// A plan item being read: a heading without an office, with labelled bullets.
#[derive(Debug, Default)]
struct PlanItem {
    title: String,
    line: usize,
    span: SourceSpan,
    content: Vec<String>,
    unit: Option<(Option<OfficeHit>, Vec<OfficeKind>)>,
    time_seen: bool,
    deadline: Option<Deadline>,
    /// "+ Đánh giá đợt 1: trước ngày 30/6/2023": (label, deadline).
    rounds: Vec<(String, Deadline)>,
    /// Bullets that begin with their own office ("- Phòng Kinh tế chủ trì …"):
    /// tasks of their own unless the item turns out to be a labelled plan item.
    office_bullets: Vec<ProposedTask>,
}

impl PlanItem {
    fn finish(self, out: &mut Vec<ProposedTask>) {
        if self.unit.is_none() && !self.time_seen {
            out.extend(self.office_bullets);
            return;
        }
        let (responsible, cooperating) = self.unit.unwrap_or((None, Vec::new()));
        let mut content = self.content;
        content.extend(self.office_bullets.into_iter().map(|t| t.details));
        let details = join_lines(&content);
        let details = if details.is_empty() {
            self.title.clone()
        } else {
            details
        };
        let task = |title: String, deadline: Deadline| ProposedTask {
            title,
            details: details.clone(),
            responsible: responsible.as_ref().map(|h| h.kind),
            responsible_name: responsible.as_ref().map(|h| h.name.clone()),
            cooperating: cooperating.clone(),
            deadline,
            deadline_inferred: false,
            line: self.line,
            span: self.span,
        };
        if self.rounds.is_empty() {
            out.push(task(
                short_title(&self.title),
                self.deadline.clone().unwrap_or(Deadline::None),
            ));
        } else {
            for (label, deadline) in &self.rounds {
                out.push(task(
                    format!("{} — {}", short_title(&self.title), label),
                    deadline.clone(),
                ));
            }
        }
    }
}

/// Words that can follow an office's name in a heading without starting a task.
const FILLERS: &[&str] = &[
    "va", "cac", "huyen", "tinh", "xa", "thi", "tran", "thanh", "pho", "phuong", "phoi", "hop", "voi", "cap",
];

/// Words before an office at the start of a heading or bullet ("Đề nghị",
/// "Giao", "Yêu cầu"), skipped when looking for the office.
const ADDRESS_WORDS: &[&str] = &["de nghi", "giao", "yeu cau", "giao cho", "cac"];

/// The office a heading or bullet is about, when it names one in its first
/// words: a known office in the first four tokens, or an office the reader
/// does not know at the start (after "Đề nghị", "Giao").
fn leading_office(tokens: &[Token], original: &Original, known_within: usize) -> Option<OfficeHit> {
    if let Some(hit) = (0..tokens.len().min(known_within)).find_map(|i| office_at(tokens, i)) {
        return Some(hit);
    }
    let mut at = 0;
    for address in ADDRESS_WORDS {
        let words: Vec<&str> = address.split(' ').collect();
        if phrase_at(tokens, at, &words) {
            at += words.len();
        }
    }
    any_office_at(tokens, at, original)
}

/// "Các Sở: Xây dựng, Nội vụ" / "Các phòng: …": a plural head noun and a
/// colon, then the list. Returns the head ("Sở", "Phòng") and where the list starts.
fn plural_head(tokens: &[Token]) -> Option<(&'static str, usize)> {
    if !tokens.first().is_some_and(|t| same_word(&t.text, "cac")) {
        return None;
    }
    let head = match tokens.get(1)?.text.as_str() {
        "so" | "sd" => "Sở",
        "phong" => "Phòng",
        _ => return None,
    };
    (tokens.get(2)?.text == ":").then_some((head, 3))
}

/// Splits a bullet holding several duties with deadlines of their own
/// ("Rà soát … trước ngày 20/3; tổng hợp báo cáo … trong tháng 4"): at each
/// ";" or sentence end after a clause that has a deadline, when at least two
/// parts get different deadlines. Returns the parts as byte ranges of `text`.
fn split_duties(text: &str, year: Option<i32>) -> Vec<(usize, usize)> {
    let mut cuts = vec![0];
    let bytes = text.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        let end_of_clause =
            b == b';' || (b == b'.' && bytes.get(i + 1) == Some(&b' ') && i > 0 && !bytes[i - 1].is_ascii_digit());
        if end_of_clause {
            cuts.push(i + 1);
        }
    }
    cuts.push(text.len());
    let mut parts: Vec<(usize, usize)> = Vec::new();
    let mut start = 0;
    let mut deadlines = Vec::new();
    for &cut in &cuts[1..] {
        let piece = &text[start..cut];
        let d = deadline::find_deadline(&tokenize(&normalise(piece)), year);
        if d != Deadline::None || cut == text.len() {
            if piece.trim().chars().filter(|c| c.is_alphabetic()).count() > 0 {
                parts.push((start, cut));
                deadlines.push(d);
            } else if let Some(last) = parts.last_mut() {
                last.1 = cut;
            }
            start = cut;
        }
    }
    // A trailing part without a deadline belongs to the part before it.
    if parts.len() >= 2 && deadlines.last() == Some(&Deadline::None) {
        let (_, end) = parts.pop().expect("two parts");
        deadlines.pop();
        if let Some(last) = parts.last_mut() {
            last.1 = end;
        }
    }
    let distinct = deadlines.iter().filter(|d| **d != Deadline::None).collect::<Vec<_>>();
    if parts.len() >= 2 && distinct.windows(2).any(|w| w[0] != w[1]) {
        parts
    } else {
        vec![(0, text.len())]
    }
}

/// Where the words of `part` lie inside `span` of the pasted text, searching from byte `from`
/// (the end of the part before): from its first word to the end of its last, the words found
/// in order whatever the spaces and line breaks between them.
/// `span` itself when they are not found (the part then points at its whole block).
fn span_of_words(source: &str, span: SourceSpan, from: usize, part: &str) -> SourceSpan {
    let Some(block) = source.get(span.start..span.end) else {
        return span;
    };
    let mut words = part.split_whitespace();
    let Some(first) = words.next() else {
        return span;
    };
    let from = from.saturating_sub(span.start).min(block.len());
    let Some(start) = block.get(from..).and_then(|rest| rest.find(first)).map(|at| from + at) else {
        return span;
    };
    let mut end = start + first.len();
    for word in words {
        match block[end..].find(word) {
            // The next word follows after blanks only (a line break or a run of spaces).
            Some(gap) if block[end..end + gap].chars().all(char::is_whitespace) => end += gap + word.len(),
            _ => return span,
        }
    }
    SourceSpan {
        start: span.start + start,
        end: span.start + end,
    }
}

/// The tasks of one bullet or inline heading text given to an office. A bullet holding
/// several duties gives a task per duty, each pointing at its own words in `source`.
#[allow(clippy::too_many_arguments)]
fn duties(
    source: &str,
    original: &str,
    span: SourceSpan,
    line: usize,
    year: Option<i32>,
    responsible: &OfficeHit,
    cooperating: &[OfficeKind],
    out: &mut Vec<ProposedTask>,
) {
    let parts = split_duties(original, year);
    let several = parts.len() > 1;
    let mut cursor = span.start;
    for (from, to) in parts {
        let text = original[from..to].trim().trim_start_matches([';', ',', '.']).trim();
        let span = if several {
            let own = span_of_words(source, span, cursor, text);
            cursor = own.end;
            own
        } else {
            span
        };
        let tokens = tokenize(&normalise(text));
        let mut cooperating = cooperating.to_vec();
        for k in cooperating_in(&tokens, Some(responsible.kind)) {
            if !cooperating.contains(&k) {
                cooperating.push(k);
            }
        }
        out.push(ProposedTask {
            title: short_title(text),
            details: text.to_owned(),
            responsible: Some(responsible.kind),
            responsible_name: Some(responsible.name.clone()),
            cooperating,
            deadline: deadline::find_deadline(&tokens, year),
            deadline_inferred: false,
            line,
            span,
        });
    }
}

/// Reads a directive.
pub fn parse_directive(text: &str) -> DirectiveProposal {
    let pasted = text;
    let meta = read_meta(text);
    let year = meta.year;
    let blocks = blocks_of(text);
    let mut tasks = Vec::new();
    let mut scope: Option<(OfficeHit, Vec<OfficeKind>)> = None;
    let mut item: Option<PlanItem> = None;

    for block in &blocks {
        let original = block.text();
        let norm = normalise(&original);
        let tokens = tokenize(&norm);
        let source = Original::new(&original);
        match block.kind {
            BlockKind::Prose => {}
            BlockKind::Heading => {
                if let Some(done) = item.take() {
                    done.finish(&mut tasks);
                }
                scope = None;
                let first = normalise(&block.lines[0]);
                let first_tokens = tokenize(&first);
                let title_end = first_tokens.iter().position(|t| t.text == ":");
                // "Các Sở: Xây dựng, Nội vụ, Tư pháp": the first listed is
                // responsible, the others cooperate.
                let listed = plural_head(&tokens).map(|(head, from)| {
                    // Pattern: the list ends with the heading's first line; a
                    // duty written on the next line is not an office.
                    let list_end = tokens[from..]
                        .iter()
                        .position(|t| matches!(t.text.as_str(), ";" | "." | ":"))
                        .map_or(tokens.len(), |p| from + p)
                        .min(first_tokens.len().max(from));
                    listed_offices(&tokens, from..list_end, &source, head)
                });
                let hit = match &listed {
                    Some(hits) if !hits.is_empty() => Some(hits[0].clone()),
                    _ => leading_office(&tokens, &source, 4),
                };
                if let Some(hit) = hit {
                    let (title_len, inline) = match title_end {
                        Some(colon) => (colon, original_after(&original, &tokens, colon + 1)),
                        None if norm.trim_end().ends_with(':') => (tokens.len(), String::new()),
                        None => (
                            first_tokens.len(),
                            original_after(&original, &tokens, first_tokens.len()),
                        ),
                    };
                    let (title_len, inline) = match &listed {
                        Some(hits) if !hits.is_empty() => {
                            let end = hits.last().map_or(title_len, |h| h.end);
                            (end, original_after(&original, &tokens, end))
                        }
                        _ => (title_len, inline),
                    };
                    let title_tokens = &tokens[..title_len.min(tokens.len())];
                    let coop = match &listed {
                        Some(hits) if !hits.is_empty() => distinct_kinds(&hits[1..], Some(hit.kind)),
                        _ => distinct_kinds(
                            &offices_in(&title_tokens[hit.end.min(title_tokens.len())..]),
                            Some(hit.kind),
                        ),
                    };
                    let inline_tokens = tokenize(&normalise(&inline));
                    // A short second line of a heading without a colon ends its title.
                    let wrapped_title =
                        title_end.is_none() && inline_tokens.iter().filter(|t| t.is_word()).count() <= 6;
                    let inline_is_task =
                        !inline.trim().is_empty() && !inline.trim_end().ends_with(':') && !wrapped_title;
                    if inline_is_task {
                        // A heading that carries its duty, on one line or several
                        // ("6.1. UBND cấp xã tổ chức đánh giá …"). Words of the title
                        // that are neither offices nor place fillers: "6.1. UBND cấp xã
                        // tổ chức đánh giá …" has many, "8. Đề nghị Mặt trận Tổ quốc và
                        // các Đoàn thể huyện" none.
                        let rest = &title_tokens[hit.end.min(title_tokens.len())..];
                        let in_office: Vec<usize> = offices_in(rest).iter().flat_map(|h| h.start..h.end).collect();
                        let title_words = rest
                            .iter()
                            .enumerate()
                            .filter(|(k, t)| {
                                t.is_word() && !in_office.contains(k) && !FILLERS.contains(&t.text.as_str())
                            })
                            .count();
                        let text = if title_words > 4 {
                            original.clone()
                        } else {
                            inline.clone()
                        };
                        duties(pasted, &text, block.span, block.line_no, year, &hit, &coop, &mut tasks);
                    }
                    scope = Some((hit, coop));
                } else {
                    item = Some(PlanItem {
                        title: original.clone(),
                        line: block.line_no,
                        span: block.span,
                        ..PlanItem::default()
                    });
                }
            }
            BlockKind::Bullet => {
                let sub = block_marker_is_plus(text, block.line_no);
                // A bullet that begins with its own office is that office's duty,
                // whatever its heading says ("Các phòng ngành" → "- Phòng Kinh tế …").
                let own = leading_office(&tokens, &source, 1).filter(|h| h.start <= 3);
                if let Some(current) = item.as_mut() {
                    if sub && current.time_seen {
                        let deadline = deadline::find_deadline(&tokens, year);
                        let label = original.split(':').next().unwrap_or("").trim().to_owned();
                        current.rounds.push((label, deadline));
                        continue;
                    }
                    match label_of(&tokens) {
                        Some((Label::Content, end)) => current.content.push(original_after(&original, &tokens, end)),
                        Some((Label::Unit, end)) => {
                            let hits = offices_in(&tokens[end..]);
                            let responsible = hits.first().cloned().or_else(|| any_office_at(&tokens, end, &source));
                            let kind = responsible.as_ref().map(|h| h.kind);
                            current.unit = Some((responsible, distinct_kinds(&hits, kind)));
                        }
                        Some((Label::Time, _)) => {
                            current.time_seen = true;
                            let d = deadline::find_deadline(&tokens, year);
                            if d != Deadline::None {
                                current.deadline = Some(d);
                            }
                        }
                        Some((Label::Participants, _)) => {}
                        None => match own {
                            Some(hit) => {
                                duties(
                                    pasted,
                                    &original,
                                    block.span,
                                    block.line_no,
                                    year,
                                    &hit,
                                    &[],
                                    &mut current.office_bullets,
                                );
                            }
                            None => current.content.push(original.clone()),
                        },
                    }
                } else if let Some((responsible, coop)) = &scope {
                    match own.filter(|h| h.kind != responsible.kind || h.kind == OfficeKind::Other) {
                        Some(hit) => duties(
                            pasted,
                            &original,
                            block.span,
                            block.line_no,
                            year,
                            &hit,
                            &[],
                            &mut tasks,
                        ),
                        None => duties(
                            pasted,
                            &original,
                            block.span,
                            block.line_no,
                            year,
                            responsible,
                            coop,
                            &mut tasks,
                        ),
                    }
                } else if let Some(hit) = own {
                    duties(
                        pasted,
                        &original,
                        block.span,
                        block.line_no,
                        year,
                        &hit,
                        &[],
                        &mut tasks,
                    );
                }
            }
        }
    }
    if let Some(done) = item.take() {
        done.finish(&mut tasks);
    }

    // A plan's duties are due within the year it plans: a duty of a plan
    // that gives no deadline gets that year, marked as inferred.
    if meta.kind == Some(DirectiveKind::Plan)
        && let Some(year) = year
    {
        for task in &mut tasks {
            if task.deadline == Deadline::None {
                task.deadline = Deadline::Year { year };
                task.deadline_inferred = true;
            }
        }
    }

    DirectiveProposal {
        targets: read_targets(text, year),
        meta,
        tasks,
    }
}

/// True when the bullet on line `line_no` (1-based) starts with "+".
fn block_marker_is_plus(text: &str, line_no: usize) -> bool {
    text.lines()
        .nth(line_no - 1)
        .is_some_and(|l| l.trim_start().starts_with('+'))
}

/// Reads every target of the text, each once, from the body only. `year`
/// is the directive's year: a count stated for an earlier year is a result.
fn read_targets(text: &str, year: Option<i32>) -> Vec<ProposedTarget> {
    let mut body = String::new();
    // (offset in body, offset in text) where each line's text starts.
    let mut starts: Vec<(usize, usize)> = Vec::new();
    for (offset, line) in lines_with_offsets(text) {
        if ends_body(line) {
            break;
        }
        let lead = line.len() - line.trim_start().len();
        starts.push((body.len(), offset + lead));
        body.push_str(line.trim());
        body.push(' ');
    }
    let to_text = |at: usize| {
        let k = starts.partition_point(|(b, _)| *b <= at).saturating_sub(1);
        starts.get(k).map_or(at, |(b, t)| t + (at - b))
    };
    let mut targets: Vec<ProposedTarget> = Vec::new();
    let mut previous: Option<(target::TargetKind, Option<u8>)> = None;
    for sentence in split_sentences(&body) {
        let tokens = tokenize(&normalise(sentence));
        let from = sentence.as_ptr() as usize - body.as_ptr() as usize;
        let span = SourceSpan {
            start: to_text(from),
            end: sentence
                .trim_end()
                .char_indices()
                .last()
                .map_or(to_text(from), |(i, c)| to_text(from + i) + c.len_utf8()),
        };
        for mut target in target::targets_in(&tokens, sentence, year, previous) {
            previous = Some((target.kind, target.min_stars));
            target.span = span;
            if !targets.iter().any(|t| t.key() == target.key()) {
                targets.push(target);
            }
        }
    }
    targets
}

/// Splits on ";", "." followed by a space and a capital or a digit, and "…".
fn split_sentences(text: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut start = 0;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    for (k, &(i, c)) in chars.iter().enumerate() {
        let end_of_sentence = match c {
            ';' | '…' => true,
            // A period, then any run of spaces and line breaks (a paragraph break is
            // several), then a capital, a digit or a bullet.
            '.' => {
                let next = chars[k + 1..].iter().position(|(_, n)| !n.is_whitespace());
                next.is_some_and(|d| d > 0)
                    && next
                        .and_then(|d| chars.get(k + 1 + d))
                        .is_some_and(|(_, n)| n.is_uppercase() || n.is_ascii_digit() || *n == '-')
            }
            _ => false,
        };
        if end_of_sentence {
            parts.push(&text[start..i]);
            start = i + c.len_utf8();
        }
    }
    parts.push(&text[start..]);
    parts.into_iter().filter(|p| !p.trim().is_empty()).collect()
}

#[cfg(test)]
mod tests;
