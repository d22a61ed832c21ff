//! Storage: one code path for SQLite (the default) and PostgreSQL.
//!
//! SeaORM entities and migrations built with SeaQuery, so the same queries run
//! on both engines. Schema and queries keep to a portable subset (see
//! ARCHITECTURE.md): no extensions, triggers, advisory locks or arrays.
//! Repositories (`repo::*`) take any `ConnectionTrait`, so a service passes
//! either the pool for reads or its write transaction.

pub mod audit;
pub mod audit_key;
pub mod db;
pub mod entities;
pub mod migration;
pub mod reference;
pub mod repo;
pub mod testing;
pub mod transfer;

pub use db::{Backend, Database, StorageError};
pub use sea_orm::{ConnectionTrait, DatabaseTransaction, DbErr, TransactionTrait};

/// True when the error is a violated unique constraint.
pub fn is_unique_violation(err: &DbErr) -> bool {
    matches!(err.sql_err(), Some(sea_orm::SqlErr::UniqueConstraintViolation(_)))
}

/// Current time truncated to microseconds, the precision both engines keep.
pub fn now() -> chrono::DateTime<chrono::Utc> {
    let now = chrono::Utc::now();
    chrono::DateTime::from_timestamp_micros(now.timestamp_micros()).unwrap_or(now)
}
