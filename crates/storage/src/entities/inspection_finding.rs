//! `inspection_finding`: a finding of an inspection, its deadline, the producer's answer and
//! the consequence proposed to the issuing authority (see migration m0021_oversight).
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, serde::Serialize, serde::Deserialize)]
#[sea_orm(table_name = "inspection_finding")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub inspection_id: Uuid,
    pub certificate_id: Option<Uuid>,
    pub product_id: Option<Uuid>,
    pub producer_id: Option<Uuid>,
    pub province_code: Option<String>,
    pub kind: String,
    pub severity: String,
    pub description: String,
    pub remedy_required: String,
    pub found_on: Date,
    pub working_days: Option<i32>,
    pub due_on: Date,
    pub status: String,
    pub answer: Option<String>,
    pub answer_evidence: Option<String>,
    pub answered_at: Option<DateTimeUtc>,
    pub remedy_evidence: Option<String>,
    pub closed_at: Option<DateTimeUtc>,
    pub consequence: Option<String>,
    pub proposed_by: Option<Uuid>,
    pub proposed_at: Option<DateTimeUtc>,
    pub decided_by: Option<Uuid>,
    pub decided_at: Option<DateTimeUtc>,
    pub decision_note: Option<String>,
    pub created_by: Uuid,
    pub created_at: DateTimeUtc,
    pub row_version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
