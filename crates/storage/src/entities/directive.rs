//! `directive`: a directive confirmed after import (kế hoạch, thông báo, công văn).
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, serde::Serialize, serde::Deserialize)]
#[sea_orm(table_name = "directive")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub unit_id: String,
    pub number: Option<String>,
    pub issued_on: Option<Date>,
    pub issuer: String,
    pub title: String,
    /// The stored code of `DirectiveKind` (`plan`, `notice`, …); none before it was kept.
    pub kind: Option<String>,
    pub source_text: String,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
