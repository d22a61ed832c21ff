//! `producer`: chủ thể OCOP.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, serde::Serialize, serde::Deserialize)]
#[sea_orm(table_name = "producer")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub name: String,
    pub name_folded: String,
    pub sort_key: Vec<u8>,
    pub legal_form: String,
    pub enterprise_kind: Option<String>,
    pub tax_code: Option<String>,
    pub registration_number: Option<String>,
    pub representative: String,
    pub representative_title: Option<String>,
    pub commune_id: String,
    pub address_line: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub website: Option<String>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub row_version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
