//! `product`: a product of a producer.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, serde::Serialize, serde::Deserialize)]
#[sea_orm(table_name = "product")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub producer_id: Uuid,
    pub name: String,
    pub name_folded: String,
    pub sort_key: Vec<u8>,
    pub product_set_code: String,
    pub commune_id: String,
    pub description: Option<String>,
    pub story: Option<String>,
    pub raw_material_origin: Option<String>,
    pub gtin: Option<String>,
    pub search_folded: String,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub row_version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
