//! The daily certificate job (notices, audit, once per day across runners, e-mail
//! through a relay) and certificate printing, on the engine chosen by
//! `OCOP_TEST_DATABASE`.

use chrono::NaiveDate;
use ocop_domain::ids::UserId;
use ocop_domain::producer::ProducerInput;
use ocop_domain::product::ProductInput;
use ocop_domain::role::{Actor, Role, Scope};
use ocop_service::certificates::{self, CertificateDto, daily, printing};
use ocop_service::mail::SmtpConfig;
use ocop_service::{ServiceError, producers, products};
use ocop_storage::Database;
use ocop_storage::repo::{audit_repo, job_repo};
use ocop_storage::testing::TestDatabase;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
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

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// A 4★ certificate issued on 05/08/2026 (valid through 05/08/2029) to a producer with an e-mail.
async fn certificate(db: &Database, name: &str, number: &str) -> CertificateDto {
    let producer: ProducerInput = serde_json::from_value(serde_json::json!({
        "name": format!("HTX {name}"), "legal_form": "cooperative",
        "tax_code": ocop_domain::identifiers::TaxCode::generate_valid(name.len() as u64 * 7919).as_str(),
        "representative": "Nguyễn Văn An", "commune_id": "2025/commune/18673", "phone": "0912345678",
        "email": "htx@example.vn",
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
    record(
        db,
        &admin(),
        serde_json::json!({
            "decision": { "number": number, "decided_on": "2026-08-05", "issuer_name": "UBND tỉnh Hà Tĩnh",
                          "issuer_level": "province", "legal_basis": "qd148" },
            "items": [{ "product_id": product_id, "stars": 4, "score": 75.5 }]
        }),
    )
    .await
    .expect("issue")
    .remove(0)
}

async fn audit_actions(db: &Database) -> Vec<String> {
    audit_repo::list(db.conn(), &audit_repo::AuditFilter::default(), 0, 1000)
        .await
        .unwrap()
        .items
        .into_iter()
        .map(|e| e.action)
        .collect()
}

#[tokio::test]
async fn the_daily_job_records_each_transition_once_with_an_audit_entry() {
    let test = TestDatabase::new().await.expect("database");
    let db = &test.db;
    let cert = certificate(db, "Nước mắm Phú Sang", "1/QĐ-UBND").await;

    // Still valid the day before the 6-month window opens (06/02/2029): nothing to record.
    let before = daily::run(db, d(2029, 2, 5), "test", None).await.unwrap();
    assert!(before.ran);
    assert_eq!((before.expiring, before.expired), (0, 0));

    let expiring = daily::run(db, d(2029, 2, 6), "test", None).await.unwrap();
    assert_eq!((expiring.expiring, expiring.expired), (1, 0));
    // The same day again: the lease is taken, nothing runs.
    let again = daily::run(db, d(2029, 2, 6), "other", None).await.unwrap();
    assert!(!again.ran);
    // The next day: still expiring, already noticed.
    let next = daily::run(db, d(2029, 2, 7), "test", None).await.unwrap();
    assert_eq!((next.expiring, next.expired), (0, 0));

    // Valid through 05/08/2029 inclusive; expired on 06/08/2029.
    let last = daily::run(db, d(2029, 8, 5), "test", None).await.unwrap();
    assert_eq!((last.expiring, last.expired), (0, 0));
    let expired = daily::run(db, d(2029, 8, 6), "test", None).await.unwrap();
    assert_eq!((expired.expiring, expired.expired), (0, 1));

    let notices = job_repo::notices(
        db.conn(),
        &job_repo::NoticeQuery {
            producer_id: Some(cert.producer_id),
            limit: 10,
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let kinds: Vec<(String, NaiveDate)> = notices.iter().map(|n| (n.kind.clone(), n.day)).collect();
    assert_eq!(
        kinds,
        vec![
            ("expired".to_owned(), d(2029, 8, 6)),
            ("expiring".to_owned(), d(2029, 2, 6))
        ]
    );
    let actions = audit_actions(db).await;
    assert_eq!(actions.iter().filter(|a| *a == "certificate.expiring").count(), 1);
    assert_eq!(actions.iter().filter(|a| *a == "certificate.expired").count(), 1);
    let lease = job_repo::lease(db.conn(), daily::JOB, d(2029, 8, 6))
        .await
        .unwrap()
        .unwrap();
    assert!(lease.finished_at.is_some());
    assert!(lease.summary.unwrap().contains("\"expired\":1"));
}

#[tokio::test]
async fn a_certificate_first_seen_expired_gets_only_the_expired_notice_and_a_revoked_one_none() {
    let test = TestDatabase::new().await.expect("database");
    let db = &test.db;
    certificate(db, "Mắm tôm Hà Tĩnh", "2/QĐ-UBND").await;
    let revoked = certificate(db, "Kẹo cu đơ", "3/QĐ-UBND").await;
    certificates::lifecycle::revoke(
        db,
        &admin(),
        revoked.id,
        &serde_json::from_value(serde_json::json!({
            "ground": "food_safety_violation", "decision_number": "9/QĐ-UBND", "decided_on": "2027-01-10",
            "issuer_name": "UBND tỉnh Hà Tĩnh"
        }))
        .unwrap(),
    )
    .await
    .expect("revoke");
    let outcome = daily::run(db, d(2030, 1, 1), "test", None).await.unwrap();
    // One notice per certificate per event: not "Sắp hết hạn" and "Hết hiệu lực" the same day.
    assert_eq!((outcome.expiring, outcome.expired), (0, 1));
}

#[tokio::test]
async fn two_runners_racing_for_the_same_day_run_the_job_once() {
    let test = TestDatabase::new().await.expect("database");
    certificate(&test.db, "Nước mắm Phú Sang", "4/QĐ-UBND").await;
    // A second connection pool, as a second server process would have.
    let other = Database::connect(&test.url).await.expect("second pool");
    for round in 0..5 {
        let day = d(2029, 3, 1 + round);
        let (a, b) = tokio::join!(
            daily::run(&test.db, day, "runner-a", None),
            daily::run(&other, day, "runner-b", None)
        );
        let (a, b) = (a.unwrap(), b.unwrap());
        assert!(a.ran ^ b.ran, "round {round}: exactly one runs ({} / {})", a.ran, b.ran);
        let lease = job_repo::lease(test.db.conn(), daily::JOB, day).await.unwrap().unwrap();
        assert_eq!(lease.holder, if a.ran { "runner-a" } else { "runner-b" });
    }
    // The expiring notice was recorded once, by whichever runner won the first day.
    let notices = job_repo::notices(
        test.db.conn(),
        &job_repo::NoticeQuery {
            limit: 10,
            ..Default::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(notices.len(), 1);
}

/// A relay that accepts one message and hands back what it received after DATA.
async fn fake_relay() -> (String, tokio::task::JoinHandle<String>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap().to_string();
    let handle = tokio::spawn(async move {
        let (stream, _) = listener.accept().await.unwrap();
        let mut stream = BufReader::new(stream);
        stream.get_mut().write_all(b"220 relay ready\r\n").await.unwrap();
        let (mut data, mut in_data) = (String::new(), false);
        loop {
            let mut line = String::new();
            if stream.read_line(&mut line).await.unwrap() == 0 {
                break;
            }
            if in_data {
                if line == ".\r\n" {
                    in_data = false;
                    stream.get_mut().write_all(b"250 queued\r\n").await.unwrap();
                } else {
                    data.push_str(&line);
                }
                continue;
            }
            let reply: &[u8] = match line.get(..4).unwrap_or_default() {
                "EHLO" => b"250-relay\r\n250 8BITMIME\r\n",
                "DATA" => {
                    in_data = true;
                    b"354 go on\r\n"
                }
                "QUIT" => {
                    stream.get_mut().write_all(b"221 bye\r\n").await.unwrap();
                    break;
                }
                _ => b"250 ok\r\n",
            };
            stream.get_mut().write_all(reply).await.unwrap();
        }
        data
    });
    (addr, handle)
}

#[tokio::test]
async fn notices_are_emailed_through_the_relay_once() {
    let test = TestDatabase::new().await.expect("database");
    let db = &test.db;
    let cert = certificate(db, "Nước mắm Phú Sang", "5/QĐ-UBND").await;
    let (relay, received) = fake_relay().await;
    let smtp = SmtpConfig {
        relay,
        from: "ocop@hatinh.gov.vn".into(),
    };
    let outcome = daily::run(db, d(2029, 3, 1), "test", Some(&smtp)).await.unwrap();
    assert_eq!((outcome.expiring, outcome.emailed, outcome.email_failures), (1, 1, 0));
    let message = received.await.unwrap();
    assert!(message.contains("To: htx@example.vn"), "{message}");
    assert!(message.contains("Subject: =?UTF-8?B?"), "{message}");
    assert!(message.contains(&cert.number) || message.contains("Content-Transfer-Encoding: base64"));
    // Nothing left to send: a run on the next day with an unreachable relay sends nothing and fails nothing.
    let dead = SmtpConfig {
        relay: "127.0.0.1:9".into(),
        from: "ocop@hatinh.gov.vn".into(),
    };
    let next = daily::run(db, d(2029, 3, 2), "test", Some(&dead)).await.unwrap();
    assert_eq!((next.emailed, next.email_failures), (0, 0));
}

#[tokio::test]
async fn officials_in_scope_print_certificates_and_others_are_refused() {
    let test = TestDatabase::new().await.expect("database");
    let db = &test.db;
    let first = certificate(db, "Nước mắm Phú Sang", "6/QĐ-UBND").await;
    let base = "https://ocop.hatinh.gov.vn";
    let pdf = printing::certificate_pdf(db, &admin(), first.id, base).await.unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
    let decision_id = first.decision.as_ref().unwrap().id;
    let whole = printing::decision_pdf(db, &admin(), decision_id, base).await.unwrap();
    assert!(whole.starts_with(b"%PDF-"));

    let elsewhere = Actor {
        user_id: UserId::new(),
        username: "canbo.tinh.khac".into(),
        role: Role::ProvinceOfficer,
        scope: Scope::Province {
            province_code: "01".into(),
        },
    };
    let refused = printing::certificate_pdf(db, &elsewhere, first.id, base)
        .await
        .unwrap_err();
    assert!(matches!(refused, ServiceError::Forbidden), "{refused:?}");
    let refused = printing::decision_pdf(db, &elsewhere, decision_id, base)
        .await
        .unwrap_err();
    assert!(matches!(refused, ServiceError::Forbidden), "{refused:?}");
    let producer = Actor {
        user_id: UserId::new(),
        username: "htx".into(),
        role: Role::Producer,
        scope: Scope::Producer {
            producer_id: ocop_domain::ids::ProducerId(first.producer_id),
        },
    };
    assert!(matches!(
        printing::certificate_pdf(db, &producer, first.id, base)
            .await
            .unwrap_err(),
        ServiceError::Forbidden
    ));
    let missing = printing::decision_pdf(db, &admin(), Uuid::now_v7(), base)
        .await
        .unwrap_err();
    assert!(matches!(missing, ServiceError::NotFound), "{missing:?}");

    let sheet = printing::sheet(&first);
    assert_eq!(sheet.issuer, "Ủy ban nhân dân tỉnh Hà Tĩnh");
    assert_eq!(sheet.place, "Hà Tĩnh");
    assert_eq!(sheet.stars, 4);
}
