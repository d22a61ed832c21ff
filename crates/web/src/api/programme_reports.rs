//! `/api/v1/programme/reports` (JSON, .xlsx, PDF): the six-monthly and annual
//! programme report of a unit or of the country; `/api/v1/programme/ptnt.*`:
//! the national agricultural database export (table PTNT_OCOP, .xlsx and CSV).

use axum::Json;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use ocop_service::programme::reports::{self, ProgrammeReport, ReportParams};
use ocop_service::programme::{ptnt, report_pdf, report_xlsx};

use super::extract::ApiQuery;
use crate::app::AppState;
use crate::auth::RequireActor;
use crate::error::{ApiError, ErrorBody};

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

fn download(bytes: Vec<u8>, content_type: &str, filename: &str) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type.to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{filename}\""),
            ),
            (header::CACHE_CONTROL, "private, no-store".to_owned()),
        ],
        bytes,
    )
        .into_response()
}

fn stem(report: &ProgrammeReport) -> String {
    format!("bao-cao-ocop-{}-{}", report.unit_id.replace('/', "-"), report.period)
}

/// A programme report as JSON: summary, tables by unit and by star, product lists, tasks, targets, SVG charts.
#[utoipa::path(get, path = "/api/v1/programme/reports", tag = "programme", params(ReportParams),
    responses((status = 200, body = ProgrammeReport), (status = 422, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn report(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
    ApiQuery(params): ApiQuery<ReportParams>,
) -> Result<Json<ProgrammeReport>, ApiError> {
    reports::report(&state.ctx.db, &actor, &params)
        .await
        .map(Json)
        .map_err(ApiError::from)
}

/// The same report as an .xlsx workbook (one sheet per table).
#[utoipa::path(get, path = "/api/v1/programme/reports.xlsx", tag = "programme", params(ReportParams),
    responses((status = 200, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body = Vec<u8>), (status = 422, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn report_xlsx(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
    ApiQuery(params): ApiQuery<ReportParams>,
) -> Result<Response, ApiError> {
    let report = reports::report(&state.ctx.db, &actor, &params).await?;
    let bytes = report_xlsx::report_xlsx(&report)?;
    Ok(download(bytes, XLSX, &format!("{}.xlsx", stem(&report))))
}

/// The same report as PDF, laid out as an administrative report with its charts.
#[utoipa::path(get, path = "/api/v1/programme/reports.pdf", tag = "programme", params(ReportParams),
    responses((status = 200, content_type = "application/pdf", body = Vec<u8>), (status = 422, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn report_pdf(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
    ApiQuery(params): ApiQuery<ReportParams>,
) -> Result<Response, ApiError> {
    let report = reports::report(&state.ctx.db, &actor, &params).await?;
    let bytes = report_pdf::report_pdf(&report).await?;
    Ok(download(bytes, "application/pdf", &format!("{}.pdf", stem(&report))))
}

/// The national agricultural database export (PTNT_OCOP) as .xlsx (docs/REPORTS.md).
#[utoipa::path(get, path = "/api/v1/programme/ptnt.xlsx", tag = "programme", params(ReportParams),
    responses((status = 200, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body = Vec<u8>), (status = 422, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn ptnt_xlsx(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
    ApiQuery(params): ApiQuery<ReportParams>,
) -> Result<Response, ApiError> {
    let (request, rows) = ptnt::rows(&state.ctx.db, &actor, &params).await?;
    let bytes = ptnt::xlsx(&rows)?;
    Ok(download(
        bytes,
        XLSX,
        &format!("{}.xlsx", request.file_stem("ptnt-ocop")),
    ))
}

/// The national agricultural database export (PTNT_OCOP) as CSV (UTF-8, header row).
#[utoipa::path(get, path = "/api/v1/programme/ptnt.csv", tag = "programme", params(ReportParams),
    responses((status = 200, content_type = "text/csv", body = String), (status = 422, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn ptnt_csv(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
    ApiQuery(params): ApiQuery<ReportParams>,
) -> Result<Response, ApiError> {
    let (request, rows) = ptnt::rows(&state.ctx.db, &actor, &params).await?;
    let bytes = ptnt::csv(&rows)?;
    Ok(download(
        bytes,
        "text/csv; charset=utf-8",
        &format!("{}.csv", request.file_stem("ptnt-ocop")),
    ))
}
