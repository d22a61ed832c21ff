//! `product_set`: the 26 product sets of QĐ 148 / 26-2026 and the 26 subgroups of QĐ 1048.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, serde::Serialize, serde::Deserialize)]
#[sea_orm(table_name = "product_set")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub code: String,
    pub classification: String,
    pub seq: i32,
    pub sector: String,
    pub group_name: String,
    pub name: String,
    pub managing_ministry: String,
    pub sample_required: bool,
    pub name_folded: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
