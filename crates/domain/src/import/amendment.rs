//! Later changes to the administrative units, loaded as data.
//!
//! An amendment file is a CSV with the columns
//! `effective,level,code,before,after,before_type,after_type,basis`
//! (level `province` or `ward`/`commune`). Each row renames or re-types one
//! unit from its effective date: the unit in force the day before is closed,
//! a new row with the same code opens, and a `renamed` link joins them, so
//! records made before keep their unit and can be shown under the new one.

use crate::admin_unit::AdminLevel;
use chrono::NaiveDate;

use super::{field, read_csv};

/// One parsed amendment row.
#[derive(Debug, Clone, PartialEq)]
pub struct Amendment {
    /// First day of the new state.
    pub effective: NaiveDate,
    /// Level of the unit.
    pub level: AdminLevel,
    /// Official code (unchanged by a rename).
    pub code: String,
    /// Full name before, checked against the database.
    pub before: String,
    /// Full name after.
    pub after: String,
    /// Unit type after.
    pub after_type: String,
    /// Legal basis, kept for the record.
    pub basis: String,
}

/// The type prefixes a full name starts with, longest first.
const PREFIXES: [&str; 7] = [
    "Thành phố ",
    "Thị trấn ",
    "Đặc khu ",
    "Phường ",
    "Tỉnh ",
    "Xã ",
    "Thị xã ",
];

/// The name without its type prefix ("Phường Lộc Ninh" → "Lộc Ninh").
pub fn short_name(full_name: &str) -> &str {
    PREFIXES
        .iter()
        .find_map(|p| full_name.strip_prefix(p))
        .unwrap_or(full_name)
}

/// Parses an amendment file; errors name the row.
pub fn parse(text: &str) -> Result<Vec<Amendment>, String> {
    let mut amendments = Vec::new();
    for (index, row) in read_csv(text)?.into_iter().enumerate() {
        let line = index + 2;
        let at = |e: String| format!("dòng {line}: {e}");
        let effective = NaiveDate::parse_from_str(field(&row, "effective").map_err(at)?, "%Y-%m-%d")
            .map_err(|_| format!("dòng {line}: ngày hiệu lực không hợp lệ (cần yyyy-mm-dd)"))?;
        let level = match field(&row, "level").map_err(at)? {
            "province" => AdminLevel::Province,
            "ward" | "commune" => AdminLevel::Commune,
            other => return Err(format!("dòng {line}: cấp không hợp lệ: {other}")),
        };
        let code = field(&row, "code").map_err(at)?.to_owned();
        let valid_code = matches!(
            (level, code.len()),
            (AdminLevel::Province, 2) | (AdminLevel::Commune, 5)
        ) && code.chars().all(|c| c.is_ascii_digit());
        if !valid_code {
            return Err(format!("dòng {line}: mã đơn vị không hợp lệ: {code}"));
        }
        let after = field(&row, "after").map_err(at)?.to_owned();
        if after.is_empty() {
            return Err(format!("dòng {line}: thiếu tên mới"));
        }
        amendments.push(Amendment {
            effective,
            level,
            code,
            before: field(&row, "before").map_err(at)?.to_owned(),
            after,
            after_type: field(&row, "after_type").map_err(at)?.to_owned(),
            basis: row.get("basis").cloned().unwrap_or_default(),
        });
    }
    // Provinces first, so communes find their new parent.
    amendments.sort_by_key(|a| (a.effective, a.level != AdminLevel::Province));
    Ok(amendments)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_parses_with_provinces_first() {
        let text = "effective,level,code,before,after,before_type,after_type,basis\n\
            2026-04-30,ward,25270,Xã Lộc Ninh,Phường Lộc Ninh,Xã,Phường,NQ\n\
            2026-04-30,province,75,Tỉnh Đồng Nai,Thành phố Đồng Nai,Tỉnh,Thành phố trực thuộc trung ương,NQ\n";
        let parsed = parse(text).expect("valid");
        assert_eq!(parsed[0].level, AdminLevel::Province);
        assert_eq!(parsed[1].code, "25270");
        assert_eq!(short_name(&parsed[1].after), "Lộc Ninh");
        assert_eq!(short_name("Thành phố Đồng Nai"), "Đồng Nai");
    }

    #[test]
    fn bad_rows_are_named() {
        let text =
            "effective,level,code,before,after,before_type,after_type,basis\n2026-02-30,ward,25270,a,b,Xã,Phường,x\n";
        assert!(parse(text).unwrap_err().starts_with("dòng 2"));
        let text =
            "effective,level,code,before,after,before_type,after_type,basis\n2026-04-30,ward,2527,a,b,Xã,Phường,x\n";
        assert!(parse(text).unwrap_err().contains("mã đơn vị"));
    }
}
