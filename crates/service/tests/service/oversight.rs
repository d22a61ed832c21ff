//! Oversight rules (issue 14) on the engine chosen by `OCOP_TEST_DATABASE`: a fake report
//! opens a case (duplicates join it), the plan proposes it, an inspection is recorded with a
//! finding whose last day is counted in working days, nothing is proposed before that day, the
//! suspension is proposed after it and decided by the issuing authority only, and `/v/{code}`
//! then shows the certificate suspended; a severe finding proposes revocation; producers
//! answer their own findings with evidence from their vault; worklist and tallies count it all.

use chrono::{Days, NaiveDate};
use ocop_domain::ErrorCode;
use ocop_domain::certificate::CertificateStatus;
use ocop_domain::ids::{ProducerId, UserId};
use ocop_domain::oversight::input::{
    CaseInput, CloseCaseInput, DecideInput, EvidenceInput, FindingInput, InspectionInput, PlanInput, ProposeInput,
    RecordInput,
};
use ocop_domain::oversight::{
    CaseOutcome, CaseStatus, Consequence, FindingStatus, InspectionGround, InspectionStatus, add_working_days,
};
use ocop_domain::producer::ProducerInput;
use ocop_domain::product::ProductInput;
use ocop_domain::role::{Actor, Role, Scope};
use ocop_service::certificates::verify::{self, FakeReportInput};
use ocop_service::clients::ClientKey;
use ocop_service::oversight::{cases, findings, inspections, plans, worklist};
use ocop_service::{ServiceError, producers, products};
use ocop_storage::Database;
use ocop_storage::testing::TestDatabase;
use uuid::Uuid;

fn actor(role: Role, scope: Scope) -> Actor {
    Actor {
        user_id: UserId::new(),
        username: format!("{role:?}").to_lowercase(),
        role,
        scope,
    }
}

fn admin() -> Actor {
    actor(Role::Administrator, Scope::National)
}

fn province(code: &str) -> Actor {
    actor(
        Role::ProvinceOfficer,
        Scope::Province {
            province_code: code.into(),
        },
    )
}

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

async fn scan_store() -> (ocop_service::files::FileStore, String) {
    let store = ocop_service::files::FileStore::local(std::env::temp_dir().join("ocop-test-oversight-scans"));
    let key = store
        .put(b"%PDF-1.4\n% quyet dinh cong nhan (ban quet)\n%%EOF\n")
        .await
        .expect("scan stored");
    (store, key)
}

/// A 4★ certificate of Hà Tĩnh (42) issued on 05/08/2026, with its producer.
async fn certificate(db: &Database, name: &str, number: &str) -> ocop_service::certificates::CertificateDto {
    let producer: ProducerInput = serde_json::from_value(serde_json::json!({
        "name": format!("HTX {name}"), "legal_form": "cooperative",
        "tax_code": ocop_domain::identifiers::TaxCode::generate_valid(name.len() as u64 * 7919).as_str(),
        "representative": "Nguyễn Văn An", "commune_id": "2025/commune/18673", "phone": "0912345678",
    }))
    .unwrap();
    let producer = producers::create(db, &admin(), &producer).await.expect("producer");
    let input = ProductInput {
        name: name.into(),
        producer_id: producer.id.to_string(),
        product_set_code: "I.4.a".into(),
        commune_id: "2025/commune/18673".into(),
        ..Default::default()
    };
    let product_id = products::create(db, &admin(), &input)
        .await
        .expect("product")
        .summary
        .id;
    let (store, key) = scan_store().await;
    let body = serde_json::json!({
        "decision": { "number": number, "decided_on": "2026-08-05", "issuer_name": "UBND tỉnh Hà Tĩnh",
                      "issuer_level": "province", "legal_basis": "qd148" },
        "items": [{ "product_id": product_id, "stars": 4, "score": 75.5 }],
        "scan_sha256": key,
    });
    let input = serde_json::from_value(body).expect("record input");
    ocop_service::certificates::issue::record(db, &store, &admin(), &input)
        .await
        .expect("certificate")
        .remove(0)
}

fn client(n: u8) -> ClientKey {
    ClientKey::new(b"salt", std::net::IpAddr::from([203, 0, 113, n]))
}

fn code_of(e: &ServiceError) -> ErrorCode {
    e.code()
}

async fn report(db: &Database, code: &str, n: u8, message: &str) {
    verify::report(
        db,
        code,
        &FakeReportInput {
            message: message.into(),
            contact: Some("0987654321".into()),
        },
        &client(n),
    )
    .await
    .expect("report");
}

async fn recorded_inspection(db: &Database, officer: &Actor, certificate_id: Uuid, case_id: Option<Uuid>) -> Uuid {
    let planned = inspections::plan(
        db,
        officer,
        &InspectionInput {
            certificate_id: Some(certificate_id),
            case_id,
            ground: "fake_report".into(),
            lead_agency: "market_surveillance".into(),
            planned_on: Some(d(2026, 12, 1)),
            ..Default::default()
        },
    )
    .await
    .expect("planned");
    inspections::record(
        db,
        officer,
        planned.id,
        &RecordInput {
            carried_out_on: Some(d(2026, 12, 1)),
            place: "Cơ sở sản xuất, xã Cẩm Xuyên".into(),
            team: "Nguyễn Văn Bình\nTrần Thị Cúc".into(),
            lead_name: "Nguyễn Văn Bình".into(),
            checked: "Nhãn, giấy chứng nhận ATTP, phiếu kiểm nghiệm".into(),
            evidence: vec![],
        },
    )
    .await
    .expect("recorded")
    .id
}

fn finding(severity: &str, working_days: Option<u32>) -> FindingInput {
    FindingInput {
        kind: "label".into(),
        severity: severity.into(),
        description: "Nhãn không ghi hạn sử dụng".into(),
        remedy_required: "In lại nhãn đúng quy định".into(),
        working_days,
        calendar_days: None,
    }
}

#[tokio::test]
async fn a_fake_report_becomes_a_case_an_inspection_a_finding_and_a_suspension_shown_on_verify() {
    let test = TestDatabase::new().await.expect("database");
    let db = &test.db;
    let cert = certificate(db, "Nước mắm Phú Sang", "1/QĐ-UBND").await;
    let ha_tinh = province("42");
    let other = province("01");

    // Two public reports of the same code from different senders: one case, the second a note.
    report(db, &cert.verification_code, 1, "Tem OCOP dán trên sản phẩm khác").await;
    report(db, &cert.verification_code, 2, "Mua ở chợ, tem giống hệt").await;
    // An unknown code: a case of the central level.
    report(db, "ZZZZZZZZZZZZZZZZZZZZZ", 3, "Mã không tra được").await;
    let open = cases::list(db, &ha_tinh, &Default::default()).await.unwrap();
    assert_eq!(open.len(), 1, "the province sees its one case");
    let case = &open[0];
    assert_eq!(case.status, CaseStatus::Open);
    assert_eq!(case.province_code.as_deref(), Some("42"));
    assert_eq!(case.notes.len(), 1, "the second report joined as a note");
    assert!(cases::list(db, &other, &Default::default()).await.unwrap().is_empty());
    let everything = cases::list(db, &admin(), &Default::default()).await.unwrap();
    assert_eq!(everything.len(), 2);
    assert!(
        everything.iter().any(|c| c.province_code.is_none()),
        "unknown code: central level"
    );

    // The plan proposes the case; the officer chooses it.
    let plan = plans::create(
        db,
        &ha_tinh,
        &PlanInput {
            unit_id: "2025/province/42".into(),
            year: 2026,
            title: "Kế hoạch kiểm tra sản phẩm OCOP năm 2026".into(),
            note: None,
        },
    )
    .await
    .expect("plan");
    let again = plans::create(
        db,
        &ha_tinh,
        &PlanInput {
            unit_id: "2025/province/42".into(),
            year: 2026,
            title: "Trùng".into(),
            note: None,
        },
    )
    .await
    .unwrap_err();
    assert_eq!(code_of(&again), ErrorCode::PlanExists);
    let candidates = plans::candidates_on(db, &ha_tinh, plan.id, d(2026, 12, 7))
        .await
        .unwrap();
    let from_case = candidates
        .iter()
        .find(|c| c.ground == InspectionGround::FakeReport)
        .expect("the fake report is proposed");
    assert_eq!(from_case.case_id, Some(case.id));
    assert!(
        plans::create(
            db,
            &other,
            &PlanInput {
                unit_id: "2025/province/42".into(),
                year: 2027,
                title: "x".into(),
                note: None
            }
        )
        .await
        .is_err()
    );

    let planned = inspections::plan(
        db,
        &ha_tinh,
        &InspectionInput {
            plan_id: Some(plan.id),
            certificate_id: from_case.certificate_id,
            case_id: from_case.case_id,
            ground: "fake_report".into(),
            lead_agency: "market_surveillance".into(),
            planned_on: Some(d(2026, 12, 1)),
            ..Default::default()
        },
    )
    .await
    .expect("inspection");
    assert_eq!(planned.status, InspectionStatus::Planned);
    assert_eq!(
        cases::get(db, &ha_tinh, case.id).await.unwrap().status,
        CaseStatus::Inspecting
    );
    // No finding before the record; no record by another province.
    let early = inspections::add_finding(db, &ha_tinh, planned.id, &finding("major", Some(10)))
        .await
        .unwrap_err();
    assert_eq!(code_of(&early), ErrorCode::InvalidTransition);
    let record = RecordInput {
        carried_out_on: Some(d(2026, 12, 1)),
        place: "Xã Cẩm Xuyên".into(),
        team: "Nguyễn Văn Bình".into(),
        lead_name: "Nguyễn Văn Bình".into(),
        checked: "Nhãn hàng hóa".into(),
        evidence: vec![Uuid::now_v7()],
    };
    let foreign = inspections::record(db, &other, planned.id, &record).await.unwrap_err();
    assert_eq!(code_of(&foreign), ErrorCode::NotFound);
    let not_in_vault = inspections::record(db, &ha_tinh, planned.id, &record)
        .await
        .unwrap_err();
    assert_eq!(code_of(&not_in_vault), ErrorCode::ValidationFailed);
    let record = RecordInput {
        evidence: vec![],
        ..record
    };
    inspections::record(db, &ha_tinh, planned.id, &record)
        .await
        .expect("recorded");
    let with_finding = inspections::add_finding(db, &ha_tinh, planned.id, &finding("major", Some(10)))
        .await
        .expect("finding");
    let f = &with_finding.findings[0];
    // Ten working days from Tuesday 01/12/2026: Tuesday 15/12/2026.
    let due = add_working_days(ocop_domain::calendar::WorkingCalendar::vietnam(), d(2026, 12, 1), 10);
    assert_eq!(f.due_on, due);
    assert_eq!(due, d(2026, 12, 15));
    assert_eq!(f.status, FindingStatus::Open);
    let signed = inspections::sign_off(db, &ha_tinh, planned.id)
        .await
        .expect("signed off");
    assert_eq!(signed.status, InspectionStatus::SignedOff);
    let late = inspections::add_finding(db, &ha_tinh, planned.id, &finding("minor", Some(5)))
        .await
        .unwrap_err();
    assert_eq!(code_of(&late), ErrorCode::InvalidTransition);

    // Nothing is due on the last day; the day after, suspension.
    let not_yet = findings::propose_on(db, &ha_tinh, f.id, &ProposeInput::default(), due)
        .await
        .unwrap_err();
    assert_eq!(code_of(&not_yet), ErrorCode::ConsequenceNotDue);
    let past = findings::list_on(
        db,
        &ha_tinh,
        &findings::FindingQuery {
            past_deadline: Some(true),
            ..Default::default()
        },
        due + Days::new(1),
    )
    .await
    .unwrap();
    assert_eq!(past.len(), 1);
    assert_eq!(past[0].due_consequence, Some(Consequence::Suspension));
    let w = worklist::worklist_on(db, &ha_tinh, due + Days::new(1)).await.unwrap();
    assert_eq!(w.total.findings_past_deadline, 1);
    assert_eq!(w.total.cases_open_under_7_days + w.total.cases_open_7_to_30_days, 1);
    let proposed = findings::propose_on(db, &ha_tinh, f.id, &ProposeInput::default(), due + Days::new(1))
        .await
        .expect("proposed");
    assert_eq!(proposed.status, FindingStatus::Proposed);
    assert_eq!(proposed.consequence, Some(Consequence::Suspension));

    // Only the issuing authority decides.
    let decide = DecideInput {
        accept: true,
        decided_on: Some(ocop_service::admin_units::today()),
        note: "Quá hạn khắc phục nhãn".into(),
        ..Default::default()
    };
    let refused = findings::decide(db, &other, f.id, &decide).await.unwrap_err();
    assert_eq!(code_of(&refused), ErrorCode::NotIssuingAuthority);
    let decided = findings::decide(db, &ha_tinh, f.id, &decide).await.expect("decided");
    assert_eq!(decided.status, FindingStatus::Decided);
    let shown = verify::lookup(db, &cert.verification_code).await.unwrap();
    assert_eq!(shown.certificate.status, CertificateStatus::Suspended);
    let twice = findings::decide(db, &ha_tinh, f.id, &decide).await.unwrap_err();
    assert_eq!(code_of(&twice), ErrorCode::InvalidTransition);

    // The case closes with its outcome; its report follows.
    let closed = cases::close(
        db,
        &ha_tinh,
        case.id,
        &CloseCaseInput {
            outcome: "confirmed".into(),
            note: "Đã tạm đình chỉ giấy chứng nhận".into(),
        },
    )
    .await
    .expect("closed");
    assert_eq!(closed.status, CaseStatus::Closed);
    assert_eq!(closed.outcome, Some(CaseOutcome::Confirmed));
    let tally = worklist::tally(db, &ha_tinh, d(2026, 1, 1), d(2026, 12, 31))
        .await
        .unwrap();
    assert_eq!(tally.inspected, 1);
    assert_eq!(tally.findings_by_kind.get("label"), Some(&1));
    assert_eq!(tally.suspensions, 1);
    let xlsx = ocop_service::oversight::plan_xlsx::plan_xlsx(db, &ha_tinh, plan.id)
        .await
        .unwrap();
    assert!(xlsx.0.starts_with(b"PK"));
}

#[tokio::test]
async fn severe_findings_propose_revocation_and_producers_answer_their_own_with_evidence() {
    let test = TestDatabase::new().await.expect("database");
    let db = &test.db;
    let cert = certificate(db, "Kẹo cu đơ Thiên Cầm", "2/QĐ-UBND").await;
    let ha_tinh = province("42");
    let inspection = recorded_inspection(db, &ha_tinh, cert.id, None).await;
    let view = inspections::add_finding(db, &ha_tinh, inspection, &finding("severe", None))
        .await
        .unwrap();
    let severe = view.findings[0].clone();
    assert_eq!(severe.due_consequence, Some(Consequence::Revocation));
    let view = inspections::add_finding(db, &ha_tinh, inspection, &finding("minor", Some(5)))
        .await
        .unwrap();
    let minor = view.findings[1].clone();

    // The producer sees and answers its own finding, with a document of its vault.
    let owner = actor(
        Role::Producer,
        Scope::Producer {
            producer_id: ProducerId(cert.producer_id),
        },
    );
    let stranger = actor(
        Role::Producer,
        Scope::Producer {
            producer_id: ProducerId(Uuid::now_v7()),
        },
    );
    assert_eq!(findings::list(db, &owner, &Default::default()).await.unwrap().len(), 2);
    assert!(
        findings::list(db, &stranger, &Default::default())
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        code_of(&findings::get(db, &stranger, minor.id).await.unwrap_err()),
        ErrorCode::NotFound
    );
    let no_evidence = findings::answer(
        db,
        &owner,
        minor.id,
        &EvidenceInput {
            text: "Đã in lại nhãn".into(),
            evidence: vec![],
        },
    )
    .await
    .unwrap_err();
    assert_eq!(code_of(&no_evidence), ErrorCode::ValidationFailed);
    let files = ocop_service::files::FileStore::local(std::env::temp_dir().join("ocop-test-oversight-vault"));
    let doc = ocop_service::dossiers::vault::upload(
        db,
        &files,
        &admin(),
        cert.producer_id,
        &ocop_service::dossiers::vault::UploadMeta {
            doc_type: "test_report".into(),
            ..Default::default()
        },
        b"%PDF-1.4\n% nhan moi\n%%EOF\n",
    )
    .await
    .expect("vault document");
    let evidence = vec![doc.id];
    {
        let answer = EvidenceInput {
            text: "Đã in lại nhãn".into(),
            evidence: evidence.clone(),
        };
        let forbidden = findings::answer(db, &stranger, minor.id, &answer).await.unwrap_err();
        assert_eq!(code_of(&forbidden), ErrorCode::NotFound);
        let answered = findings::answer(db, &owner, minor.id, &answer).await.expect("answered");
        assert_eq!(answered.status, FindingStatus::Answered);
        let remedied = findings::remedy(
            db,
            &ha_tinh,
            minor.id,
            &EvidenceInput {
                text: "Nhãn mới đạt".into(),
                evidence: vec![],
            },
        )
        .await
        .expect("remedied on the answer's evidence");
        assert_eq!(remedied.status, FindingStatus::Remedied);
        assert_eq!(remedied.remedy_evidence, evidence);
        assert_eq!(
            code_of(
                &findings::propose(db, &ha_tinh, minor.id, &ProposeInput::default())
                    .await
                    .unwrap_err()
            ),
            ErrorCode::InvalidTransition
        );
    }

    // The daily job's sweep proposes the severe one (revocation), once.
    let daily = |day| ocop_service::certificates::daily::run(db, day, "test-runner", None);
    assert_eq!(daily(d(2026, 12, 2)).await.unwrap().findings_proposed, 1);
    assert_eq!(daily(d(2026, 12, 3)).await.unwrap().findings_proposed, 0);
    let proposed = findings::get(db, &ha_tinh, severe.id).await.unwrap();
    assert_eq!(proposed.consequence, Some(Consequence::Revocation));
    // A revocation needs the decision's number and issuer.
    let mut decide = DecideInput {
        accept: true,
        decided_on: Some(d(2026, 12, 4)),
        note: "Vi phạm nghiêm trọng về nhãn".into(),
        ..Default::default()
    };
    let missing = findings::decide(db, &ha_tinh, severe.id, &decide).await.unwrap_err();
    assert_eq!(code_of(&missing), ErrorCode::ValidationFailed);
    decide.decision_number = "99/QĐ-UBND".into();
    decide.issuer_name = "UBND tỉnh Hà Tĩnh".into();
    findings::decide(db, &ha_tinh, severe.id, &decide)
        .await
        .expect("revoked");
    let shown = verify::lookup(db, &cert.verification_code).await.unwrap();
    assert_eq!(shown.certificate.status, CertificateStatus::Revoked);
    let tally = worklist::tally(db, &admin(), d(2026, 12, 1), d(2026, 12, 31))
        .await
        .unwrap();
    assert_eq!(tally.revocations, 1);
}

#[tokio::test]
async fn cases_from_complaints_merge_and_closed_cases_stay_closed() {
    let test = TestDatabase::new().await.expect("database");
    let db = &test.db;
    let cert = certificate(db, "Cam bù Hương Sơn", "3/QĐ-UBND").await;
    let ha_tinh = province("42");
    let open = |summary: &str| CaseInput {
        source: "agency_complaint".into(),
        verification_code: Some(cert.verification_code.clone()),
        summary: summary.into(),
        contact: None,
    };
    let a = cases::open(db, &ha_tinh, &open("Quản lý thị trường phản ánh tem giả"))
        .await
        .unwrap();
    let b = cases::open(db, &ha_tinh, &open("Phản ánh trùng")).await.unwrap();
    assert_eq!(a.province_code.as_deref(), Some("42"));
    let bad = cases::open(
        db,
        &ha_tinh,
        &CaseInput {
            source: "fake_report".into(),
            ..open("x")
        },
    )
    .await
    .unwrap_err();
    assert_eq!(code_of(&bad), ErrorCode::ValidationFailed);
    let self_merge = cases::merge(db, &ha_tinh, b.id, &cases::MergeInput { into: Some(b.id) })
        .await
        .unwrap_err();
    assert_eq!(code_of(&self_merge), ErrorCode::ValidationFailed);
    let merged = cases::merge(db, &ha_tinh, b.id, &cases::MergeInput { into: Some(a.id) })
        .await
        .unwrap();
    assert_eq!(merged.status, CaseStatus::Merged);
    assert_eq!(merged.merged_into, Some(a.id));
    assert_eq!(cases::get(db, &ha_tinh, a.id).await.unwrap().notes.len(), 1);
    let unknown = cases::open(
        db,
        &ha_tinh,
        &CaseInput {
            source: "agency_complaint".into(),
            verification_code: Some("ZZZZ".into()),
            summary: "Mã lạ".into(),
            contact: None,
        },
    )
    .await
    .unwrap();
    assert_eq!(unknown.province_code, None, "an unknown code goes to the central level");
    let close = CloseCaseInput {
        outcome: "unfounded".into(),
        note: "Không có vi phạm".into(),
    };
    cases::close(db, &ha_tinh, a.id, &close).await.unwrap();
    let again = cases::close(db, &ha_tinh, a.id, &close).await.unwrap_err();
    assert_eq!(code_of(&again), ErrorCode::InvalidTransition);
    // Producers see no cases.
    let owner = actor(
        Role::Producer,
        Scope::Producer {
            producer_id: ProducerId(cert.producer_id),
        },
    );
    assert!(cases::list(db, &owner, &Default::default()).await.is_err());
}
