//! `/api/v1/criteria-sets`: criteria sets (bộ tiêu chí) as versioned data.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use ocop_service::criteria_sets::{self, CriteriaSetDetail, CriteriaSetSummary};
use serde::Deserialize;
use utoipa::IntoParams;
use uuid::Uuid;

use super::extract::{ApiJson, ApiPath};
use crate::app::AppState;
use crate::auth::{MaybeActor, RequireActor};
use crate::error::{ApiError, ErrorBody};
use crate::i18n::RequestLang;

/// Lists criteria sets: published ones, and drafts for administrators.
#[utoipa::path(get, path = "/api/v1/criteria-sets", tag = "evaluation",
    responses((status = 200, body = Vec<CriteriaSetSummary>)))]
pub async fn list(
    State(state): State<AppState>,
    MaybeActor(actor): MaybeActor,
) -> Result<Json<Vec<CriteriaSetSummary>>, ApiError> {
    criteria_sets::list(&state.ctx.db, actor.as_ref())
        .await
        .map(Json)
        .map_err(ApiError::from)
}

/// One criteria set with its parts, groups, criteria and options.
#[utoipa::path(get, path = "/api/v1/criteria-sets/{id}", tag = "evaluation", params(("id" = Uuid, Path)),
    responses((status = 200, body = CriteriaSetDetail), (status = 404, body = ErrorBody)))]
pub async fn get(
    State(state): State<AppState>,
    MaybeActor(actor): MaybeActor,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Json<CriteriaSetDetail>, ApiError> {
    criteria_sets::get(&state.ctx.db, actor.as_ref(), id)
        .await
        .map(Json)
        .map_err(ApiError::from)
}

/// Stores a criteria set (the JSON shape of the TOML sheets) as a new draft version
/// (administrators). 422 lists every problem, each with its location as `field`.
#[utoipa::path(post, path = "/api/v1/criteria-sets", tag = "evaluation", request_body = Object,
    responses((status = 201, body = CriteriaSetDetail), (status = 422, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
    ApiJson(body): ApiJson<serde_json::Value>,
) -> Result<(StatusCode, Json<CriteriaSetDetail>), ApiError> {
    criteria_sets::create(&state.ctx.db, &actor, &body)
        .await
        .map(|d| (StatusCode::CREATED, Json(d)))
        .map_err(ApiError::from)
}

/// Publishes a draft (administrators); a published set is immutable (409 when published).
#[utoipa::path(post, path = "/api/v1/criteria-sets/{id}/publish", tag = "evaluation", params(("id" = Uuid, Path)),
    responses((status = 200, body = CriteriaSetDetail), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn publish(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Json<CriteriaSetDetail>, ApiError> {
    criteria_sets::publish(&state.ctx.db, &actor, id)
        .await
        .map(Json)
        .map_err(ApiError::from)
}

/// Stores a criteria set from a file — TOML, JSON or an .xlsx workbook (columns in
/// docs/CRITERIA_XLSX.md), told apart by content — as a new draft version (administrators,
/// central officers). A bad .xlsx cell: 422 `import_rejected`, one field error per cell
/// (`rows[{row}].{column}`); a set that breaks its legal basis: 422 with every problem.
#[utoipa::path(post, path = "/api/v1/criteria-sets/import", tag = "evaluation",
    request_body(content = Vec<u8>, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    responses((status = 201, body = CriteriaSetDetail), (status = 422, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn import(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
    body: Bytes,
) -> Result<(StatusCode, Json<CriteriaSetDetail>), ApiError> {
    criteria_sets::create_from_file(&state.ctx.db, &actor, &body)
        .await
        .map(|d| (StatusCode::CREATED, Json(d)))
        .map_err(ApiError::from)
}

/// `?format=` of an export.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ExportQuery {
    /// `xlsx` (default), `toml` or `json`.
    pub format: Option<String>,
}

/// A criteria set as a file: .xlsx (the shape `import` reads), TOML or JSON; same visibility
/// as `GET /api/v1/criteria-sets/{id}`.
#[utoipa::path(get, path = "/api/v1/criteria-sets/{id}/export", tag = "evaluation", params(("id" = Uuid, Path), ExportQuery),
    responses((status = 200, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body = Vec<u8>), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn export(
    State(state): State<AppState>,
    RequestLang(lang): RequestLang,
    MaybeActor(actor): MaybeActor,
    ApiPath(id): ApiPath<Uuid>,
    Query(query): Query<ExportQuery>,
) -> Result<Response, ApiError> {
    export_file(&state, lang, actor.as_ref(), id, query.format.as_deref()).await
}

/// The file response shared by the API and the page's download links.
pub async fn export_file(
    state: &AppState,
    lang: ocop_domain::Lang,
    actor: Option<&ocop_domain::role::Actor>,
    id: Uuid,
    format: Option<&str>,
) -> Result<Response, ApiError> {
    let (summary, set) = criteria_sets::load(&state.ctx.db, actor, id).await?;
    let stem = format!(
        "bo-tieu-chi-{}-v{}",
        summary.legal_basis.to_ascii_lowercase(),
        summary.version
    );
    let (content_type, extension, bytes) = match format.unwrap_or("xlsx") {
        "xlsx" => (
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "xlsx",
            ocop_service::criteria_xlsx::write(&set),
        ),
        "toml" => ("application/toml; charset=utf-8", "toml", set.to_toml().into_bytes()),
        "json" => ("application/json", "json", set.to_json().into_bytes()),
        _ => {
            return Err(ApiError::new(
                ocop_service::ServiceError::field("format", ocop_domain::ErrorCode::InvalidChoice),
                lang,
            ));
        }
    };
    Ok((
        [
            (header::CONTENT_TYPE, content_type.to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{stem}.{extension}\""),
            ),
        ],
        bytes,
    )
        .into_response())
}

/// The product sets without a published criteria set under the legal basis in force today
/// (officers): a dossier of such a product cannot be created or submitted
/// (`criteria_set_missing`) until a sheet is imported and published at `import_url`.
#[utoipa::path(get, path = "/api/v1/criteria-sets/missing", tag = "evaluation",
    responses((status = 200, body = ocop_service::dossiers::sheet::MissingSheets), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn missing(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
) -> Result<Json<ocop_service::dossiers::sheet::MissingSheets>, ApiError> {
    ocop_service::dossiers::sheet::missing(&state.ctx.db, &actor)
        .await
        .map(Json)
        .map_err(ApiError::from)
}
