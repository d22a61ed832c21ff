//! "Where to buy": a product's points of sale (shop, market, online, showroom),
//! managed by the producer or officers in scope (the product's edit rights),
//! public on the verification page.

use ocop_domain::ErrorCode;
use ocop_domain::ValidationErrors;
use ocop_domain::producer::{optional_text, required_text};
use ocop_domain::role::{Actor, RegistryAction, may};
use ocop_storage::Database;
use ocop_storage::audit::{self, AuditEvent};
use ocop_storage::entities::point_of_sale;
use ocop_storage::repo::product_repo;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::admin_units::place;
use crate::audit_actor;
use crate::certificates::area_of;
use crate::error::{ServiceError, ServiceResult};

/// Kinds of points of sale.
pub const KINDS: [&str; 4] = ["shop", "market", "online", "showroom"];

/// A point of sale as typed.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct PointOfSaleInput {
    /// `shop`, `market`, `online` or `showroom`.
    pub kind: String,
    /// Name of the shop, stall or page.
    pub name: String,
    /// Street address (required unless online).
    pub address: Option<String>,
    /// Web address, `http(s)://…` (required when online).
    pub url: Option<String>,
}

/// A point of sale.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct PointOfSaleDto {
    /// Identifier.
    pub id: Uuid,
    /// `shop`, `market`, `online` or `showroom`.
    pub kind: String,
    /// Name.
    pub name: String,
    /// Street address.
    pub address: Option<String>,
    /// Web address.
    pub url: Option<String>,
}

impl From<point_of_sale::Model> for PointOfSaleDto {
    fn from(m: point_of_sale::Model) -> Self {
        Self {
            id: m.id,
            kind: m.kind,
            name: m.name,
            address: m.address,
            url: m.url,
        }
    }
}

/// Validates a point of sale: a known kind, a name, an address unless online, a web address when online.
pub fn validate(
    input: &PointOfSaleInput,
) -> Result<(String, String, Option<String>, Option<String>), ValidationErrors> {
    let mut errors = ValidationErrors::new();
    let kind = input.kind.trim().to_owned();
    if !KINDS.contains(&kind.as_str()) {
        errors.add("kind", ErrorCode::InvalidChoice);
    }
    let name = required_text(&mut errors, "name", &input.name, 200);
    let address = optional_text(&mut errors, "address", &input.address, 300);
    let url = optional_text(&mut errors, "url", &input.url, 500);
    if let Some(u) = &url
        && !(u.starts_with("https://") || u.starts_with("http://"))
    {
        errors.add("url", ErrorCode::InvalidChoice);
    }
    if kind == "online" && url.is_none() {
        errors.add("url", ErrorCode::Required);
    }
    if kind != "online" && KINDS.contains(&kind.as_str()) && address.is_none() {
        errors.add("address", ErrorCode::Required);
    }
    errors.into_result()?;
    Ok((kind, name, address, url))
}

/// A product's points of sale; public, like the product.
pub async fn list(db: &Database, product_id: Uuid) -> ServiceResult<Vec<PointOfSaleDto>> {
    Ok(product_repo::points_of_sale(db.conn(), product_id)
        .await?
        .into_iter()
        .map(Into::into)
        .collect())
}

async fn check_may_edit(db: &Database, actor: &Actor, product_id: Uuid) -> ServiceResult<()> {
    let product = product_repo::get(db.conn(), product_id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let place = place(db.conn(), &product.commune_id).await?;
    if may(
        actor,
        RegistryAction::EditProduct,
        &area_of(&place, product.producer_id),
    ) {
        Ok(())
    } else {
        Err(ServiceError::Forbidden)
    }
}

/// Adds a point of sale (the producer or officers who may edit the product); audited.
pub async fn add(
    db: &Database,
    actor: &Actor,
    product_id: Uuid,
    input: &PointOfSaleInput,
) -> ServiceResult<PointOfSaleDto> {
    check_may_edit(db, actor, product_id).await?;
    let (kind, name, address, url) = validate(input)?;
    let row = point_of_sale::Model {
        id: Uuid::now_v7(),
        product_id,
        kind,
        name,
        address,
        url,
        created_at: ocop_storage::now(),
    };
    let tx = db.begin_write().await?;
    product_repo::insert_point_of_sale(&tx, row.clone()).await?;
    audit::append(
        &tx,
        AuditEvent {
            actor: &audit_actor(actor),
            action: "product.point_of_sale.add",
            entity_type: "product",
            entity_id: product_id.to_string(),
            before: None,
            after: Some(serde_json::to_value(&row).unwrap_or_default()),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(row.into())
}

/// Removes a point of sale; audited. 404 when the product has no such point.
pub async fn remove(db: &Database, actor: &Actor, product_id: Uuid, id: Uuid) -> ServiceResult<()> {
    check_may_edit(db, actor, product_id).await?;
    let tx = db.begin_write().await?;
    if !product_repo::delete_point_of_sale(&tx, product_id, id).await? {
        return Err(ServiceError::NotFound);
    }
    audit::append(
        &tx,
        AuditEvent {
            actor: &audit_actor(actor),
            action: "product.point_of_sale.remove",
            entity_type: "product",
            entity_id: product_id.to_string(),
            before: Some(serde_json::json!({ "point_of_sale_id": id })),
            after: None,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
