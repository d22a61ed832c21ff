//! The programme dashboard of one unit on one day: certified products by
//! star, by product set and by today's commune, certificates expiring, late
//! tasks, the targets of the unit's plan for the year against their actuals,
//! and SVG drawings made on the server (stars as bars, targets against
//! actuals, the province map from the communes' centroids — no tiles).
//!
//! Dossiers by stage count every dossier whose commune (old or new list) lies
//! in the unit today, by its workflow state.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;

use chrono::NaiveDate;
use ocop_domain::certificate::CertificateStatus;
use ocop_domain::role::Actor;
use ocop_storage::ConnectionTrait;
use ocop_storage::Database;
use ocop_storage::repo::{admin_unit_repo, dossier_repo, programme_repo};
use serde::Serialize;
use utoipa::ToSchema;

use super::charts::{Bar, progress_bars, target_bars};
use super::plans::{PlanDto, view_of};
use super::tasks::dto;
use super::units::{containing_units, members_of};
use super::{require_view, unit_area};
use crate::admin_units::today;
use crate::certificates::status_on;
use crate::error::ServiceResult;
use crate::oversight::worklist::{OversightCounts, OversightTally, tally_in, worklist_in};
use ocop_domain::programme::task::TaskStatus;
use ocop_storage::repo::oversight_repo::Area;
use ocop_storage::repo::programme_repo::TaskQuery;

/// A count per label.
#[derive(Debug, Clone, Serialize, ToSchema, PartialEq)]
pub struct Count {
    /// Code or id.
    pub key: String,
    /// Name shown.
    pub label: String,
    /// How many.
    pub count: i64,
}

/// A commune on the map.
#[derive(Debug, Clone, Serialize, ToSchema, PartialEq)]
pub struct CommunePoint {
    /// Today's commune id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Certified products (valid on the day).
    pub count: i64,
    /// Centroid latitude.
    pub lat: Option<f64>,
    /// Centroid longitude.
    pub lon: Option<f64>,
}

/// The dashboard.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Dashboard {
    /// The unit.
    pub unit_id: String,
    /// Its full name.
    pub unit_name: String,
    /// The day.
    pub on: NaiveDate,
    /// Products with a valid (or expiring) certificate, by stars (3, 4, 5).
    pub by_star: Vec<Count>,
    /// The same, by product set.
    pub by_product_set: Vec<Count>,
    /// The same, by today's commune (with centroids).
    pub by_commune: Vec<CommunePoint>,
    /// Certificates in their last 6 months.
    pub expiring: i64,
    /// Late tasks of the unit and the units inside it.
    pub late_tasks: i64,
    /// Bars of certified products by stars (SVG).
    pub star_chart: String,
    /// The map (SVG): every commune of the province as a dot, certified ones larger.
    pub map: String,
    /// Dossiers of the unit by workflow state (`key` and `label` are the state code).
    pub dossiers_by_stage: Vec<Count>,
    /// The unit's plan for the year of `on`, its targets against their actuals on `on`.
    pub plan: Option<PlanDto>,
    /// Targets against actuals (SVG), when there is a plan.
    pub plan_chart: Option<String>,
    /// Oversight in the unit's province on `on` (oversight is recorded per province): inspections
    /// due, records open, findings past their last day, proposals waiting, cases by age.
    pub oversight: OversightCounts,
    /// What oversight produced in that province from 1 January to `on`.
    pub oversight_year: OversightTally,
}

/// Dossiers of the unit by workflow state (state codes of `dossier.state`, in
/// the order of the workflow; states with no dossier are left out).
pub async fn dossiers_by_stage<C: ConnectionTrait>(conn: &C, unit_id: &str) -> ServiceResult<Vec<Count>> {
    let rows = dossier_repo::stages(conn).await?;
    let inside = members_of(conn, unit_id).await?;
    Ok(count_stages(
        rows.iter()
            .filter(|(_, commune)| inside.contains(commune))
            .map(|(state, _)| state.as_str()),
    ))
}

/// Dossier states counted, in the workflow's order (states with none left out).
pub(crate) fn count_stages<'a>(states: impl Iterator<Item = &'a str>) -> Vec<Count> {
    let mut counts: HashMap<&str, i64> = HashMap::new();
    for state in states {
        *counts.entry(state).or_default() += 1;
    }
    STAGES
        .iter()
        .filter_map(|&stage| {
            counts.get(stage).map(|&count| Count {
                key: stage.to_owned(),
                label: stage.to_owned(),
                count,
            })
        })
        .collect()
}

/// Certificates in force counted by star, 3★ to 5★ (a star with none still listed).
pub(crate) fn star_counts(stars: &[i32]) -> Vec<Count> {
    (3..=5)
        .map(|s| Count {
            key: s.to_string(),
            label: format!("{s}★"),
            count: stars.iter().filter(|&&x| x == s).count() as i64,
        })
        .collect()
}

const STAGES: [&str; 15] = [
    "draft",
    "submitted",
    "resubmitted",
    "commune_review",
    "returned_by_commune",
    "commune_report",
    "proposed",
    "check",
    "returned",
    "eligible",
    "scheduled",
    "scoring",
    "scored",
    "recognised",
    "not_recognised",
];

/// Builds the dashboard of `unit_id` on `on` (today when `None`).
pub async fn dashboard(db: &Database, actor: &Actor, unit_id: &str, on: Option<NaiveDate>) -> ServiceResult<Dashboard> {
    let (unit, area) = unit_area(db.conn(), unit_id).await?;
    require_view(actor, &area)?;
    let on = on.unwrap_or_else(today);
    let inside = members_of(db.conn(), &unit.id).await?;
    let facts = programme_repo::certificate_facts(db.conn(), on, Some(&inside)).await?;
    // Today's communes of the records inside (for the counts by commune and the map).
    let communes: Vec<String> = facts.iter().map(|f| f.commune_id.clone()).collect();
    let membership = containing_units(db.conn(), &communes).await?;
    let mut in_force: Vec<i32> = Vec::new();
    let mut by_set: BTreeMap<String, i64> = BTreeMap::new();
    let mut by_commune: HashMap<String, i64> = HashMap::new();
    let mut expiring = 0;
    for f in &facts {
        let Some(units) = membership.get(&f.commune_id) else {
            continue;
        };
        let status = status_on(&f.certificate, on);
        if !matches!(status, CertificateStatus::Valid | CertificateStatus::Expiring) {
            continue;
        }
        if status == CertificateStatus::Expiring {
            expiring += 1;
        }
        in_force.push(f.stars);
        *by_set.entry(f.product_set_code.clone()).or_default() += 1;
        for u in units.iter().filter(|u| u.starts_with("2025/commune/")) {
            *by_commune.entry(u.clone()).or_default() += 1;
        }
    }
    // Every commune of today's province (for the map), with the counts.
    let province_id = area.province_codes.first().map(|p| format!("2025/province/{p}"));
    let mut all_communes = match &province_id {
        Some(p) => programme_repo::children_of(db.conn(), p, "commune").await?,
        None => Vec::new(),
    };
    if unit.level == "commune" {
        all_communes.retain(|c| by_commune.contains_key(&c.id) || c.id == unit.id);
    }
    let known: HashMap<String, ocop_storage::entities::admin_unit::Model> =
        admin_unit_repo::get_many(db.conn(), &by_commune.keys().cloned().collect::<Vec<_>>()).await?;
    let mut points: Vec<CommunePoint> = all_communes
        .iter()
        .map(|c| CommunePoint {
            id: c.id.clone(),
            name: c.full_name.clone(),
            count: by_commune.get(&c.id).copied().unwrap_or(0),
            lat: c.lat,
            lon: c.lon,
        })
        .collect();
    for (id, count) in &by_commune {
        if !points.iter().any(|p| &p.id == id)
            && let Some(c) = known.get(id)
        {
            points.push(CommunePoint {
                id: id.clone(),
                name: c.full_name.clone(),
                count: *count,
                lat: c.lat,
                lon: c.lon,
            });
        }
    }
    let late_tasks = programme_repo::all_tasks(
        db.conn(),
        &TaskQuery {
            province_code: (unit.level == "province")
                .then(|| area.province_codes.first().cloned())
                .flatten(),
            unit_id: (unit.level != "province").then(|| unit.id.clone()),
            ..TaskQuery::default()
        },
    )
    .await?
    .iter()
    .filter(|t| dto(t, on).status == TaskStatus::Late)
    .count() as i64;
    let by_star = star_counts(&in_force);
    let star_chart = target_bars(
        &format!("Sản phẩm OCOP còn hiệu lực — {}", unit.full_name),
        &by_star
            .iter()
            .map(|c| Bar {
                label: c.label.clone(),
                actual: c.count,
                target: 0,
            })
            .collect::<Vec<_>>(),
    );
    let map = province_map(&unit.full_name, &points);
    let plan = match programme_repo::find_plan(db.conn(), &unit.id, chrono::Datelike::year(&on)).await? {
        Some(plan) => Some(view_of(db.conn(), plan, on).await?),
        None => None,
    };
    let plan_chart = plan.as_ref().map(|p| {
        progress_bars(
            &format!("{} — {}", p.title, p.unit_name),
            &p.targets
                .iter()
                .filter(|t| t.actual.is_some())
                .map(|t| Bar {
                    label: t.text.clone(),
                    actual: t.actual.unwrap_or(0),
                    target: i64::from(t.count),
                })
                .collect::<Vec<_>>(),
        )
    });
    let oversight_area = match area.province_codes.first() {
        Some(p) => Area::Province(p),
        None => Area::National,
    };
    let oversight = worklist_in(db, oversight_area, on).await?.total;
    let year_start = NaiveDate::from_ymd_opt(chrono::Datelike::year(&on), 1, 1).unwrap_or(on);
    let oversight_year = tally_in(db.conn(), oversight_area, year_start, on).await?;
    let mut with_products: Vec<CommunePoint> = points.iter().filter(|p| p.count > 0).cloned().collect();
    with_products.sort_by(|a, b| b.count.cmp(&a.count).then(a.name.cmp(&b.name)));
    Ok(Dashboard {
        unit_id: unit.id.clone(),
        unit_name: unit.full_name.clone(),
        on,
        by_star,
        by_product_set: by_set
            .into_iter()
            .map(|(k, v)| Count {
                label: k.clone(),
                key: k,
                count: v,
            })
            .collect(),
        by_commune: with_products,
        expiring,
        late_tasks,
        star_chart,
        map,
        dossiers_by_stage: dossiers_by_stage(db.conn(), &unit.id).await?,
        plan,
        plan_chart,
        oversight,
        oversight_year,
    })
}

/// Draws communes as dots at their centroids (equirectangular, longitude
/// scaled by the cosine of the mean latitude); a commune with certified
/// products gets a larger red dot whose area grows with the count.
pub fn province_map(title: &str, points: &[CommunePoint]) -> String {
    let located: Vec<(&CommunePoint, f64, f64)> = points.iter().filter_map(|p| Some((p, p.lat?, p.lon?))).collect();
    let (w, h, pad) = (360.0_f64, 360.0_f64, 12.0_f64);
    let mut svg = String::new();
    let esc = |t: &str| {
        t.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .replace('"', "&quot;")
    };
    let _ = write!(
        svg,
        r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="100%" role="img" aria-label="{t}"><title>{t}</title><rect width="{w}" height="{h}" fill="#f4f7f4"/>"##,
        t = esc(title)
    );
    if located.is_empty() {
        svg.push_str("</svg>");
        return svg;
    }
    let (min_lat, max_lat) = located
        .iter()
        .fold((f64::MAX, f64::MIN), |(a, b), (_, lat, _)| (a.min(*lat), b.max(*lat)));
    let (min_lon, max_lon) = located
        .iter()
        .fold((f64::MAX, f64::MIN), |(a, b), (_, _, lon)| (a.min(*lon), b.max(*lon)));
    let k = ((min_lat + max_lat) / 2.0).to_radians().cos();
    let span_x = ((max_lon - min_lon) * k).max(1e-6);
    let span_y = (max_lat - min_lat).max(1e-6);
    let scale = ((w - 2.0 * pad) / span_x).min((h - 2.0 * pad) / span_y);
    let max_count = located.iter().map(|(p, _, _)| p.count).max().unwrap_or(0).max(1) as f64;
    for (p, lat, lon) in &located {
        let x = pad + (lon - min_lon) * k * scale;
        let y = pad + (max_lat - lat) * scale;
        if p.count > 0 {
            let r = 3.0 + 9.0 * (p.count as f64 / max_count).sqrt();
            let _ = write!(
                svg,
                r##"<circle cx="{x:.1}" cy="{y:.1}" r="{r:.1}" fill="#c62828" fill-opacity="0.75"><title>{} — {}</title></circle>"##,
                esc(&p.name),
                p.count
            );
        } else {
            let _ = write!(
                svg,
                r##"<circle cx="{x:.1}" cy="{y:.1}" r="1.6" fill="#9e9e9e"><title>{}</title></circle>"##,
                esc(&p.name)
            );
        }
    }
    svg.push_str("</svg>");
    svg
}
