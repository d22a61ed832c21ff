//! `/api/v1/dossiers`: evaluation dossiers up to "eligible", the producer's evidence vault.

use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use ocop_service::admin_units::Paged;
use ocop_service::dossiers::steps::{self, Step, StepInput};
use ocop_service::dossiers::vault::{self, DocumentDto, UploadMeta};
use ocop_service::dossiers::{
    self, AttachInput, DossierCreate, DossierDetail, DossierListParams, DossierSummary, SelfAssessmentInput,
};
use uuid::Uuid;

use super::extract::{ApiJson, ApiPath, ApiQuery};
use crate::app::AppState;
use crate::auth::RequireActor;
use crate::error::{ApiError, ErrorBody};

type Detail = Result<Json<DossierDetail>, ApiError>;

/// Lists the dossiers the caller may see (own, its area's, or all), most recently changed first;
/// `?level=central` lists the dossiers the provinces forwarded to the central level.
#[utoipa::path(get, path = "/api/v1/dossiers", tag = "dossiers", params(DossierListParams),
    responses((status = 200, body = Paged<DossierSummary>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
    ApiQuery(params): ApiQuery<DossierListParams>,
) -> Result<Json<Paged<DossierSummary>>, ApiError> {
    dossiers::list(&state.ctx.db, &actor, &params)
        .await
        .map(Json)
        .map_err(ApiError::from)
}

/// Creates a draft dossier (new, upgrade or re-evaluation) for a product.
#[utoipa::path(post, path = "/api/v1/dossiers", tag = "dossiers", request_body = DossierCreate,
    responses((status = 201, body = DossierDetail), (status = 422, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
    ApiJson(input): ApiJson<DossierCreate>,
) -> Result<(StatusCode, Json<DossierDetail>), ApiError> {
    dossiers::create(&state.ctx.db, &actor, &input)
        .await
        .map(|d| (StatusCode::CREATED, Json(d)))
        .map_err(ApiError::from)
}

/// One dossier: self-assessment with computed points and the gap to the next star, evidence
/// with expiry warnings, history, and the steps the caller may take.
#[utoipa::path(get, path = "/api/v1/dossiers/{id}", tag = "dossiers", params(("id" = Uuid, Path)),
    responses((status = 200, body = DossierDetail), (status = 404, body = ErrorBody)))]
pub async fn get(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
    ApiPath(id): ApiPath<Uuid>,
) -> Detail {
    dossiers::get(&state.ctx.db, &actor, id)
        .await
        .map(Json)
        .map_err(ApiError::from)
}

/// Replaces the self-assessment: one option index per criterion; points are computed here.
#[utoipa::path(put, path = "/api/v1/dossiers/{id}/self-assessment", tag = "dossiers", params(("id" = Uuid, Path)),
    request_body = SelfAssessmentInput,
    responses((status = 200, body = DossierDetail), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn self_assess(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<SelfAssessmentInput>,
) -> Detail {
    dossiers::self_assess(&state.ctx.db, &actor, id, &input)
        .await
        .map(Json)
        .map_err(ApiError::from)
}

/// Attaches a document of the producer's vault, for one criterion or the whole dossier.
#[utoipa::path(post, path = "/api/v1/dossiers/{id}/evidence", tag = "dossiers", params(("id" = Uuid, Path)),
    request_body = AttachInput,
    responses((status = 200, body = DossierDetail), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn attach(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<AttachInput>,
) -> Detail {
    dossiers::attach(&state.ctx.db, &actor, id, &input)
        .await
        .map(Json)
        .map_err(ApiError::from)
}

/// Detaches a document (the vault keeps it).
#[utoipa::path(delete, path = "/api/v1/dossiers/{id}/evidence/{attachment_id}", tag = "dossiers",
    params(("id" = Uuid, Path), ("attachment_id" = Uuid, Path)),
    responses((status = 200, body = DossierDetail), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn detach(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
    ApiPath((id, attachment_id)): ApiPath<(Uuid, Uuid)>,
) -> Detail {
    dossiers::detach(&state.ctx.db, &actor, id, attachment_id)
        .await
        .map(Json)
        .map_err(ApiError::from)
}

async fn step(state: AppState, actor: ocop_service::Actor, id: Uuid, step: Step, input: StepInput) -> Detail {
    steps::take(&state.ctx.db, &actor, id, step, &input)
        .await
        .map(Json)
        .map_err(ApiError::from)
}

macro_rules! step_route {
    ($name:ident, $path:literal, $step:expr, $doc:literal) => {
        #[doc = $doc]
        #[utoipa::path(post, path = $path, tag = "dossiers", params(("id" = Uuid, Path)), request_body = StepInput,
            responses((status = 200, body = DossierDetail), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
        pub async fn $name(
            State(state): State<AppState>,
            RequireActor(actor): RequireActor,
            ApiPath(id): ApiPath<Uuid>,
            ApiJson(input): ApiJson<StepInput>,
        ) -> Detail {
            step(state, actor, id, $step, input).await
        }
    };
}

step_route!(
    submit,
    "/api/v1/dossiers/{id}/submit",
    Step::Submit,
    "Submits a draft (fixing the legal basis by today's date and freezing the criteria set) or resubmits a returned dossier; needs the mandatory documents and a complete self-assessment."
);
step_route!(
    receive,
    "/api/v1/dossiers/{id}/receive",
    Step::Receive,
    "The commune receives a submitted dossier."
);
step_route!(
    return_by_commune,
    "/api/v1/dossiers/{id}/return-by-commune",
    Step::ReturnByCommune,
    "The commune returns the dossier for supplement, with `reasons`."
);
step_route!(
    commune_report,
    "/api/v1/dossiers/{id}/commune-report",
    Step::CommuneReport,
    "The commune issues its report: `meeting_on` and a finding for each of the four commune criteria."
);
step_route!(
    propose,
    "/api/v1/dossiers/{id}/propose",
    Step::Propose,
    "The commune proposes the dossier to the province."
);
step_route!(
    start_check,
    "/api/v1/dossiers/{id}/start-check",
    Step::StartCheck,
    "The province's advisory team starts checking."
);
step_route!(
    return_by_province,
    "/api/v1/dossiers/{id}/return",
    Step::Return,
    "The province returns the dossier with `reasons`."
);
step_route!(
    find_eligible,
    "/api/v1/dossiers/{id}/find-eligible",
    Step::FindEligible,
    "The province finds the dossier eligible for evaluation (ready for a batch)."
);

/// The producer's evidence vault, newest first, each document flagged `valid`, `expiring` or `expired`.
#[utoipa::path(get, path = "/api/v1/producers/{id}/evidence", tag = "dossiers", params(("id" = Uuid, Path)),
    responses((status = 200, body = Vec<DocumentDto>), (status = 404, body = ErrorBody)))]
pub async fn vault_list(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Json<Vec<DocumentDto>>, ApiError> {
    vault::list(&state.ctx.db, &actor, id)
        .await
        .map(Json)
        .map_err(ApiError::from)
}

/// Adds a document to the producer's vault: the raw PDF, JPEG, PNG or WebP bytes as the body
/// (at most 8 MiB; the type is read from the content), its type and dates in the query.
#[utoipa::path(post, path = "/api/v1/producers/{id}/evidence", tag = "dossiers", params(("id" = Uuid, Path), UploadMeta),
    request_body(content = Vec<u8>, content_type = "application/octet-stream"),
    responses((status = 201, body = DocumentDto), (status = 413, body = ErrorBody), (status = 415, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn vault_upload(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
    ApiPath(id): ApiPath<Uuid>,
    ApiQuery(meta): ApiQuery<UploadMeta>,
    body: Bytes,
) -> Result<(StatusCode, Json<DocumentDto>), ApiError> {
    vault::upload(&state.ctx.db, &state.ctx.files, &actor, id, &meta, &body)
        .await
        .map(|d| (StatusCode::CREATED, Json(d)))
        .map_err(ApiError::from)
}

/// A vault document's content.
#[utoipa::path(get, path = "/api/v1/evidence/{id}", tag = "dossiers", params(("id" = Uuid, Path)),
    responses((status = 200, content_type = "application/pdf", body = Vec<u8>), (status = 404, body = ErrorBody)))]
pub async fn download(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Response, ApiError> {
    let (bytes, mime) = vault::download(&state.ctx.db, &state.ctx.files, &actor, id).await?;
    Ok((
        [
            (header::CONTENT_TYPE, mime),
            (header::CACHE_CONTROL, "private, no-store".to_owned()),
            (header::CONTENT_DISPOSITION, "attachment".to_owned()),
        ],
        bytes,
    )
        .into_response())
}
