//! Producer pages: list with folded search and filters, detail with
//! certifications and products, adding a certification.

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Redirect, Response};
use ocop_domain::ErrorCode;
use ocop_domain::producer::{CertificationInput, CertificationKind, LegalForm};
use ocop_service::ServiceError;
use ocop_service::admin_units::{AdminUnitDto, Paged};
use ocop_service::producers::{self, ProducerDetail, ProducerListParams, ProducerSummary};
use ocop_service::products::{self, ProductListParams, ProductSummary};
use serde::Deserialize;
use uuid::Uuid;

use super::chrome::Chrome;
use super::forms::{Choice, FieldErrors, non_blank};
use super::products::{current_provinces, page_links};
use super::{is_htmx, render};
use crate::app::AppState;
use crate::auth::RequireActor;
use crate::error::PageError;
use crate::form_day::FormDay;

#[derive(Template)]
#[template(path = "producers_list.html")]
struct ProducersPage {
    chrome: Chrome,
    q: String,
    province: String,
    legal_form: String,
    provinces: Vec<AdminUnitDto>,
    legal_forms: Vec<Choice>,
    page: Paged<ProducerSummary>,
    page_number: u64,
    page_count: u64,
    prev_href: Option<String>,
    next_href: Option<String>,
}

#[derive(Template)]
#[template(path = "producers_results.html")]
struct ProducersResults {
    chrome: Chrome,
    q: String,
    page: Paged<ProducerSummary>,
    page_number: u64,
    page_count: u64,
    prev_href: Option<String>,
    next_href: Option<String>,
}

/// The legal forms as menu entries.
pub fn legal_form_choices(chrome: &Chrome) -> Vec<Choice> {
    LegalForm::ALL
        .into_iter()
        .map(|f| Choice {
            value: f.as_str().to_owned(),
            label: chrome.legal_form(f.as_str()),
        })
        .collect()
}

/// Parses a UUID from the path, or a 404 page.
pub fn parse_id(id: &str, chrome: &Chrome) -> Result<Uuid, PageError> {
    Uuid::parse_str(id).map_err(|_| PageError::new(ServiceError::NotFound, chrome.lang))
}

/// `GET /producers`.
pub async fn list(
    State(state): State<AppState>,
    chrome: Chrome,
    Query(params): Query<ProducerListParams>,
    parts: Parts,
) -> Result<Response, PageError> {
    let lang = chrome.lang;
    let page = producers::list(&state.ctx.db, &params).await?;
    let (page_number, page_count, prev_href, next_href) =
        page_links("/producers", &chrome.query, page.offset, page.limit, page.total);
    let q = params.q.clone().unwrap_or_default();
    if is_htmx(&parts) {
        let results = ProducersResults {
            chrome,
            q,
            page,
            page_number,
            page_count,
            prev_href,
            next_href,
        };
        return Ok(render(&results, lang));
    }
    let provinces = current_provinces(&state).await?;
    let view = ProducersPage {
        legal_forms: legal_form_choices(&chrome),
        chrome,
        q,
        province: params.province.unwrap_or_default(),
        legal_form: params.legal_form.unwrap_or_default(),
        provinces,
        page,
        page_number,
        page_count,
        prev_href,
        next_href,
    };
    Ok(render(&view, lang))
}

/// The certification form as typed (dates stay text until checked).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct CertificationForm {
    kind: String,
    label: Option<String>,
    number: Option<String>,
    issuer: Option<String>,
    issued_on: FormDay,
    expires_on: FormDay,
}

#[derive(Template)]
#[template(path = "producer_detail.html")]
struct ProducerPage {
    chrome: Chrome,
    producer: ProducerDetail,
    products: Paged<ProductSummary>,
    certification_kinds: Vec<Choice>,
    cert: CertificationForm,
    cert_errors: FieldErrors,
}

async fn producer_page(
    state: &AppState,
    chrome: Chrome,
    id: Uuid,
    cert: CertificationForm,
    cert_errors: FieldErrors,
) -> Result<Response, PageError> {
    let lang = chrome.lang;
    let db = &state.ctx.db;
    let producer = producers::get(db, chrome.actor.as_ref(), id).await?;
    let products = products::list(
        db,
        &ProductListParams {
            producer: Some(id),
            limit: Some(200),
            ..Default::default()
        },
    )
    .await?;
    let certification_kinds = CertificationKind::ALL
        .into_iter()
        .map(|k| Choice {
            value: k.as_str().to_owned(),
            label: chrome.certification_kind(k.as_str()),
        })
        .collect();
    let page = ProducerPage {
        chrome,
        producer,
        products,
        certification_kinds,
        cert,
        cert_errors,
    };
    Ok(render(&page, lang))
}

/// `GET /producers/{id}`.
pub async fn detail(
    State(state): State<AppState>,
    chrome: Chrome,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let id = parse_id(&id, &chrome)?;
    producer_page(&state, chrome, id, CertificationForm::default(), FieldErrors::default()).await
}

fn date_field(errors: &mut ocop_domain::ValidationErrors, field: &str, value: &FormDay) -> Option<chrono::NaiveDate> {
    match value.get(field) {
        Ok(day) => day,
        Err(_) => {
            errors.add(field, ErrorCode::InvalidDate);
            None
        }
    }
}

/// `POST /producers/{id}/certifications`: adds one, then back to the producer.
pub async fn add_certification(
    State(state): State<AppState>,
    chrome: Chrome,
    RequireActor(actor): RequireActor,
    Path(id): Path<String>,
    Form(form): Form<CertificationForm>,
) -> Result<Response, PageError> {
    let lang = chrome.lang;
    let id = parse_id(&id, &chrome)?;
    let mut errors = ocop_domain::ValidationErrors::new();
    let input = CertificationInput {
        kind: form.kind.clone(),
        label: non_blank(&form.label),
        number: non_blank(&form.number),
        issuer: non_blank(&form.issuer),
        issued_on: date_field(&mut errors, "issued_on", &form.issued_on),
        expires_on: date_field(&mut errors, "expires_on", &form.expires_on),
    };
    let result = if errors.is_empty() {
        producers::add_certification(&state.ctx.db, &actor, id, &input)
            .await
            .map(|_| ())
    } else {
        Err(ServiceError::Validation(errors))
    };
    match result {
        Ok(()) => Ok(Redirect::to(&format!("/producers/{id}#certifications")).into_response()),
        Err(ServiceError::Validation(errors)) => {
            let cert_errors = FieldErrors::from_validation(&errors, lang);
            let page = producer_page(&state, chrome, id, form, cert_errors).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(e) => Err(PageError::new(e, lang)),
    }
}

/// A 403 page unless the condition holds.
pub fn require(allowed: bool, chrome: &Chrome) -> Result<(), PageError> {
    if allowed {
        Ok(())
    } else {
        Err(PageError::new(ServiceError::Coded(ErrorCode::Forbidden), chrome.lang))
    }
}
