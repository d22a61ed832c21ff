//! Moving a whole installation between databases: a database-agnostic dump of
//! every table as JSON lines, and its import into an empty database of either
//! engine in one transaction.
//!
//! The file holds a header line (`{"format":"ocop-export","version":1,"migrations":[…]}`),
//! one line per row (`{"table":"producer","row":{…}}`) in dependency order, and a
//! trailer with each table's row count and SHA-256 over its canonical rows
//! (each row's JSON as the entity serialises it, the lines sorted bytewise, so
//! the engines' different orderings do not matter). The import checks the
//! target's summary against the trailer before it commits.

use std::collections::BTreeMap;
use std::io::{BufRead, Write};

use sea_orm::{
    AccessMode, ConnectionTrait, DbErr, EntityTrait, IntoActiveModel, IsolationLevel, Iterable, PaginatorTrait,
    PrimaryKeyToColumn, QueryOrder, QuerySelect, TransactionOptions, TransactionTrait,
};
use sea_orm_migration::MigratorTrait;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::Database;
use crate::entities;
use crate::migration::Migrator;

/// The tables in dependency order (a table only refers to tables before it).
pub const TABLES: [&str; 57] = [
    "admin_unit",
    "admin_unit_link",
    "admin_unit_current",
    "product_set",
    "producer",
    "producer_certification",
    "product",
    "product_word",
    "product_photo",
    "product_amendment",
    "point_of_sale",
    "user_account",
    "session",
    "audit_head",
    "audit_entry",
    "criteria_set",
    "decision",
    "certificate",
    "certificate_scan",
    "certificate_scan_client",
    "certificate_report",
    "idea",
    "business_plan",
    "business_plan_line",
    "cycle_step",
    "evidence_document",
    "dossier",
    "dossier_evidence",
    "dossier_event",
    "council",
    "council_member",
    "batch",
    "batch_dossier",
    "recusal",
    "score_sheet",
    "score_answer",
    "batch_note",
    "batch_disqualifier",
    "batch_minutes",
    "batch_decision",
    "certificate_notice",
    "job_lease",
    "directive",
    "programme_task",
    "programme_task_comment",
    "programme_plan",
    "programme_target",
    "product_revenue",
    "programme_event",
    "programme_event_participant",
    "programme_training",
    "programme_support",
    "inspection_plan",
    "oversight_case",
    "oversight_case_note",
    "inspection",
    "inspection_finding",
];

/// Tables that must be empty before an import: anything a user made. (`criteria_set`
/// is not among them: the migrations ship the QĐ 1048 sheet, which the import replaces.)
const USER_DATA: [&str; 35] = [
    "producer",
    "product",
    "point_of_sale",
    "user_account",
    "audit_entry",
    "decision",
    "certificate",
    "certificate_scan",
    "certificate_scan_client",
    "certificate_report",
    "idea",
    "business_plan",
    "business_plan_line",
    "cycle_step",
    "evidence_document",
    "dossier",
    "dossier_evidence",
    "dossier_event",
    "council",
    "batch",
    "directive",
    "programme_task",
    "programme_task_comment",
    "programme_plan",
    "programme_target",
    "product_revenue",
    "programme_event",
    "programme_event_participant",
    "programme_training",
    "programme_support",
    "inspection_plan",
    "oversight_case",
    "oversight_case_note",
    "inspection",
    "inspection_finding",
];

/// The format tag of the first line.
pub const FORMAT: &str = "ocop-export";

/// What can go wrong moving data.
#[derive(Debug, thiserror::Error)]
pub enum TransferError {
    /// The database failed.
    #[error("database: {0}")]
    Db(#[from] DbErr),
    /// Reading or writing the file failed.
    #[error("file: {0}")]
    Io(#[from] std::io::Error),
    /// A line is not what the format says.
    #[error("line {line}: {reason}")]
    Format {
        /// 1-based line number.
        line: usize,
        /// What is wrong.
        reason: String,
    },
    /// The dump was made with other migrations than this program has.
    #[error("the dump was made with migrations {dump:?}, this program has {ours:?}")]
    SchemaMismatch {
        /// The dump's migrations.
        dump: Vec<String>,
        /// Ours.
        ours: Vec<String>,
    },
    /// The target already holds data.
    #[error("the target database is not empty: table {0} has rows (import only into a freshly migrated database)")]
    NotEmpty(&'static str),
    /// After loading, the target does not match the dump's trailer.
    #[error("after loading, table {table} does not match the dump (rows or checksum differ); nothing was committed")]
    Mismatch {
        /// The first table that differs.
        table: String,
    },
}

/// One table's row count and checksum.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TableSummary {
    /// Table name.
    pub table: String,
    /// Rows.
    pub rows: u64,
    /// SHA-256 (hex) over the sorted canonical rows, one per line.
    pub sha256: String,
}

#[derive(Serialize, Deserialize)]
struct Header {
    format: String,
    version: u32,
    migrations: Vec<String>,
}

#[derive(Serialize, Deserialize)]
struct RowLine {
    table: String,
    row: Value,
}

#[derive(Serialize, Deserialize)]
struct Trailer {
    summary: Vec<TableSummary>,
}

/// Runs `$body` with `$E` bound to the entity of a table name.
macro_rules! with_entity {
    ($table:expr, $E:ident => $body:expr) => {
        match $table {
            "admin_unit" => {
                type $E = entities::admin_unit::Entity;
                $body
            }
            "admin_unit_link" => {
                type $E = entities::admin_unit_link::Entity;
                $body
            }
            "admin_unit_current" => {
                type $E = entities::admin_unit_current::Entity;
                $body
            }
            "certificate_notice" => {
                type $E = entities::certificate_notice::Entity;
                $body
            }
            "job_lease" => {
                type $E = entities::job_lease::Entity;
                $body
            }
            "product_set" => {
                type $E = entities::product_set::Entity;
                $body
            }
            "producer" => {
                type $E = entities::producer::Entity;
                $body
            }
            "producer_certification" => {
                type $E = entities::producer_certification::Entity;
                $body
            }
            "product" => {
                type $E = entities::product::Entity;
                $body
            }
            "point_of_sale" => {
                type $E = entities::point_of_sale::Entity;
                $body
            }
            "product_word" => {
                type $E = entities::product_word::Entity;
                $body
            }
            "product_photo" => {
                type $E = entities::product_photo::Entity;
                $body
            }
            "user_account" => {
                type $E = entities::user_account::Entity;
                $body
            }
            "session" => {
                type $E = entities::session::Entity;
                $body
            }
            "audit_head" => {
                type $E = entities::audit_head::Entity;
                $body
            }
            "audit_entry" => {
                type $E = entities::audit_entry::Entity;
                $body
            }
            "criteria_set" => {
                type $E = entities::criteria_set::Entity;
                $body
            }
            "decision" => {
                type $E = entities::decision::Entity;
                $body
            }
            "certificate" => {
                type $E = entities::certificate::Entity;
                $body
            }
            "certificate_scan" => {
                type $E = entities::certificate_scan::Entity;
                $body
            }
            "certificate_scan_client" => {
                type $E = entities::certificate_scan_client::Entity;
                $body
            }
            "certificate_report" => {
                type $E = entities::certificate_report::Entity;
                $body
            }
            "council" => {
                type $E = entities::council::Entity;
                $body
            }
            "council_member" => {
                type $E = entities::council_member::Entity;
                $body
            }
            "batch" => {
                type $E = entities::batch::Entity;
                $body
            }
            "batch_dossier" => {
                type $E = entities::batch_dossier::Entity;
                $body
            }
            "recusal" => {
                type $E = entities::recusal::Entity;
                $body
            }
            "score_sheet" => {
                type $E = entities::score_sheet::Entity;
                $body
            }
            "score_answer" => {
                type $E = entities::score_answer::Entity;
                $body
            }
            "batch_note" => {
                type $E = entities::batch_note::Entity;
                $body
            }
            "product_amendment" => {
                type $E = entities::product_amendment::Entity;
                $body
            }
            "batch_disqualifier" => {
                type $E = entities::batch_disqualifier::Entity;
                $body
            }
            "batch_minutes" => {
                type $E = entities::batch_minutes::Entity;
                $body
            }
            "batch_decision" => {
                type $E = entities::batch_decision::Entity;
                $body
            }
            "idea" => {
                type $E = entities::idea::Entity;
                $body
            }
            "business_plan" => {
                type $E = entities::business_plan::Entity;
                $body
            }
            "business_plan_line" => {
                type $E = entities::business_plan_line::Entity;
                $body
            }
            "cycle_step" => {
                type $E = entities::cycle_step::Entity;
                $body
            }
            "evidence_document" => {
                type $E = entities::evidence_document::Entity;
                $body
            }
            "dossier" => {
                type $E = entities::dossier::Entity;
                $body
            }
            "dossier_evidence" => {
                type $E = entities::dossier_evidence::Entity;
                $body
            }
            "dossier_event" => {
                type $E = entities::dossier_event::Entity;
                $body
            }
            "directive" => {
                type $E = entities::directive::Entity;
                $body
            }
            "programme_task" => {
                type $E = entities::programme_task::Entity;
                $body
            }
            "programme_task_comment" => {
                type $E = entities::programme_task_comment::Entity;
                $body
            }
            "programme_plan" => {
                type $E = entities::programme_plan::Entity;
                $body
            }
            "programme_target" => {
                type $E = entities::programme_target::Entity;
                $body
            }
            "product_revenue" => {
                type $E = entities::product_revenue::Entity;
                $body
            }
            "programme_event" => {
                type $E = entities::programme_event::Entity;
                $body
            }
            "programme_event_participant" => {
                type $E = entities::programme_event_participant::Entity;
                $body
            }
            "programme_training" => {
                type $E = entities::programme_training::Entity;
                $body
            }
            "programme_support" => {
                type $E = entities::programme_support::Entity;
                $body
            }
            "inspection_plan" => {
                type $E = entities::inspection_plan::Entity;
                $body
            }
            "oversight_case" => {
                type $E = entities::oversight_case::Entity;
                $body
            }
            "oversight_case_note" => {
                type $E = entities::oversight_case_note::Entity;
                $body
            }
            "inspection" => {
                type $E = entities::inspection::Entity;
                $body
            }
            "inspection_finding" => {
                type $E = entities::inspection_finding::Entity;
                $body
            }
            other => unreachable!("unknown table {other}"),
        }
    };
}

const PAGE: u64 = 5_000;

/// Every row of a table as canonical JSON, in primary-key order, page by page.
async fn each_row<E, C, F>(conn: &C, mut visit: F) -> Result<(), TransferError>
where
    E: EntityTrait,
    E::Model: Serialize + Sync,
    C: ConnectionTrait,
    F: FnMut(String) -> Result<(), TransferError>,
{
    let mut offset = 0;
    loop {
        let mut select = E::find();
        for key in E::PrimaryKey::iter() {
            select = select.order_by_asc(key.into_column());
        }
        let page = select.offset(offset).limit(PAGE).all(conn).await?;
        if page.is_empty() {
            return Ok(());
        }
        offset += page.len() as u64;
        for model in &page {
            visit(serde_json::to_string(model).map_err(|e| std::io::Error::other(e.to_string()))?)?;
        }
    }
}

async fn summarise<E, C>(conn: &C, table: &str) -> Result<TableSummary, TransferError>
where
    E: EntityTrait,
    E::Model: Serialize + Sync,
    C: ConnectionTrait,
{
    let mut lines = Vec::new();
    each_row::<E, C, _>(conn, |line| {
        lines.push(line);
        Ok(())
    })
    .await?;
    lines.sort_unstable();
    let mut hasher = Sha256::new();
    for line in &lines {
        hasher.update(line.as_bytes());
        hasher.update(b"\n");
    }
    Ok(TableSummary {
        table: table.to_owned(),
        rows: lines.len() as u64,
        sha256: hex::encode(hasher.finalize()),
    })
}

/// Row counts and checksums of every table.
pub async fn summary<C: ConnectionTrait>(conn: &C) -> Result<Vec<TableSummary>, TransferError> {
    let mut out = Vec::with_capacity(TABLES.len());
    for table in TABLES {
        out.push(with_entity!(table, E => summarise::<E, C>(conn, table).await?));
    }
    Ok(out)
}

fn migration_names() -> Vec<String> {
    Migrator::migrations().iter().map(|m| m.name().to_owned()).collect()
}

fn line_of<T: Serialize>(value: &T) -> Result<String, TransferError> {
    serde_json::to_string(value).map_err(|e| TransferError::Io(std::io::Error::other(e.to_string())))
}

/// Writes the whole database; returns the per-table summary also written as the trailer.
/// Every table is read in one read-only snapshot (PostgreSQL `REPEATABLE READ`;
/// on SQLite a read transaction, which in WAL mode sees one state throughout),
/// so it may run while the server writes.
pub async fn export<W: Write>(db: &Database, out: &mut W) -> Result<Vec<TableSummary>, TransferError> {
    let postgres = db.backend() == crate::Backend::Postgres;
    let options = TransactionOptions {
        isolation_level: postgres.then_some(IsolationLevel::RepeatableRead),
        access_mode: postgres.then_some(AccessMode::ReadOnly),
        ..Default::default()
    };
    let snapshot = db.conn().begin_with_options(options).await?;
    let conn = &snapshot;
    writeln!(
        out,
        "{}",
        line_of(&Header {
            format: FORMAT.to_owned(),
            version: 1,
            migrations: migration_names(),
        })?
    )?;
    for table in TABLES {
        with_entity!(table, E => each_row::<E, _, _>(conn, |row| {
            writeln!(out, "{{\"table\":\"{table}\",\"row\":{row}}}")?;
            Ok(())
        })
        .await?);
    }
    let summary = summary(conn).await?;
    snapshot.commit().await?;
    writeln!(
        out,
        "{}",
        line_of(&Trailer {
            summary: summary.clone()
        })?
    )?;
    out.flush()?;
    Ok(summary)
}

async fn insert_rows<E, C>(conn: &C, rows: Vec<Value>, first_line: usize) -> Result<(), TransferError>
where
    E: EntityTrait,
    E::Model: DeserializeOwned + IntoActiveModel<E::ActiveModel>,
    C: ConnectionTrait,
{
    let mut models = Vec::with_capacity(rows.len());
    for (i, row) in rows.into_iter().enumerate() {
        let model: E::Model = serde_json::from_value(row).map_err(|e| TransferError::Format {
            line: first_line + i,
            reason: e.to_string(),
        })?;
        models.push(model.into_active_model());
    }
    let mut models = models.into_iter().peekable();
    while models.peek().is_some() {
        let batch: Vec<E::ActiveModel> = models.by_ref().take(500).collect();
        E::insert_many(batch).exec_without_returning(conn).await?;
    }
    Ok(())
}

async fn flush<C: ConnectionTrait>(
    conn: &C,
    table: &str,
    rows: &mut Vec<Value>,
    first_line: usize,
) -> Result<(), TransferError> {
    if rows.is_empty() {
        return Ok(());
    }
    let batch = std::mem::take(rows);
    with_entity!(table, E => insert_rows::<E, C>(conn, batch, first_line).await)
}

/// Loads a dump into a freshly migrated, empty database, in one transaction:
/// clears the reference data the migrations loaded, inserts every row, and
/// commits only when every table's count and checksum equal the dump's.
pub async fn import<R: BufRead>(db: &Database, input: R) -> Result<Vec<TableSummary>, TransferError> {
    import_with(db, input, false).await
}

/// The first table holding data a user made, if any (`None`: the database is
/// as the migrations left it).
pub async fn first_user_table<C: ConnectionTrait>(conn: &C) -> Result<Option<&'static str>, TransferError> {
    for table in USER_DATA {
        let rows = with_entity!(table, E => E::find().count(conn).await?);
        if rows > 0 {
            return Ok(Some(table));
        }
    }
    Ok(None)
}

/// [`import`], or with `replace` set, into a database that may hold data: every
/// row is deleted in the same transaction before the dump is loaded (used by
/// `ocop restore --force`).
pub async fn import_with<R: BufRead>(
    db: &Database,
    input: R,
    replace: bool,
) -> Result<Vec<TableSummary>, TransferError> {
    if !replace && let Some(table) = first_user_table(db.conn()).await? {
        return Err(TransferError::NotEmpty(table));
    }
    let mut lines = input.lines().enumerate();
    let bad = |line: usize, reason: &str| TransferError::Format {
        line,
        reason: reason.to_owned(),
    };
    let header: Header = match lines.next() {
        Some((_, line)) => serde_json::from_str(&line?).map_err(|e| bad(1, &e.to_string()))?,
        None => return Err(bad(1, "empty file")),
    };
    if header.format != FORMAT || header.version != 1 {
        return Err(bad(1, "not an ocop export (version 1)"));
    }
    if header.migrations != migration_names() {
        return Err(TransferError::SchemaMismatch {
            dump: header.migrations,
            ours: migration_names(),
        });
    }

    let tx = db.begin_write().await?;
    for table in TABLES.iter().rev() {
        with_entity!(*table, E => E::delete_many().exec(&tx).await?);
    }
    let order: BTreeMap<&str, usize> = TABLES.iter().enumerate().map(|(i, t)| (*t, i)).collect();
    let mut current: Option<&'static str> = None;
    let mut buffer = Vec::new();
    let mut buffer_start = 0;
    let mut trailer = None;
    for (index, line) in lines {
        let number = index + 1;
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        if trailer.is_some() {
            return Err(bad(number, "data after the trailer"));
        }
        if line.starts_with("{\"summary\"") {
            trailer = Some(serde_json::from_str::<Trailer>(&line).map_err(|e| bad(number, &e.to_string()))?);
            continue;
        }
        let RowLine { table, row } = serde_json::from_str(&line).map_err(|e| bad(number, &e.to_string()))?;
        let Some(&position) = order.get(table.as_str()) else {
            return Err(bad(number, &format!("unknown table {table}")));
        };
        let table: &'static str = TABLES[position];
        if current != Some(table) {
            if let Some(previous) = current {
                if order[previous] > position {
                    return Err(bad(number, "tables out of dependency order"));
                }
                flush(&tx, previous, &mut buffer, buffer_start).await?;
            }
            current = Some(table);
        }
        if buffer.is_empty() {
            buffer_start = number;
        }
        buffer.push(row);
        if buffer.len() >= 2_000 {
            flush(&tx, table, &mut buffer, buffer_start).await?;
        }
    }
    if let Some(table) = current {
        flush(&tx, table, &mut buffer, buffer_start).await?;
    }
    let Some(trailer) = trailer else {
        return Err(bad(0, "no trailer: the file is truncated"));
    };
    let loaded = summary(&tx).await?;
    for expected in &trailer.summary {
        if loaded.iter().find(|s| s.table == expected.table) != Some(expected) {
            return Err(TransferError::Mismatch {
                table: expected.table.clone(),
            });
        }
    }
    tx.commit().await?;
    db.analyze().await?;
    Ok(loaded)
}
