//! Certified facts and recorded decisions (issue 11, "a round a province can stand behind").
//!
//! - `certificate.certified_product_name`, `certified_product_set_code`,
//!   `certified_producer_name`, `certified_commune_id`: the facts as certified, copied from the
//!   product and producer when the certificate is made, so the public page shows what the
//!   decision recognised, whatever the product is called or wherever it lies later; the commune
//!   is kept as recorded (old or new list) and gives, through `admin_unit_current`, today's
//!   province that holds authority over the certificate. Backfilled here from today's rows.
//! - `certificate.recorded`: the certificate records a decision signed on paper before the
//!   system (`POST /api/v1/certificates`, the CSV/.xlsx import), not one the system's councils
//!   made. Backfilled true for `origin = 'imported'`.
//! - `decision.scan_sha256`, `decision.scan_content_type`: the scanned decision a recorded
//!   decision was entered from, in the content-addressed file store.
//! - `product_amendment`: an officer's recorded amendment (đính chính) of a product's certified
//!   facts: who, when, why, the evidence file (optional) and the four facts before and after
//!   (JSON text).

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0018_certified_facts"
    }
}

#[derive(DeriveIden)]
enum Certificate {
    Table,
    CertifiedProductName,
    CertifiedProductSetCode,
    CertifiedProducerName,
    CertifiedCommuneId,
    Recorded,
}

#[derive(DeriveIden)]
enum Decision {
    Table,
    ScanSha256,
    ScanContentType,
}

#[derive(DeriveIden)]
enum ProductAmendment {
    Table,
    Id,
    ProductId,
    ActorId,
    ActorName,
    Reason,
    EvidenceSha256,
    EvidenceContentType,
    Before,
    After,
    AmendedAt,
}

#[derive(DeriveIden)]
enum Product {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum UserAccount {
    Table,
    Id,
}

const BACKFILL: [&str; 5] = [
    "UPDATE certificate SET certified_product_name = \
     COALESCE((SELECT p.name FROM product p WHERE p.id = certificate.product_id), '')",
    "UPDATE certificate SET certified_product_set_code = \
     COALESCE((SELECT p.product_set_code FROM product p WHERE p.id = certificate.product_id), '')",
    "UPDATE certificate SET certified_commune_id = \
     COALESCE((SELECT p.commune_id FROM product p WHERE p.id = certificate.product_id), '')",
    "UPDATE certificate SET certified_producer_name = \
     COALESCE((SELECT r.name FROM producer r WHERE r.id = certificate.producer_id), '')",
    "UPDATE certificate SET recorded = TRUE WHERE origin = 'imported'",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite alters one thing at a time.
        for column in [
            string(Certificate::CertifiedProductName).default(""),
            string(Certificate::CertifiedProductSetCode).default(""),
            string(Certificate::CertifiedProducerName).default(""),
            string(Certificate::CertifiedCommuneId).default(""),
            boolean(Certificate::Recorded).default(false),
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Certificate::Table)
                        .add_column(column.to_owned())
                        .to_owned(),
                )
                .await?;
        }
        for column in [
            string_null(Decision::ScanSha256),
            string_null(Decision::ScanContentType),
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Decision::Table)
                        .add_column(column.to_owned())
                        .to_owned(),
                )
                .await?;
        }
        let conn = manager.get_connection();
        for statement in BACKFILL {
            conn.execute_unprepared(statement).await?;
        }
        manager
            .create_table(
                Table::create()
                    .table(ProductAmendment::Table)
                    .col(uuid(ProductAmendment::Id).primary_key())
                    .col(uuid(ProductAmendment::ProductId))
                    .col(uuid(ProductAmendment::ActorId))
                    .col(string(ProductAmendment::ActorName))
                    .col(text(ProductAmendment::Reason))
                    .col(string_null(ProductAmendment::EvidenceSha256))
                    .col(string_null(ProductAmendment::EvidenceContentType))
                    .col(text(ProductAmendment::Before))
                    .col(text(ProductAmendment::After))
                    .col(timestamp_with_time_zone(ProductAmendment::AmendedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_product_amendment_product")
                            .from(ProductAmendment::Table, ProductAmendment::ProductId)
                            .to(Product::Table, Product::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_product_amendment_actor")
                            .from(ProductAmendment::Table, ProductAmendment::ActorId)
                            .to(UserAccount::Table, UserAccount::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_product_amendment_product")
                    .table(ProductAmendment::Table)
                    .col(ProductAmendment::ProductId)
                    .col(ProductAmendment::AmendedAt)
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(ProductAmendment::Table).to_owned())
            .await?;
        for column in [Decision::ScanSha256, Decision::ScanContentType] {
            manager
                .alter_table(Table::alter().table(Decision::Table).drop_column(column).to_owned())
                .await?;
        }
        for column in [
            Certificate::CertifiedProductName,
            Certificate::CertifiedProductSetCode,
            Certificate::CertifiedProducerName,
            Certificate::CertifiedCommuneId,
            Certificate::Recorded,
        ] {
            manager
                .alter_table(Table::alter().table(Certificate::Table).drop_column(column).to_owned())
                .await?;
        }
        Ok(())
    }
}
