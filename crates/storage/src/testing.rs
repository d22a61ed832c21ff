//! A fresh database per test: a temporary SQLite file by default, or a new
//! PostgreSQL database when `OCOP_TEST_DATABASE=postgres` (server from
//! `OCOP_TEST_PG_URL`, default `postgres://postgres@127.0.0.1:5432`). The
//! PostgreSQL database is dropped when the handle is dropped.

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

impl TestDatabase {
    /// Creates, connects and migrates a fresh database.
    pub async fn new() -> Result<Self, StorageError> {
        let dir = tempfile_dir::Dir::new().map_err(|e| StorageError::UnsupportedUrl(e.to_string()))?;
        let (url, pg_admin) = match test_backend() {
            Backend::Sqlite => (Database::sqlite_url_in(dir.path()), None),
            Backend::Postgres => {
                let server = pg_server_url();
                let name = format!("ocop_t_{}", uuid::Uuid::now_v7().simple());
                let admin = Database::connect(&format!("{server}/postgres")).await?;
                crate::audit::execute_raw(admin.conn(), &format!("CREATE DATABASE {name}")).await?;
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
