//! Online backups and their restore: a consistent snapshot of the database
//! and the stored files, with a manifest of checksums.
//!
//! A backup directory holds:
//!
//! - `manifest.json`: format, engine, when, the database file's size and
//!   SHA-256, every table's row count and checksum (as in `ocop export`), and
//!   every stored file with its size and SHA-256;
//! - the database: `ocop.sqlite` (SQLite, written by `VACUUM INTO`, which
//!   reads one snapshot while other connections keep writing) or
//!   `database.jsonl` (PostgreSQL: the portable export, read in one
//!   `REPEATABLE READ` transaction, so no client tools are needed);
//! - `files/ab/abcdef…`: the stored files, copied and checked against their
//!   content hash.
//!
//! The database is snapshotted **before** the files are copied. A file is
//! written (and synced) before the row that names it commits, and files are
//! never deleted, so every file the snapshot refers to is already on disk
//! when the copy starts: the backup is consistent without stopping writers.
//! Files written after the snapshot are copied too; they are harmless
//! (unreferenced, as after a crash between the file and its row).

use std::io::{BufReader, Read, Write};
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use ocop_storage::transfer::{self, TableSummary, TransferError};
use ocop_storage::{Backend, Database, DbErr};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::files::FileStore;

/// The manifest's name in a backup directory.
pub const MANIFEST: &str = "manifest.json";
/// The SQLite snapshot's name.
pub const SQLITE_FILE: &str = "ocop.sqlite";
/// The portable dump's name (PostgreSQL backups).
pub const DUMP_FILE: &str = "database.jsonl";
/// The format tag of the manifest.
pub const FORMAT: &str = "ocop-backup";

/// What can go wrong backing up or restoring.
#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    /// The database failed.
    #[error("database: {0}")]
    Db(#[from] DbErr),
    /// Reading or writing a file failed.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The failure.
        source: std::io::Error,
    },
    /// The export or import failed.
    #[error(transparent)]
    Transfer(#[from] TransferError),
    /// The output directory already holds something.
    #[error("the output directory {0} is not empty")]
    OutputNotEmpty(PathBuf),
    /// A stored file does not match its name (its content hash).
    #[error("stored file {0} does not match its SHA-256: the store is damaged")]
    DamagedStore(PathBuf),
    /// The backup is not complete or was altered.
    #[error("the backup is damaged: {0}")]
    Damaged(String),
    /// The restore target holds data and `--force` was not given.
    #[error("the target is not empty ({0}); restore only into an empty database and data directory, or pass --force")]
    TargetNotEmpty(String),
    /// After restoring, the database does not match the manifest.
    #[error("after restoring, table {0} does not match the backup")]
    Mismatch(String),
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> BackupError + '_ {
    move |source| BackupError::Io {
        path: path.to_owned(),
        source,
    }
}

/// A file of the backup.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileEntry {
    /// Path inside the backup directory, `/`-separated.
    pub path: String,
    /// Size.
    pub bytes: u64,
    /// SHA-256, hex.
    pub sha256: String,
}

/// `manifest.json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    /// [`FORMAT`].
    pub format: String,
    /// 1.
    pub version: u32,
    /// When the snapshot was taken.
    pub created_at: DateTime<Utc>,
    /// `sqlite` or `postgres`.
    pub engine: String,
    /// The database file ([`SQLITE_FILE`] or [`DUMP_FILE`]).
    pub database: FileEntry,
    /// Every table's rows and checksum in the snapshot.
    pub tables: Vec<TableSummary>,
    /// The stored files.
    pub files: Vec<FileEntry>,
}

impl Manifest {
    /// Rows of a table in the snapshot.
    pub fn rows(&self, table: &str) -> Option<u64> {
        self.tables.iter().find(|t| t.table == table).map(|t| t.rows)
    }
}

/// Copies `from` to `to` (through a temporary name, synced, then renamed) and
/// returns the size and SHA-256 of what was read.
fn copy_hashing(from: &Path, to: &Path) -> Result<(u64, String), BackupError> {
    let dir = to.parent().expect("a file inside a directory");
    std::fs::create_dir_all(dir).map_err(io(dir))?;
    let temp = dir.join(format!(
        ".{}.{}.tmp",
        to.file_name().and_then(|n| n.to_str()).unwrap_or("file"),
        uuid::Uuid::now_v7().simple()
    ));
    let mut input = BufReader::new(std::fs::File::open(from).map_err(io(from))?);
    let mut output = std::fs::File::create(&temp).map_err(io(&temp))?;
    let mut hasher = Sha256::new();
    let mut buffer = vec![0u8; 64 * 1024];
    let mut bytes = 0u64;
    loop {
        let n = input.read(&mut buffer).map_err(io(from))?;
        if n == 0 {
            break;
        }
        hasher.update(&buffer[..n]);
        output.write_all(&buffer[..n]).map_err(io(&temp))?;
        bytes += n as u64;
    }
    output.sync_all().map_err(io(&temp))?;
    drop(output);
    std::fs::rename(&temp, to).map_err(io(to))?;
    Ok((bytes, hex::encode(hasher.finalize())))
}

/// Size and SHA-256 of a file.
pub fn hash_file(path: &Path) -> Result<(u64, String), BackupError> {
    let mut input = BufReader::new(std::fs::File::open(path).map_err(io(path))?);
    let mut hasher = Sha256::new();
    let mut buffer = vec![0u8; 64 * 1024];
    let mut bytes = 0u64;
    loop {
        let n = input.read(&mut buffer).map_err(io(path))?;
        if n == 0 {
            return Ok((bytes, hex::encode(hasher.finalize())));
        }
        hasher.update(&buffer[..n]);
        bytes += n as u64;
    }
}

fn is_key(name: &str) -> bool {
    name.len() == 64 && name.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// The stored files under a store's root (`ab/abcdef…`), sorted; temporary
/// files of writes in progress (`.…tmp`) are skipped.
fn stored_files(root: &Path) -> Result<Vec<(String, PathBuf)>, BackupError> {
    let mut out = Vec::new();
    let top = match std::fs::read_dir(root) {
        Ok(top) => top,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(out),
        Err(e) => return Err(io(root)(e)),
    };
    for shard in top {
        let shard = shard.map_err(io(root))?;
        if !shard.file_type().map_err(io(root))?.is_dir() {
            continue;
        }
        let shard_path = shard.path();
        for file in std::fs::read_dir(&shard_path).map_err(io(&shard_path))? {
            let file = file.map_err(io(&shard_path))?;
            let name = file.file_name().to_string_lossy().into_owned();
            if file.file_type().map_err(io(&shard_path))?.is_file() && is_key(&name) {
                out.push((name, file.path()));
            }
        }
    }
    out.sort();
    Ok(out)
}

fn dir_is_empty(dir: &Path) -> Result<bool, BackupError> {
    match std::fs::read_dir(dir) {
        Ok(mut entries) => Ok(entries.next().is_none()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(true),
        Err(e) => Err(io(dir)(e)),
    }
}

fn sql_string(path: &Path) -> String {
    format!("'{}'", path.display().to_string().replace('\'', "''"))
}

/// Row counts and checksums of a SQLite file, read through a scratch copy so
/// the file itself is never opened for writing (opening switches it to WAL).
async fn sqlite_file_summary(file: &Path) -> Result<Vec<TableSummary>, BackupError> {
    let scratch = tempfile_dir(file)?;
    let copy = scratch.join(SQLITE_FILE);
    std::fs::copy(file, &copy).map_err(io(file))?;
    let db = Database::connect(&Database::sqlite_url_in(&scratch))
        .await
        .map_err(|e| BackupError::Damaged(e.to_string()))?;
    let summary = transfer::summary(db.conn()).await;
    db.close().await?;
    let _ = std::fs::remove_dir_all(&scratch);
    Ok(summary?)
}

fn tempfile_dir(near: &Path) -> Result<PathBuf, BackupError> {
    let dir = std::env::temp_dir().join(format!("ocop-backup-{}", uuid::Uuid::now_v7().simple()));
    std::fs::create_dir_all(&dir).map_err(io(near))?;
    Ok(dir)
}

/// Takes a backup of the database and the file store into `output` (created;
/// it must be empty or missing). Safe while the server runs and writes.
pub async fn backup(db: &Database, files: &FileStore, output: &Path) -> Result<Manifest, BackupError> {
    if !dir_is_empty(output)? {
        return Err(BackupError::OutputNotEmpty(output.to_owned()));
    }
    std::fs::create_dir_all(output).map_err(io(output))?;
    let output = std::fs::canonicalize(output).map_err(io(output))?;
    let created_at = ocop_storage::now();

    // 1. The database, one snapshot.
    let (engine, database_path, tables) = match db.backend() {
        Backend::Sqlite => {
            let path = output.join(SQLITE_FILE);
            ocop_storage::audit::execute_raw(db.conn(), &format!("VACUUM INTO {}", sql_string(&path))).await?;
            std::fs::File::open(&path)
                .and_then(|f| f.sync_all())
                .map_err(io(&path))?;
            let tables = sqlite_file_summary(&path).await?;
            ("sqlite", path, tables)
        }
        Backend::Postgres => {
            let path = output.join(DUMP_FILE);
            let file = std::fs::File::create(&path).map_err(io(&path))?;
            let mut writer = std::io::BufWriter::new(file);
            let tables = transfer::export(db, &mut writer).await?;
            let file = writer.into_inner().map_err(|e| io(&path)(e.into_error()))?;
            file.sync_all().map_err(io(&path))?;
            ("postgres", path, tables)
        }
    };
    let (bytes, sha256) = hash_file(&database_path)?;
    let database = FileEntry {
        path: database_path
            .file_name()
            .expect("a file")
            .to_string_lossy()
            .into_owned(),
        bytes,
        sha256,
    };

    // 2. The stored files, after the snapshot (see the module comment).
    let mut entries = Vec::new();
    for (key, path) in stored_files(files.root())? {
        let relative = format!("files/{}/{key}", &key[..2]);
        let (bytes, sha256) = copy_hashing(&path, &output.join(&relative))?;
        if sha256 != key {
            return Err(BackupError::DamagedStore(path));
        }
        entries.push(FileEntry {
            path: relative,
            bytes,
            sha256,
        });
    }

    // 3. The manifest, last: a backup without one is incomplete.
    let manifest = Manifest {
        format: FORMAT.to_owned(),
        version: 1,
        created_at,
        engine: engine.to_owned(),
        database,
        tables,
        files: entries,
    };
    let path = output.join(MANIFEST);
    let temp = output.join(".manifest.json.tmp");
    let text = serde_json::to_vec_pretty(&manifest).map_err(|e| io(&path)(e.into()))?;
    let mut file = std::fs::File::create(&temp).map_err(io(&temp))?;
    file.write_all(&text).map_err(io(&temp))?;
    file.sync_all().map_err(io(&temp))?;
    std::fs::rename(&temp, &path).map_err(io(&path))?;
    Ok(manifest)
}

/// Reads a backup's manifest and checks every file it lists against its size
/// and SHA-256.
pub fn verify(input: &Path) -> Result<Manifest, BackupError> {
    let path = input.join(MANIFEST);
    let text = std::fs::read(&path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => BackupError::Damaged(format!("no {MANIFEST} in {}", input.display())),
        _ => io(&path)(e),
    })?;
    let manifest: Manifest =
        serde_json::from_slice(&text).map_err(|e| BackupError::Damaged(format!("{MANIFEST}: {e}")))?;
    if manifest.format != FORMAT || manifest.version != 1 {
        return Err(BackupError::Damaged(format!(
            "{MANIFEST} is not an ocop backup (version 1)"
        )));
    }
    let expected_db = match manifest.engine.as_str() {
        "sqlite" => SQLITE_FILE,
        "postgres" => DUMP_FILE,
        other => return Err(BackupError::Damaged(format!("unknown engine {other}"))),
    };
    if manifest.database.path != expected_db {
        return Err(BackupError::Damaged(format!(
            "unexpected database file {}",
            manifest.database.path
        )));
    }
    for entry in std::iter::once(&manifest.database).chain(&manifest.files) {
        let safe = entry
            .path
            .split('/')
            .all(|part| !part.is_empty() && part != ".." && part != "." && !part.contains('\\'));
        if !safe {
            return Err(BackupError::Damaged(format!("unsafe path {}", entry.path)));
        }
        let (bytes, sha256) = hash_file(&input.join(&entry.path)).map_err(|e| match e {
            BackupError::Io { source, .. } if source.kind() == std::io::ErrorKind::NotFound => {
                BackupError::Damaged(format!("{} is missing", entry.path))
            }
            other => other,
        })?;
        if bytes != entry.bytes || sha256 != entry.sha256 {
            return Err(BackupError::Damaged(format!(
                "{} does not match its checksum",
                entry.path
            )));
        }
    }
    Ok(manifest)
}

/// Where to restore: the database URL and the file store's directory.
#[derive(Debug, Clone)]
pub struct RestoreTarget {
    /// `sqlite://…` or `postgres://…`.
    pub database_url: String,
    /// The stored files' directory (`OCOP_DATA_DIR/files`).
    pub files_root: PathBuf,
}

/// The file of a `sqlite://PATH?…` URL.
pub fn sqlite_path(url: &str) -> Option<PathBuf> {
    let rest = url.strip_prefix("sqlite://").or_else(|| url.strip_prefix("sqlite:"))?;
    let path = rest.split('?').next().unwrap_or_default();
    (!path.is_empty() && path != ":memory:").then(|| PathBuf::from(path))
}

/// Restores a backup (checked first with [`verify`]) into an empty target;
/// with `force`, replaces what the target holds. The server must not be
/// running on the target. Returns the manifest; the restored database's
/// tables are checked against it.
pub async fn restore(input: &Path, target: &RestoreTarget, force: bool) -> Result<Manifest, BackupError> {
    let manifest = verify(input)?;
    if !force && !dir_is_empty(&target.files_root)? {
        return Err(BackupError::TargetNotEmpty(format!(
            "{} holds files",
            target.files_root.display()
        )));
    }

    let copy_sqlite = manifest.engine == "sqlite" && sqlite_path(&target.database_url).is_some();
    if copy_sqlite {
        let file = sqlite_path(&target.database_url).expect("checked");
        if file.exists() && !force {
            let db = Database::connect(&target.database_url)
                .await
                .map_err(|e| BackupError::Damaged(e.to_string()))?;
            let used = transfer::first_user_table(db.conn()).await;
            db.close().await?;
            if let Some(table) = used? {
                return Err(BackupError::TargetNotEmpty(format!("table {table} has rows")));
            }
        }
        let dir = file
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let temp = dir.join(format!(".ocop-restore-{}.sqlite", uuid::Uuid::now_v7().simple()));
        let (_, sha256) = copy_hashing(&input.join(SQLITE_FILE), &temp)?;
        if sha256 != manifest.database.sha256 {
            let _ = std::fs::remove_file(&temp);
            return Err(BackupError::Damaged(format!("{SQLITE_FILE} changed while restoring")));
        }
        for suffix in ["-wal", "-shm", "-journal"] {
            let side = PathBuf::from(format!("{}{suffix}", file.display()));
            match std::fs::remove_file(&side) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(io(&side)(e)),
            }
        }
        std::fs::rename(&temp, &file).map_err(io(&file))?;
    } else {
        let db = Database::connect(&target.database_url)
            .await
            .map_err(|e| BackupError::Damaged(e.to_string()))?;
        db.migrate().await?;
        let result = async {
            // A SQLite backup into PostgreSQL: export the snapshot first.
            let scratch;
            let dump = if manifest.engine == "sqlite" {
                scratch = tempfile_dir(input)?;
                std::fs::copy(input.join(SQLITE_FILE), scratch.join(SQLITE_FILE)).map_err(io(input))?;
                let source = Database::connect(&Database::sqlite_url_in(&scratch))
                    .await
                    .map_err(|e| BackupError::Damaged(e.to_string()))?;
                let path = scratch.join(DUMP_FILE);
                let mut writer = std::io::BufWriter::new(std::fs::File::create(&path).map_err(io(&path))?);
                let exported = transfer::export(&source, &mut writer).await;
                source.close().await?;
                exported?;
                writer.flush().map_err(io(&path))?;
                path
            } else {
                input.join(DUMP_FILE)
            };
            let reader = BufReader::new(std::fs::File::open(&dump).map_err(io(&dump))?);
            let imported = transfer::import_with(&db, reader, force).await;
            if manifest.engine == "sqlite" {
                let _ = std::fs::remove_dir_all(dump.parent().expect("in scratch"));
            }
            match imported {
                Err(TransferError::NotEmpty(table)) => {
                    Err(BackupError::TargetNotEmpty(format!("table {table} has rows")))
                }
                other => Ok(other?),
            }
        }
        .await;
        db.close().await?;
        result?;
    }

    // The files, each checked again as it is written.
    for entry in &manifest.files {
        let key = entry.path.rsplit('/').next().unwrap_or_default();
        if !is_key(key) || entry.sha256 != key {
            return Err(BackupError::Damaged(format!("{} is not a stored file", entry.path)));
        }
        let destination = target.files_root.join(&key[..2]).join(key);
        if destination.exists() && hash_file(&destination)?.1 == key {
            continue;
        }
        let (_, sha256) = copy_hashing(&input.join(&entry.path), &destination)?;
        if sha256 != key {
            return Err(BackupError::Damaged(format!("{} changed while restoring", entry.path)));
        }
    }

    // The restored database holds exactly the snapshot.
    let db = Database::connect(&target.database_url)
        .await
        .map_err(|e| BackupError::Damaged(e.to_string()))?;
    let restored = transfer::summary(db.conn()).await;
    db.close().await?;
    let restored = restored?;
    for expected in &manifest.tables {
        if restored.iter().find(|s| s.table == expected.table) != Some(expected) {
            return Err(BackupError::Mismatch(expected.table.clone()));
        }
    }
    Ok(manifest)
}
