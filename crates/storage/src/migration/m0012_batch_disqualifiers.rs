//! The disqualifiers (điều kiện hồ sơ bị loại) a council found for a dossier of a batch.
//!
//! - `batch_disqualifier`: one row per disqualifier found: the batch and dossier, the
//!   disqualifier's `code` in the dossier's frozen criteria set (its wording stays in the set),
//!   the council's `note` (why), who recorded it and when. Recorded by the chair or a manager
//!   while the dossier is being scored; closing passes the codes to the scoring engine, so the
//!   dossier closes not recognised, and the minutes and result table name them.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0012_batch_disqualifiers"
    }
}

#[derive(DeriveIden)]
enum BatchDisqualifier {
    Table,
    Id,
    BatchId,
    DossierId,
    Code,
    Note,
    RecordedBy,
    RecordedAt,
}

#[derive(DeriveIden)]
enum Batch {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Dossier {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum UserAccount {
    Table,
    Id,
}

fn fk(
    name: &str,
    from: (impl IntoIden, impl IntoIden),
    to: (impl IntoIden, impl IntoIden),
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(name)
        .from(from.0, from.1)
        .to(to.0, to.1)
        .to_owned()
}

fn index(name: &str, table: impl IntoIden, columns: &[&'static str]) -> IndexCreateStatement {
    let mut statement = Index::create();
    statement.name(name).table(table);
    for column in columns {
        statement.col(Alias::new(*column));
    }
    statement.to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(BatchDisqualifier::Table)
                    .col(uuid(BatchDisqualifier::Id).primary_key())
                    .col(uuid(BatchDisqualifier::BatchId))
                    .col(uuid(BatchDisqualifier::DossierId))
                    .col(string(BatchDisqualifier::Code))
                    .col(text(BatchDisqualifier::Note))
                    .col(uuid(BatchDisqualifier::RecordedBy))
                    .col(timestamp_with_time_zone(BatchDisqualifier::RecordedAt))
                    .foreign_key(&mut fk(
                        "fk_batch_disqualifier_batch",
                        (BatchDisqualifier::Table, BatchDisqualifier::BatchId),
                        (Batch::Table, Batch::Id),
                    ))
                    .foreign_key(&mut fk(
                        "fk_batch_disqualifier_dossier",
                        (BatchDisqualifier::Table, BatchDisqualifier::DossierId),
                        (Dossier::Table, Dossier::Id),
                    ))
                    .foreign_key(&mut fk(
                        "fk_batch_disqualifier_recorded_by",
                        (BatchDisqualifier::Table, BatchDisqualifier::RecordedBy),
                        (UserAccount::Table, UserAccount::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                index(
                    "ux_batch_disqualifier",
                    BatchDisqualifier::Table,
                    &["batch_id", "dossier_id", "code"],
                )
                .unique()
                .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(BatchDisqualifier::Table).to_owned())
            .await?;
        Ok(())
    }
}
