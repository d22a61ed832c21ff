//! The programme through HTTP: a province officer pastes a directive (OCR
//! text), reviews the proposal, unticks rows, confirms, and finds the tasks
//! and the plan with its chart; the API's preview matches the domain reader.

use crate::common;

use common::TestApp;
use serde_json::json;

fn form(pairs: &[(&str, &str)]) -> Option<(&'static str, Vec<u8>)> {
    Some((
        "application/x-www-form-urlencoded",
        serde_urlencoded::to_string(pairs).unwrap().into_bytes(),
    ))
}

#[tokio::test]
async fn a_province_officer_imports_a_directive_through_the_pages() {
    let app = TestApp::spawn().await;
    let mut client = app
        .login_as("tinh.ht", "province_officer", Some("2025/province/42"), None)
        .await;
    client.csrf = Some(
        client.get("/api/v1/auth/csrf").await.json()["csrf_token"]
            .as_str()
            .unwrap()
            .to_owned(),
    );
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../reference/directives/seeds/003_ad2c6483cf060b55.txt"
    ))
    .unwrap();

    let home = client.get("/programme").await;
    assert_eq!(home.status, 200, "{}", home.text);
    assert!(home.text.contains("directive-paste"));

    let review = client
        .request("POST", "/programme/import", form(&[("text", &text)]), true)
        .await;
    assert_eq!(review.status, 200, "{}", review.text);
    assert_eq!(review.text.matches("data-testid=\"review-task\"").count(), 11);
    assert_eq!(review.text.matches("data-testid=\"review-target\"").count(), 6);
    assert!(review.text.contains("value=\"54/TB-UBND\""));
    // The header is read for confirmation: issuer and kind.
    assert!(
        review.text.contains("value=\"Ủy ban nhân dân tinh Quang Tri\""),
        "issuer prefilled"
    );
    assert!(review.text.contains("<option value=\"notice\" selected>"), "kind read");
    // The unit whose plan it feeds is chosen, not guessed from the officer's own unit.
    assert!(review.text.contains("<option value=\"\" selected>— Chọn đơn vị —"));
    assert!(!review.text.contains("<option value=\"2025/province/42\" selected"));
    // Every proposal shows the words it was read from, marked.
    assert_eq!(review.text.matches("<mark>").count(), 11 + 6);
    // Deadlines are shown as people write them, never as storage codes.
    assert!(review.text.contains("value=\"trong tháng 05/2019\""), "{}", review.text);
    assert!(!review.text.contains("month:2019"));
    assert!(!review.text.contains("by:2019"));
    assert!(review.text.contains("Hiểu là"));
    // The officer types a correction and sees what it means before saving.
    let meaning = client
        .get("/programme/import/deadline?task_3_deadline=qu%C3%BD%20III%2F2019&doc_year=2019")
        .await;
    assert_eq!(meaning.status, 200);
    assert!(meaning.text.contains("quý III năm 2019"), "{}", meaning.text);
    let meaning = client
        .get("/programme/import/deadline?task_3_deadline=30%2F6&doc_year=2019")
        .await;
    assert!(meaning.text.contains("trước ngày 30/06/2019"), "{}", meaning.text);
    let meaning = client
        .get("/programme/import/deadline?task_3_deadline=s%E1%BB%9Bm")
        .await;
    assert!(meaning.text.contains("Không đọc được thời hạn"), "{}", meaning.text);

    // Keep two tasks (one edited) and one target; untick the rest.
    let confirm = client
        .request(
            "POST",
            "/programme/import/confirm",
            form(&[
                ("unit_id", "2025/province/42"),
                ("issuer", "UBND tỉnh Quảng Trị"),
                ("title", "Thông báo kết luận 54/TB-UBND"),
                ("number", "54/TB-UBND"),
                ("text", &text),
                ("plan_year", "2019"),
                ("doc_year", "2019"),
                ("task_0_keep", "on"),
                ("task_0_title", "Thành lập Ban điều hành Chương trình OCOP cấp tỉnh"),
                ("task_0_responsible", "agriculture"),
                // Typed as people write it, the year from the directive.
                ("task_0_deadline", "trước ngày 31/5"),
                ("task_0_details", ""),
                ("task_1_title", "unticked"),
                ("task_1_responsible", "agriculture"),
                ("task_1_deadline", "none"),
                ("task_2_keep", "on"),
                ("task_2_title", "Tổ chức đoàn tham quan học tập kinh nghiệm"),
                ("task_2_responsible", "agriculture"),
                ("task_2_deadline", "tháng 5/2019"),
                ("target_0_keep", "on"),
                ("target_0_kind", "certified"),
                ("target_0_count", "20"),
                ("target_0_min_stars", "3"),
                ("target_0_level", "province"),
                ("target_0_text", "Có ít nhất 20 sản phẩm đạt 3 sao trở lên cấp tỉnh"),
                ("target_1_kind", "producers"),
                ("target_1_count", "10"),
            ]),
            true,
        )
        .await;
    assert_eq!(confirm.status, 303, "{}", confirm.text);
    let plan_href = confirm.headers.get("location").unwrap().to_str().unwrap().to_owned();
    assert!(plan_href.starts_with("/programme/plans/"));
    let plan = client.get(&plan_href).await;
    assert_eq!(plan.status, 200, "{}", plan.text);
    assert!(plan.text.contains("<svg"), "the chart is drawn on the server");
    assert!(plan.text.contains("Có ít nhất 20 sản phẩm"));

    let tasks = client.get("/api/v1/programme/tasks").await;
    assert_eq!(tasks.json()["total"], 2);
    let late = client.get("/api/v1/programme/tasks?status=late").await;
    assert_eq!(late.json()["total"], 2, "both 2019 deadlines have passed");
    let home = client.get("/programme").await;
    assert!(home.text.contains("Thành lập Ban điều hành"));

    // A bad deadline on the review form is a 422 naming the field, nothing saved.
    let bad = client
        .request(
            "POST",
            "/programme/import/confirm",
            form(&[
                ("unit_id", "2025/province/42"),
                ("issuer", "UBND tỉnh"),
                ("title", "Sai"),
                ("task_0_keep", "on"),
                ("task_0_title", "Một việc"),
                ("task_0_responsible", "agriculture"),
                ("task_0_deadline", "sớm"),
            ]),
            true,
        )
        .await;
    assert_eq!(bad.status, 422, "{}", bad.text);
    assert!(bad.text.contains("tasks.0.deadline"));
    assert_eq!(client.get("/api/v1/programme/tasks").await.json()["total"], 2);
}

#[tokio::test]
async fn the_api_preview_reads_ocr_text_and_rejects_an_empty_paste() {
    let app = TestApp::spawn().await;
    let mut client = app
        .login_as("xa.cx", "commune_officer", Some("2025/commune/18673"), None)
        .await;
    client.csrf = Some(
        client.get("/api/v1/auth/csrf").await.json()["csrf_token"]
            .as_str()
            .unwrap()
            .to_owned(),
    );
    let preview = client
        .post_json(
            "/api/v1/programme/directives/preview",
            &json!({ "text": "3. Van phong Diéu phéi nong thon méi huyén:\n- Huéng dan cac co s¢ hoan thanh phiéu dang ky truéc ngay 20/6/2023.\n" }),
        )
        .await;
    assert_eq!(preview.status, 200, "{}", preview.text);
    let task = &preview.json()["tasks"][0];
    assert_eq!(task["responsible"], "coordination_office");
    assert_eq!(task["deadline"]["kind"], "by");
    assert_eq!(task["deadline"]["date"], "2023-06-20");
    let empty = client
        .post_json("/api/v1/programme/directives/preview", &json!({ "text": "  " }))
        .await;
    assert_eq!(empty.status, 422);
    assert_eq!(empty.field_codes(), [("text".to_owned(), "required".to_owned())]);
}

#[tokio::test]
async fn the_api_preview_gives_the_header_and_the_source_of_each_proposal() {
    let app = TestApp::spawn().await;
    let mut client = app
        .login_as("tinh.ht", "province_officer", Some("2025/province/42"), None)
        .await;
    client.csrf = Some(
        client.get("/api/v1/auth/csrf").await.json()["csrf_token"]
            .as_str()
            .unwrap()
            .to_owned(),
    );
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../reference/directives/unseen/101_district_notice_2024.txt"
    ))
    .unwrap();
    let preview = client
        .post_json("/api/v1/programme/directives/preview", &json!({ "text": text }))
        .await;
    assert_eq!(preview.status, 200, "{}", preview.text);
    let body = preview.json();
    assert_eq!(body["meta"]["issuer"], "Ủy ban nhân dân huyện Vũ Quang");
    assert_eq!(body["meta"]["number"], "212/TB-UBND");
    assert_eq!(body["meta"]["issued_on"], "2024-07-18");
    assert_eq!(body["meta"]["kind"], "notice");
    let tasks = body["tasks"].as_array().unwrap();
    assert!(tasks.len() >= 10, "{body}");
    for t in tasks.iter().chain(body["targets"].as_array().unwrap()) {
        let (start, end) = (
            t["span"]["start"].as_u64().unwrap() as usize,
            t["span"]["end"].as_u64().unwrap() as usize,
        );
        let source = text.get(start..end).expect("a span on character boundaries");
        assert!(!source.trim().is_empty(), "{t}");
    }
    // The source of the first task is the bullet it was read from.
    let first = &tasks[0];
    let source =
        &text[first["span"]["start"].as_u64().unwrap() as usize..first["span"]["end"].as_u64().unwrap() as usize];
    assert!(source.contains("Chủ trì, phối hợp với các xã rà soát"), "{source}");
    // A past result is never a target.
    assert!(
        body["targets"].as_array().unwrap().iter().all(|t| t["count"] != 27),
        "{body}"
    );
}
