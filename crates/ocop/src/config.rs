//! Configuration from the environment: where data lives and which database to use.

use std::path::PathBuf;

use anyhow::Context as _;
use ocop_service::Context;
use ocop_service::files::FileStore;
use ocop_storage::{Backend, Database};

/// `OCOP_DATA_DIR`, default `./data`: the SQLite file and stored files.
pub fn data_dir() -> PathBuf {
    std::env::var_os("OCOP_DATA_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("data"))
}

/// `OCOP_DATABASE_URL`, default the SQLite file in the data directory.
pub fn database_url() -> anyhow::Result<String> {
    match std::env::var("OCOP_DATABASE_URL") {
        Ok(url) if !url.trim().is_empty() => Ok(url),
        _ => {
            let dir = data_dir();
            std::fs::create_dir_all(&dir)
                .with_context(|| format!("cannot create the data directory {}", dir.display()))?;
            Ok(Database::sqlite_url_in(&dir))
        }
    }
}

/// `OCOP_PUBLIC_BASE_URL`: the site's public address, printed in certificates' QR
/// codes; default `http://{bind}` (right for a local trial, wrong for print runs).
///
/// Serving beyond the loopback address without it warns once at start-up: certificates printed
/// then would carry a QR code to an address the public cannot reach.
pub fn public_base_url(bind: std::net::SocketAddr) -> String {
    match std::env::var("OCOP_PUBLIC_BASE_URL") {
        Ok(url) if !url.trim().is_empty() => url.trim().trim_end_matches('/').to_owned(),
        _ => {
            if needs_public_base_url(bind) {
                tracing::warn!(
                    %bind,
                    "OCOP_PUBLIC_BASE_URL is not set: certificates printed now carry a QR code to http://{bind}/v/…, \
                     which the public may not reach — set it to the site's public address (e.g. https://ocop.example.gov.vn)"
                );
            }
            format!("http://{bind}")
        }
    }
}

/// True when a server on `bind` is reachable beyond this machine, so its own address is no
/// public address for QR codes.
pub fn needs_public_base_url(bind: std::net::SocketAddr) -> bool {
    !bind.ip().is_loopback()
}

/// The accept loop's limits: `OCOP_HEADER_READ_TIMEOUT_SECS`, `OCOP_CONNECTION_MAX_AGE_SECS`
/// and `OCOP_MAX_CONNECTIONS` (defaults in `ConnectionLimits::default`); a value that is
/// not a positive whole number is an error, not silently the default.
pub fn connection_limits() -> anyhow::Result<ocop_web::ConnectionLimits> {
    fn positive(name: &str) -> anyhow::Result<Option<u64>> {
        match std::env::var(name) {
            Ok(value) if !value.trim().is_empty() => match value.trim().parse::<u64>() {
                Ok(n) if n > 0 => Ok(Some(n)),
                _ => anyhow::bail!("{name} must be a positive whole number, not {value:?}"),
            },
            _ => Ok(None),
        }
    }
    let mut limits = ocop_web::ConnectionLimits::default();
    if let Some(secs) = positive("OCOP_HEADER_READ_TIMEOUT_SECS")? {
        limits.header_read_timeout = std::time::Duration::from_secs(secs);
    }
    if let Some(secs) = positive("OCOP_CONNECTION_MAX_AGE_SECS")? {
        limits.max_age = std::time::Duration::from_secs(secs);
    }
    if let Some(n) = positive("OCOP_MAX_CONNECTIONS")? {
        limits.max_connections = usize::try_from(n).context("OCOP_MAX_CONNECTIONS is too large")?;
    }
    Ok(limits)
}

/// Connects; on SQLite (or when `migrate` is set) applies pending migrations,
/// on PostgreSQL otherwise insists that `ocop migrate` was run. Loads the audit keys
/// (`OCOP_AUDIT_KEY`, or `audit.key` in the data directory, created when absent) and
/// refuses to go on when the signing key is not the one that signed the trail's last
/// entry under its id: entries signed with it would never verify.
pub async fn open(migrate: bool) -> anyhow::Result<Context> {
    let ctx = open_unchecked(migrate).await?;
    let keys = ocop_storage::audit_key::installed();
    if let Err(reason) = ocop_storage::audit::check_signing_key(ctx.db.conn(), &keys).await? {
        anyhow::bail!("{reason}");
    }
    Ok(ctx)
}

/// [`open`] without the signing-key check (`ocop audit verify` reports what it finds).
pub async fn open_unchecked(migrate: bool) -> anyhow::Result<Context> {
    let keys = ocop_storage::audit_key::AuditKeys::load(&data_dir())?;
    ocop_storage::audit_key::install(keys);
    let url = database_url()?;
    let db = Database::connect(&url)
        .await
        .with_context(|| format!("cannot open the database {}", ocop_storage::db::redact(&url)))?;
    if db.backend() == Backend::Sqlite || migrate {
        db.migrate().await.context("migration failed")?;
    } else if !db.is_migrated().await? {
        anyhow::bail!("the PostgreSQL database is not migrated: run `ocop migrate` first");
    }
    if let Some(months) = std::env::var("OCOP_EXPIRING_WINDOW_MONTHS")
        .ok()
        .and_then(|m| m.trim().parse().ok())
    {
        ocop_service::certificates::set_expiring_window_months(months);
    }
    let files = FileStore::local(data_dir().join("files"));
    Ok(Context { db, files })
}

/// Logs to stderr; `OCOP_LOG_FORMAT=json` for JSON lines; level from `RUST_LOG` (default info).
pub fn init_logging() {
    let filter =
        tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info,sqlx=warn,sea_orm=warn".into());
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    if std::env::var("OCOP_LOG_FORMAT").is_ok_and(|f| f == "json") {
        builder.json().init();
    } else {
        builder.init();
    }
}
