//! Issue 11, "a round a province can stand behind": the issuing authority acts on its
//! certificates (also after the product moved), certificates come only from a council or a
//! recorded paper decision with its scan (never typed stars), certified facts are frozen for
//! the producer and amended by officers (shown on `/v/{code}`), and a product is given only to
//! a producer inside the caller's area.

use crate::common;

use common::{TestApp, TestClient, TestResponse, producer_body, tax_code};
use serde_json::{Value, json};

const CAM_XUYEN: &str = "2025/commune/18673"; // Xã Cẩm Xuyên, Hà Tĩnh (42)
const CAM_XUYEN_OLD: &str = "pre2025/commune/18673"; // Thị trấn Cẩm Xuyên, Huyện Cẩm Xuyên (before 2025)
const BA_DINH: &str = "2025/commune/00004"; // Phường Ba Đình, Hà Nội (01)
const HA_TINH: &str = "2025/province/42";
const HA_NOI: &str = "2025/province/01";

fn day(offset_days: i64) -> String {
    ((chrono::Utc::now() + chrono::Duration::hours(7)).date_naive() + chrono::Duration::days(offset_days)).to_string()
}

fn province_decision(number: &str, on: &str) -> Value {
    json!({ "number": number, "decided_on": on, "issuer_name": "UBND tỉnh Hà Tĩnh",
            "issuer_level": "province", "legal_basis": "qd148" })
}

fn ministry_decision(number: &str, on: &str) -> Value {
    json!({ "number": number, "decided_on": on, "issuer_name": "Bộ Nông nghiệp và Môi trường",
            "issuer_level": "ministry", "legal_basis": "qd148" })
}

fn district_decision(number: &str, on: &str) -> Value {
    json!({ "number": number, "decided_on": on, "issuer_name": "UBND huyện Cẩm Xuyên",
            "issuer_level": "district", "legal_basis": "qd148" })
}

/// A producer in `commune`; returns its id.
async fn producer(client: &mut TestClient, name: &str, seed: u64, commune: &str) -> String {
    let created = client
        .post_json("/api/v1/producers", &producer_body(name, &tax_code(seed), commune))
        .await;
    assert_eq!(created.status, 201, "{}", created.text);
    created.json()["id"].as_str().unwrap().to_owned()
}

/// A product of `producer_id` in `commune`; returns its id.
async fn product(client: &mut TestClient, name: &str, producer_id: &str, commune: &str) -> String {
    let created = client
        .post_json(
            "/api/v1/products",
            &json!({ "name": name, "producer_id": producer_id, "product_set_code": "I.4.a", "commune_id": commune }),
        )
        .await;
    assert_eq!(created.status, 201, "{}", created.text);
    created.json()["id"].as_str().unwrap().to_owned()
}

/// Records `decision` for one product with `stars`; returns the response.
async fn record(client: &mut TestClient, product_id: &str, stars: u8, decision: Value) -> TestResponse {
    client
        .record_certificates(
            &json!({ "decision": decision, "items": [{ "product_id": product_id, "stars": stars, "score": 80 }] }),
        )
        .await
}

fn revocation() -> Value {
    json!({ "ground": "food_safety_violation", "decision_number": "77/QĐ-TH", "decided_on": day(0),
            "issuer_name": "Cơ quan ban hành" })
}

async fn province_officer(app: &TestApp, name: &str, province: &str) -> TestClient {
    app.login_as(name, "province_officer", Some(province), None).await
}

#[tokio::test]
async fn only_the_ministry_acts_on_its_five_star_certificate() {
    let app = TestApp::spawn().await;
    let mut admin = app.login_as("quantri", "administrator", None, None).await;
    let owner = producer(&mut admin, "HTX Yến sào Cẩm Xuyên", 1, CAM_XUYEN).await;
    let five = product(&mut admin, "Yến sào Cẩm Xuyên", &owner, CAM_XUYEN).await;
    let four = product(&mut admin, "Mật ong Cẩm Xuyên", &owner, CAM_XUYEN).await;
    let mut central = app.login_as("bo.nnmt", "central_officer", None, None).await;
    let mut hatinh = province_officer(&app, "tinh.hatinh", HA_TINH).await;

    // A province officer cannot record the ministry's decision; the ministry can.
    let refused = record(&mut hatinh, &five, 5, ministry_decision("12/QĐ-BNNMT", &day(-30))).await;
    assert_eq!(refused.status, 403, "{}", refused.text);
    assert_eq!(refused.error_code(), "not_issuing_authority");
    let issued = record(&mut central, &five, 5, ministry_decision("12/QĐ-BNNMT", &day(-30))).await;
    assert_eq!(issued.status, 201, "{}", issued.text);
    let id = issued.json()[0]["id"].as_str().unwrap().to_owned();

    for action in ["suspend", "revoke"] {
        let body = if action == "suspend" {
            json!({ "suspended_on": day(0) })
        } else {
            revocation()
        };
        let refused = hatinh
            .post_json(&format!("/api/v1/certificates/{id}/{action}"), &body)
            .await;
        assert_eq!(refused.status, 403, "{action}: {}", refused.text);
        assert_eq!(refused.error_code(), "not_issuing_authority", "{action}");
    }
    let revoked = central
        .post_json(&format!("/api/v1/certificates/{id}/revoke"), &revocation())
        .await;
    assert_eq!(revoked.status, 200, "{}", revoked.text);
    assert_eq!(revoked.json()["status"], "revoked");
    assert_eq!(revoked.json()["revocation_decision"]["issuer_level"], "ministry");

    // The province's own 4★ is the province's: the ministry does not suspend it.
    let provincial = record(&mut hatinh, &four, 4, province_decision("5/QĐ-UBND", &day(-30))).await;
    assert_eq!(provincial.status, 201, "{}", provincial.text);
    let four_id = provincial.json()[0]["id"].as_str().unwrap().to_owned();
    let refused = central
        .post_json(
            &format!("/api/v1/certificates/{four_id}/suspend"),
            &json!({ "suspended_on": day(0) }),
        )
        .await;
    assert_eq!(refused.status, 403, "{}", refused.text);
    assert_eq!(refused.error_code(), "not_issuing_authority");
}

#[tokio::test]
async fn the_issuing_province_acts_after_the_product_moved_and_the_new_province_does_not() {
    let app = TestApp::spawn().await;
    let mut admin = app.login_as("quantri", "administrator", None, None).await;
    let owner = producer(&mut admin, "HTX Yến sào Hà Tĩnh", 2, CAM_XUYEN).await;
    let product_id = product(&mut admin, "Yến sào Hà Tĩnh", &owner, CAM_XUYEN).await;
    let mut hatinh = province_officer(&app, "tinh.hatinh", HA_TINH).await;
    let issued = record(
        &mut hatinh,
        &product_id,
        4,
        province_decision("3981/QĐ-UBND", &day(-20)),
    )
    .await;
    assert_eq!(issued.status, 201, "{}", issued.text);
    let cert = issued.json()[0].clone();
    let id = cert["id"].as_str().unwrap().to_owned();
    let code = cert["verification_code"].as_str().unwrap().to_owned();

    // The product and its producer move to Hà Nội, by an officer's recorded amendment.
    let hanoi_owner = producer(&mut admin, "Công ty Yến Thủ Đô", 3, BA_DINH).await;
    let version = admin.get(&format!("/api/v1/products/{product_id}")).await.json()["row_version"].clone();
    let moved = admin
        .post_json(
            &format!("/api/v1/products/{product_id}/amendments"),
            &json!({ "row_version": version, "name": "Yến sào thượng hạng", "producer_id": hanoi_owner,
                     "commune_id": BA_DINH, "product_set_code": "I.4.b", "reason": "Chuyển cơ sở sản xuất theo quyết định của UBND tỉnh" }),
        )
        .await;
    assert_eq!(moved.status, 201, "{}", moved.text);
    assert_eq!(moved.json()["name"], "Yến sào thượng hạng");

    let mut hanoi = province_officer(&app, "tinh.hanoi", HA_NOI).await;
    let refused = hanoi
        .post_json(
            &format!("/api/v1/certificates/{id}/suspend"),
            &json!({ "suspended_on": day(0) }),
        )
        .await;
    assert_eq!(refused.status, 403, "{}", refused.text);
    assert_eq!(refused.error_code(), "not_issuing_authority");
    let suspended = hatinh
        .post_json(
            &format!("/api/v1/certificates/{id}/suspend"),
            &json!({ "suspended_on": day(0) }),
        )
        .await;
    assert_eq!(suspended.status, 200, "{}", suspended.text);
    assert_eq!(suspended.json()["status"], "suspended");

    // The public page shows the facts as certified, then the amendment.
    let page = app.client().get(&format!("/v/{code}")).await;
    assert_eq!(page.status, 200);
    assert!(
        page.text.contains("data-testid=\"product-name\">Yến sào Hà Tĩnh<"),
        "{}",
        page.text
    );
    assert!(page.text.contains("data-testid=\"producer\">HTX Yến sào Hà Tĩnh<"));
    assert!(page.text.contains("data-testid=\"amendment\""));
    assert!(page.text.contains("Yến sào Hà Tĩnh → Yến sào thượng hạng"));
    assert!(page.text.contains("HTX Yến sào Hà Tĩnh → Công ty Yến Thủ Đô"));
    // Product sets by their names, never their codes (issue 13).
    assert!(
        page.text
            .contains("data-testid=\"product-set\">Tương, nước mắm, gia vị dạng lỏng khác<"),
        "{}",
        page.text
    );
    assert!(
        page.text
            .contains("Bộ sản phẩm: Tương, nước mắm, gia vị dạng lỏng khác → Gia vị khác (muối, hành, tỏi, tiêu…)"),
        "{}",
        page.text
    );
    assert!(!page.text.contains("I.4.a"), "{}", page.text);
    let api = app.client().get(&format!("/api/v1/verify/{code}")).await.json();
    assert_eq!(api["certificate"]["product_name"], "Yến sào Hà Tĩnh");
    assert_eq!(api["certificate"]["province_code"], "42");
    assert_eq!(api["amendments"][0]["after"]["name"], "Yến sào thượng hạng");
}

#[tokio::test]
async fn a_former_districts_certificate_belongs_to_todays_province() {
    let app = TestApp::spawn().await;
    let mut admin = app.login_as("quantri", "administrator", None, None).await;
    let owner = producer(&mut admin, "HTX Kẹo cu đơ", 4, CAM_XUYEN_OLD).await;
    let product_id = product(&mut admin, "Kẹo cu đơ Cẩm Xuyên", &owner, CAM_XUYEN_OLD).await;
    let issued = record(&mut admin, &product_id, 3, district_decision("10/QĐ-UBND", &day(-700))).await;
    assert_eq!(issued.status, 201, "{}", issued.text);
    let id = issued.json()[0]["id"].as_str().unwrap().to_owned();
    let mut hanoi = province_officer(&app, "tinh.hanoi", HA_NOI).await;
    assert_eq!(
        hanoi
            .post_json(
                &format!("/api/v1/certificates/{id}/suspend"),
                &json!({ "suspended_on": day(0) })
            )
            .await
            .error_code(),
        "not_issuing_authority"
    );
    let mut hatinh = province_officer(&app, "tinh.hatinh", HA_TINH).await;
    let suspended = hatinh
        .post_json(
            &format!("/api/v1/certificates/{id}/suspend"),
            &json!({ "suspended_on": day(0) }),
        )
        .await;
    assert_eq!(suspended.status, 200, "{}", suspended.text);
}

#[tokio::test]
async fn stars_are_never_typed_for_a_new_decision() {
    let app = TestApp::spawn().await;
    let mut admin = app.login_as("quantri", "administrator", None, None).await;
    let owner = producer(&mut admin, "HTX Nước mắm", 5, CAM_XUYEN).await;
    let product_id = product(&mut admin, "Nước mắm Cẩm Xuyên", &owner, CAM_XUYEN).await;
    let mut hatinh = province_officer(&app, "tinh.hatinh", HA_TINH).await;

    // A decision dated today is a new decision: it comes from a dossier and a council.
    let today = record(&mut hatinh, &product_id, 4, province_decision("1/QĐ-UBND", &day(0))).await;
    assert_eq!(today.status, 422, "{}", today.text);
    assert_eq!(
        today.field_codes(),
        [("decision.decided_on".to_owned(), "decision_not_past".to_owned())]
    );
    // Without the scanned decision nothing is recorded.
    let unscanned = hatinh
        .post_json(
            "/api/v1/certificates",
            &json!({ "decision": province_decision("1/QĐ-UBND", &day(-10)),
                     "items": [{ "product_id": product_id, "stars": 4 }] }),
        )
        .await;
    assert_eq!(unscanned.status, 422, "{}", unscanned.text);
    assert_eq!(
        unscanned.field_codes(),
        [("scan_sha256".to_owned(), "decision_scan_required".to_owned())]
    );
    let first = record(&mut hatinh, &product_id, 3, province_decision("1/QĐ-UBND", &day(-10))).await;
    assert_eq!(first.status, 201, "{}", first.text);
    let id = first.json()[0]["id"].as_str().unwrap().to_owned();

    // Typing more stars over a certificate in force is refused, by either route.
    let over = record(&mut hatinh, &product_id, 4, province_decision("2/QĐ-UBND", &day(-5))).await;
    assert_eq!(over.status, 409, "{}", over.text);
    assert_eq!(over.error_code(), "certificate_in_force");
    let upgrade_now = hatinh
        .record_reissue(
            &id,
            "upgrade",
            &json!({ "decision": province_decision("3/QĐ-UBND", &day(0)), "stars": 4 }),
        )
        .await;
    assert_eq!(upgrade_now.status, 422, "{}", upgrade_now.text);
    assert_eq!(
        upgrade_now.field_codes(),
        [("decision.decided_on".to_owned(), "decision_not_past".to_owned())]
    );
    let unscanned = hatinh
        .post_json(
            &format!("/api/v1/certificates/{id}/upgrade"),
            &json!({ "decision": province_decision("3/QĐ-UBND", &day(-2)), "stars": 4 }),
        )
        .await;
    assert_eq!(unscanned.status, 422, "{}", unscanned.text);
    // The officers' page has no form for typed stars any more.
    let form = hatinh
        .request(
            "POST",
            &format!("/certificates/{id}/upgrade"),
            Some(("application/x-www-form-urlencoded", b"number=3&stars=4".to_vec())),
            true,
        )
        .await;
    assert_eq!(form.status, 404, "{}", form.text);
    // Nothing of it left a certificate behind.
    let history = admin.get(&format!("/api/v1/certificates/{id}")).await.json();
    assert_eq!(history["status"], "valid");
    assert!(history["superseded_by"].is_null());
}

#[tokio::test]
async fn a_recorded_decision_with_its_scan_is_marked_recorded() {
    let app = TestApp::spawn().await;
    let mut admin = app.login_as("quantri", "administrator", None, None).await;
    let owner = producer(&mut admin, "HTX Chè", 6, CAM_XUYEN).await;
    let product_id = product(&mut admin, "Chè xanh Cẩm Xuyên", &owner, CAM_XUYEN).await;
    let mut commune = app
        .login_as("xa.camxuyen", "commune_officer", Some(CAM_XUYEN), None)
        .await;
    let scan = commune
        .post_bytes(
            "/api/v1/decision-scans",
            "application/pdf",
            common::SCANNED_DECISION.to_vec(),
        )
        .await;
    assert_eq!(scan.status, 403, "a commune records no decisions");
    let mut hatinh = province_officer(&app, "tinh.hatinh", HA_TINH).await;
    let not_a_document = hatinh
        .post_bytes(
            "/api/v1/decision-scans",
            "application/pdf",
            b"MZ\x90\0 not a scan".to_vec(),
        )
        .await;
    assert_eq!(not_a_document.status, 415, "{}", not_a_document.text);

    let recorded = record(&mut hatinh, &product_id, 4, province_decision("88/QĐ-UBND", &day(-90))).await;
    assert_eq!(recorded.status, 201, "{}", recorded.text);
    let cert = recorded.json()[0].clone();
    assert_eq!(cert["recorded"], true);
    assert_eq!(cert["origin"], "issued");
    assert_eq!(cert["decision"]["scanned"], true);
    assert_eq!(cert["issued_on"], day(-90));
    let code = cert["verification_code"].as_str().unwrap();
    let public = app.client().get(&format!("/v/{code}")).await;
    assert!(public.text.contains("data-testid=\"recorded\""), "{}", public.text);
    assert!(public.text.contains("ghi nhận quyết định đã ban hành"));
    let page = hatinh
        .get(&format!("/certificates/{}", cert["id"].as_str().unwrap()))
        .await;
    assert!(page.text.contains("Ghi nhận quyết định đã ban hành"), "{}", page.text);

    let trail = admin.get("/api/v1/audit?action=certificate.record").await.json();
    assert_eq!(trail["items"][0]["entity_id"], cert["id"], "{trail}");
}

#[tokio::test]
async fn certified_facts_are_frozen_for_the_producer_and_amended_by_an_officer() {
    let app = TestApp::spawn().await;
    let mut admin = app.login_as("quantri", "administrator", None, None).await;
    let owner = producer(&mut admin, "HTX Yến sào Khánh", 7, CAM_XUYEN).await;
    let product_id = product(&mut admin, "Yến sào Cẩm Xuyên", &owner, CAM_XUYEN).await;
    let issued = record(&mut admin, &product_id, 4, province_decision("9/QĐ-UBND", &day(-15))).await;
    assert_eq!(issued.status, 201, "{}", issued.text);
    let code = issued.json()[0]["verification_code"].as_str().unwrap().to_owned();
    let mut me = app
        .login_as("chu.the", "producer", None, Some(owner.parse().unwrap()))
        .await;

    // The producer renames its certified product: refused with the reason.
    let version = me.get(&format!("/api/v1/products/{product_id}")).await.json()["row_version"].clone();
    let rename = me
        .put_json(
            &format!("/api/v1/products/{product_id}"),
            &json!({ "name": "Yến sào Khánh Hòa thượng hạng", "producer_id": owner, "product_set_code": "I.4.a",
                     "commune_id": CAM_XUYEN, "row_version": version }),
        )
        .await;
    assert_eq!(rename.status, 409, "{}", rename.text);
    assert_eq!(rename.error_code(), "certified_facts_frozen");
    // Its description is not a certified fact: that edit goes through.
    let described = me
        .put_json(
            &format!("/api/v1/products/{product_id}"),
            &json!({ "name": "Yến sào Cẩm Xuyên", "producer_id": owner, "product_set_code": "I.4.a",
                     "commune_id": CAM_XUYEN, "description": "Yến đảo tự nhiên", "row_version": version }),
        )
        .await;
    assert_eq!(described.status, 200, "{}", described.text);
    // Nor does it move itself to another province.
    let producer_version = me.get(&format!("/api/v1/producers/{owner}")).await.json()["row_version"].clone();
    let mut moved = producer_body("HTX Yến sào Khánh", &tax_code(7), BA_DINH);
    moved["row_version"] = producer_version;
    let move_self = me.put_json(&format!("/api/v1/producers/{owner}"), &moved).await;
    assert_eq!(move_self.status, 409, "{}", move_self.text);
    assert_eq!(move_self.error_code(), "certified_facts_frozen");
    // A producer amends nothing.
    let version = described.json()["row_version"].clone();
    let own_amendment = me
        .post_json(
            &format!("/api/v1/products/{product_id}/amendments"),
            &json!({ "row_version": version, "name": "Yến sào Khánh Hòa", "reason": "Đổi tên" }),
        )
        .await;
    assert_eq!(own_amendment.status, 403, "{}", own_amendment.text);

    // The commune officer amends it with a reason and evidence.
    let mut commune = app
        .login_as("xa.camxuyen", "commune_officer", Some(CAM_XUYEN), None)
        .await;
    let no_reason = commune
        .post_json(
            &format!("/api/v1/products/{product_id}/amendments"),
            &json!({ "row_version": version, "name": "Yến sào đảo Cẩm Xuyên" }),
        )
        .await;
    assert_eq!(no_reason.status, 422, "{}", no_reason.text);
    assert_eq!(no_reason.field_codes(), [("reason".to_owned(), "required".to_owned())]);
    let nothing = commune
        .post_json(
            &format!("/api/v1/products/{product_id}/amendments"),
            &json!({ "row_version": version, "name": "Yến sào Cẩm Xuyên", "reason": "Không đổi gì" }),
        )
        .await;
    assert_eq!(nothing.status, 422, "{}", nothing.text);
    let evidence = hatinh_scan(&app).await;
    let amended = commune
        .post_json(
            &format!("/api/v1/products/{product_id}/amendments"),
            &json!({ "row_version": version, "name": "Yến sào đảo Cẩm Xuyên",
                     "reason": "Đính chính tên theo Giấy công bố sản phẩm số 12/2026", "evidence_sha256": evidence }),
        )
        .await;
    assert_eq!(amended.status, 201, "{}", amended.text);
    assert_eq!(amended.json()["name"], "Yến sào đảo Cẩm Xuyên");

    let page = app.client().get(&format!("/v/{code}")).await;
    assert!(
        page.text.contains("data-testid=\"product-name\">Yến sào Cẩm Xuyên<"),
        "{}",
        page.text
    );
    assert!(page.text.contains("Yến sào Cẩm Xuyên → Yến sào đảo Cẩm Xuyên"));
    assert!(
        page.text
            .contains("Đính chính tên theo Giấy công bố sản phẩm số 12/2026")
    );
    assert!(page.text.contains("xa.camxuyen"));
    let listed = app
        .client()
        .get(&format!("/api/v1/products/{product_id}/amendments"))
        .await
        .json();
    assert_eq!(listed.as_array().unwrap().len(), 1);
    assert_eq!(listed[0]["has_evidence"], true);
    assert_eq!(listed[0]["before"]["name"], "Yến sào Cẩm Xuyên");
}

/// A scan uploaded by a province officer (officers upload evidence the same way).
async fn hatinh_scan(app: &TestApp) -> String {
    let mut officer = province_officer(app, "tinh.scan", HA_TINH).await;
    officer.upload_scan().await
}

#[tokio::test]
async fn a_product_is_given_only_to_a_producer_inside_the_callers_area() {
    let app = TestApp::spawn().await;
    let mut admin = app.login_as("quantri", "administrator", None, None).await;
    let local = producer(&mut admin, "HTX Cẩm Xuyên", 8, CAM_XUYEN).await;
    let far = producer(&mut admin, "Công ty Hà Nội", 9, BA_DINH).await;
    let mut commune = app
        .login_as("xa.camxuyen", "commune_officer", Some(CAM_XUYEN), None)
        .await;
    let given_away = commune
        .post_json(
            "/api/v1/products",
            &json!({ "name": "Mật ong", "producer_id": far, "product_set_code": "I.4.a", "commune_id": CAM_XUYEN }),
        )
        .await;
    assert_eq!(given_away.status, 422, "{}", given_away.text);
    assert_eq!(
        given_away.field_codes(),
        [("producer_id".to_owned(), "producer_outside_unit".to_owned())]
    );
    let own = product(&mut commune, "Mật ong", &local, CAM_XUYEN).await;

    let mut hatinh = province_officer(&app, "tinh.hatinh", HA_TINH).await;
    let version = hatinh.get(&format!("/api/v1/products/{own}")).await.json()["row_version"].clone();
    let handed = hatinh
        .put_json(
            &format!("/api/v1/products/{own}"),
            &json!({ "name": "Mật ong", "producer_id": far, "product_set_code": "I.4.a", "commune_id": CAM_XUYEN,
                     "row_version": version }),
        )
        .await;
    assert_eq!(handed.status, 422, "{}", handed.text);
    assert_eq!(handed.field_codes()[0].1, "producer_outside_unit");

    // A valid 4★ product: not by amendment either.
    let issued = record(&mut hatinh, &own, 4, province_decision("4/QĐ-UBND", &day(-3))).await;
    assert_eq!(issued.status, 201, "{}", issued.text);
    let amended = hatinh
        .post_json(
            &format!("/api/v1/products/{own}/amendments"),
            &json!({ "row_version": version, "producer_id": far, "reason": "Chuyển nhượng" }),
        )
        .await;
    assert_eq!(amended.status, 422, "{}", amended.text);
    assert_eq!(amended.field_codes()[0].1, "producer_outside_unit");
    let product = admin.get(&format!("/api/v1/products/{own}")).await.json();
    assert_eq!(product["producer_id"], json!(local));
}
