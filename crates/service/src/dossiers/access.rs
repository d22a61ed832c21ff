//! Who may do what with a dossier, an idea or a business plan, by the area its commune lies
//! in today and its producer:
//! - read: administrators and central officers everywhere; producers their own; commune and
//!   province officers inside their area;
//! - prepare (create, self-assess, attach evidence, submit, resubmit): like editing a product —
//!   the producer itself, commune and province officers of its area, administrators;
//! - commune steps (receive, return, report, propose; accept or return an idea; approve or
//!   return a business plan): commune officers of the area, administrators;
//! - province steps (check, return, find eligible): province officers of the area,
//!   administrators;
//! - the same steps at the central level (a dossier the province forwarded): central officers
//!   (the ministry's advisory team), administrators.

use ocop_domain::ids::ProducerId;
use ocop_domain::role::{Actor, RecordArea, RegistryAction, Role, may};
use ocop_storage::ConnectionTrait;
use uuid::Uuid;

use crate::admin_units::place;
use crate::error::{ServiceError, ServiceResult};

/// What an account wants to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Act {
    /// See it.
    Read,
    /// Prepare, submit, supplement.
    Prepare,
    /// A commune officer's step.
    Commune,
    /// A province officer's step.
    Province,
    /// A central officer's step (the central level's check).
    Central,
}

/// Where a record lies today.
pub async fn area_of<C: ConnectionTrait>(conn: &C, commune_id: &str, producer_id: Uuid) -> ServiceResult<RecordArea> {
    let place = place(conn, commune_id).await?;
    Ok(RecordArea {
        commune_codes: place.today_commune_codes,
        province_codes: place.today_province_codes,
        producer_id: Some(ProducerId(producer_id)),
    })
}

/// Whether `actor` may `act` on a record in `area`.
pub fn allows(actor: &Actor, act: Act, area: &RecordArea) -> bool {
    let in_scope = actor.scope.covers(area);
    match (act, actor.role) {
        (_, Role::Administrator) => true,
        (Act::Read, Role::CentralOfficer) => true,
        (Act::Read, Role::Producer | Role::CommuneOfficer | Role::ProvinceOfficer) => in_scope,
        (Act::Prepare, _) => may(actor, RegistryAction::EditProduct, area),
        (Act::Commune, Role::CommuneOfficer) => in_scope,
        (Act::Province, Role::ProvinceOfficer) => in_scope,
        (Act::Central, Role::CentralOfficer) => true,
        _ => false,
    }
}

/// Whether `actor` may prepare (register an idea, draft a plan, open a dossier) for some
/// producer at all: the producer itself, commune and province officers, administrators. The
/// pages ask this to show the "new" buttons; each record is still checked by its area.
pub fn prepares_somewhere(actor: &Actor) -> bool {
    matches!(
        actor.role,
        Role::Producer | Role::CommuneOfficer | Role::ProvinceOfficer | Role::Administrator
    )
}

/// Refuses unless `actor` may `act`; a record the actor may not even read is not found.
pub fn check(actor: &Actor, act: Act, area: &RecordArea) -> ServiceResult<()> {
    if allows(actor, act, area) {
        Ok(())
    } else if allows(actor, Act::Read, area) {
        Err(ServiceError::Forbidden)
    } else {
        Err(ServiceError::NotFound)
    }
}
