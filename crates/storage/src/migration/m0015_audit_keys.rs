//! The audit chain keyed with a secret the database does not hold.
//!
//! - `audit_entry.key_id`: the id of the key whose HMAC-SHA256 is the entry's `hash`;
//!   0 (every entry written before this migration) marks the unkeyed SHA-256 chain,
//!   which still verifies but only until the first keyed entry.
//! - `audit_entry.state_digest`: the digest of the record's row snapshot after the
//!   change (certificates, products, producers, dossiers), compared with the row as
//!   it is by `ocop audit verify --state`.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0015_audit_keys"
    }
}

#[derive(DeriveIden)]
enum AuditEntry {
    Table,
    KeyId,
    StateDigest,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite's ALTER TABLE adds one at a time.
        manager
            .alter_table(
                Table::alter()
                    .table(AuditEntry::Table)
                    .add_column(integer(AuditEntry::KeyId).default(0))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(AuditEntry::Table)
                    .add_column(string_null(AuditEntry::StateDigest))
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in [AuditEntry::StateDigest, AuditEntry::KeyId] {
            manager
                .alter_table(Table::alter().table(AuditEntry::Table).drop_column(column).to_owned())
                .await?;
        }
        Ok(())
    }
}
