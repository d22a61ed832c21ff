//! A product's yearly revenue (doanh thu năm), entered by the producer or by
//! officers who may edit the product, read by whoever may see the producer's
//! private details. One figure per product and year: entering a year again
//! corrects it (the audit entry keeps the figure before). The national
//! agricultural database export reads it (`DoanhThuNam`).

use chrono::{Datelike, Utc};
use ocop_domain::ErrorCode;
use ocop_domain::programme::activity::{RevenueInput, RevenueSource, million_text};
use ocop_domain::role::{Actor, RegistryAction, Role, may};
use ocop_storage::Database;
use ocop_storage::audit::{self, AuditEvent};
use ocop_storage::entities::product_revenue;
use ocop_storage::repo::{product_repo, programme_activity_repo};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::admin_units::{place, today};
use crate::audit_actor;
use crate::certificates::area_of;
use crate::error::{ServiceError, ServiceResult};

/// A year's revenue.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq)]
pub struct RevenueDto {
    /// The year.
    pub year: i32,
    /// Revenue in VND.
    pub revenue_vnd: i64,
    /// The same in million VND with two decimals, Vietnamese style ("1.250,50").
    pub revenue_million: String,
    /// `producer` or `officer`.
    pub source: String,
    /// Login name of whoever entered it.
    pub recorded_by: String,
    /// When.
    pub recorded_at: chrono::DateTime<Utc>,
}

impl From<product_revenue::Model> for RevenueDto {
    fn from(r: product_revenue::Model) -> Self {
        Self {
            year: r.year,
            revenue_million: million_text(r.revenue_vnd),
            revenue_vnd: r.revenue_vnd,
            source: r.source,
            recorded_by: r.recorded_by,
            recorded_at: r.recorded_at,
        }
    }
}

async fn check<C: sea_orm::ConnectionTrait>(
    conn: &C,
    actor: &Actor,
    product_id: Uuid,
    action: RegistryAction,
) -> ServiceResult<()> {
    let product = product_repo::get(conn, product_id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let place = place(conn, &product.commune_id).await?;
    if may(actor, action, &area_of(&place, product.producer_id)) {
        Ok(())
    } else {
        Err(ServiceError::Forbidden)
    }
}

/// Whether the actor may enter the product's revenue (its edit rights).
pub async fn may_record(db: &Database, actor: &Actor, product_id: Uuid) -> ServiceResult<bool> {
    match check(db.conn(), actor, product_id, RegistryAction::EditProduct).await {
        Ok(()) => Ok(true),
        Err(ServiceError::Forbidden) => Ok(false),
        Err(e) => Err(e),
    }
}

/// A product's revenues, latest year first.
pub async fn list(db: &Database, actor: &Actor, product_id: Uuid) -> ServiceResult<Vec<RevenueDto>> {
    check(db.conn(), actor, product_id, RegistryAction::ViewPrivateDetails).await?;
    Ok(programme_activity_repo::revenues_of(db.conn(), product_id)
        .await?
        .into_iter()
        .map(Into::into)
        .collect())
}

/// Enters (or corrects) a product's revenue for a year; audited.
pub async fn record(db: &Database, actor: &Actor, product_id: Uuid, input: &RevenueInput) -> ServiceResult<RevenueDto> {
    let (year, revenue_vnd) = input.parse(today().year())?;
    let tx = db.begin_write().await?;
    check(&tx, actor, product_id, RegistryAction::EditProduct).await?;
    let source = if actor.role == Role::Producer {
        RevenueSource::Producer
    } else {
        RevenueSource::Officer
    };
    let before = programme_activity_repo::revenue(&tx, product_id, year).await?;
    let after = match &before {
        Some(old) => {
            let row = product_revenue::Model {
                revenue_vnd,
                source: source.code().to_owned(),
                recorded_by: actor.username.clone(),
                recorded_at: ocop_storage::now(),
                row_version: old.row_version + 1,
                ..old.clone()
            };
            if !programme_activity_repo::update_revenue(&tx, row.clone(), old.row_version).await? {
                return Err(ServiceError::Conflict(ErrorCode::Conflict));
            }
            row
        }
        None => {
            let row = product_revenue::Model {
                id: Uuid::now_v7(),
                product_id,
                year,
                revenue_vnd,
                source: source.code().to_owned(),
                recorded_by: actor.username.clone(),
                recorded_at: ocop_storage::now(),
                row_version: 1,
            };
            programme_activity_repo::insert_revenue(&tx, row.clone()).await?;
            row
        }
    };
    audit::append(
        &tx,
        AuditEvent {
            actor: &audit_actor(actor),
            action: "product.revenue",
            entity_type: "product",
            entity_id: product_id.to_string(),
            before: before.as_ref().map(|b| serde_json::to_value(b).unwrap_or_default()),
            after: Some(serde_json::to_value(&after).unwrap_or_default()),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(after.into())
}
