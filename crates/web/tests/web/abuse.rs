//! Hostile clients (issue 12): the login throttle protects without locking anyone
//! out and without telling which names exist; verification and fake reports are
//! limited per client address (429 with `Retry-After`); repeated reports merge;
//! signals are paged and carry an officer's status; one client hammering a code
//! does not make its day unusual.

use crate::common;

use std::net::IpAddr;
use std::time::{Duration, Instant};

use common::{PASSWORD, TestApp, TestClient, TestResponse, producer_body, tax_code};
use ocop_web::throttle::{Limits, Rate};
use serde_json::{Value, json};

const CAM_XUYEN: &str = "2025/commune/18673"; // Hà Tĩnh (42)

fn loopback(last: u8) -> IpAddr {
    IpAddr::from([127, 0, 0, last])
}

fn day(offset_days: i64) -> String {
    ((chrono::Utc::now() + chrono::Duration::hours(7)).date_naive() + chrono::Duration::days(offset_days)).to_string()
}

/// A 4★ certificate of a new product in Hà Tĩnh; returns its verification code.
async fn certificate(admin: &mut TestClient, seed: u64) -> String {
    let producer = admin
        .post_json(
            "/api/v1/producers",
            &producer_body(&format!("HTX Kiểm thử {seed}"), &tax_code(seed), CAM_XUYEN),
        )
        .await;
    assert_eq!(producer.status, 201, "{}", producer.text);
    let product = admin
        .post_json(
            "/api/v1/products",
            &json!({ "name": format!("Mật ong {seed}"), "producer_id": producer.json()["id"],
                     "product_set_code": "I.4.a", "commune_id": CAM_XUYEN }),
        )
        .await;
    assert_eq!(product.status, 201, "{}", product.text);
    let issued = admin
        .record_certificates(
            &json!({ "decision": { "number": format!("{seed}/QĐ-UBND"), "decided_on": day(-5),
                                   "issuer_name": "UBND tỉnh Hà Tĩnh", "issuer_level": "province", "legal_basis": "qd148" },
                     "items": [{ "product_id": product.json()["id"], "stars": 4, "score": 78.25 }] }),
        )
        .await;
    assert_eq!(issued.status, 201, "{}", issued.text);
    issued.json()[0]["verification_code"].as_str().unwrap().to_owned()
}

async fn login(client: &mut TestClient, username: &str, password: &str) -> TestResponse {
    client
        .post_json(
            "/api/v1/auth/login",
            &json!({ "username": username, "password": password }),
        )
        .await
}

fn retry_after(response: &TestResponse) -> u64 {
    response
        .headers
        .get("retry-after")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| panic!("no Retry-After on {}: {}", response.status, response.text))
}

#[tokio::test]
async fn wrong_passwords_from_one_address_do_not_lock_the_owner_out_of_another() {
    let app = TestApp::spawn_with_limits(Limits::default()).await;
    let _ = app.login_as("quantri", "administrator", None, None).await;
    let mut attacker = app.client_from(loopback(3));
    for attempt in 1..=5 {
        let r = login(&mut attacker, "quantri", "wrong password!").await;
        assert_eq!(r.status, 401, "attempt {attempt}: {}", r.text);
        assert_eq!(r.error_code(), "bad_credentials");
    }
    // The sixth is still evaluated and starts the wait; within three more the attacker is held.
    let mut held = None;
    for _ in 0..4 {
        let r = login(&mut attacker, "quantri", "wrong password!").await;
        if r.status == 429 {
            held = Some(r);
            break;
        }
        assert_eq!(r.status, 401, "{}", r.text);
    }
    let held = held.expect("the attacker's address is made to wait");
    assert_eq!(held.error_code(), "too_many_attempts");
    assert!(retry_after(&held) >= 1);
    let right_from_attacker = login(&mut attacker, "quantri", PASSWORD).await;
    assert_eq!(
        right_from_attacker.status, 429,
        "the waiting address is not even evaluated"
    );

    let mut owner = app.client_from(loopback(2));
    let r = login(&mut owner, "quantri", PASSWORD).await;
    assert_eq!(r.status, 200, "the owner on another address logs in: {}", r.text);
}

#[tokio::test]
async fn unknown_and_known_names_are_answered_alike() {
    let app = TestApp::spawn_with_limits(Limits::default()).await;
    let _ = app.login_as("quantri", "administrator", None, None).await;
    let mut answers: Vec<Vec<(u16, String, String)>> = Vec::new();
    let mut timings = Vec::new();
    for (name, address) in [("quantri", 5), ("khongtontai", 6)] {
        let mut client = app.client_from(loopback(address));
        let mut seen = Vec::new();
        let mut spent = Duration::ZERO;
        for attempt in 0..8 {
            let started = Instant::now();
            let r = login(&mut client, name, "wrong password!").await;
            if attempt < 5 {
                spent += started.elapsed();
            }
            let message = r.json()["error"]["message"].as_str().unwrap_or_default().to_owned();
            seen.push((r.status, r.error_code(), message));
        }
        answers.push(seen);
        timings.push(spent);
    }
    assert_eq!(
        answers[0], answers[1],
        "a real and an unknown name get the same answers"
    );
    assert!(answers[0].iter().any(|(status, _, _)| *status == 429));
    // Both verify an argon2 hash (a dummy one for the unknown name): a name that skipped it
    // would answer in a fraction of the time.
    assert!(
        timings[1] * 4 >= timings[0],
        "unknown {:?} vs known {:?}",
        timings[1],
        timings[0]
    );
}

#[tokio::test]
async fn concurrent_wrong_guesses_beyond_the_budget_are_refused_not_evaluated() {
    let app = TestApp::spawn_with_limits(Limits::default()).await;
    let _ = app.login_as("quantri", "administrator", None, None).await;
    let mut clients = Vec::new();
    for _ in 0..50 {
        let mut client = app.client_from(loopback(7));
        let csrf = client.get("/api/v1/auth/csrf").await.json()["csrf_token"]
            .as_str()
            .unwrap()
            .to_owned();
        client.csrf = Some(csrf);
        clients.push(client);
    }
    let mut set = tokio::task::JoinSet::new();
    for mut client in clients {
        set.spawn(async move { login(&mut client, "quantri", "wrong password!").await.status });
    }
    let mut statuses = Vec::new();
    while let Some(status) = set.join_next().await {
        statuses.push(status.expect("task"));
    }
    let evaluated = statuses.iter().filter(|s| **s == 401).count();
    let refused = statuses.iter().filter(|s| **s == 429).count();
    assert_eq!(evaluated + refused, 50, "{statuses:?}");
    // Five free guesses and the one that starts the wait; a slow machine may let one or two
    // more through as the first waits (1 s, 2 s) run out, never dozens.
    assert!(
        (6..=8).contains(&evaluated),
        "{evaluated} guesses evaluated: {statuses:?}"
    );
}

#[tokio::test]
async fn a_verification_flood_is_answered_429_with_retry_after() {
    let limits = Limits {
        verify: Some(Rate::per(10, 60)),
        ..Limits::default()
    };
    let app = TestApp::spawn_with_limits(limits).await;
    let mut admin = app.login_as("quantri", "administrator", None, None).await;
    let code = certificate(&mut admin, 901).await;
    let mut flood = app.client_from(loopback(8));
    let mut statuses = Vec::new();
    let mut refusal = None;
    for _ in 0..15 {
        let r = flood.get(&format!("/api/v1/verify/{code}")).await;
        statuses.push(r.status);
        if r.status == 429 {
            refusal = Some(r);
        }
    }
    assert_eq!(statuses.iter().filter(|s| **s == 200).count(), 10, "{statuses:?}");
    let refusal = refusal.expect("429");
    assert_eq!(refusal.error_code(), "rate_limited");
    assert!(retry_after(&refusal) >= 1);
    let page = flood.get(&format!("/v/{code}")).await;
    assert_eq!(page.status, 429, "the page shares the address's budget");
    assert!(retry_after(&page) >= 1);
    assert!(page.text.contains("data-error-code=\"rate_limited\""));
    let mut neighbour = app.client_from(loopback(9));
    assert_eq!(neighbour.get(&format!("/api/v1/verify/{code}")).await.status, 200);
    let scans = neighbour.get(&format!("/api/v1/verify/{code}")).await.json();
    assert_eq!(scans["scans_total"], 12, "refused requests are not counted as scans");
}

/// Sends the report form from `client` (fetching the page first for the CSRF cookie).
async fn report_form(client: &mut TestClient, code: &str, message: &str) -> TestResponse {
    if !client.cookies.contains_key("ocop_csrf") {
        let page = client.get(&format!("/v/{code}")).await;
        assert_eq!(page.status, 200, "{}", page.text);
    }
    let token = client.cookies.get("ocop_csrf").cloned().expect("csrf cookie");
    let body =
        serde_urlencoded::to_string([("_csrf", token.as_str()), ("message", message), ("contact", "")]).expect("form");
    client
        .request(
            "POST",
            &format!("/v/{code}/report"),
            Some(("application/x-www-form-urlencoded", body.into_bytes())),
            false,
        )
        .await
}

#[tokio::test]
async fn a_report_flood_is_refused_and_repeats_merge_into_one_counted_report() {
    let limits = Limits {
        report: Some(Rate::per(3, 600)),
        ..Limits::default()
    };
    let app = TestApp::spawn_with_limits(limits).await;
    let mut admin = app.login_as("quantri", "administrator", None, None).await;
    let code = certificate(&mut admin, 902).await;
    let mut spammer = app.client_from(loopback(10));
    for n in 0..3 {
        let r = report_form(&mut spammer, &code, &format!("Hàng giả số {n}")).await;
        assert_eq!(r.status, 200, "{}", r.text);
        assert!(r.text.contains("data-testid=\"report-sent\""));
    }
    let refused = report_form(&mut spammer, &code, "Hàng giả nữa").await;
    assert_eq!(refused.status, 429, "{}", refused.text);
    assert!(retry_after(&refused) >= 1);
    let mut witness = app.client_from(loopback(11));
    let r = report_form(&mut witness, &code, "Tem in mờ, mã không khớp").await;
    assert_eq!(r.status, 200, "{}", r.text);

    let signals = admin.get("/api/v1/certificates/signals").await;
    assert_eq!(signals.status, 200, "{}", signals.text);
    let signals = signals.json();
    assert_eq!(signals["reports_total"], 2, "{signals}");
    let reports = signals["reports"].as_array().unwrap();
    let counts: Vec<i64> = reports.iter().map(|r| r["report_count"].as_i64().unwrap()).collect();
    assert_eq!(
        counts,
        [1, 3],
        "the witness's report first, the spammer's counted three times"
    );
    assert_eq!(reports[1]["message"], "Hàng giả số 0");
    assert!(reports.iter().all(|r| r["status"] == "new"));
}

#[tokio::test]
async fn signals_are_paged_and_officers_set_a_status_with_a_reason() {
    use ocop_service::certificates::verify::{FakeReportInput, report};
    use ocop_service::clients::ClientKey;
    let app = TestApp::spawn().await;
    let mut admin = app.login_as("quantri", "administrator", None, None).await;
    let code = certificate(&mut admin, 903).await;
    for n in 0..5u8 {
        let input = FakeReportInput {
            message: format!("Phản ánh {n}"),
            contact: None,
        };
        let sender = ClientKey::new(b"test", IpAddr::from([198, 51, 100, n]));
        report(&app.ctx.db, &code, &input, &sender).await.expect("report");
    }
    let first = admin.get("/api/v1/certificates/signals?page=1&per_page=2").await.json();
    assert_eq!(first["reports_total"], 5);
    assert_eq!(first["page"], 1);
    assert_eq!(first["per_page"], 2);
    assert_eq!(first["reports"].as_array().unwrap().len(), 2);
    assert_eq!(first["reports"][0]["message"], "Phản ánh 4", "newest first");
    let last = admin.get("/api/v1/certificates/signals?page=3&per_page=2").await.json();
    let last_reports = last["reports"].as_array().unwrap();
    assert_eq!(last_reports.len(), 1);
    assert_eq!(
        last_reports[0]["message"], "Phản ánh 0",
        "the oldest is still reachable"
    );
    let page = admin.get("/certificates/signals?per_page=2").await;
    assert_eq!(page.status, 200, "{}", page.text);
    assert!(page.text.contains("href=\"/certificates/signals?page=2\""));
    assert_eq!(page.text.matches("data-testid=\"report\"").count(), 2);
    // The province by its name, never its code (issue 13).
    assert_eq!(
        page.text
            .matches("data-testid=\"report-province\">Tỉnh Hà Tĩnh<")
            .count(),
        2,
        "{}",
        page.text
    );
    assert_eq!(first["reports"][0]["province_name"], "Tỉnh Hà Tĩnh");

    let id = last_reports[0]["id"].as_str().unwrap().to_owned();
    let url = format!("/api/v1/certificates/reports/{id}/status");
    let no_reason = admin
        .post_json(&url, &json!({ "status": "dismissed", "reason": " " }))
        .await;
    assert_eq!(no_reason.status, 422, "{}", no_reason.text);
    let unknown = admin
        .post_json(&url, &json!({ "status": "closed", "reason": "x" }))
        .await;
    assert_eq!(unknown.status, 422, "{}", unknown.text);
    let mut hanoi = app
        .login_as("tinh.hanoi", "province_officer", Some("2025/province/01"), None)
        .await;
    let foreign = hanoi
        .post_json(&url, &json!({ "status": "dismissed", "reason": "Không thuộc tỉnh" }))
        .await;
    assert_eq!(foreign.status, 403, "{}", foreign.text);
    let mut hatinh = app
        .login_as("tinh.hatinh", "province_officer", Some("2025/province/42"), None)
        .await;
    let set = hatinh
        .post_json(
            &url,
            &json!({ "status": "forwarded", "reason": "Chuyển Chi cục Quản lý thị trường Hà Tĩnh" }),
        )
        .await;
    assert_eq!(set.status, 200, "{}", set.text);
    assert_eq!(set.json()["status"], "forwarded");
    assert_eq!(set.json()["status_reason"], "Chuyển Chi cục Quản lý thị trường Hà Tĩnh");
    let audit = admin.get("/api/v1/audit?action=certificate_report.status").await.json();
    assert_eq!(audit["total"], 1, "{audit}");
    assert_eq!(audit["items"][0]["entity_id"], id.as_str());

    // The page form: back to the same page, the status shown.
    let csrf = hatinh.csrf_token().await;
    let body = serde_urlencoded::to_string([
        ("_csrf", csrf.as_str()),
        ("status", "checked"),
        ("reason", "Đã kiểm tra tại cửa hàng"),
        ("page", "3"),
    ])
    .unwrap();
    let posted = hatinh
        .request(
            "POST",
            &format!("/certificates/signals/reports/{id}/status"),
            Some(("application/x-www-form-urlencoded", body.into_bytes())),
            false,
        )
        .await;
    assert_eq!(posted.status, 303, "{}", posted.text);
    assert_eq!(
        posted.headers.get("location").and_then(|v| v.to_str().ok()),
        Some("/certificates/signals?page=3")
    );
    let shown = hatinh.get("/certificates/signals?page=3&per_page=2").await;
    assert!(
        shown
            .text
            .contains(&format!("data-report=\"{id}\" data-status=\"checked\""))
    );
}

fn flagged(signals: &Value, code: &str) -> Option<Value> {
    signals["flagged"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["verification_code"] == code)
        .cloned()
}

#[tokio::test]
async fn one_client_hammering_a_code_does_not_make_its_day_unusual() {
    use ocop_service::certificates::verify::count_scan;
    use ocop_service::clients::ClientKey;
    let app = TestApp::spawn().await;
    let mut admin = app.login_as("quantri", "administrator", None, None).await;
    let code = certificate(&mut admin, 904).await;
    let today = chrono::NaiveDate::parse_from_str(&day(0), "%Y-%m-%d").unwrap();
    // A quiet history: one person a day for three days.
    let regular = ClientKey::new(b"test", IpAddr::from([198, 51, 100, 1]));
    for back in 1..=3 {
        count_scan(&app.ctx.db, &code, today - chrono::Duration::days(back), &regular)
            .await
            .unwrap();
    }
    let mut hammer = app.client_from(loopback(12));
    for _ in 0..120 {
        assert_eq!(hammer.get(&format!("/api/v1/verify/{code}")).await.status, 200);
    }
    let signals = admin.get("/api/v1/certificates/signals").await.json();
    assert!(
        flagged(&signals, &code).is_none(),
        "120 requests from one client: {signals}"
    );
    // Twenty-five different people on one day is a spike.
    for last in 20..44u8 {
        let mut person = app.client_from(loopback(last));
        assert_eq!(person.get(&format!("/v/{code}")).await.status, 200);
    }
    let signals = admin.get("/api/v1/certificates/signals").await.json();
    let row = flagged(&signals, &code).expect("25 clients in a day is unusual");
    assert_eq!(row["unusual_days"][0], day(0));
    assert_eq!(row["peak_day_clients"], 25);
    assert_eq!(row["peak_day_scans"], 144);
}
