//! Criteria sets through the API: the shipped QĐ 1048 sheet, drafts and versions,
//! every validation problem in a 422, publishing once, roles, audit.

mod common;

use common::TestApp;
use ocop_domain::evaluation::CriteriaSet;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::{Value, json};

fn qd1048_json() -> Value {
    serde_json::from_str(&CriteriaSet::qd1048_fresh_produce().to_json()).unwrap()
}

async fn audit_count(app: &TestApp, action: &str) -> u64 {
    use ocop_storage::entities::audit_entry;
    audit_entry::Entity::find()
        .filter(audit_entry::Column::Action.eq(action))
        .count(app.ctx.db.conn())
        .await
        .unwrap()
}

#[tokio::test]
async fn the_qd1048_sheet_is_published_for_everyone() {
    let app = TestApp::spawn().await;
    let mut public = app.client();
    let list = public.get("/api/v1/criteria-sets").await;
    assert_eq!(list.status, 200, "{}", list.text);
    let list = list.json();
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(list[0]["legal_basis"], "QD1048-2019");
    assert_eq!(list[0]["status"], "published");
    assert_eq!(list[0]["version"], 1);
    let id = list[0]["id"].as_str().unwrap();
    let detail = public.get(&format!("/api/v1/criteria-sets/{id}")).await;
    assert_eq!(detail.status, 200);
    let body = &detail.json()["body"];
    assert_eq!(body["part"].as_array().unwrap().len(), 3);
    assert_eq!(body["part"][2]["group"][0]["criterion"][1]["max"], 8);
    let missing = public
        .get(&format!("/api/v1/criteria-sets/{}", uuid::Uuid::now_v7()))
        .await;
    assert_eq!(missing.status, 404);
    let doc = public.get("/api/openapi.json").await.json();
    assert!(doc["paths"]["/api/v1/criteria-sets/{id}/publish"]["post"].is_object());
}

#[tokio::test]
async fn an_invalid_set_gets_every_problem_with_its_location() {
    let app = TestApp::spawn().await;
    let mut admin = app.login_as("quantri", "administrator", None, None).await;
    let mut body = qd1048_json();
    body["title"] = json!("");
    body["part"][2]["group"][0]["criterion"][1]["max"] = json!(9); // 6.2: top option is 8
    body["part"][0]["group"][0]["criterion"][1]["code"] = json!("1.1");
    body["part"][2]["max"] = json!(45); // the basis says 40, its groups say 40, the total is 105
    let response = admin.post_json("/api/v1/criteria-sets", &body).await;
    assert_eq!(response.status, 422, "{}", response.text);
    let error = response.json()["error"].clone();
    assert_eq!(error["code"], "validation_failed");
    let fields: Vec<(String, String)> = error["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["field"].as_str().unwrap().to_owned(),
                f["code"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let expect = |field: &str, code: &str| (field.to_owned(), code.to_owned());
    assert_eq!(
        fields,
        [
            expect("title", "criteria_set_incomplete"),
            expect("A / 1 / 1.1", "duplicate_code"),
            expect("C", "criteria_part_mismatch"),
            expect("C", "criteria_sum_mismatch"),
            expect("C / 6", "criteria_sum_mismatch"),
            expect("C / 6 / 6.2", "criteria_option_mismatch"),
            expect("set", "criteria_sum_mismatch"),
        ]
    );
    let garbage = admin.post_json("/api/v1/criteria-sets", &json!({ "title": 3 })).await;
    assert_eq!(garbage.status, 422, "{}", garbage.text);
    assert_eq!(audit_count(&app, "criteria_set.create").await, 0);
}

#[tokio::test]
async fn a_correction_is_a_new_version_published_once_by_an_administrator() {
    let app = TestApp::spawn().await;
    let mut admin = app.login_as("quantri", "administrator", None, None).await;
    let mut officer = app.login_as("trunguong", "central_officer", None, None).await;
    let mut body = qd1048_json();
    body["title"] = json!("Phiếu đánh giá sản phẩm: Rau, củ, quả, hạt tươi (QĐ 1048/QĐ-TTg), bản đính chính");

    let refused = officer.post_json("/api/v1/criteria-sets", &body).await;
    assert_eq!(refused.status, 403, "{}", refused.text);

    let created = admin.post_json("/api/v1/criteria-sets", &body).await;
    assert_eq!(created.status, 201, "{}", created.text);
    let created = created.json();
    assert_eq!(created["version"], 2);
    assert_eq!(created["status"], "draft");
    assert!(created["published_at"].is_null());
    let id = created["id"].as_str().unwrap().to_owned();

    // drafts are for administrators only
    let mut public = app.client();
    assert_eq!(
        public
            .get("/api/v1/criteria-sets")
            .await
            .json()
            .as_array()
            .unwrap()
            .len(),
        1
    );
    assert_eq!(public.get(&format!("/api/v1/criteria-sets/{id}")).await.status, 404);
    assert_eq!(
        admin
            .get("/api/v1/criteria-sets")
            .await
            .json()
            .as_array()
            .unwrap()
            .len(),
        2
    );

    let publish = format!("/api/v1/criteria-sets/{id}/publish");
    assert_eq!(officer.post_json(&publish, &json!({})).await.status, 403);
    let published = admin.post_json(&publish, &json!({})).await;
    assert_eq!(published.status, 200, "{}", published.text);
    assert_eq!(published.json()["status"], "published");
    assert_eq!(published.json()["body"]["title"], body["title"]);
    let again = admin.post_json(&publish, &json!({})).await;
    assert_eq!(again.status, 409, "{}", again.text);
    assert_eq!(again.json()["error"]["code"], "criteria_set_published");
    assert_eq!(public.get(&format!("/api/v1/criteria-sets/{id}")).await.status, 200);

    assert_eq!(audit_count(&app, "criteria_set.create").await, 1);
    assert_eq!(audit_count(&app, "criteria_set.publish").await, 1);
    let check = ocop_storage::audit::verify(app.ctx.db.conn()).await.unwrap();
    assert!(
        matches!(check, ocop_storage::audit::ChainCheck::Intact { .. }),
        "{check:?}"
    );
}
