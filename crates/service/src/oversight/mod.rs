//! Oversight after the star (hậu kiểm): inspection plans per unit and year with candidates
//! proposed from signals ([`plans`]), inspections and their records signed off by the lead
//! ([`inspections`]), findings with deadlines in working days, the producer's answer and the
//! consequence proposed to and decided by the issuing authority ([`findings`]), cases opened
//! from fake reports, unusual scans and agencies' complaints ([`cases`]), and the worklists
//! and counts of the dashboard and reports ([`worklist`], [`plan_xlsx`]).
//!
//! Access: administrators and central officers everywhere; province and commune officers
//! record in their province (an inspection, finding or case carries today's province of what
//! it is about; a case of an unknown code carries none and belongs to the central level); the
//! issuing authority (`certificates::require_authority`) decides a proposed consequence;
//! producers read the findings about their own products and answer them with evidence from
//! their vault. Every write appends a typed [`OversightEvent`] in its transaction.

pub mod cases;
pub mod findings;
pub mod inspections;
pub mod plan_xlsx;
pub mod plans;
pub mod worklist;

use ocop_domain::role::{Actor, Role, Scope};
use ocop_storage::audit::{self, AuditEvent};
use ocop_storage::repo::oversight_repo::Area;
use sea_orm::ConnectionTrait;
use serde::Serialize;
use uuid::Uuid;

use crate::audit_actor;
use crate::error::{ServiceError, ServiceResult};

/// Every oversight step that changes a row, as recorded in the audit trail.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OversightEvent {
    /// A plan was created.
    PlanCreated,
    /// A plan was approved.
    PlanApproved,
    /// An inspection was planned (in a plan or as a field check).
    InspectionPlanned,
    /// Its record was written.
    InspectionRecorded,
    /// The lead signed the record off.
    InspectionSignedOff,
    /// A planned inspection was called off.
    InspectionCancelled,
    /// A finding was added.
    FindingAdded,
    /// The producer answered a finding.
    FindingAnswered,
    /// An officer closed a finding as remedied.
    FindingRemedied,
    /// A consequence was proposed to the issuing authority.
    ConsequenceProposed,
    /// The authority decided on it.
    ConsequenceDecided,
    /// A case was opened.
    CaseOpened,
    /// A further fake report was added to an open case of the same code.
    CaseReportAdded,
    /// A note was added to a case.
    CaseNoted,
    /// An inspection was planned from a case.
    CaseInspected,
    /// A case was closed with its outcome.
    CaseClosed,
    /// A case was merged into another.
    CaseMerged,
}

impl OversightEvent {
    /// The action name in the trail.
    pub fn action(self) -> &'static str {
        match self {
            OversightEvent::PlanCreated => "inspection_plan.create",
            OversightEvent::PlanApproved => "inspection_plan.approve",
            OversightEvent::InspectionPlanned => "inspection.plan",
            OversightEvent::InspectionRecorded => "inspection.record",
            OversightEvent::InspectionSignedOff => "inspection.sign_off",
            OversightEvent::InspectionCancelled => "inspection.cancel",
            OversightEvent::FindingAdded => "inspection_finding.create",
            OversightEvent::FindingAnswered => "inspection_finding.answer",
            OversightEvent::FindingRemedied => "inspection_finding.remedy",
            OversightEvent::ConsequenceProposed => "inspection_finding.propose",
            OversightEvent::ConsequenceDecided => "inspection_finding.decide",
            OversightEvent::CaseOpened => "oversight_case.open",
            OversightEvent::CaseReportAdded => "oversight_case.report",
            OversightEvent::CaseNoted => "oversight_case.note",
            OversightEvent::CaseInspected => "oversight_case.inspect",
            OversightEvent::CaseClosed => "oversight_case.close",
            OversightEvent::CaseMerged => "oversight_case.merge",
        }
    }

    /// The kind of row it changes.
    pub fn entity_type(self) -> &'static str {
        use OversightEvent::*;
        match self {
            PlanCreated | PlanApproved => "inspection_plan",
            InspectionPlanned | InspectionRecorded | InspectionSignedOff | InspectionCancelled => "inspection",
            FindingAdded | FindingAnswered | FindingRemedied | ConsequenceProposed | ConsequenceDecided => {
                "inspection_finding"
            }
            CaseOpened | CaseReportAdded | CaseNoted | CaseInspected | CaseClosed | CaseMerged => "oversight_case",
        }
    }
}

/// Appends `event` about row `id`: the whole row before and after (serialised from the stored
/// model, so a new column cannot miss the trail).
pub(crate) async fn record_event<C: ConnectionTrait, T: Serialize>(
    conn: &C,
    actor: &ocop_storage::audit::AuditActor,
    event: OversightEvent,
    id: Uuid,
    before: Option<&T>,
    after: &T,
) -> ServiceResult<()> {
    let json = |row: &T| serde_json::to_value(row).map_err(|e| ServiceError::Internal(format!("audit snapshot: {e}")));
    let before = before.map(json).transpose()?;
    audit::append(
        conn,
        AuditEvent {
            actor,
            action: event.action(),
            entity_type: event.entity_type(),
            entity_id: id.to_string(),
            before,
            after: Some(json(after)?),
        },
    )
    .await?;
    Ok(())
}

/// [`record_event`] for an actor.
pub(crate) async fn audit_event<C: ConnectionTrait, T: Serialize>(
    conn: &C,
    actor: &Actor,
    event: OversightEvent,
    id: Uuid,
    before: Option<&T>,
    after: &T,
) -> ServiceResult<()> {
    record_event(conn, &audit_actor(actor), event, id, before, after).await
}

/// What an actor may read: officials their area, producers their own findings.
pub(crate) fn read_area(actor: &Actor) -> ServiceResult<Area<'_>> {
    match (&actor.role, &actor.scope) {
        (Role::Administrator | Role::CentralOfficer, _) => Ok(Area::National),
        (Role::ProvinceOfficer, Scope::Province { province_code })
        | (Role::CommuneOfficer, Scope::Commune { province_code, .. }) => Ok(Area::Province(province_code)),
        (Role::Producer, Scope::Producer { producer_id }) => Ok(Area::Producer(producer_id.0)),
        _ => Err(ServiceError::Forbidden),
    }
}

/// The province an official records in (none: everywhere); producers and council members are refused.
pub(crate) fn writer_province(actor: &Actor) -> ServiceResult<Option<&str>> {
    match read_area(actor)? {
        Area::National => Ok(None),
        Area::Province(p) => Ok(Some(p)),
        Area::Producer(_) => Err(ServiceError::Forbidden),
    }
}

/// Refuses unless the official records in `province` (a row of the central level, `None`,
/// only for national officials).
pub(crate) fn require_writer(actor: &Actor, province: Option<&str>) -> ServiceResult<()> {
    match (writer_province(actor)?, province) {
        (None, _) => Ok(()),
        (Some(mine), Some(theirs)) if mine == theirs => Ok(()),
        _ => Err(ServiceError::NotFound),
    }
}

/// Whether the actor may read a row of `province` about `producer`.
pub(crate) fn may_read(actor: &Actor, province: Option<&str>, producer: Option<Uuid>) -> bool {
    match read_area(actor) {
        Ok(Area::National) => true,
        Ok(Area::Province(p)) => province == Some(p),
        Ok(Area::Producer(id)) => producer == Some(id),
        Err(_) => false,
    }
}

/// Evidence ids as stored (a JSON array), and back.
pub(crate) fn evidence_text(ids: &[Uuid]) -> Option<String> {
    (!ids.is_empty()).then(|| serde_json::to_string(ids).unwrap_or_default())
}

/// Evidence ids of a stored JSON array (none when empty or unreadable).
pub(crate) fn evidence_ids(text: Option<&str>) -> Vec<Uuid> {
    text.and_then(|t| serde_json::from_str(t).ok()).unwrap_or_default()
}

/// Checks that every evidence document lies in the vault of `producer`.
pub(crate) async fn check_evidence<C: ConnectionTrait>(
    conn: &C,
    producer: Option<Uuid>,
    ids: &[Uuid],
) -> ServiceResult<()> {
    if ids.is_empty() {
        return Ok(());
    }
    let docs = ocop_storage::repo::dossier_repo::documents(conn, ids).await?;
    let all_found = ids.iter().all(|id| docs.iter().any(|d| d.id == *id));
    if !all_found || docs.iter().any(|d| Some(d.producer_id) != producer) {
        return Err(ServiceError::field(
            "evidence",
            ocop_domain::ErrorCode::EvidenceNotInVault,
        ));
    }
    Ok(())
}
