//! The oversight workflows as enums with typed transitions: a step that does not fit the
//! current state is an [`InvalidStep`], never a silent change.

use super::coded_enum;
use crate::ErrorCode;

/// A step the workflow does not allow from the current state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("{step} is not allowed from {from}")]
pub struct InvalidStep {
    /// The state it was tried from.
    pub from: &'static str,
    /// The step.
    pub step: &'static str,
}

impl From<InvalidStep> for ErrorCode {
    fn from(_: InvalidStep) -> Self {
        ErrorCode::InvalidTransition
    }
}

fn refuse<T>(from: &'static str, step: &'static str) -> Result<T, InvalidStep> {
    Err(InvalidStep { from, step })
}

coded_enum! {
    /// An inspection plan (kế hoạch kiểm tra) of a unit for a year.
    PlanStatus {
        /// Being drawn up: candidates are chosen.
        Draft = "draft", "Dự thảo", "Draft";
        /// Approved: the inspections are carried out.
        Approved = "approved", "Đã phê duyệt", "Approved";
    }
}

impl PlanStatus {
    /// Approves a draft plan.
    pub fn approve(self) -> Result<PlanStatus, InvalidStep> {
        match self {
            PlanStatus::Draft => Ok(PlanStatus::Approved),
            PlanStatus::Approved => refuse("approved", "approve"),
        }
    }
}

coded_enum! {
    /// An inspection (cuộc kiểm tra), planned or carried out.
    InspectionStatus {
        /// Planned for a day; nothing recorded yet.
        Planned = "planned", "Đã lên kế hoạch", "Planned";
        /// Carried out: team, checks and findings are being recorded.
        Recorded = "recorded", "Đã kiểm tra, đang lập biên bản", "Carried out, record open";
        /// Signed off by the lead: the record is closed.
        SignedOff = "signed_off", "Trưởng đoàn đã ký biên bản", "Signed off by the lead";
        /// Called off before it took place.
        Cancelled = "cancelled", "Đã hủy", "Cancelled";
    }
}

impl InspectionStatus {
    /// Records that the inspection took place.
    pub fn record(self) -> Result<InspectionStatus, InvalidStep> {
        match self {
            InspectionStatus::Planned | InspectionStatus::Recorded => Ok(InspectionStatus::Recorded),
            other => refuse(other.name(), "record"),
        }
    }

    /// Whether findings may be added (only while the record is open).
    pub fn accepts_findings(self) -> Result<(), InvalidStep> {
        match self {
            InspectionStatus::Recorded => Ok(()),
            other => refuse(other.name(), "add_finding"),
        }
    }

    /// The lead signs the record off.
    pub fn sign_off(self) -> Result<InspectionStatus, InvalidStep> {
        match self {
            InspectionStatus::Recorded => Ok(InspectionStatus::SignedOff),
            other => refuse(other.name(), "sign_off"),
        }
    }

    /// Calls a planned inspection off.
    pub fn cancel(self) -> Result<InspectionStatus, InvalidStep> {
        match self {
            InspectionStatus::Planned => Ok(InspectionStatus::Cancelled),
            other => refuse(other.name(), "cancel"),
        }
    }

    fn name(self) -> &'static str {
        super::Coded::as_str(self)
    }
}

coded_enum! {
    /// A finding (kết luận, tồn tại) of an inspection.
    FindingStatus {
        /// Open: the producer must remedy it by the deadline.
        Open = "open", "Chờ khắc phục", "Awaiting remedy";
        /// The producer answered with evidence; an officer checks it.
        Answered = "answered", "Cơ sở đã trả lời", "Answered by the producer";
        /// Remedied, closed with evidence.
        Remedied = "remedied", "Đã khắc phục", "Remedied";
        /// A suspension or revocation was proposed to the issuing authority.
        Proposed = "proposed", "Đã đề xuất xử lý", "Consequence proposed";
        /// The authority decided: the certificate was suspended or revoked.
        Decided = "decided", "Đã quyết định xử lý", "Decided";
        /// The authority declined the proposal.
        Declined = "declined", "Không chấp thuận đề xuất", "Proposal declined";
    }
}

impl FindingStatus {
    /// The producer answers (again) with evidence.
    pub fn answer(self) -> Result<FindingStatus, InvalidStep> {
        match self {
            FindingStatus::Open | FindingStatus::Answered => Ok(FindingStatus::Answered),
            other => refuse(other.name(), "answer"),
        }
    }

    /// An officer closes the finding as remedied, with evidence.
    pub fn remedy(self) -> Result<FindingStatus, InvalidStep> {
        match self {
            FindingStatus::Open | FindingStatus::Answered => Ok(FindingStatus::Remedied),
            other => refuse(other.name(), "remedy"),
        }
    }

    /// A consequence is proposed to the issuing authority.
    pub fn propose(self) -> Result<FindingStatus, InvalidStep> {
        match self {
            FindingStatus::Open | FindingStatus::Answered => Ok(FindingStatus::Proposed),
            other => refuse(other.name(), "propose"),
        }
    }

    /// The authority decides on the proposal.
    pub fn decide(self, accepted: bool) -> Result<FindingStatus, InvalidStep> {
        match (self, accepted) {
            (FindingStatus::Proposed, true) => Ok(FindingStatus::Decided),
            (FindingStatus::Proposed, false) => Ok(FindingStatus::Declined),
            (other, _) => refuse(other.name(), "decide"),
        }
    }

    /// Whether the finding still waits for the producer (counts towards "past deadline").
    pub fn is_pending(self) -> bool {
        matches!(self, FindingStatus::Open | FindingStatus::Answered)
    }

    fn name(self) -> &'static str {
        super::Coded::as_str(self)
    }
}

coded_enum! {
    /// A case (vụ việc) opened from a signal.
    CaseStatus {
        /// Opened, not yet acted on.
        Open = "open", "Mới mở", "Open";
        /// An inspection was planned from it.
        Inspecting = "inspecting", "Đang kiểm tra", "Inspection under way";
        /// Closed with an outcome.
        Closed = "closed", "Đã kết thúc", "Closed";
        /// Merged into another case.
        Merged = "merged", "Đã gộp", "Merged";
    }
}

impl CaseStatus {
    /// An inspection is planned from the case.
    pub fn inspect(self) -> Result<CaseStatus, InvalidStep> {
        match self {
            CaseStatus::Open | CaseStatus::Inspecting => Ok(CaseStatus::Inspecting),
            other => refuse(other.name(), "inspect"),
        }
    }

    /// The case closes with its outcome.
    pub fn close(self) -> Result<CaseStatus, InvalidStep> {
        match self {
            CaseStatus::Open | CaseStatus::Inspecting => Ok(CaseStatus::Closed),
            other => refuse(other.name(), "close"),
        }
    }

    /// The case is merged into another (a duplicate).
    pub fn merge(self) -> Result<CaseStatus, InvalidStep> {
        match self {
            CaseStatus::Open | CaseStatus::Inspecting => Ok(CaseStatus::Merged),
            other => refuse(other.name(), "merge"),
        }
    }

    /// Whether the case is still open (counts in the worklist by age).
    pub fn is_open(self) -> bool {
        matches!(self, CaseStatus::Open | CaseStatus::Inspecting)
    }

    fn name(self) -> &'static str {
        super::Coded::as_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::oversight::Coded;

    #[test]
    fn an_inspection_is_recorded_then_signed_off_and_only_a_planned_one_cancels() {
        let s = InspectionStatus::Planned;
        assert!(s.accepts_findings().is_err());
        let s = s.record().unwrap();
        assert!(s.accepts_findings().is_ok());
        assert!(s.cancel().is_err());
        let s = s.sign_off().unwrap();
        assert!(s.accepts_findings().is_err());
        assert!(s.record().is_err());
        assert!(s.sign_off().is_err());
        assert_eq!(InspectionStatus::Planned.cancel().unwrap(), InspectionStatus::Cancelled);
        assert!(InspectionStatus::Cancelled.record().is_err());
    }

    #[test]
    fn a_finding_closes_once() {
        for closed in [FindingStatus::Remedied, FindingStatus::Decided, FindingStatus::Declined] {
            assert!(closed.answer().is_err());
            assert!(closed.remedy().is_err());
            assert!(closed.propose().is_err());
            assert!(closed.decide(true).is_err());
            assert!(!closed.is_pending());
        }
        assert_eq!(
            FindingStatus::Open.answer().unwrap().remedy().unwrap(),
            FindingStatus::Remedied
        );
        let proposed = FindingStatus::Answered.propose().unwrap();
        assert!(proposed.answer().is_err());
        assert_eq!(proposed.decide(true).unwrap(), FindingStatus::Decided);
        assert_eq!(proposed.decide(false).unwrap(), FindingStatus::Declined);
        assert!(FindingStatus::Open.decide(true).is_err());
    }

    #[test]
    fn a_merged_or_closed_case_stays_so() {
        for done in [CaseStatus::Closed, CaseStatus::Merged] {
            assert!(done.inspect().is_err());
            assert!(done.close().is_err());
            assert!(done.merge().is_err());
            assert!(!done.is_open());
        }
        assert_eq!(CaseStatus::Open.inspect().unwrap().close().unwrap(), CaseStatus::Closed);
        assert_eq!(PlanStatus::Draft.approve().unwrap(), PlanStatus::Approved);
        assert!(PlanStatus::Approved.approve().is_err());
        assert_eq!(CaseStatus::Open.as_str(), "open");
    }
}
