//! Officers' certificate pages: one certificate with its printable PDF and the
//! lifecycle forms of the issuing authority (suspend, revoke; renewal and upgrade go through a
//! dossier and a council), and the notices of the daily job. The same services as the API; plain forms with CSRF, no script.

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::NaiveDate;
use ocop_domain::certificate::input::{RevocationInput, SuspensionInput};
use ocop_domain::certificate::signals::ReportStatus;
use ocop_domain::certificate::{CertificateStatus, IssuerLevel, RevocationGround, authority};
use ocop_domain::role::may_print_certificates;
use ocop_service::ServiceError;
use ocop_service::certificates::daily::{self, NoticeView};
use ocop_service::certificates::signals::{self, ReportStatusInput, Signals, SignalsParams};
use ocop_service::certificates::{CertificateDto, area_of, lifecycle};
use serde::Deserialize;
use uuid::Uuid;

use super::chrome::Chrome;
use super::forms::Choice;
use super::render;
use crate::app::AppState;
use crate::auth::RequireActor;
use crate::error::PageError;
use crate::form_day::FormDay;

#[derive(Template)]
#[template(path = "certificate_detail.html")]
struct CertificatePage {
    chrome: Chrome,
    c: CertificateDto,
    can_manage: bool,
    can_print: bool,
    grounds: Vec<Choice>,
    error: Option<String>,
}

impl CertificatePage {
    fn d(&self, date: &NaiveDate) -> String {
        date.format("%d/%m/%Y").to_string()
    }

    fn status_label(&self) -> &'static str {
        let (vi, en) = self.c.status.banner();
        self.chrome.t(vi, en)
    }

    fn stars(&self) -> String {
        "★".repeat(usize::from(self.c.stars))
    }

    fn revocable(&self) -> bool {
        !matches!(
            self.c.status,
            CertificateStatus::Revoked | CertificateStatus::Superseded
        )
    }

    fn today(&self) -> String {
        crate::form_day::dmy(ocop_service::admin_units::today())
    }
}

fn is_official(actor: &ocop_service::Actor) -> bool {
    ocop_service::accounts::is_official(actor)
}

fn parse_id(id: &str, chrome: &Chrome) -> Result<Uuid, PageError> {
    Uuid::parse_str(id).map_err(|_| PageError::new(ServiceError::NotFound, chrome.lang))
}

async fn page(state: &AppState, chrome: Chrome, id: Uuid, error: Option<String>) -> Result<Response, PageError> {
    let lang = chrome.lang;
    let Some(actor) = chrome.actor.clone() else {
        return Err(PageError::new(ServiceError::Unauthenticated, lang));
    };
    if !is_official(&actor) {
        return Err(PageError::new(ServiceError::Forbidden, lang));
    }
    let c = lifecycle::get(&state.ctx.db, id).await?;
    let area = area_of(&c.place, c.producer_id);
    let issuer = c
        .decision
        .as_ref()
        .and_then(|d| IssuerLevel::parse(&d.issuer_level).ok());
    let page = CertificatePage {
        can_manage: issuer.is_some_and(|level| authority::may_act(level, &c.authority_provinces, &actor)),
        can_print: may_print_certificates(&actor, &area),
        grounds: RevocationGround::ALL
            .iter()
            .map(|g| {
                let (vi, en) = g.label();
                Choice {
                    value: g.as_str().to_owned(),
                    label: lang.pick(vi, en).to_owned(),
                }
            })
            .collect(),
        chrome,
        c,
        error,
    };
    Ok(render(&page, lang))
}

/// `GET /certificates/{id}`: one certificate for officials, with print links and the lifecycle forms.
pub async fn detail(
    State(state): State<AppState>,
    chrome: Chrome,
    RequireActor(_actor): RequireActor,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let id = parse_id(&id, &chrome)?;
    page(&state, chrome, id, None).await
}

/// The fields of the suspension form.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct SuspendForm {
    suspended_on: FormDay,
    note: String,
}

/// The fields of the revocation form.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct RevokeForm {
    ground: String,
    ground_text: String,
    decision_number: String,
    decided_on: FormDay,
    issuer_name: String,
}

/// A failed action: the page again with the reasons (field messages in the page's language).
async fn rejected(state: &AppState, chrome: Chrome, id: Uuid, error: ServiceError) -> Result<Response, PageError> {
    let lang = chrome.lang;
    let (status, message) = match &error {
        ServiceError::Validation(errors) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            errors
                .fields
                .iter()
                .map(|f| format!("{}: {}", f.field, f.code.message(lang)))
                .collect::<Vec<_>>()
                .join("; "),
        ),
        ServiceError::Conflict(code) => (StatusCode::CONFLICT, code.message(lang).to_owned()),
        _ => return Err(PageError::new(error, lang)),
    };
    Ok((status, page(state, chrome, id, Some(message)).await?).into_response())
}

fn to_new(result: Result<CertificateDto, ServiceError>) -> Result<String, ServiceError> {
    result.map(|c| format!("/certificates/{}", c.id))
}

async fn finish(
    state: &AppState,
    chrome: Chrome,
    id: Uuid,
    result: Result<String, ServiceError>,
) -> Result<Response, PageError> {
    match result {
        Ok(location) => Ok(Redirect::to(&location).into_response()),
        Err(e) => rejected(state, chrome, id, e).await,
    }
}

/// `POST /certificates/{id}/suspend`.
pub async fn suspend(
    State(state): State<AppState>,
    chrome: Chrome,
    RequireActor(actor): RequireActor,
    Path(id): Path<String>,
    Form(form): Form<SuspendForm>,
) -> Result<Response, PageError> {
    let id = parse_id(&id, &chrome)?;
    let suspended_on = match form.suspended_on.get("suspended_on") {
        Ok(day) => day,
        Err(e) => return rejected(&state, chrome, id, e).await,
    };
    let input = SuspensionInput {
        suspended_on,
        note: Some(form.note.trim().to_owned()).filter(|n| !n.is_empty()),
    };
    let result = to_new(lifecycle::suspend(&state.ctx.db, &actor, id, &input).await);
    finish(&state, chrome, id, result).await
}

/// `POST /certificates/{id}/revoke`: thu hồi on a listed ground by a revocation decision.
pub async fn revoke(
    State(state): State<AppState>,
    chrome: Chrome,
    RequireActor(actor): RequireActor,
    Path(id): Path<String>,
    Form(form): Form<RevokeForm>,
) -> Result<Response, PageError> {
    let id = parse_id(&id, &chrome)?;
    let decided_on = match form.decided_on.get("decided_on") {
        Ok(day) => day,
        Err(e) => return rejected(&state, chrome, id, e).await,
    };
    let input = RevocationInput {
        ground: form.ground.trim().to_owned(),
        ground_text: Some(form.ground_text.trim().to_owned()).filter(|t| !t.is_empty()),
        decision_number: form.decision_number.trim().to_owned(),
        decided_on,
        issuer_name: form.issuer_name.trim().to_owned(),
    };
    let result = to_new(lifecycle::revoke(&state.ctx.db, &actor, id, &input).await);
    finish(&state, chrome, id, result).await
}

#[derive(Template)]
#[template(path = "certificate_notices.html")]
struct NoticesPage {
    chrome: Chrome,
    notices: Vec<NoticeView>,
    offset: u64,
}

impl NoticesPage {
    fn d(&self, date: &NaiveDate) -> String {
        date.format("%d/%m/%Y").to_string()
    }

    fn kind_label(&self, kind: &str) -> &'static str {
        if kind == "expiring" {
            self.chrome.t("Sắp hết hạn", "Expiring")
        } else {
            self.chrome.t("Hết hiệu lực", "Expired")
        }
    }

    fn is_official(&self) -> bool {
        self.chrome.actor.as_ref().is_some_and(is_official)
    }

    fn may_see_signals(&self) -> bool {
        self.chrome
            .actor
            .as_ref()
            .is_some_and(ocop_service::certificates::signals::may_see)
    }
}

/// Paging of the notices page.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct NoticesParams {
    offset: u64,
}

/// `GET /certificates/notices`: what the daily job recorded, in the caller's area (a producer: its own).
pub async fn notices(
    State(state): State<AppState>,
    chrome: Chrome,
    RequireActor(actor): RequireActor,
    Query(params): Query<NoticesParams>,
) -> Result<Response, PageError> {
    let lang = chrome.lang;
    let notices = daily::notices(&state.ctx.db, &actor, params.offset).await?;
    let page = NoticesPage {
        chrome,
        notices,
        offset: params.offset,
    };
    Ok(render(&page, lang))
}

#[derive(Template)]
#[template(path = "certificate_signals.html")]
struct SignalsPage {
    chrome: Chrome,
    s: Signals,
    statuses: Vec<Choice>,
    error: Option<String>,
}

impl SignalsPage {
    fn d(&self, date: &NaiveDate) -> String {
        date.format("%d/%m/%Y").to_string()
    }

    fn days(&self, days: &[NaiveDate]) -> String {
        days.iter().map(|d| self.d(d)).collect::<Vec<_>>().join(", ")
    }

    fn when(&self, at: &chrono::DateTime<chrono::Utc>) -> String {
        (*at + chrono::Duration::hours(7)).format("%d/%m/%Y %H:%M").to_string()
    }

    fn status_label(&self, status: &ReportStatus) -> &'static str {
        let (vi, en) = status.label();
        self.chrome.t(vi, en)
    }

    fn pages(&self) -> u64 {
        self.s.reports_total.div_ceil(self.s.per_page).max(1)
    }

    fn has_previous(&self) -> bool {
        self.s.page > 1
    }

    fn has_next(&self) -> bool {
        self.s.page < self.pages()
    }

    fn previous(&self) -> u64 {
        self.s.page.saturating_sub(1).max(1)
    }

    fn next(&self) -> u64 {
        self.s.page + 1
    }
}

fn status_choices(chrome: &Chrome) -> Vec<Choice> {
    ReportStatus::ALL
        .into_iter()
        .map(|status| {
            let (vi, en) = status.label();
            Choice {
                value: status.as_str().to_owned(),
                label: chrome.t(vi, en).to_owned(),
            }
        })
        .collect()
}

/// `GET /certificates/signals`: fake reports routed to the officer's province (paged, each with
/// its status) and codes with warning signs (scanned after the end of validity or revocation, or
/// by unusually many distinct clients).
pub async fn signals(
    State(state): State<AppState>,
    chrome: Chrome,
    RequireActor(actor): RequireActor,
    Query(params): Query<SignalsParams>,
) -> Result<Response, PageError> {
    let lang = chrome.lang;
    let s = signals::signals(&state.ctx.db, &actor, &params).await?;
    let statuses = status_choices(&chrome);
    Ok(render(
        &SignalsPage {
            chrome,
            s,
            statuses,
            error: None,
        },
        lang,
    ))
}

/// The status form of a report on the signals page.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ReportStatusForm {
    status: String,
    reason: String,
    page: Option<u64>,
}

/// `POST /certificates/signals/reports/{id}/status`: sets a report's status, back to the same page
/// of signals; a missing reason or status shows the page again with the message (422).
pub async fn report_status(
    State(state): State<AppState>,
    chrome: Chrome,
    RequireActor(actor): RequireActor,
    Path(id): Path<String>,
    Form(form): Form<ReportStatusForm>,
) -> Result<Response, PageError> {
    let lang = chrome.lang;
    let id = parse_id(&id, &chrome)?;
    let input = ReportStatusInput {
        status: form.status,
        reason: form.reason,
    };
    let page = form.page.unwrap_or(1).max(1);
    match signals::set_report_status(&state.ctx.db, &actor, id, &input).await {
        Ok(_) => Ok(Redirect::to(&format!("/certificates/signals?page={page}")).into_response()),
        Err(ServiceError::Validation(errors)) => {
            let message = errors.fields.first().map_or("", |f| f.code.message(lang)).to_owned();
            let params = SignalsParams {
                page: Some(page),
                per_page: None,
            };
            let s = signals::signals(&state.ctx.db, &actor, &params).await?;
            let statuses = status_choices(&chrome);
            let mut response = render(
                &SignalsPage {
                    chrome,
                    s,
                    statuses,
                    error: Some(message),
                },
                lang,
            );
            *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            Ok(response)
        }
        Err(e) => Err(PageError::new(e, lang)),
    }
}
