//! `/audit` (the audit trail, filtered and paginated) and `/audit.csv` (the
//! same filters, every matching entry) for administrators and central officers.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use ocop_service::admin_units::Paged;
use ocop_service::audit::{self, AuditEntryDto, AuditQuery};

use super::chrome::Chrome;
use super::products::page_links;
use super::render;
use crate::app::AppState;
use crate::auth::RequireActor;
use crate::error::PageError;
use crate::form_day::FormDay;

#[derive(Template)]
#[template(path = "audit_list.html")]
struct AuditPage {
    chrome: Chrome,
    action: String,
    entity_type: String,
    actor: String,
    from: String,
    to: String,
    csv_href: String,
    page: Paged<AuditEntryDto>,
    page_number: u64,
    page_count: u64,
    prev_href: Option<String>,
    next_href: Option<String>,
}

fn query_without_paging(query: &str) -> String {
    query
        .split('&')
        .filter(|p| !p.is_empty() && !p.starts_with("offset=") && !p.starts_with("limit=") && !p.starts_with("lang="))
        .collect::<Vec<_>>()
        .join("&")
}

/// `GET /audit`.
pub async fn list(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
    chrome: Chrome,
    Query(query): Query<AuditQuery>,
) -> Result<Response, PageError> {
    let lang = chrome.lang;
    let page = audit::list(&state.ctx.db, &actor, &query).await?;
    let (page_number, page_count, prev_href, next_href) =
        page_links("/audit", &chrome.query, page.offset, page.limit, page.total);
    let kept = query_without_paging(&chrome.query);
    let csv_href = if kept.is_empty() {
        "/audit.csv".to_owned()
    } else {
        format!("/audit.csv?{kept}")
    };
    let text = |v: &Option<String>| v.clone().unwrap_or_default();
    let view = AuditPage {
        action: text(&query.action),
        entity_type: text(&query.entity_type),
        actor: text(&query.actor),
        from: FormDay::parse(&text(&query.from)).shown(),
        to: FormDay::parse(&text(&query.to)).shown(),
        chrome,
        csv_href,
        page,
        page_number,
        page_count,
        prev_href,
        next_href,
    };
    Ok(render(&view, lang))
}

/// `GET /audit.csv`.
pub async fn csv(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
    chrome: Chrome,
    Query(query): Query<AuditQuery>,
) -> Result<Response, PageError> {
    let body = audit::export_csv(&state.ctx.db, &actor, &query)
        .await
        .map_err(|e| PageError::new(e, chrome.lang))?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (header::CONTENT_DISPOSITION, "attachment; filename=\"ocop-audit.csv\""),
        ],
        body,
    )
        .into_response())
}
