//! Programme tasks: create and edit by hand (besides the directive import),
//! list, read, complete (with evidence), comment; late tasks per office and
//! the weekly digest.

use chrono::{Duration, NaiveDate, Utc};
use ocop_domain::programme::directive::{Deadline, OfficeKind};
use ocop_domain::programme::task::{TaskDraft, TaskInput, TaskStatus, split_offices};
use ocop_domain::role::Actor;
use ocop_domain::{ErrorCode, ValidationErrors};
use ocop_storage::Database;
use ocop_storage::audit::{self, AuditEvent};
use ocop_storage::entities::{programme_task, programme_task_comment};
use ocop_storage::repo::programme_repo::{self, TaskQuery};
use ocop_storage::repo::{producer_repo, product_repo};
use sea_orm::ConnectionTrait;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use super::units::containing_units;
use super::{ListScope, list_scope, require_manage, require_view, unit_area};
use crate::admin_units::today;
use crate::error::{ServiceError, ServiceResult};
use crate::{Context, audit_actor, paging};

/// A task as shown.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq)]
pub struct TaskDto {
    /// Id.
    pub id: Uuid,
    /// The unit whose programme it belongs to.
    pub unit_id: String,
    /// The directive it comes from.
    pub directive_id: Option<Uuid>,
    /// Title.
    pub title: String,
    /// Full text.
    pub details: String,
    /// Office responsible.
    pub responsible: OfficeKind,
    /// Offices cooperating.
    pub cooperating: Vec<OfficeKind>,
    /// Deadline code as written (`by:2024-04-15`, `quarters:2023:3,4`, …).
    pub deadline: String,
    /// The deadline in Vietnamese.
    pub deadline_label: String,
    /// Last day allowed.
    pub due_on: Option<NaiveDate>,
    /// Day completed.
    pub done_on: Option<NaiveDate>,
    /// Status today (or on the day asked about).
    pub status: TaskStatus,
    /// Content key of the evidence file.
    pub evidence_sha256: Option<String>,
    /// File name of the evidence as uploaded.
    pub evidence_name: Option<String>,
    /// Producer link.
    pub producer_id: Option<Uuid>,
    /// Product link.
    pub product_id: Option<Uuid>,
    /// Row version for optimistic locking.
    pub row_version: i32,
}

/// A comment.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq)]
pub struct CommentDto {
    /// Id.
    pub id: Uuid,
    /// Login name of the author.
    pub author: String,
    /// Text.
    pub body: String,
    /// When.
    pub created_at: chrono::DateTime<Utc>,
}

/// The directive a task comes from.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq)]
pub struct DirectiveRef {
    /// Id.
    pub id: Uuid,
    /// Number ("163/KH-UBND").
    pub number: Option<String>,
    /// Date.
    pub issued_on: Option<NaiveDate>,
    /// Issuer.
    pub issuer: String,
    /// Title.
    pub title: String,
    /// Its kind as confirmed ("Kế hoạch", "Thông báo (kết luận)", …), when it was kept.
    pub kind_label: Option<String>,
}

/// A task with its comments.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct TaskDetail {
    /// The task.
    pub task: TaskDto,
    /// Its comments, oldest first.
    pub comments: Vec<CommentDto>,
    /// The directive it comes from (none for a task made by hand).
    pub directive: Option<DirectiveRef>,
    /// The linked producer's name.
    pub producer_name: Option<String>,
    /// The linked product's name.
    pub product_name: Option<String>,
}

pub(crate) fn dto(row: &programme_task::Model, on: NaiveDate) -> TaskDto {
    let deadline = Deadline::from_code(&row.deadline).unwrap_or(Deadline::None);
    TaskDto {
        id: row.id,
        unit_id: row.unit_id.clone(),
        directive_id: row.directive_id,
        title: row.title.clone(),
        details: row.details.clone(),
        responsible: OfficeKind::from_code(&row.responsible).unwrap_or(OfficeKind::Departments),
        cooperating: split_offices(&row.cooperating),
        deadline: row.deadline.clone(),
        deadline_label: deadline.label_vi(),
        due_on: row.due_on,
        done_on: row.done_on,
        status: TaskStatus::on(row.due_on, row.done_on, on),
        evidence_sha256: row.evidence_sha256.clone(),
        evidence_name: row.evidence_name.clone(),
        producer_id: row.producer_id,
        product_id: row.product_id,
        row_version: row.row_version,
    }
}

/// Filters for the task list.
#[derive(Debug, Clone, Default, Deserialize, ToSchema, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TaskListParams {
    /// Exactly this unit.
    pub unit_id: Option<String>,
    /// Office responsible (kind code).
    pub office: Option<String>,
    /// `open`, `done` or `late`.
    pub status: Option<String>,
    /// Tasks of one directive.
    pub directive_id: Option<Uuid>,
    /// Rows to skip.
    pub offset: Option<u64>,
    /// Rows to return.
    pub limit: Option<u64>,
}

/// A page of tasks.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TaskPage {
    /// Rows.
    pub items: Vec<TaskDto>,
    /// Total matching.
    pub total: u64,
}

fn query_of(actor: &Actor, params: &TaskListParams) -> ServiceResult<TaskQuery> {
    let mut errors = ValidationErrors::new();
    let status = match params.status.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => None,
        Some(s) => errors.check("status", TaskStatus::parse(s)),
    };
    let office = match params.office.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => None,
        Some(s) => errors.check("office", OfficeKind::from_code(s).ok_or(ErrorCode::UnknownOffice)),
    };
    errors.into_result().map_err(ServiceError::Validation)?;
    let (province_code, commune_code) = list_scope(actor)?.filters();
    Ok(TaskQuery {
        province_code,
        commune_code,
        unit_id: params.unit_id.clone().filter(|u| !u.trim().is_empty()),
        directive_id: params.directive_id,
        responsible: office.map(|o| o.code().to_owned()),
        status,
        today: Some(today()),
        offset: params.offset.unwrap_or(0),
        limit: paging::limit(params.limit),
    })
}

/// Lists tasks in the actor's province (the whole country for national roles).
pub async fn list(db: &Database, actor: &Actor, params: &TaskListParams) -> ServiceResult<TaskPage> {
    let query = query_of(actor, params)?;
    let page = programme_repo::list_tasks(db.conn(), &query).await?;
    let on = today();
    Ok(TaskPage {
        items: page.items.iter().map(|r| dto(r, on)).collect(),
        total: page.total,
    })
}

/// One task with its comments.
pub async fn get(db: &Database, actor: &Actor, id: Uuid) -> ServiceResult<TaskDetail> {
    let row = programme_repo::get_task(db.conn(), id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let (_, area) = unit_area(db.conn(), &row.unit_id).await?;
    require_view(actor, &area).map_err(|_| ServiceError::NotFound)?;
    let comments = programme_repo::comments_of(db.conn(), id).await?;
    let directive = match row.directive_id {
        Some(d) => programme_repo::get_directive(db.conn(), d)
            .await?
            .map(|d| DirectiveRef {
                id: d.id,
                number: d.number,
                issued_on: d.issued_on,
                issuer: d.issuer,
                title: d.title,
                kind_label: d
                    .kind
                    .as_deref()
                    .and_then(ocop_domain::programme::directive::DirectiveKind::from_code)
                    .map(|k| k.label_vi().to_owned()),
            }),
        None => None,
    };
    let producer_name = match row.producer_id {
        Some(p) => producer_repo::get(db.conn(), p).await?.map(|p| p.name),
        None => None,
    };
    let product_name = match row.product_id {
        Some(p) => product_repo::get(db.conn(), p).await?.map(|p| p.name),
        None => None,
    };
    Ok(TaskDetail {
        directive,
        producer_name,
        product_name,
        task: dto(&row, today()),
        comments: comments
            .into_iter()
            .map(|c| CommentDto {
                id: c.id,
                author: c.author,
                body: c.body,
                created_at: c.created_at,
            })
            .collect(),
    })
}

/// A task made by hand.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct NewTaskInput {
    /// The unit whose programme it belongs to (`2025/province/42`, `2025/commune/18673`, …).
    pub unit_id: String,
    /// The task.
    #[serde(flatten)]
    pub task: TaskInput,
}

/// A task edited by hand (its unit and directive stay).
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct TaskUpdateInput {
    /// The new content.
    #[serde(flatten)]
    pub task: TaskInput,
    /// Row version the change is based on.
    pub row_version: i32,
}

fn parse_task(input: &TaskInput) -> ServiceResult<TaskDraft> {
    let mut errors = ValidationErrors::new();
    let draft = input.parse("", &mut errors);
    errors.into_result().map_err(ServiceError::Validation)?;
    draft.ok_or_else(|| ServiceError::field("title", ErrorCode::Required))
}

/// Checks the optional links: the product exists (its producer is taken
/// when none is given, and must be the one given otherwise), the producer
/// exists and lies in the task's unit.
async fn check_links<C: ConnectionTrait>(conn: &C, unit_id: &str, draft: &mut TaskDraft) -> ServiceResult<()> {
    if let Some(product_id) = draft.product_id {
        let product = product_repo::get(conn, product_id)
            .await?
            .ok_or_else(|| ServiceError::field("product_id", ErrorCode::NotFound))?;
        match draft.producer_id {
            None => draft.producer_id = Some(product.producer_id),
            Some(p) if p != product.producer_id => {
                return Err(ServiceError::field("product_id", ErrorCode::InvalidChoice));
            }
            Some(_) => {}
        }
    }
    if let Some(producer_id) = draft.producer_id {
        let producer = producer_repo::get(conn, producer_id)
            .await?
            .ok_or_else(|| ServiceError::field("producer_id", ErrorCode::UnknownProducer))?;
        let inside = containing_units(conn, std::slice::from_ref(&producer.commune_id))
            .await?
            .get(&producer.commune_id)
            .is_some_and(|units| units.contains(unit_id));
        if !inside {
            return Err(ServiceError::field("producer_id", ErrorCode::ProducerOutsideUnit));
        }
    }
    Ok(())
}

/// Creates a task by hand (no directive); one audit entry.
pub async fn create(db: &Database, actor: &Actor, input: &NewTaskInput) -> ServiceResult<TaskDto> {
    let mut draft = parse_task(&input.task)?;
    let tx = db.begin_write().await?;
    let (unit, area) = unit_area(&tx, input.unit_id.trim()).await?;
    require_manage(actor, &area)?;
    check_links(&tx, &unit.id, &mut draft).await?;
    let row = programme_task::Model {
        id: Uuid::now_v7(),
        unit_id: unit.id.clone(),
        directive_id: None,
        title: draft.title.clone(),
        details: draft.details.clone(),
        responsible: draft.responsible.code().to_owned(),
        cooperating: draft.cooperating_codes(),
        deadline: draft.deadline.code(),
        due_on: draft.deadline.due_on(),
        done_on: None,
        evidence_sha256: None,
        evidence_name: None,
        producer_id: draft.producer_id,
        product_id: draft.product_id,
        created_at: ocop_storage::now(),
        row_version: 1,
    };
    programme_repo::insert_task(&tx, row.clone()).await?;
    audit::append(
        &tx,
        AuditEvent {
            actor: &audit_actor(actor),
            action: "programme_task.create",
            entity_type: "programme_task",
            entity_id: row.id.to_string(),
            before: None,
            after: Some(serde_json::to_value(&row).unwrap_or_default()),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(dto(&row, today()))
}

/// Edits a task's title, details, offices, deadline and links (409 when it
/// changed meanwhile); one audit entry with the row before and after.
pub async fn update(db: &Database, actor: &Actor, id: Uuid, input: &TaskUpdateInput) -> ServiceResult<TaskDto> {
    let mut draft = parse_task(&input.task)?;
    let tx = db.begin_write().await?;
    let before = programme_repo::get_task(&tx, id).await?.ok_or(ServiceError::NotFound)?;
    let (_, area) = unit_area(&tx, &before.unit_id).await?;
    require_manage(actor, &area)?;
    check_links(&tx, &before.unit_id, &mut draft).await?;
    let after = programme_task::Model {
        title: draft.title.clone(),
        details: draft.details.clone(),
        responsible: draft.responsible.code().to_owned(),
        cooperating: draft.cooperating_codes(),
        deadline: draft.deadline.code(),
        due_on: draft.deadline.due_on(),
        producer_id: draft.producer_id,
        product_id: draft.product_id,
        row_version: before.row_version + 1,
        ..before.clone()
    };
    if !programme_repo::update_task(&tx, after.clone(), input.row_version).await? {
        return Err(ServiceError::Conflict(ErrorCode::Conflict));
    }
    audit::append(
        &tx,
        AuditEvent {
            actor: &audit_actor(actor),
            action: "programme_task.update",
            entity_type: "programme_task",
            entity_id: id.to_string(),
            before: Some(serde_json::to_value(&before).unwrap_or_default()),
            after: Some(serde_json::to_value(&after).unwrap_or_default()),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(dto(&after, today()))
}

/// Marking a task done.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct CompleteInput {
    /// Day completed (dd/mm/yyyy or yyyy-mm-dd; today when empty).
    #[serde(default)]
    pub done_on: Option<String>,
    /// Row version the change is based on.
    pub row_version: i32,
}

/// An evidence file for a completion.
#[derive(Debug, Clone)]
pub struct Evidence {
    /// The bytes.
    pub bytes: Vec<u8>,
    /// The file name as uploaded.
    pub name: String,
}

fn parse_day(field: &str, text: Option<&str>) -> ServiceResult<NaiveDate> {
    match text.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(today()),
        Some(s) => ocop_domain::import::parse_date(s).map_err(|code| ServiceError::field(field, code)),
    }
}

/// Marks a task done on a day, with an optional evidence file kept in the
/// file store; one audit entry.
pub async fn complete(
    ctx: &Context,
    actor: &Actor,
    id: Uuid,
    input: &CompleteInput,
    evidence: Option<Evidence>,
) -> ServiceResult<TaskDto> {
    let done_on = parse_day("done_on", input.done_on.as_deref())?;
    if done_on > today() {
        return Err(ServiceError::field("done_on", ErrorCode::InvalidDate));
    }
    let stored = match &evidence {
        Some(file) if !file.bytes.is_empty() => {
            if file.bytes.len() > 20 * 1024 * 1024 {
                return Err(ServiceError::Coded(ErrorCode::PayloadTooLarge));
            }
            // Like the evidence vault: a PDF or an image by its bytes, never by its name.
            if crate::files::sniff(&file.bytes).is_none() {
                return Err(ServiceError::Coded(ErrorCode::UnsupportedMediaType));
            }
            Some((ctx.files.put(&file.bytes).await?, crate::files::safe_name(&file.name)))
        }
        _ => None,
    };
    let tx = ctx.db.begin_write().await?;
    let before = programme_repo::get_task(&tx, id).await?.ok_or(ServiceError::NotFound)?;
    let (_, area) = unit_area(&tx, &before.unit_id).await?;
    require_manage(actor, &area)?;
    if before.done_on.is_some() {
        return Err(ServiceError::Conflict(ErrorCode::TaskAlreadyDone));
    }
    let mut after = before.clone();
    after.done_on = Some(done_on);
    if let Some((key, name)) = stored {
        after.evidence_sha256 = Some(key);
        after.evidence_name = Some(name);
    }
    after.row_version += 1;
    if !programme_repo::update_task(&tx, after.clone(), input.row_version).await? {
        return Err(ServiceError::Conflict(ErrorCode::Conflict));
    }
    audit::append(
        &tx,
        AuditEvent {
            actor: &audit_actor(actor),
            action: "programme_task.complete",
            entity_type: "programme_task",
            entity_id: id.to_string(),
            before: Some(serde_json::to_value(&before).unwrap_or_default()),
            after: Some(serde_json::to_value(&after).unwrap_or_default()),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(dto(&after, today()))
}

/// A new comment.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct CommentInput {
    /// Text (1–5000 characters).
    pub body: String,
}

/// Adds a comment to a task (officers who may read the task may comment).
pub async fn comment(db: &Database, actor: &Actor, id: Uuid, input: &CommentInput) -> ServiceResult<CommentDto> {
    let body = input.body.trim();
    if body.is_empty() {
        return Err(ServiceError::field("body", ErrorCode::Required));
    }
    if body.chars().count() > 5_000 {
        return Err(ServiceError::field("body", ErrorCode::TooLong));
    }
    let tx = db.begin_write().await?;
    let task = programme_repo::get_task(&tx, id).await?.ok_or(ServiceError::NotFound)?;
    let (_, area) = unit_area(&tx, &task.unit_id).await?;
    require_view(actor, &area).map_err(|_| ServiceError::NotFound)?;
    let row = programme_task_comment::Model {
        id: Uuid::now_v7(),
        task_id: id,
        author: actor.username.clone(),
        body: body.to_owned(),
        created_at: ocop_storage::now(),
    };
    programme_repo::insert_comment(&tx, row.clone()).await?;
    audit::append(
        &tx,
        AuditEvent {
            actor: &audit_actor(actor),
            action: "programme_task.comment",
            entity_type: "programme_task",
            entity_id: id.to_string(),
            before: None,
            after: Some(serde_json::to_value(&row).unwrap_or_default()),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(CommentDto {
        id: row.id,
        author: row.author,
        body: row.body,
        created_at: row.created_at,
    })
}

/// Late tasks of one office.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct OfficeLate {
    /// The office.
    pub office: OfficeKind,
    /// Its Vietnamese name.
    pub office_label: String,
    /// Its late tasks, the longest overdue first.
    pub tasks: Vec<TaskDto>,
}

/// The weekly digest: what is late, what falls due in the coming week, what
/// was done in the past week.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Digest {
    /// The day it was made for.
    pub on: NaiveDate,
    /// The province it covers (`None` with no commune: the whole country).
    pub province_code: Option<String>,
    /// The commune it covers, for a commune officer.
    pub commune_code: Option<String>,
    /// Late tasks per office responsible.
    pub late_by_office: Vec<OfficeLate>,
    /// Open tasks whose last day falls within the next 7 days.
    pub due_this_week: Vec<TaskDto>,
    /// Tasks completed in the 7 days up to `on`.
    pub done_last_week: Vec<TaskDto>,
    /// Oversight in the province (the country for national roles): inspections due, findings
    /// past their last day, proposals waiting, cases open by age.
    pub oversight: crate::oversight::worklist::OversightCounts,
}

/// Builds the digest for an area on `on`.
pub async fn digest_for(db: &Database, scope: &ListScope, on: NaiveDate) -> ServiceResult<Digest> {
    let (province_code, commune_code) = scope.filters();
    let all = programme_repo::all_tasks(
        db.conn(),
        &TaskQuery {
            province_code: province_code.clone(),
            commune_code: commune_code.clone(),
            ..TaskQuery::default()
        },
    )
    .await?;
    let tasks: Vec<TaskDto> = all.iter().map(|r| dto(r, on)).collect();
    let mut late_by_office: Vec<OfficeLate> = Vec::new();
    for office in OfficeKind::ALL {
        let mut late: Vec<TaskDto> = tasks
            .iter()
            .filter(|t| t.responsible == office && t.status == TaskStatus::Late)
            .cloned()
            .collect();
        if late.is_empty() {
            continue;
        }
        late.sort_by_key(|t| (t.due_on, t.id));
        late_by_office.push(OfficeLate {
            office,
            office_label: office.label_vi_on(on).to_owned(),
            tasks: late,
        });
    }
    let week = on + Duration::days(7);
    let due_this_week = tasks
        .iter()
        .filter(|t| t.status == TaskStatus::Open && t.due_on.is_some_and(|d| d >= on && d <= week))
        .cloned()
        .collect();
    let done_last_week = tasks
        .iter()
        .filter(|t| t.done_on.is_some_and(|d| d <= on && d > on - Duration::days(7)))
        .cloned()
        .collect();
    // Oversight is recorded per province: a commune's digest counts its province's.
    let oversight_province = match (&province_code, &commune_code) {
        (Some(p), _) => Some(p.clone()),
        (None, Some(c)) => crate::admin_units::place(db.conn(), &format!("2025/commune/{c}"))
            .await
            .ok()
            .and_then(|p| p.today_province_codes.into_iter().next()),
        (None, None) => None,
    };
    let area = match &oversight_province {
        Some(p) => ocop_storage::repo::oversight_repo::Area::Province(p),
        None => ocop_storage::repo::oversight_repo::Area::National,
    };
    let oversight = crate::oversight::worklist::worklist_in(db, area, on).await?.total;
    Ok(Digest {
        on,
        province_code,
        commune_code,
        oversight,
        late_by_office,
        due_this_week,
        done_last_week,
    })
}

/// The digest in the actor's province (the whole country for national roles).
pub async fn digest(db: &Database, actor: &Actor) -> ServiceResult<Digest> {
    digest_for(db, &list_scope(actor)?, today()).await
}

/// The digest as plain text (Vietnamese, dates dd/mm/yyyy), for the command
/// line and e-mail.
pub fn digest_text(digest: &Digest) -> String {
    use std::fmt::Write as _;
    let day = |d: Option<NaiveDate>| d.map_or_else(|| "—".to_owned(), |d| d.format("%d/%m/%Y").to_string());
    let mut out = String::new();
    let _ = writeln!(out, "Tổng hợp nhiệm vụ tuần đến ngày {}", digest.on.format("%d/%m/%Y"));
    let late: usize = digest.late_by_office.iter().map(|o| o.tasks.len()).sum();
    let _ = writeln!(out, "\nQuá hạn ({late}):");
    for office in &digest.late_by_office {
        let _ = writeln!(out, "  {} ({})", office.office_label, office.tasks.len());
        for t in &office.tasks {
            let _ = writeln!(out, "    - hạn {}: {}", day(t.due_on), t.title);
        }
    }
    let _ = writeln!(out, "\nĐến hạn trong 7 ngày tới ({}):", digest.due_this_week.len());
    for t in &digest.due_this_week {
        let _ = writeln!(
            out,
            "  - hạn {} [{}]: {}",
            day(t.due_on),
            t.responsible.label_vi_on(digest.on),
            t.title
        );
    }
    let o = &digest.oversight;
    let _ = writeln!(out, "\nHậu kiểm:");
    let _ = writeln!(out, "  - cuộc kiểm tra đến hạn trong 14 ngày: {}", o.inspections_due);
    let _ = writeln!(out, "  - biên bản chưa ký kết thúc: {}", o.records_open);
    let _ = writeln!(out, "  - tồn tại quá hạn khắc phục: {}", o.findings_past_deadline);
    let _ = writeln!(out, "  - đề xuất xử lý chờ quyết định: {}", o.proposals_waiting);
    let _ = writeln!(
        out,
        "  - vụ việc đang mở: {} dưới 7 ngày, {} từ 7 đến 30 ngày, {} quá 30 ngày",
        o.cases_open_under_7_days, o.cases_open_7_to_30_days, o.cases_open_over_30_days
    );
    let _ = writeln!(out, "\nHoàn thành trong 7 ngày qua ({}):", digest.done_last_week.len());
    for t in &digest.done_last_week {
        let _ = writeln!(
            out,
            "  - ngày {} [{}]: {}",
            day(t.done_on),
            t.responsible.label_vi_on(digest.on),
            t.title
        );
    }
    out
}
