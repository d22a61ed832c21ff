//! Product pages: list with folded search and filters, detail.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::request::Parts;
use axum::response::Response;
use ocop_service::admin_units::{self, AdminUnitDto, AdminUnitListParams, Paged};
use ocop_service::products::{self, ProductDetail, ProductListParams, ProductSetDto, ProductSummary};
use uuid::Uuid;

use super::chrome::Chrome;
use super::{is_htmx, render};
use crate::app::AppState;
use crate::error::PageError;

#[derive(Template)]
#[template(path = "products_list.html")]
struct ProductsPage {
    chrome: Chrome,
    q: String,
    province: String,
    product_set: String,
    provinces: Vec<AdminUnitDto>,
    sets: Vec<ProductSetDto>,
    page: Paged<ProductSummary>,
    page_number: u64,
    page_count: u64,
    prev_href: Option<String>,
    next_href: Option<String>,
}

#[derive(Template)]
#[template(path = "products_results.html")]
struct ProductsResults {
    chrome: Chrome,
    q: String,
    page: Paged<ProductSummary>,
    page_number: u64,
    page_count: u64,
    prev_href: Option<String>,
    next_href: Option<String>,
}

/// Links to the neighbouring pages of a list, keeping the other query parameters.
pub fn page_links(
    path: &str,
    query: &str,
    offset: u64,
    limit: u64,
    total: u64,
) -> (u64, u64, Option<String>, Option<String>) {
    let kept: Vec<&str> = query
        .split('&')
        .filter(|p| !p.is_empty() && !p.starts_with("offset=") && !p.starts_with("lang="))
        .collect();
    let href = |offset: u64| {
        let mut parts = kept.clone();
        let offset_param = format!("offset={offset}");
        parts.push(&offset_param);
        format!("{path}?{}", parts.join("&"))
    };
    let page_number = offset / limit.max(1) + 1;
    let page_count = total.div_ceil(limit.max(1)).max(1);
    let prev = (offset > 0).then(|| href(offset.saturating_sub(limit)));
    let next = (offset + limit < total).then(|| href(offset + limit));
    (page_number, page_count, prev, next)
}

/// Today's provinces for filter menus, in Vietnamese order.
pub async fn current_provinces(state: &AppState) -> Result<Vec<AdminUnitDto>, ocop_service::ServiceError> {
    let params = AdminUnitListParams {
        level: Some("province".into()),
        limit: Some(200),
        ..Default::default()
    };
    Ok(admin_units::list(&state.ctx.db, &params).await?.items)
}

/// `GET /products`.
pub async fn list(
    State(state): State<AppState>,
    chrome: Chrome,
    Query(params): Query<ProductListParams>,
    parts: Parts,
) -> Result<Response, PageError> {
    let lang = chrome.lang;
    let page = products::list_for(&state.ctx.db, chrome.actor.as_ref(), &params).await?;
    let (page_number, page_count, prev_href, next_href) =
        page_links("/products", &chrome.query, page.offset, page.limit, page.total);
    let q = params.q.clone().unwrap_or_default();
    if is_htmx(&parts) {
        return Ok(render(
            &ProductsResults {
                chrome,
                q,
                page,
                page_number,
                page_count,
                prev_href,
                next_href,
            },
            lang,
        ));
    }
    let provinces = current_provinces(&state).await?;
    let sets = products::product_sets(&state.ctx.db, Some("qd148")).await?;
    let page_view = ProductsPage {
        chrome,
        q,
        province: params.province.unwrap_or_default(),
        product_set: params.product_set.unwrap_or_default(),
        provinces,
        sets,
        page,
        page_number,
        page_count,
        prev_href,
        next_href,
    };
    Ok(render(&page_view, lang))
}

#[derive(Template)]
#[template(path = "product_detail.html")]
struct ProductPage {
    chrome: Chrome,
    product: ProductDetail,
    /// Why the last upload failed.
    error: Option<String>,
    /// Where to buy it.
    points: Vec<ocop_service::points_of_sale::PointOfSaleDto>,
    /// Its OCOP certificates, newest first, with their status today.
    certificates: Vec<ocop_service::certificates::CertificateDto>,
    /// Its yearly revenues, for whoever may see the producer's private details.
    revenues: Option<Vec<ocop_service::programme::revenues::RevenueDto>>,
    /// The viewer may open a certificate's page (else the links go to `/v/{code}`).
    opens_certificates: bool,
    /// The viewer may print the current certificate (and its decision's).
    may_print: bool,
}

impl ProductPage {
    fn label(&self, status: &ocop_domain::certificate::CertificateStatus) -> &'static str {
        let (vi, en) = status.banner();
        self.chrome.t(vi, en)
    }

    fn badge(&self, status: &ocop_domain::certificate::CertificateStatus) -> &'static str {
        super::status_view::badge(*status)
    }

    fn stars(&self, stars: &u8) -> String {
        super::status_view::stars(*stars)
    }

    fn d(&self, date: &chrono::NaiveDate) -> String {
        super::status_view::dmy(*date)
    }
}

/// The product page, with an upload failure's message if any.
pub async fn product_page(
    state: &AppState,
    chrome: Chrome,
    id: Uuid,
    error: Option<String>,
) -> Result<Response, PageError> {
    let lang = chrome.lang;
    let product = products::get(&state.ctx.db, chrome.actor.as_ref(), id).await?;
    let points = ocop_service::points_of_sale::list(&state.ctx.db, id).await?;
    let certificates = ocop_service::certificates::verify::of_product(&state.ctx.db, id).await?;
    let revenues = match &chrome.actor {
        Some(actor) => match ocop_service::programme::revenues::list(&state.ctx.db, actor, id).await {
            Ok(list) => Some(list),
            Err(ocop_service::ServiceError::Forbidden) => None,
            Err(e) => return Err(PageError::new(e, lang)),
        },
        None => None,
    };
    let opens_certificates = crate::menu::may_open(chrome.actor.as_ref().map(|a| a.role), "/certificates/{id}");
    let may_print = certificates
        .first()
        .is_some_and(|c| ocop_service::certificates::printing::may_print(chrome.actor.as_ref(), c));
    Ok(render(
        &ProductPage {
            chrome,
            product,
            error,
            points,
            certificates,
            revenues,
            opens_certificates,
            may_print,
        },
        lang,
    ))
}

/// `GET /products/{id}`.
pub async fn detail(
    State(state): State<AppState>,
    chrome: Chrome,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let lang = chrome.lang;
    let id = Uuid::parse_str(&id).map_err(|_| PageError::new(ocop_service::ServiceError::NotFound, lang))?;
    product_page(&state, chrome, id, None).await
}
