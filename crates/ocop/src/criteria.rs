//! `ocop criteria …`: criteria sets on the command line.

use std::path::Path;

use anyhow::{Context as _, bail};
use ocop_domain::Lang;
use ocop_domain::evaluation::{CriteriaSet, LegalBases};

/// Checks a TOML, JSON or .xlsx criteria set. Prints every problem in Vietnamese with its
/// location (for .xlsx, the row and column) and returns `false` when the file is not a valid set.
pub fn validate_file(path: &Path) -> anyhow::Result<bool> {
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    let parsed = if ocop_service::criteria_xlsx::is_xlsx(&bytes) {
        match ocop_service::criteria_xlsx::parse(&bytes) {
            Ok(set) => Ok(set),
            Err(errors) => {
                for error in &errors.fields {
                    eprintln!(
                        "{}: {}: {}",
                        path.display(),
                        xlsx_location(&error.field),
                        error.code.message(Lang::Vi)
                    );
                }
                eprintln!(
                    "{}: {} lỗi, bộ tiêu chí chưa hợp lệ",
                    path.display(),
                    errors.fields.len()
                );
                return Ok(false);
            }
        }
    } else {
        String::from_utf8(bytes)
            .map_err(|_| ocop_domain::evaluation::criteria::FormatError("không phải văn bản UTF-8".to_owned()))
            .and_then(|text| CriteriaSet::parse(&text))
    };
    let set = match parsed {
        Ok(set) => set,
        Err(e) => {
            eprintln!("{}: không đọc được bộ tiêu chí (TOML hoặc JSON): {e}", path.display());
            return Ok(false);
        }
    };
    match set.validate(LegalBases::official()) {
        Ok(()) => {
            let criteria = set.criteria().count();
            println!("{}: hợp lệ — {} ({criteria} tiêu chí)", path.display(), set.title);
            Ok(true)
        }
        Err(problems) => {
            for problem in &problems {
                eprintln!("{}: {}", path.display(), problem.message(Lang::Vi));
            }
            eprintln!("{}: {} lỗi, bộ tiêu chí chưa hợp lệ", path.display(), problems.len());
            Ok(false)
        }
    }
}

/// `rows[7].points` as "dòng 7, cột points"; other locations as they are.
fn xlsx_location(field: &str) -> String {
    field
        .strip_prefix("rows[")
        .and_then(|rest| rest.split_once("]."))
        .map_or_else(|| field.to_owned(), |(row, column)| format!("dòng {row}, cột {column}"))
}

/// A demo sheet (TOML) for a QĐ 148 / 26-2026 product set under a legal basis.
pub fn sample(basis: &str, product_set: &str) -> anyhow::Result<String> {
    let Some(basis) = LegalBases::official().get(basis) else {
        bail!("không có căn cứ pháp lý {basis} (unknown legal basis)");
    };
    let sets = ocop_storage::reference::product_sets::shipped().map_err(anyhow::Error::msg)?;
    let Some(set) = sets
        .iter()
        .find(|s| s.code == product_set && s.classification == "qd148")
    else {
        bail!("không có bộ sản phẩm {product_set} (unknown product set)");
    };
    Ok(ocop_domain::evaluation::sample::sample_sheet(basis, &set.code, &set.name).to_toml())
}
