//! CSRF protection on every unsafe request (POST, PUT, PATCH, DELETE).
//!
//! Once a session exists the token is bound to it: the SHA-256 of a label and the
//! session token (a secret the browser holds HttpOnly and the database keeps only
//! hashed otherwise), so a token planted from elsewhere, or one seen before the login,
//! is worth nothing, and every login rotates it. Before a session (the login form, the
//! public fake-report form) it is a double-submit token: a random `ocop_csrf` cookie
//! (HttpOnly, SameSite=Strict) that the request must repeat.
//!
//! Pages embed the token in forms (`_csrf` field, urlencoded or multipart: put it
//! first) and in htmx requests (`X-CSRF-Token` header, from `hx-headers` on `<body>`);
//! API clients read it from `GET /api/v1/auth/csrf`, and a response that sets or clears
//! the session carries the new token in its `X-CSRF-Token` header. The token is taken
//! from that header or the form body only, never from the query string (which leaks
//! into logs, histories and `Referer`). An unsafe request without the right token is
//! refused with 403 `csrf_failed` before any handler runs. The same layer remembers a
//! `?lang=` switch in a cookie.

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

/// The CSRF token bound to a session: hex SHA-256 of a label and the session token.
/// Different from the session's stored hash (the label), so a copy of the sessions
/// table yields no token, and the same in every process sharing the sessions.
pub fn session_token_csrf(session_token: &str) -> String {
    use sha2::{Digest, Sha256};
    let mut hasher = Sha256::new();
    hasher.update(b"ocop-csrf\0");
    hasher.update(session_token.as_bytes());
    hex::encode(hasher.finalize())
}

/// The session token a response sets (`Some("")` when it clears the session).
fn session_set_by(response: &Response) -> Option<String> {
    response
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .filter_map(|v| Cookie::parse(v.to_owned()).ok())
        .filter(|c| c.name() == crate::auth::SESSION_COOKIE)
        .map(|c| {
            let removed = c.value().is_empty() || c.max_age().is_some_and(|age| age.is_zero());
            if removed { String::new() } else { c.value().to_owned() }
        })
        .next_back()
}

/// The `_csrf` field of a multipart body, if it has one (the body is in memory already).
async fn field_from_multipart(content_type: &str, bytes: axum::body::Bytes) -> Option<String> {
    let boundary = multer::parse_boundary(content_type).ok()?;
    let mut multipart = multer::Multipart::new(Body::from(bytes).into_data_stream(), boundary);
    while let Ok(Some(field)) = multipart.next_field().await {
        if field.name() == Some(CSRF_FIELD) {
            return field.text().await.ok();
        }
    }
    None
}

/// The middleware.
pub async fn protect(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let (mut parts, body) = request.into_parts();
    let jar = CookieJar::from_headers(&parts.headers);
    let existing = jar
        .get(CSRF_COOKIE)
        .map(|c| c.value().to_owned())
        .filter(|v| v.len() == 64);
    let anonymous = existing.clone().unwrap_or_else(ocop_service::accounts::random_token);
    let token = match crate::auth::session_token(&parts) {
        Some(session) => session_token_csrf(&session),
        None => anonymous.clone(),
    };
    let lang = lang_of(&parts);

    let mut body = body;
    if is_unsafe(&parts.method) {
        let mut presented = parts
            .headers
            .get(CSRF_HEADER)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let content_type = parts
            .headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned();
        let is_form = content_type.starts_with("application/x-www-form-urlencoded");
        let is_multipart = content_type.starts_with("multipart/form-data");
        if presented.is_none() && (is_form || is_multipart) {
            let Ok(bytes) = to_bytes(body, crate::app::MAX_BODY_BYTES).await else {
                return error_response(&parts, lang, ErrorCode::PayloadTooLarge, None);
            };
            presented = if is_form {
                let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(&bytes).unwrap_or_default();
                pairs.into_iter().find(|(k, _)| k == CSRF_FIELD).map(|(_, v)| v)
            } else {
                field_from_multipart(&content_type, bytes.clone()).await
            };
            body = Body::from(bytes);
        }
        // Without a session the cookie must exist: a fresh random token proves nothing.
        let expected = if crate::auth::session_token(&parts).is_some() || existing.is_some() {
            Some(&token)
        } else {
            None
        };
        let valid = matches!((expected, &presented), (Some(expected), Some(sent)) if constant_time_eq(expected.as_bytes(), sent.as_bytes()));
        if !valid {
            return error_response(&parts, lang, ErrorCode::CsrfFailed, None);
        }
    }

    parts.extensions.insert(CsrfToken(token));
    let switched = switched_lang(&parts);
    let mut response = next.run(Request::from_parts(parts, body)).await;
    // A login or logout changes the token: the client learns the new one at once.
    if let Some(session) = session_set_by(&response) {
        let next_token = if session.is_empty() {
            anonymous.clone()
        } else {
            session_token_csrf(&session)
        };
        if let Ok(value) = HeaderValue::from_str(&next_token) {
            response.headers_mut().insert(CSRF_HEADER, value);
        }
    }
    if existing.is_none() {
        let cookie = Cookie::build((CSRF_COOKIE, anonymous))
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
