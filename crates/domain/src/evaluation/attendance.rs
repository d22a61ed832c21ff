//! Attendance at the council's meeting (điểm danh, thành phần tham dự phiên họp) and the
//! quorum it gives: at least 75 % of the scoring seats present (the secretary holds none,
//! members recused for a dossier are removed from both counts), the chair among them
//! (reference §6.5, Tây Ninh's council rules).
//!
//! A proxy (uỷ quyền) is not found in any council rules we hold (reference §6.5 is silent,
//! UNCONFIRMED): a member absent with a proxy is recorded as such for the minutes, but the
//! proxy does **not** count toward the quorum and does not score.

use serde::{Deserialize, Serialize};

use super::legal_basis::CouncilRules;
use super::scoring::{CouncilRole, Seat};
use crate::ErrorCode;

/// How a member attended the meeting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Presence {
    /// Có mặt: counts toward the quorum.
    Present,
    /// Vắng mặt.
    Absent,
    /// Vắng mặt, có uỷ quyền: recorded, but does not count toward the quorum.
    AbsentWithProxy,
}

impl Presence {
    /// Parses the stored name.
    pub fn parse(text: &str) -> Result<Self, ErrorCode> {
        match text.trim() {
            "present" => Ok(Presence::Present),
            "absent" => Ok(Presence::Absent),
            "absent_with_proxy" => Ok(Presence::AbsentWithProxy),
            _ => Err(ErrorCode::InvalidChoice),
        }
    }

    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Presence::Present => "present",
            Presence::Absent => "absent",
            Presence::AbsentWithProxy => "absent_with_proxy",
        }
    }

    /// Vietnamese and English labels (the minutes print the Vietnamese one).
    pub fn label(self) -> (&'static str, &'static str) {
        match self {
            Presence::Present => ("Có mặt", "Present"),
            Presence::Absent => ("Vắng mặt", "Absent"),
            Presence::AbsentWithProxy => (
                "Vắng mặt, có uỷ quyền (không tính vào số có mặt)",
                "Absent with proxy (not counted as present)",
            ),
        }
    }

    /// Whether the member counts as present.
    pub fn counts(self) -> bool {
        self == Presence::Present
    }
}

/// The quorum the recorded attendance gives for one dossier (or the whole meeting, with no
/// recusals).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct PresenceQuorum {
    /// Scoring seats present (recused removed).
    pub present: usize,
    /// Scoring seats (recused removed).
    pub seats: usize,
    /// How many must be present: 75 % of `seats`, rounded up.
    pub needed: usize,
    /// The chair is present and not recused.
    pub chair_present: bool,
}

impl PresenceQuorum {
    /// Enough members present, the chair among them.
    pub fn met(&self) -> bool {
        self.chair_present && self.present >= self.needed && self.present > 0
    }
}

/// Counts the quorum over `seats` given each member's presence (`None`: not recorded, which
/// counts as absent).
pub fn presence_quorum<M>(
    rules: &CouncilRules,
    seats: &[Seat<M>],
    presence: impl Fn(&M) -> Option<Presence>,
) -> PresenceQuorum {
    let scoring: Vec<&Seat<M>> = seats
        .iter()
        .filter(|s| !s.recused && (s.role != CouncilRole::Secretary || rules.secretary_scores))
        .collect();
    let here = |s: &Seat<M>| presence(&s.member).is_some_and(Presence::counts);
    let present = scoring.iter().filter(|s| here(s)).count();
    let seats_n = scoring.len();
    let needed = (seats_n as u64 * u64::from(rules.quorum_basis_points)).div_ceil(10_000) as usize;
    PresenceQuorum {
        present,
        seats: seats_n,
        needed,
        chair_present: scoring.iter().any(|s| s.role == CouncilRole::Chair && here(s)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evaluation::LegalBases;

    fn seat(member: u8, role: CouncilRole, recused: bool) -> Seat<u8> {
        Seat { member, role, recused }
    }

    fn council() -> Vec<Seat<u8>> {
        vec![
            seat(1, CouncilRole::Chair, false),
            seat(2, CouncilRole::ViceChair, false),
            seat(3, CouncilRole::Member, false),
            seat(4, CouncilRole::Member, false),
            seat(5, CouncilRole::Secretary, false),
        ]
    }

    #[test]
    fn three_of_four_with_the_chair_is_a_quorum_and_the_secretary_is_no_seat() {
        let rules = LegalBases::official().council;
        let q = presence_quorum(&rules, &council(), |m| {
            Some(if *m == 4 { Presence::Absent } else { Presence::Present })
        });
        assert_eq!((q.present, q.seats, q.needed, q.chair_present), (3, 4, 3, true));
        assert!(q.met());
    }

    #[test]
    fn a_proxy_does_not_count_and_nothing_recorded_is_absent() {
        let rules = LegalBases::official().council;
        let q = presence_quorum(&rules, &council(), |m| match m {
            1 | 2 => Some(Presence::Present),
            3 => Some(Presence::AbsentWithProxy),
            _ => None,
        });
        assert_eq!((q.present, q.needed), (2, 3));
        assert!(!q.met());
        let nobody = presence_quorum(&rules, &council(), |_| None);
        assert_eq!((nobody.present, nobody.needed), (0, 3));
        assert!(!nobody.met());
    }

    #[test]
    fn the_chair_must_be_present_and_recused_members_leave_both_counts() {
        let rules = LegalBases::official().council;
        let q = presence_quorum(&rules, &council(), |m| {
            Some(if *m == 1 { Presence::Absent } else { Presence::Present })
        });
        assert_eq!(q.present, 3);
        assert!(!q.met(), "the chair is absent");
        let mut seats = council();
        seats[3].recused = true;
        let q = presence_quorum(&rules, &seats, |m| {
            Some(if *m == 3 { Presence::Absent } else { Presence::Present })
        });
        // Seats 1, 2, 3 remain; 2 present of the 3 needed (75 % of 3, rounded up).
        assert_eq!((q.present, q.seats, q.needed), (2, 3, 3));
        assert!(!q.met());
    }

    #[test]
    fn names_round_trip() {
        for p in [Presence::Present, Presence::Absent, Presence::AbsentWithProxy] {
            assert_eq!(Presence::parse(p.as_str()), Ok(p));
        }
        assert!(Presence::parse("proxy").is_err());
    }
}
