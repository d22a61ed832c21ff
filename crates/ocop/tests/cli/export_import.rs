//! `ocop export` / `ocop import` through the real binary: the demo dataset on
//! SQLite moves into PostgreSQL (with `OCOP_TEST_DATABASE=postgres`, otherwise
//! into a second SQLite database) with every table's row count and checksum
//! equal, the keyed audit chain still intact under the source's audit key; a
//! non-empty target and a tampered
//! dump are refused, the latter leaving the target untouched.

use std::path::Path;
use std::process::{Command, Output};

use ocop_storage::Database;
use ocop_storage::audit::{self, ChainCheck};
use ocop_storage::audit_key::AuditKeys;
use ocop_storage::testing::TestDatabase;
use ocop_storage::transfer;

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

#[tokio::test]
async fn the_demo_dataset_moves_between_engines_unchanged() {
    let source_dir = tempfile::tempdir().unwrap();
    ok(ocop(source_dir.path(), None, &["demo"]));
    let dump = source_dir.path().join("ocop.jsonl");
    ok(ocop(
        source_dir.path(),
        None,
        &["export", "--output", dump.to_str().unwrap()],
    ));

    let source = Database::connect(&Database::sqlite_url_in(source_dir.path()))
        .await
        .unwrap();
    let expected = transfer::summary(source.conn()).await.unwrap();
    let rows = |table: &str| expected.iter().find(|s| s.table == table).unwrap().rows;
    assert!(
        rows("producer") >= 100 && rows("product") >= 100 && rows("audit_entry") >= 1,
        "{expected:?}"
    );
    assert!(rows("admin_unit") > 3_000);
    // The demo's entries are keyed with the key the binary made in the source's data
    // directory; the dump carries their MACs, so the same key verifies them anywhere.
    let keys = AuditKeys::load(source_dir.path()).unwrap();
    let ChainCheck::Intact { entries } = audit::verify_with(source.conn(), &keys).await.unwrap() else {
        panic!("source chain broken");
    };

    // Into a fresh database of the engine under test.
    let target = TestDatabase::new().await.unwrap();
    let work = tempfile::tempdir().unwrap();
    let report = ok(ocop(
        work.path(),
        Some(&target.url),
        &["import", dump.to_str().unwrap()],
    ));
    assert!(report.contains("producer"), "{report}");
    assert_eq!(transfer::summary(target.db.conn()).await.unwrap(), expected);
    assert_eq!(
        audit::verify_with(target.db.conn(), &keys).await.unwrap(),
        ChainCheck::Intact { entries },
        "the chain verifies on the new engine"
    );

    // Importing again into the now full database is refused (from the source's data directory,
    // whose key signed the entries now in it: a process holding another key refuses to start).
    let again = ocop(
        source_dir.path(),
        Some(&target.url),
        &["import", dump.to_str().unwrap()],
    );
    assert!(!again.status.success());
    assert!(
        String::from_utf8_lossy(&again.stderr).contains("not empty"),
        "{}",
        String::from_utf8_lossy(&again.stderr)
    );

    // A dump altered after export (one producer renamed) is refused and nothing stays.
    let text = std::fs::read_to_string(&dump).unwrap();
    let line = text
        .lines()
        .find(|l| l.starts_with("{\"table\":\"producer\""))
        .unwrap()
        .to_owned();
    let forged = line.replacen("\"name\":\"", "\"name\":\"Giả ", 1);
    assert_ne!(forged, line);
    let tampered = source_dir.path().join("tampered.jsonl");
    std::fs::write(&tampered, text.replacen(&line, &forged, 1)).unwrap();
    let fresh = TestDatabase::new().await.unwrap();
    let refused = ocop(work.path(), Some(&fresh.url), &["import", tampered.to_str().unwrap()]);
    assert!(!refused.status.success());
    assert!(
        String::from_utf8_lossy(&refused.stderr).contains("table producer does not match"),
        "{}",
        String::from_utf8_lossy(&refused.stderr)
    );
    let after = transfer::summary(fresh.db.conn()).await.unwrap();
    assert_eq!(after.iter().find(|s| s.table == "producer").unwrap().rows, 0);
    assert!(
        after.iter().find(|s| s.table == "admin_unit").unwrap().rows > 3_000,
        "reference data kept"
    );
    source.close().await.unwrap();
}
