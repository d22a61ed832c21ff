//! `business_plan`: a business plan with its budget total (see migration m0005_dossiers).
use chrono::NaiveDate;
use ocop_domain::cycle::PlanState;
use ocop_domain::named::UnknownName;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, serde::Serialize, serde::Deserialize)]
#[sea_orm(table_name = "business_plan")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub producer_id: Uuid,
    pub idea_id: Option<Uuid>,
    pub product_id: Option<Uuid>,
    pub title: String,
    pub summary: String,
    pub commune_id: String,
    pub state: String,
    pub total_vnd: i64,
    pub submitted_on: Option<NaiveDate>,
    pub due_on: Option<NaiveDate>,
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
    /// The plan's state (`state` holds [`PlanState::as_str`]).
    pub fn plan_state(&self) -> Result<PlanState, UnknownName> {
        PlanState::parse(&self.state)
    }
}
