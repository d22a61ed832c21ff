//! A confirmed directive keeps its kind (issue 16): kế hoạch, thông báo kết luận, chỉ thị,
//! công văn or quyết định, as read from its header and confirmed on the review page (the
//! stored code of `DirectiveKind`; none for directives confirmed before this column).

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0023_directive_kind"
    }
}

#[derive(DeriveIden)]
enum Directive {
    Table,
    Kind,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Directive::Table)
                    .add_column(string_null(Directive::Kind))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Directive::Table)
                    .drop_column(Directive::Kind)
                    .to_owned(),
            )
            .await
    }
}
