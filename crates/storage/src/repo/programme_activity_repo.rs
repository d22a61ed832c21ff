//! Programme activity records (fairs and their participants, training
//! courses, support disbursements) and products' yearly revenues.

use chrono::NaiveDate;
use sea_orm::sea_query::{Expr, ExprTrait, Query, SelectStatement};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder,
};
use uuid::Uuid;

use super::insert_chunked;
use crate::entities::{
    admin_unit_current, product_revenue, programme_event, programme_event_participant, programme_support,
    programme_training,
};

/// The units lying today in a province (2-digit code) or a commune (5-digit code).
fn units_in(province_code: Option<&str>, commune_code: Option<&str>) -> Option<SelectStatement> {
    let mut select = Query::select();
    select
        .column(admin_unit_current::Column::UnitId)
        .from(admin_unit_current::Entity);
    match (province_code, commune_code) {
        (_, Some(commune)) => {
            select
                .and_where(Expr::col(admin_unit_current::Column::CurrentLevel).eq("commune"))
                .and_where(Expr::col(admin_unit_current::Column::CurrentCode).eq(commune));
        }
        (Some(province), None) => {
            select.and_where(Expr::col(admin_unit_current::Column::CurrentProvinceCode).eq(province));
        }
        (None, None) => return None,
    }
    Some(select.to_owned())
}

/// Inserts an event.
pub async fn insert_event<C: ConnectionTrait>(conn: &C, row: programme_event::Model) -> Result<(), DbErr> {
    row.into_active_model().insert(conn).await.map(|_| ())
}

/// An event by id.
pub async fn get_event<C: ConnectionTrait>(conn: &C, id: Uuid) -> Result<Option<programme_event::Model>, DbErr> {
    programme_event::Entity::find_by_id(id).one(conn).await
}

/// Events of the units lying in a province or commune today (every event
/// when both are `None`), latest first, at most `limit`.
pub async fn list_events<C: ConnectionTrait>(
    conn: &C,
    province_code: Option<&str>,
    commune_code: Option<&str>,
    limit: u64,
) -> Result<Vec<programme_event::Model>, DbErr> {
    use sea_orm::QuerySelect;
    let mut select = programme_event::Entity::find();
    if let Some(units) = units_in(province_code, commune_code) {
        select = select.filter(programme_event::Column::UnitId.in_subquery(units));
    }
    select
        .order_by_desc(programme_event::Column::StartsOn)
        .order_by_asc(programme_event::Column::Id)
        .limit(limit)
        .all(conn)
        .await
}

/// Every event whose first day is on or before `until`.
pub async fn events_until<C: ConnectionTrait>(
    conn: &C,
    until: NaiveDate,
) -> Result<Vec<programme_event::Model>, DbErr> {
    programme_event::Entity::find()
        .filter(programme_event::Column::StartsOn.lte(until))
        .all(conn)
        .await
}

/// Inserts a participant.
pub async fn insert_participant<C: ConnectionTrait>(
    conn: &C,
    row: programme_event_participant::Model,
) -> Result<(), DbErr> {
    row.into_active_model().insert(conn).await.map(|_| ())
}

/// The participants of the given events, in the order they were added.
pub async fn participants_of<C: ConnectionTrait>(
    conn: &C,
    event_ids: &[Uuid],
) -> Result<Vec<programme_event_participant::Model>, DbErr> {
    let mut out = Vec::new();
    for chunk in event_ids.chunks(500) {
        out.extend(
            programme_event_participant::Entity::find()
                .filter(programme_event_participant::Column::EventId.is_in(chunk.iter().copied()))
                .order_by_asc(programme_event_participant::Column::CreatedAt)
                .order_by_asc(programme_event_participant::Column::Id)
                .all(conn)
                .await?,
        );
    }
    Ok(out)
}

/// Inserts a training course.
pub async fn insert_training<C: ConnectionTrait>(conn: &C, row: programme_training::Model) -> Result<(), DbErr> {
    row.into_active_model().insert(conn).await.map(|_| ())
}

/// Training courses of the units lying in a province or commune today, latest first.
pub async fn list_trainings<C: ConnectionTrait>(
    conn: &C,
    province_code: Option<&str>,
    commune_code: Option<&str>,
    limit: u64,
) -> Result<Vec<programme_training::Model>, DbErr> {
    use sea_orm::QuerySelect;
    let mut select = programme_training::Entity::find();
    if let Some(units) = units_in(province_code, commune_code) {
        select = select.filter(programme_training::Column::UnitId.in_subquery(units));
    }
    select
        .order_by_desc(programme_training::Column::EndsOn)
        .order_by_asc(programme_training::Column::Id)
        .limit(limit)
        .all(conn)
        .await
}

/// Every training course that ended on or before `until`.
pub async fn trainings_until<C: ConnectionTrait>(
    conn: &C,
    until: NaiveDate,
) -> Result<Vec<programme_training::Model>, DbErr> {
    programme_training::Entity::find()
        .filter(programme_training::Column::EndsOn.lte(until))
        .all(conn)
        .await
}

/// Inserts a disbursement.
pub async fn insert_support<C: ConnectionTrait>(conn: &C, row: programme_support::Model) -> Result<(), DbErr> {
    row.into_active_model().insert(conn).await.map(|_| ())
}

/// Disbursements of the units lying in a province or commune today, latest first.
pub async fn list_supports<C: ConnectionTrait>(
    conn: &C,
    province_code: Option<&str>,
    commune_code: Option<&str>,
    limit: u64,
) -> Result<Vec<programme_support::Model>, DbErr> {
    use sea_orm::QuerySelect;
    let mut select = programme_support::Entity::find();
    if let Some(units) = units_in(province_code, commune_code) {
        select = select.filter(programme_support::Column::UnitId.in_subquery(units));
    }
    select
        .order_by_desc(programme_support::Column::DisbursedOn)
        .order_by_asc(programme_support::Column::Id)
        .limit(limit)
        .all(conn)
        .await
}

/// Every disbursement made on or before `until`.
pub async fn supports_until<C: ConnectionTrait>(
    conn: &C,
    until: NaiveDate,
) -> Result<Vec<programme_support::Model>, DbErr> {
    programme_support::Entity::find()
        .filter(programme_support::Column::DisbursedOn.lte(until))
        .all(conn)
        .await
}

/// A product's revenue for a year.
pub async fn revenue<C: ConnectionTrait>(
    conn: &C,
    product_id: Uuid,
    year: i32,
) -> Result<Option<product_revenue::Model>, DbErr> {
    product_revenue::Entity::find()
        .filter(product_revenue::Column::ProductId.eq(product_id))
        .filter(product_revenue::Column::Year.eq(year))
        .one(conn)
        .await
}

/// Inserts a revenue row.
pub async fn insert_revenue<C: ConnectionTrait>(conn: &C, row: product_revenue::Model) -> Result<(), DbErr> {
    row.into_active_model().insert(conn).await.map(|_| ())
}

/// Inserts many revenue rows (demo data).
pub async fn insert_revenues<C: ConnectionTrait>(conn: &C, rows: Vec<product_revenue::Model>) -> Result<(), DbErr> {
    insert_chunked(
        conn,
        rows.into_iter().map(IntoActiveModel::into_active_model).collect(),
        500,
    )
    .await
}

/// Writes a revenue row if its row version is still `expected_version`.
pub async fn update_revenue<C: ConnectionTrait>(
    conn: &C,
    row: product_revenue::Model,
    expected_version: i32,
) -> Result<bool, DbErr> {
    let id = row.id;
    let mut active = row.into_active_model().reset_all();
    active.id = sea_orm::ActiveValue::Unchanged(id);
    let result = product_revenue::Entity::update_many()
        .set(active)
        .filter(product_revenue::Column::Id.eq(id))
        .filter(product_revenue::Column::RowVersion.eq(expected_version))
        .exec(conn)
        .await?;
    Ok(result.rows_affected == 1)
}

/// A product's revenues, latest year first.
pub async fn revenues_of<C: ConnectionTrait>(conn: &C, product_id: Uuid) -> Result<Vec<product_revenue::Model>, DbErr> {
    product_revenue::Entity::find()
        .filter(product_revenue::Column::ProductId.eq(product_id))
        .order_by_desc(product_revenue::Column::Year)
        .all(conn)
        .await
}

/// Every product's revenue for a year.
pub async fn revenues_in<C: ConnectionTrait>(conn: &C, year: i32) -> Result<Vec<product_revenue::Model>, DbErr> {
    product_revenue::Entity::find()
        .filter(product_revenue::Column::Year.eq(year))
        .all(conn)
        .await
}

/// Inserts many activity rows at once (demo data).
pub async fn insert_activities<C: ConnectionTrait>(
    conn: &C,
    events: Vec<programme_event::Model>,
    participants: Vec<programme_event_participant::Model>,
    trainings: Vec<programme_training::Model>,
    supports: Vec<programme_support::Model>,
) -> Result<(), DbErr> {
    insert_chunked(
        conn,
        events.into_iter().map(IntoActiveModel::into_active_model).collect(),
        200,
    )
    .await?;
    insert_chunked(
        conn,
        participants
            .into_iter()
            .map(IntoActiveModel::into_active_model)
            .collect(),
        500,
    )
    .await?;
    insert_chunked(
        conn,
        trainings.into_iter().map(IntoActiveModel::into_active_model).collect(),
        200,
    )
    .await?;
    insert_chunked(
        conn,
        supports.into_iter().map(IntoActiveModel::into_active_model).collect(),
        200,
    )
    .await
}
