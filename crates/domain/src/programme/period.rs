//! Reporting periods (kỳ báo cáo) and the two ways figures before the 2025
//! reform can be shown.
//!
//! Officials report upward every six months and every year: "báo cáo 6 tháng
//! đầu năm", "6 tháng cuối năm", "báo cáo năm". A period is written
//! `2026-H1` (01/01–30/06), `2026-H2` (01/07–31/12) or `2026` (the year).
//! The same codes are the period codes (`Ma_ThoiGian`) of the national
//! agricultural database export, whose code list `DM_KhoangThoiGian` our
//! sources do not define (docs/REPORTS.md).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::ErrorCode;

/// A reporting period: a year, or one of its halves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReportPeriod {
    /// The year.
    pub year: i32,
    /// 1 (January–June), 2 (July–December) or none (the whole year).
    pub half: Option<u8>,
}

impl ReportPeriod {
    /// Parses `2026`, `2026-H1` or `2026-H2` (case and surrounding spaces forgiven).
    pub fn parse(text: &str) -> Result<Self, ErrorCode> {
        let text = text.trim().to_ascii_uppercase();
        let (year, half) = match text.split_once('-') {
            None => (text.as_str(), None),
            Some((year, "H1")) => (year, Some(1)),
            Some((year, "H2")) => (year, Some(2)),
            Some(_) => return Err(ErrorCode::InvalidPeriod),
        };
        if year.len() != 4 || !year.bytes().all(|b| b.is_ascii_digit()) {
            return Err(ErrorCode::InvalidPeriod);
        }
        let year: i32 = year.parse().map_err(|_| ErrorCode::InvalidPeriod)?;
        if !(2018..=2100).contains(&year) {
            return Err(ErrorCode::InvalidPeriod);
        }
        Ok(Self { year, half })
    }

    /// The code: `2026`, `2026-H1`, `2026-H2`.
    pub fn code(self) -> String {
        match self.half {
            None => self.year.to_string(),
            Some(h) => format!("{}-H{h}", self.year),
        }
    }

    /// The first day.
    pub fn from(self) -> NaiveDate {
        let month = if self.half == Some(2) { 7 } else { 1 };
        NaiveDate::from_ymd_opt(self.year, month, 1).expect("a valid first day")
    }

    /// The last day.
    pub fn to(self) -> NaiveDate {
        let (month, day) = if self.half == Some(1) { (6, 30) } else { (12, 31) };
        NaiveDate::from_ymd_opt(self.year, month, day).expect("a valid last day")
    }

    /// "6 tháng đầu năm 2026", "6 tháng cuối năm 2026", "năm 2026".
    pub fn label_vi(self) -> String {
        match self.half {
            None => format!("năm {}", self.year),
            Some(1) => format!("6 tháng đầu năm {}", self.year),
            Some(_) => format!("6 tháng cuối năm {}", self.year),
        }
    }

    /// "first half of 2026", "second half of 2026", "2026".
    pub fn label_en(self) -> String {
        match self.half {
            None => self.year.to_string(),
            Some(1) => format!("first half of {}", self.year),
            Some(_) => format!("second half of {}", self.year),
        }
    }

    /// True when any day of the period lies before the 1 July 2025 reform,
    /// so that old units (districts, the 63 provinces) may be asked for.
    pub fn before_reform(self) -> bool {
        self.from() < reform_day()
    }

    /// The periods a form offers around a year: the year and its halves.
    pub fn of_year(year: i32) -> [ReportPeriod; 3] {
        [
            ReportPeriod { year, half: Some(1) },
            ReportPeriod { year, half: Some(2) },
            ReportPeriod { year, half: None },
        ]
    }
}

/// The day the two-level local government took effect (01/07/2025).
pub fn reform_day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 7, 1).expect("a valid date")
}

/// How figures are grouped by administrative unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum UnitView {
    /// Under the units each record was made with: an old commune, district
    /// or one of the 63 provinces for records made before the reform.
    Recorded,
    /// Re-aggregated to today's units through the official conversion
    /// (`admin_unit_current`).
    #[default]
    Current,
}

impl UnitView {
    /// Parses `recorded` or `current` (empty: current).
    pub fn parse(text: &str) -> Result<Self, ErrorCode> {
        match text.trim() {
            "" | "current" => Ok(Self::Current),
            "recorded" => Ok(Self::Recorded),
            _ => Err(ErrorCode::InvalidChoice),
        }
    }

    /// The code.
    pub fn code(self) -> &'static str {
        match self {
            Self::Recorded => "recorded",
            Self::Current => "current",
        }
    }

    /// Vietnamese and English labels.
    pub fn label(self) -> (&'static str, &'static str) {
        match self {
            Self::Recorded => (
                "theo đơn vị hành chính tại thời điểm ghi nhận (đơn vị cũ trước 01/07/2025)",
                "by the units each record was made with (old units before 01/07/2025)",
            ),
            Self::Current => (
                "quy đổi về đơn vị hành chính hiện nay",
                "re-aggregated to today's units",
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn periods_parse_and_bound_their_days() {
        let h1 = ReportPeriod::parse("2026-H1").unwrap();
        assert_eq!((h1.from(), h1.to()), (d(2026, 1, 1), d(2026, 6, 30)));
        assert_eq!(h1.code(), "2026-H1");
        assert_eq!(h1.label_vi(), "6 tháng đầu năm 2026");
        let h2 = ReportPeriod::parse(" 2025-h2 ").unwrap();
        assert_eq!((h2.from(), h2.to()), (d(2025, 7, 1), d(2025, 12, 31)));
        assert!(!h2.before_reform());
        let year = ReportPeriod::parse("2025").unwrap();
        assert_eq!((year.from(), year.to()), (d(2025, 1, 1), d(2025, 12, 31)));
        assert!(year.before_reform());
        assert_eq!(year.code(), "2025");
        for bad in ["", "2026-H3", "26-H1", "2026H1", "1990", "2026-", "abcd"] {
            assert_eq!(ReportPeriod::parse(bad), Err(ErrorCode::InvalidPeriod), "{bad}");
        }
    }

    #[test]
    fn unit_views_parse() {
        assert_eq!(UnitView::parse(""), Ok(UnitView::Current));
        assert_eq!(UnitView::parse("recorded"), Ok(UnitView::Recorded));
        assert_eq!(UnitView::parse("old"), Err(ErrorCode::InvalidChoice));
    }
}
