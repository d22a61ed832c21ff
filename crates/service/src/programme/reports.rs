//! Six-monthly and annual programme reports (báo cáo 6 tháng, báo cáo năm)
//! per unit — a province, a commune, a district for periods before July
//! 2025, or the whole country for central officers — in the shape officials
//! send upward: summary figures, a table by commune (by province for the
//! country) and by star, the lists of new, upgraded, re-certified, expired
//! and revoked products, task completion and the plan's targets against
//! their actuals.
//!
//! Figures are computed from the stored facts for the period up to its last
//! day (or today while it runs). Records made before the reform are shown
//! under the units they were recorded with, or re-aggregated to today's units
//! through the conversion (`UnitView`). The .xlsx and PDF forms are made from
//! the same [`ProgrammeReport`] (`report_xlsx`, `report_pdf`).

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::NaiveDate;
use ocop_domain::ErrorCode;
use ocop_domain::certificate::CertificateStatus;
use ocop_domain::producer::LegalForm;
use ocop_domain::programme::actuals::Facts;
use ocop_domain::programme::directive::{Deadline, OfficeKind};
use ocop_domain::programme::period::{ReportPeriod, UnitView};
use ocop_domain::programme::report::{
    Movement, ReportCertificate, Tally, in_force_on, movements, producers_by_form, tally, total,
};
use ocop_domain::programme::task::Completion;
use ocop_domain::role::{Actor, RecordArea, Role};
use ocop_storage::Database;
use ocop_storage::entities::admin_unit;
use ocop_storage::repo::oversight_repo::Area;
use ocop_storage::repo::programme_repo::{self, TaskQuery};
use ocop_storage::repo::{admin_unit_repo, programme_activity_repo};
use sea_orm::ConnectionTrait;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use super::charts::{Bar, progress_bars, target_bars};
use super::dashboard::{CommunePoint, province_map};
use super::facts::{Within, activity_facts_in, certificates_in, end_of_day};
use super::plans::{PlanDto, view_of};
use super::units::{Placement, placements};
use super::{require_view, unit_area};
use crate::admin_units::today;
use crate::certificates::{expiring_window_months, facts as lifecycle};
use crate::error::{ServiceError, ServiceResult};

/// The unit id that asks for the whole country.
pub const NATIONAL: &str = "national";

/// What a report is asked for.
#[derive(Debug, Clone, Default, Deserialize, ToSchema, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ReportParams {
    /// `national` (administrators and central officers), or a unit:
    /// `2025/province/42`, `2025/commune/18673`, `pre2025/district/446`.
    pub unit_id: String,
    /// `2026-H1`, `2026-H2` or `2026`.
    pub period: String,
    /// `current` (default: re-aggregated to today's units) or `recorded`
    /// (under the units each record was made with).
    pub units: Option<String>,
}

/// A checked request.
#[derive(Debug, Clone)]
pub struct ReportRequest {
    /// The unit, `None` for the whole country.
    pub unit: Option<(admin_unit::Model, RecordArea)>,
    /// The period.
    pub period: ReportPeriod,
    /// How units are shown.
    pub view: UnitView,
}

impl ReportRequest {
    /// What the figures are limited to.
    pub fn within_unit(&self) -> Within {
        match &self.unit {
            None => Within::Country,
            Some((u, _)) => Within::Unit(u.id.clone()),
        }
    }

    /// The file name stem: `bao-cao-ocop-2025-province-42-2026-H1`.
    pub fn file_stem(&self, prefix: &str) -> String {
        let unit = match &self.unit {
            None => NATIONAL.to_owned(),
            Some((u, _)) => u.id.replace('/', "-"),
        };
        format!("{prefix}-{unit}-{}", self.period.code())
    }
}

/// Checks the parameters: the period has begun; a district only for
/// periods before the reform; a unit still existing when the period begins.
pub async fn resolve<C: ConnectionTrait>(conn: &C, params: &ReportParams) -> ServiceResult<ReportRequest> {
    let period = ReportPeriod::parse(&params.period).map_err(|code| ServiceError::field("period", code))?;
    let view = UnitView::parse(params.units.as_deref().unwrap_or_default())
        .map_err(|code| ServiceError::field("units", code))?;
    if period.from() > today() {
        return Err(ServiceError::field("period", ErrorCode::InvalidPeriod));
    }
    let unit_id = params.unit_id.trim();
    let unit = if unit_id == NATIONAL {
        None
    } else {
        let (unit, area) = unit_area(conn, unit_id).await?;
        match unit.level.as_str() {
            "province" | "commune" => {}
            "district" if period.before_reform() => {}
            _ => return Err(ServiceError::field("unit_id", ErrorCode::WrongAdminLevel)),
        }
        if unit.valid_to.is_some_and(|end| end < period.from()) {
            return Err(ServiceError::field("unit_id", ErrorCode::UnknownAdminUnit));
        }
        Some((unit, area))
    };
    Ok(ReportRequest { unit, period, view })
}

/// Refuses unless the actor may read the unit's programme records (the
/// country: administrators and central officers).
pub fn authorize(actor: &Actor, request: &ReportRequest) -> ServiceResult<()> {
    match &request.unit {
        None if matches!(actor.role, Role::Administrator | Role::CentralOfficer) => Ok(()),
        None => Err(ServiceError::Forbidden),
        Some((_, area)) => require_view(actor, area),
    }
}

/// A count with its label.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq)]
pub struct LabelledCount {
    /// Code.
    pub key: String,
    /// Vietnamese label.
    pub label: String,
    /// How many.
    pub count: i64,
}

/// The summary figures.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq)]
pub struct ReportSummary {
    /// Every figure by star for the whole unit.
    pub tally: Tally,
    /// Products in force on the last day.
    pub in_force: i64,
    /// Of those, expiring.
    pub expiring: i64,
    /// Products certified in the period (new + upgraded + re-certified).
    pub certified: i64,
    /// New products.
    pub new: i64,
    /// Upgraded products.
    pub upgraded: i64,
    /// Re-certified products.
    pub recertified: i64,
    /// Certificates expired.
    pub expired: i64,
    /// Certificates revoked.
    pub revoked: i64,
    /// Producers with a product in force on the last day.
    pub producers: i64,
    /// The same by legal form.
    pub producers_by_form: Vec<LabelledCount>,
    /// Products proposed to the central level for 5★ in the period.
    pub proposed_five_star: i64,
    /// Fairs and promotion events the unit's producers attended.
    pub fairs: i64,
    /// Training courses that ended in the period.
    pub trainings: i64,
    /// Officials they trained.
    pub officials_trained: i64,
    /// Other people they trained.
    pub others_trained: i64,
    /// Support disbursements.
    pub supports: i64,
    /// Their total in VND.
    pub support_vnd: i64,
    /// Products in force whose revenue for the period's year is recorded.
    pub revenue_products: i64,
    /// Their revenue in VND.
    pub revenue_vnd: i64,
}

/// One row of the table by unit.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq)]
pub struct UnitRow {
    /// The unit's id.
    pub key: String,
    /// Its name (an old unit with its district, marked as such).
    pub label: String,
    /// A unit of the list before the reform.
    pub before_reform: bool,
    /// Its figures by star.
    pub tally: Tally,
}

/// One row of the table by star.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq)]
pub struct StarRow {
    /// 3, 4 or 5.
    pub stars: u8,
    /// In force on the last day.
    pub in_force: i64,
    /// Of those, expiring.
    pub expiring: i64,
    /// New.
    pub new: i64,
    /// Upgraded.
    pub upgraded: i64,
    /// Re-certified.
    pub recertified: i64,
    /// Expired.
    pub expired: i64,
    /// Revoked.
    pub revoked: i64,
}

/// A product in one of the lists.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq)]
pub struct ProductLine {
    /// Which list.
    pub movement: Movement,
    /// The product.
    pub product_id: Uuid,
    /// Its name.
    pub product_name: String,
    /// The producer's name.
    pub producer_name: String,
    /// The unit it is shown under.
    pub unit_label: String,
    /// Stars of the certificate.
    pub stars: u8,
    /// Stars of the previous certificate (upgrades, re-certifications).
    pub previous_stars: Option<u8>,
    /// Certificate number.
    pub certificate_number: String,
    /// The day (issue, first day expired, revocation).
    pub on: NaiveDate,
}

/// A task in the report.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq)]
pub struct TaskLine {
    /// Id.
    pub id: Uuid,
    /// Title.
    pub title: String,
    /// Office responsible (Vietnamese).
    pub office: String,
    /// Deadline (Vietnamese).
    pub deadline: String,
    /// Last day allowed.
    pub due_on: Option<NaiveDate>,
    /// Day done.
    pub done_on: Option<NaiveDate>,
    /// How it stands on the report's day.
    pub completion: Completion,
}

/// Task completion in the period.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq)]
pub struct TaskSummary {
    /// Done by the deadline.
    pub done_on_time: i64,
    /// Done after it.
    pub done_late: i64,
    /// Overdue and not done.
    pub late: i64,
    /// Still open.
    pub open: i64,
    /// The tasks of the period: due in it, done in it, or without a deadline.
    pub tasks: Vec<TaskLine>,
}

/// A programme report.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ProgrammeReport {
    /// `national` or the unit's id.
    pub unit_id: String,
    /// The unit's full name ("Toàn quốc" for the country).
    pub unit_name: String,
    /// `national`, `province`, `district` or `commune`.
    pub unit_level: String,
    /// Period code.
    pub period: String,
    /// "6 tháng đầu năm 2026".
    pub period_label: String,
    /// First day.
    pub from: NaiveDate,
    /// Last day.
    pub to: NaiveDate,
    /// The day the figures are as of (the last day, or today while the period runs).
    pub as_of: NaiveDate,
    /// The day the report was made.
    pub made_on: NaiveDate,
    /// How units are shown.
    pub units: UnitView,
    /// The same in words.
    pub units_label: String,
    /// Summary figures.
    pub summary: ReportSummary,
    /// `commune` (a province, district or commune report) or `province` (the country).
    pub rows_level: String,
    /// The table by unit.
    pub by_unit: Vec<UnitRow>,
    /// The table by star.
    pub by_star: Vec<StarRow>,
    /// New, upgraded, re-certified, expired and revoked products, in day order within each list
    /// (certificate number order within a day).
    pub products: Vec<ProductLine>,
    /// Task completion.
    pub tasks: TaskSummary,
    /// The unit's plan for the year, its targets against actuals on `as_of`.
    pub plan: Option<PlanDto>,
    /// Products in force by stars (SVG).
    pub star_chart: String,
    /// Targets against actuals (SVG), when there is a plan.
    pub plan_chart: Option<String>,
    /// Today's communes of the province with products in force (SVG), for a province of today's list.
    pub map: Option<String>,
    /// What oversight (hậu kiểm) produced in the period: inspections, findings by kind,
    /// suspensions and revocations that resulted, cases opened. Oversight is recorded per
    /// province, so a report of the country or of one province has it; a commune's has none.
    pub oversight: Option<crate::oversight::worklist::OversightTally>,
}

/// The report, for an actor who may read the unit.
pub async fn report(db: &Database, actor: &Actor, params: &ReportParams) -> ServiceResult<ProgrammeReport> {
    let request = resolve(db.conn(), params).await?;
    authorize(actor, &request)?;
    build(db.conn(), &request, today()).await
}

/// The report for the operator at the command line (the server's own rights).
pub async fn report_as_operator(db: &Database, params: &ReportParams) -> ServiceResult<ProgrammeReport> {
    let request = resolve(db.conn(), params).await?;
    build(db.conn(), &request, today()).await
}

fn star_rows(t: &Tally) -> Vec<StarRow> {
    (0..3)
        .map(|i| StarRow {
            stars: 3 + i as u8,
            in_force: t.in_force[i],
            expiring: t.expiring[i],
            new: t.new[i],
            upgraded: t.upgraded[i],
            recertified: t.recertified[i],
            expired: t.expired[i],
            revoked: t.revoked[i],
        })
        .collect()
}

/// The group a product is shown under.
fn group_of(placement: &Placement, country: bool, view: UnitView) -> String {
    match (country, view) {
        (true, UnitView::Recorded) => placement.recorded_province.clone(),
        (true, UnitView::Current) => placement.current_province.clone(),
        (false, UnitView::Recorded) => placement.recorded_commune.clone(),
        (false, UnitView::Current) => placement.current_commune.clone(),
    }
}

/// Labels for unit ids: today's units by their full name; an old commune
/// with its district; an old unit marked "(trước 01/07/2025)".
async fn labels<C: ConnectionTrait>(
    conn: &C,
    ids: &[String],
) -> ServiceResult<HashMap<String, (String, bool, Vec<u8>)>> {
    let units = admin_unit_repo::get_many(conn, ids).await?;
    let parents: Vec<String> = units.values().filter_map(|u| u.parent_id.clone()).collect();
    let parents = admin_unit_repo::get_many(conn, &parents).await?;
    Ok(ids
        .iter()
        .map(|id| {
            let Some(u) = units.get(id) else {
                return (id.clone(), (id.clone(), false, Vec::new()));
            };
            let old = u.valid_to.is_some();
            let mut label = u.full_name.clone();
            if let Some(district) = u
                .parent_id
                .as_ref()
                .and_then(|p| parents.get(p))
                .filter(|p| p.level == "district")
            {
                label = format!("{label}, {}", district.full_name);
            }
            if old {
                label.push_str(" (trước 01/07/2025)");
            }
            (id.clone(), (label, old, u.sort_key.clone()))
        })
        .collect())
}

/// The tasks a report covers and how each stands on `as_of`.
async fn task_summary<C: ConnectionTrait>(
    conn: &C,
    request: &ReportRequest,
    as_of: NaiveDate,
) -> ServiceResult<TaskSummary> {
    let query = match &request.unit {
        None => TaskQuery::default(),
        Some((unit, area)) if unit.level == "province" && area.province_codes.len() == 1 => TaskQuery {
            province_code: area.province_codes.first().cloned(),
            ..TaskQuery::default()
        },
        Some((unit, _)) => TaskQuery {
            unit_id: Some(unit.id.clone()),
            ..TaskQuery::default()
        },
    };
    let (from, to) = (request.period.from(), request.period.to());
    let last_instant = end_of_day(to);
    let rows = programme_repo::all_tasks(conn, &query).await?;
    let mut summary = TaskSummary {
        done_on_time: 0,
        done_late: 0,
        late: 0,
        open: 0,
        tasks: Vec::new(),
    };
    for t in rows {
        let due_in = t.due_on.is_some_and(|d| d >= from && d <= to);
        let done_in = t.done_on.is_some_and(|d| d >= from && d <= as_of);
        let standing = t.due_on.is_none() && t.created_at < last_instant && t.done_on.is_none_or(|d| d >= from);
        if !(due_in || done_in || standing) {
            continue;
        }
        let completion = Completion::on(t.due_on, t.done_on, as_of);
        match completion {
            Completion::DoneOnTime => summary.done_on_time += 1,
            Completion::DoneLate => summary.done_late += 1,
            Completion::Late => summary.late += 1,
            Completion::Open => summary.open += 1,
        }
        summary.tasks.push(TaskLine {
            id: t.id,
            office: OfficeKind::from_code(&t.responsible)
                .unwrap_or(OfficeKind::Departments)
                .label_vi_on(as_of)
                .to_owned(),
            deadline: Deadline::from_code(&t.deadline).unwrap_or(Deadline::None).label_vi(),
            title: t.title,
            due_on: t.due_on,
            done_on: t.done_on,
            completion,
        });
    }
    summary.tasks.sort_by_key(|t| (t.due_on.is_none(), t.due_on, t.id));
    Ok(summary)
}

fn activity_summary(facts: &Facts, from: NaiveDate, to: NaiveDate) -> (i64, i64, i64, i64, i64, i64, i64) {
    let within = |d: NaiveDate| d >= from && d <= to;
    let proposed = facts
        .proposals
        .iter()
        .filter(|p| within(p.on))
        .map(|p| p.product_id)
        .collect::<HashSet<_>>()
        .len() as i64;
    let fairs = facts
        .fairs
        .iter()
        .filter(|f| within(f.on))
        .map(|f| f.event_id)
        .collect::<HashSet<_>>()
        .len() as i64;
    let trainings: Vec<_> = facts.trainings.iter().filter(|t| within(t.on)).collect();
    let supports: Vec<_> = facts.supports.iter().filter(|s| within(s.on)).collect();
    (
        proposed,
        fairs,
        trainings.len() as i64,
        trainings.iter().map(|t| t.officials).sum(),
        trainings.iter().map(|t| t.others).sum(),
        supports.len() as i64,
        supports.iter().map(|s| s.amount_vnd).sum(),
    )
}

/// Builds the report of a checked request, `today` being the day it is made.
pub async fn build<C: ConnectionTrait>(
    conn: &C,
    request: &ReportRequest,
    today: NaiveDate,
) -> ServiceResult<ProgrammeReport> {
    let (from, to) = (request.period.from(), request.period.to());
    let as_of = to.min(today);
    let within = request.within_unit();
    let country = request.unit.is_none();
    let window = expiring_window_months();
    let rows = certificates_in(conn, &within, as_of).await?;
    let place_of = placements(conn, &rows.iter().map(|f| f.commune_id.clone()).collect::<Vec<_>>()).await?;
    let certificates: Vec<ReportCertificate> = rows
        .iter()
        .map(|f| ReportCertificate {
            id: f.id,
            product_id: f.product_id,
            producer_id: f.producer_id,
            legal_form: LegalForm::parse(&f.legal_form).ok(),
            stars: u8::try_from(f.stars).unwrap_or_default(),
            lifecycle: lifecycle(&f.certificate),
            group: place_of
                .get(&f.commune_id)
                .map(|p| group_of(p, country, request.view))
                .unwrap_or_else(|| f.commune_id.clone()),
        })
        .collect();
    let (whole, groups) = tally(&certificates, from, as_of, window);
    let keys: Vec<String> = groups.keys().cloned().collect();
    let names = labels(conn, &keys).await?;
    let mut by_unit: Vec<UnitRow> = groups
        .into_iter()
        .map(|(key, tally)| {
            let (label, before_reform, _) = names.get(&key).cloned().unwrap_or_default();
            UnitRow {
                key,
                label,
                before_reform,
                tally,
            }
        })
        .collect();
    by_unit.sort_by(|a, b| {
        let sort = |k: &str| names.get(k).map(|n| n.2.clone()).unwrap_or_default();
        (a.before_reform, sort(&a.key), &a.key).cmp(&(b.before_reform, sort(&b.key), &b.key))
    });
    let label_of = |group: &str| {
        names
            .get(group)
            .map(|n| n.0.clone())
            .unwrap_or_else(|| group.to_owned())
    };

    let mut products: Vec<ProductLine> = movements(&certificates, from, as_of)
        .into_iter()
        .map(|line| {
            let c = &certificates[line.index];
            let f = &rows[line.index];
            ProductLine {
                movement: line.movement,
                product_id: c.product_id,
                product_name: f.product_name.clone(),
                producer_name: f.producer_name.clone(),
                unit_label: label_of(&c.group),
                stars: c.stars,
                previous_stars: line.previous_stars,
                certificate_number: f.certificate.number.clone(),
                on: line.on,
            }
        })
        .collect();
    products.sort_by(|a, b| {
        let rank = |p: &ProductLine| Movement::ALL.iter().position(|m| *m == p.movement);
        (rank(a), a.on, &a.certificate_number).cmp(&(rank(b), b.on, &b.certificate_number))
    });

    let (forms, producers) = producers_by_form(&certificates, as_of, window);
    let producers_by_form = forms
        .into_iter()
        .map(|(form, count)| LabelledCount {
            key: form.map_or("unknown", LegalForm::as_str).to_owned(),
            label: form.map_or("Chưa rõ loại hình", |f| f.label().0).to_owned(),
            count,
        })
        .collect();

    let in_force = in_force_on(&certificates, as_of, window);
    let revenues: HashMap<Uuid, i64> = programme_activity_repo::revenues_in(conn, request.period.year)
        .await?
        .into_iter()
        .map(|r| (r.product_id, r.revenue_vnd))
        .collect();
    let known: Vec<i64> = in_force
        .iter()
        .filter_map(|i| revenues.get(&certificates[*i].product_id).copied())
        .collect();

    let facts = activity_facts_in(conn, &within, as_of).await?;
    let (proposed, fairs, trainings, officials, others, supports, support_vnd) = activity_summary(&facts, from, as_of);
    let summary = ReportSummary {
        in_force: total(&whole.in_force),
        expiring: total(&whole.expiring),
        certified: total(&whole.new) + total(&whole.upgraded) + total(&whole.recertified),
        new: total(&whole.new),
        upgraded: total(&whole.upgraded),
        recertified: total(&whole.recertified),
        expired: total(&whole.expired),
        revoked: total(&whole.revoked),
        tally: whole.clone(),
        producers,
        producers_by_form,
        proposed_five_star: proposed,
        fairs,
        trainings,
        officials_trained: officials,
        others_trained: others,
        supports,
        support_vnd,
        revenue_products: known.len() as i64,
        revenue_vnd: known.iter().sum(),
    };

    let plan = match &request.unit {
        Some((unit, _)) => match programme_repo::find_plan(conn, &unit.id, request.period.year).await? {
            Some(plan) => Some(view_of(conn, plan, as_of).await?),
            None => None,
        },
        None => None,
    };
    let (unit_id, unit_name, unit_level) = match &request.unit {
        None => (NATIONAL.to_owned(), "Toàn quốc".to_owned(), NATIONAL.to_owned()),
        Some((u, _)) => (u.id.clone(), u.full_name.clone(), u.level.clone()),
    };
    let star_chart = target_bars(
        &format!(
            "Sản phẩm OCOP còn hiệu lực đến {} — {unit_name}",
            as_of.format("%d/%m/%Y")
        ),
        &star_rows(&whole)
            .iter()
            .map(|r| Bar {
                label: star_label(r.stars),
                actual: r.in_force,
                target: 0,
            })
            .collect::<Vec<_>>(),
    );
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
    let map = match &request.unit {
        Some((unit, _)) if unit.level == "province" && unit.valid_to.is_none() => {
            let mut counts: BTreeMap<String, i64> = BTreeMap::new();
            for i in &in_force {
                let c = &rows[*i];
                if let Some(p) = place_of.get(&c.commune_id) {
                    *counts.entry(p.current_commune.clone()).or_default() += 1;
                }
            }
            let communes = programme_repo::children_of(conn, &unit.id, "commune").await?;
            let points: Vec<CommunePoint> = communes
                .into_iter()
                .map(|c| CommunePoint {
                    count: counts.get(&c.id).copied().unwrap_or(0),
                    id: c.id,
                    name: c.full_name,
                    lat: c.lat,
                    lon: c.lon,
                })
                .collect();
            Some(province_map(&unit_name, &points))
        }
        _ => None,
    };
    let oversight_area = match &request.unit {
        None => Some(Area::National),
        Some((u, area)) if u.level == "province" && area.province_codes.len() == 1 => {
            area.province_codes.first().map(|p| Area::Province(p))
        }
        Some(_) => None,
    };
    let oversight = match oversight_area {
        Some(area) => Some(crate::oversight::worklist::tally_in(conn, area, from, as_of).await?),
        None => None,
    };
    let (units_vi, _) = request.view.label();
    Ok(ProgrammeReport {
        unit_id,
        unit_name,
        unit_level,
        period: request.period.code(),
        period_label: request.period.label_vi(),
        from,
        to,
        as_of,
        made_on: today,
        units: request.view,
        units_label: units_vi.to_owned(),
        summary,
        rows_level: if country { "province" } else { "commune" }.to_owned(),
        by_unit,
        by_star: star_rows(&whole),
        products,
        tasks: task_summary(conn, request, as_of).await?,
        plan,
        star_chart,
        plan_chart,
        map,
        oversight,
    })
}

/// "3 sao", "4 sao", "5 sao".
pub fn star_label(stars: u8) -> String {
    format!("{stars} sao")
}

/// The status of a certificate on a day in the words of the export (`TrangThai`).
pub fn status_words(status: CertificateStatus) -> &'static str {
    match status {
        CertificateStatus::Valid => "Còn hiệu lực",
        CertificateStatus::Expiring => "Sắp hết hạn",
        CertificateStatus::Expired => "Hết hiệu lực",
        CertificateStatus::Suspended => "Tạm đình chỉ",
        CertificateStatus::Superseded => "Đã được thay thế",
        CertificateStatus::Revoked => "Đã thu hồi",
        CertificateStatus::NotYetValid => "Chưa có hiệu lực",
    }
}
