//! `/api/v1/certificates` (officers), `/api/v1/verify/{code}`,
//! `/api/v1/catalogue` and `/api/v1/open-data/certificates.{csv,json}` (public).

use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use ocop_domain::certificate::input::{RevocationInput, SuspensionInput};
use ocop_service::admin_units::Paged;
use ocop_service::certificates::catalogue::{self, CatalogueParams, OpenDataRecord, WorklistItem, WorklistParams};
use ocop_service::certificates::import::{self, ImportOutcome};
use ocop_service::certificates::issue::{self, RecordInput, ReissueInput, ScanStored};
use ocop_service::certificates::signals::{self, ReportStatusInput, ReportView, Signals, SignalsParams};
use ocop_service::certificates::verify::{self, Verification};
use ocop_service::certificates::{CertificateDto, lifecycle, printing};
use uuid::Uuid;

use super::extract::{ApiJson, ApiPath, ApiQuery};
use crate::app::AppState;
use crate::auth::RequireActor;
use crate::error::{ApiError, ErrorBody};
use crate::throttle::Client;

/// Records a recognition decision signed on paper before today (ghi nhận quyết định đã ban hành)
/// from its scan (`scan_sha256`, uploaded by `POST /api/v1/decision-scans`): one certificate per
/// product, marked `recorded`, all or none. Refused (422 `decision_not_past`) for a decision dated
/// today or later — a new decision comes from a dossier and a council —, without the scan (422
/// `decision_scan_required`), for a product holding a certificate in force (409
/// `certificate_in_force`), and unless the caller acts for the decision's issuer (403
/// `not_issuing_authority`: central officers for the ministry's 5★, province officers for their
/// province's and its former districts' 3–4★).
#[utoipa::path(post, path = "/api/v1/certificates", tag = "certificates", request_body = RecordInput,
    responses((status = 201, body = Vec<CertificateDto>), (status = 422, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn issue(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
    ApiJson(input): ApiJson<RecordInput>,
) -> Result<(StatusCode, Json<Vec<CertificateDto>>), ApiError> {
    issue::record(&state.ctx.db, &state.ctx.files, &actor, &input)
        .await
        .map(|c| (StatusCode::CREATED, Json(c)))
        .map_err(ApiError::from)
}

/// Stores a scanned decision for a later recording: the raw PDF, JPEG, PNG or WebP bytes as the
/// body (at most 10 MiB; the type is read from the content). Province and central officers,
/// administrators.
#[utoipa::path(post, path = "/api/v1/decision-scans", tag = "certificates",
    request_body(content = Vec<u8>, content_type = "application/octet-stream"),
    responses((status = 201, body = ScanStored), (status = 413, body = ErrorBody), (status = 415, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn upload_scan(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
    body: Bytes,
) -> Result<(StatusCode, Json<ScanStored>), ApiError> {
    issue::upload_scan(&state.ctx.files, &actor, &body)
        .await
        .map(|s| (StatusCode::CREATED, Json(s)))
        .map_err(ApiError::from)
}

/// One certificate with its status today.
#[utoipa::path(get, path = "/api/v1/certificates/{id}", tag = "certificates", params(("id" = Uuid, Path)),
    responses((status = 200, body = CertificateDto), (status = 404, body = ErrorBody)))]
pub async fn get(State(state): State<AppState>, ApiPath(id): ApiPath<Uuid>) -> Result<Json<CertificateDto>, ApiError> {
    lifecycle::get(&state.ctx.db, id)
        .await
        .map(Json)
        .map_err(ApiError::from)
}

/// A PDF response shown in the browser, saved as `filename`.
pub(crate) fn pdf_response(bytes: Vec<u8>, filename: &str) -> Response {
    (
        [
            (header::CONTENT_TYPE, "application/pdf".to_owned()),
            (header::CONTENT_DISPOSITION, format!("inline; filename=\"{filename}\"")),
            (header::CACHE_CONTROL, "private, no-store".to_owned()),
        ],
        bytes,
    )
        .into_response()
}

/// The certificate as a PDF (Vietnamese administrative layout, QR code to `/v/{code}`), for officials in scope.
#[utoipa::path(get, path = "/api/v1/certificates/{id}/pdf", tag = "certificates", params(("id" = Uuid, Path)),
    responses((status = 200, content_type = "application/pdf", body = Vec<u8>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn pdf(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Response, ApiError> {
    let bytes = printing::certificate_pdf(&state.ctx.db, &actor, id, &state.config.public_base_url).await?;
    Ok(pdf_response(bytes, &format!("giay-chung-nhan-{id}.pdf")))
}

/// Every certificate a recognition decision issued, one page each, for officials in scope of all of them.
#[utoipa::path(get, path = "/api/v1/decisions/{id}/certificates.pdf", tag = "certificates", params(("id" = Uuid, Path)),
    responses((status = 200, content_type = "application/pdf", body = Vec<u8>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn decision_pdf(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Response, ApiError> {
    let bytes = printing::decision_pdf(&state.ctx.db, &actor, id, &state.config.public_base_url).await?;
    Ok(pdf_response(bytes, &format!("quyet-dinh-{id}-giay-chung-nhan.pdf")))
}

/// Records a renewal (công nhận lại) signed on paper before today, from its scan: the new
/// certificate supersedes the old one. The same refusals as recording a decision; the caller must
/// act for the old certificate's issuer too.
#[utoipa::path(post, path = "/api/v1/certificates/{id}/renew", tag = "certificates", params(("id" = Uuid, Path)), request_body = ReissueInput,
    responses((status = 201, body = CertificateDto), (status = 422, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn renew(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<ReissueInput>,
) -> Result<(StatusCode, Json<CertificateDto>), ApiError> {
    issue::renew(&state.ctx.db, &state.ctx.files, &actor, id, &input)
        .await
        .map(|c| (StatusCode::CREATED, Json(c)))
        .map_err(ApiError::from)
}

/// Records an upgrade (nâng hạng) signed on paper before today, from its scan: more stars, the new
/// certificate supersedes the old one. The same refusals as recording a decision.
#[utoipa::path(post, path = "/api/v1/certificates/{id}/upgrade", tag = "certificates", params(("id" = Uuid, Path)), request_body = ReissueInput,
    responses((status = 201, body = CertificateDto), (status = 422, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn upgrade(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<ReissueInput>,
) -> Result<(StatusCode, Json<CertificateDto>), ApiError> {
    issue::upgrade(&state.ctx.db, &state.ctx.files, &actor, id, &input)
        .await
        .map(|c| (StatusCode::CREATED, Json(c)))
        .map_err(ApiError::from)
}

/// Suspends a certificate (tạm đình chỉ).
#[utoipa::path(post, path = "/api/v1/certificates/{id}/suspend", tag = "certificates", params(("id" = Uuid, Path)), request_body = SuspensionInput,
    responses((status = 200, body = CertificateDto), (status = 422, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn suspend(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<SuspensionInput>,
) -> Result<Json<CertificateDto>, ApiError> {
    lifecycle::suspend(&state.ctx.db, &actor, id, &input)
        .await
        .map(Json)
        .map_err(ApiError::from)
}

/// Revokes a certificate (thu hồi) by a revocation decision on a listed ground.
#[utoipa::path(post, path = "/api/v1/certificates/{id}/revoke", tag = "certificates", params(("id" = Uuid, Path)), request_body = RevocationInput,
    responses((status = 200, body = CertificateDto), (status = 422, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn revoke(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<RevocationInput>,
) -> Result<Json<CertificateDto>, ApiError> {
    lifecycle::revoke(&state.ctx.db, &actor, id, &input)
        .await
        .map(Json)
        .map_err(ApiError::from)
}

/// Imports existing certificates from CSV or .xlsx (the body; columns in docs/OPEN_DATA.md §Import). Any bad row: nothing saved, 422 `import_rejected` with one field error per row (`rows[{line}].{column}`).
#[utoipa::path(post, path = "/api/v1/certificates/import", tag = "certificates",
    request_body(content = String, content_type = "text/csv"),
    responses((status = 201, body = ImportOutcome), (status = 422, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn import_csv(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
    body: Bytes,
) -> Result<(StatusCode, Json<ImportOutcome>), ApiError> {
    import::import_csv(&state.ctx.db, &actor, &body)
        .await
        .map(|o| (StatusCode::CREATED, Json(o)))
        .map_err(ApiError::from)
}

/// Expiring and expired certificates in the caller's area, with the producers' contacts.
#[utoipa::path(get, path = "/api/v1/certificates/worklist", tag = "certificates", params(WorklistParams),
    responses((status = 200, body = Paged<WorklistItem>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn worklist(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
    ApiQuery(params): ApiQuery<WorklistParams>,
) -> Result<Json<Paged<WorklistItem>>, ApiError> {
    catalogue::worklist(&state.ctx.db, &actor, &params)
        .await
        .map(Json)
        .map_err(ApiError::from)
}

/// Reports of suspected fakes routed to the caller's province (all for administrators and central
/// officers), one page at a time with the total, and codes scanned after the certificate stopped
/// being in force or by unusually many distinct clients.
#[utoipa::path(get, path = "/api/v1/certificates/signals", tag = "certificates", params(SignalsParams),
    responses((status = 200, body = Signals), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn signals(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
    ApiQuery(params): ApiQuery<SignalsParams>,
) -> Result<Json<Signals>, ApiError> {
    signals::signals(&state.ctx.db, &actor, &params)
        .await
        .map(Json)
        .map_err(ApiError::from)
}

/// Sets what an officer made of a report of a suspected fake (`new`, `checked`, `forwarded` to
/// market surveillance, `dismissed`) with a reason; audited. Province officers: reports routed to
/// their province; administrators and central officers: any.
#[utoipa::path(post, path = "/api/v1/certificates/reports/{id}/status", tag = "certificates", params(("id" = Uuid, Path)),
    request_body = ReportStatusInput,
    responses((status = 200, body = ReportView), (status = 422, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn report_status(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<ReportStatusInput>,
) -> Result<Json<ReportView>, ApiError> {
    signals::set_report_status(&state.ctx.db, &actor, id, &input)
        .await
        .map(Json)
        .map_err(ApiError::from)
}

/// The worklist as an .xlsx workbook (same filters and area as the JSON worklist, every row).
#[utoipa::path(get, path = "/api/v1/certificates/worklist.xlsx", tag = "certificates", params(WorklistParams),
    responses((status = 200, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body = Vec<u8>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn worklist_xlsx(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
    ApiQuery(params): ApiQuery<WorklistParams>,
) -> Result<Response, ApiError> {
    let bytes = ocop_service::certificates::worklist_xlsx::worklist_xlsx(&state.ctx.db, &actor, &params).await?;
    Ok((
        [
            (
                header::CONTENT_TYPE,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            ),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"danh-sach-giay-chung-nhan-can-xu-ly.xlsx\"",
            ),
            (header::CACHE_CONTROL, "private, no-store"),
        ],
        bytes,
    )
        .into_response())
}

/// Verifies a public code: the certificate's status now, the product's certificate history, scan counts. Each call counts one scan. Unknown code: 404.
/// Limited per client address (429 with `Retry-After`).
#[utoipa::path(get, path = "/api/v1/verify/{code}", tag = "public", params(("code" = String, Path, description = "21-character verification code")),
    responses((status = 200, body = Verification), (status = 404, body = ErrorBody), (status = 429, body = ErrorBody)))]
pub async fn verify(
    State(state): State<AppState>,
    client: Client,
    ApiPath(code): ApiPath<String>,
) -> Result<Response, ApiError> {
    let found = verify::verify(&state.ctx.db, &code, &client.key).await?;
    Ok(([(header::CACHE_CONTROL, "no-store")], Json(found)).into_response())
}

/// The public catalogue: each certified product's current certificate with its verification code and status.
#[utoipa::path(get, path = "/api/v1/catalogue", tag = "public", params(CatalogueParams),
    responses((status = 200, body = Paged<CertificateDto>), (status = 422, body = ErrorBody)))]
pub async fn catalogue(
    State(state): State<AppState>,
    ApiQuery(params): ApiQuery<CatalogueParams>,
) -> Result<Json<Paged<CertificateDto>>, ApiError> {
    catalogue::catalogue(&state.ctx.db, &params)
        .await
        .map(Json)
        .map_err(ApiError::from)
}

/// Open data: every certificate ever issued, as JSON (schema in docs/OPEN_DATA.md).
#[utoipa::path(get, path = "/api/v1/open-data/certificates.json", tag = "public",
    responses((status = 200, body = Vec<OpenDataRecord>)))]
pub async fn open_data_json(State(state): State<AppState>) -> Result<Json<Vec<OpenDataRecord>>, ApiError> {
    catalogue::open_data(&state.ctx.db)
        .await
        .map(Json)
        .map_err(ApiError::from)
}

/// Open data: the same register as CSV (UTF-8, header row).
#[utoipa::path(get, path = "/api/v1/open-data/certificates.csv", tag = "public",
    responses((status = 200, content_type = "text/csv", body = String)))]
pub async fn open_data_csv(State(state): State<AppState>) -> Result<Response, ApiError> {
    let records = catalogue::open_data(&state.ctx.db).await?;
    let bytes = catalogue::open_data_csv(&records)?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"ocop-certificates.csv\"",
            ),
        ],
        bytes,
    )
        .into_response())
}
