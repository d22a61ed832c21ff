//! `/criteria-sets`: the criteria sets (bộ tiêu chí) — list, one set with its parts, groups,
//! criteria and options, upload of a TOML/JSON/.xlsx file as a new draft version (errors by
//! row and column), publish, and downloads. Administrators and central officers author;
//! everyone else reads the published sets.

use askama::Template;
use axum::extract::{Multipart, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use ocop_domain::evaluation::CriteriaSet;
use ocop_domain::{ErrorCode, Lang, ValidationErrors};
use ocop_service::ServiceError;
use ocop_service::criteria_sets::{self, CriteriaSetSummary};

use super::chrome::Chrome;
use super::forms::with_status;
use super::producers::parse_id;
use super::render;
use crate::app::AppState;
use crate::auth::RequireActor;
use crate::error::{PageError, status_of};

/// One error line shown under the upload or publish form.
pub struct ErrorLine {
    /// Where: "dòng 7, cột points" / "row 7, column points", or the set location.
    pub location: String,
    /// The message in the page's language.
    pub message: String,
}

fn error_lines(error: &ServiceError, lang: Lang) -> Vec<ErrorLine> {
    let Some(errors) = error.field_errors() else {
        return vec![ErrorLine {
            location: String::new(),
            message: error.code().message(lang).to_owned(),
        }];
    };
    lines_of(errors, lang)
}

fn lines_of(errors: &ValidationErrors, lang: Lang) -> Vec<ErrorLine> {
    errors
        .fields
        .iter()
        .map(|f| ErrorLine {
            location: location(&f.field, lang),
            message: f.code.message(lang).to_owned(),
        })
        .collect()
}

/// `rows[7].points` as "dòng 7, cột points" (or in English); other locations unchanged.
pub fn location(field: &str, lang: Lang) -> String {
    match field.strip_prefix("rows[").and_then(|rest| rest.split_once("].")) {
        Some((row, column)) => match lang {
            Lang::Vi => format!("dòng {row}, cột {column}"),
            Lang::En => format!("row {row}, column {column}"),
        },
        None => field.to_owned(),
    }
}

#[derive(Template)]
#[template(path = "criteria_sets_list.html")]
struct ListPage {
    chrome: Chrome,
    sets: Vec<CriteriaSetSummary>,
    author: bool,
    errors: Vec<ErrorLine>,
    sample_mark: &'static str,
}

#[derive(Template)]
#[template(path = "criteria_set_detail.html")]
struct DetailPage {
    chrome: Chrome,
    summary: CriteriaSetSummary,
    set: CriteriaSet,
    author: bool,
    errors: Vec<ErrorLine>,
    sample_mark: &'static str,
}

async fn list_page(state: &AppState, chrome: Chrome, errors: Vec<ErrorLine>) -> Result<Response, PageError> {
    let lang = chrome.lang;
    let sets = criteria_sets::list(&state.ctx.db, chrome.actor.as_ref()).await?;
    let author = criteria_sets::is_author(chrome.actor.as_ref());
    Ok(render(
        &ListPage {
            chrome,
            sets,
            author,
            errors,
            sample_mark: ocop_domain::evaluation::criteria::SAMPLE_MARKER,
        },
        lang,
    ))
}

/// `GET /criteria-sets`.
pub async fn list(State(state): State<AppState>, chrome: Chrome) -> Result<Response, PageError> {
    list_page(&state, chrome, Vec::new()).await
}

async fn upload_bytes(mut multipart: Multipart) -> Result<Vec<u8>, ErrorCode> {
    loop {
        match multipart.next_field().await {
            Ok(Some(field)) if field.name() == Some("file") => {
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

/// `POST /criteria-sets` (multipart, field `file`: TOML, JSON or .xlsx): a new draft version,
/// then its page; on bad input the list again with every error by row and column.
pub async fn upload(
    State(state): State<AppState>,
    chrome: Chrome,
    RequireActor(actor): RequireActor,
    multipart: Multipart,
) -> Result<Response, PageError> {
    let lang = chrome.lang;
    let result = match upload_bytes(multipart).await {
        Ok(bytes) if bytes.is_empty() => Err(ServiceError::field("file", ErrorCode::Required)),
        Ok(bytes) => criteria_sets::create_from_file(&state.ctx.db, &actor, &bytes).await,
        Err(code) => Err(ServiceError::field("file", code)),
    };
    match result {
        Ok(detail) => Ok(Redirect::to(&format!("/criteria-sets/{}", detail.summary.id)).into_response()),
        Err(e @ (ServiceError::Validation(_) | ServiceError::Rejected(..))) => {
            let status = status_of(e.code());
            let page = list_page(&state, chrome, error_lines(&e, lang)).await?;
            Ok(with_status(status, page))
        }
        Err(e) => Err(PageError::new(e, lang)),
    }
}

async fn detail_page(
    state: &AppState,
    chrome: Chrome,
    id: uuid::Uuid,
    errors: Vec<ErrorLine>,
) -> Result<Response, PageError> {
    let lang = chrome.lang;
    let (summary, set) = criteria_sets::load(&state.ctx.db, chrome.actor.as_ref(), id).await?;
    let author = criteria_sets::is_author(chrome.actor.as_ref());
    Ok(render(
        &DetailPage {
            chrome,
            summary,
            set,
            author,
            errors,
            sample_mark: ocop_domain::evaluation::criteria::SAMPLE_MARKER,
        },
        lang,
    ))
}

/// `GET /criteria-sets/{id}`.
pub async fn detail(
    State(state): State<AppState>,
    chrome: Chrome,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let id = parse_id(&id, &chrome)?;
    detail_page(&state, chrome, id, Vec::new()).await
}

/// `POST /criteria-sets/{id}/publish`: publishes a draft, then its page.
pub async fn publish(
    State(state): State<AppState>,
    chrome: Chrome,
    RequireActor(actor): RequireActor,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let lang = chrome.lang;
    let id = parse_id(&id, &chrome)?;
    match criteria_sets::publish(&state.ctx.db, &actor, id).await {
        Ok(_) => Ok(Redirect::to(&format!("/criteria-sets/{id}")).into_response()),
        Err(e @ (ServiceError::Validation(_) | ServiceError::Conflict(_))) => {
            let status = status_of(e.code());
            let page = detail_page(&state, chrome, id, error_lines(&e, lang)).await?;
            Ok(with_status(status, page))
        }
        Err(e) => Err(PageError::new(e, lang)),
    }
}

#[derive(Template)]
#[template(path = "criteria_sets_missing.html")]
struct MissingPage {
    chrome: Chrome,
    missing: ocop_service::dossiers::sheet::MissingSheets,
}

/// `GET /criteria-sets/missing` (officers): the product sets without a published sheet under
/// the basis in force, with the link to import one.
pub async fn missing(
    State(state): State<AppState>,
    chrome: Chrome,
    RequireActor(actor): RequireActor,
) -> Result<Response, PageError> {
    let lang = chrome.lang;
    let missing = ocop_service::dossiers::sheet::missing(&state.ctx.db, &actor).await?;
    Ok(render(&MissingPage { chrome, missing }, lang))
}
