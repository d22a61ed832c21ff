//! Actual values of measured targets, computed from stored facts for a
//! period — never typed in where the system knows them: certificates,
//! dossiers forwarded to the central level, and the programme's activity
//! records (fairs attended, training courses, support disbursed).

use std::collections::HashSet;

use chrono::NaiveDate;
use uuid::Uuid;

use super::directive::{TargetKind, TargetLevel};
use crate::producer::LegalForm;

/// What the computation needs of one certificate.
#[derive(Debug, Clone)]
pub struct CertificateFact {
    /// The product.
    pub product_id: Uuid,
    /// The producer.
    pub producer_id: Uuid,
    /// The producer's legal form, when known.
    pub legal_form: Option<LegalForm>,
    /// Stars.
    pub stars: u8,
    /// Day of issue.
    pub issued_on: NaiveDate,
    /// Level of the recognising decision.
    pub level: Option<TargetLevel>,
}

/// The level of a decision's issuer code (`district`, `province`, `ministry`).
pub fn level_of_issuer(issuer_level: &str) -> Option<TargetLevel> {
    match issuer_level {
        "district" => Some(TargetLevel::District),
        "province" => Some(TargetLevel::Province),
        "ministry" => Some(TargetLevel::National),
        _ => None,
    }
}

/// A product's dossier was forwarded to the central level (đề nghị công nhận 5 sao) on a day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProposalFact {
    /// The product.
    pub product_id: Uuid,
    /// The day (Vietnam time) of the transition.
    pub on: NaiveDate,
}

/// A fair or promotion event in which at least one of the unit's producers took part.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FairFact {
    /// The event.
    pub event_id: Uuid,
    /// Its first day.
    pub on: NaiveDate,
}

/// A training course of the unit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrainingFact {
    /// Officials trained.
    pub officials: i64,
    /// Other people trained.
    pub others: i64,
    /// Its last day.
    pub on: NaiveDate,
}

/// A support disbursement to one of the unit's producers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SupportFact {
    /// Amount in VND.
    pub amount_vnd: i64,
    /// Day disbursed.
    pub on: NaiveDate,
}

/// Everything the actuals of one unit are computed from (each list holds the
/// facts lying in the unit, up to the last day asked about or beyond).
#[derive(Debug, Clone, Default)]
pub struct Facts {
    /// Every certificate of the unit's products, earlier ones included, so
    /// "new", "upgrade" and "re-certification" can be told apart.
    pub certificates: Vec<CertificateFact>,
    /// Dossiers forwarded to the central level.
    pub proposals: Vec<ProposalFact>,
    /// Fairs attended.
    pub fairs: Vec<FairFact>,
    /// Training courses.
    pub trainings: Vec<TrainingFact>,
    /// Support disbursed.
    pub supports: Vec<SupportFact>,
}

/// What a target asks for, as far as the computation is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TargetSpec {
    /// Kind.
    pub kind: TargetKind,
    /// Only certificates of at least this many stars.
    pub min_stars: Option<u8>,
    /// Only certificates recognised at this level.
    pub level: Option<TargetLevel>,
    /// Only producers of this legal form.
    pub legal_form: Option<LegalForm>,
}

impl TargetSpec {
    /// A spec of a kind with no filter.
    pub fn of(kind: TargetKind) -> Self {
        Self {
            kind,
            min_stars: None,
            level: None,
            legal_form: None,
        }
    }
}

/// How a certificate relates to the product's previous certificate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Issuance {
    /// The product's first certificate (phát triển mới).
    New,
    /// More stars than the previous certificate (nâng hạng).
    Upgraded,
    /// The same or fewer stars than the previous one (công nhận lại).
    Recertified,
}

impl Issuance {
    /// Vietnamese and English labels.
    pub fn label(self) -> (&'static str, &'static str) {
        match self {
            Self::New => ("Công nhận mới", "New"),
            Self::Upgraded => ("Nâng hạng sao", "Upgraded"),
            Self::Recertified => ("Công nhận lại", "Re-certified"),
        }
    }
}

/// The stars of the product's certificate issued last before `issued_on`
/// (`None` when it had none).
pub fn previous_stars(product_id: Uuid, issued_on: NaiveDate, facts: &[CertificateFact]) -> Option<u8> {
    facts
        .iter()
        .filter(|g| g.product_id == product_id && g.issued_on < issued_on)
        .max_by_key(|g| (g.issued_on, g.stars))
        .map(|g| g.stars)
}

/// The issuance kind from the previous certificate's stars.
pub fn issuance_of(stars: u8, previous: Option<u8>) -> Issuance {
    match previous {
        None => Issuance::New,
        Some(p) if p < stars => Issuance::Upgraded,
        Some(_) => Issuance::Recertified,
    }
}

/// How `fact` relates to the product's previous certificate in `facts`.
pub fn issuance(fact: &CertificateFact, facts: &[CertificateFact]) -> Issuance {
    issuance_of(fact.stars, previous_stars(fact.product_id, fact.issued_on, facts))
}

/// The actual value of a target over `from..=to`. `None` for the kinds the
/// system does not measure (`improved`, `other`).
///
/// - new products: certificates of the period that are their product's first;
/// - certified: products certified in the period;
/// - re-certified: products certified in the period with no more stars than
///   their previous certificate (công nhận lại);
/// - upgraded: products certified in the period with more stars than their
///   previous certificate (nâng hạng);
/// - producers: producers with a product certified in the period (of one
///   legal form when the target names one);
/// - proposed for 5★: products whose dossier was forwarded to the central
///   level in the period;
/// - fairs: events held (first day) in the period that the unit's producers attended;
/// - officials trained: officials of the training courses that ended in the period;
/// - support funds: VND disbursed in the period, in whole million VND.
///
/// `min_stars`, `level` and `legal_form` filter the certificates of the period.
pub fn actual(spec: &TargetSpec, facts: &Facts, from: NaiveDate, to: NaiveDate) -> Option<i64> {
    let within = |day: NaiveDate| day >= from && day <= to;
    let certs = &facts.certificates;
    let in_period = || {
        certs.iter().filter(|f| {
            within(f.issued_on)
                && spec.min_stars.is_none_or(|s| f.stars >= s)
                && spec.level.is_none_or(|l| f.level == Some(l))
                && spec.legal_form.is_none_or(|l| f.legal_form == Some(l))
        })
    };
    let products = |kind: Option<Issuance>| {
        in_period()
            .filter(|f| kind.is_none_or(|k| issuance(f, certs) == k))
            .map(|f| f.product_id)
            .collect::<HashSet<_>>()
            .len() as i64
    };
    Some(match spec.kind {
        TargetKind::NewProducts => products(Some(Issuance::New)),
        TargetKind::Certified => products(None),
        TargetKind::Recertified => products(Some(Issuance::Recertified)),
        TargetKind::Upgraded => products(Some(Issuance::Upgraded)),
        TargetKind::Producers => in_period().map(|f| f.producer_id).collect::<HashSet<_>>().len() as i64,
        TargetKind::ProposedFiveStar => facts
            .proposals
            .iter()
            .filter(|p| within(p.on))
            .map(|p| p.product_id)
            .collect::<HashSet<_>>()
            .len() as i64,
        TargetKind::Fairs => facts
            .fairs
            .iter()
            .filter(|f| within(f.on))
            .map(|f| f.event_id)
            .collect::<HashSet<_>>()
            .len() as i64,
        TargetKind::OfficialsTrained => facts
            .trainings
            .iter()
            .filter(|t| within(t.on))
            .map(|t| t.officials)
            .sum(),
        TargetKind::SupportFunds => {
            facts
                .supports
                .iter()
                .filter(|s| within(s.on))
                .map(|s| s.amount_vnd)
                .sum::<i64>()
                / 1_000_000
        }
        TargetKind::Improved | TargetKind::Other => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn fact(product: u128, stars: u8, on: NaiveDate) -> CertificateFact {
        CertificateFact {
            product_id: Uuid::from_u128(product),
            producer_id: Uuid::from_u128(product % 2),
            legal_form: Some(if product.is_multiple_of(2) {
                LegalForm::Cooperative
            } else {
                LegalForm::Enterprise
            }),
            stars,
            issued_on: on,
            level: Some(TargetLevel::Province),
        }
    }

    fn facts(certificates: Vec<CertificateFact>) -> Facts {
        Facts {
            certificates,
            ..Facts::default()
        }
    }

    #[test]
    fn new_recertified_and_upgraded_are_told_apart() {
        let facts = facts(vec![
            fact(1, 3, d(2022, 3, 1)),
            fact(1, 3, d(2025, 3, 1)), // re-certified
            fact(2, 3, d(2022, 5, 1)),
            fact(2, 4, d(2025, 6, 1)), // upgraded
            fact(3, 4, d(2025, 7, 1)), // new
            fact(4, 3, d(2026, 1, 2)), // next year
            fact(5, 4, d(2019, 1, 2)),
            fact(5, 3, d(2022, 1, 2)), // re-certified at fewer stars
            fact(5, 4, d(2025, 8, 2)), // upgraded from the previous (3★), not re-certified
        ]);
        let (from, to) = (d(2025, 1, 1), d(2025, 12, 31));
        let a = |k, s| {
            actual(
                &TargetSpec {
                    min_stars: s,
                    ..TargetSpec::of(k)
                },
                &facts,
                from,
                to,
            )
        };
        assert_eq!(a(TargetKind::NewProducts, None), Some(1));
        assert_eq!(a(TargetKind::Certified, None), Some(4));
        assert_eq!(a(TargetKind::Certified, Some(4)), Some(3));
        assert_eq!(a(TargetKind::Recertified, None), Some(1));
        assert_eq!(a(TargetKind::Upgraded, None), Some(2));
        assert_eq!(a(TargetKind::Producers, None), Some(2));
        assert_eq!(a(TargetKind::Other, None), None);
        assert_eq!(
            actual(
                &TargetSpec {
                    legal_form: Some(LegalForm::Cooperative),
                    ..TargetSpec::of(TargetKind::Producers)
                },
                &facts,
                from,
                to
            ),
            Some(1),
            "producers of one legal form"
        );
        // As of 30/06/2025 only the first two of the year count.
        assert_eq!(
            actual(&TargetSpec::of(TargetKind::Certified), &facts, from, d(2025, 6, 30)),
            Some(2)
        );
        assert_eq!(
            actual(
                &TargetSpec {
                    level: Some(TargetLevel::National),
                    ..TargetSpec::of(TargetKind::Certified)
                },
                &facts,
                from,
                to
            ),
            Some(0)
        );
    }

    #[test]
    fn activity_kinds_count_their_records_in_the_period() {
        let event = Uuid::from_u128(7);
        let facts = Facts {
            proposals: vec![
                ProposalFact {
                    product_id: Uuid::from_u128(1),
                    on: d(2026, 3, 1),
                },
                // Forwarded again after a return: still one product.
                ProposalFact {
                    product_id: Uuid::from_u128(1),
                    on: d(2026, 5, 1),
                },
                ProposalFact {
                    product_id: Uuid::from_u128(2),
                    on: d(2025, 12, 31),
                },
            ],
            fairs: vec![
                FairFact {
                    event_id: event,
                    on: d(2026, 4, 2),
                },
                FairFact {
                    event_id: event,
                    on: d(2026, 4, 2),
                },
                FairFact {
                    event_id: Uuid::from_u128(8),
                    on: d(2026, 9, 9),
                },
            ],
            trainings: vec![
                TrainingFact {
                    officials: 40,
                    others: 3,
                    on: d(2026, 2, 1),
                },
                TrainingFact {
                    officials: 25,
                    others: 3,
                    on: d(2026, 6, 30),
                },
                TrainingFact {
                    officials: 99,
                    others: 3,
                    on: d(2026, 7, 1),
                },
            ],
            supports: vec![
                SupportFact {
                    amount_vnd: 150_000_000,
                    on: d(2026, 1, 15),
                },
                SupportFact {
                    amount_vnd: 1_999_999,
                    on: d(2026, 6, 1),
                },
            ],
            ..Facts::default()
        };
        let h1 = (d(2026, 1, 1), d(2026, 6, 30));
        let a = |k| actual(&TargetSpec::of(k), &facts, h1.0, h1.1);
        assert_eq!(a(TargetKind::ProposedFiveStar), Some(1));
        assert_eq!(a(TargetKind::Fairs), Some(1));
        assert_eq!(a(TargetKind::OfficialsTrained), Some(65));
        assert_eq!(a(TargetKind::SupportFunds), Some(151), "whole million VND");
        assert_eq!(
            actual(
                &TargetSpec::of(TargetKind::OfficialsTrained),
                &facts,
                h1.0,
                d(2026, 3, 1)
            ),
            Some(40),
            "as of a day inside the period"
        );
    }

    #[test]
    fn issuance_follows_the_previous_certificate() {
        assert_eq!(issuance_of(3, None), Issuance::New);
        assert_eq!(issuance_of(4, Some(3)), Issuance::Upgraded);
        assert_eq!(issuance_of(4, Some(4)), Issuance::Recertified);
        assert_eq!(issuance_of(3, Some(4)), Issuance::Recertified);
    }
}
