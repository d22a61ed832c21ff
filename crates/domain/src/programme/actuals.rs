//! Actual values of measured targets, computed from certificate facts for a
//! period — never typed in where the system knows them.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use uuid::Uuid;

use super::directive::{TargetKind, TargetLevel};

/// What the computation needs of one certificate.
#[derive(Debug, Clone)]
pub struct CertificateFact {
    /// The product.
    pub product_id: Uuid,
    /// The producer.
    pub producer_id: Uuid,
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

/// The actual value of a target over `from..=to`, from the certificates of
/// the unit's products (`facts`: every certificate of those products issued up
/// to `to`, earlier ones included, so "new" and "upgrade" can be told apart).
/// `None` for the kinds the system does not measure.
///
/// - new products: products whose first certificate ever lies in the period;
/// - certified: products certified in the period;
/// - re-certified: products certified in the period with the same stars as
///   an earlier certificate (công nhận lại);
/// - upgraded: products certified in the period with more stars than an
///   earlier certificate (nâng hạng);
/// - producers: producers with a product certified in the period.
///
/// `min_stars` and `level` filter the certificates of the period.
pub fn actual(
    kind: TargetKind,
    min_stars: Option<u8>,
    level: Option<TargetLevel>,
    facts: &[CertificateFact],
    from: NaiveDate,
    to: NaiveDate,
) -> Option<i64> {
    let mut earliest: HashMap<Uuid, &CertificateFact> = HashMap::new();
    for f in facts {
        let e = earliest.entry(f.product_id).or_insert(f);
        if f.issued_on < e.issued_on {
            *e = f;
        }
    }
    let in_period = facts.iter().filter(|f| {
        f.issued_on >= from
            && f.issued_on <= to
            && min_stars.is_none_or(|s| f.stars >= s)
            && level.is_none_or(|l| f.level == Some(l))
    });
    let earlier = |f: &CertificateFact| {
        facts
            .iter()
            .filter(|g| g.product_id == f.product_id && g.issued_on < f.issued_on)
            .map(|g| g.stars)
            .collect::<Vec<u8>>()
    };
    let count: usize = match kind {
        TargetKind::NewProducts => in_period
            .filter(|f| earliest.get(&f.product_id).is_some_and(|e| e.issued_on == f.issued_on))
            .map(|f| f.product_id)
            .collect::<HashSet<_>>()
            .len(),
        TargetKind::Certified => in_period.map(|f| f.product_id).collect::<HashSet<_>>().len(),
        TargetKind::Recertified => in_period
            .filter(|f| earlier(f).contains(&f.stars))
            .map(|f| f.product_id)
            .collect::<HashSet<_>>()
            .len(),
        TargetKind::Upgraded => in_period
            .filter(|f| earlier(f).iter().any(|s| *s < f.stars))
            .map(|f| f.product_id)
            .collect::<HashSet<_>>()
            .len(),
        TargetKind::Producers => in_period.map(|f| f.producer_id).collect::<HashSet<_>>().len(),
        TargetKind::ProposedFiveStar | TargetKind::Improved | TargetKind::Other => return None,
    };
    Some(count as i64)
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
            stars,
            issued_on: on,
            level: Some(TargetLevel::Province),
        }
    }

    #[test]
    fn new_recertified_and_upgraded_are_told_apart() {
        let facts = [
            fact(1, 3, d(2022, 3, 1)),
            fact(1, 3, d(2025, 3, 1)), // re-certified
            fact(2, 3, d(2022, 5, 1)),
            fact(2, 4, d(2025, 6, 1)), // upgraded
            fact(3, 4, d(2025, 7, 1)), // new
            fact(4, 3, d(2026, 1, 2)), // next year
        ];
        let (from, to) = (d(2025, 1, 1), d(2025, 12, 31));
        let a = |k, s| actual(k, s, None, &facts, from, to);
        assert_eq!(a(TargetKind::NewProducts, None), Some(1));
        assert_eq!(a(TargetKind::Certified, None), Some(3));
        assert_eq!(a(TargetKind::Certified, Some(4)), Some(2));
        assert_eq!(a(TargetKind::Recertified, None), Some(1));
        assert_eq!(a(TargetKind::Upgraded, None), Some(1));
        assert_eq!(a(TargetKind::Producers, None), Some(2));
        assert_eq!(a(TargetKind::Other, None), None);
        // As of 30/06/2025 only the first two of the year count.
        assert_eq!(
            actual(TargetKind::Certified, None, None, &facts, from, d(2025, 6, 30)),
            Some(2)
        );
        assert_eq!(
            actual(
                TargetKind::Certified,
                None,
                Some(TargetLevel::National),
                &facts,
                from,
                to
            ),
            Some(0)
        );
    }
}
