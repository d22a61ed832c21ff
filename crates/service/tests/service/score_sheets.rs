//! Score sheets under concurrency, on the engine chosen by `OCOP_TEST_DATABASE`: a member's
//! submission races answers to the same sheet on a multi-thread runtime over the pool, many
//! times; a submission that answered OK is never undone by an answer saved alongside it
//! (answers to a submitted sheet are refused with `sheet_submitted`).

use std::sync::Arc;

use ocop_domain::ErrorCode;
use ocop_domain::evaluation::CriteriaSet;
use ocop_domain::role::Actor;
use ocop_service::accounts::{self, NewUser};
use ocop_service::admin_units::today;
use ocop_service::councils::batches::{self, BatchInput, ScheduleInput, SendInput};
use ocop_service::councils::scoring::{self, AnswerInput};
use ocop_service::councils::{CouncilInput, MemberInput, add_member, create_council, testing};
use ocop_service::{ServiceError, producers, products};
use ocop_storage::Database;
use ocop_storage::repo::{council_repo, user_repo};
use ocop_storage::testing::TestDatabase;
use uuid::Uuid;

const TRIALS: usize = 20;
const RACING_ANSWERS: usize = 4;
const CAM_XUYEN: &str = "2025/commune/18673";
const HA_TINH: &str = "2025/province/42";

async fn account(db: &Database, username: &str, role: &str, scope: Option<&str>) -> Actor {
    let user = accounts::create_user(
        db,
        None,
        &NewUser {
            username: username.into(),
            display_name: username.into(),
            password: "council-password-2026".into(),
            role: role.into(),
            scope_unit_id: scope.map(str::to_owned),
            producer_id: None,
        },
    )
    .await
    .expect("account");
    let row = user_repo::get(db.conn(), user.id).await.unwrap().expect("just created");
    accounts::actor_of(db, &row).await.expect("actor")
}

/// A producer with one product in Cẩm Xuyên; returns (producer, product).
async fn product(db: &Database, admin: &Actor, seed: usize) -> (Uuid, Uuid) {
    let producer: ocop_domain::producer::ProducerInput = serde_json::from_value(serde_json::json!({
        "name": format!("HTX Chấm điểm {seed}"), "legal_form": "cooperative",
        "tax_code": ocop_domain::identifiers::TaxCode::generate_valid(7_000 + seed as u64).as_str(),
        "representative": "Nguyễn Văn An", "commune_id": CAM_XUYEN, "phone": "0912345678",
    }))
    .unwrap();
    let producer = producers::create(db, admin, &producer).await.expect("producer");
    let input = ocop_domain::product::ProductInput {
        name: format!("Rau sạch {seed}"),
        producer_id: producer.id.to_string(),
        product_set_code: "I.4.a".into(),
        commune_id: CAM_XUYEN.into(),
        ..Default::default()
    };
    let product = products::create(db, admin, &input).await.expect("product");
    (producer.id, product.summary.id)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn answers_racing_a_submission_never_undo_it() {
    let test_db = TestDatabase::new().await.expect("database");
    let db = Arc::new(test_db.db.clone());
    let admin = account(&db, "hd.quantri", "administrator", None).await;
    let council = create_council(
        &db,
        &admin,
        &CouncilInput {
            name: "Hội đồng thử tranh chấp".into(),
            level: "province".into(),
            unit_id: HA_TINH.into(),
            decision_number: "1/QĐ-UBND".into(),
            decision_date: Some(today() - chrono::Duration::days(60)),
        },
    )
    .await
    .expect("council");
    let mut members = Vec::new();
    for (i, role) in ["chair", "member", "member"].into_iter().enumerate() {
        let member = account(&db, &format!("hd.tv{i}"), "council_member", Some(HA_TINH)).await;
        let input = MemberInput {
            user_id: Some(member.user_id.0),
            full_name: format!("Thành viên {i}"),
            role: role.into(),
            agency: "Sở Nông nghiệp và Môi trường".into(),
        };
        add_member(&db, &admin, council.id, &input).await.expect("member");
        members.push(member);
    }
    let batch = batches::create(
        &db,
        &admin,
        &BatchInput {
            council_id: Some(council.id),
            name: "Đợt tranh chấp".into(),
            starts_on: Some(today() - chrono::Duration::days(20)),
            ends_on: Some(today() + chrono::Duration::days(10)),
            meeting_on: Some(today()),
        },
    )
    .await
    .expect("batch");
    let mut dossiers = Vec::new();
    for trial in 0..TRIALS {
        let (producer, product) = product(&db, &admin, trial).await;
        let id = testing::insert_eligible_dossier(&db, producer, product, CAM_XUYEN)
            .await
            .expect("dossier");
        batches::schedule(&db, &admin, batch.id, &ScheduleInput { dossier_id: Some(id) })
            .await
            .expect("schedule");
        dossiers.push(id);
    }
    let sent_on = Some(today() - chrono::Duration::days(14));
    batches::mark_sent(&db, &admin, batch.id, &SendInput { sent_on })
        .await
        .expect("sent");
    testing::all_present(&db, &admin, batch.id).await.expect("attendance");
    batches::open(&db, &admin, batch.id).await.expect("open");

    let set = CriteriaSet::qd1048_fresh_produce();
    let criteria: Vec<(String, usize)> = set.criteria().map(|(_, c)| (c.code.clone(), c.options.len())).collect();
    let chair = Arc::new(members[0].clone());
    let mut refused = 0;
    for (trial, dossier) in dossiers.iter().copied().enumerate() {
        // A complete draft, then one submission racing answers that change it.
        for (code, _) in &criteria {
            let input = AnswerInput {
                criterion: code.clone(),
                option: Some(0),
                comment: String::new(),
                client_at: None,
            };
            scoring::answer(&db, &chair, batch.id, dossier, &input)
                .await
                .expect("answer");
        }
        let start = Arc::new(tokio::sync::Barrier::new(RACING_ANSWERS + 1));
        let mut racers = Vec::new();
        for r in 0..RACING_ANSWERS {
            let (db, chair, start) = (db.clone(), chair.clone(), start.clone());
            let (code, options) = criteria[(trial + r * 7) % criteria.len()].clone();
            racers.push(tokio::spawn(async move {
                start.wait().await;
                let input = AnswerInput {
                    criterion: code,
                    option: Some(options - 1),
                    comment: format!("đổi ý {r}"),
                    client_at: None,
                };
                scoring::answer(&db, &chair, batch.id, dossier, &input)
                    .await
                    .map(|_| ())
            }));
        }
        let submission = {
            let (db, chair, start) = (db.clone(), chair.clone(), start.clone());
            tokio::spawn(async move {
                start.wait().await;
                scoring::submit(&db, &chair, batch.id, dossier).await
            })
        };
        let submitted = submission.await.expect("task").expect("the submission answers OK");
        assert!(submitted.submitted_at.is_some());
        for racer in racers {
            match racer.await.expect("task") {
                Ok(()) => {}
                Err(ServiceError::Conflict(ErrorCode::SheetSubmitted)) => refused += 1,
                Err(other) => panic!("an answer failed otherwise: {other:?}"),
            }
        }
        let sheets = council_repo::sheets_of(db.conn(), batch.id, dossier, 1).await.unwrap();
        assert_eq!(sheets.len(), 1, "trial {trial}: one sheet");
        assert_eq!(
            sheets[0].submitted_at, submitted.submitted_at,
            "trial {trial}: the submission stands after every answer racing it"
        );
        // And later answers are refused outright.
        let late = AnswerInput {
            criterion: criteria[0].0.clone(),
            option: Some(0),
            comment: String::new(),
            client_at: None,
        };
        let late = scoring::answer(&db, &chair, batch.id, dossier, &late).await;
        assert!(
            matches!(late, Err(ServiceError::Conflict(ErrorCode::SheetSubmitted))),
            "{late:?}"
        );
    }
    // Not an assertion on timing, which the scheduler decides: the count only shows the race ran.
    println!(
        "{refused} of {} racing answers came after the submission",
        TRIALS * RACING_ANSWERS
    );
}
