//! Programme records made by hand through forms: a task (create on
//! `/programme`, edit on its page), fairs and promotion events with their
//! participants, training courses and support disbursements
//! (`/programme/activities`), and a product's yearly revenue (product page).
//! A failed form answers 422 with every field problem named.

use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use ocop_domain::programme::activity::{
    EventInput, EventKind, RevenueInput, SupportInput, SupportSource, TrainingInput, parse_day, parse_million_vnd,
    parse_vnd,
};
use ocop_domain::programme::task::TaskInput;
use ocop_domain::{ErrorCode, ValidationErrors};
use ocop_service::ServiceError;
use ocop_service::programme::activities::{self, EventDto, ParticipantInput, SupportDto, TrainingDto};
use ocop_service::programme::revenues;
use ocop_service::programme::tasks::{self, NewTaskInput, TaskUpdateInput};
use serde::Deserialize;
use uuid::Uuid;

use super::chrome::Chrome;
use super::programme::validation_page;
use super::render;
use super::unit_choice::{self, Offer, UnitChoices};
use crate::app::AppState;
use crate::auth::RequireActor;
use crate::error::PageError;

/// A service failure on a form: the field list (422) for validation, the error page otherwise.
fn failed(chrome: &Chrome, error: ServiceError) -> Result<Response, PageError> {
    match error {
        e @ ServiceError::Validation(_) => Ok(validation_page(chrome, &e).into_response()),
        e => Err(PageError::new(e, chrome.lang)),
    }
}

/// The deadline code of a form's fields: a day (dd/mm/yyyy) → `by:…`,
/// "thường xuyên" → `ongoing`, empty → `none`; anything else is passed on
/// as a code (and refused by the task's checks if it is not one).
fn deadline_code(due: &str) -> String {
    let due = due.trim();
    if due.is_empty() {
        return "none".into();
    }
    if ocop_domain::text::fold(due) == "thuong xuyen" {
        return "ongoing".into();
    }
    match parse_day(due) {
        Ok(day) => format!("by:{day}"),
        Err(_) => due.to_owned(),
    }
}

/// The task form.
#[derive(Debug, Default, Deserialize)]
pub struct TaskForm {
    #[serde(default)]
    unit_id: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    details: String,
    #[serde(default)]
    responsible: String,
    #[serde(default)]
    cooperating: String,
    #[serde(default)]
    due: String,
    #[serde(default)]
    producer_id: String,
    #[serde(default)]
    product_id: String,
    #[serde(default)]
    row_version: i32,
}

impl TaskForm {
    /// The task it describes; a malformed producer or product id is a field error.
    fn input(&self) -> Result<TaskInput, ServiceError> {
        let mut errors = ValidationErrors::new();
        let id = |field: &str, text: &str, errors: &mut ValidationErrors| match text.trim() {
            "" => None,
            t => match Uuid::parse_str(t) {
                Ok(id) => Some(id),
                Err(_) => {
                    errors.add(field, ErrorCode::NotFound);
                    None
                }
            },
        };
        let producer_id = id("producer_id", &self.producer_id, &mut errors);
        let product_id = id("product_id", &self.product_id, &mut errors);
        errors.into_result().map_err(ServiceError::Validation)?;
        Ok(TaskInput {
            title: self.title.clone(),
            details: self.details.clone(),
            responsible: self.responsible.clone(),
            cooperating: self
                .cooperating
                .split(',')
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .map(str::to_owned)
                .collect(),
            deadline: deadline_code(&self.due),
            producer_id,
            product_id,
        })
    }
}

/// `POST /programme/tasks`: a task made by hand; to its page.
pub async fn create_task(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
    chrome: Chrome,
    Form(form): Form<TaskForm>,
) -> Result<Response, PageError> {
    let input = match form.input() {
        Ok(task) => NewTaskInput {
            unit_id: form.unit_id.clone(),
            task,
        },
        Err(e) => return failed(&chrome, e),
    };
    match tasks::create(&state.ctx.db, &actor, &input).await {
        Ok(task) => Ok(Redirect::to(&format!("/programme/tasks/{}", task.id)).into_response()),
        Err(e) => failed(&chrome, e),
    }
}

/// `POST /programme/tasks/{id}/edit`: saves the edited task; back to its page.
pub async fn edit_task(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
    chrome: Chrome,
    Path(id): Path<Uuid>,
    Form(form): Form<TaskForm>,
) -> Result<Response, PageError> {
    let input = match form.input() {
        Ok(task) => TaskUpdateInput {
            task,
            row_version: form.row_version,
        },
        Err(e) => return failed(&chrome, e),
    };
    match tasks::update(&state.ctx.db, &actor, id, &input).await {
        Ok(_) => Ok(Redirect::to(&format!("/programme/tasks/{id}")).into_response()),
        Err(e) => failed(&chrome, e),
    }
}

/// A code and its label in a select.
pub struct CodeLabel {
    code: &'static str,
    label: &'static str,
}

#[derive(Template)]
#[template(path = "programme_activities.html")]
struct ActivitiesPage {
    chrome: Chrome,
    unit_choices: UnitChoices,
    events: Vec<EventDto>,
    trainings: Vec<TrainingDto>,
    supports: Vec<SupportDto>,
    event_kinds: Vec<CodeLabel>,
    sources: Vec<CodeLabel>,
}

impl ActivitiesPage {
    /// VND with thousand separators.
    fn vnd(&self, v: &i64) -> String {
        ocop_domain::programme::activity::group_thousands(*v)
    }

    /// The Vietnamese label of an event kind.
    fn kind_label(&self, kind: &EventKind) -> &'static str {
        kind.label().0
    }

    /// The Vietnamese label of a source.
    fn source_label(&self, source: &SupportSource) -> &'static str {
        source.label().0
    }
}

/// `GET /programme/activities`: fairs, training courses and support in the caller's area, and the forms to add them.
pub async fn activities_page(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
    chrome: Chrome,
) -> Result<Response, PageError> {
    let lang = chrome.lang;
    let db = &state.ctx.db;
    let events = activities::list_events(db, &actor).await?;
    let trainings = activities::list_trainings(db, &actor).await?;
    let supports = activities::list_supports(db, &actor).await?;
    let unit_choices = unit_choice::for_actor(&state, &actor, Offer::default(), "").await?;
    let page = ActivitiesPage {
        unit_choices,
        chrome,
        events,
        trainings,
        supports,
        event_kinds: EventKind::ALL
            .into_iter()
            .map(|k| CodeLabel {
                code: k.code(),
                label: k.label().0,
            })
            .collect(),
        sources: SupportSource::ALL
            .into_iter()
            .map(|k| CodeLabel {
                code: k.code(),
                label: k.label().0,
            })
            .collect(),
    };
    Ok(render(&page, lang))
}

/// `POST /programme/events`: records an event; to its page (to add participants).
pub async fn create_event(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
    chrome: Chrome,
    Form(input): Form<EventInput>,
) -> Result<Response, PageError> {
    match activities::create_event(&state.ctx.db, &actor, &input).await {
        Ok(event) => Ok(Redirect::to(&format!("/programme/events/{}", event.id)).into_response()),
        Err(e) => failed(&chrome, e),
    }
}

#[derive(Template)]
#[template(path = "programme_event.html")]
struct EventPage {
    chrome: Chrome,
    event: EventDto,
}

/// `GET /programme/events/{id}`: the event and its participants, with the form to add one.
pub async fn event_page(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
    chrome: Chrome,
    Path(id): Path<Uuid>,
) -> Result<Response, PageError> {
    let lang = chrome.lang;
    let event = activities::get_event(&state.ctx.db, &actor, id).await?;
    Ok(render(&EventPage { chrome, event }, lang))
}

/// `POST /programme/events/{id}/participants`.
pub async fn add_participant(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
    chrome: Chrome,
    Path(id): Path<Uuid>,
    Form(input): Form<ParticipantInput>,
) -> Result<Response, PageError> {
    match activities::add_participant(&state.ctx.db, &actor, id, &input).await {
        Ok(_) => Ok(Redirect::to(&format!("/programme/events/{id}")).into_response()),
        Err(e) => failed(&chrome, e),
    }
}

/// The training form (numbers as typed).
#[derive(Debug, Default, Deserialize)]
pub struct TrainingForm {
    #[serde(default)]
    unit_id: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    starts_on: String,
    #[serde(default)]
    ends_on: Option<String>,
    #[serde(default)]
    organiser: Option<String>,
    #[serde(default)]
    officials: String,
    #[serde(default)]
    others: String,
    #[serde(default)]
    note: Option<String>,
}

/// A whole number typed in a form (empty: 0; malformed: −1, refused by the checks).
fn count(text: &str) -> i32 {
    match text.trim() {
        "" => 0,
        t => t.replace('.', "").parse().unwrap_or(-1),
    }
}

/// `POST /programme/trainings`.
pub async fn create_training(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
    chrome: Chrome,
    Form(form): Form<TrainingForm>,
) -> Result<Response, PageError> {
    let input = TrainingInput {
        unit_id: form.unit_id,
        title: form.title,
        starts_on: form.starts_on,
        ends_on: form.ends_on,
        organiser: form.organiser,
        officials: count(&form.officials),
        others: count(&form.others),
        note: form.note,
    };
    match activities::create_training(&state.ctx.db, &actor, &input).await {
        Ok(_) => Ok(Redirect::to("/programme/activities#trainings").into_response()),
        Err(e) => failed(&chrome, e),
    }
}

/// The support form (the amount as typed, "150.000.000").
#[derive(Debug, Default, Deserialize)]
pub struct SupportForm {
    #[serde(default)]
    unit_id: String,
    #[serde(default)]
    producer_id: String,
    #[serde(default)]
    product_id: Option<String>,
    #[serde(default)]
    amount: String,
    #[serde(default)]
    source: String,
    #[serde(default)]
    purpose: String,
    #[serde(default)]
    disbursed_on: String,
}

/// `POST /programme/supports`.
pub async fn create_support(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
    chrome: Chrome,
    Form(form): Form<SupportForm>,
) -> Result<Response, PageError> {
    let input = SupportInput {
        unit_id: form.unit_id,
        producer_id: form.producer_id,
        product_id: form.product_id,
        amount_vnd: parse_vnd(&form.amount).unwrap_or(0),
        source: form.source,
        purpose: form.purpose,
        disbursed_on: form.disbursed_on,
    };
    match activities::create_support(&state.ctx.db, &actor, &input).await {
        Ok(_) => Ok(Redirect::to("/programme/activities#supports").into_response()),
        Err(e) => failed(&chrome, e),
    }
}

/// The revenue form: the year and the revenue in million VND as typed ("1.250,5").
#[derive(Debug, Default, Deserialize)]
pub struct RevenueForm {
    #[serde(default)]
    year: String,
    #[serde(default)]
    revenue_million: String,
}

/// `POST /products/{id}/revenues`: enters a year's revenue; back to the product.
pub async fn record_revenue(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
    chrome: Chrome,
    Path(id): Path<Uuid>,
    Form(form): Form<RevenueForm>,
) -> Result<Response, PageError> {
    let revenue_vnd = match parse_million_vnd(&form.revenue_million) {
        Ok(v) => v,
        Err(code) => return failed(&chrome, ServiceError::field("revenue_million", code)),
    };
    let input = RevenueInput {
        year: form.year.trim().parse().unwrap_or(0),
        revenue_vnd,
    };
    match revenues::record(&state.ctx.db, &actor, id, &input).await {
        Ok(_) => Ok(Redirect::to(&format!("/products/{id}#revenues")).into_response()),
        Err(e) => failed(&chrome, e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_form_deadline_becomes_a_deadline_code() {
        assert_eq!(deadline_code("20/04/2026"), "by:2026-04-20");
        assert_eq!(deadline_code("Thường xuyên"), "ongoing");
        assert_eq!(deadline_code(""), "none");
        assert_eq!(deadline_code("quarters:2026:3"), "quarters:2026:3");
        assert_eq!(count("1.200"), 1200);
        assert_eq!(count("abc"), -1);
    }
}
