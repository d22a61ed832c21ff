//! `certificate_notice`: a certificate became expiring or expired (one per kind).
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, serde::Serialize, serde::Deserialize)]
#[sea_orm(table_name = "certificate_notice")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub certificate_id: Uuid,
    pub producer_id: Uuid,
    pub province_code: String,
    /// `expiring` or `expired`.
    pub kind: String,
    /// The day the job saw the transition.
    pub day: Date,
    pub valid_through: Date,
    pub emailed_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
