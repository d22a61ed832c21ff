//! `ocop audit verify --state`: is each audited record still the row its last audit
//! entry recorded?
//!
//! The entries about certificates, products, producers and dossiers carry a
//! `state_digest`: the digest of the snapshot their kind makes from the stored row
//! ([`crate::certificates::snapshot`], [`crate::products::snapshot`],
//! [`crate::producers::snapshot`], [`crate::dossiers::workflow::snapshot`]), written by
//! the same function when the change is made. Here every row of those kinds is
//! snapshotted again and compared, so a row changed or deleted behind the
//! application's back is named. Rows no entry recorded (demo data, rows made before
//! migration m0015 and not changed since, rows inserted behind the application's
//! back) are counted as unattested.

use ocop_storage::Database;
use ocop_storage::audit::digest;
use ocop_storage::entities::{certificate, dossier, producer, product};
use ocop_storage::repo::audit_repo;
use sea_orm::{EntityTrait, QueryOrder, QuerySelect};

use crate::error::ServiceResult;

/// The kinds whose rows are re-checked.
pub const COVERED_KINDS: [&str; 4] = ["certificate", "product", "producer", "dossier"];

/// How many unattested ids a report names per kind.
const NAMED_UNATTESTED: usize = 20;

/// A row that is not what its last entry recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StateFinding {
    /// The kind (`certificate`, …).
    pub kind: &'static str,
    /// The record's id.
    pub id: String,
    /// The entry that recorded the state the row should have.
    pub seq: i64,
    /// `true` when the row is gone, `false` when it differs.
    pub deleted: bool,
}

/// The outcome of the state check.
#[derive(Debug, Clone, Default)]
pub struct StateReport {
    /// Rows compared with a recorded state.
    pub checked: u64,
    /// Rows that differ from their recorded state, or are gone.
    pub findings: Vec<StateFinding>,
    /// Per kind: rows without any recorded state, and the first ids.
    pub unattested: Vec<(&'static str, u64, Vec<String>)>,
}

impl StateReport {
    /// Whether every recorded state matches its row.
    pub fn intact(&self) -> bool {
        self.findings.is_empty()
    }
}

/// Compares every row of the covered kinds with its last recorded state.
pub async fn verify(db: &Database) -> ServiceResult<StateReport> {
    let mut report = StateReport::default();
    macro_rules! kind {
        ($entity:ident, $kind:literal, $snapshot:path) => {{
            let mut recorded = audit_repo::recorded_states(db.conn(), $kind).await?;
            let mut unattested = (0u64, Vec::new());
            let mut offset = 0;
            loop {
                let rows = $entity::Entity::find()
                    .order_by_asc($entity::Column::Id)
                    .offset(offset)
                    .limit(2_000)
                    .all(db.conn())
                    .await?;
                if rows.is_empty() {
                    break;
                }
                offset += rows.len() as u64;
                for row in rows {
                    let id = row.id.to_string();
                    match recorded.remove(&id) {
                        Some((seq, recorded)) => {
                            report.checked += 1;
                            if digest(Some(&$snapshot(&row).to_string())) != recorded {
                                report.findings.push(StateFinding {
                                    kind: $kind,
                                    id,
                                    seq,
                                    deleted: false,
                                });
                            }
                        }
                        None => {
                            unattested.0 += 1;
                            if unattested.1.len() < NAMED_UNATTESTED {
                                unattested.1.push(id);
                            }
                        }
                    }
                }
            }
            // The application never deletes these rows: a recorded state without its row.
            let mut gone: Vec<StateFinding> = recorded
                .into_iter()
                .map(|(id, (seq, _))| StateFinding {
                    kind: $kind,
                    id,
                    seq,
                    deleted: true,
                })
                .collect();
            gone.sort_by_key(|f| f.seq);
            report.findings.extend(gone);
            if unattested.0 > 0 {
                report.unattested.push(($kind, unattested.0, unattested.1));
            }
        }};
    }
    kind!(certificate, "certificate", crate::certificates::snapshot);
    kind!(product, "product", crate::products::snapshot);
    kind!(producer, "producer", crate::producers::snapshot);
    kind!(dossier, "dossier", crate::dossiers::workflow::snapshot);
    Ok(report)
}
