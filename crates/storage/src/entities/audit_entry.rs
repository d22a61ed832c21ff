//! `audit_entry`: one state change, chained to the previous entry by a keyed hash.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, serde::Serialize, serde::Deserialize)]
#[sea_orm(table_name = "audit_entry")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub seq: i64,
    pub at: DateTimeUtc,
    pub actor_id: Option<Uuid>,
    pub actor_name: String,
    pub action: String,
    pub entity_type: String,
    pub entity_id: String,
    pub before_json: Option<String>,
    pub after_json: Option<String>,
    pub before_digest: String,
    pub after_digest: String,
    pub prev_hash: String,
    pub hash: String,
    /// The key that made `hash` (an HMAC-SHA256); 0 for the unkeyed SHA-256 entries
    /// written before audit keys existed (migration m0015).
    pub key_id: i32,
    /// The digest of the record's row snapshot after the change, for the kinds whose
    /// rows `ocop audit verify --state` re-checks; none for other entries.
    pub state_digest: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
