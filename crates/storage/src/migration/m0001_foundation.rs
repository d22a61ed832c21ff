//! Administrative units, product sets, producers, products, accounts,
//! sessions and the audit chain.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0001_foundation"
    }
}

#[derive(DeriveIden)]
enum AdminUnit {
    Table,
    Id,
    Version,
    Level,
    Code,
    Name,
    FullName,
    UnitType,
    ParentId,
    ProvinceCode,
    ValidFrom,
    ValidTo,
    Lat,
    Lon,
    AreaKm2,
    NameFolded,
    SortKey,
}

#[derive(DeriveIden)]
enum AdminUnitLink {
    Table,
    FromId,
    ToId,
    Kind,
    EffectiveOn,
}

#[derive(DeriveIden)]
enum AdminUnitCurrent {
    Table,
    UnitId,
    CurrentId,
    CurrentLevel,
    CurrentCode,
    CurrentProvinceCode,
}

#[derive(DeriveIden)]
enum ProductSet {
    Table,
    Code,
    Classification,
    Seq,
    Sector,
    GroupName,
    Name,
    ManagingMinistry,
    SampleRequired,
    NameFolded,
}

#[derive(DeriveIden)]
enum Producer {
    Table,
    Id,
    Name,
    NameFolded,
    SortKey,
    LegalForm,
    EnterpriseKind,
    TaxCode,
    RegistrationNumber,
    Representative,
    RepresentativeTitle,
    CommuneId,
    AddressLine,
    Phone,
    Email,
    Website,
    CreatedAt,
    UpdatedAt,
    RowVersion,
}

#[derive(DeriveIden)]
enum ProducerCertification {
    Table,
    Id,
    ProducerId,
    Kind,
    Label,
    Number,
    Issuer,
    IssuedOn,
    ExpiresOn,
    CreatedAt,
}

#[derive(DeriveIden)]
#[allow(clippy::enum_variant_names)]
enum Product {
    Table,
    Id,
    ProducerId,
    Name,
    NameFolded,
    SortKey,
    ProductSetCode,
    CommuneId,
    Description,
    Story,
    RawMaterialOrigin,
    Gtin,
    SearchFolded,
    CreatedAt,
    UpdatedAt,
    RowVersion,
}

#[derive(DeriveIden)]
enum ProductPhoto {
    Table,
    Id,
    ProductId,
    FileKey,
    ContentType,
    ByteSize,
    Sha256,
    CreatedAt,
}

#[derive(DeriveIden)]
enum UserAccount {
    Table,
    Id,
    Username,
    DisplayName,
    PasswordHash,
    Role,
    ScopeUnitId,
    ProducerId,
    Active,
    FailedLogins,
    LockedUntil,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Session {
    Table,
    TokenHash,
    UserId,
    CreatedAt,
    ExpiresAt,
    LastSeenAt,
    RevokedAt,
}

#[derive(DeriveIden)]
enum AuditEntry {
    Table,
    Seq,
    At,
    ActorId,
    ActorName,
    Action,
    EntityType,
    EntityId,
    BeforeJson,
    AfterJson,
    BeforeDigest,
    AfterDigest,
    PrevHash,
    Hash,
}

#[derive(DeriveIden)]
enum AuditHead {
    Table,
    Id,
    Seq,
    LastHash,
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
                    .table(AdminUnit::Table)
                    .col(string(AdminUnit::Id).primary_key())
                    .col(string(AdminUnit::Version))
                    .col(string(AdminUnit::Level))
                    .col(string(AdminUnit::Code))
                    .col(string(AdminUnit::Name))
                    .col(string(AdminUnit::FullName))
                    .col(string(AdminUnit::UnitType))
                    .col(string_null(AdminUnit::ParentId))
                    .col(string_null(AdminUnit::ProvinceCode))
                    .col(date_null(AdminUnit::ValidFrom))
                    .col(date_null(AdminUnit::ValidTo))
                    .col(double_null(AdminUnit::Lat))
                    .col(double_null(AdminUnit::Lon))
                    .col(double_null(AdminUnit::AreaKm2))
                    .col(string(AdminUnit::NameFolded))
                    .col(blob(AdminUnit::SortKey))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index("ix_admin_unit_level_code", AdminUnit::Table, &["level", "code"]))
            .await?;
        manager
            .create_index(index("ix_admin_unit_parent", AdminUnit::Table, &["parent_id"]))
            .await?;
        manager
            .create_index(index(
                "ix_admin_unit_province",
                AdminUnit::Table,
                &["level", "province_code"],
            ))
            .await?;
        manager
            .create_index(index("ix_admin_unit_sort", AdminUnit::Table, &["level", "sort_key"]))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(AdminUnitLink::Table)
                    .col(string(AdminUnitLink::FromId))
                    .col(string(AdminUnitLink::ToId))
                    .col(string(AdminUnitLink::Kind))
                    .col(date(AdminUnitLink::EffectiveOn))
                    .primary_key(Index::create().col(AdminUnitLink::FromId).col(AdminUnitLink::ToId))
                    .foreign_key(&mut fk(
                        "fk_link_from",
                        (AdminUnitLink::Table, AdminUnitLink::FromId),
                        (AdminUnit::Table, AdminUnit::Id),
                    ))
                    .foreign_key(&mut fk(
                        "fk_link_to",
                        (AdminUnitLink::Table, AdminUnitLink::ToId),
                        (AdminUnit::Table, AdminUnit::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index("ix_admin_unit_link_to", AdminUnitLink::Table, &["to_id"]))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(AdminUnitCurrent::Table)
                    .col(string(AdminUnitCurrent::UnitId))
                    .col(string(AdminUnitCurrent::CurrentId))
                    .col(string(AdminUnitCurrent::CurrentLevel))
                    .col(string(AdminUnitCurrent::CurrentCode))
                    .col(string(AdminUnitCurrent::CurrentProvinceCode))
                    .primary_key(
                        Index::create()
                            .col(AdminUnitCurrent::UnitId)
                            .col(AdminUnitCurrent::CurrentId),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "ix_admin_unit_current_province",
                AdminUnitCurrent::Table,
                &["current_province_code", "unit_id"],
            ))
            .await?;
        manager
            .create_index(index(
                "ix_admin_unit_current_code",
                AdminUnitCurrent::Table,
                &["current_code", "unit_id"],
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(ProductSet::Table)
                    .col(string(ProductSet::Code).primary_key())
                    .col(string(ProductSet::Classification))
                    .col(integer(ProductSet::Seq))
                    .col(string(ProductSet::Sector))
                    .col(string(ProductSet::GroupName))
                    .col(string(ProductSet::Name))
                    .col(string(ProductSet::ManagingMinistry))
                    .col(boolean(ProductSet::SampleRequired))
                    .col(string(ProductSet::NameFolded))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Producer::Table)
                    .col(uuid(Producer::Id).primary_key())
                    .col(string(Producer::Name))
                    .col(string(Producer::NameFolded))
                    .col(blob(Producer::SortKey))
                    .col(string(Producer::LegalForm))
                    .col(string_null(Producer::EnterpriseKind))
                    .col(string_null(Producer::TaxCode).unique_key())
                    .col(string_null(Producer::RegistrationNumber).unique_key())
                    .col(string(Producer::Representative))
                    .col(string_null(Producer::RepresentativeTitle))
                    .col(string(Producer::CommuneId))
                    .col(text_null(Producer::AddressLine))
                    .col(string_null(Producer::Phone))
                    .col(string_null(Producer::Email))
                    .col(string_null(Producer::Website))
                    .col(timestamp_with_time_zone(Producer::CreatedAt))
                    .col(timestamp_with_time_zone(Producer::UpdatedAt))
                    .col(integer(Producer::RowVersion))
                    .foreign_key(&mut fk(
                        "fk_producer_commune",
                        (Producer::Table, Producer::CommuneId),
                        (AdminUnit::Table, AdminUnit::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index("ix_producer_sort", Producer::Table, &["sort_key"]))
            .await?;
        manager
            .create_index(index("ix_producer_commune", Producer::Table, &["commune_id"]))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(ProducerCertification::Table)
                    .col(uuid(ProducerCertification::Id).primary_key())
                    .col(uuid(ProducerCertification::ProducerId))
                    .col(string(ProducerCertification::Kind))
                    .col(string_null(ProducerCertification::Label))
                    .col(string_null(ProducerCertification::Number))
                    .col(string_null(ProducerCertification::Issuer))
                    .col(date_null(ProducerCertification::IssuedOn))
                    .col(date_null(ProducerCertification::ExpiresOn))
                    .col(timestamp_with_time_zone(ProducerCertification::CreatedAt))
                    .foreign_key(&mut fk(
                        "fk_certification_producer",
                        (ProducerCertification::Table, ProducerCertification::ProducerId),
                        (Producer::Table, Producer::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "ix_certification_producer",
                ProducerCertification::Table,
                &["producer_id"],
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Product::Table)
                    .col(uuid(Product::Id).primary_key())
                    .col(uuid(Product::ProducerId))
                    .col(string(Product::Name))
                    .col(string(Product::NameFolded))
                    .col(blob(Product::SortKey))
                    .col(string(Product::ProductSetCode))
                    .col(string(Product::CommuneId))
                    .col(text_null(Product::Description))
                    .col(text_null(Product::Story))
                    .col(text_null(Product::RawMaterialOrigin))
                    .col(string_null(Product::Gtin).unique_key())
                    .col(text(Product::SearchFolded))
                    .col(timestamp_with_time_zone(Product::CreatedAt))
                    .col(timestamp_with_time_zone(Product::UpdatedAt))
                    .col(integer(Product::RowVersion))
                    .foreign_key(&mut fk(
                        "fk_product_producer",
                        (Product::Table, Product::ProducerId),
                        (Producer::Table, Producer::Id),
                    ))
                    .foreign_key(&mut fk(
                        "fk_product_set",
                        (Product::Table, Product::ProductSetCode),
                        (ProductSet::Table, ProductSet::Code),
                    ))
                    .foreign_key(&mut fk(
                        "fk_product_commune",
                        (Product::Table, Product::CommuneId),
                        (AdminUnit::Table, AdminUnit::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index("ix_product_sort", Product::Table, &["sort_key"]))
            .await?;
        manager
            .create_index(index("ix_product_producer", Product::Table, &["producer_id"]))
            .await?;
        manager
            .create_index(index("ix_product_commune", Product::Table, &["commune_id"]))
            .await?;
        manager
            .create_index(index("ix_product_set", Product::Table, &["product_set_code"]))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(ProductPhoto::Table)
                    .col(uuid(ProductPhoto::Id).primary_key())
                    .col(uuid(ProductPhoto::ProductId))
                    .col(string(ProductPhoto::FileKey))
                    .col(string(ProductPhoto::ContentType))
                    .col(big_integer(ProductPhoto::ByteSize))
                    .col(string(ProductPhoto::Sha256))
                    .col(timestamp_with_time_zone(ProductPhoto::CreatedAt))
                    .foreign_key(&mut fk(
                        "fk_photo_product",
                        (ProductPhoto::Table, ProductPhoto::ProductId),
                        (Product::Table, Product::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index("ix_photo_product", ProductPhoto::Table, &["product_id"]))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(UserAccount::Table)
                    .col(uuid(UserAccount::Id).primary_key())
                    .col(string(UserAccount::Username).unique_key())
                    .col(string(UserAccount::DisplayName))
                    .col(string(UserAccount::PasswordHash))
                    .col(string(UserAccount::Role))
                    .col(string_null(UserAccount::ScopeUnitId))
                    .col(uuid_null(UserAccount::ProducerId))
                    .col(boolean(UserAccount::Active))
                    .col(integer(UserAccount::FailedLogins))
                    .col(timestamp_with_time_zone_null(UserAccount::LockedUntil))
                    .col(timestamp_with_time_zone(UserAccount::CreatedAt))
                    .col(timestamp_with_time_zone(UserAccount::UpdatedAt))
                    .foreign_key(&mut fk(
                        "fk_user_scope",
                        (UserAccount::Table, UserAccount::ScopeUnitId),
                        (AdminUnit::Table, AdminUnit::Id),
                    ))
                    .foreign_key(&mut fk(
                        "fk_user_producer",
                        (UserAccount::Table, UserAccount::ProducerId),
                        (Producer::Table, Producer::Id),
                    ))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Session::Table)
                    .col(string(Session::TokenHash).primary_key())
                    .col(uuid(Session::UserId))
                    .col(timestamp_with_time_zone(Session::CreatedAt))
                    .col(timestamp_with_time_zone(Session::ExpiresAt))
                    .col(timestamp_with_time_zone(Session::LastSeenAt))
                    .col(timestamp_with_time_zone_null(Session::RevokedAt))
                    .foreign_key(&mut fk(
                        "fk_session_user",
                        (Session::Table, Session::UserId),
                        (UserAccount::Table, UserAccount::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index("ix_session_user", Session::Table, &["user_id"]))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(AuditEntry::Table)
                    .col(big_integer(AuditEntry::Seq).primary_key())
                    .col(timestamp_with_time_zone(AuditEntry::At))
                    .col(uuid_null(AuditEntry::ActorId))
                    .col(string(AuditEntry::ActorName))
                    .col(string(AuditEntry::Action))
                    .col(string(AuditEntry::EntityType))
                    .col(string(AuditEntry::EntityId))
                    .col(text_null(AuditEntry::BeforeJson))
                    .col(text_null(AuditEntry::AfterJson))
                    .col(string(AuditEntry::BeforeDigest))
                    .col(string(AuditEntry::AfterDigest))
                    .col(string(AuditEntry::PrevHash))
                    .col(string(AuditEntry::Hash))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "ix_audit_entity",
                AuditEntry::Table,
                &["entity_type", "entity_id"],
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(AuditHead::Table)
                    .col(integer(AuditHead::Id).primary_key())
                    .col(big_integer(AuditHead::Seq))
                    .col(string(AuditHead::LastHash))
                    .to_owned(),
            )
            .await?;
        let genesis = Query::insert()
            .into_table(AuditHead::Table)
            .columns([AuditHead::Id, AuditHead::Seq, AuditHead::LastHash])
            .values_panic([1.into(), 0i64.into(), crate::audit::GENESIS_HASH.into()])
            .to_owned();
        manager.exec_stmt(genesis).await?;
        Ok(())
    }
}
