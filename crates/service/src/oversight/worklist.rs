//! Oversight worklists and counts: inspections due, findings past their last day to remedy,
//! cases open by age — for the actor's province or nationally (with a line per province) —
//! and the tallies of a period for the dashboard, the digest and the reports (inspections
//! carried out, findings by kind, suspensions and revocations that resulted).

use std::collections::BTreeMap;

use chrono::{Days, NaiveDate};
use ocop_domain::oversight::{CaseStatus, Coded, Consequence, FindingKind, FindingStatus, InspectionStatus};
use ocop_domain::role::Actor;
use ocop_storage::Database;
use ocop_storage::repo::oversight_repo::{self, Area};
use sea_orm::ConnectionTrait;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::cases::age_days;
use super::read_area;
use crate::admin_units::today;
use crate::error::{ServiceError, ServiceResult};

/// Days ahead an inspection counts as due.
pub const DUE_WITHIN_DAYS: u64 = 14;

/// Counts of one area.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct OversightCounts {
    /// Province code (none: the whole area asked, or the central level in a per-province list).
    pub province_code: Option<String>,
    /// Planned inspections whose day is within [`DUE_WITHIN_DAYS`] days or past.
    pub inspections_due: u64,
    /// Inspections carried out whose record is not signed off yet.
    pub records_open: u64,
    /// Findings past their last day to remedy and still waiting for the producer.
    pub findings_past_deadline: u64,
    /// Consequences proposed and waiting for the issuing authority.
    pub proposals_waiting: u64,
    /// Open cases by age: under 7 days.
    pub cases_open_under_7_days: u64,
    /// 7 to 30 days.
    pub cases_open_7_to_30_days: u64,
    /// Over 30 days.
    pub cases_open_over_30_days: u64,
}

/// The oversight worklist.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct OversightWorklist {
    /// The day it is computed for.
    pub as_of: NaiveDate,
    /// The actor's whole area.
    pub total: OversightCounts,
    /// One line per province (national officials; none for others).
    pub by_province: Vec<OversightCounts>,
}

/// What a period's oversight produced.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct OversightTally {
    /// Inspections carried out in the period.
    pub inspected: u64,
    /// Findings made in the period, by kind (stored name → count).
    pub findings_by_kind: BTreeMap<String, u64>,
    /// Suspensions decided in the period from findings.
    pub suspensions: u64,
    /// Revocations decided in the period from findings.
    pub revocations: u64,
    /// Cases opened in the period.
    pub cases_opened: u64,
}

impl OversightTally {
    /// The figures with their Vietnamese labels, in the order reports print them (findings
    /// by kind indented under their total).
    pub fn lines(&self) -> Vec<(String, u64)> {
        let findings: u64 = self.findings_by_kind.values().sum();
        let mut out = vec![
            ("Cuộc kiểm tra đã thực hiện".to_owned(), self.inspected),
            ("Tồn tại, vi phạm phát hiện".to_owned(), findings),
        ];
        for (kind, count) in &self.findings_by_kind {
            let label = FindingKind::parse(kind).map_or(kind.as_str(), |k| k.label().0);
            out.push((format!("  {label}"), *count));
        }
        out.extend([
            ("Giấy chứng nhận bị tạm đình chỉ".to_owned(), self.suspensions),
            ("Giấy chứng nhận bị thu hồi".to_owned(), self.revocations),
            ("Vụ việc (tố giác, phản ánh) đã mở".to_owned(), self.cases_opened),
        ]);
        out
    }
}

fn line<'a>(
    map: &'a mut BTreeMap<Option<String>, OversightCounts>,
    province: &Option<String>,
) -> &'a mut OversightCounts {
    map.entry(province.clone()).or_insert_with(|| OversightCounts {
        province_code: province.clone(),
        ..Default::default()
    })
}

/// The worklist of the actor's area today.
pub async fn worklist(db: &Database, actor: &Actor) -> ServiceResult<OversightWorklist> {
    worklist_on(db, actor, today()).await
}

/// The worklist of the actor's area on `day`.
pub async fn worklist_on(db: &Database, actor: &Actor, day: NaiveDate) -> ServiceResult<OversightWorklist> {
    let area = read_area(actor)?;
    if matches!(area, Area::Producer(_)) {
        return Err(ServiceError::Forbidden);
    }
    worklist_in(db, area, day).await
}

/// The worklist of an area on `day` (the dashboard and the digest compute it for the unit they
/// are about).
pub async fn worklist_in(db: &Database, area: Area<'_>, day: NaiveDate) -> ServiceResult<OversightWorklist> {
    let conn = db.conn();
    let mut lines: BTreeMap<Option<String>, OversightCounts> = BTreeMap::new();
    let horizon = day + Days::new(DUE_WITHIN_DAYS);
    let active = [InspectionStatus::Planned.as_str(), InspectionStatus::Recorded.as_str()];
    for i in oversight_repo::list_inspections(conn, area, &active).await? {
        let l = line(&mut lines, &i.province_code);
        if i.status == InspectionStatus::Planned.as_str() {
            if i.planned_on <= horizon {
                l.inspections_due += 1;
            }
        } else {
            l.records_open += 1;
        }
    }
    let waiting = [
        FindingStatus::Open.as_str(),
        FindingStatus::Answered.as_str(),
        FindingStatus::Proposed.as_str(),
    ];
    for f in oversight_repo::list_findings(conn, area, &waiting, None).await? {
        let l = line(&mut lines, &f.province_code);
        if f.status == FindingStatus::Proposed.as_str() {
            l.proposals_waiting += 1;
        } else if f.due_on < day {
            l.findings_past_deadline += 1;
        }
    }
    let open = [CaseStatus::Open.as_str(), CaseStatus::Inspecting.as_str()];
    for c in oversight_repo::list_cases(conn, area, &open).await? {
        let l = line(&mut lines, &c.province_code);
        match age_days(c.opened_at, None, day) {
            0..7 => l.cases_open_under_7_days += 1,
            7..=30 => l.cases_open_7_to_30_days += 1,
            _ => l.cases_open_over_30_days += 1,
        }
    }
    let mut total = OversightCounts {
        province_code: match area {
            Area::Province(p) => Some(p.to_owned()),
            _ => None,
        },
        ..Default::default()
    };
    for l in lines.values() {
        total.inspections_due += l.inspections_due;
        total.records_open += l.records_open;
        total.findings_past_deadline += l.findings_past_deadline;
        total.proposals_waiting += l.proposals_waiting;
        total.cases_open_under_7_days += l.cases_open_under_7_days;
        total.cases_open_7_to_30_days += l.cases_open_7_to_30_days;
        total.cases_open_over_30_days += l.cases_open_over_30_days;
    }
    let by_province = if matches!(area, Area::National) {
        lines.into_values().collect()
    } else {
        Vec::new()
    };
    Ok(OversightWorklist {
        as_of: day,
        total,
        by_province,
    })
}

/// What oversight produced from `from` to `to` (both included) in the actor's area (a province
/// officer's province; national officials: the whole country).
pub async fn tally(db: &Database, actor: &Actor, from: NaiveDate, to: NaiveDate) -> ServiceResult<OversightTally> {
    let area = read_area(actor)?;
    if matches!(area, Area::Producer(_)) {
        return Err(ServiceError::Forbidden);
    }
    tally_in(db.conn(), area, from, to).await
}

/// [`tally`] for an area (the reports compute it for the unit they are about).
pub async fn tally_in<C: ConnectionTrait>(
    conn: &C,
    area: Area<'_>,
    from: NaiveDate,
    to: NaiveDate,
) -> ServiceResult<OversightTally> {
    let within = |d: NaiveDate| d >= from && d <= to;
    let mut out = OversightTally::default();
    let done = [
        InspectionStatus::Recorded.as_str(),
        InspectionStatus::SignedOff.as_str(),
    ];
    out.inspected = oversight_repo::list_inspections(conn, area, &done)
        .await?
        .iter()
        .filter(|i| i.carried_out_on.is_some_and(within))
        .count() as u64;
    for f in oversight_repo::list_findings(conn, area, &[], None).await? {
        if within(f.found_on) {
            let kind = FindingKind::parse(&f.kind).unwrap_or(FindingKind::Other);
            *out.findings_by_kind.entry(kind.as_str().to_owned()).or_default() += 1;
        }
        let decided_in = f.decided_at.is_some_and(|d| within(d.date_naive()));
        if f.status == FindingStatus::Decided.as_str() && decided_in {
            match f.consequence.as_deref().and_then(|c| Consequence::parse(c).ok()) {
                Some(Consequence::Suspension) => out.suspensions += 1,
                Some(Consequence::Revocation) => out.revocations += 1,
                None => {}
            }
        }
    }
    out.cases_opened = oversight_repo::list_cases(conn, area, &[])
        .await?
        .iter()
        .filter(|c| within(c.opened_at.date_naive()))
        .count() as u64;
    Ok(out)
}
