//! Evaluation dossiers (hồ sơ đánh giá, phân hạng sản phẩm OCOP): preparation by the
//! producer (or an officer for it), evidence from the producer's vault, the self-assessment
//! against the dossier's criteria set, and the workflow up to "eligible" (commune review,
//! commune report, province check). Scheduling and scoring belong to the councils services,
//! which call [`workflow::apply_event`] in their own transactions.
//!
//! The criteria set is chosen when the dossier is created and cannot change afterwards; the
//! legal basis is fixed by the first submission date. The content (self-assessment,
//! evidence) can change only while the dossier is a draft or returned for supplement.

pub mod access;
pub mod assessment;
pub mod central;
pub mod sheet;
pub mod steps;
pub mod vault;
pub mod workflow;

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, NaiveDate, Utc};
use ocop_domain::ErrorCode;
use ocop_domain::evaluation::dossier::DossierState;
use ocop_domain::evaluation::preconditions::{self, HeldCertificate};
use ocop_domain::evaluation::routing::DossierKind;
use ocop_domain::evaluation::{CriteriaSet, Stars};
use ocop_domain::role::{Actor, Role, Scope};
use ocop_storage::audit::{self, AuditEvent};
use ocop_storage::entities::{dossier, dossier_evidence};
use ocop_storage::repo::dossier_repo::{self, DossierQuery};
use ocop_storage::repo::{criteria_set_repo, producer_repo, product_repo};
use ocop_storage::{ConnectionTrait, Database};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::admin_units::{Paged, PlaceDto, places, today};
use crate::error::{ServiceError, ServiceResult};
use crate::producers::empty_place;
use crate::{audit_actor, paging};
use access::{Act, area_of, check};
use assessment::SelfAssessment;
use vault::{DocumentDto, document_dto};
use workflow::{Facts, snapshot};

/// Evidence types every dossier needs before it can be submitted: the registration form
/// (Mẫu 01). The self-assessment (Mẫu 02) is filled in on the system itself.
pub const MANDATORY_DOCUMENTS: [&str; 1] = ["registration_form"];

/// A dossier in a list.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct DossierSummary {
    /// Identifier.
    pub id: Uuid,
    /// The producer.
    pub producer_id: Uuid,
    /// Its name.
    pub producer_name: String,
    /// The product.
    pub product_id: Uuid,
    /// Its name.
    pub product_name: String,
    /// `new`, `upgrade` or `reevaluation`.
    pub kind: String,
    /// For an upgrade: the stars the product holds.
    pub current_stars: Option<i32>,
    /// Workflow state (`draft`, `submitted`, `commune_review`, …, `eligible`, …).
    pub state: String,
    /// The level the state refers to (`province`, …), if any.
    pub level: Option<String>,
    /// Score ×100, once scored.
    pub score_x100: Option<i32>,
    /// Stars, once scored or recognised.
    pub stars: Option<i32>,
    /// Legal basis id, fixed at the first submission.
    pub legal_basis: Option<String>,
    /// The criteria set, frozen at submission.
    pub criteria_set_id: Uuid,
    /// First submission date.
    pub submitted_on: Option<NaiveDate>,
    /// Where the product is made.
    pub place: PlaceDto,
    /// Last change.
    pub updated_at: DateTime<Utc>,
}

/// One recorded transition.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct HistoryEntry {
    /// 1, 2, … per dossier.
    pub seq: i32,
    /// The event (`{"event": "return_by_commune", "reasons": [...]}`).
    #[schema(value_type = Object)]
    pub event: serde_json::Value,
    /// State before.
    #[schema(value_type = Object)]
    pub from_state: serde_json::Value,
    /// State after.
    #[schema(value_type = Object)]
    pub to_state: serde_json::Value,
    /// Who (login name).
    pub actor_name: String,
    /// When.
    pub at: DateTime<Utc>,
    /// Why, as written.
    pub note: Option<String>,
}

/// A document attached to the dossier.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Attachment {
    /// The attachment (for detaching).
    pub id: Uuid,
    /// The criterion it supports, or none for the dossier as a whole.
    pub criterion_code: Option<String>,
    /// The vault document.
    pub document: DocumentDto,
}

/// A dossier in full.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct DossierDetail {
    /// The list facts.
    #[serde(flatten)]
    pub summary: DossierSummary,
    /// The criteria set's title.
    pub criteria_set_title: String,
    /// The self-assessment with computed points and the gap to the next star.
    pub self_assessment: SelfAssessment,
    /// Attached evidence.
    pub evidence: Vec<Attachment>,
    /// Mandatory document types not attached yet.
    pub missing_documents: Vec<String>,
    /// Mandatory documents attached and every criterion self-assessed.
    pub complete: bool,
    /// The documents the dossier's legal basis requires, each with whether it is there; a
    /// mandatory one missing keeps the dossier from being found eligible.
    pub checklist: Vec<sheet::ChecklistItem>,
    /// The legal basis of the criteria set (the sheet the dossier is assessed and scored on).
    pub criteria_set_legal_basis: String,
    /// The criteria set is a sample sheet, not an official text.
    pub criteria_set_sample: bool,
    /// The commune report, once issued.
    #[schema(value_type = Option<Object>)]
    pub commune_report: Option<serde_json::Value>,
    /// The history, oldest first.
    pub history: Vec<HistoryEntry>,
    /// The content can change (draft or returned for supplement).
    pub editable: bool,
    /// Steps this viewer may take now (`submit`, `receive`, `return_by_commune`,
    /// `commune_report`, `propose`, `start_check`, `return`, `find_eligible`).
    pub actions: Vec<String>,
    /// The central level's part, once the province forwarded the dossier (≥ 90 points).
    pub central: Option<central::CentralStep>,
    /// Optimistic-lock version.
    pub row_version: i32,
}

/// Body of `POST /api/v1/dossiers`.
#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
pub struct DossierCreate {
    /// The product.
    pub product_id: Uuid,
    /// `new`, `upgrade` or `reevaluation`.
    pub kind: String,
    /// For an upgrade: the stars the product holds now (3 or 4); by default those of its
    /// certificate in force.
    #[serde(default)]
    pub current_stars: Option<u8>,
    /// A published criteria set for the product's product set under the legal basis in force;
    /// by default the newest such set (an official one before a sample). There is no fallback:
    /// without one the dossier is refused with `criteria_set_missing`.
    #[serde(default)]
    pub criteria_set_id: Option<Uuid>,
}

/// Query of `GET /api/v1/dossiers`.
#[derive(Debug, Clone, Default, Deserialize, Serialize, IntoParams)]
#[serde(default)]
#[into_params(parameter_in = Query)]
pub struct DossierListParams {
    /// Only these states, comma-separated (`submitted,resubmitted`).
    pub state: Option<String>,
    /// Only dossiers at this level (`province`, `central`: the dossiers the provinces forwarded
    /// to the central level, whatever their state there).
    pub level: Option<String>,
    /// Only this producer.
    pub producer: Option<Uuid>,
    /// Rows to skip.
    pub offset: Option<u64>,
    /// Page size (1–200, default 20).
    pub limit: Option<u64>,
}

/// True while the producer may change the content.
pub fn is_editable(state: &str) -> bool {
    matches!(state, "draft" | "returned_by_commune" | "returned")
}

fn kind_of(input: &DossierCreate, held: &[HeldCertificate]) -> ServiceResult<DossierKind> {
    match input.kind.trim() {
        "new" => Ok(DossierKind::New),
        "reevaluation" => Ok(DossierKind::Reevaluation),
        "upgrade" => {
            let current = match input.current_stars {
                // Without the stars held, the certificate in force says them.
                None => preconditions::upgrade_base(held)
                    .ok_or_else(|| sheet::refuse("kind", ErrorCode::UpgradeRequiresCertificate))?,
                Some(stars) => Some(stars)
                    .filter(|s| (3..=4).contains(s))
                    .and_then(Stars::new)
                    .ok_or_else(|| ServiceError::field("current_stars", ErrorCode::InvalidStars))?,
            };
            Ok(DossierKind::Upgrade { current })
        }
        _ => Err(ServiceError::field("kind", ErrorCode::InvalidChoice)),
    }
}

/// Loads a dossier and checks the actor may `act` on it.
pub(crate) async fn load<C: ConnectionTrait>(
    conn: &C,
    actor: &Actor,
    id: Uuid,
    act: Act,
) -> ServiceResult<dossier::Model> {
    let row = dossier_repo::get(conn, id).await?.ok_or(ServiceError::NotFound)?;
    let area = area_of(conn, &row.commune_id, row.producer_id).await?;
    check(actor, act, &area)?;
    Ok(row)
}

/// The stored criteria set of a dossier.
pub(crate) async fn set_of<C: ConnectionTrait>(conn: &C, row: &dossier::Model) -> ServiceResult<(CriteriaSet, String)> {
    let stored = criteria_set_repo::get(conn, row.criteria_set_id)
        .await?
        .ok_or_else(|| ServiceError::Internal("dossier without its criteria set".into()))?;
    let set = CriteriaSet::from_json(&stored.body).map_err(|e| ServiceError::Internal(format!("criteria set: {e}")))?;
    Ok((set, stored.title))
}

/// The side conditions of the preparation and commune steps, from stored data.
pub(crate) async fn facts<C: ConnectionTrait>(conn: &C, row: &dossier::Model) -> ServiceResult<Facts> {
    let (set, _) = set_of(conn, row).await?;
    let choices = assessment::choices(row);
    let attached = attached_types(conn, row.id).await?;
    let assessed = assessment::is_complete(&set, &choices);
    let documents = MANDATORY_DOCUMENTS.iter().all(|t| attached.iter().any(|a| a == t));
    let meeting = row
        .commune_report
        .as_deref()
        .and_then(|r| serde_json::from_str::<serde_json::Value>(r).ok())
        .is_some_and(|r| r["meeting_on"].as_str().is_some_and(|d| !d.is_empty()));
    Ok(Facts {
        dossier_complete: assessed && documents,
        commune_meeting_held: meeting,
        ..Facts::default()
    })
}

pub(crate) async fn attached_types<C: ConnectionTrait>(conn: &C, dossier_id: Uuid) -> ServiceResult<Vec<String>> {
    let links = dossier_repo::evidence(conn, dossier_id).await?;
    let ids: Vec<Uuid> = links.iter().map(|l| l.document_id).collect();
    Ok(dossier_repo::documents(conn, &ids)
        .await?
        .into_iter()
        .map(|d| d.doc_type)
        .collect())
}

/// Turns rows into summaries with a few batched queries.
pub async fn summaries<C: ConnectionTrait>(conn: &C, rows: Vec<dossier::Model>) -> ServiceResult<Vec<DossierSummary>> {
    let commune_ids: Vec<String> = rows.iter().map(|r| r.commune_id.clone()).collect();
    let places = places(conn, &commune_ids).await?;
    let producer_ids: Vec<Uuid> = rows.iter().map(|r| r.producer_id).collect();
    let producers: HashMap<Uuid, String> = producer_repo::get_many(conn, &producer_ids)
        .await?
        .into_iter()
        .map(|p| (p.id, p.name))
        .collect();
    let product_ids: Vec<Uuid> = rows.iter().map(|r| r.product_id).collect();
    let products: HashMap<Uuid, String> = product_repo::get_many(conn, &product_ids)
        .await?
        .into_iter()
        .map(|p| (p.id, p.name))
        .collect();
    Ok(rows
        .into_iter()
        .map(|r| DossierSummary {
            place: places
                .get(&r.commune_id)
                .cloned()
                .unwrap_or_else(|| empty_place(&r.commune_id)),
            producer_name: producers.get(&r.producer_id).cloned().unwrap_or_default(),
            product_name: products.get(&r.product_id).cloned().unwrap_or_default(),
            id: r.id,
            producer_id: r.producer_id,
            product_id: r.product_id,
            kind: r.kind,
            current_stars: r.current_stars,
            state: r.state,
            level: r.level,
            score_x100: r.score_x100,
            stars: r.stars,
            legal_basis: r.legal_basis,
            criteria_set_id: r.criteria_set_id,
            submitted_on: r.submitted_on,
            updated_at: r.updated_at,
        })
        .collect())
}

/// Lists the dossiers the actor may see: its own (producer), its area's (officers), all
/// (administrators, central officers).
pub async fn list(db: &Database, actor: &Actor, params: &DossierListParams) -> ServiceResult<Paged<DossierSummary>> {
    let mut query = DossierQuery {
        producer_id: params.producer,
        states: params
            .state
            .as_deref()
            .unwrap_or("")
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect(),
        level: match params.level.as_deref().map(str::trim).filter(|l| !l.is_empty()) {
            None => None,
            Some(l @ ("district" | "province" | "central")) => Some(l.to_owned()),
            Some(_) => return Err(ServiceError::field("level", ErrorCode::InvalidChoice)),
        },
        offset: params.offset.unwrap_or(0),
        limit: paging::limit(params.limit),
        ..Default::default()
    };
    match (&actor.role, &actor.scope) {
        (Role::Administrator | Role::CentralOfficer, _) => {}
        (Role::Producer, Scope::Producer { producer_id }) => query.producer_id = Some(producer_id.0),
        (Role::CommuneOfficer, Scope::Commune { commune_code, .. }) => query.commune_code = Some(commune_code.clone()),
        (Role::ProvinceOfficer, Scope::Province { province_code }) => query.province_code = Some(province_code.clone()),
        _ => return Err(ServiceError::Forbidden),
    }
    let page = dossier_repo::list(db.conn(), &query).await?;
    Ok(Paged {
        items: summaries(db.conn(), page.items).await?,
        total: page.total,
        offset: query.offset,
        limit: query.limit,
    })
}

/// One dossier in full.
pub async fn get(db: &Database, actor: &Actor, id: Uuid) -> ServiceResult<DossierDetail> {
    let conn = db.conn();
    let row = load(conn, actor, id, Act::Read).await?;
    detail(conn, actor, row).await
}

pub(crate) async fn detail<C: ConnectionTrait>(
    conn: &C,
    actor: &Actor,
    row: dossier::Model,
) -> ServiceResult<DossierDetail> {
    let (set, criteria_set_title) = set_of(conn, &row).await?;
    let self_assessment = assessment::evaluate(&set, &assessment::choices(&row));
    let links = dossier_repo::evidence(conn, row.id).await?;
    let ids: Vec<Uuid> = links.iter().map(|l| l.document_id).collect();
    let documents: HashMap<Uuid, _> = dossier_repo::documents(conn, &ids)
        .await?
        .into_iter()
        .map(|d| (d.id, d))
        .collect();
    let today = today();
    let evidence: Vec<Attachment> = links
        .iter()
        .filter_map(|l| {
            documents.get(&l.document_id).map(|d| Attachment {
                id: l.id,
                criterion_code: l.criterion_code.clone(),
                document: document_dto(d, today),
            })
        })
        .collect();
    let missing_documents: Vec<String> = MANDATORY_DOCUMENTS
        .iter()
        .filter(|t| !evidence.iter().any(|a| a.document.doc_type == **t))
        .map(|t| (*t).to_owned())
        .collect();
    let complete = missing_documents.is_empty() && self_assessment.answered == self_assessment.criteria;
    let attached: Vec<String> = evidence.iter().map(|a| a.document.doc_type.clone()).collect();
    let checklist = sheet::checklist(
        &sheet::basis_of(conn, &row).await?,
        &attached,
        self_assessment.answered == self_assessment.criteria,
    );
    let stored_set = criteria_set_repo::get(conn, row.criteria_set_id).await?;
    let criteria_set_legal_basis = stored_set.as_ref().map(|s| s.legal_basis.clone()).unwrap_or_default();
    let criteria_set_sample = stored_set.is_some_and(|s| s.sample);
    let history: Vec<HistoryEntry> = dossier_repo::events(conn, row.id)
        .await?
        .into_iter()
        .map(|e| HistoryEntry {
            seq: e.seq,
            event: serde_json::from_str(&e.event).unwrap_or_default(),
            from_state: serde_json::from_str(&e.from_state).unwrap_or_default(),
            to_state: serde_json::from_str(&e.to_state).unwrap_or_default(),
            actor_name: e.actor_name,
            at: e.at,
            note: e.note,
        })
        .collect();
    let area = area_of(conn, &row.commune_id, row.producer_id).await?;
    let state = row.dossier_state().map_err(|e| ServiceError::Internal(e.to_string()))?;
    let actions = steps::available(actor, &area, state);
    let commune_report = row.commune_report.as_deref().and_then(|r| serde_json::from_str(r).ok());
    let editable = is_editable(&row.state);
    let row_version = row.row_version;
    let central = central::step(conn, &row, &history).await?;
    let summary = summaries(conn, vec![row]).await?.pop().ok_or(ServiceError::NotFound)?;
    Ok(DossierDetail {
        summary,
        criteria_set_title,
        self_assessment,
        evidence,
        missing_documents,
        complete,
        checklist,
        criteria_set_legal_basis,
        criteria_set_sample,
        commune_report,
        history,
        editable,
        actions,
        central,
        row_version,
    })
}

/// Creates a draft dossier for one of the producer's products.
pub async fn create(db: &Database, actor: &Actor, input: &DossierCreate) -> ServiceResult<DossierDetail> {
    if !matches!(input.kind.trim(), "new" | "upgrade" | "reevaluation") {
        return Err(ServiceError::field("kind", ErrorCode::InvalidChoice));
    }
    let tx = db.begin_write().await?;
    // Locked: the one-open-dossier check below holds against a concurrent create.
    let product = product_repo::get_locked(&tx, input.product_id)
        .await?
        .ok_or_else(|| ServiceError::field("product_id", ErrorCode::NotFound))?;
    let area = area_of(&tx, &product.commune_id, product.producer_id).await?;
    check(actor, Act::Prepare, &area).map_err(|e| match e {
        ServiceError::NotFound => ServiceError::field("product_id", ErrorCode::NotFound),
        other => other,
    })?;
    let day = today();
    let held = sheet::held(&tx, product.id, day).await?;
    let kind = kind_of(input, &held)?;
    sheet::check_kind(kind, &held)?;
    sheet::check_none_open(&tx, product.id).await?;
    let set = sheet::choose(&tx, input.criteria_set_id, &product.product_set_code, day).await?;
    let (kind_name, current_stars) = dossier::kind_columns(kind);
    let now = ocop_storage::now();
    let row = dossier::Model {
        id: Uuid::now_v7(),
        producer_id: product.producer_id,
        product_id: product.id,
        kind: kind_name.to_owned(),
        current_stars,
        state: String::new(),
        level: None,
        score_x100: None,
        stars: None,
        legal_basis: None,
        criteria_set_id: set.id,
        submitted_on: None,
        commune_id: product.commune_id.clone(),
        self_assessment: "{}".into(),
        commune_report: None,
        created_by: Some(actor.user_id.0),
        row_version: 1,
        created_at: now,
        updated_at: now,
    };
    let mut row = row;
    dossier::StateColumns::of(DossierState::Draft).apply_to(&mut row);
    dossier_repo::insert(&tx, row.clone()).await?;
    audit::append_with_state(
        &tx,
        AuditEvent {
            actor: &audit_actor(actor),
            action: "dossier.create",
            entity_type: "dossier",
            entity_id: row.id.to_string(),
            before: None,
            after: Some(snapshot(&row)),
        },
        &snapshot(&row),
    )
    .await?;
    tx.commit().await?;
    get(db, actor, row.id).await
}

/// Body of `PUT /api/v1/dossiers/{id}/self-assessment`.
#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
pub struct SelfAssessmentInput {
    /// Criterion code → index of the chosen option (0-based, sheet order). Criteria left out
    /// are unanswered. Points are computed on the server.
    pub choices: BTreeMap<String, usize>,
}

/// Replaces the producer's self-assessment (draft or returned dossiers only).
pub async fn self_assess(
    db: &Database,
    actor: &Actor,
    id: Uuid,
    input: &SelfAssessmentInput,
) -> ServiceResult<DossierDetail> {
    let tx = db.begin_write().await?;
    let before = load(&tx, actor, id, Act::Prepare).await?;
    if !is_editable(&before.state) {
        return Err(ServiceError::Conflict(ErrorCode::DossierLocked));
    }
    let (set, _) = set_of(&tx, &before).await?;
    assessment::check_choices(&set, &input.choices)?;
    // Every answer of the whole form is as new as now: an answer kept offline and sent later
    // with an older time does not overwrite it.
    let now = ocop_storage::now();
    let stored = assessment::Stored {
        at: input
            .choices
            .keys()
            .map(|c| (c.clone(), now.timestamp_millis()))
            .collect(),
        choices: input.choices.clone(),
    };
    write_self_assessment(&tx, actor, &before, &stored, "dossier.self_assess").await?;
    tx.commit().await?;
    get(db, actor, id).await
}

/// Stores a self-assessment with its audit entry, on the caller's transaction.
async fn write_self_assessment<C: ConnectionTrait>(
    tx: &C,
    actor: &Actor,
    before: &dossier::Model,
    stored: &assessment::Stored,
    action: &str,
) -> ServiceResult<()> {
    let mut row = before.clone();
    row.self_assessment = stored.to_column()?;
    row.row_version += 1;
    row.updated_at = ocop_storage::now();
    if !dossier_repo::update(tx, row.clone(), before.row_version).await? {
        return Err(ServiceError::Conflict(ErrorCode::Conflict));
    }
    audit::append_with_state(
        tx,
        AuditEvent {
            actor: &audit_actor(actor),
            action,
            entity_type: "dossier",
            entity_id: before.id.to_string(),
            before: Some(snapshot(before)),
            after: Some(snapshot(&row)),
        },
        &snapshot(&row),
    )
    .await?;
    Ok(())
}

/// One answer of the self-assessment, saved as it is chosen (the page's autosave).
#[derive(Debug, Clone, Default, Deserialize, Serialize, ToSchema)]
#[serde(default)]
pub struct SelfAnswerInput {
    /// Criterion code of the dossier's criteria set.
    pub criterion: String,
    /// Index of the chosen option (0-based, sheet order); none clears the answer.
    pub option: Option<usize>,
    /// When the producer chose it, in milliseconds since 1970 by the device's clock (answers
    /// kept offline are sent later, in order): an answer older than the stored one is not
    /// written. Without it, the server's time.
    pub client_at: Option<i64>,
}

/// Saves one answer of the self-assessment (draft or returned dossiers only), under the same
/// checks as [`self_assess`]. Idempotent: the same answer again writes nothing, and an answer
/// chosen before the stored one is ignored, so a late retry never overwrites a newer choice.
pub async fn self_assess_answer(
    db: &Database,
    actor: &Actor,
    id: Uuid,
    input: &SelfAnswerInput,
) -> ServiceResult<DossierDetail> {
    let tx = db.begin_write().await?;
    let before = load(&tx, actor, id, Act::Prepare).await?;
    if !is_editable(&before.state) {
        return Err(ServiceError::Conflict(ErrorCode::DossierLocked));
    }
    let (set, _) = set_of(&tx, &before).await?;
    let code = input.criterion.trim();
    let criterion = set
        .criterion(code)
        .ok_or_else(|| ServiceError::field("criterion", ErrorCode::InvalidChoice))?;
    if input.option.is_some_and(|o| o >= criterion.options.len()) {
        return Err(ServiceError::field("option", ErrorCode::InvalidChoice));
    }
    let now = ocop_storage::now().timestamp_millis();
    let chosen_at = input.client_at.map_or(now, |at| at.min(now));
    let mut stored = assessment::Stored::of(&before);
    let newer_stored = stored.at.get(code).is_some_and(|&at| at > chosen_at);
    let same = stored.choices.get(code).copied() == input.option;
    if !newer_stored && !same {
        match input.option {
            Some(option) => stored.choices.insert(code.to_owned(), option),
            None => stored.choices.remove(code),
        };
        stored.at.insert(code.to_owned(), chosen_at);
        write_self_assessment(&tx, actor, &before, &stored, "dossier.self_assess_answer").await?;
    }
    tx.commit().await?;
    get(db, actor, id).await
}

/// Body of `POST /api/v1/dossiers/{id}/evidence`.
#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
pub struct AttachInput {
    /// A document of the producer's vault.
    pub document_id: Uuid,
    /// The criterion it supports (a code of the dossier's criteria set), or none for the
    /// dossier as a whole.
    #[serde(default)]
    pub criterion_code: Option<String>,
}

/// Attaches a vault document of the dossier's producer (draft or returned dossiers only).
pub async fn attach(db: &Database, actor: &Actor, id: Uuid, input: &AttachInput) -> ServiceResult<DossierDetail> {
    let tx = db.begin_write().await?;
    let row = load(&tx, actor, id, Act::Prepare).await?;
    if !is_editable(&row.state) {
        return Err(ServiceError::Conflict(ErrorCode::DossierLocked));
    }
    let document = dossier_repo::document(&tx, input.document_id)
        .await?
        .filter(|d| d.producer_id == row.producer_id)
        .ok_or_else(|| ServiceError::field("document_id", ErrorCode::NotFound))?;
    let criterion_code = input
        .criterion_code
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .map(str::to_owned);
    if let Some(code) = &criterion_code {
        let (set, _) = set_of(&tx, &row).await?;
        if set.criterion(code).is_none() {
            return Err(ServiceError::field("criterion_code", ErrorCode::InvalidChoice));
        }
    }
    let already = dossier_repo::evidence(&tx, id)
        .await?
        .iter()
        .any(|l| l.document_id == document.id && l.criterion_code == criterion_code);
    if !already {
        let link = dossier_evidence::Model {
            id: Uuid::now_v7(),
            dossier_id: id,
            document_id: document.id,
            criterion_code,
            attached_by: Some(actor.user_id.0),
            created_at: ocop_storage::now(),
        };
        dossier_repo::attach(&tx, link.clone()).await?;
        audit::append(
            &tx,
            AuditEvent {
                actor: &audit_actor(actor),
                action: "dossier.evidence.attach",
                entity_type: "dossier",
                entity_id: id.to_string(),
                before: None,
                after: Some(serde_json::json!({
                    "attachment_id": link.id, "document_id": link.document_id,
                    "criterion_code": link.criterion_code, "doc_type": document.doc_type,
                })),
            },
        )
        .await?;
    }
    tx.commit().await?;
    get(db, actor, id).await
}

/// Detaches a document (draft or returned dossiers only); the vault keeps it.
pub async fn detach(db: &Database, actor: &Actor, id: Uuid, attachment_id: Uuid) -> ServiceResult<DossierDetail> {
    let tx = db.begin_write().await?;
    let row = load(&tx, actor, id, Act::Prepare).await?;
    if !is_editable(&row.state) {
        return Err(ServiceError::Conflict(ErrorCode::DossierLocked));
    }
    if !dossier_repo::detach(&tx, id, attachment_id).await? {
        return Err(ServiceError::NotFound);
    }
    audit::append(
        &tx,
        AuditEvent {
            actor: &audit_actor(actor),
            action: "dossier.evidence.detach",
            entity_type: "dossier",
            entity_id: id.to_string(),
            before: Some(serde_json::json!({ "attachment_id": attachment_id })),
            after: None,
        },
    )
    .await?;
    tx.commit().await?;
    get(db, actor, id).await
}
