//! The public catalogue `/catalogue`: certified products, searchable without
//! diacritics, filtered by province, commune, product set, stars and status (in
//! force by default: what a buyer may trust today); each links to its product
//! page and its verification page. A plain GET form, so it works without
//! JavaScript: the commune list appears once a province is chosen.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use ocop_domain::certificate::CertificateStatus;
use ocop_service::admin_units::{self, AdminUnitDto, AdminUnitListParams, Paged};
use ocop_service::certificates::CertificateDto;
use ocop_service::certificates::catalogue::{self, CatalogueParams, STATUS_ALL, STATUS_IN_FORCE};
use ocop_service::products::{self, ProductSetDto};

use super::chrome::Chrome;
use super::products::{current_provinces, page_links};
use super::{render, status_view};
use crate::app::AppState;
use crate::error::PageError;

#[derive(Template)]
#[template(path = "catalogue.html")]
struct CataloguePage {
    chrome: Chrome,
    params: CatalogueParams,
    provinces: Vec<AdminUnitDto>,
    /// Communes of the chosen province (empty until one is chosen).
    communes: Vec<AdminUnitDto>,
    sets: Vec<ProductSetDto>,
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

    fn is_commune(&self, code: &str) -> bool {
        self.params.commune.as_deref() == Some(code)
    }

    fn is_set(&self, code: &str) -> bool {
        self.params.product_set.as_deref() == Some(code)
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
        status_view::badge(*status)
    }

    fn stars(&self, stars: &u8) -> String {
        status_view::stars(*stars)
    }

    /// The status choices: in force first (the default), then each status, then all.
    fn statuses(&self) -> Vec<(&'static str, &'static str)> {
        let in_force = (
            STATUS_IN_FORCE,
            self.chrome
                .t("Đang có hiệu lực (gồm sắp hết hạn)", "In force (including expiring)"),
        );
        let all = (STATUS_ALL, self.chrome.t("Mọi trạng thái", "Any status"));
        let each = [
            CertificateStatus::Valid,
            CertificateStatus::Expiring,
            CertificateStatus::Expired,
            CertificateStatus::Suspended,
            CertificateStatus::Revoked,
        ]
        .into_iter()
        .map(|s| (s.as_str(), self.label(&s)));
        std::iter::once(in_force)
            .chain(each)
            .chain(std::iter::once(all))
            .collect()
    }
}

/// The communes today of a province, in Vietnamese order (empty for no or an unknown province).
async fn communes_of(
    state: &AppState,
    province_code: Option<&str>,
) -> Result<Vec<AdminUnitDto>, ocop_service::ServiceError> {
    let Some(code) = province_code
        .map(str::trim)
        .filter(|c| c.len() == 2 && c.bytes().all(|b| b.is_ascii_digit()))
    else {
        return Ok(Vec::new());
    };
    let mut communes = Vec::new();
    loop {
        let params = AdminUnitListParams {
            level: Some("commune".into()),
            parent: Some(format!("2025/province/{code}")),
            offset: Some(communes.len() as u64),
            limit: Some(200),
            ..Default::default()
        };
        let page = admin_units::list(&state.ctx.db, &params).await?;
        let done = page.items.is_empty() || communes.len() + page.items.len() >= page.total as usize;
        communes.extend(page.items);
        if done {
            return Ok(communes);
        }
    }
}

/// `GET /catalogue`.
pub async fn list(
    State(state): State<AppState>,
    chrome: Chrome,
    Query(mut params): Query<CatalogueParams>,
) -> Result<Response, PageError> {
    let lang = chrome.lang;
    if params.status.as_deref().is_none_or(|s| s.trim().is_empty()) {
        params.status = Some(STATUS_IN_FORCE.to_owned());
    }
    let page = catalogue::catalogue(&state.ctx.db, &params).await?;
    let provinces = current_provinces(&state).await?;
    let communes = communes_of(&state, params.province.as_deref()).await?;
    let sets = products::product_sets(&state.ctx.db, Some("qd148")).await?;
    let (page_number, page_count, prev_href, next_href) =
        page_links("/catalogue", &chrome.query, page.offset, page.limit, page.total);
    let view = CataloguePage {
        chrome,
        params,
        provinces,
        communes,
        sets,
        page,
        page_number,
        page_count,
        prev_href,
        next_href,
    };
    Ok(render(&view, lang))
}
