//! The migrations build the schema and load the reference data on the engine
//! chosen by `OCOP_TEST_DATABASE`, and the audit chain detects tampering.

use ocop_storage::audit::{self, AuditActor, AuditEvent, ChainCheck};
use ocop_storage::repo::admin_unit_repo;
use ocop_storage::testing::TestDatabase;
use ocop_storage::{Database, TransactionTrait};

#[tokio::test]
async fn migrations_load_both_unit_lists_and_map_old_to_new() {
    let test = TestDatabase::new().await.expect("database");
    let conn = test.db.conn();
    assert!(test.db.is_migrated().await.expect("status"));
    let current = admin_unit_repo::current_of(conn, "pre2025/district/446")
        .await
        .expect("query");
    assert!(
        current.iter().any(|c| c.current_id == "2025/commune/18673"),
        "Huyện Cẩm Xuyên maps to Xã Cẩm Xuyên among others: {current:?}"
    );
    assert!(
        current.iter().all(|c| c.current_province_code == "42"),
        "all in Hà Tĩnh: {current:?}"
    );
    let island = admin_unit_repo::current_of(conn, "pre2025/district/498")
        .await
        .expect("query");
    assert_eq!(island.len(), 1, "Lý Sơn district became one special zone");
    // Running the migrations again is a no-op.
    test.db.migrate().await.expect("idempotent");
}

#[tokio::test]
async fn the_audit_chain_detects_a_row_altered_behind_the_application() {
    let test = TestDatabase::new().await.expect("database");
    let actor = AuditActor::system("test");
    for n in 0..3 {
        let tx = test.db.begin_write().await.expect("tx");
        audit::append(
            &tx,
            AuditEvent {
                actor: &actor,
                action: "thing.create",
                entity_type: "thing",
                entity_id: format!("t{n}"),
                before: None,
                after: Some(serde_json::json!({ "n": n })),
            },
        )
        .await
        .expect("append");
        tx.commit().await.expect("commit");
    }
    assert_eq!(
        audit::verify(test.db.conn()).await.expect("verify"),
        ChainCheck::Intact { entries: 3 }
    );
    audit::execute_raw(
        test.db.conn(),
        r#"UPDATE audit_entry SET after_json = '{"n":99}' WHERE seq = 2"#,
    )
    .await
    .expect("tamper");
    match audit::verify(test.db.conn()).await.expect("verify") {
        ChainCheck::Broken { seq, .. } => assert_eq!(seq, 2),
        other => panic!("tampering not detected: {other:?}"),
    }
}

#[tokio::test]
async fn concurrent_writers_never_fork_the_chain() {
    let test = TestDatabase::new().await.expect("database");
    let db = Database::connect(&test.url).await.expect("second pool");
    let mut tasks = Vec::new();
    for n in 0..8 {
        let db = db.clone();
        tasks.push(tokio::spawn(async move {
            let actor = AuditActor::system("test");
            let tx = db.begin_write().await.expect("tx");
            audit::append(
                &tx,
                AuditEvent {
                    actor: &actor,
                    action: "x",
                    entity_type: "x",
                    entity_id: n.to_string(),
                    before: None,
                    after: None,
                },
            )
            .await
            .expect("append");
            tx.commit().await.expect("commit");
        }));
    }
    for task in tasks {
        task.await.expect("task");
    }
    assert_eq!(
        audit::verify(db.conn()).await.expect("verify"),
        ChainCheck::Intact { entries: 8 }
    );
    let _ = db.conn().begin().await.expect("still usable");
}
