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

use std::sync::LazyLock;

use axum::routing::get;
use axum::{Json, Router};
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::app::AppState;
use crate::metrics;

/// The OpenAPI document's frame: its info and the schemas no operation names. The paths
/// come from the handlers themselves (`documented`), each `#[utoipa::path]` giving its
/// method and path once for both the router and the document.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "ocop API",
        description = "Chương trình Mỗi xã một sản phẩm (OCOP): administrative units, producers, products, criteria sets, product ideas, business plans, evaluation dossiers and the evidence vault, certificates, public verification, catalogue and open data. Errors: `{\"error\": {\"code\", \"message\", \"fields\"}}`; unsafe requests need the `X-CSRF-Token` header from `GET /api/v1/auth/csrf`."
    ),
    components(schemas(crate::error::ErrorBody, crate::error::ErrorDetail, crate::error::FieldErrorBody))
)]
pub struct ApiDoc;

/// The document served at `/api/openapi.json`: the frame of `ApiDoc` with every operation
/// `documented` registers.
static DOCUMENT: LazyLock<utoipa::openapi::OpenApi> = LazyLock::new(|| documented().into_openapi());

/// The OpenAPI document of the API, built from the same declaration as its router.
pub fn document() -> &'static utoipa::openapi::OpenApi {
    &DOCUMENT
}

async fn openapi() -> Json<&'static utoipa::openapi::OpenApi> {
    Json(document())
}

/// Every API route.
pub fn routes() -> Router<AppState> {
    let (router, _) = documented().split_for_parts();
    router.route("/api/openapi.json", get(openapi))
}

/// Every documented API route, declared once: `routes!` reads each handler's method and path
/// from its `#[utoipa::path]` and adds both the axum route and the OpenAPI operation, so the
/// router and the document cannot drift (`route_table` reads the operations back for the
/// access table). Handlers of one path share one `routes!`.
fn documented() -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(health::healthz))
        .routes(routes!(health::readyz))
        .routes(routes!(metrics::metrics))
        .routes(routes!(admin_units::list))
        .routes(routes!(admin_units::detail))
        .routes(routes!(admin_units::children))
        .routes(routes!(admin_units::successors))
        .routes(routes!(producers::product_sets))
        .routes(routes!(producers::list, producers::create))
        .routes(routes!(producers::get, producers::update))
        .routes(routes!(producers::add_certification))
        .routes(routes!(producers::remove_certification))
        .routes(routes!(products::list, products::create))
        .routes(routes!(products::get, products::update))
        .routes(routes!(products::add_photo))
        .routes(routes!(products::add_point_of_sale))
        .routes(routes!(products::remove_point_of_sale))
        .routes(routes!(products::list_amendments, products::amend))
        .routes(routes!(products::photo))
        .routes(routes!(auth::csrf))
        .routes(routes!(auth::login))
        .routes(routes!(auth::logout))
        .routes(routes!(auth::me))
        .routes(routes!(auth::list_users, auth::create_user))
        .routes(routes!(auth::revoke_sessions))
        .routes(routes!(auth::reset_password))
        .routes(routes!(audit::list))
        .routes(routes!(audit::head))
        .routes(routes!(certificates::issue))
        .routes(routes!(certificates::upload_scan))
        .routes(routes!(certificates::import_csv))
        .routes(routes!(certificates::worklist))
        .routes(routes!(certificates::worklist_xlsx))
        .routes(routes!(certificates::signals))
        .routes(routes!(certificates::report_status))
        .routes(routes!(certificates::get))
        .routes(routes!(certificates::pdf))
        .routes(routes!(certificates::decision_pdf))
        .routes(routes!(certificates::renew))
        .routes(routes!(certificates::upgrade))
        .routes(routes!(certificates::suspend))
        .routes(routes!(certificates::revoke))
        .routes(routes!(certificates::verify))
        .routes(routes!(certificates::catalogue))
        .routes(routes!(certificates::open_data_json))
        .routes(routes!(certificates::open_data_csv))
        .routes(routes!(criteria_sets::list, criteria_sets::create))
        .routes(routes!(criteria_sets::get))
        .routes(routes!(criteria_sets::publish))
        .routes(routes!(dossiers::list, dossiers::create))
        .routes(routes!(dossiers::get))
        .routes(routes!(dossiers::self_assess))
        .routes(routes!(dossiers::attach))
        .routes(routes!(dossiers::detach))
        .routes(routes!(dossiers::submit))
        .routes(routes!(dossiers::receive))
        .routes(routes!(dossiers::return_by_commune))
        .routes(routes!(dossiers::commune_report))
        .routes(routes!(dossiers::propose))
        .routes(routes!(dossiers::start_check))
        .routes(routes!(dossiers::return_by_province))
        .routes(routes!(dossiers::find_eligible))
        .routes(routes!(dossiers::vault_list, dossiers::vault_upload))
        .routes(routes!(dossiers::download))
        .routes(routes!(cycle::list_ideas, cycle::submit_idea))
        .routes(routes!(cycle::get_idea))
        .routes(routes!(cycle::accept_idea))
        .routes(routes!(cycle::return_idea))
        .routes(routes!(cycle::resubmit_idea))
        .routes(routes!(cycle::list_plans, cycle::create_plan))
        .routes(routes!(cycle::get_plan, cycle::update_plan))
        .routes(routes!(cycle::submit_plan))
        .routes(routes!(cycle::approve_plan))
        .routes(routes!(cycle::return_plan))
        .routes(routes!(councils::list, councils::create))
        .routes(routes!(councils::get))
        .routes(routes!(councils::add_member))
        .routes(routes!(councils::statistics))
        .routes(routes!(councils::list_batches, councils::create_batch))
        .routes(routes!(councils::get_batch))
        .routes(routes!(councils::schedule))
        .routes(routes!(councils::send))
        .routes(routes!(councils::open))
        .routes(routes!(councils::close))
        .routes(routes!(councils::attendance))
        .routes(routes!(councils::minutes))
        .routes(routes!(councils::recognise))
        .routes(routes!(councils::withdraw_decision))
        .routes(routes!(councils::document))
        .routes(routes!(councils::sheets))
        .routes(routes!(councils::answer))
        .routes(routes!(councils::submit))
        .routes(routes!(councils::recuse))
        .routes(routes!(councils::new_round))
        .routes(routes!(councils::disqualifiers))
        .routes(routes!(programme::preview))
        .routes(routes!(programme::confirm))
        .routes(routes!(programme::list_tasks, programme_records::create_task))
        .routes(routes!(programme::get_task, programme_records::update_task))
        .routes(routes!(programme::complete_task))
        .routes(routes!(programme::comment_task))
        .routes(routes!(programme::digest))
        .routes(routes!(programme::dashboard))
        .routes(routes!(programme::national_dashboard))
        .routes(routes!(programme::list_plans, programme::create_plan))
        .routes(routes!(programme::get_plan))
        .routes(routes!(programme::add_target))
        .routes(routes!(programme::set_progress))
        .routes(routes!(programme_records::list_events, programme_records::create_event))
        .routes(routes!(programme_records::get_event))
        .routes(routes!(programme_records::add_participant))
        .routes(routes!(
            programme_records::list_trainings,
            programme_records::create_training
        ))
        .routes(routes!(
            programme_records::list_supports,
            programme_records::create_support
        ))
        .routes(routes!(
            programme_records::list_revenues,
            programme_records::record_revenue
        ))
        .routes(routes!(programme_reports::report))
        .routes(routes!(programme_reports::report_xlsx))
        .routes(routes!(programme_reports::report_pdf))
        .routes(routes!(programme_reports::ptnt_xlsx))
        .routes(routes!(programme_reports::ptnt_csv))
        .routes(routes!(criteria_sets::import))
        .routes(routes!(criteria_sets::export))
        .routes(routes!(criteria_sets::missing))
        .routes(routes!(oversight::list_plans, oversight::create_plan))
        .routes(routes!(oversight::get_plan))
        .routes(routes!(oversight::approve_plan))
        .routes(routes!(oversight::plan_candidates))
        .routes(routes!(oversight::list_inspections, oversight::plan_inspection))
        .routes(routes!(oversight::get_inspection))
        .routes(routes!(oversight::record_inspection))
        .routes(routes!(oversight::add_finding))
        .routes(routes!(oversight::sign_off_inspection))
        .routes(routes!(oversight::cancel_inspection))
        .routes(routes!(oversight::list_findings))
        .routes(routes!(oversight::get_finding))
        .routes(routes!(oversight::answer_finding))
        .routes(routes!(oversight::remedy_finding))
        .routes(routes!(oversight::propose_consequence))
        .routes(routes!(oversight::decide_consequence))
        .routes(routes!(oversight::list_cases, oversight::open_case))
        .routes(routes!(oversight::get_case))
        .routes(routes!(oversight::note_case))
        .routes(routes!(oversight::close_case))
        .routes(routes!(oversight::merge_case))
        .routes(routes!(oversight::worklist))
        .routes(routes!(oversight::plan_xlsx))
}
