//! `ocop batches document` through the real binary: a batch's minutes as PDF (the only
//! document before any result), the result table refused with the reason, unknown documents
//! and batches named.

use std::path::Path;
use std::process::{Command, Output, Stdio};

use ocop_service::councils::batches::{self, BatchInput};
use ocop_service::councils::{self, CouncilInput};
use ocop_storage::Database;

fn ocop(data_dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ocop"))
        .args(args)
        .env("OCOP_DATA_DIR", data_dir)
        .env_remove("OCOP_DATABASE_URL")
        .env("RUST_LOG", "warn")
        .stdin(Stdio::null())
        .output()
        .expect("run ocop")
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

#[tokio::test]
async fn a_batch_document_is_written_as_pdf_and_a_missing_result_is_explained() {
    let dir = tempfile::tempdir().unwrap();
    let migrated = ocop(dir.path(), &["migrate"]);
    assert!(migrated.status.success(), "{}", text(&migrated));
    let db = Database::connect(&Database::sqlite_url_in(dir.path()))
        .await
        .expect("open");
    let admin = ocop_service::accounts::create_user(
        &db,
        None,
        &ocop_service::accounts::NewUser {
            username: "quantri".into(),
            display_name: "Quản trị".into(),
            password: "correct horse battery".into(),
            role: "administrator".into(),
            scope_unit_id: None,
            producer_id: None,
        },
    )
    .await
    .expect("admin");
    let model = ocop_storage::repo::user_repo::get(db.conn(), admin.id)
        .await
        .unwrap()
        .unwrap();
    let actor = ocop_service::accounts::actor_of(&db, &model).await.unwrap();
    let today = ocop_service::admin_units::today();
    let council = councils::create_council(
        &db,
        &actor,
        &CouncilInput {
            name: "Hội đồng đánh giá, phân hạng sản phẩm OCOP tỉnh Hà Tĩnh".into(),
            level: "province".into(),
            unit_id: "2025/province/42".into(),
            decision_number: "1234/QĐ-UBND".into(),
            decision_date: Some(today - chrono::Duration::days(30)),
        },
    )
    .await
    .expect("council");
    let batch = batches::create(
        &db,
        &actor,
        &BatchInput {
            council_id: Some(council.id),
            name: "Đợt 2 năm 2026".into(),
            starts_on: Some(today),
            ends_on: Some(today + chrono::Duration::days(20)),
            meeting_on: Some(today + chrono::Duration::days(10)),
        },
    )
    .await
    .expect("batch");
    db.close().await.unwrap();
    let id = batch.id.to_string();

    let output = dir.path().join("bien-ban.pdf");
    let written = ocop(
        dir.path(),
        &[
            "batches",
            "document",
            &id,
            "minutes.pdf",
            "--output",
            output.to_str().unwrap(),
        ],
    );
    assert!(written.status.success(), "{}", text(&written));
    let pdf = std::fs::read(&output).unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
    assert!(pdf.windows(9).any(|w| w == b"/FontFile"), "the font is embedded");
    assert!(text(&written).contains("bien-ban.pdf"), "{}", text(&written));

    let no_results = ocop(
        dir.path(),
        &[
            "batches",
            "document",
            &id,
            "results.pdf",
            "--output",
            output.to_str().unwrap(),
        ],
    );
    assert!(!no_results.status.success());
    assert!(text(&no_results).contains("chưa có kết quả"), "{}", text(&no_results));

    let unknown = ocop(
        dir.path(),
        &[
            "batches",
            "document",
            &id,
            "minutes.docx",
            "--output",
            output.to_str().unwrap(),
        ],
    );
    assert!(!unknown.status.success());
    assert!(
        text(&unknown).contains("results|minutes|decision"),
        "{}",
        text(&unknown)
    );

    let nil = uuid::Uuid::nil().to_string();
    let missing = ocop(
        dir.path(),
        &[
            "batches",
            "document",
            &nil,
            "minutes.pdf",
            "--output",
            output.to_str().unwrap(),
        ],
    );
    assert!(!missing.status.success());
    assert!(text(&missing).contains("không có đợt đánh giá"), "{}", text(&missing));
}
