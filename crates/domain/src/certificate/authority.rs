//! Who may act on a certificate once it exists (thẩm quyền): the authority that issued it.
//!
//! Suspension, revocation and the recording of a later decision on a certificate belong to
//! the body that signed it — not to whoever holds the area where the product lies today:
//!
//! - the ministry's certificates (5★, `IssuerLevel::Ministry`) to the ministry: central officers;
//! - a province's certificates (3–4★) to that province: its province officers;
//! - a district's certificate (3★ under QĐ 148 before 06/07/2025) to today's province that took
//!   over the district's communes, since districts were abolished on 01/07/2025 (§8 of the
//!   domain reference); the service computes that province through `admin_unit_current`.
//!
//! The province an authority belongs to is given by the caller as today's province codes of
//! the certificate (its recorded `province_code` and today's provinces of the commune it was
//! certified in), so a product or producer that moves afterwards takes no authority with it.
//! Administrators operate the system and may act everywhere; commune officers, producers and
//! council members never act on certificates.

use super::IssuerLevel;
use crate::ErrorCode;
use crate::role::{Actor, Role, Scope};

/// The body a certificate answers to today.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Authority {
    /// Bộ Nông nghiệp và Môi trường: central officers.
    Ministry,
    /// The UBND of one of these provinces (today's codes): their province officers.
    Provinces(Vec<String>),
}

/// The authority over a certificate signed at `issuer` level whose place lies today in `provinces`.
pub fn authority(issuer: IssuerLevel, provinces: &[String]) -> Authority {
    match issuer {
        IssuerLevel::Ministry => Authority::Ministry,
        // A district no longer exists: today's province of its communes took its powers over.
        IssuerLevel::Province | IssuerLevel::District => Authority::Provinces(provinces.to_vec()),
    }
}

/// Whether `actor` may suspend, revoke or record a decision on a certificate signed at
/// `issuer` level whose place lies today in `provinces`.
pub fn may_act(issuer: IssuerLevel, provinces: &[String], actor: &Actor) -> bool {
    match actor.role {
        Role::Administrator => true,
        Role::CentralOfficer => authority(issuer, provinces) == Authority::Ministry,
        Role::ProvinceOfficer => match (&actor.scope, authority(issuer, provinces)) {
            (Scope::Province { province_code }, Authority::Provinces(codes)) => codes.contains(province_code),
            _ => false,
        },
        Role::CommuneOfficer | Role::Producer | Role::CouncilMember | Role::CouncilSecretary => false,
    }
}

/// [`may_act`] as a refusal with its code.
pub fn check(issuer: IssuerLevel, provinces: &[String], actor: &Actor) -> Result<(), ErrorCode> {
    if may_act(issuer, provinces, actor) {
        Ok(())
    } else {
        Err(ErrorCode::NotIssuingAuthority)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::{ProducerId, UserId};

    fn actor(role: Role, scope: Scope) -> Actor {
        Actor {
            user_id: UserId::new(),
            username: "u".into(),
            role,
            scope,
        }
    }

    fn province(code: &str) -> Actor {
        actor(
            Role::ProvinceOfficer,
            Scope::Province {
                province_code: code.into(),
            },
        )
    }

    fn codes(list: &[&str]) -> Vec<String> {
        list.iter().map(|c| (*c).to_owned()).collect()
    }

    #[test]
    fn the_ministrys_certificate_belongs_to_the_ministry() {
        let central = actor(Role::CentralOfficer, Scope::National);
        assert!(may_act(IssuerLevel::Ministry, &codes(&["42"]), &central));
        assert!(!may_act(IssuerLevel::Ministry, &codes(&["42"]), &province("42")));
        assert_eq!(
            check(IssuerLevel::Ministry, &codes(&["42"]), &province("42")),
            Err(ErrorCode::NotIssuingAuthority)
        );
    }

    #[test]
    fn a_provinces_certificate_belongs_to_that_province_only() {
        assert!(may_act(IssuerLevel::Province, &codes(&["42"]), &province("42")));
        assert!(!may_act(IssuerLevel::Province, &codes(&["42"]), &province("79")));
        let central = actor(Role::CentralOfficer, Scope::National);
        assert!(!may_act(IssuerLevel::Province, &codes(&["42"]), &central));
    }

    #[test]
    fn a_districts_certificate_passes_to_todays_province_of_its_communes() {
        // Old Bình Thuận (60) went into Lâm Đồng (68): the caller passes today's code.
        assert_eq!(
            authority(IssuerLevel::District, &codes(&["68"])),
            Authority::Provinces(codes(&["68"]))
        );
        assert!(may_act(IssuerLevel::District, &codes(&["68"]), &province("68")));
        assert!(!may_act(IssuerLevel::District, &codes(&["68"]), &province("60")));
        // A commune split between two provinces answers to both.
        assert!(may_act(IssuerLevel::District, &codes(&["66", "68"]), &province("66")));
    }

    #[test]
    fn communes_producers_and_councils_never_act_administrators_always() {
        let commune = actor(
            Role::CommuneOfficer,
            Scope::Commune {
                commune_code: "18673".into(),
                province_code: "42".into(),
            },
        );
        let producer = actor(
            Role::Producer,
            Scope::Producer {
                producer_id: ProducerId::new(),
            },
        );
        let member = actor(
            Role::CouncilMember,
            Scope::Province {
                province_code: "42".into(),
            },
        );
        for level in IssuerLevel::ALL {
            assert!(!may_act(level, &codes(&["42"]), &commune));
            assert!(!may_act(level, &codes(&["42"]), &producer));
            assert!(!may_act(level, &codes(&["42"]), &member));
            assert!(may_act(
                level,
                &codes(&["42"]),
                &actor(Role::Administrator, Scope::National)
            ));
        }
    }

    #[test]
    fn no_province_no_provincial_authority() {
        assert!(!may_act(IssuerLevel::Province, &[], &province("42")));
    }
}
