//! `batch`: an evaluation batch (đợt đánh giá) (see migration m0006_councils).
use ocop_domain::evaluation::batch::BatchState;
use ocop_domain::named::UnknownName;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, serde::Serialize, serde::Deserialize)]
#[sea_orm(table_name = "batch")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub council_id: Uuid,
    pub name: String,
    pub starts_on: Date,
    pub ends_on: Date,
    pub meeting_on: Date,
    pub sent_on: Option<Date>,
    pub status: String,
    pub attendance: String,
    pub minutes: String,
    pub decision_id: Option<Uuid>,
    pub created_at: DateTimeUtc,
    pub row_version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

impl Model {
    /// The batch's state (`status` holds [`BatchState::as_str`]).
    pub fn state(&self) -> Result<BatchState, UnknownName> {
        BatchState::parse(&self.status)
    }
}
