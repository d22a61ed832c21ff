//! What a council member reads of a dossier they score (đọc hồ sơ khi chấm): the producer's
//! self-assessment per criterion, the evidence attached to each criterion, the commune report
//! and the advisory team's check. Read-only, and only for members seated on the batch's
//! council — a province officer or another council's member is refused with
//! `not_seated_on_council`.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use ocop_domain::ErrorCode;
use ocop_domain::evaluation::LegalBases;
use ocop_domain::role::Actor;
use ocop_storage::repo::{council_repo, dossier_repo};
use ocop_storage::{ConnectionTrait, Database};
use serde::Serialize;
use uuid::Uuid;

use super::{load_council, seat_of};
use crate::dossiers::{Attachment, DossierDetail, assessment, detail, set_of};
use crate::error::{ServiceError, ServiceResult};
use crate::files::FileStore;

/// One criterion as the producer assessed it, with the evidence attached to it.
#[derive(Debug, Clone, Serialize)]
pub struct CriterionReading {
    /// Criterion code, e.g. `A.1.1`.
    pub code: String,
    /// Its name on the sheet ("Màu sắc, độ chín").
    pub name: String,
    /// Its place on the sheet (codes do not sort as the sheet reads: `1.10` after `1.9`).
    pub position: usize,
    /// The option the producer chose (0-based), if any.
    pub self_option: Option<usize>,
    /// Its text.
    pub self_text: Option<String>,
    /// Its points.
    pub self_points: Option<String>,
    /// Evidence attached to this criterion.
    pub evidence: Vec<Attachment>,
}

/// One step of the advisory team's check (Tổ giúp việc): started, returned, found eligible.
#[derive(Debug, Clone, Serialize)]
pub struct CheckEntry {
    /// `start_check`, `return` or `find_eligible`.
    pub event: String,
    /// When.
    pub at: DateTime<Utc>,
    /// Who (login name).
    pub actor_name: String,
    /// Reasons given (a return).
    pub reasons: Vec<String>,
    /// Note, as written.
    pub note: Option<String>,
}

/// The commune report (báo cáo đánh giá của xã), by criterion name.
#[derive(Debug, Clone, Serialize)]
pub struct CommuneReading {
    /// Meeting date as recorded.
    pub meeting_on: String,
    /// (criterion name, finding).
    pub findings: Vec<(String, String)>,
}

/// The whole dossier as a seated council member reads it.
#[derive(Debug, Clone, Serialize)]
pub struct CouncilReading {
    /// The dossier, read-only (no steps, not editable).
    pub dossier: DossierDetail,
    /// Per criterion, keyed by code.
    pub criteria: BTreeMap<String, CriterionReading>,
    /// Evidence attached to the dossier as a whole.
    pub general_evidence: Vec<Attachment>,
    /// The commune report, once issued.
    pub commune: Option<CommuneReading>,
    /// The advisory team's check, oldest first.
    pub check: Vec<CheckEntry>,
}

/// Refuses unless `actor` holds a seat (any role, the advisory team included) on the council of
/// `batch_id` and the dossier is in the batch.
async fn seated<C: ConnectionTrait>(conn: &C, actor: &Actor, batch_id: Uuid, dossier_id: Uuid) -> ServiceResult<()> {
    let batch = council_repo::batch(conn, batch_id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let (_, members) = load_council(conn, batch.council_id).await?;
    if seat_of(actor, &members).is_none() {
        return Err(ServiceError::Coded(ErrorCode::NotSeatedOnCouncil));
    }
    council_repo::batch_dossier(conn, batch_id, dossier_id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    Ok(())
}

/// The dossier `dossier_id` of batch `batch_id` for a member seated on the batch's council.
pub async fn read(db: &Database, actor: &Actor, batch_id: Uuid, dossier_id: Uuid) -> ServiceResult<CouncilReading> {
    let conn = db.conn();
    seated(conn, actor, batch_id, dossier_id).await?;
    let row = dossier_repo::get(conn, dossier_id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let (set, _) = set_of(conn, &row).await?;
    let choices = assessment::choices(&row);
    let mut dossier = detail(conn, actor, row).await?;
    dossier.actions.clear();
    dossier.editable = false;
    let mut criteria = BTreeMap::new();
    for (position, (_, c)) in set.criteria().enumerate() {
        let self_option = choices.get(&c.code).copied();
        let chosen = self_option.and_then(|i| c.options.get(i));
        criteria.insert(
            c.code.clone(),
            CriterionReading {
                code: c.code.clone(),
                name: c.name.clone(),
                position,
                self_option,
                self_text: chosen.map(|o| o.text.clone()),
                self_points: chosen.map(|o| o.points.to_string()),
                evidence: dossier
                    .evidence
                    .iter()
                    .filter(|a| a.criterion_code.as_deref() == Some(c.code.as_str()))
                    .cloned()
                    .collect(),
            },
        );
    }
    let general_evidence = dossier
        .evidence
        .iter()
        .filter(|a| a.criterion_code.as_deref().is_none_or(|c| !criteria.contains_key(c)))
        .cloned()
        .collect();
    let commune = dossier.commune_report.as_ref().map(|report| CommuneReading {
        meeting_on: report["meeting_on"].as_str().unwrap_or_default().to_owned(),
        findings: LegalBases::official()
            .commune_criteria
            .iter()
            .map(|c| {
                (
                    c.name.clone(),
                    report["findings"][c.code.as_str()]
                        .as_str()
                        .unwrap_or_default()
                        .to_owned(),
                )
            })
            .collect(),
    });
    let check = dossier
        .history
        .iter()
        .filter_map(|h| {
            let event = h.event["event"].as_str()?;
            ["start_check", "return", "find_eligible"]
                .contains(&event)
                .then(|| CheckEntry {
                    event: event.to_owned(),
                    at: h.at,
                    actor_name: h.actor_name.clone(),
                    reasons: h.event["reasons"]
                        .as_array()
                        .map(|r| r.iter().filter_map(|v| v.as_str().map(str::to_owned)).collect())
                        .unwrap_or_default(),
                    note: h.note.clone(),
                })
        })
        .collect();
    Ok(CouncilReading {
        dossier,
        criteria,
        general_evidence,
        commune,
        check,
    })
}

/// A document attached to the dossier, for a seated member to open in place.
pub async fn evidence(
    db: &Database,
    files: &FileStore,
    actor: &Actor,
    batch_id: Uuid,
    dossier_id: Uuid,
    document_id: Uuid,
) -> ServiceResult<(Vec<u8>, String)> {
    let conn = db.conn();
    seated(conn, actor, batch_id, dossier_id).await?;
    if !dossier_repo::evidence(conn, dossier_id)
        .await?
        .iter()
        .any(|l| l.document_id == document_id)
    {
        return Err(ServiceError::NotFound);
    }
    let row = dossier_repo::document(conn, document_id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    Ok((files.get(&row.file_key).await?, row.content_type))
}
