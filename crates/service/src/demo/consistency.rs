//! The demo agrees with its own dates and with the seeds: loads the standard demo (SQLite, or
//! PostgreSQL with `OCOP_TEST_DATABASE=postgres`) and checks every decision, certificate and
//! batch against the legal basis, the units and the agency names of its date, the seeded
//! producers against what the seed documents say, and the printed decision of the demo round
//! against the words an official would sign.

use std::collections::{BTreeSet, HashMap};

use chrono::NaiveDate;
use ocop_domain::certificate::{IssuerLevel, ministry_name_on};
use ocop_storage::entities::{batch, batch_dossier, certificate, decision, dossier, producer, product};
use ocop_storage::testing::TestDatabase;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use super::certificates::{basis_on, two_level_government};
use super::{DemoScale, Progress, load};

fn quiet(_: Progress<'_>) {}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// The 2025 merger that renamed the ministry and the departments.
fn merger() -> NaiveDate {
    day(2025, 3, 1)
}

#[tokio::test]
async fn the_demo_agrees_with_its_dates_and_the_seeds() {
    let test = TestDatabase::new().await.expect("test database");
    let db = &test.db;
    load(db, DemoScale::Standard, &quiet).await.expect("load");
    let conn = db.conn();

    // Decisions: the issuer under its name of the day, a district only before QĐ 1489.
    let decisions: HashMap<uuid::Uuid, decision::Model> = decision::Entity::find()
        .all(conn)
        .await
        .unwrap()
        .into_iter()
        .map(|d| (d.id, d))
        .collect();
    assert!(!decisions.is_empty());
    for d in decisions.values() {
        let old_names = d.issuer_name.contains("Phát triển nông thôn") || d.issuer_name.contains("NN&PTNT");
        let new_names = d.issuer_name.contains("Môi trường") || d.issuer_name.contains("NN&MT");
        if d.decided_on < merger() {
            assert!(!new_names, "{} of {}: {}", d.number, d.decided_on, d.issuer_name);
        } else {
            assert!(!old_names, "{} of {}: {}", d.number, d.decided_on, d.issuer_name);
        }
        match d.issuer_level.as_str() {
            "ministry" => assert_eq!(d.issuer_name, ministry_name_on(d.decided_on), "{}", d.number),
            "district" => {
                assert!(d.decided_on < day(2025, 7, 6), "{} of {}", d.number, d.decided_on);
                assert!(
                    ["UBND huyện ", "UBND thị xã ", "UBND thành phố ", "UBND quận "]
                        .iter()
                        .any(|p| d.issuer_name.starts_with(p)),
                    "{}: {}",
                    d.number,
                    d.issuer_name
                );
            }
            _ => assert!(d.issuer_name.starts_with("UBND "), "{}: {}", d.number, d.issuer_name),
        }
    }

    // Certificates: basis of their date, units of their date, revoked by their issuer.
    let certificates = certificate::Entity::find().all(conn).await.unwrap();
    assert!(certificates.len() > 50, "{}", certificates.len());
    let mut old_units = 0;
    let mut new_units = 0;
    for c in &certificates {
        let d = &decisions[&c.decision_id];
        assert_eq!(d.legal_basis.as_deref(), Some(c.legal_basis.as_str()), "{}", c.number);
        assert_eq!(c.issued_on, d.decided_on, "{}", c.number);
        if d.number != super::councils::FORWARD_DECISION {
            assert_eq!(
                c.legal_basis,
                basis_on(c.issued_on).as_str(),
                "{} of {}",
                c.number,
                c.issued_on
            );
        }
        if c.issued_on < two_level_government() {
            old_units += 1;
            assert!(
                c.certified_commune_id.starts_with("pre2025/"),
                "{} of {} on {}",
                c.number,
                c.issued_on,
                c.certified_commune_id
            );
        } else {
            new_units += 1;
            assert!(
                c.certified_commune_id.starts_with("2025/"),
                "{} of {} on {}",
                c.number,
                c.issued_on,
                c.certified_commune_id
            );
        }
        if let Some(revocation) = c.revocation_decision_id.map(|id| &decisions[&id]) {
            let expected = if c.stars == 5 {
                IssuerLevel::Ministry
            } else {
                IssuerLevel::Province
            };
            assert_eq!(revocation.issuer_level, expected.as_str(), "{}", c.number);
            assert!(revocation.decided_on >= c.issued_on);
        }
    }
    assert!(
        old_units > 0 && new_units > 0,
        "{old_units} before and {new_units} after 07/2025"
    );
    for (basis, from) in [("qd148", day(2023, 2, 24)), ("qd26_2026", day(2026, 5, 22))] {
        assert!(
            certificates
                .iter()
                .filter(|c| c.legal_basis == basis)
                .all(|c| c.issued_on >= from),
            "{basis} before {from}"
        );
    }

    // One basis per batch.
    let dossiers: HashMap<uuid::Uuid, dossier::Model> = dossier::Entity::find()
        .all(conn)
        .await
        .unwrap()
        .into_iter()
        .map(|d| (d.id, d))
        .collect();
    // One open dossier per product, as `dossier_already_open` holds for new ones.
    let mut open: HashMap<uuid::Uuid, Vec<&dossier::Model>> = HashMap::new();
    for d in dossiers.values() {
        if !matches!(d.state.as_str(), "recognised" | "not_recognised") {
            open.entry(d.product_id).or_default().push(d);
        }
    }
    for (product, held) in &open {
        assert!(
            held.len() <= 1,
            "product {product} holds {} open dossiers: {:?}",
            held.len(),
            held.iter().map(|d| (d.id, d.state.as_str())).collect::<Vec<_>>()
        );
    }
    for b in batch::Entity::find().all(conn).await.unwrap() {
        let bases: BTreeSet<Option<String>> = batch_dossier::Entity::find()
            .filter(batch_dossier::Column::BatchId.eq(b.id))
            .all(conn)
            .await
            .unwrap()
            .iter()
            .map(|bd| dossiers[&bd.dossier_id].legal_basis.clone())
            .collect();
        assert!(bases.len() <= 1, "{}: {bases:?}", b.name);
        for d in batch_dossier::Entity::find()
            .filter(batch_dossier::Column::BatchId.eq(b.id))
            .all(conn)
            .await
            .unwrap()
        {
            let d = &dossiers[&d.dossier_id];
            let submitted = d.submitted_on.expect("a scheduled dossier was submitted");
            let in_force = ocop_domain::evaluation::LegalBases::official().in_force_on(submitted);
            assert_eq!(d.legal_basis.as_deref(), in_force.map(|b| b.id.as_str()), "{}", b.name);
            assert!(submitted <= b.meeting_on, "{}: submitted {submitted}", b.name);
        }
    }

    // The seeds: Phú Sang is a cooperative at Thiên Cầm; Rượu sim Kẻ Gỗ is Phan Khắc Đạt's.
    let producers = producer::Entity::find().all(conn).await.unwrap();
    let phu_sang = producers
        .iter()
        .find(|p| p.id == super::rng::demo_uuid(super::published::PHU_SANG_KEY))
        .expect("the Phú Sang producer");
    assert_eq!(phu_sang.name, "Hợp tác xã Phú Sang");
    assert_eq!(phu_sang.legal_form, "cooperative");
    assert!(
        phu_sang.commune_id.ends_with("/commune/18676"),
        "{}",
        phu_sang.commune_id
    );
    let ke_go = product::Entity::find()
        .filter(product::Column::Name.eq("Rượu sim Đất Thơm Kẻ Gỗ"))
        .one(conn)
        .await
        .unwrap()
        .expect("the Kẻ Gỗ product");
    let owner = producers
        .iter()
        .find(|p| p.id == ke_go.producer_id)
        .expect("its producer");
    assert_eq!(owner.name, "Hộ kinh doanh Phan Khắc Đạt");
    assert_eq!(owner.legal_form, "household_business");
    assert_eq!(owner.representative, "Phan Khắc Đạt");
    for p in product::Entity::find()
        .filter(product::Column::ProducerId.eq(phu_sang.id))
        .all(conn)
        .await
        .unwrap()
    {
        assert!(p.commune_id.ends_with("/commune/18676"), "{}: {}", p.name, p.commune_id);
    }
}

#[tokio::test]
async fn the_demo_round_prints_what_an_official_would_sign() {
    use ocop_domain::role::Role;

    let test = TestDatabase::new().await.expect("test database");
    let db = &test.db;
    load(db, DemoScale::Standard, &quiet).await.expect("load");
    let user = ocop_storage::repo::user_repo::by_username(db.conn(), "admin")
        .await
        .unwrap()
        .unwrap();
    let admin = crate::accounts::actor_of(db, &user).await.unwrap();
    assert_eq!(admin.role, Role::Administrator);
    let held = crate::councils::batches::list(db, &admin)
        .await
        .unwrap()
        .into_iter()
        .find(|b| b.decision_id.is_some())
        .expect("the demo batch with a decision");
    let (decision, _) = crate::councils::testing::pdf_pages(db, &admin, held.id, "decision.pdf").await;
    let decision = decision.join("\n");
    let (minutes, _) = crate::councils::testing::pdf_pages(db, &admin, held.id, "minutes.pdf").await;
    let minutes = minutes.join("\n");
    for text in [&decision, &minutes] {
        for internal in [
            "đối chiếu",
            "reported",
            "Tổ tư vấn",
            "Nông nghiệp và Môi trường (NN&PTNT)",
        ] {
            assert!(!text.contains(internal), "{internal:?} printed in\n{text}");
        }
    }
    // Held in 2026: QĐ 26/2026 (the basis of its dossier) and the names of 2026, never mixed.
    assert!(decision.contains("26/2026/QĐ-TTg"), "{decision}");
    assert!(!decision.contains("148/QĐ-TTg"), "{decision}");
    assert!(decision.contains("Sở Nông nghiệp và Môi trường"), "{decision}");
    assert!(!decision.contains("Phát triển nông thôn"), "{decision}");
    assert!(minutes.contains("Bộ Nông nghiệp và Môi trường"), "{minutes}");
}
