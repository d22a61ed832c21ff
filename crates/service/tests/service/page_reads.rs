//! The reads the pages make through the service (issue 13, part 8), each with its access rule:
//! a producer's products for the forms that prepare for it, a council member looked up by
//! username, and the role questions the pages ask instead of matching roles themselves.

use ocop_domain::ids::{ProducerId, UserId};
use ocop_domain::producer::ProducerInput;
use ocop_domain::product::ProductInput;
use ocop_domain::role::{Actor, Role, Scope};
use ocop_service::councils::{self, CouncilInput, MemberInput};
use ocop_service::{ServiceError, producers, products};
use ocop_storage::testing::TestDatabase;
use uuid::Uuid;

const CAM_XUYEN: &str = "2025/commune/18673"; // Hà Tĩnh (42)
const BA_DINH: &str = "2025/commune/00004"; // Hà Nội (01)

fn actor(role: Role, scope: Scope) -> Actor {
    Actor {
        user_id: UserId::new(),
        username: "thu".into(),
        role,
        scope,
    }
}

fn admin() -> Actor {
    actor(Role::Administrator, Scope::National)
}

fn commune_officer(commune_code: &str, province_code: &str) -> Actor {
    actor(
        Role::CommuneOfficer,
        Scope::Commune {
            commune_code: commune_code.into(),
            province_code: province_code.into(),
        },
    )
}

fn province_officer(province_code: &str) -> Actor {
    actor(
        Role::ProvinceOfficer,
        Scope::Province {
            province_code: province_code.into(),
        },
    )
}

/// A producer in `commune` with one product; returns (producer, product).
async fn producer_with_product(db: &ocop_storage::Database, name: &str, commune: &str) -> (Uuid, Uuid) {
    let producer: ProducerInput = serde_json::from_value(serde_json::json!({
        "name": format!("HTX {name}"), "legal_form": "cooperative",
        "tax_code": ocop_domain::identifiers::TaxCode::generate_valid(name.len() as u64 * 7919).as_str(),
        "representative": "Nguyễn Văn An", "commune_id": commune, "phone": "0912345678",
    }))
    .unwrap();
    let producer = producers::create(db, &admin(), &producer).await.expect("producer");
    let input = ProductInput {
        name: name.into(),
        producer_id: producer.id.to_string(),
        product_set_code: "I.4.a".into(),
        commune_id: commune.into(),
        ..Default::default()
    };
    let product = products::create(db, &admin(), &input).await.expect("product");
    (producer.id, product.summary.id)
}

#[tokio::test]
async fn a_producers_products_are_listed_only_to_those_who_may_prepare_for_it() {
    let test = TestDatabase::new().await.expect("database");
    let db = &test.db;
    let (producer, product) = producer_with_product(db, "Bưởi Phúc Trạch", CAM_XUYEN).await;
    let own = actor(
        Role::Producer,
        Scope::Producer {
            producer_id: ProducerId(producer),
        },
    );
    for who in [own, commune_officer("18673", "42"), province_officer("42"), admin()] {
        let listed = products::of_producer_for(db, &who, producer).await.expect("listed");
        assert_eq!(
            listed.iter().map(|p| p.id).collect::<Vec<_>>(),
            vec![product],
            "{:?}",
            who.role
        );
        assert_eq!(listed[0].name, "Bưởi Phúc Trạch");
    }

    // An officer of another area, another producer, a council member, a central officer
    // (who reads but does not prepare): refused with the stable code, not an empty list.
    let (other, _) = producer_with_product(db, "Trà Ba Đình", BA_DINH).await;
    let other_producer = actor(
        Role::Producer,
        Scope::Producer {
            producer_id: ProducerId(other),
        },
    );
    for who in [
        commune_officer("00004", "01"),
        province_officer("01"),
        other_producer,
        actor(
            Role::CouncilMember,
            Scope::Province {
                province_code: "42".into(),
            },
        ),
        actor(Role::CentralOfficer, Scope::National),
    ] {
        let refused = products::of_producer_for(db, &who, producer).await.unwrap_err();
        assert!(
            matches!(refused, ServiceError::Forbidden),
            "{:?}: {refused:?}",
            who.role
        );
        assert_eq!(refused.code(), ocop_domain::ErrorCode::Forbidden);
    }

    // No such producer: not found.
    let missing = products::of_producer_for(db, &admin(), Uuid::now_v7())
        .await
        .unwrap_err();
    assert!(matches!(missing, ServiceError::NotFound), "{missing:?}");
}

#[tokio::test]
async fn a_council_member_is_looked_up_by_username_only_for_who_manages_the_council() {
    let test = TestDatabase::new().await.expect("database");
    let db = &test.db;
    let council = councils::create_council(
        db,
        &admin(),
        &CouncilInput {
            name: "Hội đồng đánh giá, phân hạng sản phẩm OCOP tỉnh Hà Tĩnh".into(),
            level: "province".into(),
            unit_id: "2025/province/42".into(),
            decision_number: "12/QĐ-UBND".into(),
            decision_date: Some(chrono::Utc::now().date_naive() - chrono::Duration::days(30)),
        },
    )
    .await
    .expect("council");
    let input = MemberInput {
        user_id: None,
        full_name: "Trần Thị Bình".into(),
        role: "member".into(),
        agency: "Sở Nông nghiệp và Môi trường".into(),
    };

    // A province officer of another province learns nothing, whether the username exists or not.
    let stranger = province_officer("01");
    for username in ["admin", "khong-co-ai"] {
        let refused = councils::add_member_by_username(db, &stranger, council.id, username, &input)
            .await
            .unwrap_err();
        assert!(matches!(refused, ServiceError::NotFound), "{username}: {refused:?}");
    }

    // Who manages the council is told which field is wrong.
    let manager = province_officer("42");
    let unknown = councils::add_member_by_username(db, &manager, council.id, "khong-co-ai", &input)
        .await
        .unwrap_err();
    let fields = unknown.field_errors().expect("a field failure");
    assert_eq!(fields.fields[0].field, "username");
    let blank = councils::add_member_by_username(db, &manager, council.id, "  ", &input)
        .await
        .unwrap_err();
    assert_eq!(
        blank.field_errors().expect("a field failure").fields[0].field,
        "username"
    );
}

#[test]
fn the_pages_ask_the_service_who_prepares_registers_and_is_an_official() {
    use ocop_service::dossiers::access::prepares_somewhere;
    let producer = actor(
        Role::Producer,
        Scope::Producer {
            producer_id: ProducerId(Uuid::now_v7()),
        },
    );
    let member = actor(
        Role::CouncilMember,
        Scope::Province {
            province_code: "42".into(),
        },
    );
    let central = actor(Role::CentralOfficer, Scope::National);
    let commune = commune_officer("18673", "42");
    let province = province_officer("42");

    for (who, prepares, registers_producers, registers_products, official) in [
        (&producer, true, false, true, false),
        (&commune, true, true, true, true),
        (&province, true, true, true, true),
        (&central, false, false, false, true),
        (&member, false, false, false, false),
        (&admin(), true, true, true, true),
    ] {
        assert_eq!(prepares_somewhere(who), prepares, "{:?}", who.role);
        assert_eq!(
            producers::registers_somewhere(who),
            registers_producers,
            "{:?}",
            who.role
        );
        assert_eq!(products::registers_somewhere(who), registers_products, "{:?}", who.role);
        assert_eq!(ocop_service::accounts::is_official(who), official, "{:?}", who.role);
    }

    // Signs of counterfeits: the country's and a province's officers, not a commune's.
    use ocop_service::certificates::signals::may_see;
    assert!(may_see(&central) && may_see(&province) && may_see(&admin()));
    assert!(!may_see(&commune) && !may_see(&producer) && !may_see(&member));

    // Directives are read into plans by officers of a unit, not the ministry's or producers.
    use ocop_service::programme::directives::may_review;
    assert!(may_review(&commune) && may_review(&province) && may_review(&admin()));
    assert!(!may_review(&central) && !may_review(&producer));

    // Provincial councils are founded by the province (and administrators).
    assert!(councils::founds_provincial_councils(&province) && councils::founds_provincial_councils(&admin()));
    assert!(!councils::founds_provincial_councils(&central) && !councils::founds_provincial_councils(&commune));
}

#[test]
fn only_the_chair_vice_chair_and_members_score() {
    for (seat, scores) in [
        ("chair", true),
        ("vice_chair", true),
        ("member", true),
        ("secretary", false),
        ("advisor", false),
        ("", false),
    ] {
        assert_eq!(councils::seat_scores(seat), scores, "{seat}");
    }
    assert!(councils::seat_is_chair("chair") && !councils::seat_is_chair("vice_chair"));
    assert!(councils::seat_is_secretary("secretary") && !councils::seat_is_secretary("member"));
}
