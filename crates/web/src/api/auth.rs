//! `/api/v1/auth`: CSRF token, login, logout, who am I; `/api/v1/users` for administrators.

use axum::Extension;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use ocop_service::Actor;
use ocop_service::accounts::{self, NewUser, UserDto};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use super::extract::{ApiJson, ApiPath};
use crate::app::AppState;
use crate::auth::{MaybeActor, RequireActor, clear_session_cookie, session_cookie};
use crate::csrf::{CsrfToken, append_cookie};
use crate::error::{ApiError, ErrorBody};
use crate::i18n::RequestLang;
use crate::throttle::Client;

/// The CSRF token to send as `X-CSRF-Token` with every unsafe request.
#[derive(Debug, Serialize, ToSchema)]
pub struct CsrfDto {
    /// The token (also set as the `ocop_csrf` cookie).
    pub csrf_token: String,
}

/// Returns the CSRF token of this client (setting its cookie when new).
#[utoipa::path(get, path = "/api/v1/auth/csrf", tag = "auth", responses((status = 200, body = CsrfDto)))]
pub async fn csrf(Extension(CsrfToken(token)): Extension<CsrfToken>) -> Json<CsrfDto> {
    Json(CsrfDto { csrf_token: token })
}

/// Login details.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct LoginInput {
    /// Login name.
    pub username: String,
    /// Password.
    pub password: String,
}

/// The logged-in account.
#[derive(Debug, Serialize, ToSchema)]
pub struct MeDto {
    /// Account id.
    pub user_id: Uuid,
    /// Login name.
    pub username: String,
    /// Role code.
    pub role: String,
    /// Area: `national`, `province:42`, `commune:18673` or `producer:<id>`.
    pub scope: String,
}

/// The `MeDto` of an actor.
pub fn me_of(actor: &Actor) -> MeDto {
    use ocop_domain::role::Scope;
    let scope = match &actor.scope {
        Scope::National => "national".to_owned(),
        Scope::Province { province_code } => format!("province:{province_code}"),
        Scope::Commune { commune_code, .. } => format!("commune:{commune_code}"),
        Scope::Producer { producer_id } => format!("producer:{producer_id}"),
    };
    MeDto {
        user_id: actor.user_id.0,
        username: actor.username.clone(),
        role: actor.role.as_str().to_owned(),
        scope,
    }
}

/// Logs in; sets the `ocop_session` cookie. Failures lock nothing: after five for one
/// account from one address, further attempts from that address wait a doubling interval
/// (429 with `Retry-After`); unknown names are answered exactly like wrong passwords.
#[utoipa::path(post, path = "/api/v1/auth/login", tag = "auth", request_body = LoginInput,
    responses((status = 200, body = MeDto), (status = 401, body = ErrorBody), (status = 429, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn login(
    State(state): State<AppState>,
    RequestLang(lang): RequestLang,
    client: Client,
    ApiJson(input): ApiJson<LoginInput>,
) -> Result<Response, ApiError> {
    let throttle = &client.guards.logins;
    if let Err(wait) = throttle.begin(&input.username, client.ip) {
        return Ok(wait.api_response(lang));
    }
    let logged_in = accounts::login(&state.ctx.db, &input.username, &input.password).await?;
    throttle.succeeded(&input.username, client.ip);
    let mut response = Json(me_of(&logged_in.actor)).into_response();
    append_cookie(
        &mut response,
        &session_cookie(logged_in.token, state.config.secure_cookies),
    );
    Ok(response)
}

/// Logs out: ends the session on the server and clears the cookie.
#[utoipa::path(post, path = "/api/v1/auth/logout", tag = "auth", responses((status = 204), (status = 403, body = ErrorBody)))]
pub async fn logout(State(state): State<AppState>, request: axum::extract::Request) -> Result<Response, ApiError> {
    let (parts, _) = request.into_parts();
    if let Some(token) = crate::auth::session_token(&parts) {
        accounts::logout(&state.ctx.db, &token).await?;
    }
    let mut response = StatusCode::NO_CONTENT.into_response();
    append_cookie(&mut response, &clear_session_cookie(state.config.secure_cookies));
    Ok(response)
}

/// The logged-in account.
#[utoipa::path(get, path = "/api/v1/auth/me", tag = "auth", responses((status = 200, body = MeDto), (status = 401, body = ErrorBody)))]
pub async fn me(RequestLang(lang): RequestLang, MaybeActor(actor): MaybeActor) -> Result<Json<MeDto>, ApiError> {
    actor
        .map(|a| Json(me_of(&a)))
        .ok_or_else(|| ApiError::code(ocop_domain::ErrorCode::Unauthenticated, lang))
}

/// Every account (administrators).
#[utoipa::path(get, path = "/api/v1/users", tag = "users", responses((status = 200, body = Vec<UserDto>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn list_users(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
) -> Result<Json<Vec<UserDto>>, ApiError> {
    accounts::list_users(&state.ctx.db, &actor)
        .await
        .map(Json)
        .map_err(ApiError::from)
}

/// Creates an account (administrators).
#[utoipa::path(post, path = "/api/v1/users", tag = "users", request_body = NewUser,
    responses((status = 201, body = UserDto), (status = 422, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn create_user(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
    ApiJson(new): ApiJson<NewUser>,
) -> Result<(StatusCode, Json<UserDto>), ApiError> {
    accounts::create_user(&state.ctx.db, Some(&actor), &new)
        .await
        .map(|u| (StatusCode::CREATED, Json(u)))
        .map_err(ApiError::from)
}

/// How many sessions ended.
#[derive(Debug, Serialize, ToSchema)]
pub struct RevokedDto {
    /// Sessions ended.
    pub sessions_ended: u64,
}

/// Ends every session of an account (administrators).
#[utoipa::path(post, path = "/api/v1/users/{id}/revoke-sessions", tag = "users", params(("id" = Uuid, Path)),
    responses((status = 200, body = RevokedDto), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn revoke_sessions(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Json<RevokedDto>, ApiError> {
    accounts::revoke_sessions(&state.ctx.db, &actor, id)
        .await
        .map(|sessions_ended| Json(RevokedDto { sessions_ended }))
        .map_err(ApiError::from)
}

/// A new password set by an administrator.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct PasswordResetInput {
    /// At least 10 characters.
    pub password: String,
}

/// Sets a new password for an account, unlocks it and ends its sessions (administrators).
#[utoipa::path(post, path = "/api/v1/users/{id}/password", tag = "users", params(("id" = Uuid, Path)), request_body = PasswordResetInput,
    responses((status = 200, body = RevokedDto), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn reset_password(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<PasswordResetInput>,
) -> Result<Json<RevokedDto>, ApiError> {
    accounts::reset_password(&state.ctx.db, &actor, id, &input.password)
        .await
        .map(|sessions_ended| Json(RevokedDto { sessions_ended }))
        .map_err(ApiError::from)
}
