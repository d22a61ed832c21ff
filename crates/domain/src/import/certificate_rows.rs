//! Reading a province's existing certificates from CSV or .xlsx (first sheet,
//! same header names) into checked rows, without a database: the columns
//! are described in `ocop_service::certificates::import`, which checks the
//! products, access and numbers and stores the rows. Fuzzed in `fuzz/`.

use chrono::NaiveDate;
use serde::Deserialize;
use uuid::Uuid;

use crate::certificate::input::{DecisionDraft, DecisionInput, score_x100};
use crate::certificate::{CertificateNumber, Stars, check_issuer};
use crate::{ErrorCode, ValidationErrors};

/// The most rows one import may hold.
pub const MAX_ROWS: usize = 20_000;

/// One line of the file as read, one field per column (blank when absent).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct Row {
    pub product_id: String,
    pub stars: String,
    pub score: String,
    pub legal_basis: String,
    pub decision_number: String,
    pub decision_date: String,
    pub issuer_name: String,
    pub issuer_level: String,
    pub certificate_number: String,
}

/// A checked row, ready to store.
#[derive(Debug, Clone)]
pub struct Checked {
    /// Line in the file (the header is line 1).
    pub line: usize,
    /// The product named.
    pub product_id: Uuid,
    /// The recognition decision.
    pub decision: DecisionDraft,
    /// Stars recognised.
    pub stars: Stars,
    /// Score × 100, when given.
    pub score: Option<i32>,
    /// The printed certificate number, when given.
    pub number: Option<String>,
}

/// Reads CSV rows (comma or semicolon separated, a BOM accepted).
pub fn read_rows(bytes: &[u8]) -> Result<Vec<(usize, Row)>, ValidationErrors> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let first_line = bytes.split(|b| *b == b'\n').next().unwrap_or_default();
    let delimiter = if first_line.contains(&b';') && !first_line.contains(&b',') {
        b';'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .trim(csv::Trim::All)
        .from_reader(bytes);
    let mut rows = Vec::new();
    let mut errors = ValidationErrors::new();
    for (i, record) in reader.deserialize::<Row>().enumerate() {
        let line = i + 2;
        match record {
            Ok(row) => rows.push((line, row)),
            Err(_) => errors.add(&format!("rows[{line}]"), ErrorCode::BadRequest),
        }
        if rows.len() > MAX_ROWS {
            errors.add("file", ErrorCode::TooLong);
            break;
        }
    }
    if rows.is_empty() && errors.is_empty() {
        errors.add("file", ErrorCode::Required);
    }
    errors.into_result().map(|()| rows)
}

/// Checks one row without the database; failures are added to `errors` as `rows[N].field`.
pub fn check_row(errors: &mut ValidationErrors, line: usize, row: &Row) -> Option<Checked> {
    let field = |name: &str| format!("rows[{line}].{name}");
    let before = errors.fields.len();
    let product_id = Uuid::parse_str(row.product_id.trim()).ok();
    if product_id.is_none() {
        errors.add(&field("product_id"), ErrorCode::NotFound);
    }
    let decided_on = match super::parse_date(&row.decision_date) {
        Ok(d) => Some(d),
        Err(code) => {
            errors.add(&field("decision_date"), code);
            None
        }
    };
    let decision = DecisionInput {
        number: row.decision_number.clone(),
        decided_on,
        issuer_name: row.issuer_name.clone(),
        issuer_level: row.issuer_level.clone(),
        legal_basis: row.legal_basis.clone(),
    }
    .parse()
    .map_err(|e| {
        for f in e.fields {
            if f.field != "decision.decided_on" {
                errors.add(&field(f.field.trim_start_matches("decision.")), f.code);
            }
        }
    })
    .ok();
    let stars = row.stars.trim().parse::<u8>().unwrap_or(0);
    let score = match row.score.trim() {
        "" => None,
        s => match s.replace(',', ".").parse::<f64>() {
            Ok(v) => Some(v),
            Err(_) => {
                errors.add(&field("score"), ErrorCode::InvalidNumber);
                None
            }
        },
    };
    let number = match row.certificate_number.trim() {
        "" => None,
        n => match CertificateNumber::parse(n) {
            Ok(n) => Some(n.as_str().to_owned()),
            Err(code) => {
                errors.add(&field("certificate_number"), code);
                None
            }
        },
    };
    let stars = errors.check(&field("stars"), Stars::new(stars));
    let score = errors.check(&field("score"), score_x100(score));
    let (decision, stars, score) = (decision?, stars?, score?);
    errors.check(
        &field("issuer_level"),
        check_issuer(decision.legal_basis, stars, decision.decided_on, decision.issuer_level),
    )?;
    (errors.fields.len() == before).then(|| Checked {
        line,
        product_id: product_id.expect("checked above"),
        decision,
        stars,
        score,
        number,
    })
}

/// Reads the first sheet of an .xlsx workbook into rows (same columns, header in row 1).
pub fn read_xlsx_rows(bytes: &[u8]) -> Result<Vec<(usize, Row)>, ValidationErrors> {
    use calamine::{Data, Reader, Xlsx};
    let mut errors = ValidationErrors::new();
    let unreadable = || {
        let mut errors = ValidationErrors::new();
        errors.add("file", ErrorCode::UnsupportedMediaType);
        errors
    };
    // Zip bombs and sheets too large for the grid calamine builds: refused before it opens them.
    super::xlsx_guard::check(bytes, MAX_ROWS).map_err(super::xlsx_guard::Refusal::errors)?;
    let mut workbook: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).map_err(|_| unreadable())?;
    let range = workbook
        .worksheet_range_at(0)
        .ok_or_else(unreadable)?
        .map_err(|_| unreadable())?;
    let text = |cell: &Data| match cell {
        Data::Float(f) if f.fract() == 0.0 => format!("{f:.0}"),
        Data::DateTime(d) => excel_day(d.as_f64()),
        other => other.to_string(),
    };
    let mut lines = range.rows();
    let header: Vec<String> = lines.next().map(|r| r.iter().map(text).collect()).unwrap_or_default();
    let mut rows = Vec::new();
    for (i, cells) in lines.enumerate() {
        let line = i + 2;
        let mut row = Row::default();
        for (name, cell) in header.iter().zip(cells) {
            let value = text(cell);
            match name.trim() {
                "product_id" => row.product_id = value,
                "stars" => row.stars = value,
                "score" => row.score = value,
                "legal_basis" => row.legal_basis = value,
                "decision_number" => row.decision_number = value,
                "decision_date" => row.decision_date = value,
                "issuer_name" => row.issuer_name = value,
                "issuer_level" => row.issuer_level = value,
                "certificate_number" => row.certificate_number = value,
                _ => {}
            }
        }
        if cells.iter().all(|c| matches!(c, Data::Empty)) {
            continue;
        }
        rows.push((line, row));
        if rows.len() > MAX_ROWS {
            errors.add("file", ErrorCode::TooLong);
            break;
        }
    }
    if rows.is_empty() && errors.is_empty() {
        errors.add("file", ErrorCode::Required);
    }
    errors.into_result().map(|()| rows)
}

/// An Excel serial day (days since 30/12/1899, time as the fraction) as `YYYY-MM-DD`.
fn excel_day(serial: f64) -> String {
    NaiveDate::from_ymd_opt(1899, 12, 30)
        .and_then(|epoch| epoch.checked_add_signed(chrono::Duration::days(serial.floor() as i64)))
        .map(|day| day.format("%Y-%m-%d").to_string())
        .unwrap_or_default()
}

/// True when the bytes are a zip archive (an .xlsx workbook).
pub fn is_xlsx(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excel_date_cells_become_iso_dates() {
        assert_eq!(excel_day(45608.0), "2024-11-12");
        assert_eq!(excel_day(45608.75), "2024-11-12");
        assert_eq!(excel_day(60.0), "1900-02-28");
    }
}
