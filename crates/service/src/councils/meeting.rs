//! The meeting as it happened (phiên họp hội đồng): attendance recorded per member before
//! scoring opens, the quorum it gives, and the minutes (biên bản) kept in versions.
//!
//! - [`record_attendance`]: the secretary or a manager records every member's presence
//!   (`present`, `absent`, `absent_with_proxy`) while the batch is planned or scoring. A proxy
//!   does not count toward the quorum (no council rules we hold provide for one, see
//!   `ocop_domain::evaluation::attendance`).
//! - Opening scoring needs attendance recorded for every member and the meeting's quorum;
//!   closing needs the quorum for each dossier (recused members removed) — [`require_quorum`].
//! - [`record_minutes`]: each save is a new version in `batch_minutes` with the attendance as
//!   recorded; once the results decision exists the minutes change only by a correction with
//!   its reason, and the versions before it stay.

use std::collections::BTreeMap;

use ocop_domain::ErrorCode;
use ocop_domain::evaluation::LegalBases;
use ocop_domain::evaluation::attendance::{Presence, PresenceQuorum, presence_quorum};
use ocop_domain::evaluation::scoring::Seat;
use ocop_domain::role::Actor;
use ocop_storage::entities::{batch, batch_minutes, council_member, recusal};
use ocop_storage::repo::council_repo;
use ocop_storage::{ConnectionTrait, Database};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use super::batches::{BatchDto, Loaded, get, load, save_batch};
use super::{MemberRole, manages, seat_of};
use crate::error::{ServiceError, ServiceResult};
use crate::typed_text::{Lines, clean};

/// One member's presence, as sent and as shown.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema, PartialEq, Eq)]
#[serde(default)]
pub struct AttendanceEntry {
    /// The council member (its member id).
    pub member_id: Uuid,
    /// `present`, `absent` or `absent_with_proxy` (recorded; not counted as present).
    pub presence: String,
}

/// `POST /api/v1/batches/{id}/attendance`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct AttendanceInput {
    /// One entry per council member (advisers may be left out).
    pub attendance: Vec<AttendanceEntry>,
}

/// `POST /api/v1/batches/{id}/minutes`: the secretary's record of the meeting.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct MinutesInput {
    /// Notes of the meeting.
    pub minutes: String,
    /// Once the results decision exists: why the minutes are corrected (đính chính); required
    /// then, refused before.
    pub correction: String,
}

/// A member's recorded presence, for the batch page and the minutes.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PresenceDto {
    /// The member.
    pub member_id: Uuid,
    /// Full name.
    pub full_name: String,
    /// Role in Vietnamese.
    pub role_label: String,
    /// Agency.
    pub agency: String,
    /// `present`, `absent`, `absent_with_proxy`, or empty when not recorded.
    pub presence: String,
    /// In Vietnamese.
    pub presence_label: String,
}

/// One version of the minutes.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MinutesVersionDto {
    /// 1, 2, …
    pub version: i32,
    /// Text.
    pub minutes: String,
    /// Why it was corrected after the decision (empty before).
    pub correction: String,
    /// Members present when it was written.
    pub present: usize,
    /// Who wrote it.
    pub recorded_by: Uuid,
    /// When.
    pub recorded_at: chrono::DateTime<chrono::Utc>,
}

/// Reads `batch.attendance`: entries, or (before attendance had a presence) the ids present.
pub fn parse_attendance(text: &str) -> BTreeMap<Uuid, Presence> {
    if let Ok(entries) = serde_json::from_str::<Vec<AttendanceEntry>>(text) {
        return entries
            .into_iter()
            .filter_map(|e| Presence::parse(&e.presence).ok().map(|p| (e.member_id, p)))
            .collect();
    }
    serde_json::from_str::<Vec<Uuid>>(text)
        .unwrap_or_default()
        .into_iter()
        .map(|id| (id, Presence::Present))
        .collect()
}

/// The members whose presence must be recorded: every seat (chair, vice chairs, members,
/// the secretary); the advisory team holds none.
fn seated(members: &[council_member::Model]) -> impl Iterator<Item = &council_member::Model> {
    members
        .iter()
        .filter(|m| matches!(MemberRole::parse(&m.role), Ok(MemberRole::Council(_))))
}

/// Whether every seated member's presence is recorded.
pub fn attendance_recorded(batch: &batch::Model, members: &[council_member::Model]) -> bool {
    let recorded = parse_attendance(&batch.attendance);
    seated(members).all(|m| recorded.contains_key(&m.id))
}

/// The members' presence as shown.
pub fn presence_list(batch: &batch::Model, members: &[council_member::Model]) -> Vec<PresenceDto> {
    let recorded = parse_attendance(&batch.attendance);
    seated(members)
        .map(|m| {
            let presence = recorded.get(&m.id).copied();
            PresenceDto {
                member_id: m.id,
                full_name: m.full_name.clone(),
                role_label: MemberRole::parse(&m.role)
                    .map(|r| r.label_on(batch.meeting_on).0)
                    .unwrap_or("")
                    .to_owned(),
                agency: m.agency.clone(),
                presence: presence.map(|p| p.as_str()).unwrap_or("").to_owned(),
                presence_label: presence.map(|p| p.label().0).unwrap_or("Chưa ghi nhận").to_owned(),
            }
        })
        .collect()
}

/// The ids recorded present.
pub fn present_ids(batch: &batch::Model) -> Vec<Uuid> {
    parse_attendance(&batch.attendance)
        .into_iter()
        .filter(|(_, p)| p.counts())
        .map(|(id, _)| id)
        .collect()
}

/// Whether the member was recorded absent (with or without a proxy).
pub fn recorded_absent(batch: &batch::Model, member_id: Uuid) -> bool {
    parse_attendance(&batch.attendance)
        .get(&member_id)
        .is_some_and(|p| !p.counts())
}

/// The quorum for one dossier (`Some`, its recusals removed) or the whole meeting (`None`).
pub(crate) fn quorum(l: &Loaded, recusals: &[recusal::Model], dossier_id: Option<Uuid>) -> PresenceQuorum {
    let recorded = parse_attendance(&l.batch.attendance);
    let seats: Vec<Seat<Uuid>> = l
        .members
        .iter()
        .filter_map(|m| match MemberRole::parse(&m.role) {
            Ok(MemberRole::Council(role)) => Some(Seat {
                member: m.id,
                role,
                recused: dossier_id.is_some_and(|d| recusals.iter().any(|r| r.dossier_id == d && r.member_id == m.id)),
            }),
            _ => None,
        })
        .collect();
    presence_quorum(&LegalBases::official().council, &seats, |m| recorded.get(m).copied())
}

/// Refuses unless attendance is recorded for every member and the quorum is met (409
/// `attendance_not_recorded`, or `no_quorum_present` naming how many are present and needed).
pub(crate) fn require_quorum(l: &Loaded, recusals: &[recusal::Model], dossier_id: Option<Uuid>) -> ServiceResult<()> {
    if !attendance_recorded(&l.batch, &l.members) {
        return Err(ServiceError::Conflict(ErrorCode::AttendanceNotRecorded));
    }
    let q = quorum(l, recusals, dossier_id);
    if q.met() {
        Ok(())
    } else {
        Err(ServiceError::Counted {
            code: ErrorCode::NoQuorumPresent,
            have: q.present,
            // The chair absent: one more is needed whatever the count.
            need: if q.chair_present {
                q.needed
            } else {
                q.needed.max(q.present + 1)
            },
        })
    }
}

/// The secretary or a manager records attendance; the chair may also keep the minutes.
fn may_keep_record(actor: &Actor, l: &Loaded, chair_too: bool) -> bool {
    let seat = seat_of(actor, &l.members).map(|m| m.role.as_str());
    seat == Some("secretary") || (chair_too && seat == Some("chair")) || manages(actor, &l.council.province_code)
}

/// Records every member's presence (the secretary, managers) before scoring closes.
pub async fn record_attendance(
    db: &Database,
    actor: &Actor,
    id: Uuid,
    input: &AttendanceInput,
) -> ServiceResult<BatchDto> {
    let tx = db.begin_write().await?;
    let l = load(&tx, actor, id).await?;
    if !may_keep_record(actor, &l, false) {
        return Err(ServiceError::Forbidden);
    }
    l.batch.state()?.record_attendance()?;
    let mut recorded = BTreeMap::new();
    for entry in &input.attendance {
        if !l.members.iter().any(|m| m.id == entry.member_id) || recorded.contains_key(&entry.member_id) {
            return Err(ServiceError::field("attendance", ErrorCode::InvalidChoice));
        }
        let presence = Presence::parse(&entry.presence).map_err(|code| ServiceError::field("attendance", code))?;
        recorded.insert(entry.member_id, presence);
    }
    if seated(&l.members).any(|m| !recorded.contains_key(&m.id)) {
        return Err(ServiceError::field("attendance", ErrorCode::Required));
    }
    let entries: Vec<AttendanceEntry> = recorded
        .iter()
        .map(|(member_id, p)| AttendanceEntry {
            member_id: *member_id,
            presence: p.as_str().to_owned(),
        })
        .collect();
    let after = batch::Model {
        attendance: serde_json::to_string(&entries).map_err(|e| ServiceError::Internal(e.to_string()))?,
        ..l.batch.clone()
    };
    save_batch(&tx, actor, "batch.attendance", &l.batch, after).await?;
    tx.commit().await?;
    get(db, actor, id).await
}

/// The secretary's (the chair's, a manager's) minutes: a new version each time, with the attendance as
/// recorded. After the results decision only a correction with its reason (409
/// `minutes_frozen` without one); the earlier versions stay.
pub async fn record_minutes(db: &Database, actor: &Actor, id: Uuid, input: &MinutesInput) -> ServiceResult<BatchDto> {
    let minutes = &clean("minutes", &input.minutes, Lines::Multi)?;
    let correction = &clean("correction", &input.correction, Lines::Multi)?;
    if minutes.chars().count() > 20_000 {
        return Err(ServiceError::field("minutes", ErrorCode::TooLong));
    }
    if correction.chars().count() > 2_000 {
        return Err(ServiceError::field("correction", ErrorCode::TooLong));
    }
    let tx = db.begin_write().await?;
    let l = load(&tx, actor, id).await?;
    if !may_keep_record(actor, &l, true) {
        return Err(ServiceError::Forbidden);
    }
    // The decision exists (or existed and was withdrawn: the minutes it cited stay as they were).
    let decided = l.batch.state()?.has_decision();
    if decided && correction.is_empty() {
        return Err(ServiceError::Conflict(ErrorCode::MinutesFrozen));
    }
    if !decided && !correction.is_empty() {
        return Err(ServiceError::field("correction", ErrorCode::InvalidChoice));
    }
    let versions = council_repo::minutes_versions(&tx, id).await?;
    let row = batch_minutes::Model {
        id: Uuid::now_v7(),
        batch_id: id,
        version: versions.last().map_or(1, |v| v.version + 1),
        attendance: l.batch.attendance.clone(),
        minutes: minutes.to_owned(),
        correction: correction.to_owned(),
        recorded_by: actor.user_id.0,
        recorded_at: ocop_storage::now(),
    };
    // The unique (batch, version) index is the backstop against two writers.
    council_repo::insert(&tx, batch_minutes::ActiveModel::from(row.clone()))
        .await
        .map_err(|e| {
            if ocop_storage::is_unique_violation(&e) {
                ServiceError::Conflict(ErrorCode::Conflict)
            } else {
                e.into()
            }
        })?;
    let after = batch::Model {
        minutes: row.minutes.clone(),
        ..l.batch.clone()
    };
    let action = if decided {
        "batch.minutes_correction"
    } else {
        "batch.minutes"
    };
    save_batch(&tx, actor, action, &l.batch, after).await?;
    tx.commit().await?;
    get(db, actor, id).await
}

/// The versions of the minutes, oldest first.
pub async fn versions<C: ConnectionTrait>(conn: &C, batch_id: Uuid) -> ServiceResult<Vec<MinutesVersionDto>> {
    Ok(council_repo::minutes_versions(conn, batch_id)
        .await?
        .into_iter()
        .map(|v| MinutesVersionDto {
            version: v.version,
            present: parse_attendance(&v.attendance).values().filter(|p| p.counts()).count(),
            minutes: v.minutes,
            correction: v.correction,
            recorded_by: v.recorded_by,
            recorded_at: v.recorded_at,
        })
        .collect())
}
