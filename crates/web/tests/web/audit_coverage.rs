//! Every kind of state change issue 5 names leaves an audit entry (both databases):
//! users and roles, criteria publications, evidence, dossier transitions, council
//! answers and score sheets, recusal, the close and the recognition decision,
//! certificates recorded and revoked, an amendment of certified facts — each done once through the API, then looked up
//! in `GET /api/v1/audit` by action, entity type and id, and the chain verifies.
//! A new state change that forgets its entry fails here only if it is added to this
//! walk, so the walk covers one change of every kind the trail must hold.

use crate::common;

use std::collections::BTreeSet;

use common::{TestApp, TestClient, producer_body, tax_code};
use ocop_domain::evaluation::{CriteriaSet, LegalBases};
use serde_json::{Value, json};

const CAM_XUYEN: &str = "2025/commune/18673"; // Hà Tĩnh (42)
const HA_TINH: &str = "2025/province/42";
const PDF: &[u8] = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n";

fn day(offset_days: i64) -> String {
    ((chrono::Utc::now() + chrono::Duration::hours(7)).date_naive() + chrono::Duration::days(offset_days)).to_string()
}

fn decision(number: &str) -> Value {
    json!({ "number": number, "decided_on": day(0), "issuer_name": "UBND tỉnh Hà Tĩnh",
            "issuer_level": "province", "legal_basis": "qd148" })
}

fn id_of(response: &common::TestResponse) -> String {
    response.json()["id"].as_str().expect("an id").to_owned()
}

async fn ok(client: &mut TestClient, path: &str, body: Value) -> Value {
    let r = client.post_json(path, &body).await;
    assert!(r.status < 300, "POST {path}: {} {}", r.status, r.text);
    r.json()
}

/// Every entry of the trail, newest first.
async fn trail(admin: &mut TestClient) -> Vec<Value> {
    let mut all = Vec::new();
    loop {
        let page = admin
            .get(&format!("/api/v1/audit?limit=200&offset={}", all.len()))
            .await;
        assert_eq!(page.status, 200, "{}", page.text);
        let items = page.json()["items"].as_array().unwrap().clone();
        if items.is_empty() {
            return all;
        }
        all.extend(items);
    }
}

#[tokio::test]
async fn one_change_of_every_kind_leaves_its_audit_entry() {
    let app = TestApp::spawn().await;
    common::publish_sample_sheets(&app).await;
    let mut admin = app.login_as("nk.admin", "administrator", None, None).await;
    let mut chair = app.login_as("nk.chutich", "council_member", Some(HA_TINH), None).await;
    let chair_id = chair.get("/api/v1/auth/me").await.json()["user_id"]
        .as_str()
        .unwrap()
        .to_owned();
    // (action, entity type, entity id) the trail must hold.
    let mut expected: Vec<(String, &str, String)> = Vec::new();
    let mut expect =
        |action: &str, entity: &'static str, id: &str| expected.push((action.to_owned(), entity, id.to_owned()));

    // Users and roles: an account with its role, a password reset, its sessions ended.
    let user = admin
        .post_json(
            "/api/v1/users",
            &json!({ "username": "nk.xa", "display_name": "Cán bộ xã Nhật Ký", "password": "mat-khau-du-dai-2026", "role": "commune_officer",
                     "scope_unit_id": CAM_XUYEN }),
        )
        .await;
    assert_eq!(user.status, 201, "{}", user.text);
    let user_id = id_of(&user);
    expect("user.create", "user", &user_id);
    ok(
        &mut admin,
        &format!("/api/v1/users/{user_id}/password"),
        json!({ "password": "mat-khau-moi-2026-du-dai" }),
    )
    .await;
    expect("user.password.reset", "user", &user_id);
    ok(
        &mut admin,
        &format!("/api/v1/users/{user_id}/revoke-sessions"),
        json!({}),
    )
    .await;
    expect("user.sessions.revoke", "user", &user_id);

    // A criteria set drafted and published.
    let draft = admin
        .post_json(
            "/api/v1/criteria-sets",
            &serde_json::from_str(&CriteriaSet::qd1048_fresh_produce().to_json()).unwrap(),
        )
        .await;
    assert_eq!(draft.status, 201, "{}", draft.text);
    let set_id = id_of(&draft);
    expect("criteria_set.create", "criteria_set", &set_id);
    ok(
        &mut admin,
        &format!("/api/v1/criteria-sets/{set_id}/publish"),
        json!({}),
    )
    .await;
    expect("criteria_set.publish", "criteria_set", &set_id);

    // A producer, a product, a vault document.
    let producer = admin
        .post_json(
            "/api/v1/producers",
            &producer_body("HTX Nhật Ký", &tax_code(321), CAM_XUYEN),
        )
        .await;
    assert_eq!(producer.status, 201, "{}", producer.text);
    let producer_id = id_of(&producer);
    expect("producer.create", "producer", &producer_id);
    let product = ok(
        &mut admin,
        "/api/v1/products",
        json!({ "name": "Rau Nhật Ký", "producer_id": producer_id, "product_set_code": "I.4.a", "commune_id": CAM_XUYEN }),
    )
    .await;
    let product_id = product["id"].as_str().unwrap().to_owned();
    expect("product.create", "product", &product_id);
    let document = admin
        .post_bytes(
            &format!("/api/v1/producers/{producer_id}/evidence?doc_type=registration_form"),
            "application/pdf",
            PDF.to_vec(),
        )
        .await;
    assert_eq!(document.status, 201, "{}", document.text);
    let document_id = id_of(&document);
    expect("evidence.upload", "evidence_document", &document_id);

    // A dossier: created, evidence attached, self-assessed, then every transition to eligible.
    let dossier = ok(
        &mut admin,
        "/api/v1/dossiers",
        json!({ "product_id": product_id, "kind": "new" }),
    )
    .await;
    let dossier_id = dossier["id"].as_str().unwrap().to_owned();
    expect("dossier.create", "dossier", &dossier_id);
    ok(
        &mut admin,
        &format!("/api/v1/dossiers/{dossier_id}/evidence"),
        json!({ "document_id": document_id }),
    )
    .await;
    expect("dossier.evidence.attach", "dossier", &dossier_id);
    let choices: serde_json::Map<String, Value> = common::sample_sheet_in_force()
        .criteria()
        .map(|(_, c)| (c.code.clone(), json!(0)))
        .collect();
    let assessed = admin
        .put_json(
            &format!("/api/v1/dossiers/{dossier_id}/self-assessment"),
            &json!({ "choices": choices }),
        )
        .await;
    assert_eq!(assessed.status, 200, "{}", assessed.text);
    expect("dossier.self_assess", "dossier", &dossier_id);
    let findings: serde_json::Map<String, Value> = LegalBases::official()
        .commune_criteria
        .iter()
        .map(|c| (c.code.clone(), json!("Đạt")))
        .collect();
    let mut states = BTreeSet::new();
    for (step, body) in [
        ("submit", json!({})),
        ("receive", json!({})),
        ("commune-report", json!({ "meeting_on": day(-1), "findings": findings })),
        ("propose", json!({})),
        ("start-check", json!({})),
        ("find-eligible", json!({})),
    ] {
        let moved = ok(&mut admin, &format!("/api/v1/dossiers/{dossier_id}/{step}"), body).await;
        states.insert(moved["state"].as_str().unwrap().to_owned());
    }
    assert!(states.contains("eligible"), "{states:?}");

    // A council with a chair, a batch, the dossier scored answer by answer, the sheet
    // submitted, the batch closed and the recognition decided.
    let council = ok(
        &mut admin,
        "/api/v1/councils",
        json!({ "name": "Hội đồng Nhật Ký", "level": "province", "unit_id": HA_TINH,
                "decision_number": "77/QĐ-UBND", "decision_date": day(-30) }),
    )
    .await;
    let council_id = council["id"].as_str().unwrap().to_owned();
    expect("council.create", "council", &council_id);
    let seat = ok(
        &mut admin,
        &format!("/api/v1/councils/{council_id}/members"),
        json!({ "user_id": chair_id, "full_name": "Chủ tịch Nhật Ký", "role": "chair", "agency": "Sở Nông nghiệp và Môi trường" }),
    )
    .await;
    let seat_id = seat["members"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["user_id"] == chair_id.as_str())
        .and_then(|m| m["id"].as_str())
        .expect("the chair's seat")
        .to_owned();
    expect("council.add_member", "council_member", &seat_id);
    let batch = ok(
        &mut admin,
        "/api/v1/batches",
        json!({ "council_id": council_id, "name": "Đợt Nhật Ký", "starts_on": day(-20), "ends_on": day(20),
                "meeting_on": day(0) }),
    )
    .await;
    let batch_id = batch["id"].as_str().unwrap().to_owned();
    expect("batch.create", "batch", &batch_id);
    ok(
        &mut admin,
        &format!("/api/v1/batches/{batch_id}/dossiers"),
        json!({ "dossier_id": dossier_id }),
    )
    .await;
    ok(
        &mut admin,
        &format!("/api/v1/batches/{batch_id}/send"),
        json!({ "sent_on": day(-14) }),
    )
    .await;
    expect("batch.send", "batch", &batch_id);
    ok(
        &mut admin,
        &format!("/api/v1/batches/{batch_id}/attendance"),
        json!({ "attendance": [{ "member_id": seat_id, "presence": "present" }] }),
    )
    .await;
    expect("batch.attendance", "batch", &batch_id);
    ok(&mut chair, &format!("/api/v1/batches/{batch_id}/open"), json!({})).await;
    expect("batch.open", "batch", &batch_id);
    // The best option everywhere but four criteria: about 78 points, a 4-star recognition
    // by the province (100 points would be forwarded to the central council).
    // The lowest option on criteria taking away at most 25 points in all: a 4-star result.
    let mut lowered = 0;
    for (_, criterion) in common::sample_sheet_in_force().criteria() {
        let by_points = criterion.options.iter().enumerate().map(|(i, o)| (o.points.0, i));
        let (best, worst) = (by_points.clone().max().unwrap(), by_points.min().unwrap());
        let loss = best.0 - worst.0;
        let (_, option) = if lowered + loss <= 2500 {
            lowered += loss;
            worst
        } else {
            best
        };
        ok(
            &mut chair,
            &format!("/api/v1/batches/{batch_id}/dossiers/{dossier_id}/answers"),
            json!({ "criterion": criterion.code, "option": option, "comment": "" }),
        )
        .await;
    }
    ok(
        &mut chair,
        &format!("/api/v1/batches/{batch_id}/dossiers/{dossier_id}/submit"),
        json!({}),
    )
    .await;
    ok(&mut chair, &format!("/api/v1/batches/{batch_id}/close"), json!({})).await;
    expect("batch.close", "batch", &batch_id);
    // The decision cites the dossier's own legal basis (fixed by its submission date).
    let basis = admin.get(&format!("/api/v1/dossiers/{dossier_id}")).await.json()["legal_basis"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let mut results_decision = decision("78/QĐ-UBND");
    results_decision["legal_basis"] = json!(match basis.as_str() {
        b if b.starts_with("QD26") => "qd26_2026",
        b if b.starts_with("QD1048") => "qd1048",
        _ => "qd148",
    });
    let recognised = ok(
        &mut admin,
        &format!("/api/v1/batches/{batch_id}/recognise"),
        json!({ "decision": results_decision }),
    )
    .await;
    assert_eq!(recognised["status"], "recognised", "{recognised}");
    expect("batch.recognise", "batch", &batch_id);

    // A certificate issued by a decision of its own, then revoked by another.
    let other = ok(
        &mut admin,
        "/api/v1/products",
        json!({ "name": "Mật ong Nhật Ký", "producer_id": producer_id, "product_set_code": "I.4.a", "commune_id": CAM_XUYEN }),
    )
    .await;
    let scan = admin.upload_scan().await;
    let issued = ok(
        &mut admin,
        "/api/v1/certificates",
        json!({ "decision": { "number": "79/QĐ-UBND", "decided_on": day(-3), "issuer_name": "UBND tỉnh Hà Tĩnh",
                              "issuer_level": "province", "legal_basis": "qd148" },
                "items": [{ "product_id": other["id"], "stars": 4, "score": 80.5 }], "scan_sha256": scan }),
    )
    .await;
    let certificate = issued.as_array().map_or(&issued["certificates"][0], |a| &a[0]).clone();
    let certificate_id = certificate["id"].as_str().expect("the issued certificate").to_owned();
    expect("certificate.record", "certificate", &certificate_id);
    // An officer's amendment of the certified facts.
    let other_id = other["id"].as_str().expect("the product").to_owned();
    ok(
        &mut admin,
        &format!("/api/v1/products/{other_id}/amendments"),
        json!({ "row_version": other["row_version"], "name": "Mật ong Nhật Ký rừng tràm", "reason": "Đính chính tên theo nhãn đã công bố" }),
    )
    .await;
    expect("product.amend", "product", &other_id);
    ok(
        &mut admin,
        &format!("/api/v1/certificates/{certificate_id}/revoke"),
        json!({ "ground": "food_safety_violation", "decision_number": "80/QĐ-UBND", "decided_on": day(0),
                "issuer_name": "UBND tỉnh Hà Tĩnh" }),
    )
    .await;
    expect("certificate.revoke", "certificate", &certificate_id);

    let entries = trail(&mut admin).await;
    let held: BTreeSet<(String, String, String)> = entries
        .iter()
        .map(|e| {
            let s = |k: &str| e[k].as_str().unwrap_or_default().to_owned();
            (s("action"), s("entity_type"), s("entity_id"))
        })
        .collect();
    let missing: Vec<_> = expected
        .iter()
        .filter(|(a, t, i)| !held.contains(&(a.clone(), (*t).to_owned(), i.clone())))
        .collect();
    assert!(missing.is_empty(), "changes without their audit entry: {missing:?}");

    // Kinds recorded under a generated action: each answer and the sheet, every dossier
    // transition (with the state it reached), the council's decision on the dossier.
    let on = |prefix: &str, entity: &str| {
        entries
            .iter()
            .filter(|e| e["action"].as_str().unwrap_or_default().starts_with(prefix) && e["entity_type"] == entity)
            .cloned()
            .collect::<Vec<_>>()
    };
    let answers = on("score_sheet.answer", "score_sheet");
    assert_eq!(
        answers.len(),
        common::sample_sheet_in_force().criteria().count(),
        "one entry per answer"
    );
    assert_eq!(on("score_sheet.submit", "score_sheet").len(), 1);
    assert!(
        !on("batch.decide", "batch_dossier").is_empty(),
        "the decision on the dossier"
    );
    let reached: BTreeSet<String> = on("dossier.", "dossier")
        .iter()
        .filter(|e| e["entity_id"] == dossier_id.as_str())
        .filter_map(|e| e["after_json"].as_str())
        .filter_map(|j| serde_json::from_str::<Value>(j).ok())
        .filter_map(|v| v["state"].as_str().map(str::to_owned))
        .collect();
    for state in &states {
        assert!(
            reached.contains(state),
            "no audit entry records the dossier reaching {state}: {reached:?}"
        );
    }
    assert!(
        reached.contains("recognised"),
        "the recognition of the dossier: {reached:?}"
    );
    // The certificate entry names its decision.
    let issue = entries
        .iter()
        .find(|e| e["action"] == "certificate.record" && e["entity_id"] == certificate_id.as_str())
        .unwrap();
    let after: Value = serde_json::from_str(issue["after_json"].as_str().unwrap()).unwrap();
    assert_eq!(after["decision_id"], certificate["decision"]["id"], "{after}");
    assert!(after["decision_id"].is_string(), "{after}");

    match ocop_storage::audit::verify(app.ctx.db.conn()).await.expect("verify") {
        ocop_storage::audit::ChainCheck::Intact { entries: checked } => assert_eq!(checked as usize, entries.len()),
        broken => panic!("the chain does not verify: {broken:?}"),
    }
}
