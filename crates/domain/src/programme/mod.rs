//! Running the programme: directives and the tasks and targets they set,
//! annual plans, activity records (fairs, training, support), the figures
//! computed against them and the periodic reports.

pub mod activity;
pub mod actuals;
pub mod directive;
pub mod period;
pub mod plan;
pub mod report;
pub mod task;

use crate::role::{Actor, RecordArea, Role};

/// Whether an account may create and update the programme records (plans,
/// targets, tasks, directives) of a unit lying in `area`: administrators
/// everywhere, province officers in their province, commune officers in
/// their commune (a province's records lie in no commune, so they stay with
/// the province).
pub fn may_manage(actor: &Actor, area: &RecordArea) -> bool {
    match actor.role {
        Role::Administrator => true,
        Role::ProvinceOfficer | Role::CommuneOfficer => actor.scope.covers(area),
        Role::CentralOfficer | Role::Producer | Role::CouncilMember | Role::CouncilSecretary => false,
    }
}

/// Whether an account may read a unit's programme records: administrators
/// and central officers everywhere, province and commune officers in their
/// area (the same area rule as [`may_manage`]).
pub fn may_view(actor: &Actor, area: &RecordArea) -> bool {
    match actor.role {
        Role::Administrator | Role::CentralOfficer => true,
        Role::ProvinceOfficer | Role::CommuneOfficer => actor.scope.covers(area),
        Role::Producer | Role::CouncilMember | Role::CouncilSecretary => false,
    }
}

/// Whether an account may read the national dashboard (the whole country, a line per
/// province): central officers and administrators.
pub fn may_view_national(actor: &Actor) -> bool {
    matches!(actor.role, Role::Administrator | Role::CentralOfficer)
}

/// Whether an account may use the programme pages at all (lists, digest,
/// directive preview).
pub fn may_use(actor: &Actor) -> bool {
    matches!(
        actor.role,
        Role::Administrator | Role::CentralOfficer | Role::ProvinceOfficer | Role::CommuneOfficer
    )
}
