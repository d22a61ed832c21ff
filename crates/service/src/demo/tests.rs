//! Loads the demo data into fresh databases (SQLite, or PostgreSQL with
//! `OCOP_TEST_DATABASE=postgres`) and checks what it promises.

use std::collections::HashSet;

use ocop_storage::entities::{audit_entry, producer, producer_certification, product};
use ocop_storage::testing::TestDatabase;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect};

use super::*;
use crate::products::{ProductListParams, list};

fn quiet(_: Progress<'_>) {}

async fn fresh() -> TestDatabase {
    TestDatabase::new().await.expect("test database")
}

async fn producer_ids_and_names(db: &Database) -> Vec<(uuid::Uuid, String)> {
    producer::Entity::find()
        .order_by_asc(producer::Column::Id)
        .all(db.conn())
        .await
        .expect("producers")
        .into_iter()
        .map(|p| (p.id, p.name))
        .collect()
}

#[tokio::test]
async fn standard_load_is_complete_and_deterministic() {
    let (first, second) = (fresh().await, fresh().await);
    assert!(is_empty(&first.db).await.unwrap());
    let started = std::time::Instant::now();
    let report = load(&first.db, DemoScale::Standard, &quiet).await.expect("load");
    eprintln!("standard demo load: {:?}", started.elapsed());
    assert!(!is_empty(&first.db).await.unwrap());
    assert_eq!(report.producers, 400);
    assert_eq!(report.products, 900);
    assert_eq!(report.users, demo_accounts().len() as u64);
    assert!(report.certifications > 50, "{report:?}");
    assert!(report.certificates >= 300, "{report:?}");
    assert_eq!(product::Entity::find().count(first.db.conn()).await.unwrap(), 900);

    let again = load(&second.db, DemoScale::Standard, &quiet).await.expect("load");
    assert_eq!(again, report);
    assert_eq!(
        producer_ids_and_names(&first.db).await,
        producer_ids_and_names(&second.db).await
    );
    let product_ids = |db: Database| async move {
        product::Entity::find()
            .order_by_asc(product::Column::Id)
            .all(db.conn())
            .await
            .unwrap()
            .into_iter()
            .map(|p| (p.id, p.name, p.commune_id, p.gtin))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        product_ids(first.db.clone()).await,
        product_ids(second.db.clone()).await
    );
    // The province's decision of the demo council goes through the services (fresh ids and
    // verification codes from the operating system): every other certificate is the same.
    let certificates = |db: Database| async move {
        let council_decision = ocop_storage::entities::decision::Entity::find()
            .filter(ocop_storage::entities::decision::Column::Number.eq(councils::FORWARD_DECISION))
            .one(db.conn())
            .await
            .unwrap()
            .expect("the demo council's decision")
            .id;
        ocop_storage::entities::certificate::Entity::find()
            .filter(ocop_storage::entities::certificate::Column::DecisionId.ne(council_decision))
            .order_by_asc(ocop_storage::entities::certificate::Column::Id)
            .all(db.conn())
            .await
            .unwrap()
            .into_iter()
            .map(|c| (c.id, c.number, c.verification_code, c.issued_on))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        certificates(first.db.clone()).await,
        certificates(second.db.clone()).await
    );
}

#[tokio::test]
async fn the_demo_has_certificates_in_every_state_and_they_verify() {
    use ocop_domain::certificate::CertificateStatus;
    let test = fresh().await;
    let db = &test.db;
    load(db, DemoScale::Standard, &quiet).await.expect("load");
    let rows = ocop_storage::repo::certificate_repo::all(db.conn()).await.unwrap();
    let today = crate::admin_units::today();
    for status in [
        CertificateStatus::Valid,
        CertificateStatus::Expiring,
        CertificateStatus::Expired,
        CertificateStatus::Revoked,
        CertificateStatus::Superseded,
        CertificateStatus::Suspended,
    ] {
        let example = rows
            .iter()
            .find(|c| crate::certificates::status_on(c, today) == status)
            .unwrap_or_else(|| panic!("no {status:?} certificate in the demo"));
        let seen = crate::certificates::verify::lookup(db, &example.verification_code)
            .await
            .expect("verifies");
        assert_eq!(seen.certificate.status, status);
        assert!(seen.certificate.decision.is_some());
    }
    let numbers: HashSet<&str> = rows.iter().map(|c| c.number.as_str()).collect();
    assert_eq!(numbers.len(), rows.len(), "numbers are unique");
}

#[tokio::test]
async fn standard_demo_is_searchable_filterable_and_loggable() {
    let test = fresh().await;
    let db = &test.db;
    let stages = std::sync::Mutex::new(HashSet::new());
    let record = |p: Progress<'_>| {
        assert!(p.done <= p.total);
        stages.lock().unwrap().insert(p.stage.to_owned());
    };
    load(db, DemoScale::Standard, &record).await.expect("load");
    assert_eq!(
        *stages.lock().unwrap(),
        HashSet::from([
            "producers".to_owned(),
            "products".to_owned(),
            "certificates".to_owned(),
            "accounts".to_owned()
        ])
    );

    let search = |q: &str| ProductListParams {
        q: Some(q.into()),
        limit: Some(200),
        ..Default::default()
    };
    let plain = list(db, &search("cam xuyen")).await.unwrap();
    assert!(plain.total >= 2, "{}", plain.total);
    assert_eq!(list(db, &search("CẨM XUYÊN")).await.unwrap().total, plain.total);
    let names: Vec<&str> = plain.items.iter().map(|p| p.name.as_str()).collect();
    assert!(names.contains(&"Nước mắm Phú Sang"), "{names:?}");
    assert!(names.contains(&"Mật ong hoa keo Cẩm Xuyên"), "{names:?}");
    assert_eq!(list(db, &search("mat hoa dua")).await.unwrap().total, 1);

    let ha_tinh = list(
        db,
        &ProductListParams {
            province: Some("42".into()),
            limit: Some(200),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    assert!(ha_tinh.total >= 6, "{}", ha_tinh.total);
    assert!(
        ha_tinh.items.iter().all(|p| p.place.today_province_codes == ["42"]),
        "only Hà Tĩnh"
    );

    for account in demo_accounts() {
        let logged_in = crate::accounts::login(db, account.username, DEMO_PASSWORD)
            .await
            .unwrap_or_else(|e| panic!("{} cannot log in: {e}", account.username));
        assert_eq!(logged_in.actor.role.as_str(), account.role);
    }

    let today = crate::admin_units::today();
    let certs = producer_certification::Entity::find().all(db.conn()).await.unwrap();
    assert!(
        certs.iter().any(|c| c.expires_on.is_some_and(|e| e < today)),
        "some expired"
    );
    assert!(
        certs.iter().any(|c| c
            .expires_on
            .is_some_and(|e| e >= today && e <= today + chrono::Duration::days(90))),
        "some expiring within 90 days"
    );

    let audit = audit_entry::Entity::find()
        .filter(audit_entry::Column::Action.eq("demo.load"))
        .all(db.conn())
        .await
        .unwrap();
    assert_eq!(audit.len(), 1);
    assert_eq!(audit[0].actor_name, "system:demo");

    let provinces = distinct_today(db).await.1;
    assert_eq!(provinces.len(), 34, "every province has demo products");
}

/// Today's commune and province codes the products lie in.
async fn distinct_today(db: &Database) -> (HashSet<String>, HashSet<String>) {
    let ids: Vec<String> = product::Entity::find()
        .select_only()
        .column(product::Column::CommuneId)
        .distinct()
        .into_tuple()
        .all(db.conn())
        .await
        .unwrap();
    let places = crate::admin_units::places(db.conn(), &ids).await.unwrap();
    let mut communes = HashSet::new();
    let mut provinces = HashSet::new();
    for place in places.values() {
        communes.extend(place.today_commune_codes.iter().cloned());
        provinces.extend(place.today_province_codes.iter().cloned());
    }
    (communes, provinces)
}

/// Run by hand: `cargo test -p ocop-service --release -- --ignored national`.
#[tokio::test]
#[ignore = "loads 20,000 products; run by hand with --ignored"]
async fn national_load_covers_every_commune() {
    let test = fresh().await;
    let started = std::time::Instant::now();
    let report = load(&test.db, DemoScale::National, &|p: Progress<'_>| {
        if p.done == p.total {
            eprintln!("{}: {} rows", p.stage, p.total);
        }
    })
    .await
    .expect("load");
    eprintln!("national demo load: {:?} {report:?}", started.elapsed());
    assert!(report.producers >= 9_000);
    assert!(report.products >= 20_000);
    let (communes, provinces) = distinct_today(&test.db).await;
    assert_eq!(provinces.len(), 34);
    assert_eq!(communes.len(), 3_321);
}

#[tokio::test]
async fn published_localities_resolve_to_the_commune_named() {
    let test = fresh().await;
    let catalog = units::Catalog::load(test.db.conn()).await.unwrap();
    for (province, locality, expected) in [
        ("84", "xã Phú Cần, huyện Tiểu Cần", "Phú Cần"),
        ("91", "thị trấn Dương Đông, huyện Phú Quốc", "Dương Đông"),
        ("19", "xã Tân Cương, TP. Thái Nguyên", "Tân Cương"),
        ("01", "xã Bát Tràng, huyện Gia Lâm", "Bát Tràng"),
        ("19", "thị trấn Trại Cau, huyện Đồng Hỷ", "Trại Cau"),
        ("12", "xã Sì Lở Lầu, huyện Phong Thổ", "Sì Lở Lầu"),
        ("45", "thị trấn Khe Sanh, huyện Hướng Hóa", "Khe Sanh"),
    ] {
        let (commune, how) = catalog.resolve(province, locality, "x").expect(locality);
        assert_eq!(
            (commune.name.as_str(), how),
            (expected, units::Resolution::Exact),
            "{locality}"
        );
        assert!(commune.id.starts_with("pre2025/commune/"));
    }
    let (commune, how) = catalog.resolve("22", "", "Trà hoa vàng Ba Chẽ").unwrap();
    assert_eq!(
        (commune.province_code.as_str(), how),
        ("22", units::Resolution::Province)
    );
}

#[tokio::test]
async fn the_demo_has_a_dossier_waiting_at_the_central_level_with_its_provincial_4_stars() {
    use ocop_domain::role::Role;

    let test = fresh().await;
    load(&test.db, DemoScale::Standard, &quiet).await.expect("load");
    let user = user_repo::by_username(test.db.conn(), "trunguong")
        .await
        .unwrap()
        .unwrap();
    let central = crate::accounts::actor_of(&test.db, &user).await.unwrap();
    assert_eq!(central.role, Role::CentralOfficer);
    let inbox = crate::dossiers::central::inbox(&test.db, &central, 50).await.unwrap();
    assert_eq!(inbox.len(), 1, "{inbox:?}");
    assert_eq!(
        (inbox[0].state.as_str(), inbox[0].level.as_deref()),
        ("proposed", Some("central"))
    );
    let detail = crate::dossiers::get(&test.db, &central, inbox[0].id).await.unwrap();
    assert_eq!(detail.actions, ["start_check"]);
    let step = detail.central.expect("the central step");
    assert_eq!(step.province_score, Some(ocop_domain::evaluation::Points(10_000)));
    let certificate = step.province_certificate.expect("the provincial certificate");
    assert_eq!((certificate.stars, certificate.status.as_str()), (4, "valid"));
    assert_eq!(certificate.issuer_name, "UBND tỉnh Hà Tĩnh");
    // The central council seats national accounts and has a batch to schedule it in.
    let councils = crate::councils::list_councils(&test.db, &central).await.unwrap();
    let national = councils
        .iter()
        .find(|c| c.level == crate::councils::CENTRAL)
        .expect("a central council");
    assert_eq!(national.members.len(), 3);
    let batches = crate::councils::batches::list(&test.db, &central).await.unwrap();
    assert!(
        batches
            .iter()
            .any(|b| b.council_id == national.id && b.status == ocop_domain::evaluation::batch::BatchState::Planned)
    );
}

#[tokio::test]
async fn the_demo_has_dossiers_in_every_state_before_the_council() {
    use ocop_domain::evaluation::LegalBases;
    use ocop_domain::role::{Actor, Role, Scope};
    use ocop_storage::entities::dossier;

    let test = fresh().await;
    let report = load(&test.db, DemoScale::Standard, &quiet).await.expect("load");
    assert_eq!(report.dossiers, 24, "{report:?}");
    let rows = dossier::Entity::find()
        .order_by_asc(dossier::Column::Id)
        .all(test.db.conn())
        .await
        .unwrap();
    let states: HashSet<&str> = rows.iter().map(|r| r.state.as_str()).collect();
    for state in [
        "draft",
        "submitted",
        "commune_review",
        "returned_by_commune",
        "commune_report",
        "proposed",
        "check",
        "returned",
        "eligible",
    ] {
        assert!(states.contains(state), "no {state} dossier in the demo");
    }
    for row in &rows {
        let record = row.workflow().expect("a valid stored state");
        let events = ocop_storage::repo::dossier_repo::events(test.db.conn(), row.id)
            .await
            .unwrap();
        assert_eq!(events.len() as i32 + 1, row.row_version, "{}", row.state);
        if row.state != "draft" {
            let basis = LegalBases::official().in_force_on(record.submitted_on.expect("submitted"));
            assert_eq!(record.legal_basis.as_deref(), basis.map(|b| b.id.as_str()));
        }
    }
    // The demo commune officer sees dossiers of Cẩm Xuyên only; the province officer more.
    let officer = Actor {
        user_id: ocop_domain::ids::UserId::new(),
        username: "xa.camxuyen".into(),
        role: Role::CommuneOfficer,
        scope: Scope::Commune {
            commune_code: "18673".into(),
            province_code: "42".into(),
        },
    };
    let province = Actor {
        role: Role::ProvinceOfficer,
        scope: Scope::Province {
            province_code: "42".into(),
        },
        ..officer.clone()
    };
    let params = crate::dossiers::DossierListParams::default();
    let in_commune = crate::dossiers::list(&test.db, &officer, &params).await.unwrap();
    let in_province = crate::dossiers::list(&test.db, &province, &params).await.unwrap();
    assert!(in_province.total >= 20, "{}", in_province.total);
    assert!(in_commune.total < in_province.total);
    assert!(
        in_commune
            .items
            .iter()
            .all(|d| d.place.today_commune_codes.contains(&"18673".to_owned()))
    );
    // The browser test's proposal: the Phú Sang dossier waits in review at Thiên Cầm (the
    // cooperative's commune, officer `xa.thiencam`), for a product that is not in the demo batch.
    let thien_cam = Actor {
        username: "xa.thiencam".into(),
        scope: Scope::Commune {
            commune_code: "18676".into(),
            province_code: "42".into(),
        },
        ..officer.clone()
    };
    let at_thien_cam = crate::dossiers::list(&test.db, &thien_cam, &params).await.unwrap();
    let phu_sang = at_thien_cam
        .items
        .iter()
        .find(|d| d.product_name == "Nước mắm Phú Sang")
        .expect("the Phú Sang dossier is in the commune officer's list");
    assert_eq!(phu_sang.state, "commune_review");
    assert!(
        !rows
            .iter()
            .any(|r| r.product_id == phu_sang.product_id && r.id != phu_sang.id),
        "no other dossier of the Phú Sang product"
    );
}

#[tokio::test]
async fn every_demo_dossier_is_on_the_sheet_of_its_product_set_and_basis() {
    use ocop_domain::evaluation::LegalBases;
    use ocop_storage::entities::{criteria_set, dossier};

    let test = fresh().await;
    load(&test.db, DemoScale::Standard, &quiet).await.expect("load");
    let rows = dossier::Entity::find().all(test.db.conn()).await.unwrap();
    assert!(rows.len() > 20, "{}", rows.len());
    let today = crate::admin_units::today();
    for row in &rows {
        let product = product::Entity::find_by_id(row.product_id)
            .one(test.db.conn())
            .await
            .unwrap()
            .unwrap();
        let set = criteria_set::Entity::find_by_id(row.criteria_set_id)
            .one(test.db.conn())
            .await
            .unwrap()
            .unwrap();
        assert_eq!(set.status, criteria_set::PUBLISHED);
        let sets: Vec<String> = serde_json::from_str(&set.product_sets).unwrap();
        assert!(
            sets.contains(&product.product_set_code),
            "{} ({}) on {}",
            product.name,
            product.product_set_code,
            set.title
        );
        let basis = row
            .legal_basis
            .clone()
            .or_else(|| LegalBases::official().in_force_on(today).map(|b| b.id.clone()))
            .unwrap();
        assert_eq!(set.legal_basis, basis, "{} on {}", product.name, set.title);
        if set.sample {
            assert!(set.title.contains("Bộ tiêu chí mẫu — không phải văn bản chính thức"));
        }
    }
}

#[tokio::test]
async fn the_demo_has_an_inspection_plan_in_every_state_a_proposed_suspension_and_two_fake_report_cases() {
    use ocop_domain::oversight::{Coded, Consequence, FindingStatus, InspectionStatus};
    let test = fresh().await;
    load(&test.db, DemoScale::Standard, &quiet).await.expect("load");
    let admin = ocop_domain::role::Actor {
        user_id: ocop_domain::ids::UserId::new(),
        username: "admin".into(),
        role: ocop_domain::role::Role::Administrator,
        scope: ocop_domain::role::Scope::National,
    };
    let plans = crate::oversight::plans::list(&test.db, &admin, &Default::default())
        .await
        .unwrap();
    assert_eq!(plans.len(), 1);
    let states: HashSet<&str> = plans[0].inspections.iter().map(|i| i.status.as_str()).collect();
    for state in [
        InspectionStatus::Planned,
        InspectionStatus::Recorded,
        InspectionStatus::SignedOff,
        InspectionStatus::Cancelled,
    ] {
        assert!(states.contains(state.as_str()), "no inspection {state:?}");
    }
    let proposed: Vec<_> = plans[0]
        .inspections
        .iter()
        .flat_map(|i| i.findings.iter())
        .filter(|f| f.status == FindingStatus::Proposed)
        .collect();
    assert_eq!(proposed.len(), 1);
    assert_eq!(proposed[0].consequence, Some(Consequence::Suspension));
    let cases = crate::oversight::cases::list(&test.db, &admin, &Default::default())
        .await
        .unwrap();
    assert_eq!(cases.len(), 2);
}

/// The council's planned batch of Hà Tĩnh holds two scheduled dossiers for the council browser
/// test, each of a product with no other dossier under way (Cẩm Xuyên first, then the rest of
/// the province when its products already hold one).
#[tokio::test]
async fn the_demo_batch_of_ha_tinh_holds_two_dossiers_of_free_products() {
    use ocop_domain::evaluation::batch::BatchState;
    let test = fresh().await;
    load(&test.db, DemoScale::Standard, &quiet).await.expect("load");
    let admin = crate::accounts::actor_of(
        &test.db,
        &user_repo::by_username(test.db.conn(), "admin").await.unwrap().unwrap(),
    )
    .await
    .unwrap();
    let batches = crate::councils::batches::list(&test.db, &admin).await.unwrap();
    let planned = batches
        .iter()
        .find(|b| b.name == "Đợt 2 năm 2026" && b.status == BatchState::Planned)
        .expect("the planned batch of Hà Tĩnh");
    let batch = crate::councils::batches::get(&test.db, &admin, planned.id)
        .await
        .unwrap();
    assert_eq!(batch.dossiers.len(), 2, "{:?}", batch.dossiers);
    for d in &batch.dossiers {
        let open = ocop_storage::repo::dossier_repo::open_of_product(test.db.conn(), d.product_id)
            .await
            .unwrap();
        assert_eq!(open.len(), 1, "one open dossier for {}", d.product_id);
    }
}
