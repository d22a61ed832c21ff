//! Hostile-input hygiene (issue 12, items 9 and 10): the password policy, the CSRF token
//! bound to the session and never read from the query string, photos decoded before they
//! are stored, and an OpenAPI document whose schema names are unique and whose query
//! parameters are query parameters.

use crate::common;

use std::collections::BTreeMap;
use std::path::Path;

use common::{TestApp, TestClient, TestResponse, producer_body, tax_code};
use serde_json::{Value, json};

const CAM_XUYEN_NEW: &str = "2025/commune/18673";

/// A whole 1 × 1 PNG.
const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89\
    \0\0\0\rIDATx\x9cc\xf8\xcf\xc0\xf0\x1f\0\x05\0\x01\xff\x89\x99=\x1d\0\0\0\0IEND\xaeB`\x82";

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// The 1 × 1 PNG whose header claims `width` × `height` (its CRC fixed, no pixels for it).
fn png_claiming(width: u32, height: u32) -> Vec<u8> {
    let mut png = PNG.to_vec();
    png[16..20].copy_from_slice(&width.to_be_bytes());
    png[20..24].copy_from_slice(&height.to_be_bytes());
    let crc = crc32(&png[12..29]);
    png[29..33].copy_from_slice(&crc.to_be_bytes());
    png
}

async fn product_of(admin: &mut TestClient) -> String {
    let producer = admin
        .post_json(
            "/api/v1/producers",
            &producer_body("Công ty TNHH Vệ Sinh", &tax_code(31), CAM_XUYEN_NEW),
        )
        .await;
    assert_eq!(producer.status, 201, "{}", producer.text);
    let product = admin
        .post_json(
            "/api/v1/products",
            &json!({ "name": "Mật ong Vệ Sinh", "producer_id": producer.json()["id"], "product_set_code": "I.4.a", "commune_id": CAM_XUYEN_NEW }),
        )
        .await;
    assert_eq!(product.status, 201, "{}", product.text);
    product.json()["id"].as_str().unwrap().to_owned()
}

fn multipart(fields: &[(&str, Option<&str>, &[u8])]) -> (String, Vec<u8>) {
    let boundary = "hygieneboundary";
    let mut body = Vec::new();
    for (name, filename, bytes) in fields {
        body.extend_from_slice(format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"").as_bytes());
        if let Some(filename) = filename {
            body.extend_from_slice(format!("; filename=\"{filename}\"\r\nContent-Type: image/png").as_bytes());
        }
        body.extend_from_slice(b"\r\n\r\n");
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

// --- passwords -------------------------------------------------------------------

#[tokio::test]
async fn common_repeated_and_own_name_passwords_are_refused_with_advice() {
    let app = TestApp::spawn().await;
    let mut admin = app.login_as("quantri.matkhau", "administrator", None, None).await;
    let create = |password: &str| {
        json!({ "username": "canbo.tinh", "display_name": "Nguyễn Văn Thành", "password": password,
                "role": "province_officer", "scope_unit_id": "2025/province/42" })
    };
    for weak in [
        "aaaaaaaaaa",
        "1234567890",
        "          ",
        "Password123!",
        "canbotinh2026",
        "nguyenvanthanh1",
    ] {
        let r = admin.post_json("/api/v1/users", &create(weak)).await;
        assert_eq!(r.status, 422, "{weak:?} was accepted: {}", r.text);
        assert_eq!(
            r.field_codes(),
            vec![("password".to_owned(), "weak_password".to_owned())],
            "{weak:?}"
        );
        let message = r.json()["error"]["fields"][0]["message"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        assert!(message.contains("dễ đoán") && message.contains("ghép"), "{message}");
    }
    let created = admin.post_json("/api/v1/users", &create("mây-xanh-bàn-gỗ-2026")).await;
    assert_eq!(created.status, 201, "{}", created.text);

    // A reset is held to the same policy, with the account's own names.
    let path = format!("/api/v1/users/{}/password", created.json()["id"].as_str().unwrap());
    let weak = admin
        .post_json(&path, &json!({ "password": "Nguyễn Văn Thành 1" }))
        .await;
    assert_eq!(weak.status, 422, "{}", weak.text);
    assert_eq!(
        weak.field_codes(),
        vec![("password".to_owned(), "weak_password".to_owned())]
    );
    let fine = admin.post_json(&path, &json!({ "password": "ocop-demo-2026" })).await;
    assert_eq!(fine.status, 200, "{}", fine.text);
}

// --- CSRF ------------------------------------------------------------------------

#[tokio::test]
async fn the_token_is_never_taken_from_the_query_string() {
    let app = TestApp::spawn().await;
    let mut user = app.login_as("quantri.query", "administrator", None, None).await;
    let token = user.csrf_token().await;
    let r = user
        .request("POST", &format!("/api/v1/auth/logout?_csrf={token}"), None, false)
        .await;
    assert_eq!(r.status, 403, "{}", r.text);
    assert_eq!(r.error_code(), "csrf_failed");
    assert_eq!(user.get("/api/v1/auth/me").await.status, 200, "the session survived");

    // Anonymous: the double-submit cookie in the query string is refused too.
    let mut anonymous = app.client();
    let _ = anonymous.get("/login").await;
    let cookie = anonymous.cookies.get("ocop_csrf").cloned().expect("csrf cookie");
    let r = anonymous
        .request(
            "POST",
            &format!("/login?_csrf={cookie}"),
            Some((
                "application/x-www-form-urlencoded",
                b"username=a&password=bbbbbbbbbbbb".to_vec(),
            )),
            false,
        )
        .await;
    assert_eq!(r.status, 403, "{}", r.text);
}

#[tokio::test]
async fn a_planted_cookie_does_not_make_a_token_once_logged_in() {
    let app = TestApp::spawn().await;
    let mut user = app.login_as("quantri.planted", "administrator", None, None).await;
    // A cookie planted by a sibling site, and the same value as the token.
    let planted = "b".repeat(64);
    user.cookies.insert("ocop_csrf".to_owned(), planted.clone());
    let r = user
        .request_with_extra(
            "POST",
            "/api/v1/auth/logout",
            None,
            false,
            &[("x-csrf-token", &planted)],
        )
        .await;
    assert_eq!(r.status, 403, "{}", r.text);
    assert_eq!(
        user.get("/api/v1/auth/me").await.status,
        200,
        "the cross-site logout worked"
    );

    // The session's own token works, whatever the cookie says.
    let token = user.csrf_token().await;
    assert_ne!(token, planted);
    let r = user
        .request_with_extra("POST", "/api/v1/auth/logout", None, false, &[("x-csrf-token", &token)])
        .await;
    assert_eq!(r.status, 204, "{}", r.text);
    assert_eq!(user.get("/api/v1/auth/me").await.status, 401);
}

#[tokio::test]
async fn the_token_rotates_at_login_and_the_login_answer_carries_the_new_one() {
    let app = TestApp::spawn().await;
    let _ = app.login_as("quantri.rotate", "administrator", None, None).await;
    let mut client = app.client();
    let before = client.csrf_token().await;
    let login = client
        .post_json(
            "/api/v1/auth/login",
            &json!({ "username": "quantri.rotate", "password": common::PASSWORD }),
        )
        .await;
    assert_eq!(login.status, 200, "{}", login.text);
    let after = login.headers["x-csrf-token"].to_str().unwrap().to_owned();
    assert_ne!(after, before, "the token did not change at login");
    let asked = client.get("/api/v1/auth/csrf").await.json()["csrf_token"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(asked, after);

    // The token from before the login no longer passes.
    let stale = client
        .request_with_extra(
            "POST",
            "/api/v1/producers",
            Some((
                "application/json",
                producer_body("Công ty Cũ", &tax_code(32), CAM_XUYEN_NEW)
                    .to_string()
                    .into_bytes(),
            )),
            false,
            &[("x-csrf-token", &before)],
        )
        .await;
    assert_eq!(stale.status, 403, "{}", stale.text);
    assert_eq!(stale.error_code(), "csrf_failed");
    let fresh = client
        .post_json(
            "/api/v1/producers",
            &producer_body("Công ty Mới", &tax_code(33), CAM_XUYEN_NEW),
        )
        .await;
    assert_eq!(fresh.status, 201, "{}", fresh.text);

    // Logging out hands back an anonymous token that the login form accepts.
    let out = client.request("POST", "/api/v1/auth/logout", None, true).await;
    assert_eq!(out.status, 204, "{}", out.text);
    let anonymous = out.headers["x-csrf-token"].to_str().unwrap().to_owned();
    assert_eq!(Some(&anonymous), client.cookies.get("ocop_csrf"));
}

#[tokio::test]
async fn a_multipart_form_carries_its_token_in_the_body() {
    let app = TestApp::spawn().await;
    let mut admin = app.login_as("quantri.mp", "administrator", None, None).await;
    let product_id = product_of(&mut admin).await;
    let page = admin.get(&format!("/products/{product_id}")).await;
    let token = admin.csrf_token().await;
    assert!(
        page.text.contains(&format!("name=\"_csrf\" value=\"{token}\"")),
        "the photo form embeds the session's token"
    );
    assert!(!page.text.contains("?_csrf="), "no page puts the token in a URL");

    let path = format!("/products/{product_id}/photos");
    let (content_type, body) = multipart(&[("_csrf", None, token.as_bytes()), ("photo", Some("a.png"), PNG)]);
    let r = admin.request("POST", &path, Some((&content_type, body)), false).await;
    assert_eq!(r.status, 303, "{}", r.text);

    let (content_type, body) = multipart(&[("photo", Some("a.png"), PNG)]);
    let r = admin.request("POST", &path, Some((&content_type, body)), false).await;
    assert_eq!(r.status, 403, "a multipart form without a token: {}", r.text);
}

// --- photos ----------------------------------------------------------------------

fn refused_field(r: &TestResponse) -> (u16, Vec<(String, String)>) {
    (r.status, r.field_codes())
}

#[tokio::test]
async fn photos_that_do_not_decode_or_are_too_large_are_refused_on_the_photo_field() {
    let app = TestApp::spawn().await;
    let mut admin = app.login_as("quantri.anh", "administrator", None, None).await;
    let product_id = product_of(&mut admin).await;
    let photos = format!("/api/v1/products/{product_id}/photos");
    let field = |code: &str| (422, vec![("photo".to_owned(), code.to_owned())]);

    // An 8-byte PNG signature, a PNG cut short, a JPEG that is only its header.
    for (what, bytes) in [
        ("signature", b"\x89PNG\r\n\x1a\n".to_vec()),
        ("truncated", PNG[..45].to_vec()),
        (
            "jpeg header",
            b"\xFF\xD8\xFF\xE0\0\x10JFIF\0\x01\x01\0\0\x01\0\x01\0\0".to_vec(),
        ),
    ] {
        let r = admin.post_bytes(&photos, "image/png", bytes).await;
        assert_eq!(refused_field(&r), field("invalid_image"), "{what}: {}", r.text);
    }
    // Sides beyond 12,000 px, and 11,000 × 11,000 (484 MB decoded): a decompression bomb.
    for (width, height) in [(20_000, 20_000), (12_001, 1), (11_000, 11_000)] {
        let r = admin
            .post_bytes(&photos, "image/png", png_claiming(width, height))
            .await;
        assert_eq!(
            refused_field(&r),
            field("image_too_large"),
            "{width}×{height}: {}",
            r.text
        );
    }
    let photo_ids = |product: Value| product["photo_ids"].as_array().expect("photo_ids").len();
    let product = format!("/api/v1/products/{product_id}");
    assert_eq!(
        photo_ids(admin.get(&product).await.json()),
        0,
        "a refused photo was stored"
    );

    let stored = admin.post_bytes(&photos, "image/png", PNG.to_vec()).await;
    assert_eq!(stored.status, 201, "{}", stored.text);
    assert_eq!(photo_ids(admin.get(&product).await.json()), 1);
}

// --- OpenAPI -----------------------------------------------------------------------

/// Every `#[derive(… ToSchema …)]` type in the crates' sources under the name utoipa gives
/// it (`#[schema(as = …)]` when present), with where it is. utoipa keeps one schema per
/// name, so two types with one name silently replace each other in the document.
fn schema_names() -> BTreeMap<String, Vec<String>> {
    fn walk(dir: &Path, out: &mut BTreeMap<String, Vec<String>>) {
        for entry in std::fs::read_dir(dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let source = std::fs::read_to_string(&path).unwrap();
                let (mut derives, mut alias) = (false, None::<String>);
                for line in source.lines().map(str::trim) {
                    if line.starts_with("#[") {
                        derives |= line.contains("derive") && line.contains("ToSchema");
                        if let Some(rest) = line.split("schema(as = ").nth(1) {
                            alias = Some(rest.split([')', ',']).next().unwrap().trim().to_owned());
                        }
                        continue;
                    }
                    if line.is_empty() || line.starts_with("//") {
                        continue;
                    }
                    if derives {
                        let words: Vec<&str> = line.split_whitespace().collect();
                        if let Some(i) = words.iter().position(|w| *w == "struct" || *w == "enum") {
                            let name = words[i + 1].split(['<', '(', '{', ';']).next().unwrap().to_owned();
                            let name = alias.take().unwrap_or(name);
                            // A macro's template (`struct $name`): its instances carry their own names.
                            if name.starts_with('$') {
                                derives = false;
                                continue;
                            }
                            out.entry(name).or_default().push(path.display().to_string());
                        }
                    }
                    derives = false;
                    alias = None;
                }
            }
        }
    }
    let mut names = BTreeMap::new();
    for krate in ["domain", "service", "web"] {
        walk(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(krate).join("src"),
            &mut names,
        );
    }
    names
}

#[test]
fn every_schema_name_belongs_to_one_type() {
    let names = schema_names();
    assert!(names.len() > 100, "the scan found only {} schema types", names.len());
    let shared: Vec<String> = names
        .iter()
        .filter(|(_, places)| places.len() > 1)
        .map(|(name, places)| format!("{name}: {}", places.join(", ")))
        .collect();
    assert!(
        shared.is_empty(),
        "schema names used by more than one type (rename one with #[schema(as = …)]):\n{}",
        shared.join("\n")
    );
}

async fn openapi() -> Value {
    let app = TestApp::spawn().await;
    app.client().get("/api/openapi.json").await.json()
}

fn body_schema(doc: &Value, path: &str) -> String {
    doc["paths"][path]["post"]["requestBody"]["content"]["application/json"]["schema"]["$ref"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

#[tokio::test]
async fn same_named_types_have_their_own_schemas() {
    let doc = openapi().await;
    assert_eq!(
        body_schema(&doc, "/api/v1/business-plans"),
        "#/components/schemas/BusinessPlanInput"
    );
    assert_eq!(
        body_schema(&doc, "/api/v1/programme/plans"),
        "#/components/schemas/ProgrammePlanInput"
    );
    assert_eq!(
        body_schema(&doc, "/api/v1/ideas/{id}/accept"),
        "#/components/schemas/CycleAnswerInput"
    );
    let schemas = &doc["components"]["schemas"];
    for name in [
        "BusinessPlanInput",
        "ProgrammePlanInput",
        "BusinessPlanDto",
        "ProgrammePlanDto",
        "CycleAnswerInput",
        "ScoreAnswerInput",
    ] {
        assert!(schemas[name].is_object(), "{name} is not in the document");
    }
    assert!(schemas["BusinessPlanInput"]["properties"]["lines"].is_object());
    assert!(schemas["ProgrammePlanInput"]["properties"]["unit_id"].is_object());
    assert!(schemas["ScoreAnswerInput"]["properties"]["criterion"].is_object());
    for gone in ["PlanInput", "PlanDto", "AnswerInput"] {
        assert!(schemas[gone].is_null(), "{gone} is still a schema name");
    }
}

#[tokio::test]
async fn path_parameters_are_in_the_path_and_the_rest_in_the_query() {
    let doc = openapi().await;
    let mut wrong = Vec::new();
    for (path, operations) in doc["paths"].as_object().unwrap() {
        for (method, operation) in operations.as_object().unwrap() {
            let parameters: Vec<(&str, &str)> = operation["parameters"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|p| {
                    (
                        p["name"].as_str().unwrap_or_default(),
                        p["in"].as_str().unwrap_or_default(),
                    )
                })
                .collect();
            // Every path parameter is a `{name}` of the template …
            for (name, placed) in &parameters {
                if *placed == "path" && !path.contains(&format!("{{{name}}}")) {
                    wrong.push(format!("{method} {path}: {name} documented in the path"));
                }
            }
            // … and every `{name}` of the template a path parameter (a query filter may
            // share its name, as `level` of the children of a unit does).
            for variable in path
                .split('{')
                .skip(1)
                .filter_map(|rest| rest.split_once('}'))
                .map(|(v, _)| v)
            {
                if !parameters.contains(&(variable, "path")) {
                    wrong.push(format!("{method} {path}: {{{variable}}} is not a path parameter"));
                }
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    let dashboard = doc["paths"]["/api/v1/programme/dashboard"]["get"]["parameters"]
        .as_array()
        .unwrap();
    let unit = dashboard.iter().find(|p| p["name"] == "unit_id").expect("unit_id");
    assert_eq!(unit["in"], "query");
}
