//! The programme through the services on the engine chosen by
//! `OCOP_TEST_DATABASE`: a directive confirmed in one transaction, task
//! statuses in SQL agreeing with the domain, the digest, plan actuals across
//! the 2025 unit change, and access.

use chrono::NaiveDate;
use ocop_domain::ids::UserId;
use ocop_domain::producer::ProducerInput;
use ocop_domain::product::ProductInput;
use ocop_domain::programme::directive::{OfficeKind, parse_directive};
use ocop_domain::programme::plan::TargetInput;
use ocop_domain::programme::task::{TaskInput, TaskStatus};
use ocop_domain::role::{Actor, Role, Scope};
use ocop_service::programme::directives::{self, ConfirmInput};
use ocop_service::programme::plans::{self, PlanInput};
use ocop_service::programme::tasks::{self, CompleteInput, TaskListParams};
use ocop_service::{Context, ServiceError, files::FileStore, producers, products};
use ocop_storage::repo::programme_repo::{self, TaskQuery};
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

/// The scanned decision every recording needs, in a store shared by the tests of this binary.
async fn scan_store() -> (ocop_service::files::FileStore, String) {
    let store = ocop_service::files::FileStore::local(std::env::temp_dir().join("ocop-test-decision-scans"));
    let key = store
        .put(b"%PDF-1.4\n% quyet dinh cong nhan (ban quet)\n%%EOF\n")
        .await
        .expect("scan stored");
    (store, key)
}

/// Records a decision signed before today (`{ "decision": …, "items": [...] }`) with its scan.
async fn record(
    db: &ocop_storage::Database,
    actor: &ocop_domain::role::Actor,
    mut body: serde_json::Value,
) -> Result<Vec<ocop_service::certificates::CertificateDto>, ocop_service::ServiceError> {
    let (store, key) = scan_store().await;
    body["scan_sha256"] = serde_json::Value::String(key);
    let input = serde_json::from_value(body).expect("record input");
    ocop_service::certificates::issue::record(db, &store, actor, &input).await
}

fn province_officer(code: &str) -> Actor {
    Actor {
        user_id: UserId::new(),
        username: format!("tinh{code}"),
        role: Role::ProvinceOfficer,
        scope: Scope::Province {
            province_code: code.into(),
        },
    }
}

fn commune_officer() -> Actor {
    Actor {
        user_id: UserId::new(),
        username: "xa18673".into(),
        role: Role::CommuneOfficer,
        scope: Scope::Commune {
            commune_code: "18673".into(),
            province_code: "42".into(),
        },
    }
}

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

async fn product(db: &ocop_storage::Database, name: &str, commune: &str, seed: u64) -> Uuid {
    let producer: ProducerInput = serde_json::from_value(serde_json::json!({
        "name": format!("HTX {name}"), "legal_form": "cooperative",
        "tax_code": ocop_domain::identifiers::TaxCode::generate_valid(seed * 7919 + 11).as_str(),
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
    products::create(db, &admin(), &input)
        .await
        .expect("product")
        .summary
        .id
}

async fn certify(db: &ocop_storage::Database, number: &str, on: &str, items: serde_json::Value) {
    record(
        db,
        &admin(),
        serde_json::json!({
            "decision": { "number": number, "decided_on": on, "issuer_name": "UBND tỉnh Hà Tĩnh",
                          "issuer_level": "province", "legal_basis": "qd148" },
            "items": items
        }),
    )
    .await
    .expect("issue");
}

#[tokio::test]
async fn a_confirmed_directive_saves_its_tasks_and_targets_together() {
    let test = TestDatabase::new().await.expect("database");
    let db = &test.db;
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../reference/directives/seeds/002_d4dbf44d2c323b29.txt"
    ))
    .unwrap();
    let proposal = parse_directive(&text);
    // Five tasks from the first one due by quarters ("Củng cố, kiện toàn …", Quý II, III, IV
    // năm 2023), so the deadline checked below is the reader's, saved as read.
    let start = proposal
        .tasks
        .iter()
        .position(|t| t.deadline.code() == "quarters:2023:2,3,4")
        .expect("a task due in quarters II–IV of 2023");
    let tasks: Vec<TaskInput> = proposal
        .tasks
        .iter()
        .skip(start)
        .take(5)
        .map(|t| TaskInput {
            title: t.title.clone(),
            details: t.details.clone(),
            responsible: t.responsible.unwrap_or(OfficeKind::Departments).code().into(),
            cooperating: t.cooperating.iter().map(|k| k.code().to_owned()).collect(),
            deadline: t.deadline.code(),
            ..TaskInput::default()
        })
        .collect();
    let targets: Vec<TargetInput> = proposal
        .targets
        .iter()
        .map(|t| TargetInput {
            kind: t.kind.code().into(),
            count: t.count as i32,
            min_stars: t.min_stars.map(i32::from),
            text: t.text.clone(),
            ..TargetInput::default()
        })
        .collect();
    let input = ConfirmInput {
        unit_id: "pre2025/district/446".into(),
        number: proposal.meta.number.clone(),
        issued_on: Some("08/05/2023".into()),
        issuer: "UBND huyện Phong Thổ".into(),
        title: "Kế hoạch thực hiện Chương trình OCOP năm 2023".into(),
        kind: proposal.meta.kind.map(|k| k.code().to_owned()),
        text: text.clone(),
        tasks: tasks.clone(),
        targets: targets.clone(),
        plan_year: Some(2023),
    };
    // The kind read from the header is the one the officer confirms.
    assert_eq!(input.kind.as_deref(), Some("plan"));
    // A kind that is not one is refused on its field.
    let mut unknown_kind = input.clone();
    unknown_kind.kind = Some("memo".into());
    match directives::confirm(db, &admin(), &unknown_kind).await {
        Err(ServiceError::Validation(errors)) => assert_eq!(errors.fields[0].field, "kind"),
        other => panic!("expected a validation error, got {other:?}"),
    }
    // A bad task anywhere rejects everything: nothing is saved.
    let mut bad = input.clone();
    bad.tasks[3].deadline = "sometime".into();
    match directives::confirm(db, &admin(), &bad).await {
        Err(ServiceError::Validation(errors)) => assert_eq!(errors.fields[0].field, "tasks.3.deadline"),
        other => panic!("expected a validation error, got {other:?}"),
    }
    assert_eq!(
        programme_repo::all_tasks(db.conn(), &TaskQuery::default())
            .await
            .unwrap()
            .len(),
        0
    );
    // A province officer of another province may not.
    assert!(matches!(
        directives::confirm(db, &province_officer("01"), &input).await,
        Err(ServiceError::Forbidden)
    ));

    let saved = directives::confirm(db, &province_officer("42"), &input)
        .await
        .expect("confirm");
    assert_eq!(saved.task_ids.len(), 5);
    let directive = programme_repo::get_directive(db.conn(), saved.directive_id)
        .await
        .unwrap()
        .expect("stored");
    assert_eq!(directive.kind.as_deref(), Some("plan"), "the confirmed kind is kept");
    let plan = plans::view(db, &admin(), saved.plan_id.expect("plan"), Some(d(2023, 12, 31)))
        .await
        .unwrap();
    assert_eq!(plan.year, 2023);
    assert_eq!(plan.targets.len(), targets.len());
    let stored = programme_repo::all_tasks(db.conn(), &TaskQuery::default())
        .await
        .unwrap();
    assert_eq!(stored.len(), 5);
    assert!(stored.iter().all(|t| t.directive_id == Some(saved.directive_id)));
    // The first task ("Củng cố, kiện toàn …", Quý II, III, IV năm 2023) is due 31/12/2023.
    let first = stored.iter().find(|t| t.id == saved.task_ids[0]).unwrap();
    assert_eq!(first.deadline, "quarters:2023:2,3,4");
    assert_eq!(first.due_on, Some(d(2023, 12, 31)));
    let entries = ocop_storage::repo::audit_repo::list(db.conn(), &Default::default(), 0, 500)
        .await
        .unwrap();
    assert!(entries.items.iter().any(|e| e.action == "directive.confirm"));
    assert_eq!(
        entries
            .items
            .iter()
            .filter(|e| e.action == "programme_task.create")
            .count(),
        5
    );
}

#[tokio::test]
async fn task_status_in_sql_agrees_with_the_domain_and_the_digest_groups_late_tasks() {
    let test = TestDatabase::new().await.expect("database");
    let db = &test.db;
    let dir = tempfile::tempdir().unwrap();
    let ctx = Context {
        db: db.clone(),
        files: FileStore::local(dir.path()),
    };
    let task = |title: &str, office: &str, deadline: &str| TaskInput {
        title: title.into(),
        responsible: office.into(),
        deadline: deadline.into(),
        ..TaskInput::default()
    };
    let input = ConfirmInput {
        unit_id: "2025/province/42".into(),
        issuer: "UBND tỉnh Hà Tĩnh".into(),
        title: "Thông báo kết luận".into(),
        tasks: vec![
            task("Rà soát sản phẩm hết hạn", "agriculture", "by:2020-03-20"),
            task("Tổ chức hội chợ", "industry_trade", "month:2020-04"),
            task("Tuyên truyền", "commune_committee", "ongoing"),
            task("Hoàn thiện hồ sơ", "agriculture", "by:2999-05-15"),
        ],
        ..ConfirmInput::default()
    };
    let saved = directives::confirm(db, &admin(), &input).await.unwrap();
    let rows = programme_repo::all_tasks(db.conn(), &TaskQuery::default())
        .await
        .unwrap();
    // Every boundary: the day before, of and after each due day, done or not.
    for row in &rows {
        for day in row
            .due_on
            .into_iter()
            .flat_map(|due| [due.pred_opt().unwrap(), due, due.succ_opt().unwrap()])
        {
            for status in [TaskStatus::Open, TaskStatus::Done, TaskStatus::Late] {
                let query = TaskQuery {
                    status: Some(status),
                    today: Some(day),
                    limit: 100,
                    ..TaskQuery::default()
                };
                let ids: Vec<Uuid> = programme_repo::list_tasks(db.conn(), &query)
                    .await
                    .unwrap()
                    .items
                    .iter()
                    .map(|t| t.id)
                    .collect();
                for r in &rows {
                    assert_eq!(
                        ids.contains(&r.id),
                        TaskStatus::on(r.due_on, r.done_on, day) == status,
                        "{} on {day} as {status:?}",
                        r.title
                    );
                }
            }
        }
    }
    // Complete the first with evidence; a second completion is a conflict.
    let detail = tasks::get(db, &admin(), saved.task_ids[0]).await.unwrap();
    assert_eq!(detail.task.status, TaskStatus::Late);
    let done = tasks::complete(
        &ctx,
        &province_officer("42"),
        saved.task_ids[0],
        &CompleteInput {
            done_on: None,
            row_version: detail.task.row_version,
        },
        Some(tasks::Evidence {
            bytes: b"%PDF-1.4 bien ban".to_vec(),
            name: "bien-ban.pdf".into(),
        }),
    )
    .await
    .unwrap();
    assert_eq!(done.status, TaskStatus::Done);
    assert!(done.evidence_sha256.is_some());
    assert!(matches!(
        tasks::complete(
            &ctx,
            &admin(),
            saved.task_ids[0],
            &CompleteInput {
                done_on: None,
                row_version: done.row_version
            },
            None
        )
        .await,
        Err(ServiceError::Conflict(_))
    ));
    // A commune officer can neither complete nor read a province task; the province officer comments.
    assert!(matches!(
        tasks::complete(
            &ctx,
            &commune_officer(),
            saved.task_ids[1],
            &CompleteInput {
                done_on: None,
                row_version: 1
            },
            None
        )
        .await,
        Err(ServiceError::Forbidden)
    ));
    assert!(matches!(
        tasks::get(db, &commune_officer(), saved.task_ids[1]).await,
        Err(ServiceError::NotFound)
    ));
    tasks::comment(
        db,
        &province_officer("42"),
        saved.task_ids[1],
        &tasks::CommentInput {
            body: "Đã liên hệ Sở Công Thương".into(),
        },
    )
    .await
    .unwrap();
    assert_eq!(
        tasks::get(db, &admin(), saved.task_ids[1])
            .await
            .unwrap()
            .comments
            .len(),
        1
    );

    let digest = tasks::digest(db, &province_officer("42")).await.unwrap();
    let late: Vec<(OfficeKind, usize)> = digest
        .late_by_office
        .iter()
        .map(|o| (o.office, o.tasks.len()))
        .collect();
    assert_eq!(late, [(OfficeKind::IndustryTrade, 1)]);
    assert_eq!(digest.done_last_week.len(), 1);
    // Another province sees none of it.
    assert!(
        tasks::digest(db, &province_officer("01"))
            .await
            .unwrap()
            .late_by_office
            .is_empty()
    );
    let page = tasks::list(db, &province_officer("01"), &TaskListParams::default())
        .await
        .unwrap();
    assert_eq!(page.total, 0);
    let page = tasks::list(
        db,
        &province_officer("42"),
        &TaskListParams {
            status: Some("late".into()),
            ..TaskListParams::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(page.total, 1);
}

#[tokio::test]
async fn plan_actuals_count_records_across_the_2025_unit_change() {
    let test = TestDatabase::new().await.expect("database");
    let db = &test.db;
    // Recorded with the old list: a commune of district Cẩm Xuyên (446) that
    // went into today's commune 18673.
    let old = product(db, "Kẹo cu đơ", "pre2025/commune/18697", 1).await;
    // Recorded with today's list, in the commune the old ones went into.
    let new = product(db, "Mật ong", "2025/commune/18673", 2).await;
    // Another district of the same province (436 → today's 18073).
    let elsewhere = product(db, "Nước mắm", "pre2025/commune/18077", 3).await;
    certify(
        db,
        "1/QĐ-UBND",
        "2024-03-05",
        serde_json::json!([
            { "product_id": old, "stars": 4, "score": 75.0 },
            { "product_id": new, "stars": 4, "score": 72.0 },
            { "product_id": elsewhere, "stars": 4, "score": 71.0 },
        ]),
    )
    .await;

    let target = |kind: &str, count: i32| TargetInput {
        kind: kind.into(),
        count,
        ..TargetInput::default()
    };
    let plan_of = |unit: &str| PlanInput {
        unit_id: unit.into(),
        year: 2024,
        title: String::new(),
        targets: vec![target("new_products", 3), target("producers", 2), target("other", 5)],
    };
    let mut plan_input = plan_of("pre2025/district/446");
    plan_input.targets[2].text = "Tập huấn 50 cán bộ".into();
    let district = plans::create(db, &admin(), &plan_input).await.unwrap();
    let commune = plans::create(db, &admin(), &plan_of_with_text(plan_of("2025/commune/18673")))
        .await
        .unwrap();
    let province = plans::create(db, &admin(), &plan_of_with_text(plan_of("2025/province/42")))
        .await
        .unwrap();
    let on = Some(d(2024, 12, 31));
    let actual = |p: &plans::PlanDto| p.targets.iter().map(|t| t.actual).collect::<Vec<_>>();
    // The old district counts its old record and the record made with today's commune.
    assert_eq!(
        actual(&plans::view(db, &admin(), district.id, on).await.unwrap()),
        [Some(2), Some(2), None]
    );
    // Today's commune counts both as well; the other district's product is not in it.
    assert_eq!(
        actual(&plans::view(db, &admin(), commune.id, on).await.unwrap()),
        [Some(2), Some(2), None]
    );
    // Today's province counts all three.
    assert_eq!(
        actual(&plans::view(db, &admin(), province.id, on).await.unwrap()),
        [Some(3), Some(3), None]
    );
    // Before the decision nothing is counted: actuals are computed for the day asked about.
    assert_eq!(
        actual(
            &plans::view(db, &admin(), province.id, Some(d(2024, 3, 4)))
                .await
                .unwrap()
        ),
        [Some(0), Some(0), None]
    );
    // The dashboard counts today's communes whatever list the record used.
    let board = ocop_service::programme::dashboard::dashboard(db, &admin(), "2025/province/42", Some(d(2024, 12, 31)))
        .await
        .unwrap();
    let stars: Vec<i64> = board.by_star.iter().map(|c| c.count).collect();
    assert_eq!(stars, [0, 3, 0]);
    let communes: Vec<(&str, i64)> = board.by_commune.iter().map(|c| (c.id.as_str(), c.count)).collect();
    assert_eq!(communes, [("2025/commune/18673", 2), ("2025/commune/18073", 1)]);
    assert_eq!(
        board.map.matches("fill=\"#c62828\"").count(),
        2,
        "two communes with products on the map"
    );
    assert!(
        board.map.matches("<circle").count() > 50,
        "every commune of Hà Tĩnh is drawn"
    );
    assert!(matches!(
        ocop_service::programme::dashboard::dashboard(db, &province_officer("01"), "2025/province/42", None).await,
        Err(ServiceError::Forbidden)
    ));
    // Manual progress only on unmeasured targets.
    let free = province.targets[2].id;
    let after = plans::set_progress(db, &admin(), free, &plans::ProgressInput { value: 20 })
        .await
        .unwrap();
    assert_eq!(after.targets[2].actual, Some(20));
    assert!(matches!(
        plans::set_progress(
            db,
            &admin(),
            province.targets[0].id,
            &plans::ProgressInput { value: 20 }
        )
        .await,
        Err(ServiceError::Conflict(_))
    ));
    // One plan per unit and year; a commune officer may not plan for the province;
    // a district may carry no plan after the reform.
    assert!(matches!(
        plans::create(db, &admin(), &plan_of("2025/province/42")).await,
        Err(ServiceError::Validation(_)) | Err(ServiceError::Conflict(_))
    ));
    let mut later = plan_of("2025/province/42");
    later.year = 2026;
    later.targets.truncate(2);
    assert!(matches!(
        plans::create(db, &commune_officer(), &later).await,
        Err(ServiceError::Forbidden)
    ));
    let mut district_later = plan_of("pre2025/district/446");
    district_later.year = 2026;
    district_later.targets.truncate(2);
    assert!(plans::create(db, &admin(), &district_later).await.is_err());
}

fn plan_of_with_text(mut input: PlanInput) -> PlanInput {
    input.targets[2].text = "Tập huấn 50 cán bộ".into();
    input
}

#[tokio::test]
async fn dashboard_counts_the_units_dossiers_by_stage() {
    let test = TestDatabase::new().await.expect("database");
    let db = &test.db;
    ocop_service::demo::load(db, ocop_service::demo::DemoScale::Standard, &|_| {})
        .await
        .unwrap();
    let all = ocop_storage::repo::dossier_repo::stages(db.conn()).await.unwrap();
    assert!(!all.is_empty(), "the demo has dossiers");

    // Every demo dossier is in Hà Tĩnh: the province's stages add up to all of them.
    let board = ocop_service::programme::dashboard::dashboard(db, &admin(), "2025/province/42", None)
        .await
        .unwrap();
    let total: i64 = board.dossiers_by_stage.iter().map(|c| c.count).sum();
    assert_eq!(total as usize, all.len());
    let eligible = all.iter().filter(|(state, _)| state == "eligible").count() as i64;
    let shown = board
        .dossiers_by_stage
        .iter()
        .find(|c| c.key == "eligible")
        .map(|c| c.count);
    assert_eq!(shown, Some(eligible));
    let order: Vec<&str> = board.dossiers_by_stage.iter().map(|c| c.key.as_str()).collect();
    assert_eq!(order.first(), Some(&"draft"), "stages follow the workflow: {order:?}");

    // Another province has none.
    let hanoi = ocop_service::programme::dashboard::dashboard(db, &admin(), "2025/province/01", None)
        .await
        .unwrap();
    assert!(hanoi.dossiers_by_stage.is_empty());
}

/// `units::members_of` (downward, a handful of queries) agrees with
/// `units::containing_units` (upward, per record) on every commune of both lists
/// in five provinces, for units of each level and list, merged provinces included.
#[tokio::test]
async fn the_members_of_a_unit_are_the_communes_that_lie_in_it() {
    use ocop_service::programme::units::{containing_units, members_of};
    use ocop_storage::entities::admin_unit;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QuerySelect};

    let test = TestDatabase::new().await.expect("database");
    let conn = test.db.conn();
    let communes: Vec<String> = admin_unit::Entity::find()
        .select_only()
        .column(admin_unit::Column::Id)
        .filter(admin_unit::Column::Level.eq("commune"))
        .filter(admin_unit::Column::ProvinceCode.is_in(["42", "17", "25", "26", "01"]))
        .into_tuple()
        .all(conn)
        .await
        .unwrap();
    assert!(communes.len() > 500, "{} communes", communes.len());
    let containing = containing_units(conn, &communes).await.unwrap();
    let units = [
        "2025/province/42",
        "pre2025/province/42",
        "pre2025/district/436",
        "2025/commune/18673",
        "pre2025/commune/18697",
        "2025/province/25", // Phú Thọ today: old Phú Thọ (25), Vĩnh Phúc (26) and Hòa Bình (17)
        "pre2025/province/26",
        "pre2025/province/17",
    ];
    for unit in units {
        let members = members_of(conn, unit).await.unwrap();
        let mut inside = 0;
        for commune in &communes {
            let expected = containing[commune].contains(unit);
            assert_eq!(members.contains(commune), expected, "{commune} in {unit}");
            inside += usize::from(expected);
        }
        assert!(inside > 0, "no commune lies in {unit}");
    }
    // Both lists are reached: today's province holds old communes, an old district today's.
    let today = members_of(conn, "2025/province/42").await.unwrap();
    assert!(today.contains("pre2025/commune/18697") && today.contains("2025/commune/18673"));
    let old = members_of(conn, "pre2025/district/446").await.unwrap();
    assert!(old.contains("2025/commune/18673"), "Cẩm Xuyên (446) went into 18673");
}
