//! A fresh database per test: a temporary SQLite file by default, or a new
//! PostgreSQL database when `OCOP_TEST_DATABASE=postgres` (server from
//! `OCOP_TEST_PG_URL`, default `postgres://postgres@127.0.0.1:5432`). The
//! PostgreSQL database is dropped when the handle is dropped.
//!
//! Migrating loads both lists of administrative units and computes their sort keys,
//! which costs seconds; the test runner starts a process per test, so each test
//! binary migrates once into a **template** and every test copies it: a file copy on
//! SQLite, `CREATE DATABASE … TEMPLATE` on PostgreSQL. The template's name comes from
//! the test executable's path, size and modification time, so a rebuilt binary (new
//! migrations, new reference data) never meets a stale template. Each test still runs
//! `migrate`, which finds nothing to do.

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::{Backend, Database, StorageError};

/// A database that exists for one test.
pub struct TestDatabase {
    /// The migrated database.
    pub db: Database,
    /// The URL it was opened with (for a second process or pool).
    pub url: String,
    /// Holds the SQLite file's directory (and any test files) until the test ends.
    pub dir: tempfile_dir::Dir,
    pg_admin: Option<(String, String)>,
}

/// A minimal temporary directory, removed on drop.
pub mod tempfile_dir {
    use std::path::{Path, PathBuf};

    /// A directory under the system temp dir, removed on drop.
    pub struct Dir(PathBuf);

    impl Dir {
        /// Creates a new, empty directory.
        pub fn new() -> std::io::Result<Self> {
            let path = std::env::temp_dir().join(format!("ocop-test-{}", uuid::Uuid::now_v7().simple()));
            std::fs::create_dir_all(&path)?;
            Ok(Self(path))
        }

        /// Its path.
        pub fn path(&self) -> &Path {
            &self.0
        }
    }

    impl Drop for Dir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
}

/// The engine the tests run on, from `OCOP_TEST_DATABASE`.
pub fn test_backend() -> Backend {
    match std::env::var("OCOP_TEST_DATABASE").as_deref() {
        Ok("postgres") => Backend::Postgres,
        _ => Backend::Sqlite,
    }
}

fn pg_server_url() -> String {
    std::env::var("OCOP_TEST_PG_URL").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432".into())
}

fn io_error(e: std::io::Error) -> StorageError {
    StorageError::UnsupportedUrl(e.to_string())
}

/// A short key for this test executable: its path, size and modification time.
fn template_key() -> String {
    let mut hasher = Sha256::new();
    if let Ok(exe) = std::env::current_exe() {
        hasher.update(exe.to_string_lossy().as_bytes());
        if let Ok(meta) = std::fs::metadata(&exe) {
            hasher.update(meta.len().to_le_bytes());
            if let Ok(modified) = meta
                .modified()
                .and_then(|m| m.duration_since(std::time::UNIX_EPOCH).map_err(std::io::Error::other))
            {
                hasher.update(modified.as_nanos().to_le_bytes());
            }
        }
    }
    hex::encode(&hasher.finalize()[..8])
}

/// The migrated SQLite template of this executable, made on first use. Built under a
/// unique name and renamed into place, so concurrent tests never see half a template.
async fn sqlite_template() -> Result<PathBuf, StorageError> {
    let dir = std::env::temp_dir().join("ocop-test-templates");
    std::fs::create_dir_all(&dir).map_err(io_error)?;
    let template = dir.join(format!("{}.sqlite", template_key()));
    if template.exists() {
        return Ok(template);
    }
    let building = dir.join(format!("building-{}", uuid::Uuid::now_v7().simple()));
    std::fs::create_dir_all(&building).map_err(io_error)?;
    let db = Database::connect(&Database::sqlite_url_in(&building)).await?;
    db.migrate().await?;
    crate::audit::execute_raw(db.conn(), "PRAGMA wal_checkpoint(TRUNCATE)").await?;
    db.close().await?;
    std::fs::rename(building.join("ocop.sqlite"), &template).map_err(io_error)?;
    let _ = std::fs::remove_dir_all(&building);
    remove_old_templates(&dir, &template);
    Ok(template)
}

/// Templates of executables rebuilt more than a day ago are of no further use.
fn remove_old_templates(dir: &Path, keep: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    let day = std::time::Duration::from_secs(24 * 3600);
    for entry in entries.flatten() {
        let path = entry.path();
        let old = entry
            .metadata()
            .and_then(|m| m.modified())
            .is_ok_and(|m| m.elapsed().is_ok_and(|age| age > day));
        if path != keep && old {
            let _ = if path.is_dir() {
                std::fs::remove_dir_all(&path)
            } else {
                std::fs::remove_file(&path)
            };
        }
    }
}

/// The migrated PostgreSQL template database of this executable, made on first use
/// (under a unique name, then renamed; the loser of a race drops its copy).
async fn postgres_template(admin: &Database, server: &str) -> Result<String, StorageError> {
    let template = format!("ocop_tpl_{}", template_key());
    let exists = |name: String| async move {
        let backend = admin.conn().get_database_backend();
        let row = sea_orm::ConnectionTrait::query_one_raw(
            admin.conn(),
            sea_orm::Statement::from_sql_and_values(
                backend,
                "SELECT 1 AS one FROM pg_database WHERE datname = $1",
                [name.into()],
            ),
        )
        .await?;
        Ok::<bool, StorageError>(row.is_some())
    };
    if exists(template.clone()).await? {
        return Ok(template);
    }
    let building = format!("ocop_tpb_{}", uuid::Uuid::now_v7().simple());
    crate::audit::execute_raw(admin.conn(), &format!("CREATE DATABASE {building}")).await?;
    let db = Database::connect(&format!("{server}/{building}")).await?;
    db.migrate().await?;
    db.close().await?;
    let renamed =
        crate::audit::execute_raw(admin.conn(), &format!("ALTER DATABASE {building} RENAME TO {template}")).await;
    if renamed.is_err() {
        // Another test made the template first.
        crate::audit::execute_raw(
            admin.conn(),
            &format!("DROP DATABASE IF EXISTS {building} WITH (FORCE)"),
        )
        .await?;
    }
    Ok(template)
}

impl TestDatabase {
    /// Creates and connects a fresh, migrated database (a copy of this executable's template).
    pub async fn new() -> Result<Self, StorageError> {
        let dir = tempfile_dir::Dir::new().map_err(io_error)?;
        let (url, pg_admin) = match test_backend() {
            Backend::Sqlite => {
                let template = sqlite_template().await?;
                std::fs::copy(&template, dir.path().join("ocop.sqlite")).map_err(io_error)?;
                (Database::sqlite_url_in(dir.path()), None)
            }
            Backend::Postgres => {
                let server = pg_server_url();
                let name = format!("ocop_t_{}", uuid::Uuid::now_v7().simple());
                let admin = Database::connect(&format!("{server}/postgres")).await?;
                let template = postgres_template(&admin, &server).await?;
                crate::audit::execute_raw(admin.conn(), &format!("CREATE DATABASE {name} TEMPLATE {template}")).await?;
                admin.close().await?;
                (format!("{server}/{name}"), Some((server, name)))
            }
        };
        let db = Database::connect(&url).await?;
        db.migrate().await?;
        Ok(Self { db, url, dir, pg_admin })
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        if let Some((server, name)) = self.pg_admin.take() {
            // Drop runs outside any async context we may block, so use a thread with its own runtime.
            let _ = std::thread::spawn(move || {
                let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build();
                if let Ok(runtime) = runtime {
                    runtime.block_on(async move {
                        if let Ok(admin) = Database::connect(&format!("{server}/postgres")).await {
                            let _ = crate::audit::execute_raw(
                                admin.conn(),
                                &format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"),
                            )
                            .await;
                            let _ = admin.close().await;
                        }
                    });
                }
            })
            .join();
        }
    }
}

/// Runs one migration again on a migrated database (its `up`, over the rows as they are now):
/// for tests of a data migration, which insert rows in the shape the migration moves first.
pub async fn rerun_migration(db: &Database, name: &str) -> Result<(), sea_orm::DbErr> {
    use sea_orm::sea_query::{Alias, Expr, ExprTrait, Query};
    use sea_orm_migration::MigratorTrait;
    let forget = Query::delete()
        .from_table(Alias::new("seaql_migrations"))
        .and_where(Expr::col(Alias::new("version")).eq(name))
        .to_owned();
    sea_orm::ConnectionTrait::execute(db.conn(), &forget).await?;
    crate::migration::Migrator::up(db.conn(), None).await
}
