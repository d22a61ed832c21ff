//! Findings: the producer answers with evidence from its vault, an officer closes a remedied
//! finding with evidence, and a finding past its last day to remedy — or a severe one —
//! proposes suspension or revocation, on the legal ground of its kind, to the authority that
//! issued the certificate (`certificate::authority`); the authority's decision suspends or
//! revokes the certificate in the same transaction, so `/v/{code}` shows it at once.

use chrono::{DateTime, NaiveDate, Utc};
use ocop_domain::ErrorCode;
use ocop_domain::certificate::RevocationGround;
use ocop_domain::certificate::input::RevocationDraft;
use ocop_domain::oversight::input::{DecideInput, EvidenceInput, ProposeInput};
use ocop_domain::oversight::{Coded, Consequence, FindingKind, FindingStatus, Severity, consequence_on};
use ocop_domain::role::{Actor, Role, Scope};
use ocop_storage::Database;
use ocop_storage::audit::AuditActor;
use ocop_storage::entities::inspection_finding;
use ocop_storage::repo::oversight_repo;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use super::{
    OversightEvent, audit_event, check_evidence, evidence_ids, evidence_text, may_read, read_area, record_event,
    require_writer,
};
use crate::admin_units::today;
use crate::error::{ServiceError, ServiceResult};

/// A finding as officials and the producer see it.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct FindingDto {
    /// The finding.
    pub id: Uuid,
    /// Its inspection.
    pub inspection_id: Uuid,
    /// The certificate concerned.
    pub certificate_id: Option<Uuid>,
    /// The product.
    pub product_id: Option<Uuid>,
    /// The producer.
    pub producer_id: Option<Uuid>,
    /// What it is about.
    pub kind: FindingKind,
    /// The legal ground a consequence would be proposed on (a revocation ground's stored name).
    pub ground: String,
    /// Its Vietnamese label.
    pub ground_label: String,
    /// Severity.
    pub severity: Severity,
    /// What was found.
    pub description: String,
    /// The remedy required.
    pub remedy_required: String,
    /// The day it was found.
    pub found_on: NaiveDate,
    /// Working days given to remedy, when counted so.
    pub working_days: Option<i32>,
    /// The last day to remedy.
    pub due_on: NaiveDate,
    /// Status.
    pub status: FindingStatus,
    /// Whether the last day passed while it still waits for the producer.
    pub past_deadline: bool,
    /// What the rule proposes today, if anything.
    pub due_consequence: Option<Consequence>,
    /// The producer's answer.
    pub answer: Option<String>,
    /// Its evidence.
    pub answer_evidence: Vec<Uuid>,
    /// When it was answered.
    pub answered_at: Option<DateTime<Utc>>,
    /// Evidence the officer closed it on.
    pub remedy_evidence: Vec<Uuid>,
    /// The consequence proposed.
    pub consequence: Option<Consequence>,
    /// When it was proposed.
    pub proposed_at: Option<DateTime<Utc>>,
    /// When the authority decided.
    pub decided_at: Option<DateTime<Utc>>,
    /// The decision's or the remedy's note.
    pub decision_note: Option<String>,
    /// Row version.
    pub row_version: i32,
}

/// Which findings to list.
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct FindingQuery {
    /// `open`, `answered`, `remedied`, `proposed`, `decided`, `declined` (every status when absent).
    pub status: Option<String>,
    /// Only findings past their last day and still waiting for the producer.
    pub past_deadline: Option<bool>,
}

/// The view of a stored finding on `day`.
pub(crate) fn finding_dto(row: inspection_finding::Model, day: NaiveDate) -> FindingDto {
    let kind = FindingKind::parse(&row.kind).unwrap_or(FindingKind::Other);
    let severity = Severity::parse(&row.severity).unwrap_or(Severity::Minor);
    let status = FindingStatus::parse(&row.status).unwrap_or(FindingStatus::Open);
    FindingDto {
        id: row.id,
        inspection_id: row.inspection_id,
        certificate_id: row.certificate_id,
        product_id: row.product_id,
        producer_id: row.producer_id,
        kind,
        ground: kind.ground().as_str().to_owned(),
        ground_label: kind.ground().label().0.to_owned(),
        severity,
        description: row.description,
        remedy_required: row.remedy_required,
        found_on: row.found_on,
        working_days: row.working_days,
        due_on: row.due_on,
        status,
        past_deadline: status.is_pending() && day > row.due_on,
        due_consequence: consequence_on(severity, status, row.due_on, day),
        answer: row.answer,
        answer_evidence: evidence_ids(row.answer_evidence.as_deref()),
        answered_at: row.answered_at,
        remedy_evidence: evidence_ids(row.remedy_evidence.as_deref()),
        consequence: row.consequence.as_deref().and_then(|c| Consequence::parse(c).ok()),
        proposed_at: row.proposed_at,
        decided_at: row.decided_at,
        decision_note: row.decision_note,
        row_version: row.row_version,
    }
}

fn status_of(row: &inspection_finding::Model) -> ServiceResult<FindingStatus> {
    FindingStatus::parse(&row.status)
        .map_err(|_| ServiceError::Internal(format!("finding {} has an unknown status", row.id)))
}

fn step<T>(r: Result<T, ocop_domain::oversight::InvalidStep>) -> ServiceResult<T> {
    r.map_err(|e| ServiceError::Conflict(e.into()))
}

async fn save(
    tx: ocop_storage::DatabaseTransaction,
    actor: &AuditActor,
    event: OversightEvent,
    before: &inspection_finding::Model,
    after: inspection_finding::Model,
) -> ServiceResult<FindingDto> {
    if !oversight_repo::update_finding(&tx, after.clone(), before.row_version).await? {
        return Err(ServiceError::Conflict(ErrorCode::Conflict));
    }
    record_event(&tx, actor, event, after.id, Some(before), &after).await?;
    tx.commit().await?;
    Ok(finding_dto(after, today()))
}

/// One finding the actor may see.
pub async fn get(db: &Database, actor: &Actor, id: Uuid) -> ServiceResult<FindingDto> {
    let row = oversight_repo::get_finding(db.conn(), id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    if !may_read(actor, row.province_code.as_deref(), row.producer_id) {
        return Err(ServiceError::NotFound);
    }
    Ok(finding_dto(row, today()))
}

/// The findings the actor sees (a producer: those about its own products), by last day.
pub async fn list(db: &Database, actor: &Actor, query: &FindingQuery) -> ServiceResult<Vec<FindingDto>> {
    list_on(db, actor, query, today()).await
}

/// [`list`] as of `day`.
pub async fn list_on(
    db: &Database,
    actor: &Actor,
    query: &FindingQuery,
    day: NaiveDate,
) -> ServiceResult<Vec<FindingDto>> {
    let area = read_area(actor)?;
    let status = match query.status.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(s) => Some(FindingStatus::parse(s).map_err(|code| ServiceError::field("status", code))?),
        None => None,
    };
    let past = query.past_deadline.unwrap_or(false);
    let statuses: Vec<&str> = match (status, past) {
        (Some(s), _) => vec![s.as_str()],
        (None, true) => vec![FindingStatus::Open.as_str(), FindingStatus::Answered.as_str()],
        (None, false) => vec![],
    };
    let rows = oversight_repo::list_findings(db.conn(), area, &statuses, past.then_some(day)).await?;
    Ok(rows.into_iter().map(|r| finding_dto(r, day)).collect())
}

/// The producer answers a finding about its own product with what it did and evidence from its vault.
pub async fn answer(db: &Database, actor: &Actor, id: Uuid, input: &EvidenceInput) -> ServiceResult<FindingDto> {
    let (text, evidence) = input.parse(true)?;
    let tx = db.begin_write().await?;
    let before = oversight_repo::get_finding(&tx, id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let own = match (&actor.role, &actor.scope) {
        (Role::Producer, Scope::Producer { producer_id }) => before.producer_id == Some(producer_id.0),
        (Role::Administrator, _) => true,
        _ => false,
    };
    if !own {
        return Err(
            if may_read(actor, before.province_code.as_deref(), before.producer_id) {
                ServiceError::Forbidden
            } else {
                ServiceError::NotFound
            },
        );
    }
    let next = step(status_of(&before)?.answer())?;
    check_evidence(&tx, before.producer_id, &evidence).await?;
    let after = inspection_finding::Model {
        status: next.as_str().to_owned(),
        answer: Some(text),
        answer_evidence: evidence_text(&evidence),
        answered_at: Some(ocop_storage::now()),
        row_version: before.row_version + 1,
        ..before.clone()
    };
    save(
        tx,
        &crate::audit_actor(actor),
        OversightEvent::FindingAnswered,
        &before,
        after,
    )
    .await
}

/// An officer closes a finding as remedied, with evidence (the producer's answer's or new).
pub async fn remedy(db: &Database, actor: &Actor, id: Uuid, input: &EvidenceInput) -> ServiceResult<FindingDto> {
    let (text, mut evidence) = input.parse(false)?;
    let tx = db.begin_write().await?;
    let before = oversight_repo::get_finding(&tx, id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    require_writer(actor, before.province_code.as_deref())?;
    let next = step(status_of(&before)?.remedy())?;
    if evidence.is_empty() {
        evidence = evidence_ids(before.answer_evidence.as_deref());
    }
    if evidence.is_empty() {
        return Err(ServiceError::field("evidence", ErrorCode::Required));
    }
    check_evidence(&tx, before.producer_id, &evidence).await?;
    let after = inspection_finding::Model {
        status: next.as_str().to_owned(),
        remedy_evidence: evidence_text(&evidence),
        decision_note: Some(text),
        closed_at: Some(ocop_storage::now()),
        row_version: before.row_version + 1,
        ..before.clone()
    };
    save(
        tx,
        &crate::audit_actor(actor),
        OversightEvent::FindingRemedied,
        &before,
        after,
    )
    .await
}

fn proposed(
    before: &inspection_finding::Model,
    consequence: Consequence,
    by: Option<Uuid>,
) -> inspection_finding::Model {
    inspection_finding::Model {
        status: FindingStatus::Proposed.as_str().to_owned(),
        consequence: Some(consequence.as_str().to_owned()),
        proposed_by: by,
        proposed_at: Some(ocop_storage::now()),
        row_version: before.row_version + 1,
        ..before.clone()
    }
}

/// What a finding may propose on `day`: the rule's consequence, or — when the rule proposes
/// one — the other one if the officer names it. 409 when nothing is due or no certificate.
fn proposal(row: &inspection_finding::Model, asked: Option<Consequence>, day: NaiveDate) -> ServiceResult<Consequence> {
    if row.certificate_id.is_none() {
        return Err(ServiceError::Conflict(ErrorCode::NoCertificateToAct));
    }
    let status = status_of(row)?;
    step(status.propose())?;
    let severity = Severity::parse(&row.severity).unwrap_or(Severity::Minor);
    let due = consequence_on(severity, status, row.due_on, day)
        .ok_or(ServiceError::Conflict(ErrorCode::ConsequenceNotDue))?;
    Ok(asked.unwrap_or(due))
}

/// An officer proposes the consequence a finding calls for to the issuing authority.
pub async fn propose(db: &Database, actor: &Actor, id: Uuid, input: &ProposeInput) -> ServiceResult<FindingDto> {
    propose_on(db, actor, id, input, today()).await
}

/// [`propose`] as of `day`.
pub async fn propose_on(
    db: &Database,
    actor: &Actor,
    id: Uuid,
    input: &ProposeInput,
    day: NaiveDate,
) -> ServiceResult<FindingDto> {
    let asked = input.parse()?;
    let tx = db.begin_write().await?;
    let before = oversight_repo::get_finding(&tx, id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    require_writer(actor, before.province_code.as_deref())?;
    let consequence = proposal(&before, asked, day)?;
    let after = proposed(&before, consequence, Some(actor.user_id.0));
    save(
        tx,
        &crate::audit_actor(actor),
        OversightEvent::ConsequenceProposed,
        &before,
        after,
    )
    .await
}

/// The daily sweep: every finding of a certificate past its last day (or severe) and still
/// waiting for the producer is proposed to the issuing authority. Returns how many.
pub async fn propose_due(db: &Database, day: NaiveDate) -> ServiceResult<usize> {
    let pending = [FindingStatus::Open.as_str(), FindingStatus::Answered.as_str()];
    let rows = oversight_repo::list_findings(db.conn(), oversight_repo::Area::National, &pending, None).await?;
    let system = AuditActor::system("oversight");
    let mut count = 0;
    for row in rows {
        if row.certificate_id.is_none() {
            continue;
        }
        let tx = db.begin_write().await?;
        let Some(before) = oversight_repo::get_finding(&tx, row.id).await? else {
            continue;
        };
        let Ok(consequence) = proposal(&before, None, day) else {
            continue;
        };
        let after = proposed(&before, consequence, None);
        save(tx, &system, OversightEvent::ConsequenceProposed, &before, after).await?;
        count += 1;
    }
    Ok(count)
}

/// The issuing authority decides on a proposal: accepted, the certificate is suspended (with
/// the finding's ground and the note, shown on `/v/{code}`) or revoked by a decision on the
/// finding's ground, in the same transaction; declined, the finding closes without consequence.
pub async fn decide(db: &Database, actor: &Actor, id: Uuid, input: &DecideInput) -> ServiceResult<FindingDto> {
    let mut errors = ocop_domain::ValidationErrors::new();
    let note = ocop_domain::producer::required_text(&mut errors, "note", &input.note, 1000);
    if input.accept && input.decided_on.is_none() {
        errors.add("decided_on", ErrorCode::Required);
    }
    errors.into_result()?;
    let tx = db.begin_write().await?;
    let before = oversight_repo::get_finding(&tx, id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let next = step(status_of(&before)?.decide(input.accept))?;
    let certificate_id = before
        .certificate_id
        .ok_or(ServiceError::Conflict(ErrorCode::NoCertificateToAct))?;
    let certificate = ocop_storage::repo::certificate_repo::get(&tx, certificate_id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    crate::certificates::require_authority(&tx, actor, &certificate).await?;
    let kind = FindingKind::parse(&before.kind).unwrap_or(FindingKind::Other);
    let consequence = before.consequence.as_deref().and_then(|c| Consequence::parse(c).ok());
    if input.accept {
        let on = input.decided_on.expect("checked above");
        match consequence {
            Some(Consequence::Suspension) => {
                let text = format!("{} — {}", kind.ground().label().0, note);
                crate::certificates::lifecycle::suspend_in(&tx, actor, certificate_id, on, Some(text)).await?;
            }
            Some(Consequence::Revocation) => {
                let mut errors = ocop_domain::ValidationErrors::new();
                let number =
                    ocop_domain::producer::required_text(&mut errors, "decision_number", &input.decision_number, 60);
                let issuer = ocop_domain::producer::required_text(&mut errors, "issuer_name", &input.issuer_name, 200);
                errors.into_result()?;
                let ground = kind.ground();
                let draft = RevocationDraft {
                    ground,
                    ground_text: (ground == RevocationGround::Other)
                        .then(|| before.description.chars().take(500).collect()),
                    decision_number: number,
                    decided_on: on,
                    issuer_name: issuer,
                };
                crate::certificates::lifecycle::revoke_in(&tx, actor, certificate_id, &draft).await?;
            }
            None => return Err(ServiceError::Internal(format!("finding {id} proposed nothing"))),
        }
    }
    let after = inspection_finding::Model {
        status: next.as_str().to_owned(),
        decided_by: Some(actor.user_id.0),
        decided_at: Some(ocop_storage::now()),
        decision_note: Some(note),
        closed_at: Some(ocop_storage::now()),
        row_version: before.row_version + 1,
        ..before.clone()
    };
    if !oversight_repo::update_finding(&tx, after.clone(), before.row_version).await? {
        return Err(ServiceError::Conflict(ErrorCode::Conflict));
    }
    audit_event(
        &tx,
        actor,
        OversightEvent::ConsequenceDecided,
        id,
        Some(&before),
        &after,
    )
    .await?;
    tx.commit().await?;
    Ok(finding_dto(after, today()))
}
