//! Programme reports, the national database export and the targets measured
//! from activity records, against a small dataset counted by hand, on the
//! engine chosen by `OCOP_TEST_DATABASE`.
//!
//! Five products in Hà Tĩnh, recorded with both lists of units:
//!
//! | product | recorded in | today | producer | history |
//! |---|---|---|---|---|
//! | A | pre2025 commune 18697 (district 446) | 18673 | cooperative | 3★ 01/02/2021, re-certified 3★ 20/01/2024 |
//! | B | 2025 commune 18673 | 18673 | enterprise | 4★ 05/03/2024 (new) |
//! | C | pre2025 commune 18077 (district 436) | 18073 | cooperative | 4★ 10/05/2022, upgraded 5★ 01/08/2024 |
//! | D | pre2025 commune 18697 | 18673 | cooperative group | 4★ 01/06/2021, expired 02/06/2024 |
//! | E | 2025 commune 18073 | 18073 | household business | 4★ 01/02/2024 (new), revoked 15/04/2024 |

use chrono::NaiveDate;
use ocop_domain::ids::UserId;
use ocop_domain::programme::activity::{EventInput, RevenueInput, SupportInput, TrainingInput};
use ocop_domain::programme::plan::TargetInput;
use ocop_domain::programme::report::{Movement, Tally};
use ocop_domain::programme::task::TaskInput;
use ocop_domain::role::{Actor, Role, Scope};
use ocop_service::programme::activities::{self, ParticipantInput};
use ocop_service::programme::plans::{self, PlanInput};
use ocop_service::programme::reports::{self, ProgrammeReport, ReportParams};
use ocop_service::programme::tasks::{self, CompleteInput, NewTaskInput};
use ocop_service::programme::{ptnt, report_pdf, report_xlsx, revenues};
use ocop_service::{Context, ServiceError, certificates, files::FileStore, producers, products};
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

/// Records a renewal or an upgrade (`renew`) signed before today with its scan.
async fn reissue(
    db: &ocop_storage::Database,
    actor: &ocop_domain::role::Actor,
    id: Uuid,
    renew: bool,
    mut body: serde_json::Value,
) -> Result<ocop_service::certificates::CertificateDto, ocop_service::ServiceError> {
    let (store, key) = scan_store().await;
    body["scan_sha256"] = serde_json::Value::String(key);
    let input = serde_json::from_value(body).expect("reissue input");
    if renew {
        ocop_service::certificates::issue::renew(db, &store, actor, id, &input).await
    } else {
        ocop_service::certificates::issue::upgrade(db, &store, actor, id, &input).await
    }
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

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

struct Product {
    id: Uuid,
    producer: Uuid,
}

async fn product(db: &ocop_storage::Database, name: &str, commune: &str, form: &str, seed: u64) -> Product {
    let mut producer = serde_json::json!({
        "name": format!("Cơ sở {name}"), "legal_form": form,
        "tax_code": ocop_domain::identifiers::TaxCode::generate_valid(seed * 7919 + 17).as_str(),
        "representative": "Nguyễn Thị Hoa", "commune_id": commune, "phone": "0912345678",
    });
    if form == "enterprise" {
        producer["enterprise_kind"] = "llc_single_member".into();
    }
    let producer = producers::create(db, &admin(), &serde_json::from_value(producer).unwrap())
        .await
        .expect("producer");
    let input = ocop_domain::product::ProductInput {
        name: name.into(),
        producer_id: producer.id.to_string(),
        product_set_code: "I.4.a".into(),
        commune_id: commune.into(),
        ..Default::default()
    };
    let id = products::create(db, &admin(), &input)
        .await
        .expect("product")
        .summary
        .id;
    Product {
        id,
        producer: producer.id,
    }
}

fn decision(number: &str, on: NaiveDate, level: &str, basis: &str) -> serde_json::Value {
    let issuer = match level {
        "district" => "UBND huyện Cẩm Xuyên",
        "ministry" => "Bộ Nông nghiệp và Phát triển nông thôn",
        _ => "UBND tỉnh Hà Tĩnh",
    };
    serde_json::json!({ "number": number, "decided_on": on, "issuer_name": issuer,
                        "issuer_level": level, "legal_basis": basis })
}

async fn certify(
    db: &ocop_storage::Database,
    number: &str,
    on: NaiveDate,
    basis: &str,
    p: &Product,
    stars: u8,
) -> Uuid {
    let issued = record(
        db,
        &admin(),
        serde_json::json!({
            "decision": decision(number, on, "province", basis),
            "items": [{ "product_id": p.id, "stars": stars, "score": 72.5 }]
        }),
    )
    .await
    .expect("issue");
    issued[0].id
}

/// The dataset of the module comment, plus a fair, a training course, a
/// disbursement, a dossier forwarded to the central level, revenues and
/// tasks; returns product B.
async fn world(ctx: &Context) -> Uuid {
    let db = &ctx.db;
    let a = product(db, "Kẹo cu đơ Thiên Cầm", "pre2025/commune/18697", "cooperative", 1).await;
    let b = product(db, "Mật ong Cẩm Xuyên", "2025/commune/18673", "enterprise", 2).await;
    let c = product(db, "Nước mắm Lộc Hà", "pre2025/commune/18077", "cooperative", 3).await;
    let dd = product(
        db,
        "Chè xanh Hương Sơn",
        "pre2025/commune/18697",
        "cooperative_group",
        4,
    )
    .await;
    let e = product(db, "Bưởi Phúc Trạch", "2025/commune/18073", "household_business", 5).await;

    let a_old = certify(db, "10/QĐ-UBND", d(2021, 2, 1), "qd1048", &a, 3).await;
    reissue(
        db,
        &admin(),
        a_old,
        true,
        serde_json::json!({
            "decision": decision("5/QĐ-UBND", d(2024, 1, 20), "district", "qd148"), "stars": 3, "score": 61.0
        }),
    )
    .await
    .expect("renew A");
    certify(db, "20/QĐ-UBND", d(2024, 3, 5), "qd148", &b, 4).await;
    let c_old = certify(db, "11/QĐ-UBND", d(2022, 5, 10), "qd1048", &c, 4).await;
    reissue(
        db,
        &admin(),
        c_old,
        false,
        serde_json::json!({
            "decision": decision("90/QĐ-BNN", d(2024, 8, 1), "ministry", "qd148"), "stars": 5, "score": 91.0
        }),
    )
    .await
    .expect("upgrade C");
    certify(db, "12/QĐ-UBND", d(2021, 6, 1), "qd1048", &dd, 4).await;
    let e_cert = certify(db, "21/QĐ-UBND", d(2024, 2, 1), "qd148", &e, 4).await;
    certificates::lifecycle::revoke(
        db,
        &admin(),
        e_cert,
        &serde_json::from_value(serde_json::json!({
            "ground": "production_stopped", "decision_number": "30/QĐ-UBND", "decided_on": "2024-04-15",
            "issuer_name": "UBND tỉnh Hà Tĩnh"
        }))
        .unwrap(),
    )
    .await
    .expect("revoke E");

    // A fair of the province that A's producer attended; a course of the old
    // district 446; support to C's producer; B's dossier forwarded to the centre.
    let fair = activities::create_event(
        db,
        &admin(),
        &EventInput {
            unit_id: "2025/province/42".into(),
            kind: "fair".into(),
            name: "Hội chợ OCOP Hà Tĩnh 2024".into(),
            place: "TP Hà Tĩnh".into(),
            starts_on: "10/05/2024".into(),
            ends_on: Some("13/05/2024".into()),
            ..EventInput::default()
        },
    )
    .await
    .expect("event");
    activities::add_participant(
        db,
        &admin(),
        fair.id,
        &ParticipantInput {
            producer_id: a.producer.to_string(),
            product_id: Some(a.id.to_string()),
        },
    )
    .await
    .expect("participant");
    activities::create_training(
        db,
        &admin(),
        &TrainingInput {
            unit_id: "pre2025/district/446".into(),
            title: "Tập huấn OCOP huyện Cẩm Xuyên".into(),
            starts_on: "2024-04-01".into(),
            officials: 30,
            others: 70,
            ..TrainingInput::default()
        },
    )
    .await
    .expect("training");
    activities::create_support(
        db,
        &admin(),
        &SupportInput {
            unit_id: "2025/province/42".into(),
            producer_id: c.producer.to_string(),
            product_id: None,
            amount_vnd: 120_000_000,
            source: "local_budget".into(),
            purpose: "Hỗ trợ bao bì".into(),
            disbursed_on: "2024-06-10".into(),
        },
    )
    .await
    .expect("support");
    forwarded_to_central(db, &b, "2025/commune/18673", "2024-05-20T03:00:00Z").await;
    revenues::record(
        db,
        &admin(),
        b.id,
        &RevenueInput {
            year: 2024,
            revenue_vnd: 1_250_505_000,
        },
    )
    .await
    .expect("revenue");

    // Tasks of the province in 2024-H1: done on time, done late, late; one in H2.
    for (title, due, done) in [
        ("Rà soát sản phẩm hết hạn", "by:2024-03-31", Some("20/03/2024")),
        ("Tổ chức hội chợ", "by:2024-04-30", Some("10/05/2024")),
        ("Hoàn thiện hồ sơ công nhận lại", "by:2024-06-15", None),
        ("Kiểm tra sau công nhận", "by:2024-11-30", None),
    ] {
        let task = tasks::create(
            db,
            &admin(),
            &NewTaskInput {
                unit_id: "2025/province/42".into(),
                task: TaskInput {
                    title: title.into(),
                    responsible: "agriculture".into(),
                    deadline: due.into(),
                    ..TaskInput::default()
                },
            },
        )
        .await
        .expect("task");
        if let Some(done) = done {
            tasks::complete(
                ctx,
                &admin(),
                task.id,
                &CompleteInput {
                    done_on: Some(done.into()),
                    row_version: task.row_version,
                },
                None,
            )
            .await
            .expect("complete");
        }
    }
    b.id
}

/// A dossier of `p` forwarded to the central level at `at` (stored directly:
/// the council steps that lead there are tested in `councils`).
async fn forwarded_to_central(db: &ocop_storage::Database, p: &Product, commune: &str, at: &str) {
    use ocop_domain::evaluation::dossier::DossierState;
    use ocop_domain::evaluation::{Level, Points, Stars};
    use ocop_storage::entities::{criteria_set, dossier, dossier_event};
    use sea_orm::{ActiveModelTrait, EntityTrait, IntoActiveModel};
    let set = criteria_set::Entity::find()
        .one(db.conn())
        .await
        .unwrap()
        .expect("a criteria set");
    let at: chrono::DateTime<chrono::Utc> = at.parse().unwrap();
    let state = DossierState::Proposed { level: Level::Central };
    let scored = DossierState::Scored {
        level: Level::Province,
        score: Points(9150),
        star: Stars::FIVE,
    };
    let id = Uuid::now_v7();
    let mut row = dossier::Model {
        id,
        producer_id: p.producer,
        product_id: p.id,
        kind: "new".into(),
        current_stars: None,
        state: String::new(),
        level: None,
        score_x100: None,
        stars: None,
        legal_basis: Some("QD148-2023".into()),
        criteria_set_id: set.id,
        submitted_on: Some(d(2024, 3, 1)),
        commune_id: commune.into(),
        self_assessment: "{}".into(),
        commune_report: None,
        created_by: None,
        row_version: 1,
        created_at: at,
        updated_at: at,
    };
    dossier::StateColumns::of(state).apply_to(&mut row);
    row.into_active_model().insert(db.conn()).await.unwrap();
    dossier_event::Model {
        dossier_id: id,
        seq: 1,
        event: r#"{"event":"forward"}"#.into(),
        from_state: serde_json::to_string(&scored).unwrap(),
        to_state: serde_json::to_string(&state).unwrap(),
        actor_id: None,
        actor_name: "test".into(),
        at,
        note: None,
    }
    .into_active_model()
    .insert(db.conn())
    .await
    .unwrap();
}

fn params(unit: &str, period: &str, units: &str) -> ReportParams {
    ReportParams {
        unit_id: unit.into(),
        period: period.into(),
        units: Some(units.into()),
    }
}

fn row<'a>(report: &'a ProgrammeReport, key: &str) -> &'a Tally {
    &report
        .by_unit
        .iter()
        .find(|u| u.key == key)
        .unwrap_or_else(|| {
            panic!(
                "no row {key} in {:?}",
                report.by_unit.iter().map(|u| &u.key).collect::<Vec<_>>()
            )
        })
        .tally
}

fn names(report: &ProgrammeReport, movement: Movement) -> Vec<&str> {
    report
        .products
        .iter()
        .filter(|p| p.movement == movement)
        .map(|p| p.product_name.as_str())
        .collect()
}

#[tokio::test]
async fn report_figures_match_the_hand_count_in_both_unit_views() {
    let test = TestDatabase::new().await.expect("database");
    let dir = tempfile::tempdir().unwrap();
    let ctx = Context {
        db: test.db.clone(),
        files: FileStore::local(dir.path()),
    };
    let db = &ctx.db;
    world(&ctx).await;

    // Hà Tĩnh, first half of 2024, re-aggregated to today's communes.
    let current = reports::report(
        db,
        &province_officer("42"),
        &params("2025/province/42", "2024-H1", "current"),
    )
    .await
    .unwrap();
    let s = &current.summary;
    assert_eq!(current.as_of, d(2024, 6, 30));
    assert_eq!(s.tally.new, [0, 2, 0], "B and E");
    assert_eq!(s.tally.recertified, [1, 0, 0], "A");
    assert_eq!(s.tally.upgraded, [0, 0, 0], "C's upgrade is in the second half");
    assert_eq!(s.tally.expired, [0, 1, 0], "D; A was renewed before its expiry");
    assert_eq!(s.tally.revoked, [0, 1, 0], "E");
    assert_eq!(s.tally.in_force, [1, 2, 0], "A 3★, B and C 4★");
    assert_eq!((s.in_force, s.certified, s.producers), (3, 3, 3));
    let forms: Vec<(&str, i64)> = s.producers_by_form.iter().map(|f| (f.key.as_str(), f.count)).collect();
    assert_eq!(
        forms,
        [
            ("enterprise", 1),
            ("cooperative", 2),
            ("cooperative_group", 0),
            ("household_business", 0)
        ]
    );
    assert_eq!(
        (s.fairs, s.trainings, s.officials_trained, s.others_trained),
        (1, 1, 30, 70)
    );
    assert_eq!((s.supports, s.support_vnd, s.proposed_five_star), (1, 120_000_000, 1));
    assert_eq!(
        (s.revenue_products, s.revenue_vnd),
        (1, 1_250_505_000),
        "B's 2024 revenue"
    );
    let keys: Vec<&str> = current.by_unit.iter().map(|u| u.key.as_str()).collect();
    assert_eq!(keys.len(), 2, "{keys:?}");
    let cam_xuyen = row(&current, "2025/commune/18673");
    assert_eq!(
        (
            cam_xuyen.in_force,
            cam_xuyen.new,
            cam_xuyen.recertified,
            cam_xuyen.expired
        ),
        ([1, 1, 0], [0, 1, 0], [1, 0, 0], [0, 1, 0])
    );
    let thanh_sen = row(&current, "2025/commune/18073");
    assert_eq!(
        (thanh_sen.in_force, thanh_sen.new, thanh_sen.revoked),
        ([0, 1, 0], [0, 1, 0], [0, 1, 0])
    );
    assert_eq!(names(&current, Movement::New), ["Bưởi Phúc Trạch", "Mật ong Cẩm Xuyên"]);
    assert_eq!(names(&current, Movement::Recertified), ["Kẹo cu đơ Thiên Cầm"]);
    assert_eq!(names(&current, Movement::Expired), ["Chè xanh Hương Sơn"]);
    assert_eq!(names(&current, Movement::Revoked), ["Bưởi Phúc Trạch"]);
    let t = &current.tasks;
    assert_eq!((t.done_on_time, t.done_late, t.late, t.open), (1, 1, 1, 0));
    assert!(current.map.as_deref().is_some_and(|m| m.contains("<circle")));

    // The same under the units as recorded: old communes keep their rows.
    let recorded = reports::report(db, &admin(), &params("2025/province/42", "2024-H1", "recorded"))
        .await
        .unwrap();
    assert_eq!(
        recorded.summary.tally, current.summary.tally,
        "the totals do not depend on the view"
    );
    assert_eq!(recorded.by_unit.len(), 4);
    let old_cam = row(&recorded, "pre2025/commune/18697");
    assert_eq!(
        (old_cam.in_force, old_cam.recertified, old_cam.expired),
        ([1, 0, 0], [1, 0, 0], [0, 1, 0])
    );
    assert_eq!(row(&recorded, "2025/commune/18673").new, [0, 1, 0]);
    assert_eq!(row(&recorded, "pre2025/commune/18077").in_force, [0, 1, 0]);
    assert_eq!(row(&recorded, "2025/commune/18073").revoked, [0, 1, 0]);
    let old_row = recorded
        .by_unit
        .iter()
        .find(|u| u.key == "pre2025/commune/18697")
        .unwrap();
    assert!(
        old_row.before_reform && old_row.label.contains("(trước 01/07/2025)"),
        "{}",
        old_row.label
    );
    assert!(!recorded.by_unit[0].before_reform, "today's units first");

    // The whole year: C's upgrade to 5★.
    let year = reports::report(db, &admin(), &params("2025/province/42", "2024", "current"))
        .await
        .unwrap();
    assert_eq!(year.summary.tally.upgraded, [0, 0, 1]);
    assert_eq!(year.summary.tally.in_force, [1, 1, 1]);
    assert_eq!(
        year.products
            .iter()
            .find(|p| p.movement == Movement::Upgraded)
            .unwrap()
            .previous_stars,
        Some(4)
    );
    assert_eq!(year.tasks.late, 2, "on 31/12 the November task is late too");

    // The old district 446 (Cẩm Xuyên) before the reform: A, D and B (recorded with the commune it went into).
    let district = reports::report(db, &admin(), &params("pre2025/district/446", "2024-H1", "recorded"))
        .await
        .unwrap();
    assert_eq!(district.summary.tally.in_force, [1, 1, 0]);
    assert_eq!(district.summary.officials_trained, 30);
    assert_eq!(district.summary.fairs, 1);
    assert_eq!(district.summary.support_vnd, 0);

    // The country, by province: one row today, two as recorded (the old and the new Hà Tĩnh).
    let national = reports::report(db, &admin(), &params("national", "2024-H1", "current"))
        .await
        .unwrap();
    assert_eq!(national.rows_level, "province");
    assert_eq!(national.by_unit.len(), 1);
    assert_eq!(national.by_unit[0].tally.in_force, [1, 2, 0]);
    let national_recorded = reports::report(db, &admin(), &params("national", "2024-H1", "recorded"))
        .await
        .unwrap();
    assert_eq!(row(&national_recorded, "pre2025/province/42").in_force, [1, 1, 0]);
    assert_eq!(row(&national_recorded, "2025/province/42").in_force, [0, 1, 0]);

    // Access and bad requests.
    assert!(matches!(
        reports::report(db, &province_officer("42"), &params("national", "2024-H1", "current")).await,
        Err(ServiceError::Forbidden)
    ));
    assert!(matches!(
        reports::report(
            db,
            &province_officer("01"),
            &params("2025/province/42", "2024-H1", "current")
        )
        .await,
        Err(ServiceError::Forbidden)
    ));
    for (p, field) in [
        (params("2025/province/42", "2024-H3", "current"), "period"),
        (params("2025/province/42", "2100-H1", "current"), "period"),
        (params("2025/province/42", "2024", "old"), "units"),
        (params("pre2025/district/446", "2026", "current"), "unit_id"),
    ] {
        match reports::report(db, &admin(), &p).await {
            Err(ServiceError::Validation(errors)) => assert_eq!(errors.fields[0].field, field),
            other => panic!("{p:?}: expected a field error on {field}, got {other:?}"),
        }
    }

    // The .xlsx holds the same numbers: the commune sheet's Cẩm Xuyên row.
    let bytes = report_xlsx::report_xlsx(&current).unwrap();
    let mut book: calamine::Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
    use calamine::Reader;
    let sheet = book.worksheet_range("Theo xa").unwrap();
    let cells: Vec<Vec<String>> = sheet
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    let cam = cells
        .iter()
        .find(|r| r[1].contains("Cẩm Xuyên"))
        .expect("a Cẩm Xuyên row");
    assert_eq!(&cam[2..7], ["1", "1", "0", "2", "1"], "3★, 4★, 5★, in force, new");
    assert_eq!(cells.last().unwrap()[1], "Tổng cộng");
    assert_eq!(cells.last().unwrap()[5], "3");

    // The PDF: a page laid out with the Vietnamese names, not blank.
    let sheet = report_pdf::sheet(&current);
    let data = ocop_documents::report::report_data(&sheet).unwrap();
    let page = ocop_documents::render_page(ocop_documents::report::TEMPLATE, data.clone(), 0, 1.0).unwrap();
    assert!(page.dark_pixels() > 5_000, "page 1 looks blank");
    let text = ocop_documents::page_texts(ocop_documents::report::TEMPLATE, data)
        .unwrap()
        .join(" ");
    for expected in [
        "ỦY BAN NHÂN DÂN TỈNH HÀ TĨNH",
        "Kết quả thực hiện Chương trình OCOP 6 tháng đầu năm 2024",
        "Xã Cẩm Xuyên",
        "Kẹo cu đơ Thiên Cầm",
        "Bưởi Phúc Trạch",
        "Rà soát sản phẩm hết hạn",
    ] {
        assert!(text.contains(expected), "{expected:?} missing from the PDF text");
    }
    let pdf = report_pdf::report_pdf(&current).await.unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
}

#[tokio::test]
async fn the_ptnt_export_lists_each_product_once_with_its_revenue() {
    let test = TestDatabase::new().await.expect("database");
    let dir = tempfile::tempdir().unwrap();
    let ctx = Context {
        db: test.db.clone(),
        files: FileStore::local(dir.path()),
    };
    let b_id = world(&ctx).await;
    let (_, rows) = ptnt::rows(&ctx.db, &admin(), &params("2025/province/42", "2024-H1", "current"))
        .await
        .unwrap();
    let by_name = |name: &str| {
        rows.iter()
            .find(|r| r.ten_san_pham == name)
            .unwrap_or_else(|| panic!("{name}"))
    };
    assert_eq!(rows.len(), 5, "A, B, C, D (in force until June) and E (until April)");
    let a = by_name("Kẹo cu đơ Thiên Cầm");
    assert_eq!((a.xep_hang.as_str(), a.ma_don_vi_hanh_chinh.as_str()), ("3*", "18673"));
    assert_eq!(a.trang_thai, "Còn hiệu lực");
    assert_eq!(a.doanh_thu_nam, "", "no revenue recorded: left empty");
    assert!(a.ma_ocop.starts_with("2024-H1/"));
    let b = by_name("Mật ong Cẩm Xuyên");
    assert_eq!(b.doanh_thu_nam, "1250.51", "million VND, two decimals, rounded half up");
    assert_eq!(b.ma_san_pham, b_id.to_string());
    assert_eq!(by_name("Chè xanh Hương Sơn").trang_thai, "Hết hiệu lực");
    assert_eq!(by_name("Bưởi Phúc Trạch").trang_thai, "Đã thu hồi");
    assert_eq!(
        by_name("Nước mắm Lộc Hà").xep_hang,
        "4*",
        "the 5★ came in the second half"
    );
    let (_, recorded) = ptnt::rows(&ctx.db, &admin(), &params("2025/province/42", "2024-H1", "recorded"))
        .await
        .unwrap();
    let codes: Vec<&str> = recorded.iter().map(|r| r.ma_don_vi_hanh_chinh.as_str()).collect();
    assert!(codes.contains(&"18697") && codes.contains(&"18077"), "{codes:?}");
    let csv = String::from_utf8(ptnt::csv(&rows).unwrap()).unwrap();
    assert!(csv.starts_with(
        "\u{feff}MA_OCOP,Ma_DonViHanhChinh,Ma_ThoiGian,Ma_SanPham,TenSanPham,XepHang,ChuTheSXKD,DoanhThuNam,TrangThai"
    ));
    assert_eq!(csv.lines().count(), 6);
    let xlsx = ptnt::xlsx(&rows).unwrap();
    let mut book: calamine::Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(xlsx)).unwrap();
    use calamine::Reader;
    let sheet = book.worksheet_range("PTNT_OCOP").unwrap();
    let revenue = sheet
        .rows()
        .find(|r| r[4] == "Mật ong Cẩm Xuyên")
        .map(|r| r[7].clone())
        .unwrap();
    assert_eq!(revenue, calamine::Data::Float(1250.51));
}

#[tokio::test]
async fn activity_targets_are_measured_across_the_2025_unit_change() {
    let test = TestDatabase::new().await.expect("database");
    let dir = tempfile::tempdir().unwrap();
    let ctx = Context {
        db: test.db.clone(),
        files: FileStore::local(dir.path()),
    };
    let db = &ctx.db;
    world(&ctx).await;
    let target = |kind: &str, count: i32, legal_form: Option<&str>| TargetInput {
        kind: kind.into(),
        count,
        legal_form: legal_form.map(str::to_owned),
        ..TargetInput::default()
    };
    let targets = vec![
        target("fairs", 2, None),
        target("officials_trained", 50, None),
        target("support_funds", 100, None),
        target("proposed_five_star", 1, None),
        target("producers", 2, Some("cooperative")),
        target("upgraded", 1, None),
    ];
    let mut actuals = Vec::new();
    for unit in [
        "2025/province/42",
        "2025/commune/18673",
        "2025/commune/18073",
        "pre2025/district/446",
        "pre2025/province/42",
    ] {
        let plan = plans::create(
            db,
            &admin(),
            &PlanInput {
                unit_id: unit.into(),
                year: 2024,
                title: String::new(),
                targets: targets.clone(),
            },
        )
        .await
        .unwrap_or_else(|e| panic!("{unit}: {e:?}"));
        let view = plans::view(db, &admin(), plan.id, Some(d(2024, 12, 31))).await.unwrap();
        actuals.push((unit, view.targets.iter().map(|t| t.actual.unwrap()).collect::<Vec<_>>()));
    }
    assert_eq!(
        actuals,
        [
            // fairs, officials, support (million), proposed 5★, cooperatives, upgraded
            ("2025/province/42", vec![1, 30, 120, 1, 2, 1]),
            // A's producer (old commune 18697) went to the fair; B's dossier went up.
            ("2025/commune/18673", vec![1, 0, 0, 1, 1, 0]),
            // C (old 18077) got the support and the upgrade.
            ("2025/commune/18073", vec![0, 0, 120, 0, 1, 1]),
            // The old district counts today's commune B went into, and its own course.
            ("pre2025/district/446", vec![1, 30, 0, 1, 1, 0]),
            // The old province: every record made with old or new units inside it.
            ("pre2025/province/42", vec![1, 30, 120, 1, 2, 1]),
        ]
    );
    // On 30/04/2024 neither the fair nor the support nor the proposal had happened.
    let plan = ocop_storage::repo::programme_repo::find_plan(db.conn(), "2025/province/42", 2024)
        .await
        .unwrap()
        .unwrap();
    let early = plans::view(db, &admin(), plan.id, Some(d(2024, 4, 30))).await.unwrap();
    let early: Vec<i64> = early.targets.iter().map(|t| t.actual.unwrap()).collect();
    assert_eq!(early, [0, 30, 0, 0, 1, 0]);
    // A producer outside the event's unit cannot be listed as its participant.
    let event = activities::create_event(
        db,
        &admin(),
        &EventInput {
            unit_id: "2025/commune/18073".into(),
            kind: "promotion".into(),
            name: "Livestream".into(),
            place: "Trực tuyến".into(),
            starts_on: "2024-09-01".into(),
            ..EventInput::default()
        },
    )
    .await
    .unwrap();
    let outside = product(db, "Cam Vinh", "2025/commune/18673", "cooperative", 9).await;
    match activities::add_participant(
        db,
        &admin(),
        event.id,
        &ParticipantInput {
            producer_id: outside.producer.to_string(),
            product_id: None,
        },
    )
    .await
    {
        Err(ServiceError::Validation(errors)) => {
            assert_eq!(errors.fields[0].code, ocop_domain::ErrorCode::ProducerOutsideUnit)
        }
        other => panic!("expected producer_outside_unit, got {other:?}"),
    }
    // A commune officer of Cẩm Xuyên may not record a course for the province.
    let commune = Actor {
        user_id: UserId::new(),
        username: "xa".into(),
        role: Role::CommuneOfficer,
        scope: Scope::Commune {
            commune_code: "18673".into(),
            province_code: "42".into(),
        },
    };
    assert!(matches!(
        activities::create_training(
            db,
            &commune,
            &TrainingInput {
                unit_id: "2025/province/42".into(),
                title: "Tập huấn".into(),
                starts_on: "2024-05-01".into(),
                officials: 3,
                ..TrainingInput::default()
            }
        )
        .await,
        Err(ServiceError::Forbidden)
    ));
}

#[tokio::test]
async fn a_task_made_by_hand_links_a_producer_of_its_unit_and_is_edited_with_its_version() {
    let test = TestDatabase::new().await.expect("database");
    let db = &test.db;
    let p = product(db, "Kẹo cu đơ", "2025/commune/18673", "cooperative", 21).await;
    let elsewhere = product(db, "Mắm tôm", "2025/commune/00004", "cooperative", 22).await;
    let input = |product_id: Option<Uuid>, producer_id: Option<Uuid>| NewTaskInput {
        unit_id: "2025/commune/18673".into(),
        task: TaskInput {
            title: "Hoàn thiện hồ sơ công nhận lại sản phẩm".into(),
            responsible: "commune_committee".into(),
            deadline: "by:2026-04-20".into(),
            product_id,
            producer_id,
            ..TaskInput::default()
        },
    };
    let task = tasks::create(db, &admin(), &input(Some(p.id), None)).await.unwrap();
    assert_eq!(task.producer_id, Some(p.producer), "the product's producer is taken");
    let detail = tasks::get(db, &admin(), task.id).await.unwrap();
    assert_eq!(detail.product_name.as_deref(), Some("Kẹo cu đơ"));
    assert_eq!(detail.producer_name.as_deref(), Some("Cơ sở Kẹo cu đơ"));
    assert!(detail.directive.is_none());
    for (bad, field) in [
        (input(None, Some(elsewhere.producer)), "producer_id"),
        (input(Some(p.id), Some(elsewhere.producer)), "product_id"),
        (input(Some(Uuid::now_v7()), None), "product_id"),
    ] {
        match tasks::create(db, &admin(), &bad).await {
            Err(ServiceError::Validation(errors)) => assert_eq!(errors.fields[0].field, field),
            other => panic!("expected a field error on {field}, got {other:?}"),
        }
    }
    let edit = tasks::TaskUpdateInput {
        task: TaskInput {
            title: "Hoàn thiện hồ sơ trước ngày 30/4".into(),
            responsible: "agriculture".into(),
            deadline: "by:2026-04-30".into(),
            ..TaskInput::default()
        },
        row_version: task.row_version,
    };
    let edited = tasks::update(db, &admin(), task.id, &edit).await.unwrap();
    assert_eq!(edited.due_on, Some(d(2026, 4, 30)));
    assert_eq!(edited.product_id, None, "the links were cleared");
    assert!(matches!(
        tasks::update(db, &admin(), task.id, &edit).await,
        Err(ServiceError::Conflict(_))
    ));
    let entries = ocop_storage::repo::audit_repo::list(db.conn(), &Default::default(), 0, 500)
        .await
        .unwrap();
    assert!(entries.items.iter().any(|e| e.action == "programme_task.update"));
}
