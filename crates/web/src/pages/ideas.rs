//! Product ideas through the pages (phiếu đăng ký ý tưởng sản phẩm): the producer (or an
//! officer of its area) registers an idea for a new or an existing product, the commune officer
//! accepts it or returns it with a reason, and the producer supplements a returned idea and
//! submits it again. Every form posts to the same services as `/api/v1/ideas`; a refused form
//! comes back with the typed values and the error code's message.

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use ocop_domain::role::Scope;
use ocop_domain::{ErrorCode, ValidationErrors};
use ocop_service::cycle::{self, AnswerInput, IdeaDto, IdeaInput, IdeaSupplement};
use ocop_service::error::ServiceResult;
use ocop_service::producers::{self, ProducerListParams};
use ocop_service::products::{self, ProductSetDto};
use ocop_service::{Actor, ServiceError};
use serde::Deserialize;
use uuid::Uuid;

use super::chrome::Chrome;
use super::cycle::{StepRow, may_prepare, step_rows};
use super::forms::{Choice, FieldErrors, Rejected, non_blank, with_status};
use super::producers::{parse_id, require};
use super::render;
use crate::app::AppState;
use crate::auth::RequireActor;
use crate::error::{PageError, status_of};
use ocop_domain::cycle::IdeaStep;

/// The producers an account may prepare for: a producer account only itself; a commune
/// officer those of its commune, a province officer those of its province, an administrator
/// any (at most 200 each), plus the chosen one when it is not among them.
pub async fn producer_choices(state: &AppState, actor: &Actor, chosen: &str) -> ServiceResult<Vec<Choice>> {
    let db = &state.ctx.db;
    let choice = |id: Uuid, name: String, place: String| Choice {
        value: id.to_string(),
        label: if place.is_empty() {
            name
        } else {
            format!("{name} — {place}")
        },
    };
    if let Scope::Producer { producer_id } = &actor.scope {
        let p = producers::get(db, Some(actor), producer_id.0).await?;
        return Ok(vec![choice(p.id, p.name, p.place.today_commune_names.join(" / "))]);
    }
    let mut params = ProducerListParams {
        limit: Some(200),
        ..Default::default()
    };
    match &actor.scope {
        Scope::Commune { commune_code, .. } => params.commune = Some(commune_code.clone()),
        Scope::Province { province_code } => params.province = Some(province_code.clone()),
        _ => {}
    }
    let mut choices: Vec<Choice> = producers::list(db, &params)
        .await?
        .items
        .into_iter()
        .map(|p| choice(p.id, p.name, p.place.today_commune_names.join(" / ")))
        .collect();
    if let Ok(id) = Uuid::parse_str(chosen.trim())
        && !choices.iter().any(|c| c.value == id.to_string())
        && let Ok(p) = producers::get(db, Some(actor), id).await
    {
        choices.insert(0, choice(p.id, p.name, p.place.today_commune_names.join(" / ")));
    }
    Ok(choices)
}

/// The products of a producer, for the "existing product" choice: none before a producer is
/// chosen; refused (403) when `actor` may not prepare for that producer (the service's rule).
pub async fn product_choices(state: &AppState, actor: &Actor, producer_id: &str) -> ServiceResult<Vec<Choice>> {
    let Ok(id) = Uuid::parse_str(producer_id.trim()) else {
        return Ok(Vec::new());
    };
    Ok(products::of_producer_for(&state.ctx.db, actor, id)
        .await?
        .into_iter()
        .map(|p| Choice {
            value: p.id.to_string(),
            label: p.name,
        })
        .collect())
}

/// The product sets of QĐ 148 (an idea names one if it is known).
pub async fn product_sets(state: &AppState) -> ServiceResult<Vec<ProductSetDto>> {
    products::product_sets(&state.ctx.db, Some("qd148")).await
}

/// The idea form as typed.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct IdeaForm {
    producer_id: String,
    /// `new` or `existing`.
    kind: String,
    product_id: String,
    product_name: String,
    product_set_code: String,
    description: String,
}

#[derive(Template)]
#[template(path = "idea_form.html")]
struct IdeaFormPage {
    chrome: Chrome,
    form: IdeaForm,
    errors: FieldErrors,
    producers: Vec<Choice>,
    products: Vec<Choice>,
    sets: Vec<ProductSetDto>,
}

async fn form_page(
    state: &AppState,
    chrome: Chrome,
    actor: &Actor,
    form: IdeaForm,
    errors: FieldErrors,
) -> Result<Response, PageError> {
    let lang = chrome.lang;
    let producers = producer_choices(state, actor, &form.producer_id).await?;
    let products = product_choices(state, actor, &form.producer_id).await?;
    let sets = product_sets(state).await?;
    Ok(render(
        &IdeaFormPage {
            chrome,
            form,
            errors,
            producers,
            products,
            sets,
        },
        lang,
    ))
}

/// Query of `GET /ideas/new`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct NewIdeaParams {
    /// The producer to prepare for (officers).
    producer_id: Option<String>,
}

/// `GET /ideas/new` (with htmx and `?producer_id=`, the page whose product list the form swaps in).
pub async fn new_form(
    State(state): State<AppState>,
    chrome: Chrome,
    RequireActor(actor): RequireActor,
    Query(params): Query<NewIdeaParams>,
) -> Result<Response, PageError> {
    require(may_prepare(&actor), &chrome)?;
    let producer_id = match &actor.scope {
        Scope::Producer { producer_id } => producer_id.0.to_string(),
        _ => params.producer_id.unwrap_or_default(),
    };
    let form = IdeaForm {
        producer_id,
        kind: "new".into(),
        ..Default::default()
    };
    form_page(&state, chrome, &actor, form, FieldErrors::default()).await
}

/// `POST /ideas/new`: registers the idea, then its page.
pub async fn create(
    State(state): State<AppState>,
    chrome: Chrome,
    RequireActor(actor): RequireActor,
    Form(form): Form<IdeaForm>,
) -> Result<Response, PageError> {
    let lang = chrome.lang;
    let invalid = |errors: ValidationErrors| FieldErrors::from_validation(&errors, lang);
    let mut errors = ValidationErrors::new();
    let producer_id = Uuid::parse_str(form.producer_id.trim()).ok();
    if producer_id.is_none() {
        errors.add("producer_id", ErrorCode::Required);
    }
    let existing = form.kind == "existing";
    let product_id = if existing {
        let id = Uuid::parse_str(form.product_id.trim()).ok();
        if id.is_none() {
            errors.add("product_id", ErrorCode::Required);
        }
        id
    } else {
        None
    };
    if !errors.fields.is_empty() {
        let page = form_page(&state, chrome, &actor, form, invalid(errors)).await?;
        return Ok(with_status(StatusCode::UNPROCESSABLE_ENTITY, page));
    }
    let input = IdeaInput {
        producer_id: producer_id.unwrap_or_default(),
        product_id,
        product_name: non_blank(&Some(form.product_name.clone())),
        product_set_code: non_blank(&Some(form.product_set_code.clone())),
        description: form.description.clone(),
    };
    match cycle::submit_idea(&state.ctx.db, &actor, &input).await {
        Ok(idea) => Ok(Redirect::to(&format!("/ideas/{}", idea.id)).into_response()),
        Err(e) => match Rejected::of(e, lang) {
            Rejected::Invalid(errors) => {
                let page = form_page(&state, chrome, &actor, form, errors).await?;
                Ok(with_status(StatusCode::UNPROCESSABLE_ENTITY, page))
            }
            Rejected::Conflict => Err(PageError::new(ServiceError::Conflict(ErrorCode::Conflict), lang)),
            Rejected::Other(e) => Err(PageError::new(e, lang)),
        },
    }
}

/// What the forms of an idea's page hold as typed (the answer's reason, the supplement).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct IdeaActionForm {
    reason: String,
    product_name: String,
    product_set_code: String,
    description: String,
}

#[derive(Template)]
#[template(path = "idea_detail.html")]
struct IdeaPage {
    chrome: Chrome,
    idea: IdeaDto,
    producer_name: String,
    product_label: String,
    state: String,
    steps: Vec<StepRow>,
    form: IdeaActionForm,
    /// The form that failed (accept, return, resubmit), if any.
    failed: Option<IdeaStep>,
    errors: FieldErrors,
    /// A refusal that belongs to no field (the error code's message).
    alert: String,
    sets: Vec<ProductSetDto>,
}

impl IdeaPage {
    fn may(&self, step: IdeaStep) -> bool {
        self.idea.actions.contains(&step)
    }

    /// The reason typed into this form, if this form failed.
    fn typed_reason(&self, step: IdeaStep) -> &str {
        if self.failed == Some(step) {
            &self.form.reason
        } else {
            ""
        }
    }
}

#[allow(clippy::too_many_arguments)]
async fn idea_page(
    state: &AppState,
    chrome: Chrome,
    actor: &Actor,
    id: Uuid,
    form: Option<IdeaActionForm>,
    failed: Option<IdeaStep>,
    errors: FieldErrors,
    alert: String,
) -> Result<Response, PageError> {
    let lang = chrome.lang;
    let idea = cycle::get_idea(&state.ctx.db, actor, id).await?;
    let producer_name = producers::get(&state.ctx.db, Some(actor), idea.producer_id)
        .await
        .map(|p| p.name)
        .unwrap_or_default();
    let product_label = match idea.product_id {
        Some(pid) => products::name_of(&state.ctx.db, pid).await?.unwrap_or_default(),
        None => String::new(),
    };
    let form = form.unwrap_or_else(|| IdeaActionForm {
        product_name: idea.product_name.clone(),
        product_set_code: idea.product_set_code.clone().unwrap_or_default(),
        description: idea.description.clone(),
        ..Default::default()
    });
    let sets = product_sets(state).await?;
    let page = IdeaPage {
        state: chrome.label(idea.state.label()).to_owned(),
        steps: step_rows(&idea.steps, &chrome),
        producer_name,
        product_label,
        form,
        failed,
        errors,
        alert,
        sets,
        idea,
        chrome,
    };
    Ok(render(&page, lang))
}

/// `GET /ideas/{id}`: the idea, its deadline and steps, and the forms the caller may use.
pub async fn detail(
    State(state): State<AppState>,
    chrome: Chrome,
    RequireActor(actor): RequireActor,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let id = parse_id(&id, &chrome)?;
    idea_page(
        &state,
        chrome,
        &actor,
        id,
        None,
        None,
        FieldErrors::default(),
        String::new(),
    )
    .await
}

/// Shows the idea's page again after a refused form: field errors and refused transitions on
/// the page with what was typed; anything else (not found, forbidden) as an error page.
async fn refused(
    state: &AppState,
    chrome: Chrome,
    actor: &Actor,
    id: Uuid,
    form: IdeaActionForm,
    step: IdeaStep,
    error: ServiceError,
) -> Result<Response, PageError> {
    let lang = chrome.lang;
    match error {
        ServiceError::Validation(errors) => {
            let errors = FieldErrors::from_validation(&errors, lang);
            let page = idea_page(state, chrome, actor, id, Some(form), Some(step), errors, String::new()).await?;
            Ok(with_status(StatusCode::UNPROCESSABLE_ENTITY, page))
        }
        ServiceError::Conflict(code) => {
            let alert = code.message(lang).to_owned();
            let page = idea_page(
                state,
                chrome,
                actor,
                id,
                Some(form),
                Some(step),
                FieldErrors::default(),
                alert,
            )
            .await?;
            Ok(with_status(status_of(code), page))
        }
        other => Err(PageError::new(other, lang)),
    }
}

async fn answer(
    state: AppState,
    chrome: Chrome,
    actor: Actor,
    id: String,
    accept: bool,
    form: IdeaActionForm,
) -> Result<Response, PageError> {
    let id = parse_id(&id, &chrome)?;
    let input = AnswerInput {
        reason: Some(form.reason.clone()),
    };
    match cycle::answer_idea(&state.ctx.db, &actor, id, accept, &input).await {
        Ok(_) => Ok(Redirect::to(&format!("/ideas/{id}")).into_response()),
        Err(e) => {
            let step = if accept { IdeaStep::Accept } else { IdeaStep::Return };
            refused(&state, chrome, &actor, id, form, step, e).await
        }
    }
}

/// `POST /ideas/{id}/accept` (an optional note in `reason`).
pub async fn accept(
    State(state): State<AppState>,
    chrome: Chrome,
    RequireActor(actor): RequireActor,
    Path(id): Path<String>,
    Form(form): Form<IdeaActionForm>,
) -> Result<Response, PageError> {
    answer(state, chrome, actor, id, true, form).await
}

/// `POST /ideas/{id}/return` (`reason` required).
pub async fn return_idea(
    State(state): State<AppState>,
    chrome: Chrome,
    RequireActor(actor): RequireActor,
    Path(id): Path<String>,
    Form(form): Form<IdeaActionForm>,
) -> Result<Response, PageError> {
    answer(state, chrome, actor, id, false, form).await
}

/// `POST /ideas/{id}/resubmit`: the supplemented idea, submitted again.
pub async fn resubmit(
    State(state): State<AppState>,
    chrome: Chrome,
    RequireActor(actor): RequireActor,
    Path(id): Path<String>,
    Form(form): Form<IdeaActionForm>,
) -> Result<Response, PageError> {
    let id = parse_id(&id, &chrome)?;
    let input = IdeaSupplement {
        product_name: non_blank(&Some(form.product_name.clone())),
        product_set_code: non_blank(&Some(form.product_set_code.clone())),
        description: form.description.clone(),
    };
    match cycle::resubmit_idea(&state.ctx.db, &actor, id, &input).await {
        Ok(_) => Ok(Redirect::to(&format!("/ideas/{id}")).into_response()),
        Err(e) => refused(&state, chrome, &actor, id, form, IdeaStep::Resubmit, e).await,
    }
}
