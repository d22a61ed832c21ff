//! The JSON API under `/api/v1`, and its OpenAPI document at `/api/openapi.json`.

pub mod admin_units;
pub mod audit;
pub mod auth;
pub mod certificates;
pub mod criteria_sets;
pub mod extract;
pub mod health;
pub mod producers;
pub mod products;

use axum::routing::{get, post};
use axum::{Json, Router};
use utoipa::OpenApi;

use crate::app::AppState;

/// The OpenAPI document.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "ocop API",
        description = "Chương trình Mỗi xã một sản phẩm (OCOP): administrative units, producers, products, criteria sets, certificates, public verification, catalogue and open data. Errors: `{\"error\": {\"code\", \"message\", \"fields\"}}`; unsafe requests need the `X-CSRF-Token` header from `GET /api/v1/auth/csrf`."
    ),
    paths(
        health::healthz,
        health::readyz,
        crate::metrics::metrics,
        admin_units::list,
        admin_units::detail,
        admin_units::children,
        admin_units::successors,
        producers::list,
        producers::get,
        producers::create,
        producers::update,
        producers::add_certification,
        producers::remove_certification,
        producers::product_sets,
        products::list,
        products::get,
        products::create,
        products::update,
        products::add_photo,
        products::add_point_of_sale,
        products::remove_point_of_sale,
        products::photo,
        auth::csrf,
        auth::login,
        auth::logout,
        auth::me,
        auth::list_users,
        auth::create_user,
        auth::revoke_sessions,
        auth::reset_password,
        audit::list,
        certificates::issue,
        certificates::get,
        certificates::pdf,
        certificates::decision_pdf,
        certificates::renew,
        certificates::upgrade,
        certificates::suspend,
        certificates::revoke,
        certificates::import_csv,
        certificates::worklist,
        certificates::worklist_xlsx,
        certificates::signals,
        certificates::verify,
        certificates::catalogue,
        certificates::open_data_json,
        certificates::open_data_csv,
        criteria_sets::list,
        criteria_sets::get,
        criteria_sets::create,
        criteria_sets::publish,
    ),
    components(schemas(crate::error::ErrorBody, crate::error::ErrorDetail, crate::error::FieldErrorBody))
)]
pub struct ApiDoc;

async fn openapi() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}

/// Every API route.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/healthz", get(health::healthz))
        .route("/readyz", get(health::readyz))
        .route("/metrics", get(crate::metrics::metrics))
        .route("/api/openapi.json", get(openapi))
        .route("/api/v1/admin-units", get(admin_units::list))
        .route("/api/v1/admin-units/{version}/{level}/{code}", get(admin_units::detail))
        .route(
            "/api/v1/admin-units/{version}/{level}/{code}/children",
            get(admin_units::children),
        )
        .route(
            "/api/v1/admin-units/{version}/{level}/{code}/successors",
            get(admin_units::successors),
        )
        .route("/api/v1/product-sets", get(producers::product_sets))
        .route("/api/v1/producers", get(producers::list).post(producers::create))
        .route("/api/v1/producers/{id}", get(producers::get).put(producers::update))
        .route(
            "/api/v1/producers/{id}/certifications",
            post(producers::add_certification),
        )
        .route(
            "/api/v1/producers/{id}/certifications/{certification_id}",
            axum::routing::delete(producers::remove_certification),
        )
        .route("/api/v1/products", get(products::list).post(products::create))
        .route("/api/v1/products/{id}", get(products::get).put(products::update))
        .route("/api/v1/products/{id}/photos", post(products::add_photo))
        .route(
            "/api/v1/products/{id}/points-of-sale",
            post(products::add_point_of_sale),
        )
        .route(
            "/api/v1/products/{id}/points-of-sale/{point_id}",
            axum::routing::delete(products::remove_point_of_sale),
        )
        .route("/api/v1/photos/{id}", get(products::photo))
        .route("/api/v1/auth/csrf", get(auth::csrf))
        .route("/api/v1/auth/login", post(auth::login))
        .route("/api/v1/auth/logout", post(auth::logout))
        .route("/api/v1/auth/me", get(auth::me))
        .route("/api/v1/users", get(auth::list_users).post(auth::create_user))
        .route("/api/v1/users/{id}/revoke-sessions", post(auth::revoke_sessions))
        .route("/api/v1/users/{id}/password", post(auth::reset_password))
        .route("/api/v1/audit", get(audit::list))
        .route("/api/v1/certificates", post(certificates::issue))
        .route("/api/v1/certificates/import", post(certificates::import_csv))
        .route("/api/v1/certificates/worklist", get(certificates::worklist))
        .route("/api/v1/certificates/worklist.xlsx", get(certificates::worklist_xlsx))
        .route("/api/v1/certificates/signals", get(certificates::signals))
        .route("/api/v1/certificates/{id}", get(certificates::get))
        .route("/api/v1/certificates/{id}/pdf", get(certificates::pdf))
        .route(
            "/api/v1/decisions/{id}/certificates.pdf",
            get(certificates::decision_pdf),
        )
        .route("/api/v1/certificates/{id}/renew", post(certificates::renew))
        .route("/api/v1/certificates/{id}/upgrade", post(certificates::upgrade))
        .route("/api/v1/certificates/{id}/suspend", post(certificates::suspend))
        .route("/api/v1/certificates/{id}/revoke", post(certificates::revoke))
        .route("/api/v1/verify/{code}", get(certificates::verify))
        .route("/api/v1/catalogue", get(certificates::catalogue))
        .route("/api/v1/open-data/certificates.json", get(certificates::open_data_json))
        .route("/api/v1/open-data/certificates.csv", get(certificates::open_data_csv))
        .route(
            "/api/v1/criteria-sets",
            get(criteria_sets::list).post(criteria_sets::create),
        )
        .route("/api/v1/criteria-sets/{id}", get(criteria_sets::get))
        .route("/api/v1/criteria-sets/{id}/publish", post(criteria_sets::publish))
}
