//! Reading uploaded and operator-supplied files into drafts: pure functions
//! over bytes and text (no database, no file system), so every importer can be
//! fuzzed without building the layers above (`fuzz/`, run by `scripts/test.sh`).
//!
//! - [`xlsx_guard`]: zip bombs and oversized sheets, checked before calamine opens a workbook;
//! - [`criteria_xlsx`]: a criteria set from an .xlsx workbook (TOML and JSON are
//!   [`crate::evaluation::CriteriaSet::parse`]);
//! - [`certificate_rows`]: the certificate import from CSV or .xlsx, row by row;
//! - [`amendment`]: later changes to the administrative units (`ocop admin-units amend`).
//!
//! The directive text reader is [`crate::programme::directive::parse_directive`].

pub mod amendment;
pub mod certificate_rows;
pub mod criteria_xlsx;
pub mod xlsx_guard;

use std::collections::HashMap;

use chrono::NaiveDate;

use crate::ErrorCode;

/// A day as people and programs write it: d/m/yyyy or dd/mm/yyyy (`.` or `-` also separate),
/// or yyyy-mm-dd (surrounding blanks ignored). Every form, import and API field that takes a day
/// reads it here; blank, malformed or impossible (31/02/2026) text is `invalid_date`.
pub fn parse_date(text: &str) -> Result<NaiveDate, ErrorCode> {
    let parts: Vec<&str> = text.trim().split(['/', '.', '-']).collect();
    let [a, b, c] = parts.as_slice() else {
        return Err(ErrorCode::InvalidDate);
    };
    let number = |s: &str, max_len: usize| {
        (!s.is_empty() && s.len() <= max_len && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse::<u32>().ok())
            .flatten()
    };
    let (year, month, day) = if a.len() == 4 {
        (number(a, 4), number(b, 2), number(c, 2))
    } else if c.len() == 4 {
        (number(c, 4), number(b, 2), number(a, 2))
    } else {
        (None, None, None)
    };
    year.zip(month)
        .zip(day)
        .and_then(|((y, m), d)| NaiveDate::from_ymd_opt(i32::try_from(y).ok()?, m, d))
        .ok_or(ErrorCode::InvalidDate)
}

/// Reads a CSV text with a header row into records keyed by column name
/// (values trimmed); errors name the row.
pub fn read_csv(text: &str) -> Result<Vec<HashMap<String, String>>, String> {
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let headers = reader.headers().map_err(|e| e.to_string())?.clone();
    let mut rows = Vec::new();
    for (index, record) in reader.records().enumerate() {
        let record = record.map_err(|e| format!("row {}: {e}", index + 2))?;
        rows.push(
            headers
                .iter()
                .map(str::to_owned)
                .zip(record.iter().map(|v| v.trim().to_owned()))
                .collect(),
        );
    }
    Ok(rows)
}

/// The value of `column` in `row`, or an error naming the column.
pub fn field<'a>(row: &'a HashMap<String, String>, column: &str) -> Result<&'a str, String> {
    row.get(column)
        .map(String::as_str)
        .ok_or_else(|| format!("missing column {column}"))
}
