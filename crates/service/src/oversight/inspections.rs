//! Inspections: planned in a plan or as a field check gating an idea or a dossier (kiểm tra
//! thực tế tại cơ sở), recorded (day, place, team, lead, what was checked, evidence from the
//! producer's vault) and signed off by the lead; findings are added while the record is open.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use ocop_domain::ErrorCode;
use ocop_domain::oversight::input::{FindingInput, InspectionInput, RecordInput};
use ocop_domain::oversight::{
    CaseStatus, Coded, FindingStatus, InspectionGround, InspectionStatus, LeadAgency, Severity, remedy_deadline,
};
use ocop_domain::role::Actor;
use ocop_storage::Database;
use ocop_storage::entities::{inspection, inspection_finding, oversight_case};
use ocop_storage::repo::oversight_repo;
use ocop_storage::repo::{certificate_repo, cycle_repo, dossier_repo, producer_repo, product_repo};
use sea_orm::ConnectionTrait;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use super::findings::{FindingDto, finding_dto};
use super::{
    OversightEvent, audit_event, check_evidence, evidence_ids, evidence_text, may_read, read_area, require_writer,
};
use crate::admin_units::today;
use crate::error::{ServiceError, ServiceResult};

/// An inspection with its findings.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct InspectionDto {
    /// The inspection.
    pub id: Uuid,
    /// Its plan (none: a field check outside a plan).
    pub plan_id: Option<Uuid>,
    /// The certificate checked.
    pub certificate_id: Option<Uuid>,
    /// Its number.
    pub certificate_number: Option<String>,
    /// Its verification code (`/v/{code}`).
    pub verification_code: Option<String>,
    /// The product.
    pub product_id: Option<Uuid>,
    /// Its name.
    pub product_name: Option<String>,
    /// The producer.
    pub producer_id: Option<Uuid>,
    /// Its name.
    pub producer_name: Option<String>,
    /// The idea this field check gates.
    pub idea_id: Option<Uuid>,
    /// The dossier this field check gates.
    pub dossier_id: Option<Uuid>,
    /// The case it came from.
    pub case_id: Option<Uuid>,
    /// Today's province of what is inspected.
    pub province_code: Option<String>,
    /// Ground.
    pub ground: InspectionGround,
    /// Lead agency.
    pub lead_agency: LeadAgency,
    /// Planned day.
    pub planned_on: NaiveDate,
    /// Status.
    pub status: InspectionStatus,
    /// Day carried out.
    pub carried_out_on: Option<NaiveDate>,
    /// Place.
    pub place: Option<String>,
    /// Team.
    pub team: Option<String>,
    /// Lead.
    pub lead_name: Option<String>,
    /// What was checked.
    pub checked: Option<String>,
    /// Evidence documents (producer's vault).
    pub evidence: Vec<Uuid>,
    /// When the lead signed it off.
    pub signed_off_at: Option<DateTime<Utc>>,
    /// Why it was called off.
    pub cancel_reason: Option<String>,
    /// Row version.
    pub row_version: i32,
    /// Findings.
    pub findings: Vec<FindingDto>,
}

/// Which inspections to list.
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct InspectionQuery {
    /// `planned`, `recorded`, `signed_off` or `cancelled` (every status when absent).
    pub status: Option<String>,
}

/// Why a planned inspection is called off.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct CancelInput {
    /// The reason.
    pub reason: String,
}

/// Views of inspection rows with names, numbers and findings.
pub(crate) async fn dtos<C: ConnectionTrait>(
    conn: &C,
    rows: Vec<inspection::Model>,
) -> ServiceResult<Vec<InspectionDto>> {
    let mut names: HashMap<Uuid, String> = HashMap::new();
    let mut producers: HashMap<Uuid, String> = HashMap::new();
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        let certificate = match row.certificate_id {
            Some(id) => certificate_repo::get(conn, id).await?,
            None => None,
        };
        let product_name = match (&certificate, row.product_id) {
            (Some(c), _) => Some(c.certified_product_name.clone()),
            (None, Some(id)) => {
                if !names.contains_key(&id)
                    && let Some(p) = product_repo::get(conn, id).await?
                {
                    names.insert(id, p.name);
                }
                names.get(&id).cloned()
            }
            (None, None) => None,
        };
        let producer_name = match row.producer_id {
            Some(id) => {
                if !producers.contains_key(&id)
                    && let Some(p) = producer_repo::get(conn, id).await?
                {
                    producers.insert(id, p.name);
                }
                producers.get(&id).cloned()
            }
            None => None,
        };
        let findings = oversight_repo::findings_of(conn, row.id)
            .await?
            .into_iter()
            .map(|f| finding_dto(f, today()))
            .collect();
        out.push(InspectionDto {
            id: row.id,
            plan_id: row.plan_id,
            certificate_id: row.certificate_id,
            certificate_number: certificate.as_ref().map(|c| c.number.clone()),
            verification_code: certificate.as_ref().map(|c| c.verification_code.clone()),
            product_id: row.product_id,
            product_name,
            producer_id: row.producer_id,
            producer_name,
            idea_id: row.idea_id,
            dossier_id: row.dossier_id,
            case_id: row.case_id,
            province_code: row.province_code.clone(),
            ground: InspectionGround::parse(&row.ground).unwrap_or(InspectionGround::Periodic),
            lead_agency: LeadAgency::parse(&row.lead_agency).unwrap_or(LeadAgency::Agriculture),
            planned_on: row.planned_on,
            status: InspectionStatus::parse(&row.status).unwrap_or(InspectionStatus::Planned),
            carried_out_on: row.carried_out_on,
            place: row.place,
            team: row.team,
            lead_name: row.lead_name,
            checked: row.checked,
            evidence: evidence_ids(row.evidence.as_deref()),
            signed_off_at: row.signed_off_at,
            cancel_reason: row.cancel_reason,
            row_version: row.row_version,
            findings,
        });
    }
    Ok(out)
}

async fn dto<C: ConnectionTrait>(conn: &C, row: inspection::Model) -> ServiceResult<InspectionDto> {
    dtos(conn, vec![row]).await?.pop().ok_or(ServiceError::NotFound)
}

/// Today's first province of a commune (as recorded, old or new list).
async fn province_of_commune<C: ConnectionTrait>(conn: &C, commune_id: &str) -> ServiceResult<Option<String>> {
    Ok(crate::admin_units::place(conn, commune_id)
        .await
        .ok()
        .and_then(|p| p.today_province_codes.into_iter().next()))
}

/// What an inspection is about: (certificate, product, producer, province today).
type Subject = (Option<Uuid>, Option<Uuid>, Option<Uuid>, Option<String>);

async fn subject<C: ConnectionTrait>(conn: &C, input: &InspectionInput) -> ServiceResult<Subject> {
    let unknown = |field: &str| ServiceError::field(field, ErrorCode::NotFound);
    if let Some(id) = input.certificate_id {
        let c = certificate_repo::get(conn, id)
            .await?
            .ok_or_else(|| unknown("certificate_id"))?;
        return Ok((
            Some(c.id),
            Some(c.product_id),
            Some(c.producer_id),
            Some(c.province_code),
        ));
    }
    let mut product_id = input.product_id;
    let mut producer_id = input.producer_id;
    let mut commune = None;
    if let Some(id) = input.dossier_id {
        let d = dossier_repo::get(conn, id)
            .await?
            .ok_or_else(|| unknown("dossier_id"))?;
        product_id = Some(d.product_id);
        producer_id = Some(d.producer_id);
    }
    if let Some(id) = input.idea_id {
        let idea = cycle_repo::idea(conn, id).await?.ok_or_else(|| unknown("idea_id"))?;
        product_id = product_id.or(idea.product_id);
        producer_id = Some(idea.producer_id);
        commune = Some(idea.commune_id);
    }
    if let Some(id) = product_id {
        let p = product_repo::get(conn, id)
            .await?
            .ok_or_else(|| unknown("product_id"))?;
        producer_id = Some(p.producer_id);
        commune = Some(p.commune_id);
    }
    if commune.is_none()
        && let Some(id) = producer_id
    {
        let p = producer_repo::get(conn, id)
            .await?
            .ok_or_else(|| unknown("producer_id"))?;
        commune = Some(p.commune_id);
    }
    let province = match commune {
        Some(c) => province_of_commune(conn, &c).await?,
        None => None,
    };
    Ok((None, product_id, producer_id, province))
}

/// Plans an inspection: in a plan (whose unit the officer manages) or as a field check; from a
/// case when `case_id` is given (the case moves to "inspecting").
pub async fn plan(db: &Database, actor: &Actor, input: &InspectionInput) -> ServiceResult<InspectionDto> {
    let draft = input.parse()?;
    let tx = db.begin_write().await?;
    let (certificate_id, product_id, producer_id, province) = subject(&tx, input).await?;
    require_writer(actor, province.as_deref()).map_err(|_| ServiceError::Forbidden)?;
    if let Some(plan_id) = input.plan_id {
        let plan = oversight_repo::get_plan(&tx, plan_id)
            .await?
            .ok_or_else(|| ServiceError::field("plan_id", ErrorCode::NotFound))?;
        let (_, area) = crate::programme::unit_area(&tx, &plan.unit_id).await?;
        crate::programme::require_manage(actor, &area)?;
    }
    let row = inspection::Model {
        id: Uuid::now_v7(),
        plan_id: input.plan_id,
        product_id,
        producer_id,
        certificate_id,
        idea_id: input.idea_id,
        dossier_id: input.dossier_id,
        case_id: input.case_id,
        province_code: province,
        ground: draft.ground.as_str().to_owned(),
        lead_agency: draft.lead_agency.as_str().to_owned(),
        planned_on: draft.planned_on,
        status: InspectionStatus::Planned.as_str().to_owned(),
        carried_out_on: None,
        place: None,
        team: None,
        lead_name: None,
        checked: None,
        evidence: None,
        signed_off_by: None,
        signed_off_at: None,
        cancel_reason: None,
        created_by: actor.user_id.0,
        created_at: ocop_storage::now(),
        row_version: 1,
    };
    oversight_repo::insert_inspection(&tx, row.clone()).await?;
    audit_event(&tx, actor, OversightEvent::InspectionPlanned, row.id, None, &row).await?;
    if let Some(case_id) = input.case_id {
        let before = oversight_repo::get_case(&tx, case_id)
            .await?
            .ok_or_else(|| ServiceError::field("case_id", ErrorCode::NotFound))?;
        require_writer(actor, before.province_code.as_deref())?;
        let status = CaseStatus::parse(&before.status)
            .unwrap_or(CaseStatus::Open)
            .inspect()
            .map_err(|e| ServiceError::Conflict(e.into()))?;
        let after = oversight_case::Model {
            status: status.as_str().to_owned(),
            inspection_id: Some(row.id),
            row_version: before.row_version + 1,
            ..before.clone()
        };
        if !oversight_repo::update_case(&tx, after.clone(), before.row_version).await? {
            return Err(ServiceError::Conflict(ErrorCode::Conflict));
        }
        audit_event(
            &tx,
            actor,
            OversightEvent::CaseInspected,
            case_id,
            Some(&before),
            &after,
        )
        .await?;
    }
    let out = dto(&tx, row).await?;
    tx.commit().await?;
    Ok(out)
}

async fn load_for_write(
    tx: &ocop_storage::DatabaseTransaction,
    actor: &Actor,
    id: Uuid,
) -> ServiceResult<(inspection::Model, InspectionStatus)> {
    let row = oversight_repo::get_inspection(tx, id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    require_writer(actor, row.province_code.as_deref())?;
    let status = InspectionStatus::parse(&row.status)
        .map_err(|_| ServiceError::Internal(format!("inspection {id} has an unknown status")))?;
    Ok((row, status))
}

async fn save(
    tx: ocop_storage::DatabaseTransaction,
    actor: &Actor,
    event: OversightEvent,
    before: &inspection::Model,
    after: inspection::Model,
) -> ServiceResult<InspectionDto> {
    if !oversight_repo::update_inspection(&tx, after.clone(), before.row_version).await? {
        return Err(ServiceError::Conflict(ErrorCode::Conflict));
    }
    audit_event(&tx, actor, event, after.id, Some(before), &after).await?;
    let out = dto(&tx, after).await?;
    tx.commit().await?;
    Ok(out)
}

/// Writes the record of an inspection that took place (again, while not signed off).
pub async fn record(db: &Database, actor: &Actor, id: Uuid, input: &RecordInput) -> ServiceResult<InspectionDto> {
    let draft = input.parse(today())?;
    let tx = db.begin_write().await?;
    let (before, status) = load_for_write(&tx, actor, id).await?;
    let next = status.record().map_err(|e| ServiceError::Conflict(e.into()))?;
    check_evidence(&tx, before.producer_id, &draft.evidence).await?;
    let after = inspection::Model {
        status: next.as_str().to_owned(),
        carried_out_on: Some(draft.carried_out_on),
        place: Some(draft.place),
        team: Some(draft.team),
        lead_name: Some(draft.lead_name),
        checked: Some(draft.checked),
        evidence: evidence_text(&draft.evidence),
        row_version: before.row_version + 1,
        ..before.clone()
    };
    save(tx, actor, OversightEvent::InspectionRecorded, &before, after).await
}

/// The lead signs the record off: no finding can be added afterwards.
pub async fn sign_off(db: &Database, actor: &Actor, id: Uuid) -> ServiceResult<InspectionDto> {
    let tx = db.begin_write().await?;
    let (before, status) = load_for_write(&tx, actor, id).await?;
    let next = status.sign_off().map_err(|e| ServiceError::Conflict(e.into()))?;
    let after = inspection::Model {
        status: next.as_str().to_owned(),
        signed_off_by: Some(actor.user_id.0),
        signed_off_at: Some(ocop_storage::now()),
        row_version: before.row_version + 1,
        ..before.clone()
    };
    save(tx, actor, OversightEvent::InspectionSignedOff, &before, after).await
}

/// Calls a planned inspection off, with a reason.
pub async fn cancel(db: &Database, actor: &Actor, id: Uuid, input: &CancelInput) -> ServiceResult<InspectionDto> {
    let mut errors = ocop_domain::ValidationErrors::new();
    let reason = ocop_domain::producer::required_text(&mut errors, "reason", &input.reason, 2000);
    errors.into_result()?;
    let tx = db.begin_write().await?;
    let (before, status) = load_for_write(&tx, actor, id).await?;
    let next = status.cancel().map_err(|e| ServiceError::Conflict(e.into()))?;
    let after = inspection::Model {
        status: next.as_str().to_owned(),
        cancel_reason: Some(reason),
        row_version: before.row_version + 1,
        ..before.clone()
    };
    save(tx, actor, OversightEvent::InspectionCancelled, &before, after).await
}

/// Adds a finding to an open record: its last day to remedy is counted from the day the
/// inspection took place, in working days on Vietnam's calendar where given so.
pub async fn add_finding(db: &Database, actor: &Actor, id: Uuid, input: &FindingInput) -> ServiceResult<InspectionDto> {
    let draft = input.parse()?;
    let tx = db.begin_write().await?;
    let (parent, status) = load_for_write(&tx, actor, id).await?;
    status
        .accepts_findings()
        .map_err(|e| ServiceError::Conflict(e.into()))?;
    let found_on = parent.carried_out_on.unwrap_or_else(today);
    let due_on = if draft.severity == Severity::Severe && draft.working_days.is_none() && draft.calendar_days.is_none()
    {
        found_on
    } else {
        remedy_deadline(found_on, draft.working_days, draft.calendar_days)
    };
    let row = inspection_finding::Model {
        id: Uuid::now_v7(),
        inspection_id: parent.id,
        certificate_id: parent.certificate_id,
        product_id: parent.product_id,
        producer_id: parent.producer_id,
        province_code: parent.province_code.clone(),
        kind: draft.kind.as_str().to_owned(),
        severity: draft.severity.as_str().to_owned(),
        description: draft.description,
        remedy_required: draft.remedy_required,
        found_on,
        working_days: draft.working_days.map(|d| d as i32),
        due_on,
        status: FindingStatus::Open.as_str().to_owned(),
        answer: None,
        answer_evidence: None,
        answered_at: None,
        remedy_evidence: None,
        closed_at: None,
        consequence: None,
        proposed_by: None,
        proposed_at: None,
        decided_by: None,
        decided_at: None,
        decision_note: None,
        created_by: actor.user_id.0,
        created_at: ocop_storage::now(),
        row_version: 1,
    };
    oversight_repo::insert_finding(&tx, row.clone()).await?;
    audit_event(&tx, actor, OversightEvent::FindingAdded, row.id, None, &row).await?;
    let out = dto(&tx, parent).await?;
    tx.commit().await?;
    Ok(out)
}

/// One inspection the actor may see (producers: about their own products).
pub async fn get(db: &Database, actor: &Actor, id: Uuid) -> ServiceResult<InspectionDto> {
    let row = oversight_repo::get_inspection(db.conn(), id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    if !may_read(actor, row.province_code.as_deref(), row.producer_id) {
        return Err(ServiceError::NotFound);
    }
    dto(db.conn(), row).await
}

/// The inspections the actor sees, by planned day.
pub async fn list(db: &Database, actor: &Actor, query: &InspectionQuery) -> ServiceResult<Vec<InspectionDto>> {
    let area = read_area(actor)?;
    let status = match query.status.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(s) => Some(InspectionStatus::parse(s).map_err(|code| ServiceError::field("status", code))?),
        None => None,
    };
    let statuses: Vec<&str> = status.map(|s| s.as_str()).into_iter().collect();
    let rows = oversight_repo::list_inspections(db.conn(), area, &statuses).await?;
    dtos(db.conn(), rows).await
}
