//! Oversight end to end through the API and the pages (issue 14): a consumer's fake report
//! opens a case of the certificate's province; the province officer plans an inspection from
//! it, records a finding whose last day has passed, the dashboard, the digest and the report
//! count it, the suspension is proposed and decided by the issuing province, and `/v/{code}`
//! and the verification API then show the certificate suspended.

use crate::common;

use common::{TestApp, TestClient, TestResponse, producer_body, tax_code};
use serde_json::{Value, json};

const CAM_XUYEN: &str = "2025/commune/18673"; // Hà Tĩnh (42)

/// Today in Vietnam, the server's day.
fn today() -> chrono::NaiveDate {
    (chrono::Utc::now() + chrono::Duration::hours(7)).date_naive()
}

fn day(offset: i64) -> String {
    (today() + chrono::Duration::days(offset)).to_string()
}

async fn post_form(client: &mut TestClient, path: &str, pairs: &[(&str, &str)]) -> TestResponse {
    let body = serde_urlencoded::to_string(pairs).expect("form");
    client
        .request(
            "POST",
            path,
            Some(("application/x-www-form-urlencoded", body.into_bytes())),
            true,
        )
        .await
}

/// A 4★ certificate of Hà Tĩnh for a new product of a new producer: (certificate, code).
async fn certificate(admin: &mut TestClient) -> (String, String) {
    let (certificate, code, _) = certificate_of_producer(admin).await;
    (certificate, code)
}

/// [`certificate`] with the producer's id.
async fn certificate_of_producer(admin: &mut TestClient) -> (String, String, String) {
    let producer = admin
        .post_json(
            "/api/v1/producers",
            &producer_body("HTX Hậu kiểm Cẩm Xuyên", &tax_code(9101), CAM_XUYEN),
        )
        .await;
    assert_eq!(producer.status, 201, "{}", producer.text);
    let product = admin
        .post_json(
            "/api/v1/products",
            &json!({ "name": "Nước mắm Cẩm Xuyên", "producer_id": producer.json()["id"], "product_set_code": "I.4.a",
                     "commune_id": CAM_XUYEN }),
        )
        .await;
    assert_eq!(product.status, 201, "{}", product.text);
    let issued = admin
        .record_certificates(&json!({
            "decision": { "number": "71/QĐ-UBND", "decided_on": day(-60), "issuer_name": "UBND tỉnh Hà Tĩnh",
                          "issuer_level": "province", "legal_basis": "qd148" },
            "items": [{ "product_id": product.json()["id"], "stars": 4, "score": 78.5 }],
        }))
        .await;
    assert_eq!(issued.status, 201, "{}", issued.text);
    let c = issued.json()[0].clone();
    (
        c["id"].as_str().unwrap().to_owned(),
        c["verification_code"].as_str().unwrap().to_owned(),
        producer.json()["id"].as_str().unwrap().to_owned(),
    )
}

fn count(json: &Value, field: &str) -> u64 {
    json[field].as_u64().unwrap_or_else(|| panic!("{field} in {json}"))
}

#[tokio::test]
async fn a_fake_report_becomes_a_case_an_inspection_a_finding_a_suspension_and_a_changed_public_page() {
    let app = TestApp::spawn().await;
    let mut admin = app.login_as("ov.admin", "administrator", None, None).await;
    let (certificate_id, code) = certificate(&mut admin).await;

    // A consumer reports a fake on the public page: a case of Hà Tĩnh opens.
    let mut public = app.client();
    let page = public.get(&format!("/v/{code}")).await;
    assert_eq!(page.status, 200);
    let token = public.cookies.get("ocop_csrf").cloned().expect("csrf cookie");
    let sent = public
        .request(
            "POST",
            &format!("/v/{code}/report"),
            Some((
                "application/x-www-form-urlencoded",
                format!("_csrf={token}&message=Tem+in+m%E1%BB%9D%2C+nghi+gi%E1%BA%A3&contact=0912345678").into_bytes(),
            )),
            false,
        )
        .await;
    assert_eq!(sent.status, 200, "{}", sent.text);

    let mut province = app
        .login_as("ov.hatinh", "province_officer", Some("2025/province/42"), None)
        .await;
    let mut hanoi = app
        .login_as("ov.hanoi", "province_officer", Some("2025/province/01"), None)
        .await;
    let cases = province.get("/api/v1/oversight/cases").await;
    assert_eq!(cases.status, 200, "{}", cases.text);
    let case = cases
        .json()
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["verification_code"] == code.as_str())
        .cloned()
        .expect("the report opened a case of Hà Tĩnh");
    assert_eq!(case["source"], "fake_report");
    let case_id = case["id"].as_str().unwrap().to_owned();
    let elsewhere = hanoi.get("/api/v1/oversight/cases").await.json();
    assert!(
        !elsewhere
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["id"] == case_id.as_str()),
        "another province does not see the case"
    );
    let home = province.get("/oversight").await;
    assert_eq!(home.status, 200);
    assert!(home.text.contains(&format!("/oversight/cases/{case_id}/inspect")));

    // The officer plans an inspection from the case (the page's form) and records it.
    let planned = post_form(
        &mut province,
        &format!("/oversight/cases/{case_id}/inspect"),
        &[
            ("lead_agency", "market_surveillance"),
            ("planned_on", &today().format("%d/%m/%Y").to_string()),
        ],
    )
    .await;
    assert_eq!(planned.status, 303, "{}", planned.text);
    let location = planned.headers["location"].to_str().unwrap().to_owned();
    let inspection_id = location.trim_start_matches("/oversight/inspections/").to_owned();
    let refused = hanoi
        .post_json(
            &format!("/api/v1/oversight/inspections/{inspection_id}/record"),
            &json!({ "carried_out_on": day(-20), "place": "x", "team": "x", "lead_name": "x", "checked": "x" }),
        )
        .await;
    assert_eq!(refused.status, 404, "another province cannot record: {}", refused.text);
    let recorded = province
        .post_json(
            &format!("/api/v1/oversight/inspections/{inspection_id}/record"),
            &json!({ "carried_out_on": day(-20), "place": "Cơ sở sản xuất, thôn Phú Sơn",
                     "team": "Đội Quản lý thị trường số 3", "lead_name": "Trần Văn Bình",
                     "checked": "Tem, nhãn, lô hàng tại cơ sở" }),
        )
        .await;
    assert_eq!(recorded.status, 200, "{}", recorded.text);
    // A finding of 1 working day from the inspection 20 days ago: its last day has passed.
    let found = province
        .post_json(
            &format!("/api/v1/oversight/inspections/{inspection_id}/findings"),
            &json!({ "kind": "label", "severity": "major", "description": "Tem OCOP in sai số giấy chứng nhận",
                     "remedy_required": "Thu hồi tem sai, in lại", "working_days": 1 }),
        )
        .await;
    assert_eq!(found.status, 200, "{}", found.text);
    let finding_id = found.json()["findings"][0]["id"].as_str().unwrap().to_owned();

    // The dashboard, the digest and the report count it.
    let dashboard = province
        .get("/api/v1/programme/dashboard?unit_id=2025/province/42")
        .await;
    assert_eq!(dashboard.status, 200, "{}", dashboard.text);
    let o = &dashboard.json()["oversight"];
    assert_eq!(count(o, "findings_past_deadline"), 1, "{o}");
    assert_eq!(count(o, "records_open"), 1, "{o}");
    let page = province.get("/programme/dashboard?unit_id=2025/province/42").await;
    assert!(page.text.contains("data-testid=\"dashboard-oversight\""));
    assert!(
        page.text.contains("data-testid=\"oversight-past\">1<"),
        "the dashboard page shows it"
    );
    let digest = province.get("/programme").await;
    assert_eq!(digest.status, 200);
    assert!(digest.text.contains("data-testid=\"digest-oversight\""));
    assert!(
        digest.text.contains("data-testid=\"oversight-past\">1<"),
        "the digest shows it"
    );

    // The officer proposes the suspension (the page's form); the province decides it.
    let proposed = post_form(&mut province, &format!("/oversight/findings/{finding_id}/propose"), &[]).await;
    assert_eq!(proposed.status, 303, "{}", proposed.text);
    let finding = province
        .get(&format!("/api/v1/oversight/findings/{finding_id}"))
        .await
        .json();
    assert_eq!(finding["status"], "proposed", "{finding}");
    assert_eq!(finding["consequence"], "suspension", "{finding}");
    let decided = province
        .post_json(
            &format!("/api/v1/oversight/findings/{finding_id}/decide"),
            &json!({ "accept": true, "decided_on": day(0), "note": "Tạm đình chỉ đến khi khắc phục tem nhãn" }),
        )
        .await;
    assert_eq!(decided.status, 200, "{}", decided.text);

    // The public sees it.
    let verified = app.client().get(&format!("/api/v1/verify/{code}")).await;
    assert_eq!(verified.status, 200, "{}", verified.text);
    assert_eq!(
        verified.json()["certificate"]["status"],
        "suspended",
        "{}",
        verified.text
    );
    let public_page = app.client().get(&format!("/v/{code}")).await;
    assert!(
        public_page.text.contains("Tạm đình chỉ từ"),
        "the public page names the suspension"
    );
    let certificate = admin
        .get(&format!("/api/v1/certificates/{certificate_id}"))
        .await
        .json();
    assert_eq!(certificate["status"], "suspended", "{certificate}");

    // The reports of the years count the inspection and the finding (the year of the
    // inspection) and the suspension (the year of the decision).
    use chrono::Datelike;
    let report_of = |year: i32| format!("/api/v1/programme/reports?unit_id=2025/province/42&period={year}");
    let inspected_year = (today() - chrono::Duration::days(20)).year();
    let report = province.get(&report_of(inspected_year)).await;
    assert_eq!(report.status, 200, "{}", report.text);
    let tally = &report.json()["oversight"];
    assert_eq!(count(tally, "inspected"), 1, "{tally}");
    assert_eq!(tally["findings_by_kind"]["label"], 1, "{tally}");
    let report = province.get(&report_of(today().year())).await;
    let tally = &report.json()["oversight"];
    assert_eq!(count(tally, "suspensions"), 1, "{tally}");
    let xlsx = province
        .get(&format!(
            "/api/v1/programme/reports.xlsx?unit_id=2025/province/42&period={}",
            today().year()
        ))
        .await;
    assert_eq!(xlsx.status, 200);
}

/// A refused record comes back as typed with the message beside the field; the producer
/// answers a finding by ticking documents of its vault, never by typing their ids.
#[tokio::test]
async fn refused_forms_keep_what_was_typed_and_the_producer_ticks_its_vault_documents() {
    let app = TestApp::spawn().await;
    let mut admin = app.login_as("ov2.admin", "administrator", None, None).await;
    let (certificate_id, _, producer_id) = certificate_of_producer(&mut admin).await;
    let mut province = app
        .login_as("ov2.hatinh", "province_officer", Some("2025/province/42"), None)
        .await;
    let planned = province
        .post_json(
            "/api/v1/oversight/inspections",
            &json!({ "certificate_id": certificate_id, "ground": "periodic", "lead_agency": "health",
                     "planned_on": day(0) }),
        )
        .await;
    assert_eq!(planned.status, 201, "{}", planned.text);
    let inspection_id = planned.json()["id"].as_str().unwrap().to_owned();
    let path = format!("/oversight/inspections/{inspection_id}/record");
    for (typed_day, code) in [("01/01/2099", "inspection_in_future"), ("32/13/2026", "invalid_date")] {
        let refused = post_form(
            &mut province,
            &path,
            &[
                ("carried_out_on", typed_day),
                ("place", "Xưởng chế biến số 2"),
                ("team", "Nguyễn Thị Hoa\nLê Văn Nam"),
                ("lead_name", "Nguyễn Thị Hoa"),
                ("checked", "Nhãn và giấy chứng nhận ATTP"),
            ],
        )
        .await;
        assert!((400..500).contains(&refused.status), "{code}: {}", refused.status);
        assert!(
            refused.text.contains("data-testid=\"error-summary\""),
            "{code}: the summary"
        );
        assert!(
            refused.text.contains("value=\"Xưởng chế biến số 2\""),
            "{code}: the place as typed"
        );
        assert!(
            refused.text.contains(&format!("value=\"{typed_day}\"")),
            "{code}: the day as typed"
        );
        assert!(
            refused.text.contains("Nhãn và giấy chứng nhận ATTP</textarea>"),
            "{code}: what was checked"
        );
    }
    let recorded = post_form(
        &mut province,
        &path,
        &[
            (
                "carried_out_on",
                &(today() - chrono::Duration::days(2)).format("%d/%m/%Y").to_string(),
            ),
            ("place", "Xưởng chế biến số 2"),
            ("team", "Nguyễn Thị Hoa"),
            ("lead_name", "Nguyễn Thị Hoa"),
            ("checked", "Nhãn"),
        ],
    )
    .await;
    assert_eq!(recorded.status, 303, "{}", recorded.text);
    // The record form shows the day recorded, so saving it again does not move it to today.
    let page = province.get(&format!("/oversight/inspections/{inspection_id}")).await;
    let two_days_ago = (today() - chrono::Duration::days(2)).format("%d/%m/%Y").to_string();
    assert!(
        page.text.contains(&format!(
            "name=\"carried_out_on\" required inputmode=\"numeric\" placeholder=\"dd/mm/yyyy\" value=\"{two_days_ago}\""
        )),
        "the recorded day in the form"
    );
    let found = province
        .post_json(
            &format!("/api/v1/oversight/inspections/{inspection_id}/findings"),
            &json!({ "kind": "label", "severity": "minor", "description": "Nhãn thiếu địa chỉ",
                     "remedy_required": "Bổ sung địa chỉ trên nhãn", "working_days": 10 }),
        )
        .await;
    assert_eq!(found.status, 200, "{}", found.text);
    let finding_id = found.json()["findings"][0]["id"].as_str().unwrap().to_owned();

    let uploaded = admin
        .post_bytes(
            &format!(
                "/api/v1/producers/{producer_id}/evidence?doc_type=other&title=Nh%C3%A3n%20m%E1%BB%9Bi&issued_on={}",
                day(-1)
            ),
            "application/pdf",
            b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n".to_vec(),
        )
        .await;
    assert_eq!(uploaded.status, 201, "{}", uploaded.text);
    let document_id = uploaded.json()["id"].as_str().unwrap().to_owned();
    let mut producer = app
        .login_as("ov2.producer", "producer", None, Some(producer_id.parse().unwrap()))
        .await;
    let page = producer.get(&format!("/oversight/inspections/{inspection_id}")).await;
    assert_eq!(page.status, 200, "{}", page.text);
    assert!(
        page.text
            .contains(&format!("type=\"checkbox\" name=\"evidence\" value=\"{document_id}\"")),
        "the vault document is offered as a checkbox"
    );
    let answered = post_form(
        &mut producer,
        &format!("/oversight/findings/{finding_id}/answer"),
        &[("text", "Đã in lại nhãn có địa chỉ"), ("evidence", &document_id)],
    )
    .await;
    assert_eq!(answered.status, 303, "{}", answered.text);
    let finding = producer
        .get(&format!("/api/v1/oversight/findings/{finding_id}"))
        .await
        .json();
    assert_eq!(finding["status"], "answered", "{finding}");
}
