//! Annual plans per administrative unit and year, their targets, and the
//! targets' actual values computed from the data on any day (certificates,
//! dossiers, activity records: see `facts`).

use chrono::NaiveDate;
use ocop_domain::producer::LegalForm;
use ocop_domain::programme::actuals::{self, Facts, TargetSpec};
use ocop_domain::programme::directive::{TargetKind, TargetLevel};
use ocop_domain::programme::plan::{TargetDraft, TargetInput, level_code, parse_level};
use ocop_domain::role::Actor;
use ocop_domain::{ErrorCode, ValidationErrors};
use ocop_storage::Database;
use ocop_storage::audit::{self, AuditEvent};
use ocop_storage::entities::{programme_plan, programme_target};
use ocop_storage::repo::programme_repo;
use sea_orm::ConnectionTrait;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use super::facts::{Within, facts_in};
use super::{list_scope, require_manage, require_view, unit_area};
use crate::admin_units::today;
use crate::audit_actor;
use crate::error::{ServiceError, ServiceResult};

/// A new plan.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[schema(as = ProgrammePlanInput)]
pub struct PlanInput {
    /// The unit (`2025/province/42`, `2025/commune/18673`, `pre2025/district/446`).
    pub unit_id: String,
    /// The year.
    pub year: i32,
    /// Title (defaults to "Kế hoạch thực hiện Chương trình OCOP năm …").
    #[serde(default)]
    pub title: String,
    /// Targets.
    #[serde(default)]
    pub targets: Vec<TargetInput>,
}

/// A target with its actual value.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq)]
pub struct TargetDto {
    /// Id.
    pub id: Uuid,
    /// Kind.
    pub kind: TargetKind,
    /// Vietnamese name of the kind.
    pub kind_label: String,
    /// Number asked for.
    pub count: i32,
    /// Upper bound of a range.
    pub count_max: Option<i32>,
    /// At least this many stars.
    pub min_stars: Option<i32>,
    /// Level of recognition.
    pub level: Option<TargetLevel>,
    /// Legal form of the producers counted (`producers` targets).
    pub legal_form: Option<String>,
    /// Wording.
    pub text: String,
    /// True when the system computes the actual value.
    pub measured: bool,
    /// The actual value on the day asked about (computed, or the manual progress).
    pub actual: Option<i64>,
    /// Percent of `count` reached (capped at 999).
    pub percent: Option<i64>,
}

/// A plan with its targets' progress.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[schema(as = ProgrammePlanDto)]
pub struct PlanDto {
    /// Id.
    pub id: Uuid,
    /// The unit.
    pub unit_id: String,
    /// The unit's full name.
    pub unit_name: String,
    /// The year.
    pub year: i32,
    /// Title.
    pub title: String,
    /// The day the actuals were computed for.
    pub on: NaiveDate,
    /// Targets.
    pub targets: Vec<TargetDto>,
}

/// A plan in a list.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct PlanSummary {
    /// Id.
    pub id: Uuid,
    /// The unit.
    pub unit_id: String,
    /// The unit's full name ("Tỉnh Hà Tĩnh"), as lists show it.
    pub unit_name: String,
    /// The year.
    pub year: i32,
    /// Title.
    pub title: String,
}

fn target_row(plan_id: Uuid, directive_id: Option<Uuid>, position: i32, t: &TargetDraft) -> programme_target::Model {
    programme_target::Model {
        id: Uuid::now_v7(),
        plan_id,
        directive_id,
        position,
        kind: t.kind.code().to_owned(),
        count: t.count,
        count_max: t.count_max,
        min_stars: t.min_stars,
        level: t.level.map(|l| level_code(l).to_owned()),
        text: t.text.clone(),
        manual_progress: None,
        legal_form: t.legal_form.map(|f| f.as_str().to_owned()),
    }
}

/// Checks targets; field names are `targets.{i}.…`.
pub(crate) fn parse_targets(inputs: &[TargetInput], errors: &mut ValidationErrors) -> Vec<TargetDraft> {
    inputs
        .iter()
        .enumerate()
        .filter_map(|(i, t)| t.parse(&format!("targets.{i}"), errors))
        .collect()
}

/// Finds the plan of a unit and year or creates it, inside a transaction.
pub(crate) async fn plan_for<C: ConnectionTrait>(
    tx: &C,
    actor: &Actor,
    unit_id: &str,
    year: i32,
    title: &str,
) -> ServiceResult<(programme_plan::Model, bool)> {
    if let Some(plan) = programme_repo::find_plan(tx, unit_id, year).await? {
        return Ok((plan, false));
    }
    let title = if title.trim().is_empty() {
        format!("Kế hoạch thực hiện Chương trình OCOP năm {year}")
    } else {
        title.trim().chars().take(500).collect()
    };
    let plan = programme_plan::Model {
        id: Uuid::now_v7(),
        unit_id: unit_id.to_owned(),
        year,
        title,
        created_at: ocop_storage::now(),
        row_version: 1,
    };
    programme_repo::insert_plan(tx, plan.clone()).await?;
    audit::append(
        tx,
        AuditEvent {
            actor: &audit_actor(actor),
            action: "programme_plan.create",
            entity_type: "programme_plan",
            entity_id: plan.id.to_string(),
            before: None,
            after: Some(serde_json::to_value(&plan).unwrap_or_default()),
        },
    )
    .await?;
    Ok((plan, true))
}

/// Inserts targets after the plan's existing ones, with audit entries.
pub(crate) async fn add_targets<C: ConnectionTrait>(
    tx: &C,
    actor: &Actor,
    plan_id: Uuid,
    directive_id: Option<Uuid>,
    targets: &[TargetDraft],
) -> ServiceResult<()> {
    let start = programme_repo::targets_of(tx, plan_id).await?.len() as i32;
    for (i, t) in targets.iter().enumerate() {
        let row = target_row(plan_id, directive_id, start + i as i32, t);
        programme_repo::insert_target(tx, row.clone()).await?;
        audit::append(
            tx,
            AuditEvent {
                actor: &audit_actor(actor),
                action: "programme_target.create",
                entity_type: "programme_target",
                entity_id: row.id.to_string(),
                before: None,
                after: Some(serde_json::to_value(&row).unwrap_or_default()),
            },
        )
        .await?;
    }
    Ok(())
}

fn check_year(year: i32, errors: &mut ValidationErrors) {
    if !(2018..=2100).contains(&year) {
        errors.add("year", ErrorCode::InvalidNumber);
    }
}

/// Checks that a unit may carry a plan for a year: a province or commune, or a
/// district for years before the 2025 reform.
fn check_unit_level(level: &str, year: i32) -> ServiceResult<()> {
    match level {
        "province" | "commune" => Ok(()),
        "district" if year <= 2025 => Ok(()),
        _ => Err(ServiceError::field("unit_id", ErrorCode::WrongAdminLevel)),
    }
}

/// Creates a plan with its targets (409 when the unit already has one for the year).
pub async fn create(db: &Database, actor: &Actor, input: &PlanInput) -> ServiceResult<PlanDto> {
    let mut errors = ValidationErrors::new();
    check_year(input.year, &mut errors);
    let targets = parse_targets(&input.targets, &mut errors);
    errors.into_result().map_err(ServiceError::Validation)?;
    let tx = db.begin_write().await?;
    let (unit, area) = unit_area(&tx, input.unit_id.trim()).await?;
    require_manage(actor, &area)?;
    check_unit_level(&unit.level, input.year)?;
    let (plan, created) = plan_for(&tx, actor, &unit.id, input.year, &input.title).await?;
    if !created {
        return Err(ServiceError::Conflict(ErrorCode::PlanExists));
    }
    add_targets(&tx, actor, plan.id, None, &targets).await?;
    tx.commit().await?;
    view(db, actor, plan.id, None).await
}

/// Adds one target to a plan.
pub async fn add_target(db: &Database, actor: &Actor, plan_id: Uuid, input: &TargetInput) -> ServiceResult<PlanDto> {
    let mut errors = ValidationErrors::new();
    let draft = input.parse("", &mut errors);
    errors.into_result().map_err(ServiceError::Validation)?;
    let draft = draft.ok_or_else(|| ServiceError::field("kind", ErrorCode::UnknownTargetKind))?;
    let tx = db.begin_write().await?;
    let plan = programme_repo::get_plan(&tx, plan_id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let (_, area) = unit_area(&tx, &plan.unit_id).await?;
    require_manage(actor, &area)?;
    add_targets(&tx, actor, plan.id, None, &[draft]).await?;
    tx.commit().await?;
    view(db, actor, plan_id, None).await
}

/// Manual progress of a target the system does not measure.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct ProgressInput {
    /// The value reached.
    pub value: i32,
}

/// Records manual progress on an unmeasured target (a measured one is a 409:
/// its value comes from the data).
pub async fn set_progress(
    db: &Database,
    actor: &Actor,
    target_id: Uuid,
    input: &ProgressInput,
) -> ServiceResult<PlanDto> {
    if !(0..=1_000_000).contains(&input.value) {
        return Err(ServiceError::field("value", ErrorCode::InvalidNumber));
    }
    let tx = db.begin_write().await?;
    let before = programme_repo::get_target(&tx, target_id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let plan = programme_repo::get_plan(&tx, before.plan_id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let (_, area) = unit_area(&tx, &plan.unit_id).await?;
    require_manage(actor, &area)?;
    if TargetKind::from_code(&before.kind).is_some_and(TargetKind::is_measured) {
        return Err(ServiceError::Conflict(ErrorCode::InvalidTransition));
    }
    let mut after = before.clone();
    after.manual_progress = Some(input.value);
    programme_repo::update_target(&tx, after.clone()).await?;
    audit::append(
        &tx,
        AuditEvent {
            actor: &audit_actor(actor),
            action: "programme_target.progress",
            entity_type: "programme_target",
            entity_id: target_id.to_string(),
            before: Some(serde_json::to_value(&before).unwrap_or_default()),
            after: Some(serde_json::to_value(&after).unwrap_or_default()),
        },
    )
    .await?;
    tx.commit().await?;
    view(db, actor, plan.id, None).await
}

/// A plan with each target's actual value on `on` (today when `None`;
/// the period is the plan's year up to that day).
pub async fn view(db: &Database, actor: &Actor, plan_id: Uuid, on: Option<NaiveDate>) -> ServiceResult<PlanDto> {
    let plan = programme_repo::get_plan(db.conn(), plan_id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let (_, area) = unit_area(db.conn(), &plan.unit_id).await?;
    require_view(actor, &area).map_err(|_| ServiceError::NotFound)?;
    view_of(db.conn(), plan, on.unwrap_or_else(today)).await
}

/// A plan's targets against their actuals on `on`, without an access check
/// (callers check: `view`, the dashboard, the reports).
pub(crate) async fn view_of<C: ConnectionTrait>(
    conn: &C,
    plan: programme_plan::Model,
    on: NaiveDate,
) -> ServiceResult<PlanDto> {
    let (unit, _) = unit_area(conn, &plan.unit_id).await?;
    let from = NaiveDate::from_ymd_opt(plan.year, 1, 1).expect("1 January");
    let to = NaiveDate::from_ymd_opt(plan.year, 12, 31).expect("31 December").min(on);
    let facts = if to >= from {
        facts_in(conn, &Within::Unit(plan.unit_id.clone()), to).await?
    } else {
        Facts::default()
    };
    let rows = programme_repo::targets_of(conn, plan.id).await?;
    let targets = rows
        .into_iter()
        .map(|row| {
            let kind = TargetKind::from_code(&row.kind).unwrap_or(TargetKind::Other);
            let level = row.level.as_deref().and_then(parse_level);
            let measured = kind.is_measured();
            let spec = TargetSpec {
                kind,
                min_stars: row.min_stars.and_then(|s| u8::try_from(s).ok()),
                level,
                legal_form: row.legal_form.as_deref().and_then(|f| LegalForm::parse(f).ok()),
            };
            let actual = if measured && to >= from {
                actuals::actual(&spec, &facts, from, to)
            } else if measured {
                Some(0)
            } else {
                row.manual_progress.map(i64::from)
            };
            let percent = actual
                .filter(|_| row.count > 0)
                .map(|a| (a * 100 / i64::from(row.count)).min(999));
            TargetDto {
                id: row.id,
                kind,
                kind_label: kind.label_vi().to_owned(),
                count: row.count,
                count_max: row.count_max,
                min_stars: row.min_stars,
                level,
                legal_form: row.legal_form,
                text: row.text,
                measured,
                actual,
                percent,
            }
        })
        .collect();
    Ok(PlanDto {
        id: plan.id,
        unit_id: plan.unit_id,
        unit_name: unit.full_name,
        year: plan.year,
        title: plan.title,
        on,
        targets,
    })
}

/// Plans in the actor's province (every plan for national roles).
pub async fn list(db: &Database, actor: &Actor) -> ServiceResult<Vec<PlanSummary>> {
    let (province, commune) = list_scope(actor)?.filters();
    let plans = programme_repo::list_plans(db.conn(), province.as_deref(), commune.as_deref()).await?;
    let unit_ids: Vec<String> = plans.iter().map(|p| p.unit_id.clone()).collect();
    let names: std::collections::HashMap<String, String> =
        ocop_storage::repo::admin_unit_repo::get_many(db.conn(), &unit_ids)
            .await?
            .into_iter()
            .map(|(id, u)| (id, u.full_name))
            .collect();
    Ok(plans
        .into_iter()
        .map(|p| PlanSummary {
            unit_name: names.get(&p.unit_id).cloned().unwrap_or_else(|| p.unit_id.clone()),
            id: p.id,
            unit_id: p.unit_id,
            year: p.year,
            title: p.title,
        })
        .collect())
}
