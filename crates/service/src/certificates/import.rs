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
//!
//! Like a recorded decision, an import brings in decisions signed before today only, and only
//! by officers acting for each decision's issuer (`certificate::authority`); imported
//! certificates are marked `recorded`.

use std::collections::{HashMap, HashSet};

use ocop_domain::import::certificate_rows::{Checked, check_row, is_xlsx, read_rows, read_xlsx_rows};
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
use super::{map_unique, recognition_row, require_issuer_authority, snapshot};
use crate::admin_units::{places, today};
use crate::audit_actor;
use crate::error::{ServiceError, ServiceResult};

pub use ocop_domain::import::certificate_rows::MAX_ROWS;

/// What an import saved.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ImportOutcome {
    /// Certificates stored.
    pub imported: usize,
    /// Their ids, in file order.
    pub ids: Vec<Uuid>,
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
        if place.is_none_or(|p| require_issuer_authority(actor, c.decision.issuer_level, p).is_err()) {
            errors.add(&field("product_id"), ErrorCode::NotIssuingAuthority);
        }
        if c.decision.decided_on >= today() {
            errors.add(&field("decision_date"), ErrorCode::DecisionNotPast);
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
        let decision = recognition_row(&tx, &c.decision, None)
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
            true,
        )
        .await?;
        certificate_repo::insert(&tx, row.clone())
            .await
            .map_err(|e| row_failure(map_unique(e), c.line))?;
        let mut superseded = None;
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
            certificate_repo::update(&tx, replaced.clone(), old.row_version).await?;
            superseded = Some((old, replaced));
        }
        audit::append_with_state(
            &tx,
            AuditEvent {
                actor: &audit_actor(actor),
                action: "certificate.import",
                entity_type: "certificate",
                entity_id: row.id.to_string(),
                before: None,
                after: Some(snapshot(&row)),
            },
            &snapshot(&row),
        )
        .await?;
        // The older certificate's row changed too: its entry records the new state.
        if let Some((old, replaced)) = superseded {
            audit::append_with_state(
                &tx,
                AuditEvent {
                    actor: &audit_actor(actor),
                    action: "certificate.supersede",
                    entity_type: "certificate",
                    entity_id: replaced.id.to_string(),
                    before: Some(snapshot(&old)),
                    after: Some(snapshot(&replaced)),
                },
                &snapshot(&replaced),
            )
            .await?;
        }
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
