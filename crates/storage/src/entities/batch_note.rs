//! `batch_note`: a note of the minutes: a recorded discussion or a round's reason (see migration m0006_councils).
use ocop_domain::evaluation::batch::RoundReason;
use ocop_domain::named::UnknownName;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, serde::Serialize, serde::Deserialize)]
#[sea_orm(table_name = "batch_note")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub batch_id: Uuid,
    pub dossier_id: Option<Uuid>,
    pub round: i32,
    pub kind: String,
    pub body: String,
    pub author_id: Uuid,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

impl Model {
    /// Why the note's round opened (`kind` holds [`RoundReason::as_str`]).
    pub fn reason(&self) -> Result<RoundReason, UnknownName> {
        RoundReason::parse(&self.kind)
    }
}
