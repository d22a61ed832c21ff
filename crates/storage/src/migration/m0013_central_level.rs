//! The central level (cấp trung ương) as a level like the province: a dossier the province
//! forwards (≥ 90 points) is `proposed` at level `central`, checked, scheduled in a central
//! council's batch, scored and then `recognised` (5★, the ministry's decision) or
//! `not_recognised` at level `central` (the product keeps its provincial 4★).
//!
//! Before this migration a forwarded dossier stood in `proposed_to_central` (with the
//! province's score) and a decided one in `central_result` (with its stars). No table changes:
//! the stored rows move to the states the workflow takes them from now on —
//!
//! - `proposed_to_central` → `proposed` / `central` (the province's score stays in its
//!   batch and in the dossier's history);
//! - `central_result` with 5 stars → `recognised` / `central`;
//! - `central_result` otherwise → `not_recognised` / `central`.
//!
//! The `dossier_event` history keeps the old state names as they were written.

use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0013_central_level"
    }
}

#[derive(DeriveIden)]
enum Dossier {
    Table,
    State,
    Level,
    ScoreX100,
    Stars,
}

/// `UPDATE dossier SET state = to, level = 'central', score_x100 = NULL … WHERE state = from`:
/// with `five_stars_only` the rows with 5 stars keep them, else the stars are cleared.
fn move_rows(from: &str, to: &str, five_stars_only: bool) -> UpdateStatement {
    let mut update = Query::update();
    update
        .table(Dossier::Table)
        .value(Dossier::State, to)
        .value(Dossier::Level, "central")
        .value(Dossier::ScoreX100, Option::<i32>::None)
        .and_where(Expr::col(Dossier::State).eq(from));
    if five_stars_only {
        update.and_where(Expr::col(Dossier::Stars).eq(5));
    } else {
        update.value(Dossier::Stars, Option::<i32>::None);
    }
    update.to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .exec_stmt(move_rows("proposed_to_central", "proposed", false))
            .await?;
        // 5★ first: the rows left after it are the 4★ results.
        manager
            .exec_stmt(move_rows("central_result", "recognised", true))
            .await?;
        manager
            .exec_stmt(move_rows("central_result", "not_recognised", false))
            .await
    }

    async fn down(&self, _manager: &SchemaManager) -> Result<(), DbErr> {
        // Nothing to undo in the schema. The rows stay in the new states: `proposed_to_central`
        // needs the province's score, which only the batch kept, and a dossier a central
        // council checked or scored has no older state at all.
        Ok(())
    }
}
