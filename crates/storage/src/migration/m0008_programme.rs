//! Running the programme: directives, the tasks they set, annual plans and
//! their targets.
//!
//! - `directive`: a directive a person pasted and confirmed (number, date,
//!   issuer, the unit whose programme it steers, the text as pasted).
//! - `programme_task`: a task — responsible office (an `OfficeKind` code),
//!   cooperating offices (codes separated by commas), the deadline as written
//!   (`Deadline` code) and its last day `due_on`, `done_on` when completed and
//!   the evidence file (content-addressed in the FileStore). Its status (open,
//!   done, late) is never stored: it is computed from `due_on`, `done_on` and
//!   the day asked about. Optional links to a producer and a product.
//! - `programme_task_comment`: comments on a task.
//! - `programme_plan`: one annual plan per administrative unit and year (a
//!   province or commune of today's list, or a district for years before the
//!   2025 reform).
//! - `programme_target`: a plan's targets; measured kinds get their actual
//!   value computed from certificates, the others carry `manual_progress`.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0008_programme"
    }
}

#[derive(DeriveIden)]
enum Directive {
    Table,
    Id,
    UnitId,
    Number,
    IssuedOn,
    Issuer,
    Title,
    SourceText,
    CreatedAt,
}

#[derive(DeriveIden)]
enum ProgrammeTask {
    Table,
    Id,
    UnitId,
    DirectiveId,
    Title,
    Details,
    Responsible,
    Cooperating,
    Deadline,
    DueOn,
    DoneOn,
    EvidenceSha256,
    EvidenceName,
    ProducerId,
    ProductId,
    CreatedAt,
    RowVersion,
}

#[derive(DeriveIden)]
enum ProgrammeTaskComment {
    Table,
    Id,
    TaskId,
    Author,
    Body,
    CreatedAt,
}

#[derive(DeriveIden)]
enum ProgrammePlan {
    Table,
    Id,
    UnitId,
    Year,
    Title,
    CreatedAt,
    RowVersion,
}

#[derive(DeriveIden)]
enum ProgrammeTarget {
    Table,
    Id,
    PlanId,
    DirectiveId,
    Position,
    Kind,
    Count,
    CountMax,
    MinStars,
    Level,
    Text,
    ManualProgress,
}

#[derive(DeriveIden)]
enum AdminUnit {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Producer {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Product {
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
                    .table(Directive::Table)
                    .col(uuid(Directive::Id).primary_key())
                    .col(string(Directive::UnitId))
                    .col(string_null(Directive::Number))
                    .col(date_null(Directive::IssuedOn))
                    .col(string(Directive::Issuer))
                    .col(string(Directive::Title))
                    .col(text(Directive::SourceText))
                    .col(timestamp_with_time_zone(Directive::CreatedAt))
                    .foreign_key(&mut fk(
                        "fk_directive_unit",
                        (Directive::Table, Directive::UnitId),
                        (AdminUnit::Table, AdminUnit::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ProgrammeTask::Table)
                    .col(uuid(ProgrammeTask::Id).primary_key())
                    .col(string(ProgrammeTask::UnitId))
                    .col(uuid_null(ProgrammeTask::DirectiveId))
                    .col(string(ProgrammeTask::Title))
                    .col(text(ProgrammeTask::Details))
                    .col(string(ProgrammeTask::Responsible))
                    .col(string(ProgrammeTask::Cooperating))
                    .col(string(ProgrammeTask::Deadline))
                    .col(date_null(ProgrammeTask::DueOn))
                    .col(date_null(ProgrammeTask::DoneOn))
                    .col(string_null(ProgrammeTask::EvidenceSha256))
                    .col(string_null(ProgrammeTask::EvidenceName))
                    .col(uuid_null(ProgrammeTask::ProducerId))
                    .col(uuid_null(ProgrammeTask::ProductId))
                    .col(timestamp_with_time_zone(ProgrammeTask::CreatedAt))
                    .col(integer(ProgrammeTask::RowVersion))
                    .foreign_key(&mut fk(
                        "fk_programme_task_unit",
                        (ProgrammeTask::Table, ProgrammeTask::UnitId),
                        (AdminUnit::Table, AdminUnit::Id),
                    ))
                    .foreign_key(&mut fk(
                        "fk_programme_task_directive",
                        (ProgrammeTask::Table, ProgrammeTask::DirectiveId),
                        (Directive::Table, Directive::Id),
                    ))
                    .foreign_key(&mut fk(
                        "fk_programme_task_producer",
                        (ProgrammeTask::Table, ProgrammeTask::ProducerId),
                        (Producer::Table, Producer::Id),
                    ))
                    .foreign_key(&mut fk(
                        "fk_programme_task_product",
                        (ProgrammeTask::Table, ProgrammeTask::ProductId),
                        (Product::Table, Product::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "ix_programme_task_unit_due",
                ProgrammeTask::Table,
                &["unit_id", "due_on"],
            ))
            .await?;
        manager
            .create_index(index(
                "ix_programme_task_directive",
                ProgrammeTask::Table,
                &["directive_id"],
            ))
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ProgrammeTaskComment::Table)
                    .col(uuid(ProgrammeTaskComment::Id).primary_key())
                    .col(uuid(ProgrammeTaskComment::TaskId))
                    .col(string(ProgrammeTaskComment::Author))
                    .col(text(ProgrammeTaskComment::Body))
                    .col(timestamp_with_time_zone(ProgrammeTaskComment::CreatedAt))
                    .foreign_key(&mut fk(
                        "fk_programme_task_comment_task",
                        (ProgrammeTaskComment::Table, ProgrammeTaskComment::TaskId),
                        (ProgrammeTask::Table, ProgrammeTask::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "ix_programme_task_comment_task",
                ProgrammeTaskComment::Table,
                &["task_id", "created_at"],
            ))
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ProgrammePlan::Table)
                    .col(uuid(ProgrammePlan::Id).primary_key())
                    .col(string(ProgrammePlan::UnitId))
                    .col(integer(ProgrammePlan::Year))
                    .col(string(ProgrammePlan::Title))
                    .col(timestamp_with_time_zone(ProgrammePlan::CreatedAt))
                    .col(integer(ProgrammePlan::RowVersion))
                    .foreign_key(&mut fk(
                        "fk_programme_plan_unit",
                        (ProgrammePlan::Table, ProgrammePlan::UnitId),
                        (AdminUnit::Table, AdminUnit::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                index(
                    "ux_programme_plan_unit_year",
                    ProgrammePlan::Table,
                    &["unit_id", "year"],
                )
                .unique()
                .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ProgrammeTarget::Table)
                    .col(uuid(ProgrammeTarget::Id).primary_key())
                    .col(uuid(ProgrammeTarget::PlanId))
                    .col(uuid_null(ProgrammeTarget::DirectiveId))
                    .col(integer(ProgrammeTarget::Position))
                    .col(string(ProgrammeTarget::Kind))
                    .col(integer(ProgrammeTarget::Count))
                    .col(integer_null(ProgrammeTarget::CountMax))
                    .col(integer_null(ProgrammeTarget::MinStars))
                    .col(string_null(ProgrammeTarget::Level))
                    .col(text(ProgrammeTarget::Text))
                    .col(integer_null(ProgrammeTarget::ManualProgress))
                    .foreign_key(&mut fk(
                        "fk_programme_target_plan",
                        (ProgrammeTarget::Table, ProgrammeTarget::PlanId),
                        (ProgrammePlan::Table, ProgrammePlan::Id),
                    ))
                    .foreign_key(&mut fk(
                        "fk_programme_target_directive",
                        (ProgrammeTarget::Table, ProgrammeTarget::DirectiveId),
                        (Directive::Table, Directive::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "ix_programme_target_plan",
                ProgrammeTarget::Table,
                &["plan_id", "position"],
            ))
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            ProgrammeTarget::Table.into_iden(),
            ProgrammePlan::Table.into_iden(),
            ProgrammeTaskComment::Table.into_iden(),
            ProgrammeTask::Table.into_iden(),
            Directive::Table.into_iden(),
        ] {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}
