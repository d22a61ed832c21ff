//! `/api/v1/ideas` and `/api/v1/business-plans`: the cycle before the dossier.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use ocop_domain::cycle::PlanStep;
use ocop_service::cycle::{self, AnswerInput, IdeaDto, IdeaInput, IdeaSupplement, PlanDto, PlanInput, PlanUpdate};
use uuid::Uuid;

use super::extract::{ApiJson, ApiPath};
use crate::app::AppState;
use crate::auth::RequireActor;
use crate::error::{ApiError, ErrorBody};

/// The ideas the caller may see (own, its area's, or all), newest first.
#[utoipa::path(get, path = "/api/v1/ideas", tag = "cycle",
    responses((status = 200, body = Vec<IdeaDto>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn list_ideas(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
) -> Result<Json<Vec<IdeaDto>>, ApiError> {
    cycle::list_ideas(&state.ctx.db, &actor)
        .await
        .map(Json)
        .map_err(ApiError::from)
}

/// Registers a product idea (new product, or an existing one with `product_id`); the commune
/// answers within 15 days.
#[utoipa::path(post, path = "/api/v1/ideas", tag = "cycle", request_body = IdeaInput,
    responses((status = 201, body = IdeaDto), (status = 422, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn submit_idea(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
    ApiJson(input): ApiJson<IdeaInput>,
) -> Result<(StatusCode, Json<IdeaDto>), ApiError> {
    cycle::submit_idea(&state.ctx.db, &actor, &input)
        .await
        .map(|d| (StatusCode::CREATED, Json(d)))
        .map_err(ApiError::from)
}

/// One idea with its steps.
#[utoipa::path(get, path = "/api/v1/ideas/{id}", tag = "cycle", params(("id" = Uuid, Path)),
    responses((status = 200, body = IdeaDto), (status = 404, body = ErrorBody)))]
pub async fn get_idea(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Json<IdeaDto>, ApiError> {
    cycle::get_idea(&state.ctx.db, &actor, id)
        .await
        .map(Json)
        .map_err(ApiError::from)
}

/// The commune accepts an idea.
#[utoipa::path(post, path = "/api/v1/ideas/{id}/accept", tag = "cycle", params(("id" = Uuid, Path)), request_body = AnswerInput,
    responses((status = 200, body = IdeaDto), (status = 409, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn accept_idea(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<AnswerInput>,
) -> Result<Json<IdeaDto>, ApiError> {
    cycle::answer_idea(&state.ctx.db, &actor, id, true, &input)
        .await
        .map(Json)
        .map_err(ApiError::from)
}

/// The commune returns an idea with a `reason`.
#[utoipa::path(post, path = "/api/v1/ideas/{id}/return", tag = "cycle", params(("id" = Uuid, Path)), request_body = AnswerInput,
    responses((status = 200, body = IdeaDto), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn return_idea(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<AnswerInput>,
) -> Result<Json<IdeaDto>, ApiError> {
    cycle::answer_idea(&state.ctx.db, &actor, id, false, &input)
        .await
        .map(Json)
        .map_err(ApiError::from)
}

/// The producer (or an officer of its area) supplements a returned idea and submits it again;
/// the commune has 15 days again.
#[utoipa::path(post, path = "/api/v1/ideas/{id}/resubmit", tag = "cycle", params(("id" = Uuid, Path)), request_body = IdeaSupplement,
    responses((status = 200, body = IdeaDto), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn resubmit_idea(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<IdeaSupplement>,
) -> Result<Json<IdeaDto>, ApiError> {
    cycle::resubmit_idea(&state.ctx.db, &actor, id, &input)
        .await
        .map(Json)
        .map_err(ApiError::from)
}

/// The business plans the caller may see, newest first.
#[utoipa::path(get, path = "/api/v1/business-plans", tag = "cycle",
    responses((status = 200, body = Vec<PlanDto>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn list_plans(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
) -> Result<Json<Vec<PlanDto>>, ApiError> {
    cycle::list_plans(&state.ctx.db, &actor)
        .await
        .map(Json)
        .map_err(ApiError::from)
}

/// Creates a draft business plan with its budget lines.
#[utoipa::path(post, path = "/api/v1/business-plans", tag = "cycle", request_body = PlanInput,
    responses((status = 201, body = PlanDto), (status = 422, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn create_plan(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
    ApiJson(input): ApiJson<PlanInput>,
) -> Result<(StatusCode, Json<PlanDto>), ApiError> {
    cycle::create_plan(&state.ctx.db, &actor, &input)
        .await
        .map(|d| (StatusCode::CREATED, Json(d)))
        .map_err(ApiError::from)
}

/// One business plan with its budget and steps.
#[utoipa::path(get, path = "/api/v1/business-plans/{id}", tag = "cycle", params(("id" = Uuid, Path)),
    responses((status = 200, body = PlanDto), (status = 404, body = ErrorBody)))]
pub async fn get_plan(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Json<PlanDto>, ApiError> {
    cycle::get_plan(&state.ctx.db, &actor, id)
        .await
        .map(Json)
        .map_err(ApiError::from)
}

/// Replaces a draft or returned plan's title, summary and budget lines (the total is computed
/// by the server); `row_version` guards against a lost update.
#[utoipa::path(put, path = "/api/v1/business-plans/{id}", tag = "cycle", params(("id" = Uuid, Path)), request_body = PlanUpdate,
    responses((status = 200, body = PlanDto), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn update_plan(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<PlanUpdate>,
) -> Result<Json<PlanDto>, ApiError> {
    cycle::update_plan(&state.ctx.db, &actor, id, &input)
        .await
        .map(Json)
        .map_err(ApiError::from)
}

macro_rules! plan_route {
    ($name:ident, $path:literal, $action:expr, $doc:literal) => {
        #[doc = $doc]
        #[utoipa::path(post, path = $path, tag = "cycle", params(("id" = Uuid, Path)), request_body = AnswerInput,
            responses((status = 200, body = PlanDto), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody), (status = 403, body = ErrorBody)))]
        pub async fn $name(
            State(state): State<AppState>,
            RequireActor(actor): RequireActor,
            ApiPath(id): ApiPath<Uuid>,
            ApiJson(input): ApiJson<AnswerInput>,
        ) -> Result<Json<PlanDto>, ApiError> {
            cycle::act_on_plan(&state.ctx.db, &actor, id, $action, &input)
                .await
                .map(Json)
                .map_err(ApiError::from)
        }
    };
}

plan_route!(
    submit_plan,
    "/api/v1/business-plans/{id}/submit",
    PlanStep::Submit,
    "Submits a draft or returned plan; the commune answers within 30 days."
);
plan_route!(
    approve_plan,
    "/api/v1/business-plans/{id}/approve",
    PlanStep::Approve,
    "The commune approves a submitted plan."
);
plan_route!(
    return_plan,
    "/api/v1/business-plans/{id}/return",
    PlanStep::Return,
    "The commune returns a submitted plan with a `reason`."
);
