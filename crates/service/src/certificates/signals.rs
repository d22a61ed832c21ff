//! Officials' signals: reports of suspected fakes routed to the province of
//! the certificate, and verification codes showing warning signs (scanned
//! after the certificate stopped being in force, or unusually often; the
//! threshold is in `ocop_domain::certificate::signals`).

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use ocop_domain::certificate::signals::{
    DAILY_SCAN_LIMIT, MEDIAN_FACTOR, MIN_SPIKE_SCANS, WINDOW_DAYS, last_day_in_force, median, unusual_days,
};
use ocop_domain::role::{Actor, Role, Scope};
use ocop_storage::Database;
use ocop_storage::repo::{certificate_repo, product_repo};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::admin_units::today;
use crate::error::{ServiceError, ServiceResult};

/// Reports listed at most.
const REPORT_LIMIT: u64 = 200;

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
    /// What the person saw.
    pub message: String,
    /// How to reach them, if given.
    pub contact: Option<String>,
    /// When it was sent.
    pub created_at: DateTime<Utc>,
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
    /// Highest daily count in the window.
    pub peak_day_scans: i64,
    /// Median daily count over the days it was scanned in the window.
    pub median_day_scans: i64,
}

/// What the signals page and API show.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Signals {
    /// The day the window ends (today).
    pub as_of: NaiveDate,
    /// Days looked back over.
    pub window_days: i64,
    /// More scans than this in a day is unusual.
    pub daily_scan_limit: i64,
    /// A day above this many times the code's median is unusual (with at least `min_spike_scans`).
    pub median_factor: i64,
    /// Floor for the median rule.
    pub min_spike_scans: i64,
    /// Reports of suspected fakes, newest first (at most 200).
    pub reports: Vec<ReportView>,
    /// Codes with warning signs, scanned-after-end first.
    pub flagged: Vec<FlaggedCode>,
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
pub async fn signals(db: &Database, actor: &Actor) -> ServiceResult<Signals> {
    signals_on(db, actor, today()).await
}

/// Signals over the `WINDOW_DAYS` days ending on `day`, in the actor's area.
pub async fn signals_on(db: &Database, actor: &Actor, day: NaiveDate) -> ServiceResult<Signals> {
    let province = area(actor)?;
    let conn = db.conn();
    let report_rows = certificate_repo::reports(conn, province.as_deref(), REPORT_LIMIT).await?;
    let since = day - Duration::days(WINDOW_DAYS - 1);
    let mut per_code: BTreeMap<String, Vec<(NaiveDate, i64)>> = BTreeMap::new();
    for s in certificate_repo::scans_since(conn, since).await? {
        if s.day <= day {
            per_code.entry(s.verification_code).or_default().push((s.day, s.count));
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
    let reports = report_rows
        .into_iter()
        .map(|r| ReportView {
            certificate_number: certificates.get(&r.verification_code).map(|c| c.number.clone()),
            id: r.id,
            verification_code: r.verification_code,
            certificate_id: r.certificate_id,
            province_code: r.province_code,
            message: r.message,
            contact: r.contact,
            created_at: r.created_at,
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
        let unusual = unusual_days(&days);
        if after.is_empty() && unusual.is_empty() {
            continue;
        }
        let counts: Vec<i64> = days.iter().map(|(_, c)| *c).collect();
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
        });
    }
    flagged.sort_by_key(|f| (f.scanned_after_end.is_empty(), std::cmp::Reverse(f.peak_day_scans)));
    Ok(Signals {
        as_of: day,
        window_days: WINDOW_DAYS,
        daily_scan_limit: DAILY_SCAN_LIMIT,
        median_factor: MEDIAN_FACTOR,
        min_spike_scans: MIN_SPIKE_SCANS,
        reports,
        flagged,
    })
}
