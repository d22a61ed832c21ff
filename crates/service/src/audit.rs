//! Reading the audit trail: administrators and central officers see every
//! entry; a province officer sees the entries about the producers, products
//! and certificates lying today in their province, and their own actions.
//! (Entries about other things — accounts, criteria sets — and other officers'
//! actions outside those records stay national.)

use chrono::{DateTime, Duration, NaiveDate, Utc};
use ocop_domain::ErrorCode;
use ocop_domain::ValidationErrors;
use ocop_domain::role::{Actor, Role, Scope};
use ocop_storage::Database;
use ocop_storage::entities::audit_entry;
use ocop_storage::repo::audit_repo::{self, AuditFilter};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::admin_units::{Paged, parse_date};
use crate::error::{ServiceError, ServiceResult};
use crate::paging;

/// The most rows one CSV export holds.
pub const MAX_EXPORT_ROWS: u64 = 100_000;

/// Query of `GET /api/v1/audit`, `/audit` and `/audit.csv`; blank values are ignored.
#[derive(Debug, Clone, Default, Deserialize, Serialize, IntoParams)]
#[serde(default)]
#[into_params(parameter_in = Query)]
pub struct AuditQuery {
    /// Exact action, e.g. `producer.create`.
    pub action: Option<String>,
    /// Exact entity type, e.g. `producer`, `product`, `user`.
    pub entity_type: Option<String>,
    /// Exact login name of the actor (`system:cli` for the command line).
    pub actor: Option<String>,
    /// First day (YYYY-MM-DD or DD/MM/YYYY, Vietnam time), inclusive.
    pub from: Option<String>,
    /// Last day (YYYY-MM-DD or DD/MM/YYYY, Vietnam time), inclusive.
    pub to: Option<String>,
    /// Rows to skip.
    pub offset: Option<u64>,
    /// Page size (1–200, default 20).
    pub limit: Option<u64>,
}

/// One audit entry.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct AuditEntryDto {
    /// Position in the chain (1, 2, …).
    pub seq: i64,
    /// When (UTC).
    pub at: DateTime<Utc>,
    /// The account, none for the system.
    pub actor_id: Option<Uuid>,
    /// Login name or `system:…`.
    pub actor_name: String,
    /// What, as `entity.verb`.
    pub action: String,
    /// Kind of record changed.
    pub entity_type: String,
    /// Its identifier.
    pub entity_id: String,
    /// State before (canonical JSON), if any.
    pub before_json: Option<String>,
    /// State after (canonical JSON), if any.
    pub after_json: Option<String>,
    /// The entry's chained hash.
    pub hash: String,
}

impl From<audit_entry::Model> for AuditEntryDto {
    fn from(m: audit_entry::Model) -> Self {
        Self {
            seq: m.seq,
            at: m.at,
            actor_id: m.actor_id,
            actor_name: m.actor_name,
            action: m.action,
            entity_type: m.entity_type,
            entity_id: m.entity_id,
            before_json: m.before_json,
            after_json: m.after_json,
            hash: m.hash,
        }
    }
}

fn non_blank(value: &Option<String>) -> Option<String> {
    value
        .as_deref()
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_owned)
}

/// Midnight of a Vietnam (UTC+7) day, as an instant.
fn vietnam_midnight(day: NaiveDate) -> DateTime<Utc> {
    day.and_hms_opt(0, 0, 0).expect("midnight").and_utc() - Duration::hours(7)
}

impl AuditQuery {
    /// The storage filter, or the field errors of unreadable dates.
    pub fn filter(&self) -> ServiceResult<AuditFilter> {
        let mut errors = ValidationErrors::new();
        let from = non_blank(&self.from).and_then(|d| errors.check("from", parse_date(&d)));
        let to = non_blank(&self.to).and_then(|d| errors.check("to", parse_date(&d)));
        if let (Some(from), Some(to)) = (from, to)
            && to < from
        {
            errors.add("to", ErrorCode::DateOrder);
        }
        errors.into_result()?;
        Ok(AuditFilter {
            action: non_blank(&self.action),
            entity_type: non_blank(&self.entity_type),
            actor_name: non_blank(&self.actor),
            from: from.map(vietnam_midnight),
            until: to.map(|d| vietnam_midnight(d + Duration::days(1))),
            within: None,
        })
    }
}

/// The chain head as published (`GET /api/v1/audit/head`): anyone may keep copies, and
/// `ocop audit verify --against FILE` later proves the chain was neither truncated nor
/// rewritten since. It reveals only a count and a hash.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct AuditHeadDto {
    /// The last entry's sequence number (0: none yet).
    pub seq: i64,
    /// The last entry's hash.
    pub hash: String,
    /// When the head was read (UTC).
    pub at: DateTime<Utc>,
    /// The first entry keyed with an audit key, if any.
    pub keyed_from: Option<i64>,
    /// The audit key that signed `mac` (0: unsigned).
    pub key_id: i32,
    /// HMAC-SHA256 of `ocop-audit-head|seq|hash|at µs|keyed_from|key_id` under the audit key, hex.
    pub mac: Option<String>,
}

impl From<ocop_storage::audit::SignedHead> for AuditHeadDto {
    fn from(h: ocop_storage::audit::SignedHead) -> Self {
        Self {
            seq: h.seq,
            hash: h.hash,
            at: h.at,
            keyed_from: h.keyed_from,
            key_id: h.key_id,
            mac: h.mac,
        }
    }
}

/// The current chain head, signed with this process's audit key; public.
pub async fn head(db: &Database) -> ServiceResult<AuditHeadDto> {
    let keys = ocop_storage::audit_key::installed();
    Ok(ocop_storage::audit::signed_head(db.conn(), &keys).await?.into())
}

/// Whether an account may read the audit trail.
pub fn may_read(actor: &Actor) -> bool {
    matches!(
        actor.role,
        Role::Administrator | Role::CentralOfficer | Role::ProvinceOfficer
    )
}

/// The query's filter, narrowed to the actor's province for a province officer.
async fn scoped_filter(db: &Database, actor: &Actor, query: &AuditQuery) -> ServiceResult<AuditFilter> {
    if !may_read(actor) {
        return Err(ServiceError::Forbidden);
    }
    let mut filter = query.filter()?;
    if actor.role == Role::ProvinceOfficer {
        let Scope::Province { province_code } = &actor.scope else {
            return Err(ServiceError::Forbidden);
        };
        let own = vec![actor.user_id.0];
        filter.within = Some(audit_repo::province_area(db.conn(), province_code, own).await?);
    }
    Ok(filter)
}

/// A page of entries, newest first; administrators and central officers see all, province officers their province.
pub async fn list(db: &Database, actor: &Actor, query: &AuditQuery) -> ServiceResult<Paged<AuditEntryDto>> {
    let filter = scoped_filter(db, actor, query).await?;
    let limit = paging::limit(query.limit);
    let offset = query.offset.unwrap_or(0);
    let page = audit_repo::list(db.conn(), &filter, offset, limit).await?;
    Ok(Paged {
        items: page.items.into_iter().map(Into::into).collect(),
        total: page.total,
        offset,
        limit,
    })
}

/// The columns of the audit CSV.
const CSV_FIELDS: [&str; 10] = [
    "seq",
    "at",
    "actor_id",
    "actor_name",
    "action",
    "entity_type",
    "entity_id",
    "before_json",
    "after_json",
    "hash",
];

/// Every matching entry (up to [`MAX_EXPORT_ROWS`]) as CSV, newest first (UTF-8
/// with a byte order mark; text cells defused against formulas, `seq` numeric:
/// `csv_out`).
pub async fn export_csv(db: &Database, actor: &Actor, query: &AuditQuery) -> ServiceResult<Vec<u8>> {
    let filter = scoped_filter(db, actor, query).await?;
    let mut rows = Vec::new();
    let mut offset = 0;
    while offset < MAX_EXPORT_ROWS {
        let page = audit_repo::list(db.conn(), &filter, offset, 1_000).await?;
        if page.items.is_empty() {
            break;
        }
        offset += page.items.len() as u64;
        for e in page.items {
            rows.push(vec![
                e.seq.to_string(),
                e.at.to_rfc3339(),
                e.actor_id.map(|id| id.to_string()).unwrap_or_default(),
                e.actor_name,
                e.action,
                e.entity_type,
                e.entity_id,
                e.before_json.unwrap_or_default(),
                e.after_json.unwrap_or_default(),
                e.hash,
            ]);
        }
    }
    crate::csv_out::write(&CSV_FIELDS, &["seq"], rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_day_range_covers_whole_vietnam_days() {
        let query = AuditQuery {
            from: Some("2026-01-02".into()),
            to: Some("02/01/2026".into()),
            action: Some("  ".into()),
            ..Default::default()
        };
        let filter = query.filter().unwrap();
        assert_eq!(filter.action, None);
        assert_eq!(filter.from.unwrap().to_rfc3339(), "2026-01-01T17:00:00+00:00");
        assert_eq!(filter.until.unwrap().to_rfc3339(), "2026-01-02T17:00:00+00:00");
        let backwards = AuditQuery {
            from: Some("2026-01-03".into()),
            to: Some("2026-01-02".into()),
            ..Default::default()
        };
        assert!(matches!(backwards.filter(), Err(ServiceError::Validation(_))));
    }
}
