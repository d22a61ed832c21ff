//! The public verification page `/v/{code}`: a status banner first, then the
//! certificate, product, producer, decisions and history. No login, no
//! JavaScript; a "report a suspected fake" form (CSRF-protected like every form).

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::NaiveDate;
use ocop_domain::certificate::{CertificateStatus, IssuerLevel, LegalBasis, RevocationGround};
use ocop_service::ServiceError;
use ocop_service::amendments::AmendmentDto;
use ocop_service::certificates::CertificateDto;
use ocop_service::certificates::verify::{self, FakeReportInput, Verification};
use serde::Deserialize;

use super::chrome::Chrome;
use super::render;
use crate::app::AppState;
use crate::error::PageError;
use crate::throttle::Client;

#[derive(Template)]
#[template(path = "verify.html")]
struct VerifyPage {
    chrome: Chrome,
    code: String,
    found: Option<Verification>,
    checked_at: String,
    report_sent: bool,
    report_error: Option<String>,
}

impl VerifyPage {
    fn status(&self) -> Option<CertificateStatus> {
        self.found.as_ref().map(|v| v.certificate.status)
    }

    /// The banner text; KHÔNG TÌM THẤY for an unknown code.
    fn banner(&self) -> &'static str {
        match self.status() {
            Some(status) => {
                let (vi, en) = status.banner();
                self.chrome.t(vi, en)
            }
            None => self.chrome.t("KHÔNG TÌM THẤY", "NOT FOUND"),
        }
    }

    /// The banner's CSS class.
    fn banner_class(&self) -> &'static str {
        match self.status() {
            Some(CertificateStatus::Valid) => "banner ok",
            Some(CertificateStatus::Expiring) => "banner warn",
            Some(CertificateStatus::Superseded | CertificateStatus::NotYetValid) => "banner info",
            _ => "banner bad",
        }
    }

    /// The status's API name, for tests and styling.
    fn status_code(&self) -> &'static str {
        self.status().map_or("not_found", CertificateStatus::as_str)
    }

    /// A short status label for the history table.
    fn label(&self, status: &CertificateStatus) -> &'static str {
        let (vi, en) = status.banner();
        self.chrome.t(vi, en)
    }

    /// dd/mm/yyyy in both languages, as printed on certificates.
    fn d(&self, date: &NaiveDate) -> String {
        date.format("%d/%m/%Y").to_string()
    }

    fn stars(&self, stars: &u8) -> String {
        "★".repeat(usize::from(*stars))
    }

    fn ground(&self, code: &str) -> &'static str {
        RevocationGround::ALL
            .into_iter()
            .find(|g| g.as_str() == code)
            .map_or("", |g| {
                let (vi, en) = g.label();
                self.chrome.t(vi, en)
            })
    }

    fn issuer_level(&self, code: &str) -> &'static str {
        IssuerLevel::parse(code).map_or("", |l| {
            let (vi, en) = l.label();
            self.chrome.t(vi, en)
        })
    }

    fn basis(&self, code: &str) -> &'static str {
        LegalBasis::parse(code).map_or("", LegalBasis::label)
    }

    /// An instant's day in Vietnam, dd/mm/yyyy.
    fn at(&self, at: &chrono::DateTime<chrono::Utc>) -> String {
        ocop_service::admin_units::day_of(*at).format("%d/%m/%Y").to_string()
    }

    /// What an amendment changed, one line per fact ("Tên sản phẩm: A → B").
    fn changes(&self, a: &AmendmentDto) -> Vec<String> {
        let (Some(before), Some(after)) = (&a.before, &a.after) else {
            return Vec::new();
        };
        let mut lines = Vec::new();
        let mut add = |vi: &'static str, en: &'static str, old: &str, new: &str| {
            if old != new {
                lines.push(format!("{}: {old} → {new}", self.chrome.t(vi, en)));
            }
        };
        add("Tên sản phẩm", "Product name", &before.name, &after.name);
        if before.product_set_code != after.product_set_code {
            add("Bộ sản phẩm", "Product set", set_name(before), set_name(after));
        }
        add("Chủ thể", "Producer", &before.producer_name, &after.producer_name);
        add(
            "Nơi sản xuất",
            "Place of production",
            &before.place_name,
            &after.place_name,
        );
        lines
    }

    fn origin(&self, c: &CertificateDto) -> &'static str {
        match c.origin.as_str() {
            "renewal" => self.chrome.t("Công nhận lại", "Renewal"),
            "upgrade" => self.chrome.t("Nâng hạng", "Upgrade"),
            "imported" => self.chrome.t("Nhập từ hồ sơ cũ", "Imported record"),
            _ if c.recorded => self
                .chrome
                .t("Ghi nhận quyết định đã ban hành", "Recorded existing decision"),
            _ => self.chrome.t("Công nhận lần đầu", "First recognition"),
        }
    }
}

/// A product set by its name; the code only where the catalogue has no name for it.
fn set_name(facts: &ocop_service::amendments::CertifiedFacts) -> &str {
    if facts.product_set_name.is_empty() {
        &facts.product_set_code
    } else {
        &facts.product_set_name
    }
}

/// The code as echoed on the page and in the form address: letters, digits and hyphens only.
fn shown_code(code: &str) -> String {
    code.chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .take(40)
        .collect()
}

/// The check time in Vietnam (UTC+7).
fn vietnam_time(at: chrono::DateTime<chrono::Utc>) -> String {
    (at + chrono::Duration::hours(7))
        .format("%H:%M:%S %d/%m/%Y (UTC+7)")
        .to_string()
}

fn page(
    chrome: Chrome,
    code: String,
    found: Result<Verification, ServiceError>,
    report_sent: bool,
    report_error: Option<String>,
) -> Result<Response, PageError> {
    let lang = chrome.lang;
    let (status, found) = match found {
        Ok(v) => (StatusCode::OK, Some(v)),
        Err(ServiceError::NotFound) => (StatusCode::NOT_FOUND, None),
        Err(e) => return Err(PageError::new(e, lang)),
    };
    let checked_at = vietnam_time(found.as_ref().map_or_else(ocop_service::now, |v| v.checked_at));
    let view = VerifyPage {
        chrome,
        code,
        found,
        checked_at,
        report_sent,
        report_error,
    };
    let mut response = render(&view, lang);
    if response.status() == StatusCode::OK {
        *response.status_mut() = status;
    }
    response
        .headers_mut()
        .insert(axum::http::header::CACHE_CONTROL, "no-store".parse().expect("header"));
    Ok(response)
}

/// `GET /v/{code}`: counts the scan and shows the status now.
pub async fn show(
    State(state): State<AppState>,
    chrome: Chrome,
    client: Client,
    Path(code): Path<String>,
) -> Result<Response, PageError> {
    let found = verify::verify(&state.ctx.db, &code, &client.key).await;
    page(chrome, shown_code(&code), found, false, None)
}

/// The query of the code box on the home page.
#[derive(Debug, Deserialize)]
pub struct CodeQuery {
    /// The code as typed from the package (spaces, hyphens and case forgiven).
    #[serde(default)]
    pub code: String,
}

/// `GET /v?code=…`: the code typed by hand leads to its page (`/v/{code}`); without a
/// code, back to the home page.
pub async fn typed(Query(query): Query<CodeQuery>) -> Redirect {
    let code = shown_code(&query.code);
    if code.is_empty() {
        Redirect::to("/")
    } else {
        Redirect::to(&format!("/v/{code}"))
    }
}

/// The report form.
#[derive(Debug, Deserialize)]
pub struct ReportForm {
    /// What was seen.
    #[serde(default)]
    pub message: String,
    /// Optional contact.
    #[serde(default)]
    pub contact: String,
}

/// `POST /v/{code}/report`: stores the report for the certificate's province, shows the page again (without counting a scan).
/// The same sender's repeat within the merge window is counted on its earlier report.
pub async fn report(
    State(state): State<AppState>,
    chrome: Chrome,
    client: Client,
    Path(code): Path<String>,
    Form(form): Form<ReportForm>,
) -> Result<Response, PageError> {
    let lang = chrome.lang;
    let input = FakeReportInput {
        message: form.message,
        contact: Some(form.contact),
    };
    let result = verify::report(&state.ctx.db, &code, &input, &client.key).await;
    let found = verify::lookup(&state.ctx.db, &code).await;
    match result {
        Ok(_) => page(chrome, shown_code(&code), found, true, None),
        Err(ServiceError::Validation(errors)) => {
            let message = errors.fields.first().map_or("", |f| f.code.message(lang)).to_owned();
            let mut response = page(chrome, shown_code(&code), found, false, Some(message))?;
            *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            Ok(response.into_response())
        }
        Err(e) => Err(PageError::new(e, lang)),
    }
}
