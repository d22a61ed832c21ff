//! The cycle before the council through the API, on the engine chosen by
//! `OCOP_TEST_DATABASE`: a producer prepares and submits, the commune returns it, receives it
//! again, reports and proposes, the province finds it eligible — with refusals for the wrong
//! role, another commune, illegal transitions and files that are not what they claim.

use crate::common;

use common::{TestApp, producer_body, tax_code};
use serde_json::{Value, json};

const CAM_XUYEN: &str = "2025/commune/18673"; // Hà Tĩnh (42)
const THANH_SEN: &str = "2025/commune/18073"; // Hà Tĩnh (42), another commune
const PDF: &[u8] = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n";

fn lowest_choices() -> Value {
    // The sample sheets of one basis share their criteria codes (common::publish_sample_sheets).
    let bases = ocop_domain::evaluation::LegalBases::official();
    let basis = bases.in_force_on(ocop_service::admin_units::today()).unwrap();
    let set = ocop_domain::evaluation::sample::sample_sheet(basis, "I.1.a", "mẫu");
    let choices: serde_json::Map<String, Value> = set.criteria().map(|(_, c)| (c.code.clone(), json!(0))).collect();
    json!({ "choices": choices })
}

fn report(skip_last: bool) -> Value {
    let criteria = &ocop_domain::evaluation::LegalBases::official().commune_criteria;
    let n = if skip_last { criteria.len() - 1 } else { criteria.len() };
    let findings: serde_json::Map<String, Value> =
        criteria[..n].iter().map(|c| (c.code.clone(), json!("Đạt"))).collect();
    json!({ "meeting_on": "2026-01-05", "findings": findings })
}

#[tokio::test]
async fn a_dossier_goes_from_the_producer_to_eligible_and_every_step_is_recorded() {
    let app = TestApp::spawn().await;
    common::publish_sample_sheets(&app).await;
    let mut admin = app.login_as("quantri", "administrator", None, None).await;
    let producer = admin
        .post_json(
            "/api/v1/producers",
            &producer_body("HTX Bưởi Phúc Trạch", &tax_code(77), CAM_XUYEN),
        )
        .await;
    assert_eq!(producer.status, 201, "{}", producer.text);
    let producer_id = producer.json()["id"].as_str().unwrap().to_owned();
    let product = admin
        .post_json(
            "/api/v1/products",
            &json!({ "name": "Bưởi Phúc Trạch", "producer_id": producer_id, "product_set_code": "I.4.a", "commune_id": CAM_XUYEN }),
        )
        .await;
    assert_eq!(product.status, 201, "{}", product.text);
    let product_id = product.json()["id"].as_str().unwrap().to_owned();

    let mut owner = app
        .login_as("chuthe.htx", "producer", None, Some(producer_id.parse().unwrap()))
        .await;
    let mut commune = app
        .login_as("xa.camxuyen", "commune_officer", Some(CAM_XUYEN), None)
        .await;
    let mut other_commune = app
        .login_as("xa.thanhsen", "commune_officer", Some(THANH_SEN), None)
        .await;
    let mut province = app
        .login_as("tinh.hatinh", "province_officer", Some("2025/province/42"), None)
        .await;

    // The vault refuses what is not a PDF or an image, whatever its declared type.
    let vault = format!("/api/v1/producers/{producer_id}/evidence");
    let exe = owner
        .post_bytes(
            &format!("{vault}?doc_type=registration_form"),
            "application/pdf",
            b"MZ\x90\0\x03\0\0\0".to_vec(),
        )
        .await;
    assert_eq!(exe.status, 415, "{}", exe.text);
    let html = owner
        .post_bytes(
            &format!("{vault}?doc_type=test_report"),
            "application/pdf",
            b"<html>%PDF-1.4</html>".to_vec(),
        )
        .await;
    assert_eq!(html.status, 415, "{}", html.text);
    let expired = owner
        .post_bytes(
            &format!("{vault}?doc_type=food_safety_certificate&issued_on=2020-01-01&expires_on=2023-01-01"),
            "application/pdf",
            PDF.to_vec(),
        )
        .await;
    assert_eq!(expired.status, 201, "{}", expired.text);
    assert_eq!(expired.json()["validity"], "expired");
    let form = owner
        .post_bytes(
            &format!("{vault}?doc_type=registration_form"),
            "application/pdf",
            PDF.to_vec(),
        )
        .await;
    assert_eq!(form.status, 201, "{}", form.text);
    assert_eq!(form.json()["content_type"], "application/pdf");
    let form_id = form.json()["id"].as_str().unwrap().to_owned();
    let listed = owner.get(&vault).await;
    assert_eq!(listed.json().as_array().unwrap().len(), 2);
    assert_eq!(other_commune.get(&vault).await.status, 404);

    // Prepare: incomplete dossiers cannot be submitted.
    let created = owner
        .post_json("/api/v1/dossiers", &json!({ "product_id": product_id, "kind": "new" }))
        .await;
    assert_eq!(created.status, 201, "{}", created.text);
    let dossier = created.json();
    assert_eq!(dossier["state"], "draft");
    assert_eq!(dossier["actions"], json!(["submit"]));
    let id = dossier["id"].as_str().unwrap().to_owned();
    let at = |step: &str| format!("/api/v1/dossiers/{id}/{step}");
    let refused = owner.post_json(&at("submit"), &json!({})).await;
    assert_eq!(refused.status, 422, "{}", refused.text);
    assert_eq!(refused.error_code(), "dossier_incomplete");
    let assessed = owner.put_json(&at("self-assessment"), &lowest_choices()).await;
    assert_eq!(assessed.status, 200, "{}", assessed.text);
    let sa = &assessed.json()["self_assessment"];
    assert_eq!(sa["answered"], sa["criteria"]);
    let (total, gap) = (
        sa["total_x100"].as_u64().unwrap(),
        sa["gap_to_next_star_x100"].as_u64().unwrap(),
    );
    let next_min = match sa["next_star"].as_u64().unwrap() {
        2 => 3000,
        3 => 5000,
        4 => 7000,
        _ => 9000,
    };
    assert_eq!(total + gap, next_min, "the gap is counted on the server from the sheet");
    let attached = owner
        .post_json(&at("evidence"), &json!({ "document_id": form_id }))
        .await;
    assert_eq!(attached.status, 200, "{}", attached.text);
    assert_eq!(attached.json()["complete"], true);
    let submitted = owner.post_json(&at("submit"), &json!({})).await;
    assert_eq!(submitted.status, 200, "{}", submitted.text);
    let submitted = submitted.json();
    assert_eq!(submitted["state"], "submitted");
    assert_eq!(submitted["editable"], false);
    let basis = ocop_domain::evaluation::LegalBases::official()
        .in_force_on(ocop_service::admin_units::today())
        .unwrap();
    assert_eq!(submitted["legal_basis"], basis.id.as_str());
    // Frozen: the content no longer changes.
    let locked = owner.put_json(&at("self-assessment"), &lowest_choices()).await;
    assert_eq!(locked.status, 409, "{}", locked.text);

    // Wrong role, other commune, illegal step.
    assert_eq!(owner.post_json(&at("receive"), &json!({})).await.status, 403);
    assert_eq!(other_commune.post_json(&at("receive"), &json!({})).await.status, 404);
    assert_eq!(other_commune.get(&format!("/api/v1/dossiers/{id}")).await.status, 404);
    assert_eq!(province.post_json(&at("receive"), &json!({})).await.status, 403);
    let early = commune.post_json(&at("propose"), &json!({})).await;
    assert_eq!(early.status, 409, "{}", early.text);
    assert_eq!(early.error_code(), "invalid_transition");

    // Commune: receive, return with reasons, the producer answers, receive again, report, propose.
    assert_eq!(commune.post_json(&at("receive"), &json!({})).await.status, 200);
    // The commune officer reads the producer's answer to every criterion, not only the total.
    let read = commune.get(&format!("/dossiers/{id}")).await;
    assert!(
        read.text.contains(r#"data-testid="self-assessment-answers""#),
        "{}",
        read.text
    );
    assert!(
        !read.text.contains("Chưa chọn"),
        "every criterion was answered: {}",
        read.text
    );
    let no_reason = commune
        .post_json(&at("return-by-commune"), &json!({ "reasons": [" "] }))
        .await;
    assert_eq!(no_reason.status, 422, "{}", no_reason.text);
    let returned = commune
        .post_json(
            &at("return-by-commune"),
            &json!({ "reasons": ["Thiếu phiếu kiểm nghiệm"] }),
        )
        .await;
    assert_eq!(returned.status, 200, "{}", returned.text);
    assert_eq!(returned.json()["state"], "returned_by_commune");
    // The producer lands on its own work: the returned dossier first, with the reasons, and
    // only its own products; the dossier page shows the reasons before anything else.
    let home = owner.get("/").await;
    assert_eq!(home.status, 200, "{}", home.text);
    assert!(home.text.contains(r#"data-testid="work-home""#), "{}", home.text);
    let first = home
        .text
        .find(r#"data-testid="home-dossier""#)
        .expect("a dossier on the home page");
    assert!(
        home.text[first..].starts_with(r#"data-testid="home-dossier" data-state="returned_by_commune""#),
        "{}",
        home.text
    );
    assert!(
        home.text.contains(r#"data-testid="home-return-reasons""#),
        "{}",
        home.text
    );
    assert!(home.text.contains("Thiếu phiếu kiểm nghiệm"), "{}", home.text);
    assert!(home.text.contains("Chờ bạn bổ sung"), "{}", home.text);
    assert!(home.text.contains(r#"data-testid="home-product""#), "{}", home.text);
    let page = owner.get(&format!("/dossiers/{id}")).await;
    let reasons = page
        .text
        .find(r#"data-testid="return-reasons""#)
        .expect("reasons on the dossier page");
    assert!(
        reasons < page.text.find("Thiếu phiếu kiểm nghiệm").unwrap(),
        "{}",
        page.text
    );
    // A second producer's product does not appear in this producer's product list.
    let other = admin
        .post_json(
            "/api/v1/producers",
            &producer_body("HTX Cam Khe Mây", &tax_code(78), CAM_XUYEN),
        )
        .await;
    let other_id = other.json()["id"].as_str().unwrap().to_owned();
    let foreign = admin
        .post_json(
            "/api/v1/products",
            &json!({ "name": "Cam Khe Mây", "producer_id": other_id, "product_set_code": "I.4.a", "commune_id": CAM_XUYEN }),
        )
        .await;
    assert_eq!(foreign.status, 201, "{}", foreign.text);
    let mine = owner.get("/products").await;
    assert!(mine.text.contains("Bưởi Phúc Trạch"), "{}", mine.text);
    assert!(!mine.text.contains("Cam Khe Mây"), "{}", mine.text);
    assert!(admin.get("/products").await.text.contains("Cam Khe Mây"));
    // The commune officer's home is its inbox by stage.
    let inbox = commune.get("/").await;
    assert!(
        inbox
            .text
            .contains(r#"data-testid="home-stage" data-state="submitted""#),
        "{}",
        inbox.text
    );
    assert_eq!(owner.post_json(&at("submit"), &json!({})).await.status, 200);
    assert_eq!(commune.post_json(&at("receive"), &json!({})).await.status, 200);
    let partial = commune.post_json(&at("commune-report"), &report(true)).await;
    assert_eq!(partial.status, 422, "{}", partial.text);
    assert_eq!(partial.error_code(), "commune_report_incomplete");
    let reported = commune.post_json(&at("commune-report"), &report(false)).await;
    assert_eq!(reported.status, 200, "{}", reported.text);
    assert_eq!(reported.json()["commune_report"]["meeting_on"], "2026-01-05");
    let proposed = commune.post_json(&at("propose"), &json!({})).await;
    assert_eq!(proposed.status, 200, "{}", proposed.text);
    assert_eq!(proposed.json()["level"], "province");

    // Province: check, find eligible.
    assert_eq!(commune.post_json(&at("start-check"), &json!({})).await.status, 403);
    assert_eq!(province.post_json(&at("start-check"), &json!({})).await.status, 200);
    let eligible = province
        .post_json(&at("find-eligible"), &json!({ "note": "Hồ sơ đầy đủ" }))
        .await;
    assert_eq!(eligible.status, 200, "{}", eligible.text);
    let eligible = eligible.json();
    assert_eq!(eligible["state"], "eligible");
    assert_eq!(eligible["actions"], json!([]));
    let history = eligible["history"].as_array().unwrap();
    let steps: Vec<(&str, &str)> = history
        .iter()
        .map(|h| (h["event"]["event"].as_str().unwrap(), h["actor_name"].as_str().unwrap()))
        .collect();
    assert_eq!(
        steps,
        vec![
            ("submit", "chuthe.htx"),
            ("receive", "xa.camxuyen"),
            ("return_by_commune", "xa.camxuyen"),
            ("resubmit", "chuthe.htx"),
            ("receive", "xa.camxuyen"),
            ("issue_commune_report", "xa.camxuyen"),
            ("propose", "xa.camxuyen"),
            ("start_check", "tinh.hatinh"),
            ("find_eligible", "tinh.hatinh"),
        ]
    );
    assert_eq!(history[2]["event"]["reasons"][0], "Thiếu phiếu kiểm nghiệm");
    assert_eq!(history[8]["note"], "Hồ sơ đầy đủ");
    // The lists follow the areas.
    let inbox = province.get("/api/v1/dossiers?state=eligible").await;
    assert_eq!(inbox.json()["total"], 1);
    assert_eq!(other_commune.get("/api/v1/dossiers").await.json()["total"], 0);
    assert_eq!(owner.get("/api/v1/dossiers").await.json()["total"], 1);
    // The pages render for each role.
    for client in [&mut owner, &mut commune, &mut province] {
        let page = client.get(&format!("/dossiers/{id}")).await;
        assert_eq!(page.status, 200, "{}", page.text);
        assert!(page.text.contains("Bưởi Phúc Trạch"));
        assert_eq!(client.get("/dossiers").await.status, 200);
    }
}

#[tokio::test]
async fn ideas_and_business_plans_are_answered_by_the_commune_with_reasons() {
    let app = TestApp::spawn().await;
    common::publish_sample_sheets(&app).await;
    let mut admin = app.login_as("quantri", "administrator", None, None).await;
    let producer = admin
        .post_json(
            "/api/v1/producers",
            &producer_body("HTX Trà Hoa Vàng", &tax_code(91), CAM_XUYEN),
        )
        .await;
    let producer_id = producer.json()["id"].as_str().unwrap().to_owned();
    let mut owner = app
        .login_as("chuthe.htx", "producer", None, Some(producer_id.parse().unwrap()))
        .await;
    let mut commune = app
        .login_as("xa.camxuyen", "commune_officer", Some(CAM_XUYEN), None)
        .await;
    let mut other = app
        .login_as("xa.thanhsen", "commune_officer", Some(THANH_SEN), None)
        .await;

    let idea = owner
        .post_json(
            "/api/v1/ideas",
            &json!({ "producer_id": producer_id, "product_name": "Trà hoa vàng", "description": "Trà từ vườn đồi" }),
        )
        .await;
    assert_eq!(idea.status, 201, "{}", idea.text);
    let idea = idea.json();
    assert_eq!(idea["kind"], "new");
    assert_eq!(idea["state"], "submitted");
    let id = idea["id"].as_str().unwrap();
    assert_eq!(
        owner
            .post_json(&format!("/api/v1/ideas/{id}/accept"), &json!({}))
            .await
            .status,
        403
    );
    assert_eq!(
        other
            .post_json(&format!("/api/v1/ideas/{id}/accept"), &json!({}))
            .await
            .status,
        404
    );
    let no_reason = commune
        .post_json(&format!("/api/v1/ideas/{id}/return"), &json!({}))
        .await;
    assert_eq!(no_reason.status, 422, "{}", no_reason.text);
    let returned = commune
        .post_json(
            &format!("/api/v1/ideas/{id}/return"),
            &json!({ "reason": "Trùng sản phẩm đã có" }),
        )
        .await;
    assert_eq!(returned.status, 200, "{}", returned.text);
    let returned = returned.json();
    assert_eq!(returned["state"], "returned");
    assert_eq!(returned["steps"][1]["actor_name"], "xa.camxuyen");
    assert_eq!(returned["steps"][1]["reason"], "Trùng sản phẩm đã có");
    assert!(
        returned["steps"][0]["due_on"].is_string(),
        "the submission sets the answer's deadline"
    );
    let again = commune
        .post_json(&format!("/api/v1/ideas/{id}/accept"), &json!({}))
        .await;
    assert_eq!(again.status, 409, "{}", again.text);

    let plan = owner
        .post_json(
            "/api/v1/business-plans",
            &json!({ "producer_id": producer_id, "title": "Phương án trà hoa vàng",
                     "lines": [{ "item": "Máy sấy", "amount_vnd": 120000000, "funding": "support" },
                               { "item": "Bao bì", "amount_vnd": 30000000, "funding": "own" }] }),
        )
        .await;
    assert_eq!(plan.status, 201, "{}", plan.text);
    let plan = plan.json();
    assert_eq!(plan["total_vnd"], 150000000);
    let plan_id = plan["id"].as_str().unwrap();
    let bad_line = owner
        .post_json(
            "/api/v1/business-plans",
            &json!({ "producer_id": producer_id, "title": "X", "lines": [{ "item": "", "amount_vnd": -1, "funding": "gift" }] }),
        )
        .await;
    assert_eq!(bad_line.status, 422, "{}", bad_line.text);
    assert_eq!(bad_line.field_codes().len(), 3);
    let early = commune
        .post_json(&format!("/api/v1/business-plans/{plan_id}/approve"), &json!({}))
        .await;
    assert_eq!(early.status, 409, "a draft is not approved");
    assert_eq!(
        owner
            .post_json(&format!("/api/v1/business-plans/{plan_id}/submit"), &json!({}))
            .await
            .status,
        200
    );
    let approved = commune
        .post_json(&format!("/api/v1/business-plans/{plan_id}/approve"), &json!({}))
        .await;
    assert_eq!(approved.status, 200, "{}", approved.text);
    let approved = approved.json();
    assert_eq!(approved["state"], "approved");
    let page = commune.get("/ideas").await;
    assert_eq!(page.status, 200, "{}", page.text);
    assert!(page.text.contains("Trùng sản phẩm đã có") && page.text.contains("150.000.000 đ"));
    assert!(!other.get("/ideas").await.text.contains("Trà hoa vàng"));
    let actions: Vec<&str> = approved["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["action"].as_str().unwrap())
        .collect();
    assert_eq!(actions, vec!["create", "submit", "approve"]);
}

/// Posts an HTML form the way a browser page does (token in the `_csrf` field).
async fn post_form(client: &mut common::TestClient, path: &str, fields: &[(&str, &str)]) -> common::TestResponse {
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

/// The HTML of the `<select name="{name}" …>…</select>` on a page.
fn select<'a>(html: &'a str, name: &str) -> &'a str {
    let start = html
        .find(&format!("<select name=\"{name}\""))
        .unwrap_or_else(|| panic!("no select {name} in {html}"));
    let end = start + html[start..].find("</select>").expect("closed");
    &html[start..end]
}

/// Issue 13: the new-dossier form and the self-assessment keep what was chosen when refused,
/// with the error summary and the message beside the field.
#[tokio::test]
async fn refused_dossier_forms_come_back_with_what_was_chosen() {
    let app = TestApp::spawn().await;
    common::publish_sample_sheets(&app).await;
    let mut admin = app.login_as("quantri", "administrator", None, None).await;
    let producer = admin
        .post_json(
            "/api/v1/producers",
            &producer_body("HTX Nước mắm Cẩm Nhượng", &tax_code(78), CAM_XUYEN),
        )
        .await;
    assert_eq!(producer.status, 201, "{}", producer.text);
    let producer_id = producer.json()["id"].as_str().unwrap().to_owned();
    let product = admin
        .post_json(
            "/api/v1/products",
            &json!({ "name": "Nước mắm Cẩm Nhượng", "producer_id": producer_id, "product_set_code": "I.4.a", "commune_id": CAM_XUYEN }),
        )
        .await;
    assert_eq!(product.status, 201, "{}", product.text);
    let product_id = product.json()["id"].as_str().unwrap().to_owned();
    let mut owner = app
        .login_as("chuthe.camnhuong", "producer", None, Some(producer_id.parse().unwrap()))
        .await;

    // An upgrade without stars for a product holding no certificate: refused on the form.
    let upgrade = post_form(
        &mut owner,
        "/dossiers/new",
        &[("product_id", &product_id), ("kind", "upgrade"), ("current_stars", "")],
    )
    .await;
    assert!(
        (400..500).contains(&upgrade.status),
        "{} {}",
        upgrade.status,
        upgrade.text
    );
    assert!(
        upgrade.text.contains("data-testid=\"error-summary\""),
        "{}",
        upgrade.text
    );
    let kind = select(&upgrade.text, "kind");
    assert!(kind.contains("aria-invalid=\"true\""), "{kind}");
    assert!(kind.contains("<option value=\"upgrade\" selected>"), "{kind}");
    assert!(upgrade.text.contains("id=\"f-kind-error\""), "{}", upgrade.text);
    assert!(
        select(&upgrade.text, "product_id").contains(&format!("<option value=\"{product_id}\" selected>")),
        "{}",
        upgrade.text
    );
    let none = owner.get("/api/v1/dossiers").await.json();
    assert_eq!(none["total"], 0, "nothing was created: {none}");

    // A self-assessment with an option the criterion does not have: every answer comes back.
    let created = owner
        .post_json("/api/v1/dossiers", &json!({ "product_id": product_id, "kind": "new" }))
        .await;
    assert_eq!(created.status, 201, "{}", created.text);
    let id = created.json()["id"].as_str().unwrap().to_owned();
    let set = common::sample_sheet_in_force();
    let codes: Vec<String> = set.criteria().map(|(_, c)| c.code.clone()).take(2).collect();
    let posted = post_form(
        &mut owner,
        &format!("/dossiers/{id}/self-assessment"),
        &[(codes[0].as_str(), "1"), (codes[1].as_str(), "99")],
    )
    .await;
    assert_eq!(posted.status, 422, "{}", posted.text);
    assert!(posted.text.contains("data-testid=\"error-summary\""), "{}", posted.text);
    let first = select(&posted.text, &codes[0]);
    assert!(
        first.contains("<option value=\"1\" selected>"),
        "the typed answer is kept: {first}"
    );
    assert!(!first.contains("aria-invalid"), "{first}");
    let second = select(&posted.text, &codes[1]);
    assert!(second.contains("aria-invalid=\"true\""), "{second}");
    assert!(
        posted
            .text
            .contains(&format!("id=\"f-{}-error\"", codes[1].replace('.', "-"))),
        "the message beside the criterion: {}",
        posted.text
    );
    let saved = owner.get(&format!("/api/v1/dossiers/{id}")).await.json();
    assert_eq!(saved["self_assessment"]["answered"], 0, "nothing was saved: {saved}");
}

/// Issue 13: the self-assessment saves each answer as it is chosen (the page's autosave): one
/// answer per request through the service's checks, the same answer again changes nothing, an
/// answer chosen before the stored one is ignored, and the refusals (unknown criterion or
/// option, someone else's dossier, a dossier no longer editable) write nothing.
#[tokio::test]
async fn the_self_assessment_saves_one_answer_at_a_time() {
    let app = TestApp::spawn().await;
    common::publish_sample_sheets(&app).await;
    let mut admin = app.login_as("quantri", "administrator", None, None).await;
    let (producer_id, product_id) = product_of(&mut admin, "HTX Kẹo cu đơ Cẩm Xuyên", 79).await;
    let (other_producer_id, _) = product_of(&mut admin, "HTX Mật ong Cẩm Xuyên", 80).await;
    let mut owner = app
        .login_as("chuthe.keocudo", "producer", None, Some(producer_id.parse().unwrap()))
        .await;
    let mut stranger = app
        .login_as(
            "chuthe.matong",
            "producer",
            None,
            Some(other_producer_id.parse().unwrap()),
        )
        .await;
    let mut other_commune = app
        .login_as("xa.thanhsen2", "commune_officer", Some(THANH_SEN), None)
        .await;
    let created = owner
        .post_json("/api/v1/dossiers", &json!({ "product_id": product_id, "kind": "new" }))
        .await;
    assert_eq!(created.status, 201, "{}", created.text);
    let id = created.json()["id"].as_str().unwrap().to_owned();
    let answer = format!("/dossiers/{id}/self-assessment/answer");
    let dossier = format!("/api/v1/dossiers/{id}");
    let set = common::sample_sheet_in_force();
    let codes: Vec<String> = set.criteria().map(|(_, c)| c.code.clone()).take(2).collect();

    // One answer saved; the running total comes back.
    let saved = post_form(&mut owner, &answer, &[("criterion", &codes[0]), ("option", "1")]).await;
    assert_eq!(saved.status, 200, "{}", saved.text);
    assert!(saved.text.contains("id=\"self-score-total\""), "{}", saved.text);
    assert!(saved.text.contains(">1/"), "one criterion answered: {}", saved.text);
    let after = owner.get(&dossier).await.json();
    assert_eq!(after["self_assessment"]["choices"][&codes[0]], 1, "{after}");
    assert_eq!(after["self_assessment"]["answered"], 1);
    let version = after["row_version"].as_i64().unwrap();

    // The same answer again (a retry) writes nothing.
    let again = post_form(&mut owner, &answer, &[("criterion", &codes[0]), ("option", "1")]).await;
    assert_eq!(again.status, 200, "{}", again.text);
    assert_eq!(owner.get(&dossier).await.json()["row_version"].as_i64(), Some(version));

    // An answer chosen before the stored one (kept offline, sent late) does not overwrite it.
    let stale = post_form(
        &mut owner,
        &answer,
        &[("criterion", &codes[0]), ("option", "0"), ("client_at", "1000")],
    )
    .await;
    assert_eq!(stale.status, 200, "{}", stale.text);
    let after = owner.get(&dossier).await.json();
    assert_eq!(after["self_assessment"]["choices"][&codes[0]], 1, "{after}");

    // A second criterion, then a blank option clears it.
    let second = post_form(&mut owner, &answer, &[("criterion", &codes[1]), ("option", "0")]).await;
    assert_eq!(second.status, 200, "{}", second.text);
    assert_eq!(owner.get(&dossier).await.json()["self_assessment"]["answered"], 2);
    let cleared = post_form(&mut owner, &answer, &[("criterion", &codes[1]), ("option", "")]).await;
    assert_eq!(cleared.status, 200, "{}", cleared.text);
    assert_eq!(owner.get(&dossier).await.json()["self_assessment"]["answered"], 1);

    // Refusals: unknown criterion, an option the criterion does not have, not a number.
    for (criterion, option) in [("Z.9.9", "0"), (codes[0].as_str(), "99"), (codes[0].as_str(), "một")] {
        let refused = post_form(&mut owner, &answer, &[("criterion", criterion), ("option", option)]).await;
        assert_eq!(refused.status, 422, "{criterion}={option}: {}", refused.text);
    }
    // Not the owner, nor an officer of another commune: the dossier is not theirs to see.
    for client in [&mut stranger, &mut other_commune] {
        let refused = post_form(client, &answer, &[("criterion", &codes[0]), ("option", "0")]).await;
        assert!(
            [403, 404].contains(&refused.status),
            "{} {}",
            refused.status,
            refused.text
        );
    }
    let after = owner.get(&dossier).await.json();
    assert_eq!(after["self_assessment"]["choices"][&codes[0]], 1, "{after}");
    assert_eq!(after["self_assessment"]["answered"], 1, "{after}");

    // Submitted, the dossier is frozen: an answer is refused.
    let whole = owner
        .put_json(&format!("{dossier}/self-assessment"), &lowest_choices())
        .await;
    assert_eq!(whole.status, 200, "{}", whole.text);
    let form = owner
        .post_bytes(
            &format!("/api/v1/producers/{producer_id}/evidence?doc_type=registration_form"),
            "application/pdf",
            PDF.to_vec(),
        )
        .await;
    assert_eq!(form.status, 201, "{}", form.text);
    let attached = owner
        .post_json(
            &format!("{dossier}/evidence"),
            &json!({ "document_id": form.json()["id"] }),
        )
        .await;
    assert_eq!(attached.status, 200, "{}", attached.text);
    let submitted = owner.post_json(&format!("{dossier}/submit"), &json!({})).await;
    assert_eq!(submitted.status, 200, "{}", submitted.text);
    let locked = post_form(&mut owner, &answer, &[("criterion", &codes[0]), ("option", "1")]).await;
    assert_eq!(locked.status, 409, "{}", locked.text);
    let after = owner.get(&dossier).await.json();
    assert_eq!(after["self_assessment"]["choices"][&codes[0]], 0, "{after}");
}

/// A producer of Cẩm Xuyên with one product: (producer id, product id).
async fn product_of(admin: &mut common::TestClient, name: &str, seed: u64) -> (String, String) {
    let producer = admin
        .post_json("/api/v1/producers", &producer_body(name, &tax_code(seed), CAM_XUYEN))
        .await;
    assert_eq!(producer.status, 201, "{}", producer.text);
    let producer_id = producer.json()["id"].as_str().unwrap().to_owned();
    let product = admin
        .post_json(
            "/api/v1/products",
            &json!({ "name": name, "producer_id": producer_id, "product_set_code": "I.4.a", "commune_id": CAM_XUYEN }),
        )
        .await;
    assert_eq!(product.status, 201, "{}", product.text);
    (producer_id, product.json()["id"].as_str().unwrap().to_owned())
}
