//! `ocop criteria validate FILE`, run as the built binary.

use std::process::Command;

const QD1048: &str = include_str!("../../../../reference/criteria/qd1048_rau_cu_qua_hat_tuoi.toml");

fn validate(name: &str, content: &str) -> (i32, String, String) {
    validate_bytes(name, content.as_bytes())
}

fn validate_bytes(name: &str, content: &[u8]) -> (i32, String, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, content).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_ocop"))
        .args(["criteria", "validate"])
        .arg(&path)
        .output()
        .unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn the_qd1048_sheet_is_valid_as_toml() {
    let (code, stdout, _) = validate("qd1048.toml", QD1048);
    assert_eq!(code, 0);
    assert!(stdout.contains("hợp lệ"), "{stdout}");
    assert!(stdout.contains("31 tiêu chí"), "{stdout}");
}

#[test]
fn every_problem_is_printed_in_vietnamese_with_its_location() {
    // 6.2: top option 8 → 9 (criterion and group 6 break); 1.1 duplicated as 1.2
    let broken = QD1048
        .replacen(
            "{ text = \"Rất phù hợp\", points = 8 }",
            "{ text = \"Rất phù hợp\", points = 9 }",
            1,
        )
        .replacen("code = \"1.2\"", "code = \"1.1\"", 1);
    let (code, _, stderr) = validate("broken.toml", &broken);
    assert_eq!(code, 1);
    assert!(stderr.contains("A / 1 / 1.1: mã 1.1 bị trùng"), "{stderr}");
    assert!(
        stderr.contains("C / 6 / 6.2: điểm tối đa 8.00 khác mức điểm cao nhất 9.00"),
        "{stderr}"
    );
    assert!(stderr.contains("2 lỗi"), "{stderr}");
}

#[test]
fn json_is_read_too_and_garbage_is_refused() {
    let set = ocop_domain::evaluation::CriteriaSet::from_toml(QD1048).unwrap();
    let (code, _, _) = validate("qd1048.json", &set.to_json());
    assert_eq!(code, 0);
    let (code, _, stderr) = validate("garbage.toml", "this is = not [a sheet");
    assert_eq!(code, 1);
    assert!(stderr.contains("không đọc được bộ tiêu chí"), "{stderr}");
}

#[test]
fn a_demo_sheet_is_printed_marked_and_valid() {
    let out = Command::new(env!("CARGO_BIN_EXE_ocop"))
        .args([
            "criteria",
            "sample",
            "--basis",
            "QD148-1489-2025",
            "--product-set",
            "I.1.a",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let toml = String::from_utf8(out.stdout).unwrap();
    assert!(
        toml.contains("Bộ tiêu chí mẫu — không phải văn bản chính thức"),
        "{toml}"
    );
    let (code, _, stderr) = validate("sample.toml", &toml);
    assert_eq!(code, 0, "{stderr}");
    let unknown = Command::new(env!("CARGO_BIN_EXE_ocop"))
        .args([
            "criteria",
            "sample",
            "--basis",
            "QD148-1489-2025",
            "--product-set",
            "Z.9",
        ])
        .output()
        .unwrap();
    assert_ne!(unknown.status.code(), Some(0));
}

#[test]
fn an_xlsx_workbook_is_read_and_its_bad_cells_named_by_row_and_column() {
    let set = ocop_domain::evaluation::CriteriaSet::qd1048_fresh_produce();
    let (code, stdout, stderr) = validate_bytes("qd1048.xlsx", &ocop_service::criteria_xlsx::write(&set));
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("hợp lệ"), "{stdout}");
    let mut broken = set.clone();
    broken.parts[0].groups[0].criteria[0].options[1].text.clear();
    let (code, _, stderr) = validate_bytes("broken.xlsx", &ocop_service::criteria_xlsx::write(&broken));
    assert_eq!(code, 1);
    assert!(stderr.contains("dòng 3, cột option_text"), "{stderr}");
}
