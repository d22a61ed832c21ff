//! The council cycle over HTTP (both databases): a council with a chair, three members and a
//! secretary; a batch with two eligible dossiers; electronic dossiers sent; scoring opened;
//! sheets saved answer by answer; the refusals the server enforces (secretary, recusal,
//! blindness, quorum, spread, outsiders); a re-scoring round after a recorded discussion;
//! the close computed by the engine and checked against a hand computation; the recognition
//! decision issuing a certificate and forwarding the ≥ 90 dossier; the documents.

use crate::common;

use common::{TestApp, TestClient, producer_body, tax_code};
use ocop_domain::evaluation::CriteriaSet;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::{Value, json};
use uuid::Uuid;

const CAM_XUYEN: &str = "2025/commune/18673"; // Hà Tĩnh (42)
const HA_TINH: &str = "2025/province/42";

fn day(offset_days: i64) -> String {
    ((chrono::Utc::now() + chrono::Duration::hours(7)).date_naive() + chrono::Duration::days(offset_days)).to_string()
}

/// An eligible dossier at the province level for a new product of a new producer, inserted as
/// the dossier workflow leaves it (its own tests cover the steps up to "eligible").
pub async fn eligible_dossier(app: &TestApp, admin: &mut TestClient, seed: u64) -> (Uuid, Uuid) {
    let producer = admin
        .post_json(
            "/api/v1/producers",
            &producer_body(&format!("HTX Hội đồng {seed}"), &tax_code(900 + seed), CAM_XUYEN),
        )
        .await;
    assert_eq!(producer.status, 201, "{}", producer.text);
    let producer_id: Uuid = producer.json()["id"].as_str().unwrap().parse().unwrap();
    let product = admin
        .post_json(
            "/api/v1/products",
            &json!({ "name": format!("Rau sạch Cẩm Xuyên {seed}"), "producer_id": producer_id,
                     "product_set_code": "I.4.a", "commune_id": CAM_XUYEN }),
        )
        .await;
    assert_eq!(product.status, 201, "{}", product.text);
    let product_id: Uuid = product.json()["id"].as_str().unwrap().parse().unwrap();
    let id = ocop_service::councils::testing::insert_eligible_dossier(&app.ctx.db, producer_id, product_id, CAM_XUYEN)
        .await
        .expect("dossier");
    (id, product_id)
}

/// The index of the highest and the lowest option of every criterion.
fn extremes() -> Vec<(String, usize, usize, u32, u32)> {
    let set = CriteriaSet::qd1048_fresh_produce();
    set.criteria()
        .map(|(_, c)| {
            let (hi, hi_p) = c
                .options
                .iter()
                .enumerate()
                .max_by_key(|(i, o)| (o.points.0, usize::MAX - i))
                .map(|(i, o)| (i, o.points.0))
                .unwrap();
            let (lo, lo_p) = c
                .options
                .iter()
                .enumerate()
                .min_by_key(|(_, o)| o.points.0)
                .map(|(i, o)| (i, o.points.0))
                .unwrap();
            (c.code.clone(), hi, lo, hi_p, lo_p)
        })
        .collect()
}

/// Scores every criterion: the lowest option for the codes in `low`, the highest otherwise.
/// Returns the total the member's choices add up to (in hundredths), computed here by hand.
async fn score_all(client: &mut TestClient, batch: &str, dossier: Uuid, low: &[&str]) -> u32 {
    let mut total = 0;
    for (code, hi, lo, hi_p, lo_p) in extremes() {
        let (option, points) = if low.contains(&code.as_str()) {
            (lo, lo_p)
        } else {
            (hi, hi_p)
        };
        total += points;
        let r = client
            .post_json(
                &format!("/api/v1/batches/{batch}/dossiers/{dossier}/answers"),
                // A client-sent total is ignored: the server reads the option's points.
                &json!({ "criterion": code, "option": option, "comment": "", "total": 100 }),
            )
            .await;
        assert_eq!(r.status, 200, "{}", r.text);
    }
    let sheet = client
        .get(&format!("/api/v1/batches/{batch}/dossiers/{dossier}/sheets"))
        .await
        .json();
    assert_eq!(sheet["mine"]["total"].as_f64().unwrap(), f64::from(total) / 100.0);
    total
}

async fn submit(client: &mut TestClient, batch: &str, dossier: Uuid) -> u16 {
    client
        .post_json(
            &format!("/api/v1/batches/{batch}/dossiers/{dossier}/submit"),
            &json!({}),
        )
        .await
        .status
}

async fn user_id(client: &mut TestClient) -> String {
    client.get("/api/v1/auth/me").await.json()["user_id"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// The field error code of `field` in an error body.
fn field_code(body: &Value, field: &str) -> String {
    body["error"]["fields"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|f| f["field"] == field)
        .map(|f| f["code"].as_str().unwrap_or_default().to_owned())
        .unwrap_or_default()
}

/// Records every member of the batch's council present (by the secretary or a manager).
pub async fn all_present(client: &mut TestClient, batch: &str) {
    attendance(client, batch, &[]).await;
}

/// Records attendance: every member present except those named with another presence.
async fn attendance(client: &mut TestClient, batch: &str, except: &[(&str, &str)]) -> Value {
    let current = client.get(&format!("/api/v1/batches/{batch}")).await.json();
    let entries: Vec<Value> = current["attendance"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            let id = a["member_id"].as_str().unwrap();
            let presence = except
                .iter()
                .find(|(m, _)| *m == id)
                .map(|(_, p)| *p)
                .unwrap_or("present");
            json!({ "member_id": id, "presence": presence })
        })
        .collect();
    let r = client
        .post_json(
            &format!("/api/v1/batches/{batch}/attendance"),
            &json!({ "attendance": entries }),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    r.json()
}

async fn add_member(province: &mut TestClient, council: &str, user: &str, name: &str, role: &str) -> Value {
    let r = province
        .post_json(
            &format!("/api/v1/councils/{council}/members"),
            &json!({ "user_id": user, "full_name": name, "role": role, "agency": "Sở Nông nghiệp và Môi trường" }),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    r.json()
}

#[tokio::test]
async fn a_council_scores_a_batch_under_every_rule_the_server_enforces() {
    let app = TestApp::spawn().await;
    let mut admin = app.login_as("hd.admin", "administrator", None, None).await;
    let mut province = app.login_as("hd.tinh", "province_officer", Some(HA_TINH), None).await;
    let mut chair = app.login_as("hd.chutich", "council_member", Some(HA_TINH), None).await;
    let mut a = app
        .login_as("hd.thanhvien.a", "council_member", Some(HA_TINH), None)
        .await;
    let mut b = app
        .login_as("hd.thanhvien.b", "council_member", Some(HA_TINH), None)
        .await;
    let mut c = app
        .login_as("hd.thanhvien.c", "council_member", Some(HA_TINH), None)
        .await;
    let mut secretary = app.login_as("hd.thuky", "council_secretary", Some(HA_TINH), None).await;
    let mut outsider = app.login_as("hd.ngoai", "council_member", Some(HA_TINH), None).await;
    let (d1, product1) = eligible_dossier(&app, &mut admin, 1).await;
    let (d2, product2) = eligible_dossier(&app, &mut admin, 2).await;

    // The council, founded by a decision, and its members.
    let council = province
        .post_json(
            "/api/v1/councils",
            &json!({ "name": "Hội đồng đánh giá, phân hạng sản phẩm OCOP tỉnh Hà Tĩnh", "level": "province",
                     "unit_id": HA_TINH, "decision_number": "1234/QĐ-UBND", "decision_date": day(-60) }),
        )
        .await;
    assert_eq!(council.status, 201, "{}", council.text);
    let council_id = council.json()["id"].as_str().unwrap().to_owned();
    for (client, name, role) in [
        (&mut chair, "Nguyễn Văn Chủ", "chair"),
        (&mut a, "Trần Thị An", "member"),
        (&mut b, "Lê Văn Bình", "member"),
        (&mut c, "Phạm Văn Cường", "member"),
        (&mut secretary, "Hoàng Thị Thư", "secretary"),
    ] {
        let id = user_id(client).await;
        add_member(&mut province, &council_id, &id, name, role).await;
    }
    // A secretary account cannot take a scoring seat, nor a second chair be added.
    let refused = province
        .post_json(
            &format!("/api/v1/councils/{council_id}/members"),
            &json!({ "user_id": user_id(&mut secretary).await, "full_name": "X", "role": "member", "agency": "Y" }),
        )
        .await;
    assert_eq!(refused.status, 422, "{}", refused.text);

    // The batch, its dossiers, the sending of the electronic dossiers.
    let batch = province
        .post_json(
            "/api/v1/batches",
            &json!({ "council_id": council_id, "name": "Đợt 2 năm 2026", "starts_on": day(-20),
                     "ends_on": day(20), "meeting_on": day(0) }),
        )
        .await;
    assert_eq!(batch.status, 201, "{}", batch.text);
    let batch_id = batch.json()["id"].as_str().unwrap().to_owned();
    for d in [d1, d2] {
        let r = province
            .post_json(
                &format!("/api/v1/batches/{batch_id}/dossiers"),
                &json!({ "dossier_id": d }),
            )
            .await;
        assert_eq!(r.status, 200, "{}", r.text);
    }
    let again = province
        .post_json(
            &format!("/api/v1/batches/{batch_id}/dossiers"),
            &json!({ "dossier_id": d1 }),
        )
        .await;
    assert_eq!(
        again.status, 409,
        "a scheduled dossier is no longer eligible: {}",
        again.text
    );
    let early = chair
        .post_json(&format!("/api/v1/batches/{batch_id}/open"), &json!({}))
        .await;
    assert_eq!(early.error_code(), "not_sent_in_time", "{}", early.text);
    let sent = province
        .post_json(
            &format!("/api/v1/batches/{batch_id}/send"),
            &json!({ "sent_on": day(-14) }),
        )
        .await;
    assert_eq!(sent.status, 200, "{}", sent.text);
    // The meeting: scoring opens only once the secretary recorded who is there.
    let unrecorded = chair
        .post_json(&format!("/api/v1/batches/{batch_id}/open"), &json!({}))
        .await;
    assert_eq!(unrecorded.status, 409, "{}", unrecorded.text);
    assert_eq!(
        unrecorded.error_code(),
        "attendance_not_recorded",
        "{}",
        unrecorded.text
    );
    all_present(&mut secretary, &batch_id).await;
    let by_member = a
        .post_json(&format!("/api/v1/batches/{batch_id}/open"), &json!({}))
        .await;
    assert_eq!(by_member.status, 403, "only the chair opens: {}", by_member.text);
    let opened = chair
        .post_json(&format!("/api/v1/batches/{batch_id}/open"), &json!({}))
        .await;
    assert_eq!(opened.status, 200, "{}", opened.text);

    // Each member lands on its batches and what is left to score; the secretary scores nothing.
    let home = chair.get("/").await;
    assert_eq!(home.status, 200, "{}", home.text);
    assert!(home.text.contains(r#"data-testid="home-batch""#), "{}", home.text);
    assert!(home.text.contains("Đợt 2 năm 2026"), "{}", home.text);
    assert!(
        home.text.contains(r#"data-testid="home-left-to-score""#),
        "{}",
        home.text
    );
    assert!(home.text.contains("Rau sạch Cẩm Xuyên 1"), "{}", home.text);
    assert!(
        home.text.contains(&format!("/batches/{batch_id}/dossiers/{d1}/score")),
        "{}",
        home.text
    );
    let home = secretary.get("/").await;
    assert!(home.text.contains("Đợt 2 năm 2026"), "{}", home.text);
    assert!(
        !home.text.contains(r#"data-testid="home-left-to-score""#),
        "{}",
        home.text
    );
    // The menu lists only what a council member may open.
    assert!(home.text.contains(r#"data-testid="nav-batches""#), "{}", home.text);
    assert!(!home.text.contains(r#"data-testid="nav-dossiers""#), "{}", home.text);
    assert!(!home.text.contains(r#"data-testid="nav-ideas""#), "{}", home.text);

    // Outsiders see nothing; the secretary does not score; a recused member cannot score.
    assert_eq!(outsider.get(&format!("/api/v1/batches/{batch_id}")).await.status, 404);
    let answers = |d: Uuid| format!("/api/v1/batches/{batch_id}/dossiers/{d}/answers");
    let by_outsider = outsider
        .post_json(&answers(d1), &json!({ "criterion": "1.1", "option": 2 }))
        .await;
    assert_eq!(by_outsider.status, 404, "{}", by_outsider.text);
    let by_secretary = secretary
        .post_json(&answers(d1), &json!({ "criterion": "1.1", "option": 2 }))
        .await;
    assert_eq!(
        by_secretary.error_code(),
        "secretary_may_not_score",
        "{}",
        by_secretary.text
    );
    let recusal = c
        .post_json(
            &format!("/api/v1/batches/{batch_id}/dossiers/{d1}/recusal"),
            &json!({ "reason": "family", "note": "Anh ruột của chủ hộ" }),
        )
        .await;
    assert_eq!(recusal.status, 200, "{}", recusal.text);
    let by_recused = c
        .post_json(&answers(d1), &json!({ "criterion": "1.1", "option": 2 }))
        .await;
    assert_eq!(by_recused.error_code(), "member_recused", "{}", by_recused.text);
    let bad_option = a
        .post_json(&answers(d1), &json!({ "criterion": "1.1", "option": 9 }))
        .await;
    assert_eq!(bad_option.status, 422, "{}", bad_option.text);

    // Dossier 1: three sheets within 10 points of each other.
    let base = ["6.2", "8", "10", "4.1"];
    let t_chair = score_all(&mut chair, &batch_id, d1, &base).await;
    assert_eq!(submit(&mut chair, &batch_id, d1).await, 200);
    let t_a = score_all(&mut a, &batch_id, d1, &[&base[..], &["1.6"]].concat()).await;
    // Blind: a has not submitted, so the chair's sheet stays hidden.
    let blind = a
        .get(&format!("/api/v1/batches/{batch_id}/dossiers/{d1}/sheets"))
        .await
        .json();
    assert_eq!(blind["others"].as_array().unwrap().len(), 0);
    assert_eq!(blind["others_hidden"], true);
    assert_eq!(submit(&mut a, &batch_id, d1).await, 200);
    let seen = a
        .get(&format!("/api/v1/batches/{batch_id}/dossiers/{d1}/sheets"))
        .await
        .json();
    assert_eq!(
        seen["others"].as_array().unwrap().len(),
        1,
        "after submitting, the others' sheets show"
    );
    let resubmit = a
        .post_json(&answers(d1), &json!({ "criterion": "1.1", "option": 0 }))
        .await;
    assert_eq!(resubmit.error_code(), "sheet_submitted");
    // Two sheets of three seats (the recused member holds none): no quorum.
    let no_quorum = chair
        .post_json(&format!("/api/v1/batches/{batch_id}/close"), &json!({}))
        .await;
    assert_eq!(no_quorum.error_code(), "no_quorum", "{}", no_quorum.text);
    let t_b = score_all(&mut b, &batch_id, d1, &[&base[..], &["3.3"]].concat()).await;
    assert_eq!(submit(&mut b, &batch_id, d1).await, 200);
    assert_eq!(
        (t_chair, t_a, t_b),
        (7800, 7700, 7700),
        "hand totals of the three sheets"
    );

    // Dossier 2: 22 points apart → the close is refused until a recorded re-scoring round.
    score_all(&mut chair, &batch_id, d2, &[]).await;
    score_all(&mut a, &batch_id, d2, &base).await;
    score_all(&mut b, &batch_id, d2, &[]).await;
    let incomplete = submit(&mut c, &batch_id, d2).await;
    assert_eq!(incomplete, 422, "a sheet with no answers is not submitted");
    for client in [&mut chair, &mut a, &mut b] {
        assert_eq!(submit(client, &batch_id, d2).await, 200);
    }
    let spread = chair
        .post_json(&format!("/api/v1/batches/{batch_id}/close"), &json!({}))
        .await;
    assert_eq!(spread.error_code(), "rescoring_required", "{}", spread.text);
    let rounds = format!("/api/v1/batches/{batch_id}/dossiers/{d2}/rounds");
    let silent = chair
        .post_json(&rounds, &json!({ "reason": "rescoring", "discussion": " " }))
        .await;
    assert_eq!(silent.error_code(), "discussion_required");
    let round = chair
        .post_json(
            &rounds,
            &json!({ "reason": "rescoring", "discussion": "Thống nhất cách hiểu tiêu chí 6.2 và 8: sản phẩm đã có kết quả kiểm nghiệm đầy đủ." }),
        )
        .await;
    assert_eq!(round.status, 200, "{}", round.text);
    for client in [&mut chair, &mut a, &mut b] {
        score_all(client, &batch_id, d2, &[]).await;
        assert_eq!(submit(client, &batch_id, d2).await, 200);
    }

    // The close: the engine's numbers equal the hand computation.
    let closed = chair
        .post_json(&format!("/api/v1/batches/{batch_id}/close"), &json!({}))
        .await;
    assert_eq!(closed.status, 200, "{}", closed.text);
    let closed = closed.json();
    let row = |d: Uuid| {
        closed["dossiers"]
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["dossier_id"] == d.to_string())
            .unwrap()
            .clone()
    };
    // (78 + 77 + 77) / 3 = 77.333… → 77.33, 4★, recognised by the province.
    assert_eq!(row(d1)["score"].as_f64().unwrap(), 77.33);
    assert_eq!(row(d1)["star"], 4);
    assert_eq!(row(d1)["spread"].as_f64().unwrap(), 1.0);
    assert_eq!(row(d1)["route"], "recognise");
    assert_eq!(row(d2)["score"].as_f64().unwrap(), 100.0);
    assert_eq!(row(d2)["route"], "forward");
    assert_eq!(row(d2)["round"], 2);

    // Minutes by the secretary; the recognition decision by the province.
    let minutes = secretary
        .post_json(
            &format!("/api/v1/batches/{batch_id}/minutes"),
            &json!({ "minutes": "Hội đồng họp đủ thành phần, thống nhất kết quả." }),
        )
        .await;
    assert_eq!(minutes.status, 200, "{}", minutes.text);
    assert_eq!(
        minutes.json()["present"].as_array().unwrap().len(),
        5,
        "{}",
        minutes.text
    );
    let by_chair = chair
        .post_json(
            &format!("/api/v1/batches/{batch_id}/recognise"),
            &json!({ "decision": {} }),
        )
        .await;
    assert_eq!(by_chair.status, 422, "{}", by_chair.text);
    // A decision is dated between the meeting and today and cites the dossiers' basis.
    for (decided_on, basis, field, code) in [
        (day(1), "qd148", "decision.decided_on", "decision_in_future"),
        (day(-1), "qd148", "decision.decided_on", "decision_before_meeting"),
        (day(0), "qd26_2026", "decision.legal_basis", "wrong_legal_basis"),
    ] {
        let refused = province
            .post_json(
                &format!("/api/v1/batches/{batch_id}/recognise"),
                &json!({ "decision": { "number": "2345/QĐ-UBND", "decided_on": decided_on, "issuer_name": "UBND tỉnh Hà Tĩnh",
                                       "issuer_level": "province", "legal_basis": basis } }),
            )
            .await;
        assert_eq!(refused.status, 422, "{}", refused.text);
        assert_eq!(field_code(&refused.json(), field), code, "{}", refused.text);
    }
    let recognised = province
        .post_json(
            &format!("/api/v1/batches/{batch_id}/recognise"),
            &json!({ "decision": { "number": "2345/QĐ-UBND", "decided_on": day(0), "issuer_name": "UBND tỉnh Hà Tĩnh",
                                   "issuer_level": "province", "legal_basis": "qd148" } }),
        )
        .await;
    assert_eq!(recognised.status, 200, "{}", recognised.text);
    assert_eq!(recognised.json()["status"], "recognised");

    // From the decision to its certificates: the batch, the dossier and the product link to the
    // certificate page, its PDF, the decision's PDF and /v/{code}.
    let decision_id = recognised.json()["decision_id"].as_str().unwrap().to_owned();
    let page = province.get(&format!("/batches/{batch_id}")).await;
    assert_eq!(page.status, 200, "{}", page.text);
    assert!(
        page.text.contains(r#"data-testid="issued-certificate""#),
        "{}",
        page.text
    );
    assert!(page.text.contains("href=\"/certificates/"), "{}", page.text);
    assert!(page.text.contains("href=\"/v/"), "{}", page.text);
    assert!(
        page.text
            .contains(&format!("/api/v1/decisions/{decision_id}/certificates.pdf")),
        "{}",
        page.text
    );
    // A council member reads the same list, with public links only (no certificate page, no PDF).
    let page = chair.get(&format!("/batches/{batch_id}")).await;
    assert!(
        page.text.contains(r#"data-testid="issued-certificate""#),
        "{}",
        page.text
    );
    assert!(!page.text.contains("href=\"/certificates/"), "{}", page.text);
    assert!(!page.text.contains("certificates.pdf"), "{}", page.text);
    let page = province.get(&format!("/dossiers/{d1}")).await;
    assert_eq!(page.status, 200, "{}", page.text);
    assert!(
        page.text.contains(r#"data-testid="dossier-certificate""#),
        "{}",
        page.text
    );
    assert!(page.text.contains(r#"data-testid="dossier-verify""#), "{}", page.text);
    assert!(page.text.contains("2345/QĐ-UBND"), "{}", page.text);
    assert!(page.text.contains("77.33"), "the score is shown: {}", page.text);
    let page = province.get(&format!("/products/{product1}")).await;
    assert!(
        page.text.contains(r#"data-testid="product-certificate-link""#),
        "{}",
        page.text
    );
    assert!(
        page.text.contains(r#"data-testid="product-certificate-pdf""#),
        "{}",
        page.text
    );
    assert!(page.text.contains(r#"data-testid="product-decision""#), "{}", page.text);
    // Validity as the domain computes it (36 months, Civil Code art. 147–148), dd/mm/yyyy.
    let issued: chrono::NaiveDate = day(0).parse().unwrap();
    let through = ocop_domain::certificate::validity::valid_through(issued);
    assert!(
        page.text.contains(&format!(
            "{} – {}",
            issued.format("%d/%m/%Y"),
            through.format("%d/%m/%Y")
        )),
        "{}",
        page.text
    );

    // The minutes the decision cites no longer change; a correction is a new version.
    let edit = secretary
        .post_json(
            &format!("/api/v1/batches/{batch_id}/minutes"),
            &json!({ "minutes": "Sửa sau quyết định" }),
        )
        .await;
    assert_eq!(edit.status, 409, "{}", edit.text);
    assert_eq!(edit.error_code(), "minutes_frozen", "{}", edit.text);
    let corrected = secretary
        .post_json(
            &format!("/api/v1/batches/{batch_id}/minutes"),
            &json!({ "minutes": "Hội đồng họp đủ 5/5 thành phần, thống nhất kết quả.",
                     "correction": "Ghi rõ số thành viên có mặt" }),
        )
        .await;
    assert_eq!(corrected.status, 200, "{}", corrected.text);
    let versions = corrected.json()["minutes_versions"].as_array().unwrap().clone();
    assert_eq!(versions.len(), 2, "{versions:?}");
    assert_eq!(
        versions[0]["minutes"],
        "Hội đồng họp đủ thành phần, thống nhất kết quả."
    );
    assert_eq!(versions[0]["correction"], "");
    assert_eq!(versions[1]["correction"], "Ghi rõ số thành viên có mặt");
    assert_eq!(versions[1]["present"], 5);
    let trail = ocop_storage::entities::audit_entry::Entity::find()
        .filter(ocop_storage::entities::audit_entry::Column::Action.eq("batch.minutes_correction"))
        .count(app.ctx.db.conn())
        .await
        .unwrap();
    assert_eq!(trail, 1, "the correction is audited");

    // A wrong decision is withdrawn by the authority that issued it, and re-issued.
    let withdraw = format!("/api/v1/batches/{batch_id}/withdraw-decision");
    let withdrawal = json!({ "number": "2400/QĐ-UBND", "decided_on": day(0), "reason": "Ghi sai ngày ký" });
    let by_chair = chair.post_json(&withdraw, &withdrawal).await;
    assert_eq!(by_chair.status, 403, "{}", by_chair.text);
    let mut central = app.login_as("hd.bo", "central_officer", None, None).await;
    let by_ministry = central.post_json(&withdraw, &withdrawal).await;
    assert_eq!(
        by_ministry.status, 403,
        "not the ministry's decision: {}",
        by_ministry.text
    );
    let withdrawn = province.post_json(&withdraw, &withdrawal).await;
    assert_eq!(withdrawn.status, 200, "{}", withdrawn.text);
    let withdrawn = withdrawn.json();
    assert_eq!(withdrawn["status"], "withdrawn");
    assert_eq!(withdrawn["decision_id"], Value::Null);
    assert_eq!(withdrawn["decisions"][0]["withdrawal_number"], "2400/QĐ-UBND");
    let revoked = |p: Uuid| {
        let db = app.ctx.db.clone();
        async move {
            ocop_storage::entities::certificate::Entity::find()
                .filter(ocop_storage::entities::certificate::Column::ProductId.eq(p))
                .all(db.conn())
                .await
                .unwrap()
                .into_iter()
                .map(|c| c.revoked_on.is_some())
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(
        revoked(product1).await,
        vec![true],
        "the withdrawn decision's certificate is revoked"
    );
    let again = province.post_json(&withdraw, &withdrawal).await;
    assert_eq!(again.error_code(), "batch_state", "{}", again.text);
    let reissue = |number: &str| {
        json!({ "decision": { "number": number, "decided_on": day(0), "issuer_name": "UBND tỉnh Hà Tĩnh",
                              "issuer_level": "province", "legal_basis": "qd148" } })
    };
    let same = province
        .post_json(
            &format!("/api/v1/batches/{batch_id}/recognise"),
            &reissue("2345/QĐ-UBND"),
        )
        .await;
    assert_eq!(field_code(&same.json(), "decision.number"), "conflict", "{}", same.text);
    let reissued = province
        .post_json(
            &format!("/api/v1/batches/{batch_id}/recognise"),
            &reissue("2401/QĐ-UBND"),
        )
        .await;
    assert_eq!(reissued.status, 200, "{}", reissued.text);
    let reissued = reissued.json();
    assert_eq!(reissued["status"], "recognised");
    let history: Vec<(Value, Value)> = reissued["decisions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["number"].clone(), d["withdrawn_on"].clone()))
        .collect();
    assert_eq!(
        history,
        vec![
            (json!("2345/QĐ-UBND"), json!(day(0))),
            (json!("2401/QĐ-UBND"), Value::Null)
        ],
        "both decisions stay in the history"
    );
    let mut held = revoked(product1).await;
    held.sort();
    assert_eq!(held, vec![false, true], "a new certificate under the new decision");
    assert_eq!(
        revoked(product2).await.len(),
        2,
        "the forwarded product's 4★ is re-issued too"
    );
    let states = ocop_service::councils::testing::dossier_states(&app.ctx.db, &[d1, d2]).await;
    assert_eq!(states, vec!["recognised".to_owned(), "proposed".to_owned()]);
    let certificates = ocop_service::councils::testing::certificates_of(&app.ctx.db, product1).await;
    assert_eq!(
        certificates,
        vec![(4, Some(7733)), (4, Some(7733))],
        "a 4★ certificate with the council's score, revoked with its decision and issued again"
    );
    // The forwarded dossier gets the province's 4★ in the same decision (tests/central.rs
    // follows it through the central level).
    let certificates = ocop_service::councils::testing::certificates_of(&app.ctx.db, product2).await;
    assert_eq!(certificates, vec![(4, Some(10000)), (4, Some(10000))]);

    // The documents.
    for doc in ["results.xlsx", "minutes.xlsx", "decision.xlsx"] {
        let r = a.get(&format!("/api/v1/batches/{batch_id}/documents/{doc}")).await;
        assert_eq!(r.status, 200, "{doc}");
        assert!(
            r.headers["content-type"].to_str().unwrap().contains("spreadsheetml"),
            "{doc}"
        );
    }
    assert_eq!(
        outsider
            .get(&format!("/api/v1/batches/{batch_id}/documents/results.xlsx"))
            .await
            .status,
        404
    );
    let text = ocop_service::councils::testing::xlsx_text(
        &app.ctx.db,
        &app.admin_actor().await,
        batch_id.parse().unwrap(),
        "decision.xlsx",
    )
    .await;
    assert!(
        text.contains("QUYẾT ĐỊNH PHÊ DUYỆT KẾT QUẢ ĐÁNH GIÁ, PHÂN HẠNG SẢN PHẨM OCOP"),
        "{text}"
    );
    assert!(text.contains("Rau sạch Cẩm Xuyên 1"), "{text}");
    assert!(text.contains("77.33"), "{text}");

    // Statistics per member: the chair scored 0.67 above the mean on dossier 1 and 0 on dossier 2.
    let stats = province
        .get(&format!("/api/v1/councils/{council_id}/statistics"))
        .await
        .json();
    let chair_stats = stats
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["full_name"] == "Nguyễn Văn Chủ")
        .unwrap()
        .clone();
    assert_eq!(chair_stats["dossiers"], 2);
    assert_eq!(chair_stats["mean_deviation"].as_f64().unwrap(), 0.34);
}

/// The meeting as it happened: scoring opens only on recorded attendance with a quorum of
/// members present (a proxy does not count), a member recorded absent does not score, and
/// closing counts who is present when it closes.
#[tokio::test]
async fn attendance_decides_whether_the_council_may_score_and_close() {
    let app = TestApp::spawn().await;
    let mut admin = app.login_as("dd.admin", "administrator", None, None).await;
    let mut province = app.login_as("dd.tinh", "province_officer", Some(HA_TINH), None).await;
    let mut chair = app.login_as("dd.chutich", "council_member", Some(HA_TINH), None).await;
    let mut a = app.login_as("dd.a", "council_member", Some(HA_TINH), None).await;
    let mut b = app.login_as("dd.b", "council_member", Some(HA_TINH), None).await;
    let mut c = app.login_as("dd.c", "council_member", Some(HA_TINH), None).await;
    let mut secretary = app.login_as("dd.thuky", "council_secretary", Some(HA_TINH), None).await;
    let (dossier, _) = eligible_dossier(&app, &mut admin, 31).await;
    let council = province
        .post_json(
            "/api/v1/councils",
            &json!({ "name": "Hội đồng tỉnh Hà Tĩnh", "level": "province", "unit_id": HA_TINH,
                     "decision_number": "77/QĐ-UBND", "decision_date": day(-60) }),
        )
        .await;
    let council_id = council.json()["id"].as_str().unwrap().to_owned();
    let mut ids = Vec::new();
    for (client, name, role) in [
        (&mut chair, "Chủ tịch", "chair"),
        (&mut a, "Thành viên A", "member"),
        (&mut b, "Thành viên B", "member"),
        (&mut c, "Thành viên C", "member"),
        (&mut secretary, "Thư ký", "secretary"),
    ] {
        let user = user_id(client).await;
        let council = add_member(&mut province, &council_id, &user, name, role).await;
        let member = council["members"]
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["user_id"] == user.as_str())
            .unwrap()["id"]
            .as_str()
            .unwrap()
            .to_owned();
        ids.push(member);
    }
    let (chair_id, b_id, c_id) = (ids[0].clone(), ids[2].clone(), ids[3].clone());
    let batch = province
        .post_json(
            "/api/v1/batches",
            &json!({ "council_id": council_id, "name": "Đợt họp", "starts_on": day(-20),
                     "ends_on": day(20), "meeting_on": day(0) }),
        )
        .await;
    let batch_id = batch.json()["id"].as_str().unwrap().to_owned();
    let r = province
        .post_json(
            &format!("/api/v1/batches/{batch_id}/dossiers"),
            &json!({ "dossier_id": dossier }),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    let r = province
        .post_json(
            &format!("/api/v1/batches/{batch_id}/send"),
            &json!({ "sent_on": day(-14) }),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    let open = format!("/api/v1/batches/{batch_id}/open");
    let close = format!("/api/v1/batches/{batch_id}/close");
    let attendance_url = format!("/api/v1/batches/{batch_id}/attendance");

    // Nobody recorded: scoring does not open.
    let r = chair.post_json(&open, &json!({})).await;
    assert_eq!(
        (r.status, r.error_code()),
        (409, "attendance_not_recorded".into()),
        "{}",
        r.text
    );
    // A member does not keep the record; a record must name every member.
    let only_chair = json!({ "attendance": [{ "member_id": chair_id, "presence": "present" }] });
    let r = a.post_json(&attendance_url, &only_chair).await;
    assert_eq!(r.status, 403, "{}", r.text);
    let r = secretary.post_json(&attendance_url, &only_chair).await;
    assert_eq!(r.status, 422, "{}", r.text);
    let bad = json!({ "attendance": [{ "member_id": chair_id, "presence": "maybe" }] });
    assert_eq!(secretary.post_json(&attendance_url, &bad).await.status, 422);

    // Two of four scoring seats present (a proxy is not presence): 3 are needed.
    attendance(
        &mut secretary,
        &batch_id,
        &[(&b_id, "absent_with_proxy"), (&c_id, "absent")],
    )
    .await;
    let r = chair.post_json(&open, &json!({})).await;
    assert_eq!(
        (r.status, r.error_code()),
        (409, "no_quorum_present".into()),
        "{}",
        r.text
    );
    assert!(
        r.json()["error"]["message"]
            .as_str()
            .unwrap()
            .contains("Có mặt 2, cần 3."),
        "{}",
        r.text
    );
    // The chair absent: no quorum whatever the count.
    attendance(&mut province, &batch_id, &[(&chair_id, "absent")]).await;
    let r = chair.post_json(&open, &json!({})).await;
    assert_eq!(r.error_code(), "no_quorum_present", "{}", r.text);

    // Three present with the chair: scoring opens; the absent member does not score.
    let recorded = attendance(&mut secretary, &batch_id, &[(&c_id, "absent")]).await;
    assert_eq!(
        (recorded["quorum_present"].as_u64(), recorded["quorum_needed"].as_u64()),
        (Some(3), Some(3))
    );
    let r = chair.post_json(&open, &json!({})).await;
    assert_eq!(r.status, 200, "{}", r.text);
    let r = c
        .post_json(
            &format!("/api/v1/batches/{batch_id}/dossiers/{dossier}/answers"),
            &json!({ "criterion": "1.1", "option": 0 }),
        )
        .await;
    assert_eq!((r.status, r.error_code()), (403, "member_absent".into()), "{}", r.text);
    for client in [&mut chair, &mut a, &mut b] {
        score_all(client, &batch_id, dossier, &[]).await;
        assert_eq!(submit(client, &batch_id, dossier).await, 200);
    }

    // B leaves before the close: two present of the three needed, the close is refused.
    attendance(&mut secretary, &batch_id, &[(&b_id, "absent"), (&c_id, "absent")]).await;
    let r = chair.post_json(&close, &json!({})).await;
    assert_eq!(
        (r.status, r.error_code()),
        (409, "no_quorum_present".into()),
        "{}",
        r.text
    );
    assert!(
        r.json()["error"]["message"]
            .as_str()
            .unwrap()
            .contains("Có mặt 2, cần 3."),
        "{}",
        r.text
    );
    attendance(&mut secretary, &batch_id, &[(&c_id, "absent_with_proxy")]).await;
    let r = chair.post_json(&close, &json!({})).await;
    assert_eq!(r.status, 200, "{}", r.text);
    // The minutes print the attendance as recorded, the proxy named and not counted.
    let reader = app.admin_actor().await;
    let (pages, _) =
        ocop_service::councils::testing::pdf_pages(&app.ctx.db, &reader, batch_id.parse().unwrap(), "minutes.pdf")
            .await;
    let minutes = pages.join(" ");
    for expected in [
        "Vắng mặt: Thành viên C (Thành viên; có uỷ quyền, không tính vào số có mặt).",
        "Có mặt 3/4 thành viên chấm điểm (75 %), có Chủ tịch hội đồng; phiên họp đủ điều kiện",
    ] {
        assert!(
            minutes.contains(expected),
            "{expected:?} missing from the minutes: {minutes}"
        );
    }
    // Closed: the attendance is what the meeting was.
    let r = secretary.post_json(&attendance_url, &only_chair).await;
    assert_eq!(r.error_code(), "batch_state", "{}", r.text);
}
