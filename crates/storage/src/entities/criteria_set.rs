//! `criteria_set`: versioned criteria sets (see migration m0003_evaluation).
use ocop_domain::evaluation::CriteriaSet;
use sea_orm::entity::prelude::*;

/// `status` of a set being authored.
pub const DRAFT: &str = "draft";
/// `status` of a published, immutable set.
pub const PUBLISHED: &str = "published";

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, serde::Serialize, serde::Deserialize)]
#[sea_orm(table_name = "criteria_set")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub legal_basis: String,
    pub product_sets: String,
    pub version: i32,
    pub status: String,
    pub title: String,
    pub sample: bool,
    pub body: String,
    pub created_at: DateTimeUtc,
    pub published_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

/// The row of a set; published when `published_at` is given.
pub fn row(
    id: Uuid,
    set: &CriteriaSet,
    version: i32,
    created_at: DateTimeUtc,
    published_at: Option<DateTimeUtc>,
) -> Model {
    Model {
        id,
        legal_basis: set.legal_basis.clone(),
        product_sets: product_sets_key(set),
        version,
        status: if published_at.is_some() { PUBLISHED } else { DRAFT }.to_owned(),
        title: set.title.clone(),
        sample: set.sample,
        body: serde_json::to_string(set).expect("a criteria set serialises"),
        created_at,
        published_at,
    }
}

/// The `product_sets` column: the set's product sets as a JSON text array.
pub fn product_sets_key(set: &CriteriaSet) -> String {
    serde_json::to_string(&set.product_sets).expect("strings serialise")
}
