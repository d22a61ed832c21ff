//! The dossier workflow (quy trình hồ sơ) as an explicit state machine.
//!
//! draft → submitted → commune_review (→ returned_by_commune → resubmitted) → commune_report
//! → proposed(level) → check(level) (→ returned(level) | eligible(level)) → scheduled(level)
//! → scoring(level) → scored(level) → recognised(level) | proposed(next level) |
//! not_recognised(level).
//!
//! The central level (cấp trung ương) is a level like the others: the province forwards a
//! dossier scored ≥ 90 (5★ band) to `proposed(central)`, the ministry's advisory team checks
//! it, the central council scores it in a central batch, and `scored(central)` routes 5★ to
//! `recognised(central)` (the ministry's decision) and anything else to
//! `not_recognised(central)` — the product keeps the provincial 4★ it received when it was
//! forwarded ([`super::routing::recognised_on_forward`]).
//! Which levels take part and who recognises what follows the legal basis in force on the
//! submission date ([`super::routing`]); the dossier keeps that basis to the end. Side
//! conditions (documents complete, commune meeting held, …) are asked of a
//! [`Conditions`] implementation, so the rules are testable without a database.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::legal_basis::{LegalBases, LegalBasis, Level};
use super::points::{Points, Stars};
use super::routing::{DossierKind, Route, route};

/// Where a dossier stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum DossierState {
    /// Being prepared by the producer (nháp).
    Draft,
    /// Submitted (đã nộp), not yet received.
    Submitted,
    /// Supplemented after a return by the commune.
    Resubmitted,
    /// The commune checks the dossier.
    CommuneReview,
    /// Returned by the commune for supplement, with reasons.
    ReturnedByCommune,
    /// The commune report (báo cáo đánh giá) on its four criteria is issued.
    CommuneReport,
    /// Proposed to a council level.
    Proposed { level: Level },
    /// The level's advisory team (tổ tư vấn) checks the dossier.
    Check { level: Level },
    /// Returned by that level for supplement.
    Returned { level: Level },
    /// Eligible for evaluation at that level (đủ điều kiện).
    Eligible { level: Level },
    /// In an evaluation batch (đợt đánh giá).
    Scheduled { level: Level },
    /// The council is scoring.
    Scoring { level: Level },
    /// Scored: the council's mean and capped star.
    Scored { level: Level, score: Points, star: Stars },
    /// Recognised by a decision of that level (quyết định công nhận).
    Recognised { level: Level, star: Stars },
    /// Closed without recognition at that level (at the central level: no 5★, the product
    /// keeps its provincial 4★).
    NotRecognised { level: Level },
}

crate::named_enum! {
    /// A dossier state's stored name, without the level and result it carries: what the
    /// `state` column holds and pages name (by [`DossierStage::label`], the only labels).
    pub enum DossierStage {
        /// [`DossierState::Draft`].
        Draft = "draft" => ("Nháp", "Draft"),
        /// [`DossierState::Submitted`].
        Submitted = "submitted" => ("Đã nộp", "Submitted"),
        /// [`DossierState::Resubmitted`].
        Resubmitted = "resubmitted" => ("Đã nộp bổ sung", "Resubmitted"),
        /// [`DossierState::CommuneReview`].
        CommuneReview = "commune_review" => ("Xã đang xem xét", "Commune review"),
        /// [`DossierState::ReturnedByCommune`].
        ReturnedByCommune = "returned_by_commune" => ("Xã trả lại để bổ sung", "Returned by the commune"),
        /// [`DossierState::CommuneReport`].
        CommuneReport = "commune_report" => ("Xã đã có báo cáo đánh giá", "Commune report issued"),
        /// [`DossierState::Proposed`].
        Proposed = "proposed" => ("Đã đề xuất lên cấp trên", "Proposed"),
        /// [`DossierState::Check`].
        Check = "check" => ("Đang kiểm tra hồ sơ", "Being checked"),
        /// [`DossierState::Returned`].
        Returned = "returned" => ("Trả lại để bổ sung", "Returned for supplement"),
        /// [`DossierState::Eligible`].
        Eligible = "eligible" => ("Đủ điều kiện đánh giá", "Eligible for evaluation"),
        /// [`DossierState::Scheduled`].
        Scheduled = "scheduled" => ("Đã xếp đợt đánh giá", "Scheduled"),
        /// [`DossierState::Scoring`].
        Scoring = "scoring" => ("Hội đồng đang chấm", "Being scored"),
        /// [`DossierState::Scored`].
        Scored = "scored" => ("Đã chấm điểm", "Scored"),
        /// [`DossierState::Recognised`].
        Recognised = "recognised" => ("Đã công nhận", "Recognised"),
        /// [`DossierState::NotRecognised`].
        NotRecognised = "not_recognised" => ("Không công nhận", "Not recognised"),
    }
}

impl DossierStage {
    /// The label of a stored state name, including the names the history kept from before
    /// m0013 (central level as a level); `None` for a name no dossier ever had.
    pub fn label_of(name: &str) -> Option<(&'static str, &'static str)> {
        match name {
            "proposed_to_central" => Some(("Đề xuất trung ương", "Proposed to the central level")),
            "central_result" => Some(("Có kết quả trung ương", "Central result")),
            other => Self::parse(other).ok().map(Self::label),
        }
    }
}

impl DossierState {
    /// True when no event applies any more.
    pub fn is_final(self) -> bool {
        matches!(self, Self::Recognised { .. } | Self::NotRecognised { .. })
    }

    /// The stored name, without the level and result.
    pub fn stage(self) -> DossierStage {
        use DossierStage as G;
        match self {
            Self::Draft => G::Draft,
            Self::Submitted => G::Submitted,
            Self::Resubmitted => G::Resubmitted,
            Self::CommuneReview => G::CommuneReview,
            Self::ReturnedByCommune => G::ReturnedByCommune,
            Self::CommuneReport => G::CommuneReport,
            Self::Proposed { .. } => G::Proposed,
            Self::Check { .. } => G::Check,
            Self::Returned { .. } => G::Returned,
            Self::Eligible { .. } => G::Eligible,
            Self::Scheduled { .. } => G::Scheduled,
            Self::Scoring { .. } => G::Scoring,
            Self::Scored { .. } => G::Scored,
            Self::Recognised { .. } => G::Recognised,
            Self::NotRecognised { .. } => G::NotRecognised,
        }
    }

    /// Vietnamese and English labels, as pages show them.
    pub fn label(self) -> (&'static str, &'static str) {
        self.stage().label()
    }
}

/// The council's outcome as the scoring engine computed it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScoringOutcome {
    /// Mean of the members' totals.
    pub score: Points,
    /// The capped star.
    pub star: Stars,
    /// The spread is too wide: the council must re-score first.
    pub rescoring_required: bool,
    /// A disqualifier was hit.
    pub disqualified: bool,
}

impl From<&super::scoring::ProductResult> for ScoringOutcome {
    fn from(r: &super::scoring::ProductResult) -> Self {
        ScoringOutcome {
            score: r.score,
            star: r.star,
            rescoring_required: r.rescoring_required,
            disqualified: !r.disqualified.is_empty(),
        }
    }
}

/// Something that happens to a dossier.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum Event {
    /// The producer submits; the date fixes the legal basis.
    Submit { on: NaiveDate },
    /// The commune (or, under QĐ 1048, the district) receives it.
    Receive,
    /// The commune returns it with reasons.
    ReturnByCommune { reasons: Vec<String> },
    /// The producer supplements a returned dossier.
    Resubmit,
    /// The commune issues its report, assessing these commune criteria (codes of
    /// `commune_criterion` in legal_bases.toml: all four are required).
    IssueCommuneReport { assessed: Vec<String> },
    /// The commune proposes it to the first council level.
    Propose,
    /// The receiving level starts checking.
    StartCheck,
    /// The receiving level returns it with reasons.
    Return { reasons: Vec<String> },
    /// The receiving level finds it eligible.
    FindEligible,
    /// Put in a batch.
    Schedule,
    /// The council opens scoring.
    OpenScoring,
    /// The council closes scoring with the engine's outcome.
    CloseScoring { outcome: ScoringOutcome },
    /// The level recognises the star.
    Recognise,
    /// The level forwards the dossier upward.
    Forward,
    /// The level closes it without recognition.
    Close,
}

/// Side conditions of transitions, answered by the service from stored data.
pub trait Conditions {
    /// The mandatory documents are attached and the self-assessment is filled in.
    fn dossier_complete(&self) -> bool;
    /// The commune held its meeting to gather opinions (minutes stored).
    fn commune_meeting_held(&self) -> bool;
    /// The dossier is in a batch with a council and a meeting date.
    fn in_batch(&self) -> bool;
    /// Members received the electronic dossier at least one working day before the meeting.
    fn sent_to_members_in_time(&self) -> bool;
}

/// Why an event does not apply.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InvalidTransition {
    /// The event makes no sense in this state.
    #[error("{event} is not possible in state {from:?}")]
    NotAllowed { from: DossierState, event: &'static str },
    /// A side condition is not met.
    #[error("condition not met: {0}")]
    ConditionNotMet(&'static str),
    /// The commune report leaves these commune criteria unassessed.
    #[error("the commune report does not assess {0:?}")]
    CommuneCriteriaMissing(Vec<String>),
    /// A return needs at least one reason.
    #[error("a return needs a reason")]
    ReasonRequired,
    /// No legal basis in force on the submission date.
    #[error("no legal basis in force on {0}")]
    NoLegalBasis(NaiveDate),
    /// The spread is too wide: re-score first.
    #[error("re-scoring required")]
    RescoringRequired,
    /// The outcome's star exceeds the band of its score.
    #[error("the star exceeds the band of the score")]
    StarAboveBand,
    /// Recognise / Forward / Close contradicts the legal basis' routing.
    #[error("the legal basis routes this dossier to {0:?}")]
    WrongRoute(Route),
}

/// A dossier's workflow record: kind, legal basis (fixed at submission) and state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dossier {
    /// New, upgrade or re-evaluation.
    pub kind: DossierKind,
    /// The legal basis id, set at the first submission.
    pub legal_basis: Option<String>,
    /// The first submission date.
    pub submitted_on: Option<NaiveDate>,
    /// Where it stands.
    pub state: DossierState,
}

fn event_name(event: &Event) -> &'static str {
    match event {
        Event::Submit { .. } => "submit",
        Event::Receive => "receive",
        Event::ReturnByCommune { .. } => "return_by_commune",
        Event::Resubmit => "resubmit",
        Event::IssueCommuneReport { .. } => "issue_commune_report",
        Event::Propose => "propose",
        Event::StartCheck => "start_check",
        Event::Return { .. } => "return",
        Event::FindEligible => "find_eligible",
        Event::Schedule => "schedule",
        Event::OpenScoring => "open_scoring",
        Event::CloseScoring { .. } => "close_scoring",
        Event::Recognise => "recognise",
        Event::Forward => "forward",
        Event::Close => "close",
    }
}

fn require(ok: bool, what: &'static str) -> Result<(), InvalidTransition> {
    if ok {
        Ok(())
    } else {
        Err(InvalidTransition::ConditionNotMet(what))
    }
}

impl Dossier {
    /// A new draft.
    pub fn new(kind: DossierKind) -> Self {
        Dossier {
            kind,
            legal_basis: None,
            submitted_on: None,
            state: DossierState::Draft,
        }
    }

    /// Applies an event; the dossier itself is unchanged, the result is the next record.
    pub fn apply(
        &self,
        event: &Event,
        bases: &LegalBases,
        conditions: &impl Conditions,
    ) -> Result<Dossier, InvalidTransition> {
        if let (DossierState::Draft, Event::Submit { on }) = (self.state, event) {
            require(conditions.dossier_complete(), "dossier_complete")?;
            let basis = bases.in_force_on(*on).ok_or(InvalidTransition::NoLegalBasis(*on))?;
            return Ok(Dossier {
                legal_basis: Some(basis.id.clone()),
                submitted_on: Some(*on),
                state: DossierState::Submitted,
                ..self.clone()
            });
        }
        let not_allowed = || InvalidTransition::NotAllowed {
            from: self.state,
            event: event_name(event),
        };
        let basis = self
            .legal_basis
            .as_deref()
            .and_then(|id| bases.get(id))
            .ok_or_else(not_allowed)?;
        let state = self.state.next(event, basis, bases, self.kind, conditions)?;
        Ok(Dossier { state, ..self.clone() })
    }
}

impl DossierState {
    /// The state after `event` under `basis`, once submitted.
    pub fn next(
        self,
        event: &Event,
        basis: &LegalBasis,
        bases: &LegalBases,
        kind: DossierKind,
        conditions: &impl Conditions,
    ) -> Result<DossierState, InvalidTransition> {
        use DossierState as S;
        use Event as E;
        let first_level = basis.council_levels().next().expect("a basis has a council level");
        Ok(match (self, event) {
            (S::Submitted | S::Resubmitted, E::Receive) if basis.has_commune_review() => S::CommuneReview,
            (S::Submitted | S::Resubmitted, E::Receive) => S::Check { level: first_level },
            (S::CommuneReview, E::ReturnByCommune { reasons }) => {
                require_reasons(reasons)?;
                S::ReturnedByCommune
            }
            (S::ReturnedByCommune, E::Resubmit) => {
                require(conditions.dossier_complete(), "dossier_complete")?;
                S::Resubmitted
            }
            (S::CommuneReview, E::IssueCommuneReport { assessed }) => {
                require(conditions.commune_meeting_held(), "commune_meeting_held")?;
                let missing: Vec<String> = bases
                    .commune_criteria
                    .iter()
                    .filter(|c| !assessed.contains(&c.code))
                    .map(|c| c.code.clone())
                    .collect();
                if !missing.is_empty() {
                    return Err(InvalidTransition::CommuneCriteriaMissing(missing));
                }
                S::CommuneReport
            }
            (S::CommuneReport, E::Propose) => S::Proposed { level: first_level },
            (S::Proposed { level }, E::StartCheck) => S::Check { level },
            (S::Check { level }, E::Return { reasons }) => {
                require_reasons(reasons)?;
                S::Returned { level }
            }
            (S::Returned { level }, E::Resubmit) => {
                require(conditions.dossier_complete(), "dossier_complete")?;
                S::Proposed { level }
            }
            (S::Check { level }, E::FindEligible) => S::Eligible { level },
            (S::Eligible { level }, E::Schedule) => {
                require(conditions.in_batch(), "in_batch")?;
                S::Scheduled { level }
            }
            (S::Scheduled { level }, E::OpenScoring) => {
                require(conditions.sent_to_members_in_time(), "sent_to_members_in_time")?;
                S::Scoring { level }
            }
            (S::Scoring { level }, E::CloseScoring { outcome }) => {
                if outcome.rescoring_required {
                    return Err(InvalidTransition::RescoringRequired);
                }
                if outcome.star > bases.band(outcome.score) {
                    return Err(InvalidTransition::StarAboveBand);
                }
                if outcome.disqualified {
                    S::NotRecognised { level }
                } else {
                    S::Scored {
                        level,
                        score: outcome.score,
                        star: outcome.star,
                    }
                }
            }
            (S::Scored { level, score, star }, E::Recognise | E::Forward | E::Close) => {
                let routed = route(basis, kind, level, score, star);
                match (event, routed) {
                    (E::Recognise, Route::Recognise(by)) => S::Recognised { level: by, star },
                    (E::Forward, Route::Forward(next)) => S::Proposed { level: next },
                    (E::Close, Route::NotRecognised) => S::NotRecognised { level },
                    _ => return Err(InvalidTransition::WrongRoute(routed)),
                }
            }
            _ => {
                return Err(InvalidTransition::NotAllowed {
                    from: self,
                    event: event_name(event),
                });
            }
        })
    }
}

fn require_reasons(reasons: &[String]) -> Result<(), InvalidTransition> {
    if reasons.iter().any(|r| !r.trim().is_empty()) {
        Ok(())
    } else {
        Err(InvalidTransition::ReasonRequired)
    }
}

#[cfg(test)]
#[path = "dossier_tests.rs"]
mod tests;

#[cfg(test)]
mod stage_tests {
    use super::*;

    #[test]
    fn every_state_is_named_and_labelled_by_its_stage() {
        let level = Level::Province;
        let states = [
            DossierState::Draft,
            DossierState::Submitted,
            DossierState::Resubmitted,
            DossierState::CommuneReview,
            DossierState::ReturnedByCommune,
            DossierState::CommuneReport,
            DossierState::Proposed { level },
            DossierState::Check { level },
            DossierState::Returned { level },
            DossierState::Eligible { level },
            DossierState::Scheduled { level },
            DossierState::Scoring { level },
            DossierState::Scored {
                level,
                score: Points(8_000),
                star: Stars::new(4).unwrap(),
            },
            DossierState::Recognised {
                level,
                star: Stars::new(4).unwrap(),
            },
            DossierState::NotRecognised { level },
        ];
        for state in states {
            let stage = state.stage();
            assert_eq!(DossierStage::parse(stage.as_str()), Ok(stage));
            assert_eq!(DossierStage::label_of(stage.as_str()), Some(state.label()));
            // The stored name is the serde tag the API sends.
            let json = serde_json::to_value(state).unwrap();
            assert_eq!(json["state"], stage.as_str(), "{state:?}");
        }
        assert_eq!(DossierStage::ALL.len(), 15);
        assert!(DossierStage::label_of("proposed_to_central").is_some());
        assert_eq!(DossierStage::label_of("nonsense"), None);
    }
}
