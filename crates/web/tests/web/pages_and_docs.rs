//! Pages, headers, the OpenAPI document and health endpoints.

use crate::common;

use common::TestApp;

#[tokio::test]
async fn health_and_openapi_answer() {
    let app = TestApp::spawn().await;
    let mut client = app.client();
    assert_eq!(client.get("/healthz").await.status, 200);
    assert_eq!(client.get("/readyz").await.status, 200);
    let doc = client.get("/api/openapi.json").await.json();
    for path in [
        "/api/v1/admin-units",
        "/api/v1/producers",
        "/api/v1/products",
        "/api/v1/products/{id}/photos",
    ] {
        assert!(doc["paths"][path].is_object(), "{path} documented");
    }
    assert_eq!(client.get("/api/v1/nothing-here").await.status, 404);
    assert_eq!(client.get("/api/v1/nothing-here").await.error_code(), "not_found");
}

#[tokio::test]
async fn the_home_page_is_vietnamese_with_a_search_form_and_strict_headers() {
    let app = TestApp::spawn().await;
    let mut client = app.client();
    let home = client.get("/").await;
    assert_eq!(home.status, 200);
    assert!(home.text.contains("<html lang=\"vi\">"));
    assert!(
        home.text
            .contains("<form role=\"search\" action=\"/products\" method=\"get\"")
    );
    let csp = home.headers["content-security-policy"].to_str().unwrap();
    assert!(
        csp.contains("script-src 'self'") && csp.contains("frame-ancestors 'none'") && !csp.contains("unsafe-inline")
    );
    assert_eq!(home.headers["x-content-type-options"], "nosniff");
    let cookie = home.headers["set-cookie"].to_str().unwrap();
    assert!(cookie.starts_with("ocop_csrf=") && cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"));
    let english = client.get("/?lang=en").await;
    assert!(english.text.contains("<html lang=\"en\">"));
    assert!(
        client.get("/").await.text.contains("<html lang=\"en\">"),
        "the choice is remembered"
    );
    let missing = client.get("/khong-co").await;
    assert_eq!(missing.status, 404);
    for asset in [
        "/assets/vendor/htmx.min.js",
        "/assets/site.css",
        "/assets/vendor/fonts/be-vietnam-pro-vietnamese-400-normal.woff2",
    ] {
        assert_eq!(client.get(asset).await.status, 200, "{asset}");
    }
}

#[tokio::test]
async fn a_form_post_without_the_token_is_refused() {
    let app = TestApp::spawn().await;
    let mut client = app.client();
    let _ = client.get("/login").await;
    let response = client
        .request(
            "POST",
            "/login",
            Some(("application/x-www-form-urlencoded", b"username=a&password=b".to_vec())),
            false,
        )
        .await;
    assert_eq!(response.status, 403);
    let token = client.cookies.get("ocop_csrf").cloned().unwrap();
    let body = format!("_csrf={token}&username=a&password=bbbbbbbbbbbb");
    let response = client
        .request(
            "POST",
            "/login",
            Some(("application/x-www-form-urlencoded", body.into_bytes())),
            false,
        )
        .await;
    assert_eq!(response.status, 401, "token accepted, credentials refused");
    assert!(response.text.contains("Tên đăng nhập hoặc mật khẩu không đúng."));
}

/// The OpenAPI document and the router cannot drift: every API route the router serves is an
/// operation of the document under the same method and template, and the document describes no
/// operation the router does not serve (both come from `api::documented`; `route_table` reads the
/// other routes from the router's own source).
#[tokio::test]
async fn the_openapi_document_describes_exactly_the_api_routes() {
    let app = TestApp::spawn().await;
    let doc = app.client().get("/api/openapi.json").await.json();
    let served: std::collections::BTreeSet<(String, String)> = ocop_web::route_table::route_table()
        .into_iter()
        .filter(|(_, path)| path.starts_with("/api/v1/") || matches!(*path, "/healthz" | "/readyz" | "/metrics"))
        .map(|(method, path)| (method.as_str().to_lowercase(), path.to_owned()))
        .collect();
    let documented: std::collections::BTreeSet<(String, String)> = doc["paths"]
        .as_object()
        .expect("paths")
        .iter()
        .flat_map(|(path, item)| {
            item.as_object()
                .expect("path item")
                .keys()
                .filter(|key| matches!(key.as_str(), "get" | "post" | "put" | "patch" | "delete"))
                .map(|method| (method.clone(), path.clone()))
                .collect::<Vec<_>>()
        })
        .collect();
    let undocumented: Vec<_> = served.difference(&documented).collect();
    let unserved: Vec<_> = documented.difference(&served).collect();
    assert!(
        undocumented.is_empty(),
        "routes missing from the OpenAPI document (register them with .routes(routes!(..)) in api/mod.rs): {undocumented:?}"
    );
    assert!(
        unserved.is_empty(),
        "documented operations no route serves: {unserved:?}"
    );
}

/// Every workflow state the API sends is documented under the name it is sent as (schemathesis
/// found "planned" refused by a schema that listed "Planned").
#[tokio::test]
async fn the_openapi_document_names_states_as_the_api_sends_them() {
    use ocop_domain::cycle::{IdeaState, PlanState};
    use ocop_domain::evaluation::batch::{BatchDossierState, BatchRoute, BatchState, RoundReason};
    let app = TestApp::spawn().await;
    let doc = app.client().get("/api/openapi.json").await.json();
    let schemas = &doc["components"]["schemas"];
    let expected: [(&str, Vec<&str>); 6] = [
        ("BatchState", BatchState::ALL.iter().map(|s| s.as_str()).collect()),
        (
            "BatchDossierState",
            BatchDossierState::ALL.iter().map(|s| s.as_str()).collect(),
        ),
        ("BatchRoute", BatchRoute::ALL.iter().map(|s| s.as_str()).collect()),
        ("RoundReason", RoundReason::ALL.iter().map(|s| s.as_str()).collect()),
        ("IdeaState", IdeaState::ALL.iter().map(|s| s.as_str()).collect()),
        ("PlanState", PlanState::ALL.iter().map(|s| s.as_str()).collect()),
    ];
    let mut seen = 0;
    for (name, names) in expected {
        let Some(schema) = schemas.get(name) else { continue };
        seen += 1;
        let listed: Vec<&str> = schema["enum"]
            .as_array()
            .expect("an enum")
            .iter()
            .filter_map(|v| v.as_str())
            .collect();
        assert_eq!(listed, names, "{name} lists the stored names");
    }
    assert!(seen >= 1, "at least the batch state is documented");
}
