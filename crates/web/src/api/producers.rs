//! `/api/v1/producers` and `/api/v1/product-sets`.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use ocop_domain::producer::{CertificationInput, ProducerInput};
use ocop_service::admin_units::Paged;
use ocop_service::producers::{
    self, CertificationDto, ProducerDetail, ProducerListParams, ProducerSummary, ProducerUpdate,
};
use ocop_service::products::{self, ProductSetDto};
use serde::Deserialize;
use utoipa::IntoParams;
use uuid::Uuid;

use super::extract::{ApiJson, ApiPath, ApiQuery};
use crate::app::AppState;
use crate::auth::{MaybeActor, RequireActor};
use crate::error::{ApiError, ErrorBody};

/// Lists producers (public facts), with folded search and filters.
#[utoipa::path(get, path = "/api/v1/producers", tag = "producers", params(ProducerListParams),
    responses((status = 200, body = Paged<ProducerSummary>), (status = 422, body = ErrorBody), (status = 400, body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    ApiQuery(params): ApiQuery<ProducerListParams>,
) -> Result<Json<Paged<ProducerSummary>>, ApiError> {
    producers::list(&state.ctx.db, &params)
        .await
        .map(Json)
        .map_err(ApiError::from)
}

/// One producer; contacts only for those allowed.
#[utoipa::path(get, path = "/api/v1/producers/{id}", tag = "producers", params(("id" = Uuid, Path)),
    responses((status = 200, body = ProducerDetail), (status = 404, body = ErrorBody)))]
pub async fn get(
    State(state): State<AppState>,
    MaybeActor(actor): MaybeActor,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Json<ProducerDetail>, ApiError> {
    producers::get(&state.ctx.db, actor.as_ref(), id)
        .await
        .map(Json)
        .map_err(ApiError::from)
}

/// Registers a producer (officers of its area, administrators).
#[utoipa::path(post, path = "/api/v1/producers", tag = "producers", request_body = ProducerInput,
    responses((status = 201, body = ProducerDetail), (status = 422, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
    ApiJson(input): ApiJson<ProducerInput>,
) -> Result<(StatusCode, Json<ProducerDetail>), ApiError> {
    producers::create(&state.ctx.db, &actor, &input)
        .await
        .map(|d| (StatusCode::CREATED, Json(d)))
        .map_err(ApiError::from)
}

/// Changes a producer; send back the `row_version` you read (409 when someone else changed it).
#[utoipa::path(put, path = "/api/v1/producers/{id}", tag = "producers", params(("id" = Uuid, Path)), request_body = ProducerUpdate,
    responses((status = 200, body = ProducerDetail), (status = 422, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn update(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(update): ApiJson<ProducerUpdate>,
) -> Result<Json<ProducerDetail>, ApiError> {
    producers::update(&state.ctx.db, &actor, id, &update)
        .await
        .map(Json)
        .map_err(ApiError::from)
}

/// Adds a certification (VietGAP, HACCP, …).
#[utoipa::path(post, path = "/api/v1/producers/{id}/certifications", tag = "producers", params(("id" = Uuid, Path)), request_body = CertificationInput,
    responses((status = 201, body = CertificationDto), (status = 422, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn add_certification(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<CertificationInput>,
) -> Result<(StatusCode, Json<CertificationDto>), ApiError> {
    producers::add_certification(&state.ctx.db, &actor, id, &input)
        .await
        .map(|c| (StatusCode::CREATED, Json(c)))
        .map_err(ApiError::from)
}

/// Removes a certification.
#[utoipa::path(delete, path = "/api/v1/producers/{id}/certifications/{certification_id}", tag = "producers",
    params(("id" = Uuid, Path), ("certification_id" = Uuid, Path)),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn remove_certification(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
    ApiPath((id, certification_id)): ApiPath<(Uuid, Uuid)>,
) -> Result<StatusCode, ApiError> {
    producers::remove_certification(&state.ctx.db, &actor, id, certification_id)
        .await
        .map(|()| StatusCode::NO_CONTENT)
        .map_err(ApiError::from)
}

/// Query of `GET /api/v1/product-sets`.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ProductSetParams {
    /// `qd148` or `qd1048`; both when absent.
    pub classification: Option<String>,
}

/// The product sets.
#[utoipa::path(get, path = "/api/v1/product-sets", tag = "products", params(ProductSetParams),
    responses((status = 200, body = Vec<ProductSetDto>), (status = 400, body = ErrorBody)))]
pub async fn product_sets(
    State(state): State<AppState>,
    ApiQuery(params): ApiQuery<ProductSetParams>,
) -> Result<Json<Vec<ProductSetDto>>, ApiError> {
    products::product_sets(&state.ctx.db, params.classification.as_deref())
        .await
        .map(Json)
        .map_err(ApiError::from)
}
