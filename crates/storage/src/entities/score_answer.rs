//! `score_answer`: one answer (chosen option) of a score sheet (see migration m0006_councils).
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, serde::Serialize, serde::Deserialize)]
#[sea_orm(table_name = "score_answer")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub sheet_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub criterion_code: String,
    pub option_index: i32,
    pub comment: String,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
