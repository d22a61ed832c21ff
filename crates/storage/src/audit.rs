//! The audit trail: append-only, each entry chained to the previous one.
//!
//! `hash = SHA-256(prev_hash | seq | at (µs) | actor | action | entity type |
//! entity id | before digest | after digest)`, where a digest is the SHA-256 of
//! the canonical JSON of the state. An entry is written in the same
//! transaction as the change it records: the head row is updated first, which
//! takes a row lock on PostgreSQL (and SQLite's IMMEDIATE transactions already
//! serialise writers), so two writers can never fork the chain.

use sea_orm::sea_query::{Expr, ExprTrait, Query};
use sea_orm::{ConnectionTrait, DbErr, EntityTrait, IntoActiveModel, QueryOrder, QuerySelect, Statement};
use serde_json::Value;
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::entities::{audit_entry, audit_head};

/// The `prev_hash` of the first entry.
pub const GENESIS_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// Who did something.
#[derive(Debug, Clone)]
pub struct AuditActor {
    /// The account, or none for the system itself (migrations, scheduled jobs, CLI).
    pub id: Option<Uuid>,
    /// Login name or `system`.
    pub name: String,
}

impl AuditActor {
    /// The system itself.
    pub fn system(what: &str) -> Self {
        Self {
            id: None,
            name: format!("system:{what}"),
        }
    }
}

/// One change to record.
#[derive(Debug, Clone)]
pub struct AuditEvent<'a> {
    /// Who.
    pub actor: &'a AuditActor,
    /// What, as `entity.verb` (e.g. `producer.create`).
    pub action: &'a str,
    /// The kind of thing changed.
    pub entity_type: &'a str,
    /// Its identifier.
    pub entity_id: String,
    /// State before (none for a creation).
    pub before: Option<Value>,
    /// State after (none for a deletion).
    pub after: Option<Value>,
}

/// The SHA-256 of a state's canonical JSON (serde_json sorts object keys), or of nothing.
pub fn digest(state: Option<&str>) -> String {
    hex::encode(Sha256::digest(state.unwrap_or("").as_bytes()))
}

/// The chained hash of an entry.
pub fn entry_hash(entry: &audit_entry::Model) -> String {
    let actor = entry.actor_id.map(|id| id.to_string()).unwrap_or_default();
    let line = format!(
        "{}|{}|{}|{}|{}|{}|{}|{}|{}|{}",
        entry.prev_hash,
        entry.seq,
        entry.at.timestamp_micros(),
        actor,
        entry.actor_name,
        entry.action,
        entry.entity_type,
        entry.entity_id,
        entry.before_digest,
        entry.after_digest
    );
    hex::encode(Sha256::digest(line.as_bytes()))
}

/// Appends an entry inside the caller's transaction and returns its sequence number.
pub async fn append<C: ConnectionTrait>(conn: &C, event: AuditEvent<'_>) -> Result<i64, DbErr> {
    let bump = Query::update()
        .table(audit_head::Entity)
        .value(audit_head::Column::Seq, Expr::col(audit_head::Column::Seq).add(1))
        .and_where(Expr::col(audit_head::Column::Id).eq(1))
        .to_owned();
    conn.execute(&bump).await?;
    let head = audit_head::Entity::find_by_id(1)
        .one(conn)
        .await?
        .ok_or_else(|| DbErr::RecordNotFound("audit_head".into()))?;
    let before_json = event.before.as_ref().map(Value::to_string);
    let after_json = event.after.as_ref().map(Value::to_string);
    let mut entry = audit_entry::Model {
        seq: head.seq,
        at: crate::now(),
        actor_id: event.actor.id,
        actor_name: event.actor.name.clone(),
        action: event.action.to_owned(),
        entity_type: event.entity_type.to_owned(),
        entity_id: event.entity_id,
        before_digest: digest(before_json.as_deref()),
        after_digest: digest(after_json.as_deref()),
        before_json,
        after_json,
        prev_hash: head.last_hash,
        hash: String::new(),
    };
    entry.hash = entry_hash(&entry);
    let seq = entry.seq;
    let hash = entry.hash.clone();
    audit_entry::Entity::insert(entry.into_active_model())
        .exec_without_returning(conn)
        .await?;
    let close = Query::update()
        .table(audit_head::Entity)
        .value(audit_head::Column::LastHash, hash)
        .and_where(Expr::col(audit_head::Column::Id).eq(1))
        .to_owned();
    conn.execute(&close).await?;
    Ok(seq)
}

/// The outcome of checking the chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChainCheck {
    /// Every entry links to the previous one and its stored digests and hash match.
    Intact {
        /// Number of entries checked.
        entries: u64,
    },
    /// The first entry that does not match, and why.
    Broken {
        /// Its sequence number.
        seq: i64,
        /// What did not match.
        reason: String,
    },
}

/// Recomputes the whole chain, in pages, and names the first broken entry.
pub async fn verify<C: ConnectionTrait>(conn: &C) -> Result<ChainCheck, DbErr> {
    let mut prev_hash = GENESIS_HASH.to_owned();
    let mut expected_seq = 1i64;
    let mut checked = 0u64;
    loop {
        let page = audit_entry::Entity::find()
            .order_by_asc(audit_entry::Column::Seq)
            .filter_seq_from(expected_seq)
            .limit(2_000)
            .all(conn)
            .await?;
        if page.is_empty() {
            break;
        }
        for entry in page {
            let broken = |reason: &str| {
                Ok(ChainCheck::Broken {
                    seq: entry.seq,
                    reason: reason.to_owned(),
                })
            };
            if entry.seq != expected_seq {
                return Ok(ChainCheck::Broken {
                    seq: expected_seq,
                    reason: "entry missing".into(),
                });
            }
            if entry.prev_hash != prev_hash {
                return broken("prev_hash does not match the previous entry");
            }
            if entry.before_digest != digest(entry.before_json.as_deref()) {
                return broken("before state does not match its digest");
            }
            if entry.after_digest != digest(entry.after_json.as_deref()) {
                return broken("after state does not match its digest");
            }
            if entry.hash != entry_hash(&entry) {
                return broken("hash does not match the entry");
            }
            prev_hash = entry.hash.clone();
            expected_seq += 1;
            checked += 1;
        }
    }
    let head = audit_head::Entity::find_by_id(1).one(conn).await?;
    if let Some(head) = head
        && (head.seq != expected_seq - 1 || head.last_hash != prev_hash)
    {
        return Ok(ChainCheck::Broken {
            seq: head.seq,
            reason: "head does not match the last entry (entries removed?)".into(),
        });
    }
    Ok(ChainCheck::Intact { entries: checked })
}

trait FromSeq {
    fn filter_seq_from(self, seq: i64) -> Self;
}

impl FromSeq for sea_orm::Select<audit_entry::Entity> {
    fn filter_seq_from(self, seq: i64) -> Self {
        use sea_orm::{ColumnTrait, QueryFilter};
        self.filter(audit_entry::Column::Seq.gte(seq))
    }
}

/// Runs a raw statement (used by tests to tamper behind the application's back).
pub async fn execute_raw<C: ConnectionTrait>(conn: &C, sql: &str) -> Result<u64, DbErr> {
    let backend = conn.get_database_backend();
    Ok(conn
        .execute_raw(Statement::from_string(backend, sql.to_owned()))
        .await?
        .rows_affected())
}
