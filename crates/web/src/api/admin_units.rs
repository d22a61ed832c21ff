//! `/api/v1/admin-units`: browse the units of any date, search, children, succession.

use axum::Json;
use axum::extract::State;
use ocop_service::admin_units::{self, AdminUnitDetail, AdminUnitDto, AdminUnitListParams, Paged};

use super::extract::{ApiPath, ApiQuery};
use crate::app::AppState;
use crate::error::{ApiError, ErrorBody};

/// Lists units of a level in force on a date (default today), Vietnamese order.
#[utoipa::path(get, path = "/api/v1/admin-units", tag = "admin-units", params(AdminUnitListParams),
    responses((status = 200, body = Paged<AdminUnitDto>), (status = 422, body = ErrorBody), (status = 400, body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    ApiQuery(params): ApiQuery<AdminUnitListParams>,
) -> Result<Json<Paged<AdminUnitDto>>, ApiError> {
    admin_units::list(&state.ctx.db, &params)
        .await
        .map(Json)
        .map_err(ApiError::from)
}

fn unit_id(version: &str, level: &str, code: &str) -> String {
    format!("{version}/{level}/{code}")
}

/// One unit with its parent, successors, predecessors and today's units.
#[utoipa::path(get, path = "/api/v1/admin-units/{version}/{level}/{code}", tag = "admin-units",
    params(("version" = String, Path, description = "`pre2025`, `2025`, …"), ("level" = String, Path), ("code" = String, Path)),
    responses((status = 200, body = AdminUnitDetail), (status = 404, body = ErrorBody)))]
pub async fn detail(
    State(state): State<AppState>,
    ApiPath((version, level, code)): ApiPath<(String, String, String)>,
) -> Result<Json<AdminUnitDetail>, ApiError> {
    admin_units::detail(&state.ctx.db, &unit_id(&version, &level, &code))
        .await
        .map(Json)
        .map_err(ApiError::from)
}

/// The children of a unit in force on a date (communes of a province or district, districts of an old province).
#[utoipa::path(get, path = "/api/v1/admin-units/{version}/{level}/{code}/children", tag = "admin-units",
    params(("version" = String, Path), ("level" = String, Path), ("code" = String, Path), AdminUnitListParams),
    responses((status = 200, body = Paged<AdminUnitDto>), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn children(
    State(state): State<AppState>,
    ApiPath((version, level, code)): ApiPath<(String, String, String)>,
    ApiQuery(mut params): ApiQuery<AdminUnitListParams>,
) -> Result<Json<Paged<AdminUnitDto>>, ApiError> {
    let id = unit_id(&version, &level, &code);
    let parent = admin_units::detail(&state.ctx.db, &id).await?;
    params.parent = Some(id);
    if params.level.is_none() {
        params.level = Some(
            if parent.unit.level == "province" && parent.unit.version == "pre2025" {
                "district"
            } else {
                "commune"
            }
            .into(),
        );
    }
    if params.on.is_none() {
        params.on = parent.unit.valid_to.or(parent.unit.valid_from).map(|d| d.to_string());
    }
    admin_units::list(&state.ctx.db, &params)
        .await
        .map(Json)
        .map_err(ApiError::from)
}

/// The units an old unit went into: direct successors and today's units.
#[utoipa::path(get, path = "/api/v1/admin-units/{version}/{level}/{code}/successors", tag = "admin-units",
    params(("version" = String, Path), ("level" = String, Path), ("code" = String, Path)),
    responses((status = 200, body = AdminUnitDetail), (status = 404, body = ErrorBody)))]
pub async fn successors(
    State(state): State<AppState>,
    ApiPath((version, level, code)): ApiPath<(String, String, String)>,
) -> Result<Json<AdminUnitDetail>, ApiError> {
    admin_units::detail(&state.ctx.db, &unit_id(&version, &level, &code))
        .await
        .map(Json)
        .map_err(ApiError::from)
}
