//! Public verification of a code (`/v/{code}`, `/api/v1/verify/{code}`), the
//! per-code daily scan counter and reports of suspected fakes.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use ocop_domain::certificate::VerificationCode;
use ocop_domain::certificate::signals::REPORT_MERGE_HOURS;
use ocop_domain::producer::{optional_text, required_text};
use ocop_domain::{ErrorCode, ValidationErrors};
use ocop_storage::audit::{self, AuditActor, AuditEvent};
use ocop_storage::entities::certificate_report;
use ocop_storage::repo::certificate_repo;
use ocop_storage::{Database, is_unique_violation};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use super::{CertificateDto, views};
use crate::admin_units::today;
use crate::clients::ClientKey;
use crate::error::{ServiceError, ServiceResult};

/// What a verification answers.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Verification {
    /// The certificate behind the code, with its status now.
    pub certificate: CertificateDto,
    /// Every certificate of the same product, oldest first (renewals, upgrades, revocations).
    pub history: Vec<CertificateDto>,
    /// When the status was checked.
    pub checked_at: DateTime<Utc>,
    /// Verifications of this code so far, this one included.
    pub scans_total: i64,
    /// The first day this code was verified.
    pub first_scanned_on: Option<NaiveDate>,
    /// Where to buy the product.
    pub points_of_sale: Vec<crate::points_of_sale::PointOfSaleDto>,
    /// Officers' recorded amendments of the certified facts since the certificate was issued,
    /// oldest first (the certificate itself shows the facts as certified).
    pub amendments: Vec<crate::amendments::AmendmentDto>,
}

/// Looks a code up without counting (officials' views, tests).
pub async fn lookup(db: &Database, code: &str) -> ServiceResult<Verification> {
    let code = VerificationCode::parse(code).map_err(|_| ServiceError::NotFound)?;
    let conn = db.conn();
    let row = certificate_repo::by_code(conn, code.as_str())
        .await?
        .ok_or(ServiceError::NotFound)?;
    let day = today();
    // The certificate is one of its product's: one view of them all (products, places and
    // names read once, not once for the certificate and again for its history).
    let history = views(conn, certificate_repo::of_product(conn, row.product_id).await?, day).await?;
    let certificate = history
        .iter()
        .find(|c| c.id == row.id)
        .cloned()
        .ok_or(ServiceError::NotFound)?;
    let scans = certificate_repo::scans(conn, code.as_str()).await?;
    let points_of_sale = crate::points_of_sale::list(db, certificate.product_id).await?;
    let issued_on = certificate.issued_on;
    let amendments = crate::amendments::list(db, certificate.product_id)
        .await?
        .into_iter()
        .filter(|a| crate::admin_units::day_of(a.amended_at) >= issued_on)
        .collect();
    Ok(Verification {
        amendments,
        certificate,
        history,
        checked_at: ocop_storage::now(),
        scans_total: scans.iter().map(|s| s.count).sum(),
        first_scanned_on: scans.first().map(|s| s.day),
        points_of_sale,
    })
}

/// Every certificate of a product, newest first, each with its status today: the public
/// facts the open-data register also publishes (product pages show them).
pub async fn of_product(db: &Database, product_id: Uuid) -> ServiceResult<Vec<CertificateDto>> {
    let conn = db.conn();
    let rows = certificate_repo::of_product(conn, product_id).await?;
    let mut list = views(conn, rows, today()).await?;
    list.reverse();
    Ok(list)
}

/// Verifies a code for the public: counts the scan (and the client, once a day), then answers.
pub async fn verify(db: &Database, code: &str, client: &ClientKey) -> ServiceResult<Verification> {
    let parsed = VerificationCode::parse(code).map_err(|_| ServiceError::NotFound)?;
    if certificate_repo::by_code(db.conn(), parsed.as_str()).await?.is_none() {
        return Err(ServiceError::NotFound);
    }
    count_scan(db, parsed.as_str(), today(), client).await?;
    lookup(db, parsed.as_str()).await
}

/// Adds one to the code's counter for `day` and counts the client among the day's
/// distinct clients (by the day's digest of its key). Without `ON CONFLICT`, a first
/// scan (or a client's first scan) of the day inserts; if a concurrent one won, the
/// transaction is retried.
pub async fn count_scan(db: &Database, code: &str, day: NaiveDate, client: &ClientKey) -> ServiceResult<()> {
    let client_hash = client.for_day(day);
    for _ in 0..3 {
        let tx = db.begin_write().await?;
        let counted = if certificate_repo::bump_scan(&tx, code, day).await? {
            Ok(())
        } else {
            certificate_repo::insert_scan(&tx, code, day).await
        };
        let counted = match counted {
            Ok(()) => {
                if certificate_repo::scan_client_seen(&tx, code, day, &client_hash).await? {
                    Ok(())
                } else {
                    certificate_repo::insert_scan_client(&tx, code, day, &client_hash).await
                }
            }
            Err(e) => Err(e),
        };
        match counted {
            Ok(()) => {
                tx.commit().await?;
                return Ok(());
            }
            Err(e) if is_unique_violation(&e) => continue,
            Err(e) => return Err(e.into()),
        }
    }
    Err(ServiceError::Conflict(ErrorCode::Conflict))
}

/// A report of a suspected fake, as typed on the verification page.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct FakeReportInput {
    /// What the person saw (where, which package).
    pub message: String,
    /// How to reach them, if they wish.
    pub contact: Option<String>,
}

/// What became of a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReportReceipt {
    /// The stored report (the earlier one when merged).
    pub id: Uuid,
    /// Whether it was counted on the same client's earlier report of the same code.
    pub merged: bool,
}

/// Stores a report for the province of the certificate (none when the code is unknown).
/// The same client reporting the same code again within [`REPORT_MERGE_HOURS`] is
/// counted on its earlier report instead (`report_count`), so one sender cannot fill
/// the officials' list; the merge is one statement on the unique `merge_key`, so identical
/// reports arriving at once are counted, never stored twice.
pub async fn report(
    db: &Database,
    code: &str,
    input: &FakeReportInput,
    client: &ClientKey,
) -> ServiceResult<ReportReceipt> {
    let mut errors = ValidationErrors::new();
    let message = required_text(&mut errors, "message", &input.message, 2000);
    let contact = optional_text(&mut errors, "contact", &input.contact, 200);
    errors.into_result()?;
    let code_text: String = code.chars().filter(|c| c.is_ascii_alphanumeric()).take(40).collect();
    let client_hash = client.for_reports();
    let now = ocop_storage::now();
    let tx = db.begin_write().await?;
    let since = now - Duration::hours(REPORT_MERGE_HOURS);
    // One statement stores the report or counts it on the same client's report of the same
    // code still in its window, keyed by `merge_key`: concurrent identical reports wait on the
    // unique key instead of each finding nothing and inserting (PostgreSQL).
    let merge_key = format!("{code_text}:{client_hash}");
    certificate_repo::release_merge_key(&tx, &merge_key, since).await?;
    let certificate = match VerificationCode::parse(&code_text) {
        Ok(parsed) => certificate_repo::by_code(&tx, parsed.as_str()).await?,
        Err(_) => None,
    };
    let row = certificate_report::Model {
        id: Uuid::now_v7(),
        verification_code: code_text,
        certificate_id: certificate.as_ref().map(|c| c.id),
        province_code: certificate.map(|c| c.province_code),
        message,
        contact,
        created_at: now,
        client_hash: Some(client_hash),
        report_count: 1,
        last_reported_at: Some(now),
        status: ocop_domain::certificate::signals::ReportStatus::New.as_str().to_owned(),
        status_reason: None,
        status_by: None,
        status_at: None,
        merge_key: Some(merge_key),
    };
    let stored = certificate_repo::insert_or_count_report(&tx, row.clone()).await?;
    if stored.id != row.id {
        audit::append(
            &tx,
            AuditEvent {
                actor: &AuditActor::system("public"),
                action: "certificate.report_fake.repeat",
                entity_type: "certificate_report",
                entity_id: stored.id.to_string(),
                before: Some(serde_json::json!({ "report_count": stored.report_count - 1 })),
                after: Some(serde_json::json!({ "report_count": stored.report_count })),
            },
        )
        .await?;
        tx.commit().await?;
        return Ok(ReportReceipt {
            id: stored.id,
            merged: true,
        });
    }
    // A new report opens a case for its province (or joins the open case of the same code).
    crate::oversight::cases::open_from_report_in(&tx, &row).await?;
    audit::append(
        &tx,
        AuditEvent {
            actor: &AuditActor::system("public"),
            action: "certificate.report_fake",
            entity_type: "certificate_report",
            entity_id: row.id.to_string(),
            before: None,
            after: Some(serde_json::json!({
                "code": row.verification_code, "certificate_id": row.certificate_id,
                "province_code": row.province_code,
            })),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(ReportReceipt {
        id: row.id,
        merged: false,
    })
}
