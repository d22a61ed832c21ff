//! `oversight_case`: a case opened from a fake report, unusual scans or an agency complaint
//! (see migration m0021_oversight). `province_code` none: the central level (unknown code).
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, serde::Serialize, serde::Deserialize)]
#[sea_orm(table_name = "oversight_case")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub source: String,
    pub verification_code: Option<String>,
    pub certificate_id: Option<Uuid>,
    pub report_id: Option<Uuid>,
    pub province_code: Option<String>,
    pub summary: String,
    pub reporter_contact: Option<String>,
    pub status: String,
    pub outcome: Option<String>,
    pub outcome_note: Option<String>,
    pub merged_into: Option<Uuid>,
    pub inspection_id: Option<Uuid>,
    pub opened_by: Option<Uuid>,
    pub opened_at: DateTimeUtc,
    pub closed_at: Option<DateTimeUtc>,
    pub row_version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
