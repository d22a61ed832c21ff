//! Product sets (read-only reference data).

use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder};

use crate::entities::product_set;

/// Every set of a classification (`qd148` or `qd1048`), in the decision's order.
pub async fn list<C: ConnectionTrait>(
    conn: &C,
    classification: Option<&str>,
) -> Result<Vec<product_set::Model>, DbErr> {
    let mut select = product_set::Entity::find();
    if let Some(classification) = classification {
        select = select.filter(product_set::Column::Classification.eq(classification));
    }
    select
        .order_by_asc(product_set::Column::Classification)
        .order_by_asc(product_set::Column::Seq)
        .all(conn)
        .await
}

/// One set.
pub async fn get<C: ConnectionTrait>(conn: &C, code: &str) -> Result<Option<product_set::Model>, DbErr> {
    product_set::Entity::find_by_id(code.to_owned()).one(conn).await
}
