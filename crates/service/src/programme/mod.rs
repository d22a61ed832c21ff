//! Running the programme: directive import, tasks, annual plans with
//! computed actuals, activity records (fairs, training, support), products'
//! yearly revenues, the late-task digest, dashboards, the six-monthly and
//! annual reports (.xlsx, PDF) and the national database export (PTNT_OCOP).
//!
//! Access: a unit's records are managed by officers whose area covers the
//! unit (`ocop_domain::programme::may_manage`) and read by every officer of
//! its province (`may_view`).

pub mod activities;
pub mod charts;
pub mod dashboard;
pub mod directives;
pub mod facts;
pub mod national;
pub mod plans;
pub mod ptnt;
pub mod report_pdf;
pub mod report_xlsx;
pub mod reports;
pub mod revenues;
pub mod tasks;
pub mod units;

use ocop_domain::programme::{may_manage, may_view};
use ocop_domain::role::{Actor, RecordArea, Scope};
use ocop_storage::entities::admin_unit;
use ocop_storage::repo::admin_unit_repo;
use sea_orm::ConnectionTrait;

use crate::error::{ServiceError, ServiceResult};

/// Loads a unit (any list, any level) and where it lies today.
pub(crate) async fn unit_area<C: ConnectionTrait>(
    conn: &C,
    unit_id: &str,
) -> ServiceResult<(admin_unit::Model, RecordArea)> {
    let unit = admin_unit_repo::get(conn, unit_id)
        .await?
        .ok_or_else(|| ServiceError::field("unit_id", ocop_domain::ErrorCode::UnknownAdminUnit))?;
    let current = admin_unit_repo::current_of(conn, unit_id).await?;
    let mut area = RecordArea::default();
    for row in current {
        if row.current_level == "commune" && !area.commune_codes.contains(&row.current_code) {
            area.commune_codes.push(row.current_code.clone());
        }
        if !row.current_province_code.is_empty() && !area.province_codes.contains(&row.current_province_code) {
            area.province_codes.push(row.current_province_code);
        }
    }
    Ok((unit, area))
}

/// Refuses unless the actor may manage the unit's programme records.
pub(crate) fn require_manage(actor: &Actor, area: &RecordArea) -> ServiceResult<()> {
    if may_manage(actor, area) {
        Ok(())
    } else {
        Err(ServiceError::Forbidden)
    }
}

/// Refuses unless the actor may read the unit's programme records.
pub(crate) fn require_view(actor: &Actor, area: &RecordArea) -> ServiceResult<()> {
    if may_view(actor, area) {
        Ok(())
    } else {
        Err(ServiceError::Forbidden)
    }
}

/// The area an actor's lists are limited to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ListScope {
    /// The whole country.
    All,
    /// Units lying in this province today.
    Province(String),
    /// Units lying in this commune today.
    Commune(String),
}

/// The list area of an actor; producers and council members see no programme records.
pub fn list_scope(actor: &Actor) -> ServiceResult<ListScope> {
    if !ocop_domain::programme::may_use(actor) {
        return Err(ServiceError::Forbidden);
    }
    Ok(match &actor.scope {
        Scope::National | Scope::Producer { .. } => ListScope::All,
        Scope::Province { province_code } => ListScope::Province(province_code.clone()),
        Scope::Commune { commune_code, .. } => ListScope::Commune(commune_code.clone()),
    })
}

impl ListScope {
    /// The (province, commune) filters of a task or plan query.
    pub fn filters(&self) -> (Option<String>, Option<String>) {
        match self {
            Self::All => (None, None),
            Self::Province(p) => (Some(p.clone()), None),
            Self::Commune(c) => (None, Some(c.clone())),
        }
    }
}
