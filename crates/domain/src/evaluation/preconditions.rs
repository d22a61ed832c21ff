//! Preconditions of a dossier (điều kiện lập hồ sơ), checked on the server before a dossier is
//! created or submitted, and before it is found eligible:
//! - a first evaluation (đánh giá lần đầu) needs no certificate in force;
//! - an upgrade (nâng hạng) needs a certificate in force of the same product with fewer stars;
//! - a re-evaluation (công nhận lại) needs a certificate that is expiring or expired (and none
//!   plainly valid);
//! - the documents its legal basis requires ([`required_documents`], reference §6.1) are attached
//!   before the dossier is found eligible (đủ điều kiện).
//!
//! One open dossier per product is a storage rule (the service locks the product row).

use serde::Serialize;

use super::points::Stars;
use super::routing::DossierKind;
use crate::ErrorCode;
use crate::certificate::status::CertificateStatus;

/// A certificate the product holds, as the precondition sees it: its stars and its status today.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HeldCertificate {
    /// Its stars.
    pub stars: Stars,
    /// Its status today.
    pub status: CertificateStatus,
}

fn in_force(status: CertificateStatus) -> bool {
    status.in_force() || status == CertificateStatus::NotYetValid
}

/// The stars of the certificate an upgrade starts from: the highest certificate in force below 5★.
pub fn upgrade_base(held: &[HeldCertificate]) -> Option<Stars> {
    held.iter()
        .filter(|c| c.status.in_force() && c.stars.get() < 5)
        .map(|c| c.stars)
        .max()
}

/// Refuses a dossier of `kind` for a product holding `held`, with its stable code.
pub fn check_kind(kind: DossierKind, held: &[HeldCertificate]) -> Result<(), ErrorCode> {
    match kind {
        DossierKind::New if held.iter().any(|c| in_force(c.status)) => Err(ErrorCode::CertificateInForce),
        DossierKind::New => Ok(()),
        DossierKind::Upgrade { current } => {
            let base = held
                .iter()
                .any(|c| c.status.in_force() && c.stars == current && current.get() < 5);
            if base {
                Ok(())
            } else {
                Err(ErrorCode::UpgradeRequiresCertificate)
            }
        }
        DossierKind::Reevaluation => {
            let renewable = held
                .iter()
                .any(|c| matches!(c.status, CertificateStatus::Expiring | CertificateStatus::Expired));
            let plainly_valid = held
                .iter()
                .any(|c| matches!(c.status, CertificateStatus::Valid | CertificateStatus::NotYetValid));
            if renewable && !plainly_valid {
                Ok(())
            } else {
                Err(ErrorCode::ReevaluationRequiresExpiringCertificate)
            }
        }
    }
}

/// A document a legal basis asks of a dossier (thành phần hồ sơ).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct RequiredDocument {
    /// The evidence type code in the vault (`registration_form`, …).
    pub doc_type: &'static str,
    /// As the legal basis names it.
    pub label: &'static str,
    /// False for a document asked only in some cases (the business licence "if registered"):
    /// listed in the checklist, not blocking.
    pub mandatory: bool,
    /// Also satisfied by the self-assessment completed on the system (Mẫu 02).
    pub on_system: bool,
}

const fn doc(doc_type: &'static str, label: &'static str, mandatory: bool, on_system: bool) -> RequiredDocument {
    RequiredDocument {
        doc_type,
        label,
        mandatory,
        on_system,
    }
}

/// QĐ 1048/2019 and QĐ 148/2023 (also as amended by QĐ 1489/2025): the product dossier of the
/// provincial guides (reference §6.1, [S16][S17][S18]).
const QD1048_QD148: [RequiredDocument; 5] = [
    doc(
        "registration_form",
        "Phiếu đăng ký sản phẩm (Biểu số 01/02)",
        true,
        false,
    ),
    doc("self_assessment", "Báo cáo tự đánh giá theo bộ tiêu chí", true, true),
    doc(
        "business_plan",
        "Phương án, kế hoạch kinh doanh sản phẩm (Biểu số 03)",
        true,
        false,
    ),
    doc("organisation", "Giới thiệu bộ máy tổ chức (Biểu số 04)", true, false),
    doc(
        "business_licence",
        "Giấy đăng ký kinh doanh (bản sao, nếu có đăng ký)",
        false,
        false,
    ),
];

/// QĐ 26/2026 Điều 6.1 (reported): Mẫu 01 and Mẫu 02.
const QD26: [RequiredDocument; 2] = [
    doc("registration_form", "Phiếu đăng ký sản phẩm (Mẫu 01)", true, false),
    doc(
        "self_assessment",
        "Báo cáo tự đánh giá về sản phẩm theo Bộ tiêu chí (Mẫu 02)",
        true,
        true,
    ),
];

/// The documents the legal basis `basis_id` requires of a dossier, in the order of the text.
/// An unknown basis asks for the QĐ 26/2026 pair, the least any basis asks.
pub fn required_documents(basis_id: &str) -> &'static [RequiredDocument] {
    match basis_id {
        "QD1048-2019" | "QD148-2023" | "QD148-1489-2025" => &QD1048_QD148,
        _ => &QD26,
    }
}

/// The mandatory documents of `basis_id` that are missing, given the attached evidence types and
/// whether the self-assessment on the system is complete.
pub fn missing_documents(basis_id: &str, attached: &[String], assessed_on_system: bool) -> Vec<RequiredDocument> {
    required_documents(basis_id)
        .iter()
        .filter(|d| d.mandatory)
        .filter(|d| !(attached.iter().any(|a| a == d.doc_type) || (d.on_system && assessed_on_system)))
        .copied()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use CertificateStatus as S;

    fn held(stars: u8, status: CertificateStatus) -> HeldCertificate {
        HeldCertificate {
            stars: Stars::new(stars).unwrap(),
            status,
        }
    }

    fn upgrade(current: u8) -> DossierKind {
        DossierKind::Upgrade {
            current: Stars::new(current).unwrap(),
        }
    }

    #[test]
    fn a_first_evaluation_needs_no_certificate_in_force() {
        assert_eq!(check_kind(DossierKind::New, &[]), Ok(()));
        assert_eq!(check_kind(DossierKind::New, &[held(3, S::Expired)]), Ok(()));
        assert_eq!(check_kind(DossierKind::New, &[held(3, S::Revoked)]), Ok(()));
        for status in [S::Valid, S::Expiring, S::NotYetValid] {
            assert_eq!(
                check_kind(DossierKind::New, &[held(3, status)]),
                Err(ErrorCode::CertificateInForce)
            );
        }
    }

    #[test]
    fn an_upgrade_needs_a_valid_certificate_with_fewer_stars() {
        let refused = Err(ErrorCode::UpgradeRequiresCertificate);
        assert_eq!(check_kind(upgrade(3), &[]), refused);
        assert_eq!(check_kind(upgrade(3), &[held(3, S::Valid)]), Ok(()));
        assert_eq!(check_kind(upgrade(3), &[held(3, S::Expiring)]), Ok(()));
        assert_eq!(check_kind(upgrade(3), &[held(4, S::Valid)]), refused);
        assert_eq!(check_kind(upgrade(3), &[held(3, S::Expired)]), refused);
        assert_eq!(check_kind(upgrade(3), &[held(3, S::Suspended)]), refused);
        assert_eq!(check_kind(upgrade(5), &[held(5, S::Valid)]), refused);
        assert_eq!(upgrade_base(&[held(3, S::Revoked), held(4, S::Valid)]), Stars::new(4));
        assert_eq!(upgrade_base(&[held(5, S::Valid)]), None);
    }

    #[test]
    fn a_reevaluation_needs_an_expiring_or_expired_certificate() {
        let refused = Err(ErrorCode::ReevaluationRequiresExpiringCertificate);
        assert_eq!(check_kind(DossierKind::Reevaluation, &[]), refused);
        assert_eq!(check_kind(DossierKind::Reevaluation, &[held(4, S::Valid)]), refused);
        assert_eq!(check_kind(DossierKind::Reevaluation, &[held(4, S::Revoked)]), refused);
        assert_eq!(check_kind(DossierKind::Reevaluation, &[held(4, S::Expiring)]), Ok(()));
        assert_eq!(check_kind(DossierKind::Reevaluation, &[held(4, S::Expired)]), Ok(()));
        assert_eq!(
            check_kind(DossierKind::Reevaluation, &[held(3, S::Expired), held(4, S::Valid)]),
            refused
        );
    }

    #[test]
    fn the_checklist_follows_the_basis() {
        let codes = |b: &str| required_documents(b).iter().map(|d| d.doc_type).collect::<Vec<_>>();
        assert_eq!(codes("QD26-2026"), ["registration_form", "self_assessment"]);
        assert!(codes("QD148-2023").contains(&"business_plan"));
        let attached = vec!["registration_form".to_owned()];
        assert!(missing_documents("QD26-2026", &attached, true).is_empty());
        assert_eq!(
            missing_documents("QD26-2026", &attached, false)[0].doc_type,
            "self_assessment"
        );
        let missing: Vec<_> = missing_documents("QD148-2023", &attached, true)
            .iter()
            .map(|d| d.doc_type)
            .collect();
        assert_eq!(missing, ["business_plan", "organisation"]);
    }
}
