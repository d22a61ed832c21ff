//! How a certificate comes into being — only two ways:
//!
//! - a council's recognition decision in the system ([`recognise_in`], called by
//!   `councils::batches` when a batch's results are recognised);
//! - a decision signed on paper before the system, recorded with its scan ([`record`], and a
//!   recorded renewal or upgrade that supersedes a certificate, [`renew`] / [`upgrade`]):
//!   dated before today, the scan in the file store, marked `recorded`
//!   ("ghi nhận quyết định đã ban hành"), and never for a product holding a certificate in force.
//!
//! Nobody types stars for a new decision: a renewal or upgrade decided now goes through a
//! dossier and a council. Who may record follows `ocop_domain::certificate::authority`.

use chrono::{Datelike, NaiveDate};
use ocop_domain::ErrorCode;
use ocop_domain::ValidationErrors;
use ocop_domain::admin_unit::{AdminLevel, in_force, two_level_reform_date};
use ocop_domain::certificate::input::{DecisionInput, check_award};
use ocop_domain::certificate::{IssuerLevel, Stars, validity};
use ocop_domain::role::{Actor, Role};
use ocop_storage::audit::{self, AuditEvent};
use ocop_storage::entities::{certificate, decision, product};
use ocop_storage::repo::{admin_unit_repo, certificate_repo, producer_repo, product_repo};
use ocop_storage::{ConnectionTrait, Database};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use super::{
    CertificateDto, DecisionScan, map_unique, new_verification_code, next_number, recognition_row, require_authority,
    require_issuer_authority, snapshot, views,
};
use crate::admin_units::{place, today};
use crate::audit_actor;
use crate::error::{ServiceError, ServiceResult};
use crate::files::{FileStore, sniff};

/// One product recognised by a decision.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct IssueItem {
    /// The product.
    pub product_id: Uuid,
    /// Stars awarded (3–5).
    pub stars: u8,
    /// Score out of 100.
    pub score: Option<f64>,
}

/// `POST /api/v1/certificates`: records a recognition decision signed on paper before today
/// (ghi nhận quyết định đã ban hành) and the products it recognised, from its scan.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct RecordInput {
    /// The decision as printed; `decided_on` must lie before today.
    pub decision: DecisionInput,
    /// The products, with their stars and scores as printed in the decision.
    pub items: Vec<IssueItem>,
    /// SHA-256 of the scanned decision, as `POST /api/v1/decision-scans` answered.
    pub scan_sha256: String,
}

/// The recognition decision a council's batch produces, with the products it recognises: the
/// only way the system itself makes a certificate (`councils` → [`recognise_in`]).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct IssueInput {
    /// The decision.
    pub decision: DecisionInput,
    /// The products, with their stars and scores.
    pub items: Vec<IssueItem>,
}

/// A renewal or an upgrade signed on paper before today, recorded from its scan.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct ReissueInput {
    /// The new recognition decision as printed; `decided_on` must lie before today.
    pub decision: DecisionInput,
    /// Stars of the new certificate.
    pub stars: u8,
    /// Score out of 100.
    pub score: Option<f64>,
    /// SHA-256 of the scanned decision, as `POST /api/v1/decision-scans` answered.
    pub scan_sha256: String,
}

/// What `POST /api/v1/decision-scans` stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ScanStored {
    /// Key to pass as `scan_sha256`.
    pub sha256: String,
    /// Type sniffed from the bytes.
    pub content_type: String,
    /// Size.
    pub bytes: u64,
}

/// The largest scanned decision accepted.
pub const MAX_SCAN_BYTES: usize = 10 * 1024 * 1024;

/// Stores a scanned decision (PDF, JPEG, PNG or WebP, by its bytes) for a later recording; only
/// officers who may record decisions (province and central officers, administrators) upload.
pub async fn upload_scan(files: &FileStore, actor: &Actor, bytes: &[u8]) -> ServiceResult<ScanStored> {
    if !matches!(
        actor.role,
        Role::ProvinceOfficer | Role::CentralOfficer | Role::Administrator
    ) {
        return Err(ServiceError::Forbidden);
    }
    if bytes.len() > MAX_SCAN_BYTES {
        return Err(ServiceError::Coded(ErrorCode::PayloadTooLarge));
    }
    let kind = sniff(bytes).ok_or(ServiceError::Coded(ErrorCode::UnsupportedMediaType))?;
    let sha256 = files.put(bytes).await?;
    Ok(ScanStored {
        sha256,
        content_type: kind.mime().to_owned(),
        bytes: bytes.len() as u64,
    })
}

/// The stored scan a recording names: it must be in the store and be a document or an image.
async fn scan_of(files: &FileStore, sha256: &str) -> ServiceResult<DecisionScan> {
    let missing = || ServiceError::field("scan_sha256", ErrorCode::DecisionScanRequired);
    let key = sha256.trim();
    if key.is_empty() {
        return Err(missing());
    }
    let bytes = match files.get(key).await {
        Ok(bytes) => bytes,
        Err(ServiceError::NotFound) => return Err(missing()),
        Err(e) => return Err(e),
    };
    let kind = sniff(&bytes).ok_or_else(missing)?;
    Ok(DecisionScan {
        sha256: key.to_owned(),
        content_type: kind.mime(),
    })
}

/// Refuses a decision signed today or later: only decisions that already exist on paper are recorded.
fn require_past(decided_on: NaiveDate) -> ServiceResult<()> {
    if decided_on < today() {
        Ok(())
    } else {
        Err(ServiceError::field("decision.decided_on", ErrorCode::DecisionNotPast))
    }
}

/// How a certificate came to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// First recognition.
    Issued,
    /// Công nhận lại at the end of the 36 months (any class 3–5★).
    Renewal,
    /// Nâng hạng: more stars.
    Upgrade,
    /// Brought in from a province's records (CSV/.xlsx import).
    Imported,
}

impl Origin {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Origin::Issued => "issued",
            Origin::Renewal => "renewal",
            Origin::Upgrade => "upgrade",
            Origin::Imported => "imported",
        }
    }
}

/// Builds a new certificate row (number and code drawn inside the transaction).
#[allow(clippy::too_many_arguments)]
pub(crate) async fn new_row<C: ConnectionTrait>(
    conn: &C,
    product: &product::Model,
    province_code: &str,
    decision: &decision::Model,
    stars: Stars,
    score_x100: Option<i32>,
    origin: Origin,
    number: Option<String>,
    recorded: bool,
) -> ServiceResult<certificate::Model> {
    let issued_on = decision.decided_on;
    // The facts as certified are copied now: a later rename or move does not change them.
    let producer_name = producer_repo::get(conn, product.producer_id)
        .await?
        .map(|p| p.name)
        .unwrap_or_default();
    let certified_commune_id = commune_on(conn, &product.commune_id, issued_on).await?;
    let number = match number {
        Some(n) => n,
        None => next_number(conn, province_code, issued_on.year(), stars)
            .await?
            .as_str()
            .to_owned(),
    };
    Ok(certificate::Model {
        id: Uuid::now_v7(),
        product_id: product.id,
        producer_id: product.producer_id,
        stars: i32::from(stars.get()),
        score_x100,
        legal_basis: decision.legal_basis.clone().unwrap_or_default(),
        decision_id: decision.id,
        origin: origin.as_str().to_owned(),
        issued_on,
        valid_through: validity::valid_through(issued_on),
        number,
        verification_code: new_verification_code()?.as_str().to_owned(),
        province_code: province_code.to_owned(),
        superseded_by: None,
        superseded_on: None,
        suspended_on: None,
        suspension_note: None,
        revoked_on: None,
        revocation_ground: None,
        revocation_text: None,
        revocation_decision_id: None,
        created_at: ocop_storage::now(),
        row_version: 1,
        certified_product_name: product.name.clone(),
        certified_product_set_code: product.product_set_code.clone(),
        certified_producer_name: producer_name,
        certified_commune_id,
        recorded,
    })
}

/// The commune a certificate issued on `issued_on` names for a product recorded on `commune_id`:
/// the recorded one while it was in force that day; for a decision from 01/07/2025 on a commune
/// of the old list, today's commune that took it over (the first by id where an old commune
/// was split), so a post-2025 certificate never names a unit that no longer existed.
pub(crate) async fn commune_on<C: ConnectionTrait>(
    conn: &C,
    commune_id: &str,
    issued_on: NaiveDate,
) -> ServiceResult<String> {
    if issued_on < two_level_reform_date() {
        return Ok(commune_id.to_owned());
    }
    let Some(unit) = admin_unit_repo::get(conn, commune_id).await? else {
        return Ok(commune_id.to_owned());
    };
    if in_force(unit.valid_from, unit.valid_to, issued_on) {
        return Ok(commune_id.to_owned());
    }
    let mut current: Vec<String> = admin_unit_repo::current_of(conn, commune_id)
        .await?
        .into_iter()
        .filter(|c| c.current_level == AdminLevel::Commune.as_str())
        .map(|c| c.current_id)
        .collect();
    current.sort();
    Ok(current.into_iter().next().unwrap_or_else(|| commune_id.to_owned()))
}

async fn append_audit<C: ConnectionTrait>(
    conn: &C,
    actor: &Actor,
    action: &'static str,
    before: Option<&certificate::Model>,
    after: &certificate::Model,
) -> ServiceResult<()> {
    audit::append_with_state(
        conn,
        AuditEvent {
            actor: &audit_actor(actor),
            action,
            entity_type: "certificate",
            entity_id: after.id.to_string(),
            before: before.map(snapshot),
            after: Some(snapshot(after)),
        },
        &snapshot(after),
    )
    .await?;
    Ok(())
}

/// The product and today's province it lies in; checks the actor acts for `issuer` there.
async fn product_for<C: ConnectionTrait>(
    conn: &C,
    actor: &Actor,
    product_id: Uuid,
    issuer: IssuerLevel,
    field: &str,
) -> ServiceResult<(product::Model, String)> {
    let product = product_repo::get(conn, product_id)
        .await?
        .ok_or_else(|| ServiceError::field(field, ErrorCode::NotFound))?;
    let place = place(conn, &product.commune_id).await?;
    require_issuer_authority(actor, issuer, &place)?;
    let province = place
        .today_province_codes
        .first()
        .cloned()
        .ok_or_else(|| ServiceError::Internal(format!("product {product_id} has no province today")))?;
    Ok((product, province))
}

/// Refuses when the product holds a certificate in force on `day` or today: a recorded decision
/// never layers a second certificate over a living one (renewals and upgrades go through a
/// dossier and a council, or are recorded against the certificate they replace).
async fn require_not_certified<C: ConnectionTrait>(conn: &C, product_id: Uuid, day: NaiveDate) -> ServiceResult<()> {
    let now = today();
    let in_force = certificate_repo::of_product(conn, product_id)
        .await?
        .iter()
        .any(|c| super::status_on(c, day).in_force() || super::status_on(c, now).in_force());
    if in_force {
        Err(ServiceError::Conflict(ErrorCode::CertificateInForce))
    } else {
        Ok(())
    }
}

/// Records a recognition decision signed on paper before today, from its scan: one certificate
/// per product, all or none, each marked `recorded`. Refused for a decision dated today or later
/// (a new decision comes from a council), without the scan, for a product that already holds a
/// certificate in force, and unless the actor acts for the decision's issuer where the product
/// lies (`certificate::authority`: central officers for the ministry, province officers for their
/// province and its former districts).
pub async fn record(
    db: &Database,
    files: &FileStore,
    actor: &Actor,
    input: &RecordInput,
) -> ServiceResult<Vec<CertificateDto>> {
    let decision = input.decision.parse()?;
    let mut errors = ValidationErrors::new();
    if input.items.is_empty() {
        errors.add("items", ErrorCode::Required);
    }
    let awards: Vec<_> = input
        .items
        .iter()
        .enumerate()
        .map(|(i, item)| check_award(&mut errors, &format!("items[{i}]."), &decision, item.stars, item.score))
        .collect();
    errors.into_result()?;
    require_past(decision.decided_on)?;
    let scan = scan_of(files, &input.scan_sha256).await?;
    let tx = db.begin_write().await?;
    let decision_row = recognition_row(&tx, &decision, Some(&scan)).await?;
    let mut ids = Vec::new();
    for (i, (item, award)) in input.items.iter().zip(awards).enumerate() {
        let (stars, score) = award.expect("checked above");
        let field = format!("items[{i}].product_id");
        let (product, province) = product_for(&tx, actor, item.product_id, decision.issuer_level, &field).await?;
        require_not_certified(&tx, product.id, decision.decided_on).await?;
        let row = new_row(
            &tx,
            &product,
            &province,
            &decision_row,
            stars,
            score,
            Origin::Issued,
            None,
            true,
        )
        .await?;
        certificate_repo::insert(&tx, row.clone()).await.map_err(map_unique)?;
        append_audit(&tx, actor, "certificate.record", None, &row).await?;
        ids.push(row.id);
    }
    tx.commit().await?;
    let mut rows = Vec::new();
    for id in ids {
        rows.extend(certificate_repo::get(db.conn(), id).await?);
    }
    views(db.conn(), rows, today()).await
}

/// A batch's recognition decision inside the caller's write transaction: one certificate per
/// item, all or none. With `supersede_lower` (the ministry's 5★ decision), a new certificate
/// supersedes the product's certificates with fewer stars that are in force on the decision
/// day — the province's 4★ given when the dossier was forwarded — and is an upgrade (origin
/// `upgrade`); the old ones stay in the history, superseded from that day. The right to issue
/// the new class is the right to replace the lower ones by it. Returns the decision's id and
/// the new certificates' ids.
pub(crate) async fn recognise_in<C: ConnectionTrait>(
    tx: &C,
    actor: &Actor,
    input: &IssueInput,
    supersede_lower: bool,
) -> ServiceResult<(Uuid, Vec<Uuid>)> {
    let decision = input.decision.parse()?;
    let mut errors = ValidationErrors::new();
    if input.items.is_empty() {
        errors.add("items", ErrorCode::Required);
    }
    let awards: Vec<_> = input
        .items
        .iter()
        .enumerate()
        .map(|(i, item)| check_award(&mut errors, &format!("items[{i}]."), &decision, item.stars, item.score))
        .collect();
    errors.into_result()?;
    let decision_row = recognition_row(tx, &decision, None).await?;
    let mut ids = Vec::new();
    for (i, (item, award)) in input.items.iter().zip(awards).enumerate() {
        let (stars, score) = award.expect("checked above");
        let field = format!("items[{i}].product_id");
        let (product, province) = product_for(tx, actor, item.product_id, decision.issuer_level, &field).await?;
        let lower: Vec<certificate::Model> = if supersede_lower {
            certificate_repo::of_product(tx, product.id)
                .await?
                .into_iter()
                .filter(|c| c.stars < i32::from(stars.get()) && super::status_on(c, decision.decided_on).in_force())
                .collect()
        } else {
            Vec::new()
        };
        let origin = if lower.is_empty() {
            Origin::Issued
        } else {
            Origin::Upgrade
        };
        let row = new_row(
            tx,
            &product,
            &province,
            &decision_row,
            stars,
            score,
            origin,
            None,
            false,
        )
        .await?;
        certificate_repo::insert(tx, row.clone()).await.map_err(map_unique)?;
        let action = match origin {
            Origin::Upgrade => "certificate.upgrade",
            _ => "certificate.issue",
        };
        append_audit(tx, actor, action, None, &row).await?;
        for old in lower {
            let facts = super::facts(&old).supersede(decision.decided_on).map_err(|e| {
                let code: ErrorCode = e.into();
                ServiceError::Conflict(code)
            })?;
            let replaced = certificate::Model {
                superseded_by: Some(row.id),
                superseded_on: facts.superseded_on,
                row_version: old.row_version + 1,
                ..old.clone()
            };
            if !certificate_repo::update(tx, replaced.clone(), old.row_version).await? {
                return Err(ServiceError::Conflict(ErrorCode::Conflict));
            }
            append_audit(tx, actor, "certificate.supersede", Some(&old), &replaced).await?;
        }
        ids.push(row.id);
    }
    Ok((decision_row.id, ids))
}

/// Records a renewal (công nhận lại) signed on paper before today: the new certificate
/// supersedes the old one. Same rules as [`record`]; the actor must act for the old certificate's
/// issuer and for the new decision's.
pub async fn renew(
    db: &Database,
    files: &FileStore,
    actor: &Actor,
    id: Uuid,
    input: &ReissueInput,
) -> ServiceResult<CertificateDto> {
    reissue(db, files, actor, id, input, Origin::Renewal).await
}

/// Records an upgrade (nâng hạng) signed on paper before today: the new certificate must have
/// more stars and supersedes the old one; the actor must act for the new decision's issuer (the
/// ministry's 5★ replaces a province's 4★).
pub async fn upgrade(
    db: &Database,
    files: &FileStore,
    actor: &Actor,
    id: Uuid,
    input: &ReissueInput,
) -> ServiceResult<CertificateDto> {
    reissue(db, files, actor, id, input, Origin::Upgrade).await
}

async fn reissue(
    db: &Database,
    files: &FileStore,
    actor: &Actor,
    id: Uuid,
    input: &ReissueInput,
    origin: Origin,
) -> ServiceResult<CertificateDto> {
    let decision = input.decision.parse()?;
    let mut errors = ValidationErrors::new();
    let award = check_award(&mut errors, "", &decision, input.stars, input.score);
    errors.into_result()?;
    let (stars, score) = award.expect("checked above");
    require_past(decision.decided_on)?;
    let scan = scan_of(files, &input.scan_sha256).await?;
    let tx = db.begin_write().await?;
    let old = certificate_repo::get(&tx, id).await?.ok_or(ServiceError::NotFound)?;
    if origin == Origin::Renewal {
        require_authority(&tx, actor, &old).await?;
    }
    let (product, province) = product_for(&tx, actor, old.product_id, decision.issuer_level, "id").await?;
    let old_stars = u8::try_from(old.stars).unwrap_or_default();
    if origin == Origin::Upgrade && stars.get() <= old_stars {
        return Err(ServiceError::field("stars", ErrorCode::NotAnUpgrade));
    }
    let decision_row = recognition_row(&tx, &decision, Some(&scan)).await?;
    let facts = super::facts(&old).supersede(decision.decided_on).map_err(|e| {
        let code: ErrorCode = e.into();
        ServiceError::Conflict(code)
    })?;
    let new = new_row(
        &tx,
        &product,
        &province,
        &decision_row,
        stars,
        score,
        origin,
        None,
        true,
    )
    .await?;
    certificate_repo::insert(&tx, new.clone()).await.map_err(map_unique)?;
    let replaced = certificate::Model {
        superseded_by: Some(new.id),
        superseded_on: facts.superseded_on,
        row_version: old.row_version + 1,
        ..old.clone()
    };
    if !certificate_repo::update(&tx, replaced.clone(), old.row_version).await? {
        return Err(ServiceError::Conflict(ErrorCode::Conflict));
    }
    let action = match origin {
        Origin::Upgrade => "certificate.upgrade",
        _ => "certificate.renew",
    };
    append_audit(&tx, actor, action, None, &new).await?;
    append_audit(&tx, actor, "certificate.supersede", Some(&old), &replaced).await?;
    tx.commit().await?;
    super::lifecycle::get(db, new.id).await
}
