//! Criteria sets (bộ tiêu chí): list, read, create a draft version, publish.
//!
//! Administrators and central officers author sets. A set is validated (every problem reported) before it
//! is stored and again before it is published; a published set never changes — a correction
//! is a new draft, which gets the next version for its legal basis and product sets.

use chrono::{DateTime, Utc};
use ocop_domain::ErrorCode;
use ocop_domain::evaluation::criteria_check::as_validation_errors;
use ocop_domain::evaluation::{CriteriaSet, LegalBases};
use ocop_domain::role::{Actor, Role};
use ocop_storage::audit::{self, AuditEvent};
use ocop_storage::entities::criteria_set;
use ocop_storage::repo::criteria_set_repo;
use ocop_storage::{Database, is_unique_violation};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::audit_actor;
use crate::error::{ServiceError, ServiceResult};

/// A criteria set without its body.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CriteriaSetSummary {
    /// Identifier.
    pub id: Uuid,
    /// Legal basis id, e.g. `QD1048-2019`.
    pub legal_basis: String,
    /// Product set codes (or QĐ 1048 subgroup names).
    pub product_sets: Vec<String>,
    /// Version, 1, 2, … per legal basis and product sets.
    pub version: i32,
    /// `draft` or `published`.
    pub status: String,
    /// Title.
    pub title: String,
    /// A demo sheet, not an official text.
    pub sample: bool,
    /// Created at.
    pub created_at: DateTime<Utc>,
    /// Published at.
    pub published_at: Option<DateTime<Utc>>,
}

/// A criteria set with its parts, groups, criteria and options.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CriteriaSetDetail {
    /// The summary.
    #[serde(flatten)]
    pub summary: CriteriaSetSummary,
    /// The set as imported (same shape as the TOML/JSON files).
    #[schema(value_type = Object)]
    pub body: serde_json::Value,
}

fn summary(row: &criteria_set::Model) -> CriteriaSetSummary {
    CriteriaSetSummary {
        id: row.id,
        legal_basis: row.legal_basis.clone(),
        product_sets: serde_json::from_str(&row.product_sets).unwrap_or_default(),
        version: row.version,
        status: row.status.clone(),
        title: row.title.clone(),
        sample: row.sample,
        created_at: row.created_at,
        published_at: row.published_at,
    }
}

fn detail(row: &criteria_set::Model) -> ServiceResult<CriteriaSetDetail> {
    let body =
        serde_json::from_str(&row.body).map_err(|e| ServiceError::Internal(format!("criteria set body: {e}")))?;
    Ok(CriteriaSetDetail {
        summary: summary(row),
        body,
    })
}

fn snapshot(row: &criteria_set::Model) -> serde_json::Value {
    serde_json::json!({
        "id": row.id, "legal_basis": row.legal_basis, "product_sets": row.product_sets,
        "version": row.version, "status": row.status, "title": row.title, "sample": row.sample,
        "body": row.body, "published_at": row.published_at,
    })
}

/// Administrators and central officers author criteria sets (and see drafts).
pub fn is_author(actor: Option<&Actor>) -> bool {
    actor.is_some_and(|a| matches!(a.role, Role::Administrator | Role::CentralOfficer))
}

/// Published sets for everyone; drafts too for authors.
pub async fn list(db: &Database, actor: Option<&Actor>) -> ServiceResult<Vec<CriteriaSetSummary>> {
    let rows = criteria_set_repo::list(db.conn()).await?;
    Ok(rows
        .iter()
        .filter(|r| r.status == criteria_set::PUBLISHED || is_author(actor))
        .map(summary)
        .collect())
}

/// One set; a draft is visible to authors only.
pub async fn get(db: &Database, actor: Option<&Actor>, id: Uuid) -> ServiceResult<CriteriaSetDetail> {
    let row = criteria_set_repo::get(db.conn(), id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    if row.status != criteria_set::PUBLISHED && !is_author(actor) {
        return Err(ServiceError::NotFound);
    }
    detail(&row)
}

/// Stores a valid set as a new draft version.
pub async fn create(db: &Database, actor: &Actor, body: &serde_json::Value) -> ServiceResult<CriteriaSetDetail> {
    let set: CriteriaSet =
        serde_json::from_value(body.clone()).map_err(|_| ServiceError::field("body", ErrorCode::BadRequest))?;
    set.validate(LegalBases::official())
        .map_err(|p| ServiceError::Validation(as_validation_errors(&p)))?;
    let tx = db.begin_write().await?;
    if !is_author(Some(actor)) {
        return Err(ServiceError::Forbidden);
    }
    let key = criteria_set::product_sets_key(&set);
    let version = criteria_set_repo::latest_version(&tx, &set.legal_basis, &key).await? + 1;
    let row = criteria_set::row(Uuid::now_v7(), &set, version, ocop_storage::now(), None);
    criteria_set_repo::insert(&tx, row.clone()).await.map_err(|e| {
        if is_unique_violation(&e) {
            ServiceError::Conflict(ErrorCode::Conflict)
        } else {
            e.into()
        }
    })?;
    audit::append(
        &tx,
        AuditEvent {
            actor: &audit_actor(actor),
            action: "criteria_set.create",
            entity_type: "criteria_set",
            entity_id: row.id.to_string(),
            before: None,
            after: Some(snapshot(&row)),
        },
    )
    .await?;
    tx.commit().await?;
    detail(&row)
}

/// Publishes a draft after validating it again; a published set stays as it is.
pub async fn publish(db: &Database, actor: &Actor, id: Uuid) -> ServiceResult<CriteriaSetDetail> {
    let tx = db.begin_write().await?;
    if !is_author(Some(actor)) {
        return Err(ServiceError::Forbidden);
    }
    let before = criteria_set_repo::get(&tx, id).await?.ok_or(ServiceError::NotFound)?;
    if before.status == criteria_set::PUBLISHED {
        return Err(ServiceError::Conflict(ErrorCode::CriteriaSetPublished));
    }
    let set = CriteriaSet::from_json(&before.body).map_err(|e| ServiceError::Internal(format!("stored set: {e}")))?;
    set.validate(LegalBases::official())
        .map_err(|p| ServiceError::Validation(as_validation_errors(&p)))?;
    let now = ocop_storage::now();
    if !criteria_set_repo::publish(&tx, id, now).await? {
        return Err(ServiceError::Conflict(ErrorCode::CriteriaSetPublished));
    }
    let after = criteria_set::Model {
        status: criteria_set::PUBLISHED.to_owned(),
        published_at: Some(now),
        ..before.clone()
    };
    audit::append(
        &tx,
        AuditEvent {
            actor: &audit_actor(actor),
            action: "criteria_set.publish",
            entity_type: "criteria_set",
            entity_id: id.to_string(),
            before: Some(snapshot(&before)),
            after: Some(snapshot(&after)),
        },
    )
    .await?;
    tx.commit().await?;
    detail(&after)
}

/// Stores a set read from an .xlsx workbook (columns in docs/CRITERIA_XLSX.md) as a new
/// draft version; a bad cell is an `import_rejected` with `rows[N].column` field errors.
pub async fn create_xlsx(db: &Database, actor: &Actor, bytes: &[u8]) -> ServiceResult<CriteriaSetDetail> {
    if !is_author(Some(actor)) {
        return Err(ServiceError::Forbidden);
    }
    let set = crate::criteria_xlsx::parse(bytes).map_err(|e| ServiceError::Rejected(ErrorCode::ImportRejected, e))?;
    let body = serde_json::to_value(&set).map_err(|e| ServiceError::Internal(format!("criteria set: {e}")))?;
    create(db, actor, &body).await
}

/// Stores a set from TOML, JSON or .xlsx bytes (told apart by content) as a new draft.
pub async fn create_from_file(db: &Database, actor: &Actor, bytes: &[u8]) -> ServiceResult<CriteriaSetDetail> {
    if crate::criteria_xlsx::is_xlsx(bytes) {
        return create_xlsx(db, actor, bytes).await;
    }
    if !is_author(Some(actor)) {
        return Err(ServiceError::Forbidden);
    }
    let text = std::str::from_utf8(bytes).map_err(|_| ServiceError::field("file", ErrorCode::UnsupportedMediaType))?;
    let set = CriteriaSet::parse(text).map_err(|_| ServiceError::field("file", ErrorCode::BadRequest))?;
    let body = serde_json::to_value(&set).map_err(|e| ServiceError::Internal(format!("criteria set: {e}")))?;
    create(db, actor, &body).await
}

/// A set as the domain type (same visibility as [`get`]).
pub async fn load(db: &Database, actor: Option<&Actor>, id: Uuid) -> ServiceResult<(CriteriaSetSummary, CriteriaSet)> {
    let detail = get(db, actor, id).await?;
    let set = serde_json::from_value(detail.body).map_err(|e| ServiceError::Internal(format!("stored set: {e}")))?;
    Ok((detail.summary, set))
}

/// A set as an .xlsx workbook in the shape [`create_xlsx`] reads.
pub async fn export_xlsx(db: &Database, actor: Option<&Actor>, id: Uuid) -> ServiceResult<Vec<u8>> {
    let (_, set) = load(db, actor, id).await?;
    Ok(crate::criteria_xlsx::write(&set))
}
