//! Server-side sessions, shared by every process on the same database.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, IntoActiveModel, QueryFilter};
use uuid::Uuid;

use crate::entities::session;

/// Stores a new session.
pub async fn insert<C: ConnectionTrait>(conn: &C, model: session::Model) -> Result<(), DbErr> {
    session::Entity::insert(model.into_active_model())
        .exec_without_returning(conn)
        .await
        .map(|_| ())
}

/// A live session (not revoked, not expired at `now`).
pub async fn live<C: ConnectionTrait>(
    conn: &C,
    token_hash: &str,
    now: DateTime<Utc>,
) -> Result<Option<session::Model>, DbErr> {
    session::Entity::find_by_id(token_hash.to_owned())
        .filter(session::Column::RevokedAt.is_null())
        .filter(session::Column::ExpiresAt.gt(now))
        .one(conn)
        .await
}

/// Slides a session's expiry forward.
pub async fn touch<C: ConnectionTrait>(
    conn: &C,
    token_hash: &str,
    now: DateTime<Utc>,
    expires_at: DateTime<Utc>,
) -> Result<(), DbErr> {
    session::Entity::update_many()
        .col_expr(session::Column::LastSeenAt, Expr::value(now))
        .col_expr(session::Column::ExpiresAt, Expr::value(expires_at))
        .filter(session::Column::TokenHash.eq(token_hash))
        .exec(conn)
        .await
        .map(|_| ())
}

/// Ends one session.
pub async fn revoke<C: ConnectionTrait>(conn: &C, token_hash: &str, now: DateTime<Utc>) -> Result<(), DbErr> {
    session::Entity::update_many()
        .col_expr(session::Column::RevokedAt, Expr::value(now))
        .filter(session::Column::TokenHash.eq(token_hash))
        .exec(conn)
        .await
        .map(|_| ())
}

/// Ends every session of a user; returns how many were live.
pub async fn revoke_all_of_user<C: ConnectionTrait>(conn: &C, user_id: Uuid, now: DateTime<Utc>) -> Result<u64, DbErr> {
    let result = session::Entity::update_many()
        .col_expr(session::Column::RevokedAt, Expr::value(now))
        .filter(session::Column::UserId.eq(user_id))
        .filter(session::Column::RevokedAt.is_null())
        .exec(conn)
        .await?;
    Ok(result.rows_affected)
}
