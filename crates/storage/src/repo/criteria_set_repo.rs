//! Criteria sets: list, get, insert, publish.

use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder,
    QuerySelect,
};

use crate::entities::criteria_set;

/// Every set, by legal basis, product sets and version (bodies included).
pub async fn list<C: ConnectionTrait>(conn: &C) -> Result<Vec<criteria_set::Model>, DbErr> {
    criteria_set::Entity::find()
        .order_by_asc(criteria_set::Column::LegalBasis)
        .order_by_asc(criteria_set::Column::ProductSets)
        .order_by_asc(criteria_set::Column::Version)
        .all(conn)
        .await
}

/// One set.
pub async fn get<C: ConnectionTrait>(conn: &C, id: uuid::Uuid) -> Result<Option<criteria_set::Model>, DbErr> {
    criteria_set::Entity::find_by_id(id).one(conn).await
}

/// The highest version for a legal basis and product-sets key, 0 when none.
pub async fn latest_version<C: ConnectionTrait>(conn: &C, legal_basis: &str, product_sets: &str) -> Result<i32, DbErr> {
    let max: Option<Option<i32>> = criteria_set::Entity::find()
        .select_only()
        .column_as(criteria_set::Column::Version.max(), "v")
        .filter(criteria_set::Column::LegalBasis.eq(legal_basis))
        .filter(criteria_set::Column::ProductSets.eq(product_sets))
        .into_tuple()
        .one(conn)
        .await?;
    Ok(max.flatten().unwrap_or(0))
}

/// Inserts a row.
pub async fn insert<C: ConnectionTrait>(conn: &C, row: criteria_set::Model) -> Result<(), DbErr> {
    row.into_active_model().insert(conn).await.map(|_| ())
}

/// Marks a draft published; false when it was not a draft (already published or missing).
pub async fn publish<C: ConnectionTrait>(
    conn: &C,
    id: uuid::Uuid,
    at: chrono::DateTime<chrono::Utc>,
) -> Result<bool, DbErr> {
    let result = criteria_set::Entity::update_many()
        .col_expr(criteria_set::Column::Status, Expr::value(criteria_set::PUBLISHED))
        .col_expr(criteria_set::Column::PublishedAt, Expr::value(at))
        .filter(criteria_set::Column::Id.eq(id))
        .filter(criteria_set::Column::Status.eq(criteria_set::DRAFT))
        .exec(conn)
        .await?;
    Ok(result.rows_affected == 1)
}
