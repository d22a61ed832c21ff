//! Cases (vụ việc): a public report of a suspected fake opens one by itself (a further report
//! of the same code joins the open case as a note — duplicates merge), an officer opens one
//! from an unusual-scan signal or an agency's complaint. A case is assigned to today's
//! province of the certificate behind the code, or to the central level for an unknown code;
//! it carries notes, the inspection it led to and its outcome, which also sets the status of
//! the report it came from (so the signals page agrees).

use chrono::{DateTime, NaiveDate, Utc};
use ocop_domain::ErrorCode;
use ocop_domain::certificate::VerificationCode;
use ocop_domain::certificate::signals::ReportStatus;
use ocop_domain::oversight::input::{CaseInput, CloseCaseInput};
use ocop_domain::oversight::{CaseOutcome, CaseSource, CaseStatus, Coded};
use ocop_domain::role::Actor;
use ocop_storage::Database;
use ocop_storage::audit::AuditActor;
use ocop_storage::entities::{certificate_report, oversight_case, oversight_case_note};
use ocop_storage::repo::certificate_repo;
use ocop_storage::repo::oversight_repo::{self, Area};
use sea_orm::ConnectionTrait;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use super::{OversightEvent, audit_event, read_area, record_event, require_writer, writer_province};
use crate::admin_units::today;
use crate::error::{ServiceError, ServiceResult};

/// A note on a case.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[schema(as = CaseNoteDto)]
pub struct NoteDto {
    /// Who wrote it.
    pub author_name: String,
    /// What.
    pub text: String,
    /// When.
    pub created_at: DateTime<Utc>,
}

/// A case as officials see it.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct CaseDto {
    /// The case.
    pub id: Uuid,
    /// Where it came from.
    pub source: CaseSource,
    /// The code concerned.
    pub verification_code: Option<String>,
    /// The certificate behind the code.
    pub certificate_id: Option<Uuid>,
    /// Its number.
    pub certificate_number: Option<String>,
    /// Its certified product name.
    pub product_name: Option<String>,
    /// The fake report that opened it.
    pub report_id: Option<Uuid>,
    /// The province it is assigned to (none: central level).
    pub province_code: Option<String>,
    /// What happened.
    pub summary: String,
    /// How to reach the reporter, if they left a contact (to tell them the outcome).
    pub reporter_contact: Option<String>,
    /// Status.
    pub status: CaseStatus,
    /// Outcome.
    pub outcome: Option<CaseOutcome>,
    /// What was done and found.
    pub outcome_note: Option<String>,
    /// The case it was merged into.
    pub merged_into: Option<Uuid>,
    /// The inspection it led to.
    pub inspection_id: Option<Uuid>,
    /// Opened.
    pub opened_at: DateTime<Utc>,
    /// Closed.
    pub closed_at: Option<DateTime<Utc>>,
    /// Days open (until closed or today).
    pub age_days: i64,
    /// Notes, oldest first.
    pub notes: Vec<NoteDto>,
    /// Row version.
    pub row_version: i32,
}

/// Which cases to list.
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CaseQuery {
    /// `open`, `inspecting`, `closed` or `merged` (every status when absent).
    pub status: Option<String>,
}

/// A note to add.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct NoteInput {
    /// The note.
    pub text: String,
}

/// The case a duplicate merges into.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct MergeInput {
    /// The case that stays.
    pub into: Option<Uuid>,
}

pub(crate) fn age_days(opened: DateTime<Utc>, closed: Option<DateTime<Utc>>, day: NaiveDate) -> i64 {
    let end = closed.map(|c| c.date_naive()).unwrap_or(day);
    (end - opened.date_naive()).num_days().max(0)
}

async fn dto<C: ConnectionTrait>(conn: &C, row: oversight_case::Model) -> ServiceResult<CaseDto> {
    let certificate = match row.certificate_id {
        Some(id) => certificate_repo::get(conn, id).await?,
        None => None,
    };
    let notes = oversight_repo::notes_of(conn, row.id)
        .await?
        .into_iter()
        .map(|n| NoteDto {
            author_name: n.author_name,
            text: n.text,
            created_at: n.created_at,
        })
        .collect();
    Ok(CaseDto {
        id: row.id,
        source: CaseSource::parse(&row.source).unwrap_or(CaseSource::AgencyComplaint),
        verification_code: row.verification_code,
        certificate_id: row.certificate_id,
        certificate_number: certificate.as_ref().map(|c| c.number.clone()),
        product_name: certificate.as_ref().map(|c| c.certified_product_name.clone()),
        report_id: row.report_id,
        province_code: row.province_code,
        summary: row.summary,
        reporter_contact: row.reporter_contact,
        status: CaseStatus::parse(&row.status).unwrap_or(CaseStatus::Open),
        outcome: row.outcome.as_deref().and_then(|o| CaseOutcome::parse(o).ok()),
        outcome_note: row.outcome_note,
        merged_into: row.merged_into,
        inspection_id: row.inspection_id,
        opened_at: row.opened_at,
        closed_at: row.closed_at,
        age_days: age_days(row.opened_at, row.closed_at, today()),
        notes,
        row_version: row.row_version,
    })
}

async fn add_note<C: ConnectionTrait>(conn: &C, case_id: Uuid, author: &AuditActor, text: String) -> ServiceResult<()> {
    oversight_repo::insert_note(
        conn,
        oversight_case_note::Model {
            id: Uuid::now_v7(),
            case_id,
            author_id: author.id,
            author_name: author.name.clone(),
            text,
            created_at: ocop_storage::now(),
        },
    )
    .await?;
    Ok(())
}

/// The open case of a code, if any.
async fn open_case_of<C: ConnectionTrait>(conn: &C, code: &str) -> ServiceResult<Option<oversight_case::Model>> {
    Ok(
        oversight_repo::list_cases(conn, Area::National, &["open", "inspecting"])
            .await?
            .into_iter()
            .find(|c| c.verification_code.as_deref() == Some(code)),
    )
}

/// Opens a case from a new public report inside the report's transaction, or adds the report
/// to the open case of the same code as a note (duplicates merge).
pub(crate) async fn open_from_report_in<C: ConnectionTrait>(
    conn: &C,
    report: &certificate_report::Model,
) -> ServiceResult<()> {
    let system = AuditActor::system("public");
    if let Some(before) = open_case_of(conn, &report.verification_code).await? {
        add_note(conn, before.id, &system, format!("Thêm tố giác: {}", report.message)).await?;
        let after = oversight_case::Model {
            reporter_contact: before.reporter_contact.clone().or_else(|| report.contact.clone()),
            row_version: before.row_version + 1,
            ..before.clone()
        };
        if !oversight_repo::update_case(conn, after.clone(), before.row_version).await? {
            return Err(ServiceError::Conflict(ErrorCode::Conflict));
        }
        return record_event(
            conn,
            &system,
            OversightEvent::CaseReportAdded,
            before.id,
            Some(&before),
            &after,
        )
        .await;
    }
    let row = oversight_case::Model {
        id: Uuid::now_v7(),
        source: CaseSource::FakeReport.as_str().to_owned(),
        verification_code: Some(report.verification_code.clone()),
        certificate_id: report.certificate_id,
        report_id: Some(report.id),
        province_code: report.province_code.clone(),
        summary: report.message.clone(),
        reporter_contact: report.contact.clone(),
        status: CaseStatus::Open.as_str().to_owned(),
        outcome: None,
        outcome_note: None,
        merged_into: None,
        inspection_id: None,
        opened_by: None,
        opened_at: report.created_at,
        closed_at: None,
        row_version: 1,
    };
    oversight_repo::insert_case(conn, row.clone()).await?;
    record_event(conn, &system, OversightEvent::CaseOpened, row.id, None, &row).await
}

/// An official opens a case from unusual scans or an agency's complaint; it is assigned to the
/// province of the code's certificate (central level for an unknown or missing code).
pub async fn open(db: &Database, actor: &Actor, input: &CaseInput) -> ServiceResult<CaseDto> {
    writer_province(actor)?;
    let draft = input.parse()?;
    let tx = db.begin_write().await?;
    let certificate = match draft.verification_code.as_deref().map(VerificationCode::parse) {
        Some(Ok(code)) => certificate_repo::by_code(&tx, code.as_str()).await?,
        _ => None,
    };
    let row = oversight_case::Model {
        id: Uuid::now_v7(),
        source: draft.source.as_str().to_owned(),
        verification_code: draft.verification_code,
        certificate_id: certificate.as_ref().map(|c| c.id),
        report_id: None,
        province_code: certificate.map(|c| c.province_code),
        summary: draft.summary,
        reporter_contact: draft.contact,
        status: CaseStatus::Open.as_str().to_owned(),
        outcome: None,
        outcome_note: None,
        merged_into: None,
        inspection_id: None,
        opened_by: Some(actor.user_id.0),
        opened_at: ocop_storage::now(),
        closed_at: None,
        row_version: 1,
    };
    oversight_repo::insert_case(&tx, row.clone()).await?;
    audit_event(&tx, actor, OversightEvent::CaseOpened, row.id, None, &row).await?;
    let out = dto(&tx, row).await?;
    tx.commit().await?;
    Ok(out)
}

/// One case (officials of its province, or national officials).
pub async fn get(db: &Database, actor: &Actor, id: Uuid) -> ServiceResult<CaseDto> {
    let row = oversight_repo::get_case(db.conn(), id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    match read_area(actor)? {
        Area::National => {}
        Area::Province(p) if row.province_code.as_deref() == Some(p) => {}
        _ => return Err(ServiceError::NotFound),
    }
    dto(db.conn(), row).await
}

/// The cases the actor sees, oldest first.
pub async fn list(db: &Database, actor: &Actor, query: &CaseQuery) -> ServiceResult<Vec<CaseDto>> {
    let area = read_area(actor)?;
    if matches!(area, Area::Producer(_)) {
        return Err(ServiceError::Forbidden);
    }
    let status = match query.status.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(s) => Some(CaseStatus::parse(s).map_err(|code| ServiceError::field("status", code))?),
        None => None,
    };
    let statuses: Vec<&str> = status.map(|s| s.as_str()).into_iter().collect();
    let mut out = Vec::new();
    for row in oversight_repo::list_cases(db.conn(), area, &statuses).await? {
        out.push(dto(db.conn(), row).await?);
    }
    Ok(out)
}

async fn load(tx: &ocop_storage::DatabaseTransaction, actor: &Actor, id: Uuid) -> ServiceResult<oversight_case::Model> {
    let row = oversight_repo::get_case(tx, id).await?.ok_or(ServiceError::NotFound)?;
    require_writer(actor, row.province_code.as_deref())?;
    Ok(row)
}

async fn save(
    tx: ocop_storage::DatabaseTransaction,
    actor: &Actor,
    event: OversightEvent,
    before: &oversight_case::Model,
    after: oversight_case::Model,
) -> ServiceResult<CaseDto> {
    if !oversight_repo::update_case(&tx, after.clone(), before.row_version).await? {
        return Err(ServiceError::Conflict(ErrorCode::Conflict));
    }
    audit_event(&tx, actor, event, after.id, Some(before), &after).await?;
    let out = dto(&tx, after).await?;
    tx.commit().await?;
    Ok(out)
}

/// Adds a note to a case.
pub async fn note(db: &Database, actor: &Actor, id: Uuid, input: &NoteInput) -> ServiceResult<CaseDto> {
    let mut errors = ocop_domain::ValidationErrors::new();
    let text = ocop_domain::producer::required_text(&mut errors, "text", &input.text, 4000);
    errors.into_result()?;
    let tx = db.begin_write().await?;
    let before = load(&tx, actor, id).await?;
    add_note(&tx, id, &crate::audit_actor(actor), text).await?;
    let after = oversight_case::Model {
        row_version: before.row_version + 1,
        ..before.clone()
    };
    save(tx, actor, OversightEvent::CaseNoted, &before, after).await
}

/// Closes a case with its outcome; the report it came from takes the matching status.
pub async fn close(db: &Database, actor: &Actor, id: Uuid, input: &CloseCaseInput) -> ServiceResult<CaseDto> {
    let (outcome, note) = input.parse()?;
    let tx = db.begin_write().await?;
    let before = load(&tx, actor, id).await?;
    let status = CaseStatus::parse(&before.status)
        .unwrap_or(CaseStatus::Open)
        .close()
        .map_err(|e| ServiceError::Conflict(e.into()))?;
    let now = ocop_storage::now();
    if let Some(report_id) = before.report_id {
        let report_status = match outcome {
            CaseOutcome::Unfounded | CaseOutcome::Duplicate => ReportStatus::Dismissed,
            CaseOutcome::Confirmed => ReportStatus::Checked,
            CaseOutcome::Referred => ReportStatus::Forwarded,
        };
        certificate_repo::set_report_status(&tx, report_id, report_status.as_str(), &note, actor.user_id.0, now)
            .await?;
    }
    let after = oversight_case::Model {
        status: status.as_str().to_owned(),
        outcome: Some(outcome.as_str().to_owned()),
        outcome_note: Some(note),
        closed_at: Some(now),
        row_version: before.row_version + 1,
        ..before.clone()
    };
    save(tx, actor, OversightEvent::CaseClosed, &before, after).await
}

/// Merges a duplicate case into another open case of the same province; the duplicate closes
/// as `duplicate` and its summary becomes a note of the one that stays.
pub async fn merge(db: &Database, actor: &Actor, id: Uuid, input: &MergeInput) -> ServiceResult<CaseDto> {
    let into = input
        .into
        .ok_or_else(|| ServiceError::field("into", ErrorCode::Required))?;
    if into == id {
        return Err(ServiceError::field("into", ErrorCode::CaseMergeInvalid));
    }
    let tx = db.begin_write().await?;
    let before = load(&tx, actor, id).await?;
    let target = load(&tx, actor, into)
        .await
        .map_err(|_| ServiceError::field("into", ErrorCode::NotFound))?;
    if !CaseStatus::parse(&target.status)
        .unwrap_or(CaseStatus::Closed)
        .is_open()
        || target.province_code != before.province_code
    {
        return Err(ServiceError::field("into", ErrorCode::CaseMergeInvalid));
    }
    let status = CaseStatus::parse(&before.status)
        .unwrap_or(CaseStatus::Open)
        .merge()
        .map_err(|e| ServiceError::Conflict(e.into()))?;
    add_note(
        &tx,
        into,
        &crate::audit_actor(actor),
        format!("Gộp vụ việc trùng: {}", before.summary),
    )
    .await?;
    let after = oversight_case::Model {
        status: status.as_str().to_owned(),
        outcome: Some(CaseOutcome::Duplicate.as_str().to_owned()),
        merged_into: Some(into),
        closed_at: Some(ocop_storage::now()),
        reporter_contact: before.reporter_contact.clone(),
        row_version: before.row_version + 1,
        ..before.clone()
    };
    save(tx, actor, OversightEvent::CaseMerged, &before, after).await
}
