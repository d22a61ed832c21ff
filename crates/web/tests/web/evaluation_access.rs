//! The evaluation's object-level access, with real fixtures (both databases), beside
//! the generated walk of `access.rs`: a producer sees only its own dossiers; a
//! council member only the batches (and their dossiers and sheets) of councils it
//! sits on; a recused member cannot score that dossier, while the other seats can.

use crate::common;

use common::{TestApp, TestClient, producer_body, tax_code};
use serde_json::{Value, json};
use uuid::Uuid;

const CAM_XUYEN: &str = "2025/commune/18673"; // Hà Tĩnh (42)
const HA_TINH: &str = "2025/province/42";

fn day(offset_days: i64) -> String {
    ((chrono::Utc::now() + chrono::Duration::hours(7)).date_naive() + chrono::Duration::days(offset_days)).to_string()
}

/// A producer with a product: (producer id, product id).
async fn producer_with_product(admin: &mut TestClient, seed: u64) -> (Uuid, Uuid) {
    let producer = admin
        .post_json(
            "/api/v1/producers",
            &producer_body(&format!("HTX Quyền {seed}"), &tax_code(700 + seed), CAM_XUYEN),
        )
        .await;
    assert_eq!(producer.status, 201, "{}", producer.text);
    let producer_id = producer.json()["id"].as_str().unwrap().parse().unwrap();
    let product = admin
        .post_json(
            "/api/v1/products",
            &json!({ "name": format!("Rau Quyền {seed}"), "producer_id": producer_id,
                     "product_set_code": "I.4.a", "commune_id": CAM_XUYEN }),
        )
        .await;
    assert_eq!(product.status, 201, "{}", product.text);
    (producer_id, product.json()["id"].as_str().unwrap().parse().unwrap())
}

async fn me(client: &mut TestClient) -> String {
    client.get("/api/v1/auth/me").await.json()["user_id"]
        .as_str()
        .unwrap()
        .to_owned()
}

async fn post(client: &mut TestClient, path: &str, body: Value) -> (u16, String) {
    let r = client.post_json(path, &body).await;
    (r.status, r.error_code_or_empty())
}

trait CodeOrEmpty {
    fn error_code_or_empty(&self) -> String;
}

impl CodeOrEmpty for common::TestResponse {
    fn error_code_or_empty(&self) -> String {
        serde_json::from_str::<Value>(&self.text)
            .ok()
            .and_then(|v| v["error"]["code"].as_str().map(str::to_owned))
            .unwrap_or_default()
    }
}

#[tokio::test]
async fn a_producer_sees_only_its_own_dossiers() {
    let app = TestApp::spawn().await;
    common::publish_sample_sheets(&app).await;
    let mut admin = app.login_as("qa.admin", "administrator", None, None).await;
    let (mine, my_product) = producer_with_product(&mut admin, 1).await;
    let (_, their_product) = producer_with_product(&mut admin, 2).await;
    let mut owner = app.login_as("qa.chuthe", "producer", None, Some(mine)).await;
    let my_dossier = owner
        .post_json("/api/v1/dossiers", &json!({ "product_id": my_product, "kind": "new" }))
        .await;
    assert_eq!(my_dossier.status, 201, "{}", my_dossier.text);
    let my_dossier = my_dossier.json()["id"].as_str().unwrap().to_owned();
    let theirs = admin
        .post_json(
            "/api/v1/dossiers",
            &json!({ "product_id": their_product, "kind": "new" }),
        )
        .await;
    assert_eq!(theirs.status, 201, "{}", theirs.text);
    let theirs = theirs.json()["id"].as_str().unwrap().to_owned();

    let listed = owner.get("/api/v1/dossiers").await;
    assert_eq!(listed.status, 200, "{}", listed.text);
    let ids: Vec<String> = listed.json()["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["id"].as_str().unwrap_or_default().to_owned())
        .collect();
    assert_eq!(
        ids,
        vec![my_dossier.clone()],
        "the list holds the producer's dossier only"
    );
    assert_eq!(
        admin.get("/api/v1/dossiers").await.json()["items"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
    assert_eq!(owner.get(&format!("/api/v1/dossiers/{my_dossier}")).await.status, 200);
    assert_eq!(owner.get(&format!("/api/v1/dossiers/{theirs}")).await.status, 404);
    assert_eq!(owner.get(&format!("/dossiers/{theirs}")).await.status, 404);
    let write = owner
        .put_json(
            &format!("/api/v1/dossiers/{theirs}/self-assessment"),
            &json!({ "choices": {} }),
        )
        .await;
    assert!(matches!(write.status, 403 | 404), "{} {}", write.status, write.text);
    let create = owner
        .post_json(
            "/api/v1/dossiers",
            &json!({ "product_id": their_product, "kind": "new" }),
        )
        .await;
    assert!(
        matches!(create.status, 403 | 404 | 422),
        "{} {}",
        create.status,
        create.text
    );
    if create.status == 422 {
        // The other producer's product is "not found" to this producer: nothing is revealed.
        assert!(
            create.text.contains("\"field\":\"product_id\",\"code\":\"not_found\""),
            "{}",
            create.text
        );
    }
    assert_eq!(
        admin.get("/api/v1/dossiers").await.json()["items"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
}

#[tokio::test]
async fn council_members_see_only_their_batches_and_cannot_score_where_recused() {
    let app = TestApp::spawn().await;
    common::publish_sample_sheets(&app).await;
    let mut admin = app.login_as("qb.admin", "administrator", None, None).await;
    let mut chair = app.login_as("qb.chutich", "council_member", Some(HA_TINH), None).await;
    let mut member = app
        .login_as("qb.thanhvien", "council_member", Some(HA_TINH), None)
        .await;
    let mut recused = app.login_as("qb.tranh", "council_member", Some(HA_TINH), None).await;
    // Same role, same province, seated on another council only.
    let mut elsewhere = app.login_as("qb.khac", "council_member", Some(HA_TINH), None).await;
    let (producer, product) = producer_with_product(&mut admin, 3).await;
    let dossier = ocop_service::councils::testing::insert_eligible_dossier(&app.ctx.db, producer, product, CAM_XUYEN)
        .await
        .expect("dossier");

    let council = |name: &str| {
        json!({ "name": name, "level": "province", "unit_id": HA_TINH,
                "decision_number": format!("{}/QĐ-UBND", name.len()), "decision_date": day(-30) })
    };
    let ours = admin.post_json("/api/v1/councils", &council("Hội đồng A")).await;
    assert_eq!(ours.status, 201, "{}", ours.text);
    let ours = ours.json()["id"].as_str().unwrap().to_owned();
    let other = admin.post_json("/api/v1/councils", &council("Hội đồng B khác")).await;
    assert_eq!(other.status, 201, "{}", other.text);
    let other = other.json()["id"].as_str().unwrap().to_owned();
    for (client, council, role) in [
        (&mut chair, &ours, "chair"),
        (&mut member, &ours, "member"),
        (&mut recused, &ours, "member"),
        (&mut elsewhere, &other, "chair"),
    ] {
        let user = me(client).await;
        let (status, _) = post(
            &mut admin,
            &format!("/api/v1/councils/{council}/members"),
            json!({ "user_id": user, "full_name": format!("Thành viên {role}"), "role": role, "agency": "Sở" }),
        )
        .await;
        assert_eq!(status, 201);
    }
    let batch = admin
        .post_json(
            "/api/v1/batches",
            &json!({ "council_id": ours, "name": "Đợt quyền", "starts_on": day(-20), "ends_on": day(20), "meeting_on": day(0) }),
        )
        .await;
    assert_eq!(batch.status, 201, "{}", batch.text);
    let batch = batch.json()["id"].as_str().unwrap().to_owned();
    assert_eq!(
        post(
            &mut admin,
            &format!("/api/v1/batches/{batch}/dossiers"),
            json!({ "dossier_id": dossier })
        )
        .await
        .0,
        200
    );
    assert_eq!(
        post(
            &mut admin,
            &format!("/api/v1/batches/{batch}/send"),
            json!({ "sent_on": day(-14) })
        )
        .await
        .0,
        200
    );
    common::record_all_present(&mut admin, &batch).await;
    assert_eq!(
        post(&mut chair, &format!("/api/v1/batches/{batch}/open"), json!({}))
            .await
            .0,
        200
    );

    let answers = format!("/api/v1/batches/{batch}/dossiers/{dossier}/answers");
    let sheets = format!("/api/v1/batches/{batch}/dossiers/{dossier}/sheets");
    let answer = json!({ "criterion": "1.1", "option": 1, "comment": "" });
    // Seated members see the batch and score.
    for client in [&mut chair, &mut member, &mut recused] {
        assert_eq!(client.get(&format!("/api/v1/batches/{batch}")).await.status, 200);
        assert_eq!(client.get(&sheets).await.status, 200);
    }
    assert_eq!(post(&mut chair, &answers, answer.clone()).await.0, 200);
    // A member of another council sees nothing of this batch and cannot score in it.
    assert_eq!(elsewhere.get(&format!("/api/v1/batches/{batch}")).await.status, 404);
    assert_eq!(elsewhere.get(&sheets).await.status, 404);
    assert_eq!(elsewhere.get(&format!("/batches/{batch}")).await.status, 404);
    assert_eq!(post(&mut elsewhere, &answers, answer.clone()).await.0, 404);
    let listed = elsewhere.get("/api/v1/batches").await;
    assert!(
        !listed.text.contains(&batch),
        "another council's batch is listed: {}",
        listed.text
    );
    // Recusal: that member can no longer score this dossier; the others still can.
    let (status, _) = post(
        &mut recused,
        &format!("/api/v1/batches/{batch}/dossiers/{dossier}/recusal"),
        json!({ "reason": "family", "note": "Em ruột của chủ hộ" }),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(
        post(&mut recused, &answers, answer.clone()).await,
        (403, "member_recused".to_owned())
    );
    let page = recused
        .post_bytes(
            &format!("/batches/{batch}/dossiers/{dossier}/answer"),
            "application/x-www-form-urlencoded",
            b"criterion=1.1&option=1".to_vec(),
        )
        .await;
    assert_eq!(page.status, 403, "the page refuses too: {}", page.text);
    assert_eq!(post(&mut member, &answers, answer).await.0, 200);
}
