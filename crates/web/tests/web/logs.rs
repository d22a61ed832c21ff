//! What the logs hold during logins: one request line per request (method,
//! route template, status, latency) and never a password, a session token or
//! a CSRF token. Captures every event at debug level, JSON-formatted as with
//! `OCOP_LOG_FORMAT=json`.

use crate::common;

use std::io::Write;
use std::sync::{Arc, Mutex};

use common::{PASSWORD, TestApp};
use serde_json::json;

#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn logins_leave_a_request_line_and_no_secret_in_the_logs() {
    let captured = Captured::default();
    let writer = captured.clone();
    tracing_subscriber::fmt()
        .json()
        .with_env_filter("debug")
        .with_writer(move || writer.clone())
        .init();

    let app = TestApp::spawn().await;
    let client = app.login_as("nhatky.admin", "administrator", None, None).await;
    let session = client.cookies.get("ocop_session").cloned().expect("session cookie");
    let csrf = client.csrf.clone().expect("csrf token");
    // A failed login, and a page login with the password in a form body.
    let wrong = "sai-mat-khau-rat-bi-mat";
    let failed = app
        .client()
        .post_json(
            "/api/v1/auth/login",
            &json!({ "username": "nhatky.admin", "password": wrong }),
        )
        .await;
    assert_eq!(failed.status, 401);
    let mut page = app.client();
    let _ = page.get("/login").await;
    let token = page.cookies.get("ocop_csrf").cloned().unwrap();
    let form = serde_urlencoded::to_string([
        ("_csrf", token.as_str()),
        ("username", "nhatky.admin"),
        ("password", PASSWORD),
    ])
    .unwrap();
    let logged_in = page
        .request(
            "POST",
            "/login?next=%2F",
            Some(("application/x-www-form-urlencoded", form.into_bytes())),
            false,
        )
        .await;
    assert_eq!(logged_in.status, 303, "{}", logged_in.text);

    let text = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    let lines: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not a JSON log line ({e}): {l}")))
        .collect();
    let requests: Vec<&serde_json::Value> = lines.iter().filter(|l| l["target"] == "ocop::request").collect();
    assert!(
        requests.iter().any(|l| l["fields"]["route"] == "/api/v1/auth/login"
            && l["fields"]["method"] == "POST"
            && l["fields"]["status"] == 401
            && l["fields"]["latency_ms"].is_number()),
        "no request line for the failed login:\n{text}"
    );
    assert!(
        requests
            .iter()
            .any(|l| l["fields"]["route"] == "/login" && l["fields"]["status"] == 303),
        "no request line for the page login:\n{text}"
    );
    for secret in [
        PASSWORD,
        wrong,
        session.as_str(),
        csrf.as_str(),
        token.as_str(),
        "next=%2F",
    ] {
        assert!(
            !text.contains(secret),
            "the logs hold a secret or a query string: {secret}"
        );
    }
}
