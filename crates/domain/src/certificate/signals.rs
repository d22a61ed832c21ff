//! Warning signs about a verification code, for the officials' signals page.
//!
//! A day of scans is **unusual** when the code was verified by more than
//! [`DAILY_SCAN_LIMIT`] distinct clients that day, or by at least [`MIN_SPIKE_SCANS`]
//! and more than [`MEDIAN_FACTOR`] times the code's own median daily count over
//! the days it was scanned in the window ([`WINDOW_DAYS`] days). The floor keeps
//! a code scanned once a week from being flagged for ten scans at a fair. The counts
//! are distinct clients (salted hashes of their addresses), not requests, so one
//! client hammering a genuine code cannot make it look copied.
//!
//! A report of a suspected fake carries a [`ReportStatus`] an officer sets.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::ErrorCode;

/// Days looked back over.
pub const WINDOW_DAYS: i64 = 30;
/// More scans than this on one day is always unusual.
pub const DAILY_SCAN_LIMIT: i64 = 100;
/// A day above this many times the code's median daily count is unusual…
pub const MEDIAN_FACTOR: i64 = 10;
/// …provided it has at least this many scans.
pub const MIN_SPIKE_SCANS: i64 = 20;
/// A client reporting the same code again within this many hours is counted on its
/// earlier report, not stored as a new one.
pub const REPORT_MERGE_HOURS: i64 = 24;

/// Median of daily counts (the lower middle for an even number of days; 0 when empty).
pub fn median(counts: &[i64]) -> i64 {
    if counts.is_empty() {
        return 0;
    }
    let mut sorted = counts.to_vec();
    sorted.sort_unstable();
    sorted[(sorted.len() - 1) / 2]
}

/// The unusual days among a code's `(day, count)` rows, in the given order.
pub fn unusual_days(days: &[(NaiveDate, i64)]) -> Vec<NaiveDate> {
    let counts: Vec<i64> = days.iter().map(|(_, c)| *c).collect();
    let med = median(&counts);
    days.iter()
        .filter(|(_, c)| *c > DAILY_SCAN_LIMIT || (*c >= MIN_SPIKE_SCANS && *c > MEDIAN_FACTOR * med))
        .map(|(d, _)| *d)
        .collect()
}

/// The last day a certificate was in force: the day before revocation, or its
/// validity's last day, whichever comes first. A scan after it is a warning sign.
pub fn last_day_in_force(valid_through: NaiveDate, revoked_on: Option<NaiveDate>) -> NaiveDate {
    match revoked_on.and_then(|r| r.pred_opt()) {
        Some(before) if before < valid_through => before,
        _ => valid_through,
    }
}

/// What an officer made of a report of a suspected fake.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum ReportStatus {
    /// Not looked at yet (mới).
    New,
    /// Checked by an officer (đã kiểm tra).
    Checked,
    /// Forwarded to market surveillance (đã chuyển quản lý thị trường).
    Forwarded,
    /// Dismissed: spam, a mistake, nothing to act on (bỏ qua).
    Dismissed,
}

impl ReportStatus {
    /// Every status, in display order.
    pub const ALL: [ReportStatus; 4] = [
        ReportStatus::New,
        ReportStatus::Checked,
        ReportStatus::Forwarded,
        ReportStatus::Dismissed,
    ];

    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            ReportStatus::New => "new",
            ReportStatus::Checked => "checked",
            ReportStatus::Forwarded => "forwarded",
            ReportStatus::Dismissed => "dismissed",
        }
    }

    /// Parses a stored or submitted name.
    pub fn parse(code: &str) -> Result<Self, ErrorCode> {
        Self::ALL
            .into_iter()
            .find(|s| s.as_str() == code.trim())
            .ok_or(ErrorCode::InvalidChoice)
    }

    /// Vietnamese and English labels.
    pub fn label(self) -> (&'static str, &'static str) {
        match self {
            ReportStatus::New => ("Mới", "New"),
            ReportStatus::Checked => ("Đã kiểm tra", "Checked"),
            ReportStatus::Forwarded => (
                "Đã chuyển cơ quan quản lý thị trường",
                "Forwarded to market surveillance",
            ),
            ReportStatus::Dismissed => ("Bỏ qua", "Dismissed"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, day).unwrap()
    }

    #[test]
    fn median_of_odd_and_even_counts() {
        assert_eq!(median(&[]), 0);
        assert_eq!(median(&[5, 1, 3]), 3);
        assert_eq!(median(&[4, 1, 3, 2]), 2);
    }

    #[test]
    fn a_spike_far_above_the_median_is_unusual() {
        let days = [(d(1), 2), (d(2), 3), (d(3), 2), (d(4), 40)];
        assert_eq!(unusual_days(&days), vec![d(4)]);
    }

    #[test]
    fn a_small_spike_under_the_floor_is_not() {
        let days = [(d(1), 1), (d(2), 1), (d(3), 19)];
        assert!(unusual_days(&days).is_empty());
    }

    #[test]
    fn steady_heavy_use_is_unusual_only_above_the_daily_limit() {
        let days = [(d(1), 90), (d(2), 95), (d(3), 101)];
        assert_eq!(unusual_days(&days), vec![d(3)]);
    }

    #[test]
    fn report_statuses_round_trip_and_unknown_names_are_refused() {
        for status in ReportStatus::ALL {
            assert_eq!(ReportStatus::parse(status.as_str()), Ok(status));
        }
        assert_eq!(ReportStatus::parse("closed"), Err(ErrorCode::InvalidChoice));
    }

    #[test]
    fn in_force_until_the_day_before_revocation() {
        assert_eq!(last_day_in_force(d(30), Some(d(10))), d(9));
        assert_eq!(last_day_in_force(d(20), None), d(20));
        assert_eq!(last_day_in_force(d(5), Some(d(10))), d(5));
    }
}
