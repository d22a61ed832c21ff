//! The public catalogue `/catalogue`: certified products, searchable without
//! diacritics, filtered by province, stars and status; each links to its
//! verification page. A plain GET form, so it works without JavaScript.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use ocop_domain::certificate::CertificateStatus;
use ocop_service::admin_units::{AdminUnitDto, Paged};
use ocop_service::certificates::CertificateDto;
use ocop_service::certificates::catalogue::{self, CatalogueParams};

use super::chrome::Chrome;
use super::products::{current_provinces, page_links};
use super::render;
use crate::app::AppState;
use crate::error::PageError;

#[derive(Template)]
#[template(path = "catalogue.html")]
struct CataloguePage {
    chrome: Chrome,
    params: CatalogueParams,
    provinces: Vec<AdminUnitDto>,
    page: Paged<CertificateDto>,
    page_number: u64,
    page_count: u64,
    prev_href: Option<String>,
    next_href: Option<String>,
}

impl CataloguePage {
    fn q(&self) -> &str {
        self.params.q.as_deref().unwrap_or_default()
    }

    fn is_province(&self, code: &str) -> bool {
        self.params.province.as_deref() == Some(code)
    }

    fn is_stars(&self, stars: &u8) -> bool {
        self.params.stars.as_deref().map(str::trim) == Some(stars.to_string().as_str())
    }

    fn is_status(&self, status: &str) -> bool {
        self.params.status.as_deref() == Some(status)
    }

    fn label(&self, status: &CertificateStatus) -> &'static str {
        let (vi, en) = status.banner();
        self.chrome.t(vi, en)
    }

    fn badge(&self, status: &CertificateStatus) -> &'static str {
        match status {
            CertificateStatus::Valid => "badge ok",
            CertificateStatus::Expiring => "badge warn",
            _ => "badge bad",
        }
    }

    fn stars(&self, stars: &u8) -> String {
        "★".repeat(usize::from(*stars))
    }

    fn statuses(&self) -> Vec<(&'static str, &'static str)> {
        [
            CertificateStatus::Valid,
            CertificateStatus::Expiring,
            CertificateStatus::Expired,
            CertificateStatus::Suspended,
            CertificateStatus::Revoked,
        ]
        .into_iter()
        .map(|s| (s.as_str(), self.label(&s)))
        .collect()
    }
}

/// `GET /catalogue`.
pub async fn list(
    State(state): State<AppState>,
    chrome: Chrome,
    Query(params): Query<CatalogueParams>,
) -> Result<Response, PageError> {
    let lang = chrome.lang;
    let page = catalogue::catalogue(&state.ctx.db, &params)
        .await
        .map_err(|e| PageError::new(e, lang))?;
    let provinces = current_provinces(&state).await.map_err(|e| PageError::new(e, lang))?;
    let (page_number, page_count, prev_href, next_href) =
        page_links("/catalogue", &chrome.query, page.offset, page.limit, page.total);
    let view = CataloguePage {
        chrome,
        params,
        provinces,
        page,
        page_number,
        page_count,
        prev_href,
        next_href,
    };
    Ok(render(&view, lang))
}
