//! `decision`: a recognition or revocation decision (quyết định công nhận / thu hồi).
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, serde::Serialize, serde::Deserialize)]
#[sea_orm(table_name = "decision")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub kind: String,
    pub number: String,
    pub decided_on: Date,
    pub issuer_name: String,
    pub issuer_level: String,
    pub legal_basis: Option<String>,
    pub created_at: DateTimeUtc,
    pub scan_sha256: Option<String>,
    pub scan_content_type: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
