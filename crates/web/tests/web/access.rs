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

use crate::common;
#[path = "access_walk/oversight.rs"]
mod oversight;

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
    let text = include_str!("../../access.toml");
    toml::from_str::<AccessTable>(text).expect("access.toml").route
}

fn is_public(row: &Row) -> bool {
    row.roles == ["public"]
}

// ---------------------------------------------------------------- the Markdown

fn markdown(rows: &[Row]) -> String {
    let mut out = String::from(
        "# Who may do what\n\n\
         Generated from `crates/web/access.toml` by `crates/web/tests/web/access.rs` — do not edit by hand.\n\
         Regenerate: `OCOP_REGENERATE_ACCESS=1 cargo nextest run -p ocop-web -E 'test(access_markdown_is_current)'`.\n\n\
         The test `every_role_meets_exactly_what_the_table_allows` walks all eight roles (anonymous, producer,\n\
         commune officer, province officer, council member, council secretary, central officer, administrator)\n\
         against every row, with records of the caller's own area and of another producer, another commune and\n\
         another province, and fails when the application allows more — or less — than this table.\n\n\
         Scope: **none** — no area involved; **area** — the record (for a creation: the commune it is made in,\n\
         and for a producer account its own producer) must lie in the caller's area (administrators and central\n\
         officers: the whole country); **province** — as **area**, but a commune officer reaches the whole of its\n\
         province (oversight: officers of a province, commune officers included, record its inspections, findings\n\
         and cases); **self** — the caller's own session.\n\n\
         The audit trail is open to administrators and central officers only: an entry's actor carries no area\n\
         in the trail, so a province officer's view (entries by actors of its province) is not built yet.\n\n\
         Certificates are managed by administrators, by province officers for products of their province and by\n\
         central officers for 5★ certificates only: the rows list administrators and province officers (scope\n\
         **area**), the central officers' 5★ right is in the note.\n\n\
         Councils and batches are managed by province officers (their province) and by central officers (the\n\
         central councils, level `central`, nationwide); the walk gives the central officer central councils and\n\
         dossiers forwarded to the central level, and `crates/web/tests/web/central.rs` checks that neither level acts on the\n\
         other's.\n\n\
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
            ["none", "area", "province", "self"].contains(&row.scope.as_str()),
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
    common::publish_sample_sheets(&app).await;
    let state = ocop_web::AppState {
        ctx: app.ctx.clone(),
        config: std::sync::Arc::new(ocop_web::WebConfig {
            secure_cookies: false,
            limits: ocop_web::throttle::Limits::off(),
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
/// The walking central officer: its council and batch fixtures are central ones (a central
/// council, dossiers at the central level), the ones it manages.
const CENTRAL_WALKER: &str = "kt.central.officer";
/// The key of the central council's accounts (national scope) in `World::council_accounts`.
const NATIONAL: &str = "central";
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

/// A day relative to today (Vietnam).
fn today_plus(offset_days: i64) -> chrono::NaiveDate {
    (chrono::Utc::now() + chrono::Duration::hours(7)).date_naive() + chrono::Duration::days(offset_days)
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

/// The ministry's recognition decision (5★).
fn ministry_decision(number: &str, decided_on: &str) -> Value {
    json!({ "number": number, "decided_on": decided_on, "issuer_name": "Bộ Nông nghiệp và Môi trường",
            "issuer_level": "ministry", "legal_basis": "qd148" })
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

/// Whether a target lies in the caller's province (a producer: its own; national roles: all).
fn in_province(role: &str, target: usize) -> bool {
    match role {
        "commune_officer" => target <= 2,
        _ => in_area(role, target),
    }
}

fn allowed(row: &Row, role: &str, target: usize) -> bool {
    if is_public(row) {
        return true;
    }
    let in_scope = match row.scope.as_str() {
        "area" => in_area(role, target),
        "province" => in_province(role, target),
        _ => true,
    };
    role != "anonymous" && row.roles.iter().any(|r| r == role) && in_scope
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

const PDF: &[u8] = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n";

/// A self-assessment choosing the first option of every criterion of the sample sheet in force.
fn all_lowest_choices() -> Value {
    let set = common::sample_sheet_in_force();
    let choices: serde_json::Map<String, Value> = set.criteria().map(|(_, c)| (c.code.clone(), json!(0))).collect();
    json!({ "choices": choices })
}

/// A commune report assessing the four commune criteria.
fn commune_report() -> Value {
    let findings: serde_json::Map<String, Value> = ocop_domain::evaluation::LegalBases::official()
        .commune_criteria
        .iter()
        .map(|c| (c.code.clone(), json!("Đạt")))
        .collect();
    json!({ "meeting_on": day(-1), "findings": findings })
}

/// A business plan with two budget lines.
fn plan_body(producer_id: &str) -> Value {
    json!({ "producer_id": producer_id, "title": "Phương án sản xuất trà hoa vàng",
            "lines": [{ "item": "Máy sấy", "amount_vnd": 120000000, "funding": "support" },
                      { "item": "Bao bì", "amount_vnd": 30000000, "funding": "own" }] })
}

const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89\0\0\0\rIDATx\x9cc\xf8\xcf\xc0\xf0\x1f\0\x05\0\x01\xff\x89\x99=\x1d\0\0\0\0IEND\xaeB`\x82";

struct World {
    admin: TestClient,
    /// For council fixtures built through the services.
    ctx: ocop_service::Context,
    /// The administrator acting in fixtures.
    admin_actor: ocop_domain::role::Actor,
    /// Per province, and [`NATIONAL`] for the central council: a chair account and a spare
    /// council-member account.
    council_accounts: BTreeMap<&'static str, (uuid::Uuid, uuid::Uuid)>,
    /// Read-only council fixtures, built once per target and walking account.
    council_cache: BTreeMap<(usize, String, &'static str), (String, String)>,
    targets: Vec<Target>,
    victim_id: String,
    /// The published QĐ 1048 criteria set.
    criteria_set_id: String,
    seed: u64,
    /// The next year for a new programme plan (one plan per unit and year).
    plan_year: i32,
    /// A programme plan per target (with one free-text target), made on first use.
    plans: BTreeMap<usize, (String, String)>,
    /// Concrete paths of reads, per (row path, target): a read changes nothing, so every
    /// role reads the same fixture instead of each building its own.
    read_paths: BTreeMap<(String, usize), String>,
    /// Requests to change something that were refused, per (method, path, target, central
    /// walker): a refusal leaves the fixture as it was, so the next role tries the same one.
    unspent: BTreeMap<UnspentKey, Request>,
    /// Oversight plans, inspections, findings and cases (`access_walk/oversight.rs`).
    oversight: oversight::Fixtures,
}

/// A concrete path and, for requests with one, the body's content type and bytes.
type Request = (String, Option<(String, Vec<u8>)>);
type UnspentKey = (String, String, usize, bool);

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
                .record_certificates(&json!({ "decision": decision(&format!("{i}/QĐ-UBND"), province, &day(-30)),
                                              "items": [{ "product_id": certified.json()["id"], "stars": 4, "score": 78.25 }] }))
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
        let mut council_accounts = BTreeMap::new();
        for province in ["42", "01", NATIONAL] {
            let mut ids = Vec::new();
            for kind in ["chair", "spare"] {
                let user = ocop_service::accounts::create_user(
                    &app.ctx.db,
                    None,
                    &ocop_service::accounts::NewUser {
                        username: format!("hd.{kind}.{province}"),
                        display_name: format!("Hội đồng {kind} {province}"),
                        password: PASSWORD.into(),
                        role: "council_member".into(),
                        scope_unit_id: (province != NATIONAL).then(|| format!("2025/province/{province}")),
                        producer_id: None,
                    },
                )
                .await
                .expect("council account");
                ids.push(user.id);
            }
            council_accounts.insert(province, (ids[0], ids[1]));
        }
        Self {
            ctx: app.ctx.clone(),
            admin_actor: app.admin_actor().await,
            council_accounts,
            council_cache: BTreeMap::new(),
            criteria_set_id,
            admin,
            victim_id: victim.json()["id"].as_str().unwrap().to_owned(),
            targets,
            seed: 1_000,
            plan_year: 2040,
            plans: BTreeMap::new(),
            read_paths: BTreeMap::new(),
            unspent: BTreeMap::new(),
            oversight: oversight::Fixtures::default(),
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

    /// A report of a suspected fake about `code`, routed to the code's province.
    async fn report_of(&self, code: &str) -> String {
        let client = ocop_service::clients::ClientKey::new(b"access", std::net::IpAddr::from([192, 0, 2, 1]));
        let input = ocop_service::certificates::verify::FakeReportInput {
            message: "Tem in mờ, nghi giả".into(),
            contact: None,
        };
        ocop_service::certificates::verify::report(&self.ctx.db, code, &input, &client)
            .await
            .expect("report")
            .id
            .to_string()
    }

    /// A new 3★ certificate of a new product of the target's producer (for rows that change or
    /// replace it; a product holding a certificate in force gets no second one recorded).
    async fn fresh_certificate(&mut self, t: usize) -> String {
        let product_id = self.fresh_product(t).await;
        let province = self.targets[t].province;
        let issued = self
            .admin
            .record_certificates(
                &json!({ "decision": decision(&format!("C{}/QĐ-UBND", self.seed), province, &day(-40)),
                                          "items": [{ "product_id": product_id, "stars": 3, "score": 60 }] }),
            )
            .await;
        assert_eq!(issued.status, 201, "{}", issued.text);
        issued.json()[0]["id"].as_str().unwrap().to_owned()
    }

    /// A new programme task of the target's commune.
    async fn fresh_task(&mut self, t: usize) -> String {
        let commune_id = self.targets[t].commune_id;
        let saved = self
            .admin
            .post_json(
                "/api/v1/programme/directives",
                &json!({ "unit_id": commune_id, "issuer": "UBND xã", "title": "Thông báo kết luận",
                         "tasks": [{ "title": "Rà soát sản phẩm", "responsible": "commune_committee", "deadline": "by:2020-04-20" }] }),
            )
            .await;
        assert_eq!(saved.status, 201, "{}", saved.text);
        saved.json()["task_ids"][0].as_str().unwrap().to_owned()
    }

    /// A new fair of the target's commune.
    async fn fresh_event(&mut self, t: usize) -> String {
        let commune_id = self.targets[t].commune_id;
        let created = self
            .admin
            .post_json(
                "/api/v1/programme/events",
                &json!({ "unit_id": commune_id, "kind": "fair", "name": "Hội chợ OCOP", "place": "Nhà văn hóa xã",
                         "starts_on": day(-20) }),
            )
            .await;
        assert_eq!(created.status, 201, "{}", created.text);
        created.json()["id"].as_str().unwrap().to_owned()
    }

    /// The programme plan of the target's commune and its free-text target.
    async fn plan_of(&mut self, t: usize) -> (String, String) {
        if let Some(plan) = self.plans.get(&t) {
            return plan.clone();
        }
        let commune_id = self.targets[t].commune_id;
        self.plan_year += 1;
        let created = self
            .admin
            .post_json(
                "/api/v1/programme/plans",
                &json!({ "unit_id": commune_id, "year": self.plan_year,
                         "targets": [{ "kind": "other", "count": 50, "text": "Tập huấn 50 cán bộ" }] }),
            )
            .await;
        assert_eq!(created.status, 201, "{}", created.text);
        let plan = created.json();
        let ids = (
            plan["id"].as_str().unwrap().to_owned(),
            plan["targets"][0]["id"].as_str().unwrap().to_owned(),
        );
        self.plans.insert(t, ids.clone());
        ids
    }

    /// A new draft of the QĐ 1048 criteria set.
    async fn fresh_criteria_draft(&mut self) -> String {
        let created = self.admin.post_json("/api/v1/criteria-sets", &qd1048_json()).await;
        assert_eq!(created.status, 201, "{}", created.text);
        created.json()["id"].as_str().unwrap().to_owned()
    }

    /// A vault document (a registration form) of the target's producer.
    async fn fresh_document(&mut self, t: usize) -> String {
        let producer_id = self.targets[t].producer_id.clone();
        let uploaded = self
            .admin
            .post_bytes(
                &format!(
                    "/api/v1/producers/{producer_id}/evidence?doc_type=registration_form&issued_on={}",
                    day(-5)
                ),
                "application/pdf",
                PDF.to_vec(),
            )
            .await;
        assert_eq!(uploaded.status, 201, "{}", uploaded.text);
        uploaded.json()["id"].as_str().unwrap().to_owned()
    }

    /// A dossier of the target's product, brought by the administrator to `state`:
    /// `draft`, `complete` (a draft ready to submit), `submitted`, `commune_review`,
    /// `commune_report`, `proposed` or `check`.
    async fn fresh_dossier(&mut self, t: usize, state: &str) -> String {
        // One open dossier per product: each dossier of the walk is of a product of its own.
        let product_id = self.fresh_product(t).await;
        let created = self
            .admin
            .post_json("/api/v1/dossiers", &json!({ "product_id": product_id, "kind": "new" }))
            .await;
        assert_eq!(created.status, 201, "{}", created.text);
        let id = created.json()["id"].as_str().unwrap().to_owned();
        if state == "draft" {
            return id;
        }
        let document_id = self.fresh_document(t).await;
        let attached = self
            .admin
            .post_json(
                &format!("/api/v1/dossiers/{id}/evidence"),
                &json!({ "document_id": document_id }),
            )
            .await;
        assert_eq!(attached.status, 200, "{}", attached.text);
        let assessed = self
            .admin
            .put_json(&format!("/api/v1/dossiers/{id}/self-assessment"), &all_lowest_choices())
            .await;
        assert_eq!(assessed.status, 200, "{}", assessed.text);
        let chain = [
            ("complete", "submit", json!({})),
            ("submitted", "receive", json!({})),
            ("commune_review", "commune-report", commune_report()),
            ("commune_report", "propose", json!({})),
            ("proposed", "start-check", json!({})),
        ];
        for (reached_before, step, body) in chain {
            if state == reached_before {
                return id;
            }
            let moved = self
                .admin
                .post_json(&format!("/api/v1/dossiers/{id}/{step}"), &body)
                .await;
            assert_eq!(moved.status, 200, "{step}: {}", moved.text);
        }
        assert_eq!(state, "check", "unknown fixture state {state}");
        id
    }

    /// A dossier of the target's product the province forwarded, at the central level:
    /// `proposed` or `check`.
    async fn central_dossier(&mut self, t: usize, state: &str) -> String {
        use ocop_domain::evaluation::Level::Central;
        use ocop_domain::evaluation::dossier::DossierState;
        let target = &self.targets[t];
        let state = match state {
            "proposed" => DossierState::Proposed { level: Central },
            "check" => DossierState::Check { level: Central },
            other => panic!("no central fixture in state {other}"),
        };
        ocop_service::councils::testing::insert_dossier_in(
            &self.ctx.db,
            target.producer_id.parse().unwrap(),
            target.product_id.parse().unwrap(),
            target.commune_id,
            state,
        )
        .await
        .expect("central dossier")
        .to_string()
    }

    /// The state a dossier must be in for a step (the last segment of a path).
    fn dossier_state_for(method: &str, suffix: &str) -> &'static str {
        if method == "GET" {
            return "draft";
        }
        match suffix {
            "submit" => "complete",
            "receive" => "submitted",
            "return-by-commune" | "commune-report" => "commune_review",
            "propose" => "commune_report",
            "start-check" => "proposed",
            "return" | "find-eligible" => "check",
            _ => "draft",
        }
    }

    /// A submitted idea of the target's producer, or one the commune returned.
    async fn fresh_idea(&mut self, t: usize, returned: bool) -> String {
        let producer_id = self.targets[t].producer_id.clone();
        let created = self
            .admin
            .post_json(
                "/api/v1/ideas",
                &json!({ "producer_id": producer_id, "product_name": "Trà hoa vàng", "description": "Sản phẩm mới từ vùng nguyên liệu của xã" }),
            )
            .await;
        assert_eq!(created.status, 201, "{}", created.text);
        let id = created.json()["id"].as_str().unwrap().to_owned();
        if returned {
            let sent_back = self
                .admin
                .post_json(
                    &format!("/api/v1/ideas/{id}/return"),
                    &json!({ "reason": "Cần mô tả vùng nguyên liệu" }),
                )
                .await;
            assert_eq!(sent_back.status, 200, "{}", sent_back.text);
        }
        id
    }

    /// A business plan of the target's producer, submitted or a draft.
    async fn fresh_plan(&mut self, t: usize, submitted: bool) -> String {
        let producer_id = self.targets[t].producer_id.clone();
        let created = self
            .admin
            .post_json("/api/v1/business-plans", &plan_body(&producer_id))
            .await;
        assert_eq!(created.status, 201, "{}", created.text);
        let id = created.json()["id"].as_str().unwrap().to_owned();
        if submitted {
            let sent = self
                .admin
                .post_json(&format!("/api/v1/business-plans/{id}/submit"), &json!({}))
                .await;
            assert_eq!(sent.status, 200, "{}", sent.text);
        }
        id
    }

    /// The walking account's actor, if it exists.
    async fn actor_named(&self, username: &str) -> Option<ocop_domain::role::Actor> {
        let user = ocop_storage::repo::user_repo::by_username(self.ctx.db.conn(), username)
            .await
            .ok()
            .flatten()?;
        ocop_service::accounts::actor_of(&self.ctx.db, &user).await.ok()
    }

    /// A fresh council in the target's province: the walking account sits on it (council
    /// members as chair, secretaries as secretary) when its province is the target's. For the
    /// walking central officer, a central council (national members), which it manages.
    async fn council(&mut self, t: usize, username: &str) -> (String, Option<ocop_domain::role::Actor>) {
        use ocop_service::councils::{self, CouncilInput, MemberInput};
        let central = username == CENTRAL_WALKER;
        let province = if central { NATIONAL } else { self.targets[t].province };
        self.seed += 1;
        let council = councils::create_council(
            &self.ctx.db,
            &self.admin_actor,
            &CouncilInput {
                name: format!("Hội đồng kiểm tra {}", self.seed),
                level: if central { "central" } else { "province" }.into(),
                unit_id: if central {
                    String::new()
                } else {
                    format!("2025/province/{province}")
                },
                decision_number: format!("HD{}/QĐ-UBND", self.seed),
                decision_date: Some(chrono::NaiveDate::from_ymd_opt(2026, 1, 5).unwrap()),
            },
        )
        .await
        .expect("council");
        let walker = self.actor_named(username).await;
        let walker_seat = walker.as_ref().and_then(|a| {
            let here = a.scope.province_code() == Some(province);
            match a.role {
                ocop_domain::role::Role::CouncilMember if here => Some("chair"),
                ocop_domain::role::Role::CouncilSecretary if here => Some("secretary"),
                _ => None,
            }
        });
        let add = |user_id: uuid::Uuid, role: &str| MemberInput {
            user_id: Some(user_id),
            full_name: format!("Thành viên {role}"),
            role: role.into(),
            agency: "Sở Nông nghiệp và Môi trường".into(),
        };
        let mut chair_actor = None;
        if walker_seat == Some("chair") {
            let me = walker.clone().unwrap();
            councils::add_member(&self.ctx.db, &self.admin_actor, council.id, &add(me.user_id.0, "chair"))
                .await
                .expect("seat");
            chair_actor = Some(me);
        } else {
            let chair = self.council_accounts[province].0;
            councils::add_member(&self.ctx.db, &self.admin_actor, council.id, &add(chair, "chair"))
                .await
                .expect("chair");
            let user = ocop_storage::repo::user_repo::get(self.ctx.db.conn(), chair)
                .await
                .unwrap()
                .unwrap();
            chair_actor = chair_actor.or(Some(
                ocop_service::accounts::actor_of(&self.ctx.db, &user).await.unwrap(),
            ));
            if walker_seat == Some("secretary") {
                let me = walker.clone().unwrap();
                councils::add_member(
                    &self.ctx.db,
                    &self.admin_actor,
                    council.id,
                    &add(me.user_id.0, "secretary"),
                )
                .await
                .expect("secretary");
            }
        }
        (council.id.to_string(), chair_actor)
    }

    /// A fresh batch at `stage` (planned, sent, scoring, answered, submitted, closed) with one dossier of
    /// the target (none for `empty`): (council id, batch id, dossier id).
    async fn batch(&mut self, t: usize, username: &str, stage: &'static str) -> (String, String, String) {
        use ocop_service::councils::batches::{self, BatchInput, ScheduleInput, SendInput};
        use ocop_service::councils::scoring::{self, AnswerInput};
        let (council_id, chair) = self.council(t, username).await;
        let chair = chair.expect("a chair");
        let batch = batches::create(
            &self.ctx.db,
            &self.admin_actor,
            &BatchInput {
                council_id: Some(council_id.parse().unwrap()),
                name: format!("Đợt kiểm tra {}", self.seed),
                starts_on: Some(today_plus(-20)),
                ends_on: Some(today_plus(20)),
                meeting_on: Some(today_plus(0)),
            },
        )
        .await
        .expect("batch");
        let target = &self.targets[t];
        let level = if username == CENTRAL_WALKER {
            ocop_domain::evaluation::Level::Central
        } else {
            ocop_domain::evaluation::Level::Province
        };
        let dossier = ocop_service::councils::testing::insert_dossier_in(
            &self.ctx.db,
            target.producer_id.parse().unwrap(),
            target.product_id.parse().unwrap(),
            target.commune_id,
            ocop_domain::evaluation::dossier::DossierState::Eligible { level },
        )
        .await
        .expect("dossier");
        if stage == "empty" {
            return (council_id, batch.id.to_string(), dossier.to_string());
        }
        batches::schedule(
            &self.ctx.db,
            &self.admin_actor,
            batch.id,
            &ScheduleInput {
                dossier_id: Some(dossier),
            },
        )
        .await
        .expect("schedule");
        if stage != "planned" {
            batches::mark_sent(
                &self.ctx.db,
                &self.admin_actor,
                batch.id,
                &SendInput {
                    sent_on: Some(today_plus(-14)),
                },
            )
            .await
            .expect("send");
            ocop_service::councils::testing::all_present(&self.ctx.db, &self.admin_actor, batch.id)
                .await
                .expect("attendance");
        }
        if ["scoring", "answered", "submitted", "closed", "recognised"].contains(&stage) {
            batches::open(&self.ctx.db, &self.admin_actor, batch.id)
                .await
                .expect("open");
        }
        if ["answered", "submitted", "closed", "recognised"].contains(&stage) {
            let set = ocop_domain::evaluation::CriteriaSet::qd1048_fresh_produce();
            for (_, criterion) in set.criteria() {
                let input = AnswerInput {
                    criterion: criterion.code.clone(),
                    option: Some(criterion.options.len() - 1),
                    comment: String::new(),
                    client_at: None,
                };
                scoring::answer(&self.ctx.db, &chair, batch.id, dossier, &input)
                    .await
                    .expect("answer");
            }
        }
        if ["submitted", "closed", "recognised"].contains(&stage) {
            scoring::submit(&self.ctx.db, &chair, batch.id, dossier)
                .await
                .expect("submit");
        }
        if ["closed", "recognised"].contains(&stage) {
            batches::close(&self.ctx.db, &self.admin_actor, batch.id)
                .await
                .expect("close");
        }
        if stage == "recognised" {
            let number = format!("R{}-{}", batch.id.simple(), self.seed);
            let decision = if username == CENTRAL_WALKER {
                ministry_decision(&format!("{number}/QĐ-BNNMT"), &today_plus(0).to_string())
            } else {
                decision(
                    &format!("{number}/QĐ-UBND"),
                    target.province,
                    &today_plus(0).to_string(),
                )
            };
            let input = batches::RecogniseInput {
                decision: serde_json::from_value(decision).expect("a decision"),
            };
            batches::recognise(&self.ctx.db, &self.admin_actor, batch.id, &input)
                .await
                .expect("recognise");
        }
        (council_id, batch.id.to_string(), dossier.to_string())
    }

    /// A cached batch for read-only rows.
    async fn read_batch(&mut self, t: usize, username: &str, stage: &'static str) -> (String, String, String) {
        let key = (t, username.to_owned(), stage);
        if let Some((batch, dossier)) = self.council_cache.get(&key) {
            return (String::new(), batch.clone(), dossier.clone());
        }
        let (council, batch, dossier) = self.batch(t, username, stage).await;
        self.council_cache.insert(key, (batch.clone(), dossier.clone()));
        (council, batch, dossier)
    }

    /// The stage a council row needs, and the concrete path.
    async fn council_path(&mut self, row: &Row, t: usize, username: &str) -> Option<(String, String)> {
        let path = row.path.as_str();
        let council_row = path.starts_with("/api/v1/councils/") || path.starts_with("/councils/");
        let batch_row = path.starts_with("/api/v1/batches/") || path.starts_with("/batches/");
        if council_row {
            let (council, _) = self.council(t, username).await;
            return Some((path.replace("{id}", &council), String::new()));
        }
        if !batch_row {
            return None;
        }
        let action = path.rsplit('/').next().unwrap_or_default();
        let read = row.method == "GET";
        let stage = match action {
            _ if read && path.contains("{dossier_id}") => "scoring",
            _ if read => "closed",
            "dossiers" | "schedule" => "empty",
            "send" => "planned",
            "open" => "sent",
            "close" => "submitted",
            "submit" | "sheet" => "answered",
            "recognise" => "closed",
            "withdraw-decision" => "recognised",
            "minutes" | "attendance" => "planned",
            _ => "scoring",
        };
        let (_, batch, dossier) = if read {
            self.read_batch(t, username, stage).await
        } else {
            self.batch(t, username, stage).await
        };
        let mut concrete = path
            .replace("{id}", &batch)
            .replace("{dossier_id}", &dossier)
            .replace("{document}", "results.xlsx");
        if concrete.contains("{document_id}") {
            // A stored document of the dossier's producer, attached to the dossier (the
            // fixture's own attachments are rows without a stored file).
            let read = self.admin.get(&format!("/api/v1/dossiers/{dossier}")).await;
            let producer_id = read.json()["producer_id"].as_str().unwrap_or_default().to_owned();
            let uploaded = self
                .admin
                .post_bytes(
                    &format!("/api/v1/producers/{producer_id}/evidence?doc_type=registration_form"),
                    "application/pdf",
                    PDF.to_vec(),
                )
                .await;
            assert_eq!(uploaded.status, 201, "{}", uploaded.text);
            let document = uploaded.json()["id"].as_str().unwrap().to_owned();
            ocop_storage::repo::dossier_repo::attach(
                self.ctx.db.conn(),
                ocop_storage::entities::dossier_evidence::Model {
                    id: uuid::Uuid::now_v7(),
                    dossier_id: dossier.parse().unwrap(),
                    document_id: document.parse().unwrap(),
                    criterion_code: None,
                    attached_by: None,
                    created_at: ocop_storage::now(),
                },
            )
            .await
            .unwrap();
            concrete = concrete.replace("{document_id}", &document);
        }
        Some((concrete, dossier))
    }

    /// The concrete path and a valid body for one row against one target. Reads share
    /// one fixture across roles, except council and batch rows, whose fixtures depend on
    /// the caller's seat and are cached per caller by `council_path`.
    async fn request(&mut self, row: &Row, t: usize, username: &str) -> Request {
        let per_caller = ["/api/v1/councils/", "/councils/", "/api/v1/batches/", "/batches/"]
            .iter()
            .any(|prefix| row.path.starts_with(prefix));
        let shared = row.method == "GET" && !per_caller;
        let key = (row.path.clone(), t);
        if shared && let Some(path) = self.read_paths.get(&key) {
            return (path.clone(), None);
        }
        if let Some(key) = Self::unspent_key(row, t, username)
            && let Some(request) = self.unspent.remove(&key)
        {
            return request;
        }
        let built = self.build_request(row, t, username).await;
        if shared && built.1.is_none() {
            self.read_paths.insert(key, built.0.clone());
        }
        built
    }

    /// Hands a refused change back, so the next role is walked against the same fixture.
    fn keep_unspent(&mut self, row: &Row, t: usize, username: &str, request: Request) {
        if let Some(key) = Self::unspent_key(row, t, username) {
            self.unspent.insert(key, request);
        }
    }

    /// Which changes may be handed to the next role: steps of a dossier, each made fresh
    /// for its row and untouched by the other rows (certificates and the targets' producers
    /// and products are shared, so a refused request to change them can go stale).
    fn unspent_key(row: &Row, t: usize, username: &str) -> Option<UnspentKey> {
        let own_dossier = row.path.starts_with("/api/v1/dossiers/{id}") || row.path.starts_with("/dossiers/{id}");
        (row.method != "GET" && own_dossier)
            .then(|| (row.method.clone(), row.path.clone(), t, username == CENTRAL_WALKER))
    }

    async fn build_request(&mut self, row: &Row, t: usize, username: &str) -> Request {
        if let Some(request) = self.oversight_request(row, t).await {
            return request;
        }
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
        let council_fixture = self.council_path(row, t, username).await;
        let mut path = row.path.replace("{version}/{level}/{code}", commune_id);
        let fixture_dossier = council_fixture.as_ref().map(|(_, d)| d.clone()).unwrap_or_default();
        if let Some((concrete, _)) = &council_fixture {
            path = concrete.clone();
        }
        path = path.replace("{*path}", "site.css");
        path = path
            .replace("{code}", &code)
            .replace("{gtin}", &gtin)
            .replace("{lot}", "LOT-2026A");
        if path.contains("/reports/{id}/status") {
            // A report of the target's code (the same sender's repeats merge into one row).
            let id = self.report_of(&code).await;
            path = path.replace("{id}", &id);
        }
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
        if path.starts_with("/api/v1/criteria-sets/{id}") || path.starts_with("/criteria-sets/{id}") {
            let id = if row.method == "GET" {
                self.criteria_set_id.clone()
            } else {
                self.fresh_criteria_draft().await
            };
            path = path.replace("{id}", &id);
        }
        for prefix in ["/api/v1/dossiers/{id}", "/dossiers/{id}"] {
            if path.starts_with(prefix) {
                let suffix = path.rsplit('/').next().unwrap_or_default().to_owned();
                let state = Self::dossier_state_for(&row.method, &suffix);
                let central_check = ["start-check", "return", "find-eligible"].contains(&suffix.as_str());
                let id = if username == CENTRAL_WALKER && row.method == "POST" && central_check {
                    // The central officer checks dossiers the province forwarded.
                    self.central_dossier(t, state).await
                } else {
                    self.fresh_dossier(t, state).await
                };
                path = path.replace("{id}", &id);
                if path.contains("{attachment_id}") {
                    let document_id = self.fresh_document(t).await;
                    let attached = self
                        .admin
                        .post_json(
                            &format!("/api/v1/dossiers/{id}/evidence"),
                            &json!({ "document_id": document_id }),
                        )
                        .await;
                    assert_eq!(attached.status, 200, "{}", attached.text);
                    let attachment = attached.json()["evidence"][0]["id"].as_str().unwrap().to_owned();
                    path = path.replace("{attachment_id}", &attachment);
                }
            }
        }
        if path.starts_with("/api/v1/evidence/{id}") {
            let id = self.fresh_document(t).await;
            path = path.replace("{id}", &id);
        }
        if path.starts_with("/api/v1/ideas/{id}") || path.starts_with("/ideas/{id}") {
            let id = self.fresh_idea(t, path.ends_with("/resubmit")).await;
            path = path.replace("{id}", &id);
        }
        if path.starts_with("/api/v1/business-plans/{id}") || path.starts_with("/business-plans/{id}") {
            let submitted = path.ends_with("/approve") || path.ends_with("/return");
            let id = self.fresh_plan(t, submitted).await;
            path = path.replace("{id}", &id);
        }
        if path.starts_with("/api/v1/programme/tasks/{id}") || path.starts_with("/programme/tasks/{id}") {
            let id = self.fresh_task(t).await;
            path = path.replace("{id}", &id);
        }
        if path.starts_with("/api/v1/programme/plans/{id}") || path.starts_with("/programme/plans/{id}") {
            let (plan, _) = self.plan_of(t).await;
            path = path.replace("{id}", &plan);
        }
        if path.starts_with("/api/v1/programme/targets/{id}") {
            let (_, target) = self.plan_of(t).await;
            path = path.replace("{id}", &target);
        }
        if path.starts_with("/api/v1/programme/events/{id}") || path.starts_with("/programme/events/{id}") {
            let id = self.fresh_event(t).await;
            path = path.replace("{id}", &id);
        }
        if path.starts_with("/api/v1/programme/reports")
            || path.starts_with("/api/v1/programme/ptnt.")
            || path == "/programme/reports"
        {
            use chrono::Datelike;
            path = format!("{path}?unit_id={commune_id}&period={}-H1", today_plus(0).year());
        }
        if path == "/api/v1/programme/dashboard" || path == "/programme/dashboard" {
            path = format!("{path}?unit_id={commune_id}");
        }
        if path.contains("{certification_id}") {
            let cert = self.fresh_certification(&producer_id).await;
            path = path.replace("{certification_id}", &cert);
        }
        if path.contains("{point_id}") {
            let point = self.fresh_point_of_sale(&product_id).await;
            path = path.replace("{point_id}", &point);
        }
        // An edit of a product's name needs a product without a certificate in force: the walk's
        // council rows certify the targets' products, whose certified facts are then frozen.
        // A new dossier needs a product without one under way (one open dossier per product).
        let edits_product = matches!(
            (row.method.as_str(), row.path.as_str()),
            ("PUT", "/api/v1/products/{id}")
                | ("POST", "/products/{id}/edit")
                | ("POST", "/api/v1/dossiers")
                | ("POST", "/dossiers/new")
        );
        let product_id = if edits_product {
            self.fresh_product(t).await
        } else {
            product_id
        };
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
        // The central officer's council fixtures are central ones.
        let central = username == CENTRAL_WALKER;
        let seat_key = if central { NATIONAL } else { province };
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
        // Attendance names every member of the batch's council.
        let members_present: Vec<uuid::Uuid> = match path.split('/').skip_while(|s| *s != "batches").nth(1) {
            Some(id) if row.path.ends_with("/attendance") => match id.parse() {
                Ok(id) => ocop_service::councils::batches::get(&self.ctx.db, &self.admin_actor, id)
                    .await
                    .map(|b| b.attendance.iter().map(|a| a.member_id).collect())
                    .unwrap_or_default(),
                Err(_) => Vec::new(),
            },
            _ => Vec::new(),
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
            ("POST", "/api/v1/certificates") => {
                let fresh = self.fresh_product(t).await;
                let scan = self.admin.upload_scan().await;
                json_body(json!({
                    "decision": decision(&format!("I{seed}/QĐ-UBND"), province, &day(-20)),
                    "items": [{ "product_id": fresh, "stars": 4, "score": 80.5 }],
                    "scan_sha256": scan,
                }))
            }
            ("POST", "/api/v1/decision-scans") => Some(("application/pdf".to_owned(), PDF.to_vec())),
            ("POST", "/api/v1/products/{id}/amendments") => {
                let version = self.row_version(&format!("/api/v1/products/{product_id}")).await;
                json_body(json!({
                    "row_version": version, "name": format!("Sản phẩm đính chính {seed}"),
                    "reason": "Đính chính tên theo nhãn đã công bố",
                }))
            }
            ("POST", "/api/v1/certificates/import") => {
                let fresh = self.fresh_product(t).await;
                let csv = format!(
                    "product_id;stars;score;legal_basis;decision_number;decision_date;issuer_name;issuer_level;certificate_number\n\
                     {fresh};4;80;qd1048;N{seed}/QĐ-UBND;12/11/2021;{};province;\n",
                    issuer(province)
                );
                Some(("text/csv".to_owned(), csv.into_bytes()))
            }
            ("POST", "/api/v1/certificates/{id}/renew") => {
                let scan = self.admin.upload_scan().await;
                json_body(json!({
                    "decision": decision(&format!("R{seed}/QĐ-UBND"), province, &day(-10)), "stars": 3, "score": 66,
                    "scan_sha256": scan,
                }))
            }
            ("POST", "/api/v1/certificates/{id}/upgrade") => {
                let scan = self.admin.upload_scan().await;
                json_body(json!({
                    "decision": decision(&format!("U{seed}/QĐ-UBND"), province, &day(-10)), "stars": 4,
                    "scan_sha256": scan,
                }))
            }
            ("POST", "/api/v1/certificates/{id}/suspend") => {
                json_body(json!({ "suspended_on": day(0), "note": "Kiểm tra chất lượng" }))
            }
            ("POST", "/api/v1/certificates/reports/{id}/status") => {
                json_body(json!({ "status": "checked", "reason": "Đã kiểm tra tại cửa hàng" }))
            }
            ("POST", "/api/v1/certificates/{id}/revoke") => json_body(json!({
                "ground": "food_safety_violation", "decision_number": format!("T{seed}/QĐ-UBND"),
                "decided_on": day(0), "issuer_name": issuer(province),
            })),
            ("POST", "/api/v1/dossiers") => json_body(json!({ "product_id": product_id, "kind": "new" })),
            ("PUT", "/api/v1/dossiers/{id}/self-assessment") => json_body(all_lowest_choices()),
            ("POST", "/api/v1/dossiers/{id}/evidence") => {
                let document_id = self.fresh_document(t).await;
                json_body(json!({ "document_id": document_id, "criterion_code": "1.1" }))
            }
            ("DELETE", "/api/v1/dossiers/{id}/evidence/{attachment_id}") => None,
            ("POST", "/api/v1/dossiers/{id}/commune-report") => json_body(commune_report()),
            ("POST", "/api/v1/dossiers/{id}/return-by-commune" | "/api/v1/dossiers/{id}/return") => {
                json_body(json!({ "reasons": ["Thiếu phiếu kiểm nghiệm"] }))
            }
            (
                "POST",
                "/api/v1/dossiers/{id}/submit"
                | "/api/v1/dossiers/{id}/receive"
                | "/api/v1/dossiers/{id}/propose"
                | "/api/v1/dossiers/{id}/start-check"
                | "/api/v1/dossiers/{id}/find-eligible",
            ) => json_body(json!({})),
            ("POST", "/api/v1/producers/{id}/evidence") => {
                path.push_str("?doc_type=test_report&title=Phi%E1%BA%BFu%20ki%E1%BB%83m%20nghi%E1%BB%87m");
                Some(("application/pdf".to_owned(), PDF.to_vec()))
            }
            ("POST", "/api/v1/ideas") => json_body(json!({
                "producer_id": producer_id, "product_id": product_id, "description": format!("Cải tiến bao bì {seed}"),
            })),
            ("POST", "/api/v1/ideas/{id}/accept") => json_body(json!({})),
            ("POST", "/api/v1/ideas/{id}/return") => json_body(json!({ "reason": "Trùng ý tưởng đã đăng ký" })),
            ("POST", "/api/v1/business-plans") => json_body(plan_body(&producer_id)),
            ("POST", "/api/v1/business-plans/{id}/submit" | "/api/v1/business-plans/{id}/approve") => {
                json_body(json!({}))
            }
            ("POST", "/api/v1/business-plans/{id}/return") => json_body(json!({ "reason": "Chưa có nguồn vốn" })),
            ("POST", "/api/v1/ideas/{id}/resubmit") => json_body(json!({
                "description": format!("Bổ sung vùng nguyên liệu 5 ha {seed}"),
            })),
            ("PUT", "/api/v1/business-plans/{id}") => json_body(json!({
                "title": format!("Phương án sửa {seed}"), "row_version": 1,
                "lines": [{ "item": "Máy đóng gói", "amount_vnd": 80000000, "funding": "loan" }],
            })),
            ("POST", "/ideas/new") => form(&[
                ("producer_id", producer_id.clone()),
                ("kind", "existing".to_owned()),
                ("product_id", product_id.clone()),
                ("product_name", String::new()),
                ("product_set_code", String::new()),
                ("description", format!("Cải tiến nhãn mác {seed}")),
            ]),
            ("POST", "/ideas/{id}/accept") => form(&[("reason", String::new())]),
            ("POST", "/ideas/{id}/return") => form(&[("reason", "Trùng ý tưởng đã đăng ký".to_owned())]),
            ("POST", "/ideas/{id}/resubmit") => form(&[
                ("product_name", "Trà hoa vàng túi lọc".to_owned()),
                ("product_set_code", String::new()),
                ("description", format!("Bổ sung quy trình sấy {seed}")),
            ]),
            ("POST", "/business-plans/new") => form(&[
                ("producer_id", producer_id.clone()),
                ("idea_id", String::new()),
                ("product_id", String::new()),
                ("title", format!("Phương án {seed}")),
                ("summary", String::new()),
                ("line_0_item", "Máy sấy".to_owned()),
                ("line_0_amount", "120.000.000".to_owned()),
                ("line_0_funding", "support".to_owned()),
            ]),
            ("POST", "/business-plans/{id}/edit") => form(&[
                ("row_version", "1".to_owned()),
                ("title", format!("Phương án sửa {seed}")),
                ("summary", String::new()),
                ("line_0_item", "Bao bì".to_owned()),
                ("line_0_amount", "30.000.000".to_owned()),
                ("line_0_funding", "own".to_owned()),
            ]),
            ("POST", "/business-plans/{id}/submit" | "/business-plans/{id}/approve") => {
                form(&[("reason", String::new())])
            }
            ("POST", "/business-plans/{id}/return") => form(&[("reason", "Chưa có nguồn vốn".to_owned())]),
            ("POST", "/dossiers/new") => form(&[("product_id", product_id.clone()), ("kind", "new".into())]),
            ("POST", "/dossiers/{id}/self-assessment") => {
                let set = common::sample_sheet_in_force();
                let pairs: Vec<(String, String)> =
                    set.criteria().map(|(_, c)| (c.code.clone(), "0".to_owned())).collect();
                let pairs: Vec<(&str, String)> = pairs.iter().map(|(k, v)| (k.as_str(), v.clone())).collect();
                form(&pairs)
            }
            ("POST", "/dossiers/{id}/self-assessment/answer") => {
                let set = common::sample_sheet_in_force();
                let code = set.criteria().map(|(_, c)| c.code.clone()).next().expect("a criterion");
                form(&[("criterion", code), ("option", "0".to_owned())])
            }
            ("POST", "/dossiers/{id}/evidence") => {
                let document_id = self.fresh_document(t).await;
                form(&[("document_id", document_id), ("criterion_code", String::new())])
            }
            ("POST", "/dossiers/{id}/upload") => {
                let boundary = "ocopboundary";
                let mut bytes = format!(
                    "--{boundary}\r\nContent-Disposition: form-data; name=\"doc_type\"\r\n\r\nvietgap\r\n\
                     --{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.pdf\"\r\nContent-Type: application/pdf\r\n\r\n"
                )
                .into_bytes();
                bytes.extend_from_slice(PDF);
                bytes.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
                Some((format!("multipart/form-data; boundary={boundary}"), bytes))
            }
            ("POST", "/dossiers/{id}/commune-report") => {
                let mut pairs = vec![("meeting_on".to_owned(), day(-1))];
                for c in &ocop_domain::evaluation::LegalBases::official().commune_criteria {
                    pairs.push((format!("finding_{}", c.code), "Đạt".to_owned()));
                }
                let pairs: Vec<(&str, String)> = pairs.iter().map(|(k, v)| (k.as_str(), v.clone())).collect();
                form(&pairs)
            }
            ("POST", "/dossiers/{id}/return-by-commune" | "/dossiers/{id}/return") => {
                form(&[("reasons", "Thiếu phiếu kiểm nghiệm".to_owned())])
            }
            (
                "POST",
                "/dossiers/{id}/submit"
                | "/dossiers/{id}/receive"
                | "/dossiers/{id}/propose"
                | "/dossiers/{id}/start-check"
                | "/dossiers/{id}/find-eligible",
            ) => form(&[("note", String::new())]),
            ("POST", "/certificates/{id}/suspend") => {
                form(&[("suspended_on", day(0)), ("note", "Kiểm tra chất lượng".to_owned())])
            }
            ("POST", "/certificates/signals/reports/{id}/status") => form(&[
                ("status", "forwarded".to_owned()),
                ("reason", "Chuyển Chi cục Quản lý thị trường".to_owned()),
            ]),
            ("POST", "/certificates/{id}/revoke") => form(&[
                ("ground", "production_stopped".to_owned()),
                ("ground_text", String::new()),
                ("decision_number", format!("G{seed}/QĐ-UBND")),
                ("decided_on", day(0)),
                ("issuer_name", issuer(province).to_owned()),
            ]),
            ("POST", "/api/v1/criteria-sets") => json_body(qd1048_json()),
            ("POST", "/api/v1/programme/directives/preview") => json_body(json!({
                "text": "1. Phòng Kinh tế xã:\n- Rà soát sản phẩm hết hạn trước ngày 20/4/2026.\n",
            })),
            ("POST", "/api/v1/programme/directives") => json_body(json!({
                "unit_id": commune_id, "issuer": "UBND xã", "title": format!("Công văn {seed}"),
                "tasks": [{ "title": "Hoàn thiện hồ sơ", "responsible": "agriculture", "deadline": "month:2026-05" }],
                "targets": [{ "kind": "new_products", "count": 2 }], "plan_year": 2026,
            })),
            ("POST", "/api/v1/programme/tasks/{id}/complete") => json_body(json!({ "row_version": 1 })),
            ("POST", "/api/v1/programme/tasks/{id}/comments") => json_body(json!({ "body": "Đã đôn đốc" })),
            ("POST", "/api/v1/programme/plans") => {
                self.plan_year += 1;
                json_body(json!({ "unit_id": commune_id, "year": self.plan_year,
                                  "targets": [{ "kind": "certified", "count": 3, "min_stars": 4 }] }))
            }
            ("POST", "/api/v1/programme/plans/{id}/targets") => json_body(json!({ "kind": "recertified", "count": 2 })),
            ("POST", "/api/v1/programme/targets/{id}/progress") => json_body(json!({ "value": 12 })),
            ("POST", "/api/v1/programme/tasks") => json_body(json!({
                "unit_id": commune_id, "title": format!("Rà soát sản phẩm {seed}"), "responsible": "agriculture",
                "deadline": "month:2026-05", "producer_id": producer_id,
            })),
            ("PUT", "/api/v1/programme/tasks/{id}") => json_body(json!({
                "title": "Rà soát lại sản phẩm", "responsible": "commune_committee", "deadline": "ongoing", "row_version": 1,
            })),
            ("POST", "/api/v1/programme/events") => json_body(json!({
                "unit_id": commune_id, "kind": "exhibition", "name": format!("Triển lãm {seed}"), "place": "Hà Nội",
                "starts_on": day(-12), "ends_on": day(-10),
            })),
            ("POST", "/api/v1/programme/events/{id}/participants") => json_body(json!({ "producer_id": producer_id })),
            ("POST", "/api/v1/programme/trainings") => json_body(json!({
                "unit_id": commune_id, "title": format!("Tập huấn OCOP {seed}"), "starts_on": day(-5), "officials": 12, "others": 30,
            })),
            ("POST", "/api/v1/programme/supports") => json_body(json!({
                "unit_id": commune_id, "producer_id": producer_id, "amount_vnd": 50_000_000, "source": "local_budget",
                "purpose": "Hỗ trợ thiết kế bao bì", "disbursed_on": day(-3),
            })),
            ("POST", "/api/v1/products/{id}/revenues") => {
                use chrono::Datelike;
                json_body(json!({ "year": today_plus(0).year() - 1, "revenue_vnd": 1_250_500_000_i64 }))
            }
            ("POST", "/programme/tasks") => form(&[
                ("unit_id", commune_id.to_owned()),
                ("title", format!("Hoàn thiện hồ sơ {seed}")),
                ("responsible", "commune_committee".to_owned()),
                ("due", "20/04/2026".to_owned()),
                ("producer_id", producer_id.clone()),
            ]),
            ("POST", "/programme/tasks/{id}/edit") => form(&[
                ("title", "Rà soát lại".to_owned()),
                ("responsible", "agriculture".to_owned()),
                ("due", String::new()),
                ("row_version", "1".to_owned()),
            ]),
            ("POST", "/programme/events") => form(&[
                ("unit_id", commune_id.to_owned()),
                ("kind", "fair".to_owned()),
                ("name", format!("Hội chợ {seed}")),
                ("place", "Nhà văn hóa".to_owned()),
                ("starts_on", day(-8)),
            ]),
            ("POST", "/programme/events/{id}/participants") => form(&[("producer_id", producer_id.clone())]),
            ("POST", "/programme/trainings") => form(&[
                ("unit_id", commune_id.to_owned()),
                ("title", format!("Tập huấn {seed}")),
                ("starts_on", day(-6)),
                ("officials", "9".to_owned()),
            ]),
            ("POST", "/programme/supports") => form(&[
                ("unit_id", commune_id.to_owned()),
                ("producer_id", producer_id.clone()),
                ("amount", "50.000.000".to_owned()),
                ("source", "central_budget".to_owned()),
                ("purpose", "Hỗ trợ kiểm nghiệm".to_owned()),
                ("disbursed_on", day(-2)),
            ]),
            ("POST", "/products/{id}/revenues") => {
                use chrono::Datelike;
                form(&[
                    ("year", (today_plus(0).year() - 1).to_string()),
                    ("revenue_million", "1.250,5".to_owned()),
                ])
            }
            ("POST", "/programme/import") => form(&[
                ("unit_id", commune_id.to_owned()),
                (
                    "text",
                    "1. UBND xã:\n- Rà soát sản phẩm trước ngày 20/4/2026.\n".to_owned(),
                ),
            ]),
            ("POST", "/programme/import/confirm") => form(&[
                ("unit_id", commune_id.to_owned()),
                ("issuer", "UBND xã".to_owned()),
                ("title", format!("Thông báo {seed}")),
                ("text", String::new()),
                ("task_0_keep", "on".to_owned()),
                ("task_0_title", "Rà soát sản phẩm".to_owned()),
                ("task_0_responsible", "commune_committee".to_owned()),
                ("task_0_deadline", "by:2026-04-20".to_owned()),
                ("task_0_details", String::new()),
            ]),
            ("POST", "/programme/tasks/{id}/complete") => form(&[("row_version", "1".to_owned())]),
            ("POST", "/programme/tasks/{id}/comments") => form(&[("body", "Đã đôn đốc".to_owned())]),
            ("POST", "/api/v1/criteria-sets/{id}/publish") => json_body(json!({})),
            ("POST", "/api/v1/councils") if central => json_body(json!({
                "name": format!("Hội đồng quốc gia {seed}"), "level": "central", "unit_id": "",
                "decision_number": format!("{seed}/QĐ-BNNMT"), "decision_date": day(-30),
            })),
            ("POST", "/api/v1/councils") => json_body(json!({
                "name": format!("Hội đồng {seed}"), "level": "province", "unit_id": format!("2025/province/{province}"),
                "decision_number": format!("{seed}/QĐ-UBND"), "decision_date": day(-30),
            })),
            ("POST", "/councils") => form(&[
                ("name", format!("Hội đồng {seed}")),
                ("level", if central { "central" } else { "province" }.into()),
                (
                    "unit_id",
                    if central {
                        String::new()
                    } else {
                        format!("2025/province/{province}")
                    },
                ),
                ("decision_number", format!("{seed}/QĐ-UBND")),
                ("decision_date", day(-30)),
            ]),
            ("POST", "/api/v1/councils/{id}/members") => json_body(json!({
                "user_id": self.council_accounts[seat_key].1, "full_name": "Thành viên mới", "role": "member",
                "agency": "Sở Công Thương",
            })),
            ("POST", "/councils/{id}/members") => form(&[
                ("username", format!("hd.spare.{seat_key}")),
                ("full_name", "Thành viên mới".into()),
                ("role", "member".into()),
                ("agency", "Sở Công Thương".into()),
            ]),
            ("POST", "/api/v1/batches") | ("POST", "/batches") => {
                let (council, _) = self.council(t, username).await;
                let fields = [
                    ("council_id", council),
                    ("name", format!("Đợt {seed}")),
                    ("starts_on", day(-20)),
                    ("ends_on", day(20)),
                    ("meeting_on", day(0)),
                ];
                if row.kind == "api" {
                    json_body(Value::Object(
                        fields.into_iter().map(|(k, v)| (k.to_owned(), json!(v))).collect(),
                    ))
                } else {
                    form(&fields)
                }
            }
            ("POST", "/api/v1/batches/{id}/dossiers") => json_body(json!({ "dossier_id": fixture_dossier })),
            ("POST", "/batches/{id}/schedule") => form(&[("dossier_id", fixture_dossier.clone())]),
            ("POST", "/api/v1/batches/{id}/send") => json_body(json!({ "sent_on": day(-14) })),
            ("POST", "/batches/{id}/send") => form(&[("sent_on", day(-14))]),
            (
                "POST",
                "/api/v1/batches/{id}/open"
                | "/api/v1/batches/{id}/close"
                | "/api/v1/batches/{id}/dossiers/{dossier_id}/submit",
            ) => json_body(json!({})),
            ("POST", "/batches/{id}/open" | "/batches/{id}/close" | "/batches/{id}/dossiers/{dossier_id}/submit") => {
                form(&[])
            }
            ("POST", "/api/v1/batches/{id}/minutes") => json_body(json!({ "minutes": "Họp đủ thành phần." })),
            ("POST", "/api/v1/batches/{id}/withdraw-decision") => json_body(json!({
                "number": format!("W{seed}/QĐ-UBND"), "decided_on": day(0), "reason": "Ghi sai số quyết định",
            })),
            ("POST", "/batches/{id}/withdraw-decision") => form(&[
                ("number", format!("W{seed}/QĐ-UBND")),
                ("decided_on", day(0)),
                ("reason", "Ghi sai số quyết định".to_owned()),
            ]),
            ("POST", "/api/v1/batches/{id}/attendance") => json_body(json!({
                "attendance": members_present
                    .iter()
                    .map(|m| json!({ "member_id": m, "presence": "present" }))
                    .collect::<Vec<_>>(),
            })),
            ("POST", "/batches/{id}/attendance") => {
                let keys: Vec<String> = members_present.iter().map(|m| format!("presence_{m}")).collect();
                let pairs: Vec<(&str, String)> = keys.iter().map(|k| (k.as_str(), "present".to_owned())).collect();
                form(&pairs)
            }
            ("POST", "/batches/{id}/minutes") => form(&[("minutes", "Họp đủ thành phần.".to_owned())]),
            ("POST", "/api/v1/batches/{id}/recognise") if central => json_body(json!({
                "decision": ministry_decision(&format!("B{seed}/QĐ-BNNMT"), &day(0)),
            })),
            ("POST", "/api/v1/batches/{id}/recognise") => json_body(json!({
                "decision": decision(&format!("B{seed}/QĐ-UBND"), province, &day(0)),
            })),
            ("POST", "/batches/{id}/recognise") => form(&[
                ("number", format!("B{seed}/QĐ-UBND")),
                ("decided_on", day(0)),
                (
                    "issuer_name",
                    if central {
                        "Bộ Nông nghiệp và Môi trường"
                    } else {
                        issuer(province)
                    }
                    .to_owned(),
                ),
                ("issuer_level", if central { "ministry" } else { "province" }.into()),
                ("legal_basis", "qd148".into()),
            ]),
            ("POST", "/api/v1/batches/{id}/dossiers/{dossier_id}/answers") => {
                json_body(json!({ "criterion": "1.1", "option": 1, "comment": "" }))
            }
            ("POST", "/batches/{id}/dossiers/{dossier_id}/sheet") => form(&[]),
            ("POST", "/batches/{id}/dossiers/{dossier_id}/answer") => {
                form(&[("criterion", "1.1".to_owned()), ("option", "1".to_owned())])
            }
            ("POST", "/api/v1/batches/{id}/dossiers/{dossier_id}/recusal") => {
                json_body(json!({ "reason": "employer", "note": "" }))
            }
            ("POST", "/batches/{id}/dossiers/{dossier_id}/recusal") => form(&[("reason", "employer".to_owned())]),
            ("POST", "/api/v1/batches/{id}/dossiers/{dossier_id}/rounds") => {
                json_body(json!({ "reason": "tests_pending", "discussion": "Chờ kết quả kiểm nghiệm." }))
            }
            ("POST", "/batches/{id}/dossiers/{dossier_id}/rounds") => form(&[
                ("reason", "tests_pending".to_owned()),
                ("discussion", "Chờ kết quả kiểm nghiệm.".to_owned()),
            ]),
            // The walk's dossier is on the QĐ 1048 sheet, which has no disqualifiers: recording
            // none (clearing) is the valid request.
            ("POST", "/api/v1/batches/{id}/dossiers/{dossier_id}/disqualifiers") => json_body(json!({ "found": [] })),
            ("POST", "/batches/{id}/dossiers/{dossier_id}/disqualifiers") => form(&[]),
            ("POST", "/api/v1/criteria-sets/import") => Some((
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_owned(),
                ocop_service::criteria_xlsx::write(&ocop_domain::evaluation::CriteriaSet::qd1048_fresh_produce()),
            )),
            ("POST", "/criteria-sets/{id}/publish") => form(&[]),
            ("POST", "/criteria-sets") => {
                let boundary = "ocopboundary";
                let mut bytes = format!(
                    "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.xlsx\"\r\nContent-Type: application/octet-stream\r\n\r\n"
                )
                .into_bytes();
                bytes.extend_from_slice(&ocop_service::criteria_xlsx::write(
                    &ocop_domain::evaluation::CriteriaSet::qd1048_fresh_produce(),
                ));
                bytes.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
                Some((format!("multipart/form-data; boundary={boundary}"), bytes))
            }
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
                "crates/web/tests/web/access.rs has no valid request body for {method} {path}: add one, so the walk reaches the access rules"
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

/// One role walks every row of the table against a world of its own, so each role is a
/// test of its own and nextest runs the eight walks side by side.
async fn walk(role: &str) {
    let app = TestApp::spawn().await;
    common::publish_sample_sheets(&app).await;
    let mut world = World::build(&app).await;
    let own_producer: uuid::Uuid = world.targets[0].producer_id.parse().unwrap();
    let rows = walk_order(&table());
    let mut wrongly_allowed = Vec::new();
    let mut wrongly_refused = Vec::new();
    let mut requests = 0;
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
        if !checked_session && (row.path.ends_with("login") || row.path.ends_with("logout")) && row.method == "POST" {
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
            let request = world.request(row, t, &username).await;
            let (path, body) = &request;
            let body = body.as_ref().map(|(ct, bytes)| (ct.as_str(), bytes.clone()));
            let response = client.request(&row.method, path, body, true).await;
            requests += 1;
            let ok = succeeded(&response);
            if !ok {
                world.keep_unspent(row, t, &username, request);
            }
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
    assert!(requests > 60, "only {requests} requests walked");
    eprintln!("access walk of {role}: {requests} requests, {} rows", rows.len());
}

macro_rules! walks {
    ($($name:ident => $role:literal),* $(,)?) => {
        $(
            #[tokio::test]
            async fn $name() {
                walk($role).await;
            }
        )*

        /// Every role of [`ROLES`] has its walk above.
        #[test]
        fn every_role_has_a_walk() {
            assert_eq!([$($role),*], ROLES);
        }
    };
}

walks! {
    anonymous_meets_exactly_what_the_table_allows => "anonymous",
    producer_meets_exactly_what_the_table_allows => "producer",
    commune_officer_meets_exactly_what_the_table_allows => "commune_officer",
    province_officer_meets_exactly_what_the_table_allows => "province_officer",
    council_member_meets_exactly_what_the_table_allows => "council_member",
    council_secretary_meets_exactly_what_the_table_allows => "council_secretary",
    central_officer_meets_exactly_what_the_table_allows => "central_officer",
    administrator_meets_exactly_what_the_table_allows => "administrator",
}
