//! `/api/v1/programme`: directive import (preview, confirm), tasks (list,
//! read, complete, comment), the weekly digest, annual plans with computed
//! actuals, targets and their manual progress.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::NaiveDate;
use ocop_domain::programme::directive::DirectiveProposal;
use ocop_domain::programme::plan::TargetInput;
use ocop_service::programme::directives::{self, ConfirmInput, Confirmed, PreviewInput};
use ocop_service::programme::plans::{self, PlanDto, PlanInput, PlanSummary, ProgressInput};
use ocop_service::programme::tasks::{
    self, CommentDto, CommentInput, CompleteInput, Digest, TaskDetail, TaskDto, TaskListParams, TaskPage,
};
use serde::Deserialize;
use uuid::Uuid;

use super::extract::{ApiJson, ApiPath, ApiQuery};
use crate::app::AppState;
use crate::auth::RequireActor;
use crate::error::{ApiError, ErrorBody};

/// Reads a pasted directive and proposes tasks and targets; nothing is saved.
#[utoipa::path(post, path = "/api/v1/programme/directives/preview", tag = "programme", request_body = PreviewInput,
    responses((status = 200, body = Object, description = "DirectiveProposal: meta, tasks, targets"), (status = 422, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn preview(
    RequireActor(actor): RequireActor,
    ApiJson(body): ApiJson<PreviewInput>,
) -> Result<Json<DirectiveProposal>, ApiError> {
    directives::preview(&actor, &body).map(Json).map_err(ApiError::from)
}

/// Saves a reviewed directive, its tasks and its targets in one transaction.
#[utoipa::path(post, path = "/api/v1/programme/directives", tag = "programme", request_body = ConfirmInput,
    responses((status = 201, body = Confirmed), (status = 422, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn confirm(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
    ApiJson(body): ApiJson<ConfirmInput>,
) -> Result<(StatusCode, Json<Confirmed>), ApiError> {
    directives::confirm(&state.ctx.db, &actor, &body)
        .await
        .map(|c| (StatusCode::CREATED, Json(c)))
        .map_err(ApiError::from)
}

/// Tasks in the caller's area, soonest deadline first.
#[utoipa::path(get, path = "/api/v1/programme/tasks", tag = "programme", params(TaskListParams),
    responses((status = 200, body = TaskPage), (status = 403, body = ErrorBody)))]
pub async fn list_tasks(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
    ApiQuery(params): ApiQuery<TaskListParams>,
) -> Result<Json<TaskPage>, ApiError> {
    tasks::list(&state.ctx.db, &actor, &params)
        .await
        .map(Json)
        .map_err(ApiError::from)
}

/// One task with its comments.
#[utoipa::path(get, path = "/api/v1/programme/tasks/{id}", tag = "programme", params(("id" = Uuid, Path)),
    responses((status = 200, body = TaskDetail), (status = 404, body = ErrorBody)))]
pub async fn get_task(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Json<TaskDetail>, ApiError> {
    tasks::get(&state.ctx.db, &actor, id)
        .await
        .map(Json)
        .map_err(ApiError::from)
}

/// Marks a task done (409 when already done or changed meanwhile).
#[utoipa::path(post, path = "/api/v1/programme/tasks/{id}/complete", tag = "programme", params(("id" = Uuid, Path)), request_body = CompleteInput,
    responses((status = 200, body = TaskDto), (status = 409, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn complete_task(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(body): ApiJson<CompleteInput>,
) -> Result<Json<TaskDto>, ApiError> {
    tasks::complete(&state.ctx, &actor, id, &body, None)
        .await
        .map(Json)
        .map_err(ApiError::from)
}

/// Adds a comment to a task.
#[utoipa::path(post, path = "/api/v1/programme/tasks/{id}/comments", tag = "programme", params(("id" = Uuid, Path)), request_body = CommentInput,
    responses((status = 201, body = CommentDto), (status = 422, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn comment_task(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(body): ApiJson<CommentInput>,
) -> Result<(StatusCode, Json<CommentDto>), ApiError> {
    tasks::comment(&state.ctx.db, &actor, id, &body)
        .await
        .map(|c| (StatusCode::CREATED, Json(c)))
        .map_err(ApiError::from)
}

/// The weekly digest of the caller's area: late tasks per office, tasks due
/// in the coming week, tasks done in the past week.
#[utoipa::path(get, path = "/api/v1/programme/digest", tag = "programme",
    responses((status = 200, body = Digest), (status = 403, body = ErrorBody)))]
pub async fn digest(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
) -> Result<Json<Digest>, ApiError> {
    tasks::digest(&state.ctx.db, &actor)
        .await
        .map(Json)
        .map_err(ApiError::from)
}

/// Plans in the caller's area.
#[utoipa::path(get, path = "/api/v1/programme/plans", tag = "programme",
    responses((status = 200, body = Vec<PlanSummary>), (status = 403, body = ErrorBody)))]
pub async fn list_plans(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
) -> Result<Json<Vec<PlanSummary>>, ApiError> {
    plans::list(&state.ctx.db, &actor)
        .await
        .map(Json)
        .map_err(ApiError::from)
}

/// Creates an annual plan with its targets (409 when the unit already has one for the year).
#[utoipa::path(post, path = "/api/v1/programme/plans", tag = "programme", request_body = PlanInput,
    responses((status = 201, body = PlanDto), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn create_plan(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
    ApiJson(body): ApiJson<PlanInput>,
) -> Result<(StatusCode, Json<PlanDto>), ApiError> {
    plans::create(&state.ctx.db, &actor, &body)
        .await
        .map(|p| (StatusCode::CREATED, Json(p)))
        .map_err(ApiError::from)
}

/// The day actuals are computed for.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct OnParams {
    /// `YYYY-MM-DD`; today when absent.
    pub on: Option<NaiveDate>,
}

/// A plan with its targets' actual values on a day (computed from the data).
#[utoipa::path(get, path = "/api/v1/programme/plans/{id}", tag = "programme", params(("id" = Uuid, Path), OnParams),
    responses((status = 200, body = PlanDto), (status = 404, body = ErrorBody)))]
pub async fn get_plan(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
    ApiPath(id): ApiPath<Uuid>,
    ApiQuery(params): ApiQuery<OnParams>,
) -> Result<Json<PlanDto>, ApiError> {
    plans::view(&state.ctx.db, &actor, id, params.on)
        .await
        .map(Json)
        .map_err(ApiError::from)
}

/// Adds a target to a plan.
#[utoipa::path(post, path = "/api/v1/programme/plans/{id}/targets", tag = "programme", params(("id" = Uuid, Path)), request_body = TargetInput,
    responses((status = 201, body = PlanDto), (status = 422, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn add_target(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(body): ApiJson<TargetInput>,
) -> Result<(StatusCode, Json<PlanDto>), ApiError> {
    plans::add_target(&state.ctx.db, &actor, id, &body)
        .await
        .map(|p| (StatusCode::CREATED, Json(p)))
        .map_err(ApiError::from)
}

/// Records manual progress on a target the system does not measure (409 on a measured one).
#[utoipa::path(post, path = "/api/v1/programme/targets/{id}/progress", tag = "programme", params(("id" = Uuid, Path)), request_body = ProgressInput,
    responses((status = 200, body = PlanDto), (status = 409, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn set_progress(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(body): ApiJson<ProgressInput>,
) -> Result<Json<PlanDto>, ApiError> {
    plans::set_progress(&state.ctx.db, &actor, id, &body)
        .await
        .map(Json)
        .map_err(ApiError::from)
}

/// The day of the national dashboard.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct NationalParams {
    /// `YYYY-MM-DD`; today when absent.
    pub on: Option<NaiveDate>,
}

/// The national dashboard (central officers, administrators): products in force by star
/// and by province, expiring, late tasks, support disbursed this year and oversight due per
/// province, the map of provinces and the country's dossiers by stage.
#[utoipa::path(get, path = "/api/v1/programme/dashboard/national", tag = "programme", params(NationalParams),
    responses((status = 200, body = ocop_service::programme::national::NationalDashboard), (status = 403, body = ErrorBody)))]
pub async fn national_dashboard(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
    ApiQuery(params): ApiQuery<NationalParams>,
) -> Result<Json<ocop_service::programme::national::NationalDashboard>, ApiError> {
    ocop_service::programme::national::national(&state.ctx.db, &actor, params.on)
        .await
        .map(Json)
        .map_err(ApiError::from)
}

/// The unit whose dashboard is asked for, and the day.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DashboardParams {
    /// `2025/province/42`, `2025/commune/18673`, `pre2025/district/446`.
    pub unit_id: String,
    /// `YYYY-MM-DD`; today when absent.
    pub on: Option<NaiveDate>,
}

/// A unit's dashboard: certified products by star, product set and commune,
/// expiring certificates, late tasks, and SVG drawings (star bars, province map).
#[utoipa::path(get, path = "/api/v1/programme/dashboard", tag = "programme", params(DashboardParams),
    responses((status = 200, body = ocop_service::programme::dashboard::Dashboard), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn dashboard(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
    ApiQuery(params): ApiQuery<DashboardParams>,
) -> Result<Json<ocop_service::programme::dashboard::Dashboard>, ApiError> {
    ocop_service::programme::dashboard::dashboard(&state.ctx.db, &actor, params.unit_id.trim(), params.on)
        .await
        .map(Json)
        .map_err(ApiError::from)
}
