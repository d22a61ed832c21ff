//! `certificate`: a product's OCOP certificate and its lifecycle facts.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, serde::Serialize, serde::Deserialize)]
#[sea_orm(table_name = "certificate")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub product_id: Uuid,
    pub producer_id: Uuid,
    pub stars: i32,
    pub score_x100: Option<i32>,
    pub legal_basis: String,
    pub decision_id: Uuid,
    pub origin: String,
    pub issued_on: Date,
    pub valid_through: Date,
    pub number: String,
    pub verification_code: String,
    pub province_code: String,
    pub superseded_by: Option<Uuid>,
    pub superseded_on: Option<Date>,
    pub suspended_on: Option<Date>,
    pub suspension_note: Option<String>,
    pub revoked_on: Option<Date>,
    pub revocation_ground: Option<String>,
    pub revocation_text: Option<String>,
    pub revocation_decision_id: Option<Uuid>,
    pub created_at: DateTimeUtc,
    pub row_version: i32,
    pub certified_product_name: String,
    pub certified_product_set_code: String,
    pub certified_producer_name: String,
    pub certified_commune_id: String,
    pub recorded: bool,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::product::Entity",
        from = "Column::ProductId",
        to = "super::product::Column::Id"
    )]
    Product,
}

impl Related<super::product::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Product.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
