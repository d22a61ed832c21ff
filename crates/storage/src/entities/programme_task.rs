//! `programme_task`: a task of the programme (nhiệm vụ), its deadline and completion.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, serde::Serialize, serde::Deserialize)]
#[sea_orm(table_name = "programme_task")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub unit_id: String,
    pub directive_id: Option<Uuid>,
    pub title: String,
    pub details: String,
    pub responsible: String,
    pub cooperating: String,
    pub deadline: String,
    pub due_on: Option<Date>,
    pub done_on: Option<Date>,
    pub evidence_sha256: Option<String>,
    pub evidence_name: Option<String>,
    pub producer_id: Option<Uuid>,
    pub product_id: Option<Uuid>,
    pub created_at: DateTimeUtc,
    pub row_version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
