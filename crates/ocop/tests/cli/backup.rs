//! `ocop backup` / `ocop restore` through the real binary, on the engine under
//! test (`OCOP_TEST_DATABASE`): a backup taken while photos (a file and a row
//! each) are being added concurrently restores into an empty target with every
//! table's rows and checksum equal to the manifest, every write acknowledged
//! before the backup began present, every photo row's file present and intact,
//! and the audit chain verifying. A non-empty target is refused without
//! `--force`; a backup altered after it was written is refused before anything
//! is restored.

use std::path::Path;
use std::process::{Command, Output};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use ocop_domain::ids::UserId;
use ocop_domain::role::{Actor, Role, Scope};
use ocop_service::backup::{self, Manifest};
use ocop_service::demo::{self, DemoScale};
use ocop_service::files::FileStore;
use ocop_storage::audit::{self, ChainCheck};
use ocop_storage::entities::{product, product_photo};
use ocop_storage::testing::TestDatabase;
use ocop_storage::{Backend, Database, transfer};
use sea_orm::{EntityTrait, QuerySelect};
use uuid::Uuid;

fn ocop(data_dir: &Path, database_url: Option<&str>, args: &[&str]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_ocop"));
    command
        .args(args)
        .env("OCOP_DATA_DIR", data_dir)
        .env("RUST_LOG", "warn");
    match database_url {
        Some(url) => command.env("OCOP_DATABASE_URL", url),
        None => command.env_remove("OCOP_DATABASE_URL"),
    };
    command.output().expect("run ocop")
}

fn ok(out: Output) -> String {
    assert!(
        out.status.success(),
        "{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn refused(out: Output, reason: &str) {
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "expected a refusal: {stderr}");
    assert!(stderr.contains(reason), "expected {reason:?} in: {stderr}");
}

fn admin() -> Actor {
    Actor {
        user_id: UserId(Uuid::now_v7()),
        username: "backup-test".into(),
        role: Role::Administrator,
        scope: Scope::National,
    }
}

/// A 1 × 1 PNG (photos are decoded before they are stored), unique per `n` by the
/// bytes after its end, which decoders ignore.
fn photo_bytes(n: u64) -> Vec<u8> {
    let mut bytes = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89\
        \0\0\0\rIDATx\x9cc\xf8\xcf\xc0\xf0\x1f\0\x05\0\x01\xff\x89\x99=\x1d\0\0\0\0IEND\xaeB`\x82"
        .to_vec();
    bytes.extend_from_slice(format!("photo {n} {}", Uuid::now_v7()).as_bytes());
    bytes
}

/// Checks a restored installation: tables equal the manifest, photo files
/// present and intact, the chain verifies, and every id in `must_have` is there.
async fn check_restored(url: &str, files_root: &Path, manifest: &Manifest, must_have: &[Uuid]) {
    let db = Database::connect(url).await.unwrap();
    assert_eq!(transfer::summary(db.conn()).await.unwrap(), manifest.tables);
    let photos = product_photo::Entity::find().all(db.conn()).await.unwrap();
    assert_eq!(Some(photos.len() as u64), manifest.rows("product_photo"));
    let store = FileStore::local(files_root);
    for photo in &photos {
        let bytes = store.get(&photo.file_key).await.expect("the photo's file is restored");
        assert_eq!(bytes.len() as i64, photo.byte_size);
    }
    for id in must_have {
        assert!(photos.iter().any(|p| p.id == *id), "acknowledged photo {id} is missing");
    }
    assert!(matches!(
        audit::verify(db.conn()).await.unwrap(),
        ChainCheck::Intact { .. }
    ));
    db.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_backup_taken_during_writes_restores_exactly_its_snapshot() {
    let source = TestDatabase::new().await.unwrap();
    let source_dir = tempfile::tempdir().unwrap();
    let store = FileStore::local(source_dir.path().join("files"));
    demo::load(&source.db, DemoScale::Standard, &|_| {}).await.unwrap();
    let products: Vec<Uuid> = product::Entity::find()
        .select_only()
        .column(product::Column::Id)
        .limit(20)
        .into_tuple()
        .all(source.db.conn())
        .await
        .unwrap();

    // Some photos before the backup.
    let actor = admin();
    let mut before = Vec::new();
    for n in 0..10 {
        let product_id = products[n as usize % products.len()];
        let id = ocop_service::products::add_photo(&source.db, &store, &actor, product_id, &photo_bytes(n))
            .await
            .unwrap();
        before.push(id);
    }

    // A writer adding photos for as long as the backup runs.
    let stop = Arc::new(AtomicBool::new(false));
    let writer = {
        let (db, store, stop, products) = (source.db.clone(), store.clone(), stop.clone(), products.clone());
        tokio::spawn(async move {
            let actor = admin();
            let mut acknowledged = Vec::new();
            let mut n = 1_000u64;
            while !stop.load(Ordering::SeqCst) {
                let product_id = products[n as usize % products.len()];
                let id = ocop_service::products::add_photo(&db, &store, &actor, product_id, &photo_bytes(n))
                    .await
                    .unwrap();
                acknowledged.push(id);
                n += 1;
            }
            acknowledged
        })
    };
    // Let the writer get going, then back up while it writes.
    while !writer.is_finished() && product_photo::Entity::find().all(source.db.conn()).await.unwrap().len() < 15 {
        tokio::task::yield_now().await;
    }
    let started_with = product_photo::Entity::find().all(source.db.conn()).await.unwrap();
    let backup_dir = tempfile::tempdir().unwrap();
    let output = backup_dir.path().join("snapshot");
    let report = {
        let (dir, url, output) = (source_dir.path().to_owned(), source.url.clone(), output.clone());
        tokio::task::spawn_blocking(move || {
            ok(ocop(
                &dir,
                Some(&url),
                &["backup", "--output", output.to_str().unwrap()],
            ))
        })
        .await
        .unwrap()
    };
    let ended_with = product_photo::Entity::find().all(source.db.conn()).await.unwrap().len();
    stop.store(true, Ordering::SeqCst);
    let during = writer.await.unwrap();
    assert!(report.contains("product_photo"), "{report}");

    let manifest = backup::verify(&output).unwrap();
    let in_snapshot = manifest.rows("product_photo").unwrap();
    assert!(
        in_snapshot >= started_with.len() as u64 && in_snapshot <= ended_with as u64,
        "the snapshot holds {in_snapshot} photos, between {} and {ended_with}",
        started_with.len()
    );
    assert!(during.len() > 5, "the writer kept writing");
    assert_eq!(
        manifest.engine,
        match source.db.backend() {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgres",
        }
    );
    let must_have: Vec<Uuid> = started_with.iter().map(|p| p.id).collect();
    assert!(before.iter().all(|id| must_have.contains(id)));

    // Restore into an empty target of the engine under test.
    let target = TestDatabase::new().await.unwrap();
    let target_dir = tempfile::tempdir().unwrap();
    let restored = ok(ocop(
        target_dir.path(),
        Some(&target.url),
        &["restore", "--input", output.to_str().unwrap()],
    ));
    assert!(restored.contains("stored files"), "{restored}");
    check_restored(&target.url, &target_dir.path().join("files"), &manifest, &must_have).await;

    // Again into the now full target: refused, then accepted with --force.
    refused(
        ocop(
            target_dir.path(),
            Some(&target.url),
            &["restore", "--input", output.to_str().unwrap()],
        ),
        "not empty",
    );
    ok(ocop(
        target_dir.path(),
        Some(&target.url),
        &["restore", "--input", output.to_str().unwrap(), "--force"],
    ));
    check_restored(&target.url, &target_dir.path().join("files"), &manifest, &must_have).await;

    // Into a fresh SQLite data directory (from PostgreSQL: through the portable dump).
    let sqlite_dir = tempfile::tempdir().unwrap();
    ok(ocop(
        sqlite_dir.path(),
        None,
        &["restore", "--input", output.to_str().unwrap()],
    ));
    check_restored(
        &Database::sqlite_url_in(sqlite_dir.path()),
        &sqlite_dir.path().join("files"),
        &manifest,
        &must_have,
    )
    .await;

    // A stored file altered in the backup: refused before anything is written.
    let photo = &manifest.files[0];
    let path = output.join(&photo.path);
    let mut bytes = std::fs::read(&path).unwrap();
    bytes.push(b'!');
    std::fs::write(&path, bytes).unwrap();
    let untouched = tempfile::tempdir().unwrap();
    refused(
        ocop(
            untouched.path(),
            None,
            &["restore", "--input", output.to_str().unwrap()],
        ),
        "does not match its checksum",
    );
    assert!(!untouched.path().join("ocop.sqlite").exists());
    assert!(!untouched.path().join("files").exists());

    // Backing up into a non-empty directory is refused.
    refused(
        ocop(
            source_dir.path(),
            Some(&source.url),
            &["backup", "--output", output.to_str().unwrap()],
        ),
        "not empty",
    );
    // Close the pools before the databases are dropped.
    source.db.clone().close().await.unwrap();
    target.db.clone().close().await.unwrap();
}
