//! The audit trail: append-only, each entry chained to the previous one and keyed
//! with a secret the database does not hold (`audit_key`).
//!
//! `hash = HMAC-SHA256(key[key_id], "v2" | prev_hash | seq | at (µs) | actor |
//! action | entity type | entity id | before digest | after digest | key id |
//! state digest)`, where a digest is the SHA-256 of the canonical JSON of the
//! state. Entries written before keys existed (`key_id = 0`) keep the unkeyed
//! `SHA-256(prev_hash | … | after digest)`; they verify only before the first keyed
//! entry, so a rewrite cannot fall back to the unkeyed form.
//!
//! An entry is written in the same transaction as the change it records: the head
//! row is updated first, which takes a row lock on PostgreSQL (and SQLite's
//! IMMEDIATE transactions already serialise writers), so two writers can never
//! fork the chain. The chain head is published outside the database as a
//! [`SignedHead`], so a truncated or rewritten chain is found against a copy.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait, Query};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder, QuerySelect, Statement,
};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::audit_key::{self, AuditKeys};
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

/// The fields every entry's hash covers, `|`-separated.
fn entry_line(entry: &audit_entry::Model) -> String {
    let actor = entry.actor_id.map(|id| id.to_string()).unwrap_or_default();
    format!(
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
    )
}

/// The unkeyed SHA-256 hash of an entry (`key_id = 0`: entries written before keys existed).
pub fn entry_hash(entry: &audit_entry::Model) -> String {
    let mut line = entry_line(entry);
    if let Some(state) = &entry.state_digest {
        line.push('|');
        line.push_str(state);
    }
    hex::encode(Sha256::digest(line.as_bytes()))
}

/// The hash an entry must carry: the HMAC under its key, or the unkeyed hash for
/// `key_id = 0`; none when the key is not held.
pub fn expected_hash(keys: &AuditKeys, entry: &audit_entry::Model) -> Option<String> {
    if entry.key_id == 0 {
        return Some(entry_hash(entry));
    }
    let line = format!(
        "v2|{}|{}|{}",
        entry_line(entry),
        entry.key_id,
        entry.state_digest.as_deref().unwrap_or("")
    );
    keys.mac(entry.key_id, line.as_bytes())
}

/// Appends an entry inside the caller's transaction and returns its sequence number;
/// keyed with the process's signing key (`audit_key::installed`), if any.
pub async fn append<C: ConnectionTrait>(conn: &C, event: AuditEvent<'_>) -> Result<i64, DbErr> {
    write(conn, event, None).await
}

/// Appends an entry that also records the state of the record's row after the change
/// (`state`: the snapshot its kind makes from the stored row), so that
/// `ocop audit verify --state` can tell when the row was changed behind the
/// application's back.
pub async fn append_with_state<C: ConnectionTrait>(
    conn: &C,
    event: AuditEvent<'_>,
    state: &Value,
) -> Result<i64, DbErr> {
    write(conn, event, Some(digest(Some(&state.to_string())))).await
}

async fn write<C: ConnectionTrait>(
    conn: &C,
    event: AuditEvent<'_>,
    state_digest: Option<String>,
) -> Result<i64, DbErr> {
    let keys = audit_key::installed();
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
        key_id: keys.signing_id().unwrap_or(0),
        state_digest,
    };
    entry.hash = expected_hash(&keys, &entry).expect("the signing key is held");
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

/// Recomputes the whole chain with the process's keys (`audit_key::installed`).
pub async fn verify<C: ConnectionTrait>(conn: &C) -> Result<ChainCheck, DbErr> {
    verify_with(conn, &audit_key::installed()).await
}

/// Recomputes the whole chain, in pages, with `keys`, and names the first broken entry:
/// a keyed entry whose HMAC differs (rewritten without the key), an unkeyed entry after
/// a keyed one, a gap, altered states, or a head row that does not match the last entry.
pub async fn verify_with<C: ConnectionTrait>(conn: &C, keys: &AuditKeys) -> Result<ChainCheck, DbErr> {
    let mut seen_keyed = false;
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
            if entry.key_id == 0 && seen_keyed {
                return broken("unkeyed entry after keyed entries (rewritten without the key?)");
            }
            let Some(expected) = expected_hash(keys, &entry) else {
                return broken(&format!(
                    "signed with audit key {}, which is not given (OCOP_AUDIT_KEY, OCOP_AUDIT_KEYS or audit.key)",
                    entry.key_id
                ));
            };
            if entry.hash != expected {
                return broken("hash does not match the entry");
            }
            seen_keyed |= entry.key_id > 0;
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

/// The first keyed entry, if any.
pub async fn first_keyed_seq<C: ConnectionTrait>(conn: &C) -> Result<Option<i64>, DbErr> {
    Ok(audit_entry::Entity::find()
        .filter(audit_entry::Column::KeyId.gt(0))
        .order_by_asc(audit_entry::Column::Seq)
        .one(conn)
        .await?
        .map(|e| e.seq))
}

/// Whether this process's signing key is the one that signed the last entry under its id;
/// `Err` with the reason when it is not (another key under the same id: its entries
/// would never verify).
pub async fn check_signing_key<C: ConnectionTrait>(conn: &C, keys: &AuditKeys) -> Result<Result<(), String>, DbErr> {
    let Some(id) = keys.signing_id() else {
        return Ok(Ok(()));
    };
    let last = audit_entry::Entity::find()
        .filter(audit_entry::Column::KeyId.eq(id))
        .order_by_desc(audit_entry::Column::Seq)
        .one(conn)
        .await?;
    Ok(match last {
        Some(entry) if expected_hash(keys, &entry).as_deref() != Some(entry.hash.as_str()) => Err(format!(
            "the audit key with id {id} is not the key that signed entry {} under that id: \
             give every process the same key (OCOP_AUDIT_KEY or the data directory's audit.key)",
            entry.seq
        )),
        _ => Ok(()),
    })
}

/// The chain head as published outside the database (the head file, `GET /api/v1/audit/head`):
/// the last sequence number and hash, when it was taken, where keyed entries begin, and
/// an HMAC-SHA256 over all of it under the signing key. It reveals only a count and a hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignedHead {
    /// The last entry's sequence number (0: no entry yet).
    pub seq: i64,
    /// The last entry's hash.
    pub hash: String,
    /// When the head was read (UTC).
    pub at: DateTime<Utc>,
    /// The first keyed entry, if any.
    pub keyed_from: Option<i64>,
    /// The key that made `mac` (0: unsigned, no key held).
    pub key_id: i32,
    /// HMAC-SHA256 of `ocop-audit-head|seq|hash|at µs|keyed_from|key_id`, hex.
    pub mac: Option<String>,
}

impl SignedHead {
    fn message(&self) -> String {
        format!(
            "ocop-audit-head|{}|{}|{}|{}|{}",
            self.seq,
            self.hash,
            self.at.timestamp_micros(),
            self.keyed_from.map(|s| s.to_string()).unwrap_or_default(),
            self.key_id
        )
    }

    /// Checks the signature with `keys`; the reason when it does not hold.
    pub fn check(&self, keys: &AuditKeys) -> Result<(), String> {
        let Some(mac) = &self.mac else {
            return Err("the head is not signed".into());
        };
        match keys.mac(self.key_id, self.message().as_bytes()) {
            None => Err(format!(
                "the head is signed with audit key {}, which is not given",
                self.key_id
            )),
            Some(expected) if &expected == mac => Ok(()),
            Some(_) => Err("the head's signature does not match (altered, or made with another key)".into()),
        }
    }
}

/// The current head, signed with the signing key of `keys` (unsigned without one).
pub async fn signed_head<C: ConnectionTrait>(conn: &C, keys: &AuditKeys) -> Result<SignedHead, DbErr> {
    let head = audit_head::Entity::find_by_id(1)
        .one(conn)
        .await?
        .ok_or_else(|| DbErr::RecordNotFound("audit_head".into()))?;
    let mut signed = SignedHead {
        seq: head.seq,
        hash: head.last_hash,
        at: crate::now(),
        keyed_from: first_keyed_seq(conn).await?,
        key_id: keys.signing_id().unwrap_or(0),
        mac: None,
    };
    signed.mac = keys.mac(signed.key_id, signed.message().as_bytes());
    Ok(signed)
}

/// Checks the database against a head published earlier: its signature, that the chain
/// still reaches it (not truncated), that the entry at its sequence number still has
/// its hash (not rewritten), and that keyed entries begin where they began.
pub async fn verify_against<C: ConnectionTrait>(
    conn: &C,
    keys: &AuditKeys,
    head: &SignedHead,
) -> Result<ChainCheck, DbErr> {
    if let Err(reason) = head.check(keys) {
        return Ok(ChainCheck::Broken { seq: head.seq, reason });
    }
    let current = audit_head::Entity::find_by_id(1)
        .one(conn)
        .await?
        .map(|h| h.seq)
        .unwrap_or(0);
    if current < head.seq {
        return Ok(ChainCheck::Broken {
            seq: current + 1,
            reason: format!(
                "truncated: the database ends at seq {current}, the head published at {} reached seq {}",
                head.at.to_rfc3339(),
                head.seq
            ),
        });
    }
    if head.seq > 0 {
        let entry = audit_entry::Entity::find_by_id(head.seq).one(conn).await?;
        match entry {
            None => {
                return Ok(ChainCheck::Broken {
                    seq: head.seq,
                    reason: "the entry of the published head is missing".into(),
                });
            }
            Some(entry) if entry.hash != head.hash => {
                return Ok(ChainCheck::Broken {
                    seq: head.seq,
                    reason: format!(
                        "rewritten: the entry differs from the head published at {}",
                        head.at.to_rfc3339()
                    ),
                });
            }
            Some(_) => {}
        }
    }
    if let Some(from) = head.keyed_from {
        let now = first_keyed_seq(conn).await?;
        if now != Some(from) {
            return Ok(ChainCheck::Broken {
                seq: from,
                reason: format!(
                    "keyed entries began at seq {from} when the head was published, now at {}",
                    now.map(|s| s.to_string()).unwrap_or_else(|| "none".into())
                ),
            });
        }
    }
    Ok(ChainCheck::Intact {
        entries: u64::try_from(head.seq).unwrap_or(0),
    })
}

trait FromSeq {
    fn filter_seq_from(self, seq: i64) -> Self;
}

impl FromSeq for sea_orm::Select<audit_entry::Entity> {
    fn filter_seq_from(self, seq: i64) -> Self {
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
