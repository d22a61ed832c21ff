//! The rules of oversight: deadlines counted in working days, and when a finding proposes a
//! suspension or a revocation to the authority that issued the certificate.

use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};

use super::{FindingStatus, Severity};
use crate::calendar::WorkingCalendar;

/// The `n`-th working day after `from` (`from` itself is not counted; `n = 0` is `from`).
pub fn add_working_days(calendar: &WorkingCalendar, from: NaiveDate, n: u32) -> NaiveDate {
    let mut day = from;
    let mut left = n;
    while left > 0 {
        day = day + Days::new(1);
        if calendar.is_working_day(day) {
            left -= 1;
        }
    }
    day
}

/// The last day to remedy a finding made on `found_on`: `working_days` working days after it
/// on Vietnam's calendar (where the law counts in working days), or `calendar_days` after it.
pub fn remedy_deadline(found_on: NaiveDate, working_days: Option<u32>, calendar_days: Option<u32>) -> NaiveDate {
    match (working_days, calendar_days) {
        (Some(n), _) => add_working_days(WorkingCalendar::vietnam(), found_on, n),
        (None, Some(n)) => found_on + Days::new(u64::from(n)),
        (None, None) => found_on,
    }
}

/// What a finding proposes to the issuing authority.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Consequence {
    /// Tạm đình chỉ: the certificate is suspended until the producer remedies.
    Suspension,
    /// Thu hồi: the certificate is revoked.
    Revocation,
}

impl Consequence {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Consequence::Suspension => "suspension",
            Consequence::Revocation => "revocation",
        }
    }

    /// Parses a stored name.
    pub fn parse(code: &str) -> Result<Self, crate::ErrorCode> {
        match code.trim() {
            "suspension" => Ok(Consequence::Suspension),
            "revocation" => Ok(Consequence::Revocation),
            _ => Err(crate::ErrorCode::InvalidChoice),
        }
    }

    /// Vietnamese and English labels.
    pub fn label(self) -> (&'static str, &'static str) {
        match self {
            Consequence::Suspension => ("Tạm đình chỉ giấy chứng nhận", "Suspend the certificate"),
            Consequence::Revocation => ("Thu hồi giấy chứng nhận", "Revoke the certificate"),
        }
    }
}

/// The consequence a finding proposes on `day`, if any: a severe finding proposes revocation at
/// once; any other finding still waiting for the producer after its last day to remedy
/// (`due_on`) proposes suspension. A remedied, proposed or decided finding proposes nothing.
pub fn consequence_on(
    severity: Severity,
    status: FindingStatus,
    due_on: NaiveDate,
    day: NaiveDate,
) -> Option<Consequence> {
    if !status.is_pending() {
        return None;
    }
    match severity {
        Severity::Severe => Some(Consequence::Revocation),
        _ if day > due_on => Some(Consequence::Suspension),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn working_days_skip_weekends_and_holidays() {
        let cal = WorkingCalendar::vietnam();
        // Friday 04/12/2026 + 1 working day = Monday 07/12/2026.
        assert_eq!(add_working_days(cal, d(2026, 12, 4), 1), d(2026, 12, 7));
        assert_eq!(add_working_days(cal, d(2026, 12, 4), 0), d(2026, 12, 4));
        // Ten working days from Monday 07/12/2026 end on Monday 21/12/2026.
        assert_eq!(add_working_days(cal, d(2026, 12, 7), 10), d(2026, 12, 21));
        // 2/9 is a holiday: Tuesday 01/09/2026 + 1 working day is not 02/09.
        assert!(add_working_days(cal, d(2026, 9, 1), 1) > d(2026, 9, 2));
        assert_eq!(remedy_deadline(d(2026, 12, 4), None, Some(30)), d(2027, 1, 3));
    }

    #[test]
    fn a_severe_finding_proposes_revocation_and_a_late_one_suspension() {
        let due = d(2026, 12, 21);
        assert_eq!(
            consequence_on(Severity::Severe, FindingStatus::Open, due, d(2026, 12, 8)),
            Some(Consequence::Revocation)
        );
        assert_eq!(consequence_on(Severity::Major, FindingStatus::Open, due, due), None);
        assert_eq!(
            consequence_on(Severity::Minor, FindingStatus::Answered, due, d(2026, 12, 22)),
            Some(Consequence::Suspension)
        );
        for closed in [
            FindingStatus::Remedied,
            FindingStatus::Proposed,
            FindingStatus::Decided,
            FindingStatus::Declined,
        ] {
            assert_eq!(consequence_on(Severity::Severe, closed, due, d(2027, 1, 1)), None);
        }
    }
}
