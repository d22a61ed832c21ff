//! `certificate_report`: a member of the public's report of a suspected fake.
//!
//! The same client (salted hash of its address) reporting the same code again within the
//! deduplication window adds to `report_count` instead of a new row, atomically through the
//! unique `merge_key`; an officer sets
//! `status` (`ocop_domain::certificate::ReportStatus`) with a reason.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, serde::Serialize, serde::Deserialize)]
#[sea_orm(table_name = "certificate_report")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub verification_code: String,
    pub certificate_id: Option<Uuid>,
    pub province_code: Option<String>,
    pub message: String,
    pub contact: Option<String>,
    pub created_at: DateTimeUtc,
    #[serde(default)]
    pub client_hash: Option<String>,
    #[serde(default = "one")]
    pub report_count: i32,
    #[serde(default)]
    pub last_reported_at: Option<DateTimeUtc>,
    #[serde(default = "new_status")]
    pub status: String,
    #[serde(default)]
    pub status_reason: Option<String>,
    #[serde(default)]
    pub status_by: Option<Uuid>,
    #[serde(default)]
    pub status_at: Option<DateTimeUtc>,
    /// `{code}:{client hash}` while repeats are counted on this report (unique; NULL once its
    /// window has passed or for a report without a client).
    #[serde(default)]
    pub merge_key: Option<String>,
}

fn one() -> i32 {
    1
}

fn new_status() -> String {
    "new".to_owned()
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
