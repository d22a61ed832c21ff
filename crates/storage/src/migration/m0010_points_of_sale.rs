//! `point_of_sale`: where a product can be bought (shop, market, online,
//! showroom), added by its producer or officers in scope, shown to the public
//! on the verification page.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0010_points_of_sale"
    }
}

#[derive(DeriveIden)]
enum PointOfSale {
    Table,
    Id,
    ProductId,
    Kind,
    Name,
    Address,
    Url,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Product {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(PointOfSale::Table)
                    .col(uuid(PointOfSale::Id).primary_key())
                    .col(uuid(PointOfSale::ProductId))
                    .col(string(PointOfSale::Kind))
                    .col(string(PointOfSale::Name))
                    .col(string_null(PointOfSale::Address))
                    .col(string_null(PointOfSale::Url))
                    .col(timestamp_with_time_zone(PointOfSale::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_point_of_sale_product")
                            .from(PointOfSale::Table, PointOfSale::ProductId)
                            .to(Product::Table, Product::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_point_of_sale_product")
                    .table(PointOfSale::Table)
                    .col(PointOfSale::ProductId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(PointOfSale::Table).to_owned())
            .await
    }
}
