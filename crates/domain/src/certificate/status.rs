//! The certificate lifecycle as a state machine over stored facts.
//!
//! A certificate's status on any day is a pure function of what is stored
//! (issue date, last valid day, and the days it was superseded, suspended or
//! revoked) and the day asked about — never a column that a job must keep
//! up to date. Transitions only add facts, and refuse to add them to a
//! certificate that is already revoked or superseded: history is kept forever.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::validity::expiring_from;
use crate::ErrorCode;

/// The status of a certificate on a given day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CertificateStatus {
    /// Before its issue date.
    NotYetValid,
    /// Còn hiệu lực.
    Valid,
    /// Sắp hết hạn: valid, but within the warning window before expiry.
    Expiring,
    /// Hết hiệu lực: past its last valid day.
    Expired,
    /// Tạm đình chỉ.
    Suspended,
    /// Đã được thay thế: renewed (công nhận lại) or upgraded (nâng hạng).
    Superseded,
    /// Đã thu hồi.
    Revoked,
}

impl CertificateStatus {
    /// Every status, in display order.
    pub const ALL: [CertificateStatus; 7] = [
        CertificateStatus::Valid,
        CertificateStatus::Expiring,
        CertificateStatus::Expired,
        CertificateStatus::Suspended,
        CertificateStatus::Superseded,
        CertificateStatus::Revoked,
        CertificateStatus::NotYetValid,
    ];

    /// The API name.
    pub fn as_str(self) -> &'static str {
        match self {
            CertificateStatus::NotYetValid => "not_yet_valid",
            CertificateStatus::Valid => "valid",
            CertificateStatus::Expiring => "expiring",
            CertificateStatus::Expired => "expired",
            CertificateStatus::Suspended => "suspended",
            CertificateStatus::Superseded => "superseded",
            CertificateStatus::Revoked => "revoked",
        }
    }

    /// Parses the API name.
    pub fn parse(text: &str) -> Result<Self, ErrorCode> {
        Self::ALL
            .into_iter()
            .find(|s| s.as_str() == text.trim())
            .ok_or(ErrorCode::InvalidChoice)
    }

    /// The banner text, Vietnamese and English.
    pub fn banner(self) -> (&'static str, &'static str) {
        match self {
            CertificateStatus::NotYetValid => ("CHƯA CÓ HIỆU LỰC", "NOT YET IN FORCE"),
            CertificateStatus::Valid => ("CÒN HIỆU LỰC", "VALID"),
            CertificateStatus::Expiring => ("SẮP HẾT HẠN", "EXPIRING SOON"),
            CertificateStatus::Expired => ("HẾT HIỆU LỰC", "EXPIRED"),
            CertificateStatus::Suspended => ("TẠM ĐÌNH CHỈ", "SUSPENDED"),
            CertificateStatus::Superseded => ("ĐÃ ĐƯỢC THAY THẾ", "SUPERSEDED"),
            CertificateStatus::Revoked => ("ĐÃ THU HỒI", "REVOKED"),
        }
    }

    /// True when the product may carry the OCOP mark at this status.
    pub fn in_force(self) -> bool {
        matches!(self, CertificateStatus::Valid | CertificateStatus::Expiring)
    }

    /// True for the statuses no later day can undo.
    pub fn is_final(self) -> bool {
        matches!(self, CertificateStatus::Superseded | CertificateStatus::Revoked)
    }
}

/// The stored facts a status is computed from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LifecycleFacts {
    /// Day of issue (signing of the recognition decision).
    pub issued_on: NaiveDate,
    /// Last valid day, inclusive (see [`super::validity::valid_through`]).
    pub valid_through: NaiveDate,
    /// Day a renewal or an upgrade replaced it.
    pub superseded_on: Option<NaiveDate>,
    /// Day it was suspended.
    pub suspended_on: Option<NaiveDate>,
    /// Day it was revoked.
    pub revoked_on: Option<NaiveDate>,
}

/// A transition that the lifecycle does not allow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum InvalidTransition {
    /// The certificate is already revoked.
    #[error("already revoked")]
    Revoked,
    /// The certificate is already superseded.
    #[error("already superseded")]
    Superseded,
    /// The certificate is already suspended.
    #[error("already suspended")]
    Suspended,
    /// The day of the event lies before the issue date.
    #[error("before issue")]
    BeforeIssue,
}

impl From<InvalidTransition> for ErrorCode {
    fn from(_: InvalidTransition) -> Self {
        ErrorCode::InvalidTransition
    }
}

impl LifecycleFacts {
    /// The status on `day`, with an expiring window of `window_months`.
    pub fn status_on(&self, day: NaiveDate, window_months: u32) -> CertificateStatus {
        let reached = |fact: Option<NaiveDate>| fact.is_some_and(|on| on <= day);
        if reached(self.revoked_on) {
            CertificateStatus::Revoked
        } else if reached(self.superseded_on) {
            CertificateStatus::Superseded
        } else if day < self.issued_on {
            CertificateStatus::NotYetValid
        } else if reached(self.suspended_on) {
            CertificateStatus::Suspended
        } else if day > self.valid_through {
            CertificateStatus::Expired
        } else if day >= expiring_from(self.valid_through, window_months) {
            CertificateStatus::Expiring
        } else {
            CertificateStatus::Valid
        }
    }

    fn check_open(&self, on: NaiveDate) -> Result<(), InvalidTransition> {
        if self.revoked_on.is_some() {
            return Err(InvalidTransition::Revoked);
        }
        if self.superseded_on.is_some() {
            return Err(InvalidTransition::Superseded);
        }
        if on < self.issued_on {
            return Err(InvalidTransition::BeforeIssue);
        }
        Ok(())
    }

    /// Thu hồi: revokes from `on`; refused once revoked or superseded.
    pub fn revoke(self, on: NaiveDate) -> Result<Self, InvalidTransition> {
        self.check_open(on)?;
        Ok(Self {
            revoked_on: Some(on),
            ..self
        })
    }

    /// Replaced by a renewal or an upgrade from `on`; refused once revoked or superseded.
    pub fn supersede(self, on: NaiveDate) -> Result<Self, InvalidTransition> {
        self.check_open(on)?;
        Ok(Self {
            superseded_on: Some(on),
            ..self
        })
    }

    /// Tạm đình chỉ: suspends from `on`; refused once revoked, superseded or suspended.
    pub fn suspend(self, on: NaiveDate) -> Result<Self, InvalidTransition> {
        self.check_open(on)?;
        if self.suspended_on.is_some() {
            return Err(InvalidTransition::Suspended);
        }
        Ok(Self {
            suspended_on: Some(on),
            ..self
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::certificate::validity::valid_through;
    use proptest::prelude::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn issued(on: NaiveDate) -> LifecycleFacts {
        LifecycleFacts {
            issued_on: on,
            valid_through: valid_through(on),
            superseded_on: None,
            suspended_on: None,
            revoked_on: None,
        }
    }

    #[test]
    fn valid_then_expiring_then_expired_at_the_boundaries() {
        let c = issued(d(2026, 8, 5));
        assert_eq!(c.status_on(d(2026, 8, 4), 6), CertificateStatus::NotYetValid);
        assert_eq!(c.status_on(d(2026, 8, 5), 6), CertificateStatus::Valid);
        assert_eq!(c.status_on(d(2029, 2, 5), 6), CertificateStatus::Valid);
        assert_eq!(c.status_on(d(2029, 2, 6), 6), CertificateStatus::Expiring);
        assert_eq!(c.status_on(d(2029, 8, 5), 6), CertificateStatus::Expiring);
        assert_eq!(c.status_on(d(2029, 8, 6), 6), CertificateStatus::Expired);
        // A configurable window.
        assert_eq!(c.status_on(d(2029, 2, 6), 3), CertificateStatus::Valid);
        assert_eq!(c.status_on(d(2029, 5, 6), 3), CertificateStatus::Expiring);
    }

    #[test]
    fn across_29_february() {
        let c = issued(d(2024, 2, 29));
        assert_eq!(c.status_on(d(2027, 2, 28), 6), CertificateStatus::Expiring);
        assert_eq!(c.status_on(d(2027, 3, 1), 6), CertificateStatus::Expired);
    }

    #[test]
    fn revocation_and_supersession_are_final() {
        let c = issued(d(2026, 8, 5));
        let revoked = c.revoke(d(2027, 1, 10)).unwrap();
        assert_eq!(revoked.status_on(d(2027, 1, 9), 6), CertificateStatus::Valid);
        assert_eq!(revoked.status_on(d(2027, 1, 10), 6), CertificateStatus::Revoked);
        assert_eq!(revoked.revoke(d(2027, 2, 1)), Err(InvalidTransition::Revoked));
        assert_eq!(revoked.supersede(d(2027, 2, 1)), Err(InvalidTransition::Revoked));
        let renewed = c.supersede(d(2029, 7, 1)).unwrap();
        assert_eq!(renewed.status_on(d(2029, 7, 1), 6), CertificateStatus::Superseded);
        assert_eq!(renewed.revoke(d(2029, 7, 2)), Err(InvalidTransition::Superseded));
        assert_eq!(c.revoke(d(2026, 8, 4)), Err(InvalidTransition::BeforeIssue));
    }

    #[test]
    fn suspension_shows_until_a_final_fact() {
        let c = issued(d(2026, 8, 5)).suspend(d(2027, 1, 1)).unwrap();
        assert_eq!(c.status_on(d(2027, 1, 1), 6), CertificateStatus::Suspended);
        assert_eq!(c.suspend(d(2027, 2, 1)), Err(InvalidTransition::Suspended));
        let revoked = c.revoke(d(2027, 3, 1)).unwrap();
        assert_eq!(revoked.status_on(d(2027, 3, 1), 6), CertificateStatus::Revoked);
    }

    #[derive(Debug, Clone, Copy)]
    enum Event {
        Revoke(i64),
        Supersede(i64),
        Suspend(i64),
    }

    fn event() -> impl Strategy<Value = Event> {
        prop_oneof![
            (0i64..2_000).prop_map(Event::Revoke),
            (0i64..2_000).prop_map(Event::Supersede),
            (0i64..2_000).prop_map(Event::Suspend),
        ]
    }

    proptest! {
        #[test]
        fn nothing_goes_back_from_revoked_or_superseded_to_valid(
            issue in 0i64..20_000,
            events in proptest::collection::vec(event(), 0..6),
            days in proptest::collection::vec(0i64..2_500, 2..20),
            window in 0u32..13,
        ) {
            let start = d(2000, 1, 1) + chrono::Duration::days(issue);
            let mut facts = issued(start);
            for e in events {
                let next = match e {
                    Event::Revoke(n) => facts.revoke(start + chrono::Duration::days(n)),
                    Event::Supersede(n) => facts.supersede(start + chrono::Duration::days(n)),
                    Event::Suspend(n) => facts.suspend(start + chrono::Duration::days(n)),
                };
                if let Ok(next) = next {
                    facts = next;
                }
            }
            let mut days = days;
            days.sort_unstable();
            let mut seen_final: Option<CertificateStatus> = None;
            for n in days {
                let status = facts.status_on(start + chrono::Duration::days(n), window);
                if let Some(final_status) = seen_final {
                    prop_assert_eq!(status, final_status, "a final status never changes");
                }
                if status.is_final() {
                    seen_final = Some(status);
                }
            }
        }

        #[test]
        fn an_expired_certificate_stays_out_of_force_later(issue in 0i64..20_000, a in 0i64..3_000, b in 0i64..3_000) {
            let start = d(2000, 1, 1) + chrono::Duration::days(issue);
            let facts = issued(start);
            let (early, late) = (a.min(b), a.max(b));
            let s1 = facts.status_on(start + chrono::Duration::days(early), 6);
            let s2 = facts.status_on(start + chrono::Duration::days(late), 6);
            if s1 == CertificateStatus::Expired {
                prop_assert_eq!(s2, CertificateStatus::Expired);
            }
        }
    }
}
