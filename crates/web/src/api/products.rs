//! `/api/v1/products` and photos.

use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use ocop_domain::product::ProductInput;
use ocop_service::admin_units::Paged;
use ocop_service::amendments::{self, AmendmentDto, AmendmentInput};
use ocop_service::products::{self, ProductDetail, ProductListParams, ProductSummary, ProductUpdate};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use super::extract::{ApiJson, ApiPath, ApiQuery};
use crate::app::AppState;
use crate::auth::{MaybeActor, RequireActor};
use crate::error::{ApiError, ErrorBody};

/// Lists products: folded search over name, producer, set and place (old and new names); filters.
#[utoipa::path(get, path = "/api/v1/products", tag = "products", params(ProductListParams),
    responses((status = 200, body = Paged<ProductSummary>), (status = 422, body = ErrorBody), (status = 400, body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    ApiQuery(params): ApiQuery<ProductListParams>,
) -> Result<Json<Paged<ProductSummary>>, ApiError> {
    products::list(&state.ctx.db, &params)
        .await
        .map(Json)
        .map_err(ApiError::from)
}

/// One product.
#[utoipa::path(get, path = "/api/v1/products/{id}", tag = "products", params(("id" = Uuid, Path)),
    responses((status = 200, body = ProductDetail), (status = 404, body = ErrorBody)))]
pub async fn get(
    State(state): State<AppState>,
    MaybeActor(actor): MaybeActor,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Json<ProductDetail>, ApiError> {
    products::get(&state.ctx.db, actor.as_ref(), id)
        .await
        .map(Json)
        .map_err(ApiError::from)
}

/// Registers a product (its producer, officers of its area, administrators).
#[utoipa::path(post, path = "/api/v1/products", tag = "products", request_body = ProductInput,
    responses((status = 201, body = ProductDetail), (status = 422, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
    ApiJson(input): ApiJson<ProductInput>,
) -> Result<(StatusCode, Json<ProductDetail>), ApiError> {
    products::create(&state.ctx.db, &actor, &input)
        .await
        .map(|d| (StatusCode::CREATED, Json(d)))
        .map_err(ApiError::from)
}

/// Changes a product; send back the `row_version` you read.
#[utoipa::path(put, path = "/api/v1/products/{id}", tag = "products", params(("id" = Uuid, Path)), request_body = ProductUpdate,
    responses((status = 200, body = ProductDetail), (status = 422, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn update(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(update): ApiJson<ProductUpdate>,
) -> Result<Json<ProductDetail>, ApiError> {
    products::update(&state.ctx.db, &actor, id, &update)
        .await
        .map(Json)
        .map_err(ApiError::from)
}

/// Amends a product's certified facts (đính chính: name, product set, producer, commune) with a
/// reason and optional evidence (`evidence_sha256` of a file stored by `POST /api/v1/decision-scans`):
/// commune officers of its commune, province officers of its province, administrators; the new
/// producer and commune must lie in the officer's area. Stored as a row, audited, shown on `/v/{code}`.
#[utoipa::path(post, path = "/api/v1/products/{id}/amendments", tag = "products", params(("id" = Uuid, Path)),
    request_body = AmendmentInput,
    responses((status = 201, body = ProductDetail), (status = 422, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn amend(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<AmendmentInput>,
) -> Result<(StatusCode, Json<ProductDetail>), ApiError> {
    amendments::amend(&state.ctx.db, &state.ctx.files, &actor, id, &input)
        .await
        .map(|p| (StatusCode::CREATED, Json(p)))
        .map_err(ApiError::from)
}

/// A product's recorded amendments, oldest first; public like its certificates.
#[utoipa::path(get, path = "/api/v1/products/{id}/amendments", tag = "products", params(("id" = Uuid, Path)),
    responses((status = 200, body = Vec<AmendmentDto>)))]
pub async fn list_amendments(
    State(state): State<AppState>,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Json<Vec<AmendmentDto>>, ApiError> {
    amendments::list(&state.ctx.db, id)
        .await
        .map(Json)
        .map_err(ApiError::from)
}

/// The stored photo's id.
#[derive(Debug, Serialize, ToSchema)]
pub struct PhotoCreated {
    /// Photo id.
    pub id: Uuid,
}

/// Adds a photo: the raw JPEG, PNG or WebP bytes as the body (at most 8 MiB; the type is read from the content).
#[utoipa::path(post, path = "/api/v1/products/{id}/photos", tag = "products", params(("id" = Uuid, Path)),
    request_body(content = Vec<u8>, content_type = "application/octet-stream"),
    responses((status = 201, body = PhotoCreated), (status = 413, body = ErrorBody), (status = 415, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn add_photo(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
    ApiPath(id): ApiPath<Uuid>,
    body: Bytes,
) -> Result<(StatusCode, Json<PhotoCreated>), ApiError> {
    products::add_photo(&state.ctx.db, &state.ctx.files, &actor, id, &body)
        .await
        .map(|id| (StatusCode::CREATED, Json(PhotoCreated { id })))
        .map_err(ApiError::from)
}

/// A photo.
#[utoipa::path(get, path = "/api/v1/photos/{id}", tag = "products", params(("id" = Uuid, Path)),
    responses((status = 200, content_type = "image/*", body = Vec<u8>), (status = 404, body = ErrorBody)))]
pub async fn photo(State(state): State<AppState>, ApiPath(id): ApiPath<Uuid>) -> Result<Response, ApiError> {
    let (bytes, mime) = products::photo(&state.ctx.db, &state.ctx.files, id).await?;
    Ok((
        [
            (header::CONTENT_TYPE, mime),
            (header::CACHE_CONTROL, "public, max-age=86400".to_owned()),
        ],
        bytes,
    )
        .into_response())
}

/// Adds a point of sale ("where to buy") to a product: the producer or officers who may edit it.
#[utoipa::path(post, path = "/api/v1/products/{id}/points-of-sale", tag = "products", params(("id" = Uuid, Path)),
    request_body = ocop_service::points_of_sale::PointOfSaleInput,
    responses((status = 201, body = ocop_service::points_of_sale::PointOfSaleDto), (status = 422, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn add_point_of_sale(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
    ApiPath(id): ApiPath<Uuid>,
    super::extract::ApiJson(input): super::extract::ApiJson<ocop_service::points_of_sale::PointOfSaleInput>,
) -> Result<(StatusCode, Json<ocop_service::points_of_sale::PointOfSaleDto>), ApiError> {
    ocop_service::points_of_sale::add(&state.ctx.db, &actor, id, &input)
        .await
        .map(|p| (StatusCode::CREATED, Json(p)))
        .map_err(ApiError::from)
}

/// Removes a point of sale of a product.
#[utoipa::path(delete, path = "/api/v1/products/{id}/points-of-sale/{point_id}", tag = "products",
    params(("id" = Uuid, Path), ("point_id" = Uuid, Path)),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn remove_point_of_sale(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
    ApiPath((id, point_id)): ApiPath<(Uuid, Uuid)>,
) -> Result<StatusCode, ApiError> {
    ocop_service::points_of_sale::remove(&state.ctx.db, &actor, id, point_id)
        .await
        .map(|()| StatusCode::NO_CONTENT)
        .map_err(ApiError::from)
}
