//! The home page. Logged in, each role lands on its own work (`service::home`): a producer on
//! its products, dossiers (returned ones first, with the reasons) and certificates; officers on
//! their inbox by stage; council members on their batches and what is left to score. The
//! public (and anyone else) gets the search box and a few national figures.

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use ocop_domain::admin_unit::AdminLevel;
use ocop_domain::certificate::CertificateStatus;
use ocop_service::admin_units::{self, AdminUnitListParams};
use ocop_service::dossiers::DossierSummary;
use ocop_service::home::{self, Home, WaitingFor};
use ocop_service::producers::{self, ProducerListParams};
use ocop_service::products::{self, ProductListParams};

use super::chrome::Chrome;
use super::render;
use crate::app::AppState;
use crate::error::PageError;

/// A logged-in account's home: its work.
#[derive(Template)]
#[template(path = "home_work.html")]
struct WorkPage {
    chrome: Chrome,
    home: Home,
}

impl WorkPage {
    fn d(&self, date: &chrono::NaiveDate) -> String {
        super::status_view::dmy(*date)
    }

    fn state(&self, code: &str) -> &'static str {
        let (vi, en) = super::dossiers::state_label(code);
        self.chrome.t(vi, en)
    }

    fn kind(&self, code: &str) -> &'static str {
        let (vi, en) = super::dossiers::kind_label(code);
        self.chrome.t(vi, en)
    }

    fn waiting(&self, waiting: &WaitingFor) -> &'static str {
        let (vi, en) = waiting.label();
        self.chrome.t(vi, en)
    }

    fn status(&self, status: &CertificateStatus) -> &'static str {
        let (vi, en) = status.banner();
        self.chrome.t(vi, en)
    }

    fn badge(&self, status: &CertificateStatus) -> &'static str {
        super::status_view::badge(*status)
    }

    fn batch_status(&self, state: &ocop_domain::evaluation::batch::BatchState) -> &'static str {
        self.chrome.label(state.label())
    }

    fn score(&self, x100: &i32) -> String {
        format!("{}.{:02}", x100 / 100, x100 % 100)
    }

    fn place(&self, d: &DossierSummary) -> String {
        let commune = d.place.today_commune_names.join(" / ");
        if commune.is_empty() {
            d.place.commune_name.clone()
        } else {
            commune
        }
    }

    /// True when a stage holds more dossiers than it shows.
    fn more(&self, stage: &home::Stage) -> bool {
        stage.total > stage.dossiers.len() as u64
    }

    /// The link to a stage's whole list (the inbox's level filter kept).
    fn stage_href(&self, state: &str) -> String {
        format!("/dossiers?state={state}")
    }
}

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    chrome: Chrome,
    products: u64,
    producers: u64,
    provinces: u64,
    communes: u64,
}

/// `GET /`: a logged-in account's work, else the public front page.
pub async fn page(State(state): State<AppState>, chrome: Chrome) -> Result<Response, PageError> {
    let db = &state.ctx.db;
    let lang = chrome.lang;
    if let Some(actor) = chrome.actor.clone() {
        let home = home::home(db, &actor).await?;
        return Ok(render(&WorkPage { chrome, home }, lang));
    }
    let count_units = |level: AdminLevel| AdminUnitListParams {
        level: Some(level.as_str().into()),
        limit: Some(1),
        ..Default::default()
    };
    let provinces = admin_units::list(db, &count_units(AdminLevel::Province)).await?.total;
    let communes = admin_units::list(db, &count_units(AdminLevel::Commune)).await?.total;
    let products = products::list(
        db,
        &ProductListParams {
            limit: Some(1),
            ..Default::default()
        },
    )
    .await?
    .total;
    let producers = producers::list(
        db,
        &ProducerListParams {
            limit: Some(1),
            ..Default::default()
        },
    )
    .await?
    .total;
    Ok(render(
        &HomePage {
            chrome,
            products,
            producers,
            provinces,
            communes,
        },
        lang,
    ))
}
