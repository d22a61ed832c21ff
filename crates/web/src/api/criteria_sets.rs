//! `/api/v1/criteria-sets`: criteria sets (bộ tiêu chí) as versioned data.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use ocop_service::criteria_sets::{self, CriteriaSetDetail, CriteriaSetSummary};
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
    RequestLang(lang): RequestLang,
    MaybeActor(actor): MaybeActor,
) -> Result<Json<Vec<CriteriaSetSummary>>, ApiError> {
    criteria_sets::list(&state.ctx.db, actor.as_ref())
        .await
        .map(Json)
        .map_err(|e| ApiError::new(e, lang))
}

/// One criteria set with its parts, groups, criteria and options.
#[utoipa::path(get, path = "/api/v1/criteria-sets/{id}", tag = "evaluation", params(("id" = Uuid, Path)),
    responses((status = 200, body = CriteriaSetDetail), (status = 404, body = ErrorBody)))]
pub async fn get(
    State(state): State<AppState>,
    RequestLang(lang): RequestLang,
    MaybeActor(actor): MaybeActor,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Json<CriteriaSetDetail>, ApiError> {
    criteria_sets::get(&state.ctx.db, actor.as_ref(), id)
        .await
        .map(Json)
        .map_err(|e| ApiError::new(e, lang))
}

/// Stores a criteria set (the JSON shape of the TOML sheets) as a new draft version
/// (administrators). 422 lists every problem, each with its location as `field`.
#[utoipa::path(post, path = "/api/v1/criteria-sets", tag = "evaluation", request_body = Object,
    responses((status = 201, body = CriteriaSetDetail), (status = 422, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    RequestLang(lang): RequestLang,
    RequireActor(actor): RequireActor,
    ApiJson(body): ApiJson<serde_json::Value>,
) -> Result<(StatusCode, Json<CriteriaSetDetail>), ApiError> {
    criteria_sets::create(&state.ctx.db, &actor, &body)
        .await
        .map(|d| (StatusCode::CREATED, Json(d)))
        .map_err(|e| ApiError::new(e, lang))
}

/// Publishes a draft (administrators); a published set is immutable (409 when published).
#[utoipa::path(post, path = "/api/v1/criteria-sets/{id}/publish", tag = "evaluation", params(("id" = Uuid, Path)),
    responses((status = 200, body = CriteriaSetDetail), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn publish(
    State(state): State<AppState>,
    RequestLang(lang): RequestLang,
    RequireActor(actor): RequireActor,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Json<CriteriaSetDetail>, ApiError> {
    criteria_sets::publish(&state.ctx.db, &actor, id)
        .await
        .map(Json)
        .map_err(|e| ApiError::new(e, lang))
}
