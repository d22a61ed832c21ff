//! `product_word`: a word of a product's folded search text (`product.search_folded`),
//! the index behind product and catalogue search. Derived data: written with the
//! product, in the same transaction (`repo::product_repo`).
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, serde::Serialize, serde::Deserialize)]
#[sea_orm(table_name = "product_word")]
pub struct Model {
    /// A folded word (letters and digits).
    #[sea_orm(primary_key, auto_increment = false)]
    pub word: String,
    /// The product whose search text holds it.
    #[sea_orm(primary_key, auto_increment = false)]
    pub product_id: Uuid,
    /// The word's first two characters (the whole word when shorter): an equality
    /// the index can seek on before `word LIKE 'term%'`, whatever the collation.
    pub head: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
