//! `inspection`: one inspection, planned or carried out, and its record (see migration
//! m0021_oversight). `evidence` holds the file-store keys of photos and documents as a JSON array.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, serde::Serialize, serde::Deserialize)]
#[sea_orm(table_name = "inspection")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub plan_id: Option<Uuid>,
    pub product_id: Option<Uuid>,
    pub producer_id: Option<Uuid>,
    pub certificate_id: Option<Uuid>,
    pub idea_id: Option<Uuid>,
    pub dossier_id: Option<Uuid>,
    pub case_id: Option<Uuid>,
    pub province_code: Option<String>,
    pub ground: String,
    pub lead_agency: String,
    pub planned_on: Date,
    pub status: String,
    pub carried_out_on: Option<Date>,
    pub place: Option<String>,
    pub team: Option<String>,
    pub lead_name: Option<String>,
    pub checked: Option<String>,
    pub evidence: Option<String>,
    pub signed_off_by: Option<Uuid>,
    pub signed_off_at: Option<DateTimeUtc>,
    pub cancel_reason: Option<String>,
    pub created_by: Uuid,
    pub created_at: DateTimeUtc,
    pub row_version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
