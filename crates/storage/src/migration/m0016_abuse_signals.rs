//! Signals that spam cannot bury (issue 12).
//!
//! - `certificate_report` gains `client_hash` (a salted hash of the reporting client's
//!   address, never the address), `report_count` and `last_reported_at` (the same client
//!   reporting the same code again within the window is counted on the first report),
//!   and the officer's `status` (`new`, `checked`, `forwarded`, `dismissed`) with
//!   `status_reason`, `status_by` and `status_at`.
//! - `certificate_scan_client`: one row per code, day and distinct client hash, so an
//!   unusual day counts clients rather than requests.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0016_abuse_signals"
    }
}

#[derive(DeriveIden)]
enum CertificateReport {
    Table,
    VerificationCode,
    ClientHash,
    ReportCount,
    LastReportedAt,
    Status,
    StatusReason,
    StatusBy,
    StatusAt,
    CreatedAt,
}

#[derive(DeriveIden)]
enum CertificateScanClient {
    Table,
    VerificationCode,
    Day,
    ClientHash,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite's ALTER TABLE adds one at a time.
        let columns = [
            string_null(CertificateReport::ClientHash),
            integer(CertificateReport::ReportCount).default(1).to_owned(),
            timestamp_with_time_zone_null(CertificateReport::LastReportedAt),
            string(CertificateReport::Status).default("new").to_owned(),
            text_null(CertificateReport::StatusReason),
            uuid_null(CertificateReport::StatusBy),
            timestamp_with_time_zone_null(CertificateReport::StatusAt),
        ];
        for column in columns {
            manager
                .alter_table(
                    Table::alter()
                        .table(CertificateReport::Table)
                        .add_column(column)
                        .to_owned(),
                )
                .await?;
        }
        manager
            .create_index(
                Index::create()
                    .name("ix_certificate_report_client")
                    .table(CertificateReport::Table)
                    .col(CertificateReport::VerificationCode)
                    .col(CertificateReport::ClientHash)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_certificate_report_created")
                    .table(CertificateReport::Table)
                    .col(CertificateReport::CreatedAt)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(CertificateScanClient::Table)
                    .col(string(CertificateScanClient::VerificationCode))
                    .col(date(CertificateScanClient::Day))
                    .col(string(CertificateScanClient::ClientHash))
                    .primary_key(
                        Index::create()
                            .col(CertificateScanClient::VerificationCode)
                            .col(CertificateScanClient::Day)
                            .col(CertificateScanClient::ClientHash),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_certificate_scan_client_day")
                    .table(CertificateScanClient::Table)
                    .col(CertificateScanClient::Day)
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(CertificateScanClient::Table).to_owned())
            .await?;
        manager
            .drop_index(
                Index::drop()
                    .name("ix_certificate_report_created")
                    .table(CertificateReport::Table)
                    .to_owned(),
            )
            .await?;
        manager
            .drop_index(
                Index::drop()
                    .name("ix_certificate_report_client")
                    .table(CertificateReport::Table)
                    .to_owned(),
            )
            .await?;
        for column in [
            CertificateReport::StatusAt,
            CertificateReport::StatusBy,
            CertificateReport::StatusReason,
            CertificateReport::Status,
            CertificateReport::LastReportedAt,
            CertificateReport::ReportCount,
            CertificateReport::ClientHash,
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(CertificateReport::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
