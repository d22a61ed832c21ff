//! Roles and the area a role acts in.
//!
//! Every account has one role, scoped to an administrative unit (or to its
//! own producer). Whether an action is allowed is decided here, in pure
//! functions, so the rules are unit-testable; the services call them for
//! every request.

use serde::{Deserialize, Serialize};

use crate::ErrorCode;
use crate::ids::{ProducerId, UserId};

/// What a user is in the programme.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Chủ thể: sees and edits only its own records.
    Producer,
    /// Cán bộ xã: works on producers and products of its commune.
    CommuneOfficer,
    /// Cán bộ tỉnh (VPĐP NTM / Sở NN&MT): works across its province.
    ProvinceOfficer,
    /// Thành viên hội đồng: scores the dossiers of its batches.
    CouncilMember,
    /// Thư ký hội đồng: keeps the minutes, does not score.
    CouncilSecretary,
    /// Cán bộ trung ương (Bộ NN&MT): national view.
    CentralOfficer,
    /// Quản trị hệ thống.
    Administrator,
}

impl Role {
    /// Every role.
    pub const ALL: [Role; 7] = [
        Role::Producer,
        Role::CommuneOfficer,
        Role::ProvinceOfficer,
        Role::CouncilMember,
        Role::CouncilSecretary,
        Role::CentralOfficer,
        Role::Administrator,
    ];

    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Producer => "producer",
            Role::CommuneOfficer => "commune_officer",
            Role::ProvinceOfficer => "province_officer",
            Role::CouncilMember => "council_member",
            Role::CouncilSecretary => "council_secretary",
            Role::CentralOfficer => "central_officer",
            Role::Administrator => "administrator",
        }
    }

    /// Parses the stored name.
    pub fn parse(text: &str) -> Result<Self, ErrorCode> {
        Self::ALL
            .into_iter()
            .find(|r| r.as_str() == text.trim())
            .ok_or(ErrorCode::InvalidChoice)
    }

    /// Vietnamese and English labels.
    pub fn label(self) -> (&'static str, &'static str) {
        match self {
            Role::Producer => ("Chủ thể", "Producer"),
            Role::CommuneOfficer => ("Cán bộ xã", "Commune officer"),
            Role::ProvinceOfficer => ("Cán bộ tỉnh", "Province officer"),
            Role::CouncilMember => ("Thành viên hội đồng", "Council member"),
            Role::CouncilSecretary => ("Thư ký hội đồng", "Council secretary"),
            Role::CentralOfficer => ("Cán bộ trung ương", "Central officer"),
            Role::Administrator => ("Quản trị viên", "Administrator"),
        }
    }

    /// The kind of scope this role must carry.
    pub fn scope_kind(self) -> ScopeKind {
        match self {
            Role::Producer => ScopeKind::Producer,
            Role::CommuneOfficer => ScopeKind::Commune,
            Role::ProvinceOfficer => ScopeKind::Province,
            Role::CouncilMember | Role::CouncilSecretary => ScopeKind::ProvinceOrNational,
            Role::CentralOfficer | Role::Administrator => ScopeKind::National,
        }
    }
}

/// The kind of area a role is bound to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScopeKind {
    /// One producer's own records.
    Producer,
    /// One commune (today's list).
    Commune,
    /// One province (today's list).
    Province,
    /// A province (a provincial council's members) or, given no unit, the whole country (the
    /// members of a central council, founded by the ministry).
    ProvinceOrNational,
    /// The whole country.
    National,
}

/// The area an account acts in, in today's units (codes of the 2025 list).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Scope {
    /// A producer's own records.
    Producer {
        /// The producer.
        producer_id: ProducerId,
    },
    /// A commune and the province it lies in.
    Commune {
        /// 5-digit commune code.
        commune_code: String,
        /// 2-digit province code.
        province_code: String,
    },
    /// A province.
    Province {
        /// 2-digit province code.
        province_code: String,
    },
    /// The whole country.
    National,
}

/// Where a record lies, in today's units; a record made under the old units
/// may lie in several today (a split commune).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RecordArea {
    /// Today's communes the record's commune went into.
    pub commune_codes: Vec<String>,
    /// Today's provinces.
    pub province_codes: Vec<String>,
    /// The producer that owns the record.
    pub producer_id: Option<ProducerId>,
}

impl Scope {
    /// Whether a record in `area` lies inside this scope.
    pub fn covers(&self, area: &RecordArea) -> bool {
        match self {
            Scope::National => true,
            Scope::Province { province_code } => area.province_codes.iter().any(|p| p == province_code),
            Scope::Commune { commune_code, .. } => area.commune_codes.iter().any(|c| c == commune_code),
            Scope::Producer { producer_id } => area.producer_id == Some(*producer_id),
        }
    }

    /// The province this scope is limited to, if any.
    pub fn province_code(&self) -> Option<&str> {
        match self {
            Scope::Commune { province_code, .. } | Scope::Province { province_code } => Some(province_code),
            Scope::Producer { .. } | Scope::National => None,
        }
    }
}

/// Who is acting: the account, its role and its area.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    /// The account.
    pub user_id: UserId,
    /// Login name, for the audit trail.
    pub username: String,
    /// Role.
    pub role: Role,
    /// Area.
    pub scope: Scope,
}

/// Things an account may want to do with producers and products.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RegistryAction {
    /// See contacts and registration details of a producer.
    ViewPrivateDetails,
    /// Register a new producer.
    CreateProducer,
    /// Change a producer's details.
    EditProducer,
    /// Register a product or change it.
    EditProduct,
}

/// Whether `actor` may do `action` on a record lying in `area`.
pub fn may(actor: &Actor, action: RegistryAction, area: &RecordArea) -> bool {
    use RegistryAction::*;
    let in_scope = actor.scope.covers(area);
    match actor.role {
        Role::Administrator => true,
        Role::CentralOfficer => action == ViewPrivateDetails,
        Role::ProvinceOfficer | Role::CommuneOfficer => in_scope,
        Role::Producer => in_scope && matches!(action, ViewPrivateDetails | EditProducer | EditProduct),
        Role::CouncilMember | Role::CouncilSecretary => action == ViewPrivateDetails && in_scope,
    }
}

// Who acts on a certificate (suspend, revoke, record a decision) is decided by the body that
// issued it, not by the product's area: see `certificate::authority`.

/// Whether `actor` may print (PDF) certificates of a product lying in `area`:
/// officials in scope — administrators and central officers anywhere, province
/// and commune officers in their area.
pub fn may_print_certificates(actor: &Actor, area: &RecordArea) -> bool {
    match actor.role {
        Role::Administrator | Role::CentralOfficer => true,
        Role::ProvinceOfficer | Role::CommuneOfficer => actor.scope.covers(area),
        Role::Producer | Role::CouncilMember | Role::CouncilSecretary => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn actor(role: Role, scope: Scope) -> Actor {
        Actor {
            user_id: UserId::new(),
            username: "u".into(),
            role,
            scope,
        }
    }

    fn area(province: &str, commune: &str, producer: Option<ProducerId>) -> RecordArea {
        RecordArea {
            commune_codes: vec![commune.into()],
            province_codes: vec![province.into()],
            producer_id: producer,
        }
    }

    #[test]
    fn officers_act_only_inside_their_area() {
        let commune = actor(
            Role::CommuneOfficer,
            Scope::Commune {
                commune_code: "18673".into(),
                province_code: "42".into(),
            },
        );
        assert!(may(&commune, RegistryAction::EditProducer, &area("42", "18673", None)));
        assert!(!may(&commune, RegistryAction::EditProducer, &area("42", "18700", None)));
        let province = actor(
            Role::ProvinceOfficer,
            Scope::Province {
                province_code: "42".into(),
            },
        );
        assert!(may(
            &province,
            RegistryAction::CreateProducer,
            &area("42", "18700", None)
        ));
        assert!(!may(
            &province,
            RegistryAction::CreateProducer,
            &area("40", "16681", None)
        ));
    }

    #[test]
    fn a_producer_edits_only_itself_and_cannot_register_others() {
        let me = ProducerId::new();
        let producer = actor(Role::Producer, Scope::Producer { producer_id: me });
        assert!(may(
            &producer,
            RegistryAction::EditProduct,
            &area("42", "18673", Some(me))
        ));
        assert!(!may(
            &producer,
            RegistryAction::EditProduct,
            &area("42", "18673", Some(ProducerId::new()))
        ));
        assert!(!may(
            &producer,
            RegistryAction::CreateProducer,
            &area("42", "18673", Some(me))
        ));
    }

    #[test]
    fn central_officers_read_everything_but_do_not_edit_the_registry() {
        let central = actor(Role::CentralOfficer, Scope::National);
        assert!(may(
            &central,
            RegistryAction::ViewPrivateDetails,
            &area("42", "18673", None)
        ));
        assert!(!may(&central, RegistryAction::EditProducer, &area("42", "18673", None)));
    }

    #[test]
    fn a_split_commune_is_covered_by_each_of_its_successors() {
        let officer = actor(
            Role::CommuneOfficer,
            Scope::Commune {
                commune_code: "B".into(),
                province_code: "42".into(),
            },
        );
        let split = RecordArea {
            commune_codes: vec!["A".into(), "B".into()],
            province_codes: vec!["42".into()],
            producer_id: None,
        };
        assert!(may(&officer, RegistryAction::EditProduct, &split));
    }
}
