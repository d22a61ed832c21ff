//! `programme_support`: support disbursed to a producer (see migration m0011_programme_reports).
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, serde::Serialize, serde::Deserialize)]
#[sea_orm(table_name = "programme_support")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub unit_id: String,
    pub producer_id: Uuid,
    pub product_id: Option<Uuid>,
    pub amount_vnd: i64,
    pub source: String,
    pub purpose: String,
    pub disbursed_on: Date,
    pub created_by: String,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
