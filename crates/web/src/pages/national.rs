//! `/programme/dashboard/national`: the whole country for central officers, a line per
//! province that drills down to the province's own dashboard.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::NaiveDate;
use ocop_service::programme::national::{self, NationalDashboard};
use serde::Deserialize;

use super::chrome::Chrome;
use super::render;
use crate::app::AppState;
use crate::auth::RequireActor;
use crate::error::PageError;

/// What `unit_id` names the whole country as on the dashboard page.
pub const UNIT_ID: &str = "national";

/// Where the national dashboard lives, keeping the day asked for.
pub fn redirect(on: Option<&str>) -> Response {
    let path = "/programme/dashboard/national";
    match on.filter(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").is_ok()) {
        Some(day) => Redirect::to(&format!("{path}?on={day}")).into_response(),
        None => Redirect::to(path).into_response(),
    }
}

#[derive(Template)]
#[template(path = "programme_national.html")]
struct NationalPage {
    chrome: Chrome,
    dashboard: NationalDashboard,
}

impl NationalPage {
    /// An amount of VND with dots between thousands, as officials write it.
    fn vnd(&self, amount: &i64) -> String {
        ocop_domain::programme::activity::group_thousands(*amount)
    }
}

/// The day of the page.
#[derive(Debug, Default, Deserialize)]
pub struct NationalQuery {
    on: Option<String>,
}

/// `GET /programme/dashboard/national`.
pub async fn dashboard(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
    chrome: Chrome,
    Query(query): Query<NationalQuery>,
) -> Result<Response, PageError> {
    let lang = chrome.lang;
    let on = query
        .on
        .as_deref()
        .and_then(|s| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok());
    let dashboard = national::national(&state.ctx.db, &actor, on)
        .await
        .map_err(|e| PageError::new(e, lang))?;
    Ok(render(&NationalPage { chrome, dashboard }, lang))
}
