//! Deadlines as directives write them, and the last day each one allows.

use std::fmt;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::tokens::{Token, distance_at_most, find_phrase, normalise, same_word, tokenize};

/// A task's deadline, kept in the form the directive gave it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Deadline {
    /// "trước ngày 15/4/2024", "chậm nhất ngày 05/5/2024", "cuối năm 2019".
    By {
        /// The last day.
        date: NaiveDate,
    },
    /// "trong tháng 7 năm 2023".
    Month {
        /// The year.
        year: i32,
        /// The month, 1–12.
        month: u32,
    },
    /// "Quý III, IV năm 2023".
    Quarters {
        /// The year.
        year: i32,
        /// Quarters, 1–4, ascending.
        quarters: Vec<u8>,
    },
    /// "trong năm 2023".
    Year {
        /// The year.
        year: i32,
    },
    /// "thường xuyên, liên tục trong năm", "hằng năm": no last day.
    Ongoing,
    /// No deadline given.
    None,
}

impl Deadline {
    /// The last day the deadline allows, if it has one.
    pub fn due_on(&self) -> Option<NaiveDate> {
        match self {
            Self::By { date } => Some(*date),
            Self::Month { year, month } => last_day_of_month(*year, *month),
            Self::Quarters { year, quarters } => quarters
                .iter()
                .max()
                .and_then(|q| last_day_of_month(*year, u32::from(*q) * 3)),
            Self::Year { year } => NaiveDate::from_ymd_opt(*year, 12, 31),
            Self::Ongoing | Self::None => None,
        }
    }

    /// The compact code used in storage and in the expectation files:
    /// `by:2023-06-30`, `month:2023-07`, `quarters:2023:2,3,4`, `year:2023`,
    /// `ongoing`, `none`.
    pub fn code(&self) -> String {
        self.to_string()
    }

    /// Parses a [`code`](Self::code).
    pub fn from_code(code: &str) -> Option<Self> {
        let (kind, rest) = code.split_once(':').unwrap_or((code, ""));
        match kind {
            "by" => NaiveDate::parse_from_str(rest, "%Y-%m-%d")
                .ok()
                .map(|date| Self::By { date }),
            "month" => {
                let (y, m) = rest.split_once('-')?;
                let month: u32 = m.parse().ok()?;
                (1..=12).contains(&month).then_some(Self::Month {
                    year: y.parse().ok()?,
                    month,
                })
            }
            "quarters" => {
                let (y, qs) = rest.split_once(':')?;
                let mut quarters = qs
                    .split(',')
                    .map(|q| q.trim().parse::<u8>().ok().filter(|q| (1..=4).contains(q)))
                    .collect::<Option<Vec<_>>>()?;
                quarters.sort_unstable();
                quarters.dedup();
                (!quarters.is_empty()).then_some(Self::Quarters {
                    year: y.parse().ok()?,
                    quarters,
                })
            }
            "year" => rest.parse().ok().map(|year| Self::Year { year }),
            "ongoing" => Some(Self::Ongoing),
            "none" => Some(Self::None),
            _ => None,
        }
    }

    /// Reads a deadline as a person types it — "30/06/2027", "trước ngày
    /// 30/6/2027", "quý III/2027", "tháng 6/2027", "năm 2027", "thường
    /// xuyên", "hằng năm", "không" — or as a [`code`](Self::code). A date or
    /// period without a year takes `default_year`. `None` when nothing in the
    /// text is a deadline; an empty text is [`Deadline::None`].
    pub fn parse_typed(text: &str, default_year: Option<i32>) -> Option<Self> {
        let text = text.trim();
        if text.is_empty() {
            return Some(Self::None);
        }
        if let Some(code) = Self::from_code(text) {
            return Some(code);
        }
        let tokens = tokenize(&normalise(text));
        let words: Vec<&str> = tokens.iter().map(|t| t.text.as_str()).collect();
        if matches!(
            words.as_slice(),
            ["khong"] | ["khong", "neu", "han"] | ["khong", "co", "han"] | ["-"]
        ) {
            return Some(Self::None);
        }
        // A bare date: "30/06/2027", "30-6-2027", "30 tháng 6 năm 2027".
        if let Some((date, next)) = date_at(&tokens, 0, default_year)
            && next == tokens.len()
        {
            return Some(Self::By { date });
        }
        // A month: "tháng 6/2027", "tháng 6 năm 2027" (find_deadline wants "trong").
        let at = usize::from(tokens.first().is_some_and(|t| same_word(&t.text, "trong")));
        if tokens.get(at).is_some_and(|t| same_word(&t.text, "thang"))
            && let Some(month) = tokens
                .get(at + 1)
                .and_then(Token::number)
                .filter(|m| (1..=12).contains(m))
            && let Some(year) = year_after(&tokens, at + 2).or(default_year)
        {
            return Some(Self::Month { year, month });
        }
        // A year: "2027", "năm 2027".
        let at = usize::from(tokens.first().is_some_and(|t| same_word(&t.text, "nam")));
        if tokens.len() == at + 1
            && let Some(year) = tokens[at].number().filter(|y| (1990..=2100).contains(y))
        {
            return Some(Self::Year { year: year as i32 });
        }
        match find_deadline(&tokens, default_year) {
            Self::None => None,
            found => Some(found),
        }
    }

    /// The deadline in Vietnamese, dates as dd/mm/yyyy.
    pub fn label_vi(&self) -> String {
        match self {
            Self::By { date } => format!("trước ngày {}", date.format("%d/%m/%Y")),
            Self::Month { year, month } => format!("trong tháng {month:02}/{year}"),
            Self::Quarters { year, quarters } => {
                let names: Vec<&str> = quarters.iter().map(|q| roman(*q)).collect();
                format!("quý {} năm {year}", names.join(", "))
            }
            Self::Year { year } => format!("trong năm {year}"),
            Self::Ongoing => "thường xuyên".to_owned(),
            Self::None => "không nêu hạn".to_owned(),
        }
    }
}

impl fmt::Display for Deadline {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::By { date } => write!(f, "by:{}", date.format("%Y-%m-%d")),
            Self::Month { year, month } => write!(f, "month:{year}-{month:02}"),
            Self::Quarters { year, quarters } => {
                let qs: Vec<String> = quarters.iter().map(u8::to_string).collect();
                write!(f, "quarters:{year}:{}", qs.join(","))
            }
            Self::Year { year } => write!(f, "year:{year}"),
            Self::Ongoing => f.write_str("ongoing"),
            Self::None => f.write_str("none"),
        }
    }
}

fn roman(q: u8) -> &'static str {
    match q {
        1 => "I",
        2 => "II",
        3 => "III",
        _ => "IV",
    }
}

/// The last day of a month.
pub fn last_day_of_month(year: i32, month: u32) -> Option<NaiveDate> {
    let first_next = if month == 12 {
        NaiveDate::from_ymd_opt(year + 1, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(year, month + 1, 1)
    }?;
    first_next.pred_opt().filter(|d| d.month() == month)
}

/// Reads a date at `at`: `d/m/yyyy`, `d/m` (year from `default_year`),
/// `d-m-yyyy` or `d tháng m năm yyyy`. Returns the date and the index past it.
pub fn date_at(tokens: &[Token], at: usize, default_year: Option<i32>) -> Option<(NaiveDate, usize)> {
    let day = tokens.get(at)?.number()?;
    let sep = tokens.get(at + 1)?;
    let (month, mut next) = if sep.text == "/" || sep.text == "-" || sep.text == "." || same_word(&sep.text, "thang") {
        (tokens.get(at + 2)?.number()?, at + 3)
    } else {
        return None;
    };
    let mut year = None;
    if let (Some(s), Some(y)) = (tokens.get(next), tokens.get(next + 1))
        && (s.text == "/" || s.text == "-" || s.text == "." || same_word(&s.text, "nam"))
        && y.number().is_some_and(|y| (1990..=2100).contains(&y))
    {
        year = y.number().map(|y| y as i32);
        next += 2;
    }
    let year = year.or(default_year)?;
    let date = NaiveDate::from_ymd_opt(year, month, day)?;
    Some((date, next))
}

/// A year after "năm" or "/" at `at`, if one is there.
fn year_after(tokens: &[Token], at: usize) -> Option<i32> {
    let s = tokens.get(at)?;
    let y = tokens.get(at + 1)?.number()?;
    ((s.text == "/" || same_word(&s.text, "nam")) && (1990..=2100).contains(&y)).then_some(y as i32)
}

/// A quarter written as a Roman or Arabic numeral, forgiving OCR ("11" for II,
/// "II1" for III, "IL" for II).
fn quarter_of(token: &Token) -> Option<u8> {
    let t = token.text.as_str();
    if let Some(n) = token.number() {
        return match n {
            1..=4 => Some(n as u8),
            11 => Some(2),
            111 => Some(3),
            _ => None,
        };
    }
    if t.is_empty() || !t.chars().all(|c| matches!(c, 'i' | 'l' | '1' | 'v' | '|')) {
        return None;
    }
    if t.contains('v') {
        return (t.len() == 2 && t.ends_with('v')).then_some(4);
    }
    match t.len() {
        n @ 1..=3 => Some(n as u8),
        _ => None,
    }
}

/// Finds the deadline in a task's text. `default_year` is the directive's
/// year, used when a date or period gives none.
pub fn find_deadline(tokens: &[Token], default_year: Option<i32>) -> Deadline {
    // A year stated anywhere in the sentence ("… năm 2024 …") is the year of
    // its dates and periods that give none; the directive's year otherwise.
    let stated = tokens.windows(2).find_map(|w| {
        (same_word(&w[0].text, "nam"))
            .then(|| w[1].number())
            .flatten()
            .filter(|y| (1990..=2100).contains(y))
            .map(|y| y as i32)
    });
    let default_year = stated.or(default_year);
    // 1. A last day: "trước ngày", "chậm nhất (là) ngày", "hạn chót", "cuối năm".
    for lead in [
        "truoc ngay",
        "cham nhat ngay",
        "cham nhat la ngay",
        "cham nhat",
        "han chot",
        "truoc",
    ] {
        let mut from = 0;
        while let Some((_, end)) = find_phrase(tokens, lead, from) {
            let at = if tokens.get(end).is_some_and(|t| same_word(&t.text, "ngay")) {
                end + 1
            } else {
                end
            };
            if let Some((date, _)) = date_at(tokens, at, default_year) {
                return Deadline::By { date };
            }
            from = end;
        }
    }
    // OCR often damages "trước" and "chậm" twice ("Trude ngay 30/10/2023",
    // "chm nhat ngay"): two edits forgiven on the lead word before "ngày".
    for i in 0..tokens.len().saturating_sub(1) {
        if (distance_at_most(&tokens[i].text, "truoc", 2) || distance_at_most(&tokens[i].text, "nhat", 1))
            && same_word(&tokens[i + 1].text, "ngay")
            && let Some((date, _)) = date_at(tokens, i + 2, default_year)
        {
            return Deadline::By { date };
        }
    }
    if let Some((_, end)) = find_phrase(tokens, "cuoi nam", 0)
        && let Some(year) = tokens
            .get(end)
            .and_then(Token::number)
            .filter(|y| (1990..=2100).contains(y))
    {
        return Deadline::By {
            date: NaiveDate::from_ymd_opt(year as i32, 12, 31).expect("31 December"),
        };
    }
    // 2. A month: "trong tháng 7 năm 2023", "trong tháng 12/2023".
    let mut from = 0;
    while let Some((_, end)) = find_phrase(tokens, "trong thang", from) {
        if let Some(month) = tokens.get(end).and_then(Token::number).filter(|m| (1..=12).contains(m))
            && let Some(year) = year_after(tokens, end + 1).or(default_year)
        {
            return Deadline::Month { year, month };
        }
        from = end;
    }
    // 3. Quarters: "Quý II, III, IV năm 2023".
    for (i, token) in tokens.iter().enumerate() {
        if !same_word(&token.text, "quy") {
            continue;
        }
        let mut quarters = Vec::new();
        let mut j = i + 1;
        while let Some(q) = tokens.get(j).and_then(quarter_of) {
            if q > 0 {
                quarters.push(q);
            }
            j += 1;
            if tokens.get(j).is_some_and(|t| t.text == "," || same_word(&t.text, "va")) {
                j += 1;
                // "Quý II và Quý III"
                if tokens.get(j).is_some_and(|t| same_word(&t.text, "quy")) {
                    j += 1;
                }
            } else {
                break;
            }
        }
        if quarters.is_empty() {
            continue;
        }
        quarters.sort_unstable();
        quarters.dedup();
        if let Some(year) = year_after(tokens, j).or(default_year) {
            return Deadline::Quarters { year, quarters };
        }
    }
    // 4. "thường xuyên", "liên tục", "hằng năm", "định kỳ".
    // "thường niên": every year of the plan, a yearly deadline, not ongoing.
    if find_phrase(tokens, "thuong nien", 0).is_some()
        && let Some(year) = default_year
    {
        return Deadline::Year { year };
    }
    for word in ["thuong xuyen", "lien tuc trong nam", "hang nam", "thuong nien"] {
        if find_phrase(tokens, word, 0).is_some() {
            return Deadline::Ongoing;
        }
    }
    // "định kỳ" exactly: OCR "ding ky" is as close to "đăng ký" (register).
    if tokens.windows(2).any(|w| w[0].text == "dinh" && w[1].text == "ky") {
        return Deadline::Ongoing;
    }
    // 5. A whole year: "trong năm 2023".
    if let Some((_, end)) = find_phrase(tokens, "trong nam", 0)
        && let Some(year) = tokens
            .get(end)
            .and_then(Token::number)
            .filter(|y| (1990..=2100).contains(y))
    {
        return Deadline::Year { year: year as i32 };
    }
    Deadline::None
}

#[cfg(test)]
mod tests {
    use super::super::tokens::{normalise, tokenize};
    use super::*;

    fn deadline(s: &str) -> String {
        find_deadline(&tokenize(&normalise(s)), Some(2023)).code()
    }

    #[test]
    fn the_forms_in_the_issue_are_read() {
        assert_eq!(deadline("gửi UBND huyện trước ngày 15/4/2024"), "by:2024-04-15");
        assert_eq!(deadline("chậm nhất ngày 05/5/2024"), "by:2024-05-05");
        assert_eq!(deadline("trong tháng 7 năm 2023"), "month:2023-07");
        assert_eq!(deadline("Quý III, IV năm 2023"), "quarters:2023:3,4");
        assert_eq!(deadline("thường xuyên, liên tục trong năm"), "ongoing");
        assert_eq!(deadline("Trong tháng 12/2023"), "month:2023-12");
        assert_eq!(deadline("trong năm 2023"), "year:2023");
        assert_eq!(deadline("cuối năm 2019 tham mưu"), "by:2019-12-31");
        assert_eq!(deadline("hoàn thiện hồ sơ trước ngày 20/4"), "by:2023-04-20");
        assert_eq!(deadline("chậm nhất là ngày 10 tháng 9 năm 2025"), "by:2025-09-10");
        assert_eq!(deadline("phát triển sản phẩm"), "none");
    }

    #[test]
    fn ocr_quarters_are_read() {
        assert_eq!(
            deadline("Thot gian thuc hién: Quy 11, II1, IV nam 2023."),
            "quarters:2023:2,3,4"
        );
        assert_eq!(deadline("Trong Quy IL, III, IV, UBND cap xa"), "quarters:2023:2,3,4");
        assert_eq!(deadline("Trude ngay 30/10/2023."), "by:2023-10-30");
        assert_eq!(deadline("hoàn thành ch@m nhat ngay 15/4"), "by:2023-04-15");
        assert_eq!(deadline("truéc ngay 15/4 nam 2024"), "by:2024-04-15");
        assert_eq!(deadline("tổ chức hội nghị thường niên"), "year:2023");
    }

    #[test]
    fn deadlines_typed_as_people_write_them() {
        let typed = |s: &str| Deadline::parse_typed(s, Some(2027)).map(|d| d.code());
        assert_eq!(typed("30/06/2027").as_deref(), Some("by:2027-06-30"));
        assert_eq!(typed("trước ngày 30/6/2027").as_deref(), Some("by:2027-06-30"));
        assert_eq!(typed("quý III/2027").as_deref(), Some("quarters:2027:3"));
        assert_eq!(typed("tháng 6/2027").as_deref(), Some("month:2027-06"));
        assert_eq!(typed("thường xuyên").as_deref(), Some("ongoing"));
        assert_eq!(typed("hằng năm").as_deref(), Some("ongoing"));
        assert_eq!(typed("năm 2028").as_deref(), Some("year:2028"));
        assert_eq!(typed("by:2019-12-31").as_deref(), Some("by:2019-12-31"));
        assert_eq!(typed("").as_deref(), Some("none"));
        assert_eq!(typed("không").as_deref(), Some("none"));
        assert_eq!(typed("sớm"), None);
        assert_eq!(typed("31/02/2027"), None);
    }

    #[test]
    fn every_label_reads_back_as_its_deadline() {
        for code in [
            "by:2023-06-30",
            "month:2023-07",
            "quarters:2023:2,3,4",
            "year:2023",
            "ongoing",
            "none",
        ] {
            let d = Deadline::from_code(code).unwrap();
            assert_eq!(Deadline::parse_typed(&d.label_vi(), None), Some(d), "{code}");
        }
    }

    #[test]
    fn due_days() {
        let d = |c: &str| Deadline::from_code(c).unwrap().due_on().map(|d| d.to_string());
        assert_eq!(d("month:2024-02").as_deref(), Some("2024-02-29"));
        assert_eq!(d("quarters:2023:2,3").as_deref(), Some("2023-09-30"));
        assert_eq!(d("year:2023").as_deref(), Some("2023-12-31"));
        assert_eq!(d("ongoing"), None);
    }

    #[test]
    fn codes_round_trip() {
        for code in [
            "by:2023-06-30",
            "month:2023-07",
            "quarters:2023:2,3,4",
            "year:2023",
            "ongoing",
            "none",
        ] {
            assert_eq!(Deadline::from_code(code).unwrap().code(), code);
        }
        assert_eq!(Deadline::from_code("month:2023-13"), None);
    }
}
