//! Evaluation batches (đợt đánh giá): create, schedule eligible dossiers, record the sending
//! of the electronic dossiers, open and close scoring, the minutes, and the recognition
//! decision.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use ocop_domain::certificate::LegalBasis as CertificateBasis;
use ocop_domain::certificate::input::{DecisionDraft, DecisionInput};
use ocop_domain::evaluation::batch::{BatchDossierState, BatchRoute, BatchState, OpenConditions, RoundReason};
use ocop_domain::evaluation::dossier::{DossierState, Event, ScoringOutcome};
use ocop_domain::evaluation::routing::{recognised_on_forward, route};
use ocop_domain::evaluation::{CriteriaSet, LegalBases, Level, Points};
use ocop_domain::role::{Actor, Role};
use ocop_domain::{ErrorCode, ValidationErrors};
use ocop_storage::audit::{self, AuditEvent};
use ocop_storage::entities::{batch, batch_dossier, batch_note, council, council_member, dossier};
use ocop_storage::repo::{council_repo, dossier_repo, producer_repo, product_repo};
use ocop_storage::{ConnectionTrait, Database};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use super::disqualifiers::{self, DisqualifierOption, FoundDto};
use super::meeting::{self as meeting, MinutesVersionDto, PresenceDto};
pub use super::meeting::{MinutesInput, record_minutes};
use super::scoring::{self, compute};
use super::{MemberDto, NATIONWIDE, is_chair, load_council, manages, member_dto, reads, seat_of, sent_in_time};
use crate::admin_units::{place, today};
use crate::audit_actor;
use crate::certificates::issue::{IssueInput, IssueItem};
use crate::dossiers::workflow::{Facts, apply_event};
use crate::error::{ServiceError, ServiceResult};
use crate::typed_text::{Lines, cleaned};

/// `POST /api/v1/batches`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct BatchInput {
    /// The council.
    pub council_id: Option<Uuid>,
    /// Name, e.g. "Đợt 1 năm 2026".
    pub name: String,
    /// First day.
    pub starts_on: Option<NaiveDate>,
    /// Last day.
    pub ends_on: Option<NaiveDate>,
    /// The council's meeting.
    pub meeting_on: Option<NaiveDate>,
}

/// `POST /api/v1/batches/{id}/dossiers`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct ScheduleInput {
    /// An eligible dossier of the council's level and province.
    pub dossier_id: Option<Uuid>,
}

/// `POST /api/v1/batches/{id}/send`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct SendInput {
    /// The day the electronic dossiers were sent to the members.
    pub sent_on: Option<NaiveDate>,
}

/// `POST /api/v1/batches/{id}/recognise`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct RecogniseInput {
    /// The recognition decision (quyết định công nhận) of the level.
    pub decision: DecisionInput,
}

/// A dossier in a batch.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct BatchDossierDto {
    /// The dossier.
    pub dossier_id: Uuid,
    /// Its product.
    pub product_id: Uuid,
    /// Product name.
    pub product_name: String,
    /// Producer name.
    pub producer_name: String,
    /// Current round (1, 2, …).
    pub round: i32,
    /// Where the dossier stands in the batch.
    pub status: BatchDossierState,
    /// The dossier's workflow state.
    pub dossier_state: String,
    /// Score out of 100 once closed.
    #[schema(value_type = Option<f64>)]
    pub score: Option<Points>,
    /// Part scores once closed.
    #[schema(value_type = Object)]
    pub parts: BTreeMap<String, Points>,
    /// Highest − lowest total once closed.
    #[schema(value_type = Option<f64>)]
    pub spread: Option<Points>,
    /// Stars once closed.
    pub star: Option<i32>,
    /// What the recognition decision does with it, once closed.
    pub route: Option<BatchRoute>,
    /// The rating this level's recognition decision gives the product: the star when
    /// recognised, the level's own highest rating when forwarded to the central level (4★
    /// by the province, kept if the ministry does not grant 5★); none otherwise.
    pub decided_stars: Option<i32>,
    /// Sheets submitted in the current round.
    pub submitted: usize,
    /// Members recused for this dossier.
    pub recused: Vec<Uuid>,
    /// The caller's own sheet in the current round: `none`, `draft`, `submitted`, `recused`.
    pub my_sheet: String,
    /// The disqualifiers of the dossier's criteria set (what may be recorded as found).
    pub disqualifier_options: Vec<DisqualifierOption>,
    /// The disqualifiers the council found.
    pub disqualifiers: Vec<FoundDto>,
}

/// A note of the minutes.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct NoteDto {
    /// The dossier it is about, if any.
    pub dossier_id: Option<Uuid>,
    /// The round it opened or concerns.
    pub round: i32,
    /// Why the round opened.
    pub kind: RoundReason,
    /// Text.
    pub body: String,
    /// When.
    pub created_at: chrono::DateTime<chrono::Utc>,
}

/// A batch with its dossiers.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct BatchDto {
    /// Identifier.
    pub id: Uuid,
    /// The council.
    pub council_id: Uuid,
    /// Council name.
    pub council_name: String,
    /// Name.
    pub name: String,
    /// First day.
    pub starts_on: NaiveDate,
    /// Last day.
    pub ends_on: NaiveDate,
    /// Meeting day.
    pub meeting_on: NaiveDate,
    /// Day the electronic dossiers were sent.
    pub sent_on: Option<NaiveDate>,
    /// Sent at least one working day before the meeting.
    pub sent_in_time: bool,
    /// Where the batch stands.
    pub status: BatchState,
    /// Members present (ids), from the recorded attendance.
    pub present: Vec<Uuid>,
    /// Every seated member's recorded presence.
    pub attendance: Vec<PresenceDto>,
    /// Attendance is recorded for every seated member.
    pub attendance_recorded: bool,
    /// Scoring seats present (the whole meeting, no recusals).
    pub quorum_present: usize,
    /// Scoring seats that must be present (75 %, the chair among them).
    pub quorum_needed: usize,
    /// Minutes text (the latest version).
    pub minutes: String,
    /// Every version of the minutes, oldest first.
    pub minutes_versions: Vec<MinutesVersionDto>,
    /// The recognition decision, once issued (none again once withdrawn).
    pub decision_id: Option<Uuid>,
    /// Every results decision issued for the batch, withdrawn ones included.
    pub decisions: Vec<super::withdrawal::DecisionRecordDto>,
    /// The council's members.
    pub members: Vec<MemberDto>,
    /// The caller's seat, if any.
    pub my_member_id: Option<Uuid>,
    /// The dossiers.
    pub dossiers: Vec<BatchDossierDto>,
    /// Notes (discussions, rounds).
    pub notes: Vec<NoteDto>,
}

/// Everything about one batch, loaded once.
pub(crate) struct Loaded {
    pub batch: batch::Model,
    pub council: council::Model,
    pub members: Vec<council_member::Model>,
}

pub(crate) async fn load<C: ConnectionTrait>(conn: &C, actor: &Actor, id: Uuid) -> ServiceResult<Loaded> {
    let batch = council_repo::batch(conn, id).await?.ok_or(ServiceError::NotFound)?;
    let (council, members) = load_council(conn, batch.council_id).await?;
    if !reads(actor, &council, &members) {
        return Err(ServiceError::NotFound);
    }
    Ok(Loaded {
        batch,
        council,
        members,
    })
}

pub(crate) fn require_manage(actor: &Actor, l: &Loaded) -> ServiceResult<()> {
    if manages(actor, &l.council.province_code) {
        Ok(())
    } else {
        Err(ServiceError::Forbidden)
    }
}

fn require_manage_or_chair(actor: &Actor, l: &Loaded) -> ServiceResult<()> {
    if manages(actor, &l.council.province_code) || is_chair(actor, &l.members) {
        Ok(())
    } else {
        Err(ServiceError::Forbidden)
    }
}

async fn audit_batch<C: ConnectionTrait>(
    conn: &C,
    actor: &Actor,
    action: &'static str,
    before: Option<&batch::Model>,
    after: &batch::Model,
) -> ServiceResult<()> {
    audit::append(
        conn,
        AuditEvent {
            actor: &audit_actor(actor),
            action,
            entity_type: "batch",
            entity_id: after.id.to_string(),
            before: before.map(|b| serde_json::to_value(b).unwrap_or_default()),
            after: Some(serde_json::to_value(after).unwrap_or_default()),
        },
    )
    .await?;
    Ok(())
}

pub(crate) async fn audit_batch_dossier<C: ConnectionTrait>(
    conn: &C,
    actor: &Actor,
    action: &'static str,
    before: Option<&batch_dossier::Model>,
    after: &batch_dossier::Model,
) -> ServiceResult<()> {
    audit::append(
        conn,
        AuditEvent {
            actor: &audit_actor(actor),
            action,
            entity_type: "batch_dossier",
            entity_id: format!("{}/{}", after.batch_id, after.dossier_id),
            before: before.map(|b| serde_json::to_value(b).unwrap_or_default()),
            after: Some(serde_json::to_value(after).unwrap_or_default()),
        },
    )
    .await?;
    Ok(())
}

pub(crate) async fn save_batch<C: ConnectionTrait>(
    conn: &C,
    actor: &Actor,
    action: &'static str,
    before: &batch::Model,
    mut after: batch::Model,
) -> ServiceResult<batch::Model> {
    after.row_version = before.row_version + 1;
    if !council_repo::update_batch(conn, after.clone(), before.row_version).await? {
        return Err(ServiceError::Conflict(ErrorCode::Conflict));
    }
    audit_batch(conn, actor, action, Some(before), &after).await?;
    Ok(after)
}

/// Stores a scheduled dossier's change when nobody changed its status or round meanwhile (409).
pub(crate) async fn save_batch_dossier<C: ConnectionTrait>(
    conn: &C,
    before: &batch_dossier::Model,
    after: batch_dossier::Model,
) -> ServiceResult<()> {
    if council_repo::save_batch_dossier(conn, before, after).await? {
        Ok(())
    } else {
        Err(ServiceError::Conflict(ErrorCode::Conflict))
    }
}

/// The side conditions of opening scoring, with the quorum's own refusal (it names how many
/// are present and needed).
struct Opening {
    sent_in_time: bool,
    quorum: ServiceResult<()>,
    has_dossiers: bool,
}

impl OpenConditions for Opening {
    fn sent_in_time(&self) -> bool {
        self.sent_in_time
    }
    fn quorum_present(&self) -> bool {
        self.quorum.is_ok()
    }
    fn has_dossiers(&self) -> bool {
        self.has_dossiers
    }
}

fn facts(batch: &batch::Model) -> Facts {
    Facts {
        dossier_complete: true,
        commune_meeting_held: true,
        in_batch: true,
        sent_to_members_in_time: sent_in_time(batch),
    }
}

fn council_level(council: &council::Model) -> Level {
    match council.level.as_str() {
        "district" => Level::District,
        super::CENTRAL => Level::Central,
        _ => Level::Province,
    }
}

/// Whether a dossier made in `place` is the council's to evaluate: in its province today, or
/// anywhere for a central council.
fn within(council: &council::Model, place: &crate::admin_units::PlaceDto) -> bool {
    council.province_code == NATIONWIDE || place.today_province_codes.contains(&council.province_code)
}

/// Creates a batch for a council (its managers).
pub async fn create(db: &Database, actor: &Actor, input: &BatchInput) -> ServiceResult<BatchDto> {
    let mut errors = ValidationErrors::new();
    let name = cleaned(&mut errors, "name", &input.name, Lines::Single);
    if name.is_empty() {
        errors.add("name", ErrorCode::Required);
    }
    for (field, value) in [
        ("council_id", input.council_id.map(|_| ())),
        ("starts_on", input.starts_on.map(|_| ())),
        ("ends_on", input.ends_on.map(|_| ())),
        ("meeting_on", input.meeting_on.map(|_| ())),
    ] {
        if value.is_none() {
            errors.add(field, ErrorCode::Required);
        }
    }
    if let (Some(s), Some(e), Some(m)) = (input.starts_on, input.ends_on, input.meeting_on) {
        if e < s {
            errors.add("ends_on", ErrorCode::DateOrder);
        }
        if m < s || m > e {
            errors.add("meeting_on", ErrorCode::DateOrder);
        }
    }
    errors.into_result()?;
    let tx = db.begin_write().await?;
    let (council, members) = load_council(&tx, input.council_id.expect("checked")).await?;
    if !manages(actor, &council.province_code) {
        return Err(if reads(actor, &council, &members) {
            ServiceError::Forbidden
        } else {
            ServiceError::field("council_id", ErrorCode::NotFound)
        });
    }
    let row = batch::Model {
        id: Uuid::now_v7(),
        council_id: council.id,
        name,
        starts_on: input.starts_on.expect("checked"),
        ends_on: input.ends_on.expect("checked"),
        meeting_on: input.meeting_on.expect("checked"),
        sent_on: None,
        status: BatchState::new().as_str().to_owned(),
        attendance: "[]".to_owned(),
        minutes: String::new(),
        decision_id: None,
        created_at: ocop_storage::now(),
        row_version: 1,
    };
    council_repo::insert(&tx, batch::ActiveModel::from(row.clone())).await?;
    audit_batch(&tx, actor, "batch.create", None, &row).await?;
    tx.commit().await?;
    get(db, actor, row.id).await
}

/// The batches the actor may read.
pub async fn list(db: &Database, actor: &Actor) -> ServiceResult<Vec<BatchDto>> {
    if !may_see_batches(actor) {
        return Err(ServiceError::Forbidden);
    }
    let mut out = Vec::new();
    for council in council_repo::councils(db.conn(), actor.scope.province_code()).await? {
        let members = council_repo::members(db.conn(), council.id).await?;
        if !reads(actor, &council, &members) {
            continue;
        }
        for b in council_repo::batches(db.conn(), Some(&[council.id])).await? {
            let loaded = Loaded {
                batch: b,
                council: council.clone(),
                members: members.clone(),
            };
            out.push(view(db.conn(), actor, &loaded, false).await?);
        }
    }
    out.sort_by(|a, b| b.meeting_on.cmp(&a.meeting_on).then(a.id.cmp(&b.id)));
    Ok(out)
}

/// One batch with its dossiers.
pub async fn get(db: &Database, actor: &Actor, id: Uuid) -> ServiceResult<BatchDto> {
    let loaded = load(db.conn(), actor, id).await?;
    view(db.conn(), actor, &loaded, true).await
}

pub(crate) async fn view<C: ConnectionTrait>(
    conn: &C,
    actor: &Actor,
    l: &Loaded,
    with_dossiers: bool,
) -> ServiceResult<BatchDto> {
    let me = seat_of(actor, &l.members);
    let mut dossiers = Vec::new();
    let mut notes = Vec::new();
    if with_dossiers {
        let recusals = council_repo::recusals(conn, l.batch.id).await?;
        let sheets = council_repo::sheets(conn, l.batch.id).await?;
        let found = council_repo::disqualifiers(conn, l.batch.id).await?;
        // Dossiers of a batch share few criteria sets: read and parse each once.
        let mut sets: BTreeMap<Uuid, CriteriaSet> = BTreeMap::new();
        for bd in council_repo::batch_dossiers(conn, l.batch.id).await? {
            let d = dossier_repo::get(conn, bd.dossier_id)
                .await?
                .ok_or_else(|| ServiceError::Internal("scheduled dossier missing".into()))?;
            if let std::collections::btree_map::Entry::Vacant(slot) = sets.entry(d.criteria_set_id) {
                slot.insert(scoring::criteria_of(conn, &d).await?.0);
            }
            let set = &sets[&d.criteria_set_id];
            let product = product_repo::get(conn, d.product_id).await?;
            let producer = producer_repo::get(conn, d.producer_id).await?;
            let recused: Vec<Uuid> = recusals
                .iter()
                .filter(|r| r.dossier_id == bd.dossier_id)
                .map(|r| r.member_id)
                .collect();
            let round: Vec<_> = sheets
                .iter()
                .filter(|s| s.dossier_id == bd.dossier_id && s.round == bd.round)
                .collect();
            let my_sheet = match me {
                Some(m) if recused.contains(&m.id) => "recused",
                Some(m) => match round.iter().find(|s| s.member_id == m.id) {
                    Some(s) if s.submitted_at.is_some() => "submitted",
                    Some(_) => "draft",
                    None => "none",
                },
                None => "none",
            };
            dossiers.push(BatchDossierDto {
                dossier_id: bd.dossier_id,
                product_id: d.product_id,
                product_name: product.map(|p| p.name).unwrap_or_default(),
                producer_name: producer.map(|p| p.name).unwrap_or_default(),
                round: bd.round,
                status: bd.state()?,
                dossier_state: d.state.clone(),
                score: bd.score_x100.map(|s| Points(s as u32)),
                parts: bd
                    .parts
                    .as_deref()
                    .and_then(|p| serde_json::from_str(p).ok())
                    .unwrap_or_default(),
                spread: bd.spread_x100.map(|s| Points(s as u32)),
                star: bd.star,
                route: bd.route()?,
                decided_stars: decided_stars(&l.council, &bd, &d),
                submitted: round.iter().filter(|s| s.submitted_at.is_some()).count(),
                recused,
                my_sheet: my_sheet.to_owned(),
                disqualifier_options: disqualifiers::options(set),
                disqualifiers: found
                    .iter()
                    .filter(|f| f.dossier_id == bd.dossier_id)
                    .map(|f| disqualifiers::found_dto(set, f))
                    .collect(),
            });
        }
        notes = council_repo::notes(conn, l.batch.id)
            .await?
            .into_iter()
            .map(|n| {
                Ok(NoteDto {
                    dossier_id: n.dossier_id,
                    round: n.round,
                    kind: n.reason()?,
                    body: n.body,
                    created_at: n.created_at,
                })
            })
            .collect::<ServiceResult<_>>()?;
    }
    let quorum = meeting::quorum(l, &[], None);
    let (minutes_versions, decisions) = if with_dossiers {
        (
            meeting::versions(conn, l.batch.id).await?,
            super::withdrawal::history(conn, l.batch.id).await?,
        )
    } else {
        (Vec::new(), Vec::new())
    };
    Ok(BatchDto {
        id: l.batch.id,
        council_id: l.council.id,
        council_name: l.council.name.clone(),
        name: l.batch.name.clone(),
        starts_on: l.batch.starts_on,
        ends_on: l.batch.ends_on,
        meeting_on: l.batch.meeting_on,
        sent_on: l.batch.sent_on,
        sent_in_time: sent_in_time(&l.batch),
        status: l.batch.state()?,
        present: meeting::present_ids(&l.batch),
        attendance: meeting::presence_list(&l.batch, &l.members),
        attendance_recorded: meeting::attendance_recorded(&l.batch, &l.members),
        quorum_present: quorum.present,
        quorum_needed: quorum.needed,
        minutes: l.batch.minutes.clone(),
        minutes_versions,
        decisions,
        decision_id: l.batch.decision_id,
        members: l.members.iter().map(member_dto).collect(),
        my_member_id: me.map(|m| m.id),
        dossiers,
        notes,
    })
}

/// The eligible dossiers the council of a batch may schedule, with their product, producer and
/// place (the scheduling pick list names them, never by id).
pub async fn eligible_summaries(
    db: &Database,
    actor: &Actor,
    id: Uuid,
) -> ServiceResult<Vec<crate::dossiers::DossierSummary>> {
    let rows = eligible(db, actor, id).await?;
    crate::dossiers::summaries(db.conn(), rows).await
}

/// The eligible dossiers the council of a batch may schedule.
pub async fn eligible(db: &Database, actor: &Actor, id: Uuid) -> ServiceResult<Vec<dossier::Model>> {
    let l = load(db.conn(), actor, id).await?;
    require_manage(actor, &l)?;
    let level = ocop_storage::entities::dossier::level_str(council_level(&l.council));
    let query = ocop_storage::repo::dossier_repo::DossierQuery {
        states: vec!["eligible".to_owned()],
        level: Some(level.to_owned()),
        province_code: Some(l.council.province_code.clone()).filter(|p| p != NATIONWIDE),
        limit: 500,
        ..Default::default()
    };
    let mut out = Vec::new();
    for d in dossier_repo::list(db.conn(), &query).await?.items {
        let place = place(db.conn(), &d.commune_id).await?;
        if within(&l.council, &place) {
            out.push(d);
        }
    }
    Ok(out)
}

/// Schedules an eligible dossier (`Event::Schedule`).
pub async fn schedule(db: &Database, actor: &Actor, id: Uuid, input: &ScheduleInput) -> ServiceResult<BatchDto> {
    let dossier_id = input
        .dossier_id
        .ok_or_else(|| ServiceError::field("dossier_id", ErrorCode::Required))?;
    let tx = db.begin_write().await?;
    let l = load(&tx, actor, id).await?;
    require_manage(actor, &l)?;
    l.batch.state()?.schedule()?;
    let d = dossier_repo::get(&tx, dossier_id)
        .await?
        .ok_or_else(|| ServiceError::field("dossier_id", ErrorCode::NotFound))?;
    let place = place(&tx, &d.commune_id).await?;
    let level = council_level(&l.council);
    let state = d.dossier_state().map_err(|e| ServiceError::Internal(e.to_string()))?;
    if state != (DossierState::Eligible { level }) || !within(&l.council, &place) {
        return Err(ServiceError::Conflict(ErrorCode::DossierNotEligible));
    }
    apply_event(
        &tx,
        actor,
        dossier_id,
        Event::Schedule,
        Some(l.batch.name.clone()),
        &facts(&l.batch),
        today(),
    )
    .await?;
    let row = batch_dossier::Model {
        batch_id: id,
        dossier_id,
        round: 1,
        status: BatchDossierState::new().as_str().to_owned(),
        score_x100: None,
        parts: None,
        spread_x100: None,
        star: None,
        route: None,
        closed_at: None,
        created_at: ocop_storage::now(),
    };
    council_repo::insert(&tx, batch_dossier::ActiveModel::from(row.clone())).await?;
    audit_batch_dossier(&tx, actor, "batch.schedule", None, &row).await?;
    tx.commit().await?;
    get(db, actor, id).await
}

/// Records the day the electronic dossiers were sent to the members.
pub async fn mark_sent(db: &Database, actor: &Actor, id: Uuid, input: &SendInput) -> ServiceResult<BatchDto> {
    let sent_on = input
        .sent_on
        .ok_or_else(|| ServiceError::field("sent_on", ErrorCode::Required))?;
    if sent_on > today() {
        return Err(ServiceError::field("sent_on", ErrorCode::InvalidDate));
    }
    let tx = db.begin_write().await?;
    let l = load(&tx, actor, id).await?;
    require_manage(actor, &l)?;
    l.batch.state()?.send()?;
    let after = batch::Model {
        sent_on: Some(sent_on),
        ..l.batch.clone()
    };
    save_batch(&tx, actor, "batch.send", &l.batch, after).await?;
    tx.commit().await?;
    get(db, actor, id).await
}

/// Opens scoring for every scheduled dossier (managers or the chair); refused unless the
/// electronic dossiers reached the members at least one working day before the meeting.
pub async fn open(db: &Database, actor: &Actor, id: Uuid) -> ServiceResult<BatchDto> {
    let tx = db.begin_write().await?;
    let l = load(&tx, actor, id).await?;
    require_manage_or_chair(actor, &l)?;
    let scheduled = council_repo::batch_dossiers(&tx, id).await?;
    let conditions = Opening {
        sent_in_time: sent_in_time(&l.batch),
        // The meeting is held: attendance recorded for every member, enough of them present.
        quorum: meeting::require_quorum(&l, &[], None),
        has_dossiers: !scheduled.is_empty(),
    };
    let opened = match l.batch.state()?.open(&conditions) {
        Ok(next) => next,
        Err(ocop_domain::evaluation::batch::InvalidTransition::NoQuorumPresent) => {
            return Err(conditions.quorum.expect_err("the quorum was refused"));
        }
        Err(e) => return Err(e.into()),
    };
    for bd in scheduled {
        apply_event(
            &tx,
            actor,
            bd.dossier_id,
            Event::OpenScoring,
            None,
            &facts(&l.batch),
            today(),
        )
        .await?;
        let after = batch_dossier::Model {
            status: bd.state()?.open_scoring()?.as_str().to_owned(),
            ..bd.clone()
        };
        save_batch_dossier(&tx, &bd, after.clone()).await?;
        audit_batch_dossier(&tx, actor, "batch.open_scoring", Some(&bd), &after).await?;
    }
    let after = batch::Model {
        status: opened.as_str().to_owned(),
        ..l.batch.clone()
    };
    save_batch(&tx, actor, "batch.open", &l.batch, after).await?;
    tx.commit().await?;
    get(db, actor, id).await
}

/// Closes scoring (managers or the chair): every dossier still scoring is scored by the domain
/// engine from the submitted sheets of its current round and the disqualifiers recorded for it
/// (a disqualified dossier closes not recognised, without a star). The whole close is refused
/// when any dossier lacks quorum or needs re-scoring; nothing is stored then.
pub async fn close(db: &Database, actor: &Actor, id: Uuid) -> ServiceResult<BatchDto> {
    let tx = db.begin_write().await?;
    let l = load(&tx, actor, id).await?;
    require_manage_or_chair(actor, &l)?;
    let closed = l.batch.state()?.close()?;
    let recusals = council_repo::recusals(&tx, id).await?;
    let found = council_repo::disqualifiers(&tx, id).await?;
    for bd in council_repo::batch_dossiers(&tx, id).await? {
        // Only the dossiers still scoring close; the others keep their result.
        let Ok(scored) = bd.state()?.close_scoring() else {
            continue;
        };
        // Quorum is counted on the members present, the dossier's recused members removed.
        meeting::require_quorum(&l, &recusals, Some(bd.dossier_id))?;
        let d = dossier_repo::get(&tx, bd.dossier_id)
            .await?
            .ok_or_else(|| ServiceError::Internal("scheduled dossier missing".into()))?;
        let (set, _) = scoring::criteria_of(&tx, &d).await?;
        let codes: Vec<String> = found
            .iter()
            .filter(|f| f.dossier_id == bd.dossier_id)
            .map(|f| f.code.clone())
            .collect();
        let result = compute(&tx, &l, &bd, &recusals, &set, &codes).await?;
        if result.rescoring_required {
            let subject = product_repo::get(&tx, d.product_id)
                .await?
                .map(|p| p.name)
                .unwrap_or_default();
            return Err(ServiceError::OverSpread {
                code: ErrorCode::RescoringRequired,
                subject,
                spread: result.spread,
                limit: LegalBases::official().council.max_member_spread,
            });
        }
        let outcome = ScoringOutcome::from(&result);
        let stored = apply_event(
            &tx,
            actor,
            bd.dossier_id,
            Event::CloseScoring { outcome },
            None,
            &facts(&l.batch),
            today(),
        )
        .await?;
        let routed = match stored.dossier_state() {
            Ok(DossierState::Scored { level, score, star }) => {
                let basis = stored
                    .legal_basis
                    .as_deref()
                    .and_then(|b| LegalBases::official().get(b))
                    .ok_or_else(|| ServiceError::Internal("dossier without legal basis".into()))?;
                let kind = stored
                    .dossier_kind()
                    .map_err(|e| ServiceError::Internal(e.to_string()))?;
                BatchRoute::from(&route(basis, kind, level, score, star))
            }
            _ => BatchRoute::NotRecognised,
        };
        let after = batch_dossier::Model {
            status: scored.as_str().to_owned(),
            score_x100: Some(result.score.hundredths() as i32),
            parts: Some(serde_json::to_string(&result.parts).unwrap_or_default()),
            spread_x100: Some(result.spread.hundredths() as i32),
            // No star for a disqualified dossier: it closes not recognised.
            star: result.final_star().map(|s| i32::from(s.get())),
            route: Some(routed.as_str().to_owned()),
            closed_at: Some(ocop_storage::now()),
            ..bd.clone()
        };
        save_batch_dossier(&tx, &bd, after.clone()).await?;
        audit_batch_dossier(&tx, actor, "batch.close_scoring", Some(&bd), &after).await?;
    }
    let after = batch::Model {
        status: closed.as_str().to_owned(),
        ..l.batch.clone()
    };
    save_batch(&tx, actor, "batch.close", &l.batch, after).await?;
    tx.commit().await?;
    get(db, actor, id).await
}

/// Applies the recognition decision to a closed batch (its managers: administrators, province
/// officers of its province, central officers for a central council): each dossier follows its
/// route under its legal basis — recognised ones get their certificates (through
/// `certificates::issue`); ≥ 90 points are forwarded to the central level and receive, in the
/// same decision, the highest rating the province gives (4★), which the product keeps when the
/// ministry does not grant 5★; the rest are closed without recognition. At the central level the
/// 5★ certificates supersede the products' lower certificates (an upgrade; the old ones stay in
/// the history). All or nothing.
pub async fn recognise(db: &Database, actor: &Actor, id: Uuid, input: &RecogniseInput) -> ServiceResult<BatchDto> {
    let draft = input.decision.parse()?;
    let tx = db.begin_write().await?;
    let l = load(&tx, actor, id).await?;
    require_manage(actor, &l)?;
    // A withdrawn decision is re-issued: the dossiers keep the routes the first one applied.
    let state = l.batch.state()?;
    let recognised = state.recognise()?;
    let reissue = state.is_reissue();
    let scheduled = council_repo::batch_dossiers(&tx, id).await?;
    check_decision(&tx, &l.batch, &scheduled, &draft, today()).await?;
    let mut items = Vec::new();
    for bd in scheduled {
        if reissue {
            if bd.state()? == BatchDossierState::Decided {
                let d = dossier_repo::get(&tx, bd.dossier_id)
                    .await?
                    .ok_or_else(|| ServiceError::Internal("scheduled dossier missing".into()))?;
                if let Some(stars) = decided_stars(&l.council, &bd, &d).and_then(|s| u8::try_from(s).ok()) {
                    items.push(IssueItem {
                        product_id: d.product_id,
                        stars,
                        score: bd.score_x100.map(|s| f64::from(s) / 100.0),
                    });
                }
            }
            continue;
        }
        // A dossier without its result (none in a closed batch) is left as it is.
        let Ok(decided) = bd.state()?.decide() else {
            continue;
        };
        let d = dossier_repo::get(&tx, bd.dossier_id)
            .await?
            .ok_or_else(|| ServiceError::Internal("scheduled dossier missing".into()))?;
        let scored = matches!(d.dossier_state(), Ok(DossierState::Scored { .. }));
        let event = match bd.route()? {
            Some(BatchRoute::Recognise) if scored => Some(Event::Recognise),
            Some(BatchRoute::Forward) if scored => Some(Event::Forward),
            _ if scored => Some(Event::Close),
            _ => None, // disqualified at closing: already not recognised
        };
        if let Some(event) = event {
            let stars = match event {
                Event::Recognise => bd.star.and_then(|s| u8::try_from(s).ok()),
                Event::Forward => kept_on_forward(&d)?,
                _ => None,
            };
            let number = Some(input.decision.number.trim().to_owned());
            apply_event(&tx, actor, bd.dossier_id, event, number, &facts(&l.batch), today()).await?;
            if let Some(stars) = stars {
                items.push(IssueItem {
                    product_id: d.product_id,
                    stars,
                    score: bd.score_x100.map(|s| f64::from(s) / 100.0),
                });
            }
        }
        let after = batch_dossier::Model {
            status: decided.as_str().to_owned(),
            ..bd.clone()
        };
        save_batch_dossier(&tx, &bd, after.clone()).await?;
        audit_batch_dossier(&tx, actor, "batch.decide", Some(&bd), &after).await?;
    }
    let decision_id = if items.is_empty() {
        None
    } else {
        let issue = IssueInput {
            decision: input.decision.clone(),
            items,
        };
        let supersede_lower = council_level(&l.council) == Level::Central;
        let (decision_id, _) = crate::certificates::issue::recognise_in(&tx, actor, &issue, supersede_lower).await?;
        super::withdrawal::record_issue(&tx, actor, id, decision_id).await?;
        Some(decision_id)
    };
    let after = batch::Model {
        status: recognised.as_str().to_owned(),
        decision_id,
        ..l.batch.clone()
    };
    save_batch(&tx, actor, "batch.recognise", &l.batch, after).await?;
    tx.commit().await?;
    get(db, actor, id).await
}

/// The certificate legal basis (`qd1048`, `qd148`, `qd26_2026`) of an evaluation legal
/// basis id (`QD148-1489-2025` → `qd148`: QĐ 1489 amended the procedure of QĐ 148).
pub fn decision_basis(evaluation_basis: &str) -> Option<CertificateBasis> {
    let id = evaluation_basis.trim();
    if id.starts_with("QD1048") {
        Some(CertificateBasis::Qd1048)
    } else if id.starts_with("QD148") {
        Some(CertificateBasis::Qd148)
    } else if id.starts_with("QD26") {
        Some(CertificateBasis::Qd26_2026)
    } else {
        None
    }
}

/// The legal basis a batch's results decision will cite, for the batch page's decision form;
/// to anyone who reads the batch (not found otherwise, as [`get`]).
pub async fn basis(db: &Database, actor: &Actor, batch_id: Uuid) -> ServiceResult<Option<CertificateBasis>> {
    let conn = db.conn();
    load(conn, actor, batch_id).await?;
    dossiers_basis(conn, batch_id).await
}

/// The legal basis of a batch's dossiers, as a decision cites it (the first scheduled
/// dossier's; a batch's dossiers share it in practice, and [`check_decision`] refuses a
/// decision when they do not).
pub async fn dossiers_basis<C: ConnectionTrait>(conn: &C, batch_id: Uuid) -> ServiceResult<Option<CertificateBasis>> {
    for bd in council_repo::batch_dossiers(conn, batch_id).await? {
        if let Some(d) = dossier_repo::get(conn, bd.dossier_id).await?
            && let Some(basis) = d.legal_basis.as_deref().and_then(decision_basis)
        {
            return Ok(Some(basis));
        }
    }
    Ok(None)
}

/// A results decision is dated on or after the meeting and not after `today`, and cites the
/// legal basis of the dossiers it decides (one of theirs when they were submitted under two) (field errors on `decision.decided_on` /
/// `decision.legal_basis`).
async fn check_decision<C: ConnectionTrait>(
    conn: &C,
    batch: &batch::Model,
    scheduled: &[batch_dossier::Model],
    draft: &DecisionDraft,
    today: NaiveDate,
) -> ServiceResult<()> {
    let mut errors = ValidationErrors::new();
    if draft.decided_on > today {
        errors.add("decision.decided_on", ErrorCode::DecisionInFuture);
    } else if draft.decided_on < batch.meeting_on {
        errors.add("decision.decided_on", ErrorCode::DecisionBeforeMeeting);
    }
    // A batch may hold dossiers submitted under two bases (before and after a new decision
    // took effect): the decision cites one of them, never a basis none of its dossiers has.
    let mut bases = Vec::new();
    for bd in scheduled {
        let d = dossier_repo::get(conn, bd.dossier_id)
            .await?
            .ok_or_else(|| ServiceError::Internal("scheduled dossier missing".into()))?;
        bases.push(d.legal_basis.as_deref().and_then(decision_basis));
    }
    if !bases.is_empty() && !bases.contains(&Some(draft.legal_basis)) {
        errors.add("decision.legal_basis", ErrorCode::WrongLegalBasis);
    }
    errors.into_result().map_err(ServiceError::from)
}

/// The rating the level recognises itself when it forwards `d` to the central level (4★ by
/// the province), if any (`routing::recognised_on_forward`).
fn kept_on_forward(d: &dossier::Model) -> ServiceResult<Option<u8>> {
    let basis = d
        .legal_basis
        .as_deref()
        .and_then(|b| LegalBases::official().get(b))
        .ok_or_else(|| ServiceError::Internal("dossier without legal basis".into()))?;
    let kind = d.dossier_kind().map_err(|e| ServiceError::Internal(e.to_string()))?;
    let Ok(DossierState::Scored { level, .. }) = d.dossier_state() else {
        return Ok(None);
    };
    Ok(recognised_on_forward(basis, kind, level).map(|s| s.get()))
}

/// The rating a closed dossier's recognition gives (see `BatchDossierDto::decided_stars`).
fn decided_stars(council: &council::Model, bd: &batch_dossier::Model, d: &dossier::Model) -> Option<i32> {
    match bd.route().ok()?? {
        BatchRoute::Recognise => bd.star,
        BatchRoute::Forward => {
            let basis = LegalBases::official().get(d.legal_basis.as_deref()?)?;
            let kind = d.dossier_kind().ok()?;
            recognised_on_forward(basis, kind, council_level(council)).map(|s| i32::from(s.get()))
        }
        BatchRoute::NotRecognised => None,
    }
}

/// Whether the actor is an account that may list batches at all (for the navigation).
pub fn may_see_batches(actor: &Actor) -> bool {
    matches!(
        actor.role,
        Role::Administrator
            | Role::ProvinceOfficer
            | Role::CentralOfficer
            | Role::CouncilMember
            | Role::CouncilSecretary
    )
}

pub(crate) fn note_row(
    batch_id: Uuid,
    dossier_id: Uuid,
    round: i32,
    kind: RoundReason,
    body: &str,
    actor: &Actor,
) -> batch_note::Model {
    batch_note::Model {
        id: Uuid::now_v7(),
        batch_id,
        dossier_id: Some(dossier_id),
        round,
        kind: kind.as_str().to_owned(),
        body: body.trim().to_owned(),
        author_id: actor.user_id.0,
        created_at: ocop_storage::now(),
    }
}
