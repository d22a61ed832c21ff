//! Certificates through the services on the engine chosen by
//! `OCOP_TEST_DATABASE`: the SQL status filter agrees with the domain's
//! status function, imports are all-or-nothing, scans are counted.

use chrono::NaiveDate;
use ocop_domain::certificate::CertificateStatus;
use ocop_domain::certificate::validity::{expiring_cutoff, valid_through};
use ocop_domain::ids::UserId;
use ocop_domain::producer::ProducerInput;
use ocop_domain::product::ProductInput;
use ocop_domain::role::{Actor, Role, Scope};
use ocop_service::certificates::{self, import, verify};
use ocop_service::{ServiceError, producers, products};
use ocop_storage::entities::certificate;
use ocop_storage::repo::certificate_repo::{self, CertificateQuery};
use ocop_storage::repo::producer_repo;
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

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

async fn product(db: &ocop_storage::Database, name: &str, commune: &str) -> Uuid {
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
    products::create(db, &admin(), &input)
        .await
        .expect("product")
        .summary
        .id
}

#[tokio::test]
async fn the_sql_status_filter_agrees_with_the_domain_on_every_boundary() {
    let test = TestDatabase::new().await.expect("database");
    let db = &test.db;
    let product_id = product(db, "Nước mắm Phú Sang", "2025/commune/18673").await;
    let issued = record(
        db,
        &admin(),
        serde_json::json!({
            "decision": { "number": "1/QĐ-UBND", "decided_on": "2026-08-05", "issuer_name": "UBND tỉnh Hà Tĩnh",
                          "issuer_level": "province", "legal_basis": "qd148" },
            "items": [{ "product_id": product_id, "stars": 4, "score": 75.5 }]
        }),
    )
    .await
    .expect("issue");
    let template = certificate_repo::get(db.conn(), issued[0].id).await.unwrap().unwrap();
    // Rows with every combination of facts around a few issue dates.
    let mut rows = Vec::new();
    let starts = [d(2024, 2, 29), d(2026, 8, 5), d(2023, 1, 31), d(2026, 2, 6)];
    for (i, start) in starts.iter().enumerate() {
        for variant in 0..4 {
            let mut row = certificate::Model {
                id: Uuid::now_v7(),
                number: format!("T-{i}-{variant}"),
                verification_code: format!("CODE{i}{variant}"),
                issued_on: *start,
                valid_through: valid_through(*start),
                ..template.clone()
            };
            match variant {
                1 => row.revoked_on = Some(*start + chrono::Duration::days(400)),
                2 => row.superseded_on = Some(*start + chrono::Duration::days(700)),
                3 => row.suspended_on = Some(*start + chrono::Duration::days(100)),
                _ => {}
            }
            rows.push(row);
        }
    }
    certificate_repo::insert_many(db.conn(), rows.clone()).await.unwrap();
    rows.push(template);
    let days = [
        d(2026, 8, 4),
        d(2026, 8, 5),
        d(2027, 2, 28),
        d(2027, 3, 1),
        d(2027, 9, 8),
        d(2029, 2, 5),
        d(2029, 2, 6),
        d(2029, 8, 5),
        d(2029, 8, 6),
        d(2026, 2, 6),
        d(2028, 8, 6),
    ];
    for today in days {
        for status in CertificateStatus::ALL {
            let query = CertificateQuery {
                statuses: vec![status],
                today: Some(today),
                expiring_cutoff: Some(expiring_cutoff(today, 6)),
                limit: 1000,
                ..Default::default()
            };
            let mut found: Vec<Uuid> = certificate_repo::list(db.conn(), &query)
                .await
                .unwrap()
                .items
                .into_iter()
                .map(|c| c.id)
                .collect();
            let mut expected: Vec<Uuid> = rows
                .iter()
                .filter(|c| certificates::facts(c).status_on(today, 6) == status)
                .map(|c| c.id)
                .collect();
            found.sort_unstable();
            expected.sort_unstable();
            assert_eq!(found, expected, "{status:?} on {today}");
        }
    }
}

#[tokio::test]
async fn an_import_with_a_bad_row_saves_nothing_and_names_the_row() {
    let test = TestDatabase::new().await.expect("database");
    let db = &test.db;
    let a = product(db, "Mật ong Hương Sơn", "2025/commune/18673").await;
    let b = product(db, "Cam Khe Mây", "2025/commune/18673").await;
    let good = format!(
        "product_id,stars,score,legal_basis,decision_number,decision_date,issuer_name,issuer_level,certificate_number\n\
         {a},3,60,qd1048,12/QĐ-UBND,15/03/2021,UBND tỉnh Hà Tĩnh,province,\n\
         {a},4,72.5,qd148,99/QĐ-UBND,20/03/2024,UBND tỉnh Hà Tĩnh,province,HT-2024-0001\n"
    );
    let bad = format!("{good}{b},2,,qd148,100/QĐ-UBND,31/02/2024,UBND tỉnh Hà Tĩnh,province,\n");
    let err = import::import_csv(db, &admin(), bad.as_bytes()).await.unwrap_err();
    let ServiceError::Rejected(code, errors) = err else {
        panic!("expected a rejection: {err:?}")
    };
    assert_eq!(code, ocop_domain::ErrorCode::ImportRejected);
    let fields: Vec<&str> = errors.fields.iter().map(|f| f.field.as_str()).collect();
    assert_eq!(fields, ["rows[4].decision_date", "rows[4].stars"]);
    assert!(
        certificate_repo::all(db.conn()).await.unwrap().is_empty(),
        "nothing saved"
    );

    let outcome = import::import_csv(db, &admin(), good.as_bytes()).await.expect("import");
    assert_eq!(outcome.imported, 2);
    let history = certificate_repo::of_product(db.conn(), a).await.unwrap();
    assert_eq!(history.len(), 2);
    assert_eq!(
        history[0].superseded_by,
        Some(history[1].id),
        "the later row supersedes the earlier"
    );
    assert_eq!(history[1].number, "HT-2024-0001");
    assert!(history[0].number.starts_with("42-2021-3S-"), "{}", history[0].number);
    // Importing again conflicts with the history now present, row by row.
    let again = import::import_csv(db, &admin(), good.as_bytes()).await.unwrap_err();
    assert_eq!(again.code(), ocop_domain::ErrorCode::ImportRejected);
}

#[tokio::test]
async fn each_verification_counts_once_per_code_and_day() {
    let test = TestDatabase::new().await.expect("database");
    let db = &test.db;
    let product_id = product(db, "Kẹo cu đơ", "2025/commune/18673").await;
    let issued = record(
        db,
        &admin(),
        serde_json::json!({
            "decision": { "number": "7/QĐ-UBND", "decided_on": "2025-09-01", "issuer_name": "UBND tỉnh Hà Tĩnh",
                          "issuer_level": "province", "legal_basis": "qd148" },
            "items": [{ "product_id": product_id, "stars": 3 }]
        }),
    )
    .await
    .expect("issue");
    let code = issued[0].verification_code.clone();
    assert_eq!(code.len(), 21);
    let client = ocop_service::clients::ClientKey::new(b"test", std::net::IpAddr::from([203, 0, 113, 5]));
    for _ in 0..3 {
        verify::verify(db, &code, &client).await.expect("verify");
    }
    let seen = verify::verify(db, &code.to_lowercase(), &client)
        .await
        .expect("typed in lower case");
    assert_eq!(seen.scans_total, 4);
    assert!(matches!(
        verify::verify(db, "0000000000000000000000", &client).await,
        Err(ServiceError::NotFound)
    ));
    let numbers: Vec<_> = issued.iter().map(|c| c.number.clone()).collect();
    assert_eq!(numbers, ["42-2025-3S-00001"]);
}

/// A minimal .xlsx workbook with one sheet of inline strings (what a spreadsheet program saves, reduced).
fn xlsx(rows: &[Vec<&str>]) -> Vec<u8> {
    use std::io::Write;
    let mut sheet = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#,
    );
    for (r, cells) in rows.iter().enumerate() {
        sheet.push_str(&format!(r#"<row r="{}">"#, r + 1));
        for (c, value) in cells.iter().enumerate() {
            let col = (b'A' + c as u8) as char;
            sheet.push_str(&format!(
                r#"<c r="{col}{}" t="inlineStr"><is><t>{value}</t></is></c>"#,
                r + 1
            ));
        }
        sheet.push_str("</row>");
    }
    sheet.push_str("</sheetData></worksheet>");
    let files = [
        (
            "[Content_Types].xml",
            r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#.to_owned(),
        ),
        (
            "_rels/.rels",
            r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#.to_owned(),
        ),
        (
            "xl/workbook.xml",
            r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="GCN" sheetId="1" r:id="rId1"/></sheets></workbook>"#.to_owned(),
        ),
        (
            "xl/_rels/workbook.xml.rels",
            r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#.to_owned(),
        ),
        ("xl/worksheets/sheet1.xml", sheet),
    ];
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, content) in files {
        zip.start_file(name, zip::write::SimpleFileOptions::default()).unwrap();
        zip.write_all(content.as_bytes()).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

#[tokio::test]
async fn an_xlsx_import_reads_the_first_sheet_and_reports_rows_like_csv() {
    let test = TestDatabase::new().await.expect("database");
    let db = &test.db;
    let a = product(db, "Nhung hươu Hương Sơn", "2025/commune/18673")
        .await
        .to_string();
    let header = vec![
        "product_id",
        "stars",
        "score",
        "legal_basis",
        "decision_number",
        "decision_date",
        "issuer_name",
        "issuer_level",
        "certificate_number",
    ];
    let good = vec![
        &a[..],
        "4",
        "81,5",
        "qd148",
        "44/QĐ-UBND",
        "12/11/2024",
        "UBND tỉnh Hà Tĩnh",
        "province",
        "",
    ];
    let bad = vec![
        &a[..],
        "4",
        "",
        "qd999",
        "45/QĐ-UBND",
        "13/11/2024",
        "UBND tỉnh Hà Tĩnh",
        "province",
        "",
    ];
    let err = import::import_csv(db, &admin(), &xlsx(&[header.clone(), good.clone(), bad]))
        .await
        .unwrap_err();
    assert_eq!(err.field_errors().unwrap().fields[0].field, "rows[3].legal_basis");
    assert!(certificate_repo::all(db.conn()).await.unwrap().is_empty());
    let outcome = import::import_csv(db, &admin(), &xlsx(&[header, good]))
        .await
        .expect("import");
    assert_eq!(outcome.imported, 1);
    let saved = certificate_repo::get(db.conn(), outcome.ids[0]).await.unwrap().unwrap();
    assert_eq!(saved.score_x100, Some(8150));
    assert_eq!(saved.issued_on, d(2024, 11, 12));
    assert_eq!(saved.valid_through, d(2027, 11, 12));
    let garbage = import::import_csv(db, &admin(), b"PK\x03\x04 not a workbook")
        .await
        .unwrap_err();
    assert_eq!(
        garbage.field_errors().unwrap().fields[0].code,
        ocop_domain::ErrorCode::UnsupportedMediaType
    );
}

#[tokio::test]
async fn a_printed_certificate_names_its_legal_basis_and_dates_as_the_decision_does() {
    let test = TestDatabase::new().await.expect("database");
    let db = &test.db;
    let product_id = product(db, "Kẹo cu đơ Thiên Cầm", "2025/commune/18673").await;
    let issued = record(
        db,
        &admin(),
        serde_json::json!({
            "decision": { "number": "3981/QĐ-UBND", "decided_on": "2026-08-05", "issuer_name": "UBND tỉnh Hà Tĩnh",
                          "issuer_level": "province", "legal_basis": "qd148" },
            "items": [{ "product_id": product_id, "stars": 4, "score": 78.25 }]
        }),
    )
    .await
    .expect("issue");
    let sheet = certificates::printing::sheet(&issued[0]);
    assert_eq!(
        sheet.legal_basis.as_deref(),
        Some("QĐ 148/QĐ-TTg"),
        "the name, never the code"
    );
    assert_eq!(sheet.decision_number, "3981/QĐ-UBND");
    assert_eq!(sheet.issued_on, d(2026, 8, 5));
    assert_eq!(sheet.valid_through, d(2029, 8, 5));
    assert_eq!(sheet.place, "Hà Tĩnh");
    assert_eq!(sheet.stars, 4);
    // The product set by its name, never its code; the page says only what was recorded.
    assert_eq!(
        sheet.product_set.as_deref(),
        Some("Tương, nước mắm, gia vị dạng lỏng khác")
    );
    let data = ocop_documents::certificate::certificate_data(std::slice::from_ref(&sheet), "https://ocop.example")
        .expect("data");
    let text = ocop_documents::page_texts(ocop_documents::certificate::TEMPLATE, data)
        .expect("pages")
        .join(" ");
    assert!(text.contains("Tương, nước mắm, gia vị dạng lỏng khác"), "{text}");
    assert!(!text.contains("I.4.a"), "the code is not printed: {text}");
    assert!(!text.contains("đối chiếu"), "{text}");
}

/// Issue 12: whatever text the input gate accepts moves from SQLite to the engine under
/// test (PostgreSQL with `OCOP_TEST_DATABASE=postgres`) and back unchanged, and what it
/// refuses (a NUL, which PostgreSQL cannot store) never reaches a database.
#[tokio::test]
async fn accepted_text_moves_from_sqlite_to_the_engine_under_test_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let source = ocop_storage::Database::connect(&ocop_storage::Database::sqlite_url_in(dir.path()))
        .await
        .expect("sqlite");
    source.migrate().await.expect("migrate");
    let input = |name: &str, address: &str, seed: u64| -> ProducerInput {
        serde_json::from_value(serde_json::json!({
            "name": name, "legal_form": "cooperative",
            "tax_code": ocop_domain::identifiers::TaxCode::generate_valid(seed).as_str(),
            "representative": "Nguyễn Văn An", "commune_id": "2025/commune/18673", "address_line": address,
        }))
        .unwrap()
    };
    let texts = [
        ("HTX Ca\u{302}\u{309}m Xuye\u{302}n", "Thôn 1\r\n\tXóm \"Đình\" \\ số 2"),
        ("HTX 🍯 Mật\u{a0}ong\u{200d}rừng", "‘ngoặc’ — «Pháp» ＯＣＯＰ"),
        ("=HYPERLINK(\"x\")", "'; DROP TABLE producer; --"),
    ];
    let mut stored = Vec::new();
    for (i, (name, address)) in texts.iter().enumerate() {
        let created = producers::create(&source, &admin(), &input(name, address, 7_001 + i as u64))
            .await
            .expect("accepted");
        stored.push(created.id);
    }
    let first = producer_repo::get(source.conn(), stored[0]).await.unwrap().unwrap();
    assert_eq!(first.name, "HTX Cẩm Xuyên", "stored in NFC");
    assert_eq!(first.address_line.as_deref(), Some("Thôn 1\n\tXóm \"Đình\" \\ số 2"));
    for (name, address) in [("abc\u{0}def", "x"), ("HTX", "Thôn\u{0}1"), ("HTX\u{1b}[2J", "x")] {
        let refused = producers::create(&source, &admin(), &input(name, address, 7_100)).await;
        assert!(
            matches!(refused, Err(ServiceError::Validation(_))),
            "{name:?} {address:?}: {refused:?}"
        );
    }
    let mut dump = Vec::new();
    let exported = ocop_storage::transfer::export(&source, &mut dump)
        .await
        .expect("export");
    let target = TestDatabase::new().await.expect("target");
    let imported = ocop_storage::transfer::import(&target.db, dump.as_slice())
        .await
        .expect("the target engine takes every accepted text");
    assert_eq!(exported, imported);
    for id in stored {
        let before = producer_repo::get(source.conn(), id).await.unwrap().unwrap();
        let after = producer_repo::get(target.db.conn(), id).await.unwrap().unwrap();
        assert_eq!((&before.name, &before.address_line), (&after.name, &after.address_line));
    }
}

/// Identical fake reports arriving at once from one client are one report counted once each
/// (issue 12): the merge is one `INSERT … ON CONFLICT (merge_key) DO UPDATE`, so on PostgreSQL
/// two reports can no longer both find nothing and both insert. Another client's report is its
/// own, and a report after the window is a new one.
#[tokio::test]
async fn concurrent_identical_reports_are_one_report_counted_each_time() {
    use ocop_storage::entities::certificate_report;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

    let test = TestDatabase::new().await.expect("database");
    let db = &test.db;
    let product_id = product(db, "Kẹo cu đơ Thiên Cầm", "2025/commune/18673").await;
    let issued = record(
        db,
        &admin(),
        serde_json::json!({
            "decision": { "number": "8/QĐ-UBND", "decided_on": "2025-09-01", "issuer_name": "UBND tỉnh Hà Tĩnh",
                          "issuer_level": "province", "legal_basis": "qd148" },
            "items": [{ "product_id": product_id, "stars": 3 }]
        }),
    )
    .await
    .expect("issue");
    let code = issued[0].verification_code.clone();
    let client = ocop_service::clients::ClientKey::new(b"test", std::net::IpAddr::from([203, 0, 113, 7]));
    let input = verify::FakeReportInput {
        message: "Tem in mờ, hộp khác màu".into(),
        contact: None,
    };
    let attempts: Vec<_> = (0..8)
        .map(|_| {
            let (db, code, input, client) = (db.clone(), code.clone(), input.clone(), client.clone());
            tokio::spawn(async move { verify::report(&db, &code, &input, &client).await })
        })
        .collect();
    let mut receipts = Vec::new();
    for attempt in attempts {
        receipts.push(attempt.await.unwrap().expect("report"));
    }
    let stored = |db: ocop_storage::Database, code: String| async move {
        certificate_report::Entity::find()
            .filter(certificate_report::Column::VerificationCode.eq(code))
            .all(db.conn())
            .await
            .unwrap()
    };
    let rows = stored(db.clone(), code.clone()).await;
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert_eq!(rows[0].report_count, 8);
    assert_eq!(receipts.iter().filter(|r| !r.merged).count(), 1);
    assert!(receipts.iter().all(|r| r.id == rows[0].id));

    // Another client's report of the same code is its own.
    let other = ocop_service::clients::ClientKey::new(b"test", std::net::IpAddr::from([198, 51, 100, 9]));
    let theirs = verify::report(db, &code, &input, &other).await.expect("report");
    assert!(!theirs.merged);
    assert_eq!(stored(db.clone(), code.clone()).await.len(), 2);

    // After the window the same client's report is a new one.
    certificate_report::Entity::update_many()
        .col_expr(
            certificate_report::Column::LastReportedAt,
            sea_orm::sea_query::Expr::value(chrono::Utc::now() - chrono::Duration::hours(25)),
        )
        .filter(certificate_report::Column::Id.eq(rows[0].id))
        .exec(db.conn())
        .await
        .unwrap();
    let later = verify::report(db, &code, &input, &client).await.expect("report");
    assert!(!later.merged);
    assert_ne!(later.id, rows[0].id);
    let rows = stored(db.clone(), code.clone()).await;
    assert_eq!(rows.len(), 3);
    assert_eq!(rows.iter().find(|r| r.id == later.id).unwrap().report_count, 1);
}

/// Issue 11: a certificate freezes the commune of its date. A product still recorded on a
/// commune of the old list (before 01/07/2025) gets, on a certificate decided after the
/// reform, today's commune that took it over; on a decision before the reform, its old one.
#[tokio::test]
async fn a_certificate_after_the_reform_names_the_commune_that_took_over_the_old_one() {
    let test = TestDatabase::new().await.expect("database");
    let db = &test.db;
    let late = product(db, "Kẹo cu đơ Cẩm Xuyên", "pre2025/commune/18673").await;
    let early = product(db, "Mật ong Cẩm Xuyên", "pre2025/commune/18673").await;
    for (product_id, number, on, expected) in [
        (late, "3982/QĐ-UBND", "2026-08-05", "2025/commune/18673"),
        (early, "512/QĐ-UBND", "2025-03-10", "pre2025/commune/18673"),
    ] {
        let issued = record(
            db,
            &admin(),
            serde_json::json!({
                "decision": { "number": number, "decided_on": on, "issuer_name": "UBND tỉnh Hà Tĩnh",
                              "issuer_level": "province", "legal_basis": "qd148" },
                "items": [{ "product_id": product_id, "stars": 4, "score": 78.25 }]
            }),
        )
        .await
        .expect("issue");
        let row = certificate_repo::get(db.conn(), issued[0].id)
            .await
            .unwrap()
            .expect("stored");
        assert_eq!(row.certified_commune_id, expected, "decision of {on}");
    }
}
