//! The audit trail through the API, the page and the CSV export.

use crate::common;

use common::{TestApp, producer_body, tax_code};

const CAM_XUYEN_NEW: &str = "2025/commune/18673";

#[tokio::test]
async fn officials_filter_page_and_export_the_audit_trail() {
    let app = TestApp::spawn().await;
    let mut admin = app.login_as("quantri", "administrator", None, None).await;
    let mut officer = app
        .login_as("xa.camxuyen", "commune_officer", Some(CAM_XUYEN_NEW), None)
        .await;
    for seed in 0..3 {
        let created = officer
            .post_json(
                "/api/v1/producers",
                &producer_body(&format!("HTX Số {seed}"), &tax_code(100 + seed), CAM_XUYEN_NEW),
            )
            .await;
        assert_eq!(created.status, 201, "{}", created.text);
    }

    let page = admin
        .get("/api/v1/audit?action=producer.create&actor=xa.camxuyen&limit=2")
        .await;
    assert_eq!(page.status, 200, "{}", page.text);
    let body = page.json();
    assert_eq!(body["total"], 3);
    let items = body["items"].as_array().unwrap();
    assert_eq!(items.len(), 2);
    assert!(items[0]["seq"].as_i64() > items[1]["seq"].as_i64(), "newest first");
    assert!(items.iter().all(|e| e["entity_type"] == "producer"));
    let second = admin
        .get("/api/v1/audit?action=producer.create&actor=xa.camxuyen&limit=2&offset=2")
        .await
        .json();
    assert_eq!(second["items"].as_array().unwrap().len(), 1);

    // Entity type and date range; a day with nothing and a backwards range.
    let users = admin.get("/api/v1/audit?entity_type=user").await.json();
    assert!(users["total"].as_u64().unwrap() >= 2);
    assert!(
        users["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["action"] == "user.create")
    );
    let old = admin.get("/api/v1/audit?to=2020-01-01").await.json();
    assert_eq!(old["total"], 0);
    let today = ocop_service::admin_units::today().format("%Y-%m-%d").to_string();
    let todays = admin
        .get(&format!("/api/v1/audit?from={today}&to={today}&action=producer.create"))
        .await
        .json();
    assert_eq!(todays["total"], 3);
    let backwards = admin.get("/api/v1/audit?from=2026-02-02&to=2026-02-01").await;
    assert_eq!(backwards.status, 422);

    // The page shows the same rows, paginated, and links the export with the filters.
    let html = admin.get("/audit?action=producer.create&limit=2").await;
    assert_eq!(html.status, 200);
    assert_eq!(html.text.matches("data-testid=\"audit-row\"").count(), 2);
    assert!(
        html.text.contains("/audit.csv?action=producer.create\""),
        "{}",
        html.text
    );
    assert!(html.text.contains("offset=2"));

    let csv = admin.get("/audit.csv?action=producer.create").await;
    assert_eq!(csv.status, 200);
    assert!(csv.headers["content-type"].to_str().unwrap().starts_with("text/csv"));
    let lines: Vec<&str> = csv.text.lines().collect();
    assert_eq!(lines.len(), 4, "{}", csv.text);
    assert!(lines[0].starts_with("\u{feff}seq,at,actor_id,actor_name,action"));
    assert!(lines[1].contains(",xa.camxuyen,producer.create,producer,"));

    // Central officers read it too; commune officers do not.
    let mut central = app.login_as("trunguong", "central_officer", None, None).await;
    assert_eq!(central.get("/api/v1/audit").await.status, 200);
    assert_eq!(officer.get("/api/v1/audit").await.status, 403);
    assert_eq!(officer.get("/audit").await.status, 403);
    assert_eq!(officer.get("/audit.csv").await.status, 403);
    assert_eq!(app.client().get("/api/v1/audit").await.status, 401);
    let anonymous_page = app.client().get("/audit.csv").await;
    assert_eq!(anonymous_page.status, 303);
}

#[tokio::test]
async fn a_province_officer_reads_the_entries_of_their_province() {
    let app = TestApp::spawn().await;
    let mut commune = app
        .login_as("xa.camxuyen", "commune_officer", Some(CAM_XUYEN_NEW), None)
        .await;
    for seed in 0..2 {
        let created = commune
            .post_json(
                "/api/v1/producers",
                &producer_body(&format!("HTX Tỉnh {seed}"), &tax_code(200 + seed), CAM_XUYEN_NEW),
            )
            .await;
        assert_eq!(created.status, 201, "{}", created.text);
    }
    let mut ha_tinh = app
        .login_as("tinh.hatinh", "province_officer", Some("2025/province/42"), None)
        .await;
    let mut ha_noi = app
        .login_as("tinh.hanoi", "province_officer", Some("2025/province/01"), None)
        .await;
    let mine = ha_tinh.get("/api/v1/audit").await;
    assert_eq!(mine.status, 200, "{}", mine.text);
    let mine = mine.json();
    assert_eq!(mine["total"], 2, "{mine}");
    assert!(
        mine["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["action"] == "producer.create")
    );
    // Filters still apply inside the province.
    assert_eq!(ha_tinh.get("/api/v1/audit?action=user.create").await.json()["total"], 0);
    let csv = ha_tinh.get("/audit.csv").await;
    assert_eq!(csv.status, 200);
    assert_eq!(csv.text.lines().count(), 3, "{}", csv.text);
    assert_eq!(ha_tinh.get("/audit").await.status, 200);
    // Another province sees none of them.
    assert_eq!(ha_noi.get("/api/v1/audit").await.json()["total"], 0);
    assert_eq!(ha_noi.get("/audit.csv").await.text.lines().count(), 1);
    // Administrators still see everything (the accounts too).
    let mut admin = app.login_as("quantri", "administrator", None, None).await;
    let all = admin.get("/api/v1/audit").await.json();
    assert!(all["total"].as_u64().unwrap() > 2, "{all}");
}
