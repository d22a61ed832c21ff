//! Programme activity records the plan targets are measured against:
//! trade fairs and promotion events (hội chợ, triển lãm, xúc tiến thương mại)
//! with the producers and products that took part, training courses (tập
//! huấn) with the number of officials and other people trained, support
//! disbursed to producers (kinh phí hỗ trợ) with its programme source, and a
//! product's yearly revenue (doanh thu năm) for the national database export.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::producer::{optional_text, required_text};
use crate::{ErrorCode, ValidationErrors};

/// The kind of a promotion event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    /// Hội chợ.
    Fair,
    /// Triển lãm, tuần lễ giới thiệu sản phẩm.
    Exhibition,
    /// Other trade promotion (xúc tiến thương mại, kết nối cung cầu, livestream bán hàng).
    Promotion,
}

impl EventKind {
    /// Every kind.
    pub const ALL: [EventKind; 3] = [Self::Fair, Self::Exhibition, Self::Promotion];

    /// The stored code.
    pub fn code(self) -> &'static str {
        match self {
            Self::Fair => "fair",
            Self::Exhibition => "exhibition",
            Self::Promotion => "promotion",
        }
    }

    /// Parses a code.
    pub fn parse(code: &str) -> Result<Self, ErrorCode> {
        Self::ALL
            .into_iter()
            .find(|k| k.code() == code.trim())
            .ok_or(ErrorCode::InvalidChoice)
    }

    /// Vietnamese and English labels.
    pub fn label(self) -> (&'static str, &'static str) {
        match self {
            Self::Fair => ("Hội chợ", "Fair"),
            Self::Exhibition => ("Triển lãm, tuần lễ sản phẩm", "Exhibition"),
            Self::Promotion => ("Xúc tiến thương mại khác", "Other promotion"),
        }
    }
}

/// Where support money comes from (nguồn kinh phí).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SupportSource {
    /// Ngân sách trung ương (Chương trình MTQG).
    CentralBudget,
    /// Ngân sách địa phương (tỉnh, xã).
    LocalBudget,
    /// Lồng ghép các chương trình, dự án khác.
    OtherProgrammes,
    /// Vốn tín dụng ưu đãi.
    Credit,
    /// Xã hội hóa, nguồn khác.
    Other,
}

impl SupportSource {
    /// Every source.
    pub const ALL: [SupportSource; 5] = [
        Self::CentralBudget,
        Self::LocalBudget,
        Self::OtherProgrammes,
        Self::Credit,
        Self::Other,
    ];

    /// The stored code.
    pub fn code(self) -> &'static str {
        match self {
            Self::CentralBudget => "central_budget",
            Self::LocalBudget => "local_budget",
            Self::OtherProgrammes => "other_programmes",
            Self::Credit => "credit",
            Self::Other => "other",
        }
    }

    /// Parses a code.
    pub fn parse(code: &str) -> Result<Self, ErrorCode> {
        Self::ALL
            .into_iter()
            .find(|k| k.code() == code.trim())
            .ok_or(ErrorCode::InvalidChoice)
    }

    /// Vietnamese and English labels.
    pub fn label(self) -> (&'static str, &'static str) {
        match self {
            Self::CentralBudget => ("Ngân sách trung ương", "Central budget"),
            Self::LocalBudget => ("Ngân sách địa phương", "Local budget"),
            Self::OtherProgrammes => ("Lồng ghép chương trình, dự án khác", "Other programmes"),
            Self::Credit => ("Vốn tín dụng", "Credit"),
            Self::Other => ("Xã hội hóa, nguồn khác", "Other sources"),
        }
    }
}

/// A day written `dd/mm/yyyy` or `yyyy-mm-dd` ([`crate::import::parse_date`]).
pub fn parse_day(text: &str) -> Result<NaiveDate, ErrorCode> {
    crate::import::parse_date(text)
}

fn required_day(errors: &mut ValidationErrors, field: &str, text: &str) -> Option<NaiveDate> {
    if text.trim().is_empty() {
        errors.add(field, ErrorCode::Required);
        return None;
    }
    errors.check(field, parse_day(text))
}

/// The first and last day: the last defaults to the first and may not lie before it.
fn day_range(
    errors: &mut ValidationErrors,
    starts_on: &str,
    ends_on: &Option<String>,
) -> Option<(NaiveDate, NaiveDate)> {
    let start = required_day(errors, "starts_on", starts_on);
    let end = match ends_on.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        None => start,
        Some(text) => errors.check("ends_on", parse_day(text)),
    };
    match (start, end) {
        (Some(s), Some(e)) if e < s => {
            errors.add("ends_on", ErrorCode::DateOrder);
            None
        }
        (Some(s), Some(e)) => Some((s, e)),
        _ => None,
    }
}

/// An amount of VND as typed: digits with optional `.`, `,` or space
/// thousand separators and an optional "đ"/"đồng" ("150.000.000 đ").
pub fn parse_vnd(text: &str) -> Result<i64, ErrorCode> {
    let text = text.trim().trim_end_matches("đồng").trim_end_matches('đ').trim();
    let digits: String = text.chars().filter(|c| !matches!(c, '.' | ',' | ' ')).collect();
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) || digits.len() > 16 {
        return Err(ErrorCode::InvalidNumber);
    }
    digits.parse().map_err(|_| ErrorCode::InvalidNumber)
}

/// Million VND as typed the Vietnamese way, with at most two decimals
/// ("1.250,5" = 1,250.5 million; "1250.75"; "980") → whole VND.
/// A comma is the decimal mark; dots group thousands, except a last dot
/// followed by one or two digits, which is read as the decimal mark.
pub fn parse_million_vnd(text: &str) -> Result<i64, ErrorCode> {
    let text: String = text.trim().chars().filter(|c| !c.is_whitespace()).collect();
    let (whole, fraction) = if let Some((w, f)) = text.split_once(',') {
        (w.replace('.', ""), f.to_owned())
    } else if let Some((w, f)) = text.rsplit_once('.').filter(|(_, f)| (1..=2).contains(&f.len())) {
        (w.replace('.', ""), f.to_owned())
    } else {
        (text.replace('.', ""), String::new())
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(&whole) || whole.len() > 9 || fraction.len() > 2 || !(fraction.is_empty() || digits(&fraction)) {
        return Err(ErrorCode::InvalidNumber);
    }
    let whole: i64 = whole.parse().map_err(|_| ErrorCode::InvalidNumber)?;
    let hundredths: i64 = format!("{fraction:0<2}")
        .parse()
        .map_err(|_| ErrorCode::InvalidNumber)?;
    Ok(whole * 1_000_000 + hundredths * 10_000)
}

/// VND as million VND with two decimals, rounded half up (the unit of
/// `DoanhThuNam`): 1_250_505_000 → 125051 hundredths of a million.
pub fn hundredths_of_million(vnd: i64) -> i64 {
    (vnd + 5_000).div_euclid(10_000)
}

/// A fair or promotion event as submitted.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct EventInput {
    /// The unit whose programme records it (`2025/province/42`, …).
    pub unit_id: String,
    /// `fair`, `exhibition` or `promotion`.
    pub kind: String,
    /// Name ("Hội chợ OCOP khu vực miền Trung 2026").
    pub name: String,
    /// Where it was held.
    pub place: String,
    /// First day (dd/mm/yyyy or yyyy-mm-dd).
    pub starts_on: String,
    /// Last day (defaults to the first).
    pub ends_on: Option<String>,
    /// Who organised it.
    pub organiser: Option<String>,
    /// Notes.
    pub note: Option<String>,
}

/// A checked event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventDraft {
    /// Kind.
    pub kind: EventKind,
    /// Name.
    pub name: String,
    /// Place.
    pub place: String,
    /// First day.
    pub starts_on: NaiveDate,
    /// Last day.
    pub ends_on: NaiveDate,
    /// Organiser.
    pub organiser: Option<String>,
    /// Notes.
    pub note: Option<String>,
}

impl EventInput {
    /// Checks every field.
    pub fn parse(&self) -> Result<EventDraft, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let kind = errors.check("kind", EventKind::parse(&self.kind));
        let name = required_text(&mut errors, "name", &self.name, 300);
        let place = required_text(&mut errors, "place", &self.place, 300);
        let days = day_range(&mut errors, &self.starts_on, &self.ends_on);
        let organiser = optional_text(&mut errors, "organiser", &self.organiser, 300);
        let note = optional_text(&mut errors, "note", &self.note, 2_000);
        errors.into_result()?;
        let (starts_on, ends_on) = days.expect("checked");
        Ok(EventDraft {
            kind: kind.expect("checked"),
            name,
            place,
            starts_on,
            ends_on,
            organiser,
            note,
        })
    }
}

/// A training course as submitted.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct TrainingInput {
    /// The unit whose programme records it.
    pub unit_id: String,
    /// Title ("Tập huấn triển khai Chương trình OCOP năm 2026").
    pub title: String,
    /// First day.
    pub starts_on: String,
    /// Last day (defaults to the first).
    pub ends_on: Option<String>,
    /// Who organised it.
    pub organiser: Option<String>,
    /// Officials trained (cán bộ).
    pub officials: i32,
    /// Other people trained (producers' staff, members of cooperatives, …).
    pub others: i32,
    /// Notes.
    pub note: Option<String>,
}

/// A checked training course.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrainingDraft {
    /// Title.
    pub title: String,
    /// First day.
    pub starts_on: NaiveDate,
    /// Last day.
    pub ends_on: NaiveDate,
    /// Organiser.
    pub organiser: Option<String>,
    /// Officials trained.
    pub officials: i32,
    /// Others trained.
    pub others: i32,
    /// Notes.
    pub note: Option<String>,
}

impl TrainingInput {
    /// Checks every field: at least one person trained.
    pub fn parse(&self) -> Result<TrainingDraft, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let title = required_text(&mut errors, "title", &self.title, 300);
        let days = day_range(&mut errors, &self.starts_on, &self.ends_on);
        let organiser = optional_text(&mut errors, "organiser", &self.organiser, 300);
        let note = optional_text(&mut errors, "note", &self.note, 2_000);
        if !(0..=100_000).contains(&self.officials) {
            errors.add("officials", ErrorCode::InvalidNumber);
        }
        if !(0..=1_000_000).contains(&self.others) {
            errors.add("others", ErrorCode::InvalidNumber);
        }
        if self.officials == 0 && self.others == 0 {
            errors.add("officials", ErrorCode::Required);
        }
        errors.into_result()?;
        let (starts_on, ends_on) = days.expect("checked");
        Ok(TrainingDraft {
            title,
            starts_on,
            ends_on,
            organiser,
            officials: self.officials,
            others: self.others,
            note,
        })
    }
}

/// The largest single disbursement accepted (10,000 billion VND).
pub const MAX_SUPPORT_VND: i64 = 10_000_000_000_000;

/// A support disbursement as submitted.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct SupportInput {
    /// The unit whose programme pays it.
    pub unit_id: String,
    /// The producer supported.
    pub producer_id: String,
    /// The product the support is for, if one.
    pub product_id: Option<String>,
    /// Amount in VND (> 0).
    pub amount_vnd: i64,
    /// `central_budget`, `local_budget`, `other_programmes`, `credit` or `other`.
    pub source: String,
    /// What it pays for ("Hỗ trợ thiết kế bao bì, nhãn mác").
    pub purpose: String,
    /// Day disbursed.
    pub disbursed_on: String,
}

/// A checked disbursement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SupportDraft {
    /// Producer.
    pub producer_id: uuid::Uuid,
    /// Product.
    pub product_id: Option<uuid::Uuid>,
    /// Amount in VND.
    pub amount_vnd: i64,
    /// Source.
    pub source: SupportSource,
    /// Purpose.
    pub purpose: String,
    /// Day disbursed.
    pub disbursed_on: NaiveDate,
}

/// Parses an identifier field.
pub fn parse_id(errors: &mut ValidationErrors, field: &str, text: &str, code: ErrorCode) -> Option<uuid::Uuid> {
    match uuid::Uuid::parse_str(text.trim()) {
        Ok(id) => Some(id),
        Err(_) if text.trim().is_empty() => {
            errors.add(field, ErrorCode::Required);
            None
        }
        Err(_) => {
            errors.add(field, code);
            None
        }
    }
}

impl SupportInput {
    /// Checks every field.
    pub fn parse(&self) -> Result<SupportDraft, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let producer_id = parse_id(
            &mut errors,
            "producer_id",
            &self.producer_id,
            ErrorCode::UnknownProducer,
        );
        let product_id = match self.product_id.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
            None => None,
            Some(text) => parse_id(&mut errors, "product_id", text, ErrorCode::NotFound),
        };
        if !(1..=MAX_SUPPORT_VND).contains(&self.amount_vnd) {
            errors.add("amount_vnd", ErrorCode::InvalidNumber);
        }
        let source = errors.check("source", SupportSource::parse(&self.source));
        let purpose = required_text(&mut errors, "purpose", &self.purpose, 500);
        let disbursed_on = required_day(&mut errors, "disbursed_on", &self.disbursed_on);
        errors.into_result()?;
        Ok(SupportDraft {
            producer_id: producer_id.expect("checked"),
            product_id,
            amount_vnd: self.amount_vnd,
            source: source.expect("checked"),
            purpose,
            disbursed_on: disbursed_on.expect("checked"),
        })
    }
}

/// Who entered a revenue figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RevenueSource {
    /// Declared by the producer.
    Producer,
    /// Entered by an officer (from the producer's report or the tax office).
    Officer,
}

impl RevenueSource {
    /// The stored code.
    pub fn code(self) -> &'static str {
        match self {
            Self::Producer => "producer",
            Self::Officer => "officer",
        }
    }
}

/// The largest yearly revenue accepted (1,000,000 billion VND).
pub const MAX_REVENUE_VND: i64 = 1_000_000_000_000_000;

/// A product's revenue for a year, as submitted.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct RevenueInput {
    /// The year the revenue was earned.
    pub year: i32,
    /// Revenue in VND (≥ 0).
    pub revenue_vnd: i64,
}

impl RevenueInput {
    /// Checks the year (2018 to `this_year`, revenue is reported for years begun) and the amount.
    pub fn parse(&self, this_year: i32) -> Result<(i32, i64), ValidationErrors> {
        let mut errors = ValidationErrors::new();
        if !(2018..=this_year).contains(&self.year) {
            errors.add("year", ErrorCode::InvalidNumber);
        }
        if !(0..=MAX_REVENUE_VND).contains(&self.revenue_vnd) {
            errors.add("revenue_vnd", ErrorCode::InvalidNumber);
        }
        errors.into_result()?;
        Ok((self.year, self.revenue_vnd))
    }
}

/// 1234567 → "1.234.567" (Vietnamese thousands separator).
pub fn group_thousands(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    if n < 0 { format!("-{out}") } else { out }
}

/// VND as million VND with two decimals and a decimal comma: "1.250,51".
pub fn million_text(vnd: i64) -> String {
    let h = hundredths_of_million(vnd);
    format!("{},{:02}", group_thousands(h / 100), (h % 100).abs())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn amounts_are_read_the_vietnamese_way() {
        assert_eq!(parse_vnd("150.000.000 đ"), Ok(150_000_000));
        assert_eq!(parse_vnd("2 500 000"), Ok(2_500_000));
        assert_eq!(parse_vnd("12a"), Err(ErrorCode::InvalidNumber));
        assert_eq!(parse_vnd(""), Err(ErrorCode::InvalidNumber));
        assert_eq!(parse_million_vnd("1.250,5"), Ok(1_250_500_000));
        assert_eq!(parse_million_vnd("1250.75"), Ok(1_250_750_000));
        assert_eq!(parse_million_vnd("1.500"), Ok(1_500_000_000), "dots group thousands");
        assert_eq!(parse_million_vnd("980"), Ok(980_000_000));
        assert_eq!(parse_million_vnd("0,05"), Ok(50_000));
        assert_eq!(
            parse_million_vnd("1,234"),
            Err(ErrorCode::InvalidNumber),
            "three decimals"
        );
        assert_eq!(parse_million_vnd("-5"), Err(ErrorCode::InvalidNumber));
        assert_eq!(parse_million_vnd(""), Err(ErrorCode::InvalidNumber));
        assert_eq!(hundredths_of_million(1_250_505_000), 125_051);
        assert_eq!(hundredths_of_million(1_250_504_999), 125_050);
        assert_eq!(million_text(1_250_505_000), "1.250,51");
        assert_eq!(million_text(0), "0,00");
        assert_eq!(group_thousands(1_234_567), "1.234.567");
        assert_eq!(group_thousands(999), "999");
    }

    #[test]
    fn events_and_trainings_check_their_days() {
        let event = EventInput {
            kind: "fair".into(),
            name: "Hội chợ OCOP Hà Tĩnh".into(),
            place: "TP Hà Tĩnh".into(),
            starts_on: "05/05/2026".into(),
            ends_on: Some("2026-05-08".into()),
            ..EventInput::default()
        };
        let draft = event.parse().unwrap();
        assert_eq!((draft.starts_on, draft.ends_on), (d(2026, 5, 5), d(2026, 5, 8)));
        let backwards = EventInput {
            ends_on: Some("01/05/2026".into()),
            ..event.clone()
        };
        let errors = backwards.parse().unwrap_err();
        assert_eq!(errors.fields[0].field, "ends_on");
        assert_eq!(errors.fields[0].code, ErrorCode::DateOrder);
        let empty = EventInput::default().parse().unwrap_err();
        let fields: Vec<&str> = empty.fields.iter().map(|f| f.field.as_str()).collect();
        assert_eq!(fields, ["kind", "name", "place", "starts_on"]);

        let training = TrainingInput {
            title: "Tập huấn OCOP".into(),
            starts_on: "2026-03-10".into(),
            ..TrainingInput::default()
        };
        assert_eq!(training.parse().unwrap_err().fields[0].field, "officials");
        let training = TrainingInput {
            officials: 45,
            ..training
        };
        assert_eq!(training.parse().unwrap().ends_on, d(2026, 3, 10));
    }

    #[test]
    fn supports_and_revenues_check_amounts() {
        let support = SupportInput {
            producer_id: uuid::Uuid::nil().to_string(),
            amount_vnd: 0,
            source: "treasury".into(),
            purpose: "Bao bì".into(),
            disbursed_on: "2026-02-30".into(),
            ..SupportInput::default()
        };
        let fields: Vec<(String, ErrorCode)> = support
            .parse()
            .unwrap_err()
            .fields
            .into_iter()
            .map(|f| (f.field, f.code))
            .collect();
        assert_eq!(
            fields,
            [
                ("amount_vnd".to_owned(), ErrorCode::InvalidNumber),
                ("source".to_owned(), ErrorCode::InvalidChoice),
                ("disbursed_on".to_owned(), ErrorCode::InvalidDate),
            ]
        );
        let revenue = RevenueInput {
            year: 2027,
            revenue_vnd: -1,
        };
        assert_eq!(revenue.parse(2026).unwrap_err().fields.len(), 2);
        assert_eq!(
            RevenueInput {
                year: 2025,
                revenue_vnd: 0
            }
            .parse(2026),
            Ok((2025, 0))
        );
    }
}
