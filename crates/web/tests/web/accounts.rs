//! Hardened accounts: password reset by an administrator, the absolute
//! session lifetime; and `/metrics`.

use crate::common;

use chrono::Duration;
use common::{PASSWORD, TestApp};
use ocop_storage::entities::session;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::json;

#[tokio::test]
async fn an_administrator_resets_a_password_and_ends_the_sessions() {
    let app = TestApp::spawn().await;
    let mut admin = app.login_as("quantri", "administrator", None, None).await;
    let mut user = app
        .login_as("canbo.tinh", "province_officer", Some("2025/province/42"), None)
        .await;
    let user_id = user.get("/api/v1/auth/me").await.json()["user_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let path = format!("/api/v1/users/{user_id}/password");

    assert_eq!(
        user.post_json(&path, &json!({ "password": "mot-mat-khau-moi" }))
            .await
            .status,
        403
    );
    let weak = admin.post_json(&path, &json!({ "password": "ngan" })).await;
    assert_eq!(weak.status, 422);
    assert_eq!(
        weak.field_codes(),
        vec![("password".to_owned(), "weak_password".to_owned())]
    );
    let unknown = admin
        .post_json(
            &format!("/api/v1/users/{}/password", uuid::Uuid::now_v7()),
            &json!({ "password": "mot-mat-khau-moi" }),
        )
        .await;
    assert_eq!(unknown.status, 404);

    let reset = admin.post_json(&path, &json!({ "password": "mot-mat-khau-moi" })).await;
    assert_eq!(reset.status, 200, "{}", reset.text);
    assert_eq!(reset.json()["sessions_ended"], 1);
    assert_eq!(user.get("/api/v1/auth/me").await.status, 401, "the session ended");
    let login = |password: &'static str| json!({ "username": "canbo.tinh", "password": password });
    assert_eq!(
        app.client()
            .post_json("/api/v1/auth/login", &login(PASSWORD))
            .await
            .status,
        401
    );
    assert_eq!(
        app.client()
            .post_json("/api/v1/auth/login", &login("mot-mat-khau-moi"))
            .await
            .status,
        200
    );

    let trail = admin.get("/api/v1/audit?action=user.password.reset").await.json();
    assert_eq!(trail["total"], 1);
    let entry = &trail["items"][0];
    assert_eq!(entry["entity_id"], user_id.as_str());
    assert_eq!(entry["actor_name"], "quantri");
    assert!(!entry.to_string().contains("mot-mat-khau-moi"));
}

async fn age_sessions(app: &TestApp, created: Duration, last_seen: Duration) {
    let now = ocop_storage::now();
    session::Entity::update_many()
        .col_expr(session::Column::CreatedAt, Expr::value(now - created))
        .col_expr(session::Column::LastSeenAt, Expr::value(now - last_seen))
        .filter(session::Column::RevokedAt.is_null())
        .exec(app.ctx.db.conn())
        .await
        .unwrap();
}

#[tokio::test]
async fn an_active_session_still_ends_after_seven_days() {
    let app = TestApp::spawn().await;
    let mut user = app.login_as("quantri", "administrator", None, None).await;
    // Six days and 23 hours old, used ten minutes ago: still valid, but its
    // slid expiry stops at the seven-day mark, not eight hours from now.
    age_sessions(&app, Duration::days(7) - Duration::hours(1), Duration::minutes(10)).await;
    assert_eq!(user.get("/api/v1/auth/me").await.status, 200);
    let row = session::Entity::find().one(app.ctx.db.conn()).await.unwrap().unwrap();
    assert_eq!(row.expires_at, row.created_at + Duration::days(7));
    // Seven days and a minute, however busy: over.
    age_sessions(&app, Duration::days(7) + Duration::minutes(1), Duration::minutes(1)).await;
    assert_eq!(user.get("/api/v1/auth/me").await.status, 401);
}

#[tokio::test]
async fn metrics_count_requests_per_route_template() {
    let app = TestApp::spawn().await;
    let mut client = app.client();
    let id = uuid::Uuid::now_v7();
    for _ in 0..3 {
        assert_eq!(
            client.get(&format!("/api/v1/producers/{id}?secret=x")).await.status,
            404
        );
    }
    assert_eq!(client.get("/no/such/page").await.status, 404);
    assert_eq!(client.get("/healthz").await.status, 200);
    assert_eq!(client.get("/readyz").await.status, 200);
    let metrics = client.get("/metrics").await;
    assert_eq!(metrics.status, 200);
    assert!(
        metrics.headers["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/plain")
    );
    let text = metrics.text;
    assert!(
        text.contains("ocop_http_requests_total{method=\"GET\",route=\"/api/v1/producers/{id}\",status=\"404\"} 3"),
        "{text}"
    );
    assert!(text.contains("ocop_http_requests_total{method=\"GET\",route=\"unmatched\",status=\"404\"} 1"));
    assert!(
        text.contains("ocop_http_request_duration_seconds_count{method=\"GET\",route=\"/api/v1/producers/{id}\"} 3")
    );
    assert!(!text.contains(&id.to_string()) && !text.contains("secret"));
    assert!(text.contains("# TYPE ocop_http_request_duration_seconds histogram"));
    assert!(text.contains("ocop_db_pool_connections{state=\"open\"}"));
    assert!(text.lines().any(|l| l.starts_with("ocop_db_pool_max_connections ")));
}
