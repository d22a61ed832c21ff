//! Administrative-unit browser: the units in force on a date, one unit with
//! its family and history, and the commune options of a province for forms.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use ocop_service::ServiceError;
use ocop_service::admin_units::{self, AdminUnitDetail, AdminUnitDto, AdminUnitListParams, Paged, today};
use serde::Deserialize;

use super::chrome::Chrome;
use super::forms::communes_of;
use super::products::page_links;
use super::{is_htmx, render};
use crate::app::AppState;
use crate::error::PageError;
use crate::form_day::{dmy, parse_day};

/// Rows per page: all 63 pre-2025 provinces fit on one.
const PAGE_SIZE: u64 = 100;

#[derive(Template)]
#[template(path = "admin_units_list.html")]
struct UnitsPage {
    chrome: Chrome,
    results: UnitsResults,
    level: String,
    q: String,
}

#[derive(Template)]
#[template(path = "admin_units_results.html")]
struct UnitsResults {
    chrome: Chrome,
    /// The date as `yyyy-mm-dd`, for the date input.
    on: String,
    /// The date as the reader reads it.
    on_label: String,
    parent: Option<AdminUnitDto>,
    error: Option<String>,
    page: Paged<AdminUnitDto>,
    page_number: u64,
    page_count: u64,
    prev_href: Option<String>,
    next_href: Option<String>,
}

/// The level's name for people.
fn level_label(chrome: &Chrome, level: &str) -> String {
    match level {
        "province" => chrome.t("Tỉnh, thành phố", "Provinces"),
        "district" => chrome.t("Quận, huyện, thị xã", "Districts"),
        _ => chrome.t("Xã, phường, thị trấn, đặc khu", "Communes"),
    }
    .to_owned()
}

/// `GET /admin-units`.
pub async fn list(
    State(state): State<AppState>,
    chrome: Chrome,
    Query(mut params): Query<AdminUnitListParams>,
    parts: Parts,
) -> Result<Response, PageError> {
    let lang = chrome.lang;
    params.limit = Some(params.limit.unwrap_or(PAGE_SIZE));
    let typed_on = params.on.clone().unwrap_or_default();
    let on_date = if typed_on.trim().is_empty() {
        Some(today())
    } else {
        parse_day(&typed_on)
    };
    // Normalise dd/mm/yyyy to the ISO form the service and the date input use.
    params.on = on_date.map(|d| d.format("%Y-%m-%d").to_string()).or(params.on);
    let level = params
        .level
        .clone()
        .filter(|l| !l.trim().is_empty())
        .unwrap_or_else(|| "province".into());
    let (page, error, status) = match admin_units::list(&state.ctx.db, &params).await {
        Ok(page) => (page, None, StatusCode::OK),
        Err(ServiceError::Validation(errors)) => {
            let message = errors
                .fields
                .first()
                .map(|f| f.code.message(lang).to_owned())
                .unwrap_or_default();
            let empty = Paged {
                items: Vec::new(),
                total: 0,
                offset: 0,
                limit: PAGE_SIZE,
            };
            (empty, Some(message), StatusCode::UNPROCESSABLE_ENTITY)
        }
        Err(e) => return Err(PageError::new(e, lang)),
    };
    let parent = match params.parent.as_deref().filter(|p| !p.trim().is_empty()) {
        Some(id) if error.is_none() => admin_units::detail(&state.ctx.db, id).await.ok().map(|d| d.unit),
        _ => None,
    };
    let (page_number, page_count, prev_href, next_href) =
        page_links("/admin-units", &chrome.query, page.offset, page.limit, page.total);
    let results = UnitsResults {
        chrome: chrome.clone(),
        on: on_date.map(dmy).unwrap_or(typed_on),
        on_label: on_date.map(|d| chrome.date(&d)).unwrap_or_default(),
        parent,
        error,
        page,
        page_number,
        page_count,
        prev_href,
        next_href,
    };
    if is_htmx(&parts) {
        return Ok((status, render(&results, lang)).into_response());
    }
    let view = UnitsPage {
        chrome,
        results,
        level,
        q: params.q.unwrap_or_default(),
    };
    Ok((status, render(&view, lang)).into_response())
}

#[derive(Template)]
#[template(path = "admin_unit_detail.html")]
struct UnitPage {
    chrome: Chrome,
    detail: AdminUnitDetail,
    level_name: String,
    children_href: Option<String>,
}

/// Where to list a unit's children: the child level and a day the unit was in force.
fn children_href(unit: &AdminUnitDto) -> Option<String> {
    let child = match unit.level.as_str() {
        "province" if unit.version == "pre2025" => "district",
        "province" | "district" => "commune",
        _ => return None,
    };
    let mut href = format!("/admin-units?level={child}&parent={}", unit.id);
    if let Some(day) = unit.valid_to {
        href.push_str(&format!("&on={}", day.format("%Y-%m-%d")));
    }
    Some(href)
}

/// `GET /admin-units/{version}/{level}/{code}`.
pub async fn detail(
    State(state): State<AppState>,
    chrome: Chrome,
    Path((version, level, code)): Path<(String, String, String)>,
) -> Result<Response, PageError> {
    let lang = chrome.lang;
    let detail = admin_units::detail(&state.ctx.db, &format!("{version}/{level}/{code}")).await?;
    let page = UnitPage {
        level_name: level_label(&chrome, &detail.unit.level),
        children_href: children_href(&detail.unit),
        chrome,
        detail,
    };
    Ok(render(&page, lang))
}

/// Query of `GET /admin-units/options`.
#[derive(Debug, Deserialize)]
pub struct OptionsParams {
    /// Today's province code.
    #[serde(default)]
    province: String,
}

#[derive(Template)]
#[template(path = "commune_options.html")]
struct CommuneOptions {
    communes: Vec<AdminUnitDto>,
}

/// `GET /admin-units/options?province=42`: today's communes of a province as `<option>`s.
pub async fn options(
    State(state): State<AppState>,
    chrome: Chrome,
    Query(params): Query<OptionsParams>,
) -> Result<Response, PageError> {
    let lang = chrome.lang;
    let communes = communes_of(&state, params.province.trim()).await?;
    Ok(render(&CommuneOptions { communes }, lang))
}
