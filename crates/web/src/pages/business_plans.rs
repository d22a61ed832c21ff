//! Business plans through the pages (phương án sản xuất kinh doanh): the producer (or an
//! officer of its area) drafts a plan with budget lines — adding and removing lines, the total
//! computed by the server — edits it while it is a draft or returned, and submits it; the
//! commune officer approves it or returns it with a reason. The budget's add, remove and
//! total requests answer with the budget partial alone for htmx and with the whole form
//! otherwise, so the page works without JavaScript. Every form posts to the same services as
//! `/api/v1/business-plans`; a refused form comes back with the typed values and the error
//! code's message.

use std::collections::{BTreeMap, HashMap};

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use ocop_domain::programme::activity::{group_thousands, parse_vnd};
use ocop_domain::role::Scope;
use ocop_domain::{ErrorCode, ValidationErrors};
use ocop_service::cycle::{
    self, AnswerInput, BudgetLine, FUNDING, MAX_LINES, PlanDto, PlanInput, PlanUpdate, check_plan,
};
use ocop_service::producers;
use ocop_service::{Actor, ServiceError};
use serde::Deserialize;
use uuid::Uuid;

use super::chrome::Chrome;
use super::cycle::{StepRow, funding_label, may_prepare, money, step_rows};
use super::forms::{Choice, FieldErrors, non_blank, with_status};
use super::ideas::{producer_choices, product_choices};
use super::producers::{parse_id, require};
use super::render;
use crate::app::AppState;
use crate::auth::RequireActor;
use crate::error::{PageError, status_of};
use ocop_domain::cycle::{IdeaState, PlanState, PlanStep};

/// A budget line as typed (the amount as text, "120.000.000").
#[derive(Debug, Clone, Default)]
pub struct LineForm {
    item: String,
    amount: String,
    funding: String,
}

/// The plan form as typed: `line_{i}_item`, `line_{i}_amount`, `line_{i}_funding` per line.
#[derive(Debug, Clone, Default)]
pub struct PlanForm {
    producer_id: String,
    idea_id: String,
    product_id: String,
    title: String,
    summary: String,
    lines: Vec<LineForm>,
    row_version: String,
}

/// What the button asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    /// Save the plan.
    Save,
    /// One more empty line.
    Add,
    /// Drop line `i`.
    Remove(usize),
    /// Only recompute the total.
    Total,
}

impl PlanForm {
    fn parse(map: &HashMap<String, String>) -> (Self, Op) {
        let text = |key: &str| map.get(key).cloned().unwrap_or_default();
        let mut lines: BTreeMap<usize, LineForm> = BTreeMap::new();
        for (key, value) in map {
            let Some(rest) = key.strip_prefix("line_") else {
                continue;
            };
            let Some((index, field)) = rest.split_once('_') else {
                continue;
            };
            let Ok(index) = index.parse::<usize>() else {
                continue;
            };
            if index >= 10 * MAX_LINES {
                continue;
            }
            let line = lines.entry(index).or_default();
            match field {
                "item" => line.item = value.clone(),
                "amount" => line.amount = value.clone(),
                "funding" => line.funding = value.clone(),
                _ => {}
            }
        }
        let op = match map.get("op").map(String::as_str).unwrap_or("save") {
            "add" => Op::Add,
            "total" => Op::Total,
            other => match other.strip_prefix("remove_").and_then(|i| i.parse().ok()) {
                Some(i) => Op::Remove(i),
                None => Op::Save,
            },
        };
        let form = PlanForm {
            producer_id: text("producer_id"),
            idea_id: text("idea_id"),
            product_id: text("product_id"),
            title: text("title"),
            summary: text("summary"),
            lines: lines.into_values().collect(),
            row_version: text("row_version"),
        };
        (form, op)
    }

    fn of(plan: &PlanDto) -> Self {
        PlanForm {
            producer_id: plan.producer_id.to_string(),
            idea_id: plan.idea_id.map(|i| i.to_string()).unwrap_or_default(),
            product_id: plan.product_id.map(|i| i.to_string()).unwrap_or_default(),
            title: plan.title.clone(),
            summary: plan.summary.clone(),
            lines: plan
                .lines
                .iter()
                .map(|l| LineForm {
                    item: l.item.clone(),
                    amount: group_thousands(l.amount_vnd),
                    funding: l.funding.clone(),
                })
                .collect(),
            row_version: plan.row_version.to_string(),
        }
    }

    /// The lines as the service takes them, the amounts that could not be read (as field
    /// errors) and the total of those that could.
    fn budget(&self) -> (Vec<BudgetLine>, ValidationErrors) {
        let mut errors = ValidationErrors::new();
        let lines = self
            .lines
            .iter()
            .enumerate()
            .map(|(i, l)| {
                let amount_vnd = if l.amount.trim().is_empty() {
                    errors.add(&format!("lines.{i}.amount_vnd"), ErrorCode::Required);
                    0
                } else {
                    parse_vnd(&l.amount).unwrap_or_else(|code| {
                        errors.add(&format!("lines.{i}.amount_vnd"), code);
                        0
                    })
                };
                BudgetLine {
                    item: l.item.clone(),
                    amount_vnd,
                    funding: l.funding.clone(),
                }
            })
            .collect();
        (lines, errors)
    }
}

/// A budget line as the form shows it, with its messages.
pub struct LineView {
    index: usize,
    item: String,
    amount: String,
    funding: String,
    item_error: Option<String>,
    amount_error: Option<String>,
    funding_error: Option<String>,
}

/// The budget part of the form (also the htmx partial).
pub struct Budget {
    /// Where the form posts.
    action: String,
    lines: Vec<LineView>,
    /// Sum of the amounts the server could read, formatted.
    total: String,
    fundings: Vec<Choice>,
    /// The message for the list as a whole (too many lines).
    lines_error: Option<String>,
    may_add: bool,
}

impl Budget {
    fn of(form: &PlanForm, errors: &FieldErrors, action: String, chrome: &Chrome) -> Self {
        let (lines, _) = form.budget();
        let total: i64 = lines
            .iter()
            .map(|l| l.amount_vnd)
            .filter(|a| (0..=cycle::MAX_LINE_VND).contains(a))
            .sum();
        let message = |i: usize, field: &str| errors.get(&format!("lines.{i}.{field}")).map(str::to_owned);
        Budget {
            action,
            lines: form
                .lines
                .iter()
                .enumerate()
                .map(|(i, l)| LineView {
                    index: i,
                    item: l.item.clone(),
                    amount: l.amount.clone(),
                    funding: l.funding.clone(),
                    item_error: message(i, "item"),
                    amount_error: message(i, "amount_vnd"),
                    funding_error: message(i, "funding"),
                })
                .collect(),
            total: money(total),
            fundings: FUNDING
                .iter()
                .map(|code| Choice {
                    value: (*code).to_owned(),
                    label: chrome.t(funding_label(code).0, funding_label(code).1).to_owned(),
                })
                .collect(),
            lines_error: errors.get("lines").map(str::to_owned),
            may_add: form.lines.len() < MAX_LINES,
        }
    }
}

#[derive(Template)]
#[template(path = "plan_budget.html")]
struct BudgetPartial {
    chrome: Chrome,
    budget: Budget,
}

#[derive(Template)]
#[template(path = "plan_form.html")]
struct PlanFormPage {
    chrome: Chrome,
    /// `None` when drafting a new plan.
    plan_id: Option<Uuid>,
    form: PlanForm,
    errors: FieldErrors,
    conflict: bool,
    alert: String,
    producers: Vec<Choice>,
    ideas: Vec<Choice>,
    products: Vec<Choice>,
    budget: Budget,
}

fn action_of(plan_id: Option<Uuid>) -> String {
    match plan_id {
        Some(id) => format!("/business-plans/{id}/edit"),
        None => "/business-plans/new".to_owned(),
    }
}

/// The accepted ideas of a producer, for the plan to follow.
async fn idea_choices(state: &AppState, actor: &Actor, producer_id: &str) -> Result<Vec<Choice>, ServiceError> {
    let Ok(producer) = Uuid::parse_str(producer_id.trim()) else {
        return Ok(Vec::new());
    };
    Ok(cycle::list_ideas(&state.ctx.db, actor)
        .await?
        .into_iter()
        .filter(|i| i.producer_id == producer && i.state == IdeaState::Accepted)
        .map(|i| Choice {
            value: i.id.to_string(),
            label: i.product_name,
        })
        .collect())
}

struct FormState {
    errors: FieldErrors,
    conflict: bool,
    alert: String,
}

impl FormState {
    fn clean() -> Self {
        FormState {
            errors: FieldErrors::default(),
            conflict: false,
            alert: String::new(),
        }
    }
}

async fn form_page(
    state: &AppState,
    chrome: Chrome,
    actor: &Actor,
    plan_id: Option<Uuid>,
    form: PlanForm,
    shown: FormState,
) -> Result<Response, PageError> {
    let lang = chrome.lang;
    let (producers, ideas, products) = if plan_id.is_none() {
        (
            producer_choices(state, actor, &form.producer_id).await?,
            idea_choices(state, actor, &form.producer_id).await?,
            product_choices(state, actor, &form.producer_id).await?,
        )
    } else {
        (Vec::new(), Vec::new(), Vec::new())
    };
    let budget = Budget::of(&form, &shown.errors, action_of(plan_id), &chrome);
    let page = PlanFormPage {
        chrome,
        plan_id,
        form,
        errors: shown.errors,
        conflict: shown.conflict,
        alert: shown.alert,
        producers,
        ideas,
        products,
        budget,
    };
    Ok(render(&page, lang))
}

/// Query of `GET /business-plans/new`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct NewPlanParams {
    /// The producer (officers).
    producer_id: Option<String>,
    /// The accepted idea the plan follows.
    idea_id: Option<String>,
}

/// `GET /business-plans/new` (`?idea_id=` fills it from an accepted idea; with htmx and
/// `?producer_id=`, the page whose idea and product lists the form swaps in).
pub async fn new_form(
    State(state): State<AppState>,
    chrome: Chrome,
    RequireActor(actor): RequireActor,
    Query(params): Query<NewPlanParams>,
) -> Result<Response, PageError> {
    require(may_prepare(&actor), &chrome)?;
    let mut form = PlanForm {
        producer_id: match &actor.scope {
            Scope::Producer { producer_id } => producer_id.0.to_string(),
            _ => params.producer_id.unwrap_or_default(),
        },
        lines: vec![LineForm::default()],
        ..Default::default()
    };
    if let Some(idea_id) = params.idea_id.as_deref().and_then(|i| Uuid::parse_str(i.trim()).ok()) {
        let idea = cycle::get_idea(&state.ctx.db, &actor, idea_id).await?;
        form.producer_id = idea.producer_id.to_string();
        form.idea_id = idea.id.to_string();
        form.product_id = idea.product_id.map(|p| p.to_string()).unwrap_or_default();
        form.title = format!(
            "{} {}",
            chrome.t("Phương án sản xuất kinh doanh", "Business plan for"),
            idea.product_name
        );
    }
    form_page(&state, chrome, &actor, None, form, FormState::clean()).await
}

fn is_htmx(headers: &HeaderMap) -> bool {
    headers.contains_key("hx-request") && !headers.contains_key("hx-history-restore-request")
}

/// Saves the form, or answers an add, remove or total request.
async fn post_form(
    state: AppState,
    chrome: Chrome,
    actor: Actor,
    headers: HeaderMap,
    plan_id: Option<Uuid>,
    map: HashMap<String, String>,
) -> Result<Response, PageError> {
    let lang = chrome.lang;
    require(may_prepare(&actor), &chrome)?;
    let (mut form, op) = PlanForm::parse(&map);
    if op != Op::Save {
        if let Some(id) = plan_id {
            may_edit(&state, &actor, id, lang).await?;
        }
        match op {
            Op::Add if form.lines.len() < MAX_LINES => form.lines.push(LineForm::default()),
            Op::Remove(i) if i < form.lines.len() => {
                form.lines.remove(i);
            }
            _ => {}
        }
        if is_htmx(&headers) {
            let budget = Budget::of(&form, &FieldErrors::default(), action_of(plan_id), &chrome);
            return Ok(render(&BudgetPartial { chrome, budget }, lang));
        }
        return form_page(&state, chrome, &actor, plan_id, form, FormState::clean()).await;
    }
    let (lines, unread) = form.budget();
    if !unread.fields.is_empty() {
        let (mut errors, _) = check_plan(&form.title, &form.summary, &lines);
        errors.fields.extend(unread.fields);
        let shown = FormState {
            errors: FieldErrors::from_validation(&errors, lang),
            ..FormState::clean()
        };
        let page = form_page(&state, chrome, &actor, plan_id, form, shown).await?;
        return Ok(with_status(StatusCode::UNPROCESSABLE_ENTITY, page));
    }
    let saved = match plan_id {
        None => {
            let Ok(producer_id) = Uuid::parse_str(form.producer_id.trim()) else {
                let (mut errors, _) = check_plan(&form.title, &form.summary, &lines);
                errors.add("producer_id", ErrorCode::Required);
                let shown = FormState {
                    errors: FieldErrors::from_validation(&errors, lang),
                    ..FormState::clean()
                };
                let page = form_page(&state, chrome, &actor, plan_id, form, shown).await?;
                return Ok(with_status(StatusCode::UNPROCESSABLE_ENTITY, page));
            };
            let input = PlanInput {
                producer_id,
                idea_id: non_blank(&Some(form.idea_id.clone())).and_then(|i| Uuid::parse_str(&i).ok()),
                product_id: non_blank(&Some(form.product_id.clone())).and_then(|i| Uuid::parse_str(&i).ok()),
                title: form.title.clone(),
                summary: form.summary.clone(),
                lines,
            };
            cycle::create_plan(&state.ctx.db, &actor, &input).await
        }
        Some(id) => {
            let input = PlanUpdate {
                title: form.title.clone(),
                summary: form.summary.clone(),
                lines,
                row_version: form.row_version.trim().parse().unwrap_or(0),
            };
            cycle::update_plan(&state.ctx.db, &actor, id, &input).await
        }
    };
    match saved {
        Ok(plan) => Ok(Redirect::to(&format!("/business-plans/{}", plan.id)).into_response()),
        Err(ServiceError::Validation(errors)) => {
            let shown = FormState {
                errors: FieldErrors::from_validation(&errors, lang),
                ..FormState::clean()
            };
            let page = form_page(&state, chrome, &actor, plan_id, form, shown).await?;
            Ok(with_status(StatusCode::UNPROCESSABLE_ENTITY, page))
        }
        Err(ServiceError::Conflict(ErrorCode::Conflict)) if plan_id.is_some() => {
            // Show what is stored now; the user re-applies the change on top of it.
            let id = plan_id.unwrap_or_default();
            let current = cycle::get_plan(&state.ctx.db, &actor, id).await?;
            let shown = FormState {
                conflict: true,
                ..FormState::clean()
            };
            let page = form_page(&state, chrome, &actor, plan_id, PlanForm::of(&current), shown).await?;
            Ok(with_status(StatusCode::CONFLICT, page))
        }
        Err(ServiceError::Conflict(code)) => {
            let shown = FormState {
                alert: code.message(lang).to_owned(),
                ..FormState::clean()
            };
            let page = form_page(&state, chrome, &actor, plan_id, form, shown).await?;
            Ok(with_status(status_of(code), page))
        }
        Err(e) => Err(PageError::new(e, lang)),
    }
}

/// `POST /business-plans/new`: drafts the plan (then its page), or adds or removes a line.
pub async fn create(
    State(state): State<AppState>,
    chrome: Chrome,
    RequireActor(actor): RequireActor,
    headers: HeaderMap,
    Form(map): Form<HashMap<String, String>>,
) -> Result<Response, PageError> {
    post_form(state, chrome, actor, headers, None, map).await
}

/// The plan, when `actor` may edit it now (a draft or returned plan of its area).
async fn may_edit(state: &AppState, actor: &Actor, id: Uuid, lang: ocop_domain::Lang) -> Result<PlanDto, PageError> {
    let plan = cycle::get_plan(&state.ctx.db, actor, id).await?;
    if plan.actions.contains(&PlanStep::Edit) {
        return Ok(plan);
    }
    let error = if plan.state.edit().is_ok() {
        ServiceError::Forbidden
    } else {
        ServiceError::Conflict(ErrorCode::InvalidTransition)
    };
    Err(PageError::new(error, lang))
}

/// `GET /business-plans/{id}/edit`: a draft or returned plan's form.
pub async fn edit_form(
    State(state): State<AppState>,
    chrome: Chrome,
    RequireActor(actor): RequireActor,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let lang = chrome.lang;
    let id = parse_id(&id, &chrome)?;
    let plan = may_edit(&state, &actor, id, lang).await?;
    let mut form = PlanForm::of(&plan);
    if form.lines.is_empty() {
        form.lines.push(LineForm::default());
    }
    form_page(&state, chrome, &actor, Some(id), form, FormState::clean()).await
}

/// `POST /business-plans/{id}/edit`: saves the plan (then its page), or adds or removes a line.
pub async fn update(
    State(state): State<AppState>,
    chrome: Chrome,
    RequireActor(actor): RequireActor,
    Path(id): Path<String>,
    headers: HeaderMap,
    Form(map): Form<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let id = parse_id(&id, &chrome)?;
    post_form(state, chrome, actor, headers, Some(id), map).await
}

/// The reason typed into an answer form.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct AnswerForm {
    reason: String,
}

/// A budget line as the plan's page shows it.
pub struct LineRow {
    item: String,
    amount: String,
    funding: String,
}

#[derive(Template)]
#[template(path = "plan_detail.html")]
struct PlanPage {
    chrome: Chrome,
    plan: PlanDto,
    producer_name: String,
    product_label: String,
    idea_label: String,
    state: String,
    lines: Vec<LineRow>,
    total: String,
    /// (funding label, subtotal) per funding source used.
    by_funding: Vec<(String, String)>,
    steps: Vec<StepRow>,
    /// The form that failed (submit, approve, return), if any, and what was typed.
    failed: Option<PlanStep>,
    reason: String,
    errors: FieldErrors,
    alert: String,
}

impl PlanPage {
    fn may(&self, step: PlanStep) -> bool {
        self.plan.actions.contains(&step)
    }

    fn typed_reason(&self, step: PlanStep) -> &str {
        if self.failed == Some(step) { &self.reason } else { "" }
    }
}

#[allow(clippy::too_many_arguments)]
async fn plan_page(
    state: &AppState,
    chrome: Chrome,
    actor: &Actor,
    id: Uuid,
    failed: Option<PlanStep>,
    reason: String,
    errors: FieldErrors,
    alert: String,
) -> Result<Response, PageError> {
    let lang = chrome.lang;
    let plan = cycle::get_plan(&state.ctx.db, actor, id).await?;
    let producer_name = producers::get(&state.ctx.db, Some(actor), plan.producer_id)
        .await
        .map(|p| p.name)
        .unwrap_or_default();
    let product_label = match plan.product_id {
        Some(pid) => ocop_service::products::name_of(&state.ctx.db, pid)
            .await?
            .unwrap_or_default(),
        None => String::new(),
    };
    let idea_label = match plan.idea_id {
        Some(iid) => cycle::get_idea(&state.ctx.db, actor, iid)
            .await
            .map(|i| i.product_name)
            .unwrap_or_default(),
        None => String::new(),
    };
    let label = |code: &str| chrome.t(funding_label(code).0, funding_label(code).1).to_owned();
    let by_funding = FUNDING
        .iter()
        .filter_map(|code| {
            let used: Vec<i64> = plan
                .lines
                .iter()
                .filter(|l| l.funding == *code)
                .map(|l| l.amount_vnd)
                .collect();
            (!used.is_empty()).then(|| (label(code), money(used.iter().sum())))
        })
        .collect();
    let page = PlanPage {
        state: chrome.label(plan.state.label()).to_owned(),
        lines: plan
            .lines
            .iter()
            .map(|l| LineRow {
                item: l.item.clone(),
                amount: money(l.amount_vnd),
                funding: label(&l.funding),
            })
            .collect(),
        total: money(plan.total_vnd),
        by_funding,
        steps: step_rows(&plan.steps, &chrome),
        producer_name,
        product_label,
        idea_label,
        failed,
        reason,
        errors,
        alert,
        plan,
        chrome,
    };
    Ok(render(&page, lang))
}

/// `GET /business-plans/{id}`: the plan, its budget, deadline and steps, and the forms the
/// caller may use.
pub async fn detail(
    State(state): State<AppState>,
    chrome: Chrome,
    RequireActor(actor): RequireActor,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let id = parse_id(&id, &chrome)?;
    plan_page(
        &state,
        chrome,
        &actor,
        id,
        None,
        String::new(),
        FieldErrors::default(),
        String::new(),
    )
    .await
}

async fn act(
    state: AppState,
    chrome: Chrome,
    actor: Actor,
    id: String,
    step: PlanStep,
    form: AnswerForm,
) -> Result<Response, PageError> {
    let lang = chrome.lang;
    let id = parse_id(&id, &chrome)?;
    let input = AnswerInput {
        reason: Some(form.reason.clone()),
    };
    let name = Some(step);
    match cycle::act_on_plan(&state.ctx.db, &actor, id, step, &input).await {
        Ok(_) => Ok(Redirect::to(&format!("/business-plans/{id}")).into_response()),
        Err(ServiceError::Validation(errors)) => {
            let errors = FieldErrors::from_validation(&errors, lang);
            let page = plan_page(&state, chrome, &actor, id, name, form.reason, errors, String::new()).await?;
            Ok(with_status(StatusCode::UNPROCESSABLE_ENTITY, page))
        }
        Err(ServiceError::Conflict(code)) => {
            let alert = code.message(lang).to_owned();
            let page = plan_page(
                &state,
                chrome,
                &actor,
                id,
                name,
                form.reason,
                FieldErrors::default(),
                alert,
            )
            .await?;
            Ok(with_status(status_of(code), page))
        }
        Err(e) => Err(PageError::new(e, lang)),
    }
}

macro_rules! plan_step {
    ($name:ident, $action:expr, $doc:literal) => {
        #[doc = $doc]
        pub async fn $name(
            State(state): State<AppState>,
            chrome: Chrome,
            RequireActor(actor): RequireActor,
            Path(id): Path<String>,
            Form(form): Form<AnswerForm>,
        ) -> Result<Response, PageError> {
            act(state, chrome, actor, id, $action, form).await
        }
    };
}

plan_step!(
    submit,
    PlanStep::Submit,
    "`POST /business-plans/{id}/submit`: the commune answers within 30 days."
);
plan_step!(
    approve,
    PlanStep::Approve,
    "`POST /business-plans/{id}/approve` (an optional note in `reason`)."
);
plan_step!(
    return_plan,
    PlanStep::Return,
    "`POST /business-plans/{id}/return` (`reason` required)."
);

#[cfg(test)]
mod tests {
    use super::*;

    fn map(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect()
    }

    #[test]
    fn lines_are_read_in_index_order_and_the_button_names_the_op() {
        let (form, op) = PlanForm::parse(&map(&[
            ("title", "Phương án"),
            ("line_10_item", "Bao bì"),
            ("line_10_amount", "30.000.000"),
            ("line_2_item", "Máy sấy"),
            ("line_2_amount", "120.000.000"),
            ("line_2_funding", "support"),
            ("op", "remove_1"),
        ]));
        assert_eq!(op, Op::Remove(1));
        let items: Vec<&str> = form.lines.iter().map(|l| l.item.as_str()).collect();
        assert_eq!(items, ["Máy sấy", "Bao bì"]);
        assert_eq!(PlanForm::parse(&map(&[("op", "add")])).1, Op::Add);
        assert_eq!(PlanForm::parse(&map(&[])).1, Op::Save);
        assert_eq!(PlanForm::parse(&map(&[("op", "remove_x")])).1, Op::Save);
    }

    #[test]
    fn amounts_that_cannot_be_read_become_field_errors_of_their_line() {
        let (form, _) = PlanForm::parse(&map(&[
            ("line_0_item", "Máy sấy"),
            ("line_0_amount", "120.000.000 đ"),
            ("line_1_item", "Bao bì"),
            ("line_1_amount", "ba mươi triệu"),
            ("line_2_item", "Tem"),
            ("line_2_amount", " "),
        ]));
        let (lines, errors) = form.budget();
        assert_eq!(lines[0].amount_vnd, 120_000_000);
        let fields: Vec<(&str, ErrorCode)> = errors.fields.iter().map(|f| (f.field.as_str(), f.code)).collect();
        assert_eq!(
            fields,
            [
                ("lines.1.amount_vnd", ErrorCode::InvalidNumber),
                ("lines.2.amount_vnd", ErrorCode::Required)
            ]
        );
    }
}
