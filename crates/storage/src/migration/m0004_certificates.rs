//! Certificates (giấy chứng nhận) and the decisions behind them, the public
//! verification counters and reports of suspected fakes.
//!
//! - `decision`: a recognition (công nhận) or revocation (thu hồi) decision —
//!   number, date, issuer name and level, legal basis.
//! - `certificate`: one product's certificate. Its status is never stored: it
//!   is computed from `issued_on`, `valid_through`, `superseded_on`,
//!   `suspended_on` and `revoked_on` for the day asked about
//!   (`ocop_domain::certificate::LifecycleFacts`). `province_code` is today's
//!   province of the product when issued (numbering, access, worklists).
//! - `certificate_scan`: verifications per code and day.
//! - `certificate_report`: "suspected fake" reports, routed to a province.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0004_certificates"
    }
}

#[derive(DeriveIden)]
enum Decision {
    Table,
    Id,
    Kind,
    Number,
    DecidedOn,
    IssuerName,
    IssuerLevel,
    LegalBasis,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Certificate {
    Table,
    Id,
    ProductId,
    ProducerId,
    Stars,
    ScoreX100,
    LegalBasis,
    DecisionId,
    Origin,
    IssuedOn,
    ValidThrough,
    Number,
    VerificationCode,
    ProvinceCode,
    SupersededBy,
    SupersededOn,
    SuspendedOn,
    SuspensionNote,
    RevokedOn,
    RevocationGround,
    RevocationText,
    RevocationDecisionId,
    CreatedAt,
    RowVersion,
}

#[derive(DeriveIden)]
enum CertificateScan {
    Table,
    VerificationCode,
    Day,
    Count,
}

#[derive(DeriveIden)]
enum CertificateReport {
    Table,
    Id,
    VerificationCode,
    CertificateId,
    ProvinceCode,
    Message,
    Contact,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Product {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Producer {
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
                    .table(Decision::Table)
                    .col(uuid(Decision::Id).primary_key())
                    .col(string(Decision::Kind))
                    .col(string(Decision::Number))
                    .col(date(Decision::DecidedOn))
                    .col(string(Decision::IssuerName))
                    .col(string(Decision::IssuerLevel))
                    .col(string_null(Decision::LegalBasis))
                    .col(timestamp_with_time_zone(Decision::CreatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                index("ux_decision_number", Decision::Table, &["issuer_name", "number"])
                    .unique()
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Certificate::Table)
                    .col(uuid(Certificate::Id).primary_key())
                    .col(uuid(Certificate::ProductId))
                    .col(uuid(Certificate::ProducerId))
                    .col(integer(Certificate::Stars))
                    .col(integer_null(Certificate::ScoreX100))
                    .col(string(Certificate::LegalBasis))
                    .col(uuid(Certificate::DecisionId))
                    .col(string(Certificate::Origin))
                    .col(date(Certificate::IssuedOn))
                    .col(date(Certificate::ValidThrough))
                    .col(string(Certificate::Number).unique_key())
                    .col(string(Certificate::VerificationCode).unique_key())
                    .col(string(Certificate::ProvinceCode))
                    .col(uuid_null(Certificate::SupersededBy))
                    .col(date_null(Certificate::SupersededOn))
                    .col(date_null(Certificate::SuspendedOn))
                    .col(text_null(Certificate::SuspensionNote))
                    .col(date_null(Certificate::RevokedOn))
                    .col(string_null(Certificate::RevocationGround))
                    .col(text_null(Certificate::RevocationText))
                    .col(uuid_null(Certificate::RevocationDecisionId))
                    .col(timestamp_with_time_zone(Certificate::CreatedAt))
                    .col(integer(Certificate::RowVersion))
                    .foreign_key(&mut fk(
                        "fk_certificate_product",
                        (Certificate::Table, Certificate::ProductId),
                        (Product::Table, Product::Id),
                    ))
                    .foreign_key(&mut fk(
                        "fk_certificate_producer",
                        (Certificate::Table, Certificate::ProducerId),
                        (Producer::Table, Producer::Id),
                    ))
                    .foreign_key(&mut fk(
                        "fk_certificate_decision",
                        (Certificate::Table, Certificate::DecisionId),
                        (Decision::Table, Decision::Id),
                    ))
                    .foreign_key(&mut fk(
                        "fk_certificate_revocation_decision",
                        (Certificate::Table, Certificate::RevocationDecisionId),
                        (Decision::Table, Decision::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        for (name, columns) in [
            ("ix_certificate_product", &["product_id"][..]),
            ("ix_certificate_producer", &["producer_id"][..]),
            ("ix_certificate_decision", &["decision_id"][..]),
            (
                "ix_certificate_province_expiry",
                &["province_code", "valid_through"][..],
            ),
        ] {
            manager.create_index(index(name, Certificate::Table, columns)).await?;
        }

        manager
            .create_table(
                Table::create()
                    .table(CertificateScan::Table)
                    .col(string(CertificateScan::VerificationCode))
                    .col(date(CertificateScan::Day))
                    .col(big_integer(CertificateScan::Count))
                    .primary_key(
                        Index::create()
                            .col(CertificateScan::VerificationCode)
                            .col(CertificateScan::Day),
                    )
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(CertificateReport::Table)
                    .col(uuid(CertificateReport::Id).primary_key())
                    .col(string(CertificateReport::VerificationCode))
                    .col(uuid_null(CertificateReport::CertificateId))
                    .col(string_null(CertificateReport::ProvinceCode))
                    .col(text(CertificateReport::Message))
                    .col(string_null(CertificateReport::Contact))
                    .col(timestamp_with_time_zone(CertificateReport::CreatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "ix_certificate_report_province",
                CertificateReport::Table,
                &["province_code", "created_at"],
            ))
            .await?;
        Ok(())
    }
}
