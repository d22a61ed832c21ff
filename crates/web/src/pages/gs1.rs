//! GS1 Digital Link: `/01/{gtin}` and `/01/{gtin}/10/{lot}` lead a scanned
//! package to its product's current certificate page (`gs1:pip`), or answer
//! an RFC 9264 linkset when asked for `application/linkset+json`.

use axum::extract::{Path, State};
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use ocop_service::certificates::gs1;
use serde_json::json;

use crate::app::AppState;
use crate::error::PageError;

/// The media type of a linkset (RFC 9264).
pub const LINKSET: &str = "application/linkset+json";

fn origin(parts: &Parts, secure: bool) -> String {
    let host = parts
        .headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .filter(|h| h.bytes().all(|b| b.is_ascii_alphanumeric() || b"-.:[]".contains(&b)))
        .unwrap_or("localhost");
    format!("{}://{host}", if secure { "https" } else { "http" })
}

fn wants_linkset(parts: &Parts) -> bool {
    parts
        .headers
        .get_all(header::ACCEPT)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .any(|v| v.split(',').any(|t| t.trim().starts_with(LINKSET)))
}

async fn resolve(state: &AppState, parts: &Parts, gtin: &str, lot: Option<&str>) -> Result<Response, PageError> {
    let certificate = gs1::current_for_gtin(&state.ctx.db, gtin).await?;
    let base = origin(parts, state.config.secure_cookies);
    let code = &certificate.verification_code;
    let page = format!("/v/{code}");
    let anchor = match lot {
        Some(lot) => format!("{base}/01/{gtin}/10/{lot}"),
        None => format!("{base}/01/{gtin}"),
    };
    let link_header = format!("<{anchor}>; rel=\"linkset\"; type=\"{LINKSET}\"");
    if wants_linkset(parts) {
        let body = json!({ "linkset": [{
            "anchor": anchor,
            "https://gs1.org/voc/pip": [{ "href": format!("{base}{page}"), "type": "text/html", "hreflang": ["vi", "en"],
                                          "title": "Thông tin sản phẩm OCOP và giấy chứng nhận" }],
            "https://gs1.org/voc/certificationInfo": [{ "href": format!("{base}/api/v1/verify/{code}"), "type": "application/json",
                                                        "title": "OCOP certificate status (JSON)" }],
            "https://gs1.org/voc/verificationService": [{ "href": format!("{base}{page}"), "type": "text/html",
                                                          "title": "Xác thực giấy chứng nhận OCOP" }],
        }]});
        return Ok((
            StatusCode::OK,
            [(header::CONTENT_TYPE, LINKSET), (header::CACHE_CONTROL, "no-store")],
            body.to_string(),
        )
            .into_response());
    }
    let mut response = Redirect::temporary(&page).into_response();
    if let Ok(value) = HeaderValue::from_str(&link_header) {
        response.headers_mut().insert(header::LINK, value);
    }
    response
        .headers_mut()
        .insert(header::VARY, HeaderValue::from_static("Accept"));
    Ok(response)
}

/// `GET /01/{gtin}`.
pub async fn gtin(
    State(state): State<AppState>,
    Path(gtin): Path<String>,
    parts: Parts,
) -> Result<Response, PageError> {
    resolve(&state, &parts, &gtin, None).await
}

/// `GET /01/{gtin}/10/{lot}`: a batch-level link leads to the same certificate.
pub async fn gtin_lot(
    State(state): State<AppState>,
    Path((gtin, lot)): Path<(String, String)>,
    parts: Parts,
) -> Result<Response, PageError> {
    let lot: String = lot
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || "-._".contains(*c))
        .take(20)
        .collect();
    resolve(&state, &parts, &gtin, Some(&lot)).await
}
