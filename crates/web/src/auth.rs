//! Who is asking: the session cookie resolved to an [`Actor`] through the
//! database (so every process sharing the database sees the same sessions).

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use axum_extra::extract::CookieJar;
use axum_extra::extract::cookie::{Cookie, SameSite};
use ocop_domain::ErrorCode;
use ocop_service::{Actor, ServiceError};

use crate::app::AppState;
use crate::error::{ApiError, PageError};
use crate::i18n::lang_of;

/// Cookie carrying the session token.
pub const SESSION_COOKIE: &str = "ocop_session";

/// The session cookie to set after a login.
pub fn session_cookie(token: String, secure: bool) -> Cookie<'static> {
    Cookie::build((SESSION_COOKIE, token))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(secure)
        .build()
}

/// A cookie that removes the session cookie.
pub fn clear_session_cookie(secure: bool) -> Cookie<'static> {
    let mut cookie = session_cookie(String::new(), secure);
    cookie.make_removal();
    cookie
}

/// The session token of a request, if any.
pub fn session_token(parts: &Parts) -> Option<String> {
    CookieJar::from_headers(&parts.headers)
        .get(SESSION_COOKIE)
        .map(|c| c.value().to_owned())
        .filter(|t| !t.is_empty())
}

#[derive(Clone)]
struct Resolved(Option<Actor>);

async fn resolve(parts: &mut Parts, state: &AppState) -> Result<Option<Actor>, ServiceError> {
    if let Some(Resolved(actor)) = parts.extensions.get::<Resolved>() {
        return Ok(actor.clone());
    }
    let actor = match session_token(parts) {
        Some(token) => ocop_service::accounts::session_actor(&state.ctx.db, &token).await?,
        None => None,
    };
    parts.extensions.insert(Resolved(actor.clone()));
    Ok(actor)
}

fn reject(parts: &Parts, error: ServiceError) -> Response {
    let lang = lang_of(parts);
    if parts.uri.path().starts_with("/api/") {
        ApiError::new(error, lang).into_response()
    } else {
        PageError::new(error, lang).into_response()
    }
}

/// The acting user, if logged in.
pub struct MaybeActor(pub Option<Actor>);

impl FromRequestParts<AppState> for MaybeActor {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        resolve(parts, state)
            .await
            .map(MaybeActor)
            .map_err(|e| reject(parts, e))
    }
}

/// The acting user; 401 (API) or a redirect to the login page when not logged in.
pub struct RequireActor(pub Actor);

impl FromRequestParts<AppState> for RequireActor {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        match resolve(parts, state).await {
            Ok(Some(actor)) => Ok(RequireActor(actor)),
            Ok(None) => Err(reject(parts, ServiceError::Coded(ErrorCode::Unauthenticated))),
            Err(e) => Err(reject(parts, e)),
        }
    }
}
