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
pub mod office;
pub mod target;
pub mod tokens;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

pub use deadline::Deadline;
pub use office::OfficeKind;
pub use target::{ProposedTarget, TargetKind, TargetLevel};

use office::{distinct_kinds, office_at, offices_in};
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

/// What the header says about the directive.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DirectiveMeta {
    /// "163/KH-UBND".
    pub number: Option<String>,
    /// The date of the document (or of the meeting a notice reports).
    pub issued_on: Option<NaiveDate>,
    /// The year the deadlines without a year belong to.
    pub year: Option<i32>,
    /// Kế hoạch, thông báo, …
    pub kind: Option<DirectiveKind>,
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
    /// The offices that cooperate (phối hợp).
    pub cooperating: Vec<OfficeKind>,
    /// The deadline.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub deadline: Deadline,
    /// The line of the pasted text it starts on (1-based), for review.
    pub line: usize,
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
    (rest.starts_with(char::is_whitespace) && rest.trim_start().starts_with(|c: char| c.is_alphabetic()))
        .then(|| rest.trim_start())
}

/// Strips a bullet marker ("-", "+", "•", "–") from the start of a line.
fn strip_bullet(line: &str) -> Option<&str> {
    let trimmed = line.trim_start_matches(|c: char| c.is_whitespace() || matches!(c, '‘' | '\'' | '`'));
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

fn blocks_of(text: &str) -> Vec<Block> {
    let mut blocks: Vec<Block> = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        if ends_body(line) {
            break;
        }
        if let Some(rest) = strip_heading_number(line) {
            blocks.push(Block {
                kind: BlockKind::Heading,
                lines: vec![rest.to_owned()],
                line_no: n + 1,
            });
        } else if let Some(rest) = strip_bullet(line) {
            blocks.push(Block {
                kind: BlockKind::Bullet,
                lines: vec![rest.to_owned()],
                line_no: n + 1,
            });
        } else if let Some(last) = blocks.last_mut() {
            last.lines.push(line.to_owned());
        } else {
            blocks.push(Block {
                kind: BlockKind::Prose,
                lines: vec![line.to_owned()],
                line_no: n + 1,
            });
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
    content: Vec<String>,
    unit: Option<(Option<OfficeKind>, Vec<OfficeKind>)>,
    time_seen: bool,
    deadline: Option<Deadline>,
    /// "+ Đánh giá đợt 1: trước ngày 30/6/2023": (label, deadline).
    rounds: Vec<(String, Deadline)>,
}

impl PlanItem {
    fn finish(self, out: &mut Vec<ProposedTask>) {
        if self.unit.is_none() && !self.time_seen {
            return;
        }
        let (responsible, cooperating) = self.unit.unwrap_or((None, Vec::new()));
        let details = join_lines(&self.content);
        let details = if details.is_empty() {
            self.title.clone()
        } else {
            details
        };
        if self.rounds.is_empty() {
            out.push(ProposedTask {
                title: short_title(&self.title),
                details,
                responsible,
                cooperating,
                deadline: self.deadline.unwrap_or(Deadline::None),
                line: self.line,
            });
        } else {
            for (label, deadline) in self.rounds {
                out.push(ProposedTask {
                    title: format!("{} — {}", short_title(&self.title), label),
                    details: details.clone(),
                    responsible,
                    cooperating: cooperating.clone(),
                    deadline,
                    line: self.line,
                });
            }
        }
    }
}

/// Words that can follow an office's name in a heading without starting a task.
const FILLERS: &[&str] = &[
    "va", "cac", "huyen", "tinh", "xa", "thi", "tran", "thanh", "pho", "phuong", "phoi", "hop", "voi", "cap",
];

/// The office a heading is about, when it names one in its first words.
fn heading_office(tokens: &[Token]) -> Option<office::OfficeHit> {
    (0..tokens.len().min(4)).find_map(|i| office_at(tokens, i))
}

/// Reads a directive.
pub fn parse_directive(text: &str) -> DirectiveProposal {
    let meta = read_meta(text);
    let year = meta.year;
    let blocks = blocks_of(text);
    let mut tasks = Vec::new();
    let mut scope: Option<(OfficeKind, Vec<OfficeKind>)> = None;
    let mut item: Option<PlanItem> = None;

    for block in &blocks {
        let original = block.text();
        let norm = normalise(&original);
        let tokens = tokenize(&norm);
        match block.kind {
            BlockKind::Prose => {}
            BlockKind::Heading => {
                if let Some(done) = item.take() {
                    done.finish(&mut tasks);
                }
                scope = None;
                if let Some(hit) = heading_office(&tokens) {
                    let first = normalise(&block.lines[0]);
                    let first_tokens = tokenize(&first);
                    let title_end = first_tokens.iter().position(|t| t.text == ":");
                    let (title_len, inline) = match title_end {
                        Some(colon) => (colon, original_after(&original, &tokens, colon + 1)),
                        None if norm.trim_end().ends_with(':') => (tokens.len(), String::new()),
                        None => (
                            first_tokens.len(),
                            original_after(&original, &tokens, first_tokens.len()),
                        ),
                    };
                    let title_tokens = &tokens[..title_len.min(tokens.len())];
                    let coop = distinct_kinds(&offices_in(&title_tokens[hit.end..]), Some(hit.kind));
                    let inline_tokens = tokenize(&normalise(&inline));
                    // A short second line of a heading without a colon ends its title.
                    let wrapped_title =
                        title_end.is_none() && inline_tokens.iter().filter(|t| t.is_word()).count() <= 6;
                    let inline_is_task =
                        !inline.trim().is_empty() && !inline.trim_end().ends_with(':') && !wrapped_title;
                    if inline_is_task {
                        // A long heading is itself the task ("6.1. UBND cấp xã tổ chức đánh giá …").
                        // Words of the title that are neither offices nor place fillers:
                        // "6.1. UBND cấp xã tổ chức đánh giá …" has many, "8. Đề nghị Mặt
                        // trận Tổ quốc và các Đoàn thể huyện" none.
                        let rest = &title_tokens[hit.end..];
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
                        let mut cooperating = coop.clone();
                        for k in cooperating_in(&inline_tokens, Some(hit.kind)) {
                            if !cooperating.contains(&k) {
                                cooperating.push(k);
                            }
                        }
                        tasks.push(ProposedTask {
                            title: short_title(&text),
                            details: text,
                            responsible: Some(hit.kind),
                            cooperating,
                            deadline: deadline::find_deadline(&tokens, year),
                            line: block.line_no,
                        });
                    }
                    scope = Some((hit.kind, coop));
                } else {
                    item = Some(PlanItem {
                        title: original.clone(),
                        line: block.line_no,
                        ..PlanItem::default()
                    });
                }
            }
            BlockKind::Bullet => {
                let sub = block_marker_is_plus(text, block.line_no);
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
                            let responsible = hits.first().map(|h| h.kind);
                            current.unit = Some((responsible, distinct_kinds(&hits, responsible)));
                        }
                        Some((Label::Time, _)) => {
                            current.time_seen = true;
                            let d = deadline::find_deadline(&tokens, year);
                            if d != Deadline::None {
                                current.deadline = Some(d);
                            }
                        }
                        Some((Label::Participants, _)) => {}
                        None => current.content.push(original.clone()),
                    }
                } else if let Some((responsible, coop)) = &scope {
                    let mut cooperating = coop.clone();
                    for k in cooperating_in(&tokens, Some(*responsible)) {
                        if !cooperating.contains(&k) {
                            cooperating.push(k);
                        }
                    }
                    tasks.push(ProposedTask {
                        title: short_title(&original),
                        details: original.clone(),
                        responsible: Some(*responsible),
                        cooperating,
                        deadline: deadline::find_deadline(&tokens, year),
                        line: block.line_no,
                    });
                }
            }
        }
    }
    if let Some(done) = item.take() {
        done.finish(&mut tasks);
    }

    DirectiveProposal {
        meta,
        tasks,
        targets: read_targets(text),
    }
}

/// True when the bullet on line `line_no` (1-based) starts with "+".
fn block_marker_is_plus(text: &str, line_no: usize) -> bool {
    text.lines()
        .nth(line_no - 1)
        .is_some_and(|l| l.trim_start().starts_with('+'))
}

/// Reads every target of the text, each once, from the body only.
fn read_targets(text: &str) -> Vec<ProposedTarget> {
    let mut body = String::new();
    for line in text.lines() {
        if ends_body(line) {
            break;
        }
        body.push_str(line.trim());
        body.push(' ');
    }
    let mut targets: Vec<ProposedTarget> = Vec::new();
    for sentence in split_sentences(&body) {
        let tokens = tokenize(&normalise(sentence));
        for target in target::targets_in(&tokens, sentence) {
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
            '.' => {
                chars.get(k + 1).is_some_and(|(_, n)| n.is_whitespace())
                    && chars
                        .get(k + 2)
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

/// Reads the number, date, year and kind from the first lines.
fn read_meta(text: &str) -> DirectiveMeta {
    let mut meta = DirectiveMeta::default();
    for line in text.lines().filter(|l| !l.trim().is_empty()).take(14) {
        let norm = normalise(line);
        let tokens = tokenize(&norm);
        if meta.kind.is_none() {
            let kinds = [
                ("ke hoach", DirectiveKind::Plan),
                ("thong bao", DirectiveKind::Notice),
                ("chi thi", DirectiveKind::Instruction),
                ("cong van", DirectiveKind::Letter),
                ("quyet dinh", DirectiveKind::Decision),
            ];
            for (pattern, kind) in kinds {
                let words: Vec<&str> = pattern.split(' ').collect();
                if tokens.len() == words.len() && phrase_at(&tokens, 0, &words) {
                    meta.kind = Some(kind);
                }
            }
        }
        if meta.number.is_none()
            && let Some(number) = number_in(&tokens)
        {
            meta.number = Some(number);
            if meta.kind.is_none() {
                meta.kind = kind_of_number(meta.number.as_deref().unwrap_or(""));
            }
        }
        if meta.issued_on.is_none() {
            for (i, t) in tokens.iter().enumerate() {
                if same_word(&t.text, "ngay")
                    && let Some((date, _)) = deadline::date_at(&tokens, i + 1, None)
                {
                    meta.issued_on = Some(date);
                    break;
                }
            }
        }
    }
    meta.year = meta
        .issued_on
        .map(|d| chrono::Datelike::year(&d))
        .or_else(|| first_year(text));
    meta
}

/// "Số: 163 /KH-UBND" → "163/KH-UBND".
fn number_in(tokens: &[Token]) -> Option<String> {
    let at = tokens.iter().position(|t| t.text == "so")?;
    let mut i = at + 1;
    if tokens.get(i).is_some_and(|t| t.text == ":") {
        i += 1;
    }
    let n = tokens.get(i)?.number()?;
    if tokens.get(i + 1)?.text != "/" {
        return None;
    }
    let mut code = String::new();
    let mut j = i + 2;
    // word ( "-" word )*
    while let Some(t) = tokens.get(j) {
        if t.is_word() && !t.is_number() {
            code.push_str(&t.text.to_uppercase());
            if tokens.get(j + 1).is_some_and(|d| d.text == "-") && tokens.get(j + 2).is_some_and(Token::is_word) {
                code.push('-');
                j += 2;
            } else {
                break;
            }
        } else {
            break;
        }
    }
    (!code.is_empty()).then(|| format!("{n}/{code}"))
}

fn kind_of_number(number: &str) -> Option<DirectiveKind> {
    let code = number.split('/').nth(1)?;
    match code.split('-').next()? {
        "KH" => Some(DirectiveKind::Plan),
        "TB" => Some(DirectiveKind::Notice),
        "CT" => Some(DirectiveKind::Instruction),
        "QD" => Some(DirectiveKind::Decision),
        _ => None,
    }
}

/// The first "năm yyyy" of the text.
fn first_year(text: &str) -> Option<i32> {
    let tokens = tokenize(&normalise(text));
    tokens.windows(2).find_map(|w| {
        (same_word(&w[0].text, "nam"))
            .then(|| w[1].number())
            .flatten()
            .filter(|y| (1990..=2100).contains(y))
            .map(|y| y as i32)
    })
}

#[cfg(test)]
mod tests;
