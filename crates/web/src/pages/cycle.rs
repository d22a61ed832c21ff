//! `GET /ideas`: the product ideas and business plans the caller may see, with their state,
//! the deadline of the answer they wait for, and every step (who, when, why). Registering and
//! answering go through the JSON API (`/api/v1/ideas`, `/api/v1/business-plans`).

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use ocop_service::cycle::{self, IdeaDto, PlanDto};

use super::chrome::Chrome;
use super::render;
use crate::app::AppState;
use crate::auth::RequireActor;
use crate::error::PageError;

#[derive(Template)]
#[template(path = "cycle_list.html")]
struct CyclePage {
    chrome: Chrome,
    ideas: Vec<IdeaDto>,
    plans: Vec<PlanDto>,
}

impl CyclePage {
    fn state(&self, state: &str) -> &'static str {
        let (vi, en) = match state {
            "draft" => ("Nháp", "Draft"),
            "submitted" => ("Chờ xã trả lời", "Waiting for the commune"),
            "accepted" => ("Được chấp nhận", "Accepted"),
            "approved" => ("Được phê duyệt", "Approved"),
            "returned" => ("Bị trả lại", "Returned"),
            _ => ("Không rõ", "Unknown"),
        };
        self.chrome.lang.pick(vi, en)
    }

    fn money(&self, vnd: &i64) -> String {
        let digits = vnd.unsigned_abs().to_string();
        let mut out = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push('.');
            }
            out.push(c);
        }
        format!("{}{out} đ", if *vnd < 0 { "-" } else { "" })
    }
}

/// `GET /ideas`.
pub async fn list(
    State(state): State<AppState>,
    chrome: Chrome,
    RequireActor(actor): RequireActor,
) -> Result<Response, PageError> {
    let lang = chrome.lang;
    let ideas = cycle::list_ideas(&state.ctx.db, &actor)
        .await
        .map_err(|e| PageError::new(e, lang))?;
    let plans = cycle::list_plans(&state.ctx.db, &actor)
        .await
        .map_err(|e| PageError::new(e, lang))?;
    Ok(render(&CyclePage { chrome, ideas, plans }, lang))
}
