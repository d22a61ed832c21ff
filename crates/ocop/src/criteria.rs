//! `ocop criteria …`: criteria sets on the command line.

use std::path::Path;

use anyhow::Context as _;
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
