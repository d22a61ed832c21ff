//! `batch_decision`: a results decision issued for a batch and its withdrawal, kept forever (see migration m0017_meeting_minutes).
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, serde::Serialize, serde::Deserialize)]
#[sea_orm(table_name = "batch_decision")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub batch_id: Uuid,
    pub decision_id: Uuid,
    pub issued_by: Uuid,
    pub issued_at: DateTimeUtc,
    pub withdrawn_on: Option<Date>,
    pub withdrawal_decision_id: Option<Uuid>,
    pub withdrawal_reason: Option<String>,
    pub withdrawn_by: Option<Uuid>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
