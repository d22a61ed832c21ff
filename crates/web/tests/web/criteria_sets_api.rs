//! Criteria sets through the API: the shipped QĐ 1048 sheet, drafts and versions,
//! every validation problem in a 422, publishing once, roles, audit.

use crate::common;

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
    // Administrators and central officers author; a province officer only reads.
    let mut officer = app
        .login_as("tinh.hatinh", "province_officer", Some("2025/province/42"), None)
        .await;
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

#[tokio::test]
async fn an_xlsx_set_is_imported_exported_and_its_bad_cells_named() {
    let app = TestApp::spawn().await;
    let mut central = app.login_as("trunguong", "central_officer", None, None).await;
    let mut set = CriteriaSet::qd1048_fresh_produce();
    set.title = format!("{} (bản .xlsx)", set.title);
    let xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    let created = central
        .post_bytes(
            "/api/v1/criteria-sets/import",
            xlsx,
            ocop_service::criteria_xlsx::write(&set),
        )
        .await;
    assert_eq!(created.status, 201, "{}", created.text);
    let created = created.json();
    assert_eq!(created["status"], "draft");
    assert_eq!(created["version"], 2);
    let id = created["id"].as_str().unwrap().to_owned();
    assert_eq!(audit_count(&app, "criteria_set.create").await, 1);

    // Export → the same set, in each format.
    let exported = central
        .get(&format!("/api/v1/criteria-sets/{id}/export?format=xlsx"))
        .await;
    assert_eq!(exported.status, 200, "{}", exported.text);
    let toml = central
        .get(&format!("/api/v1/criteria-sets/{id}/export?format=toml"))
        .await;
    assert_eq!(CriteriaSet::from_toml(&toml.text).unwrap(), set);
    let json = central
        .get(&format!("/api/v1/criteria-sets/{id}/export?format=json"))
        .await;
    assert_eq!(CriteriaSet::from_json(&json.text).unwrap(), set);
    assert_eq!(
        central
            .get(&format!("/api/v1/criteria-sets/{id}/export?format=pdf"))
            .await
            .status,
        422
    );
    // The draft is not visible to the public, nor its export.
    assert_eq!(
        app.client()
            .get(&format!("/api/v1/criteria-sets/{id}/export"))
            .await
            .status,
        404
    );

    // A bad cell: 422 import_rejected naming the row and column; nothing stored.
    let mut broken = set.clone();
    broken.parts[1].groups[0].criteria[0].options[0].text.clear();
    let rejected = central
        .post_bytes(
            "/api/v1/criteria-sets/import",
            xlsx,
            ocop_service::criteria_xlsx::write(&broken),
        )
        .await;
    assert_eq!(rejected.status, 422, "{}", rejected.text);
    assert_eq!(rejected.error_code(), "import_rejected");
    let row = 2 + set.parts[0]
        .groups
        .iter()
        .flat_map(|g| &g.criteria)
        .map(|c| c.options.len())
        .sum::<usize>();
    assert_eq!(
        rejected.field_codes(),
        vec![(format!("rows[{row}].option_text"), "required".to_owned())]
    );
    assert_eq!(audit_count(&app, "criteria_set.create").await, 1);

    // TOML through the same route; a province officer is refused.
    let from_toml = central
        .post_bytes(
            "/api/v1/criteria-sets/import",
            "application/toml",
            set.to_toml().into_bytes(),
        )
        .await;
    assert_eq!(from_toml.status, 201, "{}", from_toml.text);
    assert_eq!(from_toml.json()["version"], 3);
    let mut province = app
        .login_as("tinh.hatinh", "province_officer", Some("2025/province/42"), None)
        .await;
    let refused = province
        .post_bytes(
            "/api/v1/criteria-sets/import",
            xlsx,
            ocop_service::criteria_xlsx::write(&set),
        )
        .await;
    assert_eq!(refused.status, 403, "{}", refused.text);
}

#[tokio::test]
async fn the_editor_page_lists_shows_and_reports_upload_errors_by_row() {
    let app = TestApp::spawn().await;
    let mut public = app.client();
    let list = public.get("/criteria-sets").await;
    assert_eq!(list.status, 200, "{}", list.text);
    assert!(list.text.contains("Đã ban hành"), "{}", list.text);
    assert!(!list.text.contains("criteria-upload"), "no upload form for the public");
    let id = public.get("/api/v1/criteria-sets").await.json()[0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let detail = public.get(&format!("/criteria-sets/{id}")).await;
    assert_eq!(detail.status, 200);
    assert!(detail.text.contains("Rau, củ, quả, hạt tươi"));
    assert!(detail.text.contains("download-xlsx"));
    assert!(
        !detail.text.contains("criteria-publish"),
        "a published set offers no publish"
    );

    let mut admin = app.login_as("quantri", "administrator", None, None).await;
    let mut broken = CriteriaSet::qd1048_fresh_produce();
    broken.parts[0].groups[0].criteria[0].options[0].text.clear();
    let boundary = "ocopboundary";
    let mut bytes = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.xlsx\"\r\nContent-Type: application/octet-stream\r\n\r\n"
    )
    .into_bytes();
    bytes.extend_from_slice(&ocop_service::criteria_xlsx::write(&broken));
    bytes.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    let page = admin
        .post_bytes(
            "/criteria-sets",
            &format!("multipart/form-data; boundary={boundary}"),
            bytes,
        )
        .await;
    assert_eq!(page.status, 422, "{}", page.text);
    assert!(page.text.contains("dòng 2, cột option_text"), "{}", page.text);

    // A sample set shows the sample mark.
    let sample = ocop_domain::evaluation::sample::sample_sheet(
        ocop_domain::evaluation::LegalBases::official()
            .get("QD148-1489-2025")
            .unwrap(),
        "I.4.a",
        "Chè",
    );
    let created = admin
        .post_bytes(
            "/api/v1/criteria-sets/import",
            "application/toml",
            sample.to_toml().into_bytes(),
        )
        .await;
    assert_eq!(created.status, 201, "{}", created.text);
    let list = admin.get("/criteria-sets").await;
    assert!(list.text.contains("sample-mark"), "{}", list.text);
    assert!(list.text.contains("Bản nháp"));
}
