//! `/api/v1/programme/…` records made by hand: tasks (create, edit), fairs
//! and promotion events with their participants, training courses, support
//! disbursements; and `/api/v1/products/{id}/revenues` (yearly revenue).

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use ocop_domain::programme::activity::{EventInput, RevenueInput, SupportInput, TrainingInput};
use ocop_service::programme::activities::{self, EventDto, ParticipantInput, SupportDto, TrainingDto};
use ocop_service::programme::revenues::{self, RevenueDto};
use ocop_service::programme::tasks::{self, NewTaskInput, TaskDto, TaskUpdateInput};
use uuid::Uuid;

use super::extract::{ApiJson, ApiPath};
use crate::app::AppState;
use crate::auth::RequireActor;
use crate::error::{ApiError, ErrorBody};

/// Creates a task by hand (no directive), with optional links to a producer and a product of the unit.
#[utoipa::path(post, path = "/api/v1/programme/tasks", tag = "programme", request_body = NewTaskInput,
    responses((status = 201, body = TaskDto), (status = 422, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn create_task(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
    ApiJson(body): ApiJson<NewTaskInput>,
) -> Result<(StatusCode, Json<TaskDto>), ApiError> {
    tasks::create(&state.ctx.db, &actor, &body)
        .await
        .map(|t| (StatusCode::CREATED, Json(t)))
        .map_err(ApiError::from)
}

/// Edits a task (409 when it changed meanwhile).
#[utoipa::path(put, path = "/api/v1/programme/tasks/{id}", tag = "programme", params(("id" = Uuid, Path)), request_body = TaskUpdateInput,
    responses((status = 200, body = TaskDto), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn update_task(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(body): ApiJson<TaskUpdateInput>,
) -> Result<Json<TaskDto>, ApiError> {
    tasks::update(&state.ctx.db, &actor, id, &body)
        .await
        .map(Json)
        .map_err(ApiError::from)
}

/// Fairs and promotion events in the caller's area, latest first, with their participants.
#[utoipa::path(get, path = "/api/v1/programme/events", tag = "programme",
    responses((status = 200, body = Vec<EventDto>), (status = 403, body = ErrorBody)))]
pub async fn list_events(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
) -> Result<Json<Vec<EventDto>>, ApiError> {
    activities::list_events(&state.ctx.db, &actor)
        .await
        .map(Json)
        .map_err(ApiError::from)
}

/// Records a fair or promotion event of a unit.
#[utoipa::path(post, path = "/api/v1/programme/events", tag = "programme", request_body = EventInput,
    responses((status = 201, body = EventDto), (status = 422, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn create_event(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
    ApiJson(body): ApiJson<EventInput>,
) -> Result<(StatusCode, Json<EventDto>), ApiError> {
    activities::create_event(&state.ctx.db, &actor, &body)
        .await
        .map(|e| (StatusCode::CREATED, Json(e)))
        .map_err(ApiError::from)
}

/// One event with its participants.
#[utoipa::path(get, path = "/api/v1/programme/events/{id}", tag = "programme", params(("id" = Uuid, Path)),
    responses((status = 200, body = EventDto), (status = 404, body = ErrorBody)))]
pub async fn get_event(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Json<EventDto>, ApiError> {
    activities::get_event(&state.ctx.db, &actor, id)
        .await
        .map(Json)
        .map_err(ApiError::from)
}

/// Adds a producer (and optionally one of its products) of the event's unit to its participants.
#[utoipa::path(post, path = "/api/v1/programme/events/{id}/participants", tag = "programme", params(("id" = Uuid, Path)), request_body = ParticipantInput,
    responses((status = 201, body = EventDto), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn add_participant(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(body): ApiJson<ParticipantInput>,
) -> Result<(StatusCode, Json<EventDto>), ApiError> {
    activities::add_participant(&state.ctx.db, &actor, id, &body)
        .await
        .map(|e| (StatusCode::CREATED, Json(e)))
        .map_err(ApiError::from)
}

/// Training courses in the caller's area, latest first.
#[utoipa::path(get, path = "/api/v1/programme/trainings", tag = "programme",
    responses((status = 200, body = Vec<TrainingDto>), (status = 403, body = ErrorBody)))]
pub async fn list_trainings(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
) -> Result<Json<Vec<TrainingDto>>, ApiError> {
    activities::list_trainings(&state.ctx.db, &actor)
        .await
        .map(Json)
        .map_err(ApiError::from)
}

/// Records a training course of a unit (officials and others trained).
#[utoipa::path(post, path = "/api/v1/programme/trainings", tag = "programme", request_body = TrainingInput,
    responses((status = 201, body = TrainingDto), (status = 422, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn create_training(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
    ApiJson(body): ApiJson<TrainingInput>,
) -> Result<(StatusCode, Json<TrainingDto>), ApiError> {
    activities::create_training(&state.ctx.db, &actor, &body)
        .await
        .map(|t| (StatusCode::CREATED, Json(t)))
        .map_err(ApiError::from)
}

/// Support disbursements in the caller's area, latest first.
#[utoipa::path(get, path = "/api/v1/programme/supports", tag = "programme",
    responses((status = 200, body = Vec<SupportDto>), (status = 403, body = ErrorBody)))]
pub async fn list_supports(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
) -> Result<Json<Vec<SupportDto>>, ApiError> {
    activities::list_supports(&state.ctx.db, &actor)
        .await
        .map(Json)
        .map_err(ApiError::from)
}

/// Records support disbursed by a unit to one of its producers (amount in VND, programme source).
#[utoipa::path(post, path = "/api/v1/programme/supports", tag = "programme", request_body = SupportInput,
    responses((status = 201, body = SupportDto), (status = 422, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn create_support(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
    ApiJson(body): ApiJson<SupportInput>,
) -> Result<(StatusCode, Json<SupportDto>), ApiError> {
    activities::create_support(&state.ctx.db, &actor, &body)
        .await
        .map(|s| (StatusCode::CREATED, Json(s)))
        .map_err(ApiError::from)
}

/// A product's yearly revenues (whoever may see the producer's private details).
#[utoipa::path(get, path = "/api/v1/products/{id}/revenues", tag = "products", params(("id" = Uuid, Path)),
    responses((status = 200, body = Vec<RevenueDto>), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn list_revenues(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Json<Vec<RevenueDto>>, ApiError> {
    revenues::list(&state.ctx.db, &actor, id)
        .await
        .map(Json)
        .map_err(ApiError::from)
}

/// Enters or corrects a product's revenue for a year (the product's edit rights; audited).
#[utoipa::path(post, path = "/api/v1/products/{id}/revenues", tag = "products", params(("id" = Uuid, Path)), request_body = RevenueInput,
    responses((status = 200, body = RevenueDto), (status = 422, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn record_revenue(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(body): ApiJson<RevenueInput>,
) -> Result<Json<RevenueDto>, ApiError> {
    revenues::record(&state.ctx.db, &actor, id, &body)
        .await
        .map(Json)
        .map_err(ApiError::from)
}
