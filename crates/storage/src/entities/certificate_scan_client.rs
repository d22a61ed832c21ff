//! `certificate_scan_client`: one row per code, day and distinct client that verified it
//! (a salted hash of the client's address, never the address), so an unusual day is
//! counted in people, not in requests.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, serde::Serialize, serde::Deserialize)]
#[sea_orm(table_name = "certificate_scan_client")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub verification_code: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub day: Date,
    #[sea_orm(primary_key, auto_increment = false)]
    pub client_hash: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
