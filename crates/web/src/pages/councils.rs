//! Council pages: the province office (councils, members, batches, scheduling, opening and
//! closing scoring, results, recognition), the council member's scoring page (tablet-sized,
//! one answer saved per click with htmx, the running total computed by the server) and the
//! secretary's minutes.

use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::NaiveDate;
use ocop_domain::certificate::input::DecisionInput;
use ocop_domain::evaluation::CriteriaSet;
use ocop_domain::evaluation::Level;
use ocop_domain::evaluation::batch::{BatchDossierState, BatchRoute, BatchState};
use ocop_service::ServiceError;
use ocop_service::councils::batches::{
    self, BatchDto, BatchInput, MinutesInput, RecogniseInput, ScheduleInput, SendInput,
};
use ocop_service::councils::disqualifiers::{self as disqualifier_findings, DisqualifiersInput, FoundInput};
use ocop_service::councils::meeting::{self, AttendanceEntry, AttendanceInput};
use ocop_service::councils::reading::{self, CommuneReading, CouncilReading};
use ocop_service::councils::scoring::{self, AnswerInput, RecusalInput, RoundInput, SheetDto, SheetsView};
use ocop_service::councils::withdrawal::{self, WithdrawInput};
use ocop_service::councils::{self, CouncilDto, CouncilInput, MemberInput, manages_province};
use ocop_service::dossiers::{Attachment, DossierDetail};
use serde::Deserialize;
use uuid::Uuid;

use super::chrome::Chrome;
use super::producers::parse_id;
use super::render;
use crate::app::AppState;
use crate::auth::RequireActor;
use crate::error::PageError;
use crate::form_day::{FormDay, dmy};
use crate::form_state::FormState;

fn uuid(value: &str) -> Option<Uuid> {
    Uuid::parse_str(value.trim()).ok()
}

#[derive(Template)]
#[template(path = "councils_list.html")]
struct CouncilsPage {
    chrome: Chrome,
    councils: Vec<CouncilDto>,
    can_manage: bool,
    /// The levels the caller may found a council at: (code, Vietnamese, English).
    levels: Vec<(&'static str, &'static str, &'static str)>,
    /// The working group's name under the basis in force today ("Tổ giúp việc Hội đồng").
    working_group: &'static str,
    /// Today's provinces the caller may found a council for: (id, name), its own preselected.
    provinces: Vec<(String, String)>,
    /// The caller's own province id, preselected.
    own_province: String,
}

impl CouncilsPage {
    /// Whether `id` is the caller's own province (preselected).
    fn is_own(&self, id: &str) -> bool {
        self.own_province == id
    }

    /// Whether the caller manages this council (adds members).
    fn manages(&self, council: &CouncilDto) -> bool {
        self.chrome
            .actor
            .as_ref()
            .is_some_and(|a| manages_province(a, &council.province_code))
    }
}

/// `GET /councils`.
pub async fn list(
    State(state): State<AppState>,
    chrome: Chrome,
    RequireActor(actor): RequireActor,
) -> Result<Response, PageError> {
    let lang = chrome.lang;
    let councils = councils::list_councils(&state.ctx.db, &actor).await?;
    let can_manage = councils::founds_councils(&actor);
    let provincial = councils::founds_provincial_councils(&actor);
    let mut levels = Vec::new();
    if provincial {
        levels.push(("province", "Tỉnh", "Province"));
        levels.push(("district", "Huyện (trước 01/07/2025)", "District (before 01/07/2025)"));
    }
    if manages_province(&actor, councils::NATIONWIDE) {
        levels.push((councils::CENTRAL, "Quốc gia (Bộ NN&MT)", "Central (the ministry)"));
    }
    // The unit is picked by name, never typed as a code: a province officer's own province, or
    // any province for an administrator.
    let own_province = actor
        .scope
        .province_code()
        .map(|code| format!("2025/province/{code}"))
        .unwrap_or_default();
    let provinces = if can_manage && provincial {
        super::products::current_provinces(&state)
            .await?
            .into_iter()
            .filter(|p| own_province.is_empty() || p.id == own_province)
            .map(|p| (p.id, p.full_name))
            .collect()
    } else {
        Vec::new()
    };
    Ok(render(
        &CouncilsPage {
            chrome,
            councils,
            can_manage,
            levels,
            working_group: ocop_domain::evaluation::LegalBases::official()
                .working_group_on(ocop_service::admin_units::today()),
            provinces,
            own_province,
        },
        lang,
    ))
}

/// The council form.
#[derive(Debug, Deserialize)]
pub struct CouncilForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    level: String,
    #[serde(default)]
    unit_id: String,
    /// A former district, for a district council (before 01/07/2025): its id as listed on
    /// /admin-units; takes the place of `unit_id` when given.
    #[serde(default)]
    district_id: String,
    #[serde(default)]
    decision_number: String,
    #[serde(default)]
    decision_date: FormDay,
}

/// `POST /councils`.
pub async fn create(
    State(state): State<AppState>,
    chrome: Chrome,
    RequireActor(actor): RequireActor,
    Form(form): Form<CouncilForm>,
) -> Result<Response, PageError> {
    let unit_id = if form.level.trim() == "district" && !form.district_id.trim().is_empty() {
        form.district_id
    } else {
        form.unit_id
    };
    let input = CouncilInput {
        name: form.name,
        level: form.level,
        unit_id,
        decision_number: form.decision_number,
        decision_date: form
            .decision_date
            .get("decision_date")
            .map_err(|e| PageError::new(e, chrome.lang))?,
    };
    councils::create_council(&state.ctx.db, &actor, &input)
        .await
        .map_err(|e| PageError::new(e, chrome.lang))?;
    Ok(Redirect::to("/councils").into_response())
}

/// The member form.
#[derive(Debug, Deserialize)]
pub struct MemberForm {
    #[serde(default)]
    username: String,
    #[serde(default)]
    full_name: String,
    #[serde(default)]
    role: String,
    #[serde(default)]
    agency: String,
}

/// `POST /councils/{id}/members`.
pub async fn add_member(
    State(state): State<AppState>,
    chrome: Chrome,
    RequireActor(actor): RequireActor,
    Path(id): Path<String>,
    Form(form): Form<MemberForm>,
) -> Result<Response, PageError> {
    let id = parse_id(&id, &chrome)?;
    let input = MemberInput {
        user_id: None,
        full_name: form.full_name,
        role: form.role,
        agency: form.agency,
    };
    councils::add_member_by_username(&state.ctx.db, &actor, id, &form.username, &input).await?;
    Ok(Redirect::to("/councils").into_response())
}

#[derive(Template)]
#[template(path = "batches_list.html")]
struct BatchesPage {
    chrome: Chrome,
    batches: Vec<BatchDto>,
    councils: Vec<CouncilDto>,
    /// The new-batch form as typed, when it was refused.
    form: FormState,
}

impl BatchesPage {
    /// Whether council `id` was the one chosen before the refusal.
    fn picked_council(&self, id: &Uuid) -> bool {
        self.form.chose("council_id", &id.to_string())
    }
}

/// `GET /batches`.
pub async fn list_batches(
    State(state): State<AppState>,
    chrome: Chrome,
    RequireActor(actor): RequireActor,
) -> Result<Response, PageError> {
    batches_view(&state, chrome, &actor, FormState::default()).await
}

/// The batch list, with the new-batch form as typed after a refusal.
async fn batches_view(
    state: &AppState,
    chrome: Chrome,
    actor: &ocop_domain::role::Actor,
    form: FormState,
) -> Result<Response, PageError> {
    let lang = chrome.lang;
    let batches = batches::list(&state.ctx.db, actor).await?;
    let councils = councils::list_councils(&state.ctx.db, actor)
        .await?
        .into_iter()
        .filter(|c| manages_province(actor, &c.province_code))
        .collect();
    let page = render(
        &BatchesPage {
            chrome,
            batches,
            councils,
            form: form.clone(),
        },
        lang,
    );
    Ok(if form.has_errors() { form.respond(page) } else { page })
}

/// The batch form.
#[derive(Debug, Deserialize)]
pub struct BatchForm {
    #[serde(default)]
    council_id: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    starts_on: FormDay,
    #[serde(default)]
    ends_on: FormDay,
    #[serde(default)]
    meeting_on: FormDay,
}

/// `POST /batches`: a refused batch comes back on the list with what was typed.
pub async fn create_batch(
    State(state): State<AppState>,
    chrome: Chrome,
    RequireActor(actor): RequireActor,
    Form(form): Form<BatchForm>,
) -> Result<Response, PageError> {
    let lang = chrome.lang;
    let kept = FormState::with_values([
        ("council_id", form.council_id.clone()),
        ("name", form.name.clone()),
        ("starts_on", form.starts_on.typed().to_owned()),
        ("ends_on", form.ends_on.typed().to_owned()),
        ("meeting_on", form.meeting_on.typed().to_owned()),
    ]);
    let created = match crate::form_day::days([
        (&form.starts_on, "starts_on"),
        (&form.ends_on, "ends_on"),
        (&form.meeting_on, "meeting_on"),
    ]) {
        Ok([starts_on, ends_on, meeting_on]) => {
            let input = BatchInput {
                council_id: uuid(&form.council_id),
                name: form.name,
                starts_on,
                ends_on,
                meeting_on,
            };
            batches::create(&state.ctx.db, &actor, &input).await
        }
        Err(e) => Err(e),
    };
    match created {
        Ok(batch) => Ok(Redirect::to(&format!("/batches/{}", batch.id)).into_response()),
        Err(e) => {
            let kept = kept.refusal(e, lang, |field| {
                Some(
                    match field {
                        "council_id" => lang.pick("Hội đồng", "Council"),
                        "name" => lang.pick("Tên đợt", "Name"),
                        "starts_on" => lang.pick("Từ ngày", "From"),
                        "ends_on" => lang.pick("Đến ngày", "To"),
                        "meeting_on" => lang.pick("Ngày họp hội đồng", "Meeting day"),
                        _ => return None,
                    }
                    .to_owned(),
                )
            })?;
            batches_view(&state, chrome, &actor, kept).await
        }
    }
}

/// An eligible dossier offered for scheduling.
struct Eligible {
    id: Uuid,
    label: String,
}

#[derive(Template)]
#[template(path = "batch_detail.html")]
struct BatchPage {
    chrome: Chrome,
    batch: BatchDto,
    can_manage: bool,
    is_chair: bool,
    is_secretary: bool,
    eligible: Vec<Eligible>,
    today: String,
    has_results: bool,
    can_record_disqualifiers: bool,
    /// The batch of a central council: the ministry signs its decision (5★).
    central: bool,
    /// The legal bases a decision may cite (code, label).
    bases: Vec<(&'static str, &'static str)>,
    /// The dossiers' legal basis: the decision's default.
    basis: String,
    /// The form refused (`send`, `close`, `recognise`) and what it kept.
    failed: String,
    form: FormState,
    empty: FormState,
    /// The certificates the batch's decision issued, once issued.
    issued: Option<ocop_service::certificates::printing::IssuedBy>,
    /// The viewer may open a certificate's page (else the links go to `/v/{code}`).
    opens_certificates: bool,
}

impl BatchPage {
    /// What the decision does with a dossier, in the words of the council's level.
    fn route_label(&self, route: &BatchRoute) -> &'static str {
        let level = if self.central { Level::Central } else { Level::Province };
        self.chrome.label(route.label_at(level))
    }

    /// The kept values and errors of form `name` (nothing for the other forms).
    fn f(&self, name: &str) -> &FormState {
        if name == self.failed { &self.form } else { &self.empty }
    }

    /// Whether `code` is the dossiers' legal basis (the decision form's default).
    fn chosen(&self, code: &str) -> bool {
        self.basis == code
    }

    /// The note of a disqualifier found for a dossier, if it was found.
    fn found_note(&self, dossier_id: &Uuid, code: &str) -> Option<String> {
        self.batch
            .dossiers
            .iter()
            .find(|d| d.dossier_id == *dossier_id)
            .and_then(|d| d.disqualifiers.iter().find(|f| f.code == code))
            .map(|f| f.note.clone())
    }
}

/// `GET /batches/{id}`.
pub async fn detail(
    State(state): State<AppState>,
    chrome: Chrome,
    RequireActor(actor): RequireActor,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let id = parse_id(&id, &chrome)?;
    batch_view(&state, chrome, &actor, id, "", FormState::default()).await
}

/// The batch page, with form `failed` as it was typed and why it was refused.
async fn batch_view(
    state: &AppState,
    chrome: Chrome,
    actor: &ocop_service::Actor,
    id: Uuid,
    failed: &str,
    form: FormState,
) -> Result<Response, PageError> {
    let (state, actor) = (state.clone(), actor.clone());
    let lang = chrome.lang;
    let batch = batches::get(&state.ctx.db, &actor, id).await?;
    let council = councils::get_council(&state.ctx.db, &actor, batch.council_id).await?;
    let can_manage = manages_province(&actor, &council.province_code);
    let mine = batch
        .members
        .iter()
        .find(|m| Some(m.id) == batch.my_member_id)
        .map(|m| m.role.clone())
        .unwrap_or_default();
    let eligible = if can_manage && batch.status == BatchState::Planned {
        batches::eligible_summaries(&state.ctx.db, &actor, id)
            .await?
            .into_iter()
            .map(|d| {
                let (vi, en) = super::dossiers::kind_label(&d.kind);
                Eligible {
                    id: d.id,
                    label: format!(
                        "{} — {} — {} ({})",
                        d.product_name,
                        d.producer_name,
                        d.place.summary(),
                        lang.pick(vi, en)
                    ),
                }
            })
            .collect()
    } else {
        Vec::new()
    };
    let has_results = batch.dossiers.iter().any(|d| d.score.is_some());
    let basis = batches::basis(&state.ctx.db, &actor, id)
        .await?
        .map(|b| b.as_str().to_owned())
        .unwrap_or_default();
    let can_record_disqualifiers =
        (can_manage || councils::seat_is_chair(&mine)) && batch.status == BatchState::Scoring;
    let issued = match batch.decision_id {
        Some(decision_id) => {
            Some(ocop_service::certificates::printing::issued_by(&state.ctx.db, Some(&actor), decision_id).await?)
        }
        None => None,
    };
    let opens_certificates = crate::menu::may_open(Some(actor.role), "/certificates/{id}");
    let page = render(
        &BatchPage {
            chrome,
            has_results,
            can_record_disqualifiers,
            batch,
            can_manage,
            is_chair: councils::seat_is_chair(&mine),
            is_secretary: councils::seat_is_secretary(&mine),
            eligible,
            today: dmy(ocop_service::admin_units::today()),
            central: council.level == councils::CENTRAL,
            bases: vec![
                ("qd26_2026", "QĐ 26/2026/QĐ-TTg"),
                ("qd148", "QĐ 148/QĐ-TTg"),
                ("qd1048", "QĐ 1048/QĐ-TTg"),
            ],
            basis,
            failed: failed.to_owned(),
            form: form.clone(),
            empty: FormState::default(),
            issued,
            opens_certificates,
        },
        lang,
    );
    Ok(if form.has_errors() { form.respond(page) } else { page })
}

/// The batch page again after a refused form, or the error page for what no form can fix.
async fn refused(
    state: &AppState,
    chrome: Chrome,
    actor: &ocop_service::Actor,
    id: Uuid,
    failed: &str,
    kept: FormState,
    error: ServiceError,
) -> Result<Response, PageError> {
    let lang = chrome.lang;
    // The decision's fields come back as `decision.number`; the form names them `number`.
    let error = match error {
        ServiceError::Validation(mut errors) => {
            for f in &mut errors.fields {
                if let Some(rest) = f.field.strip_prefix("decision.") {
                    f.field = rest.to_owned();
                }
            }
            ServiceError::Validation(errors)
        }
        other => other,
    };
    let form = kept.refusal(error, lang, |field| {
        Some(
            match field {
                "sent_on" => lang.pick("Ngày gửi hồ sơ điện tử", "Day the dossiers were sent"),
                "number" => lang.pick("Số quyết định", "Decision number"),
                "decided_on" => lang.pick("Ngày ký", "Signed on"),
                "issuer_name" => lang.pick("Cơ quan ban hành", "Issuer"),
                "legal_basis" => lang.pick("Căn cứ", "Legal basis"),
                _ => return None,
            }
            .to_owned(),
        )
    })?;
    batch_view(state, chrome, actor, id, failed, form).await
}

fn back(id: Uuid) -> Response {
    Redirect::to(&format!("/batches/{id}")).into_response()
}

/// The scheduling form.
#[derive(Debug, Deserialize)]
pub struct ScheduleForm {
    #[serde(default)]
    dossier_id: String,
}

/// `POST /batches/{id}/schedule`.
pub async fn schedule(
    State(state): State<AppState>,
    chrome: Chrome,
    RequireActor(actor): RequireActor,
    Path(id): Path<String>,
    Form(form): Form<ScheduleForm>,
) -> Result<Response, PageError> {
    let id = parse_id(&id, &chrome)?;
    let input = ScheduleInput {
        dossier_id: uuid(&form.dossier_id),
    };
    batches::schedule(&state.ctx.db, &actor, id, &input)
        .await
        .map_err(|e| PageError::new(e, chrome.lang))?;
    Ok(back(id))
}

/// The sending form.
#[derive(Debug, Deserialize)]
pub struct SendForm {
    #[serde(default)]
    sent_on: FormDay,
}

/// `POST /batches/{id}/send`.
pub async fn send(
    State(state): State<AppState>,
    chrome: Chrome,
    RequireActor(actor): RequireActor,
    Path(id): Path<String>,
    Form(form): Form<SendForm>,
) -> Result<Response, PageError> {
    let id = parse_id(&id, &chrome)?;
    let sent = match form.sent_on.get("sent_on") {
        Ok(sent_on) => batches::mark_sent(&state.ctx.db, &actor, id, &SendInput { sent_on }).await,
        Err(e) => Err(e),
    };
    match sent {
        Ok(_) => Ok(back(id)),
        Err(e) => {
            let kept = FormState::with_values([("sent_on", form.sent_on.typed())]);
            refused(&state, chrome, &actor, id, "send", kept, e).await
        }
    }
}

/// `POST /batches/{id}/open`.
pub async fn open(
    State(state): State<AppState>,
    chrome: Chrome,
    RequireActor(actor): RequireActor,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let id = parse_id(&id, &chrome)?;
    batches::open(&state.ctx.db, &actor, id)
        .await
        .map_err(|e| PageError::new(e, chrome.lang))?;
    Ok(back(id))
}

/// `POST /batches/{id}/close`.
pub async fn close(
    State(state): State<AppState>,
    chrome: Chrome,
    RequireActor(actor): RequireActor,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let id = parse_id(&id, &chrome)?;
    match batches::close(&state.ctx.db, &actor, id).await {
        Ok(_) => Ok(back(id)),
        Err(e) => refused(&state, chrome, &actor, id, "close", FormState::default(), e).await,
    }
}

/// The minutes form.
#[derive(Debug, Deserialize)]
pub struct MinutesForm {
    #[serde(default)]
    minutes: String,
    #[serde(default)]
    correction: String,
}

/// `POST /batches/{id}/minutes`.
pub async fn minutes(
    State(state): State<AppState>,
    chrome: Chrome,
    RequireActor(actor): RequireActor,
    Path(id): Path<String>,
    Form(form): Form<MinutesForm>,
) -> Result<Response, PageError> {
    let id = parse_id(&id, &chrome)?;
    let input = MinutesInput {
        minutes: form.minutes,
        correction: form.correction,
    };
    batches::record_minutes(&state.ctx.db, &actor, id, &input)
        .await
        .map_err(|e| PageError::new(e, chrome.lang))?;
    Ok(back(id))
}

/// `POST /batches/{id}/attendance`: one `presence_{member id}` field per member.
pub async fn attendance(
    State(state): State<AppState>,
    chrome: Chrome,
    RequireActor(actor): RequireActor,
    Path(id): Path<String>,
    body: axum::body::Bytes,
) -> Result<Response, PageError> {
    let id = parse_id(&id, &chrome)?;
    let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(&body)
        .map_err(|_| PageError::new(ServiceError::Coded(ocop_domain::ErrorCode::BadRequest), chrome.lang))?;
    let mut attendance = Vec::new();
    for (key, value) in pairs {
        if let Some(member) = key.strip_prefix("presence_") {
            let member_id = uuid(member)
                .ok_or_else(|| PageError::new(ServiceError::Coded(ocop_domain::ErrorCode::BadRequest), chrome.lang))?;
            attendance.push(AttendanceEntry {
                member_id,
                presence: value,
            });
        }
    }
    meeting::record_attendance(&state.ctx.db, &actor, id, &AttendanceInput { attendance })
        .await
        .map_err(|e| PageError::new(e, chrome.lang))?;
    Ok(back(id))
}

/// The recognition form.
#[derive(Debug, Deserialize)]
pub struct RecogniseForm {
    #[serde(default)]
    number: String,
    #[serde(default)]
    decided_on: FormDay,
    #[serde(default)]
    issuer_name: String,
    #[serde(default)]
    issuer_level: String,
    #[serde(default)]
    legal_basis: String,
}

/// `POST /batches/{id}/recognise`.
pub async fn recognise(
    State(state): State<AppState>,
    chrome: Chrome,
    RequireActor(actor): RequireActor,
    Path(id): Path<String>,
    Form(form): Form<RecogniseForm>,
) -> Result<Response, PageError> {
    let id = parse_id(&id, &chrome)?;
    let kept = FormState::with_values([
        ("number", form.number.clone()),
        ("decided_on", form.decided_on.typed().to_owned()),
        ("issuer_name", form.issuer_name.clone()),
        ("legal_basis", form.legal_basis.clone()),
    ]);
    let decided_on = match form.decided_on.get("decided_on") {
        Ok(day) => day,
        Err(e) => return refused(&state, chrome, &actor, id, "recognise", kept, e).await,
    };
    let input = RecogniseInput {
        decision: DecisionInput {
            number: form.number,
            decided_on,
            issuer_name: form.issuer_name,
            issuer_level: form.issuer_level,
            legal_basis: form.legal_basis,
        },
    };
    match batches::recognise(&state.ctx.db, &actor, id, &input).await {
        Ok(_) => Ok(back(id)),
        Err(e) => refused(&state, chrome, &actor, id, "recognise", kept, e).await,
    }
}

/// The withdrawal form.
#[derive(Debug, Deserialize)]
pub struct WithdrawForm {
    #[serde(default)]
    number: String,
    #[serde(default)]
    decided_on: FormDay,
    #[serde(default)]
    reason: String,
}

/// `POST /batches/{id}/withdraw-decision`.
pub async fn withdraw_decision(
    State(state): State<AppState>,
    chrome: Chrome,
    RequireActor(actor): RequireActor,
    Path(id): Path<String>,
    Form(form): Form<WithdrawForm>,
) -> Result<Response, PageError> {
    let id = parse_id(&id, &chrome)?;
    let input = WithdrawInput {
        number: form.number,
        decided_on: form
            .decided_on
            .get("decided_on")
            .map_err(|e| PageError::new(e, chrome.lang))?,
        reason: form.reason,
    };
    withdrawal::withdraw(&state.ctx.db, &actor, id, &input)
        .await
        .map_err(|e| PageError::new(e, chrome.lang))?;
    Ok(back(id))
}

/// A document attached to the dossier, opened in place on the scoring page.
struct EvidenceRow {
    url: String,
    title: String,
    kind: String,
    image: bool,
}

fn evidence_row(batch_id: Uuid, dossier_id: Uuid, a: &Attachment) -> EvidenceRow {
    EvidenceRow {
        url: format!("/batches/{batch_id}/dossiers/{dossier_id}/evidence/{}", a.document.id),
        title: a.document.title.clone(),
        kind: a.document.doc_type_label.clone(),
        image: a.document.content_type.starts_with("image/"),
    }
}

/// One step of the advisory team's check, as read.
struct CheckRow {
    at: String,
    what: String,
    actor: String,
    reasons: Vec<String>,
    note: String,
}

/// The parts of the dossier a member reads beside the criteria.
struct ReadingView {
    commune: Option<CommuneReading>,
    check: Vec<CheckRow>,
    general: Vec<EvidenceRow>,
}

fn reading_view(batch_id: Uuid, dossier_id: Uuid, r: &CouncilReading, lang: ocop_domain::Lang) -> ReadingView {
    ReadingView {
        commune: r.commune.as_ref().map(|c| CommuneReading {
            meeting_on: NaiveDate::parse_from_str(&c.meeting_on, "%Y-%m-%d")
                .map(|d| d.format("%d/%m/%Y").to_string())
                .unwrap_or_else(|_| c.meeting_on.clone()),
            findings: c.findings.clone(),
        }),
        check: r
            .check
            .iter()
            .map(|h| CheckRow {
                at: (h.at + chrono::Duration::hours(7)).format("%d/%m/%Y %H:%M").to_string(),
                what: match h.event.as_str() {
                    "start_check" => lang.pick("Bắt đầu kiểm tra", "Check started"),
                    "return" => lang.pick("Trả lại để bổ sung", "Returned for supplement"),
                    _ => lang.pick("Đủ điều kiện đưa ra hội đồng", "Found eligible for the council"),
                }
                .to_owned(),
                actor: h.actor_name.clone(),
                reasons: h.reasons.clone(),
                note: h.note.clone().unwrap_or_default(),
            })
            .collect(),
        general: r
            .general_evidence
            .iter()
            .map(|a| evidence_row(batch_id, dossier_id, a))
            .collect(),
    }
}

/// One criterion as the scoring page shows it.
struct CriterionRow {
    code: String,
    /// The radios' name in the plain form: `option_<code>`.
    field: String,
    name: String,
    max: String,
    options: Vec<(usize, String, String, bool)>,
    comment: String,
    /// The producer's own choice, for a seated member.
    self_text: Option<String>,
    self_points: String,
    evidence: Vec<EvidenceRow>,
}

/// One group of criteria.
struct GroupRow {
    title: String,
    criteria: Vec<CriterionRow>,
}

#[derive(Template)]
#[template(path = "batch_score.html")]
struct ScorePage {
    chrome: Chrome,
    batch_id: Uuid,
    batch_name: String,
    dossier_id: Uuid,
    product_name: String,
    producer_name: String,
    title: String,
    groups: Vec<GroupRow>,
    view: SheetsView,
    sheet: Option<SheetDto>,
    can_score: bool,
    /// The caller holds a scoring seat but was recorded absent from the meeting.
    absent: bool,
    /// The member submitted: their own sheet, shown read-only.
    read_only: bool,
    is_chair_or_manager: bool,
    reading: Option<ReadingView>,
    form: FormState,
}

#[derive(Template)]
#[template(path = "batch_score_total.html")]
struct TotalFragment {
    chrome: Chrome,
    sheet: Option<SheetDto>,
}

/// `GET /batches/{id}/dossiers/{dossier_id}/score`.
pub async fn score_page(
    State(state): State<AppState>,
    chrome: Chrome,
    RequireActor(actor): RequireActor,
    Path((id, dossier_id)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let id = parse_id(&id, &chrome)?;
    let dossier_id = parse_id(&dossier_id, &chrome)?;
    score_view(&state, chrome, &actor, id, dossier_id, FormState::default()).await
}

/// The scoring page, with what a refused sheet kept.
async fn score_view(
    state: &AppState,
    chrome: Chrome,
    actor: &ocop_service::Actor,
    id: Uuid,
    dossier_id: Uuid,
    form: FormState,
) -> Result<Response, PageError> {
    let lang = chrome.lang;
    let batch = batches::get(&state.ctx.db, actor, id).await?;
    let entry = batch
        .dossiers
        .iter()
        .find(|d| d.dossier_id == dossier_id)
        .cloned()
        .ok_or_else(|| PageError::new(ServiceError::NotFound, lang))?;
    let view = scoring::sheets(&state.ctx.db, actor, id, dossier_id).await?;
    let reading = if batch.my_member_id.is_some() {
        Some(reading::read(&state.ctx.db, actor, id, dossier_id).await?)
    } else {
        None
    };
    let set: CriteriaSet = serde_json::from_value(view.criteria_set.clone())
        .map_err(|e| PageError::new(ServiceError::Internal(e.to_string()), lang))?;
    let chosen = |code: &str| {
        view.mine
            .as_ref()
            .and_then(|s| s.answers.iter().find(|a| a.criterion == code))
    };
    let mut groups = Vec::new();
    for part in &set.parts {
        for group in &part.groups {
            groups.push(GroupRow {
                title: format!("{} · {} — {}", part.code, group.code, group.name),
                criteria: group
                    .criteria
                    .iter()
                    .map(|c| {
                        let picked = chosen(&c.code);
                        let field = format!("option_{}", c.code);
                        let typed = form.has_errors().then(|| form.value(&field));
                        let own = reading.as_ref().and_then(|r| r.criteria.get(&c.code));
                        CriterionRow {
                            code: c.code.clone(),
                            name: c.name.clone(),
                            max: c.max.to_string(),
                            options: c
                                .options
                                .iter()
                                .enumerate()
                                .map(|(i, o)| {
                                    let checked = match &typed {
                                        Some(t) if !t.is_empty() => *t == i.to_string(),
                                        _ => picked.is_some_and(|a| a.option == i),
                                    };
                                    (i, o.text.clone(), o.points.to_string(), checked)
                                })
                                .collect(),
                            comment: if form.has_errors() {
                                form.value_or(
                                    &format!("comment_{}", c.code),
                                    &picked.map(|a| a.comment.clone()).unwrap_or_default(),
                                )
                            } else {
                                picked.map(|a| a.comment.clone()).unwrap_or_default()
                            },
                            field,
                            self_text: own.and_then(|o| o.self_text.clone()),
                            self_points: own.and_then(|o| o.self_points.clone()).unwrap_or_default(),
                            evidence: own
                                .map(|o| o.evidence.iter().map(|a| evidence_row(id, dossier_id, a)).collect())
                                .unwrap_or_default(),
                        }
                    })
                    .collect(),
            });
        }
    }
    let me = batch.members.iter().find(|m| Some(m.id) == batch.my_member_id);
    let scoring_seat = me.is_some_and(|m| councils::seat_scores(&m.role));
    let submitted = view.mine.as_ref().is_some_and(|s| s.submitted_at.is_some());
    // A member recorded absent does not score (the service refuses with `member_absent`).
    let absent = scoring_seat && batch.attendance_recorded && me.is_some_and(|m| !batch.present.contains(&m.id));
    let can_score = scoring_seat && !absent && !view.recused && !submitted && entry.status.score().is_ok();
    let council = councils::get_council(&state.ctx.db, actor, batch.council_id).await?;
    let is_chair_or_manager =
        me.is_some_and(|m| councils::seat_is_chair(&m.role)) || manages_province(actor, &council.province_code);
    let sheet = view.mine.clone();
    let page = render(
        &ScorePage {
            chrome,
            batch_id: id,
            batch_name: batch.name.clone(),
            dossier_id,
            product_name: entry.product_name.clone(),
            producer_name: entry.producer_name.clone(),
            title: set.title.clone(),
            groups,
            view,
            sheet,
            can_score,
            absent,
            read_only: submitted,
            is_chair_or_manager,
            reading: reading.as_ref().map(|r| reading_view(id, dossier_id, r, lang)),
            form: form.clone(),
        },
        lang,
    );
    Ok(if form.has_errors() { form.respond(page) } else { page })
}

#[derive(Template)]
#[template(path = "council_reading.html")]
struct ReadingPage {
    chrome: Chrome,
    batch_id: Uuid,
    dossier_id: Uuid,
    dossier: DossierDetail,
    criteria: Vec<(String, String, String, Vec<EvidenceRow>)>,
    r: ReadingView,
}

/// `GET /batches/{id}/dossiers/{dossier_id}`: the whole dossier, read-only, for a member
/// seated on the batch's council.
pub async fn read_dossier(
    State(state): State<AppState>,
    chrome: Chrome,
    RequireActor(actor): RequireActor,
    Path((id, dossier_id)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let lang = chrome.lang;
    let id = parse_id(&id, &chrome)?;
    let dossier_id = parse_id(&dossier_id, &chrome)?;
    let reading = reading::read(&state.ctx.db, &actor, id, dossier_id).await?;
    let mut in_order: Vec<_> = reading.criteria.values().collect();
    in_order.sort_by_key(|c| c.position);
    let criteria = in_order
        .into_iter()
        .map(|c| {
            (
                format!("{} {}", c.code, c.name),
                c.self_text.clone().unwrap_or_default(),
                c.self_points.clone().unwrap_or_default(),
                c.evidence.iter().map(|a| evidence_row(id, dossier_id, a)).collect(),
            )
        })
        .collect();
    let r = reading_view(id, dossier_id, &reading, lang);
    Ok(render(
        &ReadingPage {
            chrome,
            batch_id: id,
            dossier_id,
            dossier: reading.dossier,
            criteria,
            r,
        },
        lang,
    ))
}

/// `GET /batches/{id}/dossiers/{dossier_id}/evidence/{document_id}`: a document of the dossier,
/// inline, for a seated member to read in place.
pub async fn evidence(
    State(state): State<AppState>,
    chrome: Chrome,
    RequireActor(actor): RequireActor,
    Path((id, dossier_id, document_id)): Path<(String, String, String)>,
) -> Result<Response, PageError> {
    let id = parse_id(&id, &chrome)?;
    let dossier_id = parse_id(&dossier_id, &chrome)?;
    let document_id = parse_id(&document_id, &chrome)?;
    let (bytes, mime) = reading::evidence(&state.ctx.db, &state.ctx.files, &actor, id, dossier_id, document_id)
        .await
        .map_err(|e| PageError::new(e, chrome.lang))?;
    Ok((
        [
            (header::CONTENT_TYPE, mime),
            (header::CACHE_CONTROL, "private, no-store".to_owned()),
            (header::CONTENT_DISPOSITION, "inline".to_owned()),
            (header::X_FRAME_OPTIONS, "SAMEORIGIN".to_owned()),
        ],
        bytes,
    )
        .into_response())
}

/// One answer from the scoring page.
#[derive(Debug, Deserialize)]
pub struct AnswerForm {
    #[serde(default)]
    criterion: String,
    #[serde(default)]
    option: String,
    #[serde(default)]
    comment: Option<String>,
    /// When the member chose it (ms since 1970, the device's clock), sent by autosave.js.
    #[serde(default)]
    client_at: Option<i64>,
}

/// `POST /batches/{id}/dossiers/{dossier_id}/answer`: saves one answer (autosave.js, or htmx)
/// and returns the running total the server computed.
pub async fn answer(
    State(state): State<AppState>,
    chrome: Chrome,
    RequireActor(actor): RequireActor,
    Path((id, dossier_id)): Path<(String, String)>,
    Form(form): Form<AnswerForm>,
) -> Result<Response, PageError> {
    let lang = chrome.lang;
    let id = parse_id(&id, &chrome)?;
    let dossier_id = parse_id(&dossier_id, &chrome)?;
    let mut comment = form.comment.clone().unwrap_or_default();
    let option = match form.option.trim().parse::<usize>() {
        Ok(o) => Some(o),
        Err(_) => {
            // A comment saved on its own keeps the chosen option.
            let view = scoring::sheets(&state.ctx.db, &actor, id, dossier_id).await?;
            let previous = view
                .mine
                .and_then(|s| s.answers.into_iter().find(|a| a.criterion == form.criterion.trim()));
            if form.comment.is_none() {
                comment = previous.as_ref().map(|a| a.comment.clone()).unwrap_or_default();
            }
            previous.map(|a| a.option)
        }
    };
    let input = AnswerInput {
        criterion: form.criterion,
        option,
        comment,
        client_at: form.client_at,
    };
    let sheet = scoring::answer(&state.ctx.db, &actor, id, dossier_id, &input).await?;
    Ok(render(
        &TotalFragment {
            chrome,
            sheet: Some(sheet),
        },
        lang,
    ))
}

/// `POST /batches/{id}/dossiers/{dossier_id}/sheet`: the whole sheet as a plain form (no
/// JavaScript needed): `option_<code>` and `comment_<code>` per criterion; saves what changed
/// and submits. An incomplete sheet comes back with each unanswered criterion named.
pub async fn sheet(
    State(state): State<AppState>,
    chrome: Chrome,
    RequireActor(actor): RequireActor,
    Path((id, dossier_id)): Path<(String, String)>,
    body: axum::body::Bytes,
) -> Result<Response, PageError> {
    let lang = chrome.lang;
    let id = parse_id(&id, &chrome)?;
    let dossier_id = parse_id(&dossier_id, &chrome)?;
    let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(&body)
        .map_err(|_| PageError::new(ServiceError::Coded(ocop_domain::ErrorCode::BadRequest), lang))?;
    let value = |name: &str| pairs.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone());
    let inputs: Vec<AnswerInput> = pairs
        .iter()
        .filter_map(|(k, v)| {
            let code = k.strip_prefix("option_")?;
            Some(AnswerInput {
                criterion: code.to_owned(),
                option: v.trim().parse().ok(),
                comment: value(&format!("comment_{code}")).unwrap_or_default(),
                client_at: None,
            })
        })
        .collect();
    let kept = FormState::with_values(pairs.iter().filter(|(k, _)| k != "_csrf").cloned());
    let saved = scoring::save_all(&state.ctx.db, &actor, id, dossier_id, &inputs).await;
    let result = match saved {
        Ok(_) => scoring::submit(&state.ctx.db, &actor, id, dossier_id).await.map(|_| ()),
        Err(e) => Err(e),
    };
    match result {
        Ok(()) => Ok(back_to_score(id, dossier_id)),
        Err(e) if e.code() == ocop_domain::ErrorCode::SheetIncomplete => {
            let view = scoring::sheets(&state.ctx.db, &actor, id, dossier_id).await?;
            let set: CriteriaSet = serde_json::from_value(view.criteria_set.clone())
                .map_err(|e| PageError::new(ServiceError::Internal(e.to_string()), lang))?;
            let mut form = kept;
            for (code, name) in scoring::unanswered(&set, view.mine.as_ref()) {
                form.add(
                    &format!("option_{code}"),
                    &format!("{code} {name}"),
                    lang.pick("Chưa chọn mức điểm.", "No option chosen."),
                );
            }
            score_view(&state, chrome, &actor, id, dossier_id, form).await
        }
        Err(e) => {
            let form = kept.refusal(e, lang, |_| None)?;
            score_view(&state, chrome, &actor, id, dossier_id, form).await
        }
    }
}

fn back_to_score(id: Uuid, dossier_id: Uuid) -> Response {
    Redirect::to(&format!("/batches/{id}/dossiers/{dossier_id}/score")).into_response()
}

/// `POST /batches/{id}/dossiers/{dossier_id}/submit`.
pub async fn submit(
    State(state): State<AppState>,
    chrome: Chrome,
    RequireActor(actor): RequireActor,
    Path((id, dossier_id)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let id = parse_id(&id, &chrome)?;
    let dossier_id = parse_id(&dossier_id, &chrome)?;
    scoring::submit(&state.ctx.db, &actor, id, dossier_id)
        .await
        .map_err(|e| PageError::new(e, chrome.lang))?;
    Ok(back_to_score(id, dossier_id))
}

/// The recusal form.
#[derive(Debug, Deserialize)]
pub struct RecusalForm {
    #[serde(default)]
    reason: String,
    #[serde(default)]
    note: String,
}

/// `POST /batches/{id}/dossiers/{dossier_id}/recusal`.
pub async fn recuse(
    State(state): State<AppState>,
    chrome: Chrome,
    RequireActor(actor): RequireActor,
    Path((id, dossier_id)): Path<(String, String)>,
    Form(form): Form<RecusalForm>,
) -> Result<Response, PageError> {
    let id = parse_id(&id, &chrome)?;
    let dossier_id = parse_id(&dossier_id, &chrome)?;
    let input = RecusalInput {
        reason: form.reason,
        note: form.note,
    };
    scoring::recuse(&state.ctx.db, &actor, id, dossier_id, &input)
        .await
        .map_err(|e| PageError::new(e, chrome.lang))?;
    Ok(back(id))
}

/// The new-round form.
#[derive(Debug, Deserialize)]
pub struct RoundForm {
    #[serde(default)]
    reason: String,
    #[serde(default)]
    discussion: String,
}

/// `POST /batches/{id}/dossiers/{dossier_id}/rounds`.
pub async fn new_round(
    State(state): State<AppState>,
    chrome: Chrome,
    RequireActor(actor): RequireActor,
    Path((id, dossier_id)): Path<(String, String)>,
    Form(form): Form<RoundForm>,
) -> Result<Response, PageError> {
    let id = parse_id(&id, &chrome)?;
    let dossier_id = parse_id(&dossier_id, &chrome)?;
    let input = RoundInput {
        reason: form.reason,
        discussion: form.discussion,
    };
    scoring::new_round(&state.ctx.db, &actor, id, dossier_id, &input)
        .await
        .map_err(|e| PageError::new(e, chrome.lang))?;
    Ok(back_to_score(id, dossier_id))
}

/// `POST /batches/{id}/dossiers/{dossier_id}/disqualifiers`: `code` repeated once per
/// disqualifier ticked, `note_{code}` the council's note for it.
pub async fn disqualifiers(
    State(state): State<AppState>,
    chrome: Chrome,
    RequireActor(actor): RequireActor,
    Path((id, dossier_id)): Path<(String, String)>,
    body: axum::body::Bytes,
) -> Result<Response, PageError> {
    let id = parse_id(&id, &chrome)?;
    let dossier_id = parse_id(&dossier_id, &chrome)?;
    let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(&body)
        .map_err(|_| PageError::new(ServiceError::Coded(ocop_domain::ErrorCode::BadRequest), chrome.lang))?;
    let note = |code: &str| {
        pairs
            .iter()
            .find(|(k, _)| k.strip_prefix("note_") == Some(code))
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let input = DisqualifiersInput {
        found: pairs
            .iter()
            .filter(|(k, _)| k == "code")
            .map(|(_, code)| FoundInput {
                code: code.clone(),
                note: note(code),
            })
            .collect(),
    };
    disqualifier_findings::record(&state.ctx.db, &actor, id, dossier_id, &input)
        .await
        .map_err(|e| PageError::new(e, chrome.lang))?;
    Ok(back(id))
}
