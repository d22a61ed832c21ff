//! How long a certificate is valid: 36 months, counted as the Civil Code 2015
//! (Bộ luật Dân sự, articles 147–148) counts a period in months.
//!
//! - Art. 147: the day of the event that starts the period (the day of issue)
//!   is not counted; the period starts the next day.
//! - Art. 148: a period in months ends at the end of the corresponding day of
//!   the last month; when that month has no such day, at the end of its last day.
//!
//! So a certificate issued on 05/08/2026 is valid through 05/08/2029
//! inclusive and expired from 06/08/2029; one issued on 29/02/2024 is valid
//! through 28/02/2027 and expired from 01/03/2027.

use chrono::{Months, NaiveDate};

/// Months a certificate is valid for (QĐ 1048, QĐ 148, QĐ 26/2026).
pub const VALIDITY_MONTHS: u32 = 36;

/// The default warning window before expiry: 6 months.
pub const DEFAULT_EXPIRING_WINDOW_MONTHS: u32 = 6;

/// The last day of a period of `months` months starting the day after `start_event`
/// (the corresponding day of the last month, or that month's last day).
pub fn period_end(start_event: NaiveDate, months: u32) -> NaiveDate {
    // chrono clamps to the last day of the month when the day does not exist,
    // which is exactly art. 148's rule.
    start_event
        .checked_add_months(Months::new(months))
        .unwrap_or(NaiveDate::MAX)
}

/// The last day a certificate issued on `issued_on` is valid (inclusive).
pub fn valid_through(issued_on: NaiveDate) -> NaiveDate {
    period_end(issued_on, VALIDITY_MONTHS)
}

/// The first day a certificate issued on `issued_on` is expired.
pub fn expired_from(issued_on: NaiveDate) -> NaiveDate {
    valid_through(issued_on).succ_opt().unwrap_or(NaiveDate::MAX)
}

/// The first day of the expiring window: `window_months` before the last valid
/// day (counted back with the same month rule), plus one day.
pub fn expiring_from(valid_through: NaiveDate, window_months: u32) -> NaiveDate {
    valid_through
        .checked_sub_months(Months::new(window_months))
        .and_then(|d| d.succ_opt())
        .unwrap_or(NaiveDate::MIN)
}

/// The last "valid through" day that is inside the expiring window on `today`:
/// a certificate still valid on `today` is expiring exactly when its last
/// valid day is at most this one. Lets a database filter by status with a
/// plain date comparison.
pub fn expiring_cutoff(today: NaiveDate, window_months: u32) -> NaiveDate {
    // `expiring_from` never decreases as the last valid day grows, so step
    // from an estimate to the exact boundary (a few days at most).
    let mut cutoff = today
        .pred_opt()
        .and_then(|d| d.checked_add_months(Months::new(window_months)))
        .unwrap_or(today);
    while let Some(next) = cutoff.succ_opt()
        && expiring_from(next, window_months) <= today
    {
        cutoff = next;
    }
    while expiring_from(cutoff, window_months) > today
        && let Some(previous) = cutoff.pred_opt()
    {
        cutoff = previous;
    }
    cutoff
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn issued_5_august_2026_is_valid_through_5_august_2029() {
        assert_eq!(valid_through(d(2026, 8, 5)), d(2029, 8, 5));
        assert_eq!(expired_from(d(2026, 8, 5)), d(2029, 8, 6));
    }

    #[test]
    fn issued_29_february_ends_on_28_february() {
        assert_eq!(valid_through(d(2024, 2, 29)), d(2027, 2, 28));
        assert_eq!(expired_from(d(2024, 2, 29)), d(2027, 3, 1));
        // Ending in a leap year keeps the 29th.
        assert_eq!(valid_through(d(2025, 2, 28)), d(2028, 2, 28));
        assert_eq!(valid_through(d(2025, 3, 1)), d(2028, 3, 1));
    }

    #[test]
    fn month_ends() {
        assert_eq!(valid_through(d(2025, 12, 31)), d(2028, 12, 31));
        assert_eq!(valid_through(d(2025, 1, 31)), d(2028, 1, 31));
        assert_eq!(valid_through(d(2025, 5, 31)), d(2028, 5, 31));
        assert_eq!(period_end(d(2025, 1, 31), 1), d(2025, 2, 28));
        assert_eq!(period_end(d(2024, 1, 31), 1), d(2024, 2, 29));
        assert_eq!(period_end(d(2025, 8, 31), 1), d(2025, 9, 30));
        assert_eq!(expired_from(d(2025, 12, 31)), d(2029, 1, 1));
    }

    #[test]
    fn the_expiring_window_starts_six_months_before_the_end() {
        // Valid through 05/08/2029: expiring from 06/02/2029.
        assert_eq!(expiring_from(d(2029, 8, 5), 6), d(2029, 2, 6));
        assert_eq!(expiring_from(d(2029, 8, 31), 6), d(2029, 3, 1));
    }

    proptest! {
        #[test]
        fn the_cutoff_agrees_with_the_window(t in 0i64..20_000, v in -400i64..400, window in 0u32..13) {
            let today = d(2000, 1, 1) + chrono::Duration::days(t);
            let through = today + chrono::Duration::days(v) + chrono::Duration::days(i64::from(window) * 30);
            prop_assert_eq!(
                through <= expiring_cutoff(today, window),
                expiring_from(through, window) <= today
            );
        }

        #[test]
        fn expiry_is_monotonic_in_the_issue_date(a in 0i64..40_000, gap in 0i64..4_000) {
            let base = d(1990, 1, 1);
            let first = base + chrono::Duration::days(a);
            let later = first + chrono::Duration::days(gap);
            prop_assert!(valid_through(first) <= valid_through(later));
            prop_assert!(valid_through(first) > first);
            // Never shorter than 1,093 days (36 months with three short Februaries) nor longer than 1,097.
            let days = (valid_through(first) - first).num_days();
            prop_assert!((1_093..=1_097).contains(&days), "{} days", days);
        }
    }
}
