//! The JSON API under `/api/v1`, and its OpenAPI document at `/api/openapi.json`.

pub mod admin_units;
pub mod audit;
pub mod auth;
pub mod certificates;
pub mod councils;
pub mod criteria_sets;
pub mod cycle;
pub mod dossiers;
pub mod extract;
pub mod health;
pub mod oversight;
pub mod producers;
pub mod products;
pub mod programme;
pub mod programme_records;
pub mod programme_reports;

use axum::routing::{get, post};
use axum::{Json, Router};
use utoipa::OpenApi;

use crate::app::AppState;

/// The OpenAPI document.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "ocop API",
        description = "Chương trình Mỗi xã một sản phẩm (OCOP): administrative units, producers, products, criteria sets, product ideas, business plans, evaluation dossiers and the evidence vault, certificates, public verification, catalogue and open data. Errors: `{\"error\": {\"code\", \"message\", \"fields\"}}`; unsafe requests need the `X-CSRF-Token` header from `GET /api/v1/auth/csrf`."
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
        audit::head,
        certificates::issue,
        certificates::upload_scan,
        products::amend,
        products::list_amendments,
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
        certificates::report_status,
        certificates::verify,
        certificates::catalogue,
        certificates::open_data_json,
        certificates::open_data_csv,
        criteria_sets::list,
        criteria_sets::get,
        criteria_sets::create,
        criteria_sets::publish,
        dossiers::list,
        dossiers::create,
        dossiers::get,
        dossiers::self_assess,
        dossiers::attach,
        dossiers::detach,
        dossiers::submit,
        dossiers::receive,
        dossiers::return_by_commune,
        dossiers::commune_report,
        dossiers::propose,
        dossiers::start_check,
        dossiers::return_by_province,
        dossiers::find_eligible,
        dossiers::vault_list,
        dossiers::vault_upload,
        dossiers::download,
        cycle::list_ideas,
        cycle::submit_idea,
        cycle::get_idea,
        cycle::accept_idea,
        cycle::return_idea,
        cycle::resubmit_idea,
        cycle::list_plans,
        cycle::create_plan,
        cycle::get_plan,
        cycle::update_plan,
        cycle::submit_plan,
        cycle::approve_plan,
        cycle::return_plan,
        councils::list,
        councils::create,
        councils::get,
        councils::add_member,
        councils::statistics,
        councils::list_batches,
        councils::create_batch,
        councils::get_batch,
        councils::schedule,
        councils::send,
        councils::open,
        councils::close,
        councils::attendance,
        councils::withdraw_decision,
        councils::minutes,
        councils::recognise,
        councils::document,
        councils::sheets,
        councils::answer,
        councils::submit,
        councils::recuse,
        councils::new_round,
        councils::disqualifiers,
        programme::preview,
        programme::confirm,
        programme::list_tasks,
        programme::get_task,
        programme::complete_task,
        programme::comment_task,
        programme::digest,
        programme::list_plans,
        programme::create_plan,
        programme::get_plan,
        programme::add_target,
        programme::set_progress,
        programme::dashboard,
        programme_records::create_task,
        programme_records::update_task,
        programme_records::list_events,
        programme_records::create_event,
        programme_records::get_event,
        programme_records::add_participant,
        programme_records::list_trainings,
        programme_records::create_training,
        programme_records::list_supports,
        programme_records::create_support,
        programme_records::list_revenues,
        programme_records::record_revenue,
        programme_reports::report,
        programme_reports::report_xlsx,
        programme_reports::report_pdf,
        programme_reports::ptnt_xlsx,
        programme_reports::ptnt_csv,
        criteria_sets::import,
        criteria_sets::export,
        criteria_sets::missing,
        oversight::list_plans,
        oversight::create_plan,
        oversight::get_plan,
        oversight::approve_plan,
        oversight::plan_candidates,
        oversight::list_inspections,
        oversight::plan_inspection,
        oversight::get_inspection,
        oversight::record_inspection,
        oversight::add_finding,
        oversight::sign_off_inspection,
        oversight::cancel_inspection,
        oversight::list_findings,
        oversight::get_finding,
        oversight::answer_finding,
        oversight::remedy_finding,
        oversight::propose_consequence,
        oversight::decide_consequence,
        oversight::list_cases,
        oversight::open_case,
        oversight::get_case,
        oversight::note_case,
        oversight::close_case,
        oversight::merge_case,
        oversight::worklist,
        oversight::plan_xlsx,
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
        .route(
            "/api/v1/products/{id}/amendments",
            get(products::list_amendments).post(products::amend),
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
        .route("/api/v1/audit/head", get(audit::head))
        .route("/api/v1/certificates", post(certificates::issue))
        .route("/api/v1/decision-scans", post(certificates::upload_scan))
        .route("/api/v1/certificates/import", post(certificates::import_csv))
        .route("/api/v1/certificates/worklist", get(certificates::worklist))
        .route("/api/v1/certificates/worklist.xlsx", get(certificates::worklist_xlsx))
        .route("/api/v1/certificates/signals", get(certificates::signals))
        .route(
            "/api/v1/certificates/reports/{id}/status",
            post(certificates::report_status),
        )
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
        .route("/api/v1/dossiers", get(dossiers::list).post(dossiers::create))
        .route("/api/v1/dossiers/{id}", get(dossiers::get))
        .route(
            "/api/v1/dossiers/{id}/self-assessment",
            axum::routing::put(dossiers::self_assess),
        )
        .route("/api/v1/dossiers/{id}/evidence", post(dossiers::attach))
        .route(
            "/api/v1/dossiers/{id}/evidence/{attachment_id}",
            axum::routing::delete(dossiers::detach),
        )
        .route("/api/v1/dossiers/{id}/submit", post(dossiers::submit))
        .route("/api/v1/dossiers/{id}/receive", post(dossiers::receive))
        .route(
            "/api/v1/dossiers/{id}/return-by-commune",
            post(dossiers::return_by_commune),
        )
        .route("/api/v1/dossiers/{id}/commune-report", post(dossiers::commune_report))
        .route("/api/v1/dossiers/{id}/propose", post(dossiers::propose))
        .route("/api/v1/dossiers/{id}/start-check", post(dossiers::start_check))
        .route("/api/v1/dossiers/{id}/return", post(dossiers::return_by_province))
        .route("/api/v1/dossiers/{id}/find-eligible", post(dossiers::find_eligible))
        .route(
            "/api/v1/producers/{id}/evidence",
            get(dossiers::vault_list).post(dossiers::vault_upload),
        )
        .route("/api/v1/evidence/{id}", get(dossiers::download))
        .route("/api/v1/ideas", get(cycle::list_ideas).post(cycle::submit_idea))
        .route("/api/v1/ideas/{id}", get(cycle::get_idea))
        .route("/api/v1/ideas/{id}/accept", post(cycle::accept_idea))
        .route("/api/v1/ideas/{id}/return", post(cycle::return_idea))
        .route("/api/v1/ideas/{id}/resubmit", post(cycle::resubmit_idea))
        .route(
            "/api/v1/business-plans",
            get(cycle::list_plans).post(cycle::create_plan),
        )
        .route(
            "/api/v1/business-plans/{id}",
            get(cycle::get_plan).put(cycle::update_plan),
        )
        .route("/api/v1/business-plans/{id}/submit", post(cycle::submit_plan))
        .route("/api/v1/business-plans/{id}/approve", post(cycle::approve_plan))
        .route("/api/v1/business-plans/{id}/return", post(cycle::return_plan))
        .route("/api/v1/councils", get(councils::list).post(councils::create))
        .route("/api/v1/councils/{id}", get(councils::get))
        .route("/api/v1/councils/{id}/members", post(councils::add_member))
        .route("/api/v1/councils/{id}/statistics", get(councils::statistics))
        .route(
            "/api/v1/batches",
            get(councils::list_batches).post(councils::create_batch),
        )
        .route("/api/v1/batches/{id}", get(councils::get_batch))
        .route("/api/v1/batches/{id}/dossiers", post(councils::schedule))
        .route("/api/v1/batches/{id}/send", post(councils::send))
        .route("/api/v1/batches/{id}/open", post(councils::open))
        .route("/api/v1/batches/{id}/close", post(councils::close))
        .route("/api/v1/batches/{id}/attendance", post(councils::attendance))
        .route("/api/v1/batches/{id}/minutes", post(councils::minutes))
        .route("/api/v1/batches/{id}/recognise", post(councils::recognise))
        .route(
            "/api/v1/batches/{id}/withdraw-decision",
            post(councils::withdraw_decision),
        )
        .route("/api/v1/batches/{id}/documents/{document}", get(councils::document))
        .route(
            "/api/v1/batches/{id}/dossiers/{dossier_id}/sheets",
            get(councils::sheets),
        )
        .route(
            "/api/v1/batches/{id}/dossiers/{dossier_id}/answers",
            post(councils::answer),
        )
        .route(
            "/api/v1/batches/{id}/dossiers/{dossier_id}/submit",
            post(councils::submit),
        )
        .route(
            "/api/v1/batches/{id}/dossiers/{dossier_id}/recusal",
            post(councils::recuse),
        )
        .route(
            "/api/v1/batches/{id}/dossiers/{dossier_id}/rounds",
            post(councils::new_round),
        )
        .route(
            "/api/v1/batches/{id}/dossiers/{dossier_id}/disqualifiers",
            post(councils::disqualifiers),
        )
        .route("/api/v1/programme/directives/preview", post(programme::preview))
        .route("/api/v1/programme/directives", post(programme::confirm))
        .route(
            "/api/v1/programme/tasks",
            get(programme::list_tasks).post(programme_records::create_task),
        )
        .route(
            "/api/v1/programme/tasks/{id}",
            get(programme::get_task).put(programme_records::update_task),
        )
        .route("/api/v1/programme/tasks/{id}/complete", post(programme::complete_task))
        .route("/api/v1/programme/tasks/{id}/comments", post(programme::comment_task))
        .route("/api/v1/programme/digest", get(programme::digest))
        .route("/api/v1/programme/dashboard", get(programme::dashboard))
        .route(
            "/api/v1/programme/plans",
            get(programme::list_plans).post(programme::create_plan),
        )
        .route("/api/v1/programme/plans/{id}", get(programme::get_plan))
        .route("/api/v1/programme/plans/{id}/targets", post(programme::add_target))
        .route("/api/v1/programme/targets/{id}/progress", post(programme::set_progress))
        .route(
            "/api/v1/programme/events",
            get(programme_records::list_events).post(programme_records::create_event),
        )
        .route("/api/v1/programme/events/{id}", get(programme_records::get_event))
        .route(
            "/api/v1/programme/events/{id}/participants",
            post(programme_records::add_participant),
        )
        .route(
            "/api/v1/programme/trainings",
            get(programme_records::list_trainings).post(programme_records::create_training),
        )
        .route(
            "/api/v1/programme/supports",
            get(programme_records::list_supports).post(programme_records::create_support),
        )
        .route(
            "/api/v1/products/{id}/revenues",
            get(programme_records::list_revenues).post(programme_records::record_revenue),
        )
        .route("/api/v1/programme/reports", get(programme_reports::report))
        .route("/api/v1/programme/reports.xlsx", get(programme_reports::report_xlsx))
        .route("/api/v1/programme/reports.pdf", get(programme_reports::report_pdf))
        .route("/api/v1/programme/ptnt.xlsx", get(programme_reports::ptnt_xlsx))
        .route("/api/v1/programme/ptnt.csv", get(programme_reports::ptnt_csv))
        .route("/api/v1/criteria-sets/import", post(criteria_sets::import))
        .route("/api/v1/criteria-sets/{id}/export", get(criteria_sets::export))
        .route("/api/v1/criteria-sets/missing", get(criteria_sets::missing))
        .route(
            "/api/v1/oversight/plans",
            get(oversight::list_plans).post(oversight::create_plan),
        )
        .route("/api/v1/oversight/plans/{id}", get(oversight::get_plan))
        .route("/api/v1/oversight/plans/{id}/approve", post(oversight::approve_plan))
        .route(
            "/api/v1/oversight/plans/{id}/candidates",
            get(oversight::plan_candidates),
        )
        .route(
            "/api/v1/oversight/inspections",
            get(oversight::list_inspections).post(oversight::plan_inspection),
        )
        .route("/api/v1/oversight/inspections/{id}", get(oversight::get_inspection))
        .route(
            "/api/v1/oversight/inspections/{id}/record",
            post(oversight::record_inspection),
        )
        .route(
            "/api/v1/oversight/inspections/{id}/findings",
            post(oversight::add_finding),
        )
        .route(
            "/api/v1/oversight/inspections/{id}/sign-off",
            post(oversight::sign_off_inspection),
        )
        .route(
            "/api/v1/oversight/inspections/{id}/cancel",
            post(oversight::cancel_inspection),
        )
        .route("/api/v1/oversight/findings", get(oversight::list_findings))
        .route("/api/v1/oversight/findings/{id}", get(oversight::get_finding))
        .route(
            "/api/v1/oversight/findings/{id}/answer",
            post(oversight::answer_finding),
        )
        .route(
            "/api/v1/oversight/findings/{id}/remedy",
            post(oversight::remedy_finding),
        )
        .route(
            "/api/v1/oversight/findings/{id}/propose",
            post(oversight::propose_consequence),
        )
        .route(
            "/api/v1/oversight/findings/{id}/decide",
            post(oversight::decide_consequence),
        )
        .route(
            "/api/v1/oversight/cases",
            get(oversight::list_cases).post(oversight::open_case),
        )
        .route("/api/v1/oversight/cases/{id}", get(oversight::get_case))
        .route("/api/v1/oversight/cases/{id}/notes", post(oversight::note_case))
        .route("/api/v1/oversight/cases/{id}/close", post(oversight::close_case))
        .route("/api/v1/oversight/cases/{id}/merge", post(oversight::merge_case))
        .route("/api/v1/oversight/worklist", get(oversight::worklist))
        .route("/api/v1/oversight/plans/{id}/plan.xlsx", get(oversight::plan_xlsx))
}
