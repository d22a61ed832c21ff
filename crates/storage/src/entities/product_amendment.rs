//! `product_amendment`: an officer's recorded amendment of a product's certified facts (see migration m0018_certified_facts).
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, serde::Serialize, serde::Deserialize)]
#[sea_orm(table_name = "product_amendment")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub product_id: Uuid,
    pub actor_id: Uuid,
    pub actor_name: String,
    pub reason: String,
    pub evidence_sha256: Option<String>,
    pub evidence_content_type: Option<String>,
    pub before: String,
    pub after: String,
    pub amended_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
