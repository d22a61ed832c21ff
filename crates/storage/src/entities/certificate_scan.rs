//! `certificate_scan`: how many times a code was verified on a day.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, serde::Serialize, serde::Deserialize)]
#[sea_orm(table_name = "certificate_scan")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub verification_code: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub day: Date,
    pub count: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
