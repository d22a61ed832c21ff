//! Oversight pages (hậu kiểm): `/oversight` (the worklist, open cases with a form to plan an
//! inspection from each, inspections, findings past their last day) and
//! `/oversight/inspections/{id}` (the record, findings and the steps after them: the
//! producer's answer, the proposal, the issuing authority's decision). The same services as
//! the API; plain forms with CSRF, no script. A refused form shows the page again with the
//! message (4xx).

use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::NaiveDate;
use ocop_domain::oversight::input::{
    CloseCaseInput, DecideInput, EvidenceInput, FindingInput, InspectionInput, ProposeInput, RecordInput,
};
use ocop_domain::oversight::{CaseOutcome, Coded, FindingKind, LeadAgency, Severity};
use ocop_domain::role::Role;
use ocop_service::ServiceError;
use ocop_service::dossiers::vault::{self, DocumentDto};
use ocop_service::oversight::cases::{self, CaseDto};
use ocop_service::oversight::findings::{self, FindingDto, FindingQuery};
use ocop_service::oversight::inspections::{self, InspectionDto};
use ocop_service::oversight::worklist::{self, OversightWorklist};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::chrome::Chrome;
use super::forms::Choice;
use super::render;
use crate::app::AppState;
use crate::auth::RequireActor;
use crate::error::PageError;
use crate::form_day::FormDay;
use crate::form_state::FormState;

fn choices<T: Coded>(chrome: &Chrome) -> Vec<Choice> {
    T::VALUES
        .iter()
        .map(|v| {
            let (vi, en) = v.label();
            Choice {
                value: v.as_str().to_owned(),
                label: chrome.t(vi, en).to_owned(),
            }
        })
        .collect()
}

fn dmy(day: &NaiveDate) -> String {
    day.format("%d/%m/%Y").to_string()
}

fn parse_id(id: &str, chrome: &Chrome) -> Result<Uuid, PageError> {
    Uuid::parse_str(id).map_err(|_| PageError::new(ServiceError::NotFound, chrome.lang))
}

/// The message of a refused form and its status.
fn refusal(e: &ServiceError, chrome: &Chrome) -> (String, StatusCode) {
    let code = e
        .field_errors()
        .and_then(|f| f.fields.first())
        .map_or(e.code(), |f| f.code);
    let message = match e.field_errors().and_then(|f| f.fields.first()) {
        Some(f) => format!("{}: {}", f.field, code.message(chrome.lang)),
        None => code.message(chrome.lang).to_owned(),
    };
    (message, crate::error::status_of(e.code()))
}

#[derive(Template)]
#[template(path = "oversight_home.html")]
struct HomePage {
    chrome: Chrome,
    w: OversightWorklist,
    cases: Vec<CaseDto>,
    inspections: Vec<InspectionDto>,
    past: Vec<FindingDto>,
    agencies: Vec<Choice>,
    outcomes: Vec<Choice>,
    error: Option<String>,
}

impl HomePage {
    fn d(&self, day: &NaiveDate) -> String {
        dmy(day)
    }
    fn opened(&self, c: &CaseDto) -> String {
        dmy(&(c.opened_at + chrono::Duration::hours(7)).date_naive())
    }
    fn outcome(&self, c: &CaseDto) -> String {
        c.outcome.map(|o| format!(": {}", self.label(&o))).unwrap_or_default()
    }
    fn label<T: Coded>(&self, v: &T) -> &'static str {
        let (vi, en) = v.label();
        self.chrome.t(vi, en)
    }
}

async fn home_page(
    state: &AppState,
    chrome: Chrome,
    actor: &ocop_domain::role::Actor,
    error: Option<String>,
) -> Result<HomePage, PageError> {
    let db = &state.ctx.db;
    let w = worklist::worklist(db, actor).await?;
    let cases = cases::list(db, actor, &Default::default()).await?;
    let inspections = inspections::list(db, actor, &Default::default()).await?;
    let past = findings::list(
        db,
        actor,
        &FindingQuery {
            past_deadline: Some(true),
            ..Default::default()
        },
    )
    .await?;
    let agencies = choices::<LeadAgency>(&chrome);
    let outcomes = choices::<CaseOutcome>(&chrome)
        .into_iter()
        .filter(|c| c.value != CaseOutcome::Duplicate.as_str())
        .collect();
    Ok(HomePage {
        chrome,
        w,
        cases,
        inspections,
        past,
        agencies,
        outcomes,
        error,
    })
}

/// `GET /oversight`: the worklist, open cases, inspections and findings past their last day.
pub async fn home(
    State(state): State<AppState>,
    chrome: Chrome,
    RequireActor(actor): RequireActor,
) -> Result<Response, PageError> {
    let lang = chrome.lang;
    Ok(render(&home_page(&state, chrome, &actor, None).await?, lang))
}

async fn home_again(
    state: &AppState,
    chrome: Chrome,
    actor: &ocop_domain::role::Actor,
    e: ServiceError,
) -> Result<Response, PageError> {
    let lang = chrome.lang;
    if matches!(e, ServiceError::Internal(_) | ServiceError::Unavailable(_)) {
        return Err(PageError::new(e, lang));
    }
    let (message, status) = refusal(&e, &chrome);
    let mut response = render(&home_page(state, chrome, actor, Some(message)).await?, lang);
    *response.status_mut() = status;
    Ok(response)
}

/// The form planning an inspection from a case.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct InspectForm {
    lead_agency: String,
    planned_on: FormDay,
}

/// `POST /oversight/cases/{id}/inspect`: plans an inspection of the case's certificate.
pub async fn inspect_case(
    State(state): State<AppState>,
    chrome: Chrome,
    RequireActor(actor): RequireActor,
    Path(id): Path<String>,
    Form(form): Form<InspectForm>,
) -> Result<Response, PageError> {
    let id = parse_id(&id, &chrome)?;
    let db = &state.ctx.db;
    let case = cases::get(db, &actor, id)
        .await
        .map_err(|e| PageError::new(e, chrome.lang))?;
    let ground = match case.source {
        ocop_domain::oversight::CaseSource::FakeReport => "fake_report",
        ocop_domain::oversight::CaseSource::UnusualScans => "unusual_scans",
        ocop_domain::oversight::CaseSource::AgencyComplaint => "complaint",
    };
    let planned_on = match form.planned_on.get("planned_on") {
        Ok(day) => day,
        Err(e) => return home_again(&state, chrome, &actor, e).await,
    };
    let input = InspectionInput {
        certificate_id: case.certificate_id,
        case_id: Some(id),
        ground: ground.into(),
        lead_agency: form.lead_agency,
        planned_on,
        ..Default::default()
    };
    match inspections::plan(db, &actor, &input).await {
        Ok(i) => Ok(Redirect::to(&format!("/oversight/inspections/{}", i.id)).into_response()),
        Err(e) => home_again(&state, chrome, &actor, e).await,
    }
}

/// The form closing a case.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct CloseForm {
    outcome: String,
    note: String,
}

/// `POST /oversight/cases/{id}/close`: closes a case with its outcome.
pub async fn close_case(
    State(state): State<AppState>,
    chrome: Chrome,
    RequireActor(actor): RequireActor,
    Path(id): Path<String>,
    Form(form): Form<CloseForm>,
) -> Result<Response, PageError> {
    let id = parse_id(&id, &chrome)?;
    let input = CloseCaseInput {
        outcome: form.outcome,
        note: form.note,
    };
    match cases::close(&state.ctx.db, &actor, id, &input).await {
        Ok(_) => Ok(Redirect::to("/oversight").into_response()),
        Err(e) => home_again(&state, chrome, &actor, e).await,
    }
}

#[derive(Template)]
#[template(path = "oversight_inspection.html")]
struct InspectionPage {
    chrome: Chrome,
    i: InspectionDto,
    kinds: Vec<Choice>,
    severities: Vec<Choice>,
    error: Option<String>,
    /// The form that was refused (`record`, `finding`, `answer`, `decide`; empty: none).
    failed: &'static str,
    /// Its values as typed and the messages by field.
    form: FormState,
    /// The producer's vault documents, offered as evidence for its answer.
    vault: Vec<DocumentDto>,
}

impl InspectionPage {
    fn d(&self, day: &NaiveDate) -> String {
        dmy(day)
    }
    fn label<T: Coded>(&self, v: &T) -> &'static str {
        let (vi, en) = v.label();
        self.chrome.t(vi, en)
    }
    fn consequence(&self, c: &ocop_domain::oversight::Consequence) -> &'static str {
        let (vi, en) = c.label();
        self.chrome.t(vi, en)
    }
    fn is_official(&self) -> bool {
        self.chrome
            .actor
            .as_ref()
            .is_some_and(ocop_service::accounts::is_official)
    }
    fn is_producer(&self) -> bool {
        self.chrome
            .actor
            .as_ref()
            .is_some_and(|a| ocop_service::home::own_products(a).is_some())
    }
    fn today(&self) -> String {
        ocop_service::admin_units::today().format("%d/%m/%Y").to_string()
    }
    /// The record form's day: the one recorded (a correction keeps it), else today.
    fn record_day(&self) -> String {
        self.i.carried_out_on.as_ref().map_or_else(|| self.today(), dmy)
    }
    /// The value of `field` in form `which`: as typed when that form was refused, else `stored`.
    fn typed(&self, which: &str, field: &str, stored: &Option<String>) -> String {
        if self.failed == which {
            self.form.value(field)
        } else {
            stored.clone().unwrap_or_default()
        }
    }
    /// As [`Self::typed`] with a default instead of a stored value.
    fn typed_or(&self, which: &str, field: &str, default: &str) -> String {
        if self.failed == which {
            self.form.value(field)
        } else {
            default.to_owned()
        }
    }
    /// `aria-invalid` and `aria-describedby` of `field` when form `which` was refused.
    fn attrs(&self, which: &str, field: &str) -> String {
        if self.failed == which {
            format!(" {}", self.form.attrs(field))
        } else {
            format!(r#" id="{}""#, crate::form_state::field_id(field))
        }
    }
    /// The message beside `field` when form `which` was refused.
    fn message(&self, which: &str, field: &str) -> String {
        if self.failed == which {
            self.form.message(field)
        } else {
            String::new()
        }
    }
    /// Whether the refused answer had chosen vault document `id`.
    fn chose(&self, id: &Uuid) -> bool {
        let id = id.to_string();
        self.failed == "answer" && self.form.value("evidence").split(' ').any(|v| v == id)
    }
}

/// A refused form of the inspection page: which one and what was typed (none by default).
#[derive(Default)]
struct Refused {
    which: &'static str,
    pairs: Vec<(String, String)>,
}

impl Refused {
    fn new(which: &'static str, pairs: Vec<(&str, String)>) -> Self {
        Self {
            which,
            pairs: pairs.into_iter().map(|(k, v)| (k.to_owned(), v)).collect(),
        }
    }

    /// The fields of a submitted form (a struct of text fields) as typed.
    fn of<T: Serialize>(which: &'static str, form: &T) -> Self {
        let pairs = match serde_json::to_value(form) {
            Ok(serde_json::Value::Object(fields)) => fields
                .into_iter()
                .filter_map(|(k, v)| v.as_str().map(|v| (k, v.to_owned())))
                .collect(),
            _ => Vec::new(),
        };
        Self { which, pairs }
    }
}

/// The label of a field of the inspection page's forms.
fn field_label(field: &str, lang: ocop_domain::Lang) -> Option<String> {
    let (vi, en) = match field {
        "carried_out_on" => ("Ngày kiểm tra", "Day"),
        "place" => ("Địa điểm", "Place"),
        "team" => ("Thành viên đoàn", "Team"),
        "lead_name" => ("Trưởng đoàn", "Lead"),
        "checked" => ("Nội dung kiểm tra", "What was checked"),
        "kind" => ("Loại", "Kind"),
        "severity" => ("Mức độ", "Severity"),
        "description" => ("Nội dung tồn tại", "What was found"),
        "remedy_required" => ("Yêu cầu khắc phục", "Remedy required"),
        "working_days" => ("Thời hạn khắc phục", "Deadline"),
        "text" => ("Đã khắc phục thế nào", "What was done"),
        "evidence" => ("Tài liệu minh chứng", "Evidence"),
        "decided_on" => ("Ngày hiệu lực", "Effective day"),
        "decision_number" => ("Số quyết định", "Decision number"),
        "issuer_name" => ("Cơ quan ban hành", "Issuing body"),
        "note" => ("Lý do", "Reason"),
        _ => return None,
    };
    Some(lang.pick(vi, en).to_owned())
}

async fn show(
    state: &AppState,
    chrome: Chrome,
    actor: &ocop_domain::role::Actor,
    id: Uuid,
    error: Option<(String, StatusCode)>,
    refused: Option<(Refused, &ServiceError)>,
) -> Result<Response, PageError> {
    let lang = chrome.lang;
    let i = inspections::get(&state.ctx.db, actor, id).await?;
    let kinds = choices::<FindingKind>(&chrome);
    let severities = choices::<Severity>(&chrome);
    let status = error.as_ref().map(|(_, s)| *s);
    let vault = match (actor.role, i.producer_id) {
        (Role::Producer, Some(producer)) => vault::list(&state.ctx.db, actor, producer).await.unwrap_or_default(),
        _ => Vec::new(),
    };
    let (failed, form) = match refused {
        Some((r, e)) => (
            r.which,
            FormState::with_values(r.pairs).refused(e, lang, |f| field_label(f, lang)),
        ),
        None => ("", FormState::default()),
    };
    let mut response = render(
        &InspectionPage {
            chrome,
            i,
            kinds,
            severities,
            error: error.map(|(m, _)| m),
            failed,
            form,
            vault,
        },
        lang,
    );
    if let Some(s) = status {
        *response.status_mut() = s;
    }
    Ok(response)
}

/// `GET /oversight/inspections/{id}`: one inspection with its record and findings.
pub async fn inspection(
    State(state): State<AppState>,
    chrome: Chrome,
    RequireActor(actor): RequireActor,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let id = parse_id(&id, &chrome)?;
    show(&state, chrome, &actor, id, None, None).await
}

/// After a form on the inspection page: back to it, or the page again with the message.
async fn after<T>(
    state: &AppState,
    chrome: Chrome,
    actor: &ocop_domain::role::Actor,
    id: Uuid,
    result: Result<T, ServiceError>,
    typed: Refused,
) -> Result<Response, PageError> {
    match result {
        Ok(_) => Ok(Redirect::to(&format!("/oversight/inspections/{id}")).into_response()),
        Err(e @ (ServiceError::Internal(_) | ServiceError::Unavailable(_) | ServiceError::NotFound)) => {
            Err(PageError::new(e, chrome.lang))
        }
        Err(e) => {
            let refused = refusal(&e, &chrome);
            show(state, chrome, actor, id, Some(refused), Some((typed, &e))).await
        }
    }
}

/// The record form.
#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct RecordForm {
    carried_out_on: FormDay,
    place: String,
    team: String,
    lead_name: String,
    checked: String,
}

/// `POST /oversight/inspections/{id}/record`.
pub async fn record(
    State(state): State<AppState>,
    chrome: Chrome,
    RequireActor(actor): RequireActor,
    Path(id): Path<String>,
    Form(form): Form<RecordForm>,
) -> Result<Response, PageError> {
    let id = parse_id(&id, &chrome)?;
    let typed = Refused::of("record", &form);
    // A day the page cannot read is refused, never taken for today.
    let carried_out_on = match form.carried_out_on.get("carried_out_on") {
        Ok(day) => day,
        Err(e) => return after::<()>(&state, chrome, &actor, id, Err(e), typed).await,
    };
    let input = RecordInput {
        carried_out_on,
        place: form.place,
        team: form.team,
        lead_name: form.lead_name,
        checked: form.checked,
        evidence: vec![],
    };
    let result = inspections::record(&state.ctx.db, &actor, id, &input).await;
    after(&state, chrome, &actor, id, result, typed).await
}

/// The finding form.
#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct FindingForm {
    kind: String,
    severity: String,
    description: String,
    remedy_required: String,
    working_days: String,
}

/// `POST /oversight/inspections/{id}/findings`.
pub async fn add_finding(
    State(state): State<AppState>,
    chrome: Chrome,
    RequireActor(actor): RequireActor,
    Path(id): Path<String>,
    Form(form): Form<FindingForm>,
) -> Result<Response, PageError> {
    let id = parse_id(&id, &chrome)?;
    let typed = Refused::of("finding", &form);
    let days = form.working_days.trim();
    let working_days = if days.is_empty() {
        None
    } else {
        Some(days.parse::<u32>().unwrap_or(0))
    };
    let input = FindingInput {
        kind: form.kind,
        severity: form.severity,
        description: form.description,
        remedy_required: form.remedy_required,
        working_days,
        calendar_days: None,
    };
    let result = inspections::add_finding(&state.ctx.db, &actor, id, &input).await;
    after(&state, chrome, &actor, id, result, typed).await
}

/// `POST /oversight/inspections/{id}/sign-off`.
pub async fn sign_off(
    State(state): State<AppState>,
    chrome: Chrome,
    RequireActor(actor): RequireActor,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let id = parse_id(&id, &chrome)?;
    let result = inspections::sign_off(&state.ctx.db, &actor, id).await;
    after(&state, chrome, &actor, id, result, Refused::default()).await
}

async fn inspection_of(
    state: &AppState,
    chrome: &Chrome,
    actor: &ocop_domain::role::Actor,
    finding: Uuid,
) -> Result<Uuid, PageError> {
    findings::get(&state.ctx.db, actor, finding)
        .await
        .map(|f| f.inspection_id)
        .map_err(|e| PageError::new(e, chrome.lang))
}

/// `POST /oversight/findings/{id}/propose`: proposes what the rule calls for.
pub async fn propose(
    State(state): State<AppState>,
    chrome: Chrome,
    RequireActor(actor): RequireActor,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let id = parse_id(&id, &chrome)?;
    let back = inspection_of(&state, &chrome, &actor, id).await?;
    let result = findings::propose(&state.ctx.db, &actor, id, &ProposeInput::default()).await;
    after(&state, chrome, &actor, back, result, Refused::default()).await
}

/// The decision form.
#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct DecideForm {
    accept: String,
    decided_on: FormDay,
    decision_number: String,
    issuer_name: String,
    note: String,
}

/// `POST /oversight/findings/{id}/decide`: the issuing authority decides.
pub async fn decide(
    State(state): State<AppState>,
    chrome: Chrome,
    RequireActor(actor): RequireActor,
    Path(id): Path<String>,
    Form(form): Form<DecideForm>,
) -> Result<Response, PageError> {
    let id = parse_id(&id, &chrome)?;
    let back = inspection_of(&state, &chrome, &actor, id).await?;
    let typed = Refused::of("decide", &form);
    let decided_on = match form.decided_on.get("decided_on") {
        Ok(day) => day,
        Err(e) => return after::<()>(&state, chrome, &actor, back, Err(e), typed).await,
    };
    let input = DecideInput {
        accept: form.accept == "yes",
        decided_on,
        decision_number: form.decision_number,
        issuer_name: form.issuer_name,
        note: form.note,
    };
    let result = findings::decide(&state.ctx.db, &actor, id, &input).await;
    after(&state, chrome, &actor, back, result, typed).await
}

/// `POST /oversight/findings/{id}/answer`: the producer answers with evidence from its vault
/// (fields `text` and one `evidence` per document ticked).
pub async fn answer(
    State(state): State<AppState>,
    chrome: Chrome,
    RequireActor(actor): RequireActor,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let id = parse_id(&id, &chrome)?;
    let back = inspection_of(&state, &chrome, &actor, id).await?;
    let text = pairs
        .iter()
        .find(|(k, _)| k == "text")
        .map(|(_, v)| v.clone())
        .unwrap_or_default();
    let chosen: Vec<String> = pairs
        .iter()
        .filter(|(k, _)| k == "evidence")
        .flat_map(|(_, v)| v.split(|c: char| c.is_whitespace() || c == ','))
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect();
    let typed = Refused::new("answer", vec![("text", text.clone()), ("evidence", chosen.join(" "))]);
    // An id that is not one is refused like a document outside the vault.
    let evidence = chosen.iter().map(|s| Uuid::parse_str(s).unwrap_or_default()).collect();
    let input = EvidenceInput { text, evidence };
    let result = findings::answer(&state.ctx.db, &actor, id, &input).await;
    after(&state, chrome, &actor, back, result, typed).await
}
