//! Registering and editing a product through an HTML form; uploading photos.

use askama::Template;
use axum::Form;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use ocop_domain::ErrorCode;
use ocop_domain::product::ProductInput;
use ocop_domain::role::Scope;
use ocop_service::error::ServiceResult;
use ocop_service::producers::{self, ProducerListParams};
use ocop_service::products::{self, ProductDetail, ProductSetDto, ProductUpdate};
use ocop_service::{Actor, ServiceError};
use serde::Deserialize;
use uuid::Uuid;

use super::chrome::Chrome;
use super::forms::{Choice, CommunePicker, FieldErrors, Rejected, with_status};
use super::producers::{parse_id, require};
use super::products::product_page;
use super::render;
use crate::app::AppState;
use crate::auth::RequireActor;
use crate::error::{PageError, status_of};

/// The product form as typed.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ProductForm {
    name: String,
    producer_id: String,
    product_set_code: String,
    province: String,
    commune_id: String,
    description: String,
    story: String,
    raw_material_origin: String,
    gtin: String,
    row_version: String,
}

fn opt(value: &str) -> Option<String> {
    let value = value.trim();
    (!value.is_empty()).then(|| value.to_owned())
}

impl ProductForm {
    fn input(&self) -> ProductInput {
        ProductInput {
            name: self.name.clone(),
            producer_id: self.producer_id.trim().to_owned(),
            product_set_code: self.product_set_code.trim().to_owned(),
            commune_id: self.commune_id.clone(),
            description: opt(&self.description),
            story: opt(&self.story),
            raw_material_origin: opt(&self.raw_material_origin),
            gtin: opt(&self.gtin),
        }
    }

    fn of(p: &ProductDetail) -> Self {
        let text = |v: &Option<String>| v.clone().unwrap_or_default();
        ProductForm {
            name: p.summary.name.clone(),
            producer_id: p.summary.producer_id.to_string(),
            product_set_code: p.summary.product_set_code.clone(),
            province: String::new(),
            commune_id: p.summary.place.commune_id.clone(),
            description: text(&p.description),
            story: text(&p.story),
            raw_material_origin: text(&p.raw_material_origin),
            gtin: text(&p.summary.gtin),
            row_version: p.row_version.to_string(),
        }
    }
}

#[derive(Template)]
#[template(path = "product_form.html")]
struct ProductFormPage {
    chrome: Chrome,
    /// `None` when registering.
    product_id: Option<Uuid>,
    form: ProductForm,
    errors: FieldErrors,
    conflict: bool,
    picker: CommunePicker,
    producers: Vec<Choice>,
    sets: Vec<ProductSetDto>,
}

impl ProductFormPage {
    fn action(&self) -> String {
        match self.product_id {
            Some(id) => format!("/products/{id}/edit"),
            None => "/products/new".to_owned(),
        }
    }

    fn cancel_href(&self) -> String {
        match self.product_id {
            Some(id) => format!("/products/{id}"),
            None => "/products".to_owned(),
        }
    }
}

/// The producers this account may register products for: a producer account
/// only itself; an officer those of its province (at most 200), plus the chosen one.
async fn producer_choices(state: &AppState, actor: &Actor, chosen: &str) -> ServiceResult<Vec<Choice>> {
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
    let province = match &actor.scope {
        Scope::Commune { province_code, .. } | Scope::Province { province_code } => Some(province_code.clone()),
        _ => None,
    };
    let params = ProducerListParams {
        province,
        limit: Some(200),
        ..Default::default()
    };
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

async fn form_page(
    state: &AppState,
    chrome: Chrome,
    actor: &Actor,
    product_id: Option<Uuid>,
    form: ProductForm,
    errors: FieldErrors,
    conflict: bool,
) -> Result<Response, PageError> {
    let lang = chrome.lang;
    let picker = CommunePicker::build(state, &form.commune_id, opt(&form.province), lang).await?;
    let producers = producer_choices(state, actor, &form.producer_id).await?;
    let sets = products::product_sets(&state.ctx.db, Some("qd148")).await?;
    let page = ProductFormPage {
        chrome,
        product_id,
        form,
        errors,
        conflict,
        picker,
        producers,
        sets,
    };
    Ok(render(&page, lang))
}

/// Query of `GET /products/new`.
#[derive(Debug, Default, Deserialize)]
pub struct NewProductParams {
    /// The producer to preselect.
    producer: Option<Uuid>,
}

/// `GET /products/new`.
pub async fn new_form(
    State(state): State<AppState>,
    chrome: Chrome,
    RequireActor(actor): RequireActor,
    Query(params): Query<NewProductParams>,
) -> Result<Response, PageError> {
    require(chrome.can_register_products(), &chrome)?;
    let (mut commune_id, province) = CommunePicker::preselect(&actor);
    let mut producer_id = params.producer;
    if let Scope::Producer { producer_id: own } = &actor.scope {
        producer_id = Some(own.0);
    }
    if let Some(id) = producer_id
        && let Ok(p) = producers::get(&state.ctx.db, Some(&actor), id).await
    {
        // A product is usually made where its producer is.
        commune_id = p.place.commune_id;
    }
    let form = ProductForm {
        producer_id: producer_id.map(|id| id.to_string()).unwrap_or_default(),
        commune_id,
        province: province.unwrap_or_default(),
        ..Default::default()
    };
    form_page(&state, chrome, &actor, None, form, FieldErrors::default(), false).await
}

/// `POST /products/new`: registers, then the product's page.
pub async fn create(
    State(state): State<AppState>,
    chrome: Chrome,
    RequireActor(actor): RequireActor,
    Form(form): Form<ProductForm>,
) -> Result<Response, PageError> {
    let lang = chrome.lang;
    match products::create(&state.ctx.db, &actor, &form.input()).await {
        Ok(created) => Ok(Redirect::to(&format!("/products/{}", created.summary.id)).into_response()),
        Err(e) => match Rejected::of(e, lang) {
            Rejected::Invalid(errors) => Ok(with_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                form_page(&state, chrome, &actor, None, form, errors, false).await?,
            )),
            Rejected::Conflict => Err(PageError::new(ServiceError::Conflict(ErrorCode::Conflict), lang)),
            Rejected::Other(e) => Err(PageError::new(e, lang)),
        },
    }
}

/// `GET /products/{id}/edit`.
pub async fn edit_form(
    State(state): State<AppState>,
    chrome: Chrome,
    RequireActor(actor): RequireActor,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let id = parse_id(&id, &chrome)?;
    let product = products::get(&state.ctx.db, Some(&actor), id).await?;
    require(product.can_edit, &chrome)?;
    let form = ProductForm::of(&product);
    form_page(&state, chrome, &actor, Some(id), form, FieldErrors::default(), false).await
}

/// `POST /products/{id}/edit`: saves unless someone else saved first.
pub async fn update(
    State(state): State<AppState>,
    chrome: Chrome,
    RequireActor(actor): RequireActor,
    Path(id): Path<String>,
    Form(form): Form<ProductForm>,
) -> Result<Response, PageError> {
    let lang = chrome.lang;
    let id = parse_id(&id, &chrome)?;
    let update = ProductUpdate {
        input: form.input(),
        row_version: form.row_version.trim().parse().unwrap_or(0),
    };
    match products::update(&state.ctx.db, &actor, id, &update).await {
        Ok(_) => Ok(Redirect::to(&format!("/products/{id}")).into_response()),
        Err(e) => match Rejected::of(e, lang) {
            Rejected::Invalid(errors) => Ok(with_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                form_page(&state, chrome, &actor, Some(id), form, errors, false).await?,
            )),
            Rejected::Conflict => {
                let current = products::get(&state.ctx.db, Some(&actor), id).await?;
                let current = ProductForm::of(&current);
                let page = form_page(&state, chrome, &actor, Some(id), current, FieldErrors::default(), true).await?;
                Ok(with_status(StatusCode::CONFLICT, page))
            }
            Rejected::Other(e) => Err(PageError::new(e, lang)),
        },
    }
}

/// Reads the `photo` field of a multipart form.
async fn photo_bytes(mut multipart: Multipart) -> Result<Vec<u8>, ErrorCode> {
    loop {
        match multipart.next_field().await {
            Ok(Some(field)) if field.name() == Some("photo") => {
                return field
                    .bytes()
                    .await
                    .map(|b| b.to_vec())
                    .map_err(|_| ErrorCode::PayloadTooLarge);
            }
            Ok(Some(_)) => continue,
            Ok(None) => return Err(ErrorCode::Required),
            Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => return Err(ErrorCode::PayloadTooLarge),
            Err(_) => return Err(ErrorCode::BadRequest),
        }
    }
}

/// `POST /products/{id}/photos` (multipart, field `photo`): stores it, then back to the product.
pub async fn add_photo(
    State(state): State<AppState>,
    chrome: Chrome,
    RequireActor(actor): RequireActor,
    Path(id): Path<String>,
    multipart: Multipart,
) -> Result<Response, PageError> {
    let lang = chrome.lang;
    let id = parse_id(&id, &chrome)?;
    let result = match photo_bytes(multipart).await {
        Ok(bytes) if bytes.is_empty() => Err(ServiceError::Coded(ErrorCode::Required)),
        Ok(bytes) => products::add_photo(&state.ctx.db, &state.ctx.files, &actor, id, &bytes).await,
        Err(code) => Err(ServiceError::Coded(code)),
    };
    match result {
        Ok(_) => Ok(Redirect::to(&format!("/products/{id}")).into_response()),
        Err(e @ (ServiceError::Coded(_) | ServiceError::Validation(_))) => {
            let code = match &e {
                ServiceError::Validation(errors) => errors.fields.first().map_or(e.code(), |f| f.code),
                other => other.code(),
            };
            let page = product_page(&state, chrome, id, Some(code.message(lang).to_owned())).await?;
            Ok(with_status(status_of(code), page))
        }
        Err(e) => Err(PageError::new(e, lang)),
    }
}

/// `POST /products/{id}/points-of-sale` (form: kind, name, address, url): adds it, then back to the product.
pub async fn add_point_of_sale(
    State(state): State<AppState>,
    chrome: Chrome,
    RequireActor(actor): RequireActor,
    Path(id): Path<String>,
    axum::Form(input): axum::Form<ocop_service::points_of_sale::PointOfSaleInput>,
) -> Result<Response, PageError> {
    let lang = chrome.lang;
    let id = parse_id(&id, &chrome)?;
    match ocop_service::points_of_sale::add(&state.ctx.db, &actor, id, &input).await {
        Ok(_) => Ok(Redirect::to(&format!("/products/{id}")).into_response()),
        Err(e @ (ServiceError::Coded(_) | ServiceError::Validation(_))) => {
            let code = match &e {
                ServiceError::Validation(errors) => errors.fields.first().map_or(e.code(), |f| f.code),
                other => other.code(),
            };
            let page = product_page(&state, chrome, id, Some(code.message(lang).to_owned())).await?;
            Ok(with_status(status_of(code), page))
        }
        Err(e) => Err(PageError::new(e, lang)),
    }
}
