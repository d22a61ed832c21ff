//! `/programme`: the programme overview (late tasks per office, tasks due
//! this week, plans), directive import (paste → review → confirm), a plan
//! with its targets against computed actuals (SVG chart made on the server)
//! and a task (complete, comment).

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::NaiveDate;
use ocop_domain::ErrorCode;
use ocop_domain::programme::directive::review::excerpt;
use ocop_domain::programme::directive::{
    Deadline, DirectiveKind, DirectiveProposal, OfficeKind, SourceSpan, TargetKind, TargetLevel,
};
use ocop_domain::programme::plan::TargetInput;
use ocop_domain::programme::task::TaskInput;
use ocop_service::ServiceError;
use ocop_service::programme::charts::{Bar, progress_bars};
use ocop_service::programme::directives::{self, ConfirmInput, PreviewInput};
use ocop_service::programme::plans::{self, PlanDto, PlanSummary};
use ocop_service::programme::tasks::{self, CommentInput, CompleteInput, Digest, TaskDetail};
use serde::Deserialize;
use uuid::Uuid;

use super::chrome::Chrome;
use super::render;
use super::unit_choice::{self, Offer, UnitChoices};
use crate::app::AppState;
use crate::auth::RequireActor;
use crate::error::PageError;
use crate::form_day::{FormDay, dmy};

/// An office choice in a select.
pub struct OfficeOption {
    code: &'static str,
    label: &'static str,
}

fn office_options() -> Vec<OfficeOption> {
    OfficeKind::ALL
        .into_iter()
        .map(|k| OfficeOption {
            code: k.code(),
            label: k.label_vi(),
        })
        .collect()
}

#[derive(Template)]
#[template(path = "programme_home.html")]
struct HomePage {
    chrome: Chrome,
    digest: Digest,
    plans: Vec<PlanSummary>,
    offices: Vec<OfficeOption>,
    unit_choices: UnitChoices,
}

/// `GET /programme`.
pub async fn home(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
    chrome: Chrome,
) -> Result<Response, PageError> {
    let lang = chrome.lang;
    let digest = tasks::digest(&state.ctx.db, &actor).await?;
    let plans = plans::list(&state.ctx.db, &actor).await?;
    let unit_choices = unit_choice::for_actor(&state, &actor, Offer::default(), "").await?;
    Ok(render(
        &HomePage {
            chrome,
            digest,
            plans,
            offices: office_options(),
            unit_choices,
        },
        lang,
    ))
}

/// The paste form. The unit is chosen on the review page, once the
/// officer has seen whose directive it is.
#[derive(Debug, Default, Deserialize)]
pub struct PasteForm {
    #[serde(default)]
    unit_id: String,
    text: String,
}

/// The text around a proposal's source, its own words marked.
pub struct SourceView {
    line: usize,
    before: String,
    marked: String,
    after: String,
}

fn source_view(text: &str, span: SourceSpan, line: usize) -> SourceView {
    let e = excerpt(text, span, 160);
    SourceView {
        line,
        before: e.before,
        marked: e.marked,
        after: e.after,
    }
}

/// A proposed task in the review form.
pub struct ReviewTask {
    index: usize,
    title: String,
    details: String,
    responsible: String,
    /// The office as the text names it, when the list does not know it.
    named: String,
    cooperating: String,
    /// The deadline as people write it ("trước ngày 30/06/2027").
    deadline: String,
    deadline_meaning: String,
    source: SourceView,
}

/// A proposed target in the review form.
pub struct ReviewTarget {
    index: usize,
    kind: String,
    count: u32,
    min_stars: String,
    level: String,
    communes: String,
    text: String,
    source: SourceView,
}

/// A choice in a select.
pub struct Choice {
    code: &'static str,
    label: &'static str,
}

#[derive(Template)]
#[template(path = "programme_review.html")]
struct ReviewPage {
    chrome: Chrome,
    text: String,
    issuer: String,
    number: String,
    issued_on: String,
    kind: String,
    kinds: Vec<Choice>,
    year: String,
    tasks: Vec<ReviewTask>,
    targets: Vec<ReviewTarget>,
    offices: Vec<OfficeOption>,
    target_kinds: Vec<Choice>,
    levels: Vec<Choice>,
    unit_choices: UnitChoices,
}

fn review_page(chrome: Chrome, form: PasteForm, proposal: DirectiveProposal, unit_choices: UnitChoices) -> ReviewPage {
    let text = form.text;
    let tasks = proposal
        .tasks
        .iter()
        .enumerate()
        .map(|(index, t)| ReviewTask {
            index,
            title: t.title.clone(),
            details: t.details.clone(),
            responsible: t.responsible.unwrap_or(OfficeKind::Departments).code().to_owned(),
            named: match (t.responsible, &t.responsible_name) {
                (Some(OfficeKind::Other) | None, Some(name)) => name.clone(),
                _ => String::new(),
            },
            cooperating: t
                .cooperating
                .iter()
                .map(|k| k.label_vi())
                .collect::<Vec<_>>()
                .join("; "),
            deadline: match t.deadline {
                Deadline::None => String::new(),
                ref d => d.label_vi(),
            },
            deadline_meaning: t.deadline_label(),
            source: source_view(&text, t.span, t.line),
        })
        .collect();
    let targets = proposal
        .targets
        .iter()
        .enumerate()
        .map(|(index, t)| ReviewTarget {
            index,
            kind: t.kind.code().to_owned(),
            count: t.count,
            min_stars: t.min_stars.map(|s| s.to_string()).unwrap_or_default(),
            level: t.level.map(|l| level_code(l).to_owned()).unwrap_or_default(),
            communes: t.communes.join(", "),
            text: t.text.clone(),
            source: source_view(&text, t.span, 0),
        })
        .collect();
    let meta = proposal.meta;
    ReviewPage {
        chrome,
        issuer: meta.issuer.unwrap_or_default(),
        number: meta.number.unwrap_or_default(),
        issued_on: meta
            .issued_on
            .map(|d| d.format("%d/%m/%Y").to_string())
            .unwrap_or_default(),
        kind: meta.kind.map(|k| k.code().to_owned()).unwrap_or_default(),
        kinds: DirectiveKind::ALL
            .into_iter()
            .map(|k| Choice {
                code: k.code(),
                label: k.label_vi(),
            })
            .collect(),
        year: meta.year.map(|y| y.to_string()).unwrap_or_default(),
        text,
        tasks,
        targets,
        offices: office_options(),
        target_kinds: TargetKind::ALL
            .into_iter()
            .map(|k| Choice {
                code: k.code(),
                label: k.label_vi(),
            })
            .collect(),
        levels: [TargetLevel::District, TargetLevel::Province, TargetLevel::National]
            .into_iter()
            .map(|l| Choice {
                code: level_code(l),
                label: l.label_vi(),
            })
            .collect(),
        unit_choices,
    }
}

fn level_code(level: TargetLevel) -> &'static str {
    match level {
        TargetLevel::District => "district",
        TargetLevel::Province => "province",
        TargetLevel::National => "national",
    }
}

/// `POST /programme/import`: reads the pasted text and shows the proposal for review.
pub async fn import_preview(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
    chrome: Chrome,
    Form(form): Form<PasteForm>,
) -> Result<Response, PageError> {
    let lang = chrome.lang;
    let proposal = directives::preview(
        &actor,
        &PreviewInput {
            text: form.text.clone(),
        },
    )?;
    // The unit (and so the plan) the directive feeds is the officer's
    // choice: nothing is selected until they pick one, whatever their own
    // unit is (a Quảng Trị notice must not become a Hà Tĩnh plan by default).
    let mut unit_choices = unit_choice::for_actor(&state, &actor, Offer::default(), &form.unit_id).await?;
    if form.unit_id.trim().is_empty() {
        unit_choices.selected = String::new();
    }
    Ok(render(&review_page(chrome, form, proposal, unit_choices), lang))
}

/// The deadline typed on the review page, read.
#[derive(Debug, Default, Deserialize)]
pub struct DeadlineQuery {
    /// The directive's year, for dates written without one.
    #[serde(default)]
    doc_year: String,
}

/// `GET /programme/import/deadline?task_N_deadline=…&doc_year=…`: what a
/// typed deadline means, as a fragment for the review page (htmx), so the
/// officer sees the effect of a correction before saving.
pub async fn deadline_meaning(
    RequireActor(actor): RequireActor,
    chrome: Chrome,
    Query(query): Query<DeadlineQuery>,
    Query(fields): Query<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let lang = chrome.lang;
    // The same roles as the review page it serves (access.toml).
    if !ocop_service::programme::directives::may_review(&actor) {
        return Err(PageError::new(ServiceError::Forbidden, lang));
    }
    let typed = fields
        .iter()
        .find(|(k, _)| k.ends_with("deadline"))
        .map(|(_, v)| v.as_str())
        .unwrap_or("");
    let year = query.doc_year.trim().parse().ok();
    let body = match Deadline::parse_typed(typed, year) {
        Some(d) => format!("<span data-testid=\"deadline-meaning\">{}</span>", d.label_vi()),
        None => format!(
            "<span class=\"field-error\" role=\"alert\" data-testid=\"deadline-meaning\">{}</span>",
            ErrorCode::InvalidDeadline.message(lang)
        ),
    };
    Ok(axum::response::Html(body).into_response())
}

/// A typed deadline as its code, read with the directive's year; what
/// cannot be read is passed on as typed, for the service to report.
fn deadline_code(typed: &str, year: Option<i32>) -> String {
    Deadline::parse_typed(typed, year).map_or_else(|| typed.to_owned(), |d| d.code())
}

/// `POST /programme/import/confirm`: saves the reviewed tasks and targets (the
/// ticked rows only) in one transaction.
pub async fn import_confirm(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
    chrome: Chrome,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let lang = chrome.lang;
    let get = |name: &str| {
        fields
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let doc_year = get("doc_year").trim().parse().ok();
    let mut input = ConfirmInput {
        unit_id: get("unit_id"),
        number: Some(get("number")).filter(|n| !n.trim().is_empty()),
        issued_on: Some(get("issued_on")).filter(|n| !n.trim().is_empty()),
        issuer: get("issuer"),
        title: get("title"),
        kind: Some(get("kind")).filter(|k| !k.trim().is_empty()),
        text: get("text"),
        plan_year: get("plan_year").trim().parse().ok(),
        ..ConfirmInput::default()
    };
    for i in 0..500 {
        let key = |f: &str| format!("task_{i}_{f}");
        if fields.iter().all(|(k, _)| !k.starts_with(&format!("task_{i}_"))) {
            break;
        }
        if get(&key("keep")) != "on" {
            continue;
        }
        input.tasks.push(TaskInput {
            title: get(&key("title")),
            details: get(&key("details")),
            responsible: get(&key("responsible")),
            deadline: deadline_code(&get(&key("deadline")), doc_year),
            ..TaskInput::default()
        });
    }
    for i in 0..200 {
        let key = |f: &str| format!("target_{i}_{f}");
        if fields.iter().all(|(k, _)| !k.starts_with(&format!("target_{i}_"))) {
            break;
        }
        if get(&key("keep")) != "on" {
            continue;
        }
        input.targets.push(TargetInput {
            kind: get(&key("kind")),
            count: get(&key("count")).trim().parse().unwrap_or(-1),
            min_stars: get(&key("min_stars")).trim().parse().ok(),
            level: Some(get(&key("level"))).filter(|l| !l.trim().is_empty()),
            text: get(&key("text")),
            ..TargetInput::default()
        });
    }
    if input.targets.is_empty() {
        input.plan_year = None;
    }
    match directives::confirm(&state.ctx.db, &actor, &input).await {
        Ok(saved) => Ok(Redirect::to(&match saved.plan_id {
            Some(plan) => format!("/programme/plans/{plan}"),
            None => "/programme".to_owned(),
        })
        .into_response()),
        Err(e @ ServiceError::Validation(_)) => {
            let (status, body) = validation_page(&chrome, &e);
            Ok((status, body).into_response())
        }
        Err(e) => Err(PageError::new(e, lang)),
    }
}

/// A 422 page listing every field problem (the review form is re-done by going back).
pub(crate) fn validation_page(chrome: &Chrome, error: &ServiceError) -> (StatusCode, axum::response::Html<String>) {
    let lang = chrome.lang;
    let mut items = String::new();
    if let Some(errors) = error.field_errors() {
        for f in &errors.fields {
            items.push_str(&format!(
                "<li><code>{}</code>: {}</li>",
                f.field.replace('<', "&lt;"),
                f.code.message(lang)
            ));
        }
    }
    let title = lang.pick(
        "Chưa lưu được: kiểm tra lại các trường sau",
        "Not saved: check these fields",
    );
    let back = lang.pick("Quay lại để sửa", "Go back to correct them");
    (
        StatusCode::UNPROCESSABLE_ENTITY,
        axum::response::Html(format!(
            "<!doctype html><html lang=\"{}\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{title}</title><link rel=\"stylesheet\" href=\"/assets/vendor/pico.min.css\"><link rel=\"stylesheet\" href=\"/assets/site.css\"></head><body><main class=\"container\"><h1>{title}</h1><ul data-testid=\"field-errors\">{items}</ul><p><a href=\"/programme\">{back}</a></p></main></body></html>",
            lang.tag()
        )),
    )
}

#[derive(Template)]
#[template(path = "programme_plan.html")]
struct PlanPage {
    chrome: Chrome,
    plan: PlanDto,
    chart: String,
    on: String,
}

/// The day to compute a plan's actuals for.
#[derive(Debug, Default, Deserialize)]
pub struct OnQuery {
    #[serde(default)]
    on: FormDay,
}

/// `GET /programme/plans/{id}`: targets against actuals, as a table and a chart.
pub async fn plan(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
    chrome: Chrome,
    Path(id): Path<Uuid>,
    Query(query): Query<OnQuery>,
) -> Result<Response, PageError> {
    let lang = chrome.lang;
    let on = query.on.day();
    let plan = plans::view(&state.ctx.db, &actor, id, on).await?;
    let bars: Vec<Bar> = plan
        .targets
        .iter()
        .filter(|t| t.actual.is_some())
        .map(|t| Bar {
            label: if t.kind == TargetKind::Other {
                t.text.clone()
            } else {
                t.kind_label.clone()
            },
            actual: t.actual.unwrap_or(0),
            target: i64::from(t.count),
        })
        .collect();
    let chart = progress_bars(&format!("{} — {}", plan.title, plan.unit_name), &bars);
    let on = dmy(plan.on);
    Ok(render(
        &PlanPage {
            chrome,
            plan,
            chart,
            on,
        },
        lang,
    ))
}

#[derive(Template)]
#[template(path = "programme_task.html")]
struct TaskPage {
    chrome: Chrome,
    detail: TaskDetail,
    offices: Vec<OfficeOption>,
    /// The deadline as the edit form shows it (dd/mm/yyyy for a day, the code otherwise).
    due: String,
    /// The cooperating offices as the edit form shows them (codes, comma-separated).
    cooperating: String,
}

/// `GET /programme/tasks/{id}`.
pub async fn task(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
    chrome: Chrome,
    Path(id): Path<Uuid>,
) -> Result<Response, PageError> {
    let lang = chrome.lang;
    let detail = tasks::get(&state.ctx.db, &actor, id).await?;
    let due = match detail.task.deadline.strip_prefix("by:") {
        Some(day) => NaiveDate::parse_from_str(day, "%Y-%m-%d")
            .map(|d| d.format("%d/%m/%Y").to_string())
            .unwrap_or_else(|_| detail.task.deadline.clone()),
        None if detail.task.deadline == "none" => String::new(),
        None => detail.task.deadline.clone(),
    };
    let cooperating = ocop_domain::programme::task::join_offices(&detail.task.cooperating);
    Ok(render(
        &TaskPage {
            chrome,
            detail,
            offices: office_options(),
            due,
            cooperating,
        },
        lang,
    ))
}

/// The completion form.
#[derive(Debug, Default, Deserialize)]
pub struct CompleteForm {
    done_on: Option<String>,
    row_version: i32,
}

/// `POST /programme/tasks/{id}/complete`.
pub async fn complete(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
    Path(id): Path<Uuid>,
    Form(form): Form<CompleteForm>,
) -> Result<Response, PageError> {
    let input = CompleteInput {
        done_on: form.done_on,
        row_version: form.row_version,
    };
    tasks::complete(&state.ctx, &actor, id, &input, None).await?;
    Ok(Redirect::to(&format!("/programme/tasks/{id}")).into_response())
}

/// The comment form.
#[derive(Debug, Default, Deserialize)]
pub struct CommentForm {
    body: String,
}

/// `POST /programme/tasks/{id}/comments`.
pub async fn comment(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
    Path(id): Path<Uuid>,
    Form(form): Form<CommentForm>,
) -> Result<Response, PageError> {
    tasks::comment(&state.ctx.db, &actor, id, &CommentInput { body: form.body }).await?;
    Ok(Redirect::to(&format!("/programme/tasks/{id}#comments")).into_response())
}

#[derive(Template)]
#[template(path = "programme_dashboard.html")]
struct DashboardPage {
    chrome: Chrome,
    dashboard: ocop_service::programme::dashboard::Dashboard,
}

impl DashboardPage {
    /// The day of the figures, as the input shows it (dd/mm/yyyy).
    fn on(&self) -> String {
        dmy(self.dashboard.on)
    }
}

/// The unit of a dashboard page.
#[derive(Debug, Default, Deserialize)]
pub struct DashboardQuery {
    unit_id: Option<String>,
    #[serde(default)]
    on: FormDay,
}

/// `GET /programme/dashboard?unit_id=…`: the unit's figures, star bars and
/// province map (the caller's own province or commune when no unit is given).
pub async fn dashboard(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
    chrome: Chrome,
    Query(query): Query<DashboardQuery>,
) -> Result<Response, PageError> {
    use ocop_domain::role::Scope;
    let lang = chrome.lang;
    let unit_id = match query.unit_id.filter(|u| !u.trim().is_empty()) {
        Some(u) if u.trim() != super::national::UNIT_ID => u,
        // The whole country: the national page (which refuses anyone else).
        Some(_) => return Ok(super::national::redirect(query.on.day())),
        None => match &actor.scope {
            Scope::Commune { commune_code, .. } => format!("2025/commune/{commune_code}"),
            Scope::Province { province_code } => format!("2025/province/{province_code}"),
            _ if ocop_domain::programme::may_view_national(&actor) => {
                return Ok(super::national::redirect(query.on.day()));
            }
            _ => "2025/province/01".to_owned(),
        },
    };
    let on = query.on.day();
    let dashboard = ocop_service::programme::dashboard::dashboard(&state.ctx.db, &actor, unit_id.trim(), on).await?;
    Ok(render(&DashboardPage { chrome, dashboard }, lang))
}
