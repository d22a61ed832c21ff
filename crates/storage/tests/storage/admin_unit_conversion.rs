//! Checks the shipped administrative-unit reference data (`reference/admin-units/`):
//! row counts of the five unit lists, that every code in `conversion_2025.csv` exists,
//! and that the conversion agrees with the official table of the statistics office
//! (`../shared/data/admin-units/dvhc_conversion_2025.csv`, never committed) within 0.1 %.
//!
//! Without `../shared` the official comparison is skipped, unless `OCOP_REQUIRE_SHARED=1`.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

/// Largest allowed (pairs only in ours + pairs only in the official table) / official pairs.
const MAX_DISAGREEMENT: f64 = 0.001;

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn reference(name: &str) -> PathBuf {
    repo_root().join("reference/admin-units").join(name)
}

/// Reads a CSV with a header row into one map per record.
fn read_csv(path: &Path) -> Vec<HashMap<String, String>> {
    let mut reader = csv::Reader::from_path(path).unwrap_or_else(|e| panic!("cannot open {}: {e}", path.display()));
    let headers = reader.headers().expect("header row").clone();
    reader
        .records()
        .map(|r| {
            let r = r.unwrap_or_else(|e| panic!("bad record in {}: {e}", path.display()));
            headers
                .iter()
                .map(String::from)
                .zip(r.iter().map(String::from))
                .collect()
        })
        .collect()
}

fn codes(file: &str) -> HashSet<String> {
    read_csv(&reference(file))
        .into_iter()
        .map(|r| r["code"].clone())
        .collect()
}

/// A conversion pair; an old district that became a special zone as a whole has no old commune.
fn pair(old_district: &str, old_commune: &str, new_commune: &str) -> (String, String) {
    let old = if old_commune.is_empty() {
        format!("district:{old_district}")
    } else {
        old_commune.to_string()
    };
    (old, new_commune.to_string())
}

#[test]
fn unit_lists_have_the_official_row_counts() {
    for (file, expected) in [
        ("provinces_2025.csv", 34),
        ("communes_2025.csv", 3321),
        ("provinces_pre2025.csv", 63),
        ("districts_pre2025.csv", 696),
        ("communes_pre2025.csv", 10035),
    ] {
        let rows = read_csv(&reference(file));
        assert_eq!(
            rows.len(),
            expected,
            "{file}: expected {expected} rows, found {}",
            rows.len()
        );
        let unique: HashSet<_> = rows.iter().map(|r| &r["code"]).collect();
        assert_eq!(unique.len(), rows.len(), "{file}: duplicate codes");
    }
}

#[test]
fn every_conversion_code_exists_in_its_list() {
    let lists = [
        ("old_province_code", codes("provinces_pre2025.csv")),
        ("old_district_code", codes("districts_pre2025.csv")),
        ("old_commune_code", codes("communes_pre2025.csv")),
        ("new_province_code", codes("provinces_2025.csv")),
        ("new_commune_code", codes("communes_2025.csv")),
    ];
    let rows = read_csv(&reference("conversion_2025.csv"));
    assert!(!rows.is_empty(), "conversion_2025.csv is empty");
    for (i, row) in rows.iter().enumerate() {
        for (column, known) in &lists {
            let code = &row[*column];
            // Only the 5 island districts that became special zones have no old commune.
            if code.is_empty() && *column == "old_commune_code" {
                continue;
            }
            assert!(
                known.contains(code),
                "conversion_2025.csv line {}: {column} {code:?} is not in its list",
                i + 2
            );
        }
        let kind = &row["kind"];
        assert!(
            kind == "full" || kind == "partial",
            "conversion_2025.csv line {}: kind {kind:?}",
            i + 2
        );
    }
}

#[test]
fn conversion_agrees_with_the_official_table() {
    let official_path = repo_root().join("../shared/data/admin-units/dvhc_conversion_2025.csv");
    if !official_path.exists() {
        let required = std::env::var("OCOP_REQUIRE_SHARED").is_ok_and(|v| v == "1");
        assert!(
            !required,
            "OCOP_REQUIRE_SHARED=1 but {} is missing",
            official_path.display()
        );
        eprintln!(
            "SKIPPED: {} not found (set OCOP_REQUIRE_SHARED=1 to fail instead)",
            official_path.display()
        );
        return;
    }
    let official: HashSet<_> = read_csv(&official_path)
        .iter()
        .map(|r| pair(&r["old_district_code"], &r["old_ward_code"], &r["new_ward_code"]))
        .collect();
    let ours: HashSet<_> = read_csv(&reference("conversion_2025.csv"))
        .iter()
        .map(|r| pair(&r["old_district_code"], &r["old_commune_code"], &r["new_commune_code"]))
        .collect();
    let only_ours: Vec<_> = ours.difference(&official).collect();
    let only_official: Vec<_> = official.difference(&ours).collect();
    let disagreement = (only_ours.len() + only_official.len()) as f64 / official.len() as f64;
    eprintln!(
        "conversion vs official: {} official pairs, {} ours, {} only ours, {} only official ({:.4} %)",
        official.len(),
        ours.len(),
        only_ours.len(),
        only_official.len(),
        disagreement * 100.0
    );
    assert!(
        disagreement <= MAX_DISAGREEMENT,
        "conversion_2025.csv disagrees with the official table on {:.4} % of pairs (max {:.1} %)\n\
         only ours: {only_ours:?}\nonly official: {only_official:?}",
        disagreement * 100.0,
        MAX_DISAGREEMENT * 100.0
    );
}
