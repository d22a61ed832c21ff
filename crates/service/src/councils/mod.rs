//! Councils (hội đồng đánh giá, phân hạng sản phẩm OCOP), evaluation batches (đợt đánh giá)
//! and scoring enforced on the server.
//!
//! - [`create_council`] / [`add_member`]: a council per level and unit founded by a decision;
//!   members are accounts (`council_member`, the secretary `council_secretary`) with a role and
//!   an agency; `advisor` rows are the council's working group (tổ giúp việc) and hold no seat.
//! - [`batches`]: batches, scheduling eligible dossiers (`Event::Schedule`), the day the
//!   electronic dossiers were sent, opening scoring (`Event::OpenScoring`, refused unless they
//!   were sent at least one working day before the meeting), closing (the domain engine computes
//!   every number; `Event::CloseScoring`), and the recognition decision (routing per legal basis,
//!   certificates through `certificates::issue`).
//! - [`scoring`]: score sheets saved answer by answer, submission, recusal, blind viewing and
//!   new rounds (re-scoring after a recorded discussion, or a second round for pending tests).
//! - [`meeting`]: the meeting as it happened: attendance per member (recorded before scoring
//!   opens; quorum on the members present), the minutes in versions (frozen by the decision,
//!   corrected only with a reason).
//! - [`withdrawal`]: a wrong results decision withdrawn by its issuing authority (its
//!   certificates revoked) and re-issued; both stay in the history.
//! - [`disqualifiers`]: the disqualifiers of the criteria set the council found for a dossier;
//!   closing passes them to the engine, so the dossier closes not recognised.
//! - [`documents`]: the batch result table, the minutes and the results decision as .xlsx and
//!   PDF; statistics per member.
//!
//! Who may do what: administrators everywhere; province officers for councils of their province
//! (today's code); central officers read every council and manage the central councils (level
//! `central`, founded by a ministry decision, nationwide: their `province_code` is empty, their
//! members council accounts of national scope); an account sitting on a council reads that
//! council's batches, scores where it holds a seat (never as secretary, advisor or when
//! recused); the chair opens and closes scoring; the secretary (and the chair) keep the minutes.

pub mod batches;
#[doc(hidden)]
pub mod bench;
pub mod disqualifiers;
pub mod documents;
mod documents_pdf;
pub mod meeting;
pub mod reading;
pub mod scoring;
#[doc(hidden)]
pub mod testing;
pub mod withdrawal;

use chrono::NaiveDate;
use ocop_domain::calendar;
use ocop_domain::evaluation::scoring::CouncilRole;
use ocop_domain::role::{Actor, Role, Scope};
use ocop_domain::{ErrorCode, ValidationErrors};
use ocop_storage::audit::{self, AuditEvent};
use ocop_storage::entities::{batch, council, council_member};
use ocop_storage::repo::{admin_unit_repo, council_repo, user_repo};
use ocop_storage::{ConnectionTrait, Database, is_unique_violation};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::audit_actor;
use crate::error::{ServiceError, ServiceResult};

/// A member's role, as stored: the domain's council roles plus the advisory team.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MemberRole {
    /// A seat on the council.
    Council(CouncilRole),
    /// The council's working group (Tổ giúp việc Hội đồng under QĐ 148 and later, Tổ tư vấn
    /// under QĐ 1048): checks dossiers, holds no seat.
    Advisor,
}

impl MemberRole {
    /// Parses the stored name.
    pub fn parse(text: &str) -> Result<Self, ErrorCode> {
        Ok(match text.trim() {
            "chair" => MemberRole::Council(CouncilRole::Chair),
            "vice_chair" => MemberRole::Council(CouncilRole::ViceChair),
            "member" => MemberRole::Council(CouncilRole::Member),
            "secretary" => MemberRole::Council(CouncilRole::Secretary),
            "advisor" => MemberRole::Advisor,
            _ => return Err(ErrorCode::InvalidChoice),
        })
    }

    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            MemberRole::Council(CouncilRole::Chair) => "chair",
            MemberRole::Council(CouncilRole::ViceChair) => "vice_chair",
            MemberRole::Council(CouncilRole::Member) => "member",
            MemberRole::Council(CouncilRole::Secretary) => "secretary",
            MemberRole::Advisor => "advisor",
        }
    }

    /// Vietnamese and English labels, in the terms of the legal basis in force on `date`
    /// (the working group's name comes from `legal_bases.toml`).
    pub fn label_on(self, date: NaiveDate) -> (&'static str, &'static str) {
        match self {
            MemberRole::Council(CouncilRole::Chair) => ("Chủ tịch hội đồng", "Chair"),
            MemberRole::Council(CouncilRole::ViceChair) => ("Phó Chủ tịch hội đồng", "Vice chair"),
            MemberRole::Council(CouncilRole::Member) => ("Thành viên", "Member"),
            MemberRole::Council(CouncilRole::Secretary) => ("Thư ký", "Secretary"),
            MemberRole::Advisor => (
                ocop_domain::evaluation::LegalBases::official().working_group_on(date),
                "Working group",
            ),
        }
    }

    /// Whether this role scores.
    pub fn scores(self) -> bool {
        matches!(
            self,
            MemberRole::Council(CouncilRole::Chair | CouncilRole::ViceChair | CouncilRole::Member)
        )
    }
}

/// `POST /api/v1/councils`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct CouncilInput {
    /// Name, e.g. "Hội đồng đánh giá, phân hạng sản phẩm OCOP tỉnh Hà Tĩnh".
    pub name: String,
    /// `province`, `district` (QĐ 148 before 06/07/2025) or `central` (the ministry's council).
    pub level: String,
    /// The unit it belongs to, e.g. `2025/province/42`; none for a central council.
    pub unit_id: String,
    /// The founding decision's number, e.g. `1234/QĐ-UBND`.
    pub decision_number: String,
    /// The founding decision's date (`YYYY-MM-DD`).
    pub decision_date: Option<NaiveDate>,
}

/// `POST /api/v1/councils/{id}/members`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct MemberInput {
    /// The account (role `council_member`, or `council_secretary` for the secretary).
    pub user_id: Option<Uuid>,
    /// Full name as printed in the minutes.
    pub full_name: String,
    /// `chair`, `vice_chair`, `member`, `secretary` or `advisor` (the working group: tổ giúp việc hội đồng).
    pub role: String,
    /// Agency, e.g. "Sở Nông nghiệp và Môi trường".
    pub agency: String,
}

/// A member of a council.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MemberDto {
    /// Identifier.
    pub id: Uuid,
    /// The account.
    pub user_id: Uuid,
    /// Full name.
    pub full_name: String,
    /// Role code.
    pub role: String,
    /// Role in Vietnamese.
    pub role_label: String,
    /// Agency.
    pub agency: String,
}

/// A council with its members.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CouncilDto {
    /// Identifier.
    pub id: Uuid,
    /// Name.
    pub name: String,
    /// `province`, `district` or `central`.
    pub level: String,
    /// The unit (empty for a central council).
    pub unit_id: String,
    /// Today's province code (empty for a central council, which works nationwide).
    pub province_code: String,
    /// Founding decision number.
    pub decision_number: String,
    /// Founding decision date.
    pub decision_date: NaiveDate,
    /// Members and advisory team.
    pub members: Vec<MemberDto>,
}

pub(crate) fn member_dto(m: &council_member::Model) -> MemberDto {
    let today = crate::admin_units::today();
    let label = MemberRole::parse(&m.role).map(|r| r.label_on(today).0).unwrap_or("");
    MemberDto {
        id: m.id,
        user_id: m.user_id,
        full_name: m.full_name.clone(),
        role: m.role.clone(),
        role_label: label.to_owned(),
        agency: m.agency.clone(),
    }
}

fn council_dto(c: &council::Model, members: &[council_member::Model]) -> CouncilDto {
    CouncilDto {
        id: c.id,
        name: c.name.clone(),
        level: c.level.clone(),
        unit_id: c.unit_id.clone(),
        province_code: c.province_code.clone(),
        decision_number: c.decision_number.clone(),
        decision_date: c.decision_date,
        members: members.iter().map(member_dto).collect(),
    }
}

/// The `province_code` of a central council: it works nationwide.
pub const NATIONWIDE: &str = "";

/// The `level` of a central council.
pub const CENTRAL: &str = "central";

/// Whether the actor manages (creates, schedules, recognises) councils of this province, or
/// with [`NATIONWIDE`] the central councils (central officers).
pub(crate) fn manages(actor: &Actor, province_code: &str) -> bool {
    match actor.role {
        Role::Administrator => true,
        Role::ProvinceOfficer => {
            province_code != NATIONWIDE
                && matches!(&actor.scope, Scope::Province { province_code: p } if p == province_code)
        }
        Role::CentralOfficer => province_code == NATIONWIDE,
        _ => false,
    }
}

/// Whether the actor manages councils of this province (administrators, its province officers),
/// or with [`NATIONWIDE`] the central councils (administrators, central officers).
pub fn manages_province(actor: &Actor, province_code: &str) -> bool {
    manages(actor, province_code)
}

/// Whether the actor may found councils at all (for the pages).
pub fn founds_councils(actor: &Actor) -> bool {
    actor.role == Role::Administrator
        || match &actor.scope {
            Scope::Province { province_code } => manages(actor, province_code),
            Scope::National => manages(actor, NATIONWIDE),
            _ => false,
        }
}

/// Whether the actor may found a provincial council (or, for records before 01/07/2025, a
/// district's): administrators anywhere, a province officer in its province.
pub fn founds_provincial_councils(actor: &Actor) -> bool {
    actor.role == Role::Administrator
        || matches!(&actor.scope, Scope::Province { province_code } if manages(actor, province_code))
}

/// Whether a member's seat, by its stored role name, scores (chair, vice chair, member; never
/// the secretary nor the working group), for the pages that show the score sheet.
pub fn seat_scores(role: &str) -> bool {
    MemberRole::parse(role).is_ok_and(MemberRole::scores)
}

/// Whether a member's seat, by its stored role name, is the chair's.
pub fn seat_is_chair(role: &str) -> bool {
    MemberRole::parse(role) == Ok(MemberRole::Council(CouncilRole::Chair))
}

/// Whether a member's seat, by its stored role name, is the secretary's.
pub fn seat_is_secretary(role: &str) -> bool {
    MemberRole::parse(role) == Ok(MemberRole::Council(CouncilRole::Secretary))
}

/// Whether the actor may read this council and its batches.
pub(crate) fn reads(actor: &Actor, council: &council::Model, members: &[council_member::Model]) -> bool {
    manages(actor, &council.province_code)
        || actor.role == Role::CentralOfficer
        || members.iter().any(|m| m.user_id == actor.user_id.0)
}

/// The actor's seat on a council, if any.
pub(crate) fn seat_of<'a>(actor: &Actor, members: &'a [council_member::Model]) -> Option<&'a council_member::Model> {
    members.iter().find(|m| m.user_id == actor.user_id.0)
}

/// Whether the actor is the council's chair.
pub(crate) fn is_chair(actor: &Actor, members: &[council_member::Model]) -> bool {
    seat_of(actor, members).is_some_and(|m| m.role == "chair")
}

/// Members received the electronic dossiers at least one working day before the meeting:
/// working days of public bodies, so weekends, public holidays and the government's days off
/// (Tết, swapped days) do not count and a Saturday worked in exchange does
/// (`ocop_domain::calendar`).
pub fn sent_in_time(batch: &batch::Model) -> bool {
    batch
        .sent_on
        .is_some_and(|sent| calendar::working_days_between(sent, batch.meeting_on) >= 1)
}

/// A single-line name or number: trimmed, in NFC, no control character (`typed_text`).
fn trimmed(errors: &mut ValidationErrors, field: &str, value: &str, max: usize) -> String {
    let value = crate::typed_text::cleaned(errors, field, value, crate::typed_text::Lines::Single);
    if value.is_empty() {
        errors.add(field, ErrorCode::Required);
    } else if value.chars().count() > max {
        errors.add(field, ErrorCode::TooLong);
    }
    value
}

pub(crate) async fn load_council<C: ConnectionTrait>(
    conn: &C,
    id: Uuid,
) -> ServiceResult<(council::Model, Vec<council_member::Model>)> {
    let council = council_repo::council(conn, id).await?.ok_or(ServiceError::NotFound)?;
    let members = council_repo::members(conn, id).await?;
    Ok((council, members))
}

/// Founds a council (administrators, province officers of its province).
pub async fn create_council(db: &Database, actor: &Actor, input: &CouncilInput) -> ServiceResult<CouncilDto> {
    let mut errors = ValidationErrors::new();
    let name = trimmed(&mut errors, "name", &input.name, 300);
    let decision_number = trimmed(&mut errors, "decision_number", &input.decision_number, 60);
    if input.decision_date.is_none() {
        errors.add("decision_date", ErrorCode::Required);
    }
    let level = input.level.trim();
    if !["province", "district", CENTRAL].contains(&level) {
        errors.add("level", ErrorCode::InvalidChoice);
    }
    let unit_id = if level == CENTRAL {
        String::new() // the ministry's council belongs to no administrative unit
    } else {
        input.unit_id.trim().to_owned()
    };
    let unit = match level {
        CENTRAL => None,
        _ => admin_unit_repo::get(db.conn(), &unit_id).await?,
    };
    let province_code = match &unit {
        None if level == CENTRAL => NATIONWIDE.to_owned(),
        None => {
            errors.add("unit_id", ErrorCode::UnknownAdminUnit);
            String::new()
        }
        Some(u) if u.level != level => {
            errors.add("unit_id", ErrorCode::WrongAdminLevel);
            String::new()
        }
        Some(u) => u.province_code.clone().unwrap_or_else(|| u.code.clone()),
    };
    errors.into_result()?;
    let tx = db.begin_write().await?;
    if !manages(actor, &province_code) {
        return Err(ServiceError::Forbidden);
    }
    let row = council::Model {
        id: Uuid::now_v7(),
        name,
        level: level.to_owned(),
        unit_id,
        province_code,
        decision_number,
        decision_date: input.decision_date.expect("checked above"),
        created_at: ocop_storage::now(),
        row_version: 1,
    };
    council_repo::insert(&tx, council::ActiveModel::from(row.clone())).await?;
    audit::append(
        &tx,
        AuditEvent {
            actor: &audit_actor(actor),
            action: "council.create",
            entity_type: "council",
            entity_id: row.id.to_string(),
            before: None,
            after: Some(serde_json::to_value(&row).unwrap_or_default()),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(council_dto(&row, &[]))
}

/// Adds a member named by the account's username, as the council page's form types it. The
/// account is looked up only for someone who manages the council (so the form cannot be used
/// to learn which usernames exist); an unknown username is a failure of the `username` field.
pub async fn add_member_by_username(
    db: &Database,
    actor: &Actor,
    council_id: Uuid,
    username: &str,
    input: &MemberInput,
) -> ServiceResult<CouncilDto> {
    let conn = db.conn();
    let (council, members) = load_council(conn, council_id).await?;
    if !manages(actor, &council.province_code) {
        return Err(if reads(actor, &council, &members) {
            ServiceError::Forbidden
        } else {
            ServiceError::NotFound
        });
    }
    let username = username.trim();
    let user = if username.is_empty() {
        return Err(ServiceError::field("username", ErrorCode::Required));
    } else {
        user_repo::by_username(conn, username)
            .await?
            .ok_or_else(|| ServiceError::field("username", ErrorCode::NotFound))?
    };
    let input = MemberInput {
        user_id: Some(user.id),
        ..input.clone()
    };
    add_member(db, actor, council_id, &input).await
}

/// Adds a member (or an advisory-team member) to a council.
pub async fn add_member(
    db: &Database,
    actor: &Actor,
    council_id: Uuid,
    input: &MemberInput,
) -> ServiceResult<CouncilDto> {
    let mut errors = ValidationErrors::new();
    let full_name = trimmed(&mut errors, "full_name", &input.full_name, 200);
    let agency = trimmed(&mut errors, "agency", &input.agency, 300);
    let role = errors.check("role", MemberRole::parse(&input.role));
    if input.user_id.is_none() {
        errors.add("user_id", ErrorCode::Required);
    }
    errors.into_result()?;
    let role = role.expect("checked above");
    let tx = db.begin_write().await?;
    let (council, mut members) = load_council(&tx, council_id).await?;
    if !manages(actor, &council.province_code) {
        return Err(if reads(actor, &council, &members) {
            ServiceError::Forbidden
        } else {
            ServiceError::NotFound
        });
    }
    let user = user_repo::get(&tx, input.user_id.expect("checked above"))
        .await?
        .ok_or_else(|| ServiceError::field("user_id", ErrorCode::NotFound))?;
    let user_actor = crate::accounts::actor_of(db, &user).await?;
    let role_fits = match role {
        MemberRole::Council(CouncilRole::Secretary) => user_actor.role == Role::CouncilSecretary,
        MemberRole::Council(_) => user_actor.role == Role::CouncilMember,
        MemberRole::Advisor => matches!(
            user_actor.role,
            Role::CouncilMember | Role::CouncilSecretary | Role::ProvinceOfficer | Role::CentralOfficer
        ),
    };
    // A provincial council seats accounts of its province; a central council national ones.
    let in_area = if council.province_code == NATIONWIDE {
        user_actor.scope == Scope::National
    } else {
        user_actor.scope.province_code() == Some(council.province_code.as_str())
    };
    if !role_fits || !in_area || !user.active {
        return Err(ServiceError::field("user_id", ErrorCode::InvalidChoice));
    }
    if role == MemberRole::Council(CouncilRole::Chair) && members.iter().any(|m| m.role == "chair") {
        return Err(ServiceError::field("role", ErrorCode::Conflict));
    }
    let row = council_member::Model {
        id: Uuid::now_v7(),
        council_id,
        user_id: user.id,
        full_name,
        role: role.as_str().to_owned(),
        agency,
        created_at: ocop_storage::now(),
    };
    council_repo::insert(&tx, council_member::ActiveModel::from(row.clone()))
        .await
        .map_err(|e| {
            if is_unique_violation(&e) {
                ServiceError::field("user_id", ErrorCode::Conflict)
            } else {
                e.into()
            }
        })?;
    audit::append(
        &tx,
        AuditEvent {
            actor: &audit_actor(actor),
            action: "council.add_member",
            entity_type: "council_member",
            entity_id: row.id.to_string(),
            before: None,
            after: Some(serde_json::to_value(&row).unwrap_or_default()),
        },
    )
    .await?;
    tx.commit().await?;
    members.push(row);
    Ok(council_dto(&council, &members))
}

/// The councils the actor may read.
pub async fn list_councils(db: &Database, actor: &Actor) -> ServiceResult<Vec<CouncilDto>> {
    if !batches::may_see_batches(actor) {
        return Err(ServiceError::Forbidden);
    }
    let mut out = Vec::new();
    for council in council_repo::councils(db.conn(), actor.scope.province_code()).await? {
        let members = council_repo::members(db.conn(), council.id).await?;
        if reads(actor, &council, &members) {
            out.push(council_dto(&council, &members));
        }
    }
    Ok(out)
}

/// One council.
pub async fn get_council(db: &Database, actor: &Actor, id: Uuid) -> ServiceResult<CouncilDto> {
    let (council, members) = load_council(db.conn(), id).await?;
    if !reads(actor, &council, &members) {
        return Err(ServiceError::NotFound);
    }
    Ok(council_dto(&council, &members))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn batch(sent_on: &str, meeting_on: &str) -> batch::Model {
        batch::Model {
            id: Uuid::nil(),
            council_id: Uuid::nil(),
            name: String::new(),
            starts_on: d(sent_on),
            ends_on: d(meeting_on),
            meeting_on: d(meeting_on),
            sent_on: Some(d(sent_on)),
            status: String::new(),
            attendance: "[]".into(),
            minutes: String::new(),
            decision_id: None,
            created_at: chrono::Utc::now(),
            row_version: 1,
        }
    }

    #[test]
    fn dossiers_sent_before_tet_are_in_time_for_the_first_meeting_after_it() {
        // Friday 13/02/2026 is the last working day before Tết; Monday 23/02 the first after.
        assert!(sent_in_time(&batch("2026-02-13", "2026-02-23")));
        assert!(!sent_in_time(&batch("2026-02-16", "2026-02-23")));
        // An ordinary weekend: Friday before a Monday meeting is in time, Saturday is not.
        assert!(sent_in_time(&batch("2026-11-20", "2026-11-23")));
        assert!(!sent_in_time(&batch("2026-11-21", "2026-11-23")));
        let mut unsent = batch("2026-11-20", "2026-11-23");
        unsent.sent_on = None;
        assert!(!sent_in_time(&unsent));
    }

    #[test]
    fn roles_round_trip_and_only_seats_score() {
        for name in ["chair", "vice_chair", "member", "secretary", "advisor"] {
            assert_eq!(MemberRole::parse(name).unwrap().as_str(), name);
        }
        assert!(MemberRole::parse("chair").unwrap().scores());
        assert!(!MemberRole::parse("secretary").unwrap().scores());
        assert!(!MemberRole::parse("advisor").unwrap().scores());
        assert!(MemberRole::parse("boss").is_err());
    }
}
