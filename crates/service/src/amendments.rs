//! Đính chính: an officer's recorded amendment of a product's certified facts.
//!
//! While a product holds a certificate in force, its name, product set, producer and place of
//! production are the facts a decision recognised: the producer's own edit of them is refused
//! (`products::update`), and they change only here — by a commune officer of the product's
//! commune, a province officer of its province or an administrator, with a reason and,
//! optionally, the evidence (a file in the content-addressed store). Each amendment is a
//! `product_amendment` row (who, when, why, the facts before and after) written with the product
//! and its audit entry in one transaction; `/v/{code}` shows the certified facts and the
//! amendments made since.

use chrono::{DateTime, Utc};
use ocop_domain::producer::{optional_text, required_text};
use ocop_domain::product::ProductInput;
use ocop_domain::role::{Actor, RegistryAction, Role, may};
use ocop_domain::{ErrorCode, ValidationErrors};
use ocop_storage::Database;
use ocop_storage::audit::{self, AuditEvent};
use ocop_storage::entities::{product, product_amendment};
use ocop_storage::repo::{producer_repo, product_repo, product_set_repo};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::admin_units::{PlaceDto, place};
use crate::audit_actor;
use crate::error::{ServiceError, ServiceResult};
use crate::files::{FileStore, sniff};
use crate::products::{
    ProductDetail, area_of, certified_facts_change, get, map_unique, product_row, references_for_update, snapshot,
};

/// `POST /api/v1/products/{id}/amendments`: the facts to change (absent ones stay), why, and
/// the evidence.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct AmendmentInput {
    /// The product's `row_version` the officer saw.
    pub row_version: i32,
    /// New name.
    pub name: Option<String>,
    /// New product set code.
    pub product_set_code: Option<String>,
    /// New owner (a producer inside the officer's area).
    pub producer_id: Option<Uuid>,
    /// New commune of production.
    pub commune_id: Option<String>,
    /// Why (the decision, the request, the finding), at most 1000 characters.
    pub reason: String,
    /// SHA-256 of the evidence in the file store (`POST /api/v1/decision-scans` stores one).
    pub evidence_sha256: Option<String>,
}

/// The four certified facts at one moment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct CertifiedFacts {
    /// Product name.
    pub name: String,
    /// Product set code.
    pub product_set_code: String,
    /// The product set's name (filled when listed, so pages never show the code alone).
    #[serde(default)]
    pub product_set_name: String,
    /// Owner.
    pub producer_id: Uuid,
    /// Owner's name then.
    pub producer_name: String,
    /// Commune of production, as recorded.
    pub commune_id: String,
    /// The place's name then ("commune, province").
    pub place_name: String,
}

impl CertifiedFacts {
    fn of(p: &product::Model, producer_name: &str, place: &PlaceDto) -> Self {
        Self {
            name: p.name.clone(),
            product_set_code: p.product_set_code.clone(),
            product_set_name: String::new(),
            producer_id: p.producer_id,
            producer_name: producer_name.to_owned(),
            commune_id: p.commune_id.clone(),
            place_name: format!("{}, {}", place.commune_name, place.province_name),
        }
    }
}

/// An amendment as shown.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct AmendmentDto {
    /// Identifier.
    pub id: Uuid,
    /// When.
    pub amended_at: DateTime<Utc>,
    /// The officer's login name.
    pub officer: String,
    /// Why.
    pub reason: String,
    /// Whether evidence is on file.
    pub has_evidence: bool,
    /// The facts before.
    pub before: Option<CertifiedFacts>,
    /// The facts after.
    pub after: Option<CertifiedFacts>,
}

impl From<product_amendment::Model> for AmendmentDto {
    fn from(m: product_amendment::Model) -> Self {
        Self {
            id: m.id,
            amended_at: m.amended_at,
            officer: m.actor_name,
            reason: m.reason,
            has_evidence: m.evidence_sha256.is_some(),
            before: serde_json::from_str(&m.before).ok(),
            after: serde_json::from_str(&m.after).ok(),
        }
    }
}

/// A product's amendments, oldest first; public like the certificate they amend.
/// The product sets are named from the catalogue of sets.
pub async fn list(db: &Database, product_id: Uuid) -> ServiceResult<Vec<AmendmentDto>> {
    let mut amendments: Vec<AmendmentDto> = product_repo::amendments(db.conn(), product_id)
        .await?
        .into_iter()
        .map(AmendmentDto::from)
        .collect();
    if amendments.is_empty() {
        return Ok(amendments);
    }
    let names: std::collections::HashMap<String, String> = product_set_repo::list(db.conn(), None)
        .await?
        .into_iter()
        .map(|s| (s.code, s.name))
        .collect();
    for facts in amendments
        .iter_mut()
        .flat_map(|a| a.before.iter_mut().chain(a.after.iter_mut()))
    {
        if let Some(name) = names.get(&facts.product_set_code) {
            facts.product_set_name.clone_from(name);
        }
    }
    Ok(amendments)
}

/// Amends a product's certified facts (officers of its area, administrators).
pub async fn amend(
    db: &Database,
    files: &FileStore,
    actor: &Actor,
    id: Uuid,
    input: &AmendmentInput,
) -> ServiceResult<ProductDetail> {
    if !matches!(
        actor.role,
        Role::CommuneOfficer | Role::ProvinceOfficer | Role::Administrator
    ) {
        return Err(ServiceError::Forbidden);
    }
    let mut errors = ValidationErrors::new();
    let reason = required_text(&mut errors, "reason", &input.reason, 1000);
    let evidence_key = optional_text(&mut errors, "evidence_sha256", &input.evidence_sha256, 64);
    errors.into_result()?;
    let evidence = match evidence_key {
        Some(key) => {
            let bytes = match files.get(&key).await {
                Ok(bytes) => bytes,
                Err(ServiceError::NotFound) => {
                    return Err(ServiceError::field("evidence_sha256", ErrorCode::NotFound));
                }
                Err(e) => return Err(e),
            };
            let kind = sniff(&bytes).ok_or_else(|| ServiceError::field("evidence_sha256", ErrorCode::NotFound))?;
            Some((key, kind.mime()))
        }
        None => None,
    };
    let tx = db.begin_write().await?;
    let before = product_repo::get(&tx, id).await?.ok_or(ServiceError::NotFound)?;
    let old_place = place(&tx, &before.commune_id).await?;
    if !may(
        actor,
        RegistryAction::EditProduct,
        &area_of(&old_place, before.producer_id),
    ) {
        return Err(ServiceError::Forbidden);
    }
    let changed = ProductInput {
        name: input.name.clone().unwrap_or_else(|| before.name.clone()),
        producer_id: input.producer_id.unwrap_or(before.producer_id).to_string(),
        product_set_code: input
            .product_set_code
            .clone()
            .unwrap_or_else(|| before.product_set_code.clone()),
        commune_id: input.commune_id.clone().unwrap_or_else(|| before.commune_id.clone()),
        description: before.description.clone(),
        story: before.story.clone(),
        raw_material_origin: before.raw_material_origin.clone(),
        gtin: before.gtin.clone(),
    };
    let draft = changed.parse()?;
    let old_producer_name = producer_repo::get(&tx, before.producer_id)
        .await?
        .map(|p| p.name)
        .unwrap_or_default();
    if !certified_facts_change(&before, &draft) {
        return Err(ServiceError::field("name", ErrorCode::NothingToAmend));
    }
    // The same checks as an edit: the product set exists, the new commune and the new producer
    // lie inside the officer's area.
    let (producer_name, set_name, new_place) = references_for_update(&tx, actor, &draft, id).await?;
    let row = product_row(
        id,
        &draft,
        &producer_name,
        &set_name,
        &new_place,
        input.row_version + 1,
        before.created_at,
    );
    if !product_repo::update(&tx, row.clone(), input.row_version)
        .await
        .map_err(map_unique)?
    {
        return Err(ServiceError::Conflict(ErrorCode::Conflict));
    }
    let amendment = product_amendment::Model {
        id: Uuid::now_v7(),
        product_id: id,
        actor_id: actor.user_id.0,
        actor_name: actor.username.clone(),
        reason,
        evidence_sha256: evidence.as_ref().map(|(key, _)| key.clone()),
        evidence_content_type: evidence.as_ref().map(|(_, mime)| (*mime).to_owned()),
        before: serde_json::to_string(&CertifiedFacts::of(&before, &old_producer_name, &old_place))
            .map_err(|e| ServiceError::Internal(e.to_string()))?,
        after: serde_json::to_string(&CertifiedFacts::of(&row, &producer_name, &new_place))
            .map_err(|e| ServiceError::Internal(e.to_string()))?,
        amended_at: ocop_storage::now(),
    };
    product_repo::insert_amendment(&tx, amendment.clone()).await?;
    audit::append(
        &tx,
        AuditEvent {
            actor: &audit_actor(actor),
            action: "product.amend",
            entity_type: "product",
            entity_id: id.to_string(),
            before: Some(snapshot(&before)),
            after: Some(serde_json::json!({
                "product": snapshot(&row), "amendment_id": amendment.id, "reason": amendment.reason,
                "evidence_sha256": amendment.evidence_sha256,
            })),
        },
    )
    .await?;
    tx.commit().await?;
    get(db, Some(actor), id).await
}
