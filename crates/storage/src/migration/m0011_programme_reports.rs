//! What the programme's reports and measured targets need beyond
//! certificates and dossiers:
//!
//! - `product_revenue`: a product's revenue for one year (doanh thu năm, whole
//!   VND), entered by the producer or an officer, one row per product and
//!   year (a correction replaces the figure; the audit trail keeps the old
//!   one). The national agricultural database export (`PTNT_OCOP`) reads it.
//! - `programme_event`: a trade fair, exhibition or promotion event recorded
//!   by a unit's programme, with `programme_event_participant` (the
//!   producers, and optionally products, that took part).
//! - `programme_training`: a training course of a unit, with the officials
//!   and other people trained.
//! - `programme_support`: support disbursed to a producer (amount in VND,
//!   programme source, purpose, day).
//! - `programme_target.legal_form`: a "producers taking part" target may
//!   count producers of one legal form only.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0011_programme_reports"
    }
}

#[derive(DeriveIden)]
enum ProductRevenue {
    Table,
    Id,
    ProductId,
    Year,
    RevenueVnd,
    Source,
    RecordedBy,
    RecordedAt,
    RowVersion,
}

#[derive(DeriveIden)]
enum ProgrammeEvent {
    Table,
    Id,
    UnitId,
    Kind,
    Name,
    Place,
    StartsOn,
    EndsOn,
    Organiser,
    Note,
    CreatedBy,
    CreatedAt,
}

#[derive(DeriveIden)]
enum ProgrammeEventParticipant {
    Table,
    Id,
    EventId,
    ProducerId,
    ProductId,
    CreatedAt,
}

#[derive(DeriveIden)]
enum ProgrammeTraining {
    Table,
    Id,
    UnitId,
    Title,
    StartsOn,
    EndsOn,
    Organiser,
    Officials,
    Others,
    Note,
    CreatedBy,
    CreatedAt,
}

#[derive(DeriveIden)]
enum ProgrammeSupport {
    Table,
    Id,
    UnitId,
    ProducerId,
    ProductId,
    AmountVnd,
    Source,
    Purpose,
    DisbursedOn,
    CreatedBy,
    CreatedAt,
}

#[derive(DeriveIden)]
enum ProgrammeTarget {
    Table,
    LegalForm,
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
                    .table(ProductRevenue::Table)
                    .col(uuid(ProductRevenue::Id).primary_key())
                    .col(uuid(ProductRevenue::ProductId))
                    .col(integer(ProductRevenue::Year))
                    .col(big_integer(ProductRevenue::RevenueVnd))
                    .col(string(ProductRevenue::Source))
                    .col(string(ProductRevenue::RecordedBy))
                    .col(timestamp_with_time_zone(ProductRevenue::RecordedAt))
                    .col(integer(ProductRevenue::RowVersion))
                    .foreign_key(&mut fk(
                        "fk_product_revenue_product",
                        (ProductRevenue::Table, ProductRevenue::ProductId),
                        (Product::Table, Product::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                index(
                    "ux_product_revenue_product_year",
                    ProductRevenue::Table,
                    &["product_id", "year"],
                )
                .unique()
                .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ProgrammeEvent::Table)
                    .col(uuid(ProgrammeEvent::Id).primary_key())
                    .col(string(ProgrammeEvent::UnitId))
                    .col(string(ProgrammeEvent::Kind))
                    .col(string(ProgrammeEvent::Name))
                    .col(string(ProgrammeEvent::Place))
                    .col(date(ProgrammeEvent::StartsOn))
                    .col(date(ProgrammeEvent::EndsOn))
                    .col(string_null(ProgrammeEvent::Organiser))
                    .col(text_null(ProgrammeEvent::Note))
                    .col(string(ProgrammeEvent::CreatedBy))
                    .col(timestamp_with_time_zone(ProgrammeEvent::CreatedAt))
                    .foreign_key(&mut fk(
                        "fk_programme_event_unit",
                        (ProgrammeEvent::Table, ProgrammeEvent::UnitId),
                        (AdminUnit::Table, AdminUnit::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "ix_programme_event_unit_start",
                ProgrammeEvent::Table,
                &["unit_id", "starts_on"],
            ))
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ProgrammeEventParticipant::Table)
                    .col(uuid(ProgrammeEventParticipant::Id).primary_key())
                    .col(uuid(ProgrammeEventParticipant::EventId))
                    .col(uuid(ProgrammeEventParticipant::ProducerId))
                    .col(uuid_null(ProgrammeEventParticipant::ProductId))
                    .col(timestamp_with_time_zone(ProgrammeEventParticipant::CreatedAt))
                    .foreign_key(&mut fk(
                        "fk_programme_event_participant_event",
                        (ProgrammeEventParticipant::Table, ProgrammeEventParticipant::EventId),
                        (ProgrammeEvent::Table, ProgrammeEvent::Id),
                    ))
                    .foreign_key(&mut fk(
                        "fk_programme_event_participant_producer",
                        (ProgrammeEventParticipant::Table, ProgrammeEventParticipant::ProducerId),
                        (Producer::Table, Producer::Id),
                    ))
                    .foreign_key(&mut fk(
                        "fk_programme_event_participant_product",
                        (ProgrammeEventParticipant::Table, ProgrammeEventParticipant::ProductId),
                        (Product::Table, Product::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "ix_programme_event_participant_event",
                ProgrammeEventParticipant::Table,
                &["event_id"],
            ))
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ProgrammeTraining::Table)
                    .col(uuid(ProgrammeTraining::Id).primary_key())
                    .col(string(ProgrammeTraining::UnitId))
                    .col(string(ProgrammeTraining::Title))
                    .col(date(ProgrammeTraining::StartsOn))
                    .col(date(ProgrammeTraining::EndsOn))
                    .col(string_null(ProgrammeTraining::Organiser))
                    .col(integer(ProgrammeTraining::Officials))
                    .col(integer(ProgrammeTraining::Others))
                    .col(text_null(ProgrammeTraining::Note))
                    .col(string(ProgrammeTraining::CreatedBy))
                    .col(timestamp_with_time_zone(ProgrammeTraining::CreatedAt))
                    .foreign_key(&mut fk(
                        "fk_programme_training_unit",
                        (ProgrammeTraining::Table, ProgrammeTraining::UnitId),
                        (AdminUnit::Table, AdminUnit::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "ix_programme_training_unit_end",
                ProgrammeTraining::Table,
                &["unit_id", "ends_on"],
            ))
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ProgrammeSupport::Table)
                    .col(uuid(ProgrammeSupport::Id).primary_key())
                    .col(string(ProgrammeSupport::UnitId))
                    .col(uuid(ProgrammeSupport::ProducerId))
                    .col(uuid_null(ProgrammeSupport::ProductId))
                    .col(big_integer(ProgrammeSupport::AmountVnd))
                    .col(string(ProgrammeSupport::Source))
                    .col(string(ProgrammeSupport::Purpose))
                    .col(date(ProgrammeSupport::DisbursedOn))
                    .col(string(ProgrammeSupport::CreatedBy))
                    .col(timestamp_with_time_zone(ProgrammeSupport::CreatedAt))
                    .foreign_key(&mut fk(
                        "fk_programme_support_unit",
                        (ProgrammeSupport::Table, ProgrammeSupport::UnitId),
                        (AdminUnit::Table, AdminUnit::Id),
                    ))
                    .foreign_key(&mut fk(
                        "fk_programme_support_producer",
                        (ProgrammeSupport::Table, ProgrammeSupport::ProducerId),
                        (Producer::Table, Producer::Id),
                    ))
                    .foreign_key(&mut fk(
                        "fk_programme_support_product",
                        (ProgrammeSupport::Table, ProgrammeSupport::ProductId),
                        (Product::Table, Product::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "ix_programme_support_unit_day",
                ProgrammeSupport::Table,
                &["unit_id", "disbursed_on"],
            ))
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(ProgrammeTarget::Table)
                    .add_column(string_null(ProgrammeTarget::LegalForm))
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(ProgrammeTarget::Table)
                    .drop_column(ProgrammeTarget::LegalForm)
                    .to_owned(),
            )
            .await?;
        for table in [
            ProgrammeSupport::Table.into_iden(),
            ProgrammeTraining::Table.into_iden(),
            ProgrammeEventParticipant::Table.into_iden(),
            ProgrammeEvent::Table.into_iden(),
            ProductRevenue::Table.into_iden(),
        ] {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}
