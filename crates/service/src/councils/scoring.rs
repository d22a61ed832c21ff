//! Score sheets (phiếu chấm điểm), saved answer by answer; submission, recusal, blind viewing
//! and new rounds. Every number is computed here from the chosen options of the dossier's
//! frozen criteria set — no client sends a total.

use std::collections::BTreeMap;

use ocop_domain::ErrorCode;
use ocop_domain::evaluation::scoring::{ProductResult, ScoreSheet, ScoringError, Seat, score};
use ocop_domain::evaluation::{CriteriaSet, LegalBases, Points};
use ocop_domain::role::Actor;
use ocop_storage::entities::{
    batch_dossier, council_member, criteria_set, dossier, recusal, score_answer, score_sheet,
};
use ocop_storage::repo::{council_repo, criteria_set_repo, dossier_repo};
use ocop_storage::{ConnectionTrait, Database};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use super::batches::{Loaded, audit_batch_dossier, load, note_row};
use super::{MemberRole, is_chair, manages, seat_of};
use crate::audit_actor;
use crate::error::{ServiceError, ServiceResult};
use crate::typed_text::{Lines, clean};
use ocop_domain::evaluation::batch::RoundReason;
use ocop_storage::audit::{self, AuditEvent};

/// `POST …/answers`: one answer.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(default)]
#[schema(as = ScoreAnswerInput)]
pub struct AnswerInput {
    /// Criterion code, e.g. `A.1.1`.
    pub criterion: String,
    /// Index of the chosen option (0-based, sheet order).
    pub option: Option<usize>,
    /// Comment on this criterion.
    pub comment: String,
    /// When the member chose it, in milliseconds since 1970 by the device's clock (a tablet
    /// sends answers it kept while offline later, in order): an answer older than the one
    /// stored is not written, so a late retry never overwrites a newer choice. Without it,
    /// the server's time.
    pub client_at: Option<i64>,
}

/// `POST …/recusal`: a conflict of interest.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct RecusalInput {
    /// `same_producer`, `family` or `employer`.
    pub reason: String,
    /// Details.
    pub note: String,
}

/// `POST …/rounds`: a new scoring round.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct RoundInput {
    /// `rescoring` (totals more than 10 points apart) or `tests_pending` (second round once
    /// test results are in).
    pub reason: String,
    /// The council's discussion, recorded in the minutes.
    pub discussion: String,
}

/// One answer of a sheet, with the points the server reads from the criteria set.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AnswerDto {
    /// Criterion code.
    pub criterion: String,
    /// Chosen option index.
    pub option: usize,
    /// Its points.
    #[schema(value_type = f64)]
    pub points: Points,
    /// Comment.
    pub comment: String,
}

/// A score sheet with its running totals, computed by the server.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SheetDto {
    /// Identifier.
    pub id: Uuid,
    /// The member.
    pub member_id: Uuid,
    /// The member's name.
    pub member_name: String,
    /// Round.
    pub round: i32,
    /// Submitted (final) at.
    pub submitted_at: Option<chrono::DateTime<chrono::Utc>>,
    /// Answers.
    pub answers: Vec<AnswerDto>,
    /// Criteria answered.
    pub answered: usize,
    /// Criteria in the set.
    pub criteria: usize,
    /// Running total.
    #[schema(value_type = f64)]
    pub total: Points,
    /// Running total per part.
    #[schema(value_type = Object)]
    pub parts: BTreeMap<String, Points>,
}

/// What a caller sees of a dossier's sheets in the current round.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SheetsView {
    /// The dossier.
    pub dossier_id: Uuid,
    /// Round.
    pub round: i32,
    /// The caller's sheet.
    pub mine: Option<SheetDto>,
    /// Other members' submitted sheets — only once the caller submitted its own (or scoring is
    /// closed).
    pub others: Vec<SheetDto>,
    /// Others' sheets exist but stay hidden.
    pub others_hidden: bool,
    /// Members who submitted (ids).
    pub submitted_by: Vec<Uuid>,
    /// The caller is recused.
    pub recused: bool,
    /// The dossier's criteria set (for the scoring page).
    #[schema(value_type = Object)]
    pub criteria_set: serde_json::Value,
}

/// The dossier's frozen criteria set.
pub(crate) async fn criteria_of<C: ConnectionTrait>(
    conn: &C,
    d: &dossier::Model,
) -> ServiceResult<(CriteriaSet, criteria_set::Model)> {
    let row = criteria_set_repo::get(conn, d.criteria_set_id)
        .await?
        .ok_or_else(|| ServiceError::Internal("dossier criteria set missing".into()))?;
    let set: CriteriaSet =
        serde_json::from_str(&row.body).map_err(|e| ServiceError::Internal(format!("criteria set body: {e}")))?;
    Ok((set, row))
}

fn sheet_dto(
    set: &CriteriaSet,
    sheet: &score_sheet::Model,
    answers: &[score_answer::Model],
    members: &[council_member::Model],
) -> SheetDto {
    let mut parts: BTreeMap<String, Points> = set.parts.iter().map(|p| (p.code.clone(), Points(0))).collect();
    let mut out = Vec::new();
    for (part, criterion) in set.criteria() {
        let Some(a) = answers
            .iter()
            .find(|a| a.sheet_id == sheet.id && a.criterion_code == criterion.code)
        else {
            continue;
        };
        let index = usize::try_from(a.option_index).unwrap_or(usize::MAX);
        let Some(option) = criterion.options.get(index) else {
            continue;
        };
        if let Some(p) = parts.get_mut(&part.code) {
            p.0 += option.points.0;
        }
        out.push(AnswerDto {
            criterion: criterion.code.clone(),
            option: index,
            points: option.points,
            comment: a.comment.clone(),
        });
    }
    SheetDto {
        id: sheet.id,
        member_id: sheet.member_id,
        member_name: members
            .iter()
            .find(|m| m.id == sheet.member_id)
            .map(|m| m.full_name.clone())
            .unwrap_or_default(),
        round: sheet.round,
        submitted_at: sheet.submitted_at,
        answered: out.len(),
        criteria: set.criteria().count(),
        total: Points(parts.values().map(|p| p.0).sum()),
        parts,
        answers: out,
    }
}

/// The seats of a dossier: scoring roles, with recusals.
fn seats(members: &[council_member::Model], recusals: &[recusal::Model], dossier_id: Uuid) -> Vec<Seat<Uuid>> {
    members
        .iter()
        .filter_map(|m| match MemberRole::parse(&m.role) {
            Ok(MemberRole::Council(role)) => Some(Seat {
                member: m.id,
                role,
                recused: recusals
                    .iter()
                    .any(|r| r.dossier_id == dossier_id && r.member_id == m.id),
            }),
            _ => None,
        })
        .collect()
}

/// The engine's result from the submitted sheets of the current round and the disqualifiers
/// the council found (codes of `set`).
pub(crate) async fn compute<C: ConnectionTrait>(
    conn: &C,
    l: &Loaded,
    bd: &batch_dossier::Model,
    recusals: &[recusal::Model],
    set: &CriteriaSet,
    disqualifiers: &[String],
) -> ServiceResult<ProductResult> {
    let sheets: Vec<score_sheet::Model> = council_repo::sheets_of(conn, bd.batch_id, bd.dossier_id, bd.round)
        .await?
        .into_iter()
        .filter(|s| s.submitted_at.is_some())
        .collect();
    let ids: Vec<Uuid> = sheets.iter().map(|s| s.id).collect();
    let answers = council_repo::answers(conn, &ids).await?;
    let domain_sheets: Vec<ScoreSheet<Uuid>> = sheets
        .iter()
        .map(|s| ScoreSheet {
            member: s.member_id,
            choices: answers
                .iter()
                .filter(|a| a.sheet_id == s.id)
                .map(|a| {
                    (
                        a.criterion_code.clone(),
                        usize::try_from(a.option_index).unwrap_or(usize::MAX),
                    )
                })
                .collect(),
        })
        .collect();
    let seats = seats(&l.members, recusals, bd.dossier_id);
    score(set, LegalBases::official(), &seats, &domain_sheets, disqualifiers).map_err(|e| match e {
        ScoringError::NoQuorum { .. } => ServiceError::Conflict(ErrorCode::NoQuorum),
        ScoringError::SecretaryScored(_) => ServiceError::Coded(ErrorCode::SecretaryMayNotScore),
        ScoringError::RecusedScored(_) => ServiceError::Coded(ErrorCode::MemberRecused),
        ScoringError::InvalidSheet { .. } => ServiceError::Coded(ErrorCode::SheetIncomplete),
        other => ServiceError::Internal(other.to_string()),
    })
}

struct ScoringContext {
    l: Loaded,
    bd: batch_dossier::Model,
    member: council_member::Model,
    set: CriteriaSet,
}

/// Loads what a member needs to touch its own sheet, refusing everyone who may not score.
async fn scorer<C: ConnectionTrait>(
    conn: &C,
    actor: &Actor,
    batch_id: Uuid,
    dossier_id: Uuid,
) -> ServiceResult<ScoringContext> {
    let l = load(conn, actor, batch_id).await?;
    let bd = council_repo::batch_dossier(conn, batch_id, dossier_id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let member = seat_of(actor, &l.members).cloned().ok_or(ServiceError::Forbidden)?;
    match MemberRole::parse(&member.role) {
        Ok(r) if r.scores() => {}
        Ok(MemberRole::Council(_)) => return Err(ServiceError::Coded(ErrorCode::SecretaryMayNotScore)),
        _ => return Err(ServiceError::Forbidden),
    }
    let recusals = council_repo::recusals(conn, batch_id).await?;
    if recusals
        .iter()
        .any(|r| r.dossier_id == dossier_id && r.member_id == member.id)
    {
        return Err(ServiceError::Coded(ErrorCode::MemberRecused));
    }
    bd.state()?.score()?;
    // Only members at the meeting score (a proxy does not score either).
    if super::meeting::recorded_absent(&l.batch, member.id) {
        return Err(ServiceError::Coded(ErrorCode::MemberAbsent));
    }
    let d = dossier_repo::get(conn, dossier_id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let (set, _) = criteria_of(conn, &d).await?;
    Ok(ScoringContext { l, bd, member, set })
}

async fn own_sheet<C: ConnectionTrait>(conn: &C, c: &ScoringContext) -> ServiceResult<Option<score_sheet::Model>> {
    Ok(
        council_repo::sheets_of(conn, c.bd.batch_id, c.bd.dossier_id, c.bd.round)
            .await?
            .into_iter()
            .find(|s| s.member_id == c.member.id),
    )
}

async fn sheet_view<C: ConnectionTrait>(
    conn: &C,
    c: &ScoringContext,
    sheet: &score_sheet::Model,
) -> ServiceResult<SheetDto> {
    let answers = council_repo::answers(conn, &[sheet.id]).await?;
    Ok(sheet_dto(&c.set, sheet, &answers, &c.l.members))
}

/// Saves one answer of the caller's sheet (created on the first answer) and returns the sheet
/// with its running total.
pub async fn answer(
    db: &Database,
    actor: &Actor,
    batch_id: Uuid,
    dossier_id: Uuid,
    input: &AnswerInput,
) -> ServiceResult<SheetDto> {
    let comment = clean("comment", &input.comment, Lines::Multi)?;
    let tx = db.begin_write().await?;
    let c = scorer(&tx, actor, batch_id, dossier_id).await?;
    let criterion = c
        .set
        .criterion(input.criterion.trim())
        .ok_or_else(|| ServiceError::field("criterion", ErrorCode::InvalidChoice))?;
    let option = input
        .option
        .ok_or_else(|| ServiceError::field("option", ErrorCode::Required))?;
    if option >= criterion.options.len() {
        return Err(ServiceError::field("option", ErrorCode::InvalidChoice));
    }
    if input.comment.chars().count() > 2_000 {
        return Err(ServiceError::field("comment", ErrorCode::TooLong));
    }
    let now = ocop_storage::now();
    let sheet = match own_sheet(&tx, &c).await? {
        Some(s) if s.submitted_at.is_some() => return Err(ServiceError::Conflict(ErrorCode::SheetSubmitted)),
        Some(s) => {
            // A targeted update that holds the sheet for this transaction: refused when a
            // submission committed since the read, never a rewrite of the whole row.
            if !council_repo::touch_draft_sheet(&tx, s.id, now).await? {
                return Err(ServiceError::Conflict(ErrorCode::SheetSubmitted));
            }
            score_sheet::Model { updated_at: now, ..s }
        }
        None => {
            let s = score_sheet::Model {
                id: Uuid::now_v7(),
                batch_id,
                dossier_id,
                member_id: c.member.id,
                round: c.bd.round,
                comment: String::new(),
                submitted_at: None,
                created_at: now,
                updated_at: now,
            };
            council_repo::insert(&tx, score_sheet::ActiveModel::from(s.clone())).await?;
            s
        }
    };
    // The answer's time is when it was chosen (never later than now): the stored answer wins
    // when it was chosen after this one, whatever order the requests arrived in.
    let chosen_at = input
        .client_at
        .and_then(chrono::DateTime::from_timestamp_millis)
        .map_or(now, |at| at.min(now));
    let stored = council_repo::answers(&tx, &[sheet.id])
        .await?
        .into_iter()
        .find(|a| a.criterion_code == criterion.code);
    if stored.is_some_and(|a| a.updated_at > chosen_at) {
        let view = sheet_view(&tx, &c, &sheet).await?;
        tx.commit().await?;
        return Ok(view);
    }
    let row = score_answer::Model {
        sheet_id: sheet.id,
        criterion_code: criterion.code.clone(),
        option_index: option as i32,
        comment,
        updated_at: chosen_at,
    };
    council_repo::upsert_answer(&tx, row.clone()).await?;
    audit::append(
        &tx,
        AuditEvent {
            actor: &audit_actor(actor),
            action: "score_sheet.answer",
            entity_type: "score_sheet",
            entity_id: sheet.id.to_string(),
            before: None,
            after: Some(serde_json::to_value(&row).unwrap_or_default()),
        },
    )
    .await?;
    let view = sheet_view(&tx, &c, &sheet).await?;
    tx.commit().await?;
    Ok(view)
}

/// Saves the answers of a sheet sent as one plain form (no JavaScript): each answer that
/// differs from the stored one is saved as [`answer`] saves it; returns the sheet.
pub async fn save_all(
    db: &Database,
    actor: &Actor,
    batch_id: Uuid,
    dossier_id: Uuid,
    inputs: &[AnswerInput],
) -> ServiceResult<Option<SheetDto>> {
    let current = sheets(db, actor, batch_id, dossier_id).await?.mine;
    let mut last = current.clone();
    for input in inputs {
        let same = current.as_ref().is_some_and(|s| {
            s.answers.iter().any(|a| {
                a.criterion == input.criterion.trim()
                    && Some(a.option) == input.option
                    && clean("comment", &input.comment, Lines::Multi).is_ok_and(|c| a.comment == c)
            })
        });
        if !same && input.option.is_some() {
            last = Some(answer(db, actor, batch_id, dossier_id, input).await?);
        }
    }
    Ok(last)
}

/// The criteria of the caller's sheet still without an answer, in sheet order (code, name).
pub fn unanswered(set: &CriteriaSet, sheet: Option<&SheetDto>) -> Vec<(String, String)> {
    set.criteria()
        .filter(|(_, c)| !sheet.is_some_and(|s| s.answers.iter().any(|a| a.criterion == c.code)))
        .map(|(_, c)| (c.code.clone(), c.name.clone()))
        .collect()
}

/// Submits the caller's sheet: final once every criterion has an answer.
pub async fn submit(db: &Database, actor: &Actor, batch_id: Uuid, dossier_id: Uuid) -> ServiceResult<SheetDto> {
    let tx = db.begin_write().await?;
    let c = scorer(&tx, actor, batch_id, dossier_id).await?;
    let sheet = own_sheet(&tx, &c)
        .await?
        .ok_or(ServiceError::Coded(ErrorCode::SheetIncomplete))?;
    if sheet.submitted_at.is_some() {
        return Err(ServiceError::Conflict(ErrorCode::SheetSubmitted));
    }
    let now = ocop_storage::now();
    // Submit first (`WHERE submitted_at IS NULL`, which waits for an answer being saved), then
    // check the answers as committed; an incomplete sheet rolls the submission back.
    if !council_repo::submit_sheet(&tx, sheet.id, now).await? {
        return Err(ServiceError::Conflict(ErrorCode::SheetSubmitted));
    }
    let view = sheet_view(&tx, &c, &sheet).await?;
    if view.answered != view.criteria {
        return Err(ServiceError::Coded(ErrorCode::SheetIncomplete));
    }
    let after = score_sheet::Model {
        submitted_at: Some(now),
        updated_at: now,
        ..sheet.clone()
    };
    audit::append(
        &tx,
        AuditEvent {
            actor: &audit_actor(actor),
            action: "score_sheet.submit",
            entity_type: "score_sheet",
            entity_id: sheet.id.to_string(),
            before: Some(serde_json::to_value(&sheet).unwrap_or_default()),
            after: Some(serde_json::to_value(&after).unwrap_or_default()),
        },
    )
    .await?;
    let view = sheet_view(&tx, &c, &after).await?;
    tx.commit().await?;
    Ok(view)
}

/// Declares the caller's conflict of interest: recused for this dossier, its draft sheet of
/// the round removed from the count (a submitted sheet cannot be withdrawn this way).
pub async fn recuse(
    db: &Database,
    actor: &Actor,
    batch_id: Uuid,
    dossier_id: Uuid,
    input: &RecusalInput,
) -> ServiceResult<super::batches::BatchDto> {
    let reason = input.reason.trim();
    if !["same_producer", "family", "employer"].contains(&reason) {
        return Err(ServiceError::field("reason", ErrorCode::InvalidChoice));
    }
    let note: String = clean("note", &input.note, Lines::Multi)?.chars().take(2_000).collect();
    let tx = db.begin_write().await?;
    let c = scorer(&tx, actor, batch_id, dossier_id).await?;
    if own_sheet(&tx, &c).await?.is_some_and(|s| s.submitted_at.is_some()) {
        return Err(ServiceError::Conflict(ErrorCode::SheetSubmitted));
    }
    let row = recusal::Model {
        id: Uuid::now_v7(),
        batch_id,
        dossier_id,
        member_id: c.member.id,
        reason: reason.to_owned(),
        note,
        created_at: ocop_storage::now(),
    };
    council_repo::insert(&tx, recusal::ActiveModel::from(row.clone())).await?;
    audit::append(
        &tx,
        AuditEvent {
            actor: &audit_actor(actor),
            action: "council.recuse",
            entity_type: "recusal",
            entity_id: row.id.to_string(),
            before: None,
            after: Some(serde_json::to_value(&row).unwrap_or_default()),
        },
    )
    .await?;
    tx.commit().await?;
    super::batches::get(db, actor, batch_id).await
}

/// The sheets of a dossier's current round as the caller may see them: its own; the others'
/// submitted sheets only after submitting its own, or once scoring is closed.
pub async fn sheets(db: &Database, actor: &Actor, batch_id: Uuid, dossier_id: Uuid) -> ServiceResult<SheetsView> {
    let conn = db.conn();
    let l = load(conn, actor, batch_id).await?;
    let bd = council_repo::batch_dossier(conn, batch_id, dossier_id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let d = dossier_repo::get(conn, dossier_id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let (set, row) = criteria_of(conn, &d).await?;
    let all = council_repo::sheets_of(conn, batch_id, dossier_id, bd.round).await?;
    let ids: Vec<Uuid> = all.iter().map(|s| s.id).collect();
    let answers = council_repo::answers(conn, &ids).await?;
    let me = seat_of(actor, &l.members);
    let mine = me.and_then(|m| all.iter().find(|s| s.member_id == m.id));
    let recusals = council_repo::recusals(conn, batch_id).await?;
    let recused = me.is_some_and(|m| {
        recusals
            .iter()
            .any(|r| r.dossier_id == dossier_id && r.member_id == m.id)
    });
    let closed = bd.state()?.has_result();
    let open_to_me = closed || mine.is_some_and(|s| s.submitted_at.is_some());
    let submitted: Vec<&score_sheet::Model> = all
        .iter()
        .filter(|s| s.submitted_at.is_some() && Some(s.member_id) != me.map(|m| m.id))
        .collect();
    let others = if open_to_me {
        submitted
            .iter()
            .map(|s| sheet_dto(&set, s, &answers, &l.members))
            .collect()
    } else {
        Vec::new()
    };
    Ok(SheetsView {
        dossier_id,
        round: bd.round,
        mine: mine.map(|s| sheet_dto(&set, s, &answers, &l.members)),
        others_hidden: !open_to_me && !submitted.is_empty(),
        others,
        submitted_by: all
            .iter()
            .filter(|s| s.submitted_at.is_some())
            .map(|s| s.member_id)
            .collect(),
        recused,
        criteria_set: serde_json::from_str(&row.body).unwrap_or_default(),
    })
}

/// Opens the next scoring round for a dossier (the chair or a manager), with the council's
/// discussion recorded: `rescoring` only when the submitted totals of the round are more than
/// 10 points apart; `tests_pending` for a second round once test results are in.
pub async fn new_round(
    db: &Database,
    actor: &Actor,
    batch_id: Uuid,
    dossier_id: Uuid,
    input: &RoundInput,
) -> ServiceResult<super::batches::BatchDto> {
    let reason =
        RoundReason::parse(&input.reason).map_err(|_| ServiceError::field("reason", ErrorCode::InvalidChoice))?;
    let discussion = clean("discussion", &input.discussion, Lines::Multi)?;
    if discussion.is_empty() {
        return Err(ServiceError::Coded(ErrorCode::DiscussionRequired));
    }
    let tx = db.begin_write().await?;
    let l = load(&tx, actor, batch_id).await?;
    if !(is_chair(actor, &l.members) || manages(actor, &l.council.province_code)) {
        return Err(ServiceError::Forbidden);
    }
    let bd = council_repo::batch_dossier(&tx, batch_id, dossier_id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    bd.state()?.new_round()?;
    if reason == RoundReason::Rescoring {
        let d = dossier_repo::get(&tx, dossier_id)
            .await?
            .ok_or(ServiceError::NotFound)?;
        let (set, _) = criteria_of(&tx, &d).await?;
        let recusals = council_repo::recusals(&tx, batch_id).await?;
        let result = compute(&tx, &l, &bd, &recusals, &set, &[]).await?;
        if !result.rescoring_required {
            return Err(ServiceError::field("reason", ErrorCode::InvalidChoice));
        }
    }
    let after = batch_dossier::Model {
        round: bd.round + 1,
        ..bd.clone()
    };
    super::batches::save_batch_dossier(&tx, &bd, after.clone()).await?;
    carry_over(&tx, actor, &bd, after.round).await?;
    let note = note_row(batch_id, dossier_id, after.round, reason, &discussion, actor);
    council_repo::insert(&tx, ocop_storage::entities::batch_note::ActiveModel::from(note)).await?;
    audit_batch_dossier(&tx, actor, "batch.new_round", Some(&bd), &after).await?;
    tx.commit().await?;
    super::batches::get(db, actor, batch_id).await
}

/// A new round starts from each member's answers of the round before: their sheets are copied
/// as drafts of the new round (the member changes what the discussion changed, then submits).
async fn carry_over<C: ConnectionTrait>(
    conn: &C,
    actor: &Actor,
    bd: &batch_dossier::Model,
    round: i32,
) -> ServiceResult<()> {
    let previous = council_repo::sheets_of(conn, bd.batch_id, bd.dossier_id, bd.round).await?;
    let ids: Vec<Uuid> = previous.iter().map(|s| s.id).collect();
    let answers = council_repo::answers(conn, &ids).await?;
    let now = ocop_storage::now();
    for old in &previous {
        let sheet = score_sheet::Model {
            id: Uuid::now_v7(),
            round,
            comment: String::new(),
            submitted_at: None,
            created_at: now,
            updated_at: now,
            ..old.clone()
        };
        council_repo::insert(conn, score_sheet::ActiveModel::from(sheet.clone())).await?;
        for a in answers.iter().filter(|a| a.sheet_id == old.id) {
            let row = score_answer::Model {
                sheet_id: sheet.id,
                updated_at: now,
                ..a.clone()
            };
            council_repo::upsert_answer(conn, row).await?;
        }
        audit::append(
            conn,
            AuditEvent {
                actor: &audit_actor(actor),
                action: "score_sheet.carry_over",
                entity_type: "score_sheet",
                entity_id: sheet.id.to_string(),
                before: Some(serde_json::to_value(old).unwrap_or_default()),
                after: Some(serde_json::to_value(&sheet).unwrap_or_default()),
            },
        )
        .await?;
    }
    Ok(())
}
