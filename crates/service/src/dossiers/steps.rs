//! The workflow steps the dossier pages and API expose, up to "eligible", each checked for
//! access and run in one transaction with [`super::workflow::apply_event`].

use std::collections::BTreeMap;

use ocop_domain::ErrorCode;
use ocop_domain::evaluation::dossier::{DossierState, Event};
use ocop_domain::evaluation::{LegalBases, Level};
use ocop_domain::role::{Actor, RecordArea};
use ocop_storage::Database;
use ocop_storage::repo::dossier_repo;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use super::access::{Act, allows, area_of, check};
use super::{DossierDetail, facts, get, load};
use crate::admin_units::{parse_date, today};
use crate::error::{ServiceError, ServiceResult};

/// A step of the workflow before the council.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// Submit a draft, or resubmit a dossier returned for supplement.
    Submit,
    /// The commune receives it.
    Receive,
    /// The commune returns it with reasons.
    ReturnByCommune,
    /// The commune issues its report on the four commune criteria.
    CommuneReport,
    /// The commune proposes it to the province.
    Propose,
    /// The province's advisory team starts checking.
    StartCheck,
    /// The province returns it with reasons.
    Return,
    /// The province finds it eligible.
    FindEligible,
}

impl Step {
    /// Every step.
    pub const ALL: [Step; 8] = [
        Step::Submit,
        Step::Receive,
        Step::ReturnByCommune,
        Step::CommuneReport,
        Step::Propose,
        Step::StartCheck,
        Step::Return,
        Step::FindEligible,
    ];

    /// The name in the API and the pages.
    pub fn as_str(self) -> &'static str {
        match self {
            Step::Submit => "submit",
            Step::Receive => "receive",
            Step::ReturnByCommune => "return_by_commune",
            Step::CommuneReport => "commune_report",
            Step::Propose => "propose",
            Step::StartCheck => "start_check",
            Step::Return => "return",
            Step::FindEligible => "find_eligible",
        }
    }

    /// Parses a name.
    pub fn parse(text: &str) -> Option<Step> {
        Step::ALL.into_iter().find(|s| s.as_str() == text)
    }

    /// Who takes the step on a dossier in `state`: the check is the province's, or the central
    /// level's for a dossier the province forwarded.
    pub fn act(self, state: DossierState) -> Act {
        use DossierState as S;
        match self {
            Step::Submit => Act::Prepare,
            Step::Receive | Step::ReturnByCommune | Step::CommuneReport | Step::Propose => Act::Commune,
            Step::StartCheck | Step::Return | Step::FindEligible => match state {
                S::Proposed { level: Level::Central } | S::Check { level: Level::Central } => Act::Central,
                _ => Act::Province,
            },
        }
    }

    /// Whether the step fits a state (before the side conditions).
    pub fn fits(self, state: DossierState) -> bool {
        use DossierState as S;
        match self {
            Step::Submit => matches!(state, S::Draft | S::ReturnedByCommune | S::Returned { .. }),
            Step::Receive => matches!(state, S::Submitted | S::Resubmitted),
            Step::ReturnByCommune | Step::CommuneReport => state == S::CommuneReview,
            Step::Propose => state == S::CommuneReport,
            Step::StartCheck => matches!(state, S::Proposed { .. }),
            Step::Return | Step::FindEligible => matches!(state, S::Check { .. }),
        }
    }
}

/// The steps `actor` may take on a dossier in `area` and `state`.
pub fn available(actor: &Actor, area: &RecordArea, state: DossierState) -> Vec<String> {
    Step::ALL
        .into_iter()
        .filter(|s| s.fits(state) && allows(actor, s.act(state), area))
        .map(|s| s.as_str().to_owned())
        .collect()
}

/// Body of the step requests.
#[derive(Debug, Clone, Default, Deserialize, Serialize, ToSchema)]
#[serde(default)]
pub struct StepInput {
    /// Reasons of a return (at least one).
    pub reasons: Vec<String>,
    /// A note kept with the history entry.
    pub note: Option<String>,
    /// Commune report: the date of the commune meeting that gathered opinions.
    pub meeting_on: Option<String>,
    /// Commune report: finding per commune criterion code (`nguon_goc_nguyen_lieu`,
    /// `lao_dong_dia_phuong`, `nguon_goc_y_tuong`, `ban_sac_dia_phuong`).
    pub findings: BTreeMap<String, String>,
}

/// Takes a step; returns the dossier as it is afterwards.
pub async fn take(
    db: &Database,
    actor: &Actor,
    id: Uuid,
    step: Step,
    input: &StepInput,
) -> ServiceResult<DossierDetail> {
    let today = today();
    if step == Step::Submit {
        // The sheet follows the product under the basis of the submission date (own transaction).
        super::sheet::rebase_for_submission(db, actor, id, today).await?;
    }
    let tx = db.begin_write().await?;
    let mut row = load(&tx, actor, id, Act::Read).await?;
    let state = row.dossier_state().map_err(|e| ServiceError::Internal(e.to_string()))?;
    let area = area_of(&tx, &row.commune_id, row.producer_id).await?;
    check(actor, step.act(state), &area)?;
    match step {
        Step::Submit if state == DossierState::Draft => {
            // The certificates may have changed since the draft was made.
            let kind = row.dossier_kind().map_err(|e| ServiceError::Internal(e.to_string()))?;
            super::sheet::check_kind(kind, &super::sheet::held(&tx, row.product_id, today).await?)?;
        }
        Step::FindEligible if matches!(state, DossierState::Check { .. }) => required_documents(&tx, &row).await?,
        _ => {}
    }
    let reasons: Vec<String> = input
        .reasons
        .iter()
        .map(|r| r.trim().to_owned())
        .filter(|r| !r.is_empty())
        .collect();
    let event = match step {
        Step::Submit if state == DossierState::Draft => Event::Submit { on: today },
        Step::Submit => Event::Resubmit,
        Step::Receive => Event::Receive,
        Step::ReturnByCommune => Event::ReturnByCommune { reasons },
        Step::CommuneReport => {
            let meeting_on = match input.meeting_on.as_deref().map(str::trim).filter(|d| !d.is_empty()) {
                None => return Err(ServiceError::field("meeting_on", ErrorCode::Required)),
                Some(d) => parse_date(d).map_err(|c| ServiceError::field("meeting_on", c))?,
            };
            if meeting_on > today {
                return Err(ServiceError::field("meeting_on", ErrorCode::InvalidDate));
            }
            let known = &LegalBases::official().commune_criteria;
            let findings: BTreeMap<String, String> = input
                .findings
                .iter()
                .map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned()))
                .filter(|(_, v)| !v.is_empty())
                .collect();
            if let Some(unknown) = findings.keys().find(|k| !known.iter().any(|c| &c.code == *k)) {
                return Err(ServiceError::field(
                    &format!("findings.{unknown}"),
                    ErrorCode::InvalidChoice,
                ));
            }
            if state == DossierState::CommuneReview {
                // Stored first so the meeting condition sees it; the transition is refused
                // (and the transaction rolled back) when the report is incomplete.
                let before = row.row_version;
                row.commune_report = Some(
                    serde_json::json!({ "meeting_on": meeting_on, "findings": findings, "by": actor.username })
                        .to_string(),
                );
                row.row_version += 1;
                if !dossier_repo::update(&tx, row.clone(), before).await? {
                    return Err(ServiceError::Conflict(ErrorCode::Conflict));
                }
            }
            Event::IssueCommuneReport {
                assessed: findings.into_keys().collect(),
            }
        }
        Step::Propose => Event::Propose,
        Step::StartCheck => Event::StartCheck,
        Step::Return => Event::Return { reasons },
        Step::FindEligible => Event::FindEligible,
    };
    let conditions = facts(&tx, &row).await?;
    super::workflow::apply_event(&tx, actor, id, event, input.note.clone(), &conditions, today).await?;
    tx.commit().await?;
    get(db, actor, id).await
}

/// Refuses to find a dossier eligible while a document its legal basis requires is missing.
async fn required_documents<C: ocop_storage::ConnectionTrait>(
    conn: &C,
    row: &ocop_storage::entities::dossier::Model,
) -> ServiceResult<()> {
    let basis = super::sheet::basis_of(conn, row).await?;
    let (set, _) = super::set_of(conn, row).await?;
    let assessed = super::assessment::is_complete(&set, &super::assessment::choices(row));
    let attached = super::attached_types(conn, row.id).await?;
    let missing = ocop_domain::evaluation::preconditions::missing_documents(&basis, &attached, assessed);
    if missing.is_empty() {
        Ok(())
    } else {
        let mut errors = ocop_domain::ValidationErrors::new();
        for document in missing {
            errors.add(
                &format!("documents.{}", document.doc_type),
                ErrorCode::RequiredDocumentMissing,
            );
        }
        Err(ServiceError::Rejected(ErrorCode::RequiredDocumentMissing, errors))
    }
}
