//! The central level over HTTP (both databases): a provincial batch closes with two dossiers at
//! 100 points; the province's recognition decision gives each product a 4★ certificate and
//! forwards both to the central level; the ministry's advisory team (central officers) checks
//! them, returning one for supplement; a central council of national council members scores
//! them in a central batch with the same server-side rules; the ministry's decision recognises
//! the 5★ one with a certificate issued by the ministry that supersedes the provincial 4★, and
//! the other keeps its valid 4★. Plus the refusals between the levels, the pages, the audit
//! trail, and a dossier stored in the old `proposed_to_central` state (m0013_central_level).

use crate::common;

use common::{TestApp, TestClient, producer_body, tax_code};
use ocop_domain::evaluation::CriteriaSet;
use serde_json::{Value, json};
use uuid::Uuid;

const CAM_XUYEN: &str = "2025/commune/18673"; // Hà Tĩnh (42)
const HA_TINH: &str = "2025/province/42";
const MINISTRY: &str = "Bộ Nông nghiệp và Môi trường";
const PDF: &[u8] = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n";

fn day(offset_days: i64) -> String {
    ((chrono::Utc::now() + chrono::Duration::hours(7)).date_naive() + chrono::Duration::days(offset_days)).to_string()
}

/// An eligible dossier at the province level for a new product of a new producer.
async fn eligible_dossier(app: &TestApp, admin: &mut TestClient, seed: u64) -> (Uuid, Uuid, Uuid) {
    let producer = admin
        .post_json(
            "/api/v1/producers",
            &producer_body(&format!("HTX Trung ương {seed}"), &tax_code(700 + seed), CAM_XUYEN),
        )
        .await;
    assert_eq!(producer.status, 201, "{}", producer.text);
    let producer_id: Uuid = producer.json()["id"].as_str().unwrap().parse().unwrap();
    let product = admin
        .post_json(
            "/api/v1/products",
            &json!({ "name": format!("Nước mắm Cẩm Xuyên {seed}"), "producer_id": producer_id,
                     "product_set_code": "I.4.a", "commune_id": CAM_XUYEN }),
        )
        .await;
    assert_eq!(product.status, 201, "{}", product.text);
    let product_id: Uuid = product.json()["id"].as_str().unwrap().parse().unwrap();
    let id = ocop_service::councils::testing::insert_eligible_dossier(&app.ctx.db, producer_id, product_id, CAM_XUYEN)
        .await
        .expect("dossier");
    (id, product_id, producer_id)
}

/// (code, index of the top option, its points, index of the lowest option, its points).
fn options() -> Vec<(String, usize, u32, usize, u32)> {
    CriteriaSet::qd1048_fresh_produce()
        .criteria()
        .map(|(_, c)| {
            let top = (0..c.options.len()).max_by_key(|i| c.options[*i].points.0).unwrap();
            let low = (0..c.options.len()).min_by_key(|i| c.options[*i].points.0).unwrap();
            (
                c.code.clone(),
                top,
                c.options[top].points.0,
                low,
                c.options[low].points.0,
            )
        })
        .collect()
}

/// The criteria to answer with their lowest option so the total (hundredths) falls just
/// below 90 points: a 4★ outcome.
fn below_ninety() -> Vec<String> {
    let mut total: u32 = options().iter().map(|o| o.2).sum();
    let mut low = Vec::new();
    for (code, _, top, _, bottom) in options() {
        if total < 9000 {
            break;
        }
        if top > bottom {
            total -= top - bottom;
            low.push(code);
        }
    }
    assert!((7000..9000).contains(&total), "a 4★ total: {total}");
    low
}

/// Answers every criterion (the top option, the lowest for `low`) and submits the sheet.
async fn score(client: &mut TestClient, batch: &str, dossier: Uuid, low: &[String]) {
    for (code, top, _, bottom, _) in options() {
        let option = if low.contains(&code) { bottom } else { top };
        let r = client
            .post_json(
                &format!("/api/v1/batches/{batch}/dossiers/{dossier}/answers"),
                &json!({ "criterion": code, "option": option, "comment": "" }),
            )
            .await;
        assert_eq!(r.status, 200, "{}", r.text);
    }
    let r = client
        .post_json(
            &format!("/api/v1/batches/{batch}/dossiers/{dossier}/submit"),
            &json!({}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
}

async fn user_id(client: &mut TestClient) -> String {
    client.get("/api/v1/auth/me").await.json()["user_id"]
        .as_str()
        .unwrap()
        .to_owned()
}

async fn seat(manager: &mut TestClient, council: &str, user: &str, role: &str) -> TestResponseLite {
    let r = manager
        .post_json(
            &format!("/api/v1/councils/{council}/members"),
            &json!({ "user_id": user, "full_name": format!("Thành viên {role}"), "role": role,
                     "agency": "Văn phòng Điều phối nông thôn mới Trung ương" }),
        )
        .await;
    TestResponseLite {
        status: r.status,
        fields: if r.status == 422 { r.field_codes() } else { Vec::new() },
    }
}

struct TestResponseLite {
    status: u16,
    fields: Vec<(String, String)>,
}

async fn post(client: &mut TestClient, path: &str, body: Value) -> Value {
    let r = client.post_json(path, &body).await;
    assert!((200..300).contains(&r.status), "POST {path}: {} {}", r.status, r.text);
    r.json()
}

fn row(batch: &Value, dossier: Uuid) -> Value {
    batch["dossiers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["dossier_id"] == dossier.to_string())
        .cloned()
        .unwrap_or_else(|| panic!("{dossier} not in {batch}"))
}

/// A batch of `council` that met yesterday, with the dossiers scheduled, the electronic
/// dossiers sent two weeks before and every member recorded present.
async fn batch(manager: &mut TestClient, council: &str, name: &str, dossiers: &[Uuid]) -> String {
    let created = post(
        manager,
        "/api/v1/batches",
        json!({ "council_id": council, "name": name, "starts_on": day(-20), "ends_on": day(20), "meeting_on": day(-1) }),
    )
    .await;
    let id = created["id"].as_str().unwrap().to_owned();
    for d in dossiers {
        post(
            manager,
            &format!("/api/v1/batches/{id}/dossiers"),
            json!({ "dossier_id": d }),
        )
        .await;
    }
    post(
        manager,
        &format!("/api/v1/batches/{id}/send"),
        json!({ "sent_on": day(-15) }),
    )
    .await;
    common::record_all_present(manager, &id).await;
    id
}

#[tokio::test]
async fn a_forwarded_dossier_goes_through_the_central_level_to_5_stars_or_keeps_its_4_stars() {
    let app = TestApp::spawn().await;
    let mut admin = app.login_as("tw.admin", "administrator", None, None).await;
    let mut province = app.login_as("tw.tinh", "province_officer", Some(HA_TINH), None).await;
    let mut central = app.login_as("tw.bo", "central_officer", None, None).await;
    let mut p_chair = app
        .login_as("tw.tinh.chutich", "council_member", Some(HA_TINH), None)
        .await;
    let mut p_member = app
        .login_as("tw.tinh.thanhvien", "council_member", Some(HA_TINH), None)
        .await;
    let mut c_chair = app.login_as("tw.qg.chutich", "council_member", None, None).await;
    let mut c_member = app.login_as("tw.qg.thanhvien", "council_member", None, None).await;
    let mut c_secretary = app.login_as("tw.qg.thuky", "council_secretary", None, None).await;
    assert_eq!(c_chair.get("/api/v1/auth/me").await.json()["scope"], "national");

    let (d1, product1, _) = eligible_dossier(&app, &mut admin, 1).await;
    let (d2, product2, producer2) = eligible_dossier(&app, &mut admin, 2).await;

    // ---- The province: a council, a batch, both dossiers at 100 points.
    let council = post(
        &mut province,
        "/api/v1/councils",
        json!({ "name": "Hội đồng OCOP tỉnh Hà Tĩnh", "level": "province", "unit_id": HA_TINH,
                "decision_number": "1520/QĐ-UBND", "decision_date": day(-60) }),
    )
    .await;
    let p_council = council["id"].as_str().unwrap().to_owned();
    let chair_id = user_id(&mut p_chair).await;
    let member_id = user_id(&mut p_member).await;
    assert_eq!(seat(&mut province, &p_council, &chair_id, "chair").await.status, 201);
    assert_eq!(seat(&mut province, &p_council, &member_id, "member").await.status, 201);
    // A national council member sits on no provincial council.
    let national = user_id(&mut c_member).await;
    let refused = seat(&mut province, &p_council, &national, "member").await;
    assert_eq!(refused.status, 422);
    assert_eq!(refused.fields, [("user_id".to_owned(), "invalid_choice".to_owned())]);
    let p_batch = batch(&mut province, &p_council, "Đợt 1 năm 2026", &[d1, d2]).await;
    post(&mut p_chair, &format!("/api/v1/batches/{p_batch}/open"), json!({})).await;
    for client in [&mut p_chair, &mut p_member] {
        score(client, &p_batch, d1, &[]).await;
        score(client, &p_batch, d2, &[]).await;
    }
    let closed = post(&mut p_chair, &format!("/api/v1/batches/{p_batch}/close"), json!({})).await;
    for d in [d1, d2] {
        assert_eq!(row(&closed, d)["score"].as_f64().unwrap(), 100.0);
        assert_eq!(row(&closed, d)["route"], "forward");
    }
    let recognised = post(
        &mut province,
        &format!("/api/v1/batches/{p_batch}/recognise"),
        json!({ "decision": { "number": "1890/QĐ-UBND", "decided_on": day(-1), "issuer_name": "UBND tỉnh Hà Tĩnh",
                              "issuer_level": "province", "legal_basis": "qd148" } }),
    )
    .await;
    assert!(
        recognised["decision_id"].is_string(),
        "the decision gave certificates: {recognised}"
    );

    // Both forwarded, each with a provincial 4★ certificate of the same decision.
    let mut province_certificates = Vec::new();
    for d in [d1, d2] {
        let detail = central.get(&format!("/api/v1/dossiers/{d}")).await.json();
        assert_eq!(detail["state"], "proposed");
        assert_eq!(detail["level"], "central");
        let step = &detail["central"];
        assert_eq!(step["outcome"], "pending");
        assert_eq!(step["province_score"].as_f64().unwrap(), 100.0);
        let certificate = &step["province_certificate"];
        assert_eq!(certificate["stars"], 4);
        assert_eq!(certificate["issuer_name"], "UBND tỉnh Hà Tĩnh");
        assert_eq!(certificate["status"], "valid");
        province_certificates.push(certificate["id"].as_str().unwrap().to_owned());
    }
    let full = admin
        .get(&format!("/api/v1/certificates/{}", province_certificates[0]))
        .await
        .json();
    assert_eq!(full["product_id"], product1.to_string());
    assert_eq!(full["decision"]["number"], "1890/QĐ-UBND");
    assert_eq!(full["score"].as_f64().unwrap(), 100.0);

    // The province's results decision rates both 4★ (annex I) and proposes them to the
    // ministry (annex II); its .xlsx twin lists them at 4★ too.
    let reader = app.admin_actor().await;
    let p_batch_id: Uuid = p_batch.parse().unwrap();
    let (pages, missing) =
        ocop_service::councils::testing::pdf_pages(&app.ctx.db, &reader, p_batch_id, "decision.pdf").await;
    assert!(missing.is_empty(), "{missing:?}");
    let text = pages.join(" ");
    for expected in ["(02 sản phẩm 4 sao)", "II. Sản phẩm đạt từ 90 điểm", "1890/QĐ-UBND"] {
        assert!(
            text.contains(expected),
            "{expected:?} missing from the decision: {text}"
        );
    }
    let xlsx = ocop_service::councils::testing::xlsx_text(&app.ctx.db, &reader, p_batch_id, "decision.xlsx").await;
    assert_eq!(
        xlsx.matches("4 sao").count(),
        1,
        "one shared string, used by both rows: {xlsx}"
    );
    assert!(!xlsx.contains("5 sao"), "the province does not rate 5★: {xlsx}");

    // The central inbox: the API filter and the page.
    let inbox = central.get("/api/v1/dossiers?level=central").await.json();
    assert_eq!(inbox["total"], 2, "{inbox}");
    assert_eq!(
        central.get("/api/v1/dossiers?level=ministry").await.error_code(),
        "validation_failed"
    );
    let page = central.get("/central").await;
    assert_eq!(page.status, 200);
    assert!(page.text.contains("Nước mắm Cẩm Xuyên 1") && page.text.contains("Nước mắm Cẩm Xuyên 2"));
    assert_eq!(province.get("/central").await.status, 403);
    // Each officer's to-do list holds its own level's dossiers only.
    let todo = province.get("/dossiers?state=proposed,check").await;
    assert_eq!(todo.status, 200);
    assert!(!todo.text.contains("Nước mắm Cẩm Xuyên 1"), "{}", todo.text);
    let todo = central.get("/dossiers?state=proposed,check,eligible").await;
    assert!(todo.text.contains("Nước mắm Cẩm Xuyên 1"));

    // ---- The ministry's advisory team checks; the province cannot.
    let refused = province
        .post_json(&format!("/api/v1/dossiers/{d1}/start-check"), &json!({}))
        .await;
    assert_eq!(refused.status, 403, "{}", refused.text);
    let detail = central.get(&format!("/api/v1/dossiers/{d1}")).await.json();
    assert_eq!(detail["actions"], json!(["start_check"]));
    for d in [d1, d2] {
        post(&mut central, &format!("/api/v1/dossiers/{d}/start-check"), json!({})).await;
    }
    post(&mut central, &format!("/api/v1/dossiers/{d1}/find-eligible"), json!({})).await;
    let returned = post(
        &mut central,
        &format!("/api/v1/dossiers/{d2}/return"),
        json!({ "reasons": ["Bổ sung phiếu kiểm nghiệm của phòng thí nghiệm được công nhận"] }),
    )
    .await;
    assert_eq!(returned["state"], "returned");
    assert_eq!(returned["level"], "central");
    assert!(returned["editable"].as_bool().unwrap());
    // Supplemented (the registration form and the self-assessment) and resubmitted by the
    // province for the producer: back to the central level, not to the province.
    let uploaded = admin
        .post_bytes(
            &format!(
                "/api/v1/producers/{producer2}/evidence?doc_type=registration_form&issued_on={}",
                day(-3)
            ),
            "application/pdf",
            PDF.to_vec(),
        )
        .await;
    assert_eq!(uploaded.status, 201, "{}", uploaded.text);
    let document = uploaded.json()["id"].clone();
    post(
        &mut province,
        &format!("/api/v1/dossiers/{d2}/evidence"),
        json!({ "document_id": document }),
    )
    .await;
    let choices: serde_json::Map<String, Value> = options().into_iter().map(|o| (o.0, json!(o.1))).collect();
    let assessed = province
        .put_json(
            &format!("/api/v1/dossiers/{d2}/self-assessment"),
            &json!({ "choices": choices }),
        )
        .await;
    assert_eq!(assessed.status, 200, "{}", assessed.text);
    let resubmitted = post(&mut province, &format!("/api/v1/dossiers/{d2}/submit"), json!({})).await;
    assert_eq!(
        (resubmitted["state"].as_str(), resubmitted["level"].as_str()),
        (Some("proposed"), Some("central"))
    );
    post(&mut central, &format!("/api/v1/dossiers/{d2}/start-check"), json!({})).await;
    post(&mut central, &format!("/api/v1/dossiers/{d2}/find-eligible"), json!({})).await;

    // ---- A central council founded by the ministry, national members.
    let central_council = json!({ "name": "Hội đồng OCOP cấp quốc gia", "level": "central", "unit_id": "",
                                  "decision_number": "1102/QĐ-BNNMT", "decision_date": day(-30) });
    assert_eq!(
        province.post_json("/api/v1/councils", &central_council).await.status,
        403
    );
    let as_province = central
        .post_json(
            "/api/v1/councils",
            &json!({ "name": "Hội đồng tỉnh", "level": "province", "unit_id": HA_TINH,
                     "decision_number": "1/QĐ-UBND", "decision_date": day(-30) }),
        )
        .await;
    assert_eq!(as_province.status, 403, "the ministry founds no provincial council");
    let c_council = post(&mut central, "/api/v1/councils", central_council).await;
    assert_eq!(c_council["level"], "central");
    assert_eq!(c_council["province_code"], "");
    let c_council = c_council["id"].as_str().unwrap().to_owned();
    let (cc, cm, cs) = (
        user_id(&mut c_chair).await,
        user_id(&mut c_member).await,
        user_id(&mut c_secretary).await,
    );
    assert_eq!(seat(&mut central, &c_council, &cc, "chair").await.status, 201);
    assert_eq!(seat(&mut central, &c_council, &cm, "member").await.status, 201);
    assert_eq!(seat(&mut central, &c_council, &cs, "secretary").await.status, 201);
    let provincial_member = seat(&mut central, &c_council, &member_id, "member").await;
    assert_eq!(
        provincial_member.status, 422,
        "a provincial member sits on no central council"
    );
    // The province does not even see the central council.
    assert_eq!(seat(&mut province, &c_council, &cm, "vice_chair").await.status, 404);

    // The province's batches take no central dossier; the central batch takes both.
    let p_batch2 = post(
        &mut province,
        "/api/v1/batches",
        json!({ "council_id": p_council, "name": "Đợt 2", "starts_on": day(-1), "ends_on": day(20), "meeting_on": day(12) }),
    )
    .await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let wrong = province
        .post_json(
            &format!("/api/v1/batches/{p_batch2}/dossiers"),
            &json!({ "dossier_id": d1 }),
        )
        .await;
    assert_eq!(wrong.error_code(), "dossier_not_eligible", "{}", wrong.text);
    let not_theirs = province
        .post_json(
            "/api/v1/batches",
            &json!({ "council_id": c_council, "name": "Đợt", "starts_on": day(-1), "ends_on": day(20), "meeting_on": day(12) }),
        )
        .await;
    assert_eq!(
        not_theirs.field_codes(),
        [("council_id".to_owned(), "not_found".to_owned())]
    );
    let c_batch = batch(&mut central, &c_council, "Đợt 1 năm 2026 (cấp quốc gia)", &[d1, d2]).await;

    // ---- The central council scores with the same server rules.
    post(&mut c_chair, &format!("/api/v1/batches/{c_batch}/open"), json!({})).await;
    let secretary_answer = c_secretary
        .post_json(
            &format!("/api/v1/batches/{c_batch}/dossiers/{d1}/answers"),
            &json!({ "criterion": options()[0].0, "option": 0, "comment": "" }),
        )
        .await;
    assert_eq!(secretary_answer.status, 403, "the secretary does not score");
    let outsider = p_chair
        .post_json(
            &format!("/api/v1/batches/{c_batch}/dossiers/{d1}/answers"),
            &json!({ "criterion": options()[0].0, "option": 0, "comment": "" }),
        )
        .await;
    assert!([403, 404].contains(&outsider.status), "{}", outsider.text);
    let low = below_ninety();
    for client in [&mut c_chair, &mut c_member] {
        score(client, &c_batch, d1, &[]).await;
        score(client, &c_batch, d2, &low).await;
    }
    let closed = post(&mut c_chair, &format!("/api/v1/batches/{c_batch}/close"), json!({})).await;
    assert_eq!(row(&closed, d1)["star"], 5);
    assert_eq!(row(&closed, d1)["route"], "recognise");
    assert!(row(&closed, d2)["score"].as_f64().unwrap() < 90.0);
    assert_eq!(row(&closed, d2)["route"], "not_recognised");

    // ---- The ministry's decision: 5★ signed by the ministry only.
    let by_province_issuer = central
        .post_json(
            &format!("/api/v1/batches/{c_batch}/recognise"),
            &json!({ "decision": { "number": "2400/QĐ-BNNMT", "decided_on": day(0), "issuer_name": "UBND tỉnh Hà Tĩnh",
                                   "issuer_level": "province", "legal_basis": "qd148" } }),
        )
        .await;
    assert_eq!(by_province_issuer.status, 422, "{}", by_province_issuer.text);
    assert!(
        by_province_issuer
            .field_codes()
            .contains(&("decision.issuer_level".to_owned(), "wrong_issuer".to_owned()))
    );
    let province_recognises = province
        .post_json(
            &format!("/api/v1/batches/{c_batch}/recognise"),
            &json!({ "decision": { "number": "2400/QĐ-BNNMT", "decided_on": day(0), "issuer_name": MINISTRY,
                                   "issuer_level": "ministry", "legal_basis": "qd148" } }),
        )
        .await;
    assert_eq!(
        province_recognises.status, 404,
        "the central batch is not the province's to see"
    );
    let decided = post(
        &mut central,
        &format!("/api/v1/batches/{c_batch}/recognise"),
        json!({ "decision": { "number": "2400/QĐ-BNNMT", "decided_on": day(0), "issuer_name": MINISTRY,
                              "issuer_level": "ministry", "legal_basis": "qd148" } }),
    )
    .await;
    assert_eq!(decided["status"], "recognised");

    // d1: 5★ by the ministry, an upgrade superseding the provincial 4★ (kept in history).
    let detail = central.get(&format!("/api/v1/dossiers/{d1}")).await.json();
    assert_eq!(
        (detail["state"].as_str(), detail["level"].as_str()),
        (Some("recognised"), Some("central"))
    );
    assert_eq!(detail["stars"], 5);
    let step = &detail["central"];
    assert_eq!(step["outcome"], "recognised");
    assert_eq!(step["batch_id"], c_batch.as_str());
    assert_eq!(step["province_certificate"]["status"], "superseded");
    let five = &step["certificate"];
    assert_eq!(five["stars"], 5);
    assert_eq!(five["issuer_name"], MINISTRY);
    assert_eq!(five["status"], "valid");
    let five = admin
        .get(&format!("/api/v1/certificates/{}", five["id"].as_str().unwrap()))
        .await
        .json();
    assert_eq!(five["origin"], "upgrade");
    assert_eq!(five["decision"]["issuer_level"], "ministry");
    assert_eq!(five["decision"]["number"], "2400/QĐ-BNNMT");
    assert_eq!(five["product_id"], product1.to_string());
    let old = admin
        .get(&format!("/api/v1/certificates/{}", province_certificates[0]))
        .await
        .json();
    assert_eq!(old["status"], "superseded");
    assert_eq!(old["superseded_by"], five["id"]);
    assert_eq!(old["superseded_on"], day(0));
    let certificates = ocop_service::councils::testing::certificates_of(&app.ctx.db, product1).await;
    assert_eq!(certificates.len(), 2, "the 4★ stays in the history: {certificates:?}");

    // d2: not recognised at the central level; its provincial 4★ stays valid.
    let detail = central.get(&format!("/api/v1/dossiers/{d2}")).await.json();
    assert_eq!(
        (detail["state"].as_str(), detail["level"].as_str()),
        (Some("not_recognised"), Some("central"))
    );
    assert_eq!(detail["central"]["outcome"], "not_recognised");
    assert!(detail["central"]["certificate"].is_null());
    let kept = admin
        .get(&format!("/api/v1/certificates/{}", province_certificates[1]))
        .await
        .json();
    assert_eq!(kept["status"], "valid");
    assert!(kept["superseded_by"].is_null());
    assert_eq!(kept["product_id"], product2.to_string());
    assert_eq!(
        ocop_service::councils::testing::certificates_of(&app.ctx.db, product2).await,
        vec![(4, Some(10000))]
    );

    // The pages show the central step.
    let page = central.get(&format!("/dossiers/{d1}")).await;
    assert_eq!(page.status, 200);
    assert!(page.text.contains("data-testid=\"central-step\""), "{}", page.text);
    assert!(page.text.contains("Bộ Nông nghiệp và Môi trường công nhận 5 sao"));
    let page = province.get(&format!("/dossiers/{d2}")).await;
    assert!(
        page.text.contains("sản phẩm giữ giấy chứng nhận 4 sao cấp tỉnh"),
        "{}",
        page.text
    );
    let page = central.get(&format!("/batches/{c_batch}")).await;
    assert!(page.text.contains("Bộ công nhận 5 sao"));
    let page = central.get("/central").await;
    assert!(page.text.contains("Bộ công nhận 5 sao") && page.text.contains("giữ 4 sao cấp tỉnh"));

    // The audit trail holds each step.
    for action in [
        "dossier.forward",
        "certificate.issue",
        "dossier.start_check",
        "dossier.return",
        "council.create",
        "batch.recognise",
        "dossier.recognise",
        "dossier.close",
        "certificate.upgrade",
        "certificate.supersede",
    ] {
        let entries = admin.get(&format!("/api/v1/audit?action={action}")).await.json();
        assert!(entries["total"].as_u64().unwrap() >= 1, "no {action} entry: {entries}");
    }
    let upgrade = admin.get("/api/v1/audit?action=certificate.upgrade").await.json();
    assert_eq!(upgrade["items"][0]["actor_name"], "tw.bo");

    // The API documents the filter and the central step.
    let doc = admin.get("/api/openapi.json").await.json();
    assert!(doc["components"]["schemas"]["CentralStep"].is_object());
    let parameters = doc["paths"]["/api/v1/dossiers"]["get"]["parameters"]
        .as_array()
        .unwrap();
    assert!(parameters.iter().any(|p| p["name"] == "level"));
}

#[tokio::test]
async fn a_dossier_stored_as_proposed_to_central_is_moved_by_the_migration_and_checked() {
    let app = TestApp::spawn().await;
    let mut admin = app.login_as("tw.admin", "administrator", None, None).await;
    let mut central = app.login_as("tw.bo", "central_officer", None, None).await;
    let (d, _, _) = eligible_dossier(&app, &mut admin, 3).await;
    // As the workflow stored a forward before m0013_central_level: the state with the
    // province's score, no level.
    let mut row = ocop_storage::repo::dossier_repo::get(app.ctx.db.conn(), d)
        .await
        .unwrap()
        .unwrap();
    row.state = "proposed_to_central".into();
    row.level = None;
    row.score_x100 = Some(9350);
    row.row_version = 2;
    assert!(
        ocop_storage::repo::dossier_repo::update(app.ctx.db.conn(), row, 1)
            .await
            .unwrap()
    );
    ocop_storage::testing::rerun_migration(&app.ctx.db, "m0013_central_level")
        .await
        .expect("m0013 again");
    let detail = central.get(&format!("/api/v1/dossiers/{d}")).await;
    assert_eq!(detail.status, 200, "{}", detail.text);
    let detail = detail.json();
    assert_eq!(
        (detail["state"].as_str(), detail["level"].as_str()),
        (Some("proposed"), Some("central"))
    );
    assert!(detail["score_x100"].is_null());
    assert_eq!(detail["actions"], json!(["start_check"]));
    let checked = post(&mut central, &format!("/api/v1/dossiers/{d}/start-check"), json!({})).await;
    assert_eq!(
        (checked["state"].as_str(), checked["level"].as_str()),
        (Some("check"), Some("central"))
    );
}
