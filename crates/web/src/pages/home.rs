//! The home page: search box and a few national figures.

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use ocop_domain::admin_unit::AdminLevel;
use ocop_service::admin_units::{self, AdminUnitListParams};
use ocop_service::producers::{self, ProducerListParams};
use ocop_service::products::{self, ProductListParams};

use super::chrome::Chrome;
use super::render;
use crate::app::AppState;
use crate::error::PageError;

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    chrome: Chrome,
    products: u64,
    producers: u64,
    provinces: u64,
    communes: u64,
}

/// `GET /`.
pub async fn page(State(state): State<AppState>, chrome: Chrome) -> Result<Response, PageError> {
    let db = &state.ctx.db;
    let lang = chrome.lang;
    let count_units = |level: AdminLevel| AdminUnitListParams {
        level: Some(level.as_str().into()),
        limit: Some(1),
        ..Default::default()
    };
    let provinces = admin_units::list(db, &count_units(AdminLevel::Province))
        .await
        .map_err(|e| PageError::new(e, lang))?
        .total;
    let communes = admin_units::list(db, &count_units(AdminLevel::Commune))
        .await
        .map_err(|e| PageError::new(e, lang))?
        .total;
    let products = products::list(
        db,
        &ProductListParams {
            limit: Some(1),
            ..Default::default()
        },
    )
    .await
    .map_err(|e| PageError::new(e, lang))?
    .total;
    let producers = producers::list(
        db,
        &ProducerListParams {
            limit: Some(1),
            ..Default::default()
        },
    )
    .await
    .map_err(|e| PageError::new(e, lang))?
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
