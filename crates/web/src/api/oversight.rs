//! `/api/v1/oversight/…`: inspection plans and their candidates, inspections and their
//! records, findings (the producer's answer, remedy, proposed and decided consequences),
//! cases from fake reports, unusual scans and complaints, the worklist and the plan's .xlsx.
//! Access is decided by `ocop_service::oversight`; rows in access.toml.

use axum::Json;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use ocop_domain::oversight::input::{
    CaseInput, CloseCaseInput, DecideInput, EvidenceInput, FindingInput, InspectionInput, PlanInput, ProposeInput,
    RecordInput,
};
use ocop_service::oversight::cases::{self, CaseDto, CaseQuery, MergeInput, NoteInput};
use ocop_service::oversight::findings::{self, FindingDto, FindingQuery};
use ocop_service::oversight::inspections::{self, CancelInput, InspectionDto, InspectionQuery};
use ocop_service::oversight::plans::{self, Candidate, PlanDto, PlanQuery};
use ocop_service::oversight::worklist::{self, OversightWorklist};
use uuid::Uuid;

use super::extract::{ApiJson, ApiPath, ApiQuery};
use crate::app::AppState;
use crate::auth::RequireActor;
use crate::error::{ApiError, ErrorBody};

/// Inspection plans in the caller's area (a year, or every year).
#[utoipa::path(get, path = "/api/v1/oversight/plans", tag = "oversight", params(PlanQuery),
    responses((status = 200, body = Vec<PlanDto>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn list_plans(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
    ApiQuery(query): ApiQuery<PlanQuery>,
) -> Result<Json<Vec<PlanDto>>, ApiError> {
    plans::list(&state.ctx.db, &actor, &query)
        .await
        .map(Json)
        .map_err(ApiError::from)
}

/// Creates a unit's inspection plan for a year (409 when it has one).
#[utoipa::path(post, path = "/api/v1/oversight/plans", tag = "oversight", request_body = PlanInput,
    responses((status = 201, body = PlanDto), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create_plan(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
    ApiJson(body): ApiJson<PlanInput>,
) -> Result<(StatusCode, Json<PlanDto>), ApiError> {
    plans::create(&state.ctx.db, &actor, &body)
        .await
        .map(|v| (StatusCode::CREATED, Json(v)))
        .map_err(ApiError::from)
}

/// A plan with its inspections and their findings.
#[utoipa::path(get, path = "/api/v1/oversight/plans/{id}", tag = "oversight", params(("id" = Uuid, Path)),
    responses((status = 200, body = PlanDto), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn get_plan(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Json<PlanDto>, ApiError> {
    plans::get(&state.ctx.db, &actor, id)
        .await
        .map(Json)
        .map_err(ApiError::from)
}

/// Approves a draft plan.
#[utoipa::path(post, path = "/api/v1/oversight/plans/{id}/approve", tag = "oversight", params(("id" = Uuid, Path)),
    responses((status = 200, body = PlanDto), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn approve_plan(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Json<PlanDto>, ApiError> {
    plans::approve(&state.ctx.db, &actor, id)
        .await
        .map(Json)
        .map_err(ApiError::from)
}

/// What the plan proposes to inspect, from the signals: certificates expiring, complaints, fake reports, unusual scans, a random sample.
#[utoipa::path(get, path = "/api/v1/oversight/plans/{id}/candidates", tag = "oversight", params(("id" = Uuid, Path)),
    responses((status = 200, body = Vec<Candidate>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn plan_candidates(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Json<Vec<Candidate>>, ApiError> {
    plans::candidates(&state.ctx.db, &actor, id)
        .await
        .map(Json)
        .map_err(ApiError::from)
}

/// Inspections in the caller's area (a producer: of its own products), by planned day.
#[utoipa::path(get, path = "/api/v1/oversight/inspections", tag = "oversight", params(InspectionQuery),
    responses((status = 200, body = Vec<InspectionDto>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn list_inspections(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
    ApiQuery(query): ApiQuery<InspectionQuery>,
) -> Result<Json<Vec<InspectionDto>>, ApiError> {
    inspections::list(&state.ctx.db, &actor, &query)
        .await
        .map(Json)
        .map_err(ApiError::from)
}

/// Plans an inspection in a plan, as a field check gating an idea or dossier, or from a case.
#[utoipa::path(post, path = "/api/v1/oversight/inspections", tag = "oversight", request_body = InspectionInput,
    responses((status = 201, body = InspectionDto), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn plan_inspection(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
    ApiJson(body): ApiJson<InspectionInput>,
) -> Result<(StatusCode, Json<InspectionDto>), ApiError> {
    inspections::plan(&state.ctx.db, &actor, &body)
        .await
        .map(|v| (StatusCode::CREATED, Json(v)))
        .map_err(ApiError::from)
}

/// One inspection with its findings.
#[utoipa::path(get, path = "/api/v1/oversight/inspections/{id}", tag = "oversight", params(("id" = Uuid, Path)),
    responses((status = 200, body = InspectionDto), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn get_inspection(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Json<InspectionDto>, ApiError> {
    inspections::get(&state.ctx.db, &actor, id)
        .await
        .map(Json)
        .map_err(ApiError::from)
}

/// Writes the record of an inspection that took place: day, place, team, lead, what was checked, evidence from the producer's vault.
#[utoipa::path(post, path = "/api/v1/oversight/inspections/{id}/record", tag = "oversight", params(("id" = Uuid, Path)), request_body = RecordInput,
    responses((status = 200, body = InspectionDto), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn record_inspection(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(body): ApiJson<RecordInput>,
) -> Result<Json<InspectionDto>, ApiError> {
    inspections::record(&state.ctx.db, &actor, id, &body)
        .await
        .map(Json)
        .map_err(ApiError::from)
}

/// Adds a finding to an open record; its last day to remedy is counted in working days where given so.
#[utoipa::path(post, path = "/api/v1/oversight/inspections/{id}/findings", tag = "oversight", params(("id" = Uuid, Path)), request_body = FindingInput,
    responses((status = 200, body = InspectionDto), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn add_finding(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(body): ApiJson<FindingInput>,
) -> Result<Json<InspectionDto>, ApiError> {
    inspections::add_finding(&state.ctx.db, &actor, id, &body)
        .await
        .map(Json)
        .map_err(ApiError::from)
}

/// The lead signs the record off.
#[utoipa::path(post, path = "/api/v1/oversight/inspections/{id}/sign-off", tag = "oversight", params(("id" = Uuid, Path)),
    responses((status = 200, body = InspectionDto), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn sign_off_inspection(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Json<InspectionDto>, ApiError> {
    inspections::sign_off(&state.ctx.db, &actor, id)
        .await
        .map(Json)
        .map_err(ApiError::from)
}

/// Calls a planned inspection off, with a reason.
#[utoipa::path(post, path = "/api/v1/oversight/inspections/{id}/cancel", tag = "oversight", params(("id" = Uuid, Path)), request_body = CancelInput,
    responses((status = 200, body = InspectionDto), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn cancel_inspection(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(body): ApiJson<CancelInput>,
) -> Result<Json<InspectionDto>, ApiError> {
    inspections::cancel(&state.ctx.db, &actor, id, &body)
        .await
        .map(Json)
        .map_err(ApiError::from)
}

/// Findings in the caller's area (a producer: about its own products), by last day to remedy.
#[utoipa::path(get, path = "/api/v1/oversight/findings", tag = "oversight", params(FindingQuery),
    responses((status = 200, body = Vec<FindingDto>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn list_findings(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
    ApiQuery(query): ApiQuery<FindingQuery>,
) -> Result<Json<Vec<FindingDto>>, ApiError> {
    findings::list(&state.ctx.db, &actor, &query)
        .await
        .map(Json)
        .map_err(ApiError::from)
}

/// One finding.
#[utoipa::path(get, path = "/api/v1/oversight/findings/{id}", tag = "oversight", params(("id" = Uuid, Path)),
    responses((status = 200, body = FindingDto), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn get_finding(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Json<FindingDto>, ApiError> {
    findings::get(&state.ctx.db, &actor, id)
        .await
        .map(Json)
        .map_err(ApiError::from)
}

/// The producer answers a finding about its own product with evidence from its vault.
#[utoipa::path(post, path = "/api/v1/oversight/findings/{id}/answer", tag = "oversight", params(("id" = Uuid, Path)), request_body = EvidenceInput,
    responses((status = 200, body = FindingDto), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn answer_finding(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(body): ApiJson<EvidenceInput>,
) -> Result<Json<FindingDto>, ApiError> {
    findings::answer(&state.ctx.db, &actor, id, &body)
        .await
        .map(Json)
        .map_err(ApiError::from)
}

/// An officer closes a finding as remedied, with evidence.
#[utoipa::path(post, path = "/api/v1/oversight/findings/{id}/remedy", tag = "oversight", params(("id" = Uuid, Path)), request_body = EvidenceInput,
    responses((status = 200, body = FindingDto), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn remedy_finding(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(body): ApiJson<EvidenceInput>,
) -> Result<Json<FindingDto>, ApiError> {
    findings::remedy(&state.ctx.db, &actor, id, &body)
        .await
        .map(Json)
        .map_err(ApiError::from)
}

/// Proposes suspension or revocation to the issuing authority (a severe finding, or one past its last day).
#[utoipa::path(post, path = "/api/v1/oversight/findings/{id}/propose", tag = "oversight", params(("id" = Uuid, Path)), request_body = ProposeInput,
    responses((status = 200, body = FindingDto), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn propose_consequence(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(body): ApiJson<ProposeInput>,
) -> Result<Json<FindingDto>, ApiError> {
    findings::propose(&state.ctx.db, &actor, id, &body)
        .await
        .map(Json)
        .map_err(ApiError::from)
}

/// The issuing authority decides: the certificate is suspended or revoked on the finding's ground, or the proposal is declined.
#[utoipa::path(post, path = "/api/v1/oversight/findings/{id}/decide", tag = "oversight", params(("id" = Uuid, Path)), request_body = DecideInput,
    responses((status = 200, body = FindingDto), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn decide_consequence(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(body): ApiJson<DecideInput>,
) -> Result<Json<FindingDto>, ApiError> {
    findings::decide(&state.ctx.db, &actor, id, &body)
        .await
        .map(Json)
        .map_err(ApiError::from)
}

/// Cases in the caller's province (national officials: every case, central ones included), oldest first.
#[utoipa::path(get, path = "/api/v1/oversight/cases", tag = "oversight", params(CaseQuery),
    responses((status = 200, body = Vec<CaseDto>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn list_cases(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
    ApiQuery(query): ApiQuery<CaseQuery>,
) -> Result<Json<Vec<CaseDto>>, ApiError> {
    cases::list(&state.ctx.db, &actor, &query)
        .await
        .map(Json)
        .map_err(ApiError::from)
}

/// Opens a case from unusual scans or an agency's complaint, assigned to the province of the code.
#[utoipa::path(post, path = "/api/v1/oversight/cases", tag = "oversight", request_body = CaseInput,
    responses((status = 201, body = CaseDto), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn open_case(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
    ApiJson(body): ApiJson<CaseInput>,
) -> Result<(StatusCode, Json<CaseDto>), ApiError> {
    cases::open(&state.ctx.db, &actor, &body)
        .await
        .map(|v| (StatusCode::CREATED, Json(v)))
        .map_err(ApiError::from)
}

/// One case with its notes.
#[utoipa::path(get, path = "/api/v1/oversight/cases/{id}", tag = "oversight", params(("id" = Uuid, Path)),
    responses((status = 200, body = CaseDto), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn get_case(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Json<CaseDto>, ApiError> {
    cases::get(&state.ctx.db, &actor, id)
        .await
        .map(Json)
        .map_err(ApiError::from)
}

/// Adds a note to a case.
#[utoipa::path(post, path = "/api/v1/oversight/cases/{id}/notes", tag = "oversight", params(("id" = Uuid, Path)), request_body = NoteInput,
    responses((status = 200, body = CaseDto), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn note_case(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(body): ApiJson<NoteInput>,
) -> Result<Json<CaseDto>, ApiError> {
    cases::note(&state.ctx.db, &actor, id, &body)
        .await
        .map(Json)
        .map_err(ApiError::from)
}

/// Closes a case with its outcome (the report it came from takes the matching status).
#[utoipa::path(post, path = "/api/v1/oversight/cases/{id}/close", tag = "oversight", params(("id" = Uuid, Path)), request_body = CloseCaseInput,
    responses((status = 200, body = CaseDto), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn close_case(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(body): ApiJson<CloseCaseInput>,
) -> Result<Json<CaseDto>, ApiError> {
    cases::close(&state.ctx.db, &actor, id, &body)
        .await
        .map(Json)
        .map_err(ApiError::from)
}

/// Merges a duplicate case into another open case of the same province.
#[utoipa::path(post, path = "/api/v1/oversight/cases/{id}/merge", tag = "oversight", params(("id" = Uuid, Path)), request_body = MergeInput,
    responses((status = 200, body = CaseDto), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn merge_case(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(body): ApiJson<MergeInput>,
) -> Result<Json<CaseDto>, ApiError> {
    cases::merge(&state.ctx.db, &actor, id, &body)
        .await
        .map(Json)
        .map_err(ApiError::from)
}

/// Inspections due, records open, findings past their last day, proposals waiting, cases open by age — per province for national officials.
#[utoipa::path(get, path = "/api/v1/oversight/worklist", tag = "oversight",
    responses((status = 200, body = OversightWorklist), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn worklist(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
) -> Result<Json<OversightWorklist>, ApiError> {
    worklist::worklist(&state.ctx.db, &actor)
        .await
        .map(Json)
        .map_err(ApiError::from)
}

/// The year's inspection plan as .xlsx, in the shape officials send upward.
#[utoipa::path(get, path = "/api/v1/oversight/plans/{id}/plan.xlsx", tag = "oversight", params(("id" = Uuid, Path)),
    responses((status = 200, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body = Vec<u8>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn plan_xlsx(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Response, ApiError> {
    let (bytes, name) = ocop_service::oversight::plan_xlsx::plan_xlsx(&state.ctx.db, &actor, id).await?;
    Ok((
        [
            (
                header::CONTENT_TYPE,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_owned(),
            ),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{name}\"")),
            (header::CACHE_CONTROL, "private, no-store".to_owned()),
        ],
        bytes,
    )
        .into_response())
}
