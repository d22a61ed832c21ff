//! Dossiers through the services on the engine chosen by `OCOP_TEST_DATABASE`.

use chrono::NaiveDate;
use ocop_domain::ErrorCode;
use ocop_domain::evaluation::Level;
use ocop_domain::evaluation::dossier::{DossierState, Event};
use ocop_domain::ids::UserId;
use ocop_domain::producer::ProducerInput;
use ocop_domain::product::ProductInput;
use ocop_domain::role::{Actor, Role, Scope};
use ocop_service::dossiers::workflow::{Facts, apply_event};
use ocop_service::{ServiceError, producers, products};
use ocop_storage::entities::dossier;
use ocop_storage::repo::{audit_repo, criteria_set_repo, dossier_repo};
use ocop_storage::testing::TestDatabase;
use uuid::Uuid;

fn admin() -> Actor {
    Actor {
        user_id: UserId::new(),
        username: "quantri".into(),
        role: Role::Administrator,
        scope: Scope::National,
    }
}

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// A producer and one of its products in `commune`; returns (producer, product).
async fn product(db: &ocop_storage::Database, name: &str, commune: &str) -> (Uuid, Uuid) {
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

async fn draft(db: &ocop_storage::Database, producer_id: Uuid, product_id: Uuid, commune: &str) -> Uuid {
    let set = criteria_set_repo::list(db.conn()).await.unwrap().remove(0);
    let now = ocop_storage::now();
    let row = dossier::Model {
        id: Uuid::now_v7(),
        producer_id,
        product_id,
        kind: "new".into(),
        current_stars: None,
        state: "draft".into(),
        level: None,
        score_x100: None,
        stars: None,
        legal_basis: None,
        criteria_set_id: set.id,
        submitted_on: None,
        commune_id: commune.into(),
        self_assessment: "{}".into(),
        commune_report: None,
        created_by: None,
        row_version: 1,
        created_at: now,
        updated_at: now,
    };
    dossier_repo::insert(db.conn(), row.clone()).await.unwrap();
    row.id
}

#[tokio::test]
async fn apply_event_stores_the_state_the_history_and_the_audit_entry() {
    let test = TestDatabase::new().await.expect("database");
    let db = &test.db;
    let commune = "2025/commune/18673";
    let (producer_id, product_id) = product(db, "Bưởi Phúc Trạch", commune).await;
    let id = draft(db, producer_id, product_id, commune).await;
    let complete = Facts {
        dossier_complete: true,
        commune_meeting_held: true,
        ..Facts::default()
    };
    let today = d(2025, 9, 1);
    let tx = db.begin_write().await.unwrap();

    // Not complete: refused, nothing stored.
    let err = apply_event(
        &tx,
        &admin(),
        id,
        Event::Submit { on: today },
        None,
        &Facts::default(),
        today,
    )
    .await
    .unwrap_err();
    assert_eq!(err.code(), ErrorCode::DossierIncomplete);
    // Dated after today: refused.
    let err = apply_event(
        &tx,
        &admin(),
        id,
        Event::Submit { on: d(2025, 9, 2) },
        None,
        &complete,
        today,
    )
    .await
    .unwrap_err();
    assert_eq!(err.code(), ErrorCode::ValidationFailed);

    let row = apply_event(&tx, &admin(), id, Event::Submit { on: today }, None, &complete, today)
        .await
        .unwrap();
    assert_eq!(row.state, "submitted");
    assert_eq!(row.legal_basis.as_deref(), Some("QD148-1489-2025"));
    assert_eq!(row.submitted_on, Some(today));
    assert_eq!(row.row_version, 2);
    apply_event(&tx, &admin(), id, Event::Receive, None, &complete, today)
        .await
        .unwrap();
    // An illegal event in commune review is a conflict; an empty return a validation failure.
    let err = apply_event(&tx, &admin(), id, Event::FindEligible, None, &complete, today)
        .await
        .unwrap_err();
    assert!(
        matches!(err, ServiceError::Conflict(ErrorCode::InvalidTransition)),
        "{err:?}"
    );
    let err = apply_event(
        &tx,
        &admin(),
        id,
        Event::ReturnByCommune {
            reasons: vec![" ".into()],
        },
        None,
        &complete,
        today,
    )
    .await
    .unwrap_err();
    assert_eq!(err.field_errors().unwrap().fields[0].code, ErrorCode::ReasonRequired);
    let report = Event::IssueCommuneReport {
        assessed: vec!["nguon_goc_nguyen_lieu".into(), "lao_dong_dia_phuong".into()],
    };
    let err = apply_event(&tx, &admin(), id, report, None, &complete, today)
        .await
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::CommuneReportIncomplete);
    let all_four = ocop_domain::evaluation::LegalBases::official()
        .commune_criteria
        .iter()
        .map(|c| c.code.clone())
        .collect();
    apply_event(
        &tx,
        &admin(),
        id,
        Event::IssueCommuneReport { assessed: all_four },
        None,
        &complete,
        today,
    )
    .await
    .unwrap();
    apply_event(&tx, &admin(), id, Event::Propose, None, &complete, today)
        .await
        .unwrap();
    apply_event(&tx, &admin(), id, Event::StartCheck, None, &complete, today)
        .await
        .unwrap();
    let row = apply_event(
        &tx,
        &admin(),
        id,
        Event::FindEligible,
        Some("Đủ điều kiện".into()),
        &complete,
        today,
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();

    assert_eq!(
        row.dossier_state().unwrap(),
        DossierState::Eligible { level: Level::Province }
    );
    let stored = dossier_repo::get(db.conn(), id).await.unwrap().unwrap();
    assert_eq!(stored, row);
    let events = dossier_repo::events(db.conn(), id).await.unwrap();
    assert_eq!(events.iter().map(|e| e.seq).collect::<Vec<_>>(), vec![1, 2, 3, 4, 5, 6]);
    assert_eq!(events[5].note.as_deref(), Some("Đủ điều kiện"));
    assert_eq!(events[5].actor_name, "quantri");
    let last: DossierState = serde_json::from_str(&events[5].to_state).unwrap();
    assert_eq!(last, DossierState::Eligible { level: Level::Province });
    let audited = audit_repo::list(
        db.conn(),
        &audit_repo::AuditFilter {
            entity_type: Some("dossier".into()),
            ..Default::default()
        },
        0,
        100,
    )
    .await
    .unwrap();
    assert_eq!(audited.total, 6, "one audit entry per transition, none for refusals");
}
