//! The dossier workflow as stored: load a dossier, apply a domain [`Event`] under the legal
//! basis it was submitted under, store the new state, append the history row
//! (`dossier_event`) and the audit entry — all on the caller's connection, so the caller's
//! transaction holds the whole transition.
//!
//! [`apply_event`] checks no access: the caller does (the dossier services for the steps up
//! to "eligible", the councils services from scheduling onwards).

use chrono::NaiveDate;
use ocop_domain::ErrorCode;
use ocop_domain::evaluation::LegalBases;
use ocop_domain::evaluation::dossier::{Conditions, DossierState, Event, InvalidTransition};
use ocop_domain::role::Actor;
use ocop_storage::ConnectionTrait;
use ocop_storage::audit::{self, AuditEvent};
use ocop_storage::entities::dossier::{self, StateColumns};
use ocop_storage::entities::dossier_event;
use ocop_storage::repo::dossier_repo;
use uuid::Uuid;

use crate::audit_actor;
use crate::error::{ServiceError, ServiceResult};

/// Side conditions as fixed facts (the dossier services compute them from stored data).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Facts {
    /// Mandatory documents attached and the self-assessment complete.
    pub dossier_complete: bool,
    /// The commune meeting is recorded.
    pub commune_meeting_held: bool,
    /// In a batch with a council and a meeting date.
    pub in_batch: bool,
    /// Sent to the members at least one working day before the meeting.
    pub sent_to_members_in_time: bool,
}

impl Conditions for Facts {
    fn dossier_complete(&self) -> bool {
        self.dossier_complete
    }
    fn commune_meeting_held(&self) -> bool {
        self.commune_meeting_held
    }
    fn in_batch(&self) -> bool {
        self.in_batch
    }
    fn sent_to_members_in_time(&self) -> bool {
        self.sent_to_members_in_time
    }
}

/// The error code of a refused transition.
pub fn refusal(err: &InvalidTransition) -> ServiceError {
    match err {
        InvalidTransition::NotAllowed { .. } => ServiceError::Conflict(ErrorCode::InvalidTransition),
        InvalidTransition::ConditionNotMet("dossier_complete") => ServiceError::Coded(ErrorCode::DossierIncomplete),
        InvalidTransition::ConditionNotMet(_) => ServiceError::Conflict(ErrorCode::DossierConditionNotMet),
        InvalidTransition::CommuneCriteriaMissing(_) => ServiceError::Coded(ErrorCode::CommuneReportIncomplete),
        InvalidTransition::ReasonRequired => ServiceError::field("reasons", ErrorCode::ReasonRequired),
        InvalidTransition::NoLegalBasis(_) => ServiceError::Coded(ErrorCode::NoLegalBasis),
        InvalidTransition::RescoringRequired => ServiceError::Conflict(ErrorCode::RescoringRequired),
        InvalidTransition::StarAboveBand => ServiceError::Coded(ErrorCode::StarAboveBand),
        InvalidTransition::WrongRoute(_) => ServiceError::Conflict(ErrorCode::WrongRoute),
    }
}

/// The snake_case name of an event (`submit`, `find_eligible`, …), as in its JSON.
pub fn event_name(event: &Event) -> String {
    serde_json::to_value(event)
        .ok()
        .and_then(|v| v.get("event").and_then(|e| e.as_str()).map(str::to_owned))
        .unwrap_or_default()
}

fn bad_row(err: dossier::BadRow) -> ServiceError {
    ServiceError::Internal(err.to_string())
}

/// A dossier's audit snapshot. Made from the stored row, it is also what `ocop audit verify --state` recomputes
/// (`audit_state`): a column missing here is a column whose tampering goes unseen.
pub fn snapshot(row: &dossier::Model) -> serde_json::Value {
    serde_json::json!({
        "id": row.id, "producer_id": row.producer_id, "product_id": row.product_id, "kind": row.kind,
        "current_stars": row.current_stars, "state": row.state, "level": row.level,
        "score_x100": row.score_x100, "stars": row.stars, "legal_basis": row.legal_basis,
        "criteria_set_id": row.criteria_set_id, "submitted_on": row.submitted_on,
        "commune_id": row.commune_id, "self_assessment": row.self_assessment,
        "commune_report": row.commune_report, "row_version": row.row_version,
    })
}

/// Applies `event` to the dossier `dossier_id` on `conn` (the caller's write transaction):
/// refuses an illegal transition with a 4xx code, stores the new state, appends the
/// `dossier_event` row and an audit entry, and returns the stored row.
///
/// The conditions are read once, before anything is loaded. A submission dated after
/// `today` is refused; the first submission fixes the legal basis
/// in force on its date. Access is the caller's job.
pub fn apply_event<'a, C: ConnectionTrait>(
    conn: &'a C,
    actor: &'a Actor,
    dossier_id: Uuid,
    event: Event,
    note: Option<String>,
    conditions: &dyn Conditions,
    today: NaiveDate,
) -> impl Future<Output = ServiceResult<dossier::Model>> + Send + 'a {
    // The conditions are read now, so the future holds plain facts (and stays `Send`).
    let facts = Facts {
        dossier_complete: conditions.dossier_complete(),
        commune_meeting_held: conditions.commune_meeting_held(),
        in_batch: conditions.in_batch(),
        sent_to_members_in_time: conditions.sent_to_members_in_time(),
    };
    apply(conn, actor, dossier_id, event, note, facts, today)
}

async fn apply<C: ConnectionTrait>(
    conn: &C,
    actor: &Actor,
    dossier_id: Uuid,
    event: Event,
    note: Option<String>,
    facts: Facts,
    today: NaiveDate,
) -> ServiceResult<dossier::Model> {
    if let Event::Submit { on } = &event
        && *on > today
    {
        return Err(ServiceError::field("on", ErrorCode::InvalidDate));
    }
    let before = dossier_repo::get(conn, dossier_id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let current = before.workflow().map_err(bad_row)?;
    let next = current
        .apply(&event, LegalBases::official(), &facts)
        .map_err(|e| refusal(&e))?;

    let mut row = before.clone();
    StateColumns::of(next.state).apply_to(&mut row);
    row.legal_basis = next.legal_basis.clone();
    row.submitted_on = next.submitted_on;
    row.row_version = before.row_version + 1;
    row.updated_at = ocop_storage::now();
    if !dossier_repo::update(conn, row.clone(), before.row_version).await? {
        return Err(ServiceError::Conflict(ErrorCode::Conflict));
    }

    let note = note.map(|n| n.trim().to_owned()).filter(|n| !n.is_empty());
    let who = audit_actor(actor);
    let history = dossier_event::Model {
        dossier_id,
        seq: dossier_repo::next_seq(conn, dossier_id).await?,
        event: json(&event)?,
        from_state: json(&current.state)?,
        to_state: json(&next.state)?,
        actor_id: who.id,
        actor_name: who.name.clone(),
        at: row.updated_at,
        note: note.clone(),
    };
    dossier_repo::insert_event(conn, history.clone()).await?;
    let mut after = snapshot(&row);
    after["event"] = serde_json::to_value(&event).unwrap_or_default();
    after["note"] = serde_json::json!(note);
    after["seq"] = serde_json::json!(history.seq);
    let action = format!("dossier.{}", event_name(&event));
    audit::append_with_state(
        conn,
        AuditEvent {
            actor: &who,
            action: &action,
            entity_type: "dossier",
            entity_id: dossier_id.to_string(),
            before: Some(snapshot(&before)),
            after: Some(after),
        },
        &snapshot(&row),
    )
    .await?;
    Ok(row)
}

fn json<T: serde::Serialize>(value: &T) -> ServiceResult<String> {
    serde_json::to_string(value).map_err(|e| ServiceError::Internal(e.to_string()))
}

/// A stored history row's states, parsed.
pub fn states_of(row: &dossier_event::Model) -> Option<(DossierState, DossierState)> {
    Some((
        serde_json::from_str(&row.from_state).ok()?,
        serde_json::from_str(&row.to_state).ok()?,
    ))
}
