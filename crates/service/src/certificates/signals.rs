//! Officials' signals: reports of suspected fakes routed to the province of
//! the certificate, and verification codes showing warning signs (scanned
//! after the certificate stopped being in force, or unusually often; the
//! threshold is in `ocop_domain::certificate::signals`, counted in distinct clients).
//! Reports are paged and each carries the status an officer sets, so a flood of
//! reports cannot push the genuine ones out of sight.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Duration, NaiveDate, Utc};
use ocop_domain::ErrorCode;
use ocop_domain::ValidationErrors;
use ocop_domain::certificate::signals::{
    DAILY_SCAN_LIMIT, MEDIAN_FACTOR, MIN_SPIKE_SCANS, REPORT_MERGE_HOURS, ReportStatus, WINDOW_DAYS, last_day_in_force,
    median, unusual_days,
};
use ocop_domain::producer::required_text;
use ocop_domain::role::{Actor, Role, Scope};
use ocop_storage::Database;
use ocop_storage::audit::{self, AuditEvent};
use ocop_storage::entities::certificate_report;
use ocop_storage::repo::{certificate_repo, product_repo};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::admin_units::today;
use crate::error::{ServiceError, ServiceResult};

/// Reports per page unless asked otherwise.
pub const REPORTS_PER_PAGE: u64 = 50;

/// Which page of reports (`GET /api/v1/certificates/signals`, `/certificates/signals`).
#[derive(Debug, Clone, Copy, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SignalsParams {
    /// Page of reports, from 1 (default 1).
    pub page: Option<u64>,
    /// Reports per page (1–200, default 50).
    pub per_page: Option<u64>,
}

/// A report of a suspected fake, as officials see it.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ReportView {
    /// The report.
    pub id: Uuid,
    /// The code as typed (may match no certificate).
    pub verification_code: String,
    /// The certificate behind the code, if any.
    pub certificate_id: Option<Uuid>,
    /// Its number.
    pub certificate_number: Option<String>,
    /// Province it was routed to (none: unknown code, seen nationally only).
    pub province_code: Option<String>,
    /// That province's name, e.g. "Tỉnh Hà Tĩnh" (what pages show, never the code).
    pub province_name: Option<String>,
    /// What the person saw.
    pub message: String,
    /// How to reach them, if given.
    pub contact: Option<String>,
    /// When it was sent.
    pub created_at: DateTime<Utc>,
    /// How many times the same sender reported this code (repeats within the merge window are counted here).
    pub report_count: i32,
    /// When the same sender last reported it.
    pub last_reported_at: DateTime<Utc>,
    /// What an officer made of it.
    pub status: ReportStatus,
    /// The officer's reason for the status.
    pub status_reason: Option<String>,
    /// When the status was set.
    pub status_at: Option<DateTime<Utc>>,
}

/// A verification code with warning signs in the window.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct FlaggedCode {
    /// The code.
    pub verification_code: String,
    /// Its certificate.
    pub certificate_id: Uuid,
    /// The certificate number.
    pub certificate_number: String,
    /// The product's name.
    pub product_name: String,
    /// Province of the certificate.
    pub province_code: String,
    /// The last day the certificate was in force (before revocation or at the end of its validity).
    pub in_force_through: NaiveDate,
    /// Days in the window it was scanned after `in_force_through`.
    pub scanned_after_end: Vec<NaiveDate>,
    /// Days in the window it was scanned unusually often.
    pub unusual_days: Vec<NaiveDate>,
    /// Scans in the window.
    pub scans_in_window: i64,
    /// Highest daily count of scans in the window.
    pub peak_day_scans: i64,
    /// Median daily count of scans over the days it was scanned in the window.
    pub median_day_scans: i64,
    /// Highest daily count of distinct clients in the window (what `unusual_days` is judged on).
    pub peak_day_clients: i64,
    /// Median daily count of distinct clients over the days it was scanned in the window.
    pub median_day_clients: i64,
}

/// What the signals page and API show.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Signals {
    /// The day the window ends (today).
    pub as_of: NaiveDate,
    /// Days looked back over.
    pub window_days: i64,
    /// More distinct clients than this in a day is unusual.
    pub daily_scan_limit: i64,
    /// A day above this many times the code's median of distinct clients is unusual (with at least `min_spike_scans`).
    pub median_factor: i64,
    /// Floor for the median rule.
    pub min_spike_scans: i64,
    /// Repeats of a report by the same sender within this many hours are merged.
    pub report_merge_hours: i64,
    /// One page of reports of suspected fakes, newest first.
    pub reports: Vec<ReportView>,
    /// Reports in all (every page).
    pub reports_total: u64,
    /// This page, from 1.
    pub page: u64,
    /// Reports per page.
    pub per_page: u64,
    /// Codes with warning signs, scanned-after-end first.
    pub flagged: Vec<FlaggedCode>,
}

/// Whether the actor may read the signs of counterfeits (administrators and central officers
/// everywhere, province officers in their province), for the pages' links.
pub fn may_see(actor: &Actor) -> bool {
    area(actor).is_ok()
}

/// The province the actor sees (None: the whole country); others are refused.
fn area(actor: &Actor) -> ServiceResult<Option<String>> {
    match (&actor.role, &actor.scope) {
        (Role::Administrator | Role::CentralOfficer, _) => Ok(None),
        (Role::ProvinceOfficer, Scope::Province { province_code }) => Ok(Some(province_code.clone())),
        _ => Err(ServiceError::Forbidden),
    }
}

/// Signals as of today (Vietnam time).
pub async fn signals(db: &Database, actor: &Actor, params: &SignalsParams) -> ServiceResult<Signals> {
    signals_on(db, actor, today(), params).await
}

/// Signals over the `WINDOW_DAYS` days ending on `day`, in the actor's area.
pub async fn signals_on(
    db: &Database,
    actor: &Actor,
    day: NaiveDate,
    params: &SignalsParams,
) -> ServiceResult<Signals> {
    let province = area(actor)?;
    let conn = db.conn();
    let per_page = params
        .per_page
        .unwrap_or(REPORTS_PER_PAGE)
        .clamp(1, crate::paging::MAX_LIMIT);
    let page = params.page.unwrap_or(1).clamp(1, 1_000_000);
    let report_page = certificate_repo::reports(conn, province.as_deref(), (page - 1) * per_page, per_page).await?;
    let reports_total = report_page.total;
    let report_rows = report_page.items;
    let since = day - Duration::days(WINDOW_DAYS - 1);
    let mut per_code: BTreeMap<String, Vec<(NaiveDate, i64)>> = BTreeMap::new();
    for s in certificate_repo::scans_since(conn, since).await? {
        if s.day <= day {
            per_code.entry(s.verification_code).or_default().push((s.day, s.count));
        }
    }
    let mut clients_per_code: BTreeMap<String, Vec<(NaiveDate, i64)>> = BTreeMap::new();
    for (code, scan_day, clients) in certificate_repo::scan_clients_since(conn, since).await? {
        if scan_day <= day {
            clients_per_code.entry(code).or_default().push((scan_day, clients));
        }
    }
    let mut codes: Vec<String> = per_code.keys().cloned().collect();
    codes.extend(report_rows.iter().map(|r| r.verification_code.clone()));
    codes.sort();
    codes.dedup();
    let certificates: BTreeMap<String, _> = certificate_repo::by_codes(conn, &codes)
        .await?
        .into_iter()
        .map(|c| (c.verification_code.clone(), c))
        .collect();
    let provinces = province_names(conn).await?;
    let reports = report_rows
        .into_iter()
        .map(|r| {
            let number = certificates.get(&r.verification_code).map(|c| c.number.clone());
            view_of(r, number, &provinces)
        })
        .collect();
    let mut flagged = Vec::new();
    for (code, days) in per_code {
        let Some(cert) = certificates.get(&code) else { continue };
        if province.as_ref().is_some_and(|p| *p != cert.province_code) {
            continue;
        }
        let in_force_through = last_day_in_force(cert.valid_through, cert.revoked_on);
        let after: Vec<NaiveDate> = days.iter().map(|(d, _)| *d).filter(|d| *d > in_force_through).collect();
        let clients = clients_per_code.remove(&code).unwrap_or_default();
        let unusual = unusual_days(&clients);
        if after.is_empty() && unusual.is_empty() {
            continue;
        }
        let counts: Vec<i64> = days.iter().map(|(_, c)| *c).collect();
        let client_counts: Vec<i64> = clients.iter().map(|(_, c)| *c).collect();
        let product_name = product_repo::get(conn, cert.product_id)
            .await?
            .map(|p| p.name)
            .unwrap_or_default();
        flagged.push(FlaggedCode {
            verification_code: code,
            certificate_id: cert.id,
            certificate_number: cert.number.clone(),
            product_name,
            province_code: cert.province_code.clone(),
            in_force_through,
            scanned_after_end: after,
            unusual_days: unusual,
            scans_in_window: counts.iter().sum(),
            peak_day_scans: counts.iter().copied().max().unwrap_or(0),
            median_day_scans: median(&counts),
            peak_day_clients: client_counts.iter().copied().max().unwrap_or(0),
            median_day_clients: median(&client_counts),
        });
    }
    flagged.sort_by_key(|f| (f.scanned_after_end.is_empty(), std::cmp::Reverse(f.peak_day_scans)));
    Ok(Signals {
        as_of: day,
        window_days: WINDOW_DAYS,
        daily_scan_limit: DAILY_SCAN_LIMIT,
        median_factor: MEDIAN_FACTOR,
        min_spike_scans: MIN_SPIKE_SCANS,
        report_merge_hours: REPORT_MERGE_HOURS,
        reports,
        reports_total,
        page,
        per_page,
        flagged,
    })
}

/// Province code → full name, today's province where the code is still in use, else the
/// latest that bore it.
async fn province_names<C: sea_orm::ConnectionTrait>(conn: &C) -> ServiceResult<HashMap<String, String>> {
    let today = crate::admin_units::today();
    let mut provinces = ocop_storage::repo::admin_unit_repo::all_provinces(conn).await?;
    // In force today last, so it wins; otherwise the later list wins.
    provinces.sort_by_key(|p| {
        (
            ocop_domain::admin_unit::in_force(p.valid_from, p.valid_to, today),
            p.valid_from,
        )
    });
    Ok(provinces.into_iter().map(|p| (p.code, p.full_name)).collect())
}

fn view_of(
    r: certificate_report::Model,
    certificate_number: Option<String>,
    provinces: &HashMap<String, String>,
) -> ReportView {
    ReportView {
        province_name: r.province_code.as_ref().and_then(|c| provinces.get(c)).cloned(),
        certificate_number,
        id: r.id,
        verification_code: r.verification_code,
        certificate_id: r.certificate_id,
        province_code: r.province_code,
        message: r.message,
        contact: r.contact,
        created_at: r.created_at,
        report_count: r.report_count,
        last_reported_at: r.last_reported_at.unwrap_or(r.created_at),
        status: ReportStatus::parse(&r.status).unwrap_or(ReportStatus::New),
        status_reason: r.status_reason,
        status_at: r.status_at,
    }
}

/// An officer's verdict on a report.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct ReportStatusInput {
    /// `new`, `checked`, `forwarded` (to market surveillance) or `dismissed`.
    pub status: String,
    /// Why (what was checked, to whom it went, why it is dismissed); up to 1,000 characters.
    pub reason: String,
}

/// Sets the status of a report: administrators and central officers for any report,
/// province officers for the reports routed to their province (a report of an unknown
/// code is routed to no province: national officials only). Audited.
pub async fn set_report_status(
    db: &Database,
    actor: &Actor,
    report_id: Uuid,
    input: &ReportStatusInput,
) -> ServiceResult<ReportView> {
    let province = area(actor)?;
    let mut errors = ValidationErrors::new();
    let status = match ReportStatus::parse(&input.status) {
        Ok(status) => Some(status),
        Err(code) => {
            errors.add("status", code);
            None
        }
    };
    let reason = required_text(&mut errors, "reason", &input.reason, 1000);
    errors.into_result()?;
    let status = status.ok_or(ServiceError::Coded(ErrorCode::InvalidChoice))?;
    let tx = db.begin_write().await?;
    let before = certificate_repo::report(&tx, report_id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    if let Some(province) = &province
        && before.province_code.as_ref() != Some(province)
    {
        return Err(ServiceError::Forbidden);
    }
    let now = ocop_storage::now();
    certificate_repo::set_report_status(&tx, report_id, status.as_str(), &reason, actor.user_id.0, now).await?;
    audit::append(
        &tx,
        AuditEvent {
            actor: &crate::audit_actor(actor),
            action: "certificate_report.status",
            entity_type: "certificate_report",
            entity_id: report_id.to_string(),
            before: Some(serde_json::json!({ "status": before.status, "reason": before.status_reason })),
            after: Some(serde_json::json!({ "status": status.as_str(), "reason": reason })),
        },
    )
    .await?;
    let after = certificate_repo::report(&tx, report_id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    tx.commit().await?;
    let number = certificate_repo::by_codes(db.conn(), std::slice::from_ref(&after.verification_code))
        .await?
        .into_iter()
        .next()
        .map(|c| c.number);
    let provinces = province_names(db.conn()).await?;
    Ok(view_of(after, number, &provinces))
}
