//! Certificates through HTTP: issue → verify → revoke → verify, renewal and
//! upgrade, unknown codes, the catalogue without diacritics, CSV import,
//! access by province, the fake-report form and open data.

use crate::common;

use common::{TestApp, TestClient, TestResponse, producer_body, tax_code};
use serde_json::{Value, json};

const CAM_XUYEN_OLD: &str = "pre2025/commune/18673"; // Thị trấn Cẩm Xuyên, Huyện Cẩm Xuyên, Hà Tĩnh
const BA_DINH: &str = "2025/commune/00004"; // Phường Ba Đình, Hà Nội

/// A day relative to today (Vietnam), `YYYY-MM-DD`.
fn day(offset_days: i64) -> String {
    ((chrono::Utc::now() + chrono::Duration::hours(7)).date_naive() + chrono::Duration::days(offset_days)).to_string()
}

fn decision(number: &str, decided_on: &str) -> Value {
    json!({ "number": number, "decided_on": decided_on, "issuer_name": "UBND tỉnh Hà Tĩnh",
            "issuer_level": "province", "legal_basis": "qd148" })
}

/// A 3★ decision of a district, as QĐ 148 required before 06/07/2025.
fn district_decision(number: &str, decided_on: &str) -> Value {
    json!({ "number": number, "decided_on": decided_on, "issuer_name": "UBND huyện Cẩm Xuyên",
            "issuer_level": "district", "legal_basis": "qd148" })
}

/// A producer and product in `commune`; returns the product id.
async fn product(client: &mut TestClient, name: &str, seed: u64, commune: &str) -> String {
    let producer = client
        .post_json(
            "/api/v1/producers",
            &producer_body(&format!("HTX {name}"), &tax_code(seed), commune),
        )
        .await;
    assert_eq!(producer.status, 201, "{}", producer.text);
    let response = client
        .post_json(
            "/api/v1/products",
            &json!({ "name": name, "producer_id": producer.json()["id"], "product_set_code": "I.4.a", "commune_id": commune }),
        )
        .await;
    assert_eq!(response.status, 201, "{}", response.text);
    response.json()["id"].as_str().unwrap().to_owned()
}

async fn issue(client: &mut TestClient, product_id: &str, stars: u8, number: &str, on: &str) -> TestResponse {
    issue_by(client, product_id, stars, decision(number, on)).await
}

async fn issue_by(client: &mut TestClient, product_id: &str, stars: u8, decision: Value) -> TestResponse {
    client
        .record_certificates(
            &json!({ "decision": decision, "items": [{ "product_id": product_id, "stars": stars, "score": 78.25 }] }),
        )
        .await
}

fn banner(page: &TestResponse) -> String {
    let start = page.text.find("data-testid=\"status-banner\"").expect("banner");
    let rest = &page.text[start..];
    let strong = rest.find("<strong>").unwrap() + "<strong>".len();
    rest[strong..strong + rest[strong..].find("</strong>").unwrap()].to_owned()
}

#[tokio::test]
async fn issue_verify_revoke_verify_tells_the_truth_at_each_step() {
    let app = TestApp::spawn().await;
    let mut admin = app.login_as("quantri", "administrator", None, None).await;
    let product_id = product(&mut admin, "Nước mắm Phú Sang", 11, CAM_XUYEN_OLD).await;
    let issued = issue(&mut admin, &product_id, 4, "3981/QĐ-UBND", &day(-30)).await;
    assert_eq!(issued.status, 201, "{}", issued.text);
    let cert = issued.json()[0].clone();
    let code = cert["verification_code"].as_str().unwrap().to_owned();
    assert_eq!(code.len(), 21);
    assert!(
        cert["number"].as_str().unwrap().starts_with("42-"),
        "{}",
        cert["number"]
    );

    let mut public = app.client();
    let page = public.get(&format!("/v/{code}")).await;
    assert_eq!(page.status, 200, "{}", page.text);
    assert_eq!(banner(&page), "CÒN HIỆU LỰC");
    assert!(
        page.text.find("status-banner").unwrap() < page.text.find("certificate-number").unwrap(),
        "banner first"
    );
    assert!(page.text.contains("3981/QĐ-UBND") && page.text.contains(cert["number"].as_str().unwrap()));
    assert!(page.text.contains("Xã Cẩm Xuyên"), "today's commune");
    // Decided after 01/07/2025, the certificate names the commune that took over the
    // product's recorded old one, not the district that no longer exists (issue 11).
    assert!(
        !page.text.contains("Huyện Cẩm Xuyên"),
        "no former district on a post-reform certificate"
    );
    assert!(!page.text.contains("<script"), "no JavaScript on the public page");
    let english = app.client().get(&format!("/v/{code}?lang=en")).await;
    assert_eq!(banner(&english), "VALID");
    let json = public.get(&format!("/api/v1/verify/{code}")).await;
    assert_eq!(json.status, 200);
    assert_eq!(json.json()["certificate"]["status"], "valid");
    assert_eq!(json.json()["scans_total"], 3, "page, English page and JSON each count");
    // The product page shows the certificate in force; a code typed on the home page finds it.
    let product_page = public.get(&format!("/products/{product_id}")).await;
    assert!(product_page.text.contains("data-testid=\"product-certificates\""));
    assert!(product_page.text.contains("CÒN HIỆU LỰC") && product_page.text.contains(cert["number"].as_str().unwrap()));
    let typed = public.get(&format!("/v?code={}", code.to_lowercase())).await;
    assert_eq!(typed.status, 303);
    assert_eq!(typed.headers["location"], format!("/v/{}", code.to_lowercase()));
    assert_eq!(public.get("/v?code=").await.headers["location"], "/");

    let revoked = admin
        .post_json(
            &format!("/api/v1/certificates/{}/revoke", cert["id"].as_str().unwrap()),
            &json!({ "ground": "food_safety_violation", "decision_number": "120/QĐ-UBND", "decided_on": day(0),
                     "issuer_name": "UBND tỉnh Hà Tĩnh" }),
        )
        .await;
    assert_eq!(revoked.status, 200, "{}", revoked.text);
    let page = public.get(&format!("/v/{code}")).await;
    assert_eq!(banner(&page), "ĐÃ THU HỒI");
    assert!(page.text.contains("Vi phạm an toàn thực phẩm") && page.text.contains("120/QĐ-UBND"));
    let product_page = public.get(&format!("/products/{product_id}")).await;
    assert!(
        product_page.text.contains("ĐÃ THU HỒI"),
        "the product page tells the revocation too"
    );
    let json = public.get(&format!("/api/v1/verify/{code}")).await.json();
    assert_eq!(json["certificate"]["status"], "revoked");
    assert_eq!(json["certificate"]["revocation_decision"]["number"], "120/QĐ-UBND");
    // Revoked is final.
    let again = admin
        .post_json(
            &format!("/api/v1/certificates/{}/suspend", cert["id"].as_str().unwrap()),
            &json!({ "suspended_on": day(0) }),
        )
        .await;
    assert_eq!(again.status, 409);
    assert_eq!(again.error_code(), "invalid_transition");
}

#[tokio::test]
async fn renewal_and_upgrade_supersede_the_old_certificate() {
    let app = TestApp::spawn().await;
    let mut admin = app.login_as("quantri", "administrator", None, None).await;
    let product_id = product(&mut admin, "Kẹo cu đơ Thiên Cầm", 12, CAM_XUYEN_OLD).await;
    let first = issue_by(&mut admin, &product_id, 3, district_decision("10/QĐ-UBND", &day(-1000)))
        .await
        .json()[0]
        .clone();
    let old_code = first["verification_code"].as_str().unwrap().to_owned();
    let mut public = app.client();
    assert_eq!(banner(&public.get(&format!("/v/{old_code}")).await), "SẮP HẾT HẠN");

    let not_up = admin
        .record_reissue(
            first["id"].as_str().unwrap(),
            "upgrade",
            &json!({ "decision": decision("11/QĐ-UBND", &day(-10)), "stars": 3 }),
        )
        .await;
    assert_eq!(not_up.status, 422);
    assert_eq!(
        not_up.field_codes(),
        [("stars".to_owned(), "not_an_upgrade".to_owned())]
    );

    let renewed = admin
        .record_reissue(
            first["id"].as_str().unwrap(),
            "renew",
            &json!({ "decision": decision("12/QĐ-UBND", &day(-10)), "stars": 3, "score": 66 }),
        )
        .await;
    assert_eq!(renewed.status, 201, "{}", renewed.text);
    let renewed = renewed.json();
    assert_eq!(renewed["origin"], "renewal");
    let old = public.get(&format!("/v/{old_code}")).await;
    assert_eq!(banner(&old), "ĐÃ ĐƯỢC THAY THẾ");
    assert!(
        old.text.contains(renewed["number"].as_str().unwrap()),
        "history links the renewal"
    );
    let new_code = renewed["verification_code"].as_str().unwrap();
    assert_eq!(banner(&public.get(&format!("/v/{new_code}")).await), "CÒN HIỆU LỰC");

    let upgraded = admin
        .record_reissue(
            renewed["id"].as_str().unwrap(),
            "upgrade",
            &json!({ "decision": decision("13/QĐ-UBND", &day(-5)), "stars": 4 }),
        )
        .await;
    assert_eq!(upgraded.status, 201, "{}", upgraded.text);
    let history = public.get(&format!("/api/v1/verify/{new_code}")).await.json()["history"].clone();
    let statuses: Vec<&str> = history
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["status"].as_str().unwrap())
        .collect();
    assert_eq!(statuses, ["superseded", "superseded", "valid"]);
    // Renewing a superseded certificate is refused.
    let stale = admin
        .record_reissue(
            first["id"].as_str().unwrap(),
            "renew",
            &json!({ "decision": decision("14/QĐ-UBND", &day(-2)), "stars": 3 }),
        )
        .await;
    assert_eq!(stale.status, 409);
}

#[tokio::test]
async fn an_unknown_code_is_a_404_saying_not_found() {
    let app = TestApp::spawn().await;
    let mut public = app.client();
    let page = public.get("/v/7ZZZZZZZZZZZZZZZZZZZZ").await;
    assert_eq!(page.status, 404);
    assert_eq!(banner(&page), "KHÔNG TÌM THẤY");
    let garbage = public.get("/v/%3Cscript%3E").await;
    assert_eq!(garbage.status, 404);
    assert!(!garbage.text.contains("<script>"), "the code is escaped");
    assert!(
        garbage.text.contains("action=\"/v/script/report#report\""),
        "only letters and digits are echoed"
    );
    let json = public.get("/api/v1/verify/7ZZZZZZZZZZZZZZZZZZZZ").await;
    assert_eq!(json.status, 404);
    assert_eq!(json.error_code(), "not_found");
}

#[tokio::test]
async fn the_catalogue_finds_products_without_diacritics_and_filters_by_status() {
    let app = TestApp::spawn().await;
    let mut admin = app.login_as("quantri", "administrator", None, None).await;
    let a = product(&mut admin, "Nước mắm Phú Sang", 21, CAM_XUYEN_OLD).await;
    let b = product(&mut admin, "Rượu sim Đất Thơm", 22, CAM_XUYEN_OLD).await;
    let c = product(&mut admin, "Mật ong bạc hà", 23, CAM_XUYEN_OLD).await;
    assert_eq!(issue(&mut admin, &a, 4, "1/QĐ-UBND", &day(-20)).await.status, 201);
    let by_district = issue_by(&mut admin, &b, 3, district_decision("2/QĐ-UBND", &day(-2000))).await;
    assert_eq!(by_district.status, 201, "{}", by_district.text);
    // The same 3★ signed by the province before 06/07/2025 is refused.
    let wrong = issue_by(&mut admin, &c, 3, decision("3/QĐ-UBND", &day(-2000))).await;
    assert_eq!(
        wrong.field_codes(),
        [("decision.issuer_level".to_owned(), "wrong_issuer".to_owned())]
    );
    let mut public = app.client();
    let found = public.get("/api/v1/catalogue?q=nuoc%20mam%20phu%20sang").await.json();
    assert_eq!(found["total"], 1);
    assert_eq!(found["items"][0]["product_name"], "Nước mắm Phú Sang");
    assert_eq!(found["items"][0]["verification_code"].as_str().unwrap().len(), 21);
    assert_eq!(public.get("/api/v1/catalogue").await.json()["total"], 2);
    let expired = public.get("/api/v1/catalogue?status=expired").await.json();
    assert_eq!(expired["total"], 1);
    assert_eq!(expired["items"][0]["product_name"], "Rượu sim Đất Thơm");
    assert_eq!(
        public.get("/api/v1/catalogue?province=42&stars=4").await.json()["total"],
        1
    );
    assert_eq!(public.get("/api/v1/catalogue?stars=2").await.status, 422);
    let in_force = public.get("/api/v1/catalogue?status=in_force").await.json();
    assert_eq!(in_force["total"], 1);
    assert_eq!(in_force["items"][0]["product_name"], "Nước mắm Phú Sang");
    assert_eq!(public.get("/api/v1/catalogue?status=all").await.json()["total"], 2);
    // The page shows what is in force unless asked for more: the expired 3★ only on request.
    let page = public.get("/catalogue?q=ruou+sim&stars=&status=&province=").await;
    assert_eq!(page.status, 200, "{}", page.text);
    assert_eq!(page.text.matches("data-testid=\"catalogue-row\"").count(), 0);
    let page = public.get("/catalogue?q=ruou+sim&stars=&status=all&province=").await;
    assert_eq!(page.text.matches("data-testid=\"catalogue-row\"").count(), 1);
    assert!(page.text.contains("HẾT HIỆU LỰC"));
    assert!(
        page.text.contains(&format!("href=\"/products/{b}\"")),
        "rows lead to the product page"
    );
    // Once a province is chosen its communes can be picked; the filter narrows to one commune.
    let page = public.get("/catalogue?province=42&status=all").await;
    assert!(page.text.contains("data-testid=\"commune-filter\""));
    assert!(page.text.contains("Xã Cẩm Xuyên"));
    assert_eq!(page.text.matches("data-testid=\"catalogue-row\"").count(), 2);
    let page = public.get("/catalogue?province=42&commune=00001&status=all").await;
    assert_eq!(page.text.matches("data-testid=\"catalogue-row\"").count(), 0);
}

#[tokio::test]
async fn a_csv_import_with_a_bad_row_saves_nothing_and_names_the_row() {
    let app = TestApp::spawn().await;
    let mut admin = app.login_as("quantri", "administrator", None, None).await;
    let a = product(&mut admin, "Cam Khe Mây", 31, CAM_XUYEN_OLD).await;
    let csv = format!(
        "product_id;stars;score;legal_basis;decision_number;decision_date;issuer_name;issuer_level;certificate_number\n\
         {a};4;80;qd1048;5/QĐ-UBND;12/11/2021;UBND tỉnh Hà Tĩnh;province;\n\
         {a};6;;qd148;6/QĐ-UBND;12/11/2024;UBND tỉnh Hà Tĩnh;province;\n"
    );
    let response = admin
        .post_bytes("/api/v1/certificates/import", "text/csv", csv.into_bytes())
        .await;
    assert_eq!(response.status, 422, "{}", response.text);
    assert_eq!(response.error_code(), "import_rejected");
    assert_eq!(
        response.field_codes(),
        [("rows[3].stars".to_owned(), "invalid_stars".to_owned())]
    );
    assert!(
        response.json()["error"]["message"]
            .as_str()
            .unwrap()
            .contains("chưa lưu")
    );
    let register = app.client().get("/api/v1/open-data/certificates.json").await.json();
    assert_eq!(register.as_array().unwrap().len(), 0, "nothing saved");
}

#[tokio::test]
async fn only_officers_of_the_products_province_manage_its_certificates() {
    let app = TestApp::spawn().await;
    let mut admin = app.login_as("quantri", "administrator", None, None).await;
    let product_id = product(&mut admin, "Nước mắm Phú Sang", 41, CAM_XUYEN_OLD).await;
    let mut hanoi = app
        .login_as("tinh.hanoi", "province_officer", Some("2025/province/01"), None)
        .await;
    assert_eq!(
        issue(&mut hanoi, &product_id, 4, "1/QĐ-UBND", &day(-5)).await.status,
        403
    );
    let mut hatinh = app
        .login_as("tinh.hatinh", "province_officer", Some("2025/province/42"), None)
        .await;
    let issued = issue(&mut hatinh, &product_id, 4, "1/QĐ-UBND", &day(-5)).await;
    assert_eq!(issued.status, 201, "{}", issued.text);
    let id = issued.json()[0]["id"].as_str().unwrap().to_owned();
    let revoke = json!({ "ground": "other", "ground_text": "Giả mạo bao bì", "decision_number": "9/QĐ-UBND",
                         "decided_on": day(0), "issuer_name": "UBND TP Hà Nội" });
    let refused = hanoi
        .post_json(&format!("/api/v1/certificates/{id}/revoke"), &revoke)
        .await;
    assert_eq!(refused.status, 403);
    let mut commune = app
        .login_as("xa.camxuyen", "commune_officer", Some("2025/commune/18673"), None)
        .await;
    assert_eq!(
        commune
            .post_json(&format!("/api/v1/certificates/{id}/revoke"), &revoke)
            .await
            .status,
        403
    );
    // A 5★ product under a province issuer is refused by rule, whoever asks.
    let five = issue(
        &mut hatinh,
        &product(&mut admin, "Trà Hà Nội", 42, BA_DINH).await,
        5,
        "2/QĐ-UBND",
        &day(-5),
    )
    .await;
    assert_eq!(five.status, 422);
    let ok = hatinh
        .post_json(&format!("/api/v1/certificates/{id}/revoke"), &revoke)
        .await;
    assert_eq!(ok.status, 200, "{}", ok.text);
    assert_eq!(ok.json()["revocation_text"], "Giả mạo bao bì");
}

#[tokio::test]
async fn a_fake_report_needs_the_csrf_token_and_open_data_lists_certificates() {
    let app = TestApp::spawn().await;
    let mut admin = app.login_as("quantri", "administrator", None, None).await;
    let product_id = product(&mut admin, "Nước mắm Phú Sang", 51, CAM_XUYEN_OLD).await;
    let cert = issue(&mut admin, &product_id, 4, "1/QĐ-UBND", &day(-5)).await.json()[0].clone();
    let code = cert["verification_code"].as_str().unwrap().to_owned();
    let mut public = app.client();
    let page = public.get(&format!("/v/{code}")).await;
    assert!(page.text.contains("name=\"_csrf\""));
    let body = "message=Nh%C3%A3n+in+m%E1%BB%9D&contact=".to_owned();
    let forged = public
        .request(
            "POST",
            &format!("/v/{code}/report"),
            Some(("application/x-www-form-urlencoded", body.clone().into_bytes())),
            false,
        )
        .await;
    assert_eq!(forged.status, 403);
    let token = public.cookies.get("ocop_csrf").cloned().expect("csrf cookie");
    let sent = public
        .request(
            "POST",
            &format!("/v/{code}/report"),
            Some((
                "application/x-www-form-urlencoded",
                format!("_csrf={token}&{body}").into_bytes(),
            )),
            false,
        )
        .await;
    assert_eq!(sent.status, 200, "{}", sent.text);
    assert!(sent.text.contains("data-testid=\"report-sent\""));
    let reports = ocop_storage::repo::certificate_repo::reports_of_province(app.ctx.db.conn(), "42")
        .await
        .unwrap();
    assert_eq!(reports.len(), 1);
    assert_eq!(reports[0].message, "Nhãn in mờ");

    let csv = public.get("/api/v1/open-data/certificates.csv").await;
    assert_eq!(csv.status, 200);
    assert!(csv.headers["content-type"].to_str().unwrap().starts_with("text/csv"));
    assert!(
        csv.text
            .starts_with("\u{feff}certificate_number,verification_path,status,")
    );
    assert!(csv.text.contains(cert["number"].as_str().unwrap()));
    let json = public.get("/api/v1/open-data/certificates.json").await.json();
    assert_eq!(json[0]["status"], "valid");
    assert_eq!(json[0]["verification_path"], format!("/v/{code}"));
    let spec = public.get("/api/openapi.json").await.json();
    assert!(spec["paths"]["/api/v1/verify/{code}"].is_object());
}

#[tokio::test]
async fn a_gs1_digital_link_leads_to_the_current_certificate_or_its_linkset() {
    let app = TestApp::spawn().await;
    let mut admin = app.login_as("quantri", "administrator", None, None).await;
    let gtin13 = (0..10)
        .map(|d| format!("893456789012{d}"))
        .find(|g| ocop_domain::identifiers::Gtin::parse(g).is_ok())
        .unwrap();
    let producer = admin
        .post_json(
            "/api/v1/producers",
            &producer_body("HTX Phú Sang", &tax_code(61), CAM_XUYEN_OLD),
        )
        .await
        .json();
    let created = admin
        .post_json(
            "/api/v1/products",
            &json!({ "name": "Nước mắm Phú Sang", "producer_id": producer["id"], "product_set_code": "I.4.a",
                     "commune_id": CAM_XUYEN_OLD, "gtin": gtin13 }),
        )
        .await;
    assert_eq!(created.status, 201, "{}", created.text);
    let product_id = created.json()["id"].as_str().unwrap().to_owned();
    let mut public = app.client();
    assert_eq!(
        public.get(&format!("/01/0{gtin13}")).await.status,
        404,
        "no certificate yet"
    );
    let first = issue(&mut admin, &product_id, 3, "1/QĐ-UBND", &day(-40)).await.json()[0].clone();
    let renewed = admin
        .record_reissue(
            first["id"].as_str().unwrap(),
            "upgrade",
            &json!({ "decision": decision("2/QĐ-UBND", &day(-1)), "stars": 4 }),
        )
        .await
        .json();
    let code = renewed["verification_code"].as_str().unwrap();
    let redirect = public.get(&format!("/01/0{gtin13}/10/LOT-2026A")).await;
    assert_eq!(redirect.status, 307);
    assert_eq!(
        redirect.headers["location"],
        format!("/v/{code}"),
        "the current certificate, not the superseded one"
    );
    assert!(redirect.headers["link"].to_str().unwrap().contains("rel=\"linkset\""));
    let linkset = public
        .request_with_headers(
            "GET",
            &format!("/01/{gtin13}"),
            &[("accept", "application/linkset+json")],
        )
        .await;
    assert_eq!(linkset.status, 200);
    assert_eq!(linkset.headers["content-type"], "application/linkset+json");
    let set = &linkset.json()["linkset"][0];
    assert!(set["anchor"].as_str().unwrap().ends_with(&format!("/01/{gtin13}")));
    for rel in ["pip", "certificationInfo", "verificationService"] {
        assert!(
            set[format!("https://gs1.org/voc/{rel}")][0]["href"]
                .as_str()
                .unwrap()
                .contains(code),
            "{rel}"
        );
    }
    assert_eq!(public.get("/01/12345").await.status, 404, "an invalid GTIN");
}

#[tokio::test]
async fn the_worklist_shows_expiring_and_expired_certificates_of_the_officers_area_with_contacts() {
    let app = TestApp::spawn().await;
    let mut admin = app.login_as("quantri", "administrator", None, None).await;
    let expiring = product(&mut admin, "Kẹo cu đơ", 71, CAM_XUYEN_OLD).await;
    let fresh = product(&mut admin, "Mật ong", 72, CAM_XUYEN_OLD).await;
    let suspended = product(&mut admin, "Rượu sim", 73, CAM_XUYEN_OLD).await;
    let hanoi = product(&mut admin, "Trà sen", 74, BA_DINH).await;
    let old = |n: &str| district_decision(n, &day(-1000));
    assert_eq!(issue_by(&mut admin, &expiring, 3, old("1/QĐ-UBND")).await.status, 201);
    assert_eq!(issue(&mut admin, &fresh, 4, "2/QĐ-UBND", &day(-10)).await.status, 201);
    let s = issue(&mut admin, &suspended, 4, "2/QĐ-UBND", &day(-10)).await.json()[0].clone();
    let hanoi_decision = json!({ "number": "5/QĐ-UBND", "decided_on": day(-1200), "issuer_name": "UBND thành phố Hà Nội",
                                 "issuer_level": "province", "legal_basis": "qd148" });
    assert_eq!(issue_by(&mut admin, &hanoi, 4, hanoi_decision).await.status, 201);
    let suspend = admin
        .post_json(
            &format!("/api/v1/certificates/{}/suspend", s["id"].as_str().unwrap()),
            &json!({ "suspended_on": day(0), "note": "Kiểm tra chất lượng" }),
        )
        .await;
    assert_eq!(suspend.status, 200, "{}", suspend.text);
    assert_eq!(suspend.json()["status"], "suspended");
    let mut public = app.client();
    assert_eq!(
        banner(
            &public
                .get(&format!("/v/{}", s["verification_code"].as_str().unwrap()))
                .await
        ),
        "TẠM ĐÌNH CHỈ"
    );

    let mut hatinh = app
        .login_as("tinh.hatinh", "province_officer", Some("2025/province/42"), None)
        .await;
    // A province officer sees only its province, whatever it asks for.
    let list = hatinh.get("/api/v1/certificates/worklist?province=01").await;
    assert_eq!(list.status, 200, "{}", list.text);
    let list = list.json();
    assert_eq!(list["total"], 1);
    let item = &list["items"][0];
    assert_eq!(item["certificate"]["product_name"], "Kẹo cu đơ");
    assert_eq!(item["certificate"]["status"], "expiring");
    assert_eq!(item["phone"], "0912345678");
    assert_eq!(item["representative"], "Nguyễn Văn An");
    let national = admin.get("/api/v1/certificates/worklist").await.json();
    let names: Vec<&str> = national["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["certificate"]["product_name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Kẹo cu đơ", "Trà sen"]);
    assert_eq!(national["items"][1]["certificate"]["status"], "expired");
    let mut commune = app
        .login_as("xa.camxuyen", "commune_officer", Some("2025/commune/18673"), None)
        .await;
    assert_eq!(commune.get("/api/v1/certificates/worklist").await.json()["total"], 1);
    assert_eq!(public.get("/api/v1/certificates/worklist").await.status, 401);
}

#[tokio::test]
async fn signals_route_reports_and_flagged_codes_to_the_province_of_the_certificate() {
    use ocop_service::certificates::verify::{FakeReportInput, count_scan, report};
    use ocop_service::clients::ClientKey;
    let person = |n: u8| ClientKey::new(b"test", std::net::IpAddr::from([198, 51, 100, n]));
    let app = TestApp::spawn().await;
    let db = &app.ctx.db;
    let mut admin = app.login_as("quantri", "administrator", None, None).await;
    let ha_tinh = product(&mut admin, "Nước mắm Phú Sang", 71, CAM_XUYEN_OLD).await;
    let a = issue(&mut admin, &ha_tinh, 4, "1/QĐ-UBND", &day(-5)).await;
    assert_eq!(a.status, 201, "{}", a.text);
    let a = a.json()[0].clone();
    let code_a = a["verification_code"].as_str().unwrap().to_owned();
    let ha_noi = product(&mut admin, "Trà sen Hà Nội", 72, BA_DINH).await;
    let b = issue(&mut admin, &ha_noi, 4, "2/QĐ-UBND", &day(-5)).await;
    assert_eq!(b.status, 201, "{}", b.text);
    let code_b = b.json()[0]["verification_code"].as_str().unwrap().to_owned();
    let revoke = json!({ "ground": "other", "ground_text": "Giả mạo bao bì", "decision_number": "9/QĐ-UBND",
                         "decided_on": day(0), "issuer_name": "UBND tỉnh Hà Tĩnh" });
    let revoked = admin
        .post_json(
            &format!("/api/v1/certificates/{}/revoke", a["id"].as_str().unwrap()),
            &revoke,
        )
        .await;
    assert_eq!(revoked.status, 200, "{}", revoked.text);
    let today = chrono::NaiveDate::parse_from_str(&day(0), "%Y-%m-%d").unwrap();
    // A: scanned once today, after its revocation. B: once a day, then by 25 people today.
    count_scan(db, &code_a, today, &person(1)).await.unwrap();
    for back in 1..=3 {
        count_scan(db, &code_b, today - chrono::Duration::days(back), &person(1))
            .await
            .unwrap();
    }
    for n in 0..25 {
        count_scan(db, &code_b, today, &person(n)).await.unwrap();
    }
    for code in [&code_a, &code_b] {
        let input = FakeReportInput {
            message: format!("Tem {code} in mờ"),
            contact: None,
        };
        report(db, code, &input, &person(1)).await.unwrap();
    }

    let mut hatinh = app
        .login_as("tinh.hatinh", "province_officer", Some("2025/province/42"), None)
        .await;
    let mine = hatinh.get("/api/v1/certificates/signals").await;
    assert_eq!(mine.status, 200, "{}", mine.text);
    let mine = mine.json();
    assert_eq!(mine["reports"].as_array().unwrap().len(), 1);
    assert_eq!(mine["reports"][0]["verification_code"], code_a.as_str());
    let flagged = mine["flagged"].as_array().unwrap();
    assert_eq!(flagged.len(), 1, "{flagged:?}");
    assert_eq!(flagged[0]["verification_code"], code_a.as_str());
    assert_eq!(flagged[0]["scanned_after_end"][0], day(0));
    assert!(flagged[0]["unusual_days"].as_array().unwrap().is_empty());

    let everything = admin.get("/api/v1/certificates/signals").await.json();
    assert_eq!(everything["reports"].as_array().unwrap().len(), 2);
    let b_row = everything["flagged"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["verification_code"] == code_b.as_str())
        .expect("B flagged")
        .clone();
    assert_eq!(b_row["unusual_days"][0], day(0));
    assert!(b_row["scanned_after_end"].as_array().unwrap().is_empty());
    assert_eq!(b_row["peak_day_scans"], 25);
    assert_eq!(b_row["median_day_scans"], 1);
    assert_eq!(b_row["peak_day_clients"], 25);
    assert_eq!(b_row["median_day_clients"], 1);

    let page = hatinh.get("/certificates/signals").await;
    assert_eq!(page.status, 200);
    assert!(page.text.contains(&format!("data-code=\"{code_a}\"")));
    assert!(!page.text.contains(&format!("data-code=\"{code_b}\"")));
    assert!(
        hatinh
            .get("/certificates/notices")
            .await
            .text
            .contains("data-testid=\"signals-link\"")
    );

    let mut commune = app
        .login_as("xa.camxuyen", "commune_officer", Some("2025/commune/18673"), None)
        .await;
    assert_eq!(commune.get("/api/v1/certificates/signals").await.status, 403);
    assert!(!commune.get("/certificates/notices").await.text.contains("signals-link"));
}

#[tokio::test]
async fn points_of_sale_are_managed_in_scope_and_shown_where_the_code_is_verified() {
    let app = TestApp::spawn().await;
    let mut admin = app.login_as("quantri", "administrator", None, None).await;
    let product_id = product(&mut admin, "Nước mắm Phú Sang", 81, CAM_XUYEN_OLD).await;
    let code = issue(&mut admin, &product_id, 4, "1/QĐ-UBND", &day(-5)).await.json()[0]["verification_code"]
        .as_str()
        .unwrap()
        .to_owned();
    let url = format!("/api/v1/products/{product_id}/points-of-sale");
    let mut hanoi = app
        .login_as("tinh.hanoi", "province_officer", Some("2025/province/01"), None)
        .await;
    let shop = json!({ "kind": "shop", "name": "Cửa hàng OCOP Cẩm Xuyên", "address": "12 Hà Huy Tập" });
    assert_eq!(hanoi.post_json(&url, &shop).await.status, 403);
    let mut hatinh = app
        .login_as("tinh.hatinh", "province_officer", Some("2025/province/42"), None)
        .await;
    let no_address = hatinh
        .post_json(&url, &json!({ "kind": "market", "name": "Chợ" }))
        .await;
    assert_eq!(no_address.status, 422, "{}", no_address.text);
    assert!(no_address.text.contains("address"));
    let bad_url = hatinh
        .post_json(
            &url,
            &json!({ "kind": "online", "name": "Shop", "url": "javascript:alert(1)" }),
        )
        .await;
    assert_eq!(bad_url.status, 422);
    let created = hatinh.post_json(&url, &shop).await;
    assert_eq!(created.status, 201, "{}", created.text);
    let online = hatinh
        .post_json(
            &url,
            &json!({ "kind": "online", "name": "Gian hàng Phú Sang", "url": "https://phusang.vn" }),
        )
        .await;
    assert_eq!(online.status, 201, "{}", online.text);

    let mut public = app.client();
    let verified = public.get(&format!("/api/v1/verify/{code}")).await.json();
    let points = verified["points_of_sale"].as_array().unwrap();
    assert_eq!(points.len(), 2);
    assert_eq!(points[0]["name"], "Cửa hàng OCOP Cẩm Xuyên");
    assert_eq!(points[1]["url"], "https://phusang.vn");
    let page = public.get(&format!("/v/{code}")).await;
    assert!(page.text.contains("12 Hà Huy Tập"));
    assert!(page.text.contains("href=\"https://phusang.vn\""));

    let shop_id = created.json()["id"].as_str().unwrap().to_owned();
    assert_eq!(
        hanoi
            .request("DELETE", &format!("{url}/{shop_id}"), None, true)
            .await
            .status,
        403
    );
    assert_eq!(
        hatinh
            .request("DELETE", &format!("{url}/{shop_id}"), None, true)
            .await
            .status,
        204
    );
    assert_eq!(
        hatinh
            .request("DELETE", &format!("{url}/{shop_id}"), None, true)
            .await
            .status,
        404
    );
    let product_page = hatinh.get(&format!("/products/{product_id}")).await;
    assert!(!product_page.text.contains("12 Hà Huy Tập"));
    assert!(product_page.text.contains("Gian hàng Phú Sang"));
    assert!(product_page.text.contains("data-testid=\"point-of-sale-form\""));
}
