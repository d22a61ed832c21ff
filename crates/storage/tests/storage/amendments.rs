//! A later change of administrative units arrives as data: the (unverified)
//! 2026 Đồng Nai amendment file from ../shared is applied with the same code
//! path as `ocop admin-units amend`, and old records follow it.

use chrono::NaiveDate;
use ocop_domain::admin_unit::AdminLevel;
use ocop_storage::reference::amendment;
use ocop_storage::repo::admin_unit_repo::{self, UnitQuery};
use ocop_storage::testing::TestDatabase;

fn shared_file() -> Option<String> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/data/admin-units/dvhc_2026_amendments_unverified.csv"
    );
    match std::fs::read_to_string(path) {
        Ok(text) => Some(text),
        Err(_) if std::env::var("OCOP_REQUIRE_SHARED").is_ok_and(|v| v == "1") => {
            panic!("{path} is required (OCOP_REQUIRE_SHARED=1)")
        }
        Err(_) => {
            eprintln!("SKIPPED: {path} not found");
            None
        }
    }
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

async fn count(conn: &impl ocop_storage::ConnectionTrait, level: AdminLevel, on: NaiveDate) -> u64 {
    let query = UnitQuery {
        level,
        on,
        terms: Vec::new(),
        parent: None,
        offset: 0,
        limit: 1,
    };
    admin_unit_repo::list(conn, &query).await.expect("list").total
}

#[tokio::test]
async fn the_2026_amendment_is_absorbed_as_data() {
    let Some(text) = shared_file() else { return };
    let amendments = amendment::parse(&text).expect("the file parses");
    assert_eq!(amendments.len(), 11);
    let test = TestDatabase::new().await.expect("database");
    let tx = test.db.begin_write().await.expect("tx");
    let created = admin_unit_repo::apply_amendments(&tx, &amendments)
        .await
        .expect("applies");
    tx.commit().await.expect("commit");
    assert_eq!(created.len(), 11);
    let conn = test.db.conn();

    let before = admin_unit_repo::find_in_force(conn, AdminLevel::Commune, "25270", day(2026, 4, 29))
        .await
        .unwrap()
        .unwrap();
    let after = admin_unit_repo::find_in_force(conn, AdminLevel::Commune, "25270", day(2026, 4, 30))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(before.full_name, "Xã Lộc Ninh");
    assert_eq!(after.full_name, "Phường Lộc Ninh");
    assert_eq!(after.id, "2026-04-30/commune/25270");
    let province = admin_unit_repo::find_in_force(conn, AdminLevel::Province, "75", day(2026, 5, 1))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(province.full_name, "Thành phố Đồng Nai");
    assert_eq!(after.parent_id.as_deref(), Some(province.id.as_str()));

    // The totals do not change: a rename is not a new unit.
    assert_eq!(count(conn, AdminLevel::Province, day(2026, 5, 1)).await, 34);
    assert_eq!(count(conn, AdminLevel::Commune, day(2026, 5, 1)).await, 3_321);
    assert_eq!(count(conn, AdminLevel::Commune, day(2026, 4, 29)).await, 3_321);

    // A record made under the 2025 list, or even before 2025, now shows under the renamed unit.
    for old in ["2025/commune/25270", "pre2025/commune/25270"] {
        let current = admin_unit_repo::current_of(conn, old).await.unwrap();
        assert!(
            current.iter().any(|c| c.current_id == "2026-04-30/commune/25270"),
            "{old} → {current:?}"
        );
    }
    // Applying the same file twice is refused without changing anything.
    let tx = test.db.begin_write().await.expect("tx");
    assert!(admin_unit_repo::apply_amendments(&tx, &amendments).await.is_err());
    drop(tx);
    assert_eq!(count(conn, AdminLevel::Commune, day(2026, 5, 1)).await, 3_321);
}
