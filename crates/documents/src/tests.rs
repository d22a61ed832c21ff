use chrono::NaiveDate;
use serde_json::json;

use super::*;
use crate::certificate::{CertificateSheet, TEMPLATE, certificate_data, certificates_pdf, verification_url};

/// Every letter of the Vietnamese alphabet with every tone mark, lower case.
const VIETNAMESE_LOWER: &str =
    "aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệghiìíỉĩịklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụưừứửữựvxyỳýỷỹỵ";

const SAMPLE: &str = r#"#import "/ocop.typ": *
#let data = json("/data.json")
#show: admin-document
#admin-header(parent: data.parent, issuer: data.issuer, number: data.number)
#place-date(data.place, data.date)
#align(center, text(weight: "bold")[QUYẾT ĐỊNH])
#data.body
#signature-block(capacity: "TM. Ủy ban nhân dân", title: "Chủ tịch", signer: data.signer)
"#;

fn sample_data() -> serde_json::Value {
    json!({
        "parent": null,
        "issuer": "Ủy ban nhân dân tỉnh Quảng Ninh",
        "number": "12/QĐ-UBND",
        "place": "Quảng Ninh",
        "date": "2026-08-05",
        "body": "Công nhận sản phẩm Nước mắm Phú Sang đạt chuẩn OCOP 4 sao.",
        "signer": "Nguyễn Văn Đức",
    })
}

#[test]
fn every_vietnamese_letter_has_a_glyph_in_every_vendored_font() {
    let upper: String = VIETNAMESE_LOWER.chars().flat_map(char::to_uppercase).collect();
    for data in world::FONT_FILES {
        let face = ttf_parser::Face::parse(data, 0).expect("a valid font file");
        for letter in VIETNAMESE_LOWER.chars().chain(upper.chars()) {
            assert!(face.glyph_index(letter).is_some(), "no glyph for {letter:?}");
        }
    }
    // The 29-letter alphabet: 12 vowels × 6 tones (with the unmarked one) + 17 consonants.
    assert_eq!(VIETNAMESE_LOWER.chars().count(), 12 * 6 + 17);
}

#[test]
fn a_sample_document_renders_with_its_vietnamese_text() {
    let pdf = render_pdf(SAMPLE, sample_data()).unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
    // The font is embedded (a font file stream), not referenced by name only.
    assert!(pdf.windows(9).any(|w| w == b"/FontFile"), "no embedded font");

    let page = render_page(SAMPLE, sample_data(), 0, 1.0).unwrap();
    assert_eq!((page.width, page.height), (595, 842), "A4 at 1 px/pt");
    assert!(
        page.dark_pixels() > 2_000,
        "page 1 looks blank: {} dark pixels",
        page.dark_pixels()
    );

    let text = page_texts(SAMPLE, sample_data()).unwrap().join(" ");
    for expected in [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "ỦY BAN NHÂN DÂN TỈNH QUẢNG NINH",
        "Số: 12/QĐ-UBND",
        "Quảng Ninh, ngày 05 tháng 8 năm 2026",
        "Nước mắm Phú Sang",
        "TM. ỦY BAN NHÂN DÂN",
        "Nguyễn Văn Đức",
    ] {
        assert!(text.contains(expected), "{expected:?} missing from {text:?}");
    }
}

#[test]
fn the_date_line_pads_days_below_10_and_months_below_3() {
    let mut data = sample_data();
    data["date"] = json!("2027-02-03");
    let text = page_texts(SAMPLE, data).unwrap().join(" ");
    assert!(text.contains("ngày 03 tháng 02 năm 2027"), "{text}");
}

#[test]
fn a_template_error_is_reported_not_panicked() {
    let err = render_pdf("#let x = ", json!({})).unwrap_err();
    assert!(matches!(err, DocumentError::Template(_)), "{err}");
    // No file outside the virtual project is readable.
    let err = render_pdf(r#"#read("/etc/passwd")"#, json!({})).unwrap_err();
    assert!(matches!(err, DocumentError::Template(_)), "{err}");
}

pub(crate) fn sheet(code: &str, product: &str, stars: u8) -> CertificateSheet {
    CertificateSheet {
        issuer_parent: None,
        issuer: "Ủy ban nhân dân tỉnh Kiên Giang".into(),
        number: "91-2026-4S-0007".into(),
        place: "Kiên Giang".into(),
        issued_on: NaiveDate::from_ymd_opt(2026, 8, 5).unwrap(),
        valid_through: NaiveDate::from_ymd_opt(2029, 8, 5).unwrap(),
        stars,
        score: Some(85.5),
        product_name: product.into(),
        product_set: Some("Thực phẩm".into()),
        producer_name: "Hợp tác xã Phú Sang".into(),
        producer_address: "Đặc khu Phú Quốc, tỉnh An Giang".into(),
        decision_number: "1234/QĐ-UBND".into(),
        decision_date: NaiveDate::from_ymd_opt(2026, 8, 1).unwrap(),
        decision_issuer: "Ủy ban nhân dân tỉnh Kiên Giang".into(),
        legal_basis: Some("Quyết định 148/QĐ-TTg".into()),
        signer_capacity: Some("TM. Ủy ban nhân dân".into()),
        signer_title: "Chủ tịch".into(),
        signer_name: "Trần Thị Ánh".into(),
        verification_code: code.into(),
    }
}

/// Decodes every QR code found on a rasterised page.
fn decode_qr(page: &RasterPage) -> Vec<String> {
    let mut prepared =
        rqrr::PreparedImage::prepare_from_greyscale(page.width as usize, page.height as usize, |x, y| {
            page.luma(x as u32, y as u32)
        });
    prepared
        .detect_grids()
        .iter()
        .filter_map(|grid| grid.decode().ok())
        .map(|(_, text)| text)
        .collect()
}

#[test]
fn the_certificate_qr_code_decodes_to_its_verification_page() {
    let base = "https://ocop.example.gov.vn/";
    let sheets = [sheet("K7QJ3M9XT2BWD4", "Nước mắm Phú Sang", 4)];
    let data = certificate_data(&sheets, base).unwrap();
    let page = render_page(TEMPLATE, data.clone(), 0, 3.0).unwrap();
    assert_eq!(
        decode_qr(&page),
        vec!["https://ocop.example.gov.vn/v/K7QJ3M9XT2BWD4".to_owned()]
    );
    assert_eq!(
        verification_url(base, "K7QJ3M9XT2BWD4"),
        "https://ocop.example.gov.vn/v/K7QJ3M9XT2BWD4"
    );

    let text = page_texts(TEMPLATE, data).unwrap().join(" ");
    for expected in [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "GIẤY CHỨNG NHẬN",
        "SẢN PHẨM ĐẠT CHUẨN OCOP 4 SAO",
        "Số: 91-2026-4S-0007",
        "Nước mắm Phú Sang",
        "Hợp tác xã Phú Sang",
        "1234/QĐ-UBND",
        "85,5/100",
        "05/08/2029",
        "Trần Thị Ánh",
    ] {
        assert!(text.contains(expected), "{expected:?} missing from {text:?}");
    }
}

#[test]
fn a_decision_prints_one_page_per_certificate_each_with_its_own_qr() {
    let sheets = [
        sheet("AAAAAAAAAAAAAA", "Nước mắm Phú Sang", 4),
        sheet("BBBBBBBBBBBBBB", "Hồ tiêu Phú Quốc", 3),
        sheet("CCCCCCCCCCCCCC", "Rượu sim", 5),
    ];
    let pdf = certificates_pdf(&sheets, "http://localhost:8080").unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
    let data = certificate_data(&sheets, "http://localhost:8080").unwrap();
    assert_eq!(page_count(TEMPLATE, data.clone()).unwrap(), 3);
    let page = render_page(TEMPLATE, data.clone(), 2, 3.0).unwrap();
    assert_eq!(
        decode_qr(&page),
        vec!["http://localhost:8080/v/CCCCCCCCCCCCCC".to_owned()]
    );
    let texts = page_texts(TEMPLATE, data).unwrap();
    assert!(
        texts[1].contains("Hồ tiêu Phú Quốc") && texts[1].contains("OCOP 3 SAO"),
        "{}",
        texts[1]
    );
    assert!(!texts[1].contains("Rượu sim"));
}
