//! The cycle before the dossier (chu trình OCOP, steps 2 and 3): product ideas (phiếu đăng ký
//! ý tưởng sản phẩm, for a new or an existing product), accepted or returned with a reason by
//! the commune, and business plans (phương án sản xuất kinh doanh) with budget lines,
//! submitted and approved or returned. Every step is kept in `cycle_step` with who acted, when,
//! why, and the deadline of the answer it waits for.
//!
//! Access follows the dossiers ([`crate::dossiers::access`]): producers and the officers of
//! their area prepare and submit; commune officers of the area (and administrators) answer.

use chrono::{DateTime, NaiveDate, Utc};
use ocop_domain::ErrorCode;
use ocop_domain::ValidationErrors;
use ocop_domain::cycle::{IdeaState, IdeaStep, PlanState, PlanStep};
use ocop_domain::role::{Actor, RecordArea, Role, Scope};
use ocop_storage::audit::{self, AuditEvent};
use ocop_storage::entities::{business_plan, business_plan_line, cycle_step, idea};
use ocop_storage::repo::cycle_repo::{self, AreaFilter};
use ocop_storage::repo::{producer_repo, product_repo};
use ocop_storage::{ConnectionTrait, Database};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::admin_units::today;
use crate::dossiers::access::{Act, allows, area_of, check};
use crate::error::{ServiceError, ServiceResult};
use crate::typed_text::{Lines, clean, cleaned};
use crate::{audit_actor, paging};

/// Days the commune has to answer an idea.
pub const IDEA_ANSWER_DAYS: i64 = 15;
/// Days the commune has to answer a business plan.
pub const PLAN_ANSWER_DAYS: i64 = 30;

/// One recorded step.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct CycleStepDto {
    /// `create`, `edit`, `submit`, `resubmit`, `accept`, `return`, `approve`.
    pub action: String,
    /// State before.
    pub from_state: Option<String>,
    /// State after.
    pub to_state: String,
    /// Who.
    pub actor_name: String,
    /// When.
    pub at: DateTime<Utc>,
    /// The deadline of the answer this step waits for.
    pub due_on: Option<NaiveDate>,
    /// Why.
    pub reason: Option<String>,
}

fn step_dto(s: cycle_step::Model) -> CycleStepDto {
    CycleStepDto {
        action: s.action,
        from_state: s.from_state,
        to_state: s.to_state,
        actor_name: s.actor_name,
        at: s.at,
        due_on: s.due_on,
        reason: s.reason,
    }
}

/// A product idea.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct IdeaDto {
    /// Identifier.
    pub id: Uuid,
    /// The producer.
    pub producer_id: Uuid,
    /// The existing product, for an idea about one.
    pub product_id: Option<Uuid>,
    /// `new` or `existing`.
    pub kind: String,
    /// The product's name.
    pub product_name: String,
    /// Product set code, if known.
    pub product_set_code: Option<String>,
    /// The idea.
    pub description: String,
    /// Where the idea stands.
    pub state: IdeaState,
    /// Submitted on.
    pub submitted_on: NaiveDate,
    /// The commune answers by.
    pub due_on: NaiveDate,
    /// Answered on.
    pub decided_on: Option<NaiveDate>,
    /// Why it was returned (or a note on acceptance).
    pub reason: Option<String>,
    /// Every step.
    pub steps: Vec<CycleStepDto>,
    /// Optimistic-lock version.
    pub row_version: i32,
    /// What the caller may do now (`accept`, `return`, `resubmit`, and `plan`: draft the
    /// business plan of an accepted idea); filled for one idea, empty in lists.
    pub actions: Vec<IdeaStep>,
}

/// Body of `POST /api/v1/ideas`.
#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
pub struct IdeaInput {
    /// The producer.
    pub producer_id: Uuid,
    /// An existing product of the producer (an idea to improve it), or none for a new one.
    #[serde(default)]
    pub product_id: Option<Uuid>,
    /// The product's name (default: the existing product's).
    #[serde(default)]
    pub product_name: Option<String>,
    /// Product set code, if known.
    #[serde(default)]
    pub product_set_code: Option<String>,
    /// The idea.
    pub description: String,
}

/// Body of an answer (accept, approve, return).
#[derive(Debug, Clone, Default, Deserialize, Serialize, ToSchema)]
#[serde(default)]
#[schema(as = CycleAnswerInput)]
pub struct AnswerInput {
    /// Required for a return.
    pub reason: Option<String>,
}

fn blank(value: Option<&str>) -> Option<String> {
    value.map(str::trim).filter(|v| !v.is_empty()).map(str::to_owned)
}

fn filter_for(actor: &Actor) -> ServiceResult<AreaFilter> {
    let mut filter = AreaFilter {
        limit: paging::MAX_LIMIT,
        ..Default::default()
    };
    match (&actor.role, &actor.scope) {
        (Role::Administrator | Role::CentralOfficer, _) => {}
        (Role::Producer, Scope::Producer { producer_id }) => filter.producer_id = Some(producer_id.0),
        (Role::CommuneOfficer, Scope::Commune { commune_code, .. }) => filter.commune_code = Some(commune_code.clone()),
        (Role::ProvinceOfficer, Scope::Province { province_code }) => {
            filter.province_code = Some(province_code.clone())
        }
        _ => return Err(ServiceError::Forbidden),
    }
    Ok(filter)
}

#[allow(clippy::too_many_arguments)]
async fn record<C: ConnectionTrait>(
    conn: &C,
    actor: &Actor,
    subject_type: &str,
    subject_id: Uuid,
    action: &str,
    from_state: Option<&str>,
    to_state: &str,
    due_on: Option<NaiveDate>,
    reason: Option<String>,
    snapshot: serde_json::Value,
) -> ServiceResult<()> {
    let who = audit_actor(actor);
    cycle_repo::insert_step(
        conn,
        cycle_step::Model {
            id: Uuid::now_v7(),
            subject_type: subject_type.to_owned(),
            subject_id,
            action: action.to_owned(),
            from_state: from_state.map(str::to_owned),
            to_state: to_state.to_owned(),
            actor_id: who.id,
            actor_name: who.name.clone(),
            at: ocop_storage::now(),
            due_on,
            reason,
        },
    )
    .await?;
    let audit_action = format!("{subject_type}.{action}");
    audit::append(
        conn,
        AuditEvent {
            actor: &who,
            action: &audit_action,
            entity_type: subject_type,
            entity_id: subject_id.to_string(),
            before: None,
            after: Some(snapshot),
        },
    )
    .await?;
    Ok(())
}

async fn idea_dto<C: ConnectionTrait>(conn: &C, row: idea::Model) -> ServiceResult<IdeaDto> {
    let steps = cycle_repo::steps(conn, row.id)
        .await?
        .into_iter()
        .map(step_dto)
        .collect();
    let state = row.idea_state()?;
    Ok(IdeaDto {
        id: row.id,
        producer_id: row.producer_id,
        product_id: row.product_id,
        kind: row.kind,
        product_name: row.product_name,
        product_set_code: row.product_set_code,
        description: row.description,
        state,
        submitted_on: row.submitted_on,
        due_on: row.due_on,
        decided_on: row.decided_on,
        reason: row.reason,
        steps,
        row_version: row.row_version,
        actions: Vec::new(),
    })
}

/// Who takes an idea's step: the commune answers, the producer's side prepares.
fn idea_act(step: IdeaStep) -> Act {
    match step {
        IdeaStep::Accept | IdeaStep::Return => Act::Commune,
        IdeaStep::Submit | IdeaStep::Resubmit | IdeaStep::Plan => Act::Prepare,
    }
}

/// Who takes a plan's step: the commune answers, the producer's side prepares.
fn plan_act(step: PlanStep) -> Act {
    match step {
        PlanStep::Approve | PlanStep::Return => Act::Commune,
        PlanStep::Create | PlanStep::Edit | PlanStep::Submit => Act::Prepare,
    }
}

/// The steps `actor` may take on an idea in `state`.
fn idea_actions(actor: &Actor, area: &RecordArea, state: IdeaState) -> Vec<IdeaStep> {
    state
        .steps()
        .into_iter()
        .filter(|&step| allows(actor, idea_act(step), area))
        .collect()
}

/// The steps `actor` may take on a plan in `state`.
fn plan_actions(actor: &Actor, area: &RecordArea, state: PlanState) -> Vec<PlanStep> {
    state
        .steps()
        .into_iter()
        .filter(|&step| allows(actor, plan_act(step), area))
        .collect()
}

/// The ideas the actor may see, newest first.
pub async fn list_ideas(db: &Database, actor: &Actor) -> ServiceResult<Vec<IdeaDto>> {
    let rows = cycle_repo::ideas(db.conn(), &filter_for(actor)?).await?;
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        out.push(idea_dto(db.conn(), row).await?);
    }
    Ok(out)
}

/// One idea.
pub async fn get_idea(db: &Database, actor: &Actor, id: Uuid) -> ServiceResult<IdeaDto> {
    let row = cycle_repo::idea(db.conn(), id).await?.ok_or(ServiceError::NotFound)?;
    let area = area_of(db.conn(), &row.commune_id, row.producer_id).await?;
    check(actor, Act::Read, &area)?;
    let actions = idea_actions(actor, &area, row.idea_state()?);
    Ok(IdeaDto {
        actions,
        ..idea_dto(db.conn(), row).await?
    })
}

fn check_description(errors: &mut ValidationErrors, description: &str) {
    if description.is_empty() {
        errors.add("description", ErrorCode::Required);
    } else if description.chars().count() > 5000 {
        errors.add("description", ErrorCode::TooLong);
    }
}

fn check_product_name(errors: &mut ValidationErrors, product_name: &str) {
    if product_name.is_empty() {
        errors.add("product_name", ErrorCode::Required);
    } else if product_name.chars().count() > 300 {
        errors.add("product_name", ErrorCode::TooLong);
    }
}

/// Registers an idea; the commune answers within [`IDEA_ANSWER_DAYS`].
pub async fn submit_idea(db: &Database, actor: &Actor, input: &IdeaInput) -> ServiceResult<IdeaDto> {
    let mut errors = ValidationErrors::new();
    let description = cleaned(&mut errors, "description", &input.description, Lines::Multi);
    check_description(&mut errors, &description);
    let tx = db.begin_write().await?;
    let producer = producer_repo::get(&tx, input.producer_id)
        .await?
        .ok_or_else(|| ServiceError::field("producer_id", ErrorCode::UnknownProducer))?;
    let product = match input.product_id {
        None => None,
        Some(id) => Some(
            product_repo::get(&tx, id)
                .await?
                .filter(|p| p.producer_id == producer.id)
                .ok_or_else(|| ServiceError::field("product_id", ErrorCode::NotFound))?,
        ),
    };
    let product_name = blank(input.product_name.as_deref())
        .map(|name| cleaned(&mut errors, "product_name", &name, Lines::Single))
        .or_else(|| product.as_ref().map(|p| p.name.clone()))
        .unwrap_or_default();
    check_product_name(&mut errors, &product_name);
    errors.into_result()?;
    let commune_id = product
        .as_ref()
        .map_or(producer.commune_id.clone(), |p| p.commune_id.clone());
    check(actor, Act::Prepare, &area_of(&tx, &commune_id, producer.id).await?)?;
    let today = today();
    let now = ocop_storage::now();
    let row = idea::Model {
        id: Uuid::now_v7(),
        producer_id: producer.id,
        product_id: product.as_ref().map(|p| p.id),
        kind: if product.is_some() { "existing" } else { "new" }.to_owned(),
        product_name,
        product_set_code: blank(input.product_set_code.as_deref())
            .or_else(|| product.as_ref().map(|p| p.product_set_code.clone())),
        description,
        commune_id,
        state: IdeaState::submit().as_str().to_owned(),
        submitted_on: today,
        due_on: today + chrono::Duration::days(IDEA_ANSWER_DAYS),
        submitted_by: Some(actor.user_id.0),
        decided_on: None,
        decided_by: None,
        reason: None,
        row_version: 1,
        created_at: now,
        updated_at: now,
    };
    cycle_repo::save_idea(&tx, row.clone(), None).await?;
    let snapshot = serde_json::to_value(&row).unwrap_or_default();
    record(
        &tx,
        actor,
        "idea",
        row.id,
        IdeaStep::Submit.as_str(),
        None,
        IdeaState::submit().as_str(),
        Some(row.due_on),
        None,
        snapshot,
    )
    .await?;
    tx.commit().await?;
    get_idea(db, actor, row.id).await
}

/// The commune accepts (`accept = true`) or returns an idea with a reason.
pub async fn answer_idea(
    db: &Database,
    actor: &Actor,
    id: Uuid,
    accept: bool,
    input: &AnswerInput,
) -> ServiceResult<IdeaDto> {
    let reason = blank(input.reason.as_deref())
        .map(|reason| clean("reason", &reason, Lines::Multi))
        .transpose()?;
    if !accept && reason.is_none() {
        return Err(ServiceError::field("reason", ErrorCode::ReasonRequired));
    }
    let tx = db.begin_write().await?;
    let before = cycle_repo::idea(&tx, id).await?.ok_or(ServiceError::NotFound)?;
    check(
        actor,
        Act::Commune,
        &area_of(&tx, &before.commune_id, before.producer_id).await?,
    )?;
    let from = before.idea_state()?;
    let (step, state) = if accept {
        (IdeaStep::Accept, from.accept()?)
    } else {
        (IdeaStep::Return, from.send_back()?)
    };
    let row = idea::Model {
        state: state.as_str().to_owned(),
        decided_on: Some(today()),
        decided_by: Some(actor.user_id.0),
        reason: reason.clone(),
        row_version: before.row_version + 1,
        updated_at: ocop_storage::now(),
        ..before.clone()
    };
    if !cycle_repo::save_idea(&tx, row.clone(), Some(before.row_version)).await? {
        return Err(ServiceError::Conflict(ErrorCode::Conflict));
    }
    let snapshot = serde_json::to_value(&row).unwrap_or_default();
    record(
        &tx,
        actor,
        "idea",
        id,
        step.as_str(),
        Some(from.as_str()),
        state.as_str(),
        None,
        reason,
        snapshot,
    )
    .await?;
    tx.commit().await?;
    get_idea(db, actor, id).await
}

/// Body of `POST /api/v1/ideas/{id}/resubmit`: the idea as supplemented after a return.
#[derive(Debug, Clone, Default, Deserialize, Serialize, ToSchema)]
#[serde(default)]
pub struct IdeaSupplement {
    /// The product's name (blank: unchanged).
    pub product_name: Option<String>,
    /// Product set code (blank: none).
    pub product_set_code: Option<String>,
    /// The idea, supplemented.
    pub description: String,
}

/// The producer (or an officer of its area) supplements a returned idea and submits it again;
/// the commune has [`IDEA_ANSWER_DAYS`] again from today. The return's reason stays in the steps.
pub async fn resubmit_idea(db: &Database, actor: &Actor, id: Uuid, input: &IdeaSupplement) -> ServiceResult<IdeaDto> {
    let mut errors = ValidationErrors::new();
    let description = cleaned(&mut errors, "description", &input.description, Lines::Multi);
    check_description(&mut errors, &description);
    let tx = db.begin_write().await?;
    let before = cycle_repo::idea(&tx, id).await?.ok_or(ServiceError::NotFound)?;
    check(
        actor,
        Act::Prepare,
        &area_of(&tx, &before.commune_id, before.producer_id).await?,
    )?;
    let product_name = blank(input.product_name.as_deref())
        .map(|name| cleaned(&mut errors, "product_name", &name, Lines::Single))
        .unwrap_or_else(|| before.product_name.clone());
    check_product_name(&mut errors, &product_name);
    errors.into_result()?;
    let from = before.idea_state()?;
    let state = from.resubmit()?;
    let today = today();
    let row = idea::Model {
        product_name,
        product_set_code: blank(input.product_set_code.as_deref()),
        description,
        state: state.as_str().to_owned(),
        submitted_on: today,
        due_on: today + chrono::Duration::days(IDEA_ANSWER_DAYS),
        submitted_by: Some(actor.user_id.0),
        decided_on: None,
        decided_by: None,
        reason: None,
        row_version: before.row_version + 1,
        updated_at: ocop_storage::now(),
        ..before.clone()
    };
    if !cycle_repo::save_idea(&tx, row.clone(), Some(before.row_version)).await? {
        return Err(ServiceError::Conflict(ErrorCode::Conflict));
    }
    let snapshot = serde_json::to_value(&row).unwrap_or_default();
    record(
        &tx,
        actor,
        "idea",
        id,
        IdeaStep::Resubmit.as_str(),
        Some(from.as_str()),
        state.as_str(),
        Some(row.due_on),
        None,
        snapshot,
    )
    .await?;
    tx.commit().await?;
    get_idea(db, actor, id).await
}

/// A budget line (dòng kinh phí).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct BudgetLine {
    /// What the money is for.
    pub item: String,
    /// Amount in đồng.
    pub amount_vnd: i64,
    /// `own` (vốn tự có), `loan` (vay), `support` (hỗ trợ nhà nước) or `other`.
    pub funding: String,
}

/// A business plan.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[schema(as = BusinessPlanDto)]
pub struct PlanDto {
    /// Identifier.
    pub id: Uuid,
    /// The producer.
    pub producer_id: Uuid,
    /// The idea it follows, if any.
    pub idea_id: Option<Uuid>,
    /// The product, if it exists.
    pub product_id: Option<Uuid>,
    /// Title.
    pub title: String,
    /// Summary.
    pub summary: String,
    /// Where the plan stands.
    pub state: PlanState,
    /// Sum of the lines, in đồng.
    pub total_vnd: i64,
    /// The budget.
    pub lines: Vec<BudgetLine>,
    /// Last submitted on.
    pub submitted_on: Option<NaiveDate>,
    /// The commune answers by.
    pub due_on: Option<NaiveDate>,
    /// Answered on.
    pub decided_on: Option<NaiveDate>,
    /// Why it was returned.
    pub reason: Option<String>,
    /// Every step.
    pub steps: Vec<CycleStepDto>,
    /// Optimistic-lock version.
    pub row_version: i32,
    /// What the caller may do now (`edit`, `submit`, `approve`, `return`); filled for one
    /// plan, empty in lists.
    pub actions: Vec<PlanStep>,
}

/// Body of `POST /api/v1/business-plans`.
#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
#[schema(as = BusinessPlanInput)]
pub struct PlanInput {
    /// The producer.
    pub producer_id: Uuid,
    /// The accepted idea it follows, if any.
    #[serde(default)]
    pub idea_id: Option<Uuid>,
    /// The product, if it exists.
    #[serde(default)]
    pub product_id: Option<Uuid>,
    /// Title.
    pub title: String,
    /// Summary of the plan.
    #[serde(default)]
    pub summary: String,
    /// Budget lines.
    #[serde(default)]
    pub lines: Vec<BudgetLine>,
}

/// The funding sources of a budget line, in the order forms offer them.
pub const FUNDING: [&str; 4] = ["own", "loan", "support", "other"];
/// The most budget lines a plan holds.
pub const MAX_LINES: usize = 200;
/// The largest amount of one line, in đồng (one trillion).
pub const MAX_LINE_VND: i64 = 1_000_000_000_000;

async fn plan_dto<C: ConnectionTrait>(conn: &C, row: business_plan::Model) -> ServiceResult<PlanDto> {
    let steps = cycle_repo::steps(conn, row.id)
        .await?
        .into_iter()
        .map(step_dto)
        .collect();
    let lines = cycle_repo::lines(conn, row.id)
        .await?
        .into_iter()
        .map(|l| BudgetLine {
            item: l.item,
            amount_vnd: l.amount_vnd,
            funding: l.funding,
        })
        .collect();
    let state = row.plan_state()?;
    Ok(PlanDto {
        id: row.id,
        producer_id: row.producer_id,
        idea_id: row.idea_id,
        product_id: row.product_id,
        title: row.title,
        summary: row.summary,
        state,
        total_vnd: row.total_vnd,
        lines,
        submitted_on: row.submitted_on,
        due_on: row.due_on,
        decided_on: row.decided_on,
        reason: row.reason,
        steps,
        row_version: row.row_version,
        actions: Vec::new(),
    })
}

/// The plans the actor may see, newest first.
pub async fn list_plans(db: &Database, actor: &Actor) -> ServiceResult<Vec<PlanDto>> {
    let rows = cycle_repo::plans(db.conn(), &filter_for(actor)?).await?;
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        out.push(plan_dto(db.conn(), row).await?);
    }
    Ok(out)
}

/// One plan.
pub async fn get_plan(db: &Database, actor: &Actor, id: Uuid) -> ServiceResult<PlanDto> {
    let row = cycle_repo::plan(db.conn(), id).await?.ok_or(ServiceError::NotFound)?;
    let area = area_of(db.conn(), &row.commune_id, row.producer_id).await?;
    check(actor, Act::Read, &area)?;
    let actions = plan_actions(actor, &area, row.plan_state()?);
    Ok(PlanDto {
        actions,
        ..plan_dto(db.conn(), row).await?
    })
}

/// Checks a plan's title, summary and budget lines as typed; returns every problem (fields
/// `title`, `summary`, `lines`, `lines.{i}.item|amount_vnd|funding`) and the total of the valid amounts. The
/// pages call it too, so a form shows the server's own messages for the lines it could parse.
pub fn check_plan(title: &str, summary: &str, lines: &[BudgetLine]) -> (ValidationErrors, i64) {
    let mut errors = ValidationErrors::new();
    let title = &cleaned(&mut errors, "title", title, Lines::Single);
    let summary = &cleaned(&mut errors, "summary", summary, Lines::Multi);
    if title.is_empty() {
        errors.add("title", ErrorCode::Required);
    } else if title.chars().count() > 300 {
        errors.add("title", ErrorCode::TooLong);
    }
    if summary.chars().count() > 10_000 {
        errors.add("summary", ErrorCode::TooLong);
    }
    if lines.len() > MAX_LINES {
        errors.add("lines", ErrorCode::TooLong);
    }
    let mut total: i64 = 0;
    for (i, line) in lines.iter().enumerate() {
        let item = cleaned(&mut errors, &format!("lines.{i}.item"), &line.item, Lines::Single);
        if item.is_empty() {
            errors.add(&format!("lines.{i}.item"), ErrorCode::Required);
        } else if item.chars().count() > 300 {
            errors.add(&format!("lines.{i}.item"), ErrorCode::TooLong);
        }
        if !(0..=MAX_LINE_VND).contains(&line.amount_vnd) {
            errors.add(&format!("lines.{i}.amount_vnd"), ErrorCode::InvalidNumber);
        } else {
            total += line.amount_vnd;
        }
        if !FUNDING.contains(&line.funding.trim()) {
            errors.add(&format!("lines.{i}.funding"), ErrorCode::InvalidChoice);
        }
    }
    (errors, total)
}

/// A text `check_plan` accepted, trimmed and in NFC as it is stored.
fn nfc(text: &str, lines: Lines) -> String {
    cleaned(&mut ValidationErrors::new(), "", text, lines)
}

fn line_rows(plan_id: Uuid, lines: &[BudgetLine]) -> Vec<business_plan_line::Model> {
    lines
        .iter()
        .enumerate()
        .map(|(i, l)| business_plan_line::Model {
            plan_id,
            position: i as i32 + 1,
            item: nfc(&l.item, Lines::Single),
            amount_vnd: l.amount_vnd,
            funding: l.funding.trim().to_owned(),
        })
        .collect()
}

/// Creates a draft plan with its budget.
pub async fn create_plan(db: &Database, actor: &Actor, input: &PlanInput) -> ServiceResult<PlanDto> {
    let (errors, total) = check_plan(&input.title, &input.summary, &input.lines);
    errors.into_result()?;
    let title = nfc(&input.title, Lines::Single);
    let tx = db.begin_write().await?;
    let producer = producer_repo::get(&tx, input.producer_id)
        .await?
        .ok_or_else(|| ServiceError::field("producer_id", ErrorCode::UnknownProducer))?;
    if let Some(idea_id) = input.idea_id {
        cycle_repo::idea(&tx, idea_id)
            .await?
            .filter(|i| i.producer_id == producer.id)
            .ok_or_else(|| ServiceError::field("idea_id", ErrorCode::NotFound))?;
    }
    let product = match input.product_id {
        None => None,
        Some(id) => Some(
            product_repo::get(&tx, id)
                .await?
                .filter(|p| p.producer_id == producer.id)
                .ok_or_else(|| ServiceError::field("product_id", ErrorCode::NotFound))?,
        ),
    };
    let commune_id = product
        .as_ref()
        .map_or(producer.commune_id.clone(), |p| p.commune_id.clone());
    check(actor, Act::Prepare, &area_of(&tx, &commune_id, producer.id).await?)?;
    let now = ocop_storage::now();
    let row = business_plan::Model {
        id: Uuid::now_v7(),
        producer_id: producer.id,
        idea_id: input.idea_id,
        product_id: product.map(|p| p.id),
        title,
        summary: nfc(&input.summary, Lines::Multi),
        commune_id,
        state: PlanState::create().as_str().to_owned(),
        total_vnd: total,
        submitted_on: None,
        due_on: None,
        decided_on: None,
        decided_by: None,
        reason: None,
        row_version: 1,
        created_at: now,
        updated_at: now,
    };
    cycle_repo::save_plan(&tx, row.clone(), None).await?;
    let lines = line_rows(row.id, &input.lines);
    cycle_repo::insert_lines(&tx, lines.clone()).await?;
    let mut snapshot = serde_json::to_value(&row).unwrap_or_default();
    snapshot["lines"] = serde_json::to_value(&lines).unwrap_or_default();
    record(
        &tx,
        actor,
        "business_plan",
        row.id,
        PlanStep::Create.as_str(),
        None,
        PlanState::create().as_str(),
        None,
        None,
        snapshot,
    )
    .await?;
    tx.commit().await?;
    get_plan(db, actor, row.id).await
}

/// Body of `PUT /api/v1/business-plans/{id}`: the plan's content, replacing title, summary and
/// every budget line.
#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
pub struct PlanUpdate {
    /// Title.
    pub title: String,
    /// Summary of the plan.
    #[serde(default)]
    pub summary: String,
    /// Budget lines (the whole budget; the total is computed here).
    #[serde(default)]
    pub lines: Vec<BudgetLine>,
    /// The version the change is based on (409 when someone saved in between).
    pub row_version: i32,
}

/// Edits a draft or returned plan (the producer supplementing it before submitting again).
pub async fn update_plan(db: &Database, actor: &Actor, id: Uuid, input: &PlanUpdate) -> ServiceResult<PlanDto> {
    let (errors, total) = check_plan(&input.title, &input.summary, &input.lines);
    let tx = db.begin_write().await?;
    let before = cycle_repo::plan(&tx, id).await?.ok_or(ServiceError::NotFound)?;
    check(
        actor,
        Act::Prepare,
        &area_of(&tx, &before.commune_id, before.producer_id).await?,
    )?;
    errors.into_result()?;
    let state = before.plan_state()?.edit()?;
    if before.row_version != input.row_version {
        return Err(ServiceError::Conflict(ErrorCode::Conflict));
    }
    let row = business_plan::Model {
        title: nfc(&input.title, Lines::Single),
        summary: nfc(&input.summary, Lines::Multi),
        total_vnd: total,
        row_version: before.row_version + 1,
        updated_at: ocop_storage::now(),
        ..before.clone()
    };
    if !cycle_repo::save_plan(&tx, row.clone(), Some(before.row_version)).await? {
        return Err(ServiceError::Conflict(ErrorCode::Conflict));
    }
    let lines = line_rows(id, &input.lines);
    cycle_repo::replace_lines(&tx, id, lines.clone()).await?;
    let mut snapshot = serde_json::to_value(&row).unwrap_or_default();
    snapshot["lines"] = serde_json::to_value(&lines).unwrap_or_default();
    record(
        &tx,
        actor,
        "business_plan",
        id,
        PlanStep::Edit.as_str(),
        Some(state.as_str()),
        state.as_str(),
        None,
        None,
        snapshot,
    )
    .await?;
    tx.commit().await?;
    get_plan(db, actor, id).await
}

/// Moves a plan on: [`PlanStep::Submit`], [`PlanStep::Approve`] or [`PlanStep::Return`]
/// (creating and editing have their own calls; asked here they are refused as out of order).
pub async fn act_on_plan(
    db: &Database,
    actor: &Actor,
    id: Uuid,
    step: PlanStep,
    input: &AnswerInput,
) -> ServiceResult<PlanDto> {
    let reason = blank(input.reason.as_deref())
        .map(|reason| clean("reason", &reason, Lines::Multi))
        .transpose()?;
    if step == PlanStep::Return && reason.is_none() {
        return Err(ServiceError::field("reason", ErrorCode::ReasonRequired));
    }
    let tx = db.begin_write().await?;
    let before = cycle_repo::plan(&tx, id).await?.ok_or(ServiceError::NotFound)?;
    let area = area_of(&tx, &before.commune_id, before.producer_id).await?;
    let today = today();
    check(actor, plan_act(step), &area)?;
    let from = before.plan_state()?;
    let to = match step {
        PlanStep::Submit | PlanStep::Approve | PlanStep::Return => from.apply(step)?,
        PlanStep::Create | PlanStep::Edit => {
            return Err(ocop_domain::cycle::InvalidTransition::Plan { from, step }.into());
        }
    };
    let mut row = business_plan::Model {
        state: to.as_str().to_owned(),
        row_version: before.row_version + 1,
        updated_at: ocop_storage::now(),
        ..before.clone()
    };
    let mut due = None;
    if step == PlanStep::Submit {
        row.submitted_on = Some(today);
        row.due_on = Some(today + chrono::Duration::days(PLAN_ANSWER_DAYS));
        row.decided_on = None;
        row.decided_by = None;
        row.reason = None;
        due = row.due_on;
    } else {
        row.decided_on = Some(today);
        row.decided_by = Some(actor.user_id.0);
        row.reason = reason.clone();
    }
    if !cycle_repo::save_plan(&tx, row.clone(), Some(before.row_version)).await? {
        return Err(ServiceError::Conflict(ErrorCode::Conflict));
    }
    let snapshot = serde_json::to_value(&row).unwrap_or_default();
    record(
        &tx,
        actor,
        "business_plan",
        id,
        step.as_str(),
        Some(from.as_str()),
        to.as_str(),
        due,
        reason,
        snapshot,
    )
    .await?;
    tx.commit().await?;
    get_plan(db, actor, id).await
}
