//! The central level's page (`/central`): the inbox of the dossiers the provinces forwarded
//! (≥ 90 points), grouped by what they wait for — the ministry's advisory team's check, a
//! central batch, the central council's result — with the central councils and their batches.
//! Every step links to the pages that take it (the dossier page for the check, the batch page
//! for scheduling, scoring and the ministry's recognition decision).

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use ocop_service::councils::batches::{self, BatchDto};
use ocop_service::councils::{self, CENTRAL, CouncilDto};
use ocop_service::dossiers::DossierSummary;
use ocop_service::dossiers::central;

use super::chrome::Chrome;
use super::dossiers::state_label;
use super::render;
use crate::app::AppState;
use crate::auth::RequireActor;
use crate::error::PageError;

/// One group of the inbox.
struct Group {
    title: String,
    testid: &'static str,
    /// The dossier, its state in words and the day it last changed (Vietnam time).
    rows: Vec<(DossierSummary, String, String)>,
}

#[derive(Template)]
#[template(path = "central_inbox.html")]
struct CentralPage {
    chrome: Chrome,
    groups: Vec<Group>,
    councils: Vec<CouncilDto>,
    batches: Vec<BatchDto>,
    can_found: bool,
    /// The working group's name and the ministry's name today (from the legal bases' data).
    working_group: &'static str,
    ministry: &'static str,
}

/// The groups of the inbox: (state codes, Vietnamese and English title, test id).
const GROUPS: [(&[&str], &str, &str, &str); 4] = [
    (
        &["proposed", "check", "returned"],
        "Chờ kiểm tra hồ sơ",
        "Waiting for the dossier check",
        "central-check",
    ),
    (
        &["eligible"],
        "Đủ điều kiện — chờ xếp đợt đánh giá",
        "Eligible — waiting for a batch",
        "central-eligible",
    ),
    (
        &["scheduled", "scoring", "scored"],
        "Trong đợt đánh giá của Hội đồng cấp quốc gia",
        "In a central batch",
        "central-batch",
    ),
    (
        &["recognised", "not_recognised"],
        "Đã có kết quả",
        "Decided",
        "central-decided",
    ),
];

/// `GET /central`.
pub async fn inbox(
    State(state): State<AppState>,
    chrome: Chrome,
    RequireActor(actor): RequireActor,
) -> Result<Response, PageError> {
    let lang = chrome.lang;
    let dossiers = central::inbox(&state.ctx.db, &actor, 500).await?;
    let groups = GROUPS
        .iter()
        .map(|(states, vi, en, testid)| Group {
            title: lang.pick(vi, en).to_owned(),
            testid,
            rows: dossiers
                .iter()
                .filter(|d| states.contains(&d.state.as_str()))
                .map(|d| {
                    let (vi, en) = state_label(&d.state);
                    let label = match d.state.as_str() {
                        "recognised" => lang.pick("Bộ công nhận 5 sao", "5★ recognised by the ministry"),
                        "not_recognised" => lang.pick(
                            "Không công nhận 5 sao — giữ 4 sao cấp tỉnh",
                            "No 5★ — keeps the provincial 4★",
                        ),
                        _ => lang.pick(vi, en),
                    };
                    let changed = (d.updated_at + chrono::Duration::hours(7)).date_naive();
                    (d.clone(), label.to_owned(), chrome.date(&changed))
                })
                .collect(),
        })
        .collect();
    let councils: Vec<CouncilDto> = councils::list_councils(&state.ctx.db, &actor)
        .await?
        .into_iter()
        .filter(|c| c.level == CENTRAL)
        .collect();
    let batches = batches::list(&state.ctx.db, &actor)
        .await?
        .into_iter()
        .filter(|b| councils.iter().any(|c| c.id == b.council_id))
        .collect();
    let can_found = councils::manages_province(&actor, councils::NATIONWIDE);
    Ok(render(
        &CentralPage {
            chrome,
            groups,
            councils,
            batches,
            can_found,
            working_group: ocop_domain::evaluation::LegalBases::official()
                .working_group_on(ocop_service::admin_units::today()),
            ministry: ocop_domain::certificate::ministry_name_on(ocop_service::admin_units::today()),
        },
        lang,
    ))
}
