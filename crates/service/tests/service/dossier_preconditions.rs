//! The sheet follows the product and each dossier kind has its preconditions, through the
//! services on the engine chosen by `OCOP_TEST_DATABASE` (SQLite by default, PostgreSQL with
//! `OCOP_TEST_DATABASE=postgres`).

use chrono::{Duration, NaiveDate};
use ocop_domain::ErrorCode;
use ocop_domain::evaluation::LegalBases;
use ocop_domain::ids::UserId;
use ocop_domain::producer::ProducerInput;
use ocop_domain::product::ProductInput;
use ocop_domain::role::{Actor, Role, Scope};
use ocop_service::dossiers::steps::{Step, StepInput};
use ocop_service::dossiers::{self, DossierCreate, sheet};
use ocop_service::{ServiceError, producers, products};
use ocop_storage::entities::{certificate, criteria_set, decision};
use ocop_storage::repo::{certificate_repo, criteria_set_repo, dossier_repo};
use ocop_storage::testing::TestDatabase;
use uuid::Uuid;

const COMMUNE: &str = "2025/commune/18673";

fn admin() -> Actor {
    Actor {
        user_id: UserId::new(),
        username: "quantri".into(),
        role: Role::Administrator,
        scope: Scope::National,
    }
}

fn today() -> NaiveDate {
    ocop_service::admin_units::today()
}

fn basis_today() -> String {
    LegalBases::official().in_force_on(today()).unwrap().id.clone()
}

/// A producer and one of its products of product set `set`; returns (producer, product).
async fn product(db: &ocop_storage::Database, name: &str, set: &str, seed: u64) -> (Uuid, Uuid) {
    let producer: ProducerInput = serde_json::from_value(serde_json::json!({
        "name": format!("HTX {name}"), "legal_form": "cooperative",
        "tax_code": ocop_domain::identifiers::TaxCode::generate_valid(seed * 7919).as_str(),
        "representative": "Nguyễn Văn An", "commune_id": COMMUNE, "phone": "0912345678",
    }))
    .unwrap();
    let producer = producers::create(db, &admin(), &producer).await.expect("producer");
    let input = ProductInput {
        name: name.into(),
        producer_id: producer.id.to_string(),
        product_set_code: set.into(),
        commune_id: COMMUNE.into(),
        ..Default::default()
    };
    let product = products::create(db, &admin(), &input).await.expect("product");
    (producer.id, product.summary.id)
}

fn create(product_id: Uuid, kind: &str, current_stars: Option<u8>) -> DossierCreate {
    DossierCreate {
        product_id,
        kind: kind.into(),
        current_stars,
        criteria_set_id: None,
    }
}

/// The code a refusal carries, and that it names a field with that same code.
fn refused_with(err: &ServiceError) -> ErrorCode {
    let code = err.code();
    let fields = err.field_errors().expect("a field error");
    assert!(fields.fields.iter().any(|f| f.code == code), "{err:?}");
    code
}

/// Records a certificate of `stars` for the product, valid through `valid_through`.
async fn certificate(
    db: &ocop_storage::Database,
    producer_id: Uuid,
    product_id: Uuid,
    stars: i32,
    valid_through: NaiveDate,
) {
    let decision_id = Uuid::now_v7();
    let issued_on = valid_through - Duration::days(365 * 3);
    certificate_repo::insert_decision(
        db.conn(),
        decision::Model {
            id: decision_id,
            kind: "recognition".into(),
            number: format!("{}/QĐ-UBND", decision_id.as_u128() % 10_000),
            decided_on: issued_on,
            issuer_name: "UBND tỉnh Hà Tĩnh".into(),
            issuer_level: "province".into(),
            legal_basis: Some("QD148-2023".into()),
            created_at: ocop_storage::now(),
            scan_sha256: None,
            scan_content_type: None,
        },
    )
    .await
    .unwrap();
    let id = Uuid::now_v7();
    certificate_repo::insert(
        db.conn(),
        certificate::Model {
            id,
            product_id,
            producer_id,
            stars,
            score_x100: Some(7_500),
            legal_basis: "QD148-2023".into(),
            decision_id,
            origin: "recorded".into(),
            issued_on,
            valid_through,
            number: format!("OCOP-42-{}", id.as_u128() % 100_000),
            verification_code: format!("T{}", &id.simple().to_string()[23..]),
            province_code: "42".into(),
            superseded_by: None,
            superseded_on: None,
            suspended_on: None,
            suspension_note: None,
            revoked_on: None,
            revocation_ground: None,
            revocation_text: None,
            revocation_decision_id: None,
            created_at: ocop_storage::now(),
            row_version: 1,
            certified_product_name: "Nước mắm".into(),
            certified_product_set_code: "I.4.a".into(),
            certified_producer_name: "HTX".into(),
            certified_commune_id: COMMUNE.into(),
            recorded: true,
        },
    )
    .await
    .unwrap();
}

#[tokio::test]
async fn a_dossier_is_on_its_product_sets_sheet_under_the_basis_in_force_or_refused() {
    let test = TestDatabase::new().await.expect("database");
    let db = &test.db;
    let (_, fish_sauce) = product(db, "Nước mắm Cửa Sót", "I.4.a", 11).await;

    // Only the QĐ 1048 fresh-produce sheet is published: no fallback to it.
    let err = dossiers::create(db, &admin(), &create(fish_sauce, "new", None))
        .await
        .unwrap_err();
    assert_eq!(refused_with(&err), ErrorCode::CriteriaSetMissing);
    let missing = sheet::missing(db, &admin()).await.unwrap();
    assert_eq!(missing.legal_basis, basis_today());
    let gap = missing
        .product_sets
        .iter()
        .find(|s| s.code == "I.4.a")
        .expect("I.4.a listed");
    assert_eq!(gap.products, 1);
    // A producer does not see the list.
    let producer = Actor {
        role: Role::Producer,
        scope: Scope::Producer {
            producer_id: ocop_domain::ids::ProducerId(Uuid::now_v7()),
        },
        ..admin()
    };
    assert!(matches!(
        sheet::missing(db, &producer).await,
        Err(ServiceError::Forbidden)
    ));
    // Asking for the fresh-produce sheet explicitly is refused too.
    let fresh = criteria_set_repo::list(db.conn()).await.unwrap().remove(0);
    let mut asked = create(fish_sauce, "new", None);
    asked.criteria_set_id = Some(fresh.id);
    let err = dossiers::create(db, &admin(), &asked).await.unwrap_err();
    assert_eq!(err.field_errors().unwrap().fields[0].field, "criteria_set_id");

    // A sheet for another basis does not count; the one of the basis in force does.
    sheet::publish_samples(db.conn(), &["QD148-2023"], &["I.4.a"])
        .await
        .unwrap();
    let err = dossiers::create(db, &admin(), &create(fish_sauce, "new", None))
        .await
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::CriteriaSetMissing);
    sheet::publish_samples(db.conn(), &[&basis_today()], &["I.4.a"])
        .await
        .unwrap();
    let dossier = dossiers::create(db, &admin(), &create(fish_sauce, "new", None))
        .await
        .expect("created");
    let set = criteria_set_repo::get(db.conn(), dossier.summary.criteria_set_id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(set.legal_basis, basis_today());
    assert!(set.product_sets.contains("I.4.a"));
    assert_eq!(set.status, criteria_set::PUBLISHED);
    assert!(dossier.criteria_set_sample);
    assert_eq!(dossier.criteria_set_legal_basis, basis_today());
    assert!(
        !sheet::missing(db, &admin())
            .await
            .unwrap()
            .product_sets
            .iter()
            .any(|s| s.code == "I.4.a")
    );
    // The checklist of the basis, nothing attached yet.
    let checklist: Vec<&str> = dossier.checklist.iter().map(|c| c.doc_type.as_str()).collect();
    assert!(checklist.contains(&"registration_form"), "{checklist:?}");
    assert!(dossier.checklist.iter().all(|c| !c.present));
}

#[tokio::test]
async fn each_kind_has_its_preconditions() {
    let test = TestDatabase::new().await.expect("database");
    let db = &test.db;
    sheet::publish_samples(db.conn(), &[&basis_today()], &["I.4.a"])
        .await
        .unwrap();
    let (producer, bare) = product(db, "Nước mắm Vạn Phần", "I.4.a", 21).await;

    // No certificate: neither an upgrade nor a re-evaluation.
    let err = dossiers::create(db, &admin(), &create(bare, "upgrade", Some(3)))
        .await
        .unwrap_err();
    assert_eq!(refused_with(&err), ErrorCode::UpgradeRequiresCertificate);
    let err = dossiers::create(db, &admin(), &create(bare, "upgrade", None))
        .await
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::UpgradeRequiresCertificate);
    let err = dossiers::create(db, &admin(), &create(bare, "reevaluation", None))
        .await
        .unwrap_err();
    assert_eq!(refused_with(&err), ErrorCode::ReevaluationRequiresExpiringCertificate);

    // A valid 3★: no first evaluation, no re-evaluation, no upgrade "from 4★"; an upgrade from 3★.
    certificate(db, producer, bare, 3, today() + Duration::days(700)).await;
    let err = dossiers::create(db, &admin(), &create(bare, "new", None))
        .await
        .unwrap_err();
    assert_eq!(refused_with(&err), ErrorCode::CertificateInForce);
    let err = dossiers::create(db, &admin(), &create(bare, "reevaluation", None))
        .await
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::ReevaluationRequiresExpiringCertificate);
    let err = dossiers::create(db, &admin(), &create(bare, "upgrade", Some(4)))
        .await
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::UpgradeRequiresCertificate);
    let upgrade = dossiers::create(db, &admin(), &create(bare, "upgrade", None))
        .await
        .expect("an upgrade from the 3★ in force");
    assert_eq!(upgrade.summary.current_stars, Some(3));

    // One open dossier per product.
    let err = dossiers::create(db, &admin(), &create(bare, "upgrade", Some(3)))
        .await
        .unwrap_err();
    assert_eq!(refused_with(&err), ErrorCode::DossierAlreadyOpen);

    // An expiring certificate: a re-evaluation; an expired one too.
    let (producer, expiring) = product(db, "Nước mắm Hải Ninh", "I.4.a", 22).await;
    certificate(db, producer, expiring, 4, today() + Duration::days(20)).await;
    dossiers::create(db, &admin(), &create(expiring, "reevaluation", None))
        .await
        .expect("re-evaluation of an expiring certificate");
    let (producer, expired) = product(db, "Nước mắm Cẩm Nhượng", "I.4.a", 23).await;
    certificate(db, producer, expired, 4, today() - Duration::days(20)).await;
    let err = dossiers::create(db, &admin(), &create(expired, "upgrade", Some(4)))
        .await
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::UpgradeRequiresCertificate);
    dossiers::create(db, &admin(), &create(expired, "reevaluation", None))
        .await
        .expect("re-evaluation of an expired certificate");
}

#[tokio::test]
async fn two_concurrent_dossiers_for_one_product_make_one() {
    let test = TestDatabase::new().await.expect("database");
    let db = &test.db;
    sheet::publish_samples(db.conn(), &[&basis_today()], &["I.4.a"])
        .await
        .unwrap();
    for round in 0..4u64 {
        let (_, product_id) = product(db, &format!("Nước mắm số {round}"), "I.4.a", 31 + round).await;
        let attempts = (0..4).map(|_| {
            let db = db.clone();
            tokio::spawn(async move { dossiers::create(&db, &admin(), &create(product_id, "new", None)).await })
        });
        let mut made = 0;
        for attempt in attempts.collect::<Vec<_>>() {
            match attempt.await.unwrap() {
                Ok(_) => made += 1,
                Err(err) => assert_eq!(err.code(), ErrorCode::DossierAlreadyOpen, "{err:?}"),
            }
        }
        assert_eq!(made, 1, "round {round}");
        assert_eq!(
            dossier_repo::open_of_product(db.conn(), product_id)
                .await
                .unwrap()
                .len(),
            1
        );
    }
}

#[tokio::test]
async fn a_dossier_missing_a_required_document_is_not_found_eligible() {
    let test = TestDatabase::new().await.expect("database");
    let db = &test.db;
    sheet::publish_samples(db.conn(), &[&basis_today()], &["I.4.a"])
        .await
        .unwrap();
    let (producer_id, product_id) = product(db, "Nước mắm Thạch Kim", "I.4.a", 41).await;
    let dossier = dossiers::create(db, &admin(), &create(product_id, "new", None))
        .await
        .unwrap();
    let id = dossier.summary.id;
    // Stored straight at the province check, without any document: the step is refused.
    let tx = db.begin_write().await.unwrap();
    let mut row = dossier_repo::get(&tx, id).await.unwrap().unwrap();
    ocop_storage::entities::dossier::StateColumns::of(ocop_domain::evaluation::dossier::DossierState::Check {
        level: ocop_domain::evaluation::Level::Province,
    })
    .apply_to(&mut row);
    row.legal_basis = Some(basis_today());
    row.submitted_on = Some(today());
    let version = row.row_version;
    row.row_version += 1;
    assert!(dossier_repo::update(&tx, row, version).await.unwrap());
    tx.commit().await.unwrap();
    let err = dossiers::steps::take(db, &admin(), id, Step::FindEligible, &StepInput::default())
        .await
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::RequiredDocumentMissing);
    let fields: Vec<&str> = err
        .field_errors()
        .unwrap()
        .fields
        .iter()
        .map(|f| f.field.as_str())
        .collect();
    assert!(fields.contains(&"documents.registration_form"), "{fields:?}");
    let detail = dossiers::get(db, &admin(), id).await.unwrap();
    assert_eq!(detail.summary.state, "check");
    let _ = producer_id;
}
