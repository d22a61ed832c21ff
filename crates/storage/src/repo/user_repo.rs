//! User accounts.

use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder};
use uuid::Uuid;

use crate::entities::user_account;

/// One account by login name (exact, case-insensitive names are stored lower-case).
pub async fn by_username<C: ConnectionTrait>(conn: &C, username: &str) -> Result<Option<user_account::Model>, DbErr> {
    user_account::Entity::find()
        .filter(user_account::Column::Username.eq(username))
        .one(conn)
        .await
}

/// One account by id.
pub async fn get<C: ConnectionTrait>(conn: &C, id: Uuid) -> Result<Option<user_account::Model>, DbErr> {
    user_account::Entity::find_by_id(id).one(conn).await
}

/// Every account, by login name.
pub async fn list<C: ConnectionTrait>(conn: &C) -> Result<Vec<user_account::Model>, DbErr> {
    user_account::Entity::find()
        .order_by_asc(user_account::Column::Username)
        .all(conn)
        .await
}

/// Stores a new account.
pub async fn insert<C: ConnectionTrait>(conn: &C, model: user_account::Model) -> Result<(), DbErr> {
    user_account::Entity::insert(model.into_active_model())
        .exec_without_returning(conn)
        .await
        .map(|_| ())
}

/// Clears the failed-login counter and lock after a successful login (columns of the lockout
/// that throttling replaced; still cleared so an account locked before the upgrade is freed).
pub async fn record_successful_login<C: ConnectionTrait>(conn: &C, id: Uuid) -> Result<(), DbErr> {
    user_account::Entity::update_many()
        .col_expr(user_account::Column::FailedLogins, Expr::value(0))
        .col_expr(
            user_account::Column::LockedUntil,
            Expr::value(Option::<chrono::DateTime<chrono::Utc>>::None),
        )
        .filter(Expr::col(user_account::Column::Id).eq(id))
        .exec(conn)
        .await
        .map(|_| ())
}

/// Replaces the password hash.
pub async fn set_password<C: ConnectionTrait>(conn: &C, id: Uuid, hash: &str) -> Result<bool, DbErr> {
    let result = user_account::Entity::update_many()
        .col_expr(user_account::Column::PasswordHash, Expr::value(hash))
        .col_expr(user_account::Column::UpdatedAt, Expr::value(crate::now()))
        .filter(user_account::Column::Id.eq(id))
        .exec(conn)
        .await?;
    Ok(result.rows_affected == 1)
}
