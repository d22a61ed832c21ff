//! `/api/v1/councils…` and `/api/v1/batches…`: councils, evaluation batches and score sheets.
//! Every score is computed by the server from the chosen options; no route accepts a total.

use axum::Json;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use ocop_service::councils::batches::{
    self, BatchDto, BatchInput, MinutesInput, RecogniseInput, ScheduleInput, SendInput,
};
use ocop_service::councils::disqualifiers::{self as disqualifier_findings, DisqualifiersInput};
use ocop_service::councils::documents::{self, DocumentFile, MemberStatistics};
use ocop_service::councils::meeting::{self, AttendanceInput};
use ocop_service::councils::scoring::{self, AnswerInput, RecusalInput, RoundInput, SheetDto, SheetsView};
use ocop_service::councils::withdrawal::{self, WithdrawInput};
use ocop_service::councils::{self, CouncilDto, CouncilInput, MemberInput};
use uuid::Uuid;

use super::extract::{ApiJson, ApiPath};
use crate::app::AppState;
use crate::auth::RequireActor;
use crate::error::{ApiError, ErrorBody};
use crate::i18n::RequestLang;

type Api<T> = Result<Json<T>, ApiError>;

/// Councils the caller may read (managers: their province; members: the councils they sit on).
#[utoipa::path(get, path = "/api/v1/councils", tag = "councils",
    responses((status = 200, body = Vec<CouncilDto>), (status = 401, body = ErrorBody)))]
pub async fn list(State(s): State<AppState>, RequireActor(actor): RequireActor) -> Api<Vec<CouncilDto>> {
    councils::list_councils(&s.ctx.db, &actor)
        .await
        .map(Json)
        .map_err(ApiError::from)
}

/// Founds a council (administrators, province officers of its province).
#[utoipa::path(post, path = "/api/v1/councils", tag = "councils", request_body = CouncilInput,
    responses((status = 201, body = CouncilDto), (status = 422, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn create(
    State(s): State<AppState>,
    RequireActor(actor): RequireActor,
    ApiJson(input): ApiJson<CouncilInput>,
) -> Result<(StatusCode, Json<CouncilDto>), ApiError> {
    councils::create_council(&s.ctx.db, &actor, &input)
        .await
        .map(|c| (StatusCode::CREATED, Json(c)))
        .map_err(ApiError::from)
}

/// One council with its members.
#[utoipa::path(get, path = "/api/v1/councils/{id}", tag = "councils", params(("id" = Uuid, Path)),
    responses((status = 200, body = CouncilDto), (status = 404, body = ErrorBody)))]
pub async fn get(
    State(s): State<AppState>,
    RequireActor(actor): RequireActor,
    ApiPath(id): ApiPath<Uuid>,
) -> Api<CouncilDto> {
    councils::get_council(&s.ctx.db, &actor, id)
        .await
        .map(Json)
        .map_err(ApiError::from)
}

/// Adds a member, the secretary or an advisory-team member.
#[utoipa::path(post, path = "/api/v1/councils/{id}/members", tag = "councils", params(("id" = Uuid, Path)), request_body = MemberInput,
    responses((status = 201, body = CouncilDto), (status = 422, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn add_member(
    State(s): State<AppState>,
    RequireActor(actor): RequireActor,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<MemberInput>,
) -> Result<(StatusCode, Json<CouncilDto>), ApiError> {
    councils::add_member(&s.ctx.db, &actor, id, &input)
        .await
        .map(|c| (StatusCode::CREATED, Json(c)))
        .map_err(ApiError::from)
}

/// Statistics per member across the council's batches (for information only).
#[utoipa::path(get, path = "/api/v1/councils/{id}/statistics", tag = "councils", params(("id" = Uuid, Path)),
    responses((status = 200, body = Vec<MemberStatistics>), (status = 404, body = ErrorBody)))]
pub async fn statistics(
    State(s): State<AppState>,
    RequireActor(actor): RequireActor,
    ApiPath(id): ApiPath<Uuid>,
) -> Api<Vec<MemberStatistics>> {
    documents::statistics(&s.ctx.db, &actor, id)
        .await
        .map(Json)
        .map_err(ApiError::from)
}

/// Batches the caller may read.
#[utoipa::path(get, path = "/api/v1/batches", tag = "councils",
    responses((status = 200, body = Vec<BatchDto>), (status = 401, body = ErrorBody)))]
pub async fn list_batches(State(s): State<AppState>, RequireActor(actor): RequireActor) -> Api<Vec<BatchDto>> {
    batches::list(&s.ctx.db, &actor).await.map(Json).map_err(ApiError::from)
}

/// Creates a batch for a council.
#[utoipa::path(post, path = "/api/v1/batches", tag = "councils", request_body = BatchInput,
    responses((status = 201, body = BatchDto), (status = 422, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn create_batch(
    State(s): State<AppState>,
    RequireActor(actor): RequireActor,
    ApiJson(input): ApiJson<BatchInput>,
) -> Result<(StatusCode, Json<BatchDto>), ApiError> {
    batches::create(&s.ctx.db, &actor, &input)
        .await
        .map(|b| (StatusCode::CREATED, Json(b)))
        .map_err(ApiError::from)
}

/// One batch: dossiers, rounds, results once closed, notes.
#[utoipa::path(get, path = "/api/v1/batches/{id}", tag = "councils", params(("id" = Uuid, Path)),
    responses((status = 200, body = BatchDto), (status = 404, body = ErrorBody)))]
pub async fn get_batch(
    State(s): State<AppState>,
    RequireActor(actor): RequireActor,
    ApiPath(id): ApiPath<Uuid>,
) -> Api<BatchDto> {
    batches::get(&s.ctx.db, &actor, id)
        .await
        .map(Json)
        .map_err(ApiError::from)
}

/// Schedules an eligible dossier in the batch.
#[utoipa::path(post, path = "/api/v1/batches/{id}/dossiers", tag = "councils", params(("id" = Uuid, Path)), request_body = ScheduleInput,
    responses((status = 200, body = BatchDto), (status = 409, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn schedule(
    State(s): State<AppState>,
    RequireActor(actor): RequireActor,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<ScheduleInput>,
) -> Api<BatchDto> {
    batches::schedule(&s.ctx.db, &actor, id, &input)
        .await
        .map(Json)
        .map_err(ApiError::from)
}

/// Records the day the electronic dossiers were sent to the members.
#[utoipa::path(post, path = "/api/v1/batches/{id}/send", tag = "councils", params(("id" = Uuid, Path)), request_body = SendInput,
    responses((status = 200, body = BatchDto), (status = 422, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn send(
    State(s): State<AppState>,
    RequireActor(actor): RequireActor,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<SendInput>,
) -> Api<BatchDto> {
    batches::mark_sent(&s.ctx.db, &actor, id, &input)
        .await
        .map(Json)
        .map_err(ApiError::from)
}

/// Opens scoring (managers, the chair): refused (409 `not_sent_in_time`) unless the members
/// received the electronic dossiers at least one working day before the meeting, and (409
/// `attendance_not_recorded`, `no_quorum_present`) unless attendance is recorded and enough
/// members are present.
#[utoipa::path(post, path = "/api/v1/batches/{id}/open", tag = "councils", params(("id" = Uuid, Path)),
    responses((status = 200, body = BatchDto), (status = 409, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn open(
    State(s): State<AppState>,
    RequireActor(actor): RequireActor,
    ApiPath(id): ApiPath<Uuid>,
) -> Api<BatchDto> {
    batches::open(&s.ctx.db, &actor, id)
        .await
        .map(Json)
        .map_err(ApiError::from)
}

/// Closes scoring (managers, the chair): the server computes every result; refused (409) without
/// quorum of members present (`no_quorum_present`) or of sheets, or when totals are more than
/// 10 points apart.
#[utoipa::path(post, path = "/api/v1/batches/{id}/close", tag = "councils", params(("id" = Uuid, Path)),
    responses((status = 200, body = BatchDto), (status = 409, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn close(
    State(s): State<AppState>,
    RequireActor(actor): RequireActor,
    ApiPath(id): ApiPath<Uuid>,
) -> Api<BatchDto> {
    batches::close(&s.ctx.db, &actor, id)
        .await
        .map(Json)
        .map_err(ApiError::from)
}

/// Attendance at the meeting (the secretary, managers): every member's presence, before
/// scoring opens; a member absent with a proxy is recorded but does not count as present.
#[utoipa::path(post, path = "/api/v1/batches/{id}/attendance", tag = "councils", params(("id" = Uuid, Path)), request_body = AttendanceInput,
    responses((status = 200, body = BatchDto), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn attendance(
    State(s): State<AppState>,
    RequireActor(actor): RequireActor,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<AttendanceInput>,
) -> Api<BatchDto> {
    meeting::record_attendance(&s.ctx.db, &actor, id, &input)
        .await
        .map(Json)
        .map_err(ApiError::from)
}

/// The minutes (the secretary, managers): a new version each time; after the results
/// decision only a correction with its reason (409 `minutes_frozen` without one).
#[utoipa::path(post, path = "/api/v1/batches/{id}/minutes", tag = "councils", params(("id" = Uuid, Path)), request_body = MinutesInput,
    responses((status = 200, body = BatchDto), (status = 409, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn minutes(
    State(s): State<AppState>,
    RequireActor(actor): RequireActor,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<MinutesInput>,
) -> Api<BatchDto> {
    batches::record_minutes(&s.ctx.db, &actor, id, &input)
        .await
        .map(Json)
        .map_err(ApiError::from)
}

/// The recognition decision: routes every result and issues the certificates (on a batch whose
/// decision was withdrawn: the same ratings under the new decision). Refused (422)
/// when dated after today or before the meeting, or citing a basis other than the dossiers'.
#[utoipa::path(post, path = "/api/v1/batches/{id}/recognise", tag = "councils", params(("id" = Uuid, Path)), request_body = RecogniseInput,
    responses((status = 200, body = BatchDto), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn recognise(
    State(s): State<AppState>,
    RequireActor(actor): RequireActor,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<RecogniseInput>,
) -> Api<BatchDto> {
    batches::recognise(&s.ctx.db, &actor, id, &input)
        .await
        .map(Json)
        .map_err(ApiError::from)
}

/// Withdraws the batch's results decision (its issuing authority: the province's officers for a
/// provincial decision, central officers for the ministry's): the certificates it issued are
/// revoked, the batch waits for a new decision; the withdrawn one stays in `decisions`.
#[utoipa::path(post, path = "/api/v1/batches/{id}/withdraw-decision", tag = "councils", params(("id" = Uuid, Path)), request_body = WithdrawInput,
    responses((status = 200, body = BatchDto), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn withdraw_decision(
    State(s): State<AppState>,
    RequireActor(actor): RequireActor,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<WithdrawInput>,
) -> Api<BatchDto> {
    withdrawal::withdraw(&s.ctx.db, &actor, id, &input)
        .await
        .map(Json)
        .map_err(ApiError::from)
}

/// A batch document: `results`, `minutes` or `decision`, as `.xlsx` or `.pdf` (the PDFs are
/// laid out as Vietnamese administrative documents with the fonts embedded). Before any result,
/// only the minutes exist (409).
#[utoipa::path(get, path = "/api/v1/batches/{id}/documents/{document}", tag = "councils",
    params(("id" = Uuid, Path), ("document" = String, Path, description = "results.xlsx, minutes.xlsx, decision.xlsx, results.pdf, minutes.pdf or decision.pdf")),
    responses(
        (status = 200, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        (status = 200, content_type = "application/pdf"),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn document(
    State(s): State<AppState>,
    RequestLang(lang): RequestLang,
    RequireActor(actor): RequireActor,
    ApiPath((id, name)): ApiPath<(Uuid, String)>,
) -> Result<Response, ApiError> {
    let file = DocumentFile::parse(&name).ok_or_else(|| ApiError::new(ocop_service::ServiceError::NotFound, lang))?;
    let bytes = documents::render_file(&s.ctx.db, &actor, id, file).await?;
    Ok(document_response(file, bytes))
}

/// A document download.
pub fn document_response(file: DocumentFile, bytes: Vec<u8>) -> Response {
    (
        [
            (header::CONTENT_TYPE, file.content_type().to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{}\"", file.file_name()),
            ),
        ],
        bytes,
    )
        .into_response()
}

/// The sheets of a dossier's current round as the caller may see them (others' only after
/// submitting one's own).
#[utoipa::path(get, path = "/api/v1/batches/{id}/dossiers/{dossier_id}/sheets", tag = "councils",
    params(("id" = Uuid, Path), ("dossier_id" = Uuid, Path)),
    responses((status = 200, body = SheetsView), (status = 404, body = ErrorBody)))]
pub async fn sheets(
    State(s): State<AppState>,
    RequireActor(actor): RequireActor,
    ApiPath((id, dossier_id)): ApiPath<(Uuid, Uuid)>,
) -> Api<SheetsView> {
    scoring::sheets(&s.ctx.db, &actor, id, dossier_id)
        .await
        .map(Json)
        .map_err(ApiError::from)
}

/// Saves one answer of the caller's sheet; returns the sheet with the running total the server
/// computed.
#[utoipa::path(post, path = "/api/v1/batches/{id}/dossiers/{dossier_id}/answers", tag = "councils",
    params(("id" = Uuid, Path), ("dossier_id" = Uuid, Path)), request_body = AnswerInput,
    responses((status = 200, body = SheetDto), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn answer(
    State(s): State<AppState>,
    RequireActor(actor): RequireActor,
    ApiPath((id, dossier_id)): ApiPath<(Uuid, Uuid)>,
    ApiJson(input): ApiJson<AnswerInput>,
) -> Api<SheetDto> {
    scoring::answer(&s.ctx.db, &actor, id, dossier_id, &input)
        .await
        .map(Json)
        .map_err(ApiError::from)
}

/// Submits the caller's sheet (every criterion answered).
#[utoipa::path(post, path = "/api/v1/batches/{id}/dossiers/{dossier_id}/submit", tag = "councils",
    params(("id" = Uuid, Path), ("dossier_id" = Uuid, Path)),
    responses((status = 200, body = SheetDto), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn submit(
    State(s): State<AppState>,
    RequireActor(actor): RequireActor,
    ApiPath((id, dossier_id)): ApiPath<(Uuid, Uuid)>,
) -> Api<SheetDto> {
    scoring::submit(&s.ctx.db, &actor, id, dossier_id)
        .await
        .map(Json)
        .map_err(ApiError::from)
}

/// Declares the caller's conflict of interest: recused for this dossier.
#[utoipa::path(post, path = "/api/v1/batches/{id}/dossiers/{dossier_id}/recusal", tag = "councils",
    params(("id" = Uuid, Path), ("dossier_id" = Uuid, Path)), request_body = RecusalInput,
    responses((status = 200, body = BatchDto), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn recuse(
    State(s): State<AppState>,
    RequireActor(actor): RequireActor,
    ApiPath((id, dossier_id)): ApiPath<(Uuid, Uuid)>,
    ApiJson(input): ApiJson<RecusalInput>,
) -> Api<BatchDto> {
    scoring::recuse(&s.ctx.db, &actor, id, dossier_id, &input)
        .await
        .map(Json)
        .map_err(ApiError::from)
}

/// Opens the next round (re-scoring after a recorded discussion, or tests pending).
#[utoipa::path(post, path = "/api/v1/batches/{id}/dossiers/{dossier_id}/rounds", tag = "councils",
    params(("id" = Uuid, Path), ("dossier_id" = Uuid, Path)), request_body = RoundInput,
    responses((status = 200, body = BatchDto), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn new_round(
    State(s): State<AppState>,
    RequireActor(actor): RequireActor,
    ApiPath((id, dossier_id)): ApiPath<(Uuid, Uuid)>,
    ApiJson(input): ApiJson<RoundInput>,
) -> Api<BatchDto> {
    scoring::new_round(&s.ctx.db, &actor, id, dossier_id, &input)
        .await
        .map(Json)
        .map_err(ApiError::from)
}

/// Records the disqualifiers of the dossier's criteria set that the council found (the chair,
/// managers) while the dossier is being scored, each with a note; replaces what was recorded
/// (an empty list clears it). Closing then leaves the dossier not recognised.
#[utoipa::path(post, path = "/api/v1/batches/{id}/dossiers/{dossier_id}/disqualifiers", tag = "councils",
    params(("id" = Uuid, Path), ("dossier_id" = Uuid, Path)), request_body = DisqualifiersInput,
    responses((status = 200, body = BatchDto), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn disqualifiers(
    State(s): State<AppState>,
    RequireActor(actor): RequireActor,
    ApiPath((id, dossier_id)): ApiPath<(Uuid, Uuid)>,
    ApiJson(input): ApiJson<DisqualifiersInput>,
) -> Api<BatchDto> {
    disqualifier_findings::record(&s.ctx.db, &actor, id, dossier_id, &input)
        .await
        .map(Json)
        .map_err(ApiError::from)
}
