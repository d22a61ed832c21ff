//! `idea`: a product idea registration (see migration m0005_dossiers).
use chrono::NaiveDate;
use ocop_domain::cycle::IdeaState;
use ocop_domain::named::UnknownName;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, serde::Serialize, serde::Deserialize)]
#[sea_orm(table_name = "idea")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub producer_id: Uuid,
    pub product_id: Option<Uuid>,
    pub kind: String,
    pub product_name: String,
    pub product_set_code: Option<String>,
    pub description: String,
    pub commune_id: String,
    pub state: String,
    pub submitted_on: NaiveDate,
    pub due_on: NaiveDate,
    pub submitted_by: Option<Uuid>,
    pub decided_on: Option<NaiveDate>,
    pub decided_by: Option<Uuid>,
    pub reason: Option<String>,
    pub row_version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

impl Model {
    /// The idea's state (`state` holds [`IdeaState::as_str`]).
    pub fn idea_state(&self) -> Result<IdeaState, UnknownName> {
        IdeaState::parse(&self.state)
    }
}
