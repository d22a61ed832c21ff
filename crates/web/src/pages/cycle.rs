//! The cycle before the dossier through the pages (chu trình OCOP, steps 2 and 3). `GET /ideas`
//! lists the product ideas and business plans the caller may see, with their state, the
//! deadline of the answer they wait for and every step; [`super::ideas`] and
//! [`super::business_plans`] hold the forms. What the pages share lives here: the step table
//! and money in đồng. The states and steps, with their labels, are the domain's
//! ([`ocop_domain::cycle`]).

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use ocop_domain::programme::activity::group_thousands;
use ocop_service::Actor;
use ocop_service::cycle::{self, CycleStepDto, IdeaDto, PlanDto};

use super::chrome::Chrome;
use super::render;
use crate::app::AppState;
use crate::auth::RequireActor;
use crate::error::PageError;

/// Vietnamese and English label of a recorded state (an idea's or a plan's).
fn state_label(state: &str) -> (&'static str, &'static str) {
    ocop_domain::cycle::state_label(state).unwrap_or(("Không rõ", "Unknown"))
}

/// Vietnamese and English label of a recorded step (an idea's or a plan's).
fn action_label(action: &str) -> (&'static str, &'static str) {
    ocop_domain::cycle::step_label(action).unwrap_or(("Khác", "Other"))
}

/// Vietnamese and English label of a budget line's funding source.
pub fn funding_label(code: &str) -> (&'static str, &'static str) {
    match code {
        "own" => ("Vốn tự có", "Own funds"),
        "loan" => ("Vốn vay", "Loan"),
        "support" => ("Hỗ trợ từ ngân sách nhà nước", "State support"),
        "other" => ("Nguồn khác", "Other"),
        _ => ("Không rõ", "Unknown"),
    }
}

/// An amount in đồng as "150.000.000 đ".
pub fn money(vnd: i64) -> String {
    format!("{} đ", group_thousands(vnd))
}

/// One recorded step as the pages show it.
pub struct StepRow {
    /// What was done.
    pub what: String,
    /// The state it led to.
    pub to: String,
    /// Who.
    pub actor: String,
    /// When (Vietnam time, dd/mm/yyyy hh:mm).
    pub at: String,
    /// The deadline of the answer the step waits for, or empty.
    pub due: String,
    /// Why, or empty.
    pub reason: String,
}

/// The steps in the page's language.
pub fn step_rows(steps: &[CycleStepDto], chrome: &Chrome) -> Vec<StepRow> {
    steps
        .iter()
        .map(|s| StepRow {
            what: chrome
                .t(action_label(&s.action).0, action_label(&s.action).1)
                .to_owned(),
            to: chrome
                .t(state_label(&s.to_state).0, state_label(&s.to_state).1)
                .to_owned(),
            actor: s.actor_name.clone(),
            at: (s.at + chrono::Duration::hours(7)).format("%d/%m/%Y %H:%M").to_string(),
            due: s.due_on.map(|d| chrome.date(&d)).unwrap_or_default(),
            reason: s.reason.clone().unwrap_or_default(),
        })
        .collect()
}

/// True when the account may register ideas and draft plans for some producer (the producer
/// itself, officers of the commune and province, administrators).
pub fn may_prepare(actor: &Actor) -> bool {
    ocop_service::dossiers::access::prepares_somewhere(actor)
}

#[derive(Template)]
#[template(path = "cycle_list.html")]
struct CyclePage {
    chrome: Chrome,
    ideas: Vec<IdeaDto>,
    plans: Vec<PlanDto>,
    may_prepare: bool,
}

impl CyclePage {
    fn money(&self, vnd: &i64) -> String {
        money(*vnd)
    }

    /// Every step on its own line: what, who, when (and the deadline it set).
    fn steps(&self, steps: &[CycleStepDto]) -> Vec<String> {
        step_rows(steps, &self.chrome)
            .into_iter()
            .map(|r| {
                let due = if r.due.is_empty() {
                    String::new()
                } else {
                    format!(" · {} {}", self.chrome.t("hạn", "due"), r.due)
                };
                format!("{} · {} · {}{due}", r.what, r.actor, r.at)
            })
            .collect()
    }
}

/// `GET /ideas`.
pub async fn list(
    State(state): State<AppState>,
    chrome: Chrome,
    RequireActor(actor): RequireActor,
) -> Result<Response, PageError> {
    let lang = chrome.lang;
    let ideas = cycle::list_ideas(&state.ctx.db, &actor).await?;
    let plans = cycle::list_plans(&state.ctx.db, &actor).await?;
    Ok(render(
        &CyclePage {
            chrome,
            ideas,
            plans,
            may_prepare: may_prepare(&actor),
        },
        lang,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_groups_thousands_with_dots() {
        assert_eq!(money(150_000_000), "150.000.000 đ");
        assert_eq!(money(0), "0 đ");
    }

    #[test]
    fn every_recorded_action_and_state_has_a_label() {
        for action in ["create", "edit", "submit", "resubmit", "accept", "approve", "return"] {
            assert_ne!(action_label(action).0, "Khác", "{action}");
        }
        for state in ["draft", "submitted", "accepted", "approved", "returned"] {
            assert_ne!(state_label(state).0, "Không rõ", "{state}");
        }
        for code in cycle::FUNDING {
            assert_ne!(funding_label(code).0, "Không rõ", "{code}");
        }
    }
}
