//! Repeated fake reports merge atomically (issue 12).
//!
//! `certificate_report.merge_key` (`{code}:{client hash}`, unique) is held by the one report
//! that repeats of the same code from the same client are counted on while its window is open;
//! a report is stored with `INSERT … ON CONFLICT (merge_key) DO UPDATE`, so two identical
//! reports arriving at once count twice on one row on both engines (the merge used to read,
//! then write: on PostgreSQL both could find nothing and both insert). A report whose window
//! has passed gives its key up (set to NULL) before the next one is stored.
//!
//! Existing rows: the newest report of each (code, client) takes the key, so a repeat within
//! the window after the upgrade still merges.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0022_report_merge_key"
    }
}

#[derive(DeriveIden)]
enum CertificateReport {
    Table,
    MergeKey,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(CertificateReport::Table)
                    .add_column(string_null(CertificateReport::MergeKey))
                    .to_owned(),
            )
            .await?;
        manager
            .get_connection()
            .execute_unprepared(
                "UPDATE certificate_report SET merge_key = verification_code || ':' || client_hash \
                 WHERE client_hash IS NOT NULL AND id = (SELECT newest.id FROM certificate_report newest \
                 WHERE newest.verification_code = certificate_report.verification_code \
                 AND newest.client_hash = certificate_report.client_hash \
                 ORDER BY newest.created_at DESC, newest.id DESC LIMIT 1)",
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_certificate_report_merge_key")
                    .table(CertificateReport::Table)
                    .col(CertificateReport::MergeKey)
                    .unique()
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name("ux_certificate_report_merge_key")
                    .table(CertificateReport::Table)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(CertificateReport::Table)
                    .drop_column(CertificateReport::MergeKey)
                    .to_owned(),
            )
            .await?;
        Ok(())
    }
}
