//! Writes a sample certificate as PDF and page 1 as PNG, to look at the layout:
//! `cargo run -p ocop-documents --example certificate -- /tmp/certificate`
//! (writes /tmp/certificate.pdf and /tmp/certificate.png).

use chrono::NaiveDate;
use ocop_documents::certificate::{CertificateSheet, TEMPLATE, certificate_data, certificates_pdf};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let stem = std::env::args().nth(1).unwrap_or_else(|| "certificate".to_owned());
    let sheet = CertificateSheet {
        issuer_parent: None,
        issuer: "Ủy ban nhân dân tỉnh Hà Tĩnh".into(),
        number: "42-2026-4S-0007".into(),
        place: "Hà Tĩnh".into(),
        issued_on: NaiveDate::from_ymd_opt(2026, 8, 5).ok_or("date")?,
        valid_through: NaiveDate::from_ymd_opt(2029, 8, 5).ok_or("date")?,
        stars: 4,
        score: Some(78.25),
        product_name: "Kẹo cu đơ Thiên Cầm".into(),
        product_set: Some("I.4.a".into()),
        producer_name: "Hợp tác xã Kẹo cu đơ Bà Đậu".into(),
        producer_address: "Xã Cẩm Xuyên, Hà Tĩnh".into(),
        decision_number: "3981/QĐ-UBND".into(),
        decision_date: NaiveDate::from_ymd_opt(2026, 8, 1).ok_or("date")?,
        decision_issuer: "Ủy ban nhân dân tỉnh Hà Tĩnh".into(),
        legal_basis: Some("Quyết định 148/QĐ-TTg".into()),
        signer_capacity: Some("TM. Ủy ban nhân dân".into()),
        signer_title: "Chủ tịch".into(),
        signer_name: String::new(),
        verification_code: "K7QJ3M9XT2BWD4HVNC5R8".into(),
    };
    let base = "https://ocop.example.gov.vn";
    std::fs::write(
        format!("{stem}.pdf"),
        certificates_pdf(std::slice::from_ref(&sheet), base)?,
    )?;
    let png = ocop_documents::render_png(TEMPLATE, certificate_data(&[sheet], base)?, 0, 1.5)?;
    std::fs::write(format!("{stem}.png"), png)?;
    Ok(())
}
