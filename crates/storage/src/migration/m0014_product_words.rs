//! `product_word`: the words of every product's folded search text, so product and
//! catalogue search seek an index (`head = 'ca' AND word LIKE 'cam%'`) instead of
//! scanning every product's text with `LIKE '%cam%'`. Filled from the products
//! already stored.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

use crate::repo::product_repo;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0014_product_words"
    }
}

#[derive(DeriveIden)]
enum ProductWord {
    Table,
    Word,
    ProductId,
    Head,
}

#[derive(DeriveIden)]
enum Product {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(ProductWord::Table)
                    .col(string(ProductWord::Word))
                    .col(uuid(ProductWord::ProductId))
                    .col(string(ProductWord::Head))
                    .primary_key(Index::create().col(ProductWord::Word).col(ProductWord::ProductId))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_product_word_product")
                            .from(ProductWord::Table, ProductWord::ProductId)
                            .to(Product::Table, Product::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_product_word_head")
                    .table(ProductWord::Table)
                    .col(ProductWord::Head)
                    .col(ProductWord::Word)
                    .col(ProductWord::ProductId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_product_word_product")
                    .table(ProductWord::Table)
                    .col(ProductWord::ProductId)
                    .to_owned(),
            )
            .await?;
        product_repo::reindex_all(manager.get_connection()).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(ProductWord::Table).to_owned())
            .await
    }
}
