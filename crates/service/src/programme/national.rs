//! The national dashboard of central officers: the whole country on one day, one line
//! per today's province (certified products by star, expiring, late tasks, oversight due,
//! support disbursed this year), a map of provinces at their communes' mean position, and
//! the country's dossiers by stage and oversight counts.
//!
//! Every record is placed in today's province of its commune (old or new list), the same
//! rule as a province's own dashboard, so a province's line equals its dashboard's figures.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{Datelike, NaiveDate};
use ocop_domain::admin_unit::AdminLevel;
use ocop_domain::certificate::CertificateStatus;
use ocop_domain::programme::may_view_national;
use ocop_domain::programme::task::TaskStatus;
use ocop_domain::role::Actor;
use ocop_domain::text::collate::compare_vi;
use ocop_storage::Database;
use ocop_storage::repo::oversight_repo::Area;
use ocop_storage::repo::programme_repo::{self, TaskQuery};
use ocop_storage::repo::{admin_unit_repo, dossier_repo, programme_activity_repo};
use serde::Serialize;
use utoipa::ToSchema;

use super::charts::{Bar, target_bars};
use super::dashboard::{CommunePoint, Count, count_stages, province_map, star_counts};
use super::tasks::dto;
use super::units::{containing_units, record_units};
use crate::admin_units::today;
use crate::certificates::status_on;
use crate::error::{ServiceError, ServiceResult};
use crate::oversight::worklist::{OversightCounts, OversightTally, tally_in, worklist_in};

/// Prefix of today's provinces' unit ids.
const PROVINCE_PREFIX: &str = "2025/province/";

/// One province's line.
#[derive(Debug, Clone, Serialize, ToSchema, PartialEq)]
pub struct ProvinceLine {
    /// Today's unit id (`2025/province/42`), the drill-down to its own dashboard.
    pub unit_id: String,
    /// Its name.
    pub name: String,
    /// Products with a certificate in force, 3★.
    pub three_stars: i64,
    /// 4★.
    pub four_stars: i64,
    /// 5★.
    pub five_stars: i64,
    /// All stars.
    pub total: i64,
    /// Certificates in force that expire within six months.
    pub expiring: i64,
    /// Tasks of units in the province past their deadline.
    pub late_tasks: i64,
    /// Inspections due, open records, findings past deadline and proposals waiting.
    pub oversight_due: u64,
    /// Support disbursed since 1 January, VND.
    pub support_vnd_year: i64,
}

/// The country on one day.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct NationalDashboard {
    /// The day the figures are for.
    pub on: NaiveDate,
    /// Products with a certificate in force, by star.
    pub by_star: Vec<Count>,
    /// All of them.
    pub total: i64,
    /// Certificates in force that expire within six months.
    pub expiring: i64,
    /// Tasks past their deadline.
    pub late_tasks: i64,
    /// Support disbursed since 1 January, VND.
    pub support_vnd_year: i64,
    /// One line per today's province, by name.
    pub provinces: Vec<ProvinceLine>,
    /// Stars as bars (SVG).
    pub star_chart: String,
    /// Provinces as dots at their communes' mean position (SVG).
    pub map: String,
    /// Every dossier by its workflow state.
    pub dossiers_by_stage: Vec<Count>,
    /// Oversight counts of the whole country.
    pub oversight: OversightCounts,
    /// What oversight produced since 1 January.
    pub oversight_year: OversightTally,
}

/// Today's province of each record unit (a commune of either list, or a higher unit).
fn province_of(units: &HashSet<String>) -> Option<&str> {
    units
        .iter()
        .find(|u| u.starts_with(PROVINCE_PREFIX))
        .map(String::as_str)
}

/// The national dashboard on `on` (today when absent); central officers and administrators.
pub async fn national(db: &Database, actor: &Actor, on: Option<NaiveDate>) -> ServiceResult<NationalDashboard> {
    if !may_view_national(actor) {
        return Err(ServiceError::Forbidden);
    }
    let on = on.unwrap_or_else(today);
    let conn = db.conn();
    let provinces = admin_unit_repo::all_provinces(conn).await?;
    let mut lines: BTreeMap<String, ProvinceLine> = provinces
        .iter()
        .filter(|p| p.id.starts_with(PROVINCE_PREFIX))
        .map(|p| {
            (
                p.id.clone(),
                ProvinceLine {
                    unit_id: p.id.clone(),
                    name: p.full_name.clone(),
                    three_stars: 0,
                    four_stars: 0,
                    five_stars: 0,
                    total: 0,
                    expiring: 0,
                    late_tasks: 0,
                    oversight_due: 0,
                    support_vnd_year: 0,
                },
            )
        })
        .collect();

    // Certificates in force, placed in today's province of the product's commune.
    let facts = programme_repo::certificate_facts(conn, on, None).await?;
    let communes: Vec<String> = facts.iter().map(|f| f.commune_id.clone()).collect();
    let placed = containing_units(conn, &communes).await?;
    let mut in_force = Vec::new();
    let mut expiring = 0;
    for f in &facts {
        let status = status_on(&f.certificate, on);
        if !matches!(status, CertificateStatus::Valid | CertificateStatus::Expiring) {
            continue;
        }
        in_force.push(f.stars);
        let soon = status == CertificateStatus::Expiring;
        expiring += i64::from(soon);
        let Some(line) = placed
            .get(&f.commune_id)
            .and_then(province_of)
            .and_then(|p| lines.get_mut(p))
        else {
            continue;
        };
        match f.stars {
            3 => line.three_stars += 1,
            4 => line.four_stars += 1,
            5 => line.five_stars += 1,
            _ => {}
        }
        line.total += 1;
        line.expiring += i64::from(soon);
    }
    let by_star = star_counts(&in_force);

    // Late tasks, by today's province of their unit.
    let tasks: Vec<_> = programme_repo::all_tasks(conn, &TaskQuery::default())
        .await?
        .into_iter()
        .filter(|t| dto(t, on).status == TaskStatus::Late)
        .collect();
    let task_units = record_units(conn, &tasks.iter().map(|t| t.unit_id.clone()).collect::<Vec<_>>()).await?;
    for t in &tasks {
        if let Some(line) = task_units
            .get(&t.unit_id)
            .and_then(province_of)
            .and_then(|p| lines.get_mut(p))
        {
            line.late_tasks += 1;
        }
    }

    // Support disbursed since 1 January.
    let year_start = NaiveDate::from_ymd_opt(on.year(), 1, 1).unwrap_or(on);
    let supports: Vec<_> = programme_activity_repo::supports_until(conn, on)
        .await?
        .into_iter()
        .filter(|s| s.disbursed_on >= year_start)
        .collect();
    let support_units = record_units(conn, &supports.iter().map(|s| s.unit_id.clone()).collect::<Vec<_>>()).await?;
    for s in &supports {
        if let Some(line) = support_units
            .get(&s.unit_id)
            .and_then(province_of)
            .and_then(|p| lines.get_mut(p))
        {
            line.support_vnd_year += s.amount_vnd;
        }
    }

    // Oversight: the national worklist has a line per province code.
    let worklist = worklist_in(db, Area::National, on).await?;
    for counts in &worklist.by_province {
        if let Some(line) = counts
            .province_code
            .as_ref()
            .and_then(|code| lines.get_mut(&format!("{PROVINCE_PREFIX}{code}")))
        {
            line.oversight_due =
                counts.inspections_due + counts.records_open + counts.findings_past_deadline + counts.proposals_waiting;
        }
    }
    let oversight_year = tally_in(conn, Area::National, year_start, on).await?;

    // Each province at the mean position of its communes.
    let located = admin_unit_repo::mean_positions(conn, AdminLevel::Commune).await?;
    let points: Vec<CommunePoint> = lines
        .values()
        .map(|l| {
            let (lat, lon) = located.get(&l.unit_id).copied().unzip();
            CommunePoint {
                id: l.unit_id.clone(),
                name: l.name.clone(),
                count: l.total,
                lat,
                lon,
            }
        })
        .collect();
    let map = province_map("Sản phẩm OCOP còn hiệu lực theo tỉnh, thành phố", &points);
    let star_chart = target_bars(
        "Sản phẩm OCOP còn hiệu lực — cả nước",
        &by_star
            .iter()
            .map(|c| Bar {
                label: c.label.clone(),
                actual: c.count,
                target: 0,
            })
            .collect::<Vec<_>>(),
    );
    let stages = dossier_repo::stages(conn).await?;
    // By the province's own name, as officials list them ("An Giang" before "Thành phố Cần Thơ").
    let short: HashMap<&str, &str> = provinces.iter().map(|p| (p.id.as_str(), p.name.as_str())).collect();
    let mut provinces: Vec<ProvinceLine> = lines.into_values().collect();
    provinces.sort_by(|a, b| {
        let name = |l: &ProvinceLine| short.get(l.unit_id.as_str()).copied().unwrap_or_default().to_owned();
        compare_vi(&name(a), &name(b))
    });
    Ok(NationalDashboard {
        on,
        total: in_force.len() as i64,
        by_star,
        expiring,
        late_tasks: tasks.len() as i64,
        support_vnd_year: supports.iter().map(|s| s.amount_vnd).sum(),
        provinces,
        star_chart,
        map,
        dossiers_by_stage: count_stages(stages.iter().map(|(state, _)| state.as_str())),
        oversight: worklist.total,
        oversight_year,
    })
}
