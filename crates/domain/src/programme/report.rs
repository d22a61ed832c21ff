//! The figures of a six-monthly or annual programme report, computed from
//! the certificates of the unit's products: what was in force at the end of
//! the period, and what moved during it — new, upgraded and re-certified
//! products, certificates that expired and certificates revoked.
//!
//! The service decides which certificates lie in the unit and under which
//! sub-unit (`group`) each is shown — the unit it was recorded in, or today's
//! unit — and this module only counts.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::actuals::{Issuance, issuance_of};
use crate::certificate::LifecycleFacts;
use crate::producer::LegalForm;

/// One certificate as a report sees it.
#[derive(Debug, Clone)]
pub struct ReportCertificate {
    /// The certificate.
    pub id: Uuid,
    /// Its product.
    pub product_id: Uuid,
    /// Its producer.
    pub producer_id: Uuid,
    /// The producer's legal form.
    pub legal_form: Option<LegalForm>,
    /// Stars.
    pub stars: u8,
    /// The stored lifecycle facts.
    pub lifecycle: LifecycleFacts,
    /// The sub-unit the product is shown under.
    pub group: String,
}

/// Counts by star class: `[3★, 4★, 5★]`.
pub type ByStar = [i64; 3];

fn slot(stars: u8) -> Option<usize> {
    (3..=5).contains(&stars).then(|| usize::from(stars - 3))
}

/// The figures of one unit (or sub-unit) over a period.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Tally {
    /// Products with a certificate in force on the last day.
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<i64>))]
    pub in_force: ByStar,
    /// Of those, in their last months (sắp hết hạn).
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<i64>))]
    pub expiring: ByStar,
    /// Products certified for the first time in the period.
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<i64>))]
    pub new: ByStar,
    /// Products certified with more stars than before (nâng hạng).
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<i64>))]
    pub upgraded: ByStar,
    /// Products certified again with the same or fewer stars (công nhận lại).
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<i64>))]
    pub recertified: ByStar,
    /// Certificates whose 36 months ran out in the period, not renewed before.
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<i64>))]
    pub expired: ByStar,
    /// Certificates revoked in the period.
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<i64>))]
    pub revoked: ByStar,
}

/// The sum of a row.
pub fn total(counts: &ByStar) -> i64 {
    counts.iter().sum()
}

fn add(into: &mut ByStar, stars: u8) {
    if let Some(i) = slot(stars) {
        into[i] += 1;
    }
}

/// What happened to a certificate in the period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Movement {
    /// Issued for the first time to the product.
    New,
    /// Issued with more stars than the previous certificate.
    Upgraded,
    /// Issued with the same or fewer stars (công nhận lại).
    Recertified,
    /// Its validity ran out.
    Expired,
    /// Revoked (thu hồi).
    Revoked,
}

impl Movement {
    /// Every movement, in report order.
    pub const ALL: [Movement; 5] = [
        Self::New,
        Self::Upgraded,
        Self::Recertified,
        Self::Expired,
        Self::Revoked,
    ];

    /// The stable code.
    pub fn code(self) -> &'static str {
        match self {
            Self::New => "new",
            Self::Upgraded => "upgraded",
            Self::Recertified => "recertified",
            Self::Expired => "expired",
            Self::Revoked => "revoked",
        }
    }

    /// Vietnamese and English labels.
    pub fn label(self) -> (&'static str, &'static str) {
        match self {
            Self::New => ("Sản phẩm được công nhận mới", "New products"),
            Self::Upgraded => ("Sản phẩm nâng hạng sao", "Upgraded products"),
            Self::Recertified => ("Sản phẩm được công nhận lại", "Re-certified products"),
            Self::Expired => ("Sản phẩm hết hạn giấy chứng nhận", "Certificates expired"),
            Self::Revoked => ("Sản phẩm bị thu hồi giấy chứng nhận", "Certificates revoked"),
        }
    }

    fn of(issuance: Issuance) -> Self {
        match issuance {
            Issuance::New => Self::New,
            Issuance::Upgraded => Self::Upgraded,
            Issuance::Recertified => Self::Recertified,
        }
    }
}

/// One movement of one certificate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MovementLine {
    /// What happened.
    pub movement: Movement,
    /// Index of the certificate in the list given.
    pub index: usize,
    /// The day it happened (issue, first day expired, revocation).
    pub on: NaiveDate,
    /// For an issue, the stars of the product's previous certificate.
    pub previous_stars: Option<u8>,
}

/// The first day a certificate counts as expired, if its validity ran out
/// before a renewal, upgrade or revocation replaced it.
pub fn expired_from(facts: &LifecycleFacts) -> Option<NaiveDate> {
    let day = facts.valid_through.succ_opt()?;
    let before = |fact: Option<NaiveDate>| fact.is_some_and(|on| on <= day);
    (!before(facts.revoked_on) && !before(facts.superseded_on)).then_some(day)
}

/// Every movement of the period `from..=to`, in day order. `certificates`
/// holds every certificate of the products concerned issued up to `to`,
/// earlier ones included (the previous certificate decides new, upgraded or
/// re-certified).
pub fn movements(certificates: &[ReportCertificate], from: NaiveDate, to: NaiveDate) -> Vec<MovementLine> {
    let mut by_product: HashMap<Uuid, Vec<(NaiveDate, u8)>> = HashMap::new();
    for c in certificates {
        by_product
            .entry(c.product_id)
            .or_default()
            .push((c.lifecycle.issued_on, c.stars));
    }
    let within = |day: NaiveDate| day >= from && day <= to;
    let mut lines = Vec::new();
    for (index, c) in certificates.iter().enumerate() {
        let issued = c.lifecycle.issued_on;
        if within(issued) {
            let previous = by_product
                .get(&c.product_id)
                .into_iter()
                .flatten()
                .filter(|(on, _)| *on < issued)
                .max()
                .map(|(_, stars)| *stars);
            lines.push(MovementLine {
                movement: Movement::of(issuance_of(c.stars, previous)),
                index,
                on: issued,
                previous_stars: previous,
            });
        }
        if let Some(day) = expired_from(&c.lifecycle).filter(|d| within(*d)) {
            lines.push(MovementLine {
                movement: Movement::Expired,
                index,
                on: day,
                previous_stars: None,
            });
        }
        if let Some(day) = c.lifecycle.revoked_on.filter(|d| within(*d)) {
            lines.push(MovementLine {
                movement: Movement::Revoked,
                index,
                on: day,
                previous_stars: None,
            });
        }
    }
    lines.sort_by_key(|l| (l.on, l.movement.code(), l.index));
    lines
}

/// The certificate of each product in force on `day` (index into `certificates`).
pub fn in_force_on(certificates: &[ReportCertificate], day: NaiveDate, window_months: u32) -> Vec<usize> {
    let mut best: HashMap<Uuid, usize> = HashMap::new();
    for (i, c) in certificates.iter().enumerate() {
        if !c.lifecycle.status_on(day, window_months).in_force() {
            continue;
        }
        let entry = best.entry(c.product_id).or_insert(i);
        if certificates[*entry].lifecycle.issued_on < c.lifecycle.issued_on {
            *entry = i;
        }
    }
    let mut out: Vec<usize> = best.into_values().collect();
    out.sort_unstable();
    out
}

/// The figures of the whole unit and of each group (sub-unit), for the
/// period `from..=to` with `to` the day the figures are as of.
pub fn tally(
    certificates: &[ReportCertificate],
    from: NaiveDate,
    to: NaiveDate,
    window_months: u32,
) -> (Tally, BTreeMap<String, Tally>) {
    let mut whole = Tally::default();
    let mut groups: BTreeMap<String, Tally> = BTreeMap::new();
    for i in in_force_on(certificates, to, window_months) {
        let c = &certificates[i];
        let expiring = c.lifecycle.status_on(to, window_months) == crate::certificate::CertificateStatus::Expiring;
        for t in [&mut whole, groups.entry(c.group.clone()).or_default()] {
            add(&mut t.in_force, c.stars);
            if expiring {
                add(&mut t.expiring, c.stars);
            }
        }
    }
    for line in movements(certificates, from, to) {
        let c = &certificates[line.index];
        for t in [&mut whole, groups.entry(c.group.clone()).or_default()] {
            let row = match line.movement {
                Movement::New => &mut t.new,
                Movement::Upgraded => &mut t.upgraded,
                Movement::Recertified => &mut t.recertified,
                Movement::Expired => &mut t.expired,
                Movement::Revoked => &mut t.revoked,
            };
            add(row, c.stars);
        }
    }
    (whole, groups)
}

/// Producers with a product in force on `day`, by legal form (in the order
/// of `LegalForm::ALL`, unknown forms last), with their total.
pub fn producers_by_form(
    certificates: &[ReportCertificate],
    day: NaiveDate,
    window_months: u32,
) -> (Vec<(Option<LegalForm>, i64)>, i64) {
    let mut seen: HashSet<Uuid> = HashSet::new();
    let mut counts: HashMap<Option<LegalForm>, i64> = HashMap::new();
    for i in in_force_on(certificates, day, window_months) {
        let c = &certificates[i];
        if seen.insert(c.producer_id) {
            *counts.entry(c.legal_form).or_default() += 1;
        }
    }
    let mut out: Vec<(Option<LegalForm>, i64)> = LegalForm::ALL
        .into_iter()
        .map(|f| (Some(f), counts.get(&Some(f)).copied().unwrap_or(0)))
        .collect();
    if let Some(n) = counts.get(&None) {
        out.push((None, *n));
    }
    (out, seen.len() as i64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::certificate::validity::valid_through;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn cert(product: u128, stars: u8, issued: NaiveDate, group: &str) -> ReportCertificate {
        ReportCertificate {
            id: Uuid::from_u128(product * 100 + u128::from(stars)),
            product_id: Uuid::from_u128(product),
            producer_id: Uuid::from_u128(product / 10),
            legal_form: Some(LegalForm::Cooperative),
            stars,
            lifecycle: LifecycleFacts {
                issued_on: issued,
                valid_through: valid_through(issued),
                superseded_on: None,
                suspended_on: None,
                revoked_on: None,
            },
            group: group.into(),
        }
    }

    #[test]
    fn a_hand_counted_half_year() {
        // 2026-H1 in two communes A and B.
        let mut renewed = cert(1, 3, d(2023, 2, 10), "A");
        renewed.lifecycle.superseded_on = Some(d(2026, 2, 1));
        let mut upgraded_from = cert(2, 3, d(2024, 1, 5), "A");
        upgraded_from.lifecycle.superseded_on = Some(d(2026, 3, 1));
        let mut revoked = cert(4, 4, d(2024, 6, 1), "B");
        revoked.lifecycle.revoked_on = Some(d(2026, 4, 20));
        let certificates = vec![
            renewed,
            cert(1, 3, d(2026, 2, 1), "A"), // re-certified
            upgraded_from,
            cert(2, 4, d(2026, 3, 1), "A"),  // upgraded
            cert(3, 5, d(2026, 5, 5), "B"),  // new
            revoked,                         // revoked in the period
            cert(5, 3, d(2023, 1, 10), "B"), // expired on 11/01/2026
            cert(6, 4, d(2023, 9, 1), "B"),  // in force, expiring on 30/06/2026
            cert(7, 3, d(2026, 7, 1), "A"),  // after the period: not counted
        ];
        let (from, to) = (d(2026, 1, 1), d(2026, 6, 30));
        let (whole, groups) = tally(&certificates[..8], from, to, 6);
        assert_eq!(whole.new, [0, 0, 1]);
        assert_eq!(whole.upgraded, [0, 1, 0]);
        assert_eq!(whole.recertified, [1, 0, 0]);
        assert_eq!(whole.expired, [1, 0, 0]);
        assert_eq!(whole.revoked, [0, 1, 0]);
        // In force on 30/06: products 1 (3★), 2 (4★), 3 (5★), 6 (4★).
        assert_eq!(whole.in_force, [1, 2, 1]);
        assert_eq!(whole.expiring, [0, 1, 0]);
        assert_eq!(groups["A"].in_force, [1, 1, 0]);
        assert_eq!(groups["B"].in_force, [0, 1, 1]);
        assert_eq!(total(&groups["B"].expired) + total(&groups["B"].revoked), 2);
        let lines = movements(&certificates[..8], from, to);
        let upgrade = lines.iter().find(|l| l.movement == Movement::Upgraded).unwrap();
        assert_eq!(upgrade.previous_stars, Some(3));
        assert_eq!(lines.first().map(|l| l.movement), Some(Movement::Expired), "day order");
        let (forms, producers) = producers_by_form(&certificates[..8], to, 6);
        assert_eq!(producers, 1, "all products here belong to producer 0");
        assert_eq!(forms[1], (Some(LegalForm::Cooperative), 1));
    }

    #[test]
    fn a_renewal_before_expiry_is_no_expiry() {
        let mut c = cert(1, 3, d(2023, 2, 10), "A");
        c.lifecycle.superseded_on = Some(d(2026, 2, 10));
        assert_eq!(expired_from(&c.lifecycle), None);
        c.lifecycle.superseded_on = Some(d(2026, 2, 11));
        assert_eq!(expired_from(&c.lifecycle), None, "renewed on the first day after");
        c.lifecycle.superseded_on = Some(d(2026, 3, 1));
        assert_eq!(expired_from(&c.lifecycle), Some(d(2026, 2, 11)));
    }
}
