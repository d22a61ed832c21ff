//! `ocop criteria …`: criteria sets on the command line.

use std::path::Path;

use anyhow::{Context as _, bail};
use ocop_domain::Lang;
use ocop_domain::evaluation::{CriteriaSet, LegalBases};

/// Checks a TOML or JSON criteria set. Prints every problem in Vietnamese with its location
/// and returns `false` when the file is not a valid set.
pub fn validate_file(path: &Path) -> anyhow::Result<bool> {
    let text = std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let set = match CriteriaSet::parse(&text) {
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
