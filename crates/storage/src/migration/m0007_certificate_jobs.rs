//! The daily certificate job and its notices.
//!
//! - `job_lease`: one row per (job, day), claimed by the first runner that
//!   inserts it (the primary key makes the claim atomic on every engine), so
//!   in a multi-process deployment a daily job runs once.
//! - `certificate_notice`: in-application notices that a certificate became
//!   expiring or expired (one per certificate and kind: the transition event),
//!   for officials' lists and the producer's view; `emailed_at` when an e-mail
//!   went out through the configured SMTP relay.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0007_certificate_jobs"
    }
}

#[derive(DeriveIden)]
enum JobLease {
    Table,
    Job,
    Day,
    Holder,
    ClaimedAt,
    FinishedAt,
    Summary,
}

#[derive(DeriveIden)]
enum CertificateNotice {
    Table,
    Id,
    CertificateId,
    ProducerId,
    ProvinceCode,
    Kind,
    Day,
    ValidThrough,
    EmailedAt,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Certificate {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Producer {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(JobLease::Table)
                    .col(string(JobLease::Job))
                    .col(date(JobLease::Day))
                    .col(string(JobLease::Holder))
                    .col(timestamp_with_time_zone(JobLease::ClaimedAt))
                    .col(timestamp_with_time_zone_null(JobLease::FinishedAt))
                    .col(text_null(JobLease::Summary))
                    .primary_key(Index::create().col(JobLease::Job).col(JobLease::Day))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(CertificateNotice::Table)
                    .col(uuid(CertificateNotice::Id).primary_key())
                    .col(uuid(CertificateNotice::CertificateId))
                    .col(uuid(CertificateNotice::ProducerId))
                    .col(string(CertificateNotice::ProvinceCode))
                    .col(string(CertificateNotice::Kind))
                    .col(date(CertificateNotice::Day))
                    .col(date(CertificateNotice::ValidThrough))
                    .col(timestamp_with_time_zone_null(CertificateNotice::EmailedAt))
                    .col(timestamp_with_time_zone(CertificateNotice::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_certificate_notice_certificate")
                            .from(CertificateNotice::Table, CertificateNotice::CertificateId)
                            .to(Certificate::Table, Certificate::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_certificate_notice_producer")
                            .from(CertificateNotice::Table, CertificateNotice::ProducerId)
                            .to(Producer::Table, Producer::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_certificate_notice_kind")
                    .table(CertificateNotice::Table)
                    .col(CertificateNotice::CertificateId)
                    .col(CertificateNotice::Kind)
                    .unique()
                    .to_owned(),
            )
            .await?;
        for (name, columns) in [
            (
                "ix_certificate_notice_province",
                [CertificateNotice::ProvinceCode, CertificateNotice::Day],
            ),
            (
                "ix_certificate_notice_producer",
                [CertificateNotice::ProducerId, CertificateNotice::Day],
            ),
        ] {
            let mut index = Index::create();
            index.name(name).table(CertificateNotice::Table);
            for column in columns {
                index.col(column);
            }
            manager.create_index(index.to_owned()).await?;
        }
        Ok(())
    }
}
