//! Product ideas, business plans and their steps.

use sea_orm::sea_query::Condition;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder,
    QuerySelect,
};
use uuid::Uuid;

use super::admin_unit_repo::{unit_in_current_commune, unit_in_current_province};
use crate::entities::{business_plan, business_plan_line, cycle_step, idea};

/// Where to look: a producer, a commune or a province of today (none: everywhere).
#[derive(Debug, Clone, Default)]
pub struct AreaFilter {
    /// Only this producer.
    pub producer_id: Option<Uuid>,
    /// Only records whose commune lies today in this commune.
    pub commune_code: Option<String>,
    /// Only records whose commune lies today in this province.
    pub province_code: Option<String>,
    /// Rows to return.
    pub limit: u64,
}

fn area<C: ColumnTrait>(filter: &AreaFilter, producer: C, commune: C) -> Condition {
    let mut condition = Condition::all();
    if let Some(p) = filter.producer_id {
        condition = condition.add(producer.eq(p));
    }
    if let Some(c) = &filter.commune_code {
        condition = condition.add(unit_in_current_commune(commune, c));
    }
    if let Some(p) = &filter.province_code {
        condition = condition.add(unit_in_current_province(commune, p));
    }
    condition
}

/// Ideas, newest first.
pub async fn ideas<C: ConnectionTrait>(conn: &C, filter: &AreaFilter) -> Result<Vec<idea::Model>, DbErr> {
    idea::Entity::find()
        .filter(area(filter, idea::Column::ProducerId, idea::Column::CommuneId))
        .order_by_desc(idea::Column::CreatedAt)
        .limit(filter.limit)
        .all(conn)
        .await
}

/// One idea.
pub async fn idea<C: ConnectionTrait>(conn: &C, id: Uuid) -> Result<Option<idea::Model>, DbErr> {
    idea::Entity::find_by_id(id).one(conn).await
}

/// Inserts or replaces an idea (replacing only from `expected_version`); false on a lost race.
pub async fn save_idea<C: ConnectionTrait>(
    conn: &C,
    row: idea::Model,
    expected_version: Option<i32>,
) -> Result<bool, DbErr> {
    match expected_version {
        None => idea::Entity::insert(row.into_active_model())
            .exec_without_returning(conn)
            .await
            .map(|_| true),
        Some(version) => {
            let id = row.id;
            let mut active = row.into_active_model().reset_all();
            active.id = sea_orm::ActiveValue::Unchanged(id);
            let result = idea::Entity::update_many()
                .set(active)
                .filter(idea::Column::Id.eq(id))
                .filter(idea::Column::RowVersion.eq(version))
                .exec(conn)
                .await?;
            Ok(result.rows_affected == 1)
        }
    }
}

/// Business plans, newest first.
pub async fn plans<C: ConnectionTrait>(conn: &C, filter: &AreaFilter) -> Result<Vec<business_plan::Model>, DbErr> {
    business_plan::Entity::find()
        .filter(area(
            filter,
            business_plan::Column::ProducerId,
            business_plan::Column::CommuneId,
        ))
        .order_by_desc(business_plan::Column::CreatedAt)
        .limit(filter.limit)
        .all(conn)
        .await
}

/// One plan.
pub async fn plan<C: ConnectionTrait>(conn: &C, id: Uuid) -> Result<Option<business_plan::Model>, DbErr> {
    business_plan::Entity::find_by_id(id).one(conn).await
}

/// Inserts or replaces a plan (replacing only from `expected_version`); false on a lost race.
pub async fn save_plan<C: ConnectionTrait>(
    conn: &C,
    row: business_plan::Model,
    expected_version: Option<i32>,
) -> Result<bool, DbErr> {
    match expected_version {
        None => business_plan::Entity::insert(row.into_active_model())
            .exec_without_returning(conn)
            .await
            .map(|_| true),
        Some(version) => {
            let id = row.id;
            let mut active = row.into_active_model().reset_all();
            active.id = sea_orm::ActiveValue::Unchanged(id);
            let result = business_plan::Entity::update_many()
                .set(active)
                .filter(business_plan::Column::Id.eq(id))
                .filter(business_plan::Column::RowVersion.eq(version))
                .exec(conn)
                .await?;
            Ok(result.rows_affected == 1)
        }
    }
}

/// A plan's budget lines in order.
pub async fn lines<C: ConnectionTrait>(conn: &C, plan_id: Uuid) -> Result<Vec<business_plan_line::Model>, DbErr> {
    business_plan_line::Entity::find()
        .filter(business_plan_line::Column::PlanId.eq(plan_id))
        .order_by_asc(business_plan_line::Column::Position)
        .all(conn)
        .await
}

/// Stores a plan's budget lines.
pub async fn insert_lines<C: ConnectionTrait>(conn: &C, rows: Vec<business_plan_line::Model>) -> Result<(), DbErr> {
    super::insert_chunked(
        conn,
        rows.into_iter().map(IntoActiveModel::into_active_model).collect(),
        200,
    )
    .await
}

/// Replaces a plan's budget lines.
pub async fn replace_lines<C: ConnectionTrait>(
    conn: &C,
    plan_id: Uuid,
    rows: Vec<business_plan_line::Model>,
) -> Result<(), DbErr> {
    business_plan_line::Entity::delete_many()
        .filter(business_plan_line::Column::PlanId.eq(plan_id))
        .exec(conn)
        .await?;
    insert_lines(conn, rows).await
}

/// The steps of an idea or a plan, oldest first.
pub async fn steps<C: ConnectionTrait>(conn: &C, subject_id: Uuid) -> Result<Vec<cycle_step::Model>, DbErr> {
    cycle_step::Entity::find()
        .filter(cycle_step::Column::SubjectId.eq(subject_id))
        .order_by_asc(cycle_step::Column::At)
        .order_by_asc(cycle_step::Column::Id)
        .all(conn)
        .await
}

/// Records a step.
pub async fn insert_step<C: ConnectionTrait>(conn: &C, row: cycle_step::Model) -> Result<(), DbErr> {
    cycle_step::Entity::insert(row.into_active_model())
        .exec_without_returning(conn)
        .await
        .map(|_| ())
}
