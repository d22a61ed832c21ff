//! Free text typed into the cycle and the councils is stored in NFC (issue 12, part 6): a decomposed (NFD)
//! Vietnamese spelling, as some keyboards and macOS file names produce it, is kept as the
//! composed one, so the same word compares equal; a control character is a field error.
//! Runs on the engine chosen by `OCOP_TEST_DATABASE`.

use ocop_domain::ErrorCode;
use ocop_domain::ids::UserId;
use ocop_domain::producer::ProducerInput;
use ocop_domain::role::{Actor, Role, Scope};
use ocop_service::cycle::{self, BudgetLine, IdeaInput, PlanInput};
use ocop_service::{ServiceError, producers};
use ocop_storage::testing::TestDatabase;
use unicode_normalization::UnicodeNormalization;

fn admin() -> Actor {
    Actor {
        user_id: UserId::new(),
        username: "quantri".into(),
        role: Role::Administrator,
        scope: Scope::National,
    }
}

fn nfd(text: &str) -> String {
    text.nfd().collect()
}

#[tokio::test]
async fn decomposed_vietnamese_is_stored_composed_in_ideas_and_plans() {
    let test = TestDatabase::new().await.expect("database");
    let db = &test.db;
    let producer: ProducerInput = serde_json::from_value(serde_json::json!({
        "name": "HTX Bưởi Phúc Trạch", "legal_form": "cooperative",
        "tax_code": ocop_domain::identifiers::TaxCode::generate_valid(4242).as_str(),
        "representative": "Nguyễn Văn An", "commune_id": "2025/commune/18673", "phone": "0912345678",
    }))
    .unwrap();
    let producer = producers::create(db, &admin(), &producer).await.expect("producer");

    let description = "Trà hoa vàng sấy lạnh, đóng hộp quà Tết";
    let product_name = "Trà hoa vàng Ba Chẽ";
    assert_ne!(nfd(description), description, "the test string must decompose");
    let idea = cycle::submit_idea(
        db,
        &admin(),
        &IdeaInput {
            producer_id: producer.id,
            product_id: None,
            product_name: Some(nfd(product_name)),
            product_set_code: None,
            description: format!("  {}\n", nfd(description)),
        },
    )
    .await
    .expect("idea");
    let stored = cycle::get_idea(db, &admin(), idea.id).await.expect("stored idea");
    assert_eq!(stored.description, description);
    assert_eq!(stored.product_name, product_name);

    let title = "Kế hoạch kinh doanh trà hoa vàng";
    let summary = "Mở rộng vùng trồng;\nbán qua sàn thương mại điện tử.";
    let item = "Máy sấy lạnh";
    let plan = cycle::create_plan(
        db,
        &admin(),
        &PlanInput {
            producer_id: producer.id,
            idea_id: Some(idea.id),
            product_id: None,
            title: nfd(title),
            summary: nfd(summary),
            lines: vec![BudgetLine {
                item: nfd(item),
                amount_vnd: 120_000_000,
                funding: "own".into(),
            }],
        },
    )
    .await
    .expect("plan");
    let stored = cycle::get_plan(db, &admin(), plan.id).await.expect("stored plan");
    assert_eq!(stored.title, title);
    assert_eq!(stored.summary, summary);
    assert_eq!(stored.lines[0].item, item);

    // A control character is refused on its field, not stored.
    let refused = cycle::create_plan(
        db,
        &admin(),
        &PlanInput {
            producer_id: producer.id,
            idea_id: None,
            product_id: None,
            title: "Kế hoạch\u{0}".into(),
            summary: String::new(),
            lines: Vec::new(),
        },
    )
    .await
    .expect_err("a NUL in the title");
    let ServiceError::Validation(errors) = refused else {
        panic!("a field error, got {refused:?}")
    };
    assert!(
        errors
            .fields
            .iter()
            .any(|f| f.field == "title" && f.code == ErrorCode::ControlCharacter),
        "{errors:?}"
    );
}

#[tokio::test]
async fn decomposed_vietnamese_is_stored_composed_in_a_council() {
    use ocop_service::councils::{CouncilInput, create_council};
    let test = TestDatabase::new().await.expect("database");
    let db = &test.db;
    let name = "Hội đồng đánh giá, phân hạng sản phẩm OCOP tỉnh Hà Tĩnh";
    let council = create_council(
        db,
        &admin(),
        &CouncilInput {
            name: nfd(name),
            level: "province".into(),
            unit_id: "2025/province/42".into(),
            decision_number: "12/QĐ-UBND".into(),
            decision_date: Some(chrono::Utc::now().date_naive() - chrono::Duration::days(30)),
        },
    )
    .await
    .expect("council");
    assert_eq!(council.name, name);
}
