//! Criteria sets in the database: the shipped QĐ 1048 sheet is loaded as published
//! version 1, drafts get the next version, and publishing happens once.

use ocop_domain::evaluation::CriteriaSet;
use ocop_storage::entities::criteria_set;
use ocop_storage::repo::criteria_set_repo;
use ocop_storage::testing::TestDatabase;

#[tokio::test]
async fn the_qd1048_sheet_is_published_and_a_draft_publishes_once() {
    let test = TestDatabase::new().await.expect("database");
    let conn = test.db.conn();
    let rows = criteria_set_repo::list(conn).await.expect("list");
    assert_eq!(rows.len(), 1);
    let shipped = &rows[0];
    assert_eq!(shipped.legal_basis, "QD1048-2019");
    assert_eq!(shipped.status, criteria_set::PUBLISHED);
    assert_eq!(shipped.version, 1);
    assert!(shipped.published_at.is_some());
    let body = CriteriaSet::from_json(&shipped.body).expect("body");
    assert_eq!(body, CriteriaSet::qd1048_fresh_produce());

    let key = criteria_set::product_sets_key(&body);
    assert_eq!(
        criteria_set_repo::latest_version(conn, "QD1048-2019", &key)
            .await
            .unwrap(),
        1
    );
    assert_eq!(
        criteria_set_repo::latest_version(conn, "QD148-2023", &key)
            .await
            .unwrap(),
        0
    );
    let id = uuid::Uuid::now_v7();
    criteria_set_repo::insert(conn, criteria_set::row(id, &body, 2, ocop_storage::now(), None))
        .await
        .expect("insert");
    // the same basis, product sets and version cannot exist twice
    let twice = criteria_set_repo::insert(
        conn,
        criteria_set::row(uuid::Uuid::now_v7(), &body, 2, ocop_storage::now(), None),
    )
    .await;
    assert!(twice.is_err_and(|e| ocop_storage::is_unique_violation(&e)));
    assert!(criteria_set_repo::publish(conn, id, ocop_storage::now()).await.unwrap());
    assert!(!criteria_set_repo::publish(conn, id, ocop_storage::now()).await.unwrap());
    assert!(
        !criteria_set_repo::publish(conn, shipped.id, ocop_storage::now())
            .await
            .unwrap()
    );
    let row = criteria_set_repo::get(conn, id).await.unwrap().unwrap();
    assert_eq!(row.status, criteria_set::PUBLISHED);
}
