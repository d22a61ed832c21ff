//! Connecting to the database, migrating it, and opening write transactions.

use std::path::Path;
use std::time::Duration;

use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
use sea_orm::{
    ConnectOptions, ConnectionTrait, DatabaseConnection, DatabaseTransaction, DbBackend, DbErr, SqliteTransactionMode,
    TransactionOptions, TransactionTrait,
};
use sea_orm_migration::MigratorTrait;

use crate::migration::Migrator;

/// The engine behind a connection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// Embedded SQLite file: one laptop, one office.
    Sqlite,
    /// PostgreSQL server: a province with hundreds of users, several processes.
    Postgres,
}

/// A failure to reach or prepare the database.
#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    /// The URL names an engine we do not support.
    #[error("unsupported database URL (use sqlite://… or postgres://…): {0}")]
    UnsupportedUrl(String),
    /// The database answered with an error.
    #[error(transparent)]
    Db(#[from] DbErr),
}

/// A connection pool plus what we know about its engine.
#[derive(Debug, Clone)]
pub struct Database {
    conn: DatabaseConnection,
    backend: Backend,
}

impl Database {
    /// The SQLite URL for the database file inside a data directory.
    pub fn sqlite_url_in(data_dir: &Path) -> String {
        format!("sqlite://{}?mode=rwc", data_dir.join("ocop.sqlite").display())
    }

    /// Connections of the pool: (open, idle, maximum).
    pub fn pool_stats(&self) -> (u32, usize, u32) {
        match self.backend {
            Backend::Sqlite => {
                let pool = self.conn.get_sqlite_connection_pool();
                (pool.size(), pool.num_idle(), pool.options().get_max_connections())
            }
            Backend::Postgres => {
                let pool = self.conn.get_postgres_connection_pool();
                (pool.size(), pool.num_idle(), pool.options().get_max_connections())
            }
        }
    }

    /// Connects to `url` (`sqlite://PATH?mode=rwc` or `postgres://…`).
    ///
    /// SQLite runs in WAL mode with a 10 s busy timeout, full synchronous
    /// commits (an acknowledged write survives a crash), foreign keys on and
    /// reads through a memory map of up to 256 MiB.
    pub async fn connect(url: &str) -> Result<Self, StorageError> {
        let backend = if url.starts_with("sqlite:") {
            Backend::Sqlite
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            Backend::Postgres
        } else {
            return Err(StorageError::UnsupportedUrl(redact(url)));
        };
        let mut options = ConnectOptions::new(url.to_owned());
        options
            .sqlx_logging(false)
            .connect_timeout(Duration::from_secs(5))
            .acquire_timeout(Duration::from_secs(10));
        match backend {
            Backend::Sqlite => {
                options.max_connections(8).min_connections(1);
                options.map_sqlx_sqlite_opts(|o| {
                    o.journal_mode(SqliteJournalMode::Wal)
                        .busy_timeout(Duration::from_secs(10))
                        .synchronous(SqliteSynchronous::Full)
                        .foreign_keys(true)
                        .create_if_missing(true)
                        // Reads through a memory map instead of a read() per page: the
                        // folded-search scans over products take about half the time.
                        .pragma("mmap_size", "268435456")
                        // Statement journals and sorts in memory, not in a temporary file: a
                        // statement inside a long transaction wrote its journal to /var/tmp a
                        // page at a time (2.6 million writes for the national demo).
                        .pragma("temp_store", "memory")
                });
                // A pooled connection must never be handed out inside a transaction.
                // When SQLite rolls a transaction back by itself (SQLITE_FULL, an
                // I/O error) the driver still counts it as open, and the next
                // `begin` on that connection would become a savepoint of a
                // transaction nobody commits: writes acknowledged, then lost. The
                // pool pings before this check, so a pending rollback has run.
                options.map_sqlx_sqlite_before_acquire(|conn, _| {
                    Box::pin(async move {
                        use sea_orm::sqlx::Connection as _;
                        let in_transaction = conn.is_in_transaction();
                        if in_transaction {
                            tracing::warn!("discarding a pooled SQLite connection left inside a transaction");
                        }
                        Ok(!in_transaction)
                    })
                });
            }
            Backend::Postgres => {
                options.max_connections(20).min_connections(1);
            }
        }
        let conn = sea_orm::Database::connect(options).await?;
        Ok(Self { conn, backend })
    }

    /// The pool, for reads.
    pub fn conn(&self) -> &DatabaseConnection {
        &self.conn
    }

    /// The engine.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// SeaORM's name for the engine.
    pub fn db_backend(&self) -> DbBackend {
        self.conn.get_database_backend()
    }

    /// Refreshes the query planner's statistics and the visibility map after a bulk load
    /// (demo data, an import, a restore). PostgreSQL plans a table filled a moment ago as if
    /// it were nearly empty until autovacuum gets to it (a folded search took a second
    /// instead of 50 ms right after the national demo), and cannot answer from an index alone
    /// before the table is vacuumed; SQLite's planner needs no statistics for our queries.
    /// Outside any transaction (VACUUM refuses to run in one).
    pub async fn analyze(&self) -> Result<(), DbErr> {
        if self.backend == Backend::Postgres {
            self.conn.execute_unprepared("VACUUM ANALYZE").await?;
        }
        Ok(())
    }

    /// Opens a write transaction. On SQLite it is `BEGIN IMMEDIATE`, so the
    /// write lock is taken at once and a busy writer waits instead of failing
    /// half-way through a read-then-write.
    pub async fn begin_write(&self) -> Result<DatabaseTransaction, DbErr> {
        let options = TransactionOptions {
            sqlite_transaction_mode: (self.backend == Backend::Sqlite).then_some(SqliteTransactionMode::Immediate),
            ..Default::default()
        };
        self.conn.begin_with_options(options).await
    }

    /// Applies every pending migration, including the reference data.
    pub async fn migrate(&self) -> Result<(), DbErr> {
        Migrator::up(&self.conn, None).await
    }

    /// True when every migration is applied.
    pub async fn is_migrated(&self) -> Result<bool, DbErr> {
        Ok(Migrator::get_pending_migrations(&self.conn).await?.is_empty())
    }

    /// True when the database answers a trivial query.
    pub async fn ping(&self) -> bool {
        self.conn.ping().await.is_ok()
    }

    /// Closes the pool.
    pub async fn close(self) -> Result<(), DbErr> {
        self.conn.close().await
    }
}

/// Hides a password in a URL before it is printed.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let userinfo = &url[scheme + 3..at];
            let user = userinfo.split(':').next().unwrap_or_default();
            format!("{}://{}:***@{}", &url[..scheme], user, &url[at + 1..])
        }
        _ => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::redact;

    #[test]
    fn passwords_never_reach_the_log() {
        assert_eq!(
            redact("postgres://ocop:s3cret@db:5432/ocop"),
            "postgres://ocop:***@db:5432/ocop"
        );
        assert_eq!(redact("sqlite://data/ocop.sqlite"), "sqlite://data/ocop.sqlite");
    }
}
