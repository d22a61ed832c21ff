//! `ocop directives read FILE [--json]`, run as the built binary.

use std::process::Command;

const LETTER: &str = include_str!("../../../../reference/directives/unseen/102_province_letter_2023.txt");

fn read(args: &[&str], content: &[u8]) -> (i32, String, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("directive.txt");
    std::fs::write(&path, content).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_ocop"))
        .args(["directives", "read"])
        .arg(&path)
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn the_text_shows_header_tasks_with_office_deadline_source_and_targets() {
    let (code, stdout, stderr) = read(&[], LETTER.as_bytes());
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("Loại: Công văn"), "{stdout}");
    assert!(stdout.contains("Số: 1865/UBND-KT"), "{stdout}");
    assert!(stdout.contains("Ngày: 21/08/2023"), "{stdout}");
    // "UỶ" as the document spells it.
    assert!(stdout.contains("ban nhân dân tỉnh Quảng Bình"), "{stdout}");
    assert!(stdout.contains("Thời hạn: trước ngày 15/10/2023"), "{stdout}");
    assert!(stdout.contains("Nguồn (dòng "), "{stdout}");
    assert!(stdout.contains("Chỉ tiêu ("), "{stdout}");
    assert!(stdout.contains("Cán bộ được tập huấn: 50"), "{stdout}");
    // Never a storage code where a person reads.
    assert!(!stdout.contains("by:2023"), "{stdout}");
}

#[test]
fn json_is_the_preview_body() {
    let (code, stdout, _) = read(&["--json"], LETTER.as_bytes());
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(v["meta"]["number"], "1865/UBND-KT");
    assert_eq!(v["meta"]["kind"], "letter");
    assert!(v["tasks"].as_array().unwrap().len() >= 10);
    assert!(v["tasks"][0]["span"]["end"].as_u64().unwrap() > 0);
}

#[test]
fn a_file_that_is_not_text_is_refused_in_vietnamese() {
    let (code, _, stderr) = read(&[], &[0xff, 0xfe, 0x00, 0x01]);
    assert_ne!(code, 0);
    assert!(stderr.contains("không phải văn bản UTF-8"), "{stderr}");
}
