//! `admin_unit_link`: an old unit went (wholly or partly) into a new one.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, serde::Serialize, serde::Deserialize)]
#[sea_orm(table_name = "admin_unit_link")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub from_id: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub to_id: String,
    pub kind: String,
    pub effective_on: Date,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
