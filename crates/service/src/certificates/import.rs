//! Importing a province's existing certificates from CSV or .xlsx (first
//! sheet, same header names): every row is
//! checked first, and if any row fails nothing is saved and each failure is
//! reported with its line number (messages in Vietnamese by default).
//!
//! Columns (header row required; comma or semicolon separated; UTF-8, a BOM
//! is accepted): `product_id`, `stars`, `score` (optional), `legal_basis`,
//! `decision_number`, `decision_date` (dd/mm/yyyy or yyyy-mm-dd),
//! `issuer_name`, `issuer_level`, `certificate_number` (optional: generated
//! in our format when blank). Several rows of one product form its history:
//! each is superseded by the next by date. A product that already has
//! certificates is refused (import history before issuing new ones).

use std::collections::{HashMap, HashSet};

use ocop_domain::certificate::input::{DecisionInput, score_x100};
use ocop_domain::certificate::{CertificateNumber, Stars, check_issuer};
use ocop_domain::role::Actor;
use ocop_domain::{ErrorCode, ValidationErrors};
use ocop_storage::Database;
use ocop_storage::audit::{self, AuditEvent};
use ocop_storage::entities::certificate;
use ocop_storage::repo::{certificate_repo, product_repo};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use super::issue::{Origin, new_row};
use super::{map_unique, recognition_row, require_manage, snapshot};
use crate::admin_units::{parse_date, places};
use crate::audit_actor;
use crate::error::{ServiceError, ServiceResult};

/// The most rows one import may hold.
pub const MAX_ROWS: usize = 20_000;

/// One line of the file as read.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
struct Row {
    product_id: String,
    stars: String,
    score: String,
    legal_basis: String,
    decision_number: String,
    decision_date: String,
    issuer_name: String,
    issuer_level: String,
    certificate_number: String,
}

/// What an import saved.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ImportOutcome {
    /// Certificates stored.
    pub imported: usize,
    /// Their ids, in file order.
    pub ids: Vec<Uuid>,
}

/// A checked row, ready to store.
struct Checked {
    line: usize,
    product_id: Uuid,
    decision: ocop_domain::certificate::input::DecisionDraft,
    stars: Stars,
    score: Option<i32>,
    number: Option<String>,
}

fn read_rows(bytes: &[u8]) -> Result<Vec<(usize, Row)>, ValidationErrors> {
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

fn check_row(errors: &mut ValidationErrors, line: usize, row: &Row) -> Option<Checked> {
    let field = |name: &str| format!("rows[{line}].{name}");
    let before = errors.fields.len();
    let product_id = Uuid::parse_str(row.product_id.trim()).ok();
    if product_id.is_none() {
        errors.add(&field("product_id"), ErrorCode::NotFound);
    }
    let decided_on = match parse_date(&row.decision_date) {
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
fn read_xlsx_rows(bytes: &[u8]) -> Result<Vec<(usize, Row)>, ValidationErrors> {
    use calamine::{Data, Reader, Xlsx};
    let mut errors = ValidationErrors::new();
    let unreadable = || {
        let mut errors = ValidationErrors::new();
        errors.add("file", ErrorCode::UnsupportedMediaType);
        errors
    };
    // Zip bombs and sheets too large for the grid calamine builds: refused before it opens them.
    crate::xlsx::check(bytes, MAX_ROWS).map_err(crate::xlsx::Refusal::errors)?;
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
    chrono::NaiveDate::from_ymd_opt(1899, 12, 30)
        .and_then(|epoch| epoch.checked_add_signed(chrono::Duration::days(serial.floor() as i64)))
        .map(|day| day.format("%Y-%m-%d").to_string())
        .unwrap_or_default()
}

/// True when the bytes are a zip archive (an .xlsx workbook).
fn is_xlsx(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04")
}

/// Imports certificates from CSV bytes or an .xlsx workbook (told apart by content); all rows or none.
pub async fn import_csv(db: &Database, actor: &Actor, bytes: &[u8]) -> ServiceResult<ImportOutcome> {
    let reject = |errors| ServiceError::Rejected(ErrorCode::ImportRejected, errors);
    let rows = if is_xlsx(bytes) {
        read_xlsx_rows(bytes)
    } else {
        read_rows(bytes)
    }
    .map_err(reject)?;
    let mut errors = ValidationErrors::new();
    let checked: Vec<Checked> = rows
        .iter()
        .filter_map(|(line, row)| check_row(&mut errors, *line, row))
        .collect();
    let tx = db.begin_write().await?;
    // Row-level checks that need the database: products, access, numbers.
    let product_ids: Vec<Uuid> = checked.iter().map(|c| c.product_id).collect();
    let products: HashMap<Uuid, _> = product_repo::get_many(&tx, &product_ids)
        .await?
        .into_iter()
        .map(|p| (p.id, p))
        .collect();
    let commune_ids: Vec<String> = products.values().map(|p| p.commune_id.clone()).collect();
    let places = places(&tx, &commune_ids).await?;
    let mut seen_numbers = HashSet::new();
    let mut with_history = HashSet::new();
    for c in &checked {
        let field = |name: &str| format!("rows[{}].{name}", c.line);
        let Some(product) = products.get(&c.product_id) else {
            errors.add(&field("product_id"), ErrorCode::NotFound);
            continue;
        };
        let place = places.get(&product.commune_id);
        if place.is_none_or(|p| require_manage(actor, c.stars.get(), p, product.producer_id).is_err()) {
            errors.add(&field("product_id"), ErrorCode::Forbidden);
        }
        if !with_history.contains(&c.product_id) {
            if !certificate_repo::of_product(&tx, c.product_id).await?.is_empty() {
                errors.add(&field("product_id"), ErrorCode::Conflict);
            }
            with_history.insert(c.product_id);
        }
        if let Some(number) = &c.number
            && (!seen_numbers.insert(number.clone()) || certificate_repo::number_taken(&tx, number).await?)
        {
            errors.add(&field("certificate_number"), ErrorCode::Conflict);
        }
    }
    if !errors.is_empty() {
        return Err(reject(errors));
    }
    // Oldest first per product, so each row supersedes the one before.
    let mut order: Vec<&Checked> = checked.iter().collect();
    order.sort_by_key(|c| (c.product_id, c.decision.decided_on, c.line));
    let mut previous: HashMap<Uuid, certificate::Model> = HashMap::new();
    let mut ids_by_line = Vec::new();
    for c in order {
        let product = &products[&c.product_id];
        let province = places[&product.commune_id]
            .today_province_codes
            .first()
            .cloned()
            .unwrap_or_default();
        let decision = recognition_row(&tx, &c.decision)
            .await
            .map_err(|e| row_failure(e, c.line))?;
        let row = new_row(
            &tx,
            product,
            &province,
            &decision,
            c.stars,
            c.score,
            Origin::Imported,
            c.number.clone(),
        )
        .await?;
        certificate_repo::insert(&tx, row.clone())
            .await
            .map_err(|e| row_failure(map_unique(e), c.line))?;
        if let Some(old) = previous.remove(&c.product_id) {
            let facts = super::facts(&old)
                .supersede(row.issued_on)
                .map_err(|e| ServiceError::Conflict(e.into()))?;
            let replaced = certificate::Model {
                superseded_by: Some(row.id),
                superseded_on: facts.superseded_on,
                row_version: old.row_version + 1,
                ..old.clone()
            };
            certificate_repo::update(&tx, replaced, old.row_version).await?;
        }
        audit::append(
            &tx,
            AuditEvent {
                actor: &audit_actor(actor),
                action: "certificate.import",
                entity_type: "certificate",
                entity_id: row.id.to_string(),
                before: None,
                after: Some(snapshot(&row)),
            },
        )
        .await?;
        ids_by_line.push((c.line, row.id));
        previous.insert(c.product_id, row);
    }
    tx.commit().await?;
    ids_by_line.sort_unstable();
    Ok(ImportOutcome {
        imported: ids_by_line.len(),
        ids: ids_by_line.into_iter().map(|(_, id)| id).collect(),
    })
}

/// A failure while storing a row becomes that row's error (nothing is kept).
fn row_failure(error: ServiceError, line: usize) -> ServiceError {
    let mut errors = ValidationErrors::new();
    let code = error
        .field_errors()
        .and_then(|e| e.fields.first())
        .map_or(error.code(), |f| f.code);
    errors.add(&format!("rows[{line}]"), code);
    ServiceError::Rejected(ErrorCode::ImportRejected, errors)
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
