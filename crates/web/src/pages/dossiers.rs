//! Dossier pages: the producer's list and preparation (self-assessment with the gap to the
//! next star, evidence from the vault or uploaded, submit, answer returns), the commune
//! officer's inbox (receive, return with reasons, the commune report, propose) and the
//! province office's check list (return or eligible). Every form posts to the same services
//! as the JSON API.

use std::collections::HashMap;

use askama::Template;
use axum::Form;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use ocop_domain::ErrorCode;
use ocop_domain::evaluation::{CriteriaSet, LegalBases};
use ocop_service::ServiceError;
use ocop_service::dossiers::steps::{self, Step, StepInput};
use ocop_service::dossiers::vault::{self, DOC_TYPES, DocumentDto, UploadMeta};
use ocop_service::dossiers::{self, AttachInput, DossierCreate, DossierDetail, DossierListParams, DossierSummary};
use ocop_service::{Actor, criteria_sets};
use serde::Deserialize;
use uuid::Uuid;

use super::chrome::Chrome;
use super::producers::parse_id;
use super::render;
use crate::app::AppState;
use crate::auth::RequireActor;
use crate::error::PageError;
use crate::form_state::FormState;

/// Vietnamese and English label of a state code: the domain's names
/// ([`ocop_domain::evaluation::dossier::DossierStage`]), the only vocabulary.
pub fn state_label(state: &str) -> (&'static str, &'static str) {
    ocop_domain::evaluation::dossier::DossierStage::label_of(state).unwrap_or(("Không rõ", "Unknown"))
}

/// Vietnamese and English label of a dossier kind code.
pub fn kind_label(kind: &str) -> (&'static str, &'static str) {
    match kind {
        "new" => ("Đánh giá lần đầu", "First evaluation"),
        "upgrade" => ("Nâng hạng", "Upgrade"),
        "reevaluation" => ("Công nhận lại", "Re-evaluation"),
        _ => ("Không rõ", "Unknown"),
    }
}

fn step_label(step: &str) -> (&'static str, &'static str) {
    match step {
        "submit" => ("Nộp hồ sơ", "Submit"),
        "receive" => ("Tiếp nhận", "Receive"),
        "return_by_commune" => ("Trả lại để bổ sung", "Return for supplement"),
        "commune_report" => ("Ban hành báo cáo đánh giá của xã", "Issue the commune report"),
        "propose" => ("Đề xuất lên tỉnh", "Propose to the province"),
        "start_check" => ("Bắt đầu kiểm tra", "Start checking"),
        "return" => ("Trả lại để bổ sung", "Return for supplement"),
        "find_eligible" => ("Đủ điều kiện đánh giá", "Eligible for evaluation"),
        "schedule" => ("Xếp vào đợt đánh giá", "Scheduled in a batch"),
        "open_scoring" => ("Hội đồng bắt đầu chấm điểm", "Scoring opened"),
        "close_scoring" => ("Hội đồng tổng hợp kết quả", "Scoring closed"),
        "recognise" => ("Quyết định công nhận", "Recognition decision"),
        "forward" => ("Đề nghị cấp trên đánh giá", "Forwarded to the next level"),
        "close" => ("Không công nhận", "Not recognised"),
        _ => ("", ""),
    }
}

/// A row of the list.
struct ListRow {
    summary: DossierSummary,
    state: String,
    kind: String,
}

#[derive(Template)]
#[template(path = "dossiers_list.html")]
struct ListPage {
    chrome: Chrome,
    title: String,
    rows: Vec<ListRow>,
    filter: String,
    todo_states: String,
    products: Vec<(Uuid, String)>,
    /// The new-dossier form as typed, when it was refused.
    form: FormState,
}

impl ListPage {
    /// Whether `value` is the one to select in `name`: as typed after a refusal, else `default`.
    fn picked(&self, name: &str, value: &str, default: &str) -> bool {
        self.form.value_or(name, default) == value
    }

    /// Whether product `id` is the one chosen before the refusal.
    fn picked_product(&self, id: &Uuid) -> bool {
        self.form.chose("product_id", &id.to_string())
    }
}

/// Query of `GET /dossiers`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ListQuery {
    /// Comma-separated states.
    pub state: Option<String>,
}

/// The states waiting for this role's action (the inbox, as the home page shows it by stage).
fn todo_states(actor: &Actor) -> String {
    ocop_service::home::inbox_states(actor.role).join(",")
}

/// The level of the dossiers waiting for this role's action (`service::home::inbox_level`).
fn todo_level(actor: &Actor) -> Option<&'static str> {
    ocop_service::home::inbox_level(actor.role)
}

/// `GET /dossiers`: the caller's dossiers; `?state=…` filters (the inbox is the states
/// waiting for the caller's role).
pub async fn list(
    State(state): State<AppState>,
    chrome: Chrome,
    RequireActor(actor): RequireActor,
    Query(query): Query<ListQuery>,
) -> Result<Response, PageError> {
    list_view(
        &state,
        chrome,
        &actor,
        query.state.unwrap_or_default(),
        FormState::default(),
    )
    .await
}

/// The list filtered by `filter`, with the new-dossier form as `form` kept it.
async fn list_view(
    state: &AppState,
    chrome: Chrome,
    actor: &Actor,
    filter: String,
    form: FormState,
) -> Result<Response, PageError> {
    let actor = actor.clone();
    let lang = chrome.lang;
    let params = DossierListParams {
        state: Some(filter.clone()),
        level: todo_level(&actor)
            .filter(|_| filter == todo_states(&actor))
            .map(str::to_owned),
        limit: Some(200),
        ..Default::default()
    };
    let page = dossiers::list(&state.ctx.db, &actor, &params).await?;
    // A producer opens dossiers for its own products; officers from a product's page.
    let products = match ocop_service::home::own_products(&actor) {
        Some(own) => ocop_service::products::of_producer_for(&state.ctx.db, &actor, own)
            .await?
            .into_iter()
            .map(|p| (p.id, p.name))
            .collect(),
        None => Vec::new(),
    };
    let rows = page
        .items
        .into_iter()
        .map(|summary| ListRow {
            state: lang
                .pick(state_label(&summary.state).0, state_label(&summary.state).1)
                .to_owned(),
            kind: lang
                .pick(kind_label(&summary.kind).0, kind_label(&summary.kind).1)
                .to_owned(),
            summary,
        })
        .collect();
    let title = chrome.t("Hồ sơ đánh giá OCOP", "OCOP evaluation dossiers").to_owned();
    let page = render(
        &ListPage {
            title,
            rows,
            filter,
            todo_states: todo_states(&actor),
            products,
            chrome,
            form: form.clone(),
        },
        lang,
    );
    Ok(if form.has_errors() { form.respond(page) } else { page })
}

/// Form of `POST /dossiers/new`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct NewForm {
    /// The product.
    pub product_id: String,
    /// `new`, `upgrade`, `reevaluation`.
    pub kind: String,
    /// For an upgrade.
    pub current_stars: Option<String>,
}

/// The new-dossier form's labels, for the error summary.
fn new_form_label(lang: ocop_domain::Lang, field: &str) -> Option<String> {
    Some(
        match field {
            "product_id" => lang.pick("Sản phẩm", "Product"),
            "kind" => lang.pick("Loại hồ sơ", "Kind"),
            "current_stars" => lang.pick("Số sao hiện có", "Current stars"),
            _ => return None,
        }
        .to_owned(),
    )
}

/// `POST /dossiers/new`: a draft, then its page. A refusal the person can fix (an upgrade
/// without its stars, a product that already has a dossier under way…) comes back on the
/// list, in the form, with what was chosen.
pub async fn create(
    State(state): State<AppState>,
    chrome: Chrome,
    RequireActor(actor): RequireActor,
    Form(form): Form<NewForm>,
) -> Result<Response, PageError> {
    let lang = chrome.lang;
    let kept = FormState::with_values([
        ("product_id", form.product_id.clone()),
        ("kind", form.kind.clone()),
        ("current_stars", form.current_stars.clone().unwrap_or_default()),
    ]);
    let created = match Uuid::parse_str(form.product_id.trim()) {
        Err(_) => Err(ServiceError::field("product_id", ErrorCode::Required)),
        Ok(product_id) => {
            let input = DossierCreate {
                product_id,
                kind: form.kind,
                current_stars: form.current_stars.as_deref().and_then(|s| s.trim().parse().ok()),
                criteria_set_id: None,
            };
            dossiers::create(&state.ctx.db, &actor, &input).await
        }
    };
    match created {
        Ok(created) => Ok(Redirect::to(&format!("/dossiers/{}", created.summary.id)).into_response()),
        Err(e) => {
            let kept = kept.refusal(e, lang, |field| new_form_label(lang, field))?;
            list_view(&state, chrome, &actor, String::new(), kept).await
        }
    }
}

/// A criterion as the self-assessment form shows it.
struct CriterionRow {
    part: String,
    code: String,
    name: String,
    options: Vec<(usize, String, bool)>,
}

/// A history line.
struct HistoryRow {
    seq: i32,
    at: String,
    actor: String,
    what: String,
    to: String,
    reasons: Vec<String>,
    note: String,
}

#[derive(Template)]
#[template(path = "dossier_detail.html")]
struct DetailPage {
    chrome: Chrome,
    dossier: DossierDetail,
    state: String,
    kind: String,
    criteria: Vec<CriterionRow>,
    vault: Vec<DocumentDto>,
    doc_types: Vec<(&'static str, &'static str)>,
    actions: Vec<(String, String, String)>,
    history: Vec<HistoryRow>,
    commune_criteria: Vec<(String, String)>,
    today: String,
    /// The day the province forwarded it to the central level, dd/mm/yyyy.
    forwarded_on: String,
    /// The step whose form was refused, and what it kept.
    failed_step: String,
    form: FormState,
    empty: FormState,
    /// While it waits for the producer's supplement: the reasons of the last return, shown first.
    return_reasons: Vec<String>,
    /// The batches that evaluated it, with their decisions and the certificates they gave.
    decided: Vec<DecidedRow>,
    /// The viewer may open a certificate's page (else the links go to `/v/{code}`).
    opens_certificates: bool,
}

/// A batch that evaluated the dossier, as its page links to it.
struct DecidedRow {
    decided: ocop_service::dossiers::central::Decided,
    /// The viewer may print the decision's certificates.
    may_print: bool,
}

impl DetailPage {
    /// The documents attached to one criterion: (document id, title).
    fn evidence_of(&self, code: &str) -> Vec<(String, String)> {
        self.dossier
            .evidence
            .iter()
            .filter(|a| a.criterion_code.as_deref() == Some(code))
            .map(|a| (a.document.id.to_string(), a.document.title.clone()))
            .collect()
    }

    /// The option chosen for a criterion, as shown in the form ("text (points)").
    fn answer_of<'a>(&self, row: &'a CriterionRow) -> Option<&'a str> {
        row.options
            .iter()
            .find(|(_, _, chosen)| *chosen)
            .map(|(_, text, _)| text.as_str())
    }

    fn points(&self, x100: &u32) -> String {
        format!("{}.{:02}", x100 / 100, x100 % 100)
    }

    /// The self-assessment with its computed points (`dossier_self_score.html`).
    fn assessment(&self) -> &ocop_service::dossiers::assessment::SelfAssessment {
        &self.dossier.self_assessment
    }

    /// A document type code in words (`registration_form` → "Phiếu đăng ký…").
    fn doc_type(&self, code: &str) -> &'static str {
        vault::doc_type_label(code)
    }

    /// The field of a commune finding: `finding_<code>`.
    fn finding(&self, code: &str) -> String {
        format!("finding_{code}")
    }

    /// The kept values and errors of a step's form (nothing for the other steps).
    fn f(&self, step: &str) -> &FormState {
        if step == self.failed_step {
            &self.form
        } else {
            &self.empty
        }
    }

    /// Whether option `i` of criterion `code` shows selected: as typed after a refused
    /// self-assessment, else as saved.
    fn picked(&self, code: &str, i: &usize, saved: &bool) -> bool {
        if self.failed_step == "self_assessment" {
            self.form.chose(code, &i.to_string())
        } else {
            *saved
        }
    }

    /// A certificate status code in words.
    fn certificate_status(&self, code: &str) -> &'static str {
        ocop_domain::certificate::CertificateStatus::parse(code)
            .map(|s| self.chrome.lang.pick(s.banner().0, s.banner().1))
            .unwrap_or_default()
    }
}

/// `GET /dossiers/{id}`.
pub async fn detail(
    State(state): State<AppState>,
    chrome: Chrome,
    RequireActor(actor): RequireActor,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let id = parse_id(&id, &chrome)?;
    detail_view(&state, chrome, &actor, id, String::new(), FormState::default()).await
}

/// The dossier page, with the refused form of `failed_step` as it was typed.
async fn detail_view(
    state: &AppState,
    chrome: Chrome,
    actor: &Actor,
    id: Uuid,
    failed_step: String,
    form: FormState,
) -> Result<Response, PageError> {
    let state = state.clone();
    let actor = actor.clone();
    let lang = chrome.lang;
    let dossier = dossiers::get(&state.ctx.db, &actor, id).await?;
    let set = criteria_sets::get(&state.ctx.db, Some(&actor), dossier.summary.criteria_set_id).await?;
    let set: CriteriaSet =
        serde_json::from_value(set.body).map_err(|e| PageError::new(ServiceError::Internal(e.to_string()), lang))?;
    let chosen = &dossier.self_assessment.choices;
    let criteria = set
        .criteria()
        .map(|(part, c)| CriterionRow {
            part: part.code.clone(),
            code: c.code.clone(),
            name: c.name.clone(),
            options: c
                .options
                .iter()
                .enumerate()
                .map(|(i, o)| (i, format!("{} ({})", o.text, o.points), chosen.get(&c.code) == Some(&i)))
                .collect(),
        })
        .collect();
    let vault = if dossier.editable {
        vault::list(&state.ctx.db, &actor, dossier.summary.producer_id).await?
    } else {
        Vec::new()
    };
    let actions = dossier
        .actions
        .iter()
        .map(|a| {
            let (vi, en) = step_label(a);
            (a.clone(), a.replace('_', "-"), lang.pick(vi, en).to_owned())
        })
        .collect();
    let history = dossier
        .history
        .iter()
        .map(|h| {
            let to = h.to_state["state"].as_str().unwrap_or_default();
            let what = h.event["event"].as_str().unwrap_or_default();
            let (vi, en) = step_label(match what {
                "resubmit" => "submit",
                "issue_commune_report" => "commune_report",
                other => other,
            });
            HistoryRow {
                seq: h.seq,
                at: (h.at + chrono::Duration::hours(7)).format("%d/%m/%Y %H:%M").to_string(),
                actor: h.actor_name.clone(),
                what: if vi.is_empty() {
                    what.to_owned()
                } else {
                    lang.pick(vi, en).to_owned()
                },
                to: lang.pick(state_label(to).0, state_label(to).1).to_owned(),
                reasons: h.event["reasons"]
                    .as_array()
                    .map(|r| r.iter().filter_map(|x| x.as_str().map(str::to_owned)).collect())
                    .unwrap_or_default(),
                note: h.note.clone().unwrap_or_default(),
            }
        })
        .collect();
    let return_reasons = if ocop_service::home::WaitingFor::of(&dossier.summary.state)
        == ocop_service::home::WaitingFor::ProducerToSupplement
    {
        ocop_service::home::return_reasons(&dossier.history)
    } else {
        Vec::new()
    };
    let mut decided = Vec::new();
    for d in ocop_service::dossiers::central::decided(&state.ctx.db, &dossier).await? {
        let may_print = match d.decision_id {
            Some(decision_id) if d.certificate.is_some() => {
                ocop_service::certificates::printing::issued_by(&state.ctx.db, Some(&actor), decision_id)
                    .await?
                    .may_print
            }
            _ => false,
        };
        decided.push(DecidedRow { decided: d, may_print });
    }
    let page = DetailPage {
        return_reasons,
        decided,
        opens_certificates: crate::menu::may_open(Some(actor.role), "/certificates/{id}"),
        state: lang
            .pick(
                state_label(&dossier.summary.state).0,
                state_label(&dossier.summary.state).1,
            )
            .to_owned(),
        kind: lang
            .pick(kind_label(&dossier.summary.kind).0, kind_label(&dossier.summary.kind).1)
            .to_owned(),
        criteria,
        vault,
        doc_types: DOC_TYPES.to_vec(),
        actions,
        history,
        commune_criteria: LegalBases::official()
            .commune_criteria
            .iter()
            .map(|c| (c.code.clone(), c.name.clone()))
            .collect(),
        today: ocop_service::admin_units::today().format("%d/%m/%Y").to_string(),
        forwarded_on: dossier
            .central
            .as_ref()
            .map(|c| chrome.date(&(c.forwarded_at + chrono::Duration::hours(7)).date_naive()))
            .unwrap_or_default(),
        dossier,
        chrome,
        failed_step,
        form: form.clone(),
        empty: FormState::default(),
    };
    let page = render(&page, lang);
    Ok(if form.has_errors() { form.respond(page) } else { page })
}

fn back(id: Uuid) -> Response {
    Redirect::to(&format!("/dossiers/{id}")).into_response()
}

/// `POST /dossiers/{id}/self-assessment`: one field per criterion code, the option index.
pub async fn self_assess(
    State(state): State<AppState>,
    chrome: Chrome,
    RequireActor(actor): RequireActor,
    Path(id): Path<String>,
    Form(form): Form<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let lang = chrome.lang;
    let id = parse_id(&id, &chrome)?;
    let answered = form
        .iter()
        .filter(|(k, v)| k.as_str() != "_csrf" && !v.trim().is_empty())
        .map(|(k, v)| {
            v.trim()
                .parse::<usize>()
                .map(|i| (k.clone(), i))
                .map_err(|_| ServiceError::field(&format!("choices.{k}"), ErrorCode::InvalidChoice))
        })
        .collect::<Result<_, _>>();
    let saved = match answered {
        Ok(choices) => dossiers::self_assess(&state.ctx.db, &actor, id, &dossiers::SelfAssessmentInput { choices })
            .await
            .map(|_| ()),
        Err(e) => Err(e),
    };
    match saved {
        Ok(()) => Ok(back(id)),
        // The answers come back as chosen, each refused one marked beside its criterion.
        Err(
            e @ (ServiceError::Validation(_)
            | ServiceError::Rejected(..)
            | ServiceError::Coded(_)
            | ServiceError::Conflict(_)),
        ) => {
            let mut kept = FormState::with_values(form.into_iter().filter(|(k, _)| k != "_csrf"));
            let per_criterion: Vec<(String, ErrorCode)> = e
                .field_errors()
                .map(|f| {
                    f.fields
                        .iter()
                        .filter_map(|f| f.field.strip_prefix("choices.").map(|c| (c.to_owned(), f.code)))
                        .collect()
                })
                .unwrap_or_default();
            if per_criterion.is_empty() {
                kept = kept.refused(&e, lang, |_| None);
            } else {
                for (code, error) in per_criterion {
                    let label = format!("{} {}", lang.pick("Tiêu chí", "Criterion"), code);
                    kept.add(&code, &label, error.message(lang));
                }
            }
            detail_view(&state, chrome, &actor, id, "self_assessment".to_owned(), kept).await
        }
        Err(e) => Err(PageError::new(e, lang)),
    }
}

/// One answer of `POST /dossiers/{id}/self-assessment/answer` (sent by `assets/autosave.js`).
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct SelfAnswerForm {
    criterion: String,
    /// The option index; blank clears the answer.
    option: String,
    /// When the producer chose it (ms since 1970, the device's clock).
    client_at: Option<i64>,
}

/// The running total the self-assessment's autosave puts back on the page.
#[derive(Template)]
#[template(path = "dossier_self_score.html")]
struct SelfScoreFragment {
    chrome: Chrome,
    assessment: ocop_service::dossiers::assessment::SelfAssessment,
}

impl SelfScoreFragment {
    fn points(&self, x100: &u32) -> String {
        format!("{}.{:02}", x100 / 100, x100 % 100)
    }
}

/// `POST /dossiers/{id}/self-assessment/answer`: saves one answer as it is chosen (the page's
/// autosave) and returns the total the server computed; the same answer again changes nothing.
pub async fn self_assess_answer(
    State(state): State<AppState>,
    chrome: Chrome,
    RequireActor(actor): RequireActor,
    Path(id): Path<String>,
    Form(form): Form<SelfAnswerForm>,
) -> Result<Response, PageError> {
    let lang = chrome.lang;
    let id = parse_id(&id, &chrome)?;
    let option = match form.option.trim() {
        "" => None,
        text => Some(
            text.parse::<usize>()
                .map_err(|_| PageError::new(ServiceError::field("option", ErrorCode::InvalidChoice), lang))?,
        ),
    };
    let input = dossiers::SelfAnswerInput {
        criterion: form.criterion,
        option,
        client_at: form.client_at,
    };
    let dossier = dossiers::self_assess_answer(&state.ctx.db, &actor, id, &input).await?;
    Ok(render(
        &SelfScoreFragment {
            chrome,
            assessment: dossier.self_assessment,
        },
        lang,
    ))
}

/// Form of `POST /dossiers/{id}/evidence`.
#[derive(Debug, Deserialize)]
pub struct AttachForm {
    /// A vault document.
    pub document_id: String,
    /// The criterion, or blank for the whole dossier.
    #[serde(default)]
    pub criterion_code: Option<String>,
}

/// `POST /dossiers/{id}/evidence`: attaches a vault document.
pub async fn attach(
    State(state): State<AppState>,
    chrome: Chrome,
    RequireActor(actor): RequireActor,
    Path(id): Path<String>,
    Form(form): Form<AttachForm>,
) -> Result<Response, PageError> {
    let lang = chrome.lang;
    let id = parse_id(&id, &chrome)?;
    let document_id = Uuid::parse_str(form.document_id.trim())
        .map_err(|_| PageError::new(ServiceError::field("document_id", ErrorCode::Required), lang))?;
    let input = AttachInput {
        document_id,
        criterion_code: form.criterion_code,
    };
    dossiers::attach(&state.ctx.db, &actor, id, &input).await?;
    Ok(back(id))
}

/// `POST /dossiers/{id}/upload` (multipart: `file`, `doc_type`, `title`, `issued_on`,
/// `expires_on`, `issuer`, `criterion_code`): stores the file in the producer's vault and
/// attaches it.
pub async fn upload(
    State(state): State<AppState>,
    chrome: Chrome,
    RequireActor(actor): RequireActor,
    Path(id): Path<String>,
    mut multipart: Multipart,
) -> Result<Response, PageError> {
    let lang = chrome.lang;
    let id = parse_id(&id, &chrome)?;
    let mut fields: HashMap<String, String> = HashMap::new();
    let mut bytes = Vec::new();
    loop {
        match multipart.next_field().await {
            Ok(Some(field)) => {
                let name = field.name().unwrap_or_default().to_owned();
                let data = field.bytes().await.map_err(|e| {
                    let code = if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
                        ErrorCode::PayloadTooLarge
                    } else {
                        ErrorCode::BadRequest
                    };
                    PageError::new(ServiceError::Coded(code), lang)
                })?;
                if name == "file" {
                    bytes = data.to_vec();
                } else {
                    fields.insert(name, String::from_utf8_lossy(&data).into_owned());
                }
            }
            Ok(None) => break,
            Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                return Err(PageError::new(ServiceError::Coded(ErrorCode::PayloadTooLarge), lang));
            }
            Err(_) => return Err(PageError::new(ServiceError::Coded(ErrorCode::BadRequest), lang)),
        }
    }
    let dossier = dossiers::get(&state.ctx.db, &actor, id).await?;
    if !dossier.editable {
        return Err(PageError::new(ServiceError::Conflict(ErrorCode::DossierLocked), lang));
    }
    let field = |name: &str| fields.get(name).cloned().filter(|v| !v.trim().is_empty());
    let meta = UploadMeta {
        doc_type: field("doc_type").unwrap_or_default(),
        title: field("title"),
        issued_on: field("issued_on"),
        expires_on: field("expires_on"),
        issuer: field("issuer"),
    };
    let document = match vault::upload(
        &state.ctx.db,
        &state.ctx.files,
        &actor,
        dossier.summary.producer_id,
        &meta,
        &bytes,
    )
    .await
    {
        Ok(d) => d,
        // A bad date or a missing type comes back in the upload form, as typed (the file
        // itself is chosen again: browsers never refill a file input).
        Err(e @ ServiceError::Validation(_)) => {
            let kept = FormState::with_values(fields.clone()).refused(&e, lang, |field| {
                Some(
                    match field {
                        "issued_on" => lang.pick("Ngày cấp", "Issued on"),
                        "expires_on" => lang.pick("Hiệu lực đến", "Valid until"),
                        "doc_type" => lang.pick("Loại tài liệu", "Type"),
                        "title" => lang.pick("Tên tài liệu", "Title"),
                        "issuer" => lang.pick("Nơi cấp", "Issuer"),
                        _ => return None,
                    }
                    .to_owned(),
                )
            });
            return detail_view(&state, chrome, &actor, id, "upload".to_owned(), kept).await;
        }
        Err(e) => return Err(PageError::new(e, lang)),
    };
    let input = AttachInput {
        document_id: document.id,
        criterion_code: field("criterion_code"),
    };
    dossiers::attach(&state.ctx.db, &actor, id, &input).await?;
    Ok(back(id))
}

/// Takes a workflow step from a form: `reasons` (one per line), `note`, `meeting_on`,
/// `finding_<code>` for the commune report.
async fn step(
    state: AppState,
    chrome: Chrome,
    actor: Actor,
    id: String,
    step: Step,
    form: HashMap<String, String>,
) -> Result<Response, PageError> {
    let lang = chrome.lang;
    let id = parse_id(&id, &chrome)?;
    let input = StepInput {
        reasons: form
            .get("reasons")
            .map(|r| r.lines().map(str::to_owned).collect())
            .unwrap_or_default(),
        note: form.get("note").cloned(),
        meeting_on: form.get("meeting_on").cloned(),
        findings: form
            .iter()
            .filter_map(|(k, v)| k.strip_prefix("finding_").map(|c| (c.to_owned(), v.clone())))
            .collect(),
    };
    match steps::take(&state.ctx.db, &actor, id, step, &input).await {
        Ok(_) => Ok(back(id)),
        // A refusal the person can fix comes back on the dossier page, in the step's form,
        // with what was typed.
        Err(e @ (ServiceError::Validation(_) | ServiceError::Coded(_) | ServiceError::Conflict(_))) => {
            let criteria = LegalBases::official().commune_criteria.clone();
            let mut kept = FormState::with_values(form.into_iter().filter(|(k, _)| k != "_csrf"));
            if e.code() == ErrorCode::ReasonRequired {
                kept.add("reasons", lang.pick("Lý do trả lại", "Reasons"), e.code().message(lang));
            } else {
                kept = kept.refused(&e, lang, |field| match field {
                    "meeting_on" => Some(lang.pick("Ngày họp lấy ý kiến", "Meeting date").to_owned()),
                    "reasons" => Some(lang.pick("Lý do trả lại", "Reasons").to_owned()),
                    other => other
                        .strip_prefix("findings.")
                        .and_then(|c| criteria.iter().find(|k| k.code == c))
                        .map(|k| k.name.clone()),
                });
            }
            detail_view(&state, chrome, &actor, id, step.as_str().to_owned(), kept).await
        }
        Err(e) => Err(PageError::new(e, lang)),
    }
}

macro_rules! step_page {
    ($name:ident, $step:expr, $doc:literal) => {
        #[doc = $doc]
        pub async fn $name(
            State(state): State<AppState>,
            chrome: Chrome,
            RequireActor(actor): RequireActor,
            Path(id): Path<String>,
            Form(form): Form<HashMap<String, String>>,
        ) -> Result<Response, PageError> {
            step(state, chrome, actor, id, $step, form).await
        }
    };
}

step_page!(submit, Step::Submit, "`POST /dossiers/{id}/submit`.");
step_page!(receive, Step::Receive, "`POST /dossiers/{id}/receive`.");
step_page!(
    return_by_commune,
    Step::ReturnByCommune,
    "`POST /dossiers/{id}/return-by-commune`."
);
step_page!(
    commune_report,
    Step::CommuneReport,
    "`POST /dossiers/{id}/commune-report`."
);
step_page!(propose, Step::Propose, "`POST /dossiers/{id}/propose`.");
step_page!(start_check, Step::StartCheck, "`POST /dossiers/{id}/start-check`.");
step_page!(return_by_province, Step::Return, "`POST /dossiers/{id}/return`.");
step_page!(
    find_eligible,
    Step::FindEligible,
    "`POST /dossiers/{id}/find-eligible`."
);
