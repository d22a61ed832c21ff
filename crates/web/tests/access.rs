//! The access table (`crates/web/access.toml`) proven against the running
//! application:
//!
//! - every route the router registers has a row, and every row a route;
//! - the route list read from the source agrees with the router itself;
//! - `docs/ACCESS.md` is the table rendered (regenerate it when it is stale);
//! - every role walks every row, against records of its own area and of
//!   other producers, communes and provinces: a request that succeeds where
//!   the table does not allow it fails the test — and so does a refusal where
//!   the table allows, which proves the requests really reach the rules.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use axum::http::Method;
use common::{PASSWORD, TestApp, TestClient, TestResponse, producer_body, tax_code};
use serde::Deserialize;
use serde_json::{Value, json};

#[derive(Debug, Deserialize)]
struct AccessTable {
    route: Vec<Row>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct Row {
    method: String,
    path: String,
    kind: String,
    roles: Vec<String>,
    scope: String,
    note: Option<String>,
}

const ROLES: [&str; 8] = [
    "anonymous",
    "producer",
    "commune_officer",
    "province_officer",
    "council_member",
    "council_secretary",
    "central_officer",
    "administrator",
];

fn table() -> Vec<Row> {
    let text = include_str!("../access.toml");
    toml::from_str::<AccessTable>(text).expect("access.toml").route
}

fn is_public(row: &Row) -> bool {
    row.roles == ["public"]
}

// ---------------------------------------------------------------- the Markdown

fn markdown(rows: &[Row]) -> String {
    let mut out = String::from(
        "# Who may do what\n\n\
         Generated from `crates/web/access.toml` by `crates/web/tests/access.rs` — do not edit by hand.\n\
         Regenerate: `OCOP_REGENERATE_ACCESS=1 cargo nextest run -p ocop-web -E 'test(access_markdown_is_current)'`.\n\n\
         The test `every_role_meets_exactly_what_the_table_allows` walks all eight roles (anonymous, producer,\n\
         commune officer, province officer, council member, council secretary, central officer, administrator)\n\
         against every row, with records of the caller's own area and of another producer, another commune and\n\
         another province, and fails when the application allows more — or less — than this table.\n\n\
         Scope: **none** — no area involved; **area** — the record (for a creation: the commune it is made in,\n\
         and for a producer account its own producer) must lie in the caller's area (administrators and central\n\
         officers: the whole country); **self** — the caller's own session.\n\n\
         The audit trail is open to administrators and central officers only: an entry's actor carries no area\n\
         in the trail, so a province officer's view (entries by actors of its province) is not built yet.\n\n\
         Certificates are managed by administrators, by province officers for products of their province and by\n\
         central officers for 5★ certificates only: the rows list administrators and province officers (scope\n\
         **area**), the central officers' 5★ right is in the note.\n\n\
         | Method | Path | Kind | Roles | Scope | Note |\n|---|---|---|---|---|---|\n",
    );
    for row in rows {
        let _ = writeln!(
            out,
            "| {} | `{}` | {} | {} | {} | {} |",
            row.method,
            row.path,
            row.kind,
            row.roles.join(", "),
            row.scope,
            row.note.as_deref().unwrap_or("")
        );
    }
    out
}

#[test]
fn access_markdown_is_current() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/ACCESS.md");
    let expected = markdown(&table());
    if std::env::var("OCOP_REGENERATE_ACCESS").is_ok_and(|v| v == "1") {
        std::fs::write(&path, &expected).expect("write docs/ACCESS.md");
        return;
    }
    let current = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        current == expected,
        "docs/ACCESS.md is stale: regenerate it with\n  OCOP_REGENERATE_ACCESS=1 cargo nextest run -p ocop-web -E 'test(access_markdown_is_current)'"
    );
}

// ---------------------------------------------------------- table ⇔ router

#[test]
fn every_route_has_exactly_one_row_and_every_row_a_route() {
    let rows = table();
    let routes: BTreeSet<(String, String)> = ocop_web::route_table::route_table()
        .into_iter()
        .map(|(m, p)| (m.to_string(), p.to_owned()))
        .collect();
    let mut seen = BTreeSet::new();
    for row in &rows {
        assert!(
            seen.insert((row.method.clone(), row.path.clone())),
            "access.toml lists {} {} twice",
            row.method,
            row.path
        );
        assert!(
            ["none", "area", "self"].contains(&row.scope.as_str()),
            "{} {}: unknown scope {}",
            row.method,
            row.path,
            row.scope
        );
        let api = row.path.starts_with("/api/") || ["/healthz", "/readyz", "/metrics"].contains(&row.path.as_str());
        assert_eq!(
            row.kind,
            if api { "api" } else { "page" },
            "{} {}",
            row.method,
            row.path
        );
        assert!(!row.roles.is_empty(), "{} {}: no roles", row.method, row.path);
        if !is_public(row) {
            for role in &row.roles {
                assert!(
                    ROLES[1..].contains(&role.as_str()),
                    "{} {}: unknown role {role}",
                    row.method,
                    row.path
                );
            }
        }
    }
    let missing: Vec<_> = routes.difference(&seen).collect();
    assert!(
        missing.is_empty(),
        "routes without a row in crates/web/access.toml (add them, then regenerate docs/ACCESS.md): {missing:?}"
    );
    let stale: Vec<_> = seen.difference(&routes).collect();
    assert!(
        stale.is_empty(),
        "rows in access.toml for routes that do not exist: {stale:?}"
    );
}

/// Fills a path template with placeholder values (enough for matching).
fn placeholder(template: &str) -> String {
    template
        .split('/')
        .map(|part| {
            if part.starts_with("{*") {
                "site.css".to_owned()
            } else if part.starts_with('{') {
                "00000000-0000-0000-0000-000000000000".to_owned()
            } else {
                part.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join("/")
}

#[tokio::test]
async fn the_route_list_agrees_with_the_router() {
    use axum::extract::{MatchedPath, Request};
    use axum::middleware::Next;
    use tower::ServiceExt;

    async fn record(request: Request, next: Next) -> axum::response::Response {
        let matched = request.extensions().get::<MatchedPath>().map(|m| m.as_str().to_owned());
        let mut response = next.run(request).await;
        if let Some(matched) = matched {
            response
                .headers_mut()
                .insert("x-matched-path", matched.parse().expect("header"));
        }
        response
    }

    let app = TestApp::spawn().await;
    let state = ocop_web::AppState {
        ctx: app.ctx.clone(),
        config: std::sync::Arc::new(ocop_web::WebConfig {
            secure_cookies: false,
            ..Default::default()
        }),
    };
    let router = ocop_web::router(state).route_layer(axum::middleware::from_fn(record));
    let token = "a".repeat(64);
    let routes = ocop_web::route_table::route_table();
    let by_path: BTreeMap<&str, Vec<Method>> = routes.iter().fold(BTreeMap::new(), |mut map, (m, p)| {
        map.entry(*p).or_insert_with(Vec::new).push(m.clone());
        map
    });
    for (path, registered) in by_path {
        for method in [Method::GET, Method::POST, Method::PUT, Method::PATCH, Method::DELETE] {
            let request = axum::http::Request::builder()
                .method(method.clone())
                .uri(placeholder(path))
                .header("cookie", format!("ocop_csrf={token}"))
                .header("x-csrf-token", &token)
                .body(axum::body::Body::empty())
                .expect("request");
            let response = router.clone().oneshot(request).await.expect("response");
            let matched = response
                .headers()
                .get("x-matched-path")
                .map(|v| v.to_str().unwrap_or_default().to_owned());
            if registered.contains(&method) {
                assert_eq!(
                    matched.as_deref(),
                    Some(path),
                    "{method} {path} is in the route list but the router does not route it there"
                );
                assert_ne!(response.status(), 405, "{method} {path}");
            } else {
                assert_eq!(
                    response.status(),
                    405,
                    "{method} {path} answers but is missing from the route list (how is it registered?)"
                );
            }
        }
    }
}

// ---------------------------------------------------------------- the walk

const CAM_XUYEN: &str = "2025/commune/18673"; // Hà Tĩnh (42)
const THANH_SEN: &str = "2025/commune/18073"; // Hà Tĩnh (42), another commune
const BA_DINH: &str = "2025/commune/00004"; // Hà Nội (01)

/// A record set in one place: a producer, its product, a photo.
struct Target {
    label: &'static str,
    commune_id: &'static str,
    province: &'static str,
    producer_id: String,
    producer_name: String,
    tax: String,
    product_id: String,
    photo_id: String,
    /// A 4★ certificate of another product of the producer, never changed by the walk.
    certificate_id: String,
    /// The recognition decision that issued it (that certificate alone).
    decision_id: String,
    verification_code: String,
    /// The GTIN of that certified product.
    gtin: String,
}

/// A day relative to today (Vietnam), `YYYY-MM-DD`.
fn day(offset_days: i64) -> String {
    ((chrono::Utc::now() + chrono::Duration::hours(7)).date_naive() + chrono::Duration::days(offset_days)).to_string()
}

/// The province's people's committee, the issuer of its recognition decisions.
fn issuer(province: &str) -> &'static str {
    if province == "42" {
        "UBND tỉnh Hà Tĩnh"
    } else {
        "UBND thành phố Hà Nội"
    }
}

/// A recognition decision of the province (QĐ 148).
fn decision(number: &str, province: &str, decided_on: &str) -> Value {
    json!({ "number": number, "decided_on": decided_on, "issuer_name": issuer(province),
            "issuer_level": "province", "legal_basis": "qd148" })
}

/// A valid GTIN-13 per target.
fn gtin(target: usize) -> String {
    (0..10)
        .map(|d| format!("89345678901{target}{d}"))
        .find(|g| ocop_domain::identifiers::Gtin::parse(g).is_ok())
        .expect("a check digit")
}

fn qd1048_json() -> Value {
    serde_json::from_str(&ocop_domain::evaluation::CriteriaSet::qd1048_fresh_produce().to_json()).expect("QĐ 1048 set")
}

/// Whether a target lies in a role's area (the producer account owns target 0).
fn in_area(role: &str, target: usize) -> bool {
    match role {
        "producer" => target == 0,
        "commune_officer" => target <= 1,
        "province_officer" | "council_member" | "council_secretary" => target <= 2,
        "central_officer" | "administrator" => true,
        _ => false,
    }
}

fn allowed(row: &Row, role: &str, target: usize) -> bool {
    if is_public(row) {
        return true;
    }
    role != "anonymous" && row.roles.iter().any(|r| r == role) && (row.scope != "area" || in_area(role, target))
}

fn succeeded(response: &TestResponse) -> bool {
    match response.status {
        200..=299 => true,
        300..=399 => {
            let location = response
                .headers
                .get("location")
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default();
            !location.starts_with("/login")
        }
        _ => false,
    }
}

const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89";

struct World {
    admin: TestClient,
    targets: Vec<Target>,
    victim_id: String,
    /// The published QĐ 1048 criteria set.
    criteria_set_id: String,
    seed: u64,
}

impl World {
    async fn build(app: &TestApp) -> Self {
        let mut admin = app.login_as("setup.admin", "administrator", None, None).await;
        let places = [
            ("own producer", CAM_XUYEN, "42"),
            ("other producer, same commune", CAM_XUYEN, "42"),
            ("other commune, same province", THANH_SEN, "42"),
            ("other province", BA_DINH, "01"),
        ];
        let mut targets = Vec::new();
        for (i, (label, commune_id, province)) in places.into_iter().enumerate() {
            let tax = tax_code(500 + i as u64);
            let name = format!("HTX Kiểm tra {i}");
            let producer = admin
                .post_json("/api/v1/producers", &producer_body(&name, &tax, commune_id))
                .await;
            assert_eq!(producer.status, 201, "{}", producer.text);
            let producer_id = producer.json()["id"].as_str().unwrap().to_owned();
            let product = admin
                .post_json(
                    "/api/v1/products",
                    &json!({ "name": format!("Sản phẩm {i}"), "producer_id": producer_id, "product_set_code": "I.4.a", "commune_id": commune_id }),
                )
                .await;
            assert_eq!(product.status, 201, "{}", product.text);
            let product_id = product.json()["id"].as_str().unwrap().to_owned();
            let photo = admin
                .post_bytes(
                    &format!("/api/v1/products/{product_id}/photos"),
                    "image/png",
                    PNG.to_vec(),
                )
                .await;
            assert_eq!(photo.status, 201, "{}", photo.text);
            let gtin = gtin(i);
            let certified = admin
                .post_json(
                    "/api/v1/products",
                    &json!({ "name": format!("Sản phẩm OCOP {i}"), "producer_id": producer_id, "product_set_code": "I.4.a",
                             "commune_id": commune_id, "gtin": gtin }),
                )
                .await;
            assert_eq!(certified.status, 201, "{}", certified.text);
            let issued = admin
                .post_json(
                    "/api/v1/certificates",
                    &json!({ "decision": decision(&format!("{i}/QĐ-UBND"), province, &day(-30)),
                             "items": [{ "product_id": certified.json()["id"], "stars": 4, "score": 78.25 }] }),
                )
                .await;
            assert_eq!(issued.status, 201, "{}", issued.text);
            let certificate = issued.json()[0].clone();
            targets.push(Target {
                label,
                commune_id,
                province,
                producer_id,
                producer_name: name,
                tax,
                product_id,
                photo_id: photo.json()["id"].as_str().unwrap().to_owned(),
                certificate_id: certificate["id"].as_str().unwrap().to_owned(),
                decision_id: certificate["decision"]["id"].as_str().unwrap().to_owned(),
                verification_code: certificate["verification_code"].as_str().unwrap().to_owned(),
                gtin,
            });
        }
        let victim = admin
            .post_json(
                "/api/v1/users",
                &json!({ "username": "nan.nhan", "password": PASSWORD, "role": "council_member", "scope_unit_id": "2025/province/42" }),
            )
            .await;
        assert_eq!(victim.status, 201, "{}", victim.text);
        let sets = admin.get("/api/v1/criteria-sets").await;
        assert_eq!(sets.status, 200, "{}", sets.text);
        let criteria_set_id = sets
            .json()
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["status"] == "published")
            .expect("the shipped QĐ 1048 set is published")["id"]
            .as_str()
            .unwrap()
            .to_owned();
        Self {
            criteria_set_id,
            admin,
            victim_id: victim.json()["id"].as_str().unwrap().to_owned(),
            targets,
            seed: 1_000,
        }
    }

    async fn row_version(&mut self, path: &str) -> i64 {
        let current = self.admin.get(path).await;
        assert_eq!(current.status, 200, "{path}: {}", current.text);
        current.json()["row_version"].as_i64().expect("row_version")
    }

    async fn fresh_certification(&mut self, producer_id: &str) -> String {
        let created = self
            .admin
            .post_json(
                &format!("/api/v1/producers/{producer_id}/certifications"),
                &json!({ "kind": "vietgap", "number": "VG-KT" }),
            )
            .await;
        assert_eq!(created.status, 201, "{}", created.text);
        created.json()["id"].as_str().unwrap().to_owned()
    }

    /// A new point of sale of a product, for the walk to remove.
    async fn fresh_point_of_sale(&mut self, product_id: &str) -> String {
        let created = self
            .admin
            .post_json(
                &format!("/api/v1/products/{product_id}/points-of-sale"),
                &json!({ "kind": "shop", "name": "Cửa hàng OCOP", "address": "1 Trần Phú" }),
            )
            .await;
        assert_eq!(created.status, 201, "{}", created.text);
        created.json()["id"].as_str().unwrap().to_owned()
    }

    /// A new product of the target's producer, in its commune, without certificates.
    async fn fresh_product(&mut self, t: usize) -> String {
        self.seed += 1;
        let target = &self.targets[t];
        let created = self
            .admin
            .post_json(
                "/api/v1/products",
                &json!({ "name": format!("Sản phẩm chứng nhận {}", self.seed), "producer_id": target.producer_id,
                         "product_set_code": "I.4.a", "commune_id": target.commune_id }),
            )
            .await;
        assert_eq!(created.status, 201, "{}", created.text);
        created.json()["id"].as_str().unwrap().to_owned()
    }

    /// A new 3★ certificate of the target's product (for rows that change or replace it).
    async fn fresh_certificate(&mut self, t: usize) -> String {
        self.seed += 1;
        let (product_id, province) = (self.targets[t].product_id.clone(), self.targets[t].province);
        let issued = self
            .admin
            .post_json(
                "/api/v1/certificates",
                &json!({ "decision": decision(&format!("C{}/QĐ-UBND", self.seed), province, &day(-40)),
                         "items": [{ "product_id": product_id, "stars": 3, "score": 60 }] }),
            )
            .await;
        assert_eq!(issued.status, 201, "{}", issued.text);
        issued.json()[0]["id"].as_str().unwrap().to_owned()
    }

    /// A new draft of the QĐ 1048 criteria set.
    async fn fresh_criteria_draft(&mut self) -> String {
        let created = self.admin.post_json("/api/v1/criteria-sets", &qd1048_json()).await;
        assert_eq!(created.status, 201, "{}", created.text);
        created.json()["id"].as_str().unwrap().to_owned()
    }

    /// The concrete path and a valid body for one row against one target.
    async fn request(&mut self, row: &Row, t: usize, username: &str) -> (String, Option<(String, Vec<u8>)>) {
        let target = &self.targets[t];
        let (producer_id, product_id, photo_id) = (
            target.producer_id.clone(),
            target.product_id.clone(),
            target.photo_id.clone(),
        );
        let (commune_id, province) = (target.commune_id, target.province);
        let (producer_name, tax) = (target.producer_name.clone(), target.tax.clone());
        let decision_id = target.decision_id.clone();
        let (certificate_id, code, gtin) = (
            target.certificate_id.clone(),
            target.verification_code.clone(),
            target.gtin.clone(),
        );
        let mut path = row.path.replace("{version}/{level}/{code}", commune_id);
        path = path.replace("{*path}", "site.css");
        path = path
            .replace("{code}", &code)
            .replace("{gtin}", &gtin)
            .replace("{lot}", "LOT-2026A");
        if path.starts_with("/api/v1/certificates/{id}") || path.starts_with("/certificates/{id}") {
            // Reads see the walk's certificate; changes get one of their own, so each reaches the rules.
            let id = if row.method == "GET" {
                certificate_id
            } else {
                self.fresh_certificate(t).await
            };
            path = path.replace("{id}", &id);
        }
        if path.starts_with("/api/v1/decisions/{id}") {
            path = path.replace("{id}", &decision_id);
        }
        if path.starts_with("/api/v1/criteria-sets/{id}") {
            let id = if row.method == "GET" {
                self.criteria_set_id.clone()
            } else {
                self.fresh_criteria_draft().await
            };
            path = path.replace("{id}", &id);
        }
        if path.contains("{certification_id}") {
            let cert = self.fresh_certification(&producer_id).await;
            path = path.replace("{certification_id}", &cert);
        }
        if path.contains("{point_id}") {
            let point = self.fresh_point_of_sale(&product_id).await;
            path = path.replace("{point_id}", &point);
        }
        let resource = path
            .split('/')
            .find(|s| ["producers", "products", "photos", "users"].contains(s));
        let id = match resource {
            Some("producers") => producer_id.clone(),
            Some("products") => product_id.clone(),
            Some("photos") => photo_id,
            Some("users") => self.victim_id.clone(),
            _ => String::new(),
        };
        path = path.replace("{id}", &id);
        assert!(!path.contains('{'), "no fixture for a parameter of {}", row.path);

        self.seed += 1;
        let seed = self.seed;
        let json_body = |v: Value| Some(("application/json".to_owned(), v.to_string().into_bytes()));
        let form = |pairs: &[(&str, String)]| {
            Some((
                "application/x-www-form-urlencoded".to_owned(),
                serde_urlencoded::to_string(pairs).expect("form").into_bytes(),
            ))
        };
        let product_json = |name: String| json!({ "name": name, "producer_id": producer_id, "product_set_code": "I.4.a", "commune_id": commune_id });
        let producer_form = |name: &str, tax: &str| -> Vec<(&str, String)> {
            vec![
                ("name", name.to_owned()),
                ("legal_form", "enterprise".into()),
                ("enterprise_kind", "llc_single_member".into()),
                ("tax_code", tax.to_owned()),
                ("representative", "Nguyễn Văn An".into()),
                ("province", province.into()),
                ("commune_id", commune_id.into()),
                ("phone", "0912345678".into()),
            ]
        };
        let product_form = |name: String| -> Vec<(&str, String)> {
            vec![
                ("name", name),
                ("producer_id", producer_id.clone()),
                ("product_set_code", "I.4.a".into()),
                ("province", province.into()),
                ("commune_id", commune_id.into()),
            ]
        };
        let body = match (row.method.as_str(), row.path.as_str()) {
            ("GET", _) => None,
            ("POST", "/api/v1/producers") => {
                json_body(producer_body(&format!("HTX Mới {seed}"), &tax_code(seed), commune_id))
            }
            ("PUT", "/api/v1/producers/{id}") => {
                let version = self.row_version(&path).await;
                let mut body = producer_body(&producer_name, &tax, commune_id);
                body["row_version"] = json!(version);
                json_body(body)
            }
            ("POST", "/api/v1/producers/{id}/certifications") => {
                json_body(json!({ "kind": "haccp", "number": format!("H-{seed}") }))
            }
            ("DELETE", "/api/v1/producers/{id}/certifications/{certification_id}") => None,
            ("POST", "/api/v1/products") => json_body(product_json(format!("Sản phẩm mới {seed}"))),
            ("PUT", "/api/v1/products/{id}") => {
                let version = self.row_version(&path).await;
                let mut body = product_json(format!("Sản phẩm sửa {seed}"));
                body["row_version"] = json!(version);
                json_body(body)
            }
            ("POST", "/api/v1/products/{id}/photos") => Some(("image/png".to_owned(), PNG.to_vec())),
            ("POST", "/api/v1/products/{id}/points-of-sale") => json_body(
                json!({ "kind": "online", "name": format!("Gian hàng {seed}"), "url": "https://example.vn/ocop" }),
            ),
            ("DELETE", "/api/v1/products/{id}/points-of-sale/{point_id}") => None,
            ("POST", "/products/{id}/points-of-sale") => form(&[
                ("kind", "market".to_owned()),
                ("name", format!("Sạp {seed}")),
                ("address", "Chợ Cẩm Xuyên".to_owned()),
                ("url", String::new()),
            ]),
            ("POST", "/api/v1/users") => json_body(json!({
                "username": format!("moi.{seed}"), "password": PASSWORD, "role": "central_officer",
            })),
            ("POST", "/api/v1/users/{id}/revoke-sessions") => json_body(json!({})),
            ("POST", "/api/v1/users/{id}/password") => json_body(json!({ "password": PASSWORD })),
            ("POST", "/api/v1/auth/login") => json_body(json!({ "username": username, "password": PASSWORD })),
            ("POST", "/api/v1/auth/logout") => json_body(json!({})),
            ("POST", "/login") => form(&[("username", username.to_owned()), ("password", PASSWORD.to_owned())]),
            ("POST", "/logout") => form(&[]),
            ("POST", "/producers/new") => form(&producer_form(&format!("HTX Mẫu {seed}"), &tax_code(seed))),
            ("POST", "/producers/{id}/edit") => {
                let version = self.row_version(&format!("/api/v1/producers/{producer_id}")).await;
                let mut fields = producer_form(&producer_name, &tax);
                fields.push(("row_version", version.to_string()));
                form(&fields)
            }
            ("POST", "/producers/{id}/certifications") => {
                form(&[("kind", "iso22000".into()), ("number", format!("I-{seed}"))])
            }
            ("POST", "/products/new") => form(&product_form(format!("Sản phẩm mẫu {seed}"))),
            ("POST", "/products/{id}/edit") => {
                let version = self.row_version(&format!("/api/v1/products/{product_id}")).await;
                let mut fields = product_form(format!("Sản phẩm mẫu sửa {seed}"));
                fields.push(("row_version", version.to_string()));
                form(&fields)
            }
            ("POST", "/api/v1/certificates") => json_body(json!({
                "decision": decision(&format!("I{seed}/QĐ-UBND"), province, &day(-20)),
                "items": [{ "product_id": product_id, "stars": 4, "score": 80.5 }],
            })),
            ("POST", "/api/v1/certificates/import") => {
                let fresh = self.fresh_product(t).await;
                let csv = format!(
                    "product_id;stars;score;legal_basis;decision_number;decision_date;issuer_name;issuer_level;certificate_number\n\
                     {fresh};4;80;qd1048;N{seed}/QĐ-UBND;12/11/2021;{};province;\n",
                    issuer(province)
                );
                Some(("text/csv".to_owned(), csv.into_bytes()))
            }
            ("POST", "/api/v1/certificates/{id}/renew") => json_body(json!({
                "decision": decision(&format!("R{seed}/QĐ-UBND"), province, &day(-10)), "stars": 3, "score": 66,
            })),
            ("POST", "/api/v1/certificates/{id}/upgrade") => json_body(json!({
                "decision": decision(&format!("U{seed}/QĐ-UBND"), province, &day(-10)), "stars": 4,
            })),
            ("POST", "/api/v1/certificates/{id}/suspend") => {
                json_body(json!({ "suspended_on": day(0), "note": "Kiểm tra chất lượng" }))
            }
            ("POST", "/api/v1/certificates/{id}/revoke") => json_body(json!({
                "ground": "food_safety_violation", "decision_number": format!("T{seed}/QĐ-UBND"),
                "decided_on": day(0), "issuer_name": issuer(province),
            })),
            ("POST", "/certificates/{id}/renew") | ("POST", "/certificates/{id}/upgrade") => form(&[
                ("number", format!("F{seed}/QĐ-UBND")),
                ("decided_on", day(-10)),
                ("issuer_name", issuer(province).to_owned()),
                ("issuer_level", "province".to_owned()),
                ("legal_basis", "qd148".to_owned()),
                ("stars", if row.path.ends_with("renew") { "3" } else { "4" }.to_owned()),
                ("score", "70,5".to_owned()),
            ]),
            ("POST", "/certificates/{id}/suspend") => {
                form(&[("suspended_on", day(0)), ("note", "Kiểm tra chất lượng".to_owned())])
            }
            ("POST", "/certificates/{id}/revoke") => form(&[
                ("ground", "production_stopped".to_owned()),
                ("ground_text", String::new()),
                ("decision_number", format!("G{seed}/QĐ-UBND")),
                ("decided_on", day(0)),
                ("issuer_name", issuer(province).to_owned()),
            ]),
            ("POST", "/api/v1/criteria-sets") => json_body(qd1048_json()),
            ("POST", "/api/v1/criteria-sets/{id}/publish") => json_body(json!({})),
            ("POST", "/v/{code}/report") => form(&[("message", "Nhãn in mờ".to_owned()), ("contact", String::new())]),
            ("POST", "/products/{id}/photos") => {
                let boundary = "ocopboundary";
                let mut bytes = format!(
                    "--{boundary}\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"a.png\"\r\nContent-Type: image/png\r\n\r\n"
                )
                .into_bytes();
                bytes.extend_from_slice(PNG);
                bytes.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
                Some((format!("multipart/form-data; boundary={boundary}"), bytes))
            }
            (method, path) => panic!(
                "tests/access.rs has no valid request body for {method} {path}: add one, so the walk reaches the access rules"
            ),
        };
        (path, body)
    }
}

/// Session-changing rows go last, so the rest of the walk keeps the role's session.
fn walk_order(rows: &[Row]) -> Vec<Row> {
    let rank = |row: &Row| {
        if row.path.ends_with("logout") {
            2
        } else if row.path.ends_with("login") && row.method == "POST" {
            1
        } else {
            0
        }
    };
    let mut rows = rows.to_vec();
    rows.sort_by_key(rank);
    rows
}

#[tokio::test]
async fn every_role_meets_exactly_what_the_table_allows() {
    let app = TestApp::spawn().await;
    let mut world = World::build(&app).await;
    let own_producer: uuid::Uuid = world.targets[0].producer_id.parse().unwrap();
    let rows = walk_order(&table());
    let mut wrongly_allowed = Vec::new();
    let mut wrongly_refused = Vec::new();
    let mut requests = 0;
    for role in ROLES {
        let username = if role == "anonymous" {
            "nan.nhan".to_owned()
        } else {
            format!("kt.{role}").replace('_', ".")
        };
        let mut client = match role {
            "anonymous" => app.client(),
            "producer" => app.login_as(&username, role, None, Some(own_producer)).await,
            "commune_officer" => app.login_as(&username, role, Some(CAM_XUYEN), None).await,
            "province_officer" | "council_member" | "council_secretary" => {
                app.login_as(&username, role, Some("2025/province/42"), None).await
            }
            _ => app.login_as(&username, role, None, None).await,
        };
        let token = client.get("/api/v1/auth/csrf").await.json()["csrf_token"]
            .as_str()
            .unwrap()
            .to_owned();
        client.csrf = Some(token);
        let mut checked_session = false;
        for row in &rows {
            if !checked_session && (row.path.ends_with("login") || row.path.ends_with("logout")) && row.method == "POST"
            {
                // Everything before ran with the role's own session.
                let me = client.get("/api/v1/auth/me").await.status;
                assert_eq!(
                    me,
                    if role == "anonymous" { 401 } else { 200 },
                    "{role} lost its session"
                );
                checked_session = true;
            }
            let per_target = row.scope == "area" || row.path.contains('{');
            let targets = if per_target { 0..world.targets.len() } else { 0..1 };
            for t in targets {
                let (path, body) = world.request(row, t, &username).await;
                let body = body.as_ref().map(|(ct, bytes)| (ct.as_str(), bytes.clone()));
                let response = client.request(&row.method, &path, body, true).await;
                requests += 1;
                let ok = succeeded(&response);
                let expected = allowed(row, role, t);
                let cell = format!(
                    "{role} {} {} [{}] → {} {}",
                    row.method,
                    row.path,
                    world.targets[t].label,
                    response.status,
                    response.text.chars().take(160).collect::<String>()
                );
                if ok && !expected {
                    wrongly_allowed.push(cell);
                } else if !ok && expected {
                    wrongly_refused.push(cell);
                }
            }
        }
    }
    assert!(
        wrongly_allowed.is_empty(),
        "{} request(s) succeeded where access.toml does not allow them:\n{}",
        wrongly_allowed.len(),
        wrongly_allowed.join("\n")
    );
    assert!(
        wrongly_refused.is_empty(),
        "{} request(s) the table allows were refused (a stale row, or a request that does not reach the rules):\n{}",
        wrongly_refused.len(),
        wrongly_refused.join("\n")
    );
    assert!(requests > 500, "only {requests} requests walked");
}
