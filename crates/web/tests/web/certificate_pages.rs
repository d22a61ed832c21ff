//! The certificate's life through the officers' pages and the printouts:
//! PDF of one certificate and of a whole decision, the suspension and revocation forms, the
//! daily job's notices, the worklist workbook and typo-tolerant search.

use crate::common;

use common::{TestApp, TestClient, TestResponse, producer_body, tax_code};
use serde_json::{Value, json};

const CAM_XUYEN: &str = "2025/commune/18673"; // Xã Cẩm Xuyên, Hà Tĩnh (42)

fn day(offset_days: i64) -> String {
    ((chrono::Utc::now() + chrono::Duration::hours(7)).date_naive() + chrono::Duration::days(offset_days)).to_string()
}

fn decision(number: &str, decided_on: &str) -> Value {
    json!({ "number": number, "decided_on": decided_on, "issuer_name": "UBND tỉnh Hà Tĩnh",
            "issuer_level": "province", "legal_basis": "qd148" })
}

async fn product(client: &mut TestClient, name: &str, seed: u64) -> String {
    let producer = client
        .post_json(
            "/api/v1/producers",
            &producer_body(&format!("HTX {name}"), &tax_code(seed), CAM_XUYEN),
        )
        .await;
    assert_eq!(producer.status, 201, "{}", producer.text);
    let response = client
        .post_json(
            "/api/v1/products",
            &json!({ "name": name, "producer_id": producer.json()["id"], "product_set_code": "I.4.a", "commune_id": CAM_XUYEN }),
        )
        .await;
    assert_eq!(response.status, 201, "{}", response.text);
    response.json()["id"].as_str().unwrap().to_owned()
}

/// Issues one decision for these products (4★) on `on`; returns the certificates.
async fn issue(client: &mut TestClient, products: &[&str], number: &str, on: &str) -> Vec<Value> {
    let items: Vec<Value> = products
        .iter()
        .map(|p| json!({ "product_id": p, "stars": 4, "score": 80 }))
        .collect();
    let issued = client
        .record_certificates(&json!({ "decision": decision(number, on), "items": items }))
        .await;
    assert_eq!(issued.status, 201, "{}", issued.text);
    issued.json().as_array().unwrap().clone()
}

async fn post_form(client: &mut TestClient, path: &str, fields: &[(&str, &str)]) -> TestResponse {
    let body = serde_urlencoded::to_string(fields).unwrap().into_bytes();
    client
        .request("POST", path, Some(("application/x-www-form-urlencoded", body)), true)
        .await
}

fn header(response: &TestResponse, name: &str) -> String {
    response
        .headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned()
}

#[tokio::test]
async fn officials_in_scope_print_one_certificate_or_a_whole_decision() {
    let app = TestApp::spawn().await;
    let mut admin = app.login_as("quantri", "administrator", None, None).await;
    let a = product(&mut admin, "Kẹo cu đơ", 21).await;
    let b = product(&mut admin, "Mật ong Vũ Quang", 22).await;
    let certs = issue(&mut admin, &[&a, &b], "51/QĐ-UBND", &day(-3)).await;
    let id = certs[0]["id"].as_str().unwrap();
    let decision_id = certs[0]["decision"]["id"].as_str().unwrap();

    let pdf = admin.get(&format!("/api/v1/certificates/{id}/pdf")).await;
    assert_eq!(pdf.status, 200, "{}", pdf.text);
    assert_eq!(header(&pdf, "content-type"), "application/pdf");
    assert!(pdf.text.starts_with("%PDF-"));
    let whole = admin
        .get(&format!("/api/v1/decisions/{decision_id}/certificates.pdf"))
        .await;
    assert_eq!(whole.status, 200);
    assert!(whole.text.starts_with("%PDF-"));
    assert!(whole.text.len() > pdf.text.len(), "two pages are more than one");

    let mut commune = app.login_as("canbo.xa", "commune_officer", Some(CAM_XUYEN), None).await;
    assert_eq!(commune.get(&format!("/api/v1/certificates/{id}/pdf")).await.status, 200);
    let mut hanoi = app
        .login_as("canbo.hanoi", "province_officer", Some("2025/province/01"), None)
        .await;
    let refused = hanoi.get(&format!("/api/v1/certificates/{id}/pdf")).await;
    assert_eq!(refused.status, 403, "{}", refused.text);
    let refused = hanoi
        .get(&format!("/api/v1/decisions/{decision_id}/certificates.pdf"))
        .await;
    assert_eq!(refused.status, 403);
    assert_eq!(
        app.client().get(&format!("/api/v1/certificates/{id}/pdf")).await.status,
        401
    );
    let unknown = admin
        .get(&format!("/api/v1/decisions/{}/certificates.pdf", uuid::Uuid::now_v7()))
        .await;
    assert_eq!(unknown.status, 404);

    // The officer's page links both printouts.
    let page = admin.get(&format!("/certificates/{id}")).await;
    assert_eq!(page.status, 200, "{}", page.text);
    assert!(page.text.contains(&format!("/api/v1/certificates/{id}/pdf")));
    assert!(
        page.text
            .contains(&format!("/api/v1/decisions/{decision_id}/certificates.pdf"))
    );
}

#[tokio::test]
async fn the_lifecycle_runs_through_the_forms() {
    let app = TestApp::spawn().await;
    let mut admin = app.login_as("quantri", "administrator", None, None).await;
    let p = product(&mut admin, "Nước mắm Phú Sang", 23).await;
    let cert = issue(&mut admin, &[&p], "61/QĐ-UBND", &day(-40)).await.remove(0);
    let id = cert["id"].as_str().unwrap();
    let code = cert["verification_code"].as_str().unwrap();

    // The page says the certificate records a decision issued on paper, and has no form to
    // type stars: a renewal or an upgrade goes through a dossier and a council.
    let page = admin.get(&format!("/certificates/{id}")).await;
    assert_eq!(page.status, 200, "{}", page.text);
    assert!(page.text.contains("data-testid=\"recorded\""), "{}", page.text);
    assert!(!page.text.contains("renew-form"));
    let gone = post_form(
        &mut admin,
        &format!("/certificates/{id}/renew"),
        &[("number", "62/QĐ-UBND"), ("stars", "4")],
    )
    .await;
    assert_eq!(gone.status, 404, "{}", gone.text);

    // A renewal signed on paper is recorded with its scan through the API.
    let renewed = admin
        .record_reissue(
            id,
            "renew",
            &json!({ "decision": decision("63/QĐ-UBND", &day(-5)), "stars": 4, "score": 85.5 }),
        )
        .await;
    assert_eq!(renewed.status, 201, "{}", renewed.text);
    let new_id = renewed.json()["id"].as_str().unwrap().to_owned();
    let old = admin.get(&format!("/api/v1/certificates/{id}")).await.json();
    assert_eq!(old["superseded_by"], json!(new_id));
    assert_eq!(
        admin.get(&format!("/api/v1/certificates/{new_id}")).await.json()["score"],
        85.5
    );

    let revoked = post_form(
        &mut admin,
        &format!("/certificates/{new_id}/revoke"),
        &[
            ("ground", "quality_or_packaging"),
            ("ground_text", ""),
            ("decision_number", "64/QĐ-UBND"),
            ("decided_on", &day(0)),
            ("issuer_name", "UBND tỉnh Hà Tĩnh"),
        ],
    )
    .await;
    assert_eq!(revoked.status, 303, "{}", revoked.text);
    let new_code = admin.get(&format!("/api/v1/certificates/{new_id}")).await.json()["verification_code"]
        .as_str()
        .unwrap()
        .to_owned();
    let verified = app.client().get(&format!("/api/v1/verify/{new_code}")).await.json();
    assert_eq!(verified["certificate"]["status"], "revoked");
    assert_eq!(
        app.client().get(&format!("/api/v1/verify/{code}")).await.json()["certificate"]["status"],
        "superseded"
    );

    // A province officer elsewhere gets no forms and cannot post them.
    let mut hanoi = app
        .login_as("canbo.hanoi", "province_officer", Some("2025/province/01"), None)
        .await;
    let page = hanoi.get(&format!("/certificates/{id}")).await;
    assert_eq!(page.status, 200);
    assert!(!page.text.contains("revoke-form") && !page.text.contains("certificate-pdf"));
    let refused = post_form(
        &mut hanoi,
        &format!("/certificates/{id}/suspend"),
        &[("suspended_on", &day(0))],
    )
    .await;
    assert_eq!(refused.status, 403);
}

#[tokio::test]
async fn notices_of_the_daily_job_and_the_worklist_workbook() {
    let app = TestApp::spawn().await;
    let mut admin = app.login_as("quantri", "administrator", None, None).await;
    let p = product(&mut admin, "Chè Hà Tĩnh", 24).await;
    // Issued 35 months ago: inside the 6-month window today.
    let cert = issue(&mut admin, &[&p], "71/QĐ-UBND", &day(-1050)).await.remove(0);
    let outcome = ocop_service::certificates::daily::run(&app.ctx.db, ocop_service::admin_units::today(), "test", None)
        .await
        .unwrap();
    assert_eq!((outcome.ran, outcome.expiring), (true, 1));

    let page = admin.get("/certificates/notices").await;
    assert_eq!(page.status, 200, "{}", page.text);
    assert!(page.text.contains("data-kind=\"expiring\""), "{}", page.text);
    assert!(page.text.contains(cert["number"].as_str().unwrap()));
    assert!(page.text.contains("/api/v1/certificates/worklist.xlsx"));

    let mut hanoi = app
        .login_as("canbo.hanoi", "province_officer", Some("2025/province/01"), None)
        .await;
    let other = hanoi.get("/certificates/notices").await;
    assert_eq!(other.status, 200);
    assert!(other.text.contains("data-testid=\"no-notices\""));

    let xlsx = admin.get("/api/v1/certificates/worklist.xlsx").await;
    assert_eq!(xlsx.status, 200, "{}", xlsx.text);
    assert!(header(&xlsx, "content-type").contains("spreadsheetml"));
    assert!(xlsx.text.starts_with("PK"), "a zip container");
    assert_eq!(app.client().get("/api/v1/certificates/worklist.xlsx").await.status, 401);
}

#[tokio::test]
async fn catalogue_search_forgives_one_typo_per_word() {
    let app = TestApp::spawn().await;
    let mut admin = app.login_as("quantri", "administrator", None, None).await;
    let p = product(&mut admin, "Nước mắm Phú Sang", 25).await;
    let q = product(&mut admin, "Mật ong bạc hà", 26).await;
    issue(&mut admin, &[&p, &q], "81/QĐ-UBND", &day(-3)).await;
    let mut public = app.client();
    let found = public.get("/api/v1/catalogue?q=nuoc%20mam%20phu%20sag").await.json();
    assert_eq!(found["total"], 1, "{found}");
    assert_eq!(found["items"][0]["product_name"], "Nước mắm Phú Sang");
    let found = public.get("/api/v1/catalogue?q=mat%20omg").await.json();
    assert_eq!(found["items"][0]["product_name"], "Mật ong bạc hà", "{found}");
    // Two typos in one word are too far.
    let none = public.get("/api/v1/catalogue?q=nuoc%20mam%20phu%20sgg").await.json();
    assert_eq!(none["total"], 0, "{none}");
}
