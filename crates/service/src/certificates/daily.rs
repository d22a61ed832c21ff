//! The daily certificate job: records each certificate's move from valid to
//! expiring and from expiring to expired as a notice (one per certificate and
//! kind; a certificate first seen already expired gets only the "expired" one) with an audit entry in the same transaction, then e-mails the
//! producers when an SMTP relay is configured.
//!
//! Statuses are computed, never stored (the public page is right at any hour);
//! the job records *that* a certificate crossed a line, for the officials'
//! notice list and the producer's view. In a multi-process deployment every
//! process may schedule it: the first to claim the day's `job_lease` row runs
//! it, the others skip.

use chrono::NaiveDate;
use ocop_domain::certificate::CertificateStatus;
use ocop_domain::certificate::validity::expiring_cutoff;
use ocop_storage::Database;
use ocop_storage::audit::{self, AuditActor, AuditEvent};
use ocop_storage::entities::{certificate, certificate_notice};
use ocop_storage::repo::certificate_repo::{self, CertificateQuery};
use ocop_storage::repo::{job_repo, producer_repo};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use super::{expiring_window_months, status_on};
use crate::error::ServiceResult;
use crate::mail::{Mail, SmtpConfig};

/// The job's name in `job_lease`.
pub const JOB: &str = "certificate-status";

/// What one run did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct DailyOutcome {
    /// The day run for.
    pub day: NaiveDate,
    /// False when another runner had already claimed the day.
    pub ran: bool,
    /// New "expiring" notices.
    pub expiring: usize,
    /// New "expired" notices.
    pub expired: usize,
    /// Notices e-mailed.
    pub emailed: usize,
    /// E-mails that failed (retried on the next run).
    pub email_failures: usize,
    /// Oversight findings past their last day (or severe) proposed to the issuing authority.
    pub findings_proposed: usize,
}

/// Runs the job for `day` unless another runner claimed it. `holder` names the
/// runner (host and process) in the lease.
pub async fn run(
    db: &Database,
    day: NaiveDate,
    holder: &str,
    smtp: Option<&SmtpConfig>,
) -> ServiceResult<DailyOutcome> {
    let mut outcome = DailyOutcome {
        day,
        ran: false,
        expiring: 0,
        expired: 0,
        emailed: 0,
        email_failures: 0,
        findings_proposed: 0,
    };
    if !job_repo::claim(db.conn(), JOB, day, holder).await? {
        return Ok(outcome);
    }
    outcome.ran = true;
    let system = AuditActor::system("daily-job");
    let mut offset = 0;
    loop {
        let query = CertificateQuery {
            statuses: vec![CertificateStatus::Expiring, CertificateStatus::Expired],
            today: Some(day),
            expiring_cutoff: Some(expiring_cutoff(day, expiring_window_months())),
            current_only: true,
            offset,
            limit: 500,
            ..Default::default()
        };
        let page = certificate_repo::list(db.conn(), &query).await?;
        if page.items.is_empty() {
            break;
        }
        offset += page.items.len() as u64;
        let tx = db.begin_write().await?;
        for row in &page.items {
            let status = status_on(row, day);
            // One notice per certificate per event: a certificate first seen expired
            // gets "expired" alone — telling its producer the same day that it is about
            // to expire and that it has expired would be one notice too many.
            let kinds: &[&str] = match status {
                CertificateStatus::Expiring => &["expiring"],
                CertificateStatus::Expired => &["expired"],
                _ => &[],
            };
            for kind in kinds {
                if record(&tx, &system, row, kind, day).await? {
                    match *kind {
                        "expiring" => outcome.expiring += 1,
                        _ => outcome.expired += 1,
                    }
                }
            }
        }
        tx.commit().await?;
    }
    // A finding whose remedy deadline passed yesterday is proposed today, under the same
    // lease, so one process proposes it once.
    outcome.findings_proposed = crate::oversight::findings::propose_due(db, day).await?;
    if let Some(smtp) = smtp {
        let (sent, failed) = send_unsent(db, smtp).await?;
        outcome.emailed = sent;
        outcome.email_failures = failed;
    }
    let summary = serde_json::to_string(&outcome).unwrap_or_default();
    job_repo::finish(db.conn(), JOB, day, &summary).await?;
    tracing::info!(%day, expiring = outcome.expiring, expired = outcome.expired, emailed = outcome.emailed,
        findings_proposed = outcome.findings_proposed, "daily certificate job");
    Ok(outcome)
}

/// Records one notice with its audit entry; false when it was already recorded.
async fn record(
    tx: &ocop_storage::DatabaseTransaction,
    system: &AuditActor,
    row: &certificate::Model,
    kind: &str,
    day: NaiveDate,
) -> ServiceResult<bool> {
    let notice = certificate_notice::Model {
        id: Uuid::now_v7(),
        certificate_id: row.id,
        producer_id: row.producer_id,
        province_code: row.province_code.clone(),
        kind: kind.to_owned(),
        day,
        valid_through: row.valid_through,
        emailed_at: None,
        created_at: ocop_storage::now(),
    };
    if !job_repo::insert_notice(tx, notice.clone()).await? {
        return Ok(false);
    }
    audit::append(
        tx,
        AuditEvent {
            actor: system,
            action: if kind == "expiring" {
                "certificate.expiring"
            } else {
                "certificate.expired"
            },
            entity_type: "certificate",
            entity_id: row.id.to_string(),
            before: None,
            after: Some(serde_json::json!({
                "notice_id": notice.id, "kind": kind, "day": day, "valid_through": row.valid_through,
                "number": row.number,
            })),
        },
    )
    .await?;
    Ok(true)
}

/// E-mails the producers of notices not yet sent; returns (sent, failed).
async fn send_unsent(db: &Database, smtp: &SmtpConfig) -> ServiceResult<(usize, usize)> {
    let notices = job_repo::unsent(db.conn()).await?;
    let (mut sent, mut failed) = (0, 0);
    for notice in notices {
        let Some(producer) = producer_repo::get(db.conn(), notice.producer_id).await? else {
            continue;
        };
        let Some(to) = producer.email.filter(|e| e.contains('@')) else {
            // Nobody to write to: mark it so the job does not look at it again.
            job_repo::mark_emailed(db.conn(), notice.id).await?;
            continue;
        };
        let Some(cert) = certificate_repo::get(db.conn(), notice.certificate_id).await? else {
            continue;
        };
        let mail = notice_mail(&notice, &cert, &producer.name, &to);
        match crate::mail::send(smtp, &mail).await {
            Ok(()) => {
                job_repo::mark_emailed(db.conn(), notice.id).await?;
                sent += 1;
            }
            Err(e) => {
                tracing::warn!(error = %e, notice = %notice.id, "notice e-mail failed");
                failed += 1;
            }
        }
    }
    Ok((sent, failed))
}

/// The e-mail telling a producer a certificate is expiring or expired (Vietnamese, then English).
pub fn notice_mail(notice: &certificate_notice::Model, cert: &certificate::Model, producer: &str, to: &str) -> Mail {
    let through = cert.valid_through.format("%d/%m/%Y");
    let (subject, body) = if notice.kind == "expiring" {
        (
            format!("Giấy chứng nhận OCOP {} sắp hết hạn", cert.number),
            format!(
                "Kính gửi {producer},\r\n\r\nGiấy chứng nhận OCOP số {} có hiệu lực đến hết ngày {through}. \
                 Đề nghị chủ thể chuẩn bị hồ sơ đánh giá, công nhận lại.\r\n\r\n\
                 The OCOP certificate {} is valid through {through}; please prepare the renewal.\r\n",
                cert.number, cert.number
            ),
        )
    } else {
        (
            format!("Giấy chứng nhận OCOP {} đã hết hiệu lực", cert.number),
            format!(
                "Kính gửi {producer},\r\n\r\nGiấy chứng nhận OCOP số {} đã hết hiệu lực từ sau ngày {through}. \
                 Sản phẩm không được tiếp tục sử dụng biểu trưng OCOP cho đến khi được công nhận lại.\r\n\r\n\
                 The OCOP certificate {} expired after {through}; the OCOP logo may not be used until it is renewed.\r\n",
                cert.number, cert.number
            ),
        )
    };
    Mail {
        to: to.to_owned(),
        subject,
        body,
    }
}

/// A notice as listed for officials and producers.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct NoticeView {
    /// Identifier.
    pub id: Uuid,
    /// `expiring` or `expired`.
    pub kind: String,
    /// The day the job recorded it.
    pub day: NaiveDate,
    /// The certificate's last valid day.
    pub valid_through: NaiveDate,
    /// The certificate.
    pub certificate_id: Uuid,
    /// Its number.
    pub certificate_number: String,
    /// Its verification code.
    pub verification_code: String,
    /// The product's name.
    pub product_name: String,
    /// The producer.
    pub producer_id: Uuid,
    /// The producer's name.
    pub producer_name: String,
    /// Today's province code of the certificate.
    pub province_code: String,
    /// When it was e-mailed, if it was.
    pub emailed: bool,
}

/// Notices the actor may see, newest first: everything for administrators and central
/// officers, the province's for province and commune officers, a producer's own.
pub async fn notices(db: &Database, actor: &ocop_domain::role::Actor, offset: u64) -> ServiceResult<Vec<NoticeView>> {
    use ocop_domain::role::{Role, Scope};
    let mut query = job_repo::NoticeQuery {
        offset,
        limit: 100,
        ..Default::default()
    };
    match (&actor.role, &actor.scope) {
        (Role::Administrator | Role::CentralOfficer, _) => {}
        (Role::ProvinceOfficer, Scope::Province { province_code })
        | (Role::CommuneOfficer, Scope::Commune { province_code, .. }) => {
            query.province_code = Some(province_code.clone());
        }
        (Role::Producer, Scope::Producer { producer_id }) => query.producer_id = Some(producer_id.0),
        _ => return Err(crate::error::ServiceError::Forbidden),
    }
    let rows = job_repo::notices(db.conn(), &query).await?;
    let mut out = Vec::with_capacity(rows.len());
    for n in rows {
        let Some(cert) = certificate_repo::get(db.conn(), n.certificate_id).await? else {
            continue;
        };
        let product = ocop_storage::repo::product_repo::get(db.conn(), cert.product_id).await?;
        let producer = producer_repo::get(db.conn(), n.producer_id).await?;
        out.push(NoticeView {
            id: n.id,
            kind: n.kind,
            day: n.day,
            valid_through: n.valid_through,
            certificate_id: cert.id,
            certificate_number: cert.number,
            verification_code: cert.verification_code,
            product_name: product.map(|p| p.name).unwrap_or_default(),
            producer_id: n.producer_id,
            producer_name: producer.map(|p| p.name).unwrap_or_default(),
            province_code: n.province_code,
            emailed: n.emailed_at.is_some(),
        });
    }
    Ok(out)
}
