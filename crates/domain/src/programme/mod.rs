//! Running the programme: directives and the tasks and targets they set,
//! annual plans, and the figures computed against them.

pub mod actuals;
pub mod directive;
pub mod plan;
pub mod task;

use crate::role::{Actor, RecordArea, Role, Scope};

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

/// Whether an account may read a unit's programme records: every officer of
/// the province (a commune officer sees the province's plan too), central
/// officers and administrators.
pub fn may_view(actor: &Actor, area: &RecordArea) -> bool {
    match actor.role {
        Role::Administrator | Role::CentralOfficer => true,
        Role::ProvinceOfficer | Role::CommuneOfficer | Role::CouncilSecretary => match &actor.scope {
            Scope::National => true,
            scope => scope
                .province_code()
                .is_some_and(|p| area.province_codes.iter().any(|c| c == p)),
        },
        Role::Producer | Role::CouncilMember => false,
    }
}
