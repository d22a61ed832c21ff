//! Issuing certificates from a recognition decision, and renewing
//! (công nhận lại) or upgrading (nâng hạng) one, which supersedes it.

use chrono::Datelike;
use ocop_domain::ValidationErrors;
use ocop_domain::certificate::input::{DecisionInput, check_award};
use ocop_domain::certificate::{Stars, validity};
use ocop_domain::{ErrorCode, role::Actor};
use ocop_storage::audit::{self, AuditEvent};
use ocop_storage::entities::{certificate, decision, product};
use ocop_storage::repo::{certificate_repo, product_repo};
use ocop_storage::{ConnectionTrait, Database};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use super::{
    CertificateDto, map_unique, new_verification_code, next_number, recognition_row, require_manage, snapshot, views,
};
use crate::admin_units::{place, today};
use crate::audit_actor;
use crate::error::{ServiceError, ServiceResult};

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

/// `POST /api/v1/certificates`: a recognition decision and the products it recognises.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct IssueInput {
    /// The decision.
    pub decision: DecisionInput,
    /// The products, with their stars and scores.
    pub items: Vec<IssueItem>,
}

/// A renewal or an upgrade of one certificate by a new decision.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct ReissueInput {
    /// The new recognition decision.
    pub decision: DecisionInput,
    /// Stars of the new certificate.
    pub stars: u8,
    /// Score out of 100.
    pub score: Option<f64>,
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
    /// Brought in from a province's records.
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
) -> ServiceResult<certificate::Model> {
    let issued_on = decision.decided_on;
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
    })
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

/// The product and today's province it lies in; checks the actor may manage it.
async fn product_in_scope<C: ConnectionTrait>(
    conn: &C,
    actor: &Actor,
    product_id: Uuid,
    stars: Stars,
    field: &str,
) -> ServiceResult<(product::Model, String)> {
    let product = product_repo::get(conn, product_id)
        .await?
        .ok_or_else(|| ServiceError::field(field, ErrorCode::NotFound))?;
    let place = place(conn, &product.commune_id).await?;
    require_manage(actor, stars.get(), &place, product.producer_id)?;
    let province = place
        .today_province_codes
        .first()
        .cloned()
        .ok_or_else(|| ServiceError::Internal(format!("product {product_id} has no province today")))?;
    Ok((product, province))
}

/// Issues one certificate per item of a recognition decision, all or none.
pub async fn issue(db: &Database, actor: &Actor, input: &IssueInput) -> ServiceResult<Vec<CertificateDto>> {
    let tx = db.begin_write().await?;
    let (_, ids) = issue_in(&tx, actor, input).await?;
    tx.commit().await?;
    let mut rows = Vec::new();
    for id in ids {
        rows.extend(certificate_repo::get(db.conn(), id).await?);
    }
    views(db.conn(), rows, today()).await
}

/// [`issue`] inside the caller's write transaction: returns the decision's id and the new
/// certificates' ids.
pub(crate) async fn issue_in<C: ConnectionTrait>(
    tx: &C,
    actor: &Actor,
    input: &IssueInput,
) -> ServiceResult<(Uuid, Vec<Uuid>)> {
    recognise_in(tx, actor, input, false).await
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
    let decision_row = recognition_row(tx, &decision).await?;
    let mut ids = Vec::new();
    for (i, (item, award)) in input.items.iter().zip(awards).enumerate() {
        let (stars, score) = award.expect("checked above");
        let (product, province) =
            product_in_scope(tx, actor, item.product_id, stars, &format!("items[{i}].product_id")).await?;
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
        let row = new_row(tx, &product, &province, &decision_row, stars, score, origin, None).await?;
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

/// Renews a certificate (công nhận lại): a new one from the new decision supersedes it.
pub async fn renew(db: &Database, actor: &Actor, id: Uuid, input: &ReissueInput) -> ServiceResult<CertificateDto> {
    reissue(db, actor, id, input, Origin::Renewal).await
}

/// Upgrades a certificate (nâng hạng): the new one must have more stars.
pub async fn upgrade(db: &Database, actor: &Actor, id: Uuid, input: &ReissueInput) -> ServiceResult<CertificateDto> {
    reissue(db, actor, id, input, Origin::Upgrade).await
}

async fn reissue(
    db: &Database,
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
    let tx = db.begin_write().await?;
    let old = certificate_repo::get(&tx, id).await?.ok_or(ServiceError::NotFound)?;
    let (product, province) = product_in_scope(&tx, actor, old.product_id, stars, "id").await?;
    let old_stars = u8::try_from(old.stars).unwrap_or_default();
    require_old_stars_in_scope(actor, old_stars, &tx, &product).await?;
    if origin == Origin::Upgrade && stars.get() <= old_stars {
        return Err(ServiceError::field("stars", ErrorCode::NotAnUpgrade));
    }
    let decision_row = recognition_row(&tx, &decision).await?;
    let facts = super::facts(&old).supersede(decision.decided_on).map_err(|e| {
        let code: ErrorCode = e.into();
        ServiceError::Conflict(code)
    })?;
    let new = new_row(&tx, &product, &province, &decision_row, stars, score, origin, None).await?;
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

/// Replacing a 5★ certificate needs the right to manage 5★ too.
async fn require_old_stars_in_scope<C: ConnectionTrait>(
    actor: &Actor,
    old_stars: u8,
    conn: &C,
    product: &product::Model,
) -> ServiceResult<()> {
    let place = place(conn, &product.commune_id).await?;
    require_manage(actor, old_stars, &place, product.producer_id)
}
