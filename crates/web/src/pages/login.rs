//! Login and logout pages.

use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use ocop_service::accounts;
use serde::Deserialize;

use super::chrome::Chrome;
use super::render;
use crate::app::AppState;
use crate::auth::{clear_session_cookie, session_cookie};
use crate::csrf::append_cookie;
use crate::error::PageError;
use crate::throttle::Client;

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    chrome: Chrome,
    error: Option<String>,
    username: String,
}

/// `GET /login`.
pub async fn form(chrome: Chrome) -> Response {
    let lang = chrome.lang;
    render(
        &LoginPage {
            chrome,
            error: None,
            username: String::new(),
        },
        lang,
    )
}

/// The login form.
#[derive(Debug, Deserialize)]
pub struct LoginForm {
    username: String,
    password: String,
}

/// `POST /login`: on success a session cookie and a redirect home; otherwise the form with the reason.
pub async fn submit(
    State(state): State<AppState>,
    chrome: Chrome,
    client: Client,
    Form(form): Form<LoginForm>,
) -> Response {
    let lang = chrome.lang;
    let throttle = &client.guards.logins;
    if let Err(wait) = throttle.begin(&form.username, client.ip) {
        let code = ocop_domain::ErrorCode::TooManyAttempts;
        let page = LoginPage {
            error: Some(code.message(lang).to_owned()),
            username: form.username,
            chrome,
        };
        let mut response = (crate::error::status_of(code), render(&page, lang)).into_response();
        crate::throttle::with_retry_after(&mut response, wait.0);
        return response;
    }
    match accounts::login(&state.ctx.db, &form.username, &form.password).await {
        Ok(logged_in) => {
            throttle.succeeded(&form.username, client.ip);
            let mut response = Redirect::to("/").into_response();
            append_cookie(
                &mut response,
                &session_cookie(logged_in.token, state.config.secure_cookies),
            );
            response
        }
        Err(e @ (ocop_service::ServiceError::Internal(_) | ocop_service::ServiceError::Unavailable(_))) => {
            PageError::new(e, lang).into_response()
        }
        Err(e) => {
            let status = crate::error::status_of(e.code());
            let page = LoginPage {
                error: Some(e.code().message(lang).to_owned()),
                username: form.username,
                chrome,
            };
            (status, render(&page, lang)).into_response()
        }
    }
}

/// `POST /logout`.
pub async fn logout(State(state): State<AppState>, request: axum::extract::Request) -> Response {
    let (parts, _) = request.into_parts();
    if let Some(token) = crate::auth::session_token(&parts) {
        let _ = accounts::logout(&state.ctx.db, &token).await;
    }
    let mut response = Redirect::to("/").into_response();
    append_cookie(&mut response, &clear_session_cookie(state.config.secure_cookies));
    response
}
