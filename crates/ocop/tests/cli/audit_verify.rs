//! `ocop audit verify` against the real binary: an intact chain is counted,
//! a row altered behind the application's back is named, and the command
//! exits with status 1 — the keyed chain, `--against` a published head and
//! `--state` (rows against their recorded state) each finding what it can.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use ocop_storage::Database;
use ocop_storage::audit::{self as trail, AuditActor, AuditEvent, execute_raw};
use ocop_storage::audit_key::{self, AuditKeys};
use ocop_storage::testing::TestDatabase;

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

// ---------------------------------------------------------------------------
// A trail that proves itself against a rewrite (issue 12 item 7). These run on the
// engine chosen by OCOP_TEST_DATABASE: the binary is pointed at the test database
// and keeps its audit key in the test's data directory.

/// A test installation: a migrated database of the engine under test and a data
/// directory holding the audit key the binary creates at its first start.
struct Install {
    test: TestDatabase,
}

impl Install {
    async fn new() -> Self {
        let install = Self {
            test: TestDatabase::new().await.expect("database"),
        };
        // The first start creates the audit key; this process then signs with it too.
        let out = install.run(&["audit", "verify"], &[]);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        audit_key::install(install.keys());
        install
    }

    fn data_dir(&self) -> &Path {
        self.test.dir.path()
    }

    fn keys(&self) -> AuditKeys {
        AuditKeys::load(self.data_dir()).expect("audit keys")
    }

    fn run(&self, args: &[&str], env: &[(&str, &str)]) -> Output {
        let mut command = Command::new(env!("CARGO_BIN_EXE_ocop"));
        command
            .args(args)
            .env("OCOP_DATA_DIR", self.data_dir())
            .env("OCOP_DATABASE_URL", &self.test.url)
            .env_remove("OCOP_AUDIT_KEY")
            .env_remove("OCOP_AUDIT_KEYS")
            .env("RUST_LOG", "warn")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        for (name, value) in env {
            command.env(name, value);
        }
        let mut child = command.spawn().expect("run ocop");
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(b"correct horse battery\n")
            .expect("write stdin");
        child.wait_with_output().expect("wait")
    }

    /// Runs `ocop audit verify ARGS`: (exit code, stdout).
    fn verify(&self, args: &[&str]) -> (Option<i32>, String) {
        let mut all = vec!["audit", "verify"];
        all.extend_from_slice(args);
        let out = self.run(&all, &[]);
        let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
        let stderr = String::from_utf8_lossy(&out.stderr);
        (out.status.code(), format!("{stdout}{stderr}"))
    }

    /// Appends `n` entries through the application's own path, keyed with the installation's key.
    async fn append(&self, n: usize) {
        let tx = self.test.db.begin_write().await.expect("begin");
        let actor = AuditActor::system("test");
        for i in 0..n {
            trail::append(
                &tx,
                AuditEvent {
                    actor: &actor,
                    action: "test.entry",
                    entity_type: "test",
                    entity_id: i.to_string(),
                    before: None,
                    after: Some(serde_json::json!({ "i": i })),
                },
            )
            .await
            .expect("append");
        }
        tx.commit().await.expect("commit");
    }

    async fn entries_from(&self, seq: i64) -> Vec<ocop_storage::entities::audit_entry::Model> {
        use ocop_storage::entities::audit_entry;
        use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
        audit_entry::Entity::find()
            .filter(audit_entry::Column::Seq.gte(seq))
            .order_by_asc(audit_entry::Column::Seq)
            .all(self.test.db.conn())
            .await
            .expect("entries")
    }

    async fn sql(&self, sql: &str) -> u64 {
        execute_raw(self.test.db.conn(), sql).await.expect(sql)
    }
}

fn quote(value: &str) -> String {
    format!("'{}'", value.replace('\'', "''"))
}

#[tokio::test]
async fn an_untouched_keyed_trail_verifies_every_way() {
    let install = Install::new().await;
    install.append(30).await;
    let head = install.data_dir().join("head.json");
    let out = install.run(&["audit", "head", "--output", head.to_str().unwrap()], &[]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    install.append(5).await;

    let (code, out) = install.verify(&["--against", head.to_str().unwrap(), "--state"]);
    assert_eq!(code, Some(0), "{out}");
    assert!(out.contains("audit chain intact): 35 entries"), "{out}");
    assert!(out.contains("every entry keyed"), "{out}");
    assert!(out.contains("matches the published head): seq 30"), "{out}");
    assert!(out.contains("0 changed or deleted"), "{out}");

    // The head names the key and is signed with it.
    let published: trail::SignedHead = serde_json::from_str(&std::fs::read_to_string(&head).unwrap()).unwrap();
    assert_eq!(
        (published.seq, published.key_id, published.keyed_from),
        (30, 1, Some(1))
    );
    assert_eq!(published.check(&install.keys()), Ok(()));
}

#[tokio::test]
async fn a_rewritten_entry_with_the_unkeyed_chain_recomputed_forward_is_found() {
    let install = Install::new().await;
    install.append(1_000).await;
    let head = install.data_dir().join("head.json");
    assert!(
        install
            .run(&["audit", "head", "--output", head.to_str().unwrap()], &[])
            .status
            .success()
    );
    let (code, out) = install.verify(&[]);
    assert_eq!(code, Some(0), "{out}");

    // The attacker rewrites entry 900 and recomputes the SHA-256 chain forward, as
    // the unkeyed trail allowed: digests, links, hashes and the head row all agree.
    for unkeyed in [false, true] {
        let previous = install.entries_from(899).await;
        let mut prev_hash = previous[0].hash.clone();
        for mut entry in previous.into_iter().skip(1) {
            if entry.seq == 900 {
                entry.after_json = Some(r#"{"i":"rewritten"}"#.into());
                entry.after_digest = trail::digest(entry.after_json.as_deref());
            }
            if unkeyed {
                entry.key_id = 0;
            }
            entry.prev_hash = prev_hash;
            entry.hash = trail::entry_hash(&entry);
            prev_hash = entry.hash.clone();
            install
                .sql(&format!(
                    "UPDATE audit_entry SET after_json = {}, after_digest = {}, prev_hash = {}, hash = {}, key_id = {} WHERE seq = {}",
                    quote(entry.after_json.as_deref().unwrap_or_default()),
                    quote(&entry.after_digest),
                    quote(&entry.prev_hash),
                    quote(&entry.hash),
                    entry.key_id,
                    entry.seq
                ))
                .await;
        }
        install
            .sql(&format!(
                "UPDATE audit_head SET last_hash = {} WHERE id = 1",
                quote(&prev_hash)
            ))
            .await;

        let (code, out) = install.verify(&[]);
        assert_eq!(code, Some(1), "{out}");
        let reason = if unkeyed {
            "seq 900: unkeyed entry after keyed entries"
        } else {
            "seq 900: hash does not match the entry"
        };
        assert!(out.contains(reason), "{out}");

        let (code, out) = install.verify(&["--against", head.to_str().unwrap()]);
        assert_eq!(code, Some(1), "{out}");
        assert!(out.contains("seq 1000: rewritten"), "{out}");
    }
}

#[tokio::test]
async fn deleting_the_newest_entries_and_resetting_the_head_is_found_against_a_published_head() {
    let install = Install::new().await;
    install.append(200).await;
    let head = install.data_dir().join("head.json");
    assert!(
        install
            .run(&["audit", "head", "--output", head.to_str().unwrap()], &[])
            .status
            .success()
    );

    // The newest 50 entries go, and the head row is reset to the new last entry.
    install.sql("DELETE FROM audit_entry WHERE seq > 150").await;
    let last = install.entries_from(150).await.remove(0);
    install
        .sql(&format!(
            "UPDATE audit_head SET seq = 150, last_hash = {} WHERE id = 1",
            quote(&last.hash)
        ))
        .await;

    // The chain alone cannot tell: what is left is a valid, shorter chain.
    let (code, out) = install.verify(&[]);
    assert_eq!(code, Some(0), "{out}");
    // The head published before the deletion can.
    let (code, out) = install.verify(&["--against", head.to_str().unwrap()]);
    assert_eq!(code, Some(1), "{out}");
    assert!(
        out.contains("seq 151: truncated: the database ends at seq 150") && out.contains("reached seq 200"),
        "{out}"
    );

    // A head file edited to match the truncated trail no longer carries a valid signature.
    let mut forged: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&head).unwrap()).unwrap();
    forged["seq"] = 150.into();
    forged["hash"] = last.hash.clone().into();
    std::fs::write(&head, forged.to_string()).unwrap();
    let (code, out) = install.verify(&["--against", head.to_str().unwrap()]);
    assert_eq!(code, Some(1), "{out}");
    assert!(out.contains("signature does not match"), "{out}");
}

#[tokio::test]
async fn state_names_rows_changed_or_deleted_behind_the_applications_back() {
    use ocop_domain::ids::UserId;
    use ocop_domain::product::ProductInput;
    use ocop_domain::role::{Actor, Role, Scope};

    let install = Install::new().await;
    let db = &install.test.db;
    let admin = Actor {
        user_id: UserId::new(),
        username: "quantri".into(),
        role: Role::Administrator,
        scope: Scope::National,
    };
    let producer = ocop_service::producers::create(
        db,
        &admin,
        &serde_json::from_value(serde_json::json!({
            "name": "HTX Phú Sang", "legal_form": "cooperative",
            "tax_code": ocop_domain::identifiers::TaxCode::generate_valid(7919).as_str(),
            "representative": "Nguyễn Văn An", "commune_id": "2025/commune/18673", "phone": "0912345678",
        }))
        .unwrap(),
    )
    .await
    .expect("producer");
    let product = ocop_service::products::create(
        db,
        &admin,
        &ProductInput {
            name: "Nước mắm Phú Sang".into(),
            producer_id: producer.id.to_string(),
            product_set_code: "I.4.a".into(),
            commune_id: "2025/commune/18673".into(),
            ..Default::default()
        },
    )
    .await
    .expect("product");
    // A decision signed on paper, recorded from its scan (the only way besides a council).
    let files = ocop_service::files::FileStore::local(install.data_dir().join("files"));
    let scan = files
        .put(b"%PDF-1.4\n% quyet dinh cong nhan (ban quet)\n%%EOF\n")
        .await
        .expect("scan stored");
    let certificate = ocop_service::certificates::issue::record(
        db,
        &files,
        &admin,
        &serde_json::from_value(serde_json::json!({
            "decision": { "number": "1/QĐ-UBND", "decided_on": "2026-08-05", "issuer_name": "UBND tỉnh Hà Tĩnh",
                          "issuer_level": "province", "legal_basis": "qd148" },
            "items": [{ "product_id": product.summary.id, "stars": 4, "score": 75.5 }],
            "scan_sha256": scan,
        }))
        .unwrap(),
    )
    .await
    .expect("record")
    .remove(0);
    // A change through the application records the new state.
    let suspended = ocop_service::certificates::lifecycle::suspend(
        db,
        &admin,
        certificate.id,
        &serde_json::from_value(serde_json::json!({ "suspended_on": "2026-09-01", "note": "kiểm tra" })).unwrap(),
    )
    .await;
    assert!(suspended.is_ok(), "{suspended:?}");

    let (code, out) = install.verify(&["--state"]);
    assert_eq!(code, Some(0), "{out}");
    assert!(out.contains("3 rows checked, 0 changed or deleted"), "{out}");

    // The finding of issue 12: a star raised straight in the database.
    assert_eq!(install.sql("UPDATE certificate SET stars = 5").await, 1);
    install.sql("UPDATE producer SET phone = '0999999999'").await;
    let (code, out) = install.verify(&["--state"]);
    assert_eq!(code, Some(1), "{out}");
    assert!(
        out.contains("audit chain intact"),
        "the chain itself is untouched: {out}"
    );
    assert!(
        out.contains(&format!(
            "certificate {} differs from the state recorded at seq",
            certificate.id
        )),
        "{out}"
    );
    assert!(out.contains(&format!("producer {} differs", producer.id)), "{out}");
    assert!(
        !out.contains(&format!("product {} differs", product.summary.id)),
        "{out}"
    );

    // A row deleted behind the application's back is named too.
    install.sql("DELETE FROM certificate").await;
    let (code, out) = install.verify(&["--state"]);
    assert_eq!(code, Some(1), "{out}");
    assert!(
        out.contains(&format!("certificate {} deleted", certificate.id)),
        "{out}"
    );
}

#[tokio::test]
async fn keys_rotate_and_a_foreign_key_under_the_same_id_is_refused() {
    let install = Install::new().await;
    let key_file = install.data_dir().join(audit_key::KEY_FILE);
    let add = |name: &str| install.run(&["user", "add", "--username", name, "--role", "administrator"], &[]);
    assert!(add("quantri.mot").status.success());

    // Rotation: a new line with a higher id signs from now on; the old key still verifies.
    let old = std::fs::read_to_string(&key_file).unwrap();
    let old_line = old.lines().find(|l| l.starts_with("1:")).unwrap().to_owned();
    let new_line = audit_key::generate(2);
    std::fs::write(&key_file, format!("{old}{new_line}\n")).unwrap();
    let out = add("quantri.hai");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let newest = install.entries_from(1).await.pop().unwrap();
    assert_eq!(newest.key_id, 2);
    let (code, out) = install.verify(&[]);
    assert_eq!(code, Some(0), "{out}");

    // Without the old key the old entries cannot be checked; given in OCOP_AUDIT_KEYS they can.
    std::fs::write(&key_file, format!("{new_line}\n")).unwrap();
    let (code, out) = install.verify(&[]);
    assert_eq!(code, Some(1), "{out}");
    assert!(out.contains("signed with audit key 1, which is not given"), "{out}");
    let out = install.run(&["audit", "verify"], &[("OCOP_AUDIT_KEYS", old_line.as_str())]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stdout));

    // Another process holding a different key under id 2 would fork the trail: refused.
    std::fs::write(&key_file, format!("{}\n", audit_key::generate(2))).unwrap();
    let out = add("quantri.ba");
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("is not the key that signed entry"), "{stderr}");
}
