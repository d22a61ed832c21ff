//! Giấy chứng nhận sản phẩm OCOP: the certificate PDF, one page per certificate, with a
//! QR code to the public verification page `{base}/v/{code}`.

use chrono::NaiveDate;
use serde::Serialize;

use crate::{DocumentError, qr::qr_svg};

/// The template of the certificate (uses the shared preamble).
pub const TEMPLATE: &str = include_str!("../templates/certificate.typ");

/// Everything printed on one certificate, already resolved to words and dates.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct CertificateSheet {
    /// The body above the issuer, if any (e.g. `UBND TỈNH QUẢNG NINH` above a department).
    pub issuer_parent: Option<String>,
    /// Issuing body (`ỦY BAN NHÂN DÂN TỈNH QUẢNG NINH`, `BỘ NÔNG NGHIỆP VÀ MÔI TRƯỜNG`).
    pub issuer: String,
    /// Certificate number.
    pub number: String,
    /// Place name in the date line (`Quảng Ninh, ngày …`).
    pub place: String,
    /// Day of issue.
    pub issued_on: NaiveDate,
    /// Last valid day (inclusive).
    pub valid_through: NaiveDate,
    /// Stars (3–5).
    pub stars: u8,
    /// Score out of 100 with two decimals, if recorded.
    pub score: Option<f64>,
    /// Product name.
    pub product_name: String,
    /// Product set (bộ sản phẩm) in words or code.
    pub product_set: Option<String>,
    /// Producer (chủ thể OCOP).
    pub producer_name: String,
    /// Producer's address (commune, province).
    pub producer_address: String,
    /// Recognition decision number.
    pub decision_number: String,
    /// Recognition decision date.
    pub decision_date: NaiveDate,
    /// The body that signed the decision.
    pub decision_issuer: String,
    /// Legal basis of the recognition.
    pub legal_basis: Option<String>,
    /// Signing capacity (`TM. ỦY BAN NHÂN DÂN`), if any.
    pub signer_capacity: Option<String>,
    /// Signer's title (`CHỦ TỊCH`).
    pub signer_title: String,
    /// Signer's name (empty leaves room for a hand-written name).
    pub signer_name: String,
    /// Public verification code.
    pub verification_code: String,
}

/// `{base}/v/{code}` with one slash between them.
pub fn verification_url(public_base_url: &str, code: &str) -> String {
    format!("{}/v/{code}", public_base_url.trim_end_matches('/'))
}

/// Formats a score the Vietnamese way, with a decimal comma: `85,5`, `90`.
fn score_text(score: f64) -> String {
    let hundredths = (score * 100.0).round() as i64;
    let (whole, frac) = (hundredths / 100, hundredths % 100);
    match frac {
        0 => whole.to_string(),
        f if f % 10 == 0 => format!("{whole},{}", f / 10),
        f => format!("{whole},{f:02}"),
    }
}

/// The template data for these sheets.
pub fn certificate_data(
    sheets: &[CertificateSheet],
    public_base_url: &str,
) -> Result<serde_json::Value, DocumentError> {
    let mut items = Vec::with_capacity(sheets.len());
    for sheet in sheets {
        let url = verification_url(public_base_url, &sheet.verification_code);
        let mut item = serde_json::to_value(sheet).map_err(|e| DocumentError::Template(e.to_string()))?;
        let object = item.as_object_mut().expect("a struct serialises to an object");
        object.insert("score".into(), sheet.score.map(score_text).into());
        object.insert("qr_svg".into(), qr_svg(&url)?.into());
        object.insert("verification_url".into(), url.into());
        items.push(item);
    }
    Ok(serde_json::json!({ "certificates": items }))
}

/// The certificates as one PDF, one page each (a whole decision prints at once).
pub fn certificates_pdf(sheets: &[CertificateSheet], public_base_url: &str) -> Result<Vec<u8>, DocumentError> {
    crate::render_pdf(TEMPLATE, certificate_data(sheets, public_base_url)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_use_a_decimal_comma() {
        assert_eq!(score_text(85.5), "85,5");
        assert_eq!(score_text(90.0), "90");
        assert_eq!(score_text(72.25), "72,25");
        assert_eq!(score_text(70.05), "70,05");
    }

    #[test]
    fn verification_url_joins_with_one_slash() {
        assert_eq!(
            verification_url("https://ocop.gov.vn/", "ABC"),
            "https://ocop.gov.vn/v/ABC"
        );
        assert_eq!(
            verification_url("http://localhost:8080", "X"),
            "http://localhost:8080/v/X"
        );
    }
}
