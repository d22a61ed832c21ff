//! `programme_target`: a target (chỉ tiêu) of an annual plan.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, serde::Serialize, serde::Deserialize)]
#[sea_orm(table_name = "programme_target")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub plan_id: Uuid,
    pub directive_id: Option<Uuid>,
    pub position: i32,
    pub kind: String,
    pub count: i32,
    pub count_max: Option<i32>,
    pub min_stars: Option<i32>,
    pub level: Option<String>,
    pub text: String,
    pub manual_progress: Option<i32>,
    pub legal_form: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
