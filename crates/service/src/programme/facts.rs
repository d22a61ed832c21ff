//! The facts a unit's measured targets and reports are computed from, on any
//! day and across the 2025 reform: certificates of the products recorded
//! anywhere inside the unit, its dossiers forwarded to the central level,
//! the fairs its producers attended, the training courses of the unit and
//! of the units inside it, and the support disbursed to its producers.

use std::collections::{HashMap, HashSet};

use chrono::{Duration, NaiveDate, TimeZone, Utc};
use ocop_domain::producer::LegalForm;
use ocop_domain::programme::actuals::{
    CertificateFact, Facts, FairFact, ProposalFact, SupportFact, TrainingFact, level_of_issuer,
};
use ocop_storage::repo::{producer_repo, programme_activity_repo, programme_repo};
use sea_orm::ConnectionTrait;
use uuid::Uuid;

use super::units::{members_of, record_units};
use crate::error::ServiceResult;

/// The unit a fact must lie in: one unit id, or the whole country.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Within {
    /// Everything.
    Country,
    /// Inside this unit (any list, any level).
    Unit(String),
}

impl Within {
    fn holds(&self, units: Option<&HashSet<String>>) -> bool {
        match self {
            Within::Country => true,
            Within::Unit(id) => units.is_some_and(|u| u.contains(id)),
        }
    }

    /// The recorded communes inside, looked up once (`None`: the whole country).
    async fn communes<C: ConnectionTrait>(&self, conn: &C) -> ServiceResult<Option<HashSet<String>>> {
        Ok(match self {
            Within::Country => None,
            Within::Unit(id) => Some(members_of(conn, id).await?),
        })
    }
}

/// Whether a recorded commune lies inside (see [`Within::communes`]).
fn inside(communes: &Option<HashSet<String>>, commune_id: &str) -> bool {
    communes.as_ref().is_none_or(|c| c.contains(commune_id))
}

/// The first instant of the day after `day` in Vietnam (UTC+7), as UTC.
pub(crate) fn end_of_day(day: NaiveDate) -> chrono::DateTime<Utc> {
    let next = (day + Duration::days(1)).and_hms_opt(0, 0, 0).expect("midnight");
    Utc.from_utc_datetime(&(next - Duration::hours(7)))
}

/// The day in Vietnam of an instant.
pub fn vietnam_day(at: chrono::DateTime<Utc>) -> NaiveDate {
    (at + Duration::hours(7)).date_naive()
}

/// The certificate facts (storage rows) of the products recorded inside `within`, issued up to `until`.
pub async fn certificates_in<C: ConnectionTrait>(
    conn: &C,
    within: &Within,
    until: NaiveDate,
) -> ServiceResult<Vec<programme_repo::CertificateFact>> {
    let communes = within.communes(conn).await?;
    Ok(programme_repo::certificate_facts(conn, until, communes.as_ref()).await?)
}

/// Producers' communes as recorded.
async fn producer_communes<C: ConnectionTrait>(conn: &C, ids: &[Uuid]) -> ServiceResult<HashMap<Uuid, String>> {
    Ok(producer_repo::get_many(conn, ids)
        .await?
        .into_iter()
        .map(|p| (p.id, p.commune_id))
        .collect())
}

/// Everything the actuals of `within` are computed from, up to `until`.
pub async fn facts_in<C: ConnectionTrait>(conn: &C, within: &Within, until: NaiveDate) -> ServiceResult<Facts> {
    let certificates = certificates_in(conn, within, until)
        .await?
        .into_iter()
        .map(|f| CertificateFact {
            product_id: f.product_id,
            producer_id: f.producer_id,
            legal_form: LegalForm::parse(&f.legal_form).ok(),
            stars: u8::try_from(f.stars).unwrap_or_default(),
            issued_on: f.issued_on,
            level: level_of_issuer(&f.issuer_level),
        })
        .collect();
    Ok(Facts {
        certificates,
        ..activity_facts_in(conn, within, until).await?
    })
}

/// The facts other than certificates (dossiers forwarded, fairs, training,
/// support) of `within`, up to `until`.
pub async fn activity_facts_in<C: ConnectionTrait>(
    conn: &C,
    within: &Within,
    until: NaiveDate,
) -> ServiceResult<Facts> {
    let communes = within.communes(conn).await?;
    let proposals = programme_repo::proposals_until(conn, end_of_day(until)).await?;
    let proposals = proposals
        .into_iter()
        .filter(|p| inside(&communes, &p.commune_id))
        .map(|p| ProposalFact {
            product_id: p.product_id,
            on: vietnam_day(p.at),
        })
        .filter(|p| p.on <= until)
        .collect();

    let events = programme_activity_repo::events_until(conn, until).await?;
    let participants =
        programme_activity_repo::participants_of(conn, &events.iter().map(|e| e.id).collect::<Vec<_>>()).await?;
    let supports = programme_activity_repo::supports_until(conn, until).await?;
    let producer_ids: Vec<Uuid> = participants
        .iter()
        .map(|p| p.producer_id)
        .chain(supports.iter().map(|s| s.producer_id))
        .collect::<HashSet<_>>()
        .into_iter()
        .collect();
    let producers = producer_communes(conn, &producer_ids).await?;
    let producer_inside = |id: &Uuid| producers.get(id).is_some_and(|commune| inside(&communes, commune));
    let attended: HashSet<Uuid> = participants
        .iter()
        .filter(|p| producer_inside(&p.producer_id))
        .map(|p| p.event_id)
        .collect();
    let fairs = events
        .iter()
        .filter(|e| attended.contains(&e.id))
        .map(|e| FairFact {
            event_id: e.id,
            on: e.starts_on,
        })
        .collect();
    let supports = supports
        .iter()
        .filter(|s| producer_inside(&s.producer_id))
        .map(|s| SupportFact {
            amount_vnd: s.amount_vnd,
            on: s.disbursed_on,
        })
        .collect();

    let trainings = programme_activity_repo::trainings_until(conn, until).await?;
    let units = record_units(conn, &trainings.iter().map(|t| t.unit_id.clone()).collect::<Vec<_>>()).await?;
    let trainings = trainings
        .iter()
        .filter(|t| within.holds(units.get(&t.unit_id)))
        .map(|t| TrainingFact {
            officials: i64::from(t.officials),
            others: i64::from(t.others),
            on: t.ends_on,
        })
        .collect();

    Ok(Facts {
        certificates: Vec::new(),
        proposals,
        fairs,
        trainings,
        supports,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_day_ends_at_midnight_in_vietnam() {
        let day = NaiveDate::from_ymd_opt(2026, 3, 1).unwrap();
        let end = end_of_day(day);
        assert_eq!(end.to_rfc3339(), "2026-03-01T17:00:00+00:00");
        assert_eq!(vietnam_day(end - Duration::seconds(1)), day);
        assert_eq!(vietnam_day(end), day + Duration::days(1));
    }
}
