//! Directive import: paste → proposal (nothing saved) → review → confirm,
//! which saves the directive, its tasks and its targets in one transaction.

use chrono::NaiveDate;
use ocop_domain::programme::directive::{DirectiveProposal, parse_directive};
use ocop_domain::programme::plan::TargetInput;
use ocop_domain::programme::task::TaskInput;
use ocop_domain::role::Actor;
use ocop_domain::{ErrorCode, ValidationErrors};
use ocop_storage::Database;
use ocop_storage::audit::{self, AuditEvent};
use ocop_storage::entities::{directive, programme_task};
use ocop_storage::repo::programme_repo;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use super::plans::{add_targets, parse_targets, plan_for};
use super::{require_manage, unit_area};
use crate::audit_actor;
use crate::error::{ServiceError, ServiceResult};

/// The largest directive text accepted (characters).
pub const MAX_TEXT: usize = 200_000;

/// Text to read.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct PreviewInput {
    /// The directive as pasted.
    pub text: String,
}

/// Whether the actor may read directives into plans (administrators, province and commune
/// officers): the review page and its helpers ask this.
pub fn may_review(actor: &Actor) -> bool {
    use ocop_domain::role::Role;
    matches!(
        actor.role,
        Role::Administrator | Role::ProvinceOfficer | Role::CommuneOfficer
    )
}

/// Reads a directive and proposes its tasks and targets; saves nothing.
pub fn preview(actor: &Actor, input: &PreviewInput) -> ServiceResult<DirectiveProposal> {
    if !may_review(actor) {
        return Err(ServiceError::Forbidden);
    }
    if input.text.trim().is_empty() {
        return Err(ServiceError::field("text", ErrorCode::Required));
    }
    if input.text.chars().count() > MAX_TEXT {
        return Err(ServiceError::field("text", ErrorCode::TooLong));
    }
    Ok(parse_directive(&input.text))
}

/// The reviewed directive, as confirmed.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct ConfirmInput {
    /// The unit whose programme it steers (`2025/province/42`, …).
    pub unit_id: String,
    /// Number ("163/KH-UBND").
    #[serde(default)]
    pub number: Option<String>,
    /// Date (dd/mm/yyyy or yyyy-mm-dd).
    #[serde(default)]
    pub issued_on: Option<String>,
    /// Issuer ("UBND huyện Phong Thổ").
    pub issuer: String,
    /// Title.
    pub title: String,
    /// The kind as confirmed (`plan`, `notice`, `instruction`, `letter`, `decision`; the
    /// preview's `meta.kind` read from the header); empty: not said.
    #[serde(default)]
    pub kind: Option<String>,
    /// The text as pasted.
    #[serde(default)]
    pub text: String,
    /// The tasks kept (after edits).
    #[serde(default)]
    pub tasks: Vec<TaskInput>,
    /// The targets kept.
    #[serde(default)]
    pub targets: Vec<TargetInput>,
    /// The year of the plan the targets go into (required when there are targets).
    #[serde(default)]
    pub plan_year: Option<i32>,
}

/// What a confirmation saved.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Confirmed {
    /// The directive.
    pub directive_id: Uuid,
    /// The tasks, in order.
    pub task_ids: Vec<Uuid>,
    /// The plan the targets went into.
    pub plan_id: Option<Uuid>,
}

fn parse_date(field: &str, text: Option<&str>, errors: &mut ValidationErrors) -> Option<NaiveDate> {
    let text = text.map(str::trim).filter(|s| !s.is_empty())?;
    errors.check(field, ocop_domain::import::parse_date(text))
}

/// Saves a reviewed directive with its tasks (and its targets into the
/// unit's plan for `plan_year`, created when missing) in one transaction.
pub async fn confirm(db: &Database, actor: &Actor, input: &ConfirmInput) -> ServiceResult<Confirmed> {
    let mut errors = ValidationErrors::new();
    let issuer = input.issuer.trim();
    let title = input.title.trim();
    for (field, value, max) in [("issuer", issuer, 300), ("title", title, 500)] {
        if value.is_empty() {
            errors.add(field, ErrorCode::Required);
        } else if value.chars().count() > max {
            errors.add(field, ErrorCode::TooLong);
        }
    }
    if input.number.as_deref().is_some_and(|n| n.chars().count() > 100) {
        errors.add("number", ErrorCode::TooLong);
    }
    if input.text.chars().count() > MAX_TEXT {
        errors.add("text", ErrorCode::TooLong);
    }
    let issued_on = parse_date("issued_on", input.issued_on.as_deref(), &mut errors);
    let kind = match input.kind.as_deref().map(str::trim).filter(|k| !k.is_empty()) {
        None => None,
        Some(code) => errors.check(
            "kind",
            ocop_domain::programme::directive::DirectiveKind::from_code(code).ok_or(ErrorCode::InvalidChoice),
        ),
    };
    let tasks: Vec<_> = input
        .tasks
        .iter()
        .enumerate()
        .filter_map(|(i, t)| t.parse(&format!("tasks.{i}"), &mut errors))
        .collect();
    let targets = parse_targets(&input.targets, &mut errors);
    if !input.targets.is_empty() && input.plan_year.is_none_or(|y| !(2018..=2100).contains(&y)) {
        errors.add("plan_year", ErrorCode::Required);
    }
    errors.into_result().map_err(ServiceError::Validation)?;

    let tx = db.begin_write().await?;
    let (unit, area) = unit_area(&tx, input.unit_id.trim()).await?;
    require_manage(actor, &area)?;
    let now = ocop_storage::now();
    let row = directive::Model {
        id: Uuid::now_v7(),
        unit_id: unit.id.clone(),
        number: input
            .number
            .as_deref()
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .map(str::to_owned),
        issued_on,
        issuer: issuer.to_owned(),
        title: title.to_owned(),
        kind: kind.map(|k| k.code().to_owned()),
        source_text: input.text.clone(),
        created_at: now,
    };
    programme_repo::insert_directive(&tx, row.clone()).await?;
    let actor_row = audit_actor(actor);
    let mut snapshot = serde_json::to_value(&row).unwrap_or_default();
    if let Some(obj) = snapshot.as_object_mut() {
        // The pasted text can be long; the audit keeps its length, the row keeps the text.
        obj.insert(
            "source_text".into(),
            serde_json::json!(format!("{} characters", row.source_text.chars().count())),
        );
    }
    audit::append(
        &tx,
        AuditEvent {
            actor: &actor_row,
            action: "directive.confirm",
            entity_type: "directive",
            entity_id: row.id.to_string(),
            before: None,
            after: Some(snapshot),
        },
    )
    .await?;
    let mut task_ids = Vec::new();
    for t in &tasks {
        let task = programme_task::Model {
            id: Uuid::now_v7(),
            unit_id: unit.id.clone(),
            directive_id: Some(row.id),
            title: t.title.clone(),
            details: t.details.clone(),
            responsible: t.responsible.code().to_owned(),
            cooperating: t.cooperating_codes(),
            deadline: t.deadline.code(),
            due_on: t.deadline.due_on(),
            done_on: None,
            evidence_sha256: None,
            evidence_name: None,
            producer_id: t.producer_id,
            product_id: t.product_id,
            created_at: now,
            row_version: 1,
        };
        programme_repo::insert_task(&tx, task.clone()).await.map_err(|e| {
            // A link to a producer or product that does not exist breaks the foreign key.
            if e.to_string().to_lowercase().contains("foreign") {
                ServiceError::field("tasks.product_id", ErrorCode::NotFound)
            } else {
                e.into()
            }
        })?;
        audit::append(
            &tx,
            AuditEvent {
                actor: &actor_row,
                action: "programme_task.create",
                entity_type: "programme_task",
                entity_id: task.id.to_string(),
                before: None,
                after: Some(serde_json::to_value(&task).unwrap_or_default()),
            },
        )
        .await?;
        task_ids.push(task.id);
    }
    let mut plan_id = None;
    if let (false, Some(year)) = (targets.is_empty(), input.plan_year) {
        let (plan, _) = plan_for(&tx, actor, &unit.id, year, "").await?;
        add_targets(&tx, actor, plan.id, Some(row.id), &targets).await?;
        plan_id = Some(plan.id);
    }
    tx.commit().await?;
    Ok(Confirmed {
        directive_id: row.id,
        task_ids,
        plan_id,
    })
}
