//! Councils, members, batches, scheduled dossiers, recusals, score sheets, notes and the
//! disqualifiers found.

use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder,
};
use uuid::Uuid;

use crate::entities::{
    batch, batch_decision, batch_disqualifier, batch_dossier, batch_minutes, batch_note, council, council_member,
    decision, recusal, score_answer, score_sheet,
};

/// Inserts any row.
pub async fn insert<A, C>(conn: &C, row: A) -> Result<(), DbErr>
where
    A: ActiveModelTrait + sea_orm::ActiveModelBehavior + Send,
    <A::Entity as EntityTrait>::Model: IntoActiveModel<A>,
    C: ConnectionTrait,
{
    row.insert(conn).await.map(|_| ())
}

/// Councils, optionally of one province, by name.
pub async fn councils<C: ConnectionTrait>(conn: &C, province_code: Option<&str>) -> Result<Vec<council::Model>, DbErr> {
    let mut q = council::Entity::find().order_by_asc(council::Column::Name);
    if let Some(p) = province_code {
        q = q.filter(council::Column::ProvinceCode.eq(p));
    }
    q.all(conn).await
}

/// One council.
pub async fn council<C: ConnectionTrait>(conn: &C, id: Uuid) -> Result<Option<council::Model>, DbErr> {
    council::Entity::find_by_id(id).one(conn).await
}

/// A council's members (and advisory team), in the order they were added.
pub async fn members<C: ConnectionTrait>(conn: &C, council_id: Uuid) -> Result<Vec<council_member::Model>, DbErr> {
    council_member::Entity::find()
        .filter(council_member::Column::CouncilId.eq(council_id))
        .order_by_asc(council_member::Column::CreatedAt)
        .order_by_asc(council_member::Column::Id)
        .all(conn)
        .await
}

/// The seats an account holds, on any council.
pub async fn seats_of_user<C: ConnectionTrait>(conn: &C, user_id: Uuid) -> Result<Vec<council_member::Model>, DbErr> {
    council_member::Entity::find()
        .filter(council_member::Column::UserId.eq(user_id))
        .all(conn)
        .await
}

/// Batches, newest meeting first, optionally of some councils only.
pub async fn batches<C: ConnectionTrait>(conn: &C, council_ids: Option<&[Uuid]>) -> Result<Vec<batch::Model>, DbErr> {
    let mut q = batch::Entity::find()
        .order_by_desc(batch::Column::MeetingOn)
        .order_by_asc(batch::Column::Id);
    if let Some(ids) = council_ids {
        q = q.filter(batch::Column::CouncilId.is_in(ids.iter().copied()));
    }
    q.all(conn).await
}

/// One batch.
pub async fn batch<C: ConnectionTrait>(conn: &C, id: Uuid) -> Result<Option<batch::Model>, DbErr> {
    batch::Entity::find_by_id(id).one(conn).await
}

/// Replaces a batch row when its version is still `expected`.
pub async fn update_batch<C: ConnectionTrait>(conn: &C, row: batch::Model, expected: i32) -> Result<bool, DbErr> {
    use sea_orm::sea_query::Expr;
    let result = batch::Entity::update_many()
        .col_expr(batch::Column::Name, Expr::value(row.name))
        .col_expr(batch::Column::StartsOn, Expr::value(row.starts_on))
        .col_expr(batch::Column::EndsOn, Expr::value(row.ends_on))
        .col_expr(batch::Column::MeetingOn, Expr::value(row.meeting_on))
        .col_expr(batch::Column::SentOn, Expr::value(row.sent_on))
        .col_expr(batch::Column::Status, Expr::value(row.status))
        .col_expr(batch::Column::Attendance, Expr::value(row.attendance))
        .col_expr(batch::Column::Minutes, Expr::value(row.minutes))
        .col_expr(batch::Column::DecisionId, Expr::value(row.decision_id))
        .col_expr(batch::Column::RowVersion, Expr::value(row.row_version))
        .filter(batch::Column::Id.eq(row.id))
        .filter(batch::Column::RowVersion.eq(expected))
        .exec(conn)
        .await?;
    Ok(result.rows_affected == 1)
}

/// The dossiers of a batch, in the order they were scheduled.
pub async fn batch_dossiers<C: ConnectionTrait>(conn: &C, batch_id: Uuid) -> Result<Vec<batch_dossier::Model>, DbErr> {
    batch_dossier::Entity::find()
        .filter(batch_dossier::Column::BatchId.eq(batch_id))
        .order_by_asc(batch_dossier::Column::CreatedAt)
        .order_by_asc(batch_dossier::Column::DossierId)
        .all(conn)
        .await
}

/// The batches a dossier was scheduled in.
pub async fn batches_of_dossier<C: ConnectionTrait>(
    conn: &C,
    dossier_id: Uuid,
) -> Result<Vec<batch_dossier::Model>, DbErr> {
    batch_dossier::Entity::find()
        .filter(batch_dossier::Column::DossierId.eq(dossier_id))
        .all(conn)
        .await
}

/// One scheduled dossier.
pub async fn batch_dossier<C: ConnectionTrait>(
    conn: &C,
    batch_id: Uuid,
    dossier_id: Uuid,
) -> Result<Option<batch_dossier::Model>, DbErr> {
    batch_dossier::Entity::find_by_id((batch_id, dossier_id))
        .one(conn)
        .await
}

/// Stores a scheduled dossier's changed round, status or result when its status and round are
/// still those of `before` (a targeted update: a concurrent change of either makes it false).
pub async fn save_batch_dossier<C: ConnectionTrait>(
    conn: &C,
    before: &batch_dossier::Model,
    row: batch_dossier::Model,
) -> Result<bool, DbErr> {
    use sea_orm::sea_query::Expr;
    let result = batch_dossier::Entity::update_many()
        .col_expr(batch_dossier::Column::Round, Expr::value(row.round))
        .col_expr(batch_dossier::Column::Status, Expr::value(row.status))
        .col_expr(batch_dossier::Column::ScoreX100, Expr::value(row.score_x100))
        .col_expr(batch_dossier::Column::Parts, Expr::value(row.parts))
        .col_expr(batch_dossier::Column::SpreadX100, Expr::value(row.spread_x100))
        .col_expr(batch_dossier::Column::Star, Expr::value(row.star))
        .col_expr(batch_dossier::Column::Route, Expr::value(row.route))
        .col_expr(batch_dossier::Column::ClosedAt, Expr::value(row.closed_at))
        .filter(batch_dossier::Column::BatchId.eq(row.batch_id))
        .filter(batch_dossier::Column::DossierId.eq(row.dossier_id))
        .filter(batch_dossier::Column::Status.eq(before.status.clone()))
        .filter(batch_dossier::Column::Round.eq(before.round))
        .exec(conn)
        .await?;
    Ok(result.rows_affected == 1)
}

/// Recusals in a batch.
pub async fn recusals<C: ConnectionTrait>(conn: &C, batch_id: Uuid) -> Result<Vec<recusal::Model>, DbErr> {
    recusal::Entity::find()
        .filter(recusal::Column::BatchId.eq(batch_id))
        .order_by_asc(recusal::Column::CreatedAt)
        .all(conn)
        .await
}

/// The disqualifiers found in a batch (all dossiers), by dossier and code.
pub async fn disqualifiers<C: ConnectionTrait>(
    conn: &C,
    batch_id: Uuid,
) -> Result<Vec<batch_disqualifier::Model>, DbErr> {
    batch_disqualifier::Entity::find()
        .filter(batch_disqualifier::Column::BatchId.eq(batch_id))
        .order_by_asc(batch_disqualifier::Column::DossierId)
        .order_by_asc(batch_disqualifier::Column::Code)
        .all(conn)
        .await
}

/// Replaces the disqualifiers found for one dossier of a batch with `rows` (none clears them).
pub async fn replace_disqualifiers<C: ConnectionTrait>(
    conn: &C,
    batch_id: Uuid,
    dossier_id: Uuid,
    rows: Vec<batch_disqualifier::Model>,
) -> Result<(), DbErr> {
    batch_disqualifier::Entity::delete_many()
        .filter(batch_disqualifier::Column::BatchId.eq(batch_id))
        .filter(batch_disqualifier::Column::DossierId.eq(dossier_id))
        .exec(conn)
        .await?;
    for row in rows {
        batch_disqualifier::ActiveModel::from(row).insert(conn).await?;
    }
    Ok(())
}

/// Every sheet of a batch (all dossiers and rounds).
pub async fn sheets<C: ConnectionTrait>(conn: &C, batch_id: Uuid) -> Result<Vec<score_sheet::Model>, DbErr> {
    score_sheet::Entity::find()
        .filter(score_sheet::Column::BatchId.eq(batch_id))
        .order_by_asc(score_sheet::Column::CreatedAt)
        .order_by_asc(score_sheet::Column::Id)
        .all(conn)
        .await
}

/// The sheets of a dossier in one round.
pub async fn sheets_of<C: ConnectionTrait>(
    conn: &C,
    batch_id: Uuid,
    dossier_id: Uuid,
    round: i32,
) -> Result<Vec<score_sheet::Model>, DbErr> {
    score_sheet::Entity::find()
        .filter(score_sheet::Column::BatchId.eq(batch_id))
        .filter(score_sheet::Column::DossierId.eq(dossier_id))
        .filter(score_sheet::Column::Round.eq(round))
        .order_by_asc(score_sheet::Column::CreatedAt)
        .order_by_asc(score_sheet::Column::Id)
        .all(conn)
        .await
}

/// Marks a draft sheet as changed at `at`: `UPDATE … WHERE submitted_at IS NULL`, false when
/// the sheet is submitted (meanwhile). On PostgreSQL the update takes the row lock, so an answer
/// and a submission of the same sheet are serialised and the answer sees the submission.
pub async fn touch_draft_sheet<C: ConnectionTrait>(
    conn: &C,
    id: Uuid,
    at: chrono::DateTime<chrono::Utc>,
) -> Result<bool, DbErr> {
    use sea_orm::sea_query::Expr;
    let result = score_sheet::Entity::update_many()
        .col_expr(score_sheet::Column::UpdatedAt, Expr::value(at))
        .filter(score_sheet::Column::Id.eq(id))
        .filter(score_sheet::Column::SubmittedAt.is_null())
        .exec(conn)
        .await?;
    Ok(result.rows_affected == 1)
}

/// Submits a draft sheet at `at`: `UPDATE … WHERE submitted_at IS NULL`, false when it was
/// submitted already. Only this statement ever sets `submitted_at`, and nothing clears it.
pub async fn submit_sheet<C: ConnectionTrait>(
    conn: &C,
    id: Uuid,
    at: chrono::DateTime<chrono::Utc>,
) -> Result<bool, DbErr> {
    use sea_orm::sea_query::Expr;
    let result = score_sheet::Entity::update_many()
        .col_expr(score_sheet::Column::SubmittedAt, Expr::value(Some(at)))
        .col_expr(score_sheet::Column::UpdatedAt, Expr::value(at))
        .filter(score_sheet::Column::Id.eq(id))
        .filter(score_sheet::Column::SubmittedAt.is_null())
        .exec(conn)
        .await?;
    Ok(result.rows_affected == 1)
}

/// The answers of some sheets.
pub async fn answers<C: ConnectionTrait>(conn: &C, sheet_ids: &[Uuid]) -> Result<Vec<score_answer::Model>, DbErr> {
    if sheet_ids.is_empty() {
        return Ok(Vec::new());
    }
    score_answer::Entity::find()
        .filter(score_answer::Column::SheetId.is_in(sheet_ids.iter().copied()))
        .order_by_asc(score_answer::Column::SheetId)
        .order_by_asc(score_answer::Column::CriterionCode)
        .all(conn)
        .await
}

/// Inserts or replaces one answer: a targeted update of the answer's own columns, an insert
/// when there was none (the caller holds the sheet, see [`touch_draft_sheet`]).
pub async fn upsert_answer<C: ConnectionTrait>(conn: &C, row: score_answer::Model) -> Result<(), DbErr> {
    use sea_orm::sea_query::Expr;
    let result = score_answer::Entity::update_many()
        .col_expr(score_answer::Column::OptionIndex, Expr::value(row.option_index))
        .col_expr(score_answer::Column::Comment, Expr::value(row.comment.clone()))
        .col_expr(score_answer::Column::UpdatedAt, Expr::value(row.updated_at))
        .filter(score_answer::Column::SheetId.eq(row.sheet_id))
        .filter(score_answer::Column::CriterionCode.eq(row.criterion_code.clone()))
        .exec(conn)
        .await?;
    if result.rows_affected == 0 {
        row.into_active_model().insert(conn).await?;
    }
    Ok(())
}

/// The versions of a batch's minutes, oldest first.
pub async fn minutes_versions<C: ConnectionTrait>(
    conn: &C,
    batch_id: Uuid,
) -> Result<Vec<batch_minutes::Model>, DbErr> {
    batch_minutes::Entity::find()
        .filter(batch_minutes::Column::BatchId.eq(batch_id))
        .order_by_asc(batch_minutes::Column::Version)
        .all(conn)
        .await
}

/// The notes of a batch, oldest first.
pub async fn notes<C: ConnectionTrait>(conn: &C, batch_id: Uuid) -> Result<Vec<batch_note::Model>, DbErr> {
    batch_note::Entity::find()
        .filter(batch_note::Column::BatchId.eq(batch_id))
        .order_by_asc(batch_note::Column::CreatedAt)
        .order_by_asc(batch_note::Column::Id)
        .all(conn)
        .await
}

/// A decision (the recognition decision of a batch).
pub async fn decision<C: ConnectionTrait>(conn: &C, id: Uuid) -> Result<Option<decision::Model>, DbErr> {
    decision::Entity::find_by_id(id).one(conn).await
}

/// The results decisions issued for a batch, the first first (withdrawn ones included).
pub async fn batch_decisions<C: ConnectionTrait>(
    conn: &C,
    batch_id: Uuid,
) -> Result<Vec<batch_decision::Model>, DbErr> {
    batch_decision::Entity::find()
        .filter(batch_decision::Column::BatchId.eq(batch_id))
        .order_by_asc(batch_decision::Column::IssuedAt)
        .order_by_asc(batch_decision::Column::Id)
        .all(conn)
        .await
}

/// Records the withdrawal of a batch's decision when it is not withdrawn yet (a targeted
/// update: false when it was withdrawn meanwhile).
pub async fn withdraw_batch_decision<C: ConnectionTrait>(conn: &C, row: &batch_decision::Model) -> Result<bool, DbErr> {
    use sea_orm::sea_query::Expr;
    let result = batch_decision::Entity::update_many()
        .col_expr(batch_decision::Column::WithdrawnOn, Expr::value(row.withdrawn_on))
        .col_expr(
            batch_decision::Column::WithdrawalDecisionId,
            Expr::value(row.withdrawal_decision_id),
        )
        .col_expr(
            batch_decision::Column::WithdrawalReason,
            Expr::value(row.withdrawal_reason.clone()),
        )
        .col_expr(batch_decision::Column::WithdrawnBy, Expr::value(row.withdrawn_by))
        .filter(batch_decision::Column::Id.eq(row.id))
        .filter(batch_decision::Column::WithdrawnOn.is_null())
        .exec(conn)
        .await?;
    Ok(result.rows_affected == 1)
}
