//! Hostile uploads (both databases): every upload route refuses a renamed
//! executable (ELF or PE bytes declared as PDF, JPEG or .xlsx), refuses what is too
//! large, and never uses the client's file name in a path; the names sent back in
//! `Content-Disposition` are the server's own. Every refusal is a 4xx with an error
//! code and a Vietnamese message (JSON for the API, the error page for forms).

mod common;

use common::{TestApp, TestClient, TestResponse, producer_body, tax_code};
use ocop_domain::{ErrorCode, Lang};
use serde_json::json;

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
