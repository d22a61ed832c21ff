//! Inspection plans (kế hoạch kiểm tra) of a unit for a year, and the candidates the plan
//! proposes from the signals: certificates expiring, complaints and fake reports (open
//! cases), codes scanned unusually, and a random sample of the certificates in force. The
//! officer chooses among them (`inspections::plan`).

use std::collections::HashSet;

use chrono::{Datelike, NaiveDate};
use ocop_domain::ErrorCode;
use ocop_domain::certificate::CertificateStatus;
use ocop_domain::oversight::input::PlanInput;
use ocop_domain::oversight::{CaseSource, Coded, InspectionGround, PlanStatus};
use ocop_domain::role::Actor;
use ocop_storage::Database;
use ocop_storage::entities::inspection_plan;
use ocop_storage::repo::oversight_repo::{self, Area};
use ocop_storage::repo::{certificate_repo, product_repo};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use super::inspections::{InspectionDto, dtos};
use super::{OversightEvent, audit_event, read_area};
use crate::admin_units::today;
use crate::error::{ServiceError, ServiceResult};
use crate::programme::{require_manage, require_view, unit_area};

/// A plan with its inspections.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[schema(as = InspectionPlanDto)]
pub struct PlanDto {
    /// The plan.
    pub id: Uuid,
    /// Its unit.
    pub unit_id: String,
    /// The unit's name.
    pub unit_name: String,
    /// The year.
    pub year: i32,
    /// Title.
    pub title: String,
    /// `draft` or `approved`.
    pub status: PlanStatus,
    /// Note.
    pub note: Option<String>,
    /// Row version.
    pub row_version: i32,
    /// Its inspections, by planned day.
    pub inspections: Vec<InspectionDto>,
}

/// Which plans to list.
#[derive(Debug, Clone, Copy, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PlanQuery {
    /// Year (every year when absent).
    pub year: Option<i32>,
}

/// A product or producer the plan proposes to inspect, and why.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Candidate {
    /// The ground.
    pub ground: InspectionGround,
    /// The certificate, when the signal is about one.
    pub certificate_id: Option<Uuid>,
    /// Its number.
    pub certificate_number: Option<String>,
    /// The product.
    pub product_id: Option<Uuid>,
    /// Its certified name.
    pub product_name: Option<String>,
    /// The case behind it (complaint, fake report).
    pub case_id: Option<Uuid>,
    /// Why, in Vietnamese (dd/mm/yyyy dates).
    pub reason: String,
}

async fn to_dto<C: sea_orm::ConnectionTrait>(conn: &C, row: inspection_plan::Model) -> ServiceResult<PlanDto> {
    let unit_name = ocop_storage::repo::admin_unit_repo::get(conn, &row.unit_id)
        .await?
        .map(|u| u.full_name)
        .unwrap_or_else(|| row.unit_id.clone());
    let inspections = dtos(conn, oversight_repo::inspections_of_plan(conn, row.id).await?).await?;
    Ok(PlanDto {
        id: row.id,
        unit_id: row.unit_id,
        unit_name,
        year: row.year,
        title: row.title,
        status: PlanStatus::parse(&row.status).unwrap_or(PlanStatus::Draft),
        note: row.note,
        row_version: row.row_version,
        inspections,
    })
}

/// Creates a unit's plan for a year (409 when it has one): a province or commune, or a
/// district for the years before 07/2025.
pub async fn create(db: &Database, actor: &Actor, input: &PlanInput) -> ServiceResult<PlanDto> {
    let draft = input.parse()?;
    let tx = db.begin_write().await?;
    let (unit, area) = unit_area(&tx, &draft.unit_id).await?;
    require_manage(actor, &area)?;
    match unit.level.as_str() {
        "province" | "commune" => {}
        "district" if draft.year <= 2025 => {}
        _ => return Err(ServiceError::field("unit_id", ErrorCode::WrongAdminLevel)),
    }
    if oversight_repo::plan_of(&tx, &unit.id, draft.year).await?.is_some() {
        return Err(ServiceError::Conflict(ErrorCode::PlanExists));
    }
    let row = inspection_plan::Model {
        id: Uuid::now_v7(),
        unit_id: unit.id.clone(),
        year: draft.year,
        title: draft.title,
        status: PlanStatus::Draft.as_str().to_owned(),
        note: draft.note,
        created_by: actor.user_id.0,
        created_at: ocop_storage::now(),
        approved_by: None,
        approved_at: None,
        row_version: 1,
    };
    oversight_repo::insert_plan(&tx, row.clone()).await?;
    audit_event(&tx, actor, OversightEvent::PlanCreated, row.id, None, &row).await?;
    let dto = to_dto(&tx, row).await?;
    tx.commit().await?;
    Ok(dto)
}

/// Approves a draft plan.
pub async fn approve(db: &Database, actor: &Actor, id: Uuid) -> ServiceResult<PlanDto> {
    let tx = db.begin_write().await?;
    let before = oversight_repo::get_plan(&tx, id).await?.ok_or(ServiceError::NotFound)?;
    let (_, area) = unit_area(&tx, &before.unit_id).await?;
    require_manage(actor, &area)?;
    let status = PlanStatus::parse(&before.status)
        .unwrap_or(PlanStatus::Draft)
        .approve()
        .map_err(|e| ServiceError::Conflict(e.into()))?;
    let after = inspection_plan::Model {
        status: status.as_str().to_owned(),
        approved_by: Some(actor.user_id.0),
        approved_at: Some(ocop_storage::now()),
        row_version: before.row_version + 1,
        ..before.clone()
    };
    if !oversight_repo::update_plan(&tx, after.clone(), before.row_version).await? {
        return Err(ServiceError::Conflict(ErrorCode::Conflict));
    }
    audit_event(&tx, actor, OversightEvent::PlanApproved, id, Some(&before), &after).await?;
    let dto = to_dto(&tx, after).await?;
    tx.commit().await?;
    Ok(dto)
}

/// A plan with its inspections.
pub async fn get(db: &Database, actor: &Actor, id: Uuid) -> ServiceResult<PlanDto> {
    let row = oversight_repo::get_plan(db.conn(), id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let (_, area) = unit_area(db.conn(), &row.unit_id).await?;
    require_view(actor, &area).map_err(|_| ServiceError::NotFound)?;
    to_dto(db.conn(), row).await
}

/// The plans the actor sees.
pub async fn list(db: &Database, actor: &Actor, query: &PlanQuery) -> ServiceResult<Vec<PlanDto>> {
    let province = match read_area(actor)? {
        Area::National => None,
        Area::Province(p) => Some(p),
        Area::Producer(_) => return Err(ServiceError::Forbidden),
    };
    let rows = oversight_repo::list_plans(db.conn(), province, query.year).await?;
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        out.push(to_dto(db.conn(), row).await?);
    }
    Ok(out)
}

fn dmy(day: NaiveDate) -> String {
    day.format("%d/%m/%Y").to_string()
}

/// The candidates a plan proposes today, leaving out certificates already in it.
pub async fn candidates(db: &Database, actor: &Actor, id: Uuid) -> ServiceResult<Vec<Candidate>> {
    candidates_on(db, actor, id, today()).await
}

/// The candidates a plan proposes on `day`: certificates of the plan's area expiring (within
/// the expiring window) or expiring within the plan's year, open cases (complaints, fake
/// reports, unusual scans) of the area, and a random sample — one in ten of the certificates
/// in force, at least one — drawn the same way all year (ordered by a hash of year and id).
pub async fn candidates_on(db: &Database, actor: &Actor, id: Uuid, day: NaiveDate) -> ServiceResult<Vec<Candidate>> {
    let plan = get(db, actor, id).await?;
    let conn = db.conn();
    let (_, area) = unit_area(conn, &plan.unit_id).await?;
    let members = crate::programme::units::members_of(conn, &plan.unit_id).await?;
    let chosen: HashSet<Uuid> = plan.inspections.iter().filter_map(|i| i.certificate_id).collect();
    let mut out = Vec::new();
    let mut in_force = Vec::new();
    for c in certificate_repo::all(conn).await? {
        if chosen.contains(&c.id) || !area.province_codes.contains(&c.province_code) {
            continue;
        }
        let commune = match product_repo::get(conn, c.product_id).await? {
            Some(p) => p.commune_id,
            None => continue,
        };
        if !members.contains(&commune) && !members.contains(&c.certified_commune_id) {
            continue;
        }
        let status = crate::certificates::status_on(&c, day);
        let expiring =
            status == CertificateStatus::Expiring || (status.in_force() && c.valid_through.year() == plan.year);
        if expiring {
            out.push(Candidate {
                ground: InspectionGround::CertificateExpiring,
                certificate_id: Some(c.id),
                certificate_number: Some(c.number.clone()),
                product_id: Some(c.product_id),
                product_name: Some(c.certified_product_name.clone()),
                case_id: None,
                reason: format!("Giấy chứng nhận hết hạn ngày {}", dmy(c.valid_through)),
            });
        } else if status.in_force() {
            in_force.push(c);
        }
    }
    let province = area.province_codes.first().map(String::as_str);
    let cases = oversight_repo::list_cases(conn, province.map_or(Area::National, Area::Province), &["open"]).await?;
    for case in cases {
        let Some(certificate) = (match case.certificate_id {
            Some(cid) => certificate_repo::get(conn, cid).await?,
            None => None,
        }) else {
            continue;
        };
        if chosen.contains(&certificate.id) {
            continue;
        }
        let source = CaseSource::parse(&case.source).unwrap_or(CaseSource::AgencyComplaint);
        let ground = match source {
            CaseSource::FakeReport => InspectionGround::FakeReport,
            CaseSource::UnusualScans => InspectionGround::UnusualScans,
            CaseSource::AgencyComplaint => InspectionGround::Complaint,
        };
        out.push(Candidate {
            ground,
            certificate_id: Some(certificate.id),
            certificate_number: Some(certificate.number.clone()),
            product_id: Some(certificate.product_id),
            product_name: Some(certificate.certified_product_name.clone()),
            case_id: Some(case.id),
            reason: format!(
                "{} ngày {}: {}",
                source.label_vi(),
                dmy(case.opened_at.date_naive()),
                case.summary
            ),
        });
    }
    let taken: HashSet<Uuid> = out.iter().filter_map(|c| c.certificate_id).collect();
    in_force.retain(|c| !taken.contains(&c.id));
    let key = |c: &ocop_storage::entities::certificate::Model| {
        use sha2::Digest;
        sha2::Sha256::digest(format!("{}:{}", plan.year, c.id).as_bytes()).to_vec()
    };
    in_force.sort_by_key(key);
    let sample = in_force.len().div_ceil(10);
    for c in in_force.into_iter().take(sample) {
        out.push(Candidate {
            ground: InspectionGround::RandomSample,
            certificate_id: Some(c.id),
            certificate_number: Some(c.number.clone()),
            product_id: Some(c.product_id),
            product_name: Some(c.certified_product_name.clone()),
            case_id: None,
            reason: format!("Chọn mẫu ngẫu nhiên năm {}", plan.year),
        });
    }
    Ok(out)
}
