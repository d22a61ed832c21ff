//! A real server on a random port over a fresh database, and a small HTTP
//! client that keeps cookies and sends the CSRF token like a browser page.

#![allow(dead_code)]

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::Arc;

use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use ocop_domain::role::Actor;
use ocop_service::Context;
use ocop_service::accounts::{self, NewUser};
use ocop_service::files::FileStore;
use ocop_storage::testing::TestDatabase;
use ocop_web::throttle::Limits;
use ocop_web::{AppState, WebConfig};
use serde_json::Value;

pub const PASSWORD: &str = "correct horse battery";

/// A running application.
pub struct TestApp {
    pub addr: SocketAddr,
    pub test_db: TestDatabase,
    pub ctx: Context,
    server: tokio::task::JoinHandle<()>,
}

impl TestApp {
    /// An application without per-address limits or login backoff: the suite logs in and
    /// verifies many times from 127.0.0.1 (`tests/abuse.rs` spawns with limits).
    pub async fn spawn() -> Self {
        Self::spawn_with_limits(Limits::off()).await
    }

    /// An application with these limits, served with the clients' socket addresses.
    pub async fn spawn_with_limits(limits: Limits) -> Self {
        let test_db = TestDatabase::new().await.expect("test database");
        let files = FileStore::local(test_db.dir.path().join("files"));
        let ctx = Context {
            db: test_db.db.clone(),
            files,
        };
        let state = AppState {
            ctx: ctx.clone(),
            config: Arc::new(WebConfig {
                secure_cookies: false,
                limits,
                ..Default::default()
            }),
        };
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let addr = listener.local_addr().expect("addr");
        let server = tokio::spawn(async move {
            axum::serve(
                listener,
                ocop_web::router(state).into_make_service_with_connect_info::<SocketAddr>(),
            )
            .await
            .expect("serve");
        });
        Self {
            addr,
            test_db,
            ctx,
            server,
        }
    }

    pub fn client(&self) -> TestClient {
        TestClient {
            base: format!("http://{}", self.addr),
            cookies: HashMap::new(),
            http: Client::builder(TokioExecutor::new()).build_http(),
            csrf: None,
        }
    }

    /// A client connecting from another loopback address (`127.0.0.2`…): another
    /// person as far as the per-address limits can tell.
    pub fn client_from(&self, local: std::net::IpAddr) -> TestClient {
        let mut connector = HttpConnector::new();
        connector.set_local_address(Some(local));
        TestClient {
            base: format!("http://{}", self.addr),
            cookies: HashMap::new(),
            http: Client::builder(TokioExecutor::new()).build(connector),
            csrf: None,
        }
    }

    /// Creates an account and returns a client logged in as it.
    pub async fn login_as(
        &self,
        username: &str,
        role: &str,
        scope: Option<&str>,
        producer: Option<uuid::Uuid>,
    ) -> TestClient {
        accounts::create_user(
            &self.ctx.db,
            None,
            &NewUser {
                username: username.into(),
                display_name: username.into(),
                password: PASSWORD.into(),
                role: role.into(),
                scope_unit_id: scope.map(str::to_owned),
                producer_id: producer,
            },
        )
        .await
        .expect("create user");
        let mut client = self.client();
        let response = client
            .post_json(
                "/api/v1/auth/login",
                &serde_json::json!({ "username": username, "password": PASSWORD }),
            )
            .await;
        assert_eq!(response.status, 200, "login as {username}: {}", response.text);
        client
    }

    /// The actor of an account (for calling services directly in test setup).
    pub async fn admin_actor(&self) -> Actor {
        let user = accounts::create_user(
            &self.ctx.db,
            None,
            &NewUser {
                username: format!("setup{}", uuid::Uuid::now_v7().simple())
                    .chars()
                    .take(30)
                    .collect(),
                display_name: String::new(),
                password: PASSWORD.into(),
                role: "administrator".into(),
                scope_unit_id: None,
                producer_id: None,
            },
        )
        .await
        .expect("admin");
        let model = ocop_storage::repo::user_repo::get(self.ctx.db.conn(), user.id)
            .await
            .unwrap()
            .unwrap();
        accounts::actor_of(&self.ctx.db, &model).await.expect("actor")
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        self.server.abort();
    }
}

/// A response.
pub struct TestResponse {
    pub status: u16,
    pub headers: hyper::HeaderMap,
    pub text: String,
}

impl TestResponse {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.text).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text))
    }

    /// The error code of an API error body.
    pub fn error_code(&self) -> String {
        self.json()["error"]["code"].as_str().unwrap_or_default().to_owned()
    }

    /// The field codes of a validation error, as (field, code).
    pub fn field_codes(&self) -> Vec<(String, String)> {
        self.json()["error"]["fields"]
            .as_array()
            .map(|fields| {
                fields
                    .iter()
                    .map(|f| {
                        (
                            f["field"].as_str().unwrap_or_default().to_owned(),
                            f["code"].as_str().unwrap_or_default().to_owned(),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default()
    }
}

/// A client with a cookie jar.
pub struct TestClient {
    pub base: String,
    pub cookies: HashMap<String, String>,
    http: Client<HttpConnector, Full<Bytes>>,
    pub csrf: Option<String>,
}

impl TestClient {
    pub async fn request(
        &mut self,
        method: &str,
        path: &str,
        body: Option<(&str, Vec<u8>)>,
        with_csrf: bool,
    ) -> TestResponse {
        self.request_with_extra(method, path, body, with_csrf, &[]).await
    }

    /// A request with extra headers (`HX-Request` for an htmx call), keeping the cookies.
    pub async fn request_with_extra(
        &mut self,
        method: &str,
        path: &str,
        body: Option<(&str, Vec<u8>)>,
        with_csrf: bool,
        extra: &[(&str, &str)],
    ) -> TestResponse {
        let mut builder = hyper::Request::builder()
            .method(method)
            .uri(format!("{}{}", self.base, path));
        for (name, value) in extra {
            builder = builder.header(*name, *value);
        }
        if !self.cookies.is_empty() {
            let cookie = self
                .cookies
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect::<Vec<_>>()
                .join("; ");
            builder = builder.header("cookie", cookie);
        }
        if with_csrf && let Some(token) = &self.csrf {
            builder = builder.header("x-csrf-token", token.clone());
        }
        let bytes = match body {
            Some((content_type, bytes)) => {
                builder = builder.header("content-type", content_type);
                bytes
            }
            None => Vec::new(),
        };
        let response = self
            .http
            .request(builder.body(Full::new(Bytes::from(bytes))).expect("request"))
            .await
            .expect("send");
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        // A login or logout answers with the CSRF token of the new session (or of none).
        if let Some(token) = headers.get("x-csrf-token").and_then(|v| v.to_str().ok()) {
            self.csrf = Some(token.to_owned());
        }
        for value in headers.get_all("set-cookie") {
            let text = value.to_str().unwrap_or_default();
            let pair = text.split(';').next().unwrap_or_default();
            if let Some((name, value)) = pair.split_once('=') {
                if value.is_empty() || text.contains("Max-Age=0") {
                    self.cookies.remove(name);
                } else {
                    self.cookies.insert(name.to_owned(), value.to_owned());
                }
            }
        }
        let body = response.into_body().collect().await.expect("body").to_bytes();
        TestResponse {
            status,
            headers,
            text: String::from_utf8_lossy(&body).into_owned(),
        }
    }

    /// A GET with extra request headers (content negotiation).
    pub async fn request_with_headers(&mut self, method: &str, path: &str, headers: &[(&str, &str)]) -> TestResponse {
        let mut builder = hyper::Request::builder()
            .method(method)
            .uri(format!("{}{}", self.base, path));
        for (name, value) in headers {
            builder = builder.header(*name, *value);
        }
        let response = self
            .http
            .request(builder.body(Full::new(Bytes::new())).expect("request"))
            .await
            .expect("send");
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let body = response.into_body().collect().await.expect("body").to_bytes();
        TestResponse {
            status,
            headers,
            text: String::from_utf8_lossy(&body).into_owned(),
        }
    }

    /// The CSRF token to send in a form's `_csrf` field: the session's once logged in,
    /// the `ocop_csrf` cookie's before.
    pub async fn csrf_token(&mut self) -> String {
        self.ensure_csrf().await;
        self.csrf.clone().expect("a csrf token")
    }

    async fn ensure_csrf(&mut self) {
        if self.csrf.is_none() {
            let response = self.request("GET", "/api/v1/auth/csrf", None, false).await;
            self.csrf = Some(response.json()["csrf_token"].as_str().expect("token").to_owned());
        }
    }

    pub async fn get(&mut self, path: &str) -> TestResponse {
        self.request("GET", path, None, false).await
    }

    pub async fn post_json(&mut self, path: &str, body: &Value) -> TestResponse {
        self.ensure_csrf().await;
        self.request(
            "POST",
            path,
            Some(("application/json", body.to_string().into_bytes())),
            true,
        )
        .await
    }

    pub async fn put_json(&mut self, path: &str, body: &Value) -> TestResponse {
        self.ensure_csrf().await;
        self.request(
            "PUT",
            path,
            Some(("application/json", body.to_string().into_bytes())),
            true,
        )
        .await
    }

    pub async fn post_bytes(&mut self, path: &str, content_type: &str, bytes: Vec<u8>) -> TestResponse {
        self.ensure_csrf().await;
        self.request("POST", path, Some((content_type, bytes)), true).await
    }

    /// A POST without the CSRF header, as a forged cross-site form would send.
    pub async fn post_json_without_csrf(&mut self, path: &str, body: &Value) -> TestResponse {
        self.request(
            "POST",
            path,
            Some(("application/json", body.to_string().into_bytes())),
            false,
        )
        .await
    }
}

/// A producer body in the given commune.
pub fn producer_body(name: &str, tax_code: &str, commune_id: &str) -> Value {
    serde_json::json!({
        "name": name, "legal_form": "enterprise", "enterprise_kind": "llc_single_member", "tax_code": tax_code,
        "representative": "Nguyễn Văn An", "commune_id": commune_id, "phone": "0912345678", "email": "lienhe@example.vn",
    })
}

/// A valid tax code for a seed.
pub fn tax_code(seed: u64) -> String {
    ocop_domain::identifiers::TaxCode::generate_valid(seed)
        .as_str()
        .to_owned()
}

/// Records every seated member of a batch's council present, as the secretary does when the
/// meeting starts (`client`: the secretary or a manager of the council).
pub async fn record_all_present(client: &mut TestClient, batch: &str) {
    let current = client.get(&format!("/api/v1/batches/{batch}")).await;
    assert_eq!(current.status, 200, "{}", current.text);
    let entries: Vec<serde_json::Value> = current.json()["attendance"]
        .as_array()
        .expect("attendance")
        .iter()
        .map(|a| serde_json::json!({ "member_id": a["member_id"], "presence": "present" }))
        .collect();
    let recorded = client
        .post_json(
            &format!("/api/v1/batches/{batch}/attendance"),
            &serde_json::json!({ "attendance": entries }),
        )
        .await;
    assert_eq!(recorded.status, 200, "{}", recorded.text);
}

/// A scanned decision as a client uploads it (the smallest PDF the sniffer accepts).
pub const SCANNED_DECISION: &[u8] =
    b"%PDF-1.4\n% Quyet dinh cong nhan (ban quet)\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n";

impl TestClient {
    /// Uploads the scanned decision; returns its `scan_sha256`.
    pub async fn upload_scan(&mut self) -> String {
        let stored = self
            .post_bytes("/api/v1/decision-scans", "application/pdf", SCANNED_DECISION.to_vec())
            .await;
        assert_eq!(stored.status, 201, "{}", stored.text);
        stored.json()["sha256"].as_str().unwrap().to_owned()
    }

    /// `POST /api/v1/certificates` recording an existing decision: uploads the scan first and
    /// adds its `scan_sha256` to `body` (`{ "decision": …, "items": [...] }`).
    pub async fn record_certificates(&mut self, body: &Value) -> TestResponse {
        let scan = self.upload_scan().await;
        let mut body = body.clone();
        body["scan_sha256"] = Value::String(scan);
        self.post_json("/api/v1/certificates", &body).await
    }

    /// A recorded renewal or upgrade (`action` = `renew` or `upgrade`) of certificate `id`.
    pub async fn record_reissue(&mut self, id: &str, action: &str, body: &Value) -> TestResponse {
        let scan = self.upload_scan().await;
        let mut body = body.clone();
        body["scan_sha256"] = Value::String(scan);
        self.post_json(&format!("/api/v1/certificates/{id}/{action}"), &body)
            .await
    }
}

/// Publishes a marked sample sheet for every product set under the legal basis in force today,
/// so dossiers of any product can be made (there is no fallback to another product set's sheet).
pub async fn publish_sample_sheets(app: &TestApp) {
    let basis = ocop_domain::evaluation::LegalBases::official()
        .in_force_on(ocop_service::admin_units::today())
        .expect("a basis in force")
        .id
        .clone();
    let sets = ocop_storage::repo::product_set_repo::list(app.ctx.db.conn(), Some("qd148"))
        .await
        .expect("product sets");
    let codes: Vec<&str> = sets.iter().map(|s| s.code.as_str()).collect();
    ocop_service::dossiers::sheet::publish_samples(app.ctx.db.conn(), &[&basis], &codes)
        .await
        .expect("sample sheets");
}

/// The criteria of the sample sheets [`publish_sample_sheets`] publishes (the same codes for
/// every product set of a basis).
pub fn sample_sheet_in_force() -> ocop_domain::evaluation::CriteriaSet {
    let bases = ocop_domain::evaluation::LegalBases::official();
    let basis = bases
        .in_force_on(ocop_service::admin_units::today())
        .expect("a basis in force");
    ocop_domain::evaluation::sample::sample_sheet(basis, "I.1.a", "mẫu")
}

impl TestClient {
    /// Another client in the same session (same cookies and CSRF token) over its own
    /// connections, to race requests of one person.
    pub fn fork(&self) -> TestClient {
        TestClient {
            base: self.base.clone(),
            cookies: self.cookies.clone(),
            http: self.http.clone(),
            csrf: self.csrf.clone(),
        }
    }
}
