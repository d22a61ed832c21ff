//! Where a scored dossier goes, by legal basis (legal_bases.toml `recognition` and
//! `forward_threshold`):
//! - QĐ 1048: the district pre-evaluates and forwards ≥ 50 to the province, which recognises
//!   3★ and 4★ and forwards ≥ 90 to the central level;
//! - QĐ 148 (24/02/2023 – 05/07/2025): the district recognises 3★ and forwards ≥ 70 to the
//!   province, which recognises 4★ and forwards ≥ 90;
//! - QĐ 148 amended by QĐ 1489 (since 06/07/2025) and QĐ 26/2026: the province recognises
//!   3★ and 4★ and forwards ≥ 90.
//!
//! At the central level a 5★ result is recognised by the ministry and anything else is not
//! recognised there; a dossier forwarded to the central level is recognised by the province at
//! the highest rating the province gives, in the same decision ([`recognised_on_forward`]), so
//! the product keeps it when the ministry does not grant 5★.

use serde::{Deserialize, Serialize};

use super::legal_basis::{LegalBasis, Level};
use super::points::{Points, Stars};

/// The kind of dossier (loại hồ sơ).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum DossierKind {
    /// A product evaluated for the first time (đánh giá lần đầu).
    New,
    /// Upgrade (nâng hạng) of a product that holds `current` stars.
    Upgrade {
        /// The rating the product holds now.
        current: Stars,
    },
    /// Re-evaluation after the certificate expires (công nhận lại).
    Reevaluation,
}

/// What a level does with a scored dossier.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "route", content = "level", rename_all = "snake_case")]
pub enum Route {
    /// This level issues the recognition decision.
    Recognise(Level),
    /// The dossier goes up to this level.
    Forward(Level),
    /// No recognition (1–2★, below the forwarding threshold, or no upgrade).
    NotRecognised,
}

/// Routes a dossier scored `score` with the (capped) `star` at `level`.
pub fn route(basis: &LegalBasis, kind: DossierKind, level: Level, score: Points, star: Stars) -> Route {
    let Some(&recognised_by) = basis.recognition.get(&star) else {
        return Route::NotRecognised; // 1–2★: no decision, no certificate
    };
    if let DossierKind::Upgrade { current } = kind
        && star <= current
    {
        return Route::NotRecognised; // the product keeps its current certificate
    }
    if recognised_by == level {
        return Route::Recognise(level);
    }
    let above = recognised_by > level;
    match (basis.next_level(level), basis.forward_threshold.get(&level)) {
        (Some(next), Some(&threshold)) if above && score >= threshold => Route::Forward(next),
        _ => Route::NotRecognised,
    }
}

/// The rating `level` recognises itself when it forwards a dossier to the central level: the
/// highest rating the basis gives `level` to recognise (4★ by the province), unless the dossier
/// is an upgrade that would not rise above the rating the product holds. `None` when the next
/// level is not the central one (a district forwarding to the province recognises nothing).
pub fn recognised_on_forward(basis: &LegalBasis, kind: DossierKind, level: Level) -> Option<Stars> {
    if basis.next_level(level) != Some(Level::Central) {
        return None;
    }
    let own = basis
        .recognition
        .iter()
        .filter(|(_, by)| **by == level)
        .map(|(stars, _)| *stars)
        .max()?;
    match kind {
        DossierKind::Upgrade { current } if own <= current => None,
        _ => Some(own),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evaluation::legal_basis::LegalBases;

    fn check(basis: &str, kind: DossierKind, level: Level, score: u32, star: u8) -> Route {
        let basis = LegalBases::official().get(basis).unwrap();
        route(basis, kind, level, Points(score), Stars::new(star).unwrap())
    }

    use DossierKind::*;
    use Level::*;
    use Route::*;

    #[test]
    fn under_qd1048_the_district_forwards_from_50() {
        assert_eq!(check("QD1048-2019", New, District, 5000, 3), Forward(Province));
        assert_eq!(check("QD1048-2019", New, District, 4999, 2), NotRecognised);
        assert_eq!(check("QD1048-2019", New, Province, 6000, 3), Recognise(Province));
        assert_eq!(check("QD1048-2019", New, Province, 8000, 4), Recognise(Province));
        assert_eq!(check("QD1048-2019", New, Province, 9000, 5), Forward(Central));
        assert_eq!(check("QD1048-2019", New, Central, 9000, 5), Recognise(Central));
    }

    #[test]
    fn under_qd148_the_district_recognises_3_stars_and_forwards_from_70() {
        assert_eq!(check("QD148-2023", New, District, 6999, 3), Recognise(District));
        assert_eq!(check("QD148-2023", New, District, 7000, 4), Forward(Province));
        // capped to 3★ by a mandatory criterion: the district recognises it
        assert_eq!(check("QD148-2023", New, District, 7500, 3), Recognise(District));
        assert_eq!(check("QD148-2023", New, District, 9500, 5), Forward(Province));
        assert_eq!(check("QD148-2023", New, Province, 8000, 4), Recognise(Province));
        assert_eq!(check("QD148-2023", New, Province, 9000, 5), Forward(Central));
        assert_eq!(check("QD148-2023", New, District, 4000, 2), NotRecognised);
    }

    #[test]
    fn since_qd1489_the_province_recognises_3_and_4_stars() {
        for basis in ["QD148-1489-2025", "QD26-2026"] {
            assert_eq!(check(basis, New, Province, 5000, 3), Recognise(Province));
            assert_eq!(check(basis, New, Province, 8999, 4), Recognise(Province));
            assert_eq!(check(basis, New, Province, 9000, 5), Forward(Central));
            assert_eq!(check(basis, New, Province, 2999, 1), NotRecognised);
            assert_eq!(check(basis, New, Central, 9100, 5), Recognise(Central));
        }
    }

    #[test]
    fn at_the_central_level_only_5_stars_are_recognised() {
        for basis in ["QD1048-2019", "QD148-2023", "QD148-1489-2025", "QD26-2026"] {
            assert_eq!(check(basis, New, Central, 9000, 5), Recognise(Central));
            assert_eq!(check(basis, Reevaluation, Central, 9950, 5), Recognise(Central));
            // the central council scores below 90, or caps the star: no 5★, nothing forwarded
            assert_eq!(check(basis, New, Central, 8999, 4), NotRecognised);
            assert_eq!(check(basis, New, Central, 9300, 4), NotRecognised);
            assert_eq!(check(basis, New, Central, 6000, 3), NotRecognised);
            let four = Upgrade {
                current: Stars::new(4).unwrap(),
            };
            assert_eq!(check(basis, four, Central, 9100, 5), Recognise(Central));
        }
    }

    #[test]
    fn the_province_recognises_4_stars_when_it_forwards_to_the_centre() {
        let four = Stars::new(4).unwrap();
        let of = |id: &str| LegalBases::official().get(id).unwrap();
        for basis in ["QD1048-2019", "QD148-2023", "QD148-1489-2025", "QD26-2026"] {
            assert_eq!(recognised_on_forward(of(basis), New, Province), Some(four), "{basis}");
            assert_eq!(recognised_on_forward(of(basis), Reevaluation, Province), Some(four));
            let from_three = Upgrade {
                current: Stars::new(3).unwrap(),
            };
            assert_eq!(recognised_on_forward(of(basis), from_three, Province), Some(four));
            // an upgrade from 4★ keeps the certificate the product holds
            assert_eq!(
                recognised_on_forward(of(basis), Upgrade { current: four }, Province),
                None
            );
            assert_eq!(recognised_on_forward(of(basis), New, Central), None);
        }
        // a district forwarding to the province recognises nothing on the way
        assert_eq!(recognised_on_forward(of("QD148-2023"), New, District), None);
        assert_eq!(recognised_on_forward(of("QD1048-2019"), New, District), None);
    }

    #[test]
    fn an_upgrade_needs_a_higher_star() {
        let three = Upgrade {
            current: Stars::new(3).unwrap(),
        };
        assert_eq!(check("QD148-1489-2025", three, Province, 6500, 3), NotRecognised);
        assert_eq!(check("QD148-1489-2025", three, Province, 7500, 4), Recognise(Province));
        // re-evaluation may recognise a lower rating than before
        assert_eq!(
            check("QD148-1489-2025", Reevaluation, Province, 6000, 3),
            Recognise(Province)
        );
    }
}
