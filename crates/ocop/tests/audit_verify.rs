//! `ocop audit verify` against the real binary: an intact chain is counted,
//! a row altered behind the application's back is named, and the command
//! exits with status 1.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use ocop_storage::Database;
use ocop_storage::audit::execute_raw;

fn ocop(data_dir: &Path, args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_ocop"))
        .args(args)
        .env("OCOP_DATA_DIR", data_dir)
        .env_remove("OCOP_DATABASE_URL")
        .env("RUST_LOG", "warn")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run ocop");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(stdin.as_bytes())
        .expect("write stdin");
    child.wait_with_output().expect("wait")
}

fn add_user(data_dir: &Path, username: &str) {
    let out = ocop(
        data_dir,
        &["user", "add", "--username", username, "--role", "administrator"],
        "correct horse battery\n",
    );
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

async fn open(data_dir: &Path) -> Database {
    Database::connect(&Database::sqlite_url_in(data_dir))
        .await
        .expect("open")
}

async fn count_entries(db: &Database) -> i64 {
    use sea_orm::{EntityTrait, PaginatorTrait};
    ocop_storage::entities::audit_entry::Entity::find()
        .count(db.conn())
        .await
        .expect("count") as i64
}

#[tokio::test]
async fn verify_counts_an_intact_chain_and_names_an_altered_entry() {
    let dir = tempfile::tempdir().unwrap();
    add_user(dir.path(), "quantri.mot");
    add_user(dir.path(), "quantri.hai");

    let intact = ocop(dir.path(), &["audit", "verify"], "");
    let stdout = String::from_utf8_lossy(&intact.stdout).into_owned();
    assert!(intact.status.success(), "{stdout}");
    let db = open(dir.path()).await;
    let total = count_entries(&db).await;
    assert!(total >= 2);
    assert!(stdout.contains(&format!(": {total} entries")), "{stdout}");

    // Someone rewrites who created the first account, straight in the database.
    let first_user_seq = total - 1;
    let changed = execute_raw(
        db.conn(),
        &format!("UPDATE audit_entry SET actor_name = 'mallory' WHERE seq = {first_user_seq}"),
    )
    .await
    .unwrap();
    assert_eq!(changed, 1);
    db.close().await.unwrap();

    let broken = ocop(dir.path(), &["audit", "verify"], "");
    let stdout = String::from_utf8_lossy(&broken.stdout).into_owned();
    assert_eq!(broken.status.code(), Some(1), "{stdout}");
    assert!(
        stdout.contains(&format!("seq {first_user_seq}: hash does not match the entry")),
        "{stdout}"
    );
}

#[tokio::test]
async fn verify_notices_altered_state_and_removed_entries() {
    let dir = tempfile::tempdir().unwrap();
    add_user(dir.path(), "quantri.mot");
    add_user(dir.path(), "quantri.hai");
    let db = open(dir.path()).await;
    let last = count_entries(&db).await;

    // The recorded state of the first account is rewritten (its role raised, say).
    execute_raw(
        db.conn(),
        &format!(
            "UPDATE audit_entry SET after_json = '{{\"role\":\"producer\"}}' WHERE seq = {}",
            last - 1
        ),
    )
    .await
    .unwrap();
    let out = ocop(dir.path(), &["audit", "verify"], "");
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout.contains(&format!("seq {}: after state does not match its digest", last - 1)),
        "{stdout}"
    );

    // On a second installation the newest entry is deleted outright.
    let other = tempfile::tempdir().unwrap();
    add_user(other.path(), "quantri.ba");
    let other_db = open(other.path()).await;
    let newest = count_entries(&other_db).await;
    execute_raw(
        other_db.conn(),
        &format!("DELETE FROM audit_entry WHERE seq = {newest}"),
    )
    .await
    .unwrap();
    let out = ocop(other.path(), &["audit", "verify"], "");
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout.contains(&format!("seq {newest}: head does not match")),
        "{stdout}"
    );
    db.close().await.unwrap();
    other_db.close().await.unwrap();
}
