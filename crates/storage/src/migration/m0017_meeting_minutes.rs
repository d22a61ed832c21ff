//! The meeting as it happened: every version of a batch's minutes.
//!
//! - `batch_minutes`: one row per version of the minutes (biên bản họp hội đồng) of a batch,
//!   numbered from 1: the attendance recorded for each member when the version was made (JSON,
//!   `[{"member_id", "presence"}]`, the same shape as `batch.attendance`), the text, and for a
//!   version made after the results decision the reason for the correction (đính chính); who
//!   wrote it and when. `batch.minutes` holds the latest text; earlier versions are never
//!   changed or deleted, so a correction after the decision leaves the minutes the decision
//!   cited in the history.
//! - `batch_decision`: every results decision issued for a batch (the `decision` row), who
//!   issued it and when, and once withdrawn by its issuing authority the day, the withdrawal
//!   decision (which revoked the certificates it had issued), the reason and who withdrew it. A
//!   withdrawn decision stays; the decision re-issued for the batch is a new row.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0017_meeting_minutes"
    }
}

#[derive(DeriveIden)]
enum BatchMinutes {
    Table,
    Id,
    BatchId,
    Version,
    Attendance,
    Minutes,
    Correction,
    RecordedBy,
    RecordedAt,
}

#[derive(DeriveIden)]
enum BatchDecision {
    Table,
    Id,
    BatchId,
    DecisionId,
    IssuedBy,
    IssuedAt,
    WithdrawnOn,
    WithdrawalDecisionId,
    WithdrawalReason,
    WithdrawnBy,
}

#[derive(DeriveIden)]
enum Decision {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Batch {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum UserAccount {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(BatchMinutes::Table)
                    .col(uuid(BatchMinutes::Id).primary_key())
                    .col(uuid(BatchMinutes::BatchId))
                    .col(integer(BatchMinutes::Version))
                    .col(text(BatchMinutes::Attendance))
                    .col(text(BatchMinutes::Minutes))
                    .col(text(BatchMinutes::Correction))
                    .col(uuid(BatchMinutes::RecordedBy))
                    .col(timestamp_with_time_zone(BatchMinutes::RecordedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_batch_minutes_batch")
                            .from(BatchMinutes::Table, BatchMinutes::BatchId)
                            .to(Batch::Table, Batch::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_batch_minutes_recorded_by")
                            .from(BatchMinutes::Table, BatchMinutes::RecordedBy)
                            .to(UserAccount::Table, UserAccount::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_batch_minutes_version")
                    .table(BatchMinutes::Table)
                    .col(BatchMinutes::BatchId)
                    .col(BatchMinutes::Version)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(BatchDecision::Table)
                    .col(uuid(BatchDecision::Id).primary_key())
                    .col(uuid(BatchDecision::BatchId))
                    .col(uuid(BatchDecision::DecisionId))
                    .col(uuid(BatchDecision::IssuedBy))
                    .col(timestamp_with_time_zone(BatchDecision::IssuedAt))
                    .col(date_null(BatchDecision::WithdrawnOn))
                    .col(uuid_null(BatchDecision::WithdrawalDecisionId))
                    .col(text_null(BatchDecision::WithdrawalReason))
                    .col(uuid_null(BatchDecision::WithdrawnBy))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_batch_decision_batch")
                            .from(BatchDecision::Table, BatchDecision::BatchId)
                            .to(Batch::Table, Batch::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_batch_decision_decision")
                            .from(BatchDecision::Table, BatchDecision::DecisionId)
                            .to(Decision::Table, Decision::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_batch_decision_withdrawal")
                            .from(BatchDecision::Table, BatchDecision::WithdrawalDecisionId)
                            .to(Decision::Table, Decision::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_batch_decision_batch")
                    .table(BatchDecision::Table)
                    .col(BatchDecision::BatchId)
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(BatchDecision::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(BatchMinutes::Table).to_owned())
            .await?;
        Ok(())
    }
}
