//! Registering and editing a producer through an HTML form.

use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use ocop_domain::producer::{EnterpriseKind, ProducerInput};
use ocop_service::producers::{self, ProducerDetail, ProducerUpdate};
use serde::Deserialize;
use uuid::Uuid;

use super::chrome::Chrome;
use super::forms::{Choice, CommunePicker, FieldErrors, Rejected, with_status};
use super::producers::{legal_form_choices, parse_id, require};
use super::render;
use crate::app::AppState;
use crate::auth::RequireActor;
use crate::error::PageError;

/// The producer form as typed.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ProducerForm {
    name: String,
    legal_form: String,
    enterprise_kind: String,
    tax_code: String,
    registration_number: String,
    representative: String,
    representative_title: String,
    province: String,
    commune_id: String,
    address_line: String,
    phone: String,
    email: String,
    website: String,
    row_version: String,
}

fn opt(value: &str) -> Option<String> {
    let value = value.trim();
    (!value.is_empty()).then(|| value.to_owned())
}

impl ProducerForm {
    fn input(&self) -> ProducerInput {
        ProducerInput {
            name: self.name.clone(),
            legal_form: self.legal_form.clone(),
            enterprise_kind: opt(&self.enterprise_kind),
            tax_code: opt(&self.tax_code),
            registration_number: opt(&self.registration_number),
            representative: self.representative.clone(),
            representative_title: opt(&self.representative_title),
            commune_id: self.commune_id.clone(),
            address_line: opt(&self.address_line),
            phone: opt(&self.phone),
            email: opt(&self.email),
            website: opt(&self.website),
        }
    }

    fn of(p: &ProducerDetail) -> Self {
        let text = |v: &Option<String>| v.clone().unwrap_or_default();
        ProducerForm {
            name: p.name.clone(),
            legal_form: p.legal_form.clone(),
            enterprise_kind: text(&p.enterprise_kind),
            tax_code: text(&p.tax_code),
            registration_number: text(&p.registration_number),
            representative: p.representative.clone(),
            representative_title: text(&p.representative_title),
            province: String::new(),
            commune_id: p.place.commune_id.clone(),
            address_line: text(&p.address_line),
            phone: text(&p.phone),
            email: text(&p.email),
            website: text(&p.website),
            row_version: p.row_version.to_string(),
        }
    }
}

#[derive(Template)]
#[template(path = "producer_form.html")]
struct ProducerFormPage {
    chrome: Chrome,
    /// `None` when registering.
    producer_id: Option<Uuid>,
    form: ProducerForm,
    errors: FieldErrors,
    conflict: bool,
    picker: CommunePicker,
    legal_forms: Vec<Choice>,
    enterprise_kinds: Vec<Choice>,
}

impl ProducerFormPage {
    fn action(&self) -> String {
        match self.producer_id {
            Some(id) => format!("/producers/{id}/edit"),
            None => "/producers/new".to_owned(),
        }
    }

    fn cancel_href(&self) -> String {
        match self.producer_id {
            Some(id) => format!("/producers/{id}"),
            None => "/producers".to_owned(),
        }
    }
}

async fn form_page(
    state: &AppState,
    chrome: Chrome,
    producer_id: Option<Uuid>,
    form: ProducerForm,
    errors: FieldErrors,
    conflict: bool,
) -> Result<Response, PageError> {
    let lang = chrome.lang;
    let picker = CommunePicker::build(state, &form.commune_id, opt(&form.province), lang).await?;
    let enterprise_kinds = EnterpriseKind::ALL
        .into_iter()
        .map(|k| Choice {
            value: k.as_str().to_owned(),
            label: chrome.enterprise_kind(k.as_str()),
        })
        .collect();
    let page = ProducerFormPage {
        legal_forms: legal_form_choices(&chrome),
        chrome,
        producer_id,
        form,
        errors,
        conflict,
        picker,
        enterprise_kinds,
    };
    Ok(render(&page, lang))
}

/// `GET /producers/new`.
pub async fn new_form(
    State(state): State<AppState>,
    chrome: Chrome,
    RequireActor(actor): RequireActor,
) -> Result<Response, PageError> {
    require(chrome.can_register(), &chrome)?;
    let (commune_id, province) = CommunePicker::preselect(&actor);
    let form = ProducerForm {
        commune_id,
        province: province.unwrap_or_default(),
        ..Default::default()
    };
    form_page(&state, chrome, None, form, FieldErrors::default(), false).await
}

/// `POST /producers/new`: registers, then the producer's page.
pub async fn create(
    State(state): State<AppState>,
    chrome: Chrome,
    RequireActor(actor): RequireActor,
    Form(form): Form<ProducerForm>,
) -> Result<Response, PageError> {
    let lang = chrome.lang;
    match producers::create(&state.ctx.db, &actor, &form.input()).await {
        Ok(created) => Ok(Redirect::to(&format!("/producers/{}", created.id)).into_response()),
        Err(e) => match Rejected::of(e, lang) {
            Rejected::Invalid(errors) => Ok(with_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                form_page(&state, chrome, None, form, errors, false).await?,
            )),
            Rejected::Conflict => Err(PageError::new(
                ocop_service::ServiceError::Conflict(ocop_domain::ErrorCode::Conflict),
                lang,
            )),
            Rejected::Other(e) => Err(PageError::new(e, lang)),
        },
    }
}

/// `GET /producers/{id}/edit`.
pub async fn edit_form(
    State(state): State<AppState>,
    chrome: Chrome,
    RequireActor(actor): RequireActor,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let id = parse_id(&id, &chrome)?;
    let producer = producers::get(&state.ctx.db, Some(&actor), id).await?;
    require(producer.can_edit, &chrome)?;
    form_page(
        &state,
        chrome,
        Some(id),
        ProducerForm::of(&producer),
        FieldErrors::default(),
        false,
    )
    .await
}

/// `POST /producers/{id}/edit`: saves unless someone else saved first.
pub async fn update(
    State(state): State<AppState>,
    chrome: Chrome,
    RequireActor(actor): RequireActor,
    Path(id): Path<String>,
    Form(form): Form<ProducerForm>,
) -> Result<Response, PageError> {
    let lang = chrome.lang;
    let id = parse_id(&id, &chrome)?;
    let update = ProducerUpdate {
        input: form.input(),
        row_version: form.row_version.trim().parse().unwrap_or(0),
    };
    match producers::update(&state.ctx.db, &actor, id, &update).await {
        Ok(_) => Ok(Redirect::to(&format!("/producers/{id}")).into_response()),
        Err(e) => match Rejected::of(e, lang) {
            Rejected::Invalid(errors) => Ok(with_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                form_page(&state, chrome, Some(id), form, errors, false).await?,
            )),
            Rejected::Conflict => {
                // Show what is stored now; the user re-applies the change on top of it.
                let current = producers::get(&state.ctx.db, Some(&actor), id).await?;
                let page = form_page(
                    &state,
                    chrome,
                    Some(id),
                    ProducerForm::of(&current),
                    FieldErrors::default(),
                    true,
                )
                .await?;
                Ok(with_status(StatusCode::CONFLICT, page))
            }
            Rejected::Other(e) => Err(PageError::new(e, lang)),
        },
    }
}
