//! The server-rendered registry pages: producer and product forms, lists,
//! detail pages, and the administrative-unit browser.

use crate::common;

use common::{TestApp, TestClient, TestResponse, producer_body, tax_code};

const CAM_XUYEN_NEW: &str = "2025/commune/18673"; // Xã Cẩm Xuyên, Hà Tĩnh

/// Posts an HTML form the way a browser page does (token in the `_csrf` field).
async fn post_form(client: &mut TestClient, path: &str, fields: &[(&str, &str)]) -> TestResponse {
    let token = client.csrf_token().await;
    let mut pairs: Vec<(&str, &str)> = vec![("_csrf", &token)];
    pairs.extend_from_slice(fields);
    let body = serde_urlencoded::to_string(&pairs).expect("encode");
    client
        .request(
            "POST",
            path,
            Some(("application/x-www-form-urlencoded", body.into_bytes())),
            false,
        )
        .await
}

fn location(response: &TestResponse) -> String {
    response.headers["location"].to_str().unwrap().to_owned()
}

fn rows(response: &TestResponse, testid: &str) -> usize {
    response.text.matches(&format!("data-testid=\"{testid}\"")).count()
}

#[tokio::test]
async fn anonymous_visitors_are_sent_to_the_login_page() {
    let app = TestApp::spawn().await;
    let mut client = app.client();
    for path in ["/producers/new", "/products/new"] {
        let response = client.get(path).await;
        assert_eq!(response.status, 303, "{path}");
        assert_eq!(location(&response), "/login");
    }
}

#[tokio::test]
async fn a_commune_officer_registers_a_producer_through_the_form() {
    let app = TestApp::spawn().await;
    let mut officer = app
        .login_as("xa.camxuyen", "commune_officer", Some(CAM_XUYEN_NEW), None)
        .await;
    let form = officer.get("/producers/new").await;
    assert_eq!(form.status, 200);
    assert!(form.text.contains("name=\"_csrf\""));
    assert!(
        form.text.contains(&format!(
            "<option value=\"{CAM_XUYEN_NEW}\" selected>Xã Cẩm Xuyên</option>"
        )),
        "the officer's commune is preselected"
    );

    let tax = tax_code(7);
    let fields = [
        ("name", "Hợp tác xã Nông nghiệp Cẩm Xuyên"),
        ("legal_form", "cooperative"),
        ("enterprise_kind", ""),
        ("tax_code", tax.as_str()),
        ("representative", "Trần Thị Bình"),
        ("province", "42"),
        ("commune_id", CAM_XUYEN_NEW),
        ("phone", "0912345678"),
    ];
    let created = post_form(&mut officer, "/producers/new", &fields).await;
    assert_eq!(created.status, 303, "{}", created.text);
    let href = location(&created);
    assert!(href.starts_with("/producers/"));
    let page = officer.get(&href).await;
    assert_eq!(page.status, 200);
    assert!(page.text.contains("Hợp tác xã Nông nghiệp Cẩm Xuyên"));
    assert!(page.text.contains("0912345678"), "the officer sees the contacts");
    assert!(page.text.contains(&format!("{href}/edit")), "and may edit");

    // The edit form carries the version and saves back to the page.
    let edit = officer.get(&format!("{href}/edit")).await;
    assert_eq!(edit.status, 200);
    assert!(edit.text.contains("name=\"row_version\" value=\"1\""));
    let mut changed = fields.to_vec();
    changed[0] = ("name", "Hợp tác xã Cẩm Xuyên Xanh");
    changed.push(("row_version", "1"));
    let saved = post_form(&mut officer, &format!("{href}/edit"), &changed).await;
    assert_eq!(saved.status, 303, "{}", saved.text);
    // A second save based on the old version is a conflict showing the current data.
    changed[0] = ("name", "Tên cũ");
    let stale = post_form(&mut officer, &format!("{href}/edit"), &changed).await;
    assert_eq!(stale.status, 409);
    assert!(stale.text.contains("data-testid=\"conflict\""));
    assert!(stale.text.contains("Hợp tác xã Cẩm Xuyên Xanh"));
    assert!(stale.text.contains("name=\"row_version\" value=\"2\""));

    // A certification, then a product for this producer.
    let cert = post_form(
        &mut officer,
        &format!("{href}/certifications"),
        &[
            ("kind", "vietgap"),
            ("number", "VG-01"),
            ("issued_on", "2024-01-01"),
            ("expires_on", "2024-12-31"),
        ],
    )
    .await;
    assert_eq!(cert.status, 303, "{}", cert.text);
    let page = officer.get(&href).await;
    assert!(page.text.contains("VG-01") && page.text.contains("data-testid=\"badge-expired\""));

    let producer_id = href.trim_start_matches("/producers/").to_owned();
    let product_form = officer.get(&format!("/products/new?producer={producer_id}")).await;
    assert_eq!(product_form.status, 200);
    assert!(
        product_form
            .text
            .contains(&format!("<option value=\"{producer_id}\" selected>"))
    );
    let product = post_form(
        &mut officer,
        "/products/new",
        &[
            ("name", "Mật ong Cẩm Xuyên"),
            ("producer_id", &producer_id),
            ("product_set_code", "I.4.a"),
            ("province", "42"),
            ("commune_id", CAM_XUYEN_NEW),
            ("story", "Ong nuôi dưới rừng tràm."),
        ],
    )
    .await;
    assert_eq!(product.status, 303, "{}", product.text);
    let product_page = officer.get(&location(&product)).await;
    assert!(product_page.text.contains("Ong nuôi dưới rừng tràm."));
}

#[tokio::test]
async fn an_invalid_form_is_shown_again_with_messages() {
    let app = TestApp::spawn().await;
    let mut officer = app
        .login_as("xa.camxuyen", "commune_officer", Some(CAM_XUYEN_NEW), None)
        .await;
    let response = post_form(
        &mut officer,
        "/producers/new",
        &[
            ("name", ""),
            ("legal_form", "enterprise"),
            ("tax_code", "123"),
            ("representative", "An"),
            ("commune_id", CAM_XUYEN_NEW),
        ],
    )
    .await;
    assert_eq!(response.status, 422);
    assert!(response.text.contains("Trường này là bắt buộc."));
    assert!(
        response
            .text
            .contains("<small class=\"field-error\" data-field=\"name\">")
    );
    assert!(response.text.contains("Mã số thuế không hợp lệ"));
    assert!(response.text.contains("value=\"An\""), "typed values are kept");
    let product = post_form(&mut officer, "/products/new", &[("name", "")]).await;
    assert_eq!(product.status, 422);
    assert!(product.text.contains("Trường này là bắt buộc."));
}

#[tokio::test]
async fn producers_are_listed_and_contacts_stay_private() {
    let app = TestApp::spawn().await;
    let mut admin = app.login_as("quantri", "administrator", None, None).await;
    let created = admin
        .post_json(
            "/api/v1/producers",
            &producer_body("Công ty TNHH Phú Sang", &tax_code(1), "pre2025/commune/18673"),
        )
        .await;
    assert_eq!(created.status, 201, "{}", created.text);
    let id = created.json()["id"].as_str().unwrap().to_owned();

    let mut public = app.client();
    let list = public.get("/producers?q=phu%20sang").await;
    assert_eq!(list.status, 200);
    assert_eq!(rows(&list, "producer-row"), 1);
    assert!(list.text.contains("Công ty TNHH Phú Sang") && list.text.contains("Doanh nghiệp"));
    assert!(list.text.contains("Xã Cẩm Xuyên") && list.text.contains("Thị trấn Cẩm Xuyên"));
    let none = public.get("/producers?q=khong%20co%20ai").await;
    assert_eq!(rows(&none, "producer-row"), 0);
    let partial = public.request("GET", "/producers?province=42", None, false).await;
    assert!(partial.text.contains("<html"), "without htmx the full page");

    let anonymous = public.get(&format!("/producers/{id}")).await;
    assert_eq!(anonymous.status, 200);
    assert!(!anonymous.text.contains("0912345678"));
    assert!(!anonymous.text.contains("/edit"));
    let mut officer = app
        .login_as("tinh.hatinh", "province_officer", Some("2025/province/42"), None)
        .await;
    let seen = officer.get(&format!("/producers/{id}")).await;
    assert!(seen.text.contains("0912345678"));
    let edit = officer.get(&format!("/producers/{id}/edit")).await;
    assert_eq!(edit.status, 200);
    assert!(
        edit.text.contains("(trước 01/07/2025)"),
        "the recorded pre-2025 commune is the first option"
    );

    let mut elsewhere = app
        .login_as("tinh.hanoi", "province_officer", Some("2025/province/01"), None)
        .await;
    let refused = elsewhere.get(&format!("/producers/{id}/edit")).await;
    assert_eq!(refused.status, 403);
    assert!(
        !elsewhere
            .get(&format!("/producers/{id}"))
            .await
            .text
            .contains("0912345678")
    );
}

#[tokio::test]
async fn the_unit_browser_shows_the_units_in_force_on_a_date() {
    let app = TestApp::spawn().await;
    let mut client = app.client();
    let before = client.get("/admin-units?level=province&on=2025-06-30").await;
    assert_eq!(before.status, 200);
    assert_eq!(rows(&before, "unit-row"), 63);
    let same = client.get("/admin-units?level=province&on=30/06/2025").await;
    assert_eq!(rows(&same, "unit-row"), 63);
    let today = client.get("/admin-units").await;
    assert_eq!(rows(&today, "unit-row"), 34);
    let bad = client.get("/admin-units?on=31/02/2025").await;
    assert_eq!(bad.status, 422);

    let options = client.get("/admin-units/options?province=42").await;
    assert_eq!(options.status, 200);
    assert!(options.text.contains(">Xã Cẩm Xuyên</option>"));
    assert!(options.text.trim_start().starts_with("<option value=\"2025/commune/"));
    assert!(!options.text.contains("<html"));

    let old = client.get("/admin-units/pre2025/commune/18673").await;
    assert_eq!(old.status, 200);
    assert!(old.text.contains("Thị trấn Cẩm Xuyên"));
    assert!(old.text.contains("Xã Cẩm Xuyên"));
    let province = client.get("/admin-units/2025/province/42").await;
    assert!(province.text.contains("data-testid=\"children-link\""));
    let communes = client
        .get("/admin-units?level=commune&parent=2025/province/42&q=cam%20xuyen")
        .await;
    assert!(rows(&communes, "unit-row") >= 1);
    assert!(communes.text.contains("Xã Cẩm Xuyên"));
}

#[tokio::test]
async fn a_photo_of_the_wrong_type_is_refused_on_the_product_page() {
    let app = TestApp::spawn().await;
    let mut admin = app.login_as("quantri", "administrator", None, None).await;
    let producer = admin
        .post_json(
            "/api/v1/producers",
            &producer_body("Công ty TNHH Phú Sang", &tax_code(1), CAM_XUYEN_NEW),
        )
        .await
        .json();
    let product = admin
        .post_json(
            "/api/v1/products",
            &serde_json::json!({ "name": "Nước mắm Phú Sang", "producer_id": producer["id"], "product_set_code": "I.4.a", "commune_id": CAM_XUYEN_NEW }),
        )
        .await
        .json();
    let id = product["id"].as_str().unwrap().to_owned();
    let _ = admin.get("/").await;
    let token = admin.csrf_token().await;
    let boundary = "ocopboundary";
    let body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n{token}\r\n\
         --{boundary}\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"a.txt\"\r\nContent-Type: text/plain\r\n\r\nnot an image\r\n--{boundary}--\r\n"
    );
    let response = admin
        .request(
            "POST",
            &format!("/products/{id}/photos"),
            Some((&format!("multipart/form-data; boundary={boundary}"), body.into_bytes())),
            false,
        )
        .await;
    assert_eq!(response.status, 415);
    assert!(response.text.contains("Loại tệp không được chấp nhận."));
    assert!(response.text.contains("Nước mắm Phú Sang"));
    let edit = admin.get(&format!("/products/{id}/edit")).await;
    assert_eq!(edit.status, 200);
    assert!(edit.text.contains("name=\"row_version\" value=\"1\""));
}
