//! The sheet follows the product: a dossier is assessed and scored on the published criteria
//! set for its product set under the legal basis of its submission date — never another
//! product set's sheet, never another basis's. Where none is published the dossier cannot be
//! created or submitted (`criteria_set_missing`), and officers see which product sets lack a
//! sheet ([`missing`]) with the way to import one.
//!
//! Also here: the preconditions of each dossier kind, read from the product's certificates
//! (`ocop_domain::evaluation::preconditions`), and the document checklist of the basis.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use ocop_domain::evaluation::preconditions::{self, HeldCertificate};
use ocop_domain::evaluation::routing::DossierKind;
use ocop_domain::evaluation::{CriteriaSet, LegalBases, Stars};
use ocop_domain::role::{Actor, Role};
use ocop_domain::{ErrorCode, ValidationErrors};
use ocop_storage::audit::{self, AuditEvent};
use ocop_storage::entities::{criteria_set, dossier, product_set};
use ocop_storage::repo::{certificate_repo, criteria_set_repo, dossier_repo, product_repo, product_set_repo};
use ocop_storage::{ConnectionTrait, Database};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::admin_units::today;
use crate::audit_actor;
use crate::error::{ServiceError, ServiceResult};

/// A refusal with its own code, carried by one field too (so forms show it in place).
pub(crate) fn refuse(field: &str, code: ErrorCode) -> ServiceError {
    let mut errors = ValidationErrors::new();
    errors.add(field, code);
    ServiceError::Rejected(code, errors)
}

/// The product-set classification a basis uses (QĐ 1048 had its own subgroups).
fn classification(basis_id: &str) -> &'static str {
    if basis_id == "QD1048-2019" { "qd1048" } else { "qd148" }
}

/// True when the stored set lists the product set (by code, or by name for QĐ 1048 subgroups).
fn covers(row: &criteria_set::Model, code: &str, name: Option<&str>) -> bool {
    serde_json::from_str::<Vec<String>>(&row.product_sets)
        .is_ok_and(|sets| sets.iter().any(|c| c == code || Some(c.as_str()) == name))
}

/// The published sheet for a product set under a basis: an official one before a sample, then
/// the newest.
pub async fn published_for<C: ConnectionTrait>(
    conn: &C,
    basis_id: &str,
    product_set_code: &str,
) -> ServiceResult<Option<criteria_set::Model>> {
    let name = product_set_repo::get(conn, product_set_code).await?.map(|s| s.name);
    Ok(criteria_set_repo::list(conn)
        .await?
        .into_iter()
        .filter(|s| s.status == criteria_set::PUBLISHED && s.legal_basis == basis_id)
        .filter(|s| covers(s, product_set_code, name.as_deref()))
        .max_by_key(|s| (!s.sample, s.published_at, s.version)))
}

/// The id of the basis in force on `day`, or `criteria_set_missing` when none is.
fn basis_on(day: NaiveDate) -> ServiceResult<&'static str> {
    LegalBases::official()
        .in_force_on(day)
        .map(|b| b.id.as_str())
        .ok_or_else(|| refuse("product_id", ErrorCode::CriteriaSetMissing))
}

/// The criteria set of a new dossier on `day`: the published sheet for the product's set under
/// the basis in force. One asked for must be that very kind of sheet.
pub(crate) async fn choose<C: ConnectionTrait>(
    conn: &C,
    asked: Option<Uuid>,
    product_set_code: &str,
    day: NaiveDate,
) -> ServiceResult<criteria_set::Model> {
    let basis = basis_on(day)?;
    if let Some(id) = asked {
        let set = criteria_set_repo::get(conn, id)
            .await?
            .ok_or_else(|| ServiceError::field("criteria_set_id", ErrorCode::NotFound))?;
        if set.status != criteria_set::PUBLISHED {
            return Err(ServiceError::field(
                "criteria_set_id",
                ErrorCode::CriteriaSetNotPublished,
            ));
        }
        let name = product_set_repo::get(conn, product_set_code).await?.map(|s| s.name);
        if set.legal_basis != basis || !covers(&set, product_set_code, name.as_deref()) {
            return Err(ServiceError::field("criteria_set_id", ErrorCode::InvalidChoice));
        }
        return Ok(set);
    }
    published_for(conn, basis, product_set_code)
        .await?
        .ok_or_else(|| refuse("product_id", ErrorCode::CriteriaSetMissing))
}

/// Before a first submission on `day`: moves a draft to the sheet of the basis in force when it
/// was prepared on another (the basis changed, or the product's set did), keeping the answers
/// the new sheet knows; refuses with `criteria_set_missing` when no sheet is published. Runs in
/// its own transaction, so the move stays even when the submission is then refused.
pub(crate) async fn rebase_for_submission(db: &Database, actor: &Actor, id: Uuid, day: NaiveDate) -> ServiceResult<()> {
    let tx = db.begin_write().await?;
    let before = super::load(&tx, actor, id, super::access::Act::Prepare).await?;
    if before.state != "draft" {
        return Ok(());
    }
    let product = product_repo::get(&tx, before.product_id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let basis = basis_on(day)?;
    let Some(set) = published_for(&tx, basis, &product.product_set_code).await? else {
        return Err(refuse("product_id", ErrorCode::CriteriaSetMissing));
    };
    if set.id == before.criteria_set_id {
        return Ok(());
    }
    let sheet = CriteriaSet::from_json(&set.body).map_err(|e| ServiceError::Internal(format!("criteria set: {e}")))?;
    let kept: BTreeMap<String, usize> = super::assessment::choices(&before)
        .into_iter()
        .filter(|(code, i)| sheet.criterion(code).is_some_and(|c| *i < c.options.len()))
        .collect();
    let mut row = before.clone();
    row.criteria_set_id = set.id;
    row.self_assessment = serde_json::to_string(&kept).map_err(|e| ServiceError::Internal(e.to_string()))?;
    row.row_version += 1;
    row.updated_at = ocop_storage::now();
    if !dossier_repo::update(&tx, row.clone(), before.row_version).await? {
        return Err(ServiceError::Conflict(ErrorCode::Conflict));
    }
    audit::append_with_state(
        &tx,
        AuditEvent {
            actor: &audit_actor(actor),
            action: "dossier.criteria_set_change",
            entity_type: "dossier",
            entity_id: id.to_string(),
            before: Some(super::workflow::snapshot(&before)),
            after: Some(super::workflow::snapshot(&row)),
        },
        &super::workflow::snapshot(&row),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The product's certificates as the preconditions see them, on `day`.
pub(crate) async fn held<C: ConnectionTrait>(
    conn: &C,
    product_id: Uuid,
    day: NaiveDate,
) -> ServiceResult<Vec<HeldCertificate>> {
    Ok(certificate_repo::of_product(conn, product_id)
        .await?
        .iter()
        .filter_map(|c| {
            Some(HeldCertificate {
                stars: Stars::new(u8::try_from(c.stars).ok()?)?,
                status: crate::certificates::status_on(c, day),
            })
        })
        .collect())
}

/// Refuses a dossier of `kind` for a product holding `held` (the codes are field errors on `kind`).
pub(crate) fn check_kind(kind: DossierKind, held: &[HeldCertificate]) -> ServiceResult<()> {
    preconditions::check_kind(kind, held).map_err(|code| refuse("kind", code))
}

/// Refuses a second dossier while one is under way for the product. The caller holds the
/// product row locked ([`product_repo::get_locked`]), so two concurrent requests cannot both pass.
pub(crate) async fn check_none_open<C: ConnectionTrait>(conn: &C, product_id: Uuid) -> ServiceResult<()> {
    if dossier_repo::open_of_product(conn, product_id).await?.is_empty() {
        Ok(())
    } else {
        Err(refuse("product_id", ErrorCode::DossierAlreadyOpen))
    }
}

/// One line of the document checklist (thành phần hồ sơ) of a dossier's legal basis.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ChecklistItem {
    /// The evidence type (`registration_form`, `self_assessment`, …).
    pub doc_type: String,
    /// As the legal basis names it.
    pub label: String,
    /// Required to find the dossier eligible (false: only in some cases).
    pub mandatory: bool,
    /// Attached (or, for the self-assessment, completed on the system).
    pub present: bool,
    /// Satisfied by the self-assessment completed on the system.
    pub on_system: bool,
}

/// The basis a dossier's documents follow: its own once submitted, else its sheet's.
pub(crate) async fn basis_of<C: ConnectionTrait>(conn: &C, row: &dossier::Model) -> ServiceResult<String> {
    if let Some(basis) = &row.legal_basis {
        return Ok(basis.clone());
    }
    Ok(criteria_set_repo::get(conn, row.criteria_set_id)
        .await?
        .map(|s| s.legal_basis)
        .unwrap_or_default())
}

/// The checklist of `basis_id` against the attached types.
pub fn checklist(basis_id: &str, attached: &[String], assessed: bool) -> Vec<ChecklistItem> {
    preconditions::required_documents(basis_id)
        .iter()
        .map(|d| ChecklistItem {
            doc_type: d.doc_type.to_owned(),
            label: d.label.to_owned(),
            mandatory: d.mandatory,
            present: (d.on_system && assessed) || attached.iter().any(|a| a == d.doc_type),
            on_system: d.on_system,
        })
        .collect()
}

/// A product set without a published sheet under the basis in force.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ProductSetGap {
    /// Product set code (`I.4.a`).
    pub code: String,
    /// Its name.
    pub name: String,
    /// Sector (ngành).
    pub sector: String,
    /// Group (nhóm).
    pub group_name: String,
    /// Products of that set registered in the system.
    pub products: u64,
}

/// What `GET /api/v1/criteria-sets/missing` answers.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct MissingSheets {
    /// The day asked about (today).
    pub on: NaiveDate,
    /// The basis in force that day.
    pub legal_basis: String,
    /// Its title.
    pub legal_basis_title: String,
    /// The product sets lacking a published sheet, in the decision's order.
    pub product_sets: Vec<ProductSetGap>,
    /// Where to import a sheet (a spreadsheet, TOML or JSON file).
    pub import_url: String,
}

/// The product sets without a published criteria set under the basis in force today (officers).
pub async fn missing(db: &Database, actor: &Actor) -> ServiceResult<MissingSheets> {
    if !matches!(
        actor.role,
        Role::CommuneOfficer | Role::ProvinceOfficer | Role::CentralOfficer | Role::Administrator
    ) {
        return Err(ServiceError::Forbidden);
    }
    let conn = db.conn();
    let on = today();
    let basis = LegalBases::official()
        .in_force_on(on)
        .ok_or_else(|| ServiceError::Internal("no legal basis in force".into()))?;
    let published: Vec<criteria_set::Model> = criteria_set_repo::list(conn)
        .await?
        .into_iter()
        .filter(|s| s.status == criteria_set::PUBLISHED && s.legal_basis == basis.id)
        .collect();
    let sets: Vec<product_set::Model> = product_set_repo::list(conn, Some(classification(&basis.id))).await?;
    let mut counts: BTreeMap<String, u64> = BTreeMap::new();
    for code in product_repo::product_set_codes(conn).await? {
        *counts.entry(code).or_default() += 1;
    }
    let product_sets = sets
        .into_iter()
        .filter(|s| !published.iter().any(|p| covers(p, &s.code, Some(&s.name))))
        .map(|s| ProductSetGap {
            products: counts.get(&s.code).copied().unwrap_or(0),
            code: s.code,
            name: s.name,
            sector: s.sector,
            group_name: s.group_name,
        })
        .collect();
    Ok(MissingSheets {
        on,
        legal_basis: basis.id.clone(),
        legal_basis_title: basis.title.clone(),
        product_sets,
        import_url: "/criteria-sets".into(),
    })
}

/// Publishes a marked sample sheet ("Bộ tiêu chí mẫu — không phải văn bản chính thức") for each
/// product set under each basis that has no published sheet yet (the demo, trials and tests;
/// never the production path). Returns how many were published.
pub async fn publish_samples<C: ConnectionTrait>(
    conn: &C,
    basis_ids: &[&str],
    product_set_codes: &[&str],
) -> ServiceResult<usize> {
    let bases = LegalBases::official();
    let mut published = 0;
    for basis_id in basis_ids {
        let basis = bases
            .get(basis_id)
            .ok_or_else(|| ServiceError::Internal(format!("unknown basis {basis_id}")))?;
        for code in product_set_codes {
            if published_for(conn, basis_id, code).await?.is_some() {
                continue;
            }
            let name = product_set_repo::get(conn, code)
                .await?
                .map_or_else(|| (*code).to_owned(), |s| s.name);
            let sheet = ocop_domain::evaluation::sample::sample_sheet(basis, code, &name);
            let key = criteria_set::product_sets_key(&sheet);
            let version = criteria_set_repo::latest_version(conn, basis_id, &key).await? + 1;
            let now = ocop_storage::now();
            criteria_set_repo::insert(conn, criteria_set::row(Uuid::now_v7(), &sheet, version, now, Some(now))).await?;
            published += 1;
        }
    }
    Ok(published)
}
