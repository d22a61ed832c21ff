//! Server-rendered pages (askama templates, htmx for partial updates).
//!
//! A list handler renders the full page, or only its results partial when
//! htmx asks (`HX-Request`), so search-as-you-type and Back both work.

pub mod admin_units;
pub mod audit;
pub mod business_plans;
pub mod catalogue;
pub mod central;
pub mod certificates;
pub mod chrome;
pub mod councils;
pub mod criteria_sets;
pub mod cycle;
pub mod dossiers;
pub mod forms;
pub mod gs1;
pub mod home;
pub mod ideas;
pub mod login;
pub mod national;
pub mod oversight;
pub mod producer_form;
pub mod producers;
pub mod product_form;
pub mod products;
pub mod programme;
pub mod programme_records;
pub mod programme_reports;
pub mod status_view;
pub mod unit_choice;
pub mod verify;

use askama::Template;
use axum::Router;
use axum::http::request::Parts;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use ocop_domain::{ErrorCode, Lang};
use ocop_service::ServiceError;

use crate::app::AppState;
use crate::error::PageError;

/// Renders a template, or a 500 page if rendering fails.
pub fn render<T: Template>(template: &T, lang: Lang) -> Response {
    match template.render() {
        Ok(html) => Html(html).into_response(),
        Err(e) => PageError::new(ServiceError::Internal(format!("template: {e}")), lang).into_response(),
    }
}

/// True when htmx made the request (so only a partial is wanted).
pub fn is_htmx(parts: &Parts) -> bool {
    parts.headers.contains_key("hx-request") && !parts.headers.contains_key("hx-history-restore-request")
}

/// Every page route.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(home::page))
        .route("/login", get(login::form).post(login::submit))
        .route("/logout", post(login::logout))
        .route("/products", get(products::list))
        .route("/products/new", get(product_form::new_form).post(product_form::create))
        .route("/products/{id}", get(products::detail))
        .route(
            "/products/{id}/edit",
            get(product_form::edit_form).post(product_form::update),
        )
        .route("/products/{id}/photos", post(product_form::add_photo))
        .route("/products/{id}/points-of-sale", post(product_form::add_point_of_sale))
        .route("/producers", get(producers::list))
        .route(
            "/producers/new",
            get(producer_form::new_form).post(producer_form::create),
        )
        .route("/producers/{id}", get(producers::detail))
        .route(
            "/producers/{id}/edit",
            get(producer_form::edit_form).post(producer_form::update),
        )
        .route("/producers/{id}/certifications", post(producers::add_certification))
        .route("/certificates/notices", get(certificates::notices))
        .route("/certificates/signals", get(certificates::signals))
        .route("/oversight", get(oversight::home))
        .route("/oversight/cases/{id}/inspect", post(oversight::inspect_case))
        .route("/oversight/cases/{id}/close", post(oversight::close_case))
        .route("/oversight/inspections/{id}", get(oversight::inspection))
        .route("/oversight/inspections/{id}/record", post(oversight::record))
        .route("/oversight/inspections/{id}/findings", post(oversight::add_finding))
        .route("/oversight/inspections/{id}/sign-off", post(oversight::sign_off))
        .route("/oversight/findings/{id}/propose", post(oversight::propose))
        .route("/oversight/findings/{id}/decide", post(oversight::decide))
        .route("/oversight/findings/{id}/answer", post(oversight::answer))
        .route(
            "/certificates/signals/reports/{id}/status",
            post(certificates::report_status),
        )
        .route("/certificates/{id}", get(certificates::detail))
        .route("/certificates/{id}/suspend", post(certificates::suspend))
        .route("/certificates/{id}/revoke", post(certificates::revoke))
        .route("/v", get(verify::typed))
        .route("/v/{code}", get(verify::show))
        .route("/v/{code}/report", post(verify::report))
        .route("/catalogue", get(catalogue::list))
        .route("/01/{gtin}", get(gs1::gtin))
        .route("/01/{gtin}/10/{lot}", get(gs1::gtin_lot))
        .route("/admin-units", get(admin_units::list))
        .route("/admin-units/options", get(admin_units::options))
        .route("/admin-units/{version}/{level}/{code}", get(admin_units::detail))
        .route("/criteria-sets", get(criteria_sets::list).post(criteria_sets::upload))
        .route("/criteria-sets/missing", get(criteria_sets::missing))
        .route("/criteria-sets/{id}", get(criteria_sets::detail))
        .route("/criteria-sets/{id}/publish", post(criteria_sets::publish))
        .route("/audit", get(audit::list))
        .route("/audit.csv", get(audit::csv))
        .route("/ideas", get(cycle::list))
        .route("/ideas/new", get(ideas::new_form).post(ideas::create))
        .route("/ideas/{id}", get(ideas::detail))
        .route("/ideas/{id}/accept", post(ideas::accept))
        .route("/ideas/{id}/return", post(ideas::return_idea))
        .route("/ideas/{id}/resubmit", post(ideas::resubmit))
        .route(
            "/business-plans/new",
            get(business_plans::new_form).post(business_plans::create),
        )
        .route("/business-plans/{id}", get(business_plans::detail))
        .route(
            "/business-plans/{id}/edit",
            get(business_plans::edit_form).post(business_plans::update),
        )
        .route("/business-plans/{id}/submit", post(business_plans::submit))
        .route("/business-plans/{id}/approve", post(business_plans::approve))
        .route("/business-plans/{id}/return", post(business_plans::return_plan))
        .route("/dossiers", get(dossiers::list))
        .route("/dossiers/new", post(dossiers::create))
        .route("/dossiers/{id}", get(dossiers::detail))
        .route("/dossiers/{id}/self-assessment", post(dossiers::self_assess))
        .route(
            "/dossiers/{id}/self-assessment/answer",
            post(dossiers::self_assess_answer),
        )
        .route("/dossiers/{id}/evidence", post(dossiers::attach))
        .route("/dossiers/{id}/upload", post(dossiers::upload))
        .route("/dossiers/{id}/submit", post(dossiers::submit))
        .route("/dossiers/{id}/receive", post(dossiers::receive))
        .route("/dossiers/{id}/return-by-commune", post(dossiers::return_by_commune))
        .route("/dossiers/{id}/commune-report", post(dossiers::commune_report))
        .route("/dossiers/{id}/propose", post(dossiers::propose))
        .route("/dossiers/{id}/start-check", post(dossiers::start_check))
        .route("/dossiers/{id}/return", post(dossiers::return_by_province))
        .route("/dossiers/{id}/find-eligible", post(dossiers::find_eligible))
        .route("/central", get(central::inbox))
        .route("/councils", get(councils::list).post(councils::create))
        .route("/councils/{id}/members", post(councils::add_member))
        .route("/batches", get(councils::list_batches).post(councils::create_batch))
        .route("/batches/{id}", get(councils::detail))
        .route("/batches/{id}/schedule", post(councils::schedule))
        .route("/batches/{id}/send", post(councils::send))
        .route("/batches/{id}/open", post(councils::open))
        .route("/batches/{id}/close", post(councils::close))
        .route("/batches/{id}/attendance", post(councils::attendance))
        .route("/batches/{id}/minutes", post(councils::minutes))
        .route("/batches/{id}/recognise", post(councils::recognise))
        .route("/batches/{id}/withdraw-decision", post(councils::withdraw_decision))
        .route("/batches/{id}/dossiers/{dossier_id}", get(councils::read_dossier))
        .route(
            "/batches/{id}/dossiers/{dossier_id}/evidence/{document_id}",
            get(councils::evidence),
        )
        .route("/batches/{id}/dossiers/{dossier_id}/sheet", post(councils::sheet))
        .route("/batches/{id}/dossiers/{dossier_id}/score", get(councils::score_page))
        .route("/batches/{id}/dossiers/{dossier_id}/answer", post(councils::answer))
        .route("/batches/{id}/dossiers/{dossier_id}/submit", post(councils::submit))
        .route("/batches/{id}/dossiers/{dossier_id}/recusal", post(councils::recuse))
        .route("/batches/{id}/dossiers/{dossier_id}/rounds", post(councils::new_round))
        .route(
            "/batches/{id}/dossiers/{dossier_id}/disqualifiers",
            post(councils::disqualifiers),
        )
        .route("/programme", get(programme::home))
        .route("/programme/dashboard", get(programme::dashboard))
        .route("/programme/dashboard/national", get(national::dashboard))
        .route("/programme/import", post(programme::import_preview))
        .route("/programme/import/confirm", post(programme::import_confirm))
        .route("/programme/import/deadline", get(programme::deadline_meaning))
        .route("/programme/plans/{id}", get(programme::plan))
        .route("/programme/tasks/{id}", get(programme::task))
        .route("/programme/tasks/{id}/complete", post(programme::complete))
        .route("/programme/tasks/{id}/comments", post(programme::comment))
        .route("/programme/tasks", post(programme_records::create_task))
        .route("/programme/tasks/{id}/edit", post(programme_records::edit_task))
        .route("/programme/reports", get(programme_reports::reports_page))
        .route("/programme/activities", get(programme_records::activities_page))
        .route("/programme/events", post(programme_records::create_event))
        .route("/programme/events/{id}", get(programme_records::event_page))
        .route(
            "/programme/events/{id}/participants",
            post(programme_records::add_participant),
        )
        .route("/programme/trainings", post(programme_records::create_training))
        .route("/programme/supports", post(programme_records::create_support))
        .route("/products/{id}/revenues", post(programme_records::record_revenue))
        .fallback(not_found)
}

async fn not_found(request: axum::extract::Request) -> Response {
    let (parts, _) = request.into_parts();
    let lang = crate::i18n::lang_of(&parts);
    crate::error::error_response(&parts, lang, ErrorCode::NotFound, None)
}
