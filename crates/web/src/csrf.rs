//! CSRF protection on every unsafe request (POST, PUT, PATCH, DELETE).
//!
//! Double-submit token: every visitor gets a random `ocop_csrf` cookie
//! (HttpOnly, SameSite=Strict); pages embed the same token in forms
//! (`_csrf` field), in htmx requests (`X-CSRF-Token` header, from
//! `hx-headers` on `<body>`), and API clients read it from
//! `GET /api/v1/auth/csrf`. An unsafe request whose token does not match
//! its cookie is refused with 403 `csrf_failed` before any handler runs.
//! The same layer remembers a `?lang=` switch in a cookie.

use axum::body::{Body, to_bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum_extra::extract::CookieJar;
use axum_extra::extract::cookie::{Cookie, SameSite};
use ocop_domain::ErrorCode;

use crate::app::AppState;
use crate::error::error_response;
use crate::i18n::{LANG_COOKIE, lang_of, switched_lang};

/// Cookie carrying the CSRF token.
pub const CSRF_COOKIE: &str = "ocop_csrf";
/// Header carrying the CSRF token.
pub const CSRF_HEADER: &str = "x-csrf-token";
/// Form field carrying the CSRF token.
pub const CSRF_FIELD: &str = "_csrf";

/// The token of this request, for templates and the API.
#[derive(Debug, Clone)]
pub struct CsrfToken(pub String);

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

fn is_unsafe(method: &Method) -> bool {
    !matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

fn field_from_query(query: Option<&str>) -> Option<String> {
    let pairs: Vec<(String, String)> = serde_urlencoded::from_str(query?).ok()?;
    pairs.into_iter().find(|(k, _)| k == CSRF_FIELD).map(|(_, v)| v)
}

/// The middleware.
pub async fn protect(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let (mut parts, body) = request.into_parts();
    let jar = CookieJar::from_headers(&parts.headers);
    let existing = jar
        .get(CSRF_COOKIE)
        .map(|c| c.value().to_owned())
        .filter(|v| v.len() == 64);
    let token = existing.clone().unwrap_or_else(ocop_service::accounts::random_token);
    let lang = lang_of(&parts);

    let mut body = body;
    if is_unsafe(&parts.method) {
        let mut presented = parts
            .headers
            .get(CSRF_HEADER)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        if presented.is_none() {
            presented = field_from_query(parts.uri.query());
        }
        let is_form = parts
            .headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
        if presented.is_none() && is_form {
            let Ok(bytes) = to_bytes(body, crate::app::MAX_BODY_BYTES).await else {
                return error_response(&parts, lang, ErrorCode::PayloadTooLarge, None);
            };
            let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(&bytes).unwrap_or_default();
            presented = pairs.into_iter().find(|(k, _)| k == CSRF_FIELD).map(|(_, v)| v);
            body = Body::from(bytes);
        }
        let valid = matches!((&existing, &presented), (Some(cookie), Some(sent)) if constant_time_eq(cookie.as_bytes(), sent.as_bytes()));
        if !valid {
            return error_response(&parts, lang, ErrorCode::CsrfFailed, None);
        }
    }

    parts.extensions.insert(CsrfToken(token.clone()));
    let switched = switched_lang(&parts);
    let mut response = next.run(Request::from_parts(parts, body)).await;
    if existing.is_none() {
        let cookie = Cookie::build((CSRF_COOKIE, token))
            .path("/")
            .http_only(true)
            .same_site(SameSite::Strict)
            .secure(state.config.secure_cookies)
            .build();
        append_cookie(&mut response, &cookie);
    }
    if let Some(lang) = switched {
        let secure = if state.config.secure_cookies { "; Secure" } else { "" };
        let cookie = format!(
            "{LANG_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax{secure}",
            lang.tag()
        );
        if let Ok(value) = HeaderValue::from_str(&cookie) {
            response.headers_mut().append(header::SET_COOKIE, value);
        }
    }
    response.into_response()
}

/// Adds a `Set-Cookie` header.
pub fn append_cookie(response: &mut Response, cookie: &Cookie<'_>) {
    if let Ok(value) = HeaderValue::from_str(&cookie.to_string()) {
        response.headers_mut().append(header::SET_COOKIE, value);
    }
}
