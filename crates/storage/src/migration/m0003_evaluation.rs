//! The evaluation: criteria sets (bộ tiêu chí) as versioned data, and the shipped QĐ 1048
//! sheet "Rau, củ, quả, hạt tươi" loaded as published version 1.
//!
//! `criteria_set`: `id` (UUIDv7), `legal_basis` (e.g. `QD1048-2019`), `product_sets` (the
//! product set codes or names as a JSON text array — arrays are not in the portable subset),
//! `version` (1, 2, … per legal basis and product sets; a correction is a new version),
//! `status` (`draft` | `published`; a published row never changes), `title`, `sample` (a demo
//! sheet), `body` (the whole set as JSON text), `created_at`, `published_at`.

use ocop_domain::evaluation::CriteriaSet;
use sea_orm::{ActiveModelTrait, IntoActiveModel};
use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

use crate::entities::criteria_set;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0003_evaluation"
    }
}

#[derive(DeriveIden)]
enum CriteriaSetTable {
    #[sea_orm(iden = "criteria_set")]
    Table,
    Id,
    LegalBasis,
    ProductSets,
    Version,
    Status,
    Title,
    Sample,
    Body,
    CreatedAt,
    PublishedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use CriteriaSetTable as T;
        manager
            .create_table(
                Table::create()
                    .table(T::Table)
                    .col(uuid(T::Id).primary_key())
                    .col(string(T::LegalBasis))
                    .col(text(T::ProductSets))
                    .col(integer(T::Version))
                    .col(string(T::Status))
                    .col(text(T::Title))
                    .col(boolean(T::Sample))
                    .col(text(T::Body))
                    .col(timestamp_with_time_zone(T::CreatedAt))
                    .col(timestamp_with_time_zone_null(T::PublishedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_criteria_set_version")
                    .table(T::Table)
                    .col(T::LegalBasis)
                    .col(T::ProductSets)
                    .col(T::Version)
                    .unique()
                    .to_owned(),
            )
            .await?;
        let set = CriteriaSet::qd1048_fresh_produce();
        let now = crate::now();
        criteria_set::row(uuid::Uuid::now_v7(), &set, 1, now, Some(now))
            .into_active_model()
            .insert(manager.get_connection())
            .await?;
        Ok(())
    }
}
