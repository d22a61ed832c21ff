//! `GET /api/v1/audit`: the audit trail for administrators and central officers;
//! `GET /api/v1/audit/head`: the signed chain head, public so that others keep copies.

use axum::Json;
use axum::extract::State;
use ocop_service::admin_units::Paged;
use ocop_service::audit::{self, AuditEntryDto, AuditHeadDto, AuditQuery};

use super::extract::ApiQuery;
use crate::app::AppState;
use crate::auth::RequireActor;
use crate::error::{ApiError, ErrorBody};

/// Audit entries, newest first, filtered by action, entity type, actor and day range.
#[utoipa::path(get, path = "/api/v1/audit", tag = "audit", params(AuditQuery),
    responses((status = 200, body = Paged<AuditEntryDto>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
    ApiQuery(query): ApiQuery<AuditQuery>,
) -> Result<Json<Paged<AuditEntryDto>>, ApiError> {
    audit::list(&state.ctx.db, &actor, &query)
        .await
        .map(Json)
        .map_err(ApiError::from)
}

/// The chain head signed with the audit key: the last sequence number and hash. Public:
/// keep copies, and `ocop audit verify --against FILE` finds a trail truncated or
/// rewritten since.
#[utoipa::path(get, path = "/api/v1/audit/head", tag = "audit",
    responses((status = 200, body = AuditHeadDto)))]
pub async fn head(State(state): State<AppState>) -> Result<Json<AuditHeadDto>, ApiError> {
    audit::head(&state.ctx.db).await.map(Json).map_err(ApiError::from)
}
