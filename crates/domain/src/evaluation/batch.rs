//! An evaluation batch (đợt đánh giá) and a dossier's seat in it, as explicit state machines.
//!
//! Batch: planned → scoring → closed → recognised (→ withdrawn → recognised again, when the
//! issuer withdraws a wrong decision and re-issues it).
//! A dossier in a batch: scheduled → scoring (rounds) → closed → decided.
//!
//! Each step is a method returning the next state or [`InvalidTransition`]; the side
//! conditions of opening scoring are asked of an [`OpenConditions`] implementation, so the
//! rules are testable without a database. The stored names (`planned`, `scoring`, …) and the
//! labels live in the `named_enum!` declarations below and nowhere else.

use super::legal_basis::Level;
use super::routing::Route;
use crate::ErrorCode;
use crate::named_enum;

named_enum! {
    /// Where a batch stands.
    pub enum BatchState {
        /// Being prepared: dossiers are scheduled, the electronic dossiers sent, attendance taken.
        Planned = "planned" => ("Đang chuẩn bị", "Being prepared"),
        /// The council is scoring.
        Scoring = "scoring" => ("Hội đồng đang chấm điểm", "The council is scoring"),
        /// Every dossier has its result; the recognition decision is awaited.
        Closed = "closed" => ("Đã có kết quả chấm, chờ quyết định công nhận", "Scored, awaiting the recognition decision"),
        /// The recognition decision (quyết định công nhận) is issued.
        Recognised = "recognised" => ("Đã có quyết định công nhận", "Recognition decision issued"),
        /// The decision was withdrawn by its issuer; a new one is awaited.
        Withdrawn = "withdrawn" => ("Quyết định đã bị thu hồi, chờ ban hành lại", "Decision withdrawn, awaiting re-issue"),
    }
}

named_enum! {
    /// A step of a batch.
    pub enum BatchStep {
        /// Schedule an eligible dossier.
        Schedule = "schedule" => ("Xếp hồ sơ vào đợt", "Schedule a dossier"),
        /// Record the day the electronic dossiers were sent to the members.
        Send = "send" => ("Gửi hồ sơ điện tử cho thành viên", "Send the electronic dossiers"),
        /// Record the members' attendance at the meeting.
        RecordAttendance = "attendance" => ("Điểm danh thành viên", "Record attendance"),
        /// Open scoring.
        Open = "open" => ("Bắt đầu chấm điểm", "Open scoring"),
        /// Close scoring.
        Close = "close" => ("Tổng hợp kết quả", "Close scoring"),
        /// Issue (or re-issue) the recognition decision.
        Recognise = "recognise" => ("Ban hành quyết định công nhận", "Issue the recognition decision"),
        /// Withdraw the decision.
        Withdraw = "withdraw" => ("Thu hồi quyết định", "Withdraw the decision"),
    }
}

named_enum! {
    /// Where a dossier stands in its batch.
    pub enum BatchDossierState {
        /// Scheduled; scoring not open.
        Scheduled = "scheduled" => ("Đã xếp vào đợt", "Scheduled"),
        /// Members are scoring the current round.
        Scoring = "scoring" => ("Đang chấm điểm", "Being scored"),
        /// Closed with the engine's result.
        Closed = "closed" => ("Đã có kết quả chấm", "Scored"),
        /// The recognition decision applied its route.
        Decided = "decided" => ("Đã có quyết định", "Decided"),
    }
}

named_enum! {
    /// A step of a dossier in a batch.
    pub enum BatchDossierStep {
        /// Scoring opens with the batch.
        OpenScoring = "open_scoring" => ("Bắt đầu chấm điểm", "Open scoring"),
        /// A member answers or submits a score sheet, or declares a conflict of interest.
        Score = "score" => ("Chấm điểm", "Score"),
        /// The council records the disqualifiers it found.
        RecordDisqualifiers = "disqualifiers" => ("Ghi nhận tiêu chí loại", "Record disqualifiers"),
        /// A new scoring round opens.
        NewRound = "new_round" => ("Chấm vòng mới", "New round"),
        /// The engine's result is kept.
        CloseScoring = "close_scoring" => ("Tổng hợp kết quả", "Close scoring"),
        /// The recognition decision applies the dossier's route.
        Decide = "decide" => ("Áp dụng quyết định", "Apply the decision"),
    }
}

named_enum! {
    /// Why the council opens another scoring round for a dossier (the note it records).
    pub enum RoundReason {
        /// The members' totals are more than 10 points apart: discuss, then score again.
        Rescoring = "rescoring" => ("Thảo luận, chấm lại", "Discussed and scored again"),
        /// A second round once the test results are in.
        TestsPending = "tests_pending" => ("Chấm vòng 2 khi có kết quả kiểm nghiệm", "Second round once the test results are in"),
    }
}

named_enum! {
    /// What the recognition decision does with a closed dossier (its route under its legal
    /// basis, [`super::routing::route`]).
    pub enum BatchRoute {
        /// The level recognises the star.
        Recognise = "recognise" => ("Công nhận", "Recognise"),
        /// The level recognises its highest rating and proposes the next level.
        Forward = "forward" => ("Đề xuất cấp trên đánh giá", "Proposed to the next level"),
        /// Not recognised.
        NotRecognised = "not_recognised" => ("Không công nhận", "Not recognised"),
    }
}

impl From<&Route> for BatchRoute {
    fn from(route: &Route) -> Self {
        match route {
            Route::Recognise(_) => BatchRoute::Recognise,
            Route::Forward(_) => BatchRoute::Forward,
            Route::NotRecognised => BatchRoute::NotRecognised,
        }
    }
}

impl BatchRoute {
    /// The label at a council's level: the province forwards with its own 4★ to the
    /// ministry; at the central level a recognition is the ministry's 5★ and a refusal leaves
    /// the provincial 4★ in place.
    pub fn label_at(self, level: Level) -> (&'static str, &'static str) {
        match (self, level) {
            (BatchRoute::Forward, Level::Province) => (
                "Công nhận 4 sao, đề nghị Bộ đánh giá 5 sao",
                "4★, proposed to the ministry for 5★",
            ),
            (BatchRoute::Recognise, Level::Central) => ("Bộ công nhận 5 sao", "5★ by the ministry"),
            (BatchRoute::NotRecognised, Level::Central) => (
                "Không công nhận 5 sao (giữ 4 sao cấp tỉnh)",
                "No 5★ (keeps the provincial 4★)",
            ),
            _ => self.label(),
        }
    }
}

/// Why a batch step does not apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum InvalidTransition {
    /// The batch step makes no sense in this state.
    #[error("{step:?} is not possible for a batch in state {from:?}")]
    Batch { from: BatchState, step: BatchStep },
    /// The step makes no sense for a dossier in this state of its batch.
    #[error("{step:?} is not possible for a dossier in state {from:?}")]
    Dossier {
        from: BatchDossierState,
        step: BatchDossierStep,
    },
    /// The electronic dossiers did not reach the members at least one working day before the meeting.
    #[error("the electronic dossiers were not sent in time")]
    NotSentInTime,
    /// Attendance is not recorded, or too few members are present.
    #[error("no quorum present")]
    NoQuorumPresent,
    /// Nothing is scheduled.
    #[error("the batch holds no dossier")]
    NoDossiers,
}

impl From<InvalidTransition> for ErrorCode {
    fn from(e: InvalidTransition) -> Self {
        match e {
            InvalidTransition::Batch { .. } | InvalidTransition::Dossier { .. } | InvalidTransition::NoDossiers => {
                ErrorCode::BatchState
            }
            InvalidTransition::NotSentInTime => ErrorCode::NotSentInTime,
            InvalidTransition::NoQuorumPresent => ErrorCode::NoQuorumPresent,
        }
    }
}

/// Side conditions of opening scoring, answered by the service from stored data.
pub trait OpenConditions {
    /// The electronic dossiers reached the members at least one working day before the meeting.
    fn sent_in_time(&self) -> bool;
    /// Attendance is recorded for every seated member and enough of them are present, the chair among them.
    fn quorum_present(&self) -> bool;
    /// At least one dossier is scheduled.
    fn has_dossiers(&self) -> bool;
}

impl BatchState {
    fn only(self, step: BatchStep, from: &[BatchState], to: BatchState) -> Result<BatchState, InvalidTransition> {
        if from.contains(&self) {
            Ok(to)
        } else {
            Err(InvalidTransition::Batch { from: self, step })
        }
    }

    /// A new batch.
    pub fn new() -> Self {
        BatchState::Planned
    }

    /// Schedule a dossier: only while planned.
    pub fn schedule(self) -> Result<BatchState, InvalidTransition> {
        self.only(BatchStep::Schedule, &[BatchState::Planned], self)
    }

    /// Record the sending of the electronic dossiers: only while planned.
    pub fn send(self) -> Result<BatchState, InvalidTransition> {
        self.only(BatchStep::Send, &[BatchState::Planned], self)
    }

    /// Record attendance: before scoring closes.
    pub fn record_attendance(self) -> Result<BatchState, InvalidTransition> {
        self.only(
            BatchStep::RecordAttendance,
            &[BatchState::Planned, BatchState::Scoring],
            self,
        )
    }

    /// Open scoring: planned → scoring, once the dossiers were sent in time, the meeting has
    /// its quorum and something is scheduled (checked in that order).
    pub fn open(self, conditions: &impl OpenConditions) -> Result<BatchState, InvalidTransition> {
        let next = self.only(BatchStep::Open, &[BatchState::Planned], BatchState::Scoring)?;
        if !conditions.sent_in_time() {
            return Err(InvalidTransition::NotSentInTime);
        }
        if !conditions.quorum_present() {
            return Err(InvalidTransition::NoQuorumPresent);
        }
        if !conditions.has_dossiers() {
            return Err(InvalidTransition::NoDossiers);
        }
        Ok(next)
    }

    /// Close scoring: scoring → closed (each dossier's own conditions are its steps').
    pub fn close(self) -> Result<BatchState, InvalidTransition> {
        self.only(BatchStep::Close, &[BatchState::Scoring], BatchState::Closed)
    }

    /// Issue the recognition decision: closed → recognised, or withdrawn → recognised (a
    /// re-issue, the dossiers keeping the routes the first decision applied).
    pub fn recognise(self) -> Result<BatchState, InvalidTransition> {
        self.only(
            BatchStep::Recognise,
            &[BatchState::Closed, BatchState::Withdrawn],
            BatchState::Recognised,
        )
    }

    /// Withdraw the decision: recognised → withdrawn.
    pub fn withdraw(self) -> Result<BatchState, InvalidTransition> {
        self.only(BatchStep::Withdraw, &[BatchState::Recognised], BatchState::Withdrawn)
    }

    /// A results decision exists or existed (withdrawn): the minutes it cited are frozen.
    pub fn has_decision(self) -> bool {
        matches!(self, BatchState::Recognised | BatchState::Withdrawn)
    }

    /// The next decision re-issues a withdrawn one.
    pub fn is_reissue(self) -> bool {
        self == BatchState::Withdrawn
    }
}

impl Default for BatchState {
    fn default() -> Self {
        BatchState::new()
    }
}

impl BatchDossierState {
    fn only(
        self,
        step: BatchDossierStep,
        from: BatchDossierState,
        to: BatchDossierState,
    ) -> Result<BatchDossierState, InvalidTransition> {
        if self == from {
            Ok(to)
        } else {
            Err(InvalidTransition::Dossier { from: self, step })
        }
    }

    /// A dossier just scheduled.
    pub fn new() -> Self {
        BatchDossierState::Scheduled
    }

    /// Scoring opens: scheduled → scoring.
    pub fn open_scoring(self) -> Result<BatchDossierState, InvalidTransition> {
        self.only(
            BatchDossierStep::OpenScoring,
            BatchDossierState::Scheduled,
            BatchDossierState::Scoring,
        )
    }

    /// A member scores (answers, submits, declares a conflict): only while scoring.
    pub fn score(self) -> Result<BatchDossierState, InvalidTransition> {
        self.only(BatchDossierStep::Score, BatchDossierState::Scoring, self)
    }

    /// The council records disqualifiers: only while scoring.
    pub fn record_disqualifiers(self) -> Result<BatchDossierState, InvalidTransition> {
        self.only(BatchDossierStep::RecordDisqualifiers, BatchDossierState::Scoring, self)
    }

    /// Another round opens: only while scoring (the round number is the service's).
    pub fn new_round(self) -> Result<BatchDossierState, InvalidTransition> {
        self.only(BatchDossierStep::NewRound, BatchDossierState::Scoring, self)
    }

    /// The engine's result is kept: scoring → closed.
    pub fn close_scoring(self) -> Result<BatchDossierState, InvalidTransition> {
        self.only(
            BatchDossierStep::CloseScoring,
            BatchDossierState::Scoring,
            BatchDossierState::Closed,
        )
    }

    /// The decision applies the route: closed → decided.
    pub fn decide(self) -> Result<BatchDossierState, InvalidTransition> {
        self.only(
            BatchDossierStep::Decide,
            BatchDossierState::Closed,
            BatchDossierState::Decided,
        )
    }

    /// The dossier has its council result (closed or decided): the sheets are open to all.
    pub fn has_result(self) -> bool {
        matches!(self, BatchDossierState::Closed | BatchDossierState::Decided)
    }
}

impl Default for BatchDossierState {
    fn default() -> Self {
        BatchDossierState::new()
    }
}

#[cfg(test)]
#[path = "batch_tests.rs"]
mod tests;
