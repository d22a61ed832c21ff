//! Issue 13: dates are typed dd/mm/yyyy in every input. The forms show dd/mm/yyyy in text
//! inputs (never `type="date"`), accept dd/mm/yyyy, d/m/yyyy and ISO yyyy-mm-dd, and refuse an
//! impossible day on its field with the form back as typed.

use crate::common;

use common::TestApp;
use serde_json::json;

const HA_TINH: &str = "2025/province/42";

fn day(offset_days: i64) -> chrono::NaiveDate {
    (chrono::Utc::now() + chrono::Duration::hours(7)).date_naive() + chrono::Duration::days(offset_days)
}

async fn post_form(client: &mut common::TestClient, path: &str, fields: &[(&str, &str)]) -> common::TestResponse {
    let token = client.csrf_token().await;
    let mut pairs: Vec<(&str, &str)> = vec![("_csrf", &token)];
    pairs.extend_from_slice(fields);
    let body = serde_urlencoded::to_string(&pairs).expect("encode");
    client
        .request(
            "POST",
            path,
            Some(("application/x-www-form-urlencoded", body.into_bytes())),
            false,
        )
        .await
}

/// The `<input name="{name}" …>` tag on a page.
fn input<'a>(html: &'a str, name: &str) -> &'a str {
    let start = html
        .find(&format!("name=\"{name}\""))
        .and_then(|at| html[..at].rfind("<input"))
        .unwrap_or_else(|| panic!("no input {name}"));
    let end = start + html[start..].find('>').expect("closed");
    &html[start..end]
}

#[tokio::test]
async fn batch_dates_are_typed_day_first_and_an_impossible_day_is_refused_on_its_field() {
    let app = TestApp::spawn().await;
    let mut province = app.login_as("ngay.tinh", "province_officer", Some(HA_TINH), None).await;
    let council = province
        .post_json(
            "/api/v1/councils",
            &json!({ "name": "Hội đồng đánh giá sản phẩm OCOP tỉnh Hà Tĩnh", "level": "province",
                     "unit_id": HA_TINH, "decision_number": "88/QĐ-UBND", "decision_date": day(-60).to_string() }),
        )
        .await;
    assert_eq!(council.status, 201, "{}", council.text);
    let council_id = council.json()["id"].as_str().unwrap().to_owned();

    let page = province.get("/batches").await;
    assert_eq!(page.status, 200, "{}", page.text);
    assert!(
        !page.text.contains("type=\"date\""),
        "no browser date picker: {}",
        page.text
    );
    assert!(input(&page.text, "meeting_on").contains("placeholder=\"dd/mm/yyyy\""));

    // 31/02 does not exist: the form comes back with the day typed and the message beside it.
    let refused = post_form(
        &mut province,
        "/batches",
        &[
            ("council_id", &council_id),
            ("name", "Đợt 1"),
            ("starts_on", "1/1/2026"),
            ("ends_on", "30/06/2026"),
            ("meeting_on", "31/02/2026"),
        ],
    )
    .await;
    assert_eq!(refused.status, 422, "{}", refused.text);
    assert!(
        refused.text.contains("data-testid=\"error-summary\""),
        "{}",
        refused.text
    );
    let meeting = input(&refused.text, "meeting_on");
    assert!(meeting.contains("value=\"31/02/2026\""), "{meeting}");
    assert!(meeting.contains("aria-invalid=\"true\""), "{meeting}");
    assert!(refused.text.contains("id=\"f-meeting_on-error\""), "{}", refused.text);
    assert!(refused.text.contains("dd/mm/yyyy"), "the message says how to write it");
    assert!(
        input(&refused.text, "name").contains("value=\"Đợt 1\""),
        "the name is kept"
    );
    assert!(
        !input(&refused.text, "starts_on").contains("aria-invalid"),
        "a good day is not marked"
    );

    // Day first, with or without leading zeros, and ISO for API clients.
    let (from, to, meeting) = (day(-20), day(20), day(0));
    let dmy = |d: chrono::NaiveDate| d.format("%d/%m/%Y").to_string();
    let short = |d: chrono::NaiveDate| d.format("%-d/%-m/%Y").to_string();
    let created = post_form(
        &mut province,
        "/batches",
        &[
            ("council_id", &council_id),
            ("name", "Đợt 2"),
            ("starts_on", &short(from)),
            ("ends_on", &dmy(to)),
            ("meeting_on", &meeting.to_string()),
        ],
    )
    .await;
    assert_eq!(created.status, 303, "{}", created.text);
    let batch = created.headers["location"].to_str().expect("to the batch").to_owned();
    let listed = province.get("/api/v1/batches").await.json();
    let row = listed
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["name"] == "Đợt 2")
        .unwrap_or_else(|| panic!("the batch is listed: {listed}"));
    assert_eq!(row["starts_on"], from.to_string());
    assert_eq!(row["meeting_on"], meeting.to_string());

    // The batch page shows today's day dd/mm/yyyy in the sending form; a bad day is refused there.
    let page = province.get(&batch).await;
    let sent = input(&page.text, "sent_on");
    assert!(sent.contains(&format!("value=\"{}\"", dmy(day(0)))), "{sent}");
    assert!(!page.text.contains("type=\"date\""));
    let refused = post_form(&mut province, &format!("{batch}/send"), &[("sent_on", "30/02/2026")]).await;
    assert_eq!(refused.status, 422, "{}", refused.text);
    let sent = input(&refused.text, "sent_on");
    assert!(
        sent.contains("value=\"30/02/2026\"") && sent.contains("aria-invalid=\"true\""),
        "{sent}"
    );
}
