//! The export covers every table the migrations create.

use ocop_storage::testing::TestDatabase;
use ocop_storage::transfer::TABLES;
use ocop_storage::{Backend, ConnectionTrait};
use sea_orm::Statement;

#[tokio::test]
async fn every_table_of_the_schema_is_exported() {
    let test = TestDatabase::new().await.unwrap();
    let sql = match test.db.backend() {
        Backend::Sqlite => "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
        Backend::Postgres => "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public'",
    };
    let conn = test.db.conn();
    let rows = conn
        .query_all_raw(Statement::from_string(conn.get_database_backend(), sql))
        .await
        .unwrap();
    let mut tables: Vec<String> = rows
        .iter()
        .map(|r| r.try_get::<String>("", "name").unwrap())
        .filter(|name| name != "seaql_migrations")
        .collect();
    tables.sort();
    let mut exported: Vec<String> = TABLES.iter().map(|t| (*t).to_owned()).collect();
    exported.sort();
    assert!(!tables.is_empty());
    assert_eq!(
        tables, exported,
        "storage::transfer::TABLES must list every table (in dependency order), or `ocop export` leaves data behind"
    );
}
