//! Turning service failures into responses: JSON for `/api/…`, an HTML page
//! otherwise. Every refusal is a 4xx with a stable code and a message in the
//! user's language; only a genuine server fault is a 500, logged with an id.

use std::sync::Arc;

use axum::Json;
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::{Html, IntoResponse, Response};
use ocop_domain::{ErrorCode, Lang, ValidationErrors};
use ocop_service::ServiceError;
use serde::Serialize;
use utoipa::ToSchema;

/// The HTTP status of an error code.
pub fn status_of(code: ErrorCode) -> StatusCode {
    use ErrorCode::*;
    match code {
        ValidationFailed
        | Required
        | TooLong
        | ControlCharacter
        | TooManyTerms
        | WorkbookDeclaresTooMuch
        | InvalidChoice
        | InvalidDate
        | DateOrder
        | InvalidNumber
        | InvalidTaxCode
        | InvalidRegistrationNumber
        | InvalidGtin
        | InvalidPhone
        | InvalidEmail
        | UnknownAdminUnit
        | WrongAdminLevel
        | UnknownProductSet
        | UnknownProducer
        | DuplicateRegistration
        | DuplicateUsername
        | WeakPassword
        | InvalidImage
        | ImageTooLarge
        | InvalidStars
        | WrongIssuer
        | NotAnUpgrade
        | DecisionNotPast
        | DecisionScanRequired
        | NothingToAmend
        | ImportRejected
        | UnknownLegalBasis
        | CriteriaSetIncomplete
        | CriteriaSumMismatch
        | CriteriaPartMismatch
        | CriteriaOptionMismatch
        | DuplicateCode
        | InvalidMandatory
        | UnknownOffice
        | InvalidDeadline
        | UnknownTargetKind
        | InvalidPeriod
        | ProducerOutsideUnit => StatusCode::UNPROCESSABLE_ENTITY,
        SheetIncomplete | DiscussionRequired => StatusCode::UNPROCESSABLE_ENTITY,
        DossierIncomplete
        | CommuneReportIncomplete
        | ReasonRequired
        | NoLegalBasis
        | StarAboveBand
        | CriteriaSetNotPublished => StatusCode::UNPROCESSABLE_ENTITY,
        DecisionInFuture | DecisionBeforeMeeting | WrongLegalBasis => StatusCode::UNPROCESSABLE_ENTITY,
        BadRequest => StatusCode::BAD_REQUEST,
        Unauthenticated | BadCredentials => StatusCode::UNAUTHORIZED,
        Forbidden | CsrfFailed | NotIssuingAuthority => StatusCode::FORBIDDEN,
        MemberRecused | SecretaryMayNotScore | SheetsHidden | MemberAbsent => StatusCode::FORBIDDEN,
        NotFound => StatusCode::NOT_FOUND,
        Conflict | InvalidTransition | CriteriaSetPublished | TaskAlreadyDone | PlanExists => StatusCode::CONFLICT,
        NoQuorum | SheetSubmitted | NotSentInTime | DossierNotEligible | BatchState => StatusCode::CONFLICT,
        DossierConditionNotMet | RescoringRequired | WrongRoute | DossierLocked => StatusCode::CONFLICT,
        AttendanceNotRecorded | NoQuorumPresent | MinutesFrozen => StatusCode::CONFLICT,
        CertificateInForce | CertifiedFactsFrozen => StatusCode::CONFLICT,
        EvidenceNotInVault | CaseMergeInvalid | InspectionInFuture => StatusCode::UNPROCESSABLE_ENTITY,
        ConsequenceNotDue | NoCertificateToAct => StatusCode::CONFLICT,
        TooManyAttempts | RateLimited => StatusCode::TOO_MANY_REQUESTS,
        PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
        UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
        ServiceUnavailable => StatusCode::SERVICE_UNAVAILABLE,
        StorageFull => StatusCode::INSUFFICIENT_STORAGE,
        CriteriaSetMissing | RequiredDocumentMissing => StatusCode::UNPROCESSABLE_ENTITY,
        UpgradeRequiresCertificate | ReevaluationRequiresExpiringCertificate | DossierAlreadyOpen => {
            StatusCode::CONFLICT
        }
        Internal => StatusCode::INTERNAL_SERVER_ERROR,
        NotSeatedOnCouncil => StatusCode::FORBIDDEN,
    }
}

/// One field failure in a response.
#[derive(Debug, Serialize, ToSchema)]
pub struct FieldErrorBody {
    /// Field name.
    pub field: String,
    /// Error code.
    pub code: String,
    /// Message in the request's language.
    pub message: String,
}

/// The error object.
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorDetail {
    /// Stable code, e.g. `validation_failed`, `forbidden`, `not_found`.
    pub code: String,
    /// Message in the request's language (Vietnamese unless asked otherwise).
    pub message: String,
    /// Field failures, for `validation_failed`.
    pub fields: Vec<FieldErrorBody>,
}

/// Every API error response has this shape.
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorBody {
    /// The error.
    pub error: ErrorDetail,
}

/// Builds the JSON error body.
pub fn error_body(lang: Lang, code: ErrorCode, fields: Option<&ValidationErrors>) -> ErrorBody {
    let fields = fields
        .map(|errors| {
            errors
                .fields
                .iter()
                .map(|f| FieldErrorBody {
                    field: f.field.clone(),
                    code: f.code.as_str().to_owned(),
                    message: f.code.message(lang).to_owned(),
                })
                .collect()
        })
        .unwrap_or_default();
    ErrorBody {
        error: ErrorDetail {
            code: code.as_str().to_owned(),
            message: code.message(lang).to_owned(),
            fields,
        },
    }
}

/// An error for the JSON API.
#[derive(Debug)]
pub struct ApiError {
    /// What failed.
    pub error: ServiceError,
    /// In which language to say it.
    pub lang: Lang,
}

impl ApiError {
    /// Wraps a service error.
    pub fn new(error: ServiceError, lang: Lang) -> Self {
        Self { error, lang }
    }

    /// A bare code.
    pub fn code(code: ErrorCode, lang: Lang) -> Self {
        Self {
            error: ServiceError::Coded(code),
            lang,
        }
    }
}

fn log_if_server_fault(error: &ServiceError) -> Option<String> {
    match error {
        ServiceError::Internal(detail) => {
            let incident = uuid::Uuid::now_v7().simple().to_string();
            tracing::error!(%incident, %detail, "internal error");
            Some(incident)
        }
        ServiceError::Unavailable(detail) => {
            tracing::warn!(%detail, "database unavailable");
            None
        }
        _ => None,
    }
}

impl From<ServiceError> for ApiError {
    /// A handler's `?`: the language is the request's, filled in by [`localise`].
    fn from(error: ServiceError) -> Self {
        Self { error, lang: Lang::Vi }
    }
}

/// A refusal on its way out, said again in the request's language by [`localise`]: the one
/// place that turns a service error into words, for the JSON API and the pages alike.
#[derive(Clone)]
struct Unsaid {
    error: Arc<ServiceError>,
    incident: Option<String>,
    api: bool,
}

/// The JSON problem of a service error.
fn api_response(error: &ServiceError, lang: Lang, incident: Option<&str>) -> Response {
    let code = error.code();
    let mut body = error_body(lang, code, error.field_errors());
    if let Some(counts) = counts_sentence(error, lang) {
        body.error.message = format!("{} {counts}", body.error.message);
    }
    if let Some(incident) = incident {
        body.error.message = format!("{} (mã sự cố {incident})", body.error.message);
    }
    let mut response = (status_of(code), Json(body)).into_response();
    if code == ErrorCode::ServiceUnavailable {
        response.headers_mut().insert(
            axum::http::header::RETRY_AFTER,
            axum::http::HeaderValue::from_static("5"),
        );
    }
    response
}

/// The error page of a service error (a sign-in is asked for by a redirect, not a page).
fn page_response(error: &ServiceError, lang: Lang, incident: Option<&str>) -> Response {
    let code = error.code();
    if code == ErrorCode::Unauthenticated {
        return axum::response::Redirect::to("/login").into_response();
    }
    let mut page = error_page(lang, code, incident);
    if let Some(counts) = counts_sentence(error, lang) {
        let message = code.message(lang);
        page = page.replacen(message, &format!("{message} {counts}"), 1);
    }
    (status_of(code), Html(page)).into_response()
}

fn unsaid(mut response: Response, error: ServiceError, incident: Option<String>, api: bool) -> Response {
    response.extensions_mut().insert(Unsaid {
        error: Arc::new(error),
        incident,
        api,
    });
    response
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let incident = log_if_server_fault(&self.error);
        let response = api_response(&self.error, self.lang, incident.as_deref());
        unsaid(response, self.error, incident, true)
    }
}

/// Says every service error a handler returned in the language of the request (its `?lang=`,
/// its cookie, for the API its `Accept-Language`), so a handler only writes `?`.
pub async fn localise(request: axum::extract::Request, next: axum::middleware::Next) -> Response {
    let (parts, body) = request.into_parts();
    let lang = crate::i18n::lang_of(&parts);
    let mut response = next.run(axum::extract::Request::from_parts(parts, body)).await;
    let Some(Unsaid { error, incident, api }) = response.extensions_mut().remove::<Unsaid>() else {
        return response;
    };
    let said = if api {
        api_response(&error, lang, incident.as_deref())
    } else {
        page_response(&error, lang, incident.as_deref())
    };
    let (mut head, _) = response.into_parts();
    let (said_head, said_body) = said.into_parts();
    head.status = said_head.status;
    head.headers.remove(axum::http::header::CONTENT_LENGTH);
    for (name, value) in &said_head.headers {
        head.headers.insert(name.clone(), value.clone());
    }
    Response::from_parts(head, said_body)
}

/// The counts a [`ServiceError::Counted`] carries, as a sentence ("Có mặt 2, cần 3.").
pub(crate) fn counts_sentence(error: &ServiceError, lang: Lang) -> Option<String> {
    match error {
        ServiceError::Counted { have, need, .. } => Some(match lang {
            Lang::Vi => format!("Có mặt {have}, cần {need}."),
            _ => format!("Present: {have}, needed: {need}."),
        }),
        ServiceError::OverSpread {
            subject, spread, limit, ..
        } => {
            let over = ocop_domain::evaluation::Points(spread.0.saturating_sub(limit.0));
            Some(match lang {
                Lang::Vi => format!(
                    "Hồ sơ «{subject}»: tổng điểm của các thành viên chênh nhau {spread} điểm, vượt {over} điểm so với mức cho phép {limit} điểm."
                ),
                _ => format!(
                    "Dossier «{subject}»: the members' totals are {spread} points apart, {over} points above the {limit} allowed."
                ),
            })
        }
        _ => None,
    }
}

/// An error on an HTML page.
#[derive(Debug)]
pub struct PageError {
    /// What failed.
    pub error: ServiceError,
    /// Language.
    pub lang: Lang,
}

impl PageError {
    /// Wraps a service error.
    pub fn new(error: ServiceError, lang: Lang) -> Self {
        Self { error, lang }
    }
}

impl From<ServiceError> for PageError {
    /// A handler's `?`: the language is the request's, filled in by [`localise`].
    fn from(error: ServiceError) -> Self {
        Self { error, lang: Lang::Vi }
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let incident = log_if_server_fault(&self.error);
        let response = page_response(&self.error, self.lang, incident.as_deref());
        unsaid(response, self.error, incident, false)
    }
}

/// A small self-contained error page (no template, so it renders even when templates fail).
pub fn error_page(lang: Lang, code: ErrorCode, incident: Option<&str>) -> String {
    let title = lang.pick("Không thực hiện được", "Could not be done");
    let back = lang.pick("Về trang chủ", "Back to the home page");
    let incident = incident
        .map(|i| format!("<p><small>{} {i}</small></p>", lang.pick("Mã sự cố:", "Incident:")))
        .unwrap_or_default();
    format!(
        "<!doctype html><html lang=\"{}\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
<title>{title}</title><link rel=\"icon\" href=\"/assets/favicon.svg\"><link rel=\"stylesheet\" href=\"/assets/vendor/pico.min.css\"><link rel=\"stylesheet\" href=\"/assets/site.css\"></head>\
<body><main class=\"container\"><h1>{title}</h1><p data-error-code=\"{}\">{}</p>{incident}<p><a href=\"/\">{back}</a></p></main></body></html>",
        lang.tag(),
        code.as_str(),
        code.message(lang)
    )
}

/// An error response before any handler runs (CSRF, body limits): JSON for the API, HTML otherwise.
pub fn error_response(parts: &Parts, lang: Lang, code: ErrorCode, incident: Option<&str>) -> Response {
    if parts.uri.path().starts_with("/api/") {
        (status_of(code), Json(error_body(lang, code, None))).into_response()
    } else {
        (status_of(code), Html(error_page(lang, code, incident))).into_response()
    }
}

/// Rejections that axum's own extractors answer in plain text (a raw body over the
/// size limit, a malformed form or path) get our error shape instead: the JSON body
/// with a code and a Vietnamese message for `/api/…`, the error page elsewhere.
/// The status is kept.
pub async fn plain_rejections(request: axum::extract::Request, next: axum::middleware::Next) -> Response {
    let (parts, body) = request.into_parts();
    let lang = crate::i18n::lang_of(&parts);
    let head = axum::http::Request::builder()
        .method(parts.method.clone())
        .uri(parts.uri.clone())
        .body(())
        .map(|r| r.into_parts().0);
    let response = next.run(axum::extract::Request::from_parts(parts, body)).await;
    let plain = response
        .headers()
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/plain"));
    let code = match response.status().as_u16() {
        400 => ErrorCode::BadRequest,
        413 => ErrorCode::PayloadTooLarge,
        415 => ErrorCode::UnsupportedMediaType,
        422 => ErrorCode::ValidationFailed,
        _ => return response,
    };
    match head {
        Ok(head) if plain => error_response(&head, lang, code, None),
        _ => response,
    }
}
