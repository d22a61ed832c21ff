//! The header of a directive: who issued it, its number, date and kind, as
//! every Vietnamese administrative document lays them out (Nghị định
//! 30/2020/NĐ-CP): the issuing body at the top left ("ỦY BAN NHÂN DÂN /
//! HUYỆN PHONG THỔ"), the national motto at the top right, "Số: 163/KH-UBND"
//! under the body, "Phong Thổ, ngày 08 tháng 5 năm 2023" under the motto,
//! then the kind in capitals (KẾ HOẠCH, THÔNG BÁO, …) or, for a công văn, a
//! "V/v …" line. OCR and copy-paste put the two columns side by side on one
//! line, or one after the other.

use super::deadline;
use super::tokens::{Token, normalise, phrase_at, same_word, tokenize};
use super::{DirectiveKind, DirectiveMeta};

/// How many non-empty lines the header may take.
const HEADER_LINES: usize = 14;

/// Reads the issuer, number, date, year and kind from the first lines.
pub fn read_meta(text: &str) -> DirectiveMeta {
    let mut meta = DirectiveMeta::default();
    let lines: Vec<&str> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .take(HEADER_LINES)
        .collect();
    // The issuer's lines are the left column above the number (or above the
    // kind, when the number is missing).
    let mut issuer_lines: Vec<String> = Vec::new();
    let mut issuer_done = false;
    for line in &lines {
        let norm = normalise(line);
        let tokens = tokenize(&norm);
        let kind_here = kind_of_line(&tokens);
        let number_here = number_in(&tokens);
        if kind_here.is_some() || number_here.is_some() || is_date_line(&tokens) {
            issuer_done = true;
        }
        if !issuer_done && let Some(left) = left_column(line) {
            issuer_lines.push(left);
        }
        if meta.kind.is_none() {
            meta.kind = kind_here;
        }
        if meta.number.is_none()
            && let Some(number) = number_here
        {
            meta.number = Some(number);
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
    if meta.kind.is_none() {
        meta.kind = meta.number.as_deref().and_then(kind_of_number);
    }
    meta.issuer = issuer_of(&issuer_lines, meta.number.as_deref());
    meta.year = meta
        .issued_on
        .map(|d| chrono::Datelike::year(&d))
        .or_else(|| first_year(text));
    meta
}

/// Pattern: the kind written alone on its line in capitals ("KẾ HOẠCH",
/// "THÔNG BÁO KẾT LUẬN"), or a công văn's "V/v …" (về việc) line.
fn kind_of_line(tokens: &[Token]) -> Option<DirectiveKind> {
    let kinds = [
        ("ke hoach", DirectiveKind::Plan),
        ("thong bao", DirectiveKind::Notice),
        ("chi thi", DirectiveKind::Instruction),
        ("cong van", DirectiveKind::Letter),
        ("quyet dinh", DirectiveKind::Decision),
    ];
    for (pattern, kind) in kinds {
        let words: Vec<&str> = pattern.split(' ').collect();
        // "THÔNG BÁO" alone, or "THÔNG BÁO KẾT LUẬN" (a kind and its qualifier).
        let alone = tokens.len() == words.len()
            || (kind == DirectiveKind::Notice && tokens.len() == 4 && phrase_at(tokens, 2, &["ket", "luan"]));
        if alone && phrase_at(tokens, 0, &words) {
            return Some(kind);
        }
    }
    let vv = tokens.len() >= 4 && tokens[0].text == "v" && tokens[1].text == "/" && tokens[2].text == "v";
    vv.then_some(DirectiveKind::Letter)
}

/// True for the place-and-date line ("Phong Thổ, ngày 08 tháng 5 năm 2023").
fn is_date_line(tokens: &[Token]) -> bool {
    tokens.iter().enumerate().any(|(i, t)| {
        same_word(&t.text, "ngay")
            && tokens.get(i + 2).is_some_and(|s| same_word(&s.text, "thang"))
            && tokens.iter().skip(i).any(|t| same_word(&t.text, "nam"))
    })
}

/// The left column of a header line: the text before the national motto
/// ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc") or
/// before a wide gap of spaces, when the two columns share the line. `None`
/// when nothing is left of it.
fn left_column(line: &str) -> Option<String> {
    let mut cut = line.len();
    // Pattern: columns separated by a run of spaces or a tab.
    if let Some(gap) = line.trim_start().find("   ").or_else(|| line.trim_start().find('\t')) {
        let offset = line.len() - line.trim_start().len();
        cut = cut.min(offset + gap);
    }
    let original = super::office::Original::new(line);
    let tokens = tokenize(&normalise(line));
    let motto_at = (0..tokens.len()).find_map(|i| {
        // "CỘNG HÒA XÃ HỘI": two of the three word pairs are enough for OCR.
        if phrase_at(&tokens, i, &["cong", "hoa"]) && tokens.get(i + 2).is_some_and(|t| same_word(&t.text, "xa")) {
            return Some(i);
        }
        // "Độc lập - Tự do": the motto starts two words before "tự do"
        // (OCR damages "Độc lập" too much to find it by itself).
        if phrase_at(&tokens, i, &["tu", "do"]) && i >= 2 {
            let dash = tokens[i - 1].text == "-";
            let start = if dash { i.checked_sub(3)? } else { i - 2 };
            return Some(start);
        }
        None
    });
    if let Some(i) = motto_at
        && let Some((start, _)) = original.span(i, i + 1)
    {
        cut = cut.min(start);
    }
    let left = line[..cut].trim().trim_end_matches(['-', '–', '—']).trim();
    let letters = left.chars().filter(|c| c.is_alphabetic()).count();
    (letters >= 2).then(|| left.to_owned())
}

/// Administrative levels after which a word is a place name.
const LEVELS: [&str; 7] = ["tinh", "huyen", "xa", "phuong", "thi tran", "thanh pho", "thi xa"];

/// The issuing body from the left column's lines: the lowest body named
/// (a department under "UBND TỈNH X" is the issuer, not the province), in
/// sentence case with place names capitalised. A body missing from the scan
/// ("TỈNH QUẢNG TRỊ" alone) is completed from the number, whose last part
/// names the issuing body (".../TB-UBND").
fn issuer_of(lines: &[String], number: Option<&str>) -> Option<String> {
    if lines.is_empty() {
        return None;
    }
    // A line that starts with a body's head noun after the first starts the issuer.
    let heads = [
        "so",
        "ban",
        "phong",
        "van phong",
        "chi cuc",
        "trung tam",
        "hoi dong",
        "uy ban",
        "ubnd",
    ];
    let starts_body = |l: &str| {
        let t = tokenize(&normalise(l));
        heads.iter().any(|h| {
            let words: Vec<&str> = h.split(' ').collect();
            phrase_at(&t, 0, &words)
        })
    };
    let from = (1..lines.len())
        .rev()
        .find(|&k| starts_body(&lines[k]) && !is_level_line(&lines[k]))
        .unwrap_or(0);
    let joined = lines[from..].join(" ");
    let mut issuer = sentence_case(&joined);
    let folded = tokenize(&normalise(&issuer));
    let names_body = starts_body(&issuer);
    if !names_body
        && folded.first().is_some_and(|t| {
            LEVELS
                .iter()
                .any(|l| same_word(&t.text, l.split(' ').next().unwrap_or(l)))
        })
        && number.is_some_and(|n| n.rsplit('-').next() == Some("UBND"))
    {
        issuer = format!("Ủy ban nhân dân {}", lowercase_first(&issuer));
    }
    (!issuer.is_empty()).then_some(issuer)
}

/// True for a line that is an administrative level and a place ("HUYỆN X").
fn is_level_line(line: &str) -> bool {
    let t = tokenize(&normalise(line));
    LEVELS.iter().any(|l| {
        let words: Vec<&str> = l.split(' ').collect();
        phrase_at(&t, 0, &words)
    })
}

fn lowercase_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn capitalise(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// "ỦY BAN NHÂN DÂN HUYỆN VŨ QUANG" → "Ủy ban nhân dân huyện Vũ Quang":
/// lower case but the first word, the words after an administrative level
/// (place names), words written with a capital in mixed-case text, and
/// abbreviations (capitals without a vowel: "PTNT", "UBND").
fn sentence_case(text: &str) -> String {
    let words: Vec<&str> = text.split_whitespace().collect();
    let all_caps = words.iter().all(|w| !w.chars().any(char::is_lowercase));
    let mut out = Vec::new();
    let mut place_rest = false;
    let mut next_cap = false;
    for (k, w) in words.iter().enumerate() {
        let folded = normalise(w);
        let abbreviation = w.chars().filter(|c| c.is_alphabetic()).count() >= 2
            && !w.chars().any(char::is_lowercase)
            && !folded.chars().any(|c| "aeiouy".contains(c));
        let lower = w.to_lowercase();
        let word = if abbreviation {
            (*w).to_owned()
        } else if k == 0 || place_rest || next_cap || (!all_caps && w.chars().next().is_some_and(char::is_uppercase)) {
            capitalise(&lower)
        } else {
            lower
        };
        out.push(word);
        let f = folded.trim();
        let prev = k.checked_sub(1).map(|p| normalise(words[p])).unwrap_or_default();
        // After a level every word is the place's name ("huyện Vũ Quang").
        place_rest |= ["tinh", "huyen", "xa", "phuong"].contains(&f)
            || matches!((prev.trim(), f), ("thi", "tran") | ("thanh", "pho") | ("thi", "xa"));
        // The word after a body's head noun starts its name ("Sở Nông nghiệp").
        next_cap = (k == 0 && ["so", "phong", "ban", "cuc"].contains(&f))
            || matches!((prev.trim(), f), ("chi", "cuc") | ("trung", "tam") | ("van", "phong"));
    }
    out.join(" ")
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

/// The kind from the number's code: "163/KH-UBND" is a plan. Pattern: a
/// number whose code starts with the issuing body instead of a kind
/// ("1865/UBND-KT") is a công văn, numbered by body and drafting office.
fn kind_of_number(number: &str) -> Option<DirectiveKind> {
    let code = number.split('/').nth(1)?;
    match code.split('-').next()? {
        "KH" => Some(DirectiveKind::Plan),
        "TB" => Some(DirectiveKind::Notice),
        "CT" => Some(DirectiveKind::Instruction),
        "QD" => Some(DirectiveKind::Decision),
        "UBND" | "SNN" | "SNNPTNT" | "SNNMT" | "VPDP" | "BCD" if code.contains('-') => Some(DirectiveKind::Letter),
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
mod tests {
    use super::*;

    #[test]
    fn issuer_beside_the_motto_is_read() {
        let m = read_meta(
            "ỦY BAN NHÂN DÂN                    CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nHUYỆN VŨ QUANG      Độc lập - Tự do - Hạnh phúc\nSố: 212/TB-UBND     Vũ Quang, ngày 18 tháng 7 năm 2024\n\nTHÔNG BÁO\n",
        );
        assert_eq!(m.issuer.as_deref(), Some("Ủy ban nhân dân huyện Vũ Quang"));
        assert_eq!(m.number.as_deref(), Some("212/TB-UBND"));
        assert_eq!(m.kind, Some(DirectiveKind::Notice));
        assert_eq!(m.issued_on, chrono::NaiveDate::from_ymd_opt(2024, 7, 18));
    }

    #[test]
    fn ocr_header_on_one_line_is_read() {
        let m = read_meta(
            "UY BAN NHAN DAN CONG HOA XA HQI CHU NGHIA VIET NAM\n\nHUYEN PHONG THO DPéc 1ap — Tu do — Hanh phiic\nS6: 163 /KH-UBND Phong Thé, ngay 08 théng 5 naim 2023\nKE HOACH\n",
        );
        assert_eq!(m.issuer.as_deref(), Some("Uy ban nhan dan huyen Phong Tho"));
        assert_eq!(m.kind, Some(DirectiveKind::Plan));
    }

    #[test]
    fn a_department_under_its_province_is_the_issuer() {
        let m =
            read_meta("UBND TỈNH HÀ TĨNH\nSỞ NÔNG NGHIỆP VÀ PTNT\nSố: 45/SNN-PTNT\nV/v triển khai Chương trình OCOP\n");
        assert_eq!(m.issuer.as_deref(), Some("Sở Nông nghiệp và PTNT"));
        assert_eq!(m.kind, Some(DirectiveKind::Letter));
    }

    #[test]
    fn a_missing_body_line_is_completed_from_the_number() {
        let m = read_meta(
            " TINH QUANG TRI Poc 1ap - Tu do - Hanh phic\nS6: 54 /TB-UBND Quang Tri, ngay QM thang 4 nam 2019\nTHONG BAO\n",
        );
        assert_eq!(m.issuer.as_deref(), Some("Ủy ban nhân dân tinh Quang Tri"));
    }

    #[test]
    fn a_letter_is_known_by_its_number_or_its_subject_line() {
        let m = read_meta("UBND TỈNH QUẢNG BÌNH\nSố: 1865/UBND-KT\n");
        assert_eq!(m.kind, Some(DirectiveKind::Letter));
    }
}
