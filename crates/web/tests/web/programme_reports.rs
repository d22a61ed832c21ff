//! Reports and programme records through HTTP: a province officer records a
//! fair, a course and a disbursement with the forms, makes a task by hand
//! and edits it, enters a product's revenue, opens the report page and
//! downloads the six-month report as .xlsx and PDF and the PTNT_OCOP export;
//! a commune officer sees only its commune and not the country.

use crate::common;

use chrono::Datelike;
use common::{TestApp, producer_body, tax_code};
use serde_json::json;

fn form(pairs: &[(&str, &str)]) -> Option<(&'static str, Vec<u8>)> {
    Some((
        "application/x-www-form-urlencoded",
        serde_urlencoded::to_string(pairs).unwrap().into_bytes(),
    ))
}

fn today() -> chrono::NaiveDate {
    (chrono::Utc::now() + chrono::Duration::hours(7)).date_naive()
}

#[tokio::test]
async fn a_province_officer_records_activities_and_downloads_the_six_month_report() {
    let app = TestApp::spawn().await;
    let mut admin = app.login_as("quantri.bc", "administrator", None, None).await;
    admin.csrf = Some(
        admin.get("/api/v1/auth/csrf").await.json()["csrf_token"]
            .as_str()
            .unwrap()
            .to_owned(),
    );
    let producer = admin
        .post_json(
            "/api/v1/producers",
            &producer_body("Công ty TNHH Mật ong Cẩm Xuyên", &tax_code(77), "2025/commune/18673"),
        )
        .await;
    assert_eq!(producer.status, 201, "{}", producer.text);
    let producer_id = producer.json()["id"].as_str().unwrap().to_owned();
    let product = admin
        .post_json(
            "/api/v1/products",
            &json!({ "name": "Mật ong rừng Cẩm Xuyên", "producer_id": producer_id, "product_set_code": "I.4.a", "commune_id": "2025/commune/18673" }),
        )
        .await;
    let product_id = product.json()["id"].as_str().unwrap().to_owned();
    let year = today().year();
    let first_day = chrono::NaiveDate::from_ymd_opt(year, 1, 1).unwrap();
    let issued = admin
        .record_certificates(
            &json!({ "decision": { "number": "7/QĐ-UBND", "decided_on": first_day, "issuer_name": "UBND tỉnh Hà Tĩnh",
                                   "issuer_level": "province", "legal_basis": "qd148" },
                     "items": [{ "product_id": product_id, "stars": 4, "score": 80.0 }] }),
        )
        .await;
    assert_eq!(issued.status, 201, "{}", issued.text);

    let mut officer = app
        .login_as("tinh.ht", "province_officer", Some("2025/province/42"), None)
        .await;
    officer.csrf = Some(
        officer.get("/api/v1/auth/csrf").await.json()["csrf_token"]
            .as_str()
            .unwrap()
            .to_owned(),
    );
    let day = first_day.format("%d/%m/%Y").to_string();

    // A fair with the producer taking part, a course, a disbursement — through the forms.
    let event = officer
        .request(
            "POST",
            "/programme/events",
            form(&[
                ("unit_id", "2025/province/42"),
                ("kind", "fair"),
                ("name", "Hội chợ OCOP Hà Tĩnh"),
                ("place", "TP Hà Tĩnh"),
                ("starts_on", &day),
            ]),
            true,
        )
        .await;
    assert_eq!(event.status, 303, "{}", event.text);
    let event_href = event.headers.get("location").unwrap().to_str().unwrap().to_owned();
    let added = officer
        .request(
            "POST",
            &format!("{event_href}/participants"),
            form(&[("producer_id", &producer_id), ("product_id", &product_id)]),
            true,
        )
        .await;
    assert_eq!(added.status, 303, "{}", added.text);
    let page = officer.get(&event_href).await;
    assert!(page.text.contains("Công ty TNHH Mật ong Cẩm Xuyên"), "{}", page.text);
    let twice = officer
        .post_json(
            &format!("/api/v1{event_href}/participants"),
            &json!({ "producer_id": producer_id, "product_id": product_id }),
        )
        .await;
    assert_eq!(twice.status, 409, "the same producer and product are listed once");
    let training = officer
        .request(
            "POST",
            "/programme/trainings",
            form(&[
                ("unit_id", "2025/province/42"),
                ("title", "Tập huấn đánh giá sản phẩm OCOP"),
                ("starts_on", &day),
                ("officials", "40"),
                ("others", "15"),
            ]),
            true,
        )
        .await;
    assert_eq!(training.status, 303, "{}", training.text);
    let bad_support = officer
        .request(
            "POST",
            "/programme/supports",
            form(&[
                ("unit_id", "2025/province/42"),
                ("producer_id", &producer_id),
                ("amount", "một trăm triệu"),
                ("source", "local_budget"),
                ("purpose", "Hỗ trợ bao bì"),
                ("disbursed_on", &day),
            ]),
            true,
        )
        .await;
    assert_eq!(bad_support.status, 422, "{}", bad_support.text);
    assert!(bad_support.text.contains("amount_vnd"));
    let support = officer
        .request(
            "POST",
            "/programme/supports",
            form(&[
                ("unit_id", "2025/province/42"),
                ("producer_id", &producer_id),
                ("amount", "150.000.000"),
                ("source", "local_budget"),
                ("purpose", "Hỗ trợ bao bì"),
                ("disbursed_on", &day),
            ]),
            true,
        )
        .await;
    assert_eq!(support.status, 303, "{}", support.text);
    let activities = officer.get("/programme/activities").await;
    assert_eq!(activities.status, 200);
    assert!(activities.text.contains("Tập huấn đánh giá sản phẩm OCOP"));
    assert!(activities.text.contains("150.000.000"));

    // A task by hand linked to the product, then edited on its page.
    let task = officer
        .request(
            "POST",
            "/programme/tasks",
            form(&[
                ("unit_id", "2025/province/42"),
                ("title", "Hoàn thiện hồ sơ công nhận lại sản phẩm"),
                ("responsible", "agriculture"),
                ("due", &day),
                ("product_id", &product_id),
            ]),
            true,
        )
        .await;
    assert_eq!(task.status, 303, "{}", task.text);
    let task_href = task.headers.get("location").unwrap().to_str().unwrap().to_owned();
    let page = officer.get(&task_href).await;
    assert!(
        page.text.contains("Mật ong rừng Cẩm Xuyên"),
        "the linked product is shown"
    );
    assert!(
        page.text.contains(&format!("/producers/{producer_id}")),
        "and its producer"
    );
    let edited = officer
        .request(
            "POST",
            &format!("{task_href}/edit"),
            form(&[
                ("title", "Hoàn thiện hồ sơ đánh giá lại"),
                ("responsible", "coordination_office"),
                ("due", "thường xuyên"),
                ("product_id", &product_id),
                ("row_version", "1"),
            ]),
            true,
        )
        .await;
    assert_eq!(edited.status, 303, "{}", edited.text);
    let api_task = officer.get(&format!("/api/v1{task_href}")).await.json();
    assert_eq!(api_task["task"]["deadline"], "ongoing");
    assert_eq!(api_task["task"]["title"], "Hoàn thiện hồ sơ đánh giá lại");
    let stale = officer
        .put_json(
            &format!("/api/v1{task_href}"),
            &json!({ "title": "x", "responsible": "agriculture", "deadline": "none", "row_version": 1 }),
        )
        .await;
    assert_eq!(stale.status, 409, "{}", stale.text);

    // Last year's revenue on the product page.
    let revenue = officer
        .request(
            "POST",
            &format!("/products/{product_id}/revenues"),
            form(&[("year", &(year - 1).to_string()), ("revenue_million", "1.250,5")]),
            true,
        )
        .await;
    assert_eq!(revenue.status, 303, "{}", revenue.text);
    let revenues = officer.get(&format!("/api/v1/products/{product_id}/revenues")).await;
    assert_eq!(revenues.json()[0]["revenue_vnd"], 1_250_500_000_i64);
    let page = officer.get(&format!("/products/{product_id}")).await;
    assert!(page.text.contains("1.250,50"), "the revenue is shown in million VND");
    let public = app.client().get(&format!("/products/{product_id}")).await;
    assert!(!public.text.contains("1.250,50"), "revenues are not public");

    // The report page and its downloads.
    let query = format!("unit_id=2025/province/42&period={year}-H1&units=current");
    let page = officer.get(&format!("/programme/reports?{query}")).await;
    assert_eq!(page.status, 200, "{}", page.text);
    assert!(page.text.contains("data-testid=\"report-summary\""));
    assert!(page.text.contains("Xã Cẩm Xuyên"));
    let json = officer.get(&format!("/api/v1/programme/reports?{query}")).await;
    assert_eq!(json.status, 200, "{}", json.text);
    let report = json.json();
    assert_eq!(report["summary"]["in_force"], 1);
    assert_eq!(report["summary"]["fairs"], 1);
    assert_eq!(report["summary"]["officials_trained"], 40);
    assert_eq!(report["summary"]["support_vnd"], 150_000_000);
    let xlsx = officer.get(&format!("/api/v1/programme/reports.xlsx?{query}")).await;
    assert_eq!(xlsx.status, 200);
    assert!(xlsx.text.starts_with("PK"), "an .xlsx (zip) file");
    assert!(
        xlsx.headers["content-disposition"]
            .to_str()
            .unwrap()
            .contains(&format!("bao-cao-ocop-2025-province-42-{year}-H1.xlsx"))
    );
    let pdf = officer.get(&format!("/api/v1/programme/reports.pdf?{query}")).await;
    assert_eq!(pdf.status, 200);
    assert!(pdf.text.starts_with("%PDF-"));
    let csv = officer.get(&format!("/api/v1/programme/ptnt.csv?{query}")).await;
    assert_eq!(csv.status, 200);
    let lines: Vec<&str> = csv.text.lines().collect();
    assert_eq!(lines.len(), 2, "{}", csv.text);
    assert!(lines[1].contains("Mật ong rừng Cẩm Xuyên") && lines[1].contains(",4*,"));
    let xlsx = officer.get(&format!("/api/v1/programme/ptnt.xlsx?{query}")).await;
    assert!(xlsx.text.starts_with("PK"));

    // A bad period is a 422 naming the field; another province and the country are refused.
    let bad = officer
        .get("/api/v1/programme/reports?unit_id=2025/province/42&period=2026-Q1")
        .await;
    assert_eq!(bad.status, 422);
    assert_eq!(bad.field_codes(), [("period".to_owned(), "invalid_period".to_owned())]);
    let bad_page = officer
        .get("/programme/reports?unit_id=2025/province/42&period=2026-Q1")
        .await;
    assert_eq!(bad_page.status, 422);
    assert!(bad_page.text.contains("data-testid=\"report-error\""));
    let other = officer
        .get(&format!(
            "/api/v1/programme/reports?unit_id=2025/province/01&period={year}-H1"
        ))
        .await;
    assert_eq!(other.status, 403);
    let national = officer
        .get(&format!("/api/v1/programme/reports?unit_id=national&period={year}-H1"))
        .await;
    assert_eq!(national.status, 403);
    let mut central = app.login_as("trunguong.bc", "central_officer", None, None).await;
    let national = central
        .get(&format!("/api/v1/programme/reports?unit_id=national&period={year}-H1"))
        .await;
    assert_eq!(national.status, 200, "{}", national.text);
    assert_eq!(national.json()["rows_level"], "province");

    // The dashboard shows the plan's targets against actuals.
    let plan = officer
        .post_json(
            "/api/v1/programme/plans",
            &json!({ "unit_id": "2025/province/42", "year": year,
                     "targets": [{ "kind": "fairs", "count": 3 }, { "kind": "officials_trained", "count": 80 },
                                 { "kind": "support_funds", "count": 300 }] }),
        )
        .await;
    assert_eq!(plan.status, 201, "{}", plan.text);
    let actuals: Vec<i64> = plan.json()["targets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["actual"].as_i64().unwrap())
        .collect();
    assert_eq!(actuals, [1, 40, 150]);
    let dashboard = officer.get("/programme/dashboard?unit_id=2025/province/42").await;
    assert_eq!(dashboard.status, 200);
    assert!(dashboard.text.contains("data-testid=\"dashboard-targets\""));
    assert!(dashboard.text.contains("Hội chợ, triển lãm"), "{}", dashboard.text);
    let title = dashboard
        .text
        .split("<title>")
        .nth(1)
        .and_then(|t| t.split("</title>").next())
        .unwrap();
    assert!(!title.contains('<'), "the title holds text only: {title}");

    // The OpenAPI document lists the new routes.
    let doc = app.client().get("/api/openapi.json").await.json();
    for path in [
        "/api/v1/programme/reports.pdf",
        "/api/v1/programme/ptnt.csv",
        "/api/v1/programme/events/{id}/participants",
        "/api/v1/products/{id}/revenues",
    ] {
        assert!(
            doc["paths"][path].is_object(),
            "{path} missing from the OpenAPI document"
        );
    }
}

#[tokio::test]
async fn a_commune_officer_reports_on_its_commune_only() {
    let app = TestApp::spawn().await;
    let mut commune = app
        .login_as("xa.cx", "commune_officer", Some("2025/commune/18673"), None)
        .await;
    let year = today().year();
    let own = commune
        .get(&format!(
            "/api/v1/programme/reports?unit_id=2025/commune/18673&period={year}&units=recorded"
        ))
        .await;
    assert_eq!(own.status, 200, "{}", own.text);
    assert_eq!(own.json()["unit_level"], "commune");
    assert_eq!(own.json()["units"], "recorded");
    let province = commune
        .get(&format!(
            "/api/v1/programme/reports?unit_id=2025/province/42&period={year}"
        ))
        .await;
    assert_eq!(province.status, 403);
    let form = commune.get("/programme/reports").await;
    assert_eq!(form.status, 200);
    assert!(
        form.text
            .contains("<option value=\"2025/commune/18673\" selected>Xã Cẩm Xuyên</option>"),
        "its commune, by name, is the default"
    );
    assert!(!form.text.contains("value=\"2025/province/42\""), "not the province");
    assert!(!form.text.contains("value=\"national\""), "not the country");
    assert!(
        form.text.contains("Thị trấn Cẩm Xuyên"),
        "the old communes that went into it, for earlier periods"
    );
}

#[tokio::test]
async fn officials_pick_units_of_their_area_by_name_today_and_before_the_reform() {
    let app = TestApp::spawn().await;
    let mut province = app
        .login_as("tinh.ht", "province_officer", Some("2025/province/42"), None)
        .await;
    let form = province.get("/programme/reports").await;
    assert_eq!(form.status, 200, "{}", form.text);
    assert!(
        form.text
            .contains("<option value=\"2025/province/42\" selected>Tỉnh Hà Tĩnh</option>")
    );
    assert!(
        form.text
            .contains("<option value=\"2025/commune/18673\">— Xã Cẩm Xuyên</option>")
    );
    assert!(
        form.text
            .contains("<option value=\"pre2025/district/446\">— Huyện Cẩm Xuyên</option>")
    );
    assert!(!form.text.contains("Thành phố Hà Nội"), "no other province");
    // The directive and task forms offer today's units only.
    let home = province.get("/programme").await;
    assert!(home.text.contains("— Xã Cẩm Xuyên") && !home.text.contains("Huyện Cẩm Xuyên"));
    // A unit sent back that is not in the list stays selected rather than lost.
    let chosen = province
        .get("/programme/reports?unit_id=2025/commune/99999&period=")
        .await;
    assert!(chosen.text.contains("<option value=\"2025/commune/99999\" selected>"));
    let mut central = app.login_as("tw.bc", "central_officer", None, None).await;
    let form = central.get("/programme/reports").await;
    assert!(
        form.text
            .contains("<option value=\"national\" selected>Toàn quốc</option>")
    );
    assert_eq!(form.text.matches("<option value=\"2025/province/").count(), 34);
    assert_eq!(form.text.matches("<option value=\"pre2025/province/").count(), 63);
}
