//! `batch_dossier`: a dossier scheduled in a batch, its round and result (see migration m0006_councils).
use ocop_domain::evaluation::batch::{BatchDossierState, BatchRoute};
use ocop_domain::named::UnknownName;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, serde::Serialize, serde::Deserialize)]
#[sea_orm(table_name = "batch_dossier")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub batch_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub dossier_id: Uuid,
    pub round: i32,
    pub status: String,
    pub score_x100: Option<i32>,
    pub parts: Option<String>,
    pub spread_x100: Option<i32>,
    pub star: Option<i32>,
    pub route: Option<String>,
    pub closed_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

impl Model {
    /// The dossier's state in the batch (`status` holds [`BatchDossierState::as_str`]).
    pub fn state(&self) -> Result<BatchDossierState, UnknownName> {
        BatchDossierState::parse(&self.status)
    }

    /// The route the council's result gives, once closed (`route` holds [`BatchRoute::as_str`]).
    pub fn route(&self) -> Result<Option<BatchRoute>, UnknownName> {
        self.route.as_deref().map(BatchRoute::parse).transpose()
    }
}
