//! Targets (chỉ tiêu) stated in directives: "phát triển mới thêm 03 sản phẩm",
//! "ít nhất 1 sản phẩm đạt 4 sao", "tối thiểu 10 tổ chức kinh tế tham gia".

use serde::{Deserialize, Serialize};

use super::SourceSpan;
use super::office::Original;
use super::tokens::{Token, find_phrase, phrase_at, same_word};

/// What a target counts. Every kind but `Improved` and `Other` is measured
/// by the system: from certificates and producers, from dossiers forwarded to
/// the central level, and from the programme's activity records (fairs,
/// training courses, support disbursements).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum TargetKind {
    /// New products certified for the first time (phát triển mới).
    NewProducts,
    /// Products certified with at least some stars (đạt 3 sao trở lên).
    Certified,
    /// Re-certifications when a certificate expires (công nhận lại).
    Recertified,
    /// Star upgrades (nâng hạng sao).
    Upgraded,
    /// Producers taking part (tổ chức kinh tế, chủ thể tham gia).
    Producers,
    /// Products proposed to the national council for 5 stars.
    ProposedFiveStar,
    /// Trade fairs and promotion events the unit's producers attended
    /// (hội chợ, triển lãm, xúc tiến thương mại).
    Fairs,
    /// Officials trained (cán bộ được tập huấn, đào tạo).
    OfficialsTrained,
    /// Support funds disbursed to producers, in million VND (kinh phí hỗ trợ đã giải ngân).
    SupportFunds,
    /// Products supported to improve or standardise (hỗ trợ nâng cấp,
    /// tiêu chuẩn hóa): progress entered by hand.
    Improved,
    /// Anything else: free text, progress entered by hand.
    Other,
}

impl TargetKind {
    /// Every kind.
    pub const ALL: [TargetKind; 11] = [
        Self::NewProducts,
        Self::Certified,
        Self::Recertified,
        Self::Upgraded,
        Self::Producers,
        Self::ProposedFiveStar,
        Self::Fairs,
        Self::OfficialsTrained,
        Self::SupportFunds,
        Self::Improved,
        Self::Other,
    ];

    /// The stable code.
    pub fn code(self) -> &'static str {
        match self {
            Self::NewProducts => "new_products",
            Self::Certified => "certified",
            Self::Recertified => "recertified",
            Self::Upgraded => "upgraded",
            Self::Producers => "producers",
            Self::ProposedFiveStar => "proposed_five_star",
            Self::Fairs => "fairs",
            Self::OfficialsTrained => "officials_trained",
            Self::SupportFunds => "support_funds",
            Self::Improved => "improved",
            Self::Other => "other",
        }
    }

    /// Parses a code.
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }

    /// True when the system computes the actual value from its data.
    pub fn is_measured(self) -> bool {
        !matches!(self, Self::Improved | Self::Other)
    }

    /// Vietnamese label.
    pub fn label_vi(self) -> &'static str {
        match self {
            Self::NewProducts => "Sản phẩm mới được công nhận",
            Self::Certified => "Sản phẩm được công nhận (theo hạng sao)",
            Self::Recertified => "Sản phẩm được công nhận lại",
            Self::Upgraded => "Sản phẩm nâng hạng sao",
            Self::Producers => "Chủ thể tham gia",
            Self::ProposedFiveStar => "Sản phẩm đề nghị công nhận 5 sao",
            Self::Fairs => "Hội chợ, triển lãm, xúc tiến thương mại đã tham gia",
            Self::OfficialsTrained => "Cán bộ được tập huấn",
            Self::SupportFunds => "Kinh phí hỗ trợ đã giải ngân (triệu đồng)",
            Self::Improved => "Sản phẩm được hỗ trợ nâng cấp",
            Self::Other => "Chỉ tiêu khác",
        }
    }

    /// English label.
    pub fn label_en(self) -> &'static str {
        match self {
            Self::NewProducts => "New products certified",
            Self::Certified => "Products certified (by stars)",
            Self::Recertified => "Products re-certified",
            Self::Upgraded => "Star upgrades",
            Self::Producers => "Producers taking part",
            Self::ProposedFiveStar => "Products proposed for 5 stars",
            Self::Fairs => "Fairs and promotion events attended",
            Self::OfficialsTrained => "Officials trained",
            Self::SupportFunds => "Support funds disbursed (million VND)",
            Self::Improved => "Products supported to improve",
            Self::Other => "Other target",
        }
    }
}

/// The level a star is recognised at ("cấp tỉnh", "cấp quốc gia").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum TargetLevel {
    /// Cấp huyện (before July 2025).
    District,
    /// Cấp tỉnh.
    Province,
    /// Cấp quốc gia / trung ương.
    National,
}

/// A target read from a directive.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProposedTarget {
    /// What it counts.
    pub kind: TargetKind,
    /// The number asked for (the lower bound of "3 - 5").
    pub count: u32,
    /// The upper bound of a range, if one was given.
    pub count_max: Option<u32>,
    /// At least this many stars ("đạt 4 sao", "đạt từ 3 sao trở lên").
    pub min_stars: Option<u8>,
    /// The level of recognition, if named.
    pub level: Option<TargetLevel>,
    /// The sentence it was read from, as written.
    pub text: String,
    /// The communes the target is set for, when the sentence names them
    /// ("xã Hòa Bình, xã Tân Lập mỗi xã có ít nhất 1 sản phẩm").
    pub communes: Vec<String>,
    /// Where the sentence is in the pasted text.
    pub span: SourceSpan,
}

impl ProposedTarget {
    /// The fields that make two targets the same target.
    pub fn key(&self) -> (TargetKind, u32, Option<u8>, Option<TargetLevel>) {
        (self.kind, self.count, self.min_stars, self.level)
    }
}

/// Words (folded) after which a number of producers is a target.
const QUANTIFIERS: &[&str] = &["toi thieu", "it nhat", "phan dau", "them", "thu hut", "co"];

/// Reads the targets of one clause (tokens of one sentence or part of it).
/// `year` is the directive's year: counts stated as results (of that year so
/// far or of an earlier one) are not targets. `previous` is the kind (and
/// stars) of the target read last, before this sentence: an exception
/// ("riêng các huyện A, B có ít nhất N sản phẩm") sets the same kind for
/// other units.
pub fn targets_in(
    tokens: &[Token],
    text: &str,
    year: Option<i32>,
    previous: Option<(TargetKind, Option<u8>)>,
) -> Vec<ProposedTarget> {
    let mut found = Vec::new();
    let communes = communes_in(tokens, text);
    let target = |kind, count, count_max, min_stars, level| ProposedTarget {
        kind,
        count,
        count_max,
        min_stars,
        level,
        text: text.trim().to_owned(),
        communes: communes.clone(),
        span: SourceSpan::default(),
    };
    // Whether the last count read stated a result: "trong đó N …" is a part of
    // the count before it and is a target or a result as that count is.
    let mut previous_was_result: Option<bool> = None;
    for i in 0..tokens.len() {
        let Some(count) = tokens[i].number() else { continue };
        if count == 0 || count > 10_000 {
            continue;
        }
        // Numbers that are part of a date or a document number are not counts.
        if i > 0 && matches!(tokens[i - 1].text.as_str(), "/" | "." | "-") && !is_range(tokens, i) {
            continue;
        }
        // "3 - 5 sản phẩm": a range.
        let (count_max, after) = match (tokens.get(i + 1), tokens.get(i + 2).and_then(Token::number)) {
            (Some(dash), Some(max)) if dash.text == "-" && max > count => (Some(max), i + 3),
            _ => (None, i + 1),
        };
        if i > 0 && tokens[i - 1].text == "-" && is_range(tokens, i) {
            continue;
        }
        let back_start = clause_start(tokens, i);
        let back = &tokens[back_start..i];
        let result = match previous_was_result {
            Some(before) if has(back, "trong do") => before,
            _ => states_a_result(tokens, back_start, i, year),
        };
        previous_was_result = Some(result);
        if result {
            continue;
        }
        let fwd_end = clause_end(tokens, after);
        let fwd = &tokens[after..fwd_end];
        if phrase_at(tokens, after, &["san", "pham"]) {
            let stars = stars_in(&tokens[after + 2..fwd_end]);
            let level = level_in(fwd);
            let kind = if has(back, "tieu chuan hoa") || has(back, "ho tro nang cap") || has(back, "ho tro hoan thien")
            {
                TargetKind::Improved
            } else if has(back, "cong nhan lai") || has(back, "danh gia lai") {
                TargetKind::Recertified
            } else if has(back, "nang hang") || has(back, "nang sao") {
                TargetKind::Upgraded
            } else if has(back, "de nghi") && stars == Some(5) {
                TargetKind::ProposedFiveStar
            } else if has(back, "phat trien moi")
                || has(back, "san pham moi")
                || starts_with_word(&tokens[after + 2..fwd_end], "moi")
                || has(back, "them moi")
                // "công nhận mới ít nhất 40 sản phẩm": first certifications.
                || has(back, "cong nhan moi")
            {
                TargetKind::NewProducts
            } else if stars.is_some() {
                TargetKind::Certified
            } else if has(fwd, "cong nhan") && QUANTIFIERS.iter().any(|q| has(back, q)) {
                // Pattern: "(phấn đấu) có ít nhất N sản phẩm được công nhận":
                // certified, whatever the stars.
                TargetKind::Certified
            } else if let Some((kind, _)) =
                previous.filter(|_| has(&tokens[..i], "rieng") && QUANTIFIERS.iter().any(|q| has(back, q)))
            {
                // Pattern: an exception to the target before ("…; riêng các huyện A,
                // B có ít nhất N sản phẩm"): the same kind for the units it names.
                kind
            } else {
                continue;
            };
            found.push(target(kind, count, count_max, stars, level));
        } else if (["to chuc kinh te", "chu the", "doanh nghiep", "hop tac xa", "htx"]
            .iter()
            .any(|p| phrase_at(tokens, after, &p.split(' ').collect::<Vec<_>>()))
            // OCR "tổ chức" → "t6 chirc", "to chure"
            || (tokens.get(after).is_some_and(|t| same_word(&t.text, "to"))
                && tokens.get(after + 1).is_some_and(|t| t.text.starts_with("ch"))
                && phrase_at(tokens, after + 2, &["kinh", "te"])))
            && QUANTIFIERS.iter().any(|q| ends_with(back, q))
        {
            found.push(target(TargetKind::Producers, count, count_max, None, None));
        } else if counts_fairs(tokens, after) {
            found.push(target(TargetKind::Fairs, count, count_max, None, None));
        } else if counts_trainees(tokens, after) {
            found.push(target(TargetKind::OfficialsTrained, count, count_max, None, None));
        }
    }
    found
}

/// Pattern: a statement of results, not of a target. Past-tense markers in
/// the clause before the count ("đã", "đạt được", "hiện có") or anywhere
/// before it in the sentence ("đến nay", "năm trước", "năm qua", "lũy kế"),
/// or a year before the directive's ("năm 2022 công nhận 5 sản phẩm" in a
/// plan for 2023) — unless the clause sets one ("phấn đấu", "chỉ tiêu").
fn states_a_result(tokens: &[Token], clause_start: usize, i: usize, year: Option<i32>) -> bool {
    let clause = &tokens[clause_start..i];
    let before = &tokens[..i];
    // The words that set a target are matched as spelt (folded), not with an OCR error
    // forgiven: their near neighbours are common words ("sản phẩm đạt" is one letter per word
    // from "phấn đấu"), and a result read as a target is the worse mistake.
    if ["phan dau", "chi tieu", "muc tieu", "ke hoach"]
        .iter()
        .any(|p| has_exact(clause, p))
    {
        return false;
    }
    let past_in_clause = clause.iter().enumerate().any(|(k, t)| {
        t.text == "da"
            && clause
                .get(k + 1)
                .is_none_or(|n| !matches!(n.text.as_str(), "dang" | "nganh" | "muc"))
    }) || ["dat duoc", "hien co", "hien nay co"].iter().any(|p| has(clause, p));
    let past_in_sentence = ["den nay", "nam truoc", "nam qua", "luy ke", "tinh den", "den het"]
        .iter()
        .any(|p| has(before, p));
    let earlier_year = year.is_some_and(|y| {
        before
            .windows(2)
            .any(|w| same_word(&w[0].text, "nam") && w[1].number().is_some_and(|n| (1990..y as u32).contains(&n)))
    });
    past_in_clause || past_in_sentence || earlier_year
}

/// Pattern: a count of fairs and trade events, "(tham gia) N (đợt, cuộc,
/// lượt, sự kiện) hội chợ / triển lãm / xúc tiến thương mại".
fn counts_fairs(tokens: &[Token], after: usize) -> bool {
    let mut at = after;
    if tokens
        .get(at)
        .is_some_and(|t| ["dot", "cuoc", "luot", "lan", "chuong", "phien"].contains(&t.text.as_str()))
    {
        at += 1;
    }
    if phrase_at(tokens, at, &["su", "kien"]) || phrase_at(tokens, at, &["chuong", "trinh"]) {
        at += 2;
    }
    ["hoi cho", "trien lam", "xuc tien thuong mai", "xuc tien"]
        .iter()
        .any(|p| phrase_at(tokens, at, &p.split(' ').collect::<Vec<_>>()))
}

/// Pattern: a count of people trained, "N (lượt) cán bộ / học viên / người"
/// in a clause about training (tập huấn, đào tạo, bồi dưỡng).
fn counts_trainees(tokens: &[Token], after: usize) -> bool {
    let mut at = after;
    if tokens.get(at).is_some_and(|t| t.text == "luot") {
        at += 1;
    }
    let people = ["can bo", "hoc vien", "nguoi", "cong chuc"]
        .iter()
        .any(|p| phrase_at(tokens, at, &p.split(' ').collect::<Vec<_>>()));
    let start = clause_start(tokens, after.saturating_sub(1));
    let end = clause_end(tokens, at).max((at + 6).min(tokens.len()));
    let clause = &tokens[start..end.min(tokens.len())];
    people && ["tap huan", "dao tao", "boi duong"].iter().any(|p| has(clause, p))
}

/// Pattern: the units a sentence sets a target for, as written: "xã/phường/thị
/// trấn" followed by a capitalised name ("xã Hòa Bình"), and districts singled
/// out in a list or an exception ("các huyện Minh Hóa, Tuyên Hóa", "riêng huyện
/// A"); a list goes on after a comma or "và" while capitalised names follow.
fn communes_in(tokens: &[Token], text: &str) -> Vec<String> {
    let original = Original::new(text);
    let mut out: Vec<String> = Vec::new();
    let name_end = |first: usize| {
        let mut end = first;
        while end < tokens.len() && end < first + 4 && tokens[end].is_word() && original.capitalised(end) {
            end += 1;
        }
        end
    };
    let mut k = 0;
    while k < tokens.len() {
        let singled_out = k > 0 && matches!(tokens[k - 1].text.as_str(), "cac" | "rieng");
        let unit = if matches!(tokens[k].text.as_str(), "xa" | "phuong") || (tokens[k].text == "huyen" && singled_out) {
            1
        } else if phrase_at(tokens, k, &["thi", "tran"]) {
            2
        } else {
            k += 1;
            continue;
        };
        let unit_word = original.slice(k, k + unit);
        let mut first = k + unit;
        let mut end = name_end(first);
        let mut names = Vec::new();
        while end > first {
            names.push(format!("{unit_word} {}", original.slice(first, end)));
            let next = end + 1;
            let joined = tokens.get(end).is_some_and(|t| t.text == "," || t.text == "va");
            if !joined || next >= tokens.len() || matches!(tokens[next].text.as_str(), "xa" | "phuong" | "huyen") {
                break;
            }
            first = next;
            end = name_end(first);
        }
        for name in names {
            if !out.contains(&name) {
                out.push(name);
            }
        }
        k = end.max(k + 1);
    }
    out
}

fn is_range(tokens: &[Token], i: usize) -> bool {
    i >= 2
        && tokens[i - 1].text == "-"
        && tokens[i - 2]
            .number()
            .is_some_and(|a| tokens[i].number().is_some_and(|b| b > a))
}

fn has(tokens: &[Token], phrase: &str) -> bool {
    find_phrase(tokens, phrase, 0).is_some()
}

/// [`has`] with every word spelt exactly (after folding).
fn has_exact(tokens: &[Token], phrase: &str) -> bool {
    let words: Vec<&str> = phrase.split(' ').collect();
    tokens
        .windows(words.len())
        .any(|w| w.iter().zip(&words).all(|(t, p)| t.text == *p))
}

fn starts_with_word(tokens: &[Token], word: &str) -> bool {
    tokens.first().is_some_and(|t| same_word(&t.text, word))
}

/// True when the phrase ends the tokens, allowing "khoảng" after it.
fn ends_with(tokens: &[Token], phrase: &str) -> bool {
    let words: Vec<&str> = phrase.split(' ').collect();
    let trimmed = match tokens.last() {
        Some(t) if same_word(&t.text, "khoang") => &tokens[..tokens.len() - 1],
        _ => tokens,
    };
    trimmed.len() >= words.len() && phrase_at(trimmed, trimmed.len() - words.len(), &words)
}

/// Where the clause holding token `i` starts: after the previous `;`, `.`,
/// `:` or the previous number followed by "sản phẩm", at most 12 tokens back.
fn clause_start(tokens: &[Token], i: usize) -> usize {
    let limit = i.saturating_sub(12);
    let mut j = i;
    while j > limit {
        let t = &tokens[j - 1];
        if matches!(t.text.as_str(), ";" | "." | ":")
            || (t.is_number() && j + 1 < tokens.len() && phrase_at(tokens, j, &["san", "pham"]))
        {
            break;
        }
        j -= 1;
    }
    j
}

/// Where the clause from `i` ends: before the next `;`, `.` or number
/// (other than a star count), at most 14 tokens on.
fn clause_end(tokens: &[Token], i: usize) -> usize {
    let limit = (i + 14).min(tokens.len());
    let mut j = i;
    while j < limit {
        let t = &tokens[j];
        if matches!(t.text.as_str(), ";" | "." | ":") {
            break;
        }
        if t.is_number()
            && !tokens
                .get(j + 1)
                .is_some_and(|n| same_word(&n.text, "sao") || n.text == "-")
            && !(j > 0 && tokens[j - 1].text == "-")
        {
            break;
        }
        j += 1;
    }
    j
}

/// "đạt (từ) N (- M) sao": the lowest star count.
fn stars_in(tokens: &[Token]) -> Option<u8> {
    for (i, t) in tokens.iter().enumerate() {
        if let Some(n) = t.number().filter(|n| (3..=5).contains(n)) {
            let next = tokens.get(i + 1);
            if next.is_some_and(|n| same_word(&n.text, "sao"))
                || (next.is_some_and(|n| n.text == "-") && tokens.get(i + 3).is_some_and(|n| same_word(&n.text, "sao")))
            {
                return Some(n as u8);
            }
        }
        // "4sao", "3*"
        let text = t.text.as_str();
        if let Some(rest) = text.strip_suffix("sao")
            && let Ok(n @ 3..=5) = rest.parse::<u8>()
        {
            return Some(n);
        }
    }
    None
}

fn level_in(tokens: &[Token]) -> Option<TargetLevel> {
    if has(tokens, "cap quoc gia") || has(tokens, "cap trung uong") {
        Some(TargetLevel::National)
    } else if has(tokens, "cap tinh") {
        Some(TargetLevel::Province)
    } else if has(tokens, "cap huyen") {
        Some(TargetLevel::District)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::super::tokens::{normalise, tokenize};
    use super::*;

    type Read = (TargetKind, u32, Option<u32>, Option<u8>, Option<TargetLevel>);

    fn read(s: &str) -> Vec<Read> {
        targets_in(&tokenize(&normalise(s)), s, Some(2023), None)
            .into_iter()
            .map(|t| (t.kind, t.count, t.count_max, t.min_stars, t.level))
            .collect()
    }

    #[test]
    fn the_phrases_in_the_issue_are_read() {
        assert_eq!(
            read("phát triển mới thêm 03 sản phẩm"),
            [(TargetKind::NewProducts, 3, None, None, None)]
        );
        assert_eq!(
            read("ít nhất 1 sản phẩm đạt 4 sao"),
            [(TargetKind::Certified, 1, None, Some(4), None)]
        );
        assert_eq!(
            read("Có ít nhất 20 sản phẩm đạt 3 sao trở lên cấp tỉnh; có tối thiểu 10 tổ chức kinh tế tham gia"),
            [
                (TargetKind::Certified, 20, None, Some(3), Some(TargetLevel::Province)),
                (TargetKind::Producers, 10, None, None, None)
            ]
        );
        assert_eq!(
            read("Phát triển mới khoảng 3 - 5 sản phẩm"),
            [(TargetKind::NewProducts, 3, Some(5), None, None)]
        );
        assert_eq!(
            read("nâng hạng sao từ 01 sản phẩm OCOP"),
            [(TargetKind::Upgraded, 1, None, None, None)]
        );
    }

    #[test]
    fn counts_that_are_not_targets_are_ignored() {
        assert!(read("Chủ 05 cơ sở sản xuất kinh doanh có sản phẩm đăng ký").is_empty());
        assert!(read("Quyết định 148/QĐ-TTg ngày 24/02/2023").is_empty());
        assert!(read("phân hạng các sản phẩm từ 1 đến 5 sao").is_empty());
    }

    /// "trong đó N …" is part of the count before it: a result when that count is one, a
    /// target when it is one.
    #[test]
    fn a_part_is_a_target_or_a_result_as_its_whole_is() {
        assert!(
            read("Đến nay toàn huyện đã có 27 sản phẩm đạt 3 sao trở lên, trong đó 2 sản phẩm đạt 4 sao").is_empty()
        );
        assert_eq!(
            read("Phấn đấu công nhận mới ít nhất 40 sản phẩm đạt từ 3 sao trở lên, trong đó có 2 sản phẩm đạt 4 sao"),
            [
                (TargetKind::NewProducts, 40, None, Some(3), None),
                (TargetKind::Certified, 2, None, Some(4), None)
            ]
        );
    }

    /// Two near words in a row are not a phrase: "sản phẩm đạt" is not "phấn đấu".
    #[test]
    fn near_words_do_not_make_a_target_marker() {
        assert!(read("Năm qua có 12 sản phẩm đạt 3 sao, trong đó 1 sản phẩm đạt 4 sao").is_empty());
    }

    /// An exception ("riêng …") to the target before it sets the same kind for the units it
    /// names.
    #[test]
    fn an_exception_takes_the_kind_of_the_target_before() {
        let s = "riêng các huyện Minh Hóa, Tuyên Hóa và Quảng Ninh có ít nhất 2 sản phẩm";
        let read = targets_in(
            &tokenize(&normalise(s)),
            s,
            Some(2023),
            Some((TargetKind::Certified, None)),
        );
        assert_eq!(read.len(), 1);
        assert_eq!((read[0].kind, read[0].count), (TargetKind::Certified, 2));
        assert_eq!(
            read[0].communes,
            ["huyện Minh Hóa", "huyện Tuyên Hóa", "huyện Quảng Ninh"]
        );
        assert!(targets_in(&tokenize(&normalise(s)), s, Some(2023), None).is_empty());
    }
}
