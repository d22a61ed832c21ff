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
use crate::form_day::{FormDay, dmy};

/// What `unit_id` names the whole country as on the dashboard page.
pub const UNIT_ID: &str = "national";

/// Where the national dashboard lives, keeping the day asked for.
pub fn redirect(on: Option<NaiveDate>) -> Response {
    let path = "/programme/dashboard/national";
    match on {
        Some(day) => Redirect::to(&format!("{path}?on={}", dmy(day))).into_response(),
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

    /// The day of the figures as typed in the filter (dd/mm/yyyy).
    fn on(&self) -> String {
        dmy(self.dashboard.on)
    }
}

/// The day of the page.
#[derive(Debug, Default, Deserialize)]
pub struct NationalQuery {
    #[serde(default)]
    on: FormDay,
}

/// `GET /programme/dashboard/national`.
pub async fn dashboard(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
    chrome: Chrome,
    Query(query): Query<NationalQuery>,
) -> Result<Response, PageError> {
    let lang = chrome.lang;
    let on = query.on.day();
    let dashboard = national::national(&state.ctx.db, &actor, on).await?;
    Ok(render(&NationalPage { chrome, dashboard }, lang))
}
